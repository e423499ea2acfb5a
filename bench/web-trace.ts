/**
 * Where the time between the click on 登录 and the county figures goes (issue 10, decision 0017's addenda): the same
 * path as bench/web-load.ts (its server, its marks, broadband, CPU 4× slower, the click as soon as the sign-in page's
 * network has been quiet for a second), recorded as a Chromium performance trace with V8's sampling profiler, and split:
 *
 *   npm run bench -- web-trace [--runs 1] [--cpu 4] [--wait 0] [--out /tmp/web-trace] [--phone] [--repeat]
 *                              <checkout>[,<web dir>]
 *
 * - the renderer main thread's tasks between the click and the figures drawn, their self time by kind (script,
 *   compiling, style recalculation, layout, paint, garbage collection) and the time it was idle (waiting for the
 *   network or a timer);
 * - the JavaScript samples by what runs (React, antd's CSS-in-JS, antd's components, ECharts, the app's files …),
 *   mapped through the build's source maps when the web dir has them (`vite build --sourcemap`), and by the app file
 *   nearest the top of the stack (whose rendering it is);
 * - the requests (when they left, when their answer was in, serial or overlapping);
 * - the long tasks in order, each with what filled it.
 * `--repeat` traces web-load's repeat visit instead (signed in, a new tab of the same browser opening `/` with the
 * cache warm; the window starts at that tab's navigation). `--wait` adds time on the sign-in page before typing (a person takes some seconds: whether the page's own
 * preparation is still running at the click). Traces go to `<out>-<run>.json` (open them in DevTools' Performance
 * panel). The tracing itself slows the page by some per cent: compare splits, not the absolute figure, with web-load.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type CDPSession } from 'playwright-core';
import { BENCH_DIR } from './common.js';
import {
  MARKS_SCRIPT,
  PROFILES,
  cpuBusy,
  mark,
  startVariantServer,
  throttled,
  type Served,
} from './web-load.js';

interface TraceEvent {
  name: string;
  cat?: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  id?: string;
  args?: {
    name?: string;
    data?: Record<string, unknown> & {
      type?: string;
      url?: string;
      requestId?: string;
      startTime?: number;
      cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] };
      timeDeltas?: number[];
    };
  };
}

interface ProfileNode {
  id: number;
  parent?: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}

// ----------------------------------------------------------------------------------------------- source maps

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** A decoded source map: per generated line, segments [column, source index] in column order. */
interface SourceMap {
  sources: string[];
  lines: [number, number, number][][];
}

function decodeMap(json: { sources: string[]; mappings: string }): SourceMap {
  const lines: [number, number, number][][] = [];
  let src = 0,
    orig = 0;
  for (const line of json.mappings.split(';')) {
    const segs: [number, number, number][] = [];
    let col = 0;
    for (const seg of line.split(',')) {
      if (!seg) continue;
      const vals: number[] = [];
      let v = 0,
        shift = 0;
      for (const ch of seg) {
        const d = B64.indexOf(ch);
        v += (d & 31) << shift;
        if (d & 32) shift += 5;
        else {
          vals.push(v & 1 ? -(v >>> 1) : v >>> 1);
          v = 0;
          shift = 0;
        }
      }
      col += vals[0]!;
      if (vals.length >= 4) {
        src += vals[1]!;
        orig += vals[2]!;
        segs.push([col, src, orig]);
      }
    }
    lines.push(segs);
  }
  return { sources: json.sources, lines };
}

