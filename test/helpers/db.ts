/**
 * Per-file test databases on real engines: a fresh in-memory PGlite always, and a fresh PostgreSQL database when
 * TEST_DATABASE_URL is set (CI sets it). `describeDb` runs the same suite on each engine. Never a mock. A migrated
 * database is a clone of the schema migrated once per run (test/global-setup.ts): the PGlite dump loaded into a new
 * in-memory database, the PostgreSQL database created from the template database.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, inject } from 'vitest';
import pg from 'pg';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, pgliteSettingsOf } from '../../src/config.js';
import { dumpPglite, openDb, type Db, type PgliteSettings } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { TEST_EMPTIED_TABLES } from '../../src/db/tables.js';
import { fixedClock, type Clock, type Ctx } from '../../src/services/context.js';
import { SYSTEM_ACTOR, type Actor } from '../../src/domain/access/policy.js';
import { DEFAULT_SETTINGS, type LocalSettings } from '../../src/policy/settings.js';
import { DumpBlob } from './dump-blob.js';

export const TODAY = '2026-11-22';

/** One engine's open database. */
export interface Handle {
  readonly db: Db;
  drop(): Promise<void>;
  /**
   * A new database holding what this one holds now (its own to write; dropped with its own `drop`): on PGlite the
   * folder's dump loaded into a new in-memory database, on PostgreSQL `CREATE DATABASE … TEMPLATE` this one (its
   * connections are closed for the copy and opened again: `db` is then a new handle).
   */
  copy(): Promise<Handle>;
}

export interface Engine {
  name: 'pglite' | 'postgres';
  /** a fresh database, migrated unless `migrate: false` */
  open(opts?: { migrate?: boolean }): Promise<Handle>;
}

const dumps = new Map<string, Blob>();
/** a dump the run's global setup wrote (global-setup.ts), read once per process; null when run without it */
function runDump(which: 'pgliteTemplateFile' | 'pgliteEmptyFile'): Blob | null {
  const file = inject(which);
  if (!file || !existsSync(file)) return null;
  let dump = dumps.get(file);
  if (!dump) {
    dump = new DumpBlob(new Uint8Array(readFileSync(file)));
    dumps.set(file, dump);
  }
  return dump;
}

/** the migrated PGlite data folder of this run (global-setup.ts), or null when run without it */
function pgliteTemplate(): Blob | null {
  return runDump('pgliteTemplateFile');
}

/**
 * The run's PGlite data folder as initdb leaves it, before any migration (global-setup.ts), or null when run without
 * it: `openDb({ dataDir, loadDataDir })` of it opens an unmigrated database, as an empty start of PGlite would, for
 * ~3 s of CPU instead of initdb's ~8 (decision 0028's addendum of session 20).
 */
export function pgliteEmptyDump(): Blob | null {
  return runDump('pgliteEmptyFile');
}

let settings: PgliteSettings | null = null;
/**
 * The memory every test's PGlite runs with: what a deployment's server and commands give it (config.ts's defaults,
 * decision 0054: a 64 MB buffer pool), not PGlite's own 128 MB — the engine as it runs in production, and each open
 * ~0.3 s of CPU cheaper (decision 0028's addendum of session 21).
 */
function pgliteSettings(): PgliteSettings {
  settings ??= pgliteSettingsOf(loadConfig());
  return settings;
}

function pgliteHandle(db: Db): Handle {
  return {
    db,
    drop: () => db.close(),
    async copy() {
      // a checkpoint first: the copy then opens with nothing to replay (test/global-setup.ts)
      await db.exec('CHECKPOINT');
      return pgliteHandle(
        await openDb({
          dataDir: 'memory://',
          loadDataDir: await dumpPglite(db),
          pglite: pgliteSettings(),
          worker: PGLITE_WORKER,
        }),
      );
    },
  };
}

/**
 * TEST_PGLITE_WORKER=1: the PGlite variant of every suite opens its database on a thread of its own (decision
 * 0057), as a server with JICENG_PGLITE_WORKER does.
 */
