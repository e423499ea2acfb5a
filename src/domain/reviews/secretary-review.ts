/**
 * 述职评议 of party organisation secretaries (抓基层党建工作述职评议考核, issue 14 item 5, decision 0037), pure rules:
 * the grades 好 / 较好 / 一般 / 差 of the democratic assessment (民主测评), the grade a local rule suggests from a
 * tally, and what follows from a grade — shown as to-dos, never done by the system: the higher committee's talk
 * (约谈) and a rectification list, and for 差 also the question whether to list the org as weak and lax (软弱涣散,
 * official type 2 “党组织书记不胜任现职…”) and a view on adjusting the secretary. People decide each of them.
 *
 * Sources (shared/domain/sources.md §9.1): the rounds run level by level 中央 → 省 → 市 → 县 → 乡镇, each November to
 * the year's end [S86b]; the grades 好、较好、一般、差 [S86]. How a tally becomes a grade, and which grades call for a
 * talk, are local practice: settings (src/policy/settings.ts `review`).
 */
import type { IsoDate } from '../../shared/dates.js';

export const REVIEW_GRADES = ['good', 'fairly_good', 'average', 'poor'] as const;
export type ReviewGrade = (typeof REVIEW_GRADES)[number];

export const REVIEW_GRADE_ZH: Record<ReviewGrade, string> = {
  good: '好',
  fairly_good: '较好',
  average: '一般',
  poor: '差',
};

/** The votes per grade of a democratic assessment. */
export type Tally = Record<ReviewGrade, number>;

export const tallyTotal = (t: Tally): number => REVIEW_GRADES.reduce((n, g) => n + t[g], 0);

/**
 * The grade a tally suggests: the best grade whose votes, with those of the better grades, are more than
 * `majorityPercent` of all votes (at 50: the grade of the median vote). Exactly at the line is not more. Null
 * without votes. Only a suggestion: the committee decides the grade.
 */
export function suggestGrade(t: Tally, majorityPercent: number): ReviewGrade | null {
  const total = tallyTotal(t);
  if (total <= 0) return null;
  let sum = 0;
  for (const g of REVIEW_GRADES) {
    sum += t[g];
    // sum / total > p%  ⇔  sum × 100 > p × total (no rounding)
    if (sum * 100 > majorityPercent * total) return g;
  }
  return 'poor';
}

export type ReviewProblem = { field: string; message: string };

export interface EntryInput {
  report: string;
  tally: Tally | null;
  grade: ReviewGrade | null;
  gradeNote: string;
}

/**
 * What is wrong with a secretary's entry: negative or fractional votes; a grade before the review meeting was held;
 * a grade that departs from the tally's suggestion without a note saying why.
 */
export function entryProblems(
  e: EntryInput,
  round: { heldOn: IsoDate | null },
  majorityPercent: number,
): ReviewProblem[] {
  const out: ReviewProblem[] = [];
  if (e.tally)
    for (const g of REVIEW_GRADES)
      if (!Number.isInteger(e.tally[g]) || e.tally[g] < 0)
        out.push({ field: 'tally', message: `“${REVIEW_GRADE_ZH[g]}”的票数应为不小于0的整数` });
  if (e.grade && !round.heldOn) out.push({ field: 'grade', message: '请先记录评议会议的日期，再评定等次' });
  if (e.grade && !e.report.trim()) out.push({ field: 'report', message: '评定等次前请录入书记的述职报告' });
  const suggested = e.tally && !out.length ? suggestGrade(e.tally, majorityPercent) : null;
  if (e.grade && suggested && e.grade !== suggested && !e.gradeNote.trim())
    out.push({
      field: 'gradeNote',
      message: `评定等次（${REVIEW_GRADE_ZH[e.grade]}）与测评建议（${REVIEW_GRADE_ZH[suggested]}）不同，请说明理由`,
    });
  return out;
}

export type FollowUpKind =
  /** the higher committee talks with the secretary (约谈) */
  | 'talk'
  /** a rectification list (整改清单): the problems pointed out and the items to rectify */
  | 'rectify'
  /** whether to list the org as weak and lax (软弱涣散, type 2 书记不胜任) — the county decides in the screening */
  | 'screen'
  /** a view on adjusting the secretary (调整书记) */
  | 'adjust';

export const FOLLOW_UP_ZH: Record<FollowUpKind, string> = {
  talk: '上级党组织约谈书记',
  rectify: '制定整改清单',
  screen: '研究是否列为软弱涣散党组织（书记不胜任）',
  adjust: '提出书记调整意见',
};

/** The follow-ups a grade calls for under the local setting (一般 and 差, or 差 only, for talk and list). */
export function followUpsOf(grade: ReviewGrade | null, followUpFrom: 'average' | 'poor'): FollowUpKind[] {
  if (grade === 'poor') return ['talk', 'rectify', 'screen', 'adjust'];
  if (grade === 'average' && followUpFrom === 'average') return ['talk', 'rectify'];
  return [];
}

export interface FollowUpFacts {
  grade: ReviewGrade | null;
  talkOn: IsoDate | null;
  rectificationItems: number;
  /** the county's screening confirmed the org weak in the round's year */
  screenedConfirmed: boolean;
  /** people recorded a view on screening (e.g. not to list it, and why) */
  screenOn: IsoDate | null;
  adjustOn: IsoDate | null;
}

export interface FollowUpState {
  kind: FollowUpKind;
  zh: string;
  done: boolean;
}

/** Each follow-up the grade calls for, and whether a person has recorded it done. */
export function followUpStates(f: FollowUpFacts, followUpFrom: 'average' | 'poor'): FollowUpState[] {
  return followUpsOf(f.grade, followUpFrom).map((kind) => ({
    kind,
    zh: FOLLOW_UP_ZH[kind],
    done:
      kind === 'talk'
        ? f.talkOn !== null
        : kind === 'rectify'
          ? f.rectificationItems > 0
          : kind === 'screen'
            ? f.screenedConfirmed || f.screenOn !== null
            : f.adjustOn !== null,
  }));
}

/** The kinds of committee that run a round: the county committee and the committees of townships and streets. */
export const REVIEWING_KINDS = [
  'local_committee',
  'township_committee',
  'working_committee',
  'primary_committee',
] as const;

/**
 * The day whose committee posts say who reports, for a round opened on `today`: as given, within the year or the
 * first quarter after it (rounds run November to the year's end, some into January), and not after today.
 */
export function asOfProblem(year: number, asOf: IsoDate, today: IsoDate): string | null {
  if (asOf < `${year}-01-01` || asOf > `${year + 1}-03-31`)
    return `名单日期应在${year}年内（最迟次年一季度）`;
  if (asOf > today) return '名单日期不能晚于今天';
  return null;
}

/** The review meeting's day: within the year or the first quarter after it, on or after the list's day, not later than today. */
export function heldOnProblem(year: number, heldOn: IsoDate, asOf: IsoDate, today: IsoDate): string | null {
  if (heldOn < `${year}-01-01` || heldOn > `${year + 1}-03-31`)
    return `评议会议日期应在${year}年内（最迟次年一季度）`;
  if (heldOn > today) return '评议会议日期不能晚于今天';
  if (heldOn < asOf) return '评议会议日期不能早于述职名单日期';
  return null;
}
