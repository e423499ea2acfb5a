/** Use cases for the org tree. Each takes { db, clock, actor } and typed input, runs in one transaction. */
import { AppError } from '../shared/errors.js';
import type { OrgCreate, OrgListQuery, OrgNode, OrgUpdate, OrgView, Page } from '../shared/schemas.js';
import type { Ctx } from './context.js';
import type { Db } from '../db/client.js';
import {
  childCounts,
  childCountsAsOf,
  childrenAsOf as childrenAsOfRows,
  childrenOf,
  countRoots,
  currentCommittee,
  directMemberCounts,
  directMemberCountsAsOf,
  endCommittee,
  hasActiveChildren,
  hasDirectMembers,
  insertOrg,
  insertOrgEvent,
  insertOrgVersion,
  insertPost,
  insertTerm,
  latestTerm,
  latestVersionStart,
  markDissolved,
  memberCounts,
  memberOnRosterUnder,
  moveOrgRow,
  nextOrgVersion,
  orgByCode,
  orgEventsOf,
  orgsByIds,
  searchOrgs,
  subtreeStatTotals,
  topOrg,
  updateOrgAttributes,
  type OrgRow,
} from '../db/repositories/orgs.js';
import { applyDelta, rollStats, shareStatsState } from '../db/repositories/stats.js';
import { StatDelta, orgKeys, pathIds } from '../domain/stats/keys.js';
import { defaultTermYears, mayContain, orgNotices, termEndsOn } from '../domain/org/rules.js';
import { actorId, inScope, mayWrite, scopePath } from '../domain/access/policy.js';
import { isUniqueViolation, lockUniqueValue } from '../db/unique.js';
import type { IsoDate } from '../shared/dates.js';

/** The history of an org whose founding date is unknown starts "before the records". */
export const RECORDS_BEGIN: IsoDate = '1900-01-01';

export async function requireOrg(ctx: Ctx, db: Db, code: string, lock = false): Promise<OrgRow> {
  const o = await orgByCode(db, code, '/', lock);
  // one the actor may not see (by its binding or a grant in force, decision 0010) looks missing
  if (!o || !inScope(ctx.actor, o.path))
    throw new AppError('ORG_NOT_FOUND', `没有找到组织编码为 ${code} 的党组织，或您无权查看`);
  return o;
}

function requireWrite(ctx: Ctx, o: { path: string }) {
  if (!mayWrite(ctx.actor, o.path)) throw new AppError('FORBIDDEN');
}

function checkDate(ctx: Ctx, on: IsoDate, notBefore: IsoDate | null) {
  if (on > ctx.clock.today()) throw new AppError('EVENT_DATE_INVALID', '生效日期不能晚于今天');
  if (notBefore && on < notBefore)
    throw new AppError('EVENT_DATE_INVALID', `生效日期不能早于该组织上一次变动的日期（${notBefore}）`);
}

export async function toNodes(db: Db, rows: OrgRow[], includeDissolved = false): Promise<OrgNode[]> {
  const ids = rows.map((r) => r.id);
  const [mc, cc] = await Promise.all([memberCounts(db, ids), childCounts(db, ids, includeDissolved)]);
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    kind: r.kind,
    sector: r.sector,
    status: r.status,
    parentId: r.parentId,
    depth: r.depth,
    childCount: cc.get(r.id) ?? 0,
    memberCount: mc.get(r.id) ?? 0,
  }));
}

export async function viewOrg(ctx: Ctx, db: Db, o: OrgRow): Promise<OrgView> {
  const today = ctx.clock.today();
  const [node] = await toNodes(db, [o]);
  const ancestorIds = pathIds(o.path).filter((id) => id !== o.id);
  const ancestors = (await orgsByIds(db, ancestorIds)).filter((a) => inScope(ctx.actor, a.path));
  const parent = ancestors.find((a) => a.id === o.parentId) ?? null;
  const direct = await directMemberCounts(db, o.id);
  const committee = await currentCommittee(db, o.id);
  const term = await latestTerm(db, o.id);
  return {
    ...node!,
    shortName: o.shortName,
    parentCode: parent?.code ?? null,
    parentName: parent?.name ?? null,
    ancestors: ancestors.map((a) => ({ code: a.code, name: a.name })),
    divisionCode: o.divisionCode,
    foundedOn: o.foundedOn,
    dissolvedOn: o.dissolvedOn,
    address: o.address,
    contactPhone: o.contactPhone,
    directMemberCount: direct.total,
    directFullMemberCount: direct.full,
    currentTerm: term,
    defaultTermYears: defaultTermYears(o.kind, o.sector, today),
    committee,
    rowVersion: o.rowVersion,
    notices: orgNotices(o, direct, term, today),
  };
}

