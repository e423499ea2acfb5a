/**
 * Rectification cases (一村一策, issue 14 item 4, decision 0033), pure rules: the local acceptance scheme
 * (验收), a first secretary's term, a case's stage, overdue measures, the follow-up watch after close-out (销号)
 * and relapse. The numbers are local settings (several counties: ≥ 70 of 100 points passes, more than half of
 * the votes dissatisfied fails outright; a year's watch), never national rules.
 */
import { addMonths, addYears, type IsoDate } from '../../shared/dates.js';

export interface AcceptanceScheme {
  /** the score out of 100 at or above which the org passes */
  passScore: number;
  /** more than this percent of the votes dissatisfied fails outright, whatever the score */
  dissatisfiedMaxPercent: number;
}

export interface AcceptanceInput {
  /** the combined score out of 100 (may have one decimal) */
  score: number;
  /** the votes of the democratic assessment (民主测评) */
  voters: number;
  dissatisfied: number;
}

export interface AcceptanceJudgement {
  outcome: 'pass' | 'fail';
  reasons: string[];
}

/**
 * What the scheme says of a result. Only a suggestion: the decision is recorded by people (the county's
 * acceptance group), who may depart from it with a reason.
 */
export function judgeAcceptance(a: AcceptanceInput, s: AcceptanceScheme): AcceptanceJudgement {
  const reasons: string[] = [];
  // dissatisfied / voters > max%  ⇔  dissatisfied × 100 > max × voters (no rounding)
  const tooMany = a.voters > 0 && a.dissatisfied * 100 > s.dissatisfiedMaxPercent * a.voters;
  if (tooMany)
    reasons.push(
      `不满意票${a.dissatisfied}张，占${a.voters}张的${((a.dissatisfied * 100) / a.voters).toFixed(1)}%，超过${s.dissatisfiedMaxPercent}%，直接认定为不合格`,
    );
  if (a.score < s.passScore) reasons.push(`综合得分${a.score}分，低于合格线${s.passScore}分`);
  if (reasons.length) return { outcome: 'fail', reasons };
  return {
    outcome: 'pass',
    reasons: [
      `综合得分${a.score}分，达到合格线${s.passScore}分；不满意票${a.dissatisfied}张，未超过${s.dissatisfiedMaxPercent}%`,
    ],
  };
}

export type AcceptanceProblem = { field: string; message: string };

export function acceptanceProblems(a: AcceptanceInput): AcceptanceProblem[] {
  const out: AcceptanceProblem[] = [];
  if (!(a.score >= 0 && a.score <= 100)) out.push({ field: 'score', message: '综合得分应在0到100分之间' });
  if (Math.round(a.score * 10) !== a.score * 10)
    out.push({ field: 'score', message: '综合得分最多保留一位小数' });
  if (a.dissatisfied > a.voters)
    out.push({ field: 'dissatisfied', message: '不满意票数不能多于参加测评的人数' });
  return out;
}

/**
 * A first secretary's appointment (选派第一书记): a term of one to three years (中组部等《关于做好选派机关优秀干部到
 * 村任第一书记工作的通知》2015). Returns the problem, or null.
 */
export function firstSecretaryTermProblem(from: IsoDate, to: IsoDate): string | null {
  if (to <= from) return '第一书记任期结束日期应晚于开始日期';
  if (to < addYears(from, 1)) return '第一书记任期一般为1至3年：任期不足1年';
  if (to > addYears(from, 3)) return '第一书记任期一般为1至3年：任期超过3年';
  return null;
}

export type CaseStage =
  /** confirmed, no measure planned yet */
  | 'planning'
  /** measures planned, not accepted yet (or the last acceptance failed: 重新整顿) */
  | 'rectifying'
  /** the last acceptance passed, not closed out yet */
  | 'accepted'
  /** closed out (销号), within the follow-up watch */
  | 'watching'
  /** closed out and the watch is over */
  | 'done'
  /** an indicator turned red again during the watch */
  | 'relapsed';

export const CASE_STAGE_ZH: Record<CaseStage, string> = {
  planning: '待制定方案',
  rectifying: '整顿中',
  accepted: '验收合格待销号',
  watching: '已销号·跟踪问效',
  done: '已销号',
  relapsed: '跟踪期内反弹',
};

export interface CaseFacts {
  measures: number;
  /** the decision of the latest acceptance, if any */
  lastDecision: 'passed' | 'failed' | null;
  closedOn: IsoDate | null;
  watchUntil: IsoDate | null;
  relapsedOn: IsoDate | null;
}

export function caseStage(c: CaseFacts, on: IsoDate): CaseStage {
  if (c.relapsedOn && c.relapsedOn <= on) return 'relapsed';
  if (c.closedOn && c.closedOn <= on) return c.watchUntil && on < c.watchUntil ? 'watching' : 'done';
  if (c.lastDecision === 'passed') return 'accepted';
  return c.measures ? 'rectifying' : 'planning';
}

/** The day the follow-up watch ends (exclusive): the close-out date plus the local watch length. */
export function watchEnd(closedOn: IsoDate, months: number): IsoDate {
  return addMonths(closedOn, months);
}

export interface MeasureFacts {
  id: number;
  dueOn: IsoDate;
  doneOn: IsoDate | null;
}

/** A measure is overdue on a day when it is not done by then and its deadline has passed. */
export function isOverdue(m: MeasureFacts, on: IsoDate): boolean {
  return m.dueOn < on && (m.doneOn === null || m.doneOn > on);
}

export interface RedSpell {
  indicator: string;
  /** the day the indicator turned red */
  since: IsoDate;
}

/**
 * Relapse (反弹): the first indicator that turned red during the follow-up watch of a closed-out case — after the
 * close-out day and before the watch ends, (closedOn, watchUntil) — or null. An indicator already red on the
 * close-out day is not a relapse (it was accepted as it was: the people closed the case with it red); only one
 * turning red later within the watch is.
 */
export function relapseOf(closedOn: IsoDate, watchUntil: IsoDate, red: readonly RedSpell[]): RedSpell | null {
  const within = red.filter((r) => r.since > closedOn && r.since < watchUntil);
  within.sort((a, b) => (a.since < b.since ? -1 : a.since > b.since ? 1 : 0));
  return within[0] ?? null;
}

export interface CaseWatch {
  caseId: number;
  closedOn: IsoDate;
  watchUntil: IsoDate;
}

/**
 * The case a red warning is a relapse of: the org's closed case whose follow-up watch (closedOn, watchUntil) holds
 * the day the warning turned red (as `relapseOf`). Amber is not a relapse; a warning red already on the close-out
 * day is not one.
 */
export function relapseWatchOf(
  w: { level: 'amber' | 'red'; since: IsoDate },
  watches: readonly CaseWatch[],
): CaseWatch | null {
  if (w.level !== 'red') return null;
  return watches.find((c) => c.closedOn < w.since && w.since < c.watchUntil) ?? null;
}
