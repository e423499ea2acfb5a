/**
 * 党章第九条's maintained run of months of organisational life missed without good reason (issue 14, decision 0048).
 *
 * - Per member who may have one (absent without leave at some meeting), the run `lifeRun` counts over all their
 *   attendance months up to their latest counted meeting, and that meeting's day (`life_run`). A member kept with
 *   no run is one whose latest meeting is after the day the run was judged (a future date: not the case for the
 *   meeting forms, which refuse one).
 * - It is a filter, never a judgement: as of any day D on or after every counted meeting, the run 党章第九条 judges
 *   (`lifeRun` over the 24 months up to D) is at most the kept run (the same months, fewer of them), so only a
 *   member with a kept run reaching the first flag, or a latest meeting after D, can be flagged as of D. The daily
 *   evaluation reads the attendance months of only those (`subtreeLifeMonths`) and judges them as before.
 * - Triggers mark every member whose attendance, visits, meeting dates or meeting marks a statement changed
 *   (`life_run_dirty`); the meeting writers refresh the marked members in their own transaction
 *   (`refreshLifeRunsIn`), other writers' marks are refreshed by the next evaluation (`lifeRunsReady`) or the job.
 * - Rebuilt when not built (`life_run_state` has no row: a new database, the demo seed, a restore of an older
 *   backup), by the job `life.roll` or the daily evaluation.
 */
import type { Db } from '../db/client.js';
import {
  allLifeMonthsOf,
  anyLifeRunDirty,
  clearLifeRuns,
  lockLifeRunBuild,
  lockLifeRunState,
  membersEverAbsent,
  replaceLifeRuns,
  setLifeRunState,
  takeLifeRunDirty,
  type AllLifeMonthRow,
  type MemberRun,
} from '../db/repositories/life-runs.js';
import { lifeRun as judgeLifeRun } from '../domain/member/article9.js';
import { rulesAt } from '../policy/rules.js';
import type { IsoDate } from '../shared/dates.js';

const BATCH = 2000;

/**
 * The run kept for each member from their attendance months (judged by the domain's `lifeRun` up to their latest
 * counted meeting): a member absent without leave nowhere, or with no run and no meeting after `today`, has none.
 */
export function runsFromMonths(rows: readonly AllLifeMonthRow[], today: IsoDate): MemberRun[] {
  const byMember = new Map<number, AllLifeMonthRow[]>();
  for (const r of rows) {
    const list = byMember.get(r.memberId);
    if (list) list.push(r);
    else byMember.set(r.memberId, [r]);
  }
  const rules = rulesAt(today).article9;
  const out: MemberRun[] = [];
  for (const [memberId, list] of byMember) {
    if (!list.some((m) => m.absent > 0)) continue;
    let lastHeld = list[0]!.lastHeld;
    for (const m of list) if (m.lastHeld > lastHeld) lastHeld = m.lastHeld;
    const months = list.map((m) => ({
      month: m.month,
      present: m.present > 0,
      excused: m.excused > 0,
      absent: m.absent > 0,
    }));
    const run = judgeLifeRun(months, lastHeld, rules).months;
    if (run > 0 || lastHeld > today) out.push({ memberId, run, lastHeld });
  }
  return out.sort((a, b) => a.memberId - b.memberId);
}

async function judgeAndReplace(db: Db, ids: readonly number[], today: IsoDate): Promise<number> {
  if (!ids.length) return 0;
  const runs = runsFromMonths(await allLifeMonthsOf(db, ids), today);
  await replaceLifeRuns(db, ids, runs);
  return runs.length;
}

/**
 * Refreshes every marked member inside the caller's transaction (a meeting write: the runs change with the
 * attendance in the same transaction, as the life rollup does). Nothing when the runs are not built.
 */
export async function refreshLifeRunsIn(db: Db, today: IsoDate): Promise<void> {
  if (!(await lockLifeRunState(db, 'share'))) return;
  for (;;) {
    const ids = await takeLifeRunDirty(db, BATCH);
    if (!ids.length) return;
    await judgeAndReplace(db, ids, today);
  }
}

/** Refreshes every marked member, in batches, each in its own transaction. Returns how many. */
export async function refreshLifeRunsAll(db: Db, today: IsoDate): Promise<number> {
  let n = 0;
  for (;;) {
    if (!(await anyLifeRunDirty(db))) return n;
    const done = await db.transaction(async (tx) => {
      if (!(await lockLifeRunState(tx, 'share'))) return 0;
      const ids = await takeLifeRunDirty(tx, BATCH);
      await judgeAndReplace(tx, ids, today);
      return ids.length;
    });
    if (!done) return n;
    n += done;
  }
}

/**
 * Recomputes every run in one transaction: the members absent without leave at some meeting, in batches of
 * 2,000, their months read and judged. Refreshers wait for it; a writer's marks made meanwhile stay for the next.
 */
export async function rebuildLifeRuns(db: Db, today: IsoDate): Promise<{ members: number; runs: number }> {
  return db.transaction(async (tx) => {
    await lockLifeRunBuild(tx);
    await clearLifeRuns(tx);
    let members = 0;
    let runs = 0;
    for (let after = 0; ;) {
      const ids = await membersEverAbsent(tx, after, BATCH);
      if (!ids.length) break;
      members += ids.length;
      runs += await judgeAndReplace(tx, ids, today);
      after = ids[ids.length - 1]!;
    }
    await setLifeRunState(tx, today);
    return { members, runs };
  });
}

/** Whether the runs can answer (refreshing the marked members first). */
export async function lifeRunsReady(db: Db, today: IsoDate): Promise<boolean> {
  if (!(await lockLifeRunState(db, null))) return false;
  await refreshLifeRunsAll(db, today);
  return true;
}

/** The jobs' step: rebuilds the runs when they are not built, else refreshes the marked members. */
export async function rollLifeRuns(db: Db, today: IsoDate): Promise<string> {
  if (await lockLifeRunState(db, null)) {
    const n = await refreshLifeRunsAll(db, today);
    return `连续未参加组织生活月数已是最新${n ? `，更新了 ${n} 名党员` : ''}`;
  }
  const r = await rebuildLifeRuns(db, today);
  return `连续未参加组织生活月数已重新计算（${r.members} 名党员，${r.runs} 人有连续记录）`;
}
