/** SQL for orgs. Every read takes the caller's scope path so nothing outside it is ever returned. */
import { shiftLifeRoll } from './life-rollup.js';
import { shiftDuesRoll } from './dues-rollup.js';
import { shiftWarningRoll } from './supervision.js';
import { shiftRecruitmentRoll } from './recruitment.js';
import { copyLine, type Db } from '../client.js';
import type { OrgKind, OrgStatus, Sector } from '../../shared/codes.js';
import type { IsoDate } from '../../shared/dates.js';
import {
  ORG_VERSION,
  insertPeriods,
  lastPeriodStart,
  nextPeriod,
  periodCopyColumns,
  validOn,
} from '../intervals.js';
import { applyDelta, rollStats, type StatsHold } from './stats.js';
import { StatDelta, orgKeys, pathIds } from '../../domain/stats/keys.js';
import { MEMBER_ROWS } from '../member-columns.js';
import { onRoster } from '../sql.js';
import type { OrgNameKeys } from '../../domain/org/names.js';

export interface OrgRow {
  id: number;
  code: string;
  name: string;
  shortName: string | null;
  kind: OrgKind;
  sector: Sector;
  parentId: number | null;
  path: string;
  depth: number;
  divisionCode: string | null;
  foundedOn: string | null;
  status: OrgStatus;
  dissolvedOn: string | null;
  address: string | null;
  contactPhone: string | null;
  rowVersion: number;
}

export const ORG_COLS = `o.id, o.code, o.name, o.short_name AS "shortName", o.kind, o.sector, o.parent_id AS "parentId",
  o.path, o.depth, o.division_code AS "divisionCode", o.founded_on AS "foundedOn", o.status,
  o.dissolved_on AS "dissolvedOn", o.address, o.contact_phone AS "contactPhone", o.row_version AS "rowVersion"`;

export async function orgByCode(db: Db, code: string, scope: string, lock = false): Promise<OrgRow | null> {
  const rows = await db.query<OrgRow>(
    `SELECT ${ORG_COLS} FROM org o WHERE o.code = $1 AND o.path LIKE $2 || '%'${lock ? ' FOR UPDATE' : ''}`,
    [code, scope],
    // (one org by its unique code, whatever the scope: planned once)
    { generic: true },
  );
  return rows[0] ?? null;
}

export async function orgById(db: Db, id: number, scope: string): Promise<OrgRow | null> {
  const rows = await db.query<OrgRow>(
    `SELECT ${ORG_COLS} FROM org o WHERE o.id = $1 AND o.path LIKE $2 || '%'`,
    [id, scope],
  );
  return rows[0] ?? null;
}

export async function orgsByIds(db: Db, ids: readonly number[]): Promise<OrgRow[]> {
  if (ids.length === 0) return [];
  return db.query<OrgRow>(`SELECT ${ORG_COLS} FROM org o WHERE o.id = ANY($1::int[]) ORDER BY o.depth`, [
    ids,
  ]);
}

/** Roster size of each org's subtree, read from the maintained aggregates. */
export async function memberCounts(db: Db, ids: readonly number[]): Promise<Map<number, number>> {
  const rows = await db.query<{ org_id: number; n: number }>(
    `SELECT org_id, sum(n)::int AS n FROM org_stat WHERE org_id = ANY($1::int[]) AND dim = 'status' GROUP BY org_id`,
    [ids],
  );
  return new Map(rows.map((r) => [r.org_id, r.n]));
}

export async function childCounts(
  db: Db,
  ids: readonly number[],
  includeDissolved: boolean,
): Promise<Map<number, number>> {
  const rows = await db.query<{ parent_id: number; n: number }>(
    `SELECT parent_id, count(*)::int AS n FROM org WHERE parent_id = ANY($1::int[])
       ${includeDissolved ? '' : "AND status = 'active'"} GROUP BY parent_id`,
    [ids],
  );
  return new Map(rows.map((r) => [r.parent_id, r.n]));
}

