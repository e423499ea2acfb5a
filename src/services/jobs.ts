/**
 * Scheduled jobs: work that is due once a day (or so), whatever requests come. Each job has a row in `job` (when
 * it last ran and with what result, when it is due next, who holds it while it runs); the web server runs due jobs
 * at start-up and on a timer, and `jiceng jobs run NAME` runs one by hand. A run is claimed with a lease
 * (`lease_owner`, `lease_until`), so two processes sharing a database never run one job at once, and a job whose
 * runner died is taken over once its lease has expired.
 *
 * Jobs: `stats.roll` (the daily roll of the age and standing cells of the aggregates, decision 0009) and
 * `search.keys` (the derived name keys of rows written before those keys existed, decision 0014), the rollups'
 * daily rolls, the indicators' evaluation and `recruitment.due` (the cases' stored deadlines, decision 0050).
 */
import { hostname } from 'node:os';
import type { Db } from '../db/client.js';
import { rollStatsNow } from '../db/repositories/stats.js';
import { fillSearchKeys } from './search-keys.js';
import { rollLife } from './life-rollup.js';
import { evaluateAll } from './warnings.js';
import { rollDues } from './dues-rollup.js';
import { judgeMissingDue } from './recruitment.js';
import { claimJob, ensureJobRows, finishJob, jobOutcome, jobRows } from '../db/repositories/jobs.js';
import { addDays } from '../shared/dates.js';
import { AppError } from '../shared/errors.js';
import type { Clock } from './context.js';

export interface JobSpec {
  name: string;
  /** what the job does, in Chinese (jiceng jobs) */
  label: string;
  /** runs the job (in its own transactions); returns what it did, in a few Chinese words */
  run(db: Db, clock: Clock): Promise<string>;
  /** when the job is due again after a run at `now` */
  nextDue(clock: Clock): Date;
}

/** The start of the next day, China time (by the clock's date). */
export function nextChinaMidnight(clock: Clock): Date {
  return new Date(`${addDays(clock.today(), 1)}T00:00:00+08:00`);
}

export const JOBS: readonly JobSpec[] = [
  {
    name: 'stats.roll',
    label: '统计数据按日更新：生日或转正纪念日已过的党员计入新的年龄、党龄分段',
    async run(db, clock) {
      const r = await rollStatsNow(db, clock.today());
      if (!r) return '未能取得统计锁';
      if (r.from === r.to) return `统计数据已是 ${r.to} 的口径`;
      if (r.moved === null) return `统计数据已按 ${r.to} 重新计算`;
      return `统计数据由 ${r.from} 更新到 ${r.to}，${r.moved} 名党员的年龄或党龄分段变化`;
    },
    nextDue: nextChinaMidnight,
  },
  {
    // a migration adds a derived key as NULL (it cannot compute pinyin in SQL); this fills it once, in batches,
    // in the background of the first start, and finds nothing on later days
    name: 'search.keys',
    label: '补齐姓名和组织名称的拼音检索、排序字段（升级后的首次运行）',
    async run(db) {
      const r = await fillSearchKeys(db);
      if (!r.persons && !r.orgs) return '拼音字段均已齐全';
      return `已补齐 ${r.persons} 人的姓名排序字段、${r.orgs} 个党组织的拼音检索字段`;
    },
    nextDue: nextChinaMidnight,
  },
  {
    // the organisational-life rollup judged as of the new day (periods ended, new ones begun; decision 0024); a
    // change of a local setting makes it due at once (a trigger)
    name: 'life.roll',
    label: '组织生活汇总按日重新计算：上一期结束、新一期开始，各组织的应开、已开、漏开随之更新',
    run: (db, clock) => rollLife(db, clock.today()),
    nextDue: nextChinaMidnight,
  },
  {
    // the dues rollup judged as of the new day (a new month owed, arrears and flags as of today; decision 0031); a
    // change of a dues setting makes it due at once (a trigger)
    name: 'dues.roll',
    label: '党费汇总按日重新计算：新的一月开始应交，欠交和连续未交提示按当天口径更新',
    run: (db, clock) => rollDues(db, clock.today()),
    nextDue: nextChinaMidnight,
  },
  {
    // every health indicator of every org judged as of the new day: warnings open and close (decision 0032)
    name: 'warnings.evaluate',
    label: '健康指标按日评估：出现问题的组织新增预警，问题已消除的预警自动解除',
    run: evaluateAll,
    nextDue: nextChinaMidnight,
  },
  {
    // the earliest deadline of every recruitment case without a stored one (written by a bulk path, the demo or a
    // restore, or judged under an older rule-set history; decision 0050): the overdue list reads them instead of
    // judging every case; finds nothing on most days
    name: 'recruitment.due',
    label: '发展党员逾期提醒：补算尚未判定的发展党员下一步期限',
    async run(db, clock) {
      const r = await judgeMissingDue(db, clock.today());
      return r.judged ? `已判定 ${r.judged} 个发展党员记录的下一步期限` : '发展党员下一步期限均已判定';
    },
    nextDue: nextChinaMidnight,
  },
];

/** How long a run may hold its job before another runner may take it over. */
export const JOB_LEASE_MS = 30 * 60_000;
/** A failed run is tried again after this long. */
export const JOB_RETRY_MS = 5 * 60_000;

export type JobStatus = 'idle' | 'running' | 'ok' | 'failed';

