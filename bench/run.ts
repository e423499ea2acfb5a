/**
 * Benchmarks (see docs/benchmarks.md). `npm run bench` = `node --import tsx bench/run.ts [command] [flags]`:
 *
 *   (no command) | quick      imports at 100k rows: CSV and .xlsx into PGlite and PostgreSQL, with the raw
 *                             baselines (raw COPY, raw exceljs / csv-parse); a few minutes
 *   imports --rows 1000000    the same at any size (--engines pglite,postgres --formats csv,xlsx --runs 3
 *                             --no-baselines --no-limit --verify --chunk-size 20000 --profile <dir>); each import is
 *                             followed by its engine's physical limit (measure.ts limitChild) and reported as a
 *                             ratio to it; --profile writes CPU profiles of the import child and its parse worker;
 *                             --compiled runs the import child from dist/server without tsx, as `jiceng import`;
 *                             --pglite 'shared_buffers=32MB,work_mem=4MB,maintenance_work_mem=16MB'
 *                             opens PGlite (import and limit alike) with these settings — default the configured
 *                             ones (JICENG_PGLITE_*, as the server and `jiceng import`), 'pglite' its own defaults
 *   stats                     subtree statistics latency per level on a province-sized PostgreSQL database
 *                             (--members 5000000 --samples 200 --reps 5 --reseed --database jbench_province)
 *   gen --rows 100000         (re)generate the input files into bench/out/
 *   concurrent                4 clients writing to different townships of one county at once on PostgreSQL,
 *                             then the same with a 20k-row import alongside (--clients 4 --ops 150 --runs 1
 *                             --import-rows 20000 --tag <label>); see bench/concurrent.ts
 *   web-load                  load time of the web app in Chromium, throttled network and CPU, before/after variants
 *                             (--variant name=<checkout>[,<web dir>] … --runs 3 --profiles broadband,fast3g); see
 *                             bench/web-load.ts
 *   web-cpu                   the browser's main-thread CPU time from signing in to the county figures drawn, per
 *                             checkout (--runs 3 --cpu 1 --trace <checkout> …): a figure other load barely moves; see
 *                             bench/web-cpu.ts
 *   web-trace                 where the time from signing in to the county figures goes: a performance trace of
 *                             web-load's path split by kind, by package and app file, requests and long tasks
 *                             (--runs 1 --cpu 4 --wait 0 --phone <checkout>[,<web dir>]); see bench/web-trace.ts
 *   meetings                  organisational life on the demo county: a year's 三会一课 ledger (--rows 25000) imported
 *                             from .xlsx and .csv, re-imported, county compliance, recording one meeting
 *                             (--engines pglite,postgres); see bench/meetings.ts
 *   roster-http               the roster under load through the real HTTP API: 20 clients, a one-query Fastify + pg
 *                             baseline in the same run, reads during an import (--engine postgres|pglite --clients 20
 *                             --seconds 10 --cases … --import-rows 20000 --tag <label>); see bench/roster-http.ts
 *   roster-plans              the roster's statements on PGlite (roster-http's county) planned per values against
 *                             planned once, statement by statement (--queries 'A|B' --rounds 5 --reps 40); see
 *                             bench/roster-plans.ts
 *   dues                      dues on the demo county with its demo dues: its payments as a .csv ledger imported (against
 *                             a straight COPY of the same rows), re-imported, the county's month status and summary
 *                             (--engines pglite,postgres); see bench/dues.ts
 *   province-activity         a year of branch life and dues for every county of jbench_province (seeded by `stats`),
 *                             county by county, resumable (--database jbench_province --max-seconds 0 --counties 0
 *                             --pipeline-share 0.4 --workers 1);
 *                             see bench/province-activity.ts
 *   province-figures          issues 11–14's province targets on it: full recomputations (--recompute), warnings of
 *                             the first counties (--evaluate-counties 3), subtree figures per level against a PK read
 *                             (--samples 50 --reps 5), a county's pages and one org re-evaluated (--runs 10); see
 *                             bench/province-figures.ts
 *   rollup-rebuild            the life and dues rollups' full recomputation on a copy of a province with activity,
 *                             before (a checkout's code) and after (this one) alternated, the rows they wrote compared
 *                             (--database w13_rebuild --before <checkout> --runs 2 --steps life,dues --limit --physical); see
 *                             bench/rollup-rebuild.ts
 *   life-reads                one batch of the life rebuild's facts reads part by part, each as its own COPY, this
 *                             checkout's statement and a checkout's alternated (--database jh_life --before <checkout>
 *                             --batch 5 --runs 7); see bench/life-reads.ts
 *   evaluate-parts            one county batch of the health evaluation part by part (each facts query alone, rows) and
 *                             whole, with and without 党章第九条's maintained runs (--evaluate-counties 3 --runs 3); see
 *                             bench/evaluate-parts.ts
 *   check                     equivalence checks of the fast paths against what they replace (bench/check.ts)
 *   clean                     drop the benchmark databases and bench/out/ data folders
 *
 * Every measurement runs in a fresh child process (peak RSS is that process's maxRSS), started once the machine
 * is quiet (under 10% busy over 2 s, waiting up to 5 minutes; --no-wait skips this); results are printed as a
 * table and appended as JSON lines to bench/out/results.jsonl.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  admin,
  BENCH_DIR,
  cloneDb,
  dropPgDatabase,
  ensureOut,
  fmtInt,
  label,
  median,
  OUT,
  pgDatabaseExists,
  readManifest,
  RESULTS,
  waitQuiet,
  type Engine,
  type Format,
} from './common.js';
import { generateInputs } from './gen.js';
import { loadConfig, pgliteSettingsOf } from '../src/config.js';
import type { PgliteSettings } from '../src/db/client.js';
import { prepareTemplate } from './prepare.js';

type Result = Record<string, unknown> & {
  what: string;
  seconds: number;
  rowsPerSec?: number;
  peakRssMb?: number;
};

// ------------------------------------------------------------------------------------------------ child side

async function child(what: string, json: string): Promise<void> {
  const args = JSON.parse(json) as Record<string, unknown>;
  const m = await import('./measure.js');
  const s = await import('./stats.js');
  const table: Record<string, (a: never) => Promise<unknown>> = {
    import: m.importChild,
    'raw-copy': m.rawCopyChild,
    'raw-xlsx': m.rawXlsxChild,
    'raw-csv': m.rawCsvChild,
    'raw-reader': m.rawReaderChild,
    limit: m.limitChild,
    stats: s.statsChild,
    seed: s.seedChild,
    concurrent: (await import('./concurrent.js')).concurrentChild,
    meetings: (await import('./meetings.js')).meetingsChild,
    dues: (await import('./dues.js')).duesChild,
  };
  const fn = table[what];
  if (!fn) throw new Error(`unknown child ${what}`);
  const out = await fn(args as never);
  process.stdout.write(`\n@@RESULT ${JSON.stringify(out)}\n`);
}

// ------------------------------------------------------------------------------------------------ parent side

const NODE_ARGS = ['--max-old-space-size=8192', '--import', 'tsx'];
/**
 * The import child runs with Node's default heap limits, as `jiceng import` does: a raised limit lets the collector
 * keep garbage it would otherwise collect, and the peak RSS measured would not be a user's.
 */