export async function insertOrg(
  db: Db,
  o: Omit<OrgRow, 'id' | 'path' | 'depth' | 'rowVersion' | 'status' | 'dissolvedOn'> & {
    parentPath: string | null;
    /** the name's search keys (domain/org/names.ts) */
    nameKeys: OrgNameKeys;
  },
): Promise<OrgRow> {
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO org (code, name, short_name, kind, sector, parent_id, path, depth, division_code, founded_on,
                      address, contact_phone, name_initials, name_syllables)
     VALUES ($1,$2,$3,$4,$5,$6,'/',0,$7,$8,$9,$10,$11,$12) RETURNING id`,
    [
      o.code,
      o.name,
      o.shortName,
      o.kind,
      o.sector,
      o.parentId,
      o.divisionCode,
      o.foundedOn,
      o.address,
      o.contactPhone,
      o.nameKeys.initials,
      o.nameKeys.syllables,
    ],
  );
  const id = row!.id;
  const path = `${o.parentPath ?? '/'}${id}/`;
  await db.query('UPDATE org SET path = $2, depth = $3 WHERE id = $1', [
    id,
    path,
    path.split('/').length - 3,
  ]);
  const rows = await db.query<OrgRow>(`SELECT ${ORG_COLS} FROM org o WHERE o.id = $1`, [id]);
  return rows[0]!;
}

export async function insertOrgVersion(
  db: Db,
  v: {
    orgId: number;
    validFrom: string;
    parentId: number | null;
    name: string;
    kind: string;
    sector: string;
  },
) {
  const { orgId, validFrom, ...rest } = v;
  await insertPeriods(db, ORG_VERSION, orgId, [{ ...rest, from: validFrom, to: null }]);
}

/** Ends the open version at `on` and, unless dissolving, opens the next one (replacing it if it began that day). */
export async function nextOrgVersion(
  db: Db,
  orgId: number,
  on: string,
  next: { parentId: number | null; name: string; kind: string; sector: string } | null,
) {
  await nextPeriod(db, ORG_VERSION, orgId, on, next);
}

export async function latestVersionStart(db: Db, orgId: number): Promise<string | null> {
  return lastPeriodStart(db, ORG_VERSION, orgId);
}

export async function insertOrgEvent(
  db: Db,
  e: {
    orgId: number;
    kind: string;
    effectiveOn: string;
    data: Record<string, unknown>;
    recordedBy: number | null;
  },
) {
  await db.query(
    'INSERT INTO org_event (org_id, kind, effective_on, data, recorded_by) VALUES ($1,$2,$3,$4,$5)',
    [e.orgId, e.kind, e.effectiveOn, JSON.stringify(e.data), e.recordedBy],
  );
}

export async function orgsByCodes(db: Db, codes: readonly string[]): Promise<OrgRow[]> {
  return db.query<OrgRow>(`SELECT ${ORG_COLS} FROM org o WHERE o.code = ANY($1::text[])`, [codes]);
}

/** What a member writer needs of an org. */
export type OrgSummary = Pick<OrgRow, 'id' | 'code' | 'name' | 'path' | 'status' | 'kind'>;

export async function orgSummariesByCodes(db: Db, codes: readonly string[]): Promise<OrgSummary[]> {
  return db.query<OrgSummary>(
    'SELECT o.id, o.code, o.name, o.path, o.status, o.kind FROM org o WHERE o.code = ANY($1::text[])',
    [codes],
  );
}

/** The top of a scope: its shallowest org (the county committee for the Organisation Department). */
export async function topOrg(db: Db, scope: string): Promise<OrgRow | null> {
  const rows = await db.query<OrgRow>(
    `SELECT ${ORG_COLS} FROM org o WHERE o.path LIKE $1 || '%' ORDER BY o.depth, o.id LIMIT 1`,
    [scope],
  );
  return rows[0] ?? null;
}

export async function childrenOf(db: Db, id: number, includeDissolved: boolean): Promise<OrgRow[]> {
  return db.query<OrgRow>(
    `SELECT ${ORG_COLS} FROM org o WHERE o.parent_id = $1 ${includeDissolved ? '' : "AND o.status = 'active'"}
      ORDER BY o.sort_order, o.code`,
    [id],
  );
}

export interface OrgSearch {
  /** the subtree searched */
  scope: string;
  includeDissolved: boolean;
  /** part of the name or the start of the code */
  q?: string | undefined;
  /**
   * the search as pinyin (lower-case letters, ü as v; orgSearchLetters): also part of the initials, or the full
   * pinyin from the start of a syllable (decision 0014)
   */
  letters?: string | null | undefined;
  kind?: string | undefined;
  sector?: string | undefined;
}

/** One page of the orgs matching a search, in tree order, with the total and each org's parent's name. */
export async function searchOrgs(
  db: Db,
  s: OrgSearch,
  limit: number,
  offset: number,
): Promise<{ total: number; rows: (OrgRow & { parentName: string | null })[] }> {
  return searchOrgsUnder(db, { ...s, scopes: [s.scope] }, limit, offset);
}

/**
 * `searchOrgs` over several subtrees at once (decision 0010: the binding's and each granted one, from `scopesFor`),
 * none inside another; no subtree finds nothing.
 */
export async function searchOrgsUnder(
  db: Db,
  s: Omit<OrgSearch, 'scope'> & { scopes: readonly string[] },
  limit: number,
  offset: number,
): Promise<{ total: number; rows: (OrgRow & { parentName: string | null })[] }> {
  if (s.scopes.length === 0) return { total: 0, rows: [] };
  // one prefix condition per subtree (ORed), each able to use org_path_idx, where LIKE ANY(array) could not
  const params: unknown[] = [...s.scopes];
  const where: string[] = [`(${s.scopes.map((_, i) => `o.path LIKE $${i + 1} || '%'`).join(' OR ')})`];
  if (!s.includeDissolved) where.push(`o.status = 'active'`);
  if (s.q) {
    // each arm can use an index of its own (org_name_trgm_idx, org_code_pattern_idx, org_initials_trgm_idx,
    // org_pinyin_trgm_idx): a BitmapOr of them, or the tree order with the conditions as a filter
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const arms = [`o.name LIKE ${p(`%${s.q}%`)}`, `o.code LIKE ${p(`${s.q}%`)}`];
    if (s.letters) {
      const l = p(`%${s.letters}%`);
      arms.push(`o.name_initials LIKE ${l}`);
      // the letters in the syllables without their spaces (the trigram index), starting at a syllable: after a space
      // in ' wen quan zhen …', with any spaces between the letters
      arms.push(
        `(replace(o.name_syllables, ' ', '') LIKE ${l} AND (' ' || o.name_syllables) ~ ${p(syllableStart(s.letters))})`,
      );
    }
    where.push(`(${arms.join(' OR ')})`);
  }
  if (s.kind) {
    params.push(s.kind);
    where.push(`o.kind = $${params.length}`);
  }
  if (s.sector) {
    params.push(s.sector);
    where.push(`o.sector = $${params.length}`);
  }
  const w = where.join(' AND ');
  const [count] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM org o WHERE ${w}`, params);
  const rows = await db.query<OrgRow & { parentName: string | null }>(
    `SELECT ${ORG_COLS}, p.name AS "parentName" FROM org o LEFT JOIN org p ON p.id = o.parent_id
      WHERE ${w} ORDER BY o.path LIMIT ${Math.trunc(limit)} OFFSET ${Math.trunc(offset)}`,
    params,
  );
  return { total: count?.n ?? 0, rows };
}

