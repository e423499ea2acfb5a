/**
 * Start-up of the compiled build against the TypeScript sources through tsx (issue 9 #5), interleaved in one run
 * so both see the same machine: `npm run bench:startup -- [--runs 5] [--import-rows 100000] [--import-runs 3]`.
 *
 *   serve     `node bin/jiceng.mjs serve` on a copy of a migrated data folder holding one account: milliseconds from
 *             spawning the process to the first successful GET /api/v1/health, and the process's RSS when it has
 *             printed that it listens, before any request (VmRSS from /proc)
 *   help      `jiceng --help`: the CLI's own start-up
 *   import    `jiceng import members` of bench/out/members-<rows>.csv into a copy of a PGlite folder holding the
 *             file's orgs (0 runs skips it; the file comes from `npm run bench -- gen --rows N`)
 *
 * "source" runs set JICENG_FROM_SOURCE=1 (bin/jiceng.mjs registers tsx and imports src/, as before the build);
 * "compiled" runs set JICENG_FROM_BUILD=1 (dist/server even if others edited a source since it was built; the
 * freshness check still runs and is measured). The build is made first when missing (--rebuild: always).
 * Results are printed and appended to bench/out/results.jsonl.
 */
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDb } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { SYSTEM_ACTOR } from '../src/domain/access/policy.js';
import { fixedClock } from '../src/services/context.js';
import { DEFAULT_SETTINGS } from '../src/policy/settings.js';
import { BENCH_DIR, ensureOut, label, median, OUT, readManifest, RESULTS } from './common.js';
import { seedOrgs } from './prepare.js';

type Mode = 'source' | 'compiled';
const MODES: Mode[] = ['source', 'compiled'];
const ROOT = join(BENCH_DIR, '..');
const BIN = join(ROOT, 'bin', 'jiceng.mjs');
const ENV: Record<Mode, NodeJS.ProcessEnv> = {
  source: { ...process.env, JICENG_FROM_SOURCE: '1', JICENG_FROM_BUILD: '' },
  compiled: { ...process.env, JICENG_FROM_SOURCE: '', JICENG_FROM_BUILD: '1' },
};

/** CPU time (user + system, all threads) the process has used so far, in ms (from /proc/<pid>/stat, 100 ticks/s). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

/** One server start: ms to the first 200 from /api/v1/health, and RSS (MB) and CPU ms used once it listens. */
async function serveOnce(mode: Mode, dataDir: string): Promise<{ ms: number; rssMb: number; cpuMs: number }> {
  const t0 = performance.now();
  const p = spawn(
    process.execPath,
    [BIN, 'serve', '--data-dir', dataDir, '--port', '0', '--host', '127.0.0.1', '--no-web-build'],
    { env: ENV[mode], stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise<void>((r) => p.on('exit', () => r()));
  try {
    const { address, rss, cpu } = await new Promise<{ address: string; rss: number; cpu: number }>(
      (resolve, reject) => {
        let out = '';
        p.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /Jiceng 已启动：(http:\/\/\S+)/.exec(out);
          if (m) resolve({ address: m[1]!, rss: rssMb(p.pid!), cpu: cpuMs(p.pid!) });
        });
        p.on('exit', (code) => reject(new Error(`serve exited (${code}) before listening:\n${out}`)));
      },
    );
    for (;;) {
      const r = await fetch(`${address}/api/v1/health`).catch(() => null);
      if (r?.ok) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    return { ms: performance.now() - t0, rssMb: rss, cpuMs: cpu };
  } finally {
    p.kill('SIGTERM');
    await exited;
  }
}

/** Runs `node bin/jiceng.mjs …args` to its end under /usr/bin/time: wall ms, CPU ms (user + system) and peak RSS (MB). */
function runCli(
  mode: Mode,
  args: string[],
): Promise<{ ms: number; cpuMs: number; peakMb: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn('/usr/bin/time', ['-f', '@@MAXRSS %M %U %S', process.execPath, BIN, ...args], {
      env: ENV[mode],
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => {
      const ms = performance.now() - t0;
      const m = /@@MAXRSS (\d+) ([\d.]+) ([\d.]+)/.exec(stderr);
      if (code !== 0 && code !== 3)
        return reject(new Error(`jiceng ${args.join(' ')} (${mode}) exit ${code}\n${stderr}`));
      resolve({
        ms,
        cpuMs: m ? (Number(m[2]) + Number(m[3])) * 1000 : NaN,
        peakMb: m ? Math.round(Number(m[1]) / 1024) : NaN,
        stdout,
      });
    });
  });
}

/** The order of the modes in round i: alternating, so neither always runs first. */
const order = (i: number): Mode[] => (i % 2 ? [...MODES].reverse() : MODES);

function record(row: object) {
  appendFileSync(RESULTS, JSON.stringify({ at: new Date().toISOString(), ...row }) + '\n');
}

function summarise(what: string, samples: Record<Mode, number[]>, unit: string) {
  const s = median(samples.source);
  const c = median(samples.compiled);
  // each round ran both modes back to back: the median of the rounds' ratios is the least disturbed by others' load
  const paired = median(samples.compiled.map((x, i) => x / samples.source[i]!));
  const line = `${what}: source ${s.toFixed(0)} ${unit}, compiled ${c.toFixed(0)} ${unit}, compiled/source ${(c / s).toFixed(2)} (median of the rounds' ratios ${paired.toFixed(2)})`;
  console.log(line);
  console.log(`    source   ${samples.source.map((x) => x.toFixed(0)).join(' ')}`);
  console.log(`    compiled ${samples.compiled.map((x) => x.toFixed(0)).join(' ')}`);
  return { source: s, compiled: c, ratio: c / s, pairedRatio: paired, samples };
}

