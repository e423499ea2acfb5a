/**
 * Health indicators and early warnings (issue 14 "Performance", decision 0032) on the demo county (~20k members,
 * ~800 orgs; seeded into DIR when it is empty, else reused): re-evaluating one branch after a write
 * (`refreshWarnings` for the org: its facts, judged, its warnings synced; target ≤ 50 ms), a subtree's warning counts
 * for today (`warningCountsOf`, target ≤ 5 ms p95) for the county and a township, the county's early-warning page on
 * the server (`warningSummary`, target ≤ 200 ms) and the whole deployment's evaluation (the daily job). The baseline
 * in the same run is the cheapest read of the same subtree the org page makes anyway, `getTerms` of the branch, so
 * the ratio says what an evaluation costs relative to one subtree read on this machine under its load. The counts
 * are alternated with the GROUP BY over `org_warning` the maintained counts replaced (the same run's baseline).
 *
 *   npx tsx bench/warnings.ts --data-dir DIR [--runs 20] [--database-url URL]
 *
 * On the province (`--database-url …/jbench_province` after `npm run bench -- province-activity`): `--county CODE`
 * reads the counts and the page of that county instead of the root's, `--today 2026-11-22` takes the day the
 * province was seeded for (its rollups are of that day), and `--no-all` skips the whole deployment's
 * evaluation (the province's root is one subtree of 300k orgs; province-figures times it county by county).
 */
import { parseArgs } from 'node:util';
import { existsSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { openDb, withAuditSession } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { DEFAULT_SETTINGS } from '../src/policy/settings.js';
import { SYSTEM_ACTOR } from '../src/domain/access/policy.js';
import { fixedClock, systemClock, type Ctx } from '../src/services/context.js';
import { seedDemo } from '../src/services/demo.js';
import { evaluateAll, refreshWarnings, warningCountsOf, warningSummary } from '../src/services/warnings.js';
import { getTerms } from '../src/services/terms.js';
import { demoBranches, demoTownships } from '../src/db/repositories/lifecycle.js';
import { rootOrgCodes, warningCountsLive } from '../src/db/repositories/supervision.js';
import { requireOrg } from '../src/services/orgs.js';
import { firstTownship, townshipLikeUnder } from '../src/db/repositories/demo.js';
import { warningTree } from '../src/services/warning-tree.js';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    'database-url': { type: 'string' },
    runs: { type: 'string', default: '20' },
    county: { type: 'string' },
    'no-all': { type: 'boolean', default: false },
    today: { type: 'string' },
  },
});

const q = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function timed(runs: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn(i);
    out.push(performance.now() - t);
  }
  return out;
}