/** A regular expression matching `letters` from the start of a syllable of the spaced syllables (a-z only). */
function syllableStart(letters: string): string {
  return ` ${letters
    .replace(/[^a-z]/g, '')
    .split('')
    .join(' ?')}`;
}

export async function countRoots(db: Db): Promise<number> {
  const rows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM org WHERE parent_id IS NULL');
  return rows[0]?.n ?? 0;
}

/** Members on the roster directly in an org (not its subtree): all, and full members. */
export async function directMemberCounts(db: Db, orgId: number): Promise<{ total: number; full: number }> {
  const [r] = await db.query<{ total: number; full: number }>(
    `SELECT count(*)::int AS total, count(*) FILTER (WHERE status = 'full')::int AS full
       FROM member WHERE org_id = $1 AND ${onRoster('status')}`,
    [orgId],
  );
  return r ?? { total: 0, full: 0 };
}

/** Whether the org has a member on the roster directly in it. */
export async function hasDirectMembers(db: Db, orgId: number): Promise<boolean> {
  const r = await db.query(`SELECT 1 FROM member WHERE org_id = $1 AND ${onRoster('status')} LIMIT 1`, [
    orgId,
  ]);
  return r.length > 0;
}

export async function hasActiveChildren(db: Db, orgId: number): Promise<boolean> {
  const r = await db.query("SELECT 1 FROM org WHERE parent_id = $1 AND status = 'active' LIMIT 1", [orgId]);
  return r.length > 0;
}

