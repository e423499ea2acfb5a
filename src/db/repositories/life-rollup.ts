/**
 * SQL of the maintained organisational-life rollup (decision 0024): each org's own cells (`life_own`), its
 * ancestors' rolled cells (`life_roll`), the orgs marked for a refresh by the triggers (`life_dirty`) and the
 * state (`life_state`: the day the cells are judged as of). The judgement itself is pure
 * (domain/meetings/compliance.ts, rollup.ts); services/life-rollup.ts runs it.
 */
import { copyChunks, copyText, type Db } from '../client.js';
import type { IsoDate } from '../../shared/dates.js';
import type { LifeItemType } from '../../policy/rules.js';
import type { OwnCell, RollCell } from '../../domain/meetings/rollup.js';
import { ancestorShift } from './ancestor-shift.js';

export interface LifeState {
  asOf: IsoDate;
  fromYear: number;
}

/**
 * The rollup's state, locked for a refresh (`share`: refreshers run side by side, each org under its own lock) or
 * a rebuild (`update`). Either also holds the aggregate state shared, so an org move (which takes it exclusively,
 * decision 0009, and shifts the rolled cells of the moved subtree) never runs beside a refresh or a rebuild.
 */
export async function lockLifeState(db: Db, mode: 'share' | 'update' | null): Promise<LifeState | null> {
  if (mode) await db.query('SELECT 1 FROM org_stat_state WHERE id = 1 FOR SHARE');
  const rows = await db.query<LifeState>(
    `SELECT as_of::text AS "asOf", from_year AS "fromYear" FROM life_state WHERE id = 1
     ${mode === 'share' ? 'FOR SHARE' : mode === 'update' ? 'FOR UPDATE' : ''}`,
  );
  return rows[0] ?? null;
}

/** A rebuild's lock when there is no state row to lock yet: one builder at a time. */
export async function lockLifeBuild(db: Db): Promise<void> {
  await db.query('SELECT pg_advisory_xact_lock(7274024)');
}

export async function setLifeState(db: Db, s: LifeState): Promise<void> {
  await db.query(
    `INSERT INTO life_state (id, as_of, from_year) VALUES (1, $1, $2)
     ON CONFLICT (id) DO UPDATE SET as_of = excluded.as_of, from_year = excluded.from_year`,
    [s.asOf, s.fromYear],
  );
}

/** Whether any org waits for a refresh. */
export async function anyLifeDirty(db: Db): Promise<boolean> {
  const r = await db.query('SELECT 1 FROM life_dirty LIMIT 1');
  return r.length > 0;
}

/**
 * Takes up to `limit` orgs marked for a refresh (deleting their marks; a concurrent taker waits for the rows and
 * then finds them gone), in id order.
 */
export async function takeLifeDirty(
  db: Db,
  limit: number,
  only: readonly number[] | null = null,
): Promise<number[]> {
  const rows = await db.query<{ org_id: number }>(
    `DELETE FROM life_dirty WHERE org_id IN (
       SELECT org_id FROM life_dirty WHERE $1::int[] IS NULL OR org_id = ANY($1::int[])
        ORDER BY org_id LIMIT ${Math.trunc(limit)})
     RETURNING org_id`,
    [only],
  );
  return rows.map((r) => r.org_id).sort((a, b) => a - b);
}

/** Each org's refresh under its own lock (in id order: no deadlock between two refreshers). */
export async function lockLifeOrgs(db: Db, ids: readonly number[]): Promise<void> {
  if (!ids.length) return;
  await db.query('SELECT pg_advisory_xact_lock(7274025, x) FROM unnest($1::int[]) AS x ORDER BY x', [
    [...ids].sort((a, b) => a - b),
  ]);
}

/** The orgs' paths ('/1/5/17/'). */
export async function orgPathsOf(db: Db, ids: readonly number[]): Promise<Map<number, string>> {
  const rows = await db.query<{ id: number; path: string }>(
    'SELECT id, path FROM org WHERE id = ANY($1::int[])',
    [ids],
  );
  return new Map(rows.map((r) => [r.id, r.path]));
}

export interface OwnRow extends OwnCell {
  orgId: number;
}

