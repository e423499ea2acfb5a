// The production build of the server and CLI (everything under src/ but src/web): tsc (tsconfig.build.json,
// emit only, no type check — `npm run typecheck` does that) writes ESM JavaScript to dist/server/, next to the
// run-time assets the code reads from beside itself (the SQL migrations and their journal, the import worker's
// entry); the demo's JSON data is emitted by tsc. `npm install` runs it (the `prepare` script), `jiceng serve`
// again when the sources have changed since, and bin/jiceng.mjs runs dist/server only while it is fresh.
//
//   node scripts/server-build.mjs          build (exit 1 when tsc fails; exit 0 with a note when TypeScript is not
//                                          installed, e.g. `npm install --omit=dev`: bin/ then runs the sources)
//   node scripts/server-build.mjs --check  exit 0 when dist/server is fresh, 1 when missing or stale
//
// This module is imported by bin/jiceng.mjs on every start: keep its top level cheap (no TypeScript loaded).
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'src');
export const SERVER_DIR = join(ROOT, 'dist', 'server');
/** the compiled CLI, whose main(argv) bin/jiceng.mjs calls */
export const SERVER_ENTRY = join(SERVER_DIR, 'cli', 'main.js');
/** written last into a build: the sources' newest modification time the build was made from */
const STAMP = 'build.json';
const CONFIGS = ['tsconfig.base.json', 'tsconfig.node.json', 'tsconfig.build.json'];
/** files under src/ (but src/web) copied as they are, relative to src/ */
const ASSETS = [
  { dir: 'db/migrations', keep: (name) => name.endsWith('.sql') },
  { dir: 'db/migrations/meta', keep: (name) => name === '_journal.json' },
  { dir: 'services', keep: (name) => name === 'import-worker-entry.mjs' },
  { dir: 'db', keep: (name) => name === 'pglite-worker-entry.mjs' },
];

/** The newest modification time of the server's sources: files and folders (an added or removed file changes its folder). */
function newestSource() {
  let t = 0;
  const walk = (dir) => {
    t = Math.max(t, statSync(dir).mtimeMs);
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (p !== join(SRC, 'web')) walk(p);
      } else t = Math.max(t, statSync(p).mtimeMs);
    }
  };
  walk(SRC);
  for (const c of CONFIGS) if (existsSync(join(ROOT, c))) t = Math.max(t, statSync(join(ROOT, c)).mtimeMs);
  return t;
}

/** 'fresh', 'missing' or 'stale' (a source, a tsconfig or a folder under src/ changed after the build was made). */
export function serverBuildState() {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(join(SERVER_DIR, STAMP), 'utf8'));
  } catch {
    return 'missing';
  }
  if (!existsSync(SERVER_ENTRY)) return 'missing';
  return typeof stamp.sources === 'number' && newestSource() <= stamp.sources ? 'fresh' : 'stale';
}

/**
 * Builds dist/server: compiles into a folder beside it, adds the assets and the stamp, then swaps it in, so a
 * process starting meanwhile sees the old build or the new one, never half of one. Returns
 * { ok: true } or { ok: false, reason: 'no-typescript' | 'tsc', output }; opts.onStart() is called once compiling starts.
 */
export function buildServer(opts = {}) {
  let tsc;
  try {
    tsc = createRequire(join(ROOT, 'package.json')).resolve('typescript/bin/tsc');
  } catch {
    return { ok: false, reason: 'no-typescript', output: '' };
  }
  opts.onStart?.();
  const sources = newestSource(); // before compiling: an edit made during the build makes it stale
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  const tmp = join(ROOT, 'dist', `.server-build-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  const r = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', tmp], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    return {
      ok: false,
      reason: 'tsc',
      output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error?.message ?? ''}`,
    };
  }
  for (const { dir, keep } of ASSETS) {
    mkdirSync(join(tmp, dir), { recursive: true });
    for (const name of readdirSync(join(SRC, dir)))
      if (keep(name)) copyFileSync(join(SRC, dir, name), join(tmp, dir, name));
  }
  writeFileSync(join(tmp, STAMP), JSON.stringify({ sources, builtAt: new Date().toISOString() }) + '\n');
  const old = join(ROOT, 'dist', `.server-old-${process.pid}`);
  if (existsSync(SERVER_DIR)) renameSync(SERVER_DIR, old);
  try {
    renameSync(tmp, SERVER_DIR);
  } catch (e) {
    // another build swapped its own in meanwhile: it is as fresh as this one
    if (!existsSync(SERVER_ENTRY)) throw e;
    rmSync(tmp, { recursive: true, force: true });
  }
  rmSync(old, { recursive: true, force: true });
  return { ok: true };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--check')) {
    const state = serverBuildState();
    console.log(state);
    process.exit(state === 'fresh' ? 0 : 1);
  }
  const started = Date.now();
  const r = buildServer();
  if (r.ok)
    console.log(`服务端程序已编译到 dist/server（用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒）`);
  else if (r.reason === 'no-typescript')
    console.log('未安装 TypeScript，跳过服务端编译：jiceng 将直接运行 TypeScript 源码');
  else {
    process.stderr.write(r.output);
    console.error('服务端程序编译失败（tsc）');
    process.exit(1);
  }
}
