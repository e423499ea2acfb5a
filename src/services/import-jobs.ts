/**
 * Import jobs for the web wizard: the uploaded file is kept in a temporary folder, checked (dry run) in the
 * background with progress, then applied on request. Jobs live in memory and expire an hour after their last
 * change. A job keeps its result's counts and summary, and the rejections the import kept (a few hundred per
 * problem, import-rejections.ts), which the API pages through: its size does not grow with the bad rows.
 *
 * Uploads go to a folder of this deployment: `jiceng-imports-<uid>` in the system's temporary folder, private to
 * the account (0700, checked to be ours), holding one folder per ImportJobs (`<pid>-<random>`), one folder per
 * upload inside it. A file is removed once applied, when its check or its upload fails, when its job expires (a
 * timer sweeps every few minutes) and when the server closes; folders left by a process that has died are removed
 * when the next one starts. File names and row contents are never logged.
 */
import { randomUUID } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Ctx } from './context.js';
import type {
  ImportJob,
  ImportJobResult,
  ImportKind,
  ImportRejection,
  ImportRejectionPage,
  ImportRejectionQuery,
  ImportResult,
} from '../shared/schemas.js';
import { runImport } from './imports.js';
import { AppError, ERROR_CODES, isAppError } from '../shared/errors.js';
import { errorKind } from './after-commit.js';

interface JobEntry {
  job: ImportJob;
  /** the rejections the import kept, in row order (the job's result carries only counts and summary) */
  rejected: ImportRejection[];
  path: string;
  dir: string;
  owner: string;
  /** when the job last changed: it expires TTL_MS after */
  touchedAt: number;
}

/** A job (its file and its result) is kept this long after its last change. */
export const TTL_MS = 60 * 60 * 1000;
/** How often expired jobs are looked for. */
export const SWEEP_EVERY_MS = 5 * 60 * 1000;

export interface ImportJobsOptions {
  /** the deployment's upload folder (default: `jiceng-imports-<uid>` in the system's temporary folder) */
  root?: string;
  ttlMs?: number;
  sweepEveryMs?: number;
}

/** The default upload folder of this account. */
export function defaultImportRoot(): string {
  const uid = typeof process.getuid === 'function' ? process.getuid() : null;
  return join(tmpdir(), uid === null ? 'jiceng-imports' : `jiceng-imports-${uid}`);
}

export class ImportJobs {
  private readonly jobs = new Map<string, JobEntry>();
  /** this instance's folder: every upload it receives goes under it */
  readonly folder: string;
  private readonly ttlMs: number;
  private timer: NodeJS.Timeout | null;

  constructor(opts: ImportJobsOptions = {}) {
    this.ttlMs = opts.ttlMs ?? TTL_MS;
    const root = privateFolder(opts.root ?? defaultImportRoot());
    removeStale(root);
    this.folder = mkdtempSync(join(root, `${process.pid}-`));
    this.timer = setInterval(() => this.sweep(), opts.sweepEveryMs ?? SWEEP_EVERY_MS);
    this.timer.unref();
  }

  /** A fresh temp path to write an upload to (its name is not the user's file name: only its extension). */
  tempFile(fileName: string): { dir: string; path: string } {
    const dir = mkdtempSync(join(this.folder, 'u'));
    const ext = /\.(xlsx|csv)$/i.exec(fileName)?.[0]?.toLowerCase() ?? '';
    return { dir, path: join(dir, `upload${ext}`) };
  }

  /** Removes an upload that did not become a job (the upload failed or was refused). */
  discard(file: { dir: string }): void {
    removeQuietly(file.dir);
  }

  start(ctx: Ctx, kind: ImportKind, file: { dir: string; path: string; fileName: string }): ImportJob {
    this.sweep();
    const job: ImportJob = {
      id: randomUUID(),
      kind,
      fileName: file.fileName,
      state: 'parsing',
      progress: { done: 0, total: null },
      result: null,
      error: null,
    };
    const entry: JobEntry = {
      job,
      rejected: [],
      path: file.path,
      dir: file.dir,
      owner: ownerOf(ctx),
      touchedAt: Date.now(),
    };
    this.jobs.set(job.id, entry);
    void this.run(ctx, entry, { dryRun: true }, 'validated');
    return copyOf(job);
  }

  get(ctx: Ctx, id: string): ImportJob {
    return copyOf(this.entry(ctx, id).job);
  }

  /** A page of the rejections the job's import kept, optionally of one problem code. */
  rejections(ctx: Ctx, id: string, q: ImportRejectionQuery): ImportRejectionPage {
    const e = this.entry(ctx, id);
    const all = q.code ? e.rejected.filter((r) => r.code === q.code) : e.rejected;
    const summary = e.job.result?.summary ?? [];
    const rejectedTotal = q.code
      ? summary.filter((s) => s.code === q.code).reduce((n, s) => n + s.count, 0)
      : (e.job.result?.rejectedTotal ?? 0);
    const from = (q.page - 1) * q.pageSize;
    return {
      total: all.length,
      page: q.page,
      pageSize: q.pageSize,
      items: all.slice(from, from + q.pageSize),
      rejectedTotal,
    };
  }