const IMPORT_NODE_ARGS = ['--import', 'tsx'];
/** `--cpu-prof` into this folder for the import child (and its parse worker), from --profile */
let profileDir: string | null = null;
/**
 * --compiled: the import child runs dist/server's JavaScript without the TypeScript loader, as `jiceng import` does
 * (bench/import-compiled.mjs; `npm run build:server` first)
 */
let compiledImport = false;

export async function runChild(what: string, args: object, opts: { quiet?: boolean } = {}): Promise<Result> {
  const busyBefore = noWait ? 0 : await waitQuiet();
  const r = await spawnChild(what, args, opts);
  return { ...r, busyBefore: Math.round(busyBefore * 100) / 100 };
}

let noWait = false;

function spawnChild(what: string, args: object, opts: { quiet?: boolean }): Promise<Result> {
  return new Promise((resolve, reject) => {
    const p = spawn(
      process.execPath,
      [
        ...(what === 'import' ? (compiledImport ? [] : IMPORT_NODE_ARGS) : NODE_ARGS),
        ...(what === 'import' && profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
        ...(what === 'import' && compiledImport
          ? [join(BENCH_DIR, 'import-compiled.mjs')]
          : [join(BENCH_DIR, 'run.ts'), 'child', what]),
        JSON.stringify(args),
      ],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
        ...(what === 'import' && profileDir
          ? { env: { ...process.env, JICENG_WORKER_PROF: profileDir } }
          : {}),
      },
    );
    let out = '';
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!opts.quiet) {
        for (const line of d.toString().split('\n'))
          if (line && !line.startsWith('@@RESULT')) console.log(`    ${line}`);
      }
    });
    p.on('error', reject);
    p.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('@@RESULT '));
      if (code !== 0 || !line) return reject(new Error(`child ${what} failed (exit ${code})`));
      resolve(JSON.parse(line.slice('@@RESULT '.length)) as Result);
    });
  });
}

