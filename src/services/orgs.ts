/** Use cases for the org tree. Each takes { db, clock, actor } and typed input, runs in one transaction. */
import { AppError, ERROR_CODES, type ErrorCode } from '../shared/errors.js';
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
  insertOrgEvent,
  insertPost,
  insertTerm,
  latestTerm,
  latestVersionStart,
  memberCounts,
  memberOnRosterUnder,
  orgByCode,
  orgEventsOf,
  orgsByIds,
  searchOrgsUnder,
  topOrg,
  writeNewOrg,
  writeOrgDissolution,
  writeOrgMove,
  writeOrgRevision,
  type OrgRow,
} from '../db/repositories/orgs.js';
import { holdStats } from '../db/repositories/stats.js';
import { pathIds } from '../domain/stats/keys.js';
import { defaultTermYears, orgNotices } from '../domain/org/rules.js';
import { orgNameKeys, orgSearchLetters } from '../domain/org/names.js';
import {
  TERM_YEARS_REQUIRED,
  checkOrgCodeFree,
  checkOrgDate,
  checkOrgKindChange,
  checkOrgMove,
  checkOrgParent,
  checkOrgRoot,
  checkOrgWritable,
  planOrgCreate,
  planOrgSector,
  planOrgTerm,
  type OrgProblem,
  type ParentLookup,
  type TermPlan,
} from '../domain/org/write.js';
import { actorId, homePath, inScope, mayWrite } from '../domain/access/policy.js';
import { isUniqueViolation, lockUniqueValue } from '../db/unique.js';
import { scopes as scopesWhere } from './access.js';
import type { IsoDate } from '../shared/dates.js';
import { divisionCodeKind } from '../domain/supervision/divisions.js';
import { refreshCoverage } from './warnings.js';
import { afterCommit } from './after-commit.js';

/** The history of an org whose founding date is unknown starts "before the records". */
export const RECORDS_BEGIN: IsoDate = '1900-01-01';

export async function requireOrg(ctx: Ctx, db: Db, code: string, lock = false): Promise<OrgRow> {
  const o = await orgByCode(db, code, '/', lock);
  // one the actor may not see (by its binding or a grant in force, decision 0010) looks missing
  if (!o || !inScope(ctx.actor, o.path))
    throw new AppError('ORG_NOT_FOUND', `没有找到组织编码为 ${code} 的党组织，或您无权查看`);
  return o;
}

/** Throws a broken rule of the org write path (domain/org/write.ts) as the single write's error. */
export function orgProblemError(p: OrgProblem): AppError {
  if (p.code in ERROR_CODES) return new AppError(p.code as ErrorCode, p.message);
  // a field's own problem (a blank or misplaced sector …): a validation failure naming the field
  return new AppError('VALIDATION_FAILED', p.message, [{ field: p.field, code: p.code, message: p.message }]);
}

function check(p: OrgProblem | null): void {
  if (p) throw orgProblemError(p);
}