const PGLITE_WORKER = process.env.TEST_PGLITE_WORKER === '1';

const pgliteEngine: Engine = {
  name: 'pglite',
  async open(opts) {
    const template = opts?.migrate !== false ? pgliteTemplate() : pgliteEmptyDump();
    const db = await openDb({
      dataDir: 'memory://',
      ...(template ? { loadDataDir: template } : {}),
      pglite: pgliteSettings(),
      worker: PGLITE_WORKER,
    });
    // with the template this applies nothing (it checks that every committed migration is there)
    if (opts?.migrate !== false) await migrate(db);
    return pgliteHandle(db);
  },
};

function postgresEngine(url: string): Engine {
  const admin = async (sql: string) => {
    const a = new pg.Client({ connectionString: url });
    await a.connect();
    try {
      await a.query(sql);
    } finally {
      await a.end();
    }
  };
  const connect = (name: string) => {
    const u = new URL(url);
    u.pathname = `/${name}`;
    return openDb({ databaseUrl: u.toString() });
  };
  const created = async (template: string): Promise<Handle> => {
    const name = `jt_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
    await admin(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
    let db = await connect(name);
    return {
      get db() {
        return db;
      },
      async drop() {
        await db.close();
        await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      },
      async copy() {
        // PostgreSQL copies a database only while nobody is connected to it
        await db.close();
        try {
          return await created(name);
        } finally {
          db = await connect(name);
        }
      },
    };
  };
  return {
    name: 'postgres',
    async open(opts) {
      const handle = await created(opts?.migrate !== false ? inject('postgresTemplateDb') : '');
      if (opts?.migrate !== false) await migrate(handle.db);
      return handle;
    },
  };
}

/**
 * Opens an embedded data folder holding the run's migrated schema (the PGlite template describeDb's databases load;
 * test/global-setup.ts): a test of the `jiceng` command or of a data folder then starts from a migrated folder, as a
 * deployment's second start does, instead of an empty one — which costs every command started on it initdb and
 * every migration, seconds each. Without the global setup the folder is migrated here as before.
 */
export async function openMigratedFolder(dataDir: string): Promise<Db> {
  const template = pgliteTemplate();
  const db = await openDb({
    dataDir,
    ...(template ? { loadDataDir: template } : {}),
    pglite: pgliteSettings(),
  });
  await migrate(db);
  return db;
}

/** The run's migrated PostgreSQL template (test/global-setup.ts): `CREATE DATABASE x TEMPLATE` it; '' without. */
export function postgresTemplate(): string {
  return inject('postgresTemplateDb') ?? '';
}

export const ENGINES: Engine[] = [
  pgliteEngine,
  ...(process.env.TEST_DATABASE_URL ? [postgresEngine(process.env.TEST_DATABASE_URL)] : []),
];

export interface DbHarness {
  readonly db: Db;
  readonly engine: Engine['name'];
  ctx(opts?: { actor?: Actor; clock?: Clock; settings?: LocalSettings }): Ctx;
}

/** The tables emptied before every test: those the table registry marks so (src/shared/tables.ts). */
export const HARNESS_TABLES: readonly string[] = TEST_EMPTIED_TABLES;

/** Which of the emptied tables hold a row: one statement, a probe of each table's first row. */
const NON_EMPTY = `SELECT t FROM (VALUES ${HARNESS_TABLES.map(
  (t) => `('${t}', EXISTS (SELECT 1 FROM ${t}))`,
).join(', ')}) v(t, has) WHERE has`;

/** The sequences owned by the emptied tables' columns (serial and identity): what RESTART IDENTITY restarts. */
const OWNED_SEQUENCES = `SELECT s.relname AS seq FROM pg_class s
   JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.oid AND d.refclassid = 'pg_class'::regclass
   JOIN pg_class t ON t.oid = d.refobjid
  WHERE s.relkind = 'S' AND d.deptype IN ('a', 'i') AND t.relname = ANY($1::text[])
    AND s.relnamespace = current_schema()::regnamespace`;

/** How a database's tables are emptied before each test (read once per database). */
interface Emptying {
  /** whether this session may set session_replication_role (a superuser; PGlite always) */
  replica: boolean;
  sequences: string[];
}

async function emptying(db: Db): Promise<Emptying> {
  const [p] = await db.query<{ ok: boolean }>(
    "SELECT has_parameter_privilege('session_replication_role', 'SET') AS ok",
  );
  const sequences = (await db.query<{ seq: string }>(OWNED_SEQUENCES, [HARNESS_TABLES])).map((r) => r.seq);
  return { replica: p?.ok === true, sequences };
}

/**
 * Empties the harness's tables and restarts their ids, as `TRUNCATE <every one of them> RESTART IDENTITY CASCADE`
 * did (decision 0028's addendum of session 13). That truncate gave ~70 tables and each of their indexes new files
 * before every test, written or not: 0.2–0.5 s of a loaded machine's CPU on PGlite and 0.5–2.5 s on PostgreSQL
 * (a test that reads one row took 0.4–0.6 s on a quiet one). Now the tables that hold a row are found in one
 * statement and deleted from with every trigger off (session_replication_role = replica: no audit entry, no rollup
 * marked, no foreign key checked — every table of the harness is emptied, and no other table refers to one), then
 * each sequence of an emptied table that has handed out an id is set back to its start. A session that may not set
 * the role (PostgreSQL without superuser) truncates as before.
 */
async function emptyTables(db: Db, how: Emptying): Promise<void> {
  if (!how.replica) {
    // the audit log refuses TRUNCATE (migration 0002); the harness lifts that guard for its own transaction
    await db.transaction((tx) =>
      tx.exec(
        `ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_truncate; TRUNCATE ${HARNESS_TABLES.join(', ')} RESTART IDENTITY CASCADE; ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_truncate`,
      ),
    );
    return;
  }
  const full = (await db.query<{ t: string }>(NON_EMPTY)).map((r) => r.t);
  if (full.length > 0)
    await db.transaction((tx) =>
      tx.exec(
        `SET LOCAL session_replication_role = replica; ${full.map((t) => `DELETE FROM ${t}`).join('; ')}`,
      ),
    );
  await db.query(
    `SELECT setval(format('%I', sequencename)::regclass, start_value, false) FROM pg_sequences
      WHERE schemaname = current_schema() AND sequencename = ANY($1::text[]) AND last_value IS NOT NULL`,
    [how.sequences],
  );
}

/** The harness of one engine's database, open from beforeAll to afterAll. */
function harness(engine: Engine, handle: () => Handle | null): DbHarness {
  const h: DbHarness = {
    get db() {
      const open = handle();
      if (!open) throw new Error('database not open');
      return open.db;
    },
    engine: engine.name,
    ctx(opts) {
      return {
        db: h.db,
        clock: opts?.clock ?? fixedClock(TODAY),
        actor: opts?.actor ?? SYSTEM_ACTOR,
        settings: opts?.settings ?? DEFAULT_SETTINGS,
      };
    },
  };
  return h;
}

/** Runs `fn` once per engine, each with a fresh database emptied before every test. */
export function describeDb(name: string, fn: (h: DbHarness) => void) {
  for (const engine of ENGINES) {
    describe(`${name} [${engine.name}]`, () => {
      let handle: Handle | null = null;
      const h = harness(engine, () => handle);
      // the config's hookTimeout (120 s): a loaded machine took over 60 s to open a database
      let how: Emptying | null = null;
      beforeAll(async () => {
        handle = await engine.open();
        how = await emptying(handle.db);
      });
      afterAll(async () => {
        await handle?.drop();
      });
      beforeEach(() => emptyTables(h.db, how!));
      fn(h);
    });
  }
}

/**
 * Registers `fn`'s tests in a suite whose every test runs on its own copy of the seeded database, made before the
 * test and dropped after it: tests that write to what the seeding wrote (see describeSeeded).
 */
export type OnCopies = (name: string, fn: (copy: DbHarness) => void) => void;

/**
 * Runs `fn` once per engine on ONE database that `seed` writes before the first test and that is never emptied
 * (decision 0041): the suites whose every test only reads what one costly seeding wrote, such as the demo county's
 * checks, seed once per engine instead of once per test. `seeded()` is what `seed` returned. On PGlite, where
 * nothing else runs in the database, each test is also checked to have written nothing: a test that wrote would
 * change what the next one reads. A test that must write runs on a copy of the seeded database (`onCopies`,
 * decision 0028's addendum of session 13): a copy costs seconds where the seeding costs a minute.
 */
export function describeSeeded<T>(
  name: string,
  opts: { seed: (h: DbHarness) => Promise<T>; timeout?: number },
  fn: (h: DbHarness, seeded: () => T, onCopies: OnCopies) => void,
) {
  for (const engine of ENGINES) {
    describe(`${name} [${engine.name}]`, () => {
      let handle: Handle | null = null;
      let value: { v: T } | null = null;
      const h = harness(engine, () => handle);
      const seeded = () => {
        if (!value) throw new Error('database not seeded');
        return value.v;
      };
      beforeAll(async () => {
        handle = await engine.open();
        value = { v: await opts.seed(h) };
      }, opts.timeout ?? 600_000);
      afterAll(async () => {
        await handle?.drop();
      });
      if (engine.name === 'pglite') {
        // a transaction that writes takes a transaction id; reading the current one takes one too: a test that
        // wrote nothing leaves the counter one past where it was read before it
        const xid = async () =>
          Number((await h.db.query<{ x: string }>('SELECT txid_current()::text AS x'))[0]!.x);
        let before = 0;
        beforeEach(async () => {
          before = await xid();
        });
        afterEach(async ({ task }) => {
          const after = await xid();
          if (after !== before + 1)
            throw new Error(
              `"${task.name}" wrote to the seeded database (${after - before - 1} transactions)`,
            );
        });
      }
      const onCopies: OnCopies = (copiesName, copiesFn) =>
        describe(copiesName, () => {
          let copy: Handle | null = null;
          beforeEach(async () => {
            if (!handle) throw new Error('database not open');
            copy = await handle.copy();
          });
          afterEach(async () => {
            await copy?.drop();
            copy = null;
          });
          copiesFn(harness(engine, () => copy));
        });
      fn(h, seeded, onCopies);
    });
  }
}

const MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), '../../src/db/migrations');

/**
 * Applies the committed migrations not applied yet, in order, as migrate() does, up to (not including) the first
 * whose tag starts with `stopAt`: a test of one migration writes the rows it finds before applying it. Returns the
 * tags applied.
 */
export async function migrateUntil(db: Db, stopAt: string): Promise<string[]> {
  await db.exec(
    'CREATE TABLE IF NOT EXISTS jiceng_migration (tag text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
  );
  const journal = JSON.parse(readFileSync(join(MIGRATIONS, 'meta', '_journal.json'), 'utf8')) as {
    entries: { idx: number; tag: string }[];
  };
  const done = new Set(
    (await db.query<{ tag: string }>('SELECT tag FROM jiceng_migration')).map((r) => r.tag),
  );
  const applied: string[] = [];
  for (const e of journal.entries.sort((a, b) => a.idx - b.idx)) {
    if (e.tag.startsWith(stopAt)) break;
    if (done.has(e.tag)) continue;
    const sql = readFileSync(join(MIGRATIONS, `${e.tag}.sql`), 'utf8');
    await db.transaction(async (tx) => {
      for (const stmt of sql.split('--> statement-breakpoint')) if (stmt.trim()) await tx.exec(stmt);
      await tx.query('INSERT INTO jiceng_migration (tag) VALUES ($1)', [e.tag]);
    });
    applied.push(e.tag);
  }
  return applied;
}
