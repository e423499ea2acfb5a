/**
 * What one roster request costs the database, without HTTP and without concurrency (decision 0047):
 * `node --import tsx bench/roster-calls.ts --data-dir DIR [--reps 200] [--named on,off] [--cases 'root;women']`
 * (or `--database NAME` for PostgreSQL). Signs the bench account of `npm run bench -- roster-http` in once, then
 * for each case runs what the server runs for `GET /orgs/:code/members` — the session look-up (sessionOf) and
 * listMembers — `reps` times after 5 warm-up calls, and prints the process's CPU time per request (mean, p50: on a
 * loaded machine far steadier than the wall-clock time), the wall-clock mean and p50/p95 and, per
 * statement, its count and mean time. `--named on,off` alternates PGlite with and without named prepared reads
 * (openDb's `namedReads`), one case after the other, on the same folder (it must not be open elsewhere);
 * `--plan-mode auto|force_generic_plan` tries another plan cache mode for the named statements.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { openDb, withAuditSession, type Db } from '../src/db/client.js';
import { login, sessionOf } from '../src/services/accounts.js';
import { systemClock } from '../src/services/context.js';
import { settingsAt } from '../src/services/settings.js';
import { listMembers } from '../src/services/members.js';
import { MemberListQuerySchema } from '../src/shared/schemas.js';
import { dbUrl, quantile } from './common.js';

const { values } = parseArgs({
  options: {
    database: { type: 'string' },
    'data-dir': { type: 'string' },
    reps: { type: 'string', default: '200' },
    named: { type: 'string', default: 'on,off' },
    cases: { type: 'string' },
    'plan-mode': { type: 'string' },
  },
});
const reps = Number(values.reps);

/** A handle that times each statement by its first 70 characters. */
function timed(db: Db, acc: Map<string, { n: number; ms: number }>): Db {
  const spy = Object.create(db) as Db;
  spy.query = async <T>(sql: string, params?: readonly unknown[]) => {
    const t0 = performance.now();
    try {
      return await db.query<T>(sql, params);
    } finally {
      const key = sql.replace(/\s+/g, ' ').trim().slice(0, 70);
      const a = acc.get(key) ?? { n: 0, ms: 0 };
      a.n++;
      a.ms += performance.now() - t0;
      acc.set(key, a);
    }
  };
  spy.transaction = (fn) => db.transaction((tx) => fn(timed(tx, acc)));
  return spy;
}

async function open(named: boolean) {
  const db = await openDb(
    values.database
      ? { databaseUrl: dbUrl(values.database) }
      : { dataDir: values['data-dir']!, namedReads: named },
  );
  // (an experiment: PGlite's named statements with another plan cache mode than force_custom_plan)
  if (values['plan-mode'] && db.kind === 'pglite')
    await db.query(`SET plan_cache_mode = ${values['plan-mode']}`);
  return db;
}

const probe = await open(true);
const [root] = await probe.query<{ code: string }>(
  'SELECT code FROM org WHERE parent_id IS NULL ORDER BY id LIMIT 1',
);
const pick = async (where: string) =>
  (
    await probe.query<{ code: string }>(
      `SELECT o.code FROM org o WHERE ${where}
          AND EXISTS (SELECT 1 FROM org_stat s WHERE s.org_id = o.id AND s.dim = 'status' AND s.n > 0)
        ORDER BY md5(o.code) LIMIT 20`,
    )
  ).map((r) => r.code);
const townships = await pick("o.kind = 'township_committee'");
const branches = await pick("o.kind IN ('branch', 'joint_branch', 'temporary_branch')");
const { token } = await login(
  { db: withAuditSession(probe, { actorId: null, label: 'bench', ip: null }), clock: systemClock },
  { username: 'bench-roster', password: 'Bench-Roster-2026-load', ip: null },
);
await probe.close();

const r = root!.code;
const cases: { name: string; reqs: [string, string][] }[] = [
  { name: 'root, page 1', reqs: [[r, '']] },
  {
    name: 'root, pages 2-20',
    reqs: Array.from({ length: 19 }, (_, i) => [r, `page=${i + 2}`] as [string, string]),
  },
  { name: 'township, page 1', reqs: townships.map((c) => [c, '']) },
  { name: 'branch, page 1', reqs: branches.map((c) => [c, '']) },
  { name: 'root, women', reqs: [[r, 'sex=female']] },
  { name: 'root, probationary', reqs: [[r, 'status=probationary']] },
  { name: 'root, women 41-45', reqs: [[r, 'sex=female&ageBand=41-45']] },
  { name: 'root, sort by join date', reqs: [[r, 'sort=joinedOn']] },
  {
    name: 'root, name search',
    reqs: ['王', '李', '张', '刘', '陈'].map((s) => [r, `q=${encodeURIComponent(s)}`]),
  },
  { name: 'root, pinyin search', reqs: ['zh', 'wang', 'lj', 'chen', 'lx'].map((s) => [r, `q=${s}`]) },
  { name: 'root, ID-number tail', reqs: ['1234', '0012', '5678', '99', '3210'].map((s) => [r, `q=${s}`]) },
];
const sel = values.cases?.split(';').map((s) => s.trim().toLowerCase());

for (const c of cases) {
  if (sel && !sel.some((s) => c.name.toLowerCase().startsWith(s))) continue;
  for (const mode of values.named.split(',')) {
    const db = await open(mode === 'on');
    try {
      const settings = await settingsAt(db, systemClock.today());
      const acc = new Map<string, { n: number; ms: number }>();
      const spy = timed(db, acc);
      const once = async (i: number) => {
        const [code, qs] = c.reqs[i % c.reqs.length]!;
        const s = await sessionOf(spy, systemClock, token);
        const ctx = {
          db: withAuditSession(spy, { actorId: s!.user.id, label: s!.user.username, ip: null }),
          clock: systemClock,
          actor: s!.actor,
          settings,
        };
        const q = MemberListQuerySchema.parse({
          pageSize: 50,
          ...Object.fromEntries(new URLSearchParams(qs)),
        });
        await listMembers(ctx, code, q);
      };
      for (let i = 0; i < 5; i++) await once(i);
      acc.clear();
      const lat: number[] = [];
      const cpu: number[] = [];
      for (let i = 0; i < reps; i++) {
        const t0 = performance.now();
        const c0 = process.cpuUsage();
        await once(i);
        const c1 = process.cpuUsage(c0);
        lat.push(performance.now() - t0);
        cpu.push((c1.user + c1.system) / 1000);
      }
      lat.sort((a, b) => a - b);
      cpu.sort((a, b) => a - b);
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      // (the process's CPU time per request: what the one PGlite thread spends on it, much less sensitive to the
      // machine's load than the wall-clock time)
      console.log(
        `${c.name} [named ${mode}]: CPU mean ${mean(cpu).toFixed(2)} ms, p50 ${quantile(cpu, 0.5).toFixed(2)}; wall mean ${mean(lat).toFixed(2)} ms, p50 ${quantile(lat, 0.5).toFixed(2)}, p95 ${quantile(lat, 0.95).toFixed(2)}; load ${loadavg()[0]!.toFixed(1)}`,
      );
      for (const [sql, a] of [...acc].sort((x, y) => y[1].ms - x[1].ms))
        console.log(`    ${(a.ms / reps).toFixed(2)} ms/request  ${(a.n / reps).toFixed(1)}×  ${sql}`);
    } finally {
      await db.close();
    }
  }
}
