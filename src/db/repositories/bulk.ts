/**
 * SQL of the bulk writers (services/bulk.ts, bulk-orgs.ts, demo-history.ts): whether the session may skip the
 * per-row triggers, the one foreign-key check of a chunk, the bulk flags, id sequences, the aggregate upsert through
 * a temporary table, and the member tables' secondary indexes a big first load drops and builds again. The service
 * decides when and in which order; each function here is the statements of one step, in one round trip where the
 * step had one.
 */
import type { Db } from '../client.js';
import { esc } from '../member-columns.js';
import { noOverlapCheckSql, type IntervalTable } from '../intervals.js';

/**
 * Whether this session may set session_replication_role, which bulk writes use to replace PostgreSQL's per-row
 * foreign-key checks with one batched check (checkChunkOrgs): PGlite runs as superuser; on PostgreSQL the role must
 * be a superuser or (15+) have been granted SET on the parameter. Otherwise the per-row checks run as usual.
 */
export async function maySkipRowTriggers(db: Db): Promise<boolean> {
  const [r] = await db.query<{ su: string; v: number }>(
    "SELECT current_setting('is_superuser') AS su, current_setting('server_version_num')::int AS v",
  );
  if (!r) return false;
  if (r.su === 'on') return true;
  if (r.v < 150000) return false;
  const [p] = await db.query<{ ok: boolean }>(
    "SELECT has_parameter_privilege('session_replication_role', 'SET') AS ok",
  );
  return p?.ok === true;
}

/**
 * The foreign-key check of a chunk written without per-row triggers: looks up every org of `orgIds` (once each) and
 * key-share locks it until commit, exactly what each row's check would do. Returns whether all of them exist.
 */
export async function checkChunkOrgs(db: Db, orgIds: readonly number[]): Promise<boolean> {
  const ids = [...new Set(orgIds)];
  const found = await db.query<{ id: number }>('SELECT id FROM org WHERE id = ANY($1::int[]) FOR KEY SHARE', [
    ids,
  ]);
  return found.length === ids.length;
}

/**
 * Turns bulk writing on or off for the rest of the transaction, in one statement: the `jiceng.bulk` flag (the row
 * audit triggers stand aside while it is on) and, with `skipRowTriggers`, session_replication_role ('replica'
 * skips the per-row foreign-key triggers; 'origin' brings them back).
 */
export async function setBulkWrite(db: Db, on: boolean, skipRowTriggers: boolean): Promise<void> {
  if (skipRowTriggers) {
    await db.query(
      on
        ? "SELECT set_config('jiceng.bulk', 'on', true), set_config('session_replication_role', 'replica', true)"
        : "SELECT set_config('jiceng.bulk', 'off', true), set_config('session_replication_role', 'origin', true)",
    );
  } else {
    await db.query(
      on ? "SELECT set_config('jiceng.bulk', 'on', true)" : "SELECT set_config('jiceng.bulk', 'off', true)",
    );
  }
}

/**
 * What the statement triggers of `member_period` mark (migrations 0018, 0024: the orgs of the written periods, for
 * the life and the dues rollups), for periods written under the replica role, which silences those triggers too.
 */
export async function markPeriodOrgs(db: Db, orgIds: readonly number[]): Promise<void> {
  if (!orgIds.length) return;
  await db.query(
    `WITH ids AS (SELECT DISTINCT unnest($1::int[]) AS org_id),
          life AS (INSERT INTO life_dirty (org_id) SELECT org_id FROM ids ON CONFLICT DO NOTHING)
     INSERT INTO dues_dirty (org_id) SELECT org_id FROM ids ON CONFLICT DO NOTHING`,
    [orgIds],
  );
}

/** The id sequences bulk writers take ids from ahead of a COPY. */
export type IdSequence = 'org_id_seq' | 'person_id_seq' | 'member_id_seq';

/**
 * `n` ids of the sequence `seq`, in one statement, returned as one array (one row instead of `n`: a 20k-id chunk
 * is read 3–4× faster, most of it the driver's per-row work).
 */
export async function nextIds(db: Db, seq: IdSequence, n: number): Promise<number[]> {
  if (n === 0) return [];
  const [r] = await db.query<{ ids: number[] }>(
    `SELECT array_agg(nextval('${seq}')::int) AS ids FROM generate_series(1, $1)`,
    [n],
  );
  return r?.ids ?? [];
}

type StatCellRow = { orgId: number; dim: string; key: string; n: number };

/**
 * Cells as COPY text, in chunks of at most 50,000 lines, made as they are read (cells with n = 0 left out), each
 * chunk written as bytes into a buffer of its own: a line made as a string lives as long as its chunk, long enough
 * to be promoted, so a million-member load's ~2.8 million lines left ~100 MB of old-generation garbage behind the
 * cells' phase — its peak (issue 9 #6, session 24: VmHWM 424–477 MB). Each (dim, key)'s middle part is encoded once.
 */
