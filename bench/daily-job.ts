/**
 * The daily health evaluation over a whole province copy (`evaluateAll`: every org, all batches), timed in one
 * process with its peak RSS and CPU time (decisions 0048, 0052): `node --import tsx bench/daily-job.ts DATABASE
 * [--by-statement]` — with `--by-statement`, every statement's time from sent to answered summed by its first words
 * (statements of a batch overlap: a sum of waits, not of the server's work).
 */
import { loadavg } from 'node:os';
import { openProvince } from './province-activity.js';
import { evaluateAll } from '../src/services/warnings.js';
import { rebuildDues } from '../src/services/dues-rollup.js';

const database = process.argv[2] ?? 'w13_eval';
const { db, ctx } = await openProvince(database);
const load = () => loadavg()[0]!.toFixed(1);
const orgs = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM org'))[0]!.n;
console.log(`${database}: ${orgs} orgs, load ${load()}`);
// lines written before migration 0043 carry no stored run of months unpaid (decision 0052): the rollup rebuilt once
if ((await db.query('SELECT 1 FROM dues_line WHERE unpaid_run IS NULL LIMIT 1')).length) {
  const t0 = performance.now();
  const r = await rebuildDues(db, ctx.clock.today());
  console.log(
    `dues rollup rebuilt (${r.members} lines): ${((performance.now() - t0) / 1000).toFixed(1)} s, load ${load()}`,
  );
}
const byStatement = new Map<string, { n: number; ms: number }>();
if (process.argv.includes('--by-statement')) {
  const query = db.query.bind(db);
  db.query = (async (sql: string, params?: readonly unknown[]) => {
    const key = sql.replace(/\s+/g, ' ').trim().slice(0, 90);
    const t0 = performance.now();
    try {
      return await query(sql, params);
    } finally {
      const e = byStatement.get(key) ?? { n: 0, ms: 0 };
      e.n++;
      e.ms += performance.now() - t0;
      byStatement.set(key, e);
    }
  }) as typeof db.query;
}
const t = performance.now();
const cpu = process.cpuUsage();
const r = await evaluateAll(db, ctx.clock);
const s = (performance.now() - t) / 1000;
const used = process.cpuUsage(cpu);
console.log(
  `${r}: ${s.toFixed(1)} s, ${((s * 1000) / orgs).toFixed(2)} ms an org, this process's CPU ${((used.user + used.system) / 1e6).toFixed(1)} s, peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB, load ${load()}`,
);
for (const [k, v] of [...byStatement].sort((a, b) => b[1].ms - a[1].ms).slice(0, 16))
  console.log(`${(v.ms / 1000).toFixed(2).padStart(7)} s ${String(v.n).padStart(6)}×  ${k}`);
await db.close();
