/**
 * Judging a recruitment case (发展党员, decision 0025): each step by the rule set in force on its own date
 * (`policy/recruitment.ts`), the case's status, and what is due next with its deadline. Pure: the service hands in
 * the steps recorded so far, the applicant's birth date, the committees above the branch and how many of the named
 * mentors or sponsors were full members that day.
 */
import {
  RECRUITMENT_2014,
  stepLabel,
  stepRule,
  type RecruitmentRules,
  type StepKind,
} from '../../policy/recruitment.js';
import { addMonths, addYears, fullYears, parts, type IsoDate } from '../../shared/dates.js';
import type { OrgKind, Sector } from '../../shared/codes.js';

export type VoteBallot = 'secret' | 'show_of_hands';
/** a vote: passed / failed (judged, never typed); political review: passed / failed; approvals */
export type StepOutcome = 'passed' | 'failed' | 'approved' | 'not_approved';

export interface StepVote {
  /** full members of the branch that day (有表决权的正式党员) */
  entitled: number;
  /** voters present */
  present: number;
  yes: number;
  no: number;
  abstain: number;
  /** written opinions handed in before the meeting by entitled members who could not come (第二十二条) */
  writtenYes: number;
  writtenNo: number;
  ballot: VoteBallot;
}

export interface StepData {
  /** the committee a step is filed with or approved by */
  orgCode?: string | null;
  /** mentors (培养联系人) or sponsors (入党介绍人) */
  memberIds?: readonly number[];
  /** of `memberIds`, how many were full members on the step's date (the service counts) */
  fullMembers?: number;
  vote?: StepVote;
  /** political review: passed / failed; approvals: approved / not_approved; confirmation vote: the decision */
  outcome?: StepOutcome | null;
  /** training */
  days?: number | null;
  hours?: number | null;
  /** the confirmation vote's decision: confirm on time, extend the probation, cancel it */
  decision?: 'confirm' | 'extend' | 'cancel' | null;
  /** an extension decided by the confirmation vote */
  extendMonths?: number | null;
  /** why an approval took more than the normal time (特殊情况) */
  cause?: string | null;
  note?: string | null;
}

export interface RecordedStep {
  kind: StepKind;
  on: IsoDate;
  data: StepData;
}

export interface CommitteeFacts {
  code: string;
  name: string;
  kind: OrgKind;
  sector: Sector;
}

export interface CaseFacts {
  birthDate: IsoDate | null;
  /** the steps recorded so far, in date order (ties: recording order) */
  steps: readonly RecordedStep[];
  /** the orgs above the case's branch, nearest first */
  above: readonly CommitteeFacts[];
}

export interface StepProblem {
  code: 'RECRUITMENT_STEP_REFUSED';
  /** the rule broken, a short key: too_early, order, quorum, approver … */
  rule: string;
  /** Chinese, with the rule and its source */
  message: string;
}

export interface StepWarning {
  rule: string;
  message: string;
}

export interface StepJudgement {
  problem: StepProblem | null;
  warnings: StepWarning[];
  /** a vote's outcome by the rules of its date: the yes votes and written yes opinions over half of those entitled */
  outcome?: 'passed' | 'failed';
}

export type CaseStatus =
  'applicant' | 'activist' | 'candidate' | 'probationary' | 'full' | 'cancelled' | 'closed';

const refuse = (rule: string, message: string): StepJudgement => ({
  problem: { code: 'RECRUITMENT_STEP_REFUSED', rule, message },
  warnings: [],
});

/** more than num/den of whole, in integers */
const moreThan = (n: number, [num, den]: readonly [number, number], whole: number) => den * n > num * whole;

/** Mondays to Fridays in [from, to) (statutory holidays and their make-up days are not known to the platform). */
export function workingDaysBetween(from: IsoDate, to: IsoDate): number {
  const [y, m, d] = parts(from);
  const [y2, m2, d2] = parts(to);
  const a = Date.UTC(y, m - 1, d);
  const b = Date.UTC(y2, m2 - 1, d2);
  let n = 0;
  for (let t = a; t < b; t += 86_400_000) {
    const wd = new Date(t).getUTCDay();
    if (wd !== 0 && wd !== 6) n++;
  }
  return n;
}