/** Writes the attributes a correction of an org changes, with the name's search keys. */
export async function updateOrgAttributes(
  db: Db,
  id: number,
  o: Pick<
    OrgRow,
    'name' | 'shortName' | 'kind' | 'sector' | 'divisionCode' | 'foundedOn' | 'address' | 'contactPhone'
  > & { nameKeys: OrgNameKeys },
): Promise<void> {
  await db.query(
    `UPDATE org SET name=$2, short_name=$3, kind=$4, sector=$5, division_code=$6, founded_on=$7, address=$8,
            contact_phone=$9, name_initials=$10, name_syllables=$11, row_version = row_version + 1,
            updated_at = now() WHERE id = $1`,
    [
      id,
      o.name,
      o.shortName,
      o.kind,
      o.sector,
      o.divisionCode,
      o.foundedOn,
      o.address,
      o.contactPhone,
      o.nameKeys.initials,
      o.nameKeys.syllables,
    ],
  );
}

/** Re-parents an org: its subtree's paths and depths follow. */
export async function moveOrgRow(
  db: Db,
  o: OrgRow,
  parent: Pick<OrgRow, 'id' | 'path' | 'depth'>,
): Promise<void> {
  const newPath = `${parent.path}${o.id}/`;
  await db.query(
    `UPDATE org SET path = $2 || substr(path, $3), depth = depth + $4, updated_at = now()
      WHERE path LIKE $1 || '%'`,
    [o.path, newPath, o.path.length + 1, parent.depth + 1 - o.depth],
  );
  await db.query('UPDATE org SET parent_id = $2, row_version = row_version + 1 WHERE id = $1', [
    o.id,
    parent.id,
  ]);
}

export async function markDissolved(db: Db, id: number, on: IsoDate): Promise<void> {
  await db.query(
    `UPDATE org SET status = 'dissolved', dissolved_on = $2, row_version = row_version + 1, updated_at = now() WHERE id = $1`,
    [id, on],
  );
}

/** The org's subtree totals in the maintained aggregates (a move shifts them between ancestors). */
export async function subtreeStatTotals(
  db: Db,
  orgId: number,
): Promise<{ dim: string; key: string; n: number }[]> {
  return db.query('SELECT dim, key, n FROM org_stat WHERE org_id = $1 AND n <> 0', [orgId]);
}

// ------------------------------------------------------------------------------------------------ terms, committee

export interface TermRow {
  electedOn: string;
  termYears: number;
  termEndsOn: string;
}

export async function latestTerm(db: Db, orgId: number): Promise<TermRow | null> {
  const rows = await db.query<TermRow>(
    `SELECT elected_on AS "electedOn", term_years AS "termYears", term_ends_on AS "termEndsOn"
       FROM org_term WHERE org_id = $1 ORDER BY elected_on DESC LIMIT 1`,
    [orgId],
  );
  return rows[0] ?? null;
}

export async function insertTerm(
  db: Db,
  t: { orgId: number; electedOn: IsoDate; termYears: number; termEndsOn: IsoDate; note: string | null },
): Promise<void> {
  await db.query(
    'INSERT INTO org_term (org_id, elected_on, term_years, term_ends_on, note) VALUES ($1,$2,$3,$4,$5)',
    [t.orgId, t.electedOn, t.termYears, t.termEndsOn, t.note],
  );
}

export interface CommitteeRow {
  memberId: number;
  memberName: string;
  post: 'secretary';
  title: string | null;
  startOn: string;
}

