/**
 * Dated (interval) tables: rows that hold what was true of one entity over [valid_from, valid_to), valid_to null
 * for the period still open (decision 0002). `member_period` and `org_version` are such tables, and every future
 * one (posts, grants, settings by date …) is declared here the same way and gets the same SQL and the same
 * database rules (decision 0008):
 * - `<table>_interval_ck`: valid_to is null or after valid_from;
 * - `<table>_open_uq`: at most one open period per entity (a partial unique index, in schema.ts);
 * - `<table>_no_overlap`: no two periods of one entity overlap — either an exclusion constraint (`EXCLUDE USING
 *   gist (key WITH =, daterange(valid_from, valid_to) WITH &&)`, btree_gist) or, for a table whose big first loads
 *   would rebuild that GiST index over every row (`member_period`), a constraint trigger of the same name that
 *   raises the same error, with one set-based check (`noOverlapCheckSql`) where a bulk load disables it
 *   (decision 0016); hand-written in the migrations, drizzle cannot say either.
 * `test/integration/intervals.test.ts` checks every table declared here has the three in the migrated database.
 */
import type { Db } from './client.js';
import type { IsoDate } from '../shared/dates.js';

export interface IntervalTable<V extends Record<string, unknown>> {
  table: string;
  /** the column naming the entity whose periods these are (a column list when the entity has a composite key) */
  key: string;
  /** the other columns of a period, by domain name → column */
  columns: { readonly [K in keyof V]: string };
  /** constraint and index names (derived from the table name) */
  names: { interval: string; open: string; noOverlap: string };
  /** how the database keeps periods from overlapping: an exclusion constraint, or a constraint trigger */
  overlapRule: 'exclusion' | 'trigger';
}

export function intervalTable<V extends Record<string, unknown>>(
  table: string,
  key: string,
  columns: { readonly [K in keyof V]: string },
  overlapRule: 'exclusion' | 'trigger' = 'exclusion',
): IntervalTable<V> {
  return {
    table,
    key,
    columns,
    names: { interval: `${table}_interval_ck`, open: `${table}_open_uq`, noOverlap: `${table}_no_overlap` },
    overlapRule,
  };
}

/** A membership's periods: big first loads write millions, so its no-overlap rule is a trigger (decision 0016). */
export const MEMBER_PERIOD = intervalTable<{ orgId: number; status: string }>(
  'member_period',
  'member_id',
  { orgId: 'org_id', status: 'status' },
  'trigger',
);

export const ORG_VERSION = intervalTable<{
  parentId: number | null;
  name: string;
  kind: string;
  sector: string;
}>('org_version', 'org_id', { parentId: 'parent_id', name: 'name', kind: 'kind', sector: 'sector' });

/**
 * An account's grants by assignment (decision 0010). The entity is one account's grant on one org — the key is
 * (user_id, org_id), so the period helpers below, which take one key value, are not for this table: its repository
 * (src/db/repositories/accounts.ts) reads and ends grants itself. The three rules are the same.
 */
export const ACCOUNT_GRANT = intervalTable<{
  actions: string[];
  grantedBy: number | null;
  note: string | null;
}>('account_grant', 'user_id, org_id', { actions: 'actions', grantedBy: 'granted_by', note: 'note' });

/** A member's membership of a party group (decision 0018): at most one group at a time. */
export const PARTY_GROUP_MEMBER = intervalTable<{ groupId: number; orgId: number }>(
  'party_group_member',
  'member_id',
  { groupId: 'group_id', orgId: 'org_id' },
);

/** Every dated table (the intervals test checks each has its rules in the database). */
export const INTERVAL_TABLES: readonly IntervalTable<Record<string, unknown>>[] = [
  MEMBER_PERIOD as IntervalTable<Record<string, unknown>>,
  ORG_VERSION as IntervalTable<Record<string, unknown>>,
  ACCOUNT_GRANT as IntervalTable<Record<string, unknown>>,
  PARTY_GROUP_MEMBER as IntervalTable<Record<string, unknown>>,
];

/**
 * SQL: the row of alias `a` is valid on the date in `date` (a parameter placeholder or an expression) — the one
 * "as of D" condition of every past-date query.
 */
export function validOn(a: string, date: string): string {
  return `${a}.valid_from <= ${date}::date AND (${a}.valid_to IS NULL OR ${a}.valid_to > ${date}::date)`;
}

/**
 * SQL (one statement, no parameters) that fails with SQLSTATE 23P01 and the table's no-overlap constraint name, as
 * the trigger or the exclusion constraint would, when any two periods of one entity overlap — for a bulk load that
 * wrote with the trigger disabled. Sorted by start, periods overlap somewhere exactly when one starts before its
 * predecessor ends (or its predecessor is open), since every period ends after it starts (`<table>_interval_ck`):
 * one sort of the table, no index needed. Single-column keys only.
 */