/** The orgs' own cells. */
export async function ownCellsOf(db: Db, ids: readonly number[]): Promise<OwnRow[]> {
  return db.query<OwnRow>(
    `SELECT org_id AS "orgId", year, type, expected, held, pending FROM life_own WHERE org_id = ANY($1::int[])`,
    [ids],
  );
}

/**
 * The orgs' own cells that touch a range (`masks`: each year's bits of the range, domain/meetings/rollup.ts
 * `cellRange`): the other years' cells and those with no bit in the range left on the server, and each cell's bits
 * outside the range cleared — what `itemsFromCells` reads of them (a compliance of two quarters reads about half of
 * an org's cells).
 */
export async function ownCellsIn(
  db: Db,
  ids: readonly number[],
  masks: ReadonlyMap<number, number>,
): Promise<OwnRow[]> {
  return db.query<OwnRow>(
    `SELECT c.org_id AS "orgId", c.year, c.type, c.expected & r.m AS expected, c.held & r.m AS held,
            c.pending & r.m AS pending
       FROM life_own c JOIN unnest($2::int[], $3::int[]) AS r(y, m) ON c.year = r.y
      WHERE c.org_id = ANY($1::int[]) AND (c.expected | c.held | c.pending) & r.m <> 0`,
    [ids, [...masks.keys()], [...masks.values()]],
  );
}

/** Replaces the orgs' own cells by these. */
export async function replaceOwnCells(
  db: Db,
  ids: readonly number[],
  rows: readonly OwnRow[],
): Promise<void> {
  await db.query('DELETE FROM life_own WHERE org_id = ANY($1::int[])', [ids]);
  await insertOwnCells(db, rows);
}

async function insertOwnCells(db: Db, rows: readonly OwnRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 20000) {
    const part = rows.slice(i, i + 20000);
    const col = <K extends keyof OwnRow>(k: K) => part.map((r) => r[k]);
    await db.query(
      `INSERT INTO life_own (org_id, year, type, expected, held, pending)
       SELECT * FROM unnest($1::int[], $2::smallint[], $3::text[], $4::int[], $5::int[], $6::int[])`,
      [col('orgId'), col('year'), col('type'), col('expected'), col('held'), col('pending')],
    );
  }
}

/**
 * A rebuild's own cells, by COPY into the table it builds (`startLifeTables`; decision 0044 addendum: no
 * parameter array per column to build and parse). In the caller's transaction: a failed rebuild leaves the old cells.
 */
export async function copyOwnCells(db: Db, rows: readonly OwnRow[]): Promise<void> {
  if (!rows.length) return;
  await db.copyIn(
    NEXT.own,
    ['org_id', 'year', 'type', 'expected', 'held', 'pending'],
    copyChunks(
      rows,
      (r) => `${r.orgId}\t${r.year}\t${copyText(r.type)}\t${r.expected}\t${r.held}\t${r.pending}\n`,
    ),
  );
}

/** A rebuild's rolled cells, by COPY into the table it builds (`startLifeTables`). */
export async function copyRollCells(db: Db, rows: Iterable<RollRow>): Promise<void> {
  await db.copyIn(
    NEXT.roll,
    ['org_id', 'year', 'type', 'period', 'expected', 'held', 'pending'],
    copyChunks(
      rows,
      (r) =>
        `${r.orgId}\t${r.year}\t${copyText(r.type)}\t${r.period}\t${r.expected}\t${r.held}\t${r.pending}\n`,
    ),
  );
}

/** The tables a rebuild fills before they take the place of life_own and life_roll (`swapLifeTables`). */
const NEXT = { own: 'life_own_next', roll: 'life_roll_next' } as const;

/**
 * A rebuild's start (decision 0044, session 16 addendum): the marks dropped, and two empty tables like life_own and
 * life_roll, without their primary keys, for its cells. COPY into them checks no key and meets no dead row: written
 * into the old tables after a DELETE, each row's key was checked against the old rows' index entries (the deleted
 * rows' too), 4–5× the cost of the rows themselves. The old tables stay as they are for readers until the swap.
 */
export async function startLifeTables(db: Db): Promise<void> {
  await db.query('DELETE FROM life_dirty');
  await db.exec(
    `CREATE TABLE ${NEXT.own} (LIKE life_own INCLUDING ALL EXCLUDING INDEXES);
     CREATE TABLE ${NEXT.roll} (LIKE life_roll INCLUDING ALL EXCLUDING INDEXES)`,
  );
}