function record(r: Result, extra: object = {}): Result {
  const row = { at: new Date().toISOString(), ...r, ...extra };
  appendFileSync(RESULTS, JSON.stringify(row) + '\n');
  return row as Result;
}

async function ensureInputs(rows: number) {
  let m = readManifest(rows);
  if (!m) {
    console.log(`generating ${label(rows)} input rows (csv + xlsx) …`);
    m = await generateInputs(rows);
    console.log(
      `  ${m.orgs} orgs; generate ${m.seconds.generate.toFixed(1)} s, csv ${m.seconds.csv.toFixed(1)} s, xlsx ${m.seconds.xlsx.toFixed(1)} s`,
    );
  }
  return m;
}

interface ImportsOpts {
  rows: number;
  engines: Engine[];
  formats: Format[];
  runs: number;
  baselines: boolean;
  /** the physical-limit baseline after each import (issue 9 item 6); on unless --no-limit */
  limit: boolean;
  verify: boolean;
  chunkSize?: number;
  /** PGlite's memory settings for the import and its limit (decision 0054); null: PGlite's own defaults */
  pglite: PgliteSettings | null;
}

/**
 * --pglite: the embedded database's memory settings, `name=value` separated by commas (shared_buffers, work_mem,
 * maintenance_work_mem, as PostgreSQL writes them); 'pglite' for PGlite's own defaults; left
 * out, the configured ones (config.ts: JICENG_PGLITE_*, as the server and the command line open it).
 */
function pgliteFlag(v: string | undefined): PgliteSettings | null {
  if (v === undefined) return pgliteSettingsOf(loadConfig());
  if (v === 'pglite') return null;
  const out: PgliteSettings = {};
  for (const part of v.split(',').filter(Boolean)) {
    const [name, value = ''] = part.split('=');
    if (name === 'shared_buffers') out.sharedBuffers = value;
    else if (name === 'work_mem') out.workMem = value;
    else if (name === 'maintenance_work_mem') out.maintenanceWorkMem = value;
    else throw new Error(`--pglite: unknown setting ${name}`);
  }
  return out;
}

