#!/usr/bin/env node
/**
 * `node bench/e2e-cpu.mjs [--cwd DIR] [--label L] e2e/FILE.e2e.ts …`: runs the journey files one `vitest run` each
 * (`--config vitest.e2e.config.ts`, `E2E_SCREENSHOTS=0`, the kept `E2E_TEMPLATE`) and prints, per file, the CPU
 * seconds (user + system from /proc/PID/stat) of the process tree split by process: vitest's main process, the fork
 * that runs the file (server, PGlite, test code), Chromium's browser process, its renderers, its GPU process and its
 * other helpers (network, storage). The machine is shared, so CPU seconds, not wall time, are what compare
 * (decision 0028's session 18 addendum). The tree is sampled every 200 ms; a process's last sample is what it is
 * counted with, so a short-lived helper loses at most 200 ms. `--together`: the files in one `vitest run` (as a whole
 * run has them: two at a time, each worker's files in one process) — one row for them all.
 * `E2E_CPU_LOG=FILE`: vitest's output is written there (of the last run).
 */
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { clearInterval, setInterval } from 'node:timers';

const args = process.argv.slice(2);
let cwd = process.cwd();
let label = '';
let together = false;
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--cwd') cwd = args[++i];
  else if (args[i] === '--label') label = args[++i];
  else if (args[i] === '--together') together = true;
  else files.push(args[i]);
}
const TICK = 100; // USER_HZ on Linux

function stat(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(rest[1]), cpu: (Number(rest[11]) + Number(rest[12])) / TICK };
  } catch {
    return null;
  }
}

function kind(pid, rootPid) {
  if (pid === rootPid) return 'vitest';
  let cmd;
  try {
    cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return 'other';
  }
  if (/chrom/.test(cmd)) {
    const t = /--type=([a-z-]+)/.exec(cmd)?.[1];
    if (!t) return 'chromium';
    if (t === 'renderer') return /--top-chrome-webui/.test(cmd) ? 'renderer:webui' : 'renderer';
    if (t === 'gpu-process') return 'gpu';
    const sub = /--utility-sub-type=([\w.]+)/.exec(cmd)?.[1];
    return sub ? `utility:${sub.split('.').slice(-1)[0]}` : t;
  }
  if (/node/.test(cmd)) return 'fork';
  return 'other';
}

async function runOne(file) {
  const t0 = Date.now();
  const child = spawn('npx', ['vitest', 'run', '--config', 'vitest.e2e.config.ts', ...file.split(' ')], {
    cwd,
    env: { ...process.env, E2E_SCREENSHOTS: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const seen = new Map(); // pid -> { kind, cpu }
  const sample = () => {
    const ppids = new Map();
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      const s = stat(Number(name));
      if (s) ppids.set(Number(name), s);
    }
    const tree = new Set([child.pid]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const [pid, s] of ppids)
        if (!tree.has(pid) && tree.has(s.ppid)) {
          tree.add(pid);
          grew = true;
        }
    }
    for (const pid of tree) {
      const s = ppids.get(pid);
      if (!s) continue;
      const prev = seen.get(pid);
      // npx's node runs vitest's main process as its child: the first node below npx is "vitest"
      // the kind is read again each time: a process forked by Chromium shows its parent's command line until it execs
      // (and an exiting process's is empty: a kind once known is kept then)
      const again = !prev || ['chromium', 'zygote', 'fork', 'other'].includes(prev.kind);
      const fresh = again ? kind(pid, child.pid) : prev.kind;
      const k = prev && fresh === 'other' ? prev.kind : fresh;
      seen.set(pid, { kind: k, cpu: s.cpu, ppid: s.ppid });
    }
  };
  const timer = setInterval(sample, 200);
  const load0 = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
  const code = await new Promise((r) => child.on('exit', r));
  clearInterval(timer);
  const load1 = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
  const sums = { vitest: 0, fork: 0, chromium: 0, renderer: 0, gpu: 0 };
  const counts = {};
  const nodes = [...seen.entries()].filter(([, v]) => v.kind === 'fork' || v.kind === 'vitest');
  const forkPids = new Set();
  for (const [pid, v] of nodes) {
    const parent = seen.get(v.ppid);
    // a node whose parent is a node that is not the root is a fork (or below it)
    if (pid !== child.pid && parent && parent.kind === 'fork' && v.ppid !== child.pid) forkPids.add(pid);
  }
  for (const [pid, v] of seen) {
    let k = v.kind;
    if (k === 'fork' && !forkPids.has(pid)) k = 'vitest';
    sums[k] = (sums[k] ?? 0) + v.cpu;
    counts[k] = (counts[k] ?? 0) + 1;
  }
  // eslint-disable-next-line no-control-regex
  const tests = /Tests\s+(.*)/.exec(out.replace(/\x1b\[[0-9;]*m/g, ''))?.[1]?.trim() ?? '?';
  const row = {
    label,
    file,
    code,
    wall: (Date.now() - t0) / 1000,
    load: `${load0}→${load1}`,
    tests,
    ...Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, Math.round(v * 10) / 10])),
    total: Math.round(Object.values(sums).reduce((a, b) => a + b, 0) * 10) / 10,
    processes: counts,
  };
  if (process.env.E2E_CPU_LOG) writeFileSync(process.env.E2E_CPU_LOG, out);
  if (code !== 0) console.error(out.slice(-4000));
  return row;
}

if (together) console.log(JSON.stringify(await runOne(files.join(' '))));
else for (const f of files) console.log(JSON.stringify(await runOne(f)));
