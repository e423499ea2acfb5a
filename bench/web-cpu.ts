/**
 * The browser's main-thread CPU time from the click on 登录 to the county figures drawn (issue 10), for machines too
 * busy for wall times:
 *
 *   npm run bench -- web-cpu [--runs 3] [--cpu 1] [--trace] <checkout> [<checkout> …]
 *
 * Each checkout (with its dist/web built) is served as bench/web-load.ts serves it (its own code, a fresh embedded
 * database with the demo county). Runs alternate between the checkouts; each is a fresh Chromium context on the
 * static sign-in page, left 10 s to prefetch (someone typing), then signed in as the county administrator while a
 * performance trace records. *Main-thread CPU* is the thread time (`tdur`) of the renderer main thread's top-level
 * tasks between the click and two frames after the charts of the first screen have canvases (the six charts' boxes
 * in the page; since session 11 those below the window are drawn after that frame): it counts the work, not the waiting,
 * so it barely moves with other load on the machine (wall time is printed too). With `--cpu 4` (Chromium's CPU
 * throttling) the page's wall time is about four times this figure on a quiet machine. `--trace` adds V8's sampling
 * profiler to the trace; traces are written to /tmp/web-cpu-<checkout#>-<run>.json (open them in DevTools).
 */
import { spawn } from 'node:child_process';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { BENCH_DIR, ensureOut, median, RESULTS } from './common.js';
type S = { url: string; username: string; password: string };
let cpu = 1;
let profile = false;
function start(root: string) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(BENCH_DIR, 'web-load.ts'), 'serve', resolve(root), ''],
    {
      cwd: resolve(root),
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise<S & { child: typeof child }>((ok) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('@@SERVER '));
      if (line) ok({ ...JSON.parse(line.slice(9)), child });
    });
  });
}
type Ev = {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  cat?: string;
  args?: { data?: { type?: string } };
};
async function once(browser: Browser, s: S, tag: string) {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 40,
    downloadThroughput: 1250000,
    uploadThroughput: 625000,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpu });
  await page.goto(`${s.url}/login`);
  await page.waitForTimeout(10000);
  await page.locator('input[autocomplete="username"]').fill(s.username);
  await page.locator('input[type="password"]').fill(s.password);
  const events: Ev[] = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as Ev[])));
  await cdp.send('Tracing.start', {
    categories: profile
      ? 'devtools.timeline,toplevel,blink.user_timing,v8.execute,disabled-by-default-v8.cpu_profiler'
      : 'devtools.timeline,toplevel,blink.user_timing',
    transferMode: 'ReportEvents',
  });
  await page.waitForTimeout(300);
  await page.locator('button[type="submit"]').click();
  // the same "figures drawn" as bench/web-load.ts: head-count cards, the six charts' boxes, and a canvas in each
  // chart of the first screen (functions, not strings: the app's CSP allows no eval)
  type El = { querySelector(sel: string): unknown; getBoundingClientRect(): { top: number } };
  type Win = {
    document: El & { querySelectorAll(sel: string): ArrayLike<El> };
    innerHeight: number;
    requestAnimationFrame(f: () => void): void;
    performance: { mark(name: string): void };
  };
  await page.waitForFunction(
    () => {
      const w = globalThis as unknown as Win;
      const d = w.document;
      const c = Array.from(d.querySelectorAll('.jc-chart'));
      if (!d.querySelector('.jc-stat-card') || c.length < 6) return false;
      const seen = c.filter((x) => x.getBoundingClientRect().top < w.innerHeight);
      return seen.length > 0 && seen.every((x) => x.querySelector('canvas'));
    },
    null,
    { timeout: 180000, polling: 50 },
  );
  await page.evaluate(
    () =>
      new Promise<null>((r) => {
        const w = globalThis as unknown as Win;
        w.requestAnimationFrame(() =>
          w.requestAnimationFrame(() => {
            w.performance.mark('jc-figures');
            r(null);
          }),
        );
      }),
  );
  await page.waitForTimeout(300);
  const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.end');
  await done;
  await context.close();
  const click = events.find((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'click');
  const fig = events.find((e) => e.name === 'jc-figures');
  if (!click || !fig) throw new Error('marks missing');
  const main = events
    .filter(
      (e) =>
        e.pid === click.pid &&
        e.tid === click.tid &&
        e.ph === 'X' &&
        (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') &&
        e.ts >= click.ts - 50000 &&
        e.ts < fig.ts,
    )
    .sort((a, b) => a.ts - b.ts);
  let cpuUs = 0,
    end = 0;
  for (const e of main) {
    if (e.ts < end) continue;
    cpuUs += e.tdur ?? 0;
    end = e.ts + (e.dur ?? 0);
  }
  const wall = (fig.ts - click.ts) / 1000;
  writeFileSync(`/tmp/web-cpu-${tag}.json`, JSON.stringify({ traceEvents: events }));
  return { wall, cpu: cpuUs / 1000 };
}
export async function main(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      runs: { type: 'string', default: '3' },
      cpu: { type: 'string', default: '1' },
      trace: { type: 'boolean', default: false },
    },
  });
  const runs = Number(values.runs);
  cpu = Number(values.cpu);
  profile = values.trace;
  const roots = positionals.length ? positionals : [resolve(BENCH_DIR, '..')];
  ensureOut();
  const served = await Promise.all(roots.map(start));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  const res: Record<string, { wall: number; cpu: number }[]> = {};
  try {
    for (let r = 0; r < runs; r++)
      for (const [i, s] of served.entries()) {
        const x = await once(browser, s, `${i}-${r}`);
        (res[roots[i]!] ??= []).push(x);
        console.log(
          `${roots[i]} run ${r + 1}: main-thread CPU ${x.cpu.toFixed(0)} ms, wall ${x.wall.toFixed(0)} ms`,
        );
        appendFileSync(
          RESULTS,
          JSON.stringify({
            at: new Date().toISOString(),
            what: 'web-cpu',
            checkout: roots[i],
            cpuSlowdown: cpu,
            ...x,
          }) + '\n',
        );
      }
  } finally {
    await browser.close();
    for (const s of served) s.child.kill('SIGTERM');
  }
  console.log(`\nmedian of ${runs} run(s), CPU ${cpu}× slower:`);
  console.log('| checkout | main-thread CPU ms | wall ms |\n|---|---|---|');
  for (const [k, v] of Object.entries(res))
    console.log(
      `| ${k} | ${median(v.map((x) => x.cpu)).toFixed(0)} | ${median(v.map((x) => x.wall)).toFixed(0)} |`,
    );
}