class Sources {
  private readonly maps = new Map<string, SourceMap | null>();
  constructor(private readonly webDir: string | undefined) {}
  /** The source file a position of a built file comes from (0-based line and column), or the built file's name. */
  fileOf(url: string, line: number, column: number, withLine = false): string {
    const path = url.replace(/^https?:\/\/[^/]+/, '');
    if (!path) return '(native)';
    let map = this.maps.get(path);
    if (map === undefined) {
      const file = this.webDir ? join(this.webDir, `${path}.map`) : '';
      map = file && existsSync(file) ? decodeMap(JSON.parse(readFileSync(file, 'utf8'))) : null;
      this.maps.set(path, map);
    }
    if (!map) return path;
    const segs = map.lines[line];
    if (!segs?.length) return path;
    let lo = 0,
      hi = segs.length - 1,
      at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (segs[mid]![0] <= column) {
        at = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    const s = segs[Math.max(0, at)]!;
    return (map.sources[s[1]] ?? path) + (withLine ? `:${s[2] + 1}` : '');
  }
}

/** What a source file is, for the split: a package (antd's styles apart) or the app's own file. */
function groupOf(file: string): string {
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(file);
  if (nm) {
    const [, pkg, rest] = nm;
    if (pkg === 'antd' && /\/style\//.test(rest!)) return 'antd: component styles (CSS-in-JS)';
    if (pkg === '@ant-design/cssinjs' || pkg === '@ant-design/cssinjs-utils') return 'antd: CSS-in-JS engine';
    if (pkg === 'antd') return 'antd: components';
    if (pkg!.startsWith('@rc-component/')) return 'antd: rc-component';
    if (pkg === 'echarts' || pkg === 'zrender') return 'ECharts';
    if (pkg === 'react-dom' || pkg === 'scheduler' || pkg === 'react') return 'React';
    if (pkg === 'react-router' || pkg === 'react-router-dom') return 'React Router';
    return pkg!;
  }
  const app = /src\/(web|shared|domain)\/(.*)$/.exec(file);
  if (app) return `app: ${app[1]}/${app[2]}`;
  return file;
}

// ---------------------------------------------------------------------------------------------------- analysis

const NATIVE: Record<string, string> = {
  UpdateLayoutTree: 'style recalculation',
  RecalculateStyles: 'style recalculation',
  ParseAuthorStyleSheet: 'style sheets parsed',
  Layout: 'layout',
  UpdateLayerTree: 'layout',
  ComputeIntersections: 'layout',
  PrePaint: 'paint',
  Paint: 'paint',
  Layerize: 'paint',
  Commit: 'paint',
  PaintImage: 'paint',
  'Decode Image': 'paint',
  ParseHTML: 'HTML',
  MinorGC: 'garbage collection',
  MajorGC: 'garbage collection',
  'V8.GC_SCAVENGER': 'garbage collection',
  'v8.compile': 'compile',
  'v8.compileModule': 'compile',
  'V8.CompileCode': 'compile',
  'v8.produceModuleCache': 'compile',
  'v8.produceCache': 'compile',
  CacheScript: 'compile',
};
const SCRIPT = new Set([
  'FunctionCall',
  'EvaluateScript',
  'v8.evaluateModule',
  'V8.Execute',
  'v8.run',
  'v8.callFunction',
  'TimerFire',
  'FireAnimationFrame',
  'FireIdleCallback',
  'EventDispatch',
  'RunMicrotasks',
  'XHRReadyStateChange',
  'XHRLoad',
  'ResourceReceivedData',
  'HandlePostMessage',
  'IntersectionObserverController::computeIntersections',
]);
function kindOf(name: string): string {
  if (NATIVE[name]) return NATIVE[name];
  if (SCRIPT.has(name)) return 'script';
  if (/GC|Gc|gc/.test(name)) return 'garbage collection';
  if (/compile|Compile/.test(name)) return 'compile';
  return `other (${name})`;
}

interface Split {
  /** where the window starts: the click on 登录, or the repeat visit's navigation */
  from: 'click' | 'navigation';
  windowMs: number;
  busyMs: number;
  cpuMs: number;
  idleMs: number;
  byKind: Record<string, number>;
  byGroup: Record<string, number>;
  byAppFile: Record<string, number>;
  inclusive: Record<string, number>;
  requests: {
    url: string;
    method: string;
    startMs: number;
    headersMs: number | null;
    endMs: number | null;
  }[];
  longTasks: { atMs: number; ms: number; top: string; files: string }[];
  /** samples per function (self) in the longest task */
  longestFns: Record<string, number>;
  /** every sample's function and file (self), ms */
  fns: Record<string, number>;
}

const add = (r: Record<string, number>, k: string, v: number) => (r[k] = (r[k] ?? 0) + v);

function analyse(events: TraceEvent[], sources: Sources): Split {
  const click = events.find((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'click');
  const fig = events.find((e) => e.name === 'jc-figures');
  // a repeat visit (--repeat) has no click: its window starts at the tab's navigation (its first navigationStart;
  // later ones are frames the page makes)
  const nav = fig
    ? events
        .filter((e) => e.name === 'navigationStart' && e.pid === fig.pid && e.ts < fig.ts)
        .sort((a, b) => a.ts - b.ts)[0]
    : undefined;
  const start = click ?? nav;
  if (!start || !fig) throw new Error('marks missing in the trace');
  const { pid, tid } = click ?? fig;
  const t0 = start.ts;
  const t1 = fig.ts;
  const rel = (ts: number) => (ts - t0) / 1000;
  const main = events.filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && e.dur !== undefined);
  // top-level tasks in the window
  const tops = main
    .filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask')
    .filter((e) => e.ts + e.dur! > t0 && e.ts < t1)
    .sort((a, b) => a.ts - b.ts);
  const topLevel: TraceEvent[] = [];
  let end = 0;
  for (const e of tops) {
    if (e.ts < end) continue;
    topLevel.push(e);
    end = e.ts + e.dur!;
  }
  const clip = (e: TraceEvent) => Math.max(0, Math.min(e.ts + e.dur!, t1) - Math.max(e.ts, t0)) / 1000;
  // thread time (what the thread ran, not counting being descheduled on a loaded machine), the clipped share
  const clipT = (e: TraceEvent) =>
    e.tdur === undefined ? clip(e) : (e.tdur / 1000) * (clip(e) / Math.max(e.dur! / 1000, 1e-6));
  const busyMs = topLevel.reduce((s, e) => s + clip(e), 0);
  const cpuMs = topLevel.reduce((s, e) => s + clipT(e), 0);
  // self time of every event inside those tasks, by kind
  const byKind: Record<string, number> = {};
  const inWindow = main
    .filter((e) => e.ts + e.dur! > t0 && e.ts < t1)
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const stack: { e: TraceEvent; childMs: number }[] = [];
  // per top-level task, its self thread time by kind
  const kindsOfTask = new Map<TraceEvent, Record<string, number>>();
  const close = (upTo: number) => {
    while (stack.length && stack[stack.length - 1]!.e.ts + stack[stack.length - 1]!.e.dur! <= upTo) {
      const root = stack[0]!.e;
      const { e, childMs } = stack.pop()!;
      const self = Math.max(0, clipT(e) - childMs);
      add(byKind, kindOf(e.name), self);
      if (!kindsOfTask.has(root)) kindsOfTask.set(root, {});
      add(kindsOfTask.get(root)!, kindOf(e.name), self);
      if (stack.length) stack[stack.length - 1]!.childMs += clipT(e);
    }
  };
  for (const e of inWindow) {
    close(e.ts);
    stack.push({ e, childMs: 0 });
  }
  close(Number.POSITIVE_INFINITY);
  // the RunTask wrappers' own time is the scheduler's
  const sched = (byKind['other (RunTask)'] ?? 0) + (byKind['other (ThreadControllerImpl::RunTask)'] ?? 0);
  delete byKind['other (RunTask)'];
  delete byKind['other (ThreadControllerImpl::RunTask)'];
  if (sched) byKind['task scheduling'] = sched;

  // the JavaScript samples of the main thread's profile
  const profile = events.find((e) => e.name === 'Profile' && e.pid === pid && e.tid === tid);
  const byGroup: Record<string, number> = {};
  const byAppFile: Record<string, number> = {};
  const inclusive: Record<string, number> = {};
  const sampleTimes: {
    ts: number;
    ms: number;
    group: string;
    app: string | null;
    file: string;
    fn: string;
  }[] = [];
  if (profile) {
    const nodes = new Map<number, ProfileNode>();
    let ts = profile.args!.data!.startTime!;
    const chunks = events.filter((e) => e.name === 'ProfileChunk' && e.id === profile.id && e.pid === pid);
    const samples: { ts: number; node: number }[] = [];
    for (const c of chunks) {
      const cp = c.args!.data!.cpuProfile ?? {};
      for (const n of cp.nodes ?? []) nodes.set(n.id, n);
      const deltas = c.args!.data!.timeDeltas ?? [];
      (cp.samples ?? []).forEach((s, i) => {
        ts += deltas[i] ?? 0;
        samples.push({ ts, node: s });
      });
    }
    samples.sort((a, b) => a.ts - b.ts);
    const fileCache = new Map<number, string>();
    const fileOfNode = (n: ProfileNode) => {
      let f = fileCache.get(n.id);
      if (f === undefined) {
        const cf = n.callFrame;
        f = cf.url
          ? sources.fileOf(cf.url, cf.lineNumber, cf.columnNumber)
          : `(${cf.functionName || 'native'})`;
        fileCache.set(n.id, f);
      }
      return f;
    };
    for (let i = 0; i < samples.length; i++) {
      const s = samples[i]!;
      if (s.ts < t0 || s.ts >= t1) continue;
      const next = samples[i + 1];
      const ms = Math.min(next ? next.ts - s.ts : 0, 5000) / 1000;
      const node = nodes.get(s.node);
      if (!node) continue;
      const name = node.callFrame.functionName;
      if (name === '(idle)' || name === '(root)') continue;
      const top =
        name === '(program)'
          ? 'native (style, layout, paint, parsing: see the kinds)'
          : name === '(garbage collector)'
            ? 'garbage collection'
            : groupOf(fileOfNode(node));
      add(byGroup, top, ms);
      // up the stack: the nearest app file, and whether antd's CSS-in-JS, ECharts or React is on it
      let app: string | null = null;
      const on = new Set<string>();
      for (let n: ProfileNode | undefined = node; n; n = n.parent ? nodes.get(n.parent) : undefined) {
        if (!n.callFrame.url) continue;
        const g = groupOf(fileOfNode(n));
        if (!app && g.startsWith('app: ')) app = g.slice(5);
        if (g.startsWith('antd: CSS') || g.startsWith('antd: component styles')) on.add('antd CSS-in-JS');
        else if (g === 'ECharts') on.add('ECharts');
      }
      for (const k of on) add(inclusive, k, ms);
      if (app) add(byAppFile, app, ms);
      const cf = node.callFrame;
      sampleTimes.push({
        ts: s.ts,
        ms,
        group: top,
        app,
        file:
          name === '(program)'
            ? '(program)'
            : fileOfNode(node)
                .replace(/^.*node_modules\//, '')
                .replace(/^.*src\/web\//, 'app:'),
        fn: `${cf.functionName || '(anonymous)'} ${
          cf.url
            ? sources
                .fileOf(cf.url, cf.lineNumber, cf.columnNumber, true)
                .replace(/^.*node_modules\//, '')
                .replace(/^.*src\/web\//, 'app:')
            : ''
        }`,
      });
    }
  }

  // requests: when they left, when their headers and their last byte came
  const sends = events.filter((e) => e.name === 'ResourceSendRequest' && e.ts >= t0 - 1000 && e.ts < t1);
  const requests = sends.map((s) => {
    const id = s.args!.data!.requestId;
    const resp = events.find((e) => e.name === 'ResourceReceiveResponse' && e.args?.data?.requestId === id);
    const fin = events.find((e) => e.name === 'ResourceFinish' && e.args?.data?.requestId === id);
    return {
      url: String(s.args!.data!.url ?? '').replace(/^https?:\/\/[^/]+/, ''),
      method: String(s.args!.data!.requestMethod ?? 'GET'),
      startMs: rel(s.ts),
      headersMs: resp ? rel(resp.ts) : null,
      endMs: fin ? rel(fin.ts) : null,
    };
  });

  // long tasks: when, how long, and what filled them (the largest sample groups and native kinds)
  const longTasks = topLevel
    .filter((e) => clip(e) >= 30)
    .map((e) => {
      const g: Record<string, number> = {};
      for (const s of sampleTimes)
        if (s.ts >= e.ts && s.ts < e.ts + e.dur!) add(g, s.app ? `${s.group} ← ${s.app}` : s.group, 1);
      const n = Object.values(g).reduce((a, b) => a + b, 0) || 1;
      const kinds = kindsOfTask.get(e) ?? {};
      const kt = Object.values(kinds).reduce((a, b) => a + b, 0) || 1;
      const top =
        Object.entries(kinds)
          .filter(([k]) => !k.startsWith('other'))
          .sort((a, b) => b[1] - a[1])
          .slice(0, 4)
          .map(([k, v]) => `${k} ${((100 * v) / kt).toFixed(0)}%`)
          .join(', ') +
        ' — script: ' +
        Object.entries(g)
          .filter(([k]) => !k.startsWith('native'))
          .sort((a, b) => b[1] - a[1])
          .slice(0, 5)
          .map(([k, v]) => `${k} ${((100 * v) / n).toFixed(0)}%`)
          .join('; ');
      const f: Record<string, number> = {};
      for (const s of sampleTimes) if (s.ts >= e.ts && s.ts < e.ts + e.dur!) add(f, s.file, 1);
      const files = Object.entries(f)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 8)
        .map(([k, v]) => `${k} ${((100 * v) / n).toFixed(0)}%`)
        .join('; ');
      return { atMs: rel(e.ts), ms: clip(e), top, files };
    });
  // the longest task's functions (self samples)
  const longest = topLevel.reduce<TraceEvent | null>((a, e) => (!a || clip(e) > clip(a) ? e : a), null);
  const longestFns: Record<string, number> = {};
  if (longest)
    for (const s of sampleTimes)
      if (s.ts >= longest.ts && s.ts < longest.ts + longest.dur!) add(longestFns, s.fn, 1);
  return {
    from: click ? 'click' : 'navigation',
    windowMs: (t1 - t0) / 1000,
    busyMs,
    cpuMs,
    idleMs: (t1 - t0) / 1000 - busyMs,
    byKind,
    byGroup,
    byAppFile,
    inclusive,
    requests,
    longTasks,
    longestFns,
    fns: sampleTimes.reduce<Record<string, number>>((r, x) => (add(r, x.fn, x.ms), r), {}),
  };
}

// ------------------------------------------------------------------------------------------------------ runs

const CATEGORIES = [
  'devtools.timeline',
  'toplevel',
  'blink.user_timing',
  'v8.execute',
  'v8',
  'loading',
  'disabled-by-default-v8.cpu_profiler',
].join(',');

async function traceOnce(
  browser: Browser,
  s: Served,
  opts: { cpu: number; wait: number; phone: boolean; repeat: boolean },
): Promise<TraceEvent[]> {
  const context = await browser.newContext({
    viewport: opts.phone ? { width: 390, height: 844 } : { width: 1440, height: 900 },
    ...(opts.phone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 3 } : {}),
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    reducedMotion: 'reduce',
  });
  try {
    // web-load's marks, and a user-timing mark for the trace where it takes the figures' time
    await context.addInitScript(
      MARKS_SCRIPT.replace(
        '(marks.figures = performance.now())',
        "((marks.figures = performance.now()), performance.mark('jc-figures'))",
      ),
    );
    const page = await context.newPage();
    page.setDefaultTimeout(120_000);
    const { cdp, meter } = await throttled(page, PROFILES.broadband!);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: opts.cpu });
    await page.goto(`${s.url}/login`, { waitUntil: 'commit' });
    await mark(page, 'loginUsable');
    await meter.settle();
    if (opts.wait) await page.waitForTimeout(opts.wait);
    await page.locator('input[autocomplete="username"]').fill(s.username);
    await page.locator('input[type="password"]').fill(s.password);
    const events: TraceEvent[] = [];
    const trace = async (on: CDPSession, until: () => Promise<unknown>) => {
      on.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])));
      await on.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReportEvents' });
      await until();
      const done = new Promise((r) => on.once('Tracing.tracingComplete', r));
      await on.send('Tracing.end');
      await done;
    };
    if (!opts.repeat) {
      await trace(cdp, async () => {
        await page.waitForTimeout(200);
        await page.locator('button[type="submit"]').click();
        await mark(page, 'figures');
        await page.waitForTimeout(300);
      });
      return events;
    }
    // the repeat visit, as web-load's: signed in, a new tab of the same browser opening / (cache warm)
    await page.locator('button[type="submit"]').click();
    await mark(page, 'figures');
    await meter.settle();
    const again = await context.newPage();
    again.setDefaultTimeout(120_000);
    const t = await throttled(again, PROFILES.broadband!);
    await t.cdp.send('Emulation.setCPUThrottlingRate', { rate: opts.cpu });
    await trace(t.cdp, async () => {
      await again.goto(`${s.url}/`, { waitUntil: 'commit' });
      await mark(again, 'figures');
      await again.waitForTimeout(300);
    });
    return events;
  } finally {
    await context.close();
  }
}

