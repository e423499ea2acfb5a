/**
 * Member lifecycle rules (issue 13 items 3–5, decision 0026), pure: a transfer's status on a date, the letter's
 * validity, the flags of a member away or out of contact, and the checks of a status decision. The numbers come
 * from the rule set in force (`rulesAt(date).lifecycle`, with sources) and the local settings; nothing here
 * changes a status — flags are for the branch, decisions are records a person enters.
 */
import { addMonths, addYears, type IsoDate } from '../../shared/dates.js';
import type { AbsenceFlag, TransferKind, TransferStatus } from '../../shared/lifecycle.js';
import { rulesAt, type DecisionKind } from '../../policy/rules.js';

// ------------------------------------------------------------------------------------------------ transfers

/** The stored facts of a transfer the status is judged from. */
export interface TransferFacts {
  kind: TransferKind;
  state: 'pending' | 'accepted' | 'returned' | 'in_transit';
  issuedOn: IsoDate;
  validUntil: IsoDate;
  decidedOn: IsoDate | null;
}

/** The last valid day of a letter issued on `issuedOn` valid `months` months (the setting in force that day). */
export function letterValidUntil(issuedOn: IsoDate, months: number): IsoDate {
  return addMonths(issuedOn, months);
}

/**
 * A transfer's status on a date, or null when it had not been started yet: accepted or returned from the day it
 * was decided; before that pending (within Jiceng, or an incoming letter not yet recorded) or in transit (an
 * outgoing letter awaiting its receipt), and overdue once the day is past the letter's last valid day.
 */
export function transferStatusOn(t: TransferFacts, on: IsoDate): TransferStatus | null {
  if (t.issuedOn > on) return null;
  if (t.decidedOn !== null && t.decidedOn <= on && (t.state === 'accepted' || t.state === 'returned'))
    return t.state;
  if (on > t.validUntil) return 'overdue';
  return t.kind === 'outgoing' ? 'in_transit' : 'pending';
}

/** A refused step: the error code and the Chinese message (with the rule's source where there is one). */
export interface LifecycleProblem {
  code: 'VALIDATION_FAILED' | 'EVENT_DATE_INVALID' | 'MEMBER_STATUS_TRANSITION' | 'CONFLICT';
  field: string;
  message: string;
}

/** The date a transfer is decided (accepted, returned, receipt): not before it was issued, not after today. */
export function checkDecidedOn(issuedOn: IsoDate, on: IsoDate, today: IsoDate): LifecycleProblem | null {
  if (on > today) return { code: 'EVENT_DATE_INVALID', field: 'on', message: '日期不能晚于今天' };
  if (on < issuedOn)
    return {
      code: 'EVENT_DATE_INVALID',
      field: 'on',
      message: `日期不能早于介绍信开具日期（${issuedOn}）`,
    };
  return null;
}

// ------------------------------------------------------------------------------------------------ flags

/** A flow-out registration as the flags read it. */
export interface MobileFacts {
  since: IsoDate;
  endedOn: IsoDate | null;
  fixedPlace: boolean;
  abroad: boolean;
  /** the latest contact recorded on or before the day (null: none) */
  lastContactOn: IsoDate | null;
}

/**
 * The flags of a member away on a day:
 * - `must_transfer`: at a fixed place in China for at least 6 months (第二十五条: 6个月以上并且地点相对固定, from
 *   the day the 6 months are full);
 * - `contact_missed`: abroad and more than half a year since the last contact (or since leaving, with none):
 *   每半年至少联系1次.
 */
export function mobileFlags(r: MobileFacts, on: IsoDate): AbsenceFlag[] {
  if (r.since > on || (r.endedOn !== null && r.endedOn <= on)) return [];
  const rules = rulesAt(on).lifecycle;
  const out: AbsenceFlag[] = [];
  if (r.fixedPlace && !r.abroad && addMonths(r.since, rules.mustTransferMonths) <= on)
    out.push('must_transfer');
  if (r.abroad) {
    const last = r.lastContactOn && r.lastContactOn > r.since ? r.lastContactOn : r.since;
    if (on > addMonths(last, rules.abroadContactMonths)) out.push('contact_missed');
  }
  return out;
}