/** The org's current committee, secretary first. */
export async function currentCommittee(db: Db, orgId: number): Promise<CommitteeRow[]> {
  return db.query<CommitteeRow>(
    `SELECT c.member_id AS "memberId", m.name AS "memberName", c.post, c.title, c.start_on AS "startOn"
       FROM committee_post c JOIN ${MEMBER_ROWS} m ON m.id = c.member_id
      WHERE c.org_id = $1 AND c.end_on IS NULL
      ORDER BY CASE c.post WHEN 'secretary' THEN 0 WHEN 'deputy_secretary' THEN 1 ELSE 2 END, c.id`,
    [orgId],
  );
}

/** Whether a member is on the roster somewhere in the subtree at `path`. */
export async function memberOnRosterUnder(db: Db, memberId: number, path: string): Promise<boolean> {
  const r = await db.query(
    `SELECT 1 FROM member m JOIN org mo ON mo.id = m.org_id
      WHERE m.id = $1 AND ${onRoster('m.status')} AND mo.path LIKE $2 || '%'`,
    [memberId, path],
  );
  return r.length > 0;
}

/** Ends every current post of the org's committee on a date. */
export async function endCommittee(db: Db, orgId: number, on: IsoDate): Promise<void> {
  await db.query('UPDATE committee_post SET end_on = $2 WHERE org_id = $1 AND end_on IS NULL', [orgId, on]);
}

export async function insertPost(
  db: Db,
  p: { orgId: number; memberId: number; post: string; title: string | null; startOn: IsoDate },
): Promise<void> {
  await db.query(
    'INSERT INTO committee_post (org_id, member_id, post, title, start_on) VALUES ($1,$2,$3,$4,$5)',
    [p.orgId, p.memberId, p.post, p.title, p.startOn],
  );
}

export interface OrgEventRow {
  id: number;
  kind: string;
  effectiveOn: string;
  data: Record<string, unknown>;
  recordedAt: string;
}

export async function orgEventsOf(db: Db, orgId: number): Promise<OrgEventRow[]> {
  return db.query<OrgEventRow>(
    `SELECT id, kind, effective_on AS "effectiveOn", data, recorded_at::text AS "recordedAt"
       FROM org_event WHERE org_id = $1 ORDER BY effective_on DESC, id DESC`,
    [orgId],
  );
}

// ------------------------------------------------------------------------------------------------ as of a date

export interface OrgAsOfRow {
  id: number;
  code: string;
  name: string;
  kind: OrgKind;
  sector: Sector;
  depth: number;
  parentId: number;
}

/** The children an org had on a date, with the name, kind and sector of that day. */
export async function childrenAsOf(db: Db, orgId: number, at: IsoDate): Promise<OrgAsOfRow[]> {
  return db.query<OrgAsOfRow>(
    `SELECT o.id, o.code, v.name, v.kind, v.sector, o.depth, v.parent_id AS "parentId"
       FROM org_version v JOIN org o ON o.id = v.org_id
      WHERE v.parent_id = $1 AND ${validOn('v', '$2')}
      ORDER BY o.sort_order, o.code`,
    [orgId, at],
  );
}

/** How many children each org had on a date. */
export async function childCountsAsOf(
  db: Db,
  ids: readonly number[],
  at: IsoDate,
): Promise<Map<number, number>> {
  const rows = await db.query<{ parent_id: number; n: number }>(
    `SELECT v.parent_id, count(*)::int AS n FROM org_version v
      WHERE v.parent_id = ANY($1::int[]) AND ${validOn('v', '$2')} GROUP BY v.parent_id`,
    [ids, at],
  );
  return new Map(rows.map((k) => [k.parent_id, k.n]));
}

/** How many members each org had on its roster directly on a date. */
export async function directMemberCountsAsOf(
  db: Db,
  ids: readonly number[],
  at: IsoDate,
): Promise<Map<number, number>> {
  const rows = await db.query<{ org_id: number; n: number }>(
    `SELECT p.org_id, count(*)::int AS n FROM member_period p
      WHERE p.org_id = ANY($1::int[]) AND ${validOn('p', '$2')} AND ${onRoster('p.status')} GROUP BY p.org_id`,
    [ids, at],
  );
  return new Map(rows.map((c) => [c.org_id, c.n]));
}

// ------------------------------------------------------------------------------------------------ the write path
/*
 * Every write of an org goes through these functions, which keep the maintained aggregates (org_stat) in step in
 * the same transaction: they take a StatsHold (the aggregate state held by the writer, holdStats) and count the
 * change as of its date, so a writer cannot forget either (decision 0012). The rules are checked before, by the
 * plan/check functions of domain/org/write.ts.
 */

