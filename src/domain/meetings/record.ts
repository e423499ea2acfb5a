/**
 * Pure rules of a meeting record (decision 0015): when it may have been held, who is expected at it, and the
 * attendance to write from what the person entered.
 */
import type { AttendanceStatus, CommitteePost, MeetingKind, MemberStatus } from '../../shared/codes.js';
import type { IsoDate } from '../../shared/dates.js';

export interface MeetingProblem {
  code: 'MEETING_DATE_INVALID' | 'MEETING_ATTENDEE_INVALID';
  field: string;
  message: string;
}

/** A meeting is recorded after it was held, on a day its org existed. */
export function checkMeetingDate(
  heldOn: IsoDate,
  today: IsoDate,
  orgExisted: boolean,
): MeetingProblem | null {
  if (heldOn > today)
    return {
      code: 'MEETING_DATE_INVALID',
      field: 'heldOn',
      message: '会议日期不能晚于今天：请在会议召开后再记录',
    };
  if (!orgExisted)
    return {
      code: 'MEETING_DATE_INVALID',
      field: 'heldOn',
      message: '该党组织在会议日期当天尚未成立或已撤销，不能记录当天的会议',
    };
  return null;
}

export interface Person {
  memberId: number;
  name: string;
  memberStatus: MemberStatus;
  post: CommitteePost | null;
  onOwnRoster: boolean;
}

/**
 * Who is expected at a meeting of these kinds: a committee meeting alone — the committee (the post holders that
 * day); a party group's meeting alone (党小组会, with its group named) — the group's members on the roster that day
 * (decision 0018); any other meeting (also one that is a committee or group meeting as well) — the org's roster
 * that day and its committee.
 */
export function expectedAttendees<P extends Person>(
  kinds: readonly MeetingKind[],
  people: readonly P[],
  groupMembers: ReadonlySet<number> | null = null,
): P[] {
  const only = (k: MeetingKind) => kinds.length > 0 && kinds.every((x) => x === k);
  if (only('committee_meeting')) return people.filter((p) => p.post !== null);
  if (groupMembers && only('group_meeting'))
    return people.filter((p) => p.onOwnRoster && groupMembers.has(p.memberId));
  return people.filter((p) => p.onOwnRoster || p.post !== null);
}

export interface AttendanceEntry {
  memberId: number;
  status: AttendanceStatus;
  reason: string | null;
}

/**
 * The attendance to write: one row for each person expected — as entered, else as recorded before (an edit that
 * does not touch attendance), else present (the form and the ledgers list only the exceptions). Someone entered who
 * is not expected (not on the roster or the committee that day) is refused, naming them where the names are known.
 */
export function resolveAttendance(
  expected: readonly Pick<Person, 'memberId' | 'name'>[],
  entered: readonly AttendanceEntry[] | null | undefined,
  before: readonly AttendanceEntry[] = [],
): { rows: AttendanceEntry[] } | { problem: MeetingProblem } {
  const known = new Set(expected.map((p) => p.memberId));
  const strangers = (entered ?? []).filter((e) => !known.has(e.memberId));
  if (strangers.length)
    return {
      problem: {
        code: 'MEETING_ATTENDEE_INVALID',
        field: 'attendance',
        message: `出席名单中有 ${strangers.length} 人会议当天不在本组织名册（或班子）上（党员编号 ${strangers
          .slice(0, 5)
          .map((s) => s.memberId)
          .join('、')}${strangers.length > 5 ? ' 等' : ''}），请刷新名单后重新记录`,
      },
    };
  const given = new Map((entered ?? []).map((e) => [e.memberId, e]));
  const prior = new Map(before.map((e) => [e.memberId, e]));
  return {
    rows: expected.map((p) => {
      const e = given.get(p.memberId) ?? prior.get(p.memberId);
      if (!e) return { memberId: p.memberId, status: 'present', reason: null };
      return {
        memberId: p.memberId,
        status: e.status,
        reason: e.status === 'present' ? null : (e.reason ?? null),
      };
    }),
  };
}