/** A lost-contact record and the member's status as the flags read them. */
export interface LostFacts {
  since: IsoDate;
  foundOn: IsoDate | null;
  /** the day the member's suspension (停止党籍) began, when suspended on the day */
  suspendedSince: IsoDate | null;
}

/**
 * The flags of a member out of contact on a day: `lost_notice` from the local setting's months on (an early
 * notice); `suspension_due` from 6 full months on (第二十四条), while not suspended; `strike_off_due` once suspended
 * for 2 full years (第二十四条). Flags only: the decision is the branch's.
 */
export function lostFlags(r: LostFacts, on: IsoDate, noticeMonths: number): AbsenceFlag[] {
  if (r.since > on || (r.foundOn !== null && r.foundOn <= on)) return [];
  const rules = rulesAt(on).lifecycle;
  if (r.suspendedSince !== null && r.suspendedSince <= on)
    return addYears(r.suspendedSince, rules.suspendedStrikeOffYears) <= on ? ['strike_off_due'] : [];
  if (addMonths(r.since, rules.lostContactSuspendMonths) <= on) return ['suspension_due'];
  if (addMonths(r.since, noticeMonths) <= on) return ['lost_notice'];
  return [];
}

/** Whole months from one day to another (for "失联 N 个月"). */
export function fullMonths(from: IsoDate, to: IsoDate): number {
  const [fy, fm] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))];
  const [ty, tm] = [Number(to.slice(0, 4)), Number(to.slice(5, 7))];
  let n = (ty - fy) * 12 + (tm - fm);
  if (addMonths(from, n) > to) n -= 1;
  return Math.max(0, n);
}

// ------------------------------------------------------------------------------------------------ decisions

/** An org as a decision names it: its id and materialised path ('/1/5/17/'). */
export interface DecisionOrg {
  id: number;
  path: string;
}

export interface DecisionFacts {
  kind: DecisionKind;
  grounds: string | null;
  memberStatus: string;
  /** the member's org today */
  memberOrg: DecisionOrg;
  decidingOrg: DecisionOrg;
  decidingBody: 'general_meeting' | 'committee' | 'higher_committee';
  decidedOn: IsoDate;
  approvingOrg: DecisionOrg | null;
  approvedOn: IsoDate | null;
  /** the open lost-contact record's start, if any */
  lostSince: IsoDate | null;
  /** the day the current suspension began, if suspended */
  suspendedSince: IsoDate | null;
  /** the member's last recorded change (a status takes effect no earlier) */
  lastChange: IsoDate | null;
  today: IsoDate;
}

const BODY_ZH = { general_meeting: '支部党员大会', committee: '支部委员会', higher_committee: '上级党委' };

/**
 * Checks a status decision against the rules in force on the day it was taken, and gives the day it takes effect
 * (the approval's, when it needs one; else the decision's). A decision that needs approval and has none yet is
 * pending (`effectiveOn: null`, decision 0034): the member's status changes only when it is approved, and the
 * approval is checked again then. A decision breaking a rule is refused with the rule's source in the message.
 */
