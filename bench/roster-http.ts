/**
 * The roster under load, through the real HTTP API (issue 9 #7): `npm run bench -- roster-http [flags]`.
 *
 *   --engine postgres|pglite   postgres (default): the province database of `npm run bench -- stats`
 *                              (--database jbench_province, seeded there); pglite: the demo county seeded into a
 *                              PGlite data folder (bench/out/pglite-roster-county, kept between runs)
 *   --clients 20 --seconds 10  concurrent clients and the measured seconds per case (after 2 s of warm-up)
 *   --cases 'a;b'              only these cases (names below, by prefix, separated by ;)
 *   --import-rows 20000        rows of the member import run alongside the "during import" cases (0: none)
 *   --tag label                recorded with the results (e.g. before / after)
 *
 * A real server process (src/main.ts startServer, default config: log level warn) serves the database; the bench
 * account (county administrator of the root) signs in once per client through POST /api/v1/auth/login, and every
 * request carries that client's session cookie, as a browser would. On PostgreSQL the baseline is a one-query
 * Fastify + pg server (pool of 10, as the application's) in another process on the same database: 50 person rows by
 * primary key from a random id — measured in the same run, so that the ratio cancels out the machine's load; and
 * for each page case of a subtree rooted at depth 0–3 (root, county, township page 1), the page's own statement served the same way
 * (`statement: …`, serveStatements): the same rows by the same one query, the page's physical limit.
 * Clients run in this process over keep-alive connections (node:http, one socket per client). Each case reports
 * requests/s, p50/p95/p99/max latency, errors, the 1-minute load average before and after it, and the server's CPU
 * time per request (its own CPU time over the measured seconds ÷ requests: far less sensitive to a loaded machine).
 *
 * The "during import" cases upload a CSV of new members (into existing branches of one county) through
 * POST /api/v1/imports/members, apply it, and measure reads (a roster page, and GET /auth/me: the session alone)
 * from the upload until the import is applied.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Db } from '../src/db/client.js';
import { BENCH_DIR, dbUrl, ensureOut, fmtInt, OUT, pgDatabaseExists, quantile, RESULTS } from './common.js';

const USERNAME = 'bench-roster';
const PASSWORD = 'Bench-Roster-2026-load';

// --------------------------------------------------------------------------------------------- child: servers

/** Child: the application's server on the database, with the bench account; prints its address. */
async function serveApp(a: { engine: 'postgres' | 'pglite'; location: string }) {
  const { startServer } = await import('../src/main.js');
  const { loadConfig } = await import('../src/config.js');
  const dataDir = join(OUT, 'roster-http-data');
  mkdirSync(dataDir, { recursive: true });
  const config = loadConfig({
    ...(a.engine === 'postgres'
      ? { DATABASE_URL: a.location, JICENG_DATA_DIR: dataDir }
      : { JICENG_DATA_DIR: a.location }),
    PORT: 0,
    HOST: '127.0.0.1',
  });
  // without the scheduled jobs: they would judge the bench database as of the real day (it is kept as of
  // BENCH_TODAY) and load it while the requests are measured
  const { app, db, address } = await startServer(config, { jobs: false });
  await ensureBenchAccount(db);
  // the server's event loop: its longest stall in each second (a request waits for the whole stall)
  const { monitorEventLoopDelay } = await import('node:perf_hooks');
  const eld = monitorEventLoopDelay({ resolution: 10 });
  eld.enable();
  setInterval(() => {
    // (and the process's CPU time so far, ms: what a request costs the server whatever the machine's load)
    const cpu = process.cpuUsage();
    process.stdout.write(
      `@@ELD ${(eld.max / 1e6).toFixed(1)} ${((cpu.user + cpu.system) / 1000).toFixed(1)}\n`,
    );
    eld.reset();
  }, 250).unref();
  process.stdout.write(`\n@@SERVER ${JSON.stringify({ url: address })}\n`);
  const stop = async () => {
    await app.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

async function ensureBenchAccount(db: Db) {
  const { withAuditSession } = await import('../src/db/client.js');
  const { createUser } = await import('../src/services/accounts.js');
  const { systemClock } = await import('../src/services/context.js');
  const { DEFAULT_SETTINGS } = await import('../src/policy/settings.js');
  const [u] = await db.query<{ id: number }>('SELECT id FROM app_user WHERE username = $1', [USERNAME]);
  if (u) return;
  const [root] = await db.query<{ code: string }>(
    'SELECT code FROM org WHERE parent_id IS NULL ORDER BY id LIMIT 1',
  );
  await createUser(
    {
      db: withAuditSession(db, { actorId: null, label: 'system:bench', ip: null }),
      clock: systemClock,
      actor: { kind: 'system', label: 'bench' } as const,
      settings: DEFAULT_SETTINGS,
    },
    {
      username: USERNAME,
      displayName: '压测管理员',
      role: 'county_admin',
      orgCode: root!.code,
      password: PASSWORD,
    },
  );
  await db.query('UPDATE app_user SET must_change_password = false WHERE username = $1', [USERNAME]);
}

/** Child: the baseline — Fastify + pg, one query per request (50 person rows by primary key). */
async function serveBaseline(a: { location: string }) {
  const { default: Fastify } = await import('fastify');
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: a.location, max: 10 });
  const [{ max }] = (await pool.query<{ max: number }>('SELECT max(id)::int AS max FROM person')).rows as [
    { max: number },
  ];
  const app = Fastify({ logger: false });
  app.get('/people', async () => {
    const after = Math.floor(Math.random() * Math.max(1, max - 100));
    const r = await pool.query(
      `SELECT id, name, sex, birth_date::text AS "birthDate", id_number AS "idNumber"
         FROM person WHERE id > $1 ORDER BY id LIMIT 50`,
      [after],
    );
    return { total: max, items: r.rows };
  });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`\n@@SERVER ${JSON.stringify({ url: address })}\n`);
  process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

