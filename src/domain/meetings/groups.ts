/**
 * Pure rules of party groups (党小组, issue 11 item 2, decision 0018): which orgs may have them, when a group may be
 * set up, dissolved or joined, and how a member's move from one group to another is written as dated periods.
 */
import type { IsoDate } from '../../shared/dates.js';

export interface GroupProblem {
  code: 'PARTY_GROUP_INVALID';
  field: string;
  message: string;
}

const problem = (field: string, message: string): GroupProblem => ({
  code: 'PARTY_GROUP_INVALID',
  field,
  message,
});

/** A group is set up on a day the branch existed, not in the future. */
export function checkGroupCreated(
  createdOn: IsoDate,
  today: IsoDate,
  org: { foundedOn: IsoDate | null; dissolvedOn: IsoDate | null; owesBranchLife: boolean },
): GroupProblem | null {
  if (!org.owesBranchLife)
    return problem('orgCode', '只有党支部（含联合、临时党支部）和党总支可以设立党小组');
  if (createdOn > today) return problem('createdOn', '成立日期不能晚于今天');
  if (org.foundedOn && createdOn < org.foundedOn)
    return problem('createdOn', '党小组的成立日期不能早于所在党组织的成立日期');
  if (org.dissolvedOn && createdOn >= org.dissolvedOn)
    return problem('createdOn', '所在党组织已撤销，不能再设立党小组');
  return null;
}

/** A group is dissolved after the day it was set up and after every membership began, not in the future. */
export function checkGroupDissolved(
  group: { createdOn: IsoDate; dissolvedOn: IsoDate | null },
  on: IsoDate,
  today: IsoDate,
  latestJoin: IsoDate | null,
): GroupProblem | null {
  if (group.dissolvedOn) return problem('dissolvedOn', '该党小组已撤销');
  if (on > today) return problem('dissolvedOn', '撤销日期不能晚于今天');
  if (on <= group.createdOn) return problem('dissolvedOn', '撤销日期须晚于党小组的成立日期');
  if (latestJoin && on <= latestJoin)
    return problem('dissolvedOn', `撤销日期须晚于最近一名成员编入的日期（${latestJoin}）`);
  return null;
}

/** A member's latest membership of a group (by its first day), as stored. */
export interface LatestMembership {
  id: number;
  memberId: number;
  groupId: number;
  validFrom: IsoDate;
  validTo: IsoDate | null;
}

/** What to write for one member joining (or leaving) a group on a day. */
export type MembershipStep =
  | { op: 'none'; memberId: number }
  | { op: 'end'; id: number; on: IsoDate }
  /** a membership left on the day it began: it never was */
  | { op: 'delete'; id: number }
  | { op: 'move'; id: number; groupId: number }
  | { op: 'open'; memberId: number; groupId: number; on: IsoDate };

/**
 * The periods to write when `memberId` joins `groupId` on `on` (or leaves its group, `groupId` null), given the
 * member's latest membership: an open membership of another group ends that day (a member belongs to at most one
 * group at a time), or — begun that very day — is corrected to the new group; joining the group one is already in
 * changes nothing. History is not rewritten: a change dated before the latest membership began, or before it
 * ended, is refused.
 */
export function planMembership(
  memberId: number,
  groupId: number | null,
  on: IsoDate,
  latest: LatestMembership | null,
): MembershipStep[] | GroupProblem {
  if (latest && latest.validFrom > on)
    return problem(
      'on',
      `党员（编号 ${memberId}）自 ${latest.validFrom} 起已编入党小组，调整日期不能早于该日期`,
    );
  if (latest && latest.validTo !== null && latest.validTo > on)
    return problem(
      'on',
      `党员（编号 ${memberId}）在 ${latest.validTo} 前仍在原党小组，调整日期不能早于该日期`,
    );
  const open = latest && latest.validTo === null ? latest : null;
  if (groupId === null) {
    if (!open) return [{ op: 'none', memberId }];
    return [open.validFrom === on ? { op: 'delete', id: open.id } : { op: 'end', id: open.id, on }];
  }
  if (open?.groupId === groupId) return [{ op: 'none', memberId }];
  if (open && open.validFrom === on) return [{ op: 'move', id: open.id, groupId }];
  return [...(open ? [{ op: 'end' as const, id: open.id, on }] : []), { op: 'open', memberId, groupId, on }];
}

/** Joining a group on a day: the group existed that day and the member was on the branch's roster. */
export function checkJoin(
  group: { createdOn: IsoDate; dissolvedOn: IsoDate | null },
  on: IsoDate,
  today: IsoDate,
  notOnRoster: readonly number[],
): GroupProblem | null {
  if (on > today) return problem('on', '日期不能晚于今天');
  if (on < group.createdOn) return problem('on', '日期不能早于党小组的成立日期');
  if (group.dissolvedOn && on >= group.dissolvedOn) return problem('on', '该党小组已撤销');
  if (notOnRoster.length)
    return problem(
      'memberIds',
      `有 ${notOnRoster.length} 名党员当天不在本支部名册上（党员编号 ${notOnRoster.slice(0, 5).join('、')}${
        notOnRoster.length > 5 ? ' 等' : ''
      }），不能编入党小组`,
    );
  return null;
}
