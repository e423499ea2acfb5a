/**
 * Subtree statistics latency: a province-sized PostgreSQL database seeded through the demo service
 * (seedDemo scale 'province', the same path as `jiceng demo --scale province`), then getStats — the service
 * the API and CLI call — for many orgs at each level of the tree, p50/p95 per level.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDb, withAuditSession } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { DEFAULT_SETTINGS } from '../src/policy/settings.js';
import { SYSTEM_ACTOR } from '../src/domain/access/policy.js';
import { fixedClock } from '../src/services/context.js';
import { seedDemo } from '../src/services/demo.js';
import { getStats } from '../src/services/stats.js';
import {
  admin,
  BENCH_TODAY,
  dbUrl,
  dropPgDatabase,
  ensureOut,
  fmtInt,
  OUT,
  peakRssMb,
  pgDatabaseExists,
  quantile,
} from './common.js';

const ctxOf = (db: Awaited<ReturnType<typeof openDb>>) => ({
  db: withAuditSession(db, { actorId: null, label: 'system:bench', ip: null }),
  clock: fixedClock(BENCH_TODAY),
  actor: SYSTEM_ACTOR,
  settings: DEFAULT_SETTINGS,
});

export async function seedChild(a: { database: string; members: number }) {
  const db = await openDb({ databaseUrl: dbUrl(a.database) });
  await migrate(db);
  const t0 = performance.now();
  const s = await seedDemo(ctxOf(db), {
    scale: 'province',
    targetMembers: a.members,
    log: (line) => console.log(`[${((performance.now() - t0) / 1000).toFixed(1)} s] ${line.split('\n')[0]}`),
  });
  const seconds = (performance.now() - t0) / 1000;
  const tv = performance.now();
  await db.query('VACUUM ANALYZE');
  const vacuum = (performance.now() - tv) / 1000;
  const [size] = await db.query<{ mb: number }>(
    'SELECT (pg_database_size(current_database()) / 1048576)::int AS mb',
  );
  await db.close();
  return {
    what: 'seed',
    orgs: s.orgs,
    members: s.members,
    seconds,
    rowsPerSec: s.members / seconds,
    vacuumSeconds: vacuum,
    databaseMb: size!.mb,
    peakRssMb: peakRssMb(),
  };
}

/** The levels of the province tree and how to find their orgs (also province-figures.ts). */
export const LEVELS = [
  { level: 'province', where: 'o.parent_id IS NULL' },
  { level: 'city', where: "o.depth = 1 AND o.kind = 'working_committee'" },
  { level: 'county', where: "o.depth = 2 AND o.kind = 'working_committee'" },
  {
    level: 'township',
    where: "(o.kind = 'township_committee' OR (o.kind = 'working_committee' AND o.depth >= 3))",
  },
  { level: 'branch', where: "o.kind IN ('branch', 'joint_branch', 'temporary_branch')" },
] as const;

export async function statsChild(a: { database: string; samples: number; reps: number }) {
  const db = await openDb({ databaseUrl: dbUrl(a.database) });
  const ctx = ctxOf(db);
  const out: Record<string, unknown>[] = [];
  for (const l of LEVELS) {
    const [{ n }] = (await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM org o WHERE ${l.where}`,
    )) as [{ n: number }];
    // a fixed pseudo-random sample (same orgs every run)
    const orgs = await db.query<{ code: string; members: number }>(
      `SELECT o.code, coalesce((SELECT sum(s.n) FROM org_stat s WHERE s.org_id = o.id AND s.dim = 'status'), 0)::int AS members
         FROM org o WHERE ${l.where} ORDER BY md5(o.code) LIMIT $1`,
      [a.samples],
    );
    for (const o of orgs) await getStats(ctx, o.code); // warm-up
    const ms: number[] = [];
    const reps = Math.max(a.reps, Math.ceil((a.samples * a.reps) / orgs.length / 4));
    for (let r = 0; r < reps; r++) {
      for (const o of orgs) {
        const t0 = performance.now();
        const s = await getStats(ctx, o.code);
        ms.push(performance.now() - t0);
        if (s.members.total !== o.members)
          throw new Error(`stats of ${o.code}: ${s.members.total} ≠ ${o.members}`);
      }
    }
    ms.sort((x, y) => x - y);
    const members = orgs.map((o) => o.members).sort((x, y) => x - y);
    out.push({
      level: l.level,
      orgsAtLevel: n,
      sampled: orgs.length,
      calls: ms.length,
      medianSubtreeMembers: quantile(members, 0.5),
      p50: quantile(ms, 0.5),
      p95: quantile(ms, 0.95),
      p99: quantile(ms, 0.99),
      max: ms[ms.length - 1],
    });
  }
  await db.close();
  return { what: 'stats', seconds: 0, levels: out };
}

type Runner = (what: string, args: object) => Promise<Record<string, unknown> & { seconds: number }>;

export async function statsBench(o: {
  members: number;
  samples: number;
  reps: number;
  reseed: boolean;
  database: string;
  runChild: Runner;
  record: (r: never, extra?: object) => unknown;
}) {
  ensureOut();
  const metaPath = join(OUT, `${o.database}.json`);
  const fresh = !existsSync(metaPath) || !(await pgDatabaseExists(o.database));
  let seed: Record<string, unknown>;
  if (o.reseed || fresh) {
    await dropPgDatabase(o.database);
    await admin((c) => c.query(`CREATE DATABASE ${o.database}`));
    console.log(
      `seeding ${fmtInt(o.members)} members into ${o.database} (jiceng demo --scale province path) …`,
    );
    seed = await o.runChild('seed', { database: o.database, members: o.members });
    o.record(seed as never);
    writeFileSync(metaPath, JSON.stringify(seed, null, 2));
  } else {
    seed = JSON.parse(readFileSync(metaPath, 'utf8')) as Record<string, unknown>;
  }
  console.log(
    `seed: ${fmtInt(Number(seed.orgs))} orgs, ${fmtInt(Number(seed.members))} members in ${Number(
      seed.seconds,
    ).toFixed(
      1,
    )} s (${fmtInt(Number(seed.rowsPerSec))} members/s), VACUUM ANALYZE ${Number(seed.vacuumSeconds).toFixed(1)} s, ` +
      `database ${String(seed.databaseMb)} MB, peak RSS ${String(seed.peakRssMb)} MB`,
  );
  const r = await o.runChild('stats', { database: o.database, samples: o.samples, reps: o.reps });
  o.record(r as never, { members: seed.members, orgs: seed.orgs });
  console.log(
    '| level | orgs at level | sampled | calls | median subtree members | p50 ms | p95 ms | p99 ms | max ms |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const l of r.levels as Record<string, number | string>[]) {
    const f = (x: unknown) => Number(x).toFixed(2);
    console.log(
      `| ${l.level} | ${fmtInt(Number(l.orgsAtLevel))} | ${l.sampled} | ${l.calls} | ${fmtInt(Number(l.medianSubtreeMembers))} | ${f(
        l.p50,
      )} | ${f(l.p95)} | ${f(l.p99)} | ${f(l.max)} |`,
    );
  }
}