/**
 * A rebuild's end: the primary keys built on the filled tables (one sort each), then the old tables dropped and the
 * new ones renamed in their place, with the keys' names the migrations gave. Only the drop and the renames hold the
 * tables exclusively (readers wait for them, not for the rebuild; a reader in READ COMMITTED waiting on them reads
 * the new table once the rebuild commits). A REPEATABLE READ transaction older than the swap would see the new
 * tables empty: the backup locks them before its snapshot (repositories/backup.ts). The new tables are analysed
 * at once: they have no statistics of their own, and PGlite runs no autovacuum to gather them.
 */
export async function swapLifeTables(db: Db): Promise<void> {
  await db.exec(
    `ALTER TABLE ${NEXT.own} ADD CONSTRAINT ${NEXT.own}_pk PRIMARY KEY (org_id, year, type);
     ALTER TABLE ${NEXT.roll} ADD CONSTRAINT ${NEXT.roll}_pk PRIMARY KEY (org_id, year, type, period);
     DROP TABLE life_own, life_roll;
     ALTER TABLE ${NEXT.own} RENAME TO life_own;
     ALTER TABLE life_own RENAME CONSTRAINT ${NEXT.own}_pk TO life_own_pk;
     ALTER TABLE ${NEXT.roll} RENAME TO life_roll;
     ALTER TABLE life_roll RENAME CONSTRAINT ${NEXT.roll}_pk TO life_roll_pk;
     ANALYZE life_own, life_roll`,
  );
}

export interface RollRow extends RollCell {
  orgId: number;
}

/**
 * Adds these differences to the rolled cells, in the order of the primary key (two writers adding to the same
 * ancestors wait for each other rather than deadlock, as applyDelta).
 */
export async function addRollCells(db: Db, rows: readonly RollRow[]): Promise<void> {
  if (!rows.length) return;
  const sorted = [...rows].sort(
    (a, b) =>
      a.orgId - b.orgId ||
      a.year - b.year ||
      (a.type < b.type ? -1 : a.type > b.type ? 1 : 0) ||
      a.period - b.period,
  );
  const col = <K extends keyof RollRow>(k: K) => sorted.map((r) => r[k]);
  await db.query(
    `INSERT INTO life_roll (org_id, year, type, period, expected, held, pending)
     SELECT o, y, t, p, e, h, n
       FROM unnest($1::int[], $2::smallint[], $3::text[], $4::smallint[], $5::int[], $6::int[], $7::int[])
              WITH ORDINALITY AS c(o, y, t, p, e, h, n, i)
      ORDER BY i
     ON CONFLICT (org_id, year, type, period) DO UPDATE SET expected = life_roll.expected + excluded.expected,
            held = life_roll.held + excluded.held, pending = life_roll.pending + excluded.pending`,
    [col('orgId'), col('year'), col('type'), col('period'), col('expected'), col('held'), col('pending')],
  );
}

/** Every org's id and path, in id order (a rebuild). */
export async function allOrgPaths(db: Db): Promise<{ id: number; path: string }[]> {
  return db.query('SELECT id, path FROM org ORDER BY id');
}

/**
 * An org move (repositories/orgs.ts writeOrgMove, under the aggregate state held exclusively): the moved subtree's
 * totals — its own cells and its rolled cells — leave the old ancestors and join the new ones.
 */
export async function shiftLifeRoll(
  db: Db,
  orgId: number,
  oldAncestors: readonly number[],
  newAncestors: readonly number[],
): Promise<void> {
  const shift = ancestorShift(oldAncestors, newAncestors);
  if (!shift) return;
  const { gone, come } = shift;
  await db.query(
    `WITH own AS (
       SELECT o.year, o.type, b AS period, (o.expected >> b) & 1 AS e, (o.held >> b) & 1 AS h,
              (o.pending >> b) & 1 AS n
         FROM life_own o CROSS JOIN generate_series(0, 16) AS b WHERE o.org_id = $1),
     tot AS (
       SELECT year, type, period, sum(e)::int AS e, sum(h)::int AS h, sum(n)::int AS n FROM (
         SELECT year, type, period, e, h, n FROM own
         UNION ALL SELECT year, type, period, expected, held, pending FROM life_roll WHERE org_id = $1) x
        GROUP BY year, type, period HAVING sum(e) <> 0 OR sum(h) <> 0 OR sum(n) <> 0),
     d AS (
       SELECT a.anc, a.sign, tot.* FROM tot
         CROSS JOIN (SELECT x, -1 FROM unnest($2::int[]) x UNION ALL SELECT x, 1 FROM unnest($3::int[]) x)
              AS a(anc, sign))
     INSERT INTO life_roll (org_id, year, type, period, expected, held, pending)
     SELECT anc, year, type, period, sign * e, sign * h, sign * n FROM d ORDER BY anc, year, type, period
     ON CONFLICT (org_id, year, type, period) DO UPDATE SET expected = life_roll.expected + excluded.expected,
            held = life_roll.held + excluded.held, pending = life_roll.pending + excluded.pending`,
    [orgId, gone, come],
  );
}

