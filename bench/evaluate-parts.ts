/**
 * Where one batch of the health evaluation spends its time (issue 14, decision 0048): for the first N counties with
 * activity of a province copy, each county's orgs as one batch, every facts query of `evaluateBatch` timed alone
 * (median of `runs` after one warm-up) with its row count, and the whole evaluation of the county through
 * `evaluate` — with 党章第九条's months read for every possible run and through the maintained runs.
 *
 *   npm run bench -- evaluate-parts --database w13_eval [--evaluate-counties 3] [--runs 3]
 */
import { openProvince } from './province-activity.js';
import { loadavg } from 'node:os';
import { evaluate } from '../src/services/warnings.js';
import { article9OfOrgs } from '../src/services/article9.js';
import { subtreeLifeMonths } from '../src/db/repositories/article9.js';
import { complianceOfOrgs } from '../src/services/meetings.js';
import { countyPaths, healthOrgs, orgsInBeing, probationEnded } from '../src/db/repositories/supervision.js';
import { subtreeTerms } from '../src/db/repositories/terms.js';
import { lastAdmissions } from '../src/db/repositories/recruitment.js';
import { lostOfSubtree, transfersOf } from '../src/db/repositories/lifecycle.js';
import { duesRunsOf, flaggedDuesMembers } from '../src/db/repositories/dues-rollup.js';
import { duesFacts } from '../src/db/repositories/dues.js';
import { duesReady, rebuildDues } from '../src/services/dues-rollup.js';
import { lifeRunsReady, rollLifeRuns } from '../src/services/life-runs.js';
import { lastTwoQuarters } from '../src/domain/supervision/indicators.js';
import { addMonthsTo, monthOfDate, monthStart } from '../src/domain/dues/months.js';
import { addYears } from '../src/shared/dates.js';
import { rulesAt } from '../src/policy/rules.js';
import { runsFrom } from '../src/services/article9.js';

export interface PartsOptions {
  database: string;
  evaluateCounties: number;
  runs: number;
}

const load = () => loadavg()[0]!.toFixed(1);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function evaluateParts(o: PartsOptions): Promise<void> {
  const { db, ctx, today } = await openProvince(o.database);
  const t0 = performance.now();
  console.log(`runs: ${await rollLifeRuns(db, today)} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  // lines written before migration 0043 carry no stored run of months unpaid (decision 0052): rebuilt once
  if ((await db.query('SELECT 1 FROM dues_line WHERE unpaid_run IS NULL LIMIT 1')).length) {
    const t1 = performance.now();
    const r = await rebuildDues(db, today);
    console.log(
      `dues rollup rebuilt (${r.members} lines): ${((performance.now() - t1) / 1000).toFixed(1)} s`,
    );
  }
  const dues = (await duesReady(db, today)) !== null;
  const runsReady = await lifeRunsReady(db, today);
  console.log(`dues rollup ready: ${dues}, runs ready: ${runsReady}, load ${load()}`);
  const counties = await db.query<{ code: string; path: string }>(
    'SELECT a.county AS code, a.path FROM jbench_activity a ORDER BY a.done_at',
  );
  const asOf = today;
  const rules = rulesAt(asOf);
  const q = lastTwoQuarters(asOf);
  const from = monthStart(addMonthsTo(monthOfDate(asOf), -23));
  for (const c of counties.slice(0, o.evaluateCounties)) {
    const orgs = await orgsInBeing(db, c.path, asOf);
    const ids = orgs.map((x) => x.id);
    const flagged = await flaggedDuesMembers(db, ids, monthStart(monthOfDate(asOf)));
    const month = monthOfDate(asOf);
    const parts: Record<string, () => Promise<unknown[] | Map<unknown, unknown>>> = {
      healthOrgs: () => healthOrgs(db, ids, asOf),
      subtreeTerms: () => subtreeTerms(db, ids, asOf),
      complianceOfOrgs: async () => [...(await complianceOfOrgs(db, ids, { ...q, asOf }, today)).values()],
      'lifeMonths (every possible run)': () => subtreeLifeMonths(db, ids, from, asOf),
      'lifeMonths (maintained runs)': () => subtreeLifeMonths(db, ids, from, asOf, runsFrom(asOf)),
      flaggedDuesMembers: () => flaggedDuesMembers(db, ids, monthStart(monthOfDate(asOf))),
      "flagged members' dues facts": () => duesFacts(db, { members: flagged }, month, month, asOf),
      "flagged members' stored runs": () => duesRunsOf(db, flagged, monthStart(month)),
      'article9OfOrgs (before)': () => article9OfOrgs(db, ids, asOf, dues, false),
      'article9OfOrgs (runs)': () => article9OfOrgs(db, ids, asOf, dues, true),
      lastAdmissions: () => lastAdmissions(db, ids, asOf),
      probationEnded: () => probationEnded(db, ids, asOf, addYears(asOf, -rules.probationYears)),
      transfersOf: () => transfersOf(db, ids, 'from', asOf, addYears(asOf, -1), null),
      lostOfSubtree: () => lostOfSubtree(db, ids, asOf, null),
      countyPaths: () =>
        countyPaths(
          db,
          orgs.map((x) => x.path),
        ),
    };
    console.log(`${c.code}: ${ids.length} orgs (load ${load()})`);
    for (const [name, fn] of Object.entries(parts)) {
      await fn();
      const xs: number[] = [];
      let rows = 0;
      for (let i = 0; i < o.runs; i++) {
        const t = performance.now();
        const r = await fn();
        xs.push(performance.now() - t);
        rows = Array.isArray(r) ? r.length : r.size;
      }
      console.log(`  ${name.padEnd(32)} ${median(xs).toFixed(1).padStart(8)} ms  ${rows} rows`);
    }
    for (const withRuns of [false, true, false, true]) {
      // the runs hidden (their state row renumbered: not built) or shown again
      await db.query(`UPDATE life_run_state SET id = ${withRuns ? 1 : 2}`);
      const t = performance.now();
      const r = await evaluate(ctx, c.code, asOf);
      const ms = performance.now() - t;
      console.log(
        `  evaluate ${withRuns ? 'with runs   ' : 'without runs'} ${ms.toFixed(0).padStart(8)} ms  ${(ms / r.length).toFixed(2)} ms an org (load ${load()})`,
      );
    }
  }
  await db.close();
}
