/**
 * Bulk appliers shared by the spreadsheet import and the demo generator: validated rows in, every rejection out,
 * new rows written with COPY, changed rows through the same use cases as single edits, aggregates kept in step.
 * They run inside a transaction the caller holds; nothing here commits.
 */
import { copyLine, type Db } from '../db/client.js';
import type { Ctx } from './context.js';
import type { ImportRejection, ImportResult, MemberCreate, OrgCreate } from '../shared/schemas.js';
import { AppError, ERROR_CODES, isAppError } from '../shared/errors.js';
import { ORG_COLS, type OrgRow } from '../db/repositories/orgs.js';
import { md, MEMBER_COLS, type MemberRow } from '../db/repositories/members.js';
import { applyDelta } from '../db/repositories/stats.js';
import { StatDelta, memberKeys, orgKeys, pathIds } from '../domain/stats/keys.js';
import { checkMemberFacts } from '../domain/member/validate.js';
import { nameKeys } from '../domain/member/names.js';
import { mayContain, mayHoldMembers } from '../domain/org/rules.js';
import { actorId, mayWrite, scopePath } from '../domain/access/policy.js';
import { RECORDS_BEGIN, moveOrgIn, updateOrgIn } from './orgs.js';
import { initialPeriods, recordMemberEventIn, updateMemberIn } from './members.js';
import { normalizeIdNumber } from '../shared/id-number.js';
import { createHash } from 'node:crypto';
import { writeAudit } from './audit.js';
import type { IsoDate } from '../shared/dates.js';

export interface Rows<T> {
  row: number;
  value: T;
}

export function emptyResult(): ImportResult {
  return { total: 0, inserted: 0, updated: 0, unchanged: 0, rejected: [] };
}

function reject(result: ImportResult, row: number, column: string, code: string, message: string) {
  result.rejected.push({ row, column, code, message });
}

function errorRejection(e: unknown, row: number, column: string): ImportRejection {
  if (isAppError(e)) {
    const details = Array.isArray(e.details) ? (e.details as { code?: string }[]) : [];
    return { row, column, code: details[0]?.code ?? e.code, message: e.message };
  }
  throw e;
}

/** Longest common org path of a set of paths ('/1/5/17/' and '/1/5/20/' → '/1/5/'). */
export function commonPath(paths: readonly string[]): string | null {
  if (!paths.length) return null;
  let parts = paths[0]!.split('/').filter(Boolean);
  for (const p of paths) {
    const q = p.split('/').filter(Boolean);
    let i = 0;
    while (i < parts.length && i < q.length && parts[i] === q[i]) i++;
    parts = parts.slice(0, i);
  }
  return parts.length ? `/${parts.join('/')}/` : '/';
}

/**
 * Bulk writes skip the per-row audit triggers (they would double the work of a million-row import); instead one
 * chained audit entry per written chunk records who wrote which rows, with the SHA-256 of exactly what was written.
 */
async function bulkCopy(
  ctx: Ctx,
  db: Db,
  entity: string,
  writes: { table: string; columns: string[]; lines: string[] }[],
  summary: { ids: number[]; paths: string[]; source: string },
) {
  if (!summary.ids.length) return;
  await db.query("SELECT set_config('jiceng.bulk', 'on', true)");
  const digest = createHash('sha256');
  for (const w of writes) {
    const text = w.lines.join('');
    digest.update(text);
    await db.copyIn(w.table, w.columns, [text]);
  }
  await db.query("SELECT set_config('jiceng.bulk', 'off', true)");
  await writeAudit(ctx, db, {
    action: 'bulk_insert',
    entity,
    entityId: null,
    orgPath: commonPath(summary.paths),
    memberId: null,
    after: {
      count: summary.ids.length,
      firstId: Math.min(...summary.ids),
      lastId: Math.max(...summary.ids),
      tables: writes.map((w) => ({ table: w.table, rows: w.lines.length })),
      sha256: digest.digest('hex'),
      source: summary.source,
    },
  });
}

async function nextIds(db: Db, seq: string, n: number): Promise<number[]> {
  if (n === 0) return [];
  const rows = await db.query<{ id: number }>(`SELECT nextval('${seq}')::int AS id FROM generate_series(1, $1)`, [n]);
  return rows.map((r) => r.id);
}

