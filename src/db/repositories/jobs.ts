/**
 * SQL for scheduled jobs (`job`): a row per job with its last run and result, when it is due next, and the lease
 * (`lease_owner`, `lease_until`) a runner holds while it runs it.
 */
import type { Db } from '../client.js';

/** A job's row as stored (timestamps as the driver returns them). */
export interface JobRow {
  name: string;
  status: string;
  next_due_at: unknown;
  last_started_at: unknown;
  last_run_at: unknown;
  last_result: string | null;
  last_error: string | null;
  lease_owner: string | null;
  lease_until: unknown;
  [column: string]: unknown;
}

/** Inserts a row, due at `dueAt`, for each of `names` that has none yet. */
export async function ensureJobRows(db: Db, names: readonly string[], dueAt: string): Promise<void> {
  await db.query(
    `INSERT INTO job (name, next_due_at) SELECT unnest($1::text[]), $2::timestamptz ON CONFLICT (name) DO NOTHING`,
    [names, dueAt],
  );
}

export async function jobRows(db: Db): Promise<JobRow[]> {
  return db.query<JobRow>('SELECT * FROM job ORDER BY name');
}

/**
 * Claims job `name` for `owner` until `leaseUntil` if it is not running (or its lease has expired at `now`) and it
 * is due at `now` (or `force`). Returns whether it was claimed.
 */
export async function claimJob(
  db: Db,
  c: { name: string; owner: string; leaseUntil: string; now: string; force: boolean },
): Promise<boolean> {
  const claimed = await db.query<{ status: string }>(
    `UPDATE job SET status = 'running', lease_owner = $2, lease_until = $3, last_started_at = $4
      WHERE name = $1 AND (status <> 'running' OR lease_until IS NULL OR lease_until < $4)
        AND ($5 OR next_due_at <= $4)
      RETURNING status`,
    [c.name, c.owner, c.leaseUntil, c.now, c.force],
  );
  return claimed.length > 0;
}

export async function jobOutcome<S extends string>(
  db: Db,
  name: string,
): Promise<{ status: S; last_result: string | null; last_error: string | null } | undefined> {
  const [r] = await db.query<{ status: S; last_result: string | null; last_error: string | null }>(
    'SELECT status, last_result, last_error FROM job WHERE name = $1',
    [name],
  );
  return r;
}

/** Records the end of `owner`'s run of job `name` and releases the lease (a null result keeps the last one). */
export async function finishJob(
  db: Db,
  f: {
    name: string;
    owner: string;
    status: string;
    runAt: string;
    nextDueAt: string;
    result: string | null;
    error: string | null;
  },
): Promise<void> {
  await db.query(
    `UPDATE job SET status = $3, last_run_at = $4, next_due_at = $5,
            last_result = coalesce($6, last_result), last_error = $7, lease_owner = NULL, lease_until = NULL
      WHERE name = $1 AND lease_owner = $2`,
    [f.name, f.owner, f.status, f.runAt, f.nextDueAt, f.result, f.error],
  );
}
