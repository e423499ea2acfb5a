/**
 * 党章 第九条 for one member (issue 11 item 4, decision 0023): how many consecutive months they have missed
 * organisational life without good reason, how many they have paid no dues, since when, and the flag for the
 * branch — three months an early notice, six 需研究处理. A flag is for people to act on; nothing here changes a
 * member's status (the 支部大会 decides, and its decision is a record a person enters). Pure.
 */
import type { IsoDate } from '../../shared/dates.js';
import type { Article9Rules } from '../../policy/rules.js';
import { monthOfDate, type Month } from '../dues/months.js';

export type Article9Flag = 'three_months' | 'six_months';
/** The grounds of 第九条 the platform can see: organisational life and dues (党所分配的工作 is not recorded). */
export type Article9GroundKind = 'org_life' | 'dues';

/** A member's attendance in one month: what they were marked at the meetings they were expected at. */
export interface LifeMonth {
  month: Month;
  /** present at one meeting or more */
  present: boolean;
  /** excused (请假, with a reason) at one or more */
  excused: boolean;
  /** absent without leave at one or more */
  absent: boolean;
}

export interface Article9Ground {
  ground: Article9GroundKind;
  /** consecutive months up to the as-of date */
  months: number;
  /** the first month of the run (null when it is 0) */
  since: Month | null;
  flag: Article9Flag | null;
}

export function flagFor(months: number, rules: Pick<Article9Rules, 'noticeMonths' | 'examineMonths'>) {
  return months >= rules.examineMonths ? 'six_months' : months >= rules.noticeMonths ? 'three_months' : null;
}

/**
 * How a month counts toward the run of organisational life missed without good reason:
 * - `missed`: expected at a meeting, present at none, absent without leave at one or more;
 * - `breaks`: present at a meeting (took part), or excused at every meeting missed (a good reason: 请假 with its
 *   reason is what the branch accepted) — the run is no longer consecutive;
 * - a month in which the member was expected at no meeting (the branch held none, or they were not on a roster)
 *   is not in the list at all: it neither counts nor breaks, since a member cannot miss what was not held.
 */
export function monthCounts(m: LifeMonth): 'missed' | 'breaks' {
  if (m.present) return 'breaks';
  return m.absent ? 'missed' : 'breaks';
}

/**
 * The run of months of organisational life missed without good reason that reaches the as-of date: counted back
 * from the latest month with a meeting on or before it, over the months with meetings, until one that breaks it.
 */
export function lifeRun(months: readonly LifeMonth[], asOf: IsoDate, rules: Article9Rules): Article9Ground {
  const last = monthOfDate(asOf);
  const sorted = months.filter((m) => m.month <= last).sort((a, b) => (a.month < b.month ? -1 : 1));
  let run = 0;
  let since: Month | null = null;
  for (let i = sorted.length - 1; i >= 0; i--) {
    if (monthCounts(sorted[i]!) === 'breaks') break;
    run++;
    since = sorted[i]!.month;
  }
  return { ground: 'org_life', months: run, since, flag: flagFor(run, rules) };
}

/** The dues ground from a dues judgement's run of months with nothing paid (decision 0020). */
export function duesGround(
  unpaidRun: number,
  unpaidSince: Month | null,
  rules: Pick<Article9Rules, 'noticeMonths' | 'examineMonths'>,
): Article9Ground {
  return { ground: 'dues', months: unpaidRun, since: unpaidSince, flag: flagFor(unpaidRun, rules) };
}

/** The member's flag: the stronger of the grounds' (第九条: any one ground suffices). */
export function article9Flag(grounds: readonly Article9Ground[]): Article9Flag | null {
  if (grounds.some((g) => g.flag === 'six_months')) return 'six_months';
  if (grounds.some((g) => g.flag === 'three_months')) return 'three_months';
  return null;
}