export async function getOrg(ctx: Ctx, code: string): Promise<OrgView> {
  return viewOrg(ctx, ctx.db, await requireOrg(ctx, ctx.db, code));
}

/** The top of the actor's scope (the county committee for the Organisation Department). */
export async function getRootOrg(ctx: Ctx): Promise<OrgView> {
  const scope = scopePath(ctx.actor);
  const top = await topOrg(ctx.db, scope);
  if (!top)
    throw new AppError(
      'ORG_NOT_FOUND',
      '还没有任何党组织。请先导入党组织台账，或运行 jiceng demo 生成演示数据',
    );
  return viewOrg(ctx, ctx.db, top);
}

export async function listChildren(ctx: Ctx, code: string, includeDissolved = false): Promise<OrgNode[]> {
  const o = await requireOrg(ctx, ctx.db, code);
  return toNodes(ctx.db, await childrenOf(ctx.db, o.id, includeDissolved), includeDissolved);
}

export async function listOrgs(
  ctx: Ctx,
  query: OrgListQuery & { under?: string | undefined },
): Promise<Page<OrgNode & { parentName: string | null }>> {
  let scope = scopePath(ctx.actor);
  if (query.under) scope = (await requireOrg(ctx, ctx.db, query.under)).path;
  const { total, rows } = await searchOrgs(
    ctx.db,
    {
      scope,
      includeDissolved: query.includeDissolved === true,
      q: query.q,
      kind: query.kind,
      sector: query.sector,
    },
    query.pageSize,
    (query.page - 1) * query.pageSize,
  );
  const nodes = await toNodes(ctx.db, rows, true);
  return {
    total,
    page: query.page,
    pageSize: query.pageSize,
    items: nodes.map((n, i) => ({ ...n, parentName: rows[i]!.parentName })),
  };
}

/**
 * The answer to an org code that is in use already. It reads the same wherever the org is and names nothing the
 * actor may not see: only an org in the actor's scope is named (decision 0005).
 */
export function orgCodeTaken(ctx: Ctx, code: string, holder: Pick<OrgRow, 'name' | 'path'> | null): AppError {
  if (holder && inScope(ctx.actor, holder.path))
    return new AppError('ORG_CODE_TAKEN', `组织编码 ${code} 已被使用（${holder.name}），请换用其他编码`);
  return new AppError('ORG_CODE_TAKEN', `组织编码 ${code} 已被使用，请换用其他编码`);
}

/** Creates an org inside a transaction the caller holds (shared with the importer). */
export async function createOrgIn(
  ctx: Ctx,
  db: Db,
  input: OrgCreate & { electedOn?: IsoDate | null },
): Promise<OrgRow> {
  const today = ctx.clock.today();
  let parent: OrgRow | null = null;
  if (input.parentCode) {
    parent = await orgByCode(db, input.parentCode, scopePath(ctx.actor));
    if (!parent)
      throw new AppError('ORG_PARENT_INVALID', `上级党组织 ${input.parentCode} 不存在，或不在您的管理范围内`);
    if (parent.status !== 'active')
      throw new AppError('ORG_PARENT_INVALID', `上级党组织 ${parent.name} 已撤销`);
    requireWrite(ctx, parent);
    if (!mayContain(parent.kind, input.kind)) throw new AppError('ORG_KIND_NOT_ALLOWED');
  } else {
    if (ctx.actor.kind !== 'system' && ctx.actor.role !== 'county_admin') throw new AppError('FORBIDDEN');
    if ((await countRoots(db)) > 0) throw new AppError('ORG_ROOT_EXISTS');
  }
  // one creation of a code at a time: a second one waits here and then finds the first one's org
  await lockUniqueValue(db, 'org.code', input.code);
  const holder = await orgByCode(db, input.code, '/');
  if (holder) throw orgCodeTaken(ctx, input.code, holder);
  // an org created here starts today unless told otherwise (imports of existing ledgers use the founding date)
  const validFrom = input.effectiveOn ?? input.foundedOn ?? today;
  checkDate(ctx, validFrom, null);
  const asOf = await shareStatsState(db, today);
  void asOf;
  const row = await insertOrg(db, {
    code: input.code,
    name: input.name,
    shortName: input.shortName ?? null,
    kind: input.kind,
    sector: input.sector,
    parentId: parent?.id ?? null,
    parentPath: parent?.path ?? null,
    divisionCode: input.divisionCode ?? null,
    foundedOn: input.foundedOn ?? null,
    address: input.address ?? null,
    contactPhone: input.contactPhone ?? null,
  }).catch((e: unknown) => {
    // the lock above keeps creations apart; should another writer still win, the same answer (not a 500)
    if (isUniqueViolation(e, 'org_code_uq')) throw orgCodeTaken(ctx, input.code, null);
    throw e;
  });
  await insertOrgVersion(db, {
    orgId: row.id,
    validFrom,
    parentId: row.parentId,
    name: row.name,
    kind: row.kind,
    sector: row.sector,
  });
  await insertOrgEvent(db, {
    orgId: row.id,
    kind: 'founded',
    effectiveOn: validFrom,
    data: { name: row.name, parentCode: parent?.code ?? null },
    recordedBy: actorId(ctx.actor),
  });
  if (input.electedOn) await insertElection(ctx, db, row, { electedOn: input.electedOn });
  const delta = new StatDelta();
  delta.add(pathIds(row.path), orgKeys(row), 1);
  await applyDelta(db, delta);
  return row;
}

