/** Paths, database handles and small helpers shared by the benchmark commands. */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
export const OUT = join(BENCH_DIR, 'out');
export const RESULTS = join(OUT, 'results.jsonl');

/** The PostgreSQL server the benchmarks use (a superuser: it creates and drops databases). */
export const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://jiceng:jiceng@127.0.0.1:5432/postgres';

export const DEFAULT_SEED = 20261122;
/** the "today" the input files are generated for and imported at (fixed, so every run sees the same data) */
export const BENCH_TODAY = '2026-11-22';

export type Engine = 'pglite' | 'postgres';
export type Format = 'csv' | 'xlsx';

export function ensureOut(): void {
  mkdirSync(OUT, { recursive: true });
}

export function label(rows: number): string {
  return rows % 1_000_000 === 0
    ? `${rows / 1_000_000}m`
    : rows % 1000 === 0
      ? `${rows / 1000}k`
      : String(rows);
}

export interface InputManifest {
  rows: number;
  orgs: number;
  seed: number;
  today: string;
  csv: string;
  xlsx: string;
  csvBytes: number;
  xlsxBytes: number;
  seconds: { generate: number; csv: number; xlsx: number };
}

export function inputPaths(rows: number) {
  const base = join(OUT, `members-${label(rows)}`);
  return { csv: `${base}.csv`, xlsx: `${base}.xlsx`, manifest: `${base}.json` };
}

export function readManifest(rows: number): InputManifest | null {
  const p = inputPaths(rows).manifest;
  if (!existsSync(p)) return null;
  return JSON.parse(readFileSync(p, 'utf8')) as InputManifest;
}

export function dbUrl(name: string): string {
  const u = new URL(PG_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export async function pgDatabaseExists(name: string): Promise<boolean> {
  return admin(
    async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1,
  );
}

export async function dropPgDatabase(name: string): Promise<void> {
  await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

/** A fresh copy of a template: a database cloned by PostgreSQL, or a PGlite data folder copied on disk. */
export async function cloneDb(engine: Engine, template: string, target: string): Promise<string> {
  if (engine === 'postgres') {
    await dropPgDatabase(target);
    await admin((c) => c.query(`CREATE DATABASE ${target} TEMPLATE ${template}`));
    return dbUrl(target);
  }
  const to = join(OUT, target);
  rmSync(to, { recursive: true, force: true });
  cpSync(join(OUT, template), to, { recursive: true });
  return to;
}

/**
 * This process's peak RSS in MB: its memory's high-water mark (`VmHWM` of /proc/self/status) where Linux tells it,
 * else `maxRSS`. Not `maxRSS` alone: a child's `maxRSS` starts at its parent's RSS when it was forked (Linux keeps
 * the forked copy's high-water mark across exec), so a measurement started by a bench that had just generated a 1M
 * file (~490 MB) reported ~490 MB whatever it took itself (decision 0027's session 18 addendum).
 */
export function peakRssMb(): number {
  try {
    const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Math.round(Number(m[1]) / 1024);
  } catch {
    // not Linux
  }
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

export function quantile(sorted: readonly number[], q: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

export function median(xs: readonly number[]): number {
  return quantile(
    [...xs].sort((a, b) => a - b),
    0.5,
  );
}

export function fmtInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function cpuTimes(): { idle: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const f = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (f[3] ?? 0) + (f[4] ?? 0);
  return { idle, total: f.reduce((a, b) => a + b, 0) };
}

/** Share of the machine's CPU busy over `ms` (from /proc/stat; 0 where that is not available). */
export async function busyShare(ms = 2000): Promise<number> {
  try {
    const a = cpuTimes();
    await new Promise((r) => setTimeout(r, ms));
    const b = cpuTimes();
    return b.total > a.total ? 1 - (b.idle - a.idle) / (b.total - a.total) : 0;
  } catch {
    return 0;
  }
}

/**
 * Waits until the machine is quiet (other work takes under `below` of the CPU, sampled over 2 s) or `maxMs`
 * passed; returns the last busy share measured, recorded with each result. Other people's processes on a
 * 2-core box otherwise decide the figures.
 */
export async function waitQuiet(below = 0.1, maxMs = 300_000): Promise<number> {
  const until = Date.now() + maxMs;
  let busy = await busyShare();
  while (busy > below && Date.now() < until) {
    process.stdout.write(`    (machine ${(busy * 100).toFixed(0)}% busy, waiting)\n`);
    await new Promise((r) => setTimeout(r, 5000));
    busy = await busyShare();
  }
  return busy;
}
