/**
 * `node --import tsx bench/e2e-page-cpu.ts TEMPLATE_DIR [ROUNDS]`: what one journey page costs Chromium, in CPU
 * seconds of the browser's whole process tree (browser, renderers, GPU, utilities; /proc/PID/stat), for a machine
 * too busy for wall times (decision 0028's session 18 addendum). The server runs on a copy of an e2e template folder
 * (`e2e/seed-template.ts`; jobs off) in this process. A page is the county administrator signed in through the
 * sign-in page until the landing page (the county's org page) has drawn a chart. Per round, alternated in order:
 * Debian's `/usr/bin/chromium` (its wrapper script's flags) and `/usr/lib/chromium/chromium` (the binary), each with
 * a fresh desktop context per page (as `h.newPage()`) and with one context reused, its cookies cleared, per page
 * (its memory cache kept).
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContextOptions, type Page } from 'playwright-core';
import { startServer } from '../src/main.js';
import { loadConfig } from '../src/config.js';
import type { DemoSummary } from '../src/services/demo.js';
import { LoginPage } from '../e2e/pages/login.js';
import { CHROMIUM_ARGS } from '../e2e/chromium.js';

const [template, roundsArg] = process.argv.slice(2);
if (!template) {
  console.error('usage: node --import tsx bench/e2e-page-cpu.ts TEMPLATE_DIR [ROUNDS]');
  process.exit(2);
}
const rounds = Number(roundsArg ?? 2);
const PAGES = 3;

/** user + system CPU seconds of `root` and every live process below it */
function treeCpu(root: number): number {
  const procs = new Map<number, { ppid: number; cpu: number }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const s = readFileSync(`/proc/${name}/stat`, 'utf8');
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      procs.set(Number(name), { ppid: Number(f[1]), cpu: (Number(f[11]) + Number(f[12])) / 100 });
    } catch {
      // gone
    }
  }
  const tree = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, p] of procs)
      if (!tree.has(pid) && tree.has(p.ppid)) {
        tree.add(pid);
        grew = true;
      }
  }
  let sum = 0;
  for (const pid of tree) sum += procs.get(pid)?.cpu ?? 0;
  return sum;
}

const dataDir = mkdtempSync(join(tmpdir(), 'jiceng-e2e-page-'));
cpSync(template, dataDir, { recursive: true });
const demo = (JSON.parse(readFileSync(`${template}.json`, 'utf8')) as { demo: DemoSummary }).demo;
const admin = demo.accounts.find((a) => a.role === 'county_admin')!;
const { app, address } = await startServer(
  loadConfig({ JICENG_DATA_DIR: dataDir, PORT: 0, HOST: '127.0.0.1', JICENG_LOG_LEVEL: 'warn' }),
  { jobs: false },
);
const contextOptions: BrowserContextOptions = {
  viewport: { width: 1440, height: 900 },
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
  reducedMotion: 'reduce',
};
const ARGS = CHROMIUM_ARGS;

async function signedIn(page: Page) {
  page.setDefaultTimeout(180_000);
  const login = new LoginPage(page, address);
  await login.open();
  await login.signIn(admin.username, admin.password);
  // the county's org page with its charts drawn
  await page.locator('canvas').first().waitFor();
}

/** the Chromium this process launched (the newest child of ours running chromium) */
function browserPid(): number {
  let found = 0;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const s = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid && /chrom/.test(readFileSync(`/proc/${name}/cmdline`, 'utf8')))
        found = Math.max(found, Number(name));
    } catch {
      // gone
    }
  }
  if (!found) throw new Error('no Chromium found below this process');
  return found;
}

const results: Record<string, number[]> = {};
const note = (k: string, v: number) => (results[k] ??= []).push(Math.round(v * 100) / 100);
try {
  for (let r = 0; r < rounds; r++) {
    const exes = ['/usr/bin/chromium', '/usr/lib/chromium/chromium'];
    if (r % 2) exes.reverse();
    for (const exe of exes) {
      const name = exe === '/usr/bin/chromium' ? 'wrapper' : 'binary';
      const browser = await chromium.launch({ executablePath: exe, args: ARGS });
      const root = browserPid();
      try {
        for (let i = 0; i < PAGES; i++) {
          const c0 = treeCpu(root);
          const context = await browser.newContext(contextOptions);
          await signedIn(await context.newPage());
          note(`${name} fresh context`, treeCpu(root) - c0);
          await context.close();
        }
        const context = await browser.newContext(contextOptions);
        for (let i = 0; i < PAGES; i++) {
          await context.clearCookies();
          const c0 = treeCpu(root);
          const page = await context.newPage();
          await signedIn(page);
          note(`${name} reused context${i === 0 ? ' (first)' : ''}`, treeCpu(root) - c0);
          await page.close();
        }
        await context.close();
      } finally {
        await browser.close();
      }
      console.log(
        JSON.stringify({ round: r, exe, load: readFileSync('/proc/loadavg', 'utf8').split(' ')[0] }),
      );
    }
  }
} finally {
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
}
for (const [k, v] of Object.entries(results)) {
  const sorted = [...v].sort((a, b) => a - b);
  console.log(`${k}: median ${sorted[Math.floor(sorted.length / 2)]} s of CPU (${v.join(', ')})`);
}
process.exit(0);
