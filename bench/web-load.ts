/**
 * Load time of the web app in a real Chromium (issue 10: "fast over a county network").
 *
 *   npm run bench -- web-load [--variant name=<checkout>[,<web dir>]]… [--runs 3] [--profiles broadband,fast3g]
 *                             [--cpu 4]
 *
 * Each variant is a checkout of this repository (default: this one, with its dist/web): its own server code is
 * started in a child process on a fresh embedded database seeded with the demo county (as e2e/harness.ts does), and
 * its web build is served (a `<web dir>` overrides the checkout's dist/web). Several variants are measured
 * interleaved — run k of every variant before run k+1 of any — so that a before/after comparison sees the same
 * machine load.
 *
 * Every run is a fresh browser context (empty cache) in Debian's Chromium (playwright-core), with the CPU slowed 4×
 * (Emulation.setCPUThrottlingRate) and the network throttled through CDP (Network.emulateNetworkConditions):
 *   broadband  40 ms latency, 10 Mbit/s down, 5 Mbit/s up (a county office line; about Lighthouse's desktop profile)
 *   fast3g     Chrome DevTools' "Fast 3G" preset: 1.6 Mbit/s down, 750 kbit/s up, 150 ms RTT, which DevTools applies
 *              per request as 562.5 ms latency (150 × 3.75), 1.44 Mbit/s down and 675 kbit/s up (× 0.9)
 * It measures, on the page's own clock:
 *   login usable   navigation start → the sign-in form in the page (user name, password, button): since decision
 *                  0017 the static login.html, whose HTML holds the form and whose script enables the button
 *   county figures the click on 登录 → the county's org page with its head-count cards and every chart of the first
 *                  screen drawn (the charts below the window are drawn after that frame, since session 11)
 *   repeat visit   a second tab of the same browser (cache warm, signed in) opening / → the county figures drawn (as above)
 * and the bytes on the wire (compressed, headers included) of each, and of JavaScript alone. Results are printed
 * and appended to bench/out/results.jsonl.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { BENCH_DIR, ensureOut, median, RESULTS } from './common.js';
import type * as MainModule from '../src/main.js';
import type * as ConfigModule from '../src/config.js';
import type * as DemoModule from '../src/services/demo.js';
import type * as ContextModule from '../src/services/context.js';
import type * as SettingsModule from '../src/policy/settings.js';
import type * as DbModule from '../src/db/client.js';
import { CHROMIUM, CHROMIUM_ARGS } from '../e2e/chromium.js';

interface NetworkProfile {
  latency: number;
  downloadThroughput: number;
  uploadThroughput: number;
}

export const PROFILES: Record<string, NetworkProfile> = {
  broadband: { latency: 40, downloadThroughput: (10_000_000 / 8) * 1, uploadThroughput: 5_000_000 / 8 },
  // Chrome DevTools (front_end/core/sdk/NetworkManager.ts), "Fast 3G": 1.6 Mbit/s, 750 kbit/s, 150 ms RTT
  fast3g: {
    latency: 150 * 3.75,
    downloadThroughput: ((1.6 * 1000 * 1000) / 8) * 0.9,
    uploadThroughput: ((750 * 1000) / 8) * 0.9,
  },
};
/** Chrome DevTools' "4× slowdown" (a mid-range phone or an old office PC); `--cpu 1` measures without it. */
let CPU_SLOWDOWN = 4;

// ------------------------------------------------------------------------------------------- server (child side)

