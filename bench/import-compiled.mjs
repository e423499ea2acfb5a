// The member import child of `npm run bench -- imports --compiled` (bench/run.ts): measure.ts's importChild, run
// as `jiceng import` runs — the compiled JavaScript of dist/server (`npm run build:server`), without the TypeScript
// loader in this process or in the parse worker. What it measures and prints is importChild's (one @@RESULT line).
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { peakRssMb } from './peak-rss.mjs';
import { setInterval, clearInterval } from 'node:timers';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(fileURLToPath(import.meta.url), '..', '..');
const SERVER = join(ROOT, 'dist', 'server');
const load = (path) => import(pathToFileURL(join(SERVER, path)).href);

const a = JSON.parse(process.argv[2]);
const label = (rows) =>
  rows % 1_000_000 === 0 ? `${rows / 1_000_000}m` : rows % 1000 === 0 ? `${rows / 1000}k` : String(rows);
const m = JSON.parse(readFileSync(join(ROOT, 'bench', 'out', `members-${label(a.rows)}.json`), 'utf8'));

const [
  { openDb, withAuditSession },
  { migrate },
  { DEFAULT_SETTINGS },
  { SYSTEM_ACTOR },
  { fixedClock },
  imports,
] = await Promise.all([
  load('db/client.js'),
  load('db/migrate.js'),
  load('policy/settings.js'),
  load('domain/access/policy.js'),
  load('services/context.js'),
  load('services/imports.js'),
]);

const db = await openDb(
  a.engine === 'postgres' ? { databaseUrl: a.location } : { dataDir: a.location, pglite: a.pglite },
);
await migrate(db);
if (a.engine === 'postgres') await db.query('CHECKPOINT');
const ctx = {
  db: withAuditSession(db, { actorId: null, label: 'system:bench', ip: null }),
  clock: fixedClock(m.today),
  actor: SYSTEM_ACTOR,
  settings: DEFAULT_SETTINGS,
};
const mb = (n) => Math.round(n / 2 ** 20);
// PGlite's WebAssembly memory (it never shrinks: its size at the end is its peak), read through the handle's PGlite
const wasmMb = () => (db.kind === 'pglite' ? mb(db.root?.mod?.HEAPU8?.length ?? 0) : undefined);
const wasmBeforeMb = wasmMb();
const peaks = { heapUsedMb: 0, externalMb: 0, arrayBuffersMb: 0 };
const rssBefore = mb(process.memoryUsage.rss());
const trace = process.env.BENCH_MEMORY_TRACE ? [] : null;
const t0 = performance.now();
const sampler = setInterval(() => {
  const u = process.memoryUsage();
  peaks.heapUsedMb = Math.max(peaks.heapUsedMb, mb(u.heapUsed));
  peaks.externalMb = Math.max(peaks.externalMb, mb(u.external));
  peaks.arrayBuffersMb = Math.max(peaks.arrayBuffersMb, mb(u.arrayBuffers));
  trace?.push(
    `${((performance.now() - t0) / 1000).toFixed(1)}s rss ${mb(u.rss)} heap ${mb(u.heapUsed)}/${mb(u.heapTotal)} ext ${mb(u.external)} ab ${mb(u.arrayBuffers)}${db.kind === 'pglite' ? ` wasm ${wasmMb()}` : ''}`,
  );
}, 250);
const onPhase = process.env.BENCH_IMPORT_PHASES
  ? (name) => process.stderr.write(`  import ${((performance.now() - t0) / 1000).toFixed(2)} s ${name}\n`)
  : undefined;
const r = await imports.importMembers(
  ctx,
  { path: a.format === 'csv' ? m.csv : m.xlsx },
  { ...(a.chunkSize ? { chunkSize: a.chunkSize } : {}), ...(onPhase ? { onPhase } : {}) },
);
const seconds = (performance.now() - t0) / 1000;
clearInterval(sampler);
if (trace) console.log(trace.join('\n'));
const peakRss = peakRssMb();
const wasmAfterMb = wasmMb();
await db.close();
if (r.inserted !== a.rows || r.rejected.length)
  throw new Error(
    `import inserted ${r.inserted} of ${a.rows}; first rejection ${JSON.stringify(r.rejected[0])}`,
  );
const out = {
  what: 'import',
  engine: a.engine,
  format: a.format,
  rows: a.rows,
  compiled: true,
  seconds,
  rowsPerSec: a.rows / seconds,
  peakRssMb: peakRss,
  rssBeforeMb: rssBefore,
  ...peaks,
  ...(wasmBeforeMb === undefined ? {} : { wasmBeforeMb, wasmAfterMb }),
};
process.stdout.write(`\n@@RESULT ${JSON.stringify(out)}\n`);