export async function createOrg(ctx: Ctx, input: OrgCreate): Promise<OrgView> {
  return ctx.db.transaction(async (tx) => viewOrg(ctx, tx, await createOrgIn(ctx, tx, input)));
}

/** Updates attributes; a change of name, kind or sector is a dated event in the org's history. */
export async function updateOrgIn(ctx: Ctx, db: Db, o: OrgRow, input: OrgUpdate): Promise<boolean> {
  requireWrite(ctx, o);
  if (o.status !== 'active') throw new AppError('ORG_DISSOLVED');
  if (input.rowVersion !== undefined && input.rowVersion !== o.rowVersion)
    throw new AppError('STALE_VERSION');
  const next = {
    name: input.name ?? o.name,
    shortName: input.shortName === undefined ? o.shortName : input.shortName,
    kind: input.kind ?? o.kind,
    sector: input.sector ?? o.sector,
    divisionCode: input.divisionCode === undefined ? o.divisionCode : input.divisionCode,
    foundedOn: input.foundedOn === undefined ? o.foundedOn : input.foundedOn,
    address: input.address === undefined ? o.address : input.address,
    contactPhone: input.contactPhone === undefined ? o.contactPhone : input.contactPhone,
  };
  const changed = (Object.keys(next) as (keyof typeof next)[]).filter(
    (k) => (next[k] ?? null) !== (o[k] ?? null),
  );
  if (changed.length === 0) return false;
  if (next.kind !== o.kind && o.parentId !== null) {
    const [parent] = await orgsByIds(db, [o.parentId]);
    if (parent && !mayContain(parent.kind, next.kind)) throw new AppError('ORG_KIND_NOT_ALLOWED');
  }
  const historic = changed.filter((k) => k === 'name' || k === 'kind' || k === 'sector');
  const on = input.effectiveOn ?? ctx.clock.today();
  if (historic.length) {
    checkDate(ctx, on, await latestVersionStart(db, o.id));
    await nextOrgVersion(db, o.id, on, {
      parentId: o.parentId,
      name: next.name,
      kind: next.kind,
      sector: next.sector,
    });
  }
  await shareStatsState(db, ctx.clock.today());
  await updateOrgAttributes(db, o.id, next);
  const before = Object.fromEntries(changed.map((k) => [k, o[k]]));
  const after = Object.fromEntries(changed.map((k) => [k, next[k]]));
  await insertOrgEvent(db, {
    orgId: o.id,
    kind: changed.includes('name') ? 'renamed' : 'updated',
    effectiveOn: historic.length ? on : ctx.clock.today(),
    data: { before, after },
    recordedBy: actorId(ctx.actor),
  });
  if (next.kind !== o.kind || next.sector !== o.sector) {
    const delta = new StatDelta();
    delta.add(pathIds(o.path), orgKeys(o), -1);
    delta.add(pathIds(o.path), orgKeys({ ...o, kind: next.kind, sector: next.sector }), 1);
    await applyDelta(db, delta);
  }
  return true;
}