async function main() {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '5' },
      'import-rows': { type: 'string', default: '100000' },
      'import-runs': { type: 'string', default: '3' },
      rebuild: { type: 'boolean', default: false },
    },
  });
  const runs = Number(values.runs);
  const importRuns = Number(values['import-runs']);
  ensureOut();

  const build = (...args: string[]) =>
    spawnSync(process.execPath, [join(ROOT, 'scripts', 'server-build.mjs'), ...args], { encoding: 'utf8' });
  const state = () => build('--check').stdout.trim();
  if (values.rebuild || state() === 'missing') {
    const r = build();
    if (r.status !== 0) throw new Error(`build failed:\n${r.stdout}${r.stderr}`);
  }
  const buildState = state();
  const builtAt = (
    JSON.parse(readFileSync(join(ROOT, 'dist', 'server', 'build.json'), 'utf8')) as { builtAt: string }
  ).builtAt;
  console.log(`dist/server built ${builtAt} (${buildState})`);

  // a migrated data folder with one account (so no start creates the first administrator)
  const tmpl = join(OUT, 'startup-tmpl');
  rmSync(tmpl, { recursive: true, force: true });
  await runCli('source', [
    'user',
    'add',
    '--username',
    'bench',
    '--password',
    'Bench12345678',
    '--role',
    'county_admin',
    '--data-dir',
    tmpl,
    '--json',
  ]);
  const fresh = (name: string, from = tmpl) => {
    const d = join(OUT, name);
    rmSync(d, { recursive: true, force: true });
    cpSync(from, d, { recursive: true });
    return d;
  };

  // one unmeasured start per mode: file caches and tsx's transform cache warm, as on any start but the first
  for (const m of MODES) await serveOnce(m, fresh(`startup-${m}`));

  const startMs: Record<Mode, number[]> = { source: [], compiled: [] };
  const rss: Record<Mode, number[]> = { source: [], compiled: [] };
  const cpu: Record<Mode, number[]> = { source: [], compiled: [] };
  const helpMs: Record<Mode, number[]> = { source: [], compiled: [] };
  for (let i = 0; i < runs; i++) {
    for (const m of order(i)) {
      const r = await serveOnce(m, fresh(`startup-${m}`));
      startMs[m].push(r.ms);
      rss[m].push(r.rssMb);
      cpu[m].push(r.cpuMs);
      console.log(`  serve ${m}: ${r.ms.toFixed(0)} ms, RSS ${r.rssMb} MB, CPU ${r.cpuMs} ms`);
    }
    for (const m of order(i + 1)) helpMs[m].push((await runCli(m, ['--help'])).ms);
  }
  const serve = summarise('serve → first /api/v1/health', startMs, 'ms');
  const mem = summarise('RSS before the first request', rss, 'MB');
  const cpuUsed = summarise('CPU time (user + system) until listening', cpu, 'ms');
  const help = summarise('jiceng --help', helpMs, 'ms');
  record({ what: 'startup', runs, buildState, serve, rss: mem, cpu: cpuUsed, help });
  for (const d of [tmpl, ...MODES.map((m) => join(OUT, `startup-${m}`))])
    rmSync(d, { recursive: true, force: true });

  if (!importRuns) return;
  const rows = Number(values['import-rows']);
  const manifest = readManifest(rows);
  if (!manifest)
    throw new Error(`no bench/out/members-${label(rows)}.csv: run npm run bench -- gen --rows ${rows}`);
  const itmpl = join(OUT, `startup-import-tmpl-${label(rows)}`);
  if (!existsSync(join(itmpl, '.bench-ready'))) {
    rmSync(itmpl, { recursive: true, force: true });
    const db = await openDb({ dataDir: itmpl });
    try {
      await migrate(db);
      const ctx = { db, clock: fixedClock(manifest.today), actor: SYSTEM_ACTOR, settings: DEFAULT_SETTINGS };
      await seedOrgs(ctx, manifest);
      await db.query('CHECKPOINT');
    } finally {
      await db.close();
    }
    writeFileSync(join(itmpl, '.bench-ready'), new Date().toISOString());
  }
  const importMs: Record<Mode, number[]> = { source: [], compiled: [] };
  const importPeak: Record<Mode, number[]> = { source: [], compiled: [] };
  const importCpu: Record<Mode, number[]> = { source: [], compiled: [] };
  for (let i = 0; i < importRuns; i++) {
    for (const m of order(i)) {
      const dir = fresh(`startup-import-${m}`, itmpl);
      const r = await runCli(m, ['import', 'members', manifest.csv, '--data-dir', dir, '--json']);
      const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as {
        inserted: number;
        rejectedTotal?: number;
      };
      if (out.inserted !== rows) throw new Error(`imported ${out.inserted} of ${rows} rows (${mode(m)})`);
      importMs[m].push(r.ms);
      importPeak[m].push(r.peakMb);
      importCpu[m].push(r.cpuMs);
      console.log(
        `  import ${m}: ${(r.ms / 1000).toFixed(1)} s, CPU ${(r.cpuMs / 1000).toFixed(1)} s, peak RSS ${r.peakMb} MB`,
      );
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const imp = summarise(`jiceng import members (${label(rows)} CSV, PGlite)`, importMs, 'ms');
  const impCpu = summarise('  its CPU time (user + system)', importCpu, 'ms');
  const peak = summarise('  its peak RSS', importPeak, 'MB');
  record({
    what: 'startup-import',
    rows,
    runs: importRuns,
    buildState,
    import: imp,
    cpu: impCpu,
    peakRss: peak,
  });
}

const mode = (m: Mode) => (m === 'source' ? 'tsx' : 'dist/server');

await main();