export function* statCopyChunks(cells: Iterable<StatCellRow>): Generator<Buffer> {
  const CHUNK = 50_000;
  const middles = new Map<string, Map<string, Buffer>>();
  let buf = Buffer.allocUnsafe(1 << 16);
  let at = 0;
  let lines = 0;
  for (const c of cells) {
    if (c.n === 0) continue;
    let byKey = middles.get(c.dim);
    if (!byKey) middles.set(c.dim, (byKey = new Map()));
    let middle = byKey.get(c.key);
    if (!middle) byKey.set(c.key, (middle = Buffer.from(`\t${esc(c.dim)}\t${esc(c.key)}\t`)));
    const org = String(c.orgId);
    const n = String(c.n);
    const length = org.length + middle.length + n.length + 1;
    if (at + length > buf.length) {
      // (a chunk's buffer grows by doubling; the next chunk's starts at the size this one reached)
      const grown = Buffer.allocUnsafe(Math.max(buf.length * 2, at + length));
      buf.copy(grown, 0, 0, at);
      buf = grown;
    }
    at += buf.write(org, at, 'latin1');
    at += middle.copy(buf, at);
    at += buf.write(n, at, 'latin1');
    buf[at++] = 0x0a;
    if (++lines === CHUNK) {
      yield buf.subarray(0, at);
      buf = Buffer.allocUnsafe(buf.length);
      at = 0;
      lines = 0;
    }
  }
  if (lines) yield buf.subarray(0, at);
}

/**
 * Adds aggregate cells to org_stat in one statement: the cells go to a temporary table by COPY, then one
 * INSERT … ON CONFLICT adds them (the same upsert as stats.ts applyDelta, without a parameter array per column).
 * For many cells (applyDelta is cheaper for a few); cells with n = 0 are the caller's to leave out.
 */
export async function upsertStatCells(db: Db, cells: readonly StatCellRow[]): Promise<void> {
  await db.query(
    'CREATE TEMP TABLE jiceng_bulk_stat (org_id int NOT NULL, dim text NOT NULL, key text NOT NULL, n int NOT NULL) ON COMMIT DROP',
  );
  await db.copyIn('jiceng_bulk_stat', ['org_id', 'dim', 'key', 'n'], statCopyChunks(cells));
  await db.query(
    // in applyDelta's order of cells, so that it waits for a concurrent writer instead of deadlocking with it
    `INSERT INTO org_stat (org_id, dim, key, n) SELECT org_id, dim, key, n FROM jiceng_bulk_stat
      ORDER BY org_id DESC, dim COLLATE "C", key COLLATE "C"
     ON CONFLICT (org_id, dim, key) DO UPDATE SET n = org_stat.n + excluded.n`,
  );
  await db.query('DROP TABLE jiceng_bulk_stat');
}

/**
 * COPYs cells straight into org_stat: for a first load that found no cell of any of its dimensions under the
 * member tables' lock (noStatCells), so none of these cells can exist (decision 0016). Each cell must come once.
 * About three times cheaper than the upsert for a big load: no temporary table, no sort, no conflict probe. The
 * cells are read as they are sent, one COPY per 50,000 (a million-member load has ~2.8 million cells: gathered as
 * objects and text they took hundreds of megabytes; PGlite takes each COPY's text as one blob).
 */
export async function copyStatCells(
  db: Db,
  cells: Iterable<StatCellRow>,
  opts: { atLeast?: number } = {},
): Promise<void> {
  await copyStatText(db, statCopyChunks(cells), opts);
}

/** copyStatCells for cells already made into COPY text (statCopyChunks), one COPY per chunk. */
export async function copyStatText(
  db: Db,
  chunks: Iterable<string | Uint8Array>,
  opts: { atLeast?: number } = {},
): Promise<void> {
  const rebuild = opts.atLeast !== undefined && (await mayRebuildStatKey(db, opts.atLeast));
  const restore = rebuild ? await dropIndexes(db, [], ['org_stat_pk']) : [];
  for (const chunk of chunks) await db.copyIn('org_stat', ['org_id', 'dim', 'key', 'n'], [chunk]);
  await restoreIndexes(db, restore);
}

/**
 * Whether copyStatCells may drop org_stat's primary key for its COPY and build it again after (decision 0027
 * addendum): the key built from the sorted cells is about four times cheaper per row than the same cells inserted
 * into it one by one (284k cells of a 100k-member load: 0.85 s → 0.35 s on PostgreSQL), so it pays when the load
 * brings at least a quarter as many cells as the table holds. Dropping the key locks org_stat (ACCESS EXCLUSIVE,
 * until the load commits, about a second later): taken only when no other transaction holds the table that instant
 * (NOWAIT under a savepoint; else the cells go in with the key kept), so the load neither waits for a reader nor
 * deadlocks with a writer that holds cells and waits for the member tables the load has locked.
 */
