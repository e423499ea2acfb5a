/**
 * Migrates the schema ONCE per test run and lets every test file clone it (helpers/db.ts): a PGlite dump of the
 * migrated data folder, loaded into each file's fresh in-memory database, and, when TEST_DATABASE_URL is set, a
 * PostgreSQL template database each file's database is created from (`CREATE DATABASE x TEMPLATE y`). Starting an
 * empty PGlite and applying every migration cost a file 10–30 s on a loaded 2-core machine; loading the dump costs
 * a third of that.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { dumpPglite, openDb } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** an uncompressed dump of a migrated PGlite data folder (openDb's loadDataDir) */
    pgliteTemplateFile: string;
    /** the same folder before its first migration: initdb's cluster, empty (openDb's loadDataDir) */
    pgliteEmptyFile: string;
    /** a migrated PostgreSQL database to create each file's database from; '' without TEST_DATABASE_URL */
    postgresTemplateDb: string;
  }
}

/**
 * The run's PGlite templates: `empty` is initdb's cluster (what an empty start of PGlite makes, ~8 s of CPU) before
 * any migration, for the tests that start from an unmigrated database or folder (helpers/db.ts); `file` the same
 * after every migration.
 */
async function pgliteTemplate(file: string, empty: string) {
  const db = await openDb({ dataDir: 'memory://' });
  try {
    await db.exec('CHECKPOINT');
    writeFileSync(empty, new Uint8Array(await (await dumpPglite(db)).arrayBuffer()));
    await migrate(db);
    // a dump of a running database opens as after a crash: a checkpoint first leaves nothing to replay
    await db.exec('CHECKPOINT');
    writeFileSync(file, new Uint8Array(await (await dumpPglite(db)).arrayBuffer()));
  } finally {
    await db.close();
  }
}

async function admin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function postgresTemplate(url: string, name: string) {
  await admin(url, (c) => c.query(`CREATE DATABASE ${name}`));
  const u = new URL(url);
  u.pathname = `/${name}`;
  const db = await openDb({ databaseUrl: u.toString() });
  try {
    await migrate(db);
  } finally {
    // no connection may remain: PostgreSQL copies a template only while nobody is connected to it
    await db.close();
  }
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'jiceng-test-template-'));
  const file = join(dir, 'migrated.tar');
  const empty = join(dir, 'empty.tar');
  const url = process.env.TEST_DATABASE_URL;
  const name = url ? `jt_template_${process.pid}_${Math.random().toString(36).slice(2, 8)}` : '';
  const dropPostgres = async () => {
    if (url) await admin(url, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  };
  try {
    await Promise.all([pgliteTemplate(file, empty), url ? postgresTemplate(url, name) : null]);
  } catch (e) {
    await dropPostgres().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  project.provide('pgliteTemplateFile', file);
  project.provide('pgliteEmptyFile', empty);
  project.provide('postgresTemplateDb', name);
  return async () => {
    rmSync(dir, { recursive: true, force: true });
    await dropPostgres();
  };
}