/** How an org named as a parent is found for the rules: in the actor's scope, or missing. */
async function lookupParent(
  ctx: Ctx,
  db: Db,
  code: string,
): Promise<{ row: OrgRow | null; lookup: ParentLookup }> {
  const found = await orgByCode(db, code, '/');
  const row = found && inScope(ctx.actor, found.path) ? found : null;
  return { row, lookup: row ? { found: row } : { missing: true } };
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
  const allAncestors = await orgsByIds(db, ancestorIds);
  const ancestors = allAncestors.filter((a) => inScope(ctx.actor, a.path));
  const parent = ancestors.find((a) => a.id === o.parentId) ?? null;
  // an org's name is not personal data: a branch secretary sees the name of the township above (issue 10 #7),
  // but gets its code (and so a link) only when it may read it
  const parentAnyScope = allAncestors.find((a) => a.id === o.parentId) ?? null;
  const direct = await directMemberCounts(db, o.id);
  const committee = await currentCommittee(db, o.id);
  const term = await latestTerm(db, o.id);
  return {
    ...node!,
    shortName: o.shortName,
    parentCode: parent?.code ?? null,
    parentName: parentAnyScope?.name ?? null,
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
  const top = await topOrg(ctx.db, homePath(ctx.actor));
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
  // under one org the actor may see, or else every subtree it may read: its binding's and each granted one
  // (decision 0010), so a granted village is found by name like the account's own
  const scopes = query.under ? [(await requireOrg(ctx, ctx.db, query.under)).path] : scopesWhere(ctx, 'read');
  const { total, rows } = await searchOrgsUnder(
    ctx.db,
    {
      scopes,
      includeDissolved: query.includeDissolved === true,
      q: query.q?.replace(/[%_\\]/g, '') || undefined,
      letters: query.q ? orgSearchLetters(query.q) : null,
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
  return orgProblemError(checkOrgCodeFree(ctx.actor, code, holder ?? 'unknown')!);
}

/** Creates an org inside a transaction the caller holds. */
export async function createOrgIn(
  ctx: Ctx,
  db: Db,
  input: OrgCreate & { electedOn?: IsoDate | null },
): Promise<OrgRow> {
  const today = ctx.clock.today();
  const planned = planOrgCreate(input, today, today);
  if ('problems' in planned) throw orgProblemError(planned.problems[0]!);
  const { plan } = planned;
  let parent: OrgRow | null = null;
  if (input.parentCode) {
    const p = await lookupParent(ctx, db, input.parentCode);
    check(checkOrgParent(ctx.actor, input, input.parentCode, p.lookup));
    parent = p.row;
  } else {
    check(checkOrgRoot(ctx.actor, await countRoots(db)));
  }
  // one creation of a code at a time: a second one waits here and then finds the first one's org
  await lockUniqueValue(db, 'org.code', input.code);
  check(checkOrgCodeFree(ctx.actor, input.code, await orgByCode(db, input.code, '/')));
  const held = await holdStats(db, today);
  const row = await writeNewOrg(
    db,
    held,
    {
      code: input.code,
      name: input.name,
      shortName: input.shortName ?? null,
      kind: input.kind,
      sector: plan.sector,
      nameKeys: plan.nameKeys,
      parentId: parent?.id ?? null,
      parentPath: parent?.path ?? null,
      divisionCode: input.divisionCode ?? null,
      foundedOn: input.foundedOn ?? null,
      address: input.address ?? null,
      contactPhone: input.contactPhone ?? null,
    },
    plan.validFrom,
    { data: { name: input.name, parentCode: parent?.code ?? null }, recordedBy: actorId(ctx.actor) },
  ).catch((e: unknown) => {
    // the lock above keeps creations apart; should another writer still win, the same answer (not a 500)
    if (isUniqueViolation(e, 'org_code_uq')) throw orgCodeTaken(ctx, input.code, null);
    throw e;
  });
  if (plan.term) await writeTerm(ctx, db, row, plan.term, null);
  return row;
}

export async function createOrg(ctx: Ctx, input: OrgCreate): Promise<OrgView> {
  const view = await ctx.db.transaction(async (tx) => viewOrg(ctx, tx, await createOrgIn(ctx, tx, input)));
  await villagesChanged(ctx, input.divisionCode);
  return view;
}

/**
 * An org carrying a village's or community's division code was created, re-coded or dissolved — by a form or an
 * org ledger's import: the coverage warnings of its county (decision 0039) follow at once, after the commit
 * (services/warnings.ts `refreshCoverage`); a failure there leaves the write standing (services/after-commit.ts).
 */
export async function villagesChanged(ctx: Ctx, ...codes: (string | null | undefined)[]): Promise<void> {
  const counties = new Set<string>();
  for (const c of codes) if (c && divisionCodeKind(c)?.kind === 'village') counties.add(c.slice(0, 6));
  for (const county of counties)
    await afterCommit('coverage warnings of a county', () => refreshCoverage(ctx, county));
}

/** Updates attributes; a change of name, kind or sector is a dated event in the org's history. */
export async function updateOrgIn(ctx: Ctx, db: Db, o: OrgRow, input: OrgUpdate): Promise<boolean> {
  check(checkOrgWritable(ctx.actor, o));
  if (input.rowVersion !== undefined && input.rowVersion !== o.rowVersion)
    throw new AppError('STALE_VERSION');
  const kind = input.kind ?? o.kind;
  const sector = planOrgSector({ kind, name: input.name ?? o.name, sector: input.sector ?? o.sector });
  if ('problem' in sector) throw orgProblemError(sector.problem);
  const next = {
    name: input.name ?? o.name,
    shortName: input.shortName === undefined ? o.shortName : input.shortName,
    kind,
    sector: sector.sector,
    divisionCode: input.divisionCode === undefined ? o.divisionCode : input.divisionCode,
    foundedOn: input.foundedOn === undefined ? o.foundedOn : input.foundedOn,
    address: input.address === undefined ? o.address : input.address,
    contactPhone: input.contactPhone === undefined ? o.contactPhone : input.contactPhone,
  };
  const changed = (Object.keys(next) as (keyof typeof next)[]).filter(
    (k) => (next[k] ?? null) !== (o[k] ?? null),
  );
  if (changed.length === 0) return false;
  if (next.kind !== o.kind && o.parentId !== null)
    check(checkOrgKindChange((await orgsByIds(db, [o.parentId]))[0] ?? null, next.kind));
  const historic = changed.filter((k) => k === 'name' || k === 'kind' || k === 'sector');
  const today = ctx.clock.today();
  const on = input.effectiveOn ?? today;
  if (historic.length) check(checkOrgDate(on, today, await latestVersionStart(db, o.id)));
  const held = await holdStats(db, today);
  // (the name's search keys are written with every correction: also those of a row the search.keys job has not
  // reached yet)
  const nameKeys = orgNameKeys(next.name);
  await writeOrgRevision(db, held, o, { ...next, nameKeys }, historic.length ? on : null, {
    kind: changed.includes('name') ? 'renamed' : 'updated',
    effectiveOn: historic.length ? on : today,
    data: {
      before: Object.fromEntries(changed.map((k) => [k, o[k]])),
      after: Object.fromEntries(changed.map((k) => [k, next[k]])),
    },
    recordedBy: actorId(ctx.actor),
  });
  return true;
}

export async function updateOrg(ctx: Ctx, code: string, input: OrgUpdate): Promise<OrgView> {
  let before: string | null = null;
  const view = await ctx.db.transaction(async (tx) => {
    const o = await requireOrg(ctx, tx, code, true);
    before = o.divisionCode;
    await updateOrgIn(ctx, tx, o, input);
    return viewOrg(ctx, tx, (await requireOrg(ctx, tx, code))!);
  });
  if (before !== view.divisionCode) await villagesChanged(ctx, before, view.divisionCode);
  return view;
}

/** Moves an org (with its whole subtree) under a new parent as of a date. */
export async function moveOrgIn(
  ctx: Ctx,
  db: Db,
  o: OrgRow,
  parentCode: string,
  effectiveOn?: IsoDate | null,
) {
  check(checkOrgWritable(ctx.actor, o));
  const p = o.parentId === null ? null : await lookupParent(ctx, db, parentCode);
  check(checkOrgMove(ctx.actor, o, parentCode, p?.lookup ?? { missing: true }));
  const parent = p!.row!;
  if (parent.id === o.parentId) return false;
  const today = ctx.clock.today();
  const on = effectiveOn ?? today;
  check(checkOrgDate(on, today, await latestVersionStart(db, o.id)));
  const [oldParent] = await orgsByIds(db, [o.parentId!]);
  await writeOrgMove(db, today, o, parent, on, {
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
  const view = await ctx.db.transaction(async (tx) => {
    const o = await requireOrg(ctx, tx, code, true);
    check(checkOrgWritable(ctx.actor, o));
    if (o.parentId === null) throw new AppError('ORG_KIND_NOT_ALLOWED', '根组织不能撤销');
    if (await hasActiveChildren(tx, o.id)) throw new AppError('ORG_HAS_ACTIVE_CHILDREN');
    if (await hasDirectMembers(tx, o.id)) throw new AppError('ORG_HAS_MEMBERS');
    const today = ctx.clock.today();
    const on = effectiveOn ?? today;
    check(checkOrgDate(on, today, await latestVersionStart(tx, o.id)));
    await writeOrgDissolution(tx, await holdStats(tx, today), o, on, {
      data: {},
      recordedBy: actorId(ctx.actor),
    });
    return viewOrg(ctx, tx, (await requireOrg(ctx, tx, code))!);
  });
  await villagesChanged(ctx, view.divisionCode);
  return view;
}

/** Records a planned term and its event. */
async function writeTerm(ctx: Ctx, db: Db, o: OrgRow, t: TermPlan, note: string | null) {
  await insertTerm(db, { orgId: o.id, ...t, note });
  await insertOrgEvent(db, {
    orgId: o.id,
    kind: 'elected',
    effectiveOn: t.electedOn,
    data: { termYears: t.termYears, termEndsOn: t.termEndsOn, note },
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
    check(checkOrgWritable(ctx.actor, o));
    const t = planOrgTerm(o, input.electedOn, ctx.clock.today(), input.termYears);
    if (t && 'problem' in t) throw orgProblemError(t.problem);
    if (!t) throw orgProblemError(TERM_YEARS_REQUIRED);
    await writeTerm(ctx, tx, o, t, input.note ?? null);
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
    if (!mayWrite(ctx.actor, o.path)) throw new AppError('FORBIDDEN');
    const on = input.effectiveOn ?? ctx.clock.today();
    check(checkOrgDate(on, ctx.clock.today(), null));
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