/** Child: seeds the demo county into a fresh data folder with the checkout's own code, serves it, prints the URL. */
async function serve(root: string, webDir: string | undefined) {
  const mod = async <T>(p: string) => (await import(pathToFileURL(join(root, p)).href)) as T;
  const { startServer } = await mod<typeof MainModule>('src/main.ts');
  const { loadConfig } = await mod<typeof ConfigModule>('src/config.ts');
  const { seedDemo } = await mod<typeof DemoModule>('src/services/demo.ts');
  const { systemClock } = await mod<typeof ContextModule>('src/services/context.ts');
  const { DEFAULT_SETTINGS } = await mod<typeof SettingsModule>('src/policy/settings.ts');
  const { withAuditSession } = await mod<typeof DbModule>('src/db/client.ts');
  const dataDir = mkdtempSync(join(tmpdir(), 'jiceng-webload-'));
  const config = loadConfig({
    JICENG_DATA_DIR: dataDir,
    PORT: 0,
    HOST: '127.0.0.1',
    JICENG_LOG_LEVEL: 'warn',
  });
  // without the scheduled jobs (they would rewrite the bench database's derived state as of the real day)
  const { app, db, address } = await startServer(config, { ...(webDir ? { webDir } : {}), jobs: false });
  const demo = await seedDemo(
    {
      db: withAuditSession(db, { actorId: null, label: 'system:bench', ip: null }),
      clock: systemClock,
      actor: { kind: 'system', label: 'bench' } as const,
      settings: DEFAULT_SETTINGS,
    },
    { scale: 'county' },
  );
  const admin = demo.accounts.find((a) => a.role === 'county_admin');
  if (!admin) throw new Error('no county admin in the demo');
  process.stdout.write(
    `\n@@SERVER ${JSON.stringify({ url: address, username: admin.username, password: admin.password })}\n`,
  );
  const stop = async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

export interface Served {
  url: string;
  username: string;
  password: string;
  child: ChildProcess;
}

export function startVariantServer(root: string, webDir: string | undefined): Promise<Served> {
  return new Promise((ok, fail) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(BENCH_DIR, 'web-load.ts'), 'serve', root, webDir ?? ''],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('@@SERVER '));
      if (line) ok({ ...(JSON.parse(line.slice('@@SERVER '.length)) as Omit<Served, 'child'>), child });
    });
    child.on('exit', (code) => fail(new Error(`server for ${root} exited (${code})`)));
  });
}

// ------------------------------------------------------------------------------------------ browser (parent side)

/** Marks taken in the page (performance.now(), ms since navigation start) by an init script. */
export const MARKS_SCRIPT = `(() => {
  const marks = (window.__benchMarks = {});
  const login = () =>
    document.querySelector('input[autocomplete="username"]') &&
    document.querySelector('input[type="password"]') &&
    document.querySelector('button[type="submit"]:not([disabled])');
  // the figures of the first screen: head-count cards, the six charts' boxes in the page, and a canvas in each chart
  // the window shows (since session 11 the charts below it are drawn after that frame). When the org's 换届 card
  // comes in before the charts (its answer first), it pushes every chart below the window: the head-count cards are
  // then the first screen's figures (until session 13 this waited for a chart in the window, for ever).
  const figures = () => {
    const charts = [...document.querySelectorAll('.jc-chart')];
    if (!document.querySelector('.jc-stat-card') || charts.length < 6) return false;
    const seen = charts.filter((c) => c.getBoundingClientRect().top < innerHeight);
    return seen.every((c) => c.querySelector('canvas'));
  };
  const check = () => {
    if (!marks.loginUsable && login()) marks.loginUsable = performance.now();
    if (!marks.figuresSeen && figures()) {
      marks.figuresSeen = performance.now();
      // drawn: after the frame that follows
      requestAnimationFrame(() => requestAnimationFrame(() => (marks.figures = performance.now())));
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['disabled'] });
  document.addEventListener(
    'click',
    (e) => {
      if (e.target instanceof Element && e.target.closest('button[type="submit"]')) marks.submit = performance.now();
    },
    true,
  );
})();`;

interface Bytes {
  total: number;
  js: number;
  requests: number;
}

/** Counts the bytes on the wire per phase (encodedDataLength: compressed body and headers). */
export class Meter {
  private readonly types = new Map<string, string>();
  private inflight = new Set<string>();
  private lastActivity = Date.now();
  bytes: Bytes = { total: 0, js: 0, requests: 0 };