// ------------------------------------------------------------------------------------------------------ orgs
export interface BulkOptions {
  /** what the rows come from, for the audit entry (file name and its SHA-256, or 'demo') */
  source: string;
}

/** The column name (as written in the file) of a field, for rejections. */
export type ColumnOf = (field: string) => string;

/**
 * Applies org rows. Parents may come later in the file than their children; a row whose parent is neither in the
 * database (in scope) nor a valid row of the file is rejected, and so is everything below a rejected row.
 */
export async function applyOrgRows(
  ctx: Ctx,
  db: Db,
  rows: readonly Rows<OrgCreate & { electedOn?: IsoDate | null }>[],
  result: ImportResult,
  col: ColumnOf,
  asOf: IsoDate,
  opts: BulkOptions,
): Promise<void> {
  const scope = scopePath(ctx.actor);
  const byCode = new Map<string, Rows<OrgCreate & { electedOn?: IsoDate | null }>>();
  for (const r of rows) byCode.set(r.value.code, r);
  const existing = new Map<string, OrgRow>();
  const codes = [...new Set([...byCode.keys(), ...rows.map((r) => r.value.parentCode).filter((c): c is string => !!c)])];
  for (let i = 0; i < codes.length; i += 10_000) {
    const found = await db.query<OrgRow>(`SELECT ${ORG_COLS} FROM org o WHERE o.code = ANY($1::text[])`, [
      codes.slice(i, i + 10_000),
    ]);
    for (const o of found) existing.set(o.code, o);
  }
  // resolve in dependency order
  const state = new Map<string, 'pending' | 'ok' | 'bad'>();
  const order: Rows<OrgCreate & { electedOn?: IsoDate | null }>[] = [];
  const visit = (code: string, trail: Set<string>): boolean => {
    const s = state.get(code);
    if (s === 'ok') return true;
    if (s === 'bad') return false;
    const r = byCode.get(code)!;
    if (trail.has(code)) {
      reject(result, r.row, col('parentCode'), 'ORG_CYCLE', '上级组织编码形成了循环（A 的上级是 B，B 的上级又是 A）');
      state.set(code, 'bad');
      return false;
    }
    const p = r.value.parentCode;
    let ok = true;
    if (p) {
      if (byCode.has(p)) {
        trail.add(code);
        ok = visit(p, trail);
        trail.delete(code);
        if (!ok) reject(result, r.row, col('parentCode'), 'ORG_PARENT_REJECTED', `上级组织 ${p} 所在的行有问题，本行暂不能导入`);
      } else {
        const po = existing.get(p);
        if (!po || !po.path.startsWith(scope)) {
          reject(result, r.row, col('parentCode'), 'ORG_PARENT_INVALID', `上级组织编码 ${p} 在系统和本文件中都不存在`);
          ok = false;
        } else if (po.status !== 'active') {
          reject(result, r.row, col('parentCode'), 'ORG_PARENT_INVALID', `上级组织 ${po.name} 已撤销`);
          ok = false;
        }
      }
    }
    state.set(code, ok ? 'ok' : 'bad');
    if (ok) order.push(r);
    return ok;
  };
  for (const code of byCode.keys()) visit(code, new Set());

  const delta = new StatDelta();
  const fresh: { r: Rows<OrgCreate & { electedOn?: IsoDate | null }>; id: number; path: string; parentId: number | null; validFrom: IsoDate }[] = [];
  const newIds = await nextIds(db, 'org_id_seq', order.filter((r) => !existing.has(r.value.code)).length);
  const created = new Map<string, { id: number; path: string; kind: OrgCreate['kind'] }>();
  let roots = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM org WHERE parent_id IS NULL'))[0]?.n ?? 0;
  for (const r of order) {
    const v = r.value;
    const cur = existing.get(v.code);
    const parent = v.parentCode ? (created.get(v.parentCode) ?? existing.get(v.parentCode)) : null;
    if (cur) {
      if (!cur.path.startsWith(scope)) {
        reject(result, r.row, col('code'), 'ORG_CODE_TAKEN', `组织编码 ${v.code} 已被您管理范围以外的组织使用`);
        continue;
      }
      try {
        let changed = await updateOrgIn(ctx, db, cur, {
          name: v.name,
          shortName: v.shortName ?? null,
          kind: v.kind,
          sector: v.sector,
          divisionCode: v.divisionCode ?? null,
          foundedOn: v.foundedOn ?? cur.foundedOn,
          address: v.address ?? null,
          contactPhone: v.contactPhone ?? null,
        });
        if (v.parentCode && parent && parent.id !== cur.parentId) {
          const fresh = (await db.query<OrgRow>(`SELECT ${ORG_COLS} FROM org o WHERE o.id = $1`, [cur.id]))[0]!;
          changed = (await moveOrgIn(ctx, db, fresh, v.parentCode)) || changed;
        }
        if (changed) result.updated++;
        else result.unchanged++;
      } catch (e) {
        result.rejected.push(errorRejection(e, r.row, col('code')));
      }
      continue;
    }
    if (!parent) {
      if (roots > 0) {
        reject(result, r.row, col('parentCode'), 'ORG_ROOT_EXISTS', ERROR_CODES.ORG_ROOT_EXISTS.zh);
        continue;
      }
      if (ctx.actor.kind !== 'system' && ctx.actor.role !== 'county_admin') {
        reject(result, r.row, col('parentCode'), 'FORBIDDEN', '只有组织部管理员可以建立根组织');
        continue;
      }
      roots++;
    } else {
      if (!mayContain(parent.kind, v.kind)) {
        reject(result, r.row, col('kind'), 'ORG_KIND_NOT_ALLOWED', ERROR_CODES.ORG_KIND_NOT_ALLOWED.zh);
        continue;
      }
      if (!mayWrite(ctx.actor, parent.path)) {
        reject(result, r.row, col('parentCode'), 'FORBIDDEN', '上级组织不在您的管理范围内');
        continue;
      }
    }
    const id = newIds[fresh.length]!;
    const path = `${parent?.path ?? '/'}${id}/`;
    created.set(v.code, { id, path, kind: v.kind });
    fresh.push({ r, id, path, parentId: parent?.id ?? null, validFrom: v.foundedOn ?? RECORDS_BEGIN });
    delta.add(pathIds(path), orgKeys({ ...v, status: 'active' }), 1);
  }
  // parents before children (order is topological), so the FK holds row by row inside COPY
  const today = ctx.clock.today();
  const who = actorId(ctx.actor);
  await bulkCopy(
    ctx,
    db,
    'org',
    [
      {
        table: 'org',
        columns: ['id', 'code', 'name', 'short_name', 'kind', 'sector', 'parent_id', 'path', 'depth', 'division_code', 'founded_on', 'address', 'contact_phone'],
        lines: fresh.map((f) => {
          const v = f.r.value;
          return copyLine([f.id, v.code, v.name, v.shortName ?? null, v.kind, v.sector, f.parentId, f.path, f.path.split('/').length - 3, v.divisionCode ?? null, v.foundedOn ?? null, v.address ?? null, v.contactPhone ?? null]);
        }),
      },
      {
        table: 'org_version',
        columns: ['org_id', 'valid_from', 'parent_id', 'name', 'kind', 'sector'],
        lines: fresh.map((f) => copyLine([f.id, f.validFrom, f.parentId, f.r.value.name, f.r.value.kind, f.r.value.sector])),
      },
      {
        table: 'org_event',
        columns: ['org_id', 'kind', 'effective_on', 'data', 'recorded_by'],
        lines: fresh.map((f) => copyLine([f.id, 'founded', f.validFrom, { name: f.r.value.name, parentCode: f.r.value.parentCode ?? null, source: 'import' }, who])),
      },
    ],
    { ids: fresh.map((f) => f.id), paths: fresh.map((f) => f.path), source: opts.source },
  );
  const terms = fresh.filter((f) => f.r.value.electedOn);
  if (terms.length) {
    const { defaultTermYears, termEndsOn } = await import('../domain/org/rules.js');
    const lines: string[] = [];
    for (const f of terms) {
      const years = defaultTermYears(f.r.value.kind, f.r.value.sector, f.r.value.electedOn!) ?? 3;
      lines.push(copyLine([f.id, f.r.value.electedOn, years, termEndsOn(f.r.value.electedOn!, years)]));
    }
    await db.copyIn('org_term', ['org_id', 'elected_on', 'term_years', 'term_ends_on'], lines);
    // (audited by the per-row trigger: terms are few)
  }
  if (fresh.length) await db.query("SELECT setval('org_id_seq', greatest((SELECT max(id) FROM org), 1))");
  result.inserted += fresh.length;
  await applyDelta(db, delta);
  void today;
  void asOf;
}