async function imports(o: ImportsOpts): Promise<void> {
  ensureOut();
  const m = await ensureInputs(o.rows);
  const L = label(o.rows);
  const tag = { rows: o.rows, runId: new Date().toISOString() };
  const results: Result[] = [];
  if (o.engines.includes('pglite'))
    console.log(`PGlite opened with ${o.pglite ? JSON.stringify(o.pglite) : "PGlite's own defaults"}`);
  const show = (name: string, i: number, r: Result) =>
    console.log(
      `  ${name} run ${i + 1}: ${r.seconds.toFixed(2)} s, ${fmtInt(r.rowsPerSec ?? 0)} rows/s${
        r.peakRssMb ? `, peak RSS ${r.peakRssMb} MB` : ''
      }${r.copySeconds === undefined ? '' : ` (COPY ${Number(r.copySeconds).toFixed(2)} s, indexes ${Number(r.indexSeconds).toFixed(2)} s)`}${
        r.aggregatesMatch === undefined ? '' : `, aggregates match live recount: ${String(r.aggregatesMatch)}`
      }${r.vsLimit === undefined ? '' : `, ${Number(r.vsLimit).toFixed(2)} of the physical limit of the same run`}`,
    );
  const summarise = (name: string, rs: Result[]): Result => {
    const med: Result = {
      ...rs[0]!,
      name,
      seconds: median(rs.map((r) => r.seconds)),
      rowsPerSec: median(rs.map((r) => r.rowsPerSec ?? 0)),
      minS: Math.min(...rs.map((r) => r.seconds)),
      maxS: Math.max(...rs.map((r) => r.seconds)),
      ...(rs[0]!.peakRssMb ? { peakRssMb: median(rs.map((r) => r.peakRssMb ?? 0)) } : {}),
      ...(rs[0]!.vsLimit !== undefined ? { vsLimit: median(rs.map((r) => Number(r.vsLimit))) } : {}),
      ...(rs[0]!.copySeconds !== undefined
        ? {
            copySeconds: median(rs.map((r) => Number(r.copySeconds))),
            indexSeconds: median(rs.map((r) => Number(r.indexSeconds))),
          }
        : {}),
    };
    results.push(med);
    return med;
  };
  const many = async (name: string, run: () => Promise<Result>) => {
    const rs: Result[] = [];
    for (let i = 0; i < o.runs; i++) {
      const r = record(await run(), tag);
      show(name, i, r);
      rs.push(r);
    }
    return summarise(name, rs);
  };

  const templates = new Map<Engine, string>();
  const needPg = o.engines.includes('postgres') || o.baselines;
  for (const e of ['postgres', 'pglite'] as Engine[]) {
    if (e === 'postgres' ? !needPg : !o.engines.includes(e)) continue;
    console.log(`template ${e} (${m.orgs} orgs) …`);
    templates.set(e, await prepareTemplate(e, m));
  }
  // the clones carry this run's process id: two runs in two checkouts must not drop each other's database
  const clone = (e: Engine, as = 'run') =>
    cloneDb(
      e,
      templates.get(e)!,
      e === 'postgres' ? `jbench_${as}_${process.pid}` : `pglite-${as}-${process.pid}`,
    );

  if (o.baselines) {
    await many('raw csv-parse', () => runChild('raw-csv', { rows: o.rows }));
    await many('raw exceljs stream', () => runChild('raw-xlsx', { rows: o.rows }));
    for (const format of o.formats)
      await many(`raw jiceng reader ${format}`, () => runChild('raw-reader', { rows: o.rows, format }));
    await many('raw COPY PG (pk)', async () =>
      runChild('raw-copy', {
        engine: 'postgres',
        rows: o.rows,
        location: await clone('postgres'),
        variant: 'pk',
      }),
    );
    await many('raw COPY PG (+indexes)', async () =>
      runChild('raw-copy', {
        engine: 'postgres',
        rows: o.rows,
        location: await clone('postgres'),
        variant: 'indexes',
      }),
    );
    if (o.engines.includes('pglite')) {
      await many('raw COPY PGlite (pk)', async () =>
        runChild('raw-copy', {
          engine: 'pglite',
          rows: o.rows,
          location: await clone('pglite'),
          variant: 'pk',
        }),
      );
    }
  }
  // Each import is followed, in the same run, by the physical limit of its engine: the rows it wrote COPYed back
  // into a fresh clone without the secondary indexes, then the indexes built (measure.ts limitChild). Every import
  // figure is reported as the ratio limit time / import time of its own run (1 = at the limit).
  for (const e of o.engines) {
    const runs = new Map<Format, Result[]>(o.formats.map((f) => [f, []]));
    const limits: Result[] = [];
    for (let i = 0; i < o.runs; i++) {
      for (const f of o.formats) {
        const location = await clone(e);
        const r = await runChild('import', {
          engine: e,
          format: f,
          rows: o.rows,
          location,
          verify: o.verify,
          ...(o.chunkSize ? { chunkSize: o.chunkSize } : {}),
          ...(e === 'pglite' && o.pglite ? { pglite: o.pglite } : {}),
        });
        // (the limit on PGlite with the same settings as its import: the same database, opened the same way)
        const settings = e === 'pglite' ? { pglite: o.pglite ?? 'pglite defaults' } : {};
        if (o.limit) {
          const l = record(
            await runChild('limit', {
              engine: e,
              rows: o.rows,
              from: location,
              to: await clone(e, 'limit'),
              ...(e === 'pglite' && o.pglite ? { pglite: o.pglite } : {}),
            }),
            { ...tag, ...settings, name: `physical limit ${e}` },
          );
          show(`physical limit ${e}`, limits.length, l);
          limits.push(l);
          r.vsLimit = Math.round((l.seconds / r.seconds) * 1000) / 1000;
        }
        record(r, { ...tag, ...settings, name: `import ${f} → ${e}${compiledImport ? ' (compiled)' : ''}` });
        show(`import ${f} → ${e}${compiledImport ? ' (compiled)' : ''}`, i, r);
        runs.get(f)!.push(r);
      }
    }
    if (limits.length) summarise(`physical limit ${e}`, limits);
    for (const f of o.formats)
      summarise(`import ${f} → ${e}${compiledImport ? ' (compiled)' : ''}`, runs.get(f)!);
  }
  await dropPgDatabase(`jbench_run_${process.pid}`);
  await dropPgDatabase(`jbench_limit_${process.pid}`);
  rmSync(join(OUT, `pglite-run-${process.pid}`), { recursive: true, force: true });
  rmSync(join(OUT, `pglite-limit-${process.pid}`), { recursive: true, force: true });

  // summary
  const find = (name: string) => results.find((r) => r.name === name);
  const copyPk = find('raw COPY PG (pk)');
  const copyIdx = find('raw COPY PG (+indexes)');
  const copyLite = find('raw COPY PGlite (pk)');
  const xlsxRaw = find('raw exceljs stream');
  const ratio = (rate: number, base: Result | undefined, r: Result) =>
    base?.rowsPerSec && r.name !== base.name ? (rate / base.rowsPerSec).toFixed(2) : '';
  console.log(`\n${L} rows (${m.orgs} orgs), median of ${o.runs} run(s):`);
  console.log(
    '| measurement | s | rows/s | peak RSS MB | vs physical limit (same engine, same run) | vs raw COPY, pk only (same engine) | vs raw PG COPY +indexes | vs raw exceljs parse | vs raw jiceng reader |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    const rate = r.rowsPerSec ?? 0;
    const name = String(r.name);
    const isImport = name.startsWith('import ');
    const vsLimit = r.vsLimit === undefined ? '' : Number(r.vsLimit).toFixed(2);
    const vsCopy = isImport ? ratio(rate, name.includes('→ pglite') ? copyLite : copyPk, r) : '';
    const vsIdx = isImport && name.includes('→ postgres') ? ratio(rate, copyIdx, r) : '';
    const vsXlsx =
      xlsxRaw?.rowsPerSec && isImport && name.includes('xlsx')
        ? `${((rate / xlsxRaw.rowsPerSec) * 100).toFixed(0)}%`
        : '';
    const reader = find(`raw jiceng reader ${name.includes('xlsx') ? 'xlsx' : 'csv'}`);
    const vsReader =
      reader?.rowsPerSec && isImport ? `${((rate / reader.rowsPerSec) * 100).toFixed(0)}%` : '';
    const extra =
      r.copySeconds === undefined
        ? ''
        : ` (COPY ${Number(r.copySeconds).toFixed(2)} + indexes ${Number(r.indexSeconds).toFixed(2)})`;
    console.log(
      `| ${name} | ${r.seconds.toFixed(2)}${extra} | ${fmtInt(rate)} | ${r.peakRssMb ?? ''} | ${vsLimit} | ${vsCopy} | ${vsIdx} | ${vsXlsx} | ${vsReader} |`,
    );
  }
}

