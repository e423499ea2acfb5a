/**
 * The daily health evaluation over a whole province copy (`evaluateAll`: every org, all batches), timed in one
 * process with its peak RSS (decision 0048): `node --import tsx bench/daily-job.ts DATABASE`.
 */
import { loadavg } from 'node:os';
import { openProvince } from './province-activity.js';
import { evaluateAll } from '../src/services/warnings.js';

const database = process.argv[2] ?? 'w13_eval';
const { db, ctx } = await openProvince(database);
const load = () => loadavg()[0]!.toFixed(1);
const orgs = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM org'))[0]!.n;
console.log(`${database}: ${orgs} orgs, load ${load()}`);
const t = performance.now();
const r = await evaluateAll(db, ctx.clock);
const s = (performance.now() - t) / 1000;
console.log(
  `${r}: ${s.toFixed(1)} s, ${((s * 1000) / orgs).toFixed(2)} ms an org, peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB, load ${load()}`,
);
await db.close();