/**
 * Child: the same page's own statement — Fastify + pg, one query per request: for each org given, the statement the
 * roster list sends for its first page in name order (`ancestorPage(…, 'list')`, captured once per org with its
 * parameters, the total from the aggregates beside the rows), sent as a named prepared statement as the
 * application sends it (decision 0053), its rows returned as JSON without a session, a policy or a response schema.
 * The physical limit of that page on this database, measured in the same run (the guide: against the same rows, not
 * a simpler job); `/page?i=N` serves the statement of the N-th org.
 */
async function serveStatements(a: { location: string; codes: string[] }) {
  const { default: Fastify } = await import('fastify');
  const { default: pg } = await import('pg');
  const { ancestorPage } = await import('../src/db/repositories/roster.js');
  const { ROSTER_COUNT_CAP } = await import('../src/db/repositories/roster.js');
  const pool = new pg.Pool({ connectionString: a.location, max: 10 });
  const texts = new Map<string, string>();
  const statements: { name: string; text: string; values: unknown[] }[] = [];
  for (const code of a.codes) {
    const [org] = (
      await pool.query<{ id: number; path: string; depth: number }>(
        'SELECT id, path, depth FROM org WHERE code = $1',
        [code],
      )
    ).rows;
    if (!org) throw new Error(`no org ${code}`);
    const seen: { text: string; values: unknown[] }[] = [];
    const recording = {
      kind: 'postgres',
      query: async (text: string, values?: readonly unknown[]) => {
        seen.push({ text, values: [...(values ?? [])] });
        return (await pool.query(text, [...(values ?? [])])).rows;
      },
    } as unknown as Db;
    await ancestorPage(
      recording,
      { org, at: null, idSearchScope: { orgPaths: ['/'], memberId: null } },
      50,
      0,
      ROSTER_COUNT_CAP,
      'list',
    );
    // (a subtree below depth 3 is not one ancestor range: its page is read otherwise, and has no one statement)
    if (seen.length === 0) continue;
    if (seen.length !== 1) throw new Error(`${code}: the page took ${seen.length} statements, not one`);
    const { text, values } = seen[0]!;
    if (!texts.has(text)) texts.set(text, `roster_page_${texts.size}`);
    statements.push({ name: texts.get(text)!, text, values });
  }
  if (!statements.length) throw new Error('none of these orgs has a page of one statement (depth 0–3)');
  const app = Fastify({ logger: false });
  app.get<{ Querystring: { i?: string } }>('/page', async (req) => {
    const st = statements[Number(req.query.i ?? 0) % statements.length]!;
    const r = await pool.query<{ rosterTotal: number }>(st);
    return { total: r.rows[0]?.rosterTotal ?? 0, items: r.rows };
  });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`\n@@SERVER ${JSON.stringify({ url: address })}\n`);
  process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