export async function updateOrg(ctx: Ctx, code: string, input: OrgUpdate): Promise<OrgView> {
  return ctx.db.transaction(async (tx) => {
    const o = await requireOrg(ctx, tx, code, true);
    await updateOrgIn(ctx, tx, o, input);
    return viewOrg(ctx, tx, (await requireOrg(ctx, tx, code))!);
  });
}

/** Moves an org (with its whole subtree) under a new parent as of a date. */
export async function moveOrgIn(
  ctx: Ctx,
  db: Db,
  o: OrgRow,
  parentCode: string,
  effectiveOn?: IsoDate | null,
) {
  requireWrite(ctx, o);
  if (o.status !== 'active') throw new AppError('ORG_DISSOLVED');
  if (o.parentId === null) throw new AppError('ORG_KIND_NOT_ALLOWED', '根组织不能移动');
  const parent = await orgByCode(db, parentCode, scopePath(ctx.actor));
  if (!parent)
    throw new AppError('ORG_PARENT_INVALID', `上级党组织 ${parentCode} 不存在，或不在您的管理范围内`);
  if (parent.status !== 'active')
    throw new AppError('ORG_PARENT_INVALID', `上级党组织 ${parent.name} 已撤销`);
  requireWrite(ctx, parent);
  if (parent.path.startsWith(o.path)) throw new AppError('ORG_CYCLE');
  if (parent.id === o.parentId) return false;
  if (!mayContain(parent.kind, o.kind)) throw new AppError('ORG_KIND_NOT_ALLOWED');
  const on = effectiveOn ?? ctx.clock.today();
  checkDate(ctx, on, await latestVersionStart(db, o.id));
  // exclusive: the subtree's totals read below must not change under the move (writers share the state)
  await rollStats(db, ctx.clock.today());
  const [oldParent] = await orgsByIds(db, [o.parentId]);
  // aggregates: the subtree's totals leave the old ancestors and join the new ones
  const totals = await subtreeStatTotals(db, o.id);
  const delta = new StatDelta();
  const oldAnc = pathIds(o.path).filter((id) => id !== o.id);
  const newAnc = pathIds(parent.path);
  for (const t of totals) {
    delta.add(oldAnc, [[t.dim, t.key]], -1, t.n);
    delta.add(newAnc, [[t.dim, t.key]], 1, t.n);
  }
  await applyDelta(db, delta);
  await moveOrgRow(db, o, parent);
  await nextOrgVersion(db, o.id, on, { parentId: parent.id, name: o.name, kind: o.kind, sector: o.sector });
  await insertOrgEvent(db, {
    orgId: o.id,
    kind: 'moved',
    effectiveOn: on,
    data: {
      fromCode: oldParent?.code ?? null,
      fromName: oldParent?.name ?? null,
      toCode: parent.code,
      toName: parent.name,
    },
    recordedBy: actorId(ctx.actor),
  });
  return true;
}

export async function moveOrg(ctx: Ctx, code: string, parentCode: string, effectiveOn?: IsoDate | null) {
  return ctx.db.transaction(async (tx) => {
    const o = await requireOrg(ctx, tx, code, true);
    await moveOrgIn(ctx, tx, o, parentCode, effectiveOn);
    return viewOrg(ctx, tx, (await requireOrg(ctx, tx, code))!);
  });
}

export async function dissolveOrg(ctx: Ctx, code: string, effectiveOn?: IsoDate | null): Promise<OrgView> {
  return ctx.db.transaction(async (tx) => {
    const o = await requireOrg(ctx, tx, code, true);
    requireWrite(ctx, o);
    if (o.status !== 'active') throw new AppError('ORG_DISSOLVED');
    if (o.parentId === null) throw new AppError('ORG_KIND_NOT_ALLOWED', '根组织不能撤销');
    if (await hasActiveChildren(tx, o.id)) throw new AppError('ORG_HAS_ACTIVE_CHILDREN');
    if (await hasDirectMembers(tx, o.id)) throw new AppError('ORG_HAS_MEMBERS');
    const on = effectiveOn ?? ctx.clock.today();
    checkDate(ctx, on, await latestVersionStart(tx, o.id));
    await shareStatsState(tx, ctx.clock.today());
    await nextOrgVersion(tx, o.id, on, null);
    await markDissolved(tx, o.id, on);
    await endCommittee(tx, o.id, on);
    await insertOrgEvent(tx, {
      orgId: o.id,
      kind: 'dissolved',
      effectiveOn: on,
      data: {},
      recordedBy: actorId(ctx.actor),
    });
    const delta = new StatDelta();
    delta.add(pathIds(o.path), orgKeys(o), -1);
    await applyDelta(tx, delta);
    return viewOrg(ctx, tx, (await requireOrg(ctx, tx, code))!);
  });
}

