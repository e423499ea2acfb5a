/**
 * SQL of 党章第九条's maintained run of months missed (decision 0048): the members' runs (`life_run`), the members
 * marked for a refresh by the triggers (`life_run_dirty`) and the state (`life_run_state`: built or not). The
 * judgement is the domain's `lifeRun` (services/life-runs.ts runs it).
 */
import type { Db } from '../client.js';
import type { IsoDate } from '../../shared/dates.js';
import { meetingCounts } from '../sql.js';

export interface MemberRun {
  memberId: number;
  run: number;
  lastHeld: IsoDate;
}

/** A member's attendance in one month over every counted meeting they were expected at, and its latest day. */
export interface AllLifeMonthRow {
  memberId: number;
  month: string;
  present: number;
  excused: number;
  absent: number;
  /** the latest day of the month with a counted meeting of theirs */
  lastHeld: IsoDate;
}

/**
 * The day the runs were built, locked: `share` for a refresh (refreshers run side by side), `update` for a rebuild
 * (alone), null to read only. Null when not built.
 */
export async function lockLifeRunState(db: Db, mode: 'share' | 'update' | null): Promise<IsoDate | null> {
  const lock = mode === 'share' ? ' FOR SHARE' : mode === 'update' ? ' FOR UPDATE' : '';
  const [r] = await db.query<{ builtOn: IsoDate }>(
    `SELECT to_char(built_on, 'YYYY-MM-DD') AS "builtOn" FROM life_run_state WHERE id = 1${lock}`,
  );
  return r?.builtOn ?? null;
}

/** Takes the rebuild's exclusive hold: refreshers (holding the state row shared) wait until it commits. */
export async function lockLifeRunBuild(db: Db): Promise<void> {
  await db.query('LOCK TABLE life_run_state IN EXCLUSIVE MODE');
}

export async function setLifeRunState(db: Db, builtOn: IsoDate): Promise<void> {
  await db.query(
    `INSERT INTO life_run_state (id, built_on) VALUES (1, $1)
     ON CONFLICT (id) DO UPDATE SET built_on = excluded.built_on`,
    [builtOn],
  );
}

/** Empties the runs and their marks (a rebuild, in its transaction). */
export async function clearLifeRuns(db: Db): Promise<void> {
  await db.query('DELETE FROM life_run_dirty');
  await db.query('DELETE FROM life_run');
}

/** Whether any member waits for a refresh. */
export async function anyLifeRunDirty(db: Db): Promise<boolean> {
  return (await db.query('SELECT 1 FROM life_run_dirty LIMIT 1')).length > 0;
}

/** Takes up to `limit` members marked for a refresh (deleting their marks), in id order. */
export async function takeLifeRunDirty(db: Db, limit: number): Promise<number[]> {
  const rows = await db.query<{ member_id: number }>(
    `DELETE FROM life_run_dirty WHERE member_id IN (
       SELECT member_id FROM life_run_dirty ORDER BY member_id LIMIT ${Math.trunc(limit)})
     RETURNING member_id`,
  );
  return rows.map((r) => r.member_id).sort((a, b) => a - b);
}

/**
 * The next `limit` members after `after` (in id order) absent without leave at some meeting: the only ones who may
 * have a run (a rebuild walks them).
 */
export async function membersEverAbsent(db: Db, after: number, limit: number): Promise<number[]> {
  const rows = await db.query<{ member_id: number }>(
    `SELECT DISTINCT member_id FROM meeting_attendance
      WHERE status = 'absent' AND member_id > $1 ORDER BY member_id LIMIT ${Math.trunc(limit)}`,
    [after],
  );
  return rows.map((r) => r.member_id);
}

/**
 * The members' attendance month by month over every meeting that counts (not marked false on site), whenever held
 * — at their own orgs' meetings and, as present, at a host org's (`meeting_visitor`) — read member by member
 * through the indexes, each row's meeting by its key: the same months `subtreeLifeMonths` reads, without a window.
 */
export async function allLifeMonthsOf(db: Db, memberIds: readonly number[]): Promise<AllLifeMonthRow[]> {
  if (!memberIds.length) return [];
  return db.query<AllLifeMonthRow>(
    `SELECT w.member_id AS "memberId", to_char(mt.held_on, 'YYYY-MM') AS month,
            count(*) FILTER (WHERE a.status = 'present')::int AS present,
            count(*) FILTER (WHERE a.status = 'excused')::int AS excused,
            count(*) FILTER (WHERE a.status = 'absent')::int AS absent,
            to_char(max(mt.held_on), 'YYYY-MM-DD') AS "lastHeld"
       FROM unnest($1::int[]) AS w(member_id)
       CROSS JOIN LATERAL (SELECT a.meeting_id, a.status FROM meeting_attendance a WHERE a.member_id = w.member_id
                           UNION ALL
                           SELECT v.meeting_id, 'present' FROM meeting_visitor v WHERE v.member_id = w.member_id) a
       CROSS JOIN LATERAL (SELECT mt.id, mt.held_on FROM meeting mt WHERE mt.id = a.meeting_id OFFSET 0) mt
      WHERE ${meetingCounts('mt')}
      GROUP BY w.member_id, to_char(mt.held_on, 'YYYY-MM')`,
    [[...memberIds]],
  );
}

/** Replaces the runs of these members by `rows` (a member of `ids` without a row has none kept). */
export async function replaceLifeRuns(
  db: Db,
  ids: readonly number[],
  rows: readonly MemberRun[],
): Promise<void> {
  if (ids.length) await db.query('DELETE FROM life_run WHERE member_id = ANY($1::int[])', [[...ids]]);
  if (rows.length)
    await db.query(
      `INSERT INTO life_run (member_id, run, last_held)
       SELECT * FROM unnest($1::int[], $2::smallint[], $3::date[]) ORDER BY 1`,
      [rows.map((r) => r.memberId), rows.map((r) => r.run), rows.map((r) => r.lastHeld)],
    );
}

/** Every kept run, in member order (tests compare the maintained with the rebuilt). */
export async function allLifeRuns(db: Db): Promise<MemberRun[]> {
  return db.query<MemberRun>(
    `SELECT member_id AS "memberId", run, to_char(last_held, 'YYYY-MM-DD') AS "lastHeld"
       FROM life_run ORDER BY member_id`,
  );
}
