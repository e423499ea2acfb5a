/** SQL for orgs. Every read takes the caller's scope path so nothing outside it is ever returned. */
import type { Db } from '../client.js';
import type { OrgKind, OrgStatus, Sector } from '../../shared/codes.js';
import type { IsoDate } from '../../shared/dates.js';
import { ORG_VERSION, insertPeriods, lastPeriodStart, nextPeriod, validOn } from '../intervals.js';
import { onRoster } from '../sql.js';

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
  },
): Promise<OrgRow> {
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO org (code, name, short_name, kind, sector, parent_id, path, depth, division_code, founded_on,
                      address, contact_phone)
     VALUES ($1,$2,$3,$4,$5,$6,'/',0,$7,$8,$9,$10) RETURNING id`,
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
  const where: string[] = [`o.path LIKE $1 || '%'`];
  const params: unknown[] = [s.scope];
  if (!s.includeDissolved) where.push(`o.status = 'active'`);
  if (s.q) {
    params.push(s.q);
    where.push(`(o.name LIKE '%' || $${params.length} || '%' OR o.code LIKE $${params.length} || '%')`);
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

/** Writes the attributes a correction of an org changes. */
export async function updateOrgAttributes(
  db: Db,
  id: number,
  o: Pick<
    OrgRow,
    'name' | 'shortName' | 'kind' | 'sector' | 'divisionCode' | 'foundedOn' | 'address' | 'contactPhone'
  >,
): Promise<void> {
  await db.query(
    `UPDATE org SET name=$2, short_name=$3, kind=$4, sector=$5, division_code=$6, founded_on=$7, address=$8,
            contact_phone=$9, row_version = row_version + 1, updated_at = now() WHERE id = $1`,
    [id, o.name, o.shortName, o.kind, o.sector, o.divisionCode, o.foundedOn, o.address, o.contactPhone],
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
       FROM committee_post c JOIN member m ON m.id = c.member_id
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