/** An org's rolled cells (its subtree, itself excluded) and its own cells, for years. */
export async function lifeSummaryCells(
  db: Db,
  orgId: number,
  years: readonly number[],
): Promise<{ roll: RollCell[]; own: OwnCell[] }> {
  const [roll, own] = await Promise.all([
    db.query<RollCell>(
      `SELECT year, type, period, expected, held, pending FROM life_roll
        WHERE org_id = $1 AND year = ANY($2::smallint[])`,
      [orgId, years],
    ),
    db.query<OwnCell>(
      `SELECT year, type, expected, held, pending FROM life_own WHERE org_id = $1 AND year = ANY($2::smallint[])`,
      [orgId, years],
    ),
  ]);
  return { roll, own };
}

export interface SubtreeOwnRow {
  orgId: number;
  code: string;
  name: string;
  path: string;
  cells: { year: number; type: LifeItemType; expected: number; held: number; pending: number }[];
}

/** The own cells of every org of a subtree (by today's tree) that has any in the years, in tree order. */
export async function subtreeOwnCells(
  db: Db,
  path: string,
  years: readonly number[],
): Promise<SubtreeOwnRow[]> {
  return db.query<SubtreeOwnRow>(
    `SELECT o.id AS "orgId", o.code, o.name, o.path,
            json_agg(json_build_object('year', l.year, 'type', l.type, 'expected', l.expected, 'held', l.held,
                                       'pending', l.pending)) AS cells
       FROM org o JOIN life_own l ON l.org_id = o.id AND l.year = ANY($2::smallint[])
      WHERE o.path LIKE $1
      GROUP BY o.id ORDER BY o.path COLLATE "C"`,
    [`${path}%`, years],
  );
}

/** An org of a subtree with its own cells packed as text (`subtreeCellText`). */
export interface SubtreeCellTextRow {
  orgId: number;
  code: string;
  name: string;
  path: string;
  /** `year type expected held pending` per cell, cells separated by `;` (integers in decimal) */
  cells: string;
}

/**
 * The own cells of every org of a subtree (by today's tree) that has any in the years, in tree order, each org's
 * cells as one text (a county's page reads ~3,000 orgs' ~50,000 cells: building a JSON object per cell cost more
 * than the index reads). Only cells with a bit of the year's range (`masks`, in the order of `years`) are sent.
 */
export async function subtreeCellText(
  db: Db,
  path: string,
  years: readonly number[],
  masks: readonly number[],
): Promise<SubtreeCellTextRow[]> {
  // per org (a lateral aggregate over its own cells' index range), not one GROUP BY over the joined rows: grouping
  // by org id made the planner walk the orgs in id order or sort every cell (0.5x the statement on a 2,977-org city)
  return db.query<SubtreeCellTextRow>(
    `SELECT o.id AS "orgId", o.code, o.name, o.path, c.cells
       FROM org o
       CROSS JOIN LATERAL (
         SELECT string_agg(l.year || ' ' || l.type || ' ' || l.expected || ' ' || l.held || ' ' || l.pending, ';') AS cells
           FROM unnest($2::smallint[], $3::int[]) AS r(year, mask)
           JOIN life_own l ON l.org_id = o.id AND l.year = r.year AND (l.expected | l.held | l.pending) & r.mask <> 0
       ) c
      WHERE o.path LIKE $1 AND c.cells IS NOT NULL
      ORDER BY o.path COLLATE "C"`,
    [`${path}%`, years, masks],
  );
}