  constructor(cdp: CDPSession) {
    cdp.on('Network.requestWillBeSent', (e) => {
      this.inflight.add(e.requestId);
      this.lastActivity = Date.now();
    });
    cdp.on('Network.responseReceived', (e) => this.types.set(e.requestId, e.type));
    cdp.on('Network.loadingFinished', (e) => {
      this.inflight.delete(e.requestId);
      this.lastActivity = Date.now();
      this.bytes.total += e.encodedDataLength;
      this.bytes.requests++;
      if (this.types.get(e.requestId) === 'Script') this.bytes.js += e.encodedDataLength;
    });
    cdp.on('Network.loadingFailed', (e) => {
      this.inflight.delete(e.requestId);
      this.lastActivity = Date.now();
    });
  }
  take(): Bytes {
    const b = this.bytes;
    this.bytes = { total: 0, js: 0, requests: 0 };
    return b;
  }
  /** Waits until nothing has been in flight for `quietMs`. */
  async settle(quietMs = 1000, maxMs = 30_000) {
    const until = Date.now() + maxMs;
    while (Date.now() < until) {
      if (this.inflight.size === 0 && Date.now() - this.lastActivity >= quietMs) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

export async function throttled(
  page: Page,
  profile: NetworkProfile,
): Promise<{ cdp: CDPSession; meter: Meter }> {
  const cdp = await page.context().newCDPSession(page);
  const meter = new Meter(cdp);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, ...profile });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  return { cdp, meter };
}

export async function mark(page: Page, name: string, timeoutMs = 120_000): Promise<number> {
  const h = await page.waitForFunction(
    (n) => (globalThis as unknown as { __benchMarks: Record<string, number> }).__benchMarks[n],
    name,
    { timeout: timeoutMs, polling: 100 },
  );
  return (await h.jsonValue()) as number;
}

export interface WebLoadRun {
  loginUsableMs: number;
  loginBytes: Bytes;
  countyFiguresMs: number;
  countyBytes: Bytes;
  repeatFiguresMs: number;
  repeatBytes: Bytes;
}

/** A step that does not end within `ms` fails with its name (a CDP call has no timeout of its own). */
function within<T>(what: string, ms: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms / 1000} s`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** What a page said and showed, for a run that did not finish: its errors, its text, a screenshot. */
function watch(page: Page, tag: string, log: string[]) {
  page.on('pageerror', (e) => log.push(`${tag} pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') log.push(`${tag} console.${m.type()}: ${m.text()}`);
  });
  page.on('crash', () => log.push(`${tag} crashed`));
  page.on('requestfailed', (r) =>
    log.push(`${tag} request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`),
  );
}

async function describe(page: Page, tag: string): Promise<string> {
  const file = join(BENCH_DIR, 'out', `web-load-stuck-${tag}-${Date.now()}.png`);
  const shot = await within('screenshot', 15_000, page.screenshot({ path: file }))
    .then(() => file)
    .catch((e: Error) => `no screenshot (${e.message})`);
  const state = await within(
    'page state',
    15_000,
    page.evaluate(`(() => ({
      url: location.href,
      marks: window.__benchMarks,
      text: document.body && document.body.innerText.slice(0, 400),
      charts: document.querySelectorAll('.jc-chart').length,
      canvases: document.querySelectorAll('.jc-chart canvas').length,
      visibility: document.visibilityState,
    }))()`),
  )
    .then((x) => JSON.stringify(x))
    .catch((e: Error) => `no state (${e.message})`);
  return `${tag}: ${shot}; ${state}`;
}