export function noOverlapCheckSql<V extends Record<string, unknown>>(t: IntervalTable<V>): string {
  if (t.key.includes(','))
    throw new Error(`${t.table}: the set-based overlap check takes a single-column key`);
  const name = t.names.noOverlap;
  return `DO $check$
DECLARE r record;
BEGIN
  SELECT ${t.key} AS key, valid_from, valid_to, prev_from, prev_to INTO r FROM (
    SELECT ${t.key}, valid_from, valid_to, lag(valid_from) OVER w AS prev_from, lag(valid_to) OVER w AS prev_to
      FROM ${t.table} WINDOW w AS (PARTITION BY ${t.key} ORDER BY valid_from, id)) s
   WHERE prev_from IS NOT NULL AND (prev_to IS NULL OR prev_to > valid_from)
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'conflicting key value violates exclusion constraint "${name}"'
      USING ERRCODE = 'exclusion_violation', CONSTRAINT = '${name}', TABLE = '${t.table}',
            DETAIL = format('Period [%s, %s) of ${t.key} %s overlaps period [%s, %s).', r.valid_from,
                            COALESCE(r.valid_to::text, ''), r.key, r.prev_from, COALESCE(r.prev_to::text, ''));
  END IF;
END
$check$`;
}

/** The columns of a period in COPY order: the key, the period's columns, valid_from, valid_to. */
export function periodCopyColumns<V extends Record<string, unknown>>(t: IntervalTable<V>): string[] {
  return [t.key, ...Object.values<string>(t.columns), 'valid_from', 'valid_to'];
}

/** A period as stored, with its row id. */
export type StoredPeriod<V> = V & { id: number; from: IsoDate; to: IsoDate | null };

function selectList<V extends Record<string, unknown>>(t: IntervalTable<V>): string {
  const cols = Object.entries(t.columns).map(([f, c]) => `${c as string} AS "${f}"`);
  return ['id', ...cols, 'valid_from AS "from"', 'valid_to AS "to"'].join(', ');
}

/** The entity's periods, earliest first. */
export async function periodsOf<V extends Record<string, unknown>>(
  db: Db,
  t: IntervalTable<V>,
  key: number,
): Promise<StoredPeriod<V>[]> {
  return db.query<StoredPeriod<V>>(
    `SELECT ${selectList(t)} FROM ${t.table} WHERE ${t.key} = $1 ORDER BY valid_from`,
    [key],
  );
}

/** The start of the entity's latest period (a new dated change may not be earlier), or null. */
export async function lastPeriodStart<V extends Record<string, unknown>>(
  db: Db,
  t: IntervalTable<V>,
  key: number,
): Promise<IsoDate | null> {
  const r = await db.query<{ d: string | null }>(
    `SELECT max(valid_from) AS d FROM ${t.table} WHERE ${t.key} = $1`,
    [key],
  );
  return r[0]?.d ?? null;
}

/** Inserts periods of one entity (callers pass a valid, non-overlapping history). */
export async function insertPeriods<V extends Record<string, unknown>>(
  db: Db,
  t: IntervalTable<V>,
  key: number,
  periods: readonly (V & { from: IsoDate; to: IsoDate | null })[],
): Promise<void> {
  const fields = Object.keys(t.columns) as (keyof V & string)[];
  const cols = [t.key, ...fields.map((f) => t.columns[f]), 'valid_from', 'valid_to'];
  const ph = cols.map((_, i) => `$${i + 1}`).join(',');
  for (const p of periods)
    await db.query(`INSERT INTO ${t.table} (${cols.join(', ')}) VALUES (${ph})`, [
      key,
      ...fields.map((f) => p[f]),
      p.from,
      p.to,
    ]);
}

/**
 * A dated change: closes the entity's open period on `on` and, unless `next` is null (the entity ends), opens the
 * next one from `on`. An open period that began on or after `on` is replaced rather than closed (a second change
 * on the same day). Callers check `on` is not before lastPeriodStart.
 */
export async function nextPeriod<V extends Record<string, unknown>>(
  db: Db,
  t: IntervalTable<V>,
  key: number,
  on: IsoDate,
  next: V | null,
): Promise<void> {
  const open = await db.query<{ id: number; valid_from: string }>(
    `SELECT id, valid_from FROM ${t.table} WHERE ${t.key} = $1 AND valid_to IS NULL`,
    [key],
  );
  const cur = open[0];
  if (cur && cur.valid_from >= on) await db.query(`DELETE FROM ${t.table} WHERE id = $1`, [cur.id]);
  else if (cur) await db.query(`UPDATE ${t.table} SET valid_to = $2 WHERE id = $1`, [cur.id, on]);
  if (next) await insertPeriods(db, t, key, [{ ...next, from: on, to: null }]);
}

/**
 * Rewrites the entity's history from `stored` to `next`: periods in both stay as they are (same row), the others
 * are deleted first and the new ones inserted after, so no statement ever sees two periods overlap.
 */
export async function rewritePeriods<V extends Record<string, unknown>>(
  db: Db,
  t: IntervalTable<V>,
  key: number,
  stored: readonly StoredPeriod<V>[],
  next: readonly (V & { from: IsoDate; to: IsoDate | null })[],
): Promise<void> {
  const fields = Object.keys(t.columns) as (keyof V & string)[];
  const sig = (p: V & { from: IsoDate; to: IsoDate | null }) =>
    JSON.stringify([...fields.map((f) => p[f] ?? null), p.from, p.to]);
  const keep = new Set(next.map(sig));
  const have = new Set(stored.map(sig));
  const gone = stored.filter((p) => !keep.has(sig(p))).map((p) => p.id);
  if (gone.length) await db.query(`DELETE FROM ${t.table} WHERE id = ANY($1::bigint[])`, [gone]);
  await insertPeriods(
    db,
    t,
    key,
    next.filter((p) => !have.has(sig(p))),
  );
}