/** Child: seeds the demo county into a PGlite data folder (the PGlite case's database). */
async function seedCounty(a: { location: string }) {
  const { openDb, withAuditSession } = await import('../src/db/client.js');
  const { migrate } = await import('../src/db/migrate.js');
  const { seedDemo } = await import('../src/services/demo.js');
  const { systemClock } = await import('../src/services/context.js');
  const { DEFAULT_SETTINGS } = await import('../src/policy/settings.js');
  const db = await openDb({ dataDir: a.location });
  await migrate(db);
  const r = await seedDemo(
    {
      db: withAuditSession(db, { actorId: null, label: 'system:bench', ip: null }),
      clock: systemClock,
      actor: { kind: 'system', label: 'bench' } as const,
      settings: DEFAULT_SETTINGS,
    },
    { scale: 'county' },
  );
  await ensureBenchAccount(db);
  await db.close();
  process.stdout.write(`\n@@SERVER ${JSON.stringify({ members: r.members, orgs: r.orgs })}\n`);
}

/** The app server's longest event-loop stall per quarter second, and its CPU time so far, as it reports them. */
const stalls: { at: number; ms: number; cpu: number }[] = [];

/** The app server's CPU time (ms) between two moments (its reports nearest to them). */
function serverCpu(from: number, to: number): number {
  const before = stalls.filter((s) => s.at <= from).at(-1) ?? stalls.find((s) => s.at > from);
  const after = stalls.filter((s) => s.at <= to).at(-1);
  return before && after ? after.cpu - before.cpu : NaN;
}

/** The longest event-loop stall of the app server between two moments. */
function longestStall(from: number, to: number): number {
  return Math.max(0, ...stalls.filter((s) => s.at >= from && s.at <= to + 1000).map((s) => s.ms));
}

function startChild(mode: string, args: object, log = false): Promise<{ url: string; child: ChildProcess }> {
  return new Promise((ok, fail) => {
    const child = spawn(
      process.execPath,
      [
        '--max-old-space-size=4096',
        // ROSTER_HTTP_CPU_PROF=DIR: the server's CPU profile, written to DIR when it stops (decision 0051)
        ...(mode === 'serve' && process.env.ROSTER_HTTP_CPU_PROF
          ? ['--cpu-prof', `--cpu-prof-dir=${process.env.ROSTER_HTTP_CPU_PROF}`]
          : []),
        '--import',
        'tsx',
        join(BENCH_DIR, 'roster-http.ts'),
        mode,
        JSON.stringify(args),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      const s = d.toString();
      for (const m of s.matchAll(/^@@ELD ([\d.]+) ([\d.]+)$/gm))
        stalls.push({ at: performance.now(), ms: Number(m[1]), cpu: Number(m[2]) });
      if (log) process.stdout.write(s.replace(/^/gm, '    '));
      if (out.length < 1e6) out += s;
      const line = out.split('\n').find((l) => l.startsWith('@@SERVER '));
      if (line) {
        out = '';
        ok({ ...(JSON.parse(line.slice('@@SERVER '.length)) as { url: string }), child });
      }
    });
    child.on('exit', (code) => fail(new Error(`${mode} exited (${code})`)));
  });
}

// ------------------------------------------------------------------------------------------------ client side

interface Client {
  agent: http.Agent;
  cookie: string;
}