  apply(ctx: Ctx, id: string, allOrNothing: boolean): ImportJob {
    const e = this.entry(ctx, id);
    if (e.job.state !== 'validated')
      throw new AppError('VALIDATION_FAILED', '该导入任务当前不能执行（正在检查或已经导入）');
    e.job.state = 'applying';
    e.job.progress = { done: 0, total: e.job.result?.total ?? null };
    e.touchedAt = Date.now();
    void this.run(ctx, e, { dryRun: false, allOrNothing }, 'applied');
    return copyOf(e.job);
  }

  /** Waits until the job leaves its running state (for the CLI and tests). */
  async settle(id: string): Promise<void> {
    for (;;) {
      const e = this.jobs.get(id);
      if (!e || (e.job.state !== 'parsing' && e.job.state !== 'applying')) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Forgets the jobs that have expired and removes their files (a running job waits until it is done). */
  sweep(now = Date.now()): void {
    for (const [id, e] of this.jobs) {
      if (now - e.touchedAt > this.ttlMs && e.job.state !== 'parsing' && e.job.state !== 'applying') {
        removeQuietly(e.dir);
        this.jobs.delete(id);
      }
    }
  }

  /** Stops the sweeping timer and removes every file this instance holds (the server is closing). */
  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.jobs.clear();
    removeQuietly(this.folder);
  }

  private entry(ctx: Ctx, id: string): JobEntry {
    const e = this.jobs.get(id);
    if (!e || e.owner !== ownerOf(ctx)) throw new AppError('IMPORT_JOB_NOT_FOUND');
    return e;
  }

  private async run(
    ctx: Ctx,
    e: JobEntry,
    opts: { dryRun: boolean; allOrNothing?: boolean },
    done: ImportJob['state'],
  ) {
    try {
      const result = await runImport(
        ctx,
        e.job.kind,
        { path: e.path, fileName: e.job.fileName },
        {
          ...opts,
          onProgress: (n) => {
            e.job.progress.done = n;
          },
        },
      );
      e.job.result = jobResult(result);
      e.rejected = result.rejected;
      e.job.progress = { done: result.total, total: result.total };
      e.job.state = done;
      if (done === 'applied') removeQuietly(e.dir);
    } catch (err) {
      e.job.state = 'failed';
      e.job.error = isAppError(err)
        ? { code: err.code, message: err.message }
        : { code: 'INTERNAL', message: ERROR_CODES.INTERNAL.zh };
      removeQuietly(e.dir);
      // what failed, never its message: a database error can quote a row's values
      if (!isAppError(err)) console.error('import failed:', errorKind(err));
    } finally {
      e.touchedAt = Date.now();
    }
  }
}

/** The result as a job carries it: counts, totals and summary, not the rejections. */
function jobResult(r: ImportResult): ImportJobResult {
  const { rejected, ...rest } = r;
  return { ...rest, rejectedListed: rejected.length };
}

function copyOf(job: ImportJob): ImportJob {
  return { ...job, progress: { ...job.progress }, result: job.result ? { ...job.result } : null };
}

function ownerOf(ctx: Ctx): string {
  return ctx.actor.kind === 'user' ? `u${ctx.actor.userId}` : `s:${ctx.actor.label}`;
}

function removeQuietly(path: string): void {
  try {
    rmSync(path, { recursive: true, force: true });
  } catch {
    // already gone, or not ours to remove: the start-up sweep of a later process tries again
  }
}

/**
 * The upload folder, made if missing: a real folder (not a link) owned by this account and private to it. A
 * folder someone else made at that path (the system's temporary folder is shared) is not used: a fresh private
 * one is made instead.
 */
function privateFolder(root: string): string {
  try {
    mkdirSync(root, { recursive: true, mode: 0o700 });
    const st = lstatSync(root);
    const mine = typeof process.getuid !== 'function' || st.uid === process.getuid();
    if (st.isDirectory() && !st.isSymbolicLink() && mine) {
      if ((st.mode & 0o077) !== 0) chmodSync(root, 0o700);
      return root;
    }
  } catch {
    // fall through to a private folder of our own
  }
  console.warn('import uploads: the shared upload folder is not usable, using a private one');
  return mkdtempSync(join(tmpdir(), 'jiceng-imports-'));
}

/** Removes the folders of processes that are gone (a server that crashed or was killed left them). */
function removeStale(root: string): void {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return;
  }
  for (const name of names) {
    const m = /^(\d+)-/.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || isAlive(pid)) continue;
    removeQuietly(join(root, name));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, under another account
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
