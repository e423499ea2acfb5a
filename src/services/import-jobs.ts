/**
 * Import jobs for the web wizard: the uploaded file is kept in a temporary folder, checked (dry run) in the
 * background with progress, then applied on request. Jobs live in memory and expire after an hour.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Ctx } from './context.js';
import type { ImportJob, ImportKind } from '../shared/schemas.js';
import { runImport } from './imports.js';
import { AppError, ERROR_CODES, isAppError } from '../shared/errors.js';

interface JobEntry {
  job: ImportJob;
  path: string;
  dir: string;
  owner: string;
  createdAt: number;
}

const TTL_MS = 60 * 60 * 1000;

export class ImportJobs {
  private readonly jobs = new Map<string, JobEntry>();

  /** A fresh temp path to write an upload to. */
  tempFile(fileName: string): { dir: string; path: string } {
    const dir = mkdtempSync(join(tmpdir(), 'jiceng-import-'));
    const safe = fileName.replace(/[^\w.\-\u4e00-\u9fff]/g, '_').slice(-80) || 'upload';
    return { dir, path: join(dir, safe) };
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
      path: file.path,
      dir: file.dir,
      owner: ownerOf(ctx),
      createdAt: Date.now(),
    };
    this.jobs.set(job.id, entry);
    void this.run(ctx, entry, { dryRun: true }, 'validated');
    return { ...job };
  }

  get(ctx: Ctx, id: string): ImportJob {
    const e = this.jobs.get(id);
    if (!e || e.owner !== ownerOf(ctx)) throw new AppError('IMPORT_JOB_NOT_FOUND');
    return { ...e.job, progress: { ...e.job.progress } };
  }

  apply(ctx: Ctx, id: string, allOrNothing: boolean): ImportJob {
    const e = this.jobs.get(id);
    if (!e || e.owner !== ownerOf(ctx)) throw new AppError('IMPORT_JOB_NOT_FOUND');
    if (e.job.state !== 'validated')
      throw new AppError('VALIDATION_FAILED', '该导入任务当前不能执行（正在检查或已经导入）');
    e.job.state = 'applying';
    e.job.progress = { done: 0, total: e.job.result?.total ?? null };
    void this.run(ctx, e, { dryRun: false, allOrNothing }, 'applied');
    return { ...e.job };
  }

  /** Waits until the job leaves its running state (for the CLI and tests). */
  async settle(id: string): Promise<void> {
    for (;;) {
      const e = this.jobs.get(id);
      if (!e || (e.job.state !== 'parsing' && e.job.state !== 'applying')) return;
      await new Promise((r) => setTimeout(r, 20));
    }
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
      e.job.result = result;
      e.job.progress = { done: result.total, total: result.total };
      e.job.state = done;
      if (done === 'applied') this.cleanup(e);
    } catch (err) {
      e.job.state = 'failed';
      e.job.error = isAppError(err)
        ? { code: err.code, message: err.message }
        : { code: 'INTERNAL', message: ERROR_CODES.INTERNAL.zh };
      this.cleanup(e);
      if (!isAppError(err))
        console.error('import failed:', err instanceof Error ? err.message : 'unknown error');
    }
  }

  private cleanup(e: JobEntry) {
    rmSync(e.dir, { recursive: true, force: true });
  }

  private sweep() {
    const now = Date.now();
    for (const [id, e] of this.jobs) {
      if (now - e.createdAt > TTL_MS && e.job.state !== 'parsing' && e.job.state !== 'applying') {
        this.cleanup(e);
        this.jobs.delete(id);
      }
    }
  }
}

function ownerOf(ctx: Ctx): string {
  return ctx.actor.kind === 'user' ? `u${ctx.actor.userId}` : `s:${ctx.actor.label}`;
}