export function checkDecision(
  d: DecisionFacts,
): { problem: LifecycleProblem; effectiveOn?: undefined } | { problem: null; effectiveOn: IsoDate | null } {
  const rule = rulesAt(d.decidedOn).lifecycle.decisions[d.kind];
  const bad = (code: LifecycleProblem['code'], field: string, message: string) => ({
    problem: { code, field, message },
  });
  if (!rule.from.includes(d.memberStatus))
    return bad('MEMBER_STATUS_TRANSITION', 'kind', '该党员当前状态不能作此决定');
  if (d.decidedOn > d.today) return bad('EVENT_DATE_INVALID', 'decidedOn', '决定日期不能晚于今天');
  if (!d.memberOrg.path.startsWith(d.decidingOrg.path))
    return bad(
      'VALIDATION_FAILED',
      'decidingOrgCode',
      '作出决定的党组织应是该党员所在的党组织或其上级党组织',
    );
  if (!rule.bodies.includes(d.decidingBody))
    return bad(
      'VALIDATION_FAILED',
      'decidingBody',
      `此项决定不能由${BODY_ZH[d.decidingBody]}作出（依据：${rule.source}）`,
    );
  if (rule.approval === 'none') {
    if (d.approvingOrg || d.approvedOn)
      return bad('VALIDATION_FAILED', 'approvingOrgCode', '此项登记无需上级党组织批准');
  } else {
    const what = rule.approval === 'approve' ? '批准' : '备案';
    if (!d.approvingOrg)
      return bad(
        'VALIDATION_FAILED',
        'approvingOrgCode',
        `请填写${what}的上级党组织（依据：${rule.source}）`,
      );
    if (d.approvingOrg.id === d.decidingOrg.id || !d.decidingOrg.path.startsWith(d.approvingOrg.path))
      return bad('VALIDATION_FAILED', 'approvingOrgCode', `${what}的党组织应是作出决定的党组织的上级党组织`);
    if (!d.approvedOn && rule.approval !== 'approve')
      return bad('VALIDATION_FAILED', 'approvedOn', `请填写${what}日期`);
    if (d.approvedOn && d.approvedOn < d.decidedOn)
      return bad('EVENT_DATE_INVALID', 'approvedOn', `${what}日期不能早于决定日期`);
    if (d.approvedOn && d.approvedOn > d.today)
      return bad('EVENT_DATE_INVALID', 'approvedOn', `${what}日期不能晚于今天`);
  }
  const life = rulesAt(d.decidedOn).lifecycle;
  if (d.kind === 'suspend' && d.grounds === 'lost_contact') {
    if (!d.lostSince) return bad('VALIDATION_FAILED', 'grounds', '该党员没有失联登记，请先登记失联');
    const full = addMonths(d.lostSince, life.lostContactSuspendMonths);
    if (d.decidedOn < full)
      return bad(
        'VALIDATION_FAILED',
        'decidedOn',
        `失联满${life.lostContactSuspendMonths}个月（${full}）后才能因失联停止党籍（依据：${rule.source}）`,
      );
  }
  if (d.kind === 'strike_off' && d.grounds === 'lost_contact') {
    if (!d.suspendedSince)
      return bad(
        'VALIDATION_FAILED',
        'grounds',
        '因失联除名的党员应先停止党籍（《党员教育管理工作条例》第二十四条）',
      );
    const full = addYears(d.suspendedSince, life.suspendedStrikeOffYears);
    if (d.decidedOn < full)
      return bad(
        'VALIDATION_FAILED',
        'decidedOn',
        `停止党籍满${life.suspendedStrikeOffYears}年（${full}）后仍无法取得联系的，才能按自行脱党除名（依据：${rule.source}）`,
      );
  }
  // waiting for approval: in force from the approval, checked again then
  if (rule.approval === 'approve' && !d.approvedOn) return { problem: null, effectiveOn: null };
  const effectiveOn = rule.approval === 'approve' ? d.approvedOn! : d.decidedOn;
  if (d.lastChange && effectiveOn < d.lastChange)
    return bad(
      'EVENT_DATE_INVALID',
      'decidedOn',
      `生效日期不能早于该党员上一次变动的日期（${d.lastChange}）`,
    );
  return { problem: null, effectiveOn };
}

/** The member event a decision makes: the lifecycle transition and, for a removal, its kind. */
export function decisionEvent(kind: DecisionKind): {
  event: 'suspend' | 'reinstate' | 'remove' | 'decease';
  removalKind: 'struck_off' | 'withdrawal' | 'persuaded_out' | 'expelled' | null;
} {
  switch (kind) {
    case 'suspend':
      return { event: 'suspend', removalKind: null };
    case 'reinstate':
      return { event: 'reinstate', removalKind: null };
    case 'decease':
      return { event: 'decease', removalKind: null };
    case 'strike_off':
      return { event: 'remove', removalKind: 'struck_off' };
    case 'persuade_out':
      return { event: 'remove', removalKind: 'persuaded_out' };
    case 'withdraw':
      return { event: 'remove', removalKind: 'withdrawal' };
    case 'expel':
      return { event: 'remove', removalKind: 'expelled' };
  }
}