async function insertElection(
  ctx: Ctx,
  db: Db,
  o: OrgRow,
  input: { electedOn: IsoDate; termYears?: number | null; note?: string | null },
) {
  if (input.electedOn > ctx.clock.today()) throw new AppError('EVENT_DATE_INVALID', '换届日期不能晚于今天');
  const years = input.termYears ?? defaultTermYears(o.kind, o.sector, input.electedOn);
  if (!years) throw new AppError('VALIDATION_FAILED', '该类组织没有法定任期，请填写任期年限');
  const ends = termEndsOn(input.electedOn, years);
  await insertTerm(db, {
    orgId: o.id,
    electedOn: input.electedOn,
    termYears: years,
    termEndsOn: ends,
    note: input.note ?? null,
  });
  await insertOrgEvent(db, {
    orgId: o.id,
    kind: 'elected',
    effectiveOn: input.electedOn,
    data: { termYears: years, termEndsOn: ends, note: input.note ?? null },
    recordedBy: actorId(ctx.actor),
  });
}

export async function recordElection(
  ctx: Ctx,
  code: string,
  input: { electedOn: IsoDate; termYears?: number | null; note?: string | null },
): Promise<OrgView> {
  return ctx.db.transaction(async (tx) => {
    const o = await requireOrg(ctx, tx, code, true);
    requireWrite(ctx, o);
    if (o.status !== 'active') throw new AppError('ORG_DISSOLVED');
    await insertElection(ctx, tx, o, input);
    return viewOrg(ctx, tx, o);
  });
}

/** Replaces the current committee (书记/副书记/委员) with the given posts as of a date. */
export async function setCommittee(
  ctx: Ctx,
  code: string,
  input: { effectiveOn?: IsoDate | null; posts: { memberId: number; post: string; title?: string | null }[] },
): Promise<OrgView> {
  return ctx.db.transaction(async (tx) => {
    const o = await requireOrg(ctx, tx, code, true);
    requireWrite(ctx, o);
    const on = input.effectiveOn ?? ctx.clock.today();
    checkDate(ctx, on, null);
    if (input.posts.filter((p) => p.post === 'secretary').length > 1)
      throw new AppError('VALIDATION_FAILED', '一个党组织只能有一名书记');
    for (const p of input.posts) {
      if (!(await memberOnRosterUnder(tx, p.memberId, o.path)))
        throw new AppError('MEMBER_NOT_FOUND', '委员必须是本组织（含下级组织）在册党员');
    }
    await endCommittee(tx, o.id, on);
    for (const p of input.posts)
      await insertPost(tx, {
        orgId: o.id,
        memberId: p.memberId,
        post: p.post,
        title: p.title ?? null,
        startOn: on,
      });
    await insertOrgEvent(tx, {
      orgId: o.id,
      kind: 'committee',
      effectiveOn: on,
      data: { posts: input.posts },
      recordedBy: actorId(ctx.actor),
    });
    return viewOrg(ctx, tx, o);
  });
}

export async function orgEvents(ctx: Ctx, code: string) {
  const o = await requireOrg(ctx, ctx.db, code);
  return orgEventsOf(ctx.db, o.id);
}

/** The tree as of a past date: the children an org had on that day (from org_version). */
export async function childrenAsOf(ctx: Ctx, code: string, asOf: IsoDate): Promise<OrgNode[]> {
  const o = await requireOrg(ctx, ctx.db, code);
  const rows = await childrenAsOfRows(ctx.db, o.id, asOf);
  const ids = rows.map((r) => r.id);
  const kc = await childCountsAsOf(ctx.db, ids, asOf);
  const mc = await directMemberCountsAsOf(ctx.db, ids, asOf);
  return rows.map((r) => ({
    ...r,
    status: 'active' as const,
    childCount: kc.get(r.id) ?? 0,
    memberCount: mc.get(r.id) ?? 0,
  }));
}
