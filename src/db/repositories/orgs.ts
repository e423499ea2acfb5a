/** SQL for orgs. Every read takes the caller's scope path so nothing outside it is ever returned. */
import type { Db } from '../client.js';
import type { OrgKind, OrgStatus, Sector } from '../../shared/codes.js';

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
  await db.query(
    `INSERT INTO org_version (org_id, valid_from, parent_id, name, kind, sector) VALUES ($1,$2,$3,$4,$5,$6)`,
    [v.orgId, v.validFrom, v.parentId, v.name, v.kind, v.sector],
  );
}

/** Ends the open version at `on` and, unless dissolving, opens the next one (replacing it if it began that day). */
export async function nextOrgVersion(
  db: Db,
  orgId: number,
  on: string,
  next: { parentId: number | null; name: string; kind: string; sector: string } | null,
) {
  const open = await db.query<{ id: number; valid_from: string }>(
    'SELECT id, valid_from FROM org_version WHERE org_id = $1 AND valid_to IS NULL',
    [orgId],
  );
  const cur = open[0];
  if (cur && cur.valid_from >= on) {
    await db.query('DELETE FROM org_version WHERE id = $1', [cur.id]);
  } else if (cur) {
    await db.query('UPDATE org_version SET valid_to = $2 WHERE id = $1', [cur.id, on]);
  }
  if (next) await insertOrgVersion(db, { orgId, validFrom: on, ...next });
}

export async function latestVersionStart(db: Db, orgId: number): Promise<string | null> {
  const rows = await db.query<{ d: string | null }>(
    'SELECT max(valid_from) AS d FROM org_version WHERE org_id = $1',
    [orgId],
  );
  return rows[0]?.d ?? null;
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
