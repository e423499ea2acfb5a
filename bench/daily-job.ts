/**
 * The daily health evaluation over a whole province copy (`evaluateAll`: every org, all batches), timed in one
 * process with its peak RSS and CPU time (decisions 0048, 0052): `node --import tsx bench/daily-job.ts DATABASE
 * [--by-statement] [--explain]` — with `--by-statement`, every statement's time from sent to answered summed by its
 * first words (statements of a batch overlap: a sum of waits, not of the server's work); with `--explain`, after the
 * job, each statement of the largest batch (the most ids in its first parameter) run again under `EXPLAIN (ANALYZE,
 * BUFFERS)` with the pool's settings, its shared buffers (hit + read) printed — the load-proof measure of its work;
 * with `--statement-cpu LOGFILE` (the server's log, e.g. /var/log/postgresql/postgresql-15-main.log, readable by this
 * user), `log_statement_stats` is set on the database for the run and each statement's own backend CPU (user + system,
 * from the log) summed by its first words — where the database's CPU goes, which waits that overlap cannot say
 * (decision 0052's session 22 addendum). Parallel workers' CPU is not in the log.
 */
import { loadavg } from 'node:os';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import pg from 'pg';
import { dbUrl } from './common.js';
import { openProvince } from './province-activity.js';
import { evaluateAll } from '../src/services/warnings.js';
import { rebuildDues } from '../src/services/dues-rollup.js';

const database = process.argv[2] ?? 'w13_eval';
const cpuLogAt = process.argv.indexOf('--statement-cpu');
const cpuLog = cpuLogAt > 0 ? process.argv[cpuLogAt + 1] : undefined;
const logFrom = cpuLog ? statSync(cpuLog).size : 0;
// (a setting of the database, made before the pool opens, so that every connection of the run logs; reset after)
if (cpuLog) {
  const c = new pg.Client({ connectionString: dbUrl(database) });
  await c.connect();
  for (const set of ['log_statement_stats = on', 'log_min_error_statement = log'])
    await c.query(`ALTER DATABASE "${database}" SET ${set}`);
  await c.end();
}
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
/** each statement's call with the most ids in its first parameter (the largest batch's), for `--explain` */
const largest = new Map<string, { size: number; sql: string; params: readonly unknown[] }>();
const explain = process.argv.includes('--explain');
const query = db.query.bind(db);
if (process.argv.includes('--by-statement') || explain) {
  db.query = (async (sql: string, params?: readonly unknown[]) => {
    const key = sql.replace(/\s+/g, ' ').trim().slice(0, 90);
    const size = Array.isArray(params?.[0]) ? (params[0] as unknown[]).length : 0;
    if (explain && size > (largest.get(key)?.size ?? 0)) largest.set(key, { size, sql, params: params! });
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
if (cpuLog) {
  for (const name of ['log_statement_stats', 'log_min_error_statement'])
    await db.query(`ALTER DATABASE "${database}" RESET ${name}`);
  statementCpu(readFileSync(cpuLog).subarray(logFrom).toString('utf8'));
}
for (const [k, v] of [...byStatement].sort((a, b) => b[1].ms - a[1].ms).slice(0, 16))
  console.log(`${(v.ms / 1000).toFixed(2).padStart(7)} s ${String(v.n).padStart(6)}×  ${k}`);
if (explain) {
  type Node = { 'Shared Hit Blocks': number; 'Shared Read Blocks': number; 'Actual Total Time': number };
  for (const [key, { size, sql, params }] of [...largest].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    // reads only: EXPLAIN ANALYZE runs its statement, and a WITH … INSERT/UPDATE/DELETE would write a second time
    if (!/^(WITH|SELECT)/.test(key) || /\b(INSERT|UPDATE|DELETE)\b/i.test(sql)) continue;
    const [r] = await query<{ 'QUERY PLAN': [{ Plan: Node; 'Execution Time': number }] }>(
      `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`,
      params,
    );
    const { Plan: p, 'Execution Time': ms } = r!['QUERY PLAN'][0];
    const b = p['Shared Hit Blocks'] + p['Shared Read Blocks'];
    if (process.env.DUMP)
      writeFileSync(
        `${process.env.DUMP}-${key.replace(/\W+/g, '_').slice(0, 40)}.json`,
        JSON.stringify({ sql, params }),
      );
    console.log(
      `${String(b).padStart(8)} buffers (${p['Shared Read Blocks']} read) ${ms.toFixed(0).padStart(6)} ms ${String(size).padStart(5)} ids  ${key}`,
    );
  }
}
await db.close();

/**
 * Sums the log's statistics entries by statement: each backend's "… STATISTICS" line, its DETAIL ("! x s user, y s
 * system, z s elapsed") and the STATEMENT line that follows, matched by the backend's process id.
 */
function statementCpu(log: string): void {
  const sums = new Map<string, { n: number; cpu: number; elapsed: number }>();
  const kind = new Map<string, string>();
  const pending = new Map<string, { kind: string; cpu: number; elapsed: number }>();
  let total = 0;
  const add = (key: string, cpu: number, elapsed: number) => {
    const e = sums.get(key) ?? { n: 0, cpu: 0, elapsed: 0 };
    e.n++;
    e.cpu += cpu;
    e.elapsed += elapsed;
    sums.set(key, e);
  };
  for (const entry of log.split(/\n(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \S+ \[\d+\])/)) {
    const h = /^\S+ \S+ \S+ \[(\d+)\] \S+ (\w+): {2}([\s\S]*)$/.exec(entry);
    if (!h) continue;
    const [, pid, level, rest] = h as unknown as [string, string, string, string];
    if (level === 'LOG' && rest.includes('STATISTICS'))
      kind.set(pid, rest.split('\n')[0]!.replace(' STATISTICS', ''));
    else if (level === 'DETAIL' && kind.has(pid)) {
      const m = /([\d.]+) s user, ([\d.]+) s system, ([\d.]+) s elapsed/.exec(rest);
      if (!m) continue;
      const cpu = Number(m[1]) + Number(m[2]);
      total += cpu;
      pending.set(pid, { kind: kind.get(pid)!, cpu, elapsed: Number(m[3]) });
      kind.delete(pid);
    } else if (level === 'STATEMENT' && pending.has(pid)) {
      const p = pending.get(pid)!;
      pending.delete(pid);
      add(`${p.kind.slice(0, 5)} | ${rest.replace(/\s+/g, ' ').trim().slice(0, 90)}`, p.cpu, p.elapsed);
    }
  }
  console.log(`backend CPU of the run's statements: ${total.toFixed(1)} s (parallel workers not counted)`);
  for (const [k, v] of [...sums].sort((a, b) => b[1].cpu - a[1].cpu).slice(0, 16))
    console.log(
      `${v.cpu.toFixed(2).padStart(7)} s CPU ${v.elapsed.toFixed(2).padStart(8)} s elapsed ${String(v.n).padStart(6)}×  ${k}`,
    );
}
