/**
 * The roster's statements on PGlite planned for each execution's values against planned once (issue 9 #7, decision
 * 0056's session 23 addendum): `npm run bench -- roster-plans [--queries 'A|B'] [--rounds 5] [--reps 40]`.
 *
 * Opens a copy of the bench county's PGlite folder (bench/out/pglite-roster-county, made by `npm run bench --
 * roster-http --engine pglite`) in this process, the server on its thread off (`JICENG_PGLITE_WORKER=false`: the
 * statements' CPU is this process's), signs in as the roster bench's account, and for each org (the root, the first
 * depth-1 org, the largest depth-2 and depth-3 orgs) and each query string (appended to
 * `/api/v1/orgs/CODE/members?pageSize=50`) records the statements one request runs; then replays each statement
 * `reps` times per round, planned per values and planned once alternated for `rounds` rounds, and prints the median
 * CPU of each and which way the application asks for it. Results are appended to bench/out/results.jsonl.
 */
import { appendFileSync, cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Db, QueryOptions } from '../src/db/client.js';
import { median, OUT, RESULTS } from './common.js';

const COUNTY = join(OUT, 'pglite-roster-county');
const USERNAME = 'bench-roster';
const PASSWORD = 'Bench-Roster-2026-load';
const DEFAULT_QUERIES = [
  '',
  '&status=probationary',
  '&sex=female',
  '&sex=female&ageBand=41-45',
  '&q=王',
  '&q=李',
  '&q=建国',
  '&q=wang',
  '&q=zh',
  '&q=zhangw',
  '&occupation=farmer',
];

interface Seen {
  sql: string;
  params: unknown[];
  opts: QueryOptions | undefined;
}

export async function main(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      queries: { type: 'string' },
      rounds: { type: 'string', default: '5' },
      reps: { type: 'string', default: '40' },
    },
  });
  if (!existsSync(COUNTY))
    throw new Error(`${COUNTY} is missing: run npm run bench -- roster-http --engine pglite first`);
  const queries = values.queries?.split('|') ?? DEFAULT_QUERIES;
  const rounds = Number(values.rounds);
  const reps = Number(values.reps);
  const dir = mkdtempSync(join(tmpdir(), 'jiceng-roster-plans-'));
  cpSync(COUNTY, dir, { recursive: true });
  const { loadConfig } = await import('../src/config.js');
  const { startServer } = await import('../src/main.js');
  const config = loadConfig({
    JICENG_DATA_DIR: dir,
    PORT: 0,
    HOST: '127.0.0.1',
    JICENG_LOG_LEVEL: 'warn',
    JICENG_PGLITE_WORKER: false,
  });
  const { app, db, address } = await startServer(config, { jobs: false });
  try {
    // every statement the server sends while `recording` (one request's), by this handle's own query
    const query = db.query.bind(db) as Db['query'];
    let recording: Seen[] | null = null;
    (db as { query: Db['query'] }).query = (<T>(
      sql: string,
      params?: readonly unknown[],
      opts?: QueryOptions,
    ) => {
      recording?.push({ sql, params: [...(params ?? [])], opts });
      return query<T>(sql, params, opts);
    }) as Db['query'];
    const login = await fetch(`${address}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-requested-with': 'jiceng' },
      body: JSON.stringify({ username: USERNAME, password: PASSWORD }),
    });
    if (!login.ok) throw new Error(`sign-in: ${login.status} (is the roster bench's account there?)`);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const orgs = await query<{ code: string; depth: number }>(
      `(SELECT code, depth FROM org WHERE depth = 0 ORDER BY id LIMIT 1)
       UNION ALL (SELECT code, depth FROM org WHERE depth = 1 ORDER BY id LIMIT 1)
       UNION ALL (SELECT o.code, o.depth FROM org o WHERE o.depth = 2
                   ORDER BY (SELECT count(*) FROM member m WHERE m.roster_anc2 = o.id) DESC, o.id LIMIT 1)
       UNION ALL (SELECT o.code, o.depth FROM org o WHERE o.depth = 3
                   ORDER BY (SELECT count(*) FROM member m WHERE m.roster_anc3 = o.id) DESC, o.id LIMIT 1)`,
    );
    const cpuMs = (f: () => Promise<unknown>) => async () => {
      const c0 = process.cpuUsage();
      for (let i = 0; i < reps; i++) await f();
      const c = process.cpuUsage(c0);
      return (c.user + c.system) / 1000 / reps;
    };
    for (const org of orgs)
      for (const q of queries) {
        const path = `/api/v1/orgs/${encodeURIComponent(org.code)}/members?pageSize=50${q
          .split('&')
          .map((part) => part.replace(/=(.*)$/, (_, v: string) => `=${encodeURIComponent(v)}`))
          .join('&')}`;
        const get = async () => {
          const r = await fetch(address + path, { headers: { cookie, 'x-requested-with': 'jiceng' } });
          if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
          return (await r.json()) as { total: number };
        };
        // (the server's caches warm: the request then runs only its own statements)
        for (let i = 0; i < 3; i++) await get();
        recording = [];
        const { total } = await get();
        const seen: Seen[] = recording;
        recording = null;
        console.log(`depth ${org.depth} ${q || '(page 1)'}: total ${total}, ${seen.length} statements`);
        for (const [i, s] of seen.entries()) {
          const run = (generic: boolean) => cpuMs(() => query(s.sql, s.params, { ...s.opts, generic }));
          const custom: number[] = [];
          const generic: number[] = [];
          for (let r = 0; r < rounds; r++) {
            // (warm both plans, then alternate)
            await run(false)();
            custom.push(await run(false)());
            await run(true)();
            generic.push(await run(true)());
          }
          const c = median(custom);
          const g = median(generic);
          const asked = s.opts?.generic === true ? 'once' : 'per values';
          console.log(
            `  #${i} asked ${asked}: per values ${c.toFixed(2)} ms, once ${g.toFixed(2)} ms (${(g / c).toFixed(2)})  ${s.sql.replace(/\s+/g, ' ').slice(0, 90)}`,
          );
          appendFileSync(
            RESULTS,
            JSON.stringify({
              bench: 'roster-plans',
              at: new Date().toISOString(),
              depth: org.depth,
              query: q,
              statement: i,
              asked,
              perValuesMs: c,
              onceMs: g,
              sql: s.sql.replace(/\s+/g, ' ').slice(0, 200),
            }) + '\n',
          );
        }
      }
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
