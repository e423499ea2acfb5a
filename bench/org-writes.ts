/**
 * The org write path alone (decision 0012): the org tree of the 100k-member benchmark province (8,157 orgs) written
 * through seedOrgs — applyOrgRows, as the demo and the import templates write it — into a fresh PostgreSQL
 * database, run by run; prints the wall time and this process's CPU time of each run. Needs the 100k input
 * manifest (`npm run bench -- imports --rows 100000` makes it). Usage: `npx tsx bench/org-writes.ts [runs]`.
 */
import { openDb } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { DEFAULT_SETTINGS } from '../src/policy/settings.js';
import { SYSTEM_ACTOR } from '../src/domain/access/policy.js';
import { fixedClock } from '../src/services/context.js';
import { seedOrgs } from './prepare.js';
import { admin, dbUrl, dropPgDatabase, readManifest } from './common.js';

const manifest = readManifest(100_000);
if (!manifest) throw new Error('no 100k input yet: run npm run bench -- imports --rows 100000 first');
const runs = Number(process.argv[2] ?? 3);
for (let i = 0; i < runs; i++) {
  const name = `jbench_orgs_${process.pid}_${i}`;
  await dropPgDatabase(name);
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const db = await openDb({ databaseUrl: dbUrl(name) });
  try {
    await migrate(db);
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const n = await seedOrgs(
      { db, clock: fixedClock(manifest.today), actor: SYSTEM_ACTOR, settings: DEFAULT_SETTINGS },
      manifest,
    );
    const c = process.cpuUsage(c0);
    const s = (performance.now() - t0) / 1000;
    console.log(
      `orgs ${n}: ${s.toFixed(2)} s, CPU of this process ${((c.user + c.system) / 1e6).toFixed(2)} s`,
    );
  } finally {
    await db.close();
    await dropPgDatabase(name);
  }
}