const last = (steps: readonly RecordedStep[], kind: StepKind) => {
  for (let i = steps.length - 1; i >= 0; i--) if (steps[i]!.kind === kind) return steps[i]!;
  return null;
};

/** The steps of the running confirmation round: those after the last confirmation approval that decided an extension. */
function confirmationRound(steps: readonly RecordedStep[]) {
  let start = 0;
  steps.forEach((s, i) => {
    if (s.kind === 'confirmation_approval' && s.data.outcome === 'approved') start = i + 1;
  });
  return steps.slice(start);
}

/** The probation's end: a year from the general meeting's vote, plus an approved extension. */
export function probationEnd(
  steps: readonly RecordedStep[],
  rules: RecruitmentRules = RECRUITMENT_2014,
): IsoDate | null {
  const joined = joinedOn(steps);
  if (!joined) return null;
  let end = addYears(joined, rules.probationYears.value);
  for (const [i, s] of steps.entries()) {
    if (s.kind !== 'confirmation_approval' || s.data.outcome !== 'approved') continue;
    const vote = lastBefore(steps, i, 'confirmation_vote');
    if (vote?.data.decision === 'extend' && vote.data.extendMonths)
      end = addMonths(end, vote.data.extendMonths);
  }
  return end;
}

function lastBefore(steps: readonly RecordedStep[], index: number, kind: StepKind) {
  for (let i = index - 1; i >= 0; i--) if (steps[i]!.kind === kind) return steps[i]!;
  return null;
}

/**
 * The day the applicant became a probationary member: the general meeting's vote that the approval approved
 * (党籍 from the general meeting's vote, 党员教育管理工作条例 第二十四条), or null before the approval.
 */
export function joinedOn(steps: readonly RecordedStep[]): IsoDate | null {
  const i = steps.findIndex((s) => s.kind === 'admission_approval' && s.data.outcome === 'approved');
  if (i < 0) return null;
  return lastBefore(steps, i, 'admission_vote')?.on ?? null;
}

/** Where the case stands. */
export function caseStatus(steps: readonly RecordedStep[], closed = false): CaseStatus {
  const decided = steps.filter((s) => s.kind === 'confirmation_approval' && s.data.outcome === 'approved');
  for (const a of decided) {
    const vote = lastBefore(steps, steps.indexOf(a), 'confirmation_vote');
    if (vote?.data.decision === 'confirm') return 'full';
    if (vote?.data.decision === 'cancel') return 'cancelled';
  }
  if (closed) return 'closed';
  if (joinedOn(steps)) return 'probationary';
  if (steps.some((s) => s.kind === 'candidate')) return 'candidate';
  if (steps.some((s) => s.kind === 'activist')) return 'activist';
  return 'applicant';
}

const fmt = (d: IsoDate) => {
  const [y, m, dd] = parts(d);
  return `${y}年${m}月${dd}日`;
};

/**
 * Whether a step of this kind, on this date, with this data may be recorded next in the case: the rules of the set in
 * force on the step's date (`rulesOn`). A broken rule refuses the step with the rule and its source; a deadline
 * passed keeps it with a warning (the step happened; history is what it is).
 */
