/**
 * The planner's statistics on PGlite (decision 0021). PostgreSQL's autovacuum analyses tables as they change;
 * PGlite runs no autovacuum, so a table loaded after its indexes were built keeps the planner's defaults (an org
 * subtree of 796 orgs estimated at 4), and the roster of a 20k-member county took seconds per page through a plan
 * made for an empty table. The member tables are analysed after an import that wrote many rows (against their
 * size), after a demo seed, and at start-up when they have no statistics at all. ANALYZE samples a bounded number of rows (30,000 per table), so it costs about
 * the same for a county as for a province: ~1 s on a quiet machine.
 */
import type { Db } from './client.js';

/** The tables the roster, the statistics and the org tree plan their queries on. */
const TABLES = ['org', 'person', 'member', 'member_period', 'org_stat'];

/** ANALYZE of the roster's tables on PGlite; nothing on PostgreSQL (autovacuum does it) unless `always`. */
export async function refreshPlannerStats(db: Db, opts: { always?: boolean } = {}): Promise<boolean> {
  if (db.kind !== 'pglite' && !opts.always) return false;
  await db.exec(`ANALYZE ${TABLES.join(', ')}`);
  return true;
}

/**
 * The tables the health evaluation reads besides the roster's (decision 0032), analysed on both engines after a
 * bulk load (the demo seed) and before the first evaluation: PostgreSQL's autovacuum had not yet caught up with a
 * freshly seeded county, and the county's meeting attendance planned for near-empty tables ran for over ten minutes
 * (a nested loop over 279k attendance rows) where it takes under a second once analysed.
 */
const EVALUATION_TABLES = [
  ...TABLES,
  'committee_post',
  'meeting',
  'meeting_attendance',
  'dues_basis',
  'dues_relief',
  'dues_payment',
  'transfer',
  'lost_contact',
];

export async function refreshEvaluationStats(db: Db): Promise<void> {
  await db.exec(`ANALYZE ${EVALUATION_TABLES.join(', ')}`);
}

/**
 * After a write of `changedRows` rows on PGlite: ANALYZE when they are many against the tables' size as last
 * analysed (autovacuum's own rule: 50 rows + 10 % of the table, here of the smaller of org and member), so that a
 * large import is planned for right away and a small one costs nothing. Returns whether it analysed.
 */
export async function refreshPlannerStatsAfter(db: Db, changedRows: number): Promise<boolean> {
  if (db.kind !== 'pglite' || changedRows < 50) return false;
  const [r] = await db.query<{ n: number }>(
    `SELECT coalesce(min(greatest(c.reltuples, 0)), 0)::float8 AS n FROM pg_class c
      WHERE c.relname IN ('org', 'member') AND c.relnamespace = current_schema()::regnamespace`,
  );
  if (changedRows < 50 + 0.1 * (r?.n ?? 0)) return false;
  return refreshPlannerStats(db);
}

/** Whether some roster table with rows has never been analysed (no statistics for any of its columns). */
export async function plannerStatsMissing(db: Db): Promise<boolean> {
  const [r] = await db.query<{ missing: boolean }>(
    `SELECT EXISTS (
       SELECT 1 FROM pg_class c
        WHERE c.relname = ANY($1::text[]) AND c.relnamespace = current_schema()::regnamespace
          AND NOT EXISTS (SELECT 1 FROM pg_stats s WHERE s.schemaname = current_schema() AND s.tablename = c.relname)
          AND pg_relation_size(c.oid) > 0) AS missing`,
    [TABLES],
  );
  return r?.missing ?? false;
}

/**
 * Plans the rest of the transaction without parallel workers. A county's interactive reads (the overdue list: ~5,600
 * index probes, ~2,000 rows) were planned with two parallel workers at the 5M province; on a 2-core server those
 * workers wait for a core beside every other request, and the same statement took 2.5–5× as long with them as
 * without at load ~12 (decision 0050's addendum of session 18). Set locally: it ends with the transaction.
 */
export async function serialPlans(db: Db): Promise<void> {
  await db.query("SELECT set_config('max_parallel_workers_per_gather', '0', true)");
}