async function main() {
  const runs = Number(values.runs);
  const url = values['database-url'];
  const dir = values['data-dir'];
  if (!url && !dir) throw new Error('--data-dir or --database-url');
  const fresh = url ? false : !existsSync(dir!) || readdirSync(dir!).length === 0;
  const db = await openDb(url ? { databaseUrl: url } : { dataDir: dir! });
  await migrate(db);
  const ctx: Ctx = {
    db: withAuditSession(db, { actorId: null, label: 'system:bench', ip: null }),
    clock: values.today ? fixedClock(values.today) : systemClock,
    actor: SYSTEM_ACTOR,
    settings: DEFAULT_SETTINGS,
  };
  if (fresh || !(await demoTownships(db)).length) await seedDemo(ctx, { scale: 'county' });
  const root = values.county ?? (await rootOrgCodes(db))[0];
  // the county's first township committee; in a tree without one directly under the county (the province benches'
  // seed), the first org below it with branches of full members under it
  const town = values.county
    ? ((await firstTownship(db, values.county)) ?? (await townshipLikeUnder(db, values.county)))
    : (await demoTownships(db))[0];
  if (!town)
    throw new Error(
      values.county
        ? `--county ${values.county}: no org below it has an active branch with full members (is the code a county with members?)`
        : 'the demo county has no township',
    );
  const branches = await demoBranches(db, town.path, runs);
  if (!branches.length)
    throw new Error(`${town.code}: no active branch with full members below it to re-evaluate`);
  console.log(`township: ${town.code}; ${branches.length} branches re-evaluated in turn`);
  const townCode = town.code;
  const load0 = loadavg()[0]!;

  // alternate baseline and measured call on the same branch, so both see the same load
  const base: number[] = [];
  const one: number[] = [];
  for (let i = 0; i < runs; i++) {
    const b = branches[i % branches.length]!;
    let t = performance.now();
    await getTerms(ctx, b.code);
    base.push(performance.now() - t);
    t = performance.now();
    await refreshWarnings(ctx, b.code, b.id);
    one.push(performance.now() - t);
  }
  // the counts: the maintained rollup, alternated with the GROUP BY over org_warning it replaced (the baseline)
  const rootPath = (await requireOrg(ctx, db, root!)).path;
  const countsCounty: number[] = [];
  const countsTown: number[] = [];
  const liveCounty: number[] = [];
  for (let i = 0; i < runs * 5; i++) {
    countsCounty.push(...(await timed(1, () => warningCountsOf(ctx, root!))));
    liveCounty.push(...(await timed(1, () => warningCountsLive(db, rootPath))));
    countsTown.push(...(await timed(1, () => warningCountsOf(ctx, townCode))));
  }
  // the 预警 tree (decision 0039): one statement over the subtree's orgs and open warnings, alternated with the same
  // run's GROUP BY baseline
  const treeCounty: number[] = [];
  const treeBase: number[] = [];
  for (let i = 0; i < runs; i++) {
    treeBase.push(...(await timed(1, () => warningCountsLive(db, rootPath))));
    treeCounty.push(...(await timed(1, () => warningTree(ctx, root!))));
  }
  const page = await timed(Math.max(3, runs / 4), () => warningSummary(ctx, root!));
  const t = performance.now();
  const all = values['no-all'] ? 'skipped (--no-all)' : await evaluateAll(db, ctx.clock);
  const allMs = performance.now() - t;
  const load1 = loadavg()[0]!;

  console.log(
    `warnings bench (${url ? 'postgres' : 'pglite'}), load average ${load0.toFixed(1)} → ${load1.toFixed(1)}`,
  );
  console.log(`  baseline getTerms(branch):         p50 ${ms(q(base, 0.5))}  p95 ${ms(q(base, 0.95))}`);
  console.log(
    `  one org re-evaluated (≤ 50 ms):    p50 ${ms(q(one, 0.5))}  p95 ${ms(q(one, 0.95))}  ratio to baseline ${(q(one, 0.5) / q(base, 0.5)).toFixed(1)}×`,
  );
  console.log(
    `  baseline counts by GROUP BY, county: p50 ${ms(q(liveCounty, 0.5))}  p95 ${ms(q(liveCounty, 0.95))}`,
  );
  console.log(
    `  county counts (≤ 5 ms p95):        p50 ${ms(q(countsCounty, 0.5))}  p95 ${ms(q(countsCounty, 0.95))}`,
  );
  console.log(
    `  township counts (≤ 5 ms p95):      p50 ${ms(q(countsTown, 0.5))}  p95 ${ms(q(countsTown, 0.95))}`,
  );
  console.log(
    `  county tree (one statement):       p50 ${ms(q(treeCounty, 0.5))}  p95 ${ms(q(treeCounty, 0.95))}  ratio to its GROUP BY baseline ${(q(treeCounty, 0.5) / q(treeBase, 0.5)).toFixed(1)}×`,
  );
  console.log(`  county page on the server (≤ 200): p50 ${ms(q(page, 0.5))}  max ${ms(q(page, 1))}`);
  console.log(`  whole county evaluated:            ${(allMs / 1000).toFixed(1)} s — ${all}`);
  await db.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
