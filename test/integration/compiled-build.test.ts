/**
 * The production build (scripts/server-build.mjs → dist/server, issue 9 #5): bin/jiceng.mjs runs the compiled CLI,
 * which answers --help, migrates a fresh data folder (the SQL migrations and their journal found beside the
 * compiled code) and parses a big import file in its worker thread (the worker's entry copied beside the compiled
 * worker). CPU profiles of the processes and of the worker show which code ran: compiled JavaScript under
 * dist/server, no TypeScript source. The build is made first when it is missing or older than the sources.
 * About 45 s with a fresh build on a shared 2-core machine under load (90 s with a build); the timeouts leave room.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = join(import.meta.dirname, '..', '..');
/** the build even if someone edits a source meanwhile (bin/jiceng.mjs would otherwise run the sources) */
const ENV = { ...process.env, JICENG_FROM_BUILD: '1', JICENG_FROM_SOURCE: '', JICENG_WORKER_PROF: '' };

function jiceng(args: string[], opts: { nodeArgs?: string[]; env?: NodeJS.ProcessEnv } = {}) {
  return spawnSync(process.execPath, [...(opts.nodeArgs ?? []), join(ROOT, 'bin', 'jiceng.mjs'), ...args], {
    cwd: ROOT,
    env: { ...ENV, ...opts.env },
    encoding: 'utf8',
    timeout: 240_000,
  });
}

/** The script URLs in the CPU profiles written to dir. */
function profiledScripts(dir: string): string[] {
  const urls = new Set<string>();
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const p = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { nodes: { callFrame: { url: string } }[] };
    for (const n of p.nodes) if (n.callFrame.url) urls.add(n.callFrame.url);
  }
  return [...urls];
}

const SOURCES = pathToFileURL(join(ROOT, 'src')).href + '/';
const COMPILED = pathToFileURL(join(ROOT, 'dist', 'server')).href + '/';

function expectCompiled(urls: string[]) {
  expect(urls.some((u) => u.startsWith(COMPILED))).toBe(true);
  expect(urls.filter((u) => /\.tsx?$/.test(u) || u.startsWith(SOURCES) || u.includes('/tsx/'))).toEqual([]);
}

beforeAll(() => {
  const check = spawnSync(process.execPath, ['scripts/server-build.mjs', '--check'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (check.status === 0) return;
  const build = spawnSync(process.execPath, ['scripts/server-build.mjs'], { cwd: ROOT, encoding: 'utf8' });
  expect(build.status, `${build.stdout}${build.stderr}`).toBe(0);
}, 300_000);

describe('the compiled CLI (dist/server)', () => {
  it('answers --help', () => {
    const r = jiceng(['--help']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('基层党建组织管理平台 Jiceng');
    expect(r.stdout).toContain('migrate');
  });

  it('migrates a fresh data folder and imports through its worker, all compiled', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'jiceng-build-'));
    try {
      const dataDir = join(tmp, 'data');
      const prof = join(tmp, 'prof');
      const m = jiceng(['migrate', '--json', '--data-dir', dataDir], {
        nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${prof}`],
      });
      expect(m.status, m.stderr).toBe(0);
      expect(JSON.parse(m.stdout.trim())).toEqual({ ok: true });
      expectCompiled(profiledScripts(prof));

      // 3.4 MB of CSV: parsed in the worker thread; no org exists, so every row is rejected (exit 3)
      const csv = join(tmp, 'members.csv');
      const unit = '某'.repeat(90);
      const lines = ['所在党组织编码,姓名,公民身份号码,民族,学历,职业,人员类别,入党日期,转正日期,工作单位'];
      for (let i = 0; i < 9500; i++)
        lines.push(
          `NOPE,党员${i},11010519491231002X,汉族,初中毕业,农牧渔民,正式党员,2000-07-01,2001-07-01,${unit}`,
        );
      writeFileSync(csv, lines.join('\n'));
      const workerProf = join(tmp, 'worker-prof');
      const imp = jiceng(['import', 'members', csv, '--json', '--data-dir', dataDir], {
        env: { JICENG_WORKER_PROF: workerProf },
      });
      expect(imp.status, imp.stderr).toBe(3);
      const out = JSON.parse(imp.stdout.trim().split('\n').pop()!) as { total: number; inserted: number };
      expect(out).toMatchObject({ total: 9500, inserted: 0 });
      expectCompiled(profiledScripts(workerProf));
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }, 480_000);
});