/** What an org event records. */
export interface OrgEventInput {
  kind: string;
  effectiveOn: IsoDate;
  data: Record<string, unknown>;
  recordedBy: number | null;
}

/** Writes a new org, its first version and its founding event, and counts it in its ancestors' cells. */
export async function writeNewOrg(
  db: Db,
  _held: StatsHold,
  o: Parameters<typeof insertOrg>[1],
  validFrom: IsoDate,
  event: Omit<OrgEventInput, 'kind' | 'effectiveOn'>,
): Promise<OrgRow> {
  const row = await insertOrg(db, o);
  await insertOrgVersion(db, {
    orgId: row.id,
    validFrom,
    parentId: row.parentId,
    name: row.name,
    kind: row.kind,
    sector: row.sector,
  });
  await insertOrgEvent(db, { orgId: row.id, kind: 'founded', effectiveOn: validFrom, ...event });
  const delta = new StatDelta();
  delta.add(pathIds(row.path), orgKeys(row), 1);
  await applyDelta(db, delta);
  return row;
}

/** The attributes of an org a correction changes. */
export type OrgAttributes = Parameters<typeof updateOrgAttributes>[2];

/**
 * Writes a corrected org: a new version from `on` when its name, kind or sector changed (`on` null: none did),
 * the attributes, the event, and its cells moved when its kind or sector changed.
 */
export async function writeOrgRevision(
  db: Db,
  _held: StatsHold,
  o: OrgRow,
  next: OrgAttributes,
  on: IsoDate | null,
  event: OrgEventInput,
): Promise<void> {
  if (on !== null)
    await nextOrgVersion(db, o.id, on, {
      parentId: o.parentId,
      name: next.name,
      kind: next.kind,
      sector: next.sector,
    });
  await updateOrgAttributes(db, o.id, next);
  await insertOrgEvent(db, { orgId: o.id, ...event });
  if (next.kind !== o.kind || next.sector !== o.sector) {
    const delta = new StatDelta();
    delta.add(pathIds(o.path), orgKeys(o), -1);
    delta.add(pathIds(o.path), orgKeys({ ...o, kind: next.kind, sector: next.sector }), 1);
    await applyDelta(db, delta);
  }
}

/**
 * Moves an org and its subtree under a new parent from `on`: takes the aggregate state exclusively (the subtree's
 * totals read here must not change under the move; decision 0009), shifts those totals from the old ancestors to
 * the new, re-parents the rows and opens the next version.
 */
export async function writeOrgMove(
  db: Db,
  today: IsoDate,
  o: OrgRow,
  parent: OrgRow,
  on: IsoDate,
  event: Omit<OrgEventInput, 'kind' | 'effectiveOn'>,
): Promise<void> {
  await rollStats(db, today);
  const totals = await subtreeStatTotals(db, o.id);
  const delta = new StatDelta();
  const oldAnc = pathIds(o.path).filter((id) => id !== o.id);
  const newAnc = pathIds(parent.path);
  for (const t of totals) {
    delta.add(oldAnc, [[t.dim, t.key]], -1, t.n);
    delta.add(newAnc, [[t.dim, t.key]], 1, t.n);
  }
  await applyDelta(db, delta);
  // the organisational-life rollup's cells move the same way (decision 0024)
  await shiftLifeRoll(db, o.id, oldAnc, newAnc);
  // and the dues rollup's (decision 0031)
  await shiftDuesRoll(db, o.id, oldAnc, newAnc);
  // and the open-warning counts (decision 0032, addendum)
  await shiftWarningRoll(db, o.id, oldAnc, newAnc);
  // and the open recruitment cases (decision 0042)
  await shiftRecruitmentRoll(db, o.id, oldAnc, newAnc);
  await moveOrgRow(db, o, parent);
  await nextOrgVersion(db, o.id, on, { parentId: parent.id, name: o.name, kind: o.kind, sector: o.sector });
  await insertOrgEvent(db, { orgId: o.id, kind: 'moved', effectiveOn: on, ...event });
}

