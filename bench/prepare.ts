/**
 * Template databases for the import benchmarks: schema migrated and the org tree of the generated province
 * written (through the same bulk applier the demo uses), but no members. Each measurement imports into a fresh
 * clone (CREATE DATABASE … TEMPLATE, or a copied PGlite folder), so no run sees another's rows.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDb, type Db } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { generateProvince } from '../src/domain/demo/generate.js';
import { DEFAULT_SETTINGS } from '../src/policy/settings.js';
import { SYSTEM_ACTOR } from '../src/domain/access/policy.js';
import { emptyResult, startBulkRun } from '../src/services/bulk.js';
import { applyOrgRows } from '../src/services/bulk-orgs.js';
import { fixedClock, type Ctx } from '../src/services/context.js';
import {
  admin,
  BENCH_DIR,
  dbUrl,
  dropPgDatabase,
  label,
  OUT,
  pgDatabaseExists,
  type Engine,
  type InputManifest,
} from './common.js';

/**
 * The template's name carries a digest of the migrations, so that a template built by another version of the
 * schema (an older checkout, a git worktree of another commit) is never taken for this one's.
 */
export function templateName(engine: Engine, rows: number): string {
  const dir = join(BENCH_DIR, '..', 'src', 'db', 'migrations');
  const hash = createHash('sha1');
  for (const f of readdirSync(dir)
    .filter((n) => n.endsWith('.sql'))
    .sort())
    hash.update(readFileSync(join(dir, f)));
  const schema = hash.digest('hex').slice(0, 8);
  return engine === 'postgres'
    ? `jbench_tmpl_${label(rows)}_${schema}`
    : `pglite-tmpl-${label(rows)}-${schema}`;
}

export async function seedOrgs(
  ctx: Ctx,
  manifest: Pick<InputManifest, 'rows' | 'seed' | 'today'>,
): Promise<number> {
  const gen = generateProvince({ seed: manifest.seed, today: manifest.today, targetMembers: manifest.rows });
  let count = 0;
  for (const batch of gen.orgs()) {
    const result = emptyResult();
    await ctx.db.transaction(async (db) => {
      await applyOrgRows(
        await startBulkRun({ ...ctx, db }, { source: 'bench', tally: result }),
        batch.map((value, i) => ({ row: count + i + 1, value })),
      );
    });
    if (result.rejected.length) throw new Error(`org seed rejected: ${JSON.stringify(result.rejected[0])}`);
    count += batch.length;
  }
  return count;
}

/** Creates the template for (engine, rows) unless it is there; returns its name. */
export async function prepareTemplate(engine: Engine, manifest: InputManifest): Promise<string> {
  const name = templateName(engine, manifest.rows);
  let db: Db;
  if (engine === 'postgres') {
    if (await pgDatabaseExists(name)) return name;
    await admin((c) => c.query(`CREATE DATABASE ${name}_building`));
    db = await openDb({ databaseUrl: dbUrl(`${name}_building`) });
  } else {
    const dir = join(OUT, name);
    if (existsSync(join(dir, '.bench-ready'))) return name;
    rmSync(dir, { recursive: true, force: true });
    db = await openDb({ dataDir: dir });
  }
  try {
    await migrate(db);
    const orgs = await seedOrgs(
      { db, clock: fixedClock(manifest.today), actor: SYSTEM_ACTOR, settings: DEFAULT_SETTINGS },
      manifest,
    );
    if (orgs !== manifest.orgs)
      throw new Error(`seeded ${orgs} orgs, the input file expects ${manifest.orgs}`);
    await db.query('VACUUM ANALYZE');
    if (engine === 'pglite') await db.query('CHECKPOINT');
  } finally {
    await db.close();
  }
  if (engine === 'postgres') {
    await dropPgDatabase(name);
    await admin((c) => c.query(`ALTER DATABASE ${name}_building RENAME TO ${name}`));
  } else {
    writeFileSync(join(OUT, name, '.bench-ready'), new Date().toISOString());
  }
  return name;
}
