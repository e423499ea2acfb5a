/**
 * 民主评议党员 (issue 11 item 5, decision 0023): a year's grades of a branch's members. Probationary members take part
 * but are not graded; 优秀 beyond a third of the members graded is a warning (一般不超过); a 不合格 grade is followed up by
 * a decision people record (限期改正, 劝退, 除名). Pure.
 */
import type { AppraisalRules } from '../../policy/rules.js';
import type { IsoDate } from '../../shared/dates.js';

export const APPRAISAL_GRADES = ['excellent', 'qualified', 'basically_qualified', 'unqualified'] as const;
export type AppraisalGrade = (typeof APPRAISAL_GRADES)[number];
export const GRADE_ZH: Record<AppraisalGrade, string> = {
  excellent: '优秀',
  qualified: '合格',
  basically_qualified: '基本合格',
  unqualified: '不合格',
};

export const FOLLOW_UPS = ['rectify', 'persuade_out', 'strike_off'] as const;
export type AppraisalFollowUp = (typeof FOLLOW_UPS)[number];
export const FOLLOW_UP_ZH: Record<AppraisalFollowUp, string> = {
  rectify: '限期改正',
  persuade_out: '劝退',
  strike_off: '除名',
};

export interface GradeEntry {
  memberId: number;
  grade: AppraisalGrade | null;
  followUp?: AppraisalFollowUp | null | undefined;
}

export interface AppraisalProblem {
  field: string;
  message: string;
}

/**
 * Entries that cannot stand: a probationary member (or anyone not graded by the rules) given a grade, a full member
 * left without one, a follow-up for a grade other than 不合格, the same member twice.
 */
export function appraisalProblems(
  entries: readonly GradeEntry[],
  statusOf: (memberId: number) => string | undefined,
  rules: Pick<AppraisalRules, 'gradedStatuses'>,
): AppraisalProblem[] {
  const out: AppraisalProblem[] = [];
  const seen = new Set<number>();
  entries.forEach((e, i) => {
    const status = statusOf(e.memberId);
    if (seen.has(e.memberId)) out.push({ field: `grades.${i}`, message: '同一党员不能重复评定' });
    seen.add(e.memberId);
    if (status === undefined)
      out.push({ field: `grades.${i}.memberId`, message: '该党员当年不在本组织名册上' });
    else if (!rules.gradedStatuses.includes(status) && e.grade !== null)
      out.push({ field: `grades.${i}.grade`, message: '预备党员参加评议，但不评定等次' });
    else if (rules.gradedStatuses.includes(status) && e.grade === null)
      out.push({ field: `grades.${i}.grade`, message: '请评定等次' });
    if (e.followUp && e.grade !== 'unqualified')
      out.push({ field: `grades.${i}.followUp`, message: '只有评为不合格的党员才作组织处置' });
  });
  return out;
}

/** The count of each grade, and whether 优秀 exceeds the rule's share of those graded (strictly: a third exactly is fine). */
export function gradeSummary(
  grades: readonly (AppraisalGrade | null)[],
  rules: Pick<AppraisalRules, 'excellentShare'>,
): { graded: number; counts: Record<AppraisalGrade, number>; excellentOverShare: boolean } {
  const counts: Record<AppraisalGrade, number> = {
    excellent: 0,
    qualified: 0,
    basically_qualified: 0,
    unqualified: 0,
  };
  let graded = 0;
  for (const g of grades)
    if (g) {
      counts[g]++;
      graded++;
    }
  const [n, d] = rules.excellentShare;
  return { graded, counts, excellentOverShare: d * counts.excellent > n * graded };
}

/**
 * What a result still asks of the branch (decision 0030, sources.md §2.3 结果运用): 基本合格 → 指出差距、帮助改进
 * (`help_improve`, done by a heart talk with a committee member on or after the appraisal); 不合格 → 组织处置 decided
 * by people (`disposal_due` until one is recorded); 限期改正 whose term has run out, with no later year's grade
 * (`rectify_ended`: the branch judges whether the member changed — 仍无转变的劝退); 劝退 or 除名 decided but not yet
 * entered as a status decision (`decision_due`). To-dos only: nothing here changes a member. Nothing for a member no
 * longer on any roster.
 */
export type AppraisalToDo = 'help_improve' | 'disposal_due' | 'rectify_ended' | 'decision_due';
export const TODO_ZH: Record<AppraisalToDo, string> = {
  help_improve: '基本合格：指出差距、帮助改进（与支委谈心谈话）',
  disposal_due: '不合格：待支部作出组织处置（限期改正、劝退或除名）',
  rectify_ended: '限期改正期满：待支部研究是否转变（仍无转变的劝退）',
  decision_due: '已决定劝退或除名：待办理党籍处置',
};

export interface FollowUpFacts {
  grade: AppraisalGrade | null;
  followUp: AppraisalFollowUp | null;
  followUpUntil: IsoDate | null;
  talkedOn: IsoDate | null;
  decidedOn: IsoDate | null;
  laterGrade: AppraisalGrade | null;
  onRoster: boolean;
}

export function appraisalToDo(f: FollowUpFacts, today: IsoDate): AppraisalToDo | null {
  if (!f.onRoster) return null;
  if (f.grade === 'basically_qualified') return f.talkedOn || f.laterGrade ? null : 'help_improve';
  if (f.grade !== 'unqualified') return null;
  if (!f.followUp) return f.laterGrade ? null : 'disposal_due';
  if (f.followUp === 'rectify')
    return f.followUpUntil && f.followUpUntil < today && !f.laterGrade ? 'rectify_ended' : null;
  return f.decidedOn ? null : 'decision_due';
}

/** A follow-up as entered: 限期改正 needs its last day (after the day decided); the others have none. */
export function followUpProblems(
  f: { followUp: AppraisalFollowUp; on: IsoDate; until: IsoDate | null },
  appraisedOn: IsoDate,
  today: IsoDate,
): AppraisalProblem[] {
  const out: AppraisalProblem[] = [];
  if (f.on < appraisedOn) out.push({ field: 'on', message: '组织处置不能早于评议' });
  if (f.on > today) out.push({ field: 'on', message: '决定日期不能晚于今天' });
  if (f.followUp === 'rectify') {
    if (!f.until) out.push({ field: 'until', message: '限期改正须写明期限' });
    else if (f.until <= f.on) out.push({ field: 'until', message: '改正期限应晚于决定日期' });
  } else if (f.until) out.push({ field: 'until', message: '只有限期改正才有期限' });
  return out;
}