/** Dissolves an org from `on`: closes its history and committee, and takes it out of its ancestors' cells. */
export async function writeOrgDissolution(
  db: Db,
  _held: StatsHold,
  o: OrgRow,
  on: IsoDate,
  event: Omit<OrgEventInput, 'kind' | 'effectiveOn'>,
): Promise<void> {
  await nextOrgVersion(db, o.id, on, null);
  await markDissolved(db, o.id, on);
  await endCommittee(db, o.id, on);
  await insertOrgEvent(db, { orgId: o.id, kind: 'dissolved', effectiveOn: on, ...event });
  const delta = new StatDelta();
  delta.add(pathIds(o.path), orgKeys(o), -1);
  await applyDelta(db, delta);
}

/** A new org of a bulk run: its id and path taken already, its history's start, its first term if any. */
export interface NewOrgRow {
  id: number;
  path: string;
  parentId: number | null;
  validFrom: IsoDate;
  code: string;
  name: string;
  shortName: string | null;
  kind: OrgKind;
  sector: Sector;
  /** the name's search keys (domain/org/names.ts) */
  nameKeys: OrgNameKeys;
  parentCode: string | null;
  divisionCode: string | null;
  foundedOn: IsoDate | null;
  address: string | null;
  contactPhone: string | null;
  term: { electedOn: IsoDate; termYears: number; termEndsOn: IsoDate } | null;
}

/** One table's rows for COPY. */
export interface CopyWrite {
  table: string;
  columns: readonly string[];
  lines: string[];
}

/**
 * Writes the new orgs of a bulk run, parents before children (so the foreign key holds row by row inside COPY):
 * the rows, versions and founding events through `copy` (the bulk writer's COPY with its audit entry per chunk),
 * their terms (audited by the row trigger: terms are few), the id sequence past them, and their cells.
 */
export async function writeNewOrgs(
  db: Db,
  _held: StatsHold,
  rows: readonly NewOrgRow[],
  event: { recordedBy: number | null; source: string },
  copy: (writes: CopyWrite[]) => Promise<void>,
): Promise<void> {
  if (!rows.length) return;
  await copy([
    {
      table: 'org',
      columns: ORG_COPY_COLUMNS,
      lines: rows.map((f) =>
        copyLine([
          f.id,
          f.code,
          f.name,
          f.shortName,
          f.kind,
          f.sector,
          f.parentId,
          f.path,
          f.path.split('/').length - 3,
          f.divisionCode,
          f.foundedOn,
          f.address,
          f.contactPhone,
          f.nameKeys.initials,
          f.nameKeys.syllables,
        ]),
      ),
    },
    {
      table: ORG_VERSION.table,
      columns: periodCopyColumns(ORG_VERSION),
      lines: rows.map((f) => copyLine([f.id, f.parentId, f.name, f.kind, f.sector, f.validFrom, null])),
    },
    {
      table: 'org_event',
      columns: ['org_id', 'kind', 'effective_on', 'data', 'recorded_by'],
      lines: rows.map((f) =>
        copyLine([
          f.id,
          'founded',
          f.validFrom,
          { name: f.name, parentCode: f.parentCode, source: event.source },
          event.recordedBy,
        ]),
      ),
    },
  ]);
  const terms = rows.filter((f) => f.term);
  if (terms.length)
    await db.copyIn(
      'org_term',
      ['org_id', 'elected_on', 'term_years', 'term_ends_on'],
      terms.map((f) => copyLine([f.id, f.term!.electedOn, f.term!.termYears, f.term!.termEndsOn])),
    );
  await db.query("SELECT setval('org_id_seq', greatest((SELECT max(id) FROM org), 1))");
  const delta = new StatDelta();
  for (const f of rows)
    delta.add(pathIds(f.path), orgKeys({ kind: f.kind, sector: f.sector, status: 'active' }), 1);
  await applyDelta(db, delta);
}

const ORG_COPY_COLUMNS = [
  'id',
  'code',
  'name',
  'short_name',
  'kind',
  'sector',
  'parent_id',
  'path',
  'depth',
  'division_code',
  'founded_on',
  'address',
  'contact_phone',
  'name_initials',
  'name_syllables',
] as const;