export function checkStep(
  facts: CaseFacts,
  next: RecordedStep,
  rulesOn: (date: IsoDate) => RecruitmentRules,
  opts: { closed?: boolean } = {},
): StepJudgement {
  const rules = rulesOn(next.on);
  const rule = stepRule(rules, next.kind);
  const label = stepLabel(next.kind);
  if (!rule)
    return refuse(
      'not_in_rules',
      `“${label}”是${rules.zh === RECRUITMENT_2014.zh ? '2026年修订' : '其他版本'}的步骤，${fmt(next.on)}适用的${rules.zh}没有这一步`,
    );
  const steps = facts.steps;
  const status = caseStatus(steps, opts.closed);
  const ended = status === 'full' || status === 'cancelled' || status === 'closed';
  if (ended && !(next.kind === 'archived' && status !== 'closed'))
    return refuse('closed', '该发展党员工作已结束（已转正、已取消预备党员资格或已终止），不能再记录步骤');
  const warnings: StepWarning[] = [];
  // a step later than its prerequisites and not after a recorded step that rests on it (an imported case's earlier
  // steps may be entered afterwards, in their place)
  for (const s of steps) {
    const sr = stepRule(rulesOn(s.on), s.kind);
    if (!rule.repeatable && s.on < next.on && sr?.after.includes(next.kind))
      return refuse(
        'order',
        `“${label}”的日期${fmt(next.on)}晚于已记录的“${stepLabel(s.kind)}”（${fmt(s.on)}）；${label}应在前`,
      );
  }
  // a step already recorded once
  if (!rule.repeatable && last(steps, next.kind))
    return refuse('repeated', `“${label}”已经记录过（${fmt(last(steps, next.kind)!.on)}）`);
  // what must come first
  for (const before of rule.after) {
    const prev = last(steps, before);
    if (!prev)
      return refuse(
        'order',
        `还没有“${stepLabel(before)}”，不能记录“${label}”（${rule.source}规定的程序：${stepLabel(before)}在前）`,
      );
    if (prev.on > next.on)
      return refuse(
        'order',
        `“${label}”的日期${fmt(next.on)}早于“${stepLabel(before)}”（${fmt(prev.on)}）；步骤须按程序先后进行`,
      );
  }
  const kindCheck = checkKind(facts, next, rules, label);
  if (kindCheck.problem) return kindCheck;
  return { ...kindCheck, warnings: [...warnings, ...kindCheck.warnings] };
}

function voteProblem(v: StepVote, rules: RecruitmentRules, label: string): StepJudgement | null {
  const ints = [v.entitled, v.present, v.yes, v.no, v.abstain, v.writtenYes, v.writtenNo];
  if (ints.some((n) => !Number.isInteger(n) || n < 0)) return refuse('vote_counts', '人数和票数须为非负整数');
  if (v.yes + v.no + v.abstain > v.present)
    return refuse(
      'vote_counts',
      `赞成、反对、弃权共 ${v.yes + v.no + v.abstain} 票，多于到会有表决权的党员 ${v.present} 人（预备党员没有表决权）`,
    );
  if (v.present + v.writtenYes + v.writtenNo > v.entitled)
    return refuse(
      'vote_counts',
      `到会 ${v.present} 人加书面意见 ${v.writtenYes + v.writtenNo} 份，多于应到会有表决权的正式党员 ${v.entitled} 人`,
    );
  const src = rules.vote.source;
  if (!moreThan(v.present, rules.vote.value.quorum, v.entitled))
    return refuse(
      'quorum',
      `${label}：到会有表决权的党员 ${v.present} 人，未超过应到会有表决权的 ${v.entitled} 人的半数，不能表决（${src}）`,
    );
  if (rules.ballot.value === 'secret' && v.ballot !== 'secret')
    return refuse('ballot', `${label}须采取无记名投票方式表决（${rules.ballot.source}）`);
  return null;
}

function votePassed(v: StepVote, rules: RecruitmentRules): boolean {
  return moreThan(v.yes + v.writtenYes, rules.vote.value.majority, v.entitled);
}

/** Whether an org may approve recruitment (审批): a committee, not a general branch, not a village or community one. */
export function mayApprove(
  o: Pick<CommitteeFacts, 'kind' | 'sector'>,
  rules: RecruitmentRules = RECRUITMENT_2014,
): boolean {
  if (!rules.approverKinds.value.includes(o.kind)) return false;
  // a village's or a community's own committee (a primary committee of that sector); a township committee whose
  // sector was recorded as 农村 is still the township's
  return !(o.kind === 'primary_committee' && rules.approverExcludedSectors.value.includes(o.sector));
}