const ms = (n: number) => n.toFixed(0);

function print(split: Split, detail = false, functions?: string) {
  console.log(
    `\n${split.from} → figures ${ms(split.windowMs)} ms: main thread busy ${ms(split.busyMs)} ms (thread time ${ms(split.cpuMs)} ms), idle ${ms(split.idleMs)} ms`,
  );
  const table = (title: string, r: Record<string, number>, total: number, limit = 40) => {
    console.log(`\n| ${title} | ms | % |\n|---|---|---|`);
    for (const [k, v] of Object.entries(r)
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit))
      if (v >= 1) console.log(`| ${k} | ${ms(v)} | ${((100 * v) / total).toFixed(1)} |`);
  };
  table('main thread, self thread time by kind', split.byKind, split.cpuMs);
  const sampled = Object.values(split.byGroup).reduce((a, b) => a + b, 0);
  table('samples by what runs (top of the stack)', split.byGroup, sampled);
  table('samples with it on the stack', split.inclusive, sampled);
  table('samples by the nearest app file on the stack', split.byAppFile, sampled, 25);
  console.log('\n| request | left ms | headers ms | done ms |\n|---|---|---|---|');
  for (const r of split.requests)
    console.log(
      `| ${r.method} ${r.url.slice(0, 90)} | ${ms(r.startMs)} | ${r.headersMs === null ? '' : ms(r.headersMs)} | ${r.endMs === null ? '' : ms(r.endMs)} |`,
    );
  console.log('\n| long task at ms | ms | filled by (samples) |\n|---|---|---|');
  for (const t of split.longTasks)
    console.log(`| ${ms(t.atMs)} | ${ms(t.ms)} | ${t.top} |${detail ? `\n|  |  | files: ${t.files} |` : ''}`);
  const n = Object.values(split.longestFns).reduce((a, b) => a + b, 0) || 1;
  const fns: Record<string, number> = {};
  for (const [k, v] of Object.entries(split.longestFns)) fns[k] = (100 * v) / n;
  table('the longest task: functions (self samples, %)', fns, 100, 30);
  if (functions) {
    const picked = Object.fromEntries(Object.entries(split.fns).filter(([k]) => k.includes(functions)));
    table(`functions in files matching "${functions}" (self ms)`, picked, sampled, 40);
  }
}

