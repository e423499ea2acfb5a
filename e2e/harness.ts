/**
 * An end-to-end harness: the real server (with the built web app) on a free loopback port, on its own copy of the
 * embedded database seeded with the demo county once per run (global-setup.ts), and Debian's Chromium driven by
 * playwright-core. Screenshots go to e2e/screenshots/ so a person can look at them.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { chromium, type Browser, type Download, type Page } from 'playwright-core';
import { startServer } from '../src/main.js';
import { loadConfig, type Config } from '../src/config.js';
import type { DemoSummary } from '../src/services/demo.js';
import type { Db } from '../src/db/client.js';
import { LoginPage } from './pages/login.js';

/** `E2E_SCREENSHOTS=0` skips the journeys' screenshots (.ci/run sets it). */
export const TAKE_SHOTS = process.env.E2E_SCREENSHOTS !== '0';
export const SCREENSHOTS = join(import.meta.dirname, 'screenshots');

/** The phone every phone journey uses (CSS pixels). */
export const PHONE = { width: 390, height: 844 } as const;

export type DemoRole = 'county_admin' | 'township_officer' | 'branch_secretary' | 'viewer' | 'member';

export interface DemoLogin {
  username: string;
  password: string;
  orgCode: string | null;
  orgName: string | null;
}