/** The committee that approves for a branch: the nearest org above it that may approve. */
export function approverOf(above: readonly CommitteeFacts[], rules: RecruitmentRules = RECRUITMENT_2014) {
  return above.find((o) => mayApprove(o, rules)) ?? null;
}

const COMMITTEE_KINDS: readonly OrgKind[] = [
  'local_committee',
  'township_committee',
  'working_committee',
  'primary_committee',
];

function orgProblem(
  facts: CaseFacts,
  next: RecordedStep,
  rules: RecruitmentRules,
  role: 'higher_committee' | 'approver',
  label: string,
): StepJudgement | null {
  const code = next.data.orgCode;
  if (!code) return refuse('approver', `请填写${role === 'approver' ? '审批' : '备案'}的上级党委`);
  const o = facts.above.find((a) => a.code === code);
  if (!o) return refuse('approver', `党组织 ${code} 不是该支部的上级党委，不能办理“${label}”`);
  if (role === 'higher_committee') {
    if (!COMMITTEE_KINDS.includes(o.kind))
      return refuse(
        'approver',
        `${o.name}不是党委（工委），“${label}”应报上级党委（${rules.approverKinds.source}）`,
      );
    return null;
  }
  if (!mayApprove(o, rules)) {
    const right = approverOf(facts.above, rules);
    const why = !rules.approverKinds.value.includes(o.kind)
      ? rules.approverKinds.source
      : rules.approverExcludedSectors.source;
    return refuse(
      'approver',
      `${o.name}没有审批发展党员的权限${right ? `，应由${right.name}办理` : ''}（${why}）`,
    );
  }
  return null;
}