async function measureOnce(browser: Browser, s: Served, profile: NetworkProfile): Promise<WebLoadRun> {
  const log: string[] = [];
  let stage = 'context';
  const pages: [string, Page][] = [];
  const context = await within(
    'new context',
    30_000,
    browser.newContext({
      viewport: { width: 1440, height: 900 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      reducedMotion: 'reduce',
    }),
  );
  try {
    return await within(
      'run',
      240_000,
      measureSteps(context, s, profile, log, pages, (x) => (stage = x)),
    );
  } catch (e) {
    const seen = [];
    for (const [tag, p] of pages)
      seen.push(await describe(p, tag).catch((x: Error) => `${tag}: ${x.message}`));
    throw new Error(
      `web-load run stuck at "${stage}": ${(e as Error).message}\n  ${[...seen, ...log.slice(-30)].join('\n  ')}`,
      { cause: e },
    );
  } finally {
    await within('close', 30_000, context.close()).catch(() => undefined);
  }
}

async function measureSteps(
  context: BrowserContext,
  s: Served,
  profile: NetworkProfile,
  log: string[],
  pages: [string, Page][],
  at: (stage: string) => void,
): Promise<WebLoadRun> {
  {
    await context.addInitScript(MARKS_SCRIPT);
    const page = await context.newPage();
    pages.push(['first', page]);
    watch(page, 'first', log);
    page.setDefaultTimeout(120_000);
    at('throttle the first tab');
    const { meter } = await within('throttle', 30_000, throttled(page, profile));
    at('open /login');
    await page.goto(`${s.url}/login`, { waitUntil: 'commit' });
    at('login usable');
    const loginUsableMs = await mark(page, 'loginUsable');
    await meter.settle();
    const loginBytes = meter.take();

    at('sign in');
    await page.locator('input[autocomplete="username"]').fill(s.username);
    await page.locator('input[type="password"]').fill(s.password);
    await page.locator('button[type="submit"]').click();
    const submit = await mark(page, 'submit');
    at('county figures');
    const figures = await mark(page, 'figures');
    await meter.settle();
    const countyBytes = meter.take();

    // a later visit: same browser (cache and session cookie), a new tab opening the home page
    at('open a second tab');
    const again = await context.newPage();
    pages.push(['repeat', again]);
    watch(again, 'repeat', log);
    at('throttle the second tab');
    const t = await within('throttle', 30_000, throttled(again, profile));
    at('open / in the second tab');
    await again.goto(`${s.url}/`, { waitUntil: 'commit' });
    at('repeat visit figures');
    const repeatFiguresMs = await mark(again, 'figures');
    await t.meter.settle();
    return {
      loginUsableMs,
      loginBytes,
      countyFiguresMs: figures - submit,
      countyBytes,
      repeatFiguresMs,
      repeatBytes: t.meter.take(),
    };
  }
}

export function cpuBusy(): Promise<number> {
  const snap = () =>
    cpus().reduce(
      (a, c) => ({
        idle: a.idle + c.times.idle,
        total: a.total + Object.values(c.times).reduce((x, y) => x + y, 0),
      }),
      { idle: 0, total: 0 },
    );
  const a = snap();
  return new Promise((r) =>
    setTimeout(() => {
      const b = snap();
      r(1 - (b.idle - a.idle) / Math.max(1, b.total - a.total));
    }, 1000),
  );
}

const kb = (n: number) => (n / 1024).toFixed(0);

export async function main(argv: string[]) {
  if (argv[0] === 'serve') return serve(resolve(argv[1]!), argv[2] || undefined);
  const { values } = parseArgs({
    args: argv,
    options: {
      variant: { type: 'string', multiple: true },
      runs: { type: 'string', default: '3' },
      profiles: { type: 'string', default: 'broadband,fast3g' },
      cpu: { type: 'string', default: '4' },
    },
  });
  CPU_SLOWDOWN = Number(values.cpu);
  const repo = resolve(BENCH_DIR, '..');
  const variants = (values.variant?.length ? values.variant : [`current=${repo}`]).map((v) => {
    const [name, spec = repo] = v.split('=');
    const [root, webDir] = spec.split(',');
    return { name: name!, root: resolve(root!), webDir: webDir ? resolve(webDir) : undefined };
  });
  const profiles = values.profiles.split(',').map((p) => {
    const profile = PROFILES[p];
    if (!profile) throw new Error(`unknown profile ${p} (${Object.keys(PROFILES).join(', ')})`);
    return [p, profile] as const;
  });
  ensureOut();
  console.log(`starting ${variants.length} server(s) and seeding the demo county …`);
  const served = await Promise.all(variants.map((v) => startVariantServer(v.root, v.webDir)));
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const runId = new Date().toISOString();
  const all = new Map<string, WebLoadRun[]>();
  let stuck = 0;
  try {
    for (let run = 0; run < Number(values.runs); run++) {
      for (const [pname, profile] of profiles) {
        for (const [i, v] of variants.entries()) {
          const busyBefore = await cpuBusy();
          let r: WebLoadRun;
          try {
            r = await measureOnce(browser, served[i]!, profile);
          } catch (e) {
            // a run that did not finish is reported with where it stuck and what the page showed; the series goes on
            stuck++;
            console.log(`  ${v.name} ${pname} run ${run + 1}: ${(e as Error).message}`);
            appendFileSync(
              RESULTS,
              JSON.stringify({
                at: new Date().toISOString(),
                what: 'web-load-stuck',
                runId,
                variant: v.name,
                profile: pname,
                busyBefore,
                error: (e as Error).message,
              }) + '\n',
            );
            continue;
          }
          const key = `${v.name}|${pname}`;
          all.set(key, [...(all.get(key) ?? []), r]);
          appendFileSync(
            RESULTS,
            JSON.stringify({
              at: new Date().toISOString(),
              what: 'web-load',
              runId,
              variant: v.name,
              profile: pname,
              cpuSlowdown: CPU_SLOWDOWN,
              busyBefore,
              ...r,
            }) + '\n',
          );
          console.log(
            `  ${v.name} ${pname} run ${run + 1}: login usable ${r.loginUsableMs.toFixed(0)} ms (${kb(r.loginBytes.total)} KB, JS ${kb(r.loginBytes.js)} KB), county figures ${r.countyFiguresMs.toFixed(0)} ms after sign-in (${kb(r.countyBytes.total)} KB, JS ${kb(r.countyBytes.js)} KB), repeat visit ${r.repeatFiguresMs.toFixed(0)} ms (${kb(r.repeatBytes.total)} KB); machine ${(busyBefore * 100).toFixed(0)}% busy before`,
          );
        }
      }
    }
  } finally {
    await browser.close();
    for (const s of served) s.child.kill('SIGTERM');
  }
  if (stuck)
    console.log(`\n${stuck} run(s) did not finish (above: where each stuck and what its page showed)`);
  console.log(`\nmedian of the finished runs of ${values.runs}, CPU ${CPU_SLOWDOWN}× slower:`);
  console.log(
    '| variant | network | login usable s | login KB (JS) | county figures after sign-in s | county page KB (JS) | login + county s | repeat visit s (KB) |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const [key, rs] of all) {
    const [name, pname] = key.split('|');
    const m = (f: (r: WebLoadRun) => number) => median(rs.map(f));
    console.log(
      `| ${name} | ${pname} | ${(m((r) => r.loginUsableMs) / 1000).toFixed(2)} | ${kb(m((r) => r.loginBytes.total))} (${kb(m((r) => r.loginBytes.js))}) | ${(m((r) => r.countyFiguresMs) / 1000).toFixed(2)} | ${kb(m((r) => r.countyBytes.total))} (${kb(m((r) => r.countyBytes.js))}) | ${((m((r) => r.loginUsableMs) + m((r) => r.countyFiguresMs)) / 1000).toFixed(2)} | ${(m((r) => r.repeatFiguresMs) / 1000).toFixed(2)} (${kb(m((r) => r.repeatBytes.total))}) |`,
    );
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
