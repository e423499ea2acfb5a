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
import { openDb, type Db } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { TEST_EMPTIED_TABLES } from '../../src/db/tables.js';
import { fixedClock, type Clock, type Ctx } from '../../src/services/context.js';
import { SYSTEM_ACTOR, type Actor } from '../../src/domain/access/policy.js';
import { DEFAULT_SETTINGS, type LocalSettings } from '../../src/policy/settings.js';

export const TODAY = '2026-11-22';

export interface Engine {
  name: 'pglite' | 'postgres';
  /** a fresh database, migrated unless `migrate: false` */
  open(opts?: { migrate?: boolean }): Promise<{ db: Db; drop(): Promise<void> }>;
}

let migratedDump: Uint8Array | null = null;
/** the migrated PGlite data folder of this run (global-setup.ts), or null when run without it */
function pgliteTemplate(): Uint8Array | null {
  if (migratedDump) return migratedDump;
  const file = inject('pgliteTemplateFile');
  if (!file || !existsSync(file)) return null;
  migratedDump = new Uint8Array(readFileSync(file));
  return migratedDump;
}

const pgliteEngine: Engine = {
  name: 'pglite',
  async open(opts) {
    const template = opts?.migrate !== false ? pgliteTemplate() : null;
    const db = await openDb({
      dataDir: 'memory://',
      ...(template ? { loadDataDir: new Blob([template as Uint8Array<ArrayBuffer>]) } : {}),
    });
    // with the template this applies nothing (it checks that every committed migration is there)
    if (opts?.migrate !== false) await migrate(db);
    return { db, drop: () => db.close() };
  },
};

function postgresEngine(url: string): Engine {
  return {
    name: 'postgres',
    async open(opts) {
      const name = `jt_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
      const template = opts?.migrate !== false ? inject('postgresTemplateDb') : '';
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
      await admin.end();
      const u = new URL(url);
      u.pathname = `/${name}`;
      const db = await openDb({ databaseUrl: u.toString() });
      if (opts?.migrate !== false) await migrate(db);
      return {
        db,
        async drop() {
          await db.close();
          const a = new pg.Client({ connectionString: url });
          await a.connect();
          await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          await a.end();
        },
      };
    },
  };
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
const TABLES = HARNESS_TABLES.join(', ');

type Handle = { db: Db; drop(): Promise<void> };

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
      beforeAll(async () => {
        handle = await engine.open();
      });
      afterAll(async () => {
        await handle?.drop();
      });
      beforeEach(async () => {
        // the audit log refuses TRUNCATE (migration 0002); the harness lifts that guard for its own transaction
        await h.db.transaction((tx) =>
          tx.exec(
            `ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_truncate; TRUNCATE ${TABLES} RESTART IDENTITY CASCADE; ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_truncate`,
          ),
        );
      });
      fn(h);
    });
  }
}

/**
 * Runs `fn` once per engine on ONE database that `seed` writes before the first test and that is never emptied
 * (decision 0041): the suites whose every test only reads what one costly seeding wrote, such as the demo county's
 * checks, seed once per engine instead of once per test. `seeded()` is what `seed` returned. On PGlite, where
 * nothing else runs in the database, each test is also checked to have written nothing: a test that wrote would
 * change what the next one reads.
 */
export function describeSeeded<T>(
  name: string,
  opts: { seed: (h: DbHarness) => Promise<T>; timeout?: number },
  fn: (h: DbHarness, seeded: () => T) => void,
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
      fn(h, seeded);
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