function checkKind(
  facts: CaseFacts,
  next: RecordedStep,
  rules: RecruitmentRules,
  label: string,
): StepJudgement {
  const steps = facts.steps;
  const d = next.data;
  const ok = (warnings: StepWarning[] = []): StepJudgement => ({ problem: null, warnings });
  const rule = stepRule(rules, next.kind)!;
  if (rule.org) {
    const p = orgProblem(facts, next, rules, rule.org, label);
    if (p) return p;
  }
  switch (next.kind) {
    case 'apply': {
      if (!facts.birthDate) return ok();
      const age = fullYears(facts.birthDate, next.on);
      if (age < rules.minAge.value)
        return refuse(
          'min_age',
          `申请人${fmt(next.on)}未满${rules.minAge.value}周岁（${age}岁），不能递交入党申请书（${rules.minAge.source}）`,
        );
      return ok();
    }
    case 'talk': {
      const applied = last(steps, 'apply')!;
      const due = addMonths(applied.on, rules.talkWithinMonths.value);
      if (next.on > due)
        return ok([
          {
            rule: 'talk_late',
            message: `谈话晚于期限${fmt(due)}（收到申请书后${rules.talkWithinMonths.value}个月内，${rules.talkWithinMonths.source}）`,
          },
        ]);
      return ok();
    }
    case 'mentors':
    case 'sponsors': {
      const ids = d.memberIds ?? [];
      const [min, max] =
        next.kind === 'mentors' ? rules.mentors.value : [rules.sponsors.value, rules.sponsors.value];
      const src = next.kind === 'mentors' ? rules.mentors.source : rules.sponsors.source;
      const who = next.kind === 'mentors' ? '培养联系人' : '入党介绍人';
      const want = min === max ? `${min}名` : `${min}至${max}名`;
      if (new Set(ids).size !== ids.length) return refuse('people', `${who}有重复`);
      if (ids.length < min || ids.length > max)
        return refuse('people', `${who}应为${want}正式党员，现填写${ids.length}名（${src}）`);
      if ((d.fullMembers ?? 0) < ids.length)
        return refuse(
          'people',
          `${who}须是正式党员：所填${ids.length}人中${fmt(next.on)}为正式党员的只有${d.fullMembers ?? 0}人（${src}）`,
        );
      return ok();
    }
    case 'review': {
      if (last(steps, 'candidate'))
        return refuse('order', '已确定为发展对象，入党积极分子阶段的考察不再记录');
      return ok(reviewWarning(steps, next.on, rules));
    }
    case 'candidate_notice':
      return ok();
    case 'candidate': {
      const activist = last(steps, 'activist')!;
      const earliest = addYears(activist.on, rules.activistMinYears.value);
      if (next.on < earliest)
        return refuse(
          'too_early',
          `确定为入党积极分子（${fmt(activist.on)}）未满${rules.activistMinYears.value}年，最早${fmt(earliest)}可确定为发展对象（${rules.activistMinYears.source}）`,
        );
      const days = rules.noticeWorkingDays.value;
      if (days !== null) {
        const notice = last(steps, 'candidate_notice')!;
        const n = workingDaysBetween(notice.on, next.on);
        if (n < days)
          return refuse(
            'notice',
            `公示自${fmt(notice.on)}起到${fmt(next.on)}只有${n}个工作日，不少于${days}个工作日后才能确定发展对象（${rules.noticeWorkingDays.source}）`,
          );
      }
      return ok(reviewWarning(steps, next.on, rules));
    }
    case 'political_review':
      if (d.outcome !== 'passed' && d.outcome !== 'failed')
        return refuse('outcome', '请填写政治审查结论（合格或不合格）');
      return ok();
    case 'training': {
      const t = rules.training.value;
      const days = d.days ?? 0;
      const hours = d.hours ?? 0;
      if (days < t.days && hours < t.hours)
        return refuse(
          'training',
          `集中培训${days}天、${hours}学时，不足${t.days}天或${t.hours}学时（${rules.training.source}）`,
        );
      return ok();
    }
    case 'committee_review': {
      const review = last(steps, 'political_review')!;
      if (review.data.outcome !== 'passed')
        return refuse(
          'political_review',
          `政治审查不合格的不能发展（${'《中国共产党发展党员工作细则》（中办发〔2014〕34号） 第十六条'}）`,
        );
      return ok();
    }
    case 'admission_vote': {
      const prev = last(steps, 'admission_vote');
      if (prev && prev.data.outcome === 'passed')
        return refuse('repeated', `支部大会已于${fmt(prev.on)}通过接收`);
      if (!d.vote) return refuse('vote', '请填写表决情况');
      const p = voteProblem(d.vote, rules, '接收预备党员');
      if (p) return p;
      const w: StepWarning[] = [];
      const outcome = votePassed(d.vote, rules) ? ('passed' as const) : ('failed' as const);
      const within = rules.voteWithinMonthsOfPreReview.value;
      if (within !== null) {
        const pre = last(steps, 'pre_review')!;
        const due = addMonths(pre.on, within);
        if (next.on > due)
          w.push({
            rule: 'vote_late',
            message: `支部大会晚于预审后${within}个月（${fmt(due)}）（${rules.voteWithinMonthsOfPreReview.source}）`,
          });
      }
      return { ...ok(w), outcome };
    }
    case 'higher_talk': {
      const vote = last(steps, 'admission_vote')!;
      if (vote.data.outcome !== 'passed') return refuse('order', '支部大会尚未通过接收，不能进行审批前谈话');
      return ok();
    }
    case 'admission_approval':
    case 'confirmation_approval': {
      const voteKind = next.kind === 'admission_approval' ? 'admission_vote' : 'confirmation_vote';
      const vote = last(steps, voteKind)!;
      if (vote.data.outcome === 'failed') return refuse('order', '支部大会表决未通过，没有可审批的决议');
      if (next.kind === 'confirmation_approval' && !pendingDecision(confirmationRound(steps)))
        return refuse('order', '本轮没有待审批的支部大会转正决议');
      if (d.outcome !== 'approved' && d.outcome !== 'not_approved')
        return refuse('outcome', '请填写审批结果（批准或不批准）');
      const m = rules.approvalMonths.value;
      const normalDue = addMonths(vote.on, m.normal);
      const maxDue = addMonths(vote.on, m.max);
      if (next.on > maxDue)
        return refuse(
          'approval_late',
          `支部大会（${fmt(vote.on)}）后已超过${m.max}个月，不能再审批，应重新履行程序（${rules.approvalMonths.source}）`,
        );
      if (next.on > normalDue && !d.cause?.trim())
        return refuse(
          'approval_cause',
          `支部大会（${fmt(vote.on)}）后已超过${m.normal}个月，须写明延长审批时间的特殊情况（${rules.approvalMonths.source}）`,
        );
      return ok(
        next.on > normalDue
          ? [{ rule: 'approval_extended', message: `审批超过${m.normal}个月（特殊情况：${d.cause}）` }]
          : [],
      );
    }
    case 'oath': {
      const within = rules.oathWithinMonths.value;
      if (within === null) return ok();
      const approval = last(steps, 'admission_approval')!;
      const due = addMonths(approval.on, within);
      return ok(
        next.on > due
          ? [
              {
                rule: 'oath_late',
                message: `入党宣誓晚于批准后${within}个月（${fmt(due)}）（${rules.oathWithinMonths.source}）`,
              },
            ]
          : [],
      );
    }
    case 'assigned':
    case 'admission_filed':
    case 'probation_review':
      return joinedOn(steps) ? ok() : refuse('order', '上级党委尚未批准接收为预备党员');
    case 'confirmation_request': {
      if (!joinedOn(steps)) return refuse('order', '上级党委尚未批准接收为预备党员');
      const round = confirmationRound(steps);
      const prior = steps.some((s) => s.kind === 'confirmation_request');
      if (round.some((s) => s.kind === 'confirmation_request'))
        return refuse('repeated', '本轮已提出转正申请');
      if (prior && !extendedLast(steps)) return refuse('repeated', '已提出过转正申请');
      return ok();
    }
    case 'confirmation_vote': {
      if (!joinedOn(steps)) return refuse('order', '上级党委尚未批准接收为预备党员');
      const round = confirmationRound(steps);
      if (!round.some((s) => s.kind === 'confirmation_request')) return refuse('order', '本轮还没有转正申请');
      const pending = pendingDecision(round);
      if (pending) return refuse('repeated', `本轮支部大会已于${fmt(pending.on)}作出决议，待上级党委审批`);
      const end = probationEnd(steps, rules)!;
      if (next.on < end)
        return refuse(
          'too_early',
          `预备期至${fmt(addDaysBack(end))}止，${fmt(end)}起才能讨论转正（${rules.probationYears.source}）`,
        );
      if (!d.vote) return refuse('vote', '请填写表决情况');
      const p = voteProblem(d.vote, rules, '讨论转正');
      if (p) return p;
      if (d.decision !== 'confirm' && d.decision !== 'extend' && d.decision !== 'cancel')
        return refuse('outcome', '请选择支部大会的决议：按期转正、延长预备期或取消预备党员资格');
      if (d.decision === 'extend') {
        const e = rules.extension.value;
        if (extensionsApproved(steps) >= e.times)
          return refuse('extension', `预备期只能延长${e.times}次（${rules.extension.source}）`);
        const months = d.extendMonths ?? 0;
        if (!Number.isInteger(months) || months < e.minMonths || months > e.maxMonths)
          return refuse(
            'extension',
            `延长预备期${months}个月：不能少于${e.minMonths}个月，最长不超过${e.maxMonths}个月（${rules.extension.source}）`,
          );
      }
      return { ...ok(), outcome: votePassed(d.vote, rules) ? 'passed' : 'failed' };
    }
    case 'archived': {
      const approved = [...steps]
        .reverse()
        .find((s) => s.kind === 'confirmation_approval' && s.data.outcome === 'approved');
      if (!approved) return refuse('order', '上级党委尚未审批转正');
      return ok();
    }
    default:
      return ok();
  }
}