interface ConcurrentOpts {
  clients: number;
  ops: number;
  runs: number;
  importRows: number;
  tag: string;
}

/**
 * Concurrent writers (bench/concurrent.ts). The base database is the 100k template's org tree plus the input
 * file's rows except the last `importRows`, which are the import run alongside; it is built once (by whichever
 * version of the code runs first: later versions migrate their clones forward, as an upgrade would).
 */
async function concurrent(o: ConcurrentOpts): Promise<void> {
  ensureOut();
  const m = await ensureInputs(100_000);
  const { existsSync, readFileSync, writeFileSync } = await import('node:fs');
  const head = join(OUT, `members-100k-head-${o.importRows}.csv`);
  const tail = join(OUT, `members-100k-tail-${o.importRows}.csv`);
  if (!existsSync(tail)) {
    const lines = readFileSync(m.csv, 'utf8')
      .split(/\r?\n/)
      .filter((l) => l.length);
    const [header, ...rows] = lines;
    const cut = rows.length - o.importRows;
    writeFileSync(head, [header, ...rows.slice(0, cut)].join('\n') + '\n');
    writeFileSync(tail, [header, ...rows.slice(cut)].join('\n') + '\n');
  }
  const base = `jbench_conc_base_${o.importRows}`;
  if (!(await pgDatabaseExists(base))) {
    const tmpl = await prepareTemplate('postgres', m);
    console.log(`base database ${base}: ${fmtInt(100_000 - o.importRows)} members …`);
    const url = await cloneDb('postgres', tmpl, `${base}_building`);
    const { openDb, withAuditSession } = await import('../src/db/client.js');
    const { importMembers } = await import('../src/services/imports.js');
    const { fixedClock } = await import('../src/services/context.js');
    const { SYSTEM_ACTOR } = await import('../src/domain/access/policy.js');
    const db = await openDb({ databaseUrl: url });
    const r = await importMembers(
      {
        db: withAuditSession(db, { actorId: null, label: 'system:bench', ip: null }),
        clock: fixedClock(m.today),
        actor: SYSTEM_ACTOR,
      } as never,
      { path: head },
    );
    if (r.inserted !== 100_000 - o.importRows) throw new Error(`base import wrote ${r.inserted}`);
    await db.query('VACUUM ANALYZE');
    await db.close();
    await admin((c) => c.query(`ALTER DATABASE ${base}_building RENAME TO ${base}`));
  }
  const results: Result[] = [];
  const runId = new Date().toISOString();
  for (let run = 0; run < o.runs; run++) {
    for (const withImport of [false, true]) {
      const location = await cloneDb('postgres', base, `jbench_conc_${o.tag.replace(/\W/g, '_')}`);
      const r = record(
        await runChild('concurrent', {
          location,
          today: m.today,
          clients: o.clients,
          ops: o.ops,
          ...(withImport ? { importFile: tail, importRows: o.importRows } : {}),
        }),
        { tag: o.tag, runId },
      );
      console.log(
        `  ${o.tag} ${o.clients} clients${withImport ? ` + ${fmtInt(o.importRows)}-row import` : ''}: ${(
          r.opsPerSec as number
        ).toFixed(1)} ops/s, p50 ${(r.p50Ms as number).toFixed(1)} ms, p95 ${(r.p95Ms as number).toFixed(
          1,
        )} ms, max ${(r.maxMs as number).toFixed(0)} ms${
          withImport
            ? `; import ${(r.importSeconds as number).toFixed(2)} s, ${String(r.opsDuringImport)} ops done meanwhile, longest wait ${Number(r.maxMsDuringImport ?? 0).toFixed(0)} ms`
            : ''
        }; errors ${String(r.errors)}${r.firstError ? ` (${String(r.firstError)})` : ''}; root matches ${String(r.rootFullMatches)}`,
      );
      results.push(r);
    }
  }
  await dropPgDatabase(`jbench_conc_${o.tag.replace(/\W/g, '_')}`);
}

