/**
 * SQL for a county's village-level division table (decision 0039): the versions imported, the rows of one, the
 * version in force on a day, and the county the deployment is (the org carrying a county-level division code).
 */
import type { Db } from '../client.js';
import type { IsoDate } from '../../shared/dates.js';
import type { DivisionEntry, UrbanRural } from '../../domain/supervision/divisions.js';

export interface DivisionTableRow {
  id: number;
  countyCode: string;
  effectiveFrom: IsoDate;
  source: string;
  townships: number;
  villages: number;
  importedByName: string | null;
  createdAt: string;
}

const COLS = `t.id, t.county_code AS "countyCode", t.effective_from AS "effectiveFrom", t.source, t.townships,
  t.villages, u.username AS "importedByName",
  to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "createdAt"`;

/** The version in force on `asOf`: the latest effective date on or before it, then the later import. */
export async function divisionTableOn(db: Db, asOf: IsoDate): Promise<DivisionTableRow | null> {
  const [r] = await db.query<DivisionTableRow>(
    `SELECT ${COLS} FROM division_table t LEFT JOIN app_user u ON u.id = t.imported_by
      WHERE t.effective_from <= $1::date ORDER BY t.effective_from DESC, t.id DESC LIMIT 1`,
    [asOf],
  );
  return r ?? null;
}

/** Every version, newest effective date first (then the later import first). */
export async function divisionTables(db: Db): Promise<DivisionTableRow[]> {
  return db.query<DivisionTableRow>(
    `SELECT ${COLS} FROM division_table t LEFT JOIN app_user u ON u.id = t.imported_by
      ORDER BY t.effective_from DESC, t.id DESC`,
  );
}

/** The rows of one version, in code order. */
export async function divisionEntries(db: Db, tableId: number): Promise<DivisionEntry[]> {
  return db.query<DivisionEntry & { urbanRural: UrbanRural | null }>(
    `SELECT code, name, level, township_code AS "townshipCode", urban_rural AS "urbanRural"
       FROM division_row WHERE table_id = $1 ORDER BY code`,
    [tableId],
  );
}

/** Stores a new version with its rows (one statement for the rows). */
export async function insertDivisionTable(
  db: Db,
  t: {
    countyCode: string;
    effectiveFrom: IsoDate;
    source: string;
    entries: readonly DivisionEntry[];
    importedBy: number | null;
  },
): Promise<number> {
  const [r] = await db.query<{ id: number }>(
    `INSERT INTO division_table (county_code, effective_from, source, townships, villages, imported_by)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [
      t.countyCode,
      t.effectiveFrom,
      t.source,
      t.entries.filter((e) => e.level === 'township').length,
      t.entries.filter((e) => e.level === 'village').length,
      t.importedBy,
    ],
  );
  const id = r!.id;
  await db.query(
    `INSERT INTO division_row (table_id, code, name, level, township_code, urban_rural)
     SELECT $1, code, name, level, township_code, urban_rural
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
         AS v(code, name, level, township_code, urban_rural)`,
    [
      id,
      t.entries.map((e) => e.code),
      t.entries.map((e) => e.name),
      t.entries.map((e) => e.level),
      t.entries.map((e) => e.townshipCode),
      t.entries.map((e) => e.urbanRural),
    ],
  );
  return id;
}

/**
 * The county the deployment is: the county-level division code (6 digits, not a city's ending in 00) carried by its
 * shallowest org(s) that carry one. null when there is none, or several at that depth (a province deployment).
 */
export async function deploymentCounty(db: Db): Promise<{ code: string; orgName: string } | null> {
  const rows = await db.query<{ code: string; orgName: string; depth: number }>(
    `SELECT division_code AS code, name AS "orgName", depth FROM org
      WHERE division_code ~ '^[0-9]{4}([0-9][1-9]|[1-9][0-9])$' AND status = 'active'
      ORDER BY depth, path LIMIT 2`,
  );
  if (rows.length === 0) return null;
  if (rows.length === 2 && rows[1]!.depth === rows[0]!.depth && rows[1]!.code !== rows[0]!.code) return null;
  return { code: rows[0]!.code, orgName: rows[0]!.orgName };
}