const addDaysBack = (d: IsoDate) => {
  const [y, m, dd] = parts(d);
  const t = new Date(Date.UTC(y, m - 1, dd - 1));
  return `${t.getUTCFullYear()}-${String(t.getUTCMonth() + 1).padStart(2, '0')}-${String(t.getUTCDate()).padStart(2, '0')}`;
};

/** The decision of the round's general meeting still waiting for the approval (not failed, no approval after it). */
function pendingDecision(round: readonly RecordedStep[]): RecordedStep | null {
  for (let i = round.length - 1; i >= 0; i--) {
    const s = round[i]!;
    if (s.kind === 'confirmation_approval') return null;
    if (s.kind === 'confirmation_vote') return s.data.outcome === 'failed' ? null : s;
  }
  return null;
}

function extensionsApproved(steps: readonly RecordedStep[]): number {
  let n = 0;
  steps.forEach((s, i) => {
    if (
      s.kind === 'confirmation_approval' &&
      s.data.outcome === 'approved' &&
      lastBefore(steps, i, 'confirmation_vote')?.data.decision === 'extend'
    )
      n++;
  });
  return n;
}

function extendedLast(steps: readonly RecordedStep[]): boolean {
  const i = steps
    .map((s) => s.kind === 'confirmation_approval' && s.data.outcome === 'approved')
    .lastIndexOf(true);
  return i >= 0 && lastBefore(steps, i, 'confirmation_vote')?.data.decision === 'extend';
}