/** A signed-in API client (cookie and CSRF header handled) for setting up and checking a journey. */
export interface ApiSession {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
  /** any method, the response as it came (for a journey that expects a refusal) */
  send(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
}

export interface Harness {
  url: string;
  demo: DemoSummary;
  browser: Browser;
  /** the server's database: read expected values straight from it */
  db: Db;
  close(): Promise<void>;
  account(role: DemoRole): DemoLogin;
  /** signs in through the API as a demo account */
  api(role: DemoRole): Promise<ApiSession>;
  /** a fresh browser context: a 1440×900 desktop, or with `phone` a 390×844 touch screen */
  newPage(opts?: { phone?: boolean }): Promise<Page>;
  /**
   * a fresh page (see newPage) signed in through the API — a demo account or any username and password — its
   * session cookie set on the context, opened at `path`: one page load instead of three (the sign-in page, the
   * landing page, then `path`) for a journey that tests `path`, not signing in (decision 0028's addendum of
   * session 19)
   */
  signedInAt(
    who: DemoRole | { username: string; password: string },
    path: string,
    opts?: { phone?: boolean },
  ): Promise<Page>;
  shot(page: Page, name: string): Promise<void>;
  /** a download saved into this file's folder (removed at close): its path */
  saveDownload(download: Download): Promise<string>;
}

/** The browsers of this file's harnesses: a failed journey's open pages are dumped from them (setup.ts). */
export const BROWSERS = new Set<Browser>();

/** A copy of the template being made for this worker's next file, by a `cp` of its own (copyAhead). */
let ahead: { dir: string; done: Promise<boolean> } | null = null;

/**
 * Starts copying the template for the next harness of this process, beside the journeys of this one: the copy
 * (~200 MB, ~1,500 files) took 1.3–3.8 s of a file's start, mostly waiting on the disk (decision 0028's addendum of
 * session 21). The copies are made in the run's folder (global-setup.ts), which the run's end deletes with the
 * one made for a next file that never came.
 */
function copyAhead() {
  const dir = mkdtempSync(join(inject('e2eCopies'), 'copy-'));
  const done = new Promise<boolean>((resolve) => {
    const cp = spawn('cp', ['-a', '--', `${inject('e2eTemplateDir')}/.`, dir], { stdio: 'ignore' });
    cp.on('error', () => resolve(false));
    cp.on('exit', (code) => resolve(code === 0));
  });
  ahead = { dir, done };
}

/** A copy of the template for this harness: the one made ahead if it was made whole, else one made now. */
async function takeCopy(): Promise<string> {
  const made = ahead;
  ahead = null;
  if (made && (await made.done)) return made.dir;
  if (made) rmSync(made.dir, { recursive: true, force: true });
  const dir = mkdtempSync(join(inject('e2eCopies'), 'copy-'));
  cpSync(inject('e2eTemplateDir'), dir, { recursive: true });
  return dir;
}

/**
 * `config`: the server's configuration beyond the harness's own (data folder, port, address, log level) — what a
 * deployment sets in its environment, e.g. `JICENG_ROSTER_COUNT_CAP`.
 */
export async function startHarness(opts: { config?: Partial<Config> } = {}): Promise<Harness> {
  // this file's own copy of the seeded demo county: what a journey writes stays in its file
  const dataDir = await takeCopy();
  // the next file of this worker (one process runs file after file: vitest.e2e.config.ts) finds its copy made
  copyAhead();
  const demo = inject('e2eDemo');
  const downloads = mkdtempSync(join(tmpdir(), 'jiceng-e2e-dl-'));
  const config = loadConfig({
    ...opts.config,
    JICENG_DATA_DIR: dataDir,
    PORT: 0,
    HOST: '127.0.0.1',
    JICENG_LOG_LEVEL: 'warn',
  });
  const { app, db, address } = await startServer(config);
  // the run's one Chromium (global-setup.ts): this file's contexts are its own, closed with the connection
  const browser = await chromium.connect(inject('e2eBrowser'));
  BROWSERS.add(browser);
  mkdirSync(SCREENSHOTS, { recursive: true });

  const account = (role: DemoRole): DemoLogin => {
    const a = demo.accounts.find((x) => x.role === role);
    if (!a) throw new Error(`no demo account for ${role}`);
    return a;
  };

  const newPage = async (opts?: { phone?: boolean }): Promise<Page> => {
    const context = await browser.newContext({
      viewport: opts?.phone ? PHONE : { width: 1440, height: 900 },
      ...(opts?.phone ? { deviceScaleFactor: 2, isMobile: true, hasTouch: true } : {}),
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      acceptDownloads: true,
      // the app then skips chart animations and transitions: screenshots show finished pages
      reducedMotion: 'reduce',
    });
    const page = await context.newPage();
    // two journey files run at a time (decision 0028's addendum): a wait that fails on a busy moment at 20 s
    // passes at 60 s, and a real failure still fails
    page.setDefaultTimeout(60_000);
    return page;
  };

  return {
    url: address,
    demo,
    browser,
    db,
    account,
    async api(role) {
      const a = account(role);
      const cookie = await signInApi(address, a.username, a.password);
      const headers = { 'content-type': 'application/json', 'x-requested-with': 'jiceng' };
      const send = (method: string, path: string, body?: unknown) =>
        fetch(`${address}/api/v1${path}`, {
          method,
          headers: body === undefined ? { 'x-requested-with': 'jiceng', cookie } : { ...headers, cookie },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
        const r = await send(method, path, body);
        if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
        return (await r.json()) as T;
      };
      return {
        get: (path) => call('GET', path),
        post: (path, body) => call('POST', path, body),
        async send(method, path, body) {
          const r = await send(method, path, body);
          return { status: r.status, body: await r.json().catch(() => null) };
        },
      };
    },
    newPage,
    async signedInAt(who, path, opts) {
      const a = typeof who === 'string' ? account(who) : who;
      const cookie = await signInApi(address, a.username, a.password);
      const eq = cookie.indexOf('=');
      const page = await newPage(opts);
      // as the server set it (auth.ts): the browser sends it to this origin only
      await page.context().addCookies([
        {
          name: cookie.slice(0, eq),
          value: cookie.slice(eq + 1),
          url: address,
          httpOnly: true,
          sameSite: 'Strict',
        },
      ]);
      await page.goto(`${address}${path}`);
      return page;
    },
    async shot(page, name) {
      // for people to look at: CI, where nobody does, skips them (a full-page PNG is 0.1–1.5 s of a loaded 2-core
      // machine: 23 of the 92 s of nav and phone)
      if (!TAKE_SHOTS) return;
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
    },
    async saveDownload(download) {
      // the browser is the run's, connected to (global-setup.ts): its own copy of a download stays on its side
      const path = join(downloads, `${Date.now()}-${download.suggestedFilename()}`);
      await download.saveAs(path);
      return path;
    },
    async close() {
      BROWSERS.delete(browser);
      await browser.close();
      await app.close();
      removeLater(dataDir, downloads);
    },
  };
}

/**
 * Deletes folders in a process of their own that outlives this one: the server's closed copy of the county (~1,500
 * files, ~200 MB) took 3–6 s of the file's wall time to delete, waiting on the disk with the core idle (decision 0028's
 * addendum of session 21). If the process cannot be started, they are deleted here.
 */
function removeLater(...dirs: string[]) {
  try {
    const rm = spawn('rm', ['-rf', '--', ...dirs], { detached: true, stdio: 'ignore' });
    rm.on('error', () => {
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    });
    rm.unref();
  } catch {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

/** Signs in through the API: the session cookie (`name=value`). */
async function signInApi(url: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-requested-with': 'jiceng' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`login as ${username} failed: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  if (!cookie.includes('=')) throw new Error(`login as ${username}: no session cookie`);
  return cookie;
}

/** Signs in through the sign-in page (see pages/login.ts). */
export async function signInUi(page: Page, url: string, username: string, password: string) {
  const login = new LoginPage(page, url);
  await login.open();
  await login.signIn(username, password);
}