export interface JobView {
  name: string;
  label: string;
  status: JobStatus;
  nextDueAt: string;
  due: boolean;
  lastStartedAt: string | null;
  lastRunAt: string | null;
  lastResult: string | null;
  lastError: string | null;
  leaseOwner: string | null;
  leaseUntil: string | null;
}

export interface JobRun {
  name: string;
  /** false: not run (not due, or held by another runner whose lease has not expired) */
  ran: boolean;
  status: JobStatus;
  result: string | null;
  error: string | null;
}

export function jobSpec(name: string): JobSpec {
  const spec = JOBS.find((j) => j.name === name);
  if (!spec)
    throw new AppError(
      'NOT_FOUND',
      `没有名为 ${name} 的定时任务（可用：${JOBS.map((j) => j.name).join('、')}）`,
    );
  return spec;
}

/** Who runs jobs in this process, for the lease. */
export const JOB_OWNER = `${hostname()}:${process.pid}`;

const iso = (v: unknown): string | null =>
  v === null || v === undefined ? null : new Date(v as string).toISOString();

/** Registers the row of every job that has none yet (due at once). */
async function ensureJobs(db: Db, clock: Clock): Promise<void> {
  await ensureJobRows(
    db,
    JOBS.map((j) => j.name),
    clock.now().toISOString(),
  );
}

export async function listJobs(db: Db, clock: Clock): Promise<JobView[]> {
  await ensureJobs(db, clock);
  const rows = await jobRows(db);
  const now = clock.now().getTime();
  return JOBS.map((spec) => {
    const r = rows.find((x) => x.name === spec.name)!;
    const nextDueAt = iso(r.next_due_at)!;
    return {
      name: spec.name,
      label: spec.label,
      status: r.status as JobStatus,
      nextDueAt,
      due: Date.parse(nextDueAt) <= now,
      lastStartedAt: iso(r.last_started_at),
      lastRunAt: iso(r.last_run_at),
      lastResult: (r.last_result as string | null) ?? null,
      lastError: (r.last_error as string | null) ?? null,
      leaseOwner: (r.lease_owner as string | null) ?? null,
      leaseUntil: iso(r.lease_until),
    };
  });
}

/**
 * Runs one job if it is due (or with `force`, now) and no other runner holds it: claims the lease, runs, records
 * the outcome and when it is due next. A failure is recorded (and tried again after JOB_RETRY_MS), not thrown.
 */
export async function runJob(
  db: Db,
  clock: Clock,
  name: string,
  opts: { force?: boolean; owner?: string } = {},
): Promise<JobRun> {
  const spec = jobSpec(name);
  await ensureJobs(db, clock);
  const owner = opts.owner ?? JOB_OWNER;
  const now = clock.now();
  const claimed = await claimJob(db, {
    name,
    owner,
    leaseUntil: new Date(now.getTime() + JOB_LEASE_MS).toISOString(),
    now: now.toISOString(),
    force: !!opts.force,
  });
  if (!claimed) {
    const r = await jobOutcome<JobStatus>(db, name);
    return { name, ran: false, status: r!.status, result: r!.last_result, error: r!.last_error };
  }
  let result: string | null = null;
  let error: string | null = null;
  try {
    result = await spec.run(db, clock);
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  const done = clock.now();
  const next = error ? new Date(done.getTime() + JOB_RETRY_MS) : spec.nextDue(clock);
  await finishJob(db, {
    name,
    owner,
    status: error ? 'failed' : 'ok',
    runAt: done.toISOString(),
    nextDueAt: next.toISOString(),
    result,
    error,
  });
  return { name, ran: true, status: error ? 'failed' : 'ok', result, error };
}

/** Runs every job that is due, one after another. */
export async function runDueJobs(db: Db, clock: Clock, owner?: string): Promise<JobRun[]> {
  const due = (await listJobs(db, clock)).filter((j) => j.due);
  const out: JobRun[] = [];
  for (const j of due) out.push(await runJob(db, clock, j.name, owner ? { owner } : {}));
  return out;
}

export interface JobRunner {
  /** Runs the due jobs now (after a run in progress). */
  runDue(): Promise<JobRun[]>;
  /** Stops the timer and waits for a run in progress. */
  close(): Promise<void>;
}

/**
 * The server's runner: due jobs at once, then every `intervalMs` (the timer does not keep the process alive).
 * Runs never overlap; problems go to `onProblem` (a failed job is also recorded in its row).
 */
export function startJobRunner(
  db: Db,
  clock: Clock,
  opts: { intervalMs?: number; onProblem?: (p: { job?: string; error: unknown }) => void } = {},
): JobRunner {
  let closed = false;
  let current: Promise<JobRun[]> = Promise.resolve([]);
  const runDue = () => {
    const p = current.then(async () => {
      const runs = closed ? [] : await runDueJobs(db, clock);
      for (const r of runs) if (r.error) opts.onProblem?.({ job: r.name, error: r.error });
      return runs;
    });
    current = p.catch((error: unknown) => {
      opts.onProblem?.({ error });
      return [];
    });
    return p;
  };
  void runDue().catch(() => undefined);
  const timer = setInterval(() => void runDue().catch(() => undefined), opts.intervalMs ?? 60_000);
  timer.unref();
  return {
    runDue,
    async close() {
      closed = true;
      clearInterval(timer);
      await current;
    },
  };
}