function reviewWarning(steps: readonly RecordedStep[], on: IsoDate, rules: RecruitmentRules): StepWarning[] {
  const activist = last(steps, 'activist');
  if (!activist) return [];
  // every half year from the designation: the longest gap between reviews up to `on`
  let from = activist.on;
  for (const s of steps) {
    if (s.kind !== 'review') continue;
    const due = addMonths(from, rules.reviewEveryMonths.value);
    if (s.on > due)
      return [
        {
          rule: 'review_gap',
          message: `${fmt(from)}后的考察晚于${fmt(due)}（${rules.reviewEveryMonths.source}）`,
        },
      ];
    from = s.on;
  }
  const due = addMonths(from, rules.reviewEveryMonths.value);
  return on > due
    ? [
        {
          rule: 'review_gap',
          message: `${fmt(from)}后到${fmt(on)}没有考察记录，应不晚于${fmt(due)}（${rules.reviewEveryMonths.source}）`,
        },
      ]
    : [];
}

/** One thing the case waits for: the step, from when it may be taken, and by when (null: no deadline). */
export interface NextStep {
  kind: StepKind;
  earliest: IsoDate | null;
  due: IsoDate | null;
  /** the rule the deadline rests on */
  source: string | null;
}

/**
 * What the case waits for as of `today`: the first steps of the procedure not yet taken whose prerequisites are,
 * each with the earliest date (a minimum interval) and the deadline (of the rule set in force on the date the
 * deadline is counted from; the 2026 overlay's own deadlines by the set in force on `today`).
 */