interface Reply {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

function request(
  base: URL,
  c: Client | null,
  path: string,
  opts: { method?: string; body?: string | Buffer; headers?: Record<string, string> } = {},
): Promise<Reply> {
  return new Promise((ok, fail) => {
    const req = http.request(
      {
        host: base.hostname,
        port: base.port,
        path,
        method: opts.method ?? 'GET',
        agent: c?.agent ?? false,
        headers: {
          ...(c?.cookie ? { cookie: c.cookie } : {}),
          ...(opts.method && opts.method !== 'GET' ? { 'x-requested-with': 'jiceng' } : {}),
          ...opts.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () =>
          ok({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), headers: res.headers }),
        );
        res.on('error', fail);
      },
    );
    req.on('error', fail);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

async function signIn(base: URL, agent: http.Agent): Promise<Client> {
  const r = await request(base, { agent, cookie: '' }, '/api/v1/auth/login', {
    method: 'POST',
    body: JSON.stringify({ username: USERNAME, password: PASSWORD }),
    headers: { 'content-type': 'application/json' },
  });
  if (r.status !== 200) throw new Error(`sign-in: ${r.status} ${r.body.slice(0, 200)}`);
  const set = r.headers['set-cookie'] ?? [];
  const cookie = set.map((s) => s.split(';')[0]).join('; ');
  return { agent, cookie };
}

export interface CaseResult {
  name: string;
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  errors: number;
  firstError: string | null;
  load1Before: number;
  load1After: number;
  /** the app server's longest event-loop stall during the case, ms */
  stallMs: number;
  /**
   * the app server's CPU time per request during the case, ms (its CPU time over the measured seconds ÷ requests):
   * with one PGlite thread, 20 clients queue behind about 20 × this on a machine with a core to spare
   */
  serverCpuMs?: number;
  /** for the during-import cases */
  importSeconds?: number;
}

/**
 * `clients` loops, each requesting the next of `paths` in turn over its own keep-alive connection, for `seconds`
 * (after `warmup` seconds not counted), or until `until` resolves.
 */
async function drive(
  base: URL,
  clients: Client[],
  paths: string[],
  o: { seconds: number; warmup: number; until?: Promise<unknown>; check?: (r: Reply) => string | null },
) {
  const lat: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  let next = 0;
  let counting = o.warmup === 0;
  let stop = false;
  const t0 = performance.now();
  let tCount = counting ? t0 : 0;
  const loop = async (c: Client) => {
    while (!stop) {
      const path = paths[next++ % paths.length]!;
      const s = performance.now();
      let err: string | null;
      try {
        const r = await request(base, c, path);
        err = r.status === 200 ? (o.check?.(r) ?? null) : `${r.status} ${r.body.slice(0, 160)}`;
      } catch (e) {
        err = String(e);
      }
      const e = performance.now();
      if (!counting) continue;
      lat.push(e - s);
      if (err) {
        errors++;
        firstError ??= `${path}: ${err}`;
      }
    }
  };
  const timer = (async () => {
    if (o.warmup) {
      await new Promise((r) => setTimeout(r, o.warmup * 1000));
      counting = true;
      tCount = performance.now();
    }
    if (o.until) await o.until;
    else await new Promise((r) => setTimeout(r, o.seconds * 1000));
    stop = true;
  })();
  await Promise.all([...clients.map(loop), timer]);
  const seconds = (performance.now() - tCount) / 1000;
  lat.sort((a, b) => a - b);
  return {
    requests: lat.length,
    seconds,
    rps: lat.length / seconds,
    p50: quantile(lat, 0.5),
    p95: quantile(lat, 0.95),
    p99: quantile(lat, 0.99),
    max: lat[lat.length - 1] ?? NaN,
    errors,
    firstError,
  };
}

interface Pick {
  root: string;
  county: string[];
  township: string[];
  branch: string[];
  idTails: string[];
  importOrgs: string[];
}

/** Orgs to ask about: the root, and a fixed sample of counties, townships and branches with members. */
async function pickOrgs(q: <T>(sql: string, p?: unknown[]) => Promise<T[]>): Promise<Pick> {
  const codes = async (where: string, n: number) =>
    (
      await q<{ code: string }>(
        `SELECT o.code FROM org o WHERE ${where}
            AND EXISTS (SELECT 1 FROM org_stat s WHERE s.org_id = o.id AND s.dim = 'status' AND s.n > 0)
          ORDER BY md5(o.code) LIMIT ${n}`,
      )
    ).map((r) => r.code);
  const [root] = await q<{ code: string }>(
    'SELECT code FROM org WHERE parent_id IS NULL ORDER BY id LIMIT 1',
  );
  // (a county's own database has no county level below its root: the root stands for it)
  const counties = await codes("o.depth = 2 AND o.kind = 'working_committee'", 20);
  const county = counties.length ? counties : [root!.code];
  const township = await codes(
    "(o.kind = 'township_committee' OR (o.kind = 'working_committee' AND o.depth >= 3))",
    100,
  );
  const branch = await codes("o.kind IN ('branch', 'joint_branch', 'temporary_branch')", 400);
  const idTails = (
    await q<{ t: string }>(
      'SELECT right(id_number, 6) AS t FROM person WHERE id % 997 = 1 ORDER BY id LIMIT 100',
    )
  ).map((r) => r.t);
  // the import's branches: the villages of the first sampled county (or of the root, for a county database)
  const importOrgs = (
    await q<{ code: string }>(
      `SELECT b.code FROM org b JOIN org c ON b.path LIKE c.path || '%'
        WHERE c.code = $1 AND b.kind = 'branch' AND b.status = 'active' ORDER BY b.id LIMIT 200`,
      [county[0]],
    )
  ).map((r) => r.code);
  return { root: root!.code, county, township, branch, idTails, importOrgs };
}

function casesOf(p: Pick): { name: string; paths: string[] }[] {
  const m = (code: string, qs = '') => `/api/v1/orgs/${encodeURIComponent(code)}/members?pageSize=50${qs}`;
  const surnames = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
  const pinyin = ['zh', 'wang', 'lj', 'chen', 'lx', 'yang', 'zhaom', 'hu', 'zw', 'wu'];
  return [
    { name: 'session only (GET /auth/me)', paths: ['/api/v1/auth/me'] },
    { name: 'root, page 1', paths: [m(p.root)] },
    { name: 'root, pages 2-100', paths: Array.from({ length: 99 }, (_, i) => m(p.root, `&page=${i + 2}`)) },
    { name: 'county, page 1', paths: p.county.map((c) => m(c)) },
    { name: 'township, page 1', paths: p.township.map((c) => m(c)) },
    { name: 'branch, page 1', paths: p.branch.map((c) => m(c)) },
    { name: 'root, probationary', paths: [m(p.root, '&status=probationary')] },
    { name: 'root, women', paths: [m(p.root, '&sex=female')] },
    { name: 'county, women 41-45', paths: p.county.map((c) => m(c, '&sex=female&ageBand=41-45')) },
    { name: 'root, sort by join date', paths: [m(p.root, '&sort=joinedOn')] },
    { name: 'root, name search', paths: surnames.map((s) => m(p.root, `&q=${encodeURIComponent(s)}`)) },
    {
      name: 'county, name search',
      paths: p.county.map((c, i) => m(c, `&q=${encodeURIComponent(surnames[i % 10]!)}`)),
    },
    { name: 'root, pinyin search', paths: pinyin.map((s) => m(p.root, `&q=${s}`)) },
    { name: 'county, pinyin search', paths: p.county.map((c, i) => m(c, `&q=${pinyin[i % 10]!}`)) },
    { name: 'root, ID-number tail', paths: p.idTails.map((t) => m(p.root, `&q=${t}`)) },
    // (session 21: rarer searches — two characters, longer pinyin — and the person filters the aggregates cannot tell)
    {
      name: 'root, rare name search',
      paths: ['建国', '秀英', '志强', '海燕', '国平'].map((s) => m(p.root, `&q=${encodeURIComponent(s)}`)),
    },
    {
      name: 'root, long pinyin search',
      paths: ['zhangw', 'liuj', 'wangxy', 'chenzq', 'zhaoj'].map((s) => m(p.root, `&q=${s}`)),
    },
    {
      name: 'root, occupation',
      paths: ['farmer', 'worker', 'retired'].map((o) => m(p.root, `&occupation=${o}`)),
    },
    { name: 'root, education', paths: ['bachelor', 'associate'].map((e) => m(p.root, `&education=${e}`)) },
  ];
}

/** A CSV of `rows` new members spread over `orgs` (valid ID numbers of a made-up region, never seen before). */
export function importCsv(orgs: string[], rows: number, path: string) {
  const check = (s17: string) => {
    const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const sum = [...s17].reduce((a, ch, i) => a + Number(ch) * W[i]!, 0);
    return '10X98765432'[sum % 11]!;
  };
  const run = Date.now() % 900;
  const lines = ['所在党组织编码,姓名,公民身份号码,性别,出生日期,民族,学历,职业,人员类别,入党日期,转正日期'];
  const given = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛'];
  for (let i = 0; i < rows; i++) {
    const d = new Date(Date.UTC(1960, 0, 1 + (i % 14000)));
    const birth = d.toISOString().slice(0, 10);
    const seq = 100 + ((run * 37 + Math.floor(i / 14000)) % 900);
    const female = seq % 2 === 0;
    const s17 = `990${String(100 + (i % 800)).padStart(3, '0')}${birth.replace(/-/g, '')}${seq}`;
    lines.push(
      [
        orgs[i % orgs.length],
        `测${given[i % 15]}${given[Math.floor(i / 15) % 15]}`,
        s17 + check(s17),
        female ? '女' : '男',
        birth,
        '汉族',
        '大学本科',
        '农牧渔民',
        '正式党员',
        '2010-07-01',
        '2011-07-01',
      ].join(','),
    );
  }
  writeFileSync(path, '\uFEFF' + lines.join('\r\n') + '\r\n');
}

async function runImport(base: URL, c: Client, file: string): Promise<{ seconds: number; inserted: number }> {
  const t0 = performance.now();
  const boundary = `----bench${Date.now()}`;
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="members.csv"\r\nContent-Type: text/csv\r\n\r\n`,
    ),
    readFileSync(file),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const up = await request(base, { agent: new http.Agent(), cookie: c.cookie }, '/api/v1/imports/members', {
    method: 'POST',
    body,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
  if (up.status !== 200) throw new Error(`upload: ${up.status} ${up.body.slice(0, 300)}`);
  const id = (JSON.parse(up.body) as { id: string }).id;
  const poll = async (want: string[]) => {
    for (;;) {
      const r = await request(base, { agent: new http.Agent(), cookie: c.cookie }, `/api/v1/imports/${id}`);
      const j = JSON.parse(r.body) as { state: string; result: { inserted?: number } | null; error: unknown };
      if (j.state === 'failed') throw new Error(`import failed: ${JSON.stringify(j.error)}`);
      if (want.includes(j.state)) return j;
      await new Promise((res) => setTimeout(res, 200));
    }
  };
  await poll(['validated']);
  const ap = await request(
    base,
    { agent: new http.Agent(), cookie: c.cookie },
    `/api/v1/imports/${id}/apply`,
    {
      method: 'POST',
      body: JSON.stringify({ allOrNothing: false }),
      headers: { 'content-type': 'application/json' },
    },
  );
  if (ap.status !== 200) throw new Error(`apply: ${ap.status} ${ap.body.slice(0, 300)}`);
  const done = await poll(['applied']);
  return { seconds: (performance.now() - t0) / 1000, inserted: Number(done.result?.inserted ?? 0) };
}

// ------------------------------------------------------------------------------------------------ main

export async function main(argv: string[]) {
  const [mode, json] = argv;
  if (mode === 'serve') return serveApp(JSON.parse(json!) as Parameters<typeof serveApp>[0]);
  if (mode === 'baseline') return serveBaseline(JSON.parse(json!) as { location: string });
  if (mode === 'statements')
    return serveStatements(JSON.parse(json!) as { location: string; codes: string[] });
  if (mode === 'seed-county') return seedCounty(JSON.parse(json!) as { location: string });
  const { values } = parseArgs({
    args: argv,
    options: {
      engine: { type: 'string', default: 'postgres' },
      database: { type: 'string', default: 'jbench_province' },
      clients: { type: 'string', default: '20' },
      seconds: { type: 'string', default: '10' },
      cases: { type: 'string' },
      'import-rows': { type: 'string', default: '20000' },
      tag: { type: 'string', default: 'current' },
    },
  });
  ensureOut();
  const engine = values.engine as 'postgres' | 'pglite';
  const nClients = Number(values.clients);
  const seconds = Number(values.seconds);
  const importRows = Number(values['import-rows']);
  let location: string;
  if (engine === 'postgres') {
    if (!(await pgDatabaseExists(values.database)))
      throw new Error(`no database ${values.database}: run npm run bench -- stats --members 5000000 first`);
    location = dbUrl(values.database);
  } else {
    location = join(OUT, 'pglite-roster-county');
    if (!existsSync(join(location, 'PG_VERSION'))) {
      rmSync(location, { recursive: true, force: true });
      console.log('seeding the demo county into PGlite …');
      const s = await startChild('seed-county', { location });
      console.log(`  ${JSON.stringify(s).slice(0, 200)}`);
    }
  }
  // orgs to ask about, read through a direct connection (not timed)
  const pick = await withQuery(engine, location, pickOrgs);
  const app = await startChild('serve', { engine, location });
  const children: ChildProcess[] = [app.child];
  let baseline: { url: string; child: ChildProcess } | null = null;
  try {
    const base = new URL(app.url);
    const clients: Client[] = [];
    for (let i = 0; i < nClients; i++)
      clients.push(await signIn(base, new http.Agent({ keepAlive: true, maxSockets: 1 })));
    const sel = values.cases?.split(';').map((s) => s.trim().toLowerCase());
    const want = (name: string) => !sel || sel.some((s) => name.toLowerCase().startsWith(s));
    const results: CaseResult[] = [];
    const runId = new Date().toISOString();
    const report = (r: CaseResult) => {
      results.push(r);
      appendFileSync(
        RESULTS,
        JSON.stringify({
          at: new Date().toISOString(),
          what: 'roster-http',
          engine,
          tag: values.tag,
          runId,
          clients: nClients,
          ...r,
        }) + '\n',
      );
      console.log(
        `  ${r.name}: ${r.rps.toFixed(1)} req/s, p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, p99 ${r.p99.toFixed(
          1,
        )} ms, max ${r.max.toFixed(0)} ms, ${fmtInt(r.requests)} requests, errors ${r.errors}${
          r.firstError ? ` (${r.firstError})` : ''
        }; load ${r.load1Before.toFixed(2)} → ${r.load1After.toFixed(2)}; longest event-loop stall ${r.stallMs.toFixed(0)} ms${
          r.serverCpuMs !== undefined ? `; server CPU ${r.serverCpuMs.toFixed(2)} ms a request` : ''
        }`,
      );
    };
    const measure = async (
      name: string,
      b: URL,
      cs: Client[],
      paths: string[],
      check?: (r: Reply) => string | null,
    ) => {
      const load1Before = loadavg()[0]!;
      const t0 = performance.now() + 2000;
      const r = await drive(b, cs, paths, { seconds, warmup: 2, ...(check ? { check } : {}) });
      const t1 = performance.now();
      report({
        name,
        ...r,
        load1Before,
        load1After: loadavg()[0]!,
        stallMs: longestStall(t0, t1),
        ...(b === base ? { serverCpuMs: serverCpu(t0, t1) / r.requests } : {}),
      });
    };
    const hasItems = (r: Reply) => {
      const j = JSON.parse(r.body) as { total: number; items: unknown[] };
      return typeof j.total === 'number' && Array.isArray(j.items) ? null : 'no page';
    };
    if (engine === 'postgres' && want('baseline')) {
      baseline = await startChild('baseline', { location });
      children.push(baseline.child);
      const bb = new URL(baseline.url);
      const bcs = clients.map(() => ({
        agent: new http.Agent({ keepAlive: true, maxSockets: 1 }),
        cookie: '',
      }));
      await measure('baseline: Fastify + pg, one query', bb, bcs, ['/people'], hasItems);
    }
    // each page case's own statement, one query per request (serveStatements): what the page costs the database
    const pageCases: [string, string[]][] = [
      ['root, page 1', [pick.root]],
      ['county, page 1', pick.county],
      ['township, page 1', pick.township],
    ];
    for (const [name, codes] of pageCases) {
      if (engine !== 'postgres' || !want(`statement: ${name}`) || !want(name)) continue;
      const st = await startChild('statements', { location, codes });
      children.push(st.child);
      const sb = new URL(st.url);
      const scs = clients.map(() => ({
        agent: new http.Agent({ keepAlive: true, maxSockets: 1 }),
        cookie: '',
      }));
      const paths = codes.map((_, i) => `/page?i=${i}`);
      await measure(`statement: ${name}`, sb, scs, paths, hasItems);
      st.child.kill('SIGTERM');
    }
    for (const c of casesOf(pick))
      if (want(c.name))
        await measure(
          c.name,
          base,
          clients,
          c.paths,
          c.paths[0]!.includes('/members') ? hasItems : undefined,
        );
    if (engine === 'postgres' && baseline && want('baseline')) {
      const bb = new URL(baseline.url);
      const bcs = clients.map(() => ({
        agent: new http.Agent({ keepAlive: true, maxSockets: 1 }),
        cookie: '',
      }));
      await measure('baseline again', bb, bcs, ['/people'], hasItems);
    }
    if (importRows > 0 && want('during import')) {
      const file = join(OUT, `roster-import-${importRows}.csv`);
      importCsv(pick.importOrgs, importRows, file);
      for (const [name, paths] of [
        ['during import: root, page 1', [`/api/v1/orgs/${pick.root}/members?pageSize=50`]],
        ['during import: session only (GET /auth/me)', ['/api/v1/auth/me']],
      ] as const) {
        const load1Before = loadavg()[0]!;
        const t0 = performance.now();
        const imp = runImport(base, clients[0]!, file);
        const r = await drive(base, clients.slice(1), [...paths], { seconds, warmup: 0, until: imp });
        const done = await imp;
        report({
          name,
          ...r,
          load1Before,
          load1After: loadavg()[0]!,
          stallMs: longestStall(t0, performance.now()),
          importSeconds: done.seconds,
        });
        console.log(`    import: ${fmtInt(done.inserted)} members in ${done.seconds.toFixed(1)} s`);
        importCsv(pick.importOrgs, importRows, file); // new ID numbers for the next import
      }
    }
    const b0 = results.find((r) => r.name.startsWith('baseline'));
    if (b0) {
      const bs = results.filter((r) => r.name.startsWith('baseline'));
      const brps = bs.reduce((a, r) => a + r.rps, 0) / bs.length;
      const own = (r: CaseResult) => results.find((s) => s.name === `statement: ${r.name}`);
      console.log(
        `\n| case | req/s | vs baseline | vs its statement | p50 ms | p95 ms | p99 ms | max ms | errors | load 1 min |`,
      );
      console.log('|---|---|---|---|---|---|---|---|---|---|');
      for (const r of results)
        console.log(
          `| ${r.name} | ${r.rps.toFixed(0)} | ${((r.rps / brps) * 100).toFixed(0)} % | ${
            own(r) ? `${((r.rps / own(r)!.rps) * 100).toFixed(0)} %` : '—'
          } | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.max.toFixed(0)} | ${r.errors} | ${r.load1Before.toFixed(1)} |`,
        );
    } else {
      console.log(
        `\n| case | req/s | p50 ms | p95 ms | p99 ms | max ms | errors | load 1 min | server CPU ms a request |`,
      );
      console.log('|---|---|---|---|---|---|---|---|---|');
      for (const r of results)
        console.log(
          `| ${r.name} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(
            1,
          )} | ${r.max.toFixed(0)} | ${r.errors} | ${r.load1Before.toFixed(1)} | ${r.serverCpuMs?.toFixed(2) ?? '—'} |`,
        );
    }
  } finally {
    for (const c of children) c.kill('SIGTERM');
  }
}

/** Runs `fn` with a query function on the database (before the server opens it: PGlite allows one process). */
async function withQuery<T>(
  engine: 'postgres' | 'pglite',
  location: string,
  fn: (q: <R>(sql: string, p?: unknown[]) => Promise<R[]>) => Promise<T>,
): Promise<T> {
  const { openDb } = await import('../src/db/client.js');
  const db = await openDb(engine === 'postgres' ? { databaseUrl: location } : { dataDir: location });
  try {
    return await fn(<R>(sql: string, p?: unknown[]) => db.query<R>(sql, p));
  } finally {
    await db.close();
  }
}

if (
  process.argv[1]?.endsWith('roster-http.ts') &&
  ['serve', 'baseline', 'statements', 'seed-county'].includes(process.argv[2] ?? '')
)
  void main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