// ------------------------------------------------------------------------------------------------------ members
export interface MemberBulkState {
  seenIds: Map<string, number>;
  orgs: Map<string, OrgRow | null>;
}

export function newMemberState(): MemberBulkState {
  return { seenIds: new Map(), orgs: new Map() };
}

const COMPARE = [
  'name',
  'sex',
  'birthDate',
  'ethnicity',
  'education',
  'occupation',
  'nativePlace',
  'phone',
  'address',
  'workUnit',
  'jobTitle',
  'joinedOn',
  'confirmedOn',
  'isMobile',
] as const;

/** Applies one chunk of validated member rows. */
export async function applyMemberChunk(
  ctx: Ctx,
  db: Db,
  rows: readonly Rows<MemberCreate>[],
  result: ImportResult,
  state: MemberBulkState,
  col: ColumnOf,
  asOf: IsoDate,
  opts: BulkOptions,
): Promise<void> {
  const today = ctx.clock.today();
  const scope = scopePath(ctx.actor);
  // orgs
  const unknown = [...new Set(rows.map((r) => r.value.orgCode))].filter((c) => !state.orgs.has(c));
  if (unknown.length) {
    const found = await db.query<OrgRow>(`SELECT ${ORG_COLS} FROM org o WHERE o.code = ANY($1::text[])`, [unknown]);
    const map = new Map(found.map((o) => [o.code, o]));
    for (const c of unknown) state.orgs.set(c, map.get(c) ?? null);
  }
  // existing members by ID number
  const ids = rows.map((r) => normalizeIdNumber(r.value.idNumber));
  const existing = new Map(
    (await db.query<MemberRow>(`SELECT ${MEMBER_COLS} FROM member m JOIN org o ON o.id = m.org_id WHERE m.id_number = ANY($1::text[])`, [ids])).map(
      (m) => [m.idNumber, m],
    ),
  );
  const fresh: { v: MemberCreate; org: OrgRow; facts: { sex: 'male' | 'female'; birthDate: string; idNumber: string } }[] = [];
  const delta = new StatDelta();
  for (const { row, value: raw } of rows) {
    const v = { ...raw, idNumber: normalizeIdNumber(raw.idNumber) };
    const first = state.seenIds.get(v.idNumber);
    if (first !== undefined) {
      reject(result, row, col('idNumber'), 'DUPLICATE_IN_FILE', `与第${first}行的身份证号重复`);
      continue;
    }
    state.seenIds.set(v.idNumber, row);
    const org = state.orgs.get(v.orgCode) ?? null;
    if (!org || !org.path.startsWith(scope)) {
      reject(result, row, col('orgCode'), 'ORG_NOT_FOUND', `党组织编码 ${v.orgCode} 不存在，或不在您的管理范围内`);
      continue;
    }
    if (org.status !== 'active') {
      reject(result, row, col('orgCode'), 'ORG_DISSOLVED', `党组织 ${org.name} 已撤销，不能编入党员`);
      continue;
    }
    if (!mayHoldMembers(org.kind)) {
      reject(result, row, col('orgCode'), 'MEMBER_ORG_NOT_BRANCH', ERROR_CODES.MEMBER_ORG_NOT_BRANCH.zh);
      continue;
    }
    if (!mayWrite(ctx.actor, org.path)) {
      reject(result, row, col('orgCode'), 'FORBIDDEN', '该党组织不在您的管理范围内');
      continue;
    }
    const cur = existing.get(v.idNumber);
    if (!cur) {
      const { facts, problems } = checkMemberFacts(v, today);
      if (!facts || problems.length) {
        for (const p of problems) reject(result, row, col(p.field), p.code, p.message);
        continue;
      }
      fresh.push({ v, org, facts });
      continue;
    }
    if (!cur.orgPath.startsWith(scope)) {
      reject(result, row, col('idNumber'), 'MEMBER_ID_NUMBER_TAKEN', '该身份证号已登记在您管理范围以外的党组织');
      continue;
    }
    if (cur.status !== 'full' && cur.status !== 'probationary') {
      reject(result, row, col('idNumber'), 'MEMBER_NOT_ACTIVE', '该党员已不在册（已转出、出党或去世），不能通过导入恢复');
      continue;
    }
    if (cur.status === 'full' && v.status === 'probationary') {
      reject(result, row, col('status'), 'MEMBER_STATUS_TRANSITION', '已是正式党员，人员类别不能改为预备党员');
      continue;
    }
    try {
      let changed = false;
      const patch: Record<string, unknown> = {};
      for (const k of COMPARE) {
        const nv = (v as Record<string, unknown>)[k];
        if (nv === undefined || nv === null) continue;
        if (k === 'confirmedOn' && cur.status === 'probationary') continue;
        if (nv !== (cur as unknown as Record<string, unknown>)[k]) patch[k] = nv;
      }
      if (Object.keys(patch).length) {
        changed = (await updateMemberIn(ctx, db, cur, patch)).length > 0;
      }
      let m = cur;
      if (cur.status === 'probationary' && v.status === 'full') {
        m = await recordMemberEventIn(ctx, db, cur.id, { kind: 'confirm', effectiveOn: v.confirmedOn ?? today });
        changed = true;
      }
      if (org.id !== m.orgId) {
        await recordMemberEventIn(ctx, db, cur.id, { kind: 'move', effectiveOn: today, orgCode: org.code });
        changed = true;
      }
      if (changed) result.updated++;
      else result.unchanged++;
    } catch (e) {
      result.rejected.push(errorRejection(e, row, col('idNumber')));
    }
  }
  if (!fresh.length) return;
  const newIds = await nextIds(db, 'member_id_seq', fresh.length);
  const memberLines: string[] = [];
  const periodLines: string[] = [];
  for (let i = 0; i < fresh.length; i++) {
    const { v, org, facts } = fresh[i]!;
    const id = newIds[i]!;
    const keys = nameKeys(v.name);
    const confirmedOn = v.status === 'full' ? (v.confirmedOn ?? null) : null;
    memberLines.push(
      copyLine([
        id, org.id, v.name, keys.initials, keys.pinyin, facts.sex, facts.birthDate, md(facts.birthDate), facts.idNumber,
        v.ethnicity, v.education ?? null, v.occupation ?? null, v.nativePlace ?? null, v.phone ?? null, v.address ?? null,
        v.workUnit ?? null, v.jobTitle ?? null, v.status, v.joinedOn, confirmedOn, md(confirmedOn), v.isMobile ?? false,
      ]),
    );
    for (const p of initialPeriods(v.status, v.joinedOn, confirmedOn)) periodLines.push(copyLine([id, org.id, p.status, p.from, p.to]));
    delta.add(
      pathIds(org.path),
      memberKeys({ ...facts, status: v.status, ethnicity: v.ethnicity, education: v.education ?? null, occupation: v.occupation ?? null, joinedOn: v.joinedOn, confirmedOn }, asOf),
      1,
    );
  }
  await bulkCopy(
    ctx,
    db,
    'member',
    [
      {
        table: 'member',
        columns: ['id', 'org_id', 'name', 'name_initials', 'name_pinyin', 'sex', 'birth_date', 'birth_md', 'id_number', 'ethnicity', 'education', 'occupation', 'native_place', 'phone', 'address', 'work_unit', 'job_title', 'status', 'joined_on', 'confirmed_on', 'confirmed_md', 'is_mobile'],
        lines: memberLines,
      },
      { table: 'member_period', columns: ['member_id', 'org_id', 'status', 'valid_from', 'valid_to'], lines: periodLines },
    ],
    { ids: newIds, paths: [...new Set(fresh.map((f) => f.org.path))], source: opts.source },
  );
  result.inserted += fresh.length;
  await applyDelta(db, delta);
}

export function assertNoRejections(result: ImportResult) {
  if (result.rejected.length) throw new AppError('IMPORT_REJECTED_ROWS', undefined, result.rejected);
}