export function nextSteps(
  steps: readonly RecordedStep[],
  rulesOn: (date: IsoDate) => RecruitmentRules,
  today: IsoDate,
  closed = false,
): NextStep[] {
  const status = caseStatus(steps, closed);
  if (status === 'full' || status === 'cancelled' || status === 'closed') {
    if (status === 'full' && !last(steps, 'archived'))
      return [{ kind: 'archived', earliest: null, due: null, source: null }];
    return [];
  }
  if (!steps.length) return [{ kind: 'apply', earliest: null, due: null, source: null }];
  const rulesToday = rulesOn(today);
  const out: NextStep[] = [];
  const has = (k: StepKind) => !!last(steps, k);
  const at = (k: StepKind) => last(steps, k)!.on;
  const push = (kind: StepKind, earliest: IsoDate | null, due: IsoDate | null, source: string | null) =>
    out.push({ kind, earliest, due, source });
  if (!has('talk')) {
    const r = rulesOn(at('apply'));
    push('talk', null, addMonths(at('apply'), r.talkWithinMonths.value), r.talkWithinMonths.source);
    return out;
  }
  if (!has('activist')) {
    push('activist', null, null, null);
    return out;
  }
  if (!has('candidate')) {
    if (!has('activist_filed')) push('activist_filed', null, null, null);
    if (!has('mentors')) push('mentors', null, null, null);
    const lastReview = [...steps].reverse().find((s) => s.kind === 'review' || s.kind === 'activist')!;
    const r = rulesOn(lastReview.on);
    push('review', null, addMonths(lastReview.on, r.reviewEveryMonths.value), r.reviewEveryMonths.source);
    const ra = rulesOn(at('activist'));
    if (rulesToday.noticeWorkingDays.value !== null && !has('candidate_notice'))
      push('candidate_notice', null, null, null);
    push('candidate', addYears(at('activist'), ra.activistMinYears.value), null, ra.activistMinYears.source);
    return out;
  }
  if (!has('committee_review')) {
    for (const k of ['candidate_filed', 'sponsors', 'political_review', 'training'] as const)
      if (!has(k)) push(k, null, null, null);
    if (out.length === 0) push('committee_review', null, null, null);
    return out;
  }
  if (!has('pre_review')) return [{ kind: 'pre_review', earliest: null, due: null, source: null }];
  if (!has('application_form'))
    return [{ kind: 'application_form', earliest: null, due: null, source: null }];
  const vote = last(steps, 'admission_vote');
  if (!vote || vote.data.outcome !== 'passed') {
    const within = rulesToday.voteWithinMonthsOfPreReview.value;
    push(
      'admission_vote',
      null,
      within !== null ? addMonths(at('pre_review'), within) : null,
      within !== null ? rulesToday.voteWithinMonthsOfPreReview.source : null,
    );
    return out;
  }
  const rv = rulesOn(vote.on);
  if (!joinedOn(steps)) {
    if (!has('higher_talk'))
      push('higher_talk', null, addMonths(vote.on, rv.approvalMonths.value.normal), rv.approvalMonths.source);
    push(
      'admission_approval',
      null,
      addMonths(vote.on, rv.approvalMonths.value.normal),
      rv.approvalMonths.source,
    );
    return out;
  }
  if (!has('admission_filed')) push('admission_filed', null, null, null);
  if (!has('assigned')) push('assigned', null, null, null);
  if (!has('oath')) {
    const within = rulesToday.oathWithinMonths.value;
    push(
      'oath',
      null,
      within !== null ? addMonths(at('admission_approval'), within) : null,
      within !== null ? rulesToday.oathWithinMonths.source : null,
    );
  }
  const end = probationEnd(steps, rv)!;
  const round = confirmationRound(steps);
  const roundVote = pendingDecision(round);
  if (!round.some((s) => s.kind === 'confirmation_request'))
    push('confirmation_request', null, end, rv.probationYears.source);
  else if (!roundVote) push('confirmation_vote', end, end, rv.probationYears.source);
  else {
    const r = rulesOn(roundVote.on);
    push(
      'confirmation_approval',
      null,
      addMonths(roundVote.on, r.approvalMonths.value.normal),
      r.approvalMonths.source,
    );
  }
  return out;
}

/**
 * The earliest deadline of what the case waits for on any day from `on` on (decision 0050), or null when nothing it
 * waits for has one: `nextSteps` depends on the day only through the rule set in force that day (the 2026 overlay's
 * own deadlines), so the next steps as of `on` and as of each later switch date of the rule set (`switches`) are
 * every judgement the case can get until a step, its status or the rule-set history changes — the earliest of their
 * deadlines is a lower bound of the deadlines any later day's judgement shows. Undefined when a step is dated after
 * `on` (the case cannot be judged ahead: it is judged live).
 */
export function earliestDue(
  steps: readonly RecordedStep[],
  rulesOn: (date: IsoDate) => RecruitmentRules,
  on: IsoDate,
  switches: readonly IsoDate[],
  closed: boolean,
): IsoDate | null | undefined {
  if (steps.some((s) => s.on > on)) return undefined;
  let min: IsoDate | null = null;
  for (const day of [on, ...switches.filter((d) => d > on)])
    for (const n of nextSteps(steps, rulesOn, day, closed))
      if (n.due !== null && (min === null || n.due < min)) min = n.due;
  return min;
}