export async function main(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      runs: { type: 'string', default: '1' },
      cpu: { type: 'string', default: '4' },
      wait: { type: 'string', default: '0' },
      out: { type: 'string', default: '/tmp/web-trace' },
      phone: { type: 'boolean', default: false },
      repeat: { type: 'boolean', default: false },
      analyse: { type: 'string' },
      web: { type: 'string' },
      detail: { type: 'boolean', default: false },
      functions: { type: 'string' },
    },
  });
  // re-analyse a saved trace: --analyse <trace.json> [--web <web dir with source maps>]
  if (values.analyse) {
    const events = (JSON.parse(readFileSync(values.analyse, 'utf8')) as { traceEvents: TraceEvent[] })
      .traceEvents;
    return print(
      analyse(events, new Sources(values.web ? resolve(values.web) : undefined)),
      values.detail,
      values.functions,
    );
  }
  const [spec = resolve(BENCH_DIR, '..')] = positionals;
  const [root, webDirArg] = spec.split(',');
  const webDir = webDirArg ? resolve(webDirArg) : undefined;
  const served = await startVariantServer(resolve(root!), webDir);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic'],
  });
  const sources = new Sources(webDir ?? join(resolve(root!), 'dist/web'));
  try {
    for (let r = 0; r < Number(values.runs); r++) {
      const busy = await cpuBusy();
      const events = await traceOnce(browser, served, {
        cpu: Number(values.cpu),
        wait: Number(values.wait),
        phone: values.phone,
        repeat: values.repeat,
      });
      const file = `${values.out}-${r + 1}.json`;
      writeFileSync(file, JSON.stringify({ traceEvents: events }));
      console.log(`\nrun ${r + 1} (machine ${(busy * 100).toFixed(0)}% busy before; trace ${file})`);
      print(analyse(events, sources), values.detail, values.functions);
    }
  } finally {
    await browser.close();
    served.child.kill('SIGTERM');
  }
}