async function mayRebuildStatKey(db: Db, newCells: number): Promise<boolean> {
  const [est] = await db.query<{ n: number }>(
    `SELECT CASE WHEN c.reltuples >= 0 THEN c.reltuples::bigint ELSE (SELECT count(*) FROM org_stat) END::float8 AS n
       FROM pg_class c WHERE c.oid = 'org_stat'::regclass`,
  );
  if (newCells * 4 < (est?.n ?? Infinity)) return false;
  await db.exec('SAVEPOINT jiceng_stat_key');
  try {
    await db.exec('LOCK TABLE org_stat IN ACCESS EXCLUSIVE MODE NOWAIT');
    await db.exec('RELEASE SAVEPOINT jiceng_stat_key');
    return true;
  } catch (e) {
    if ((e as { code?: string } | null)?.code !== '55P03') throw e;
    await db.exec('ROLLBACK TO SAVEPOINT jiceng_stat_key');
    await db.exec('RELEASE SAVEPOINT jiceng_stat_key');
    return false;
  }
}

/** Whether org_stat holds no cell (not even a zero one) of any of these dimensions. */
export async function noStatCells(db: Db, dims: readonly string[]): Promise<boolean> {
  const [r] = await db.query<{ none: boolean }>(
    'SELECT NOT EXISTS (SELECT 1 FROM org_stat WHERE dim = ANY($1::text[])) AS none',
    [dims],
  );
  return r?.none ?? false;
}

// --- the member tables' secondary indexes (a big first load) -----------------------------------------------------

/** The number of members, counted up to `limit` at most (a bounded count: no full scan of a big table). */
export async function countMembersUpTo(db: Db, limit: number): Promise<number> {
  const [c] = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM (SELECT 1 FROM member LIMIT $1) s',
    [limit],
  );
  return c?.n ?? 0;
}

/** Whether the person table has no row (read under the bulk load's lock: nobody can add one meanwhile). */
export async function noPersons(db: Db): Promise<boolean> {
  const [r] = await db.query<{ none: boolean }>('SELECT NOT EXISTS (SELECT 1 FROM person) AS none');
  return r?.none ?? false;
}

/** Locks the member tables (person, member, member_period) ACCESS EXCLUSIVE until the transaction ends. */
export async function lockMemberTables(db: Db): Promise<void> {
  await db.exec('LOCK TABLE person, member, member_period IN ACCESS EXCLUSIVE MODE NOWAIT');
}

/**
 * Drops the constraints named `constraints` and the indexes named `indexes` (those of them that exist in the
 * current schema, constraints first) and returns the statements that build them again with their exact
 * definitions (indexes first, then the constraints, each by name): restoreIndexes runs them.
 */
export async function dropIndexes(
  db: Db,
  indexes: readonly string[],
  constraints: readonly string[],
): Promise<string[]> {
  const cons = await db.query<{ name: string; tbl: string; def: string }>(
    `SELECT c.conname AS name, t.relname AS tbl, pg_get_constraintdef(c.oid) AS def
       FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
      WHERE t.relnamespace = current_schema()::regnamespace AND c.conname = ANY($1::text[]) ORDER BY c.conname`,
    [constraints],
  );
  const defs = await db.query<{ name: string; def: string }>(
    `SELECT indexname AS name, indexdef AS def FROM pg_indexes
      WHERE schemaname = current_schema() AND indexname = ANY($1::text[]) ORDER BY indexname`,
    [indexes],
  );
  for (const c of cons) await db.exec(`ALTER TABLE ${c.tbl} DROP CONSTRAINT ${c.name}`);
  for (const d of defs) await db.exec(`DROP INDEX ${d.name}`);
  return [
    ...defs.map((d) => d.def),
    ...cons.map((c) => `ALTER TABLE ${c.tbl} ADD CONSTRAINT ${c.name} ${c.def}`),
  ];
}

/**
 * Turns a dated table's no-overlap trigger off for a bulk load (decision 0016) and returns the statements that turn
 * it on again and check every period of the table in one query (raising the trigger's own error), for
 * restoreIndexes to run before the load's transaction ends.
 */
export async function suspendOverlapTrigger<V extends Record<string, unknown>>(
  db: Db,
  t: IntervalTable<V>,
): Promise<string[]> {
  if (t.overlapRule !== 'trigger') throw new Error(`${t.table}: its no-overlap rule is not a trigger`);
  await db.exec(`ALTER TABLE ${t.table} DISABLE TRIGGER ${t.names.noOverlap}`);
  return [`ALTER TABLE ${t.table} ENABLE TRIGGER ${t.names.noOverlap}`, noOverlapCheckSql(t)];
}

/**
 * Runs the statements dropIndexes returned, in their order: one by one, or `atOnce` in one round trip (the database
 * then runs them all without waiting for this process, which may do other work meanwhile).
 */
export async function restoreIndexes(
  db: Db,
  statements: readonly string[],
  opts: { atOnce?: boolean } = {},
): Promise<void> {
  if (opts.atOnce) {
    if (statements.length) await db.exec(statements.join(';\n'));
    return;
  }
  for (const s of statements) await db.exec(s);
}