/** The equivalence checks of the fast paths (bench/check.ts) on fuzzed input, the fixtures and the bench files. */
async function check() {
  const c = await import('./check.js');
  const { readdirSync } = await import('node:fs');
  const fixtures = join(BENCH_DIR, '..', 'test', 'fixtures', 'io');
  let bad = 0;
  const show = (what: string, r: object, ok: boolean) => {
    if (!ok) bad++;
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}: ${JSON.stringify(r)}`);
  };
  const v = c.checkValidator();
  show('MemberCreate validator vs zod (fuzzed rows)', v, v.mismatches === 0);
  const d = await c.checkIsoDates();
  show('isIsoDateFast vs isIsoDate', d, d.mismatches === 0);
  const ids = await c.checkIdIndex();
  show('RowByIdNumber vs Map', ids, ids.mismatches === 0);
  const csv = await c.checkCsvSplitter(3000);
  show('CSV fast splitter vs csv-parse (fuzzed files, random chunking)', csv, csv.mismatches === 0);
  const files = [
    ...readdirSync(fixtures)
      .filter((f) => /\.(xlsx|csv)$/.test(f))
      .map((f) => join(fixtures, f)),
    // the generated files up to 100k rows (the 1M ones take minutes and, for the worker comparison, gigabytes)
    ...readdirSync(OUT)
      .filter((f) => /^members-\d+k\.(xlsx|csv)$/.test(f) && Number(/\d+/.exec(f)![0]) <= 100)
      .map((f) => join(OUT, f)),
  ];
  const names = await c.checkNameKeys(files.filter((f) => f.endsWith('.csv')));
  show(
    'name keys fast path vs pinyin-pro (names of the CSV files, every character)',
    names,
    names.mismatches === 0,
  );
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const oddDir = mkdtempSync(join(tmpdir(), 'jiceng-xlsx-check-'));
  files.push(...(await c.oddWorkbooks(oddDir)));
  for (const f of files.filter((x) => x.endsWith('.xlsx'))) {
    const r = await c.compareXlsxReaders(f);
    show(`xlsx reader vs exceljs ${f}`, r, r.firstDifference === null);
  }
  for (const f of files.filter((x) => /members-[^/]*\.(xlsx|csv)$/.test(x))) {
    const r = await c.compareWorkerBatches(f);
    show(`parse worker vs in-process ${f}`, r, r.identical);
  }
  rmSync(oddDir, { recursive: true, force: true });
  if (bad) process.exitCode = 1;
}

async function clean() {
  const names = await admin(
    async (c) =>
      (await c.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'jbench_%'"))
        .rows,
  );
  for (const n of names) await dropPgDatabase(n.datname);
  for (const d of readdirSync(OUT))
    if (d.startsWith('pglite-')) rmSync(join(OUT, d), { recursive: true, force: true });
  console.log(`dropped ${names.length} databases`);
}

async function main() {
  const [cmd = 'quick', ...rest] = process.argv.slice(2);
  if (cmd === 'child') return child(rest[0]!, rest[1] ?? '{}');
  if (cmd === 'web-load') return (await import('./web-load.js')).main(rest);
  if (cmd === 'web-cpu') return (await import('./web-cpu.js')).main(rest);
  if (cmd === 'web-trace') return (await import('./web-trace.js')).main(rest);
  if (cmd === 'roster-http') return (await import('./roster-http.js')).main(rest);
  if (cmd === 'roster-plans') return (await import('./roster-plans.js')).main(rest);
  const { values } = parseArgs({
    args: rest,
    options: {
      rows: { type: 'string' },
      engines: { type: 'string', default: 'pglite,postgres' },
      formats: { type: 'string', default: 'csv,xlsx' },
      runs: { type: 'string', default: '1' },
      'no-baselines': { type: 'boolean', default: false },
      'no-limit': { type: 'boolean', default: false },
      profile: { type: 'string' },
      verify: { type: 'boolean', default: false },
      'chunk-size': { type: 'string' },
      members: { type: 'string', default: '5000000' },
      samples: { type: 'string', default: '200' },
      reps: { type: 'string', default: '5' },
      reseed: { type: 'boolean', default: false },
      database: { type: 'string', default: 'jbench_province' },
      'no-wait': { type: 'boolean', default: false },
      clients: { type: 'string', default: '4' },
      ops: { type: 'string', default: '150' },
      'import-rows': { type: 'string', default: '20000' },
      tag: { type: 'string', default: 'current' },
      'max-seconds': { type: 'string', default: '0' },
      counties: { type: 'string', default: '0' },
      recompute: { type: 'boolean', default: false },
      'evaluate-counties': { type: 'string', default: '0' },
      'pipeline-share': { type: 'string', default: '0.4' },
      workers: { type: 'string', default: '1' },
      steps: { type: 'string', default: 'life,dues,evaluate,levels,pages' },
      before: { type: 'string' },
      limit: { type: 'boolean', default: false },
      physical: { type: 'boolean', default: false },
      compiled: { type: 'boolean', default: false },
      pglite: { type: 'string' },
      batch: { type: 'string', default: '5' },
    },
  });
  noWait = values['no-wait'];
  if (values.compiled) {
    const { serverBuildState } = (await import(
      pathToFileURL(join(BENCH_DIR, '..', 'scripts', 'server-build.mjs')).href
    )) as { serverBuildState: () => string };
    if (serverBuildState() !== 'fresh')
      throw new Error('--compiled: dist/server is missing or older than the sources (npm run build:server)');
    if (values.verify) throw new Error('--compiled: --verify runs with the sources only');
    compiledImport = true;
  }
  if (values.profile) {
    const { mkdirSync } = await import('node:fs');
    const { resolve } = await import('node:path');
    profileDir = resolve(values.profile);
    mkdirSync(profileDir, { recursive: true });
  }
  const rows = Number(values.rows ?? 100_000);
  switch (cmd) {
    case 'quick':
    case 'imports':
      return imports({
        rows,
        engines: values.engines.split(',') as Engine[],
        formats: values.formats.split(',') as Format[],
        runs: Number(values.runs),
        baselines: !values['no-baselines'],
        limit: !values['no-limit'],
        verify: values.verify || cmd === 'quick',
        ...(values['chunk-size'] ? { chunkSize: Number(values['chunk-size']) } : {}),
        pglite: pgliteFlag(values.pglite),
      });
    case 'gen': {
      ensureOut();
      const m = await generateInputs(rows);
      console.log(JSON.stringify(m, null, 2));
      return;
    }
    case 'stats': {
      const { statsBench } = await import('./stats.js');
      return statsBench({
        members: Number(values.members),
        samples: Number(values.samples),
        reps: Number(values.reps),
        reseed: values.reseed,
        database: values.database,
        runChild,
        record,
      });
    }
    case 'concurrent':
      return concurrent({
        clients: Number(values.clients),
        ops: Number(values.ops),
        runs: Number(values.runs),
        importRows: Number(values['import-rows']),
        tag: values.tag,
      });
    case 'meetings': {
      ensureOut();
      for (const engine of values.engines.split(',') as Engine[]) {
        console.log(`meetings (${engine}): ledger import, re-import, county compliance, one meeting …`);
        const r = record(await runChild('meetings', { engine, rows: Number(values.rows ?? 25_000) }));
        console.log(JSON.stringify(r, null, 2));
      }
      return;
    }
    case 'dues': {
      ensureOut();
      for (const engine of values.engines.split(',') as Engine[]) {
        console.log(
          `dues (${engine}): demo county's payments as a ledger imported, re-imported, county status …`,
        );
        const r = record(await runChild('dues', { engine }));
        console.log(JSON.stringify(r, null, 2));
      }
      return;
    }
    case 'province-activity': {
      const { provinceActivity } = await import('./province-activity.js');
      return provinceActivity({
        database: values.database,
        maxSeconds: Number(values['max-seconds']),
        counties: Number(values.counties),
        pipelineShare: Number(values['pipeline-share']),
        workers: Number(values.workers),
      });
    }
    case 'province-figures': {
      const { provinceFigures } = await import('./province-figures.js');
      return provinceFigures({
        database: values.database,
        samples: Number(values.samples === '200' ? 50 : values.samples),
        reps: Number(values.reps),
        recompute: values.recompute,
        steps: values.steps.split(','),
        evaluateCounties: Number(values['evaluate-counties']),
        runs: Number(values.runs === '1' ? 10 : values.runs),
      });
    }
    case 'rollup-rebuild': {
      const { rollupRebuild } = await import('./rollup-rebuild.js');
      if (!values.before)
        throw new Error('rollup-rebuild: --before <checkout of the code before> is required');
      return rollupRebuild({
        database: values.database,
        before: values.before,
        runs: Number(values.runs),
        steps:
          values.steps === 'life,dues,evaluate,levels,pages' ? ['life', 'dues'] : values.steps.split(','),
        limit: values.limit,
        physical: values.physical,
      });
    }
    case 'life-reads': {
      const { lifeReads } = await import('./life-reads.js');
      return lifeReads({
        database: values.database,
        ...(values.before ? { before: values.before } : {}),
        batch: Number(values.batch),
        runs: Number(values.runs === '1' ? 7 : values.runs),
      });
    }
    case 'evaluate-parts': {
      const { evaluateParts } = await import('./evaluate-parts.js');
      return evaluateParts({
        database: values.database,
        evaluateCounties: Number(values['evaluate-counties']),
        runs: Number(values.runs === '1' ? 3 : values.runs),
      });
    }
    case 'check':
      return check();
    case 'clean':
      return clean();
    default:
      throw new Error(`unknown command ${cmd}`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
