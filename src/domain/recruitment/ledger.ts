/**
 * A row of the recruitment ledger (decision 0025) judged before it is written: what makes it impossible (rejected
 * with the reason) and which dates break an interval rule of the rule set in force on them (kept with a warning —
 * history is what it is).
 */
import { addMonths, addYears, fullYears, type IsoDate } from '../../shared/dates.js';
import type { RecruitmentRules } from '../../policy/recruitment.js';

export type LedgerStageCode = 'applicant' | 'activist' | 'candidate' | 'probationary';

export interface LedgerDates {
  stage: LedgerStageCode;
  birthDate: IsoDate;
  appliedOn: IsoDate;
  talkOn: IsoDate | null;
  activistOn: IsoDate | null;
  candidateOn: IsoDate | null;
  admittedOn: IsoDate | null;
  approvedOn: IsoDate | null;
}

export interface LedgerIssue {
  /** the column's key */
  field: keyof LedgerDates;
  code: string;
  message: string;
}

const ORDER: { key: keyof LedgerDates; zh: string }[] = [
  { key: 'appliedOn', zh: '申请日期' },
  { key: 'talkOn', zh: '谈话日期' },
  { key: 'activistOn', zh: '确定积极分子日期' },
  { key: 'candidateOn', zh: '确定发展对象日期' },
  { key: 'admittedOn', zh: '接收预备党员日期' },
  { key: 'approvedOn', zh: '审批日期' },
];

const NEEDS: Record<LedgerStageCode, (keyof LedgerDates)[]> = {
  applicant: [],
  activist: ['activistOn'],
  candidate: ['activistOn', 'candidateOn'],
  probationary: ['activistOn', 'candidateOn', 'admittedOn'],
};
const BEYOND: Record<LedgerStageCode, (keyof LedgerDates)[]> = {
  applicant: ['activistOn', 'candidateOn', 'admittedOn', 'approvedOn'],
  activist: ['candidateOn', 'admittedOn', 'approvedOn'],
  candidate: ['admittedOn', 'approvedOn'],
  probationary: [],
};
const STAGE_ZH: Record<LedgerStageCode, string> = {
  applicant: '入党申请人',
  activist: '入党积极分子',
  candidate: '发展对象',
  probationary: '预备党员',
};

/** What makes the row impossible: a date in the future, dates out of order, a missing or extra date, under 18. */
export function ledgerProblems(
  d: LedgerDates,
  today: IsoDate,
  rulesOn: (date: IsoDate) => RecruitmentRules,
): LedgerIssue[] {
  const out: LedgerIssue[] = [];
  for (const o of ORDER) {
    const v = d[o.key] as IsoDate | null;
    if (v && v > today) out.push({ field: o.key, code: 'DATE_IN_FUTURE', message: `${o.zh}${v}晚于今天` });
  }
  for (const k of NEEDS[d.stage]) {
    if (!d[k])
      out.push({
        field: k,
        code: 'REQUIRED',
        message: `当前阶段为${STAGE_ZH[d.stage]}，${ORDER.find((o) => o.key === k)!.zh}不能为空`,
      });
  }
  for (const k of BEYOND[d.stage]) {
    if (d[k])
      out.push({
        field: k,
        code: 'STAGE_MISMATCH',
        message: `当前阶段为${STAGE_ZH[d.stage]}，却填写了${ORDER.find((o) => o.key === k)!.zh}，阶段与日期不符`,
      });
  }
  let prev: { zh: string; v: IsoDate } | null = null;
  for (const o of ORDER) {
    const v = d[o.key] as IsoDate | null;
    if (!v) continue;
    if (prev && v < prev.v)
      out.push({
        field: o.key,
        code: 'DATE_ORDER',
        message: `${o.zh}${v}早于${prev.zh}${prev.v}，日期先后不可能`,
      });
    prev = { zh: o.zh, v };
  }
  const rules = rulesOn(d.appliedOn);
  const age = fullYears(d.birthDate, d.appliedOn);
  if (age < rules.minAge.value)
    out.push({
      field: 'appliedOn',
      code: 'UNDER_AGE',
      message: `申请时未满${rules.minAge.value}周岁（${age}岁）（${rules.minAge.source}）`,
    });
  return out;
}

/** Dates that break an interval rule of the rule set in force on the later date: kept, with a warning. */
export function ledgerWarnings(d: LedgerDates, rulesOn: (date: IsoDate) => RecruitmentRules): LedgerIssue[] {
  const out: LedgerIssue[] = [];
  if (d.talkOn) {
    const r = rulesOn(d.talkOn);
    const due = addMonths(d.appliedOn, r.talkWithinMonths.value);
    if (d.talkOn > due)
      out.push({
        field: 'talkOn',
        code: 'RECRUITMENT_TALK_LATE',
        message: `谈话日期${d.talkOn}晚于收到申请书后${r.talkWithinMonths.value}个月（${due}）（${r.talkWithinMonths.source}）`,
      });
  }
  if (d.activistOn && d.candidateOn) {
    const r = rulesOn(d.candidateOn);
    const earliest = addYears(d.activistOn, r.activistMinYears.value);
    if (d.candidateOn < earliest)
      out.push({
        field: 'candidateOn',
        code: 'RECRUITMENT_TOO_EARLY',
        message: `确定发展对象日期${d.candidateOn}距确定积极分子不满${r.activistMinYears.value}年（应不早于${earliest}）（${r.activistMinYears.source}）`,
      });
  }
  if (d.admittedOn && d.approvedOn) {
    const r = rulesOn(d.approvedOn);
    const due = addMonths(d.admittedOn, r.approvalMonths.value.normal);
    if (d.approvedOn > due)
      out.push({
        field: 'approvedOn',
        code: 'RECRUITMENT_APPROVAL_LATE',
        message: `审批日期${d.approvedOn}晚于支部大会后${r.approvalMonths.value.normal}个月（${due}）（${r.approvalMonths.source}）`,
      });
  }
  return out;
}
