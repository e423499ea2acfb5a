import { describe, expect, it } from 'vitest';
import {
  checkGroupCreated,
  checkGroupDissolved,
  checkJoin,
  planMembership,
} from '../../src/domain/meetings/groups.js';
import { expectedAttendees, type Person } from '../../src/domain/meetings/record.js';

const branch = { foundedOn: '2010-03-01', dissolvedOn: null, owesBranchLife: true };

describe('party groups (decision 0018)', () => {
  it('a group is set up in a branch that existed that day, not in the future, not in a committee', () => {
    expect(checkGroupCreated('2010-03-01', '2026-11-22', branch)).toBeNull();
    expect(checkGroupCreated('2010-02-28', '2026-11-22', branch)?.field).toBe('createdOn');
    expect(checkGroupCreated('2026-11-23', '2026-11-22', branch)?.field).toBe('createdOn');
    expect(checkGroupCreated('2026-11-22', '2026-11-22', branch)).toBeNull();
    expect(
      checkGroupCreated('2020-01-01', '2026-11-22', { ...branch, dissolvedOn: '2020-01-01' })?.field,
    ).toBe('createdOn');
    expect(checkGroupCreated('2020-01-01', '2026-11-22', { ...branch, owesBranchLife: false })?.field).toBe(
      'orgCode',
    );
  });

  it('a group is dissolved after it was set up and after its latest member joined', () => {
    const g = { createdOn: '2026-01-10', dissolvedOn: null };
    expect(checkGroupDissolved(g, '2026-01-10', '2026-11-22', null)).not.toBeNull();
    expect(checkGroupDissolved(g, '2026-01-11', '2026-11-22', null)).toBeNull();
    expect(checkGroupDissolved(g, '2026-05-01', '2026-11-22', '2026-05-01')).not.toBeNull();
    expect(checkGroupDissolved(g, '2026-05-02', '2026-11-22', '2026-05-01')).toBeNull();
    expect(checkGroupDissolved(g, '2026-11-23', '2026-11-22', null)).not.toBeNull();
    expect(
      checkGroupDissolved({ ...g, dissolvedOn: '2026-03-01' }, '2026-05-01', '2026-11-22', null),
    ).not.toBeNull();
  });

  it('joining needs the group to exist that day and every member on the roster', () => {
    const g = { createdOn: '2026-01-10', dissolvedOn: '2026-06-01' };
    expect(checkJoin(g, '2026-01-10', '2026-11-22', [])).toBeNull();
    expect(checkJoin(g, '2026-01-09', '2026-11-22', [])?.field).toBe('on');
    expect(checkJoin(g, '2026-05-31', '2026-11-22', [])).toBeNull();
    expect(checkJoin(g, '2026-06-01', '2026-11-22', [])?.field).toBe('on');
    expect(checkJoin(g, '2026-03-01', '2026-11-22', [7, 8])?.message).toContain('2 名党员');
  });

  it('a member is in at most one group: joining another ends the first that day; history is not rewritten', () => {
    expect(planMembership(1, 5, '2026-03-01', null)).toEqual([
      { op: 'open', memberId: 1, groupId: 5, on: '2026-03-01' },
    ]);
    const open = { id: 9, memberId: 1, groupId: 4, validFrom: '2026-01-10', validTo: null };
    expect(planMembership(1, 5, '2026-03-01', open)).toEqual([
      { op: 'end', id: 9, on: '2026-03-01' },
      { op: 'open', memberId: 1, groupId: 5, on: '2026-03-01' },
    ]);
    // the same group: nothing; the same day it began: corrected
    expect(planMembership(1, 4, '2026-03-01', open)).toEqual([{ op: 'none', memberId: 1 }]);
    expect(planMembership(1, 5, '2026-01-10', open)).toEqual([{ op: 'move', id: 9, groupId: 5 }]);
    // leaving: ended that day, or never was when it began that day
    expect(planMembership(1, null, '2026-03-01', open)).toEqual([{ op: 'end', id: 9, on: '2026-03-01' }]);
    expect(planMembership(1, null, '2026-01-10', open)).toEqual([{ op: 'delete', id: 9 }]);
    expect(planMembership(1, null, '2026-01-10', null)).toEqual([{ op: 'none', memberId: 1 }]);
    // before the latest began, or before a closed one ended: refused
    expect(planMembership(1, 5, '2026-01-09', open)).toMatchObject({ code: 'PARTY_GROUP_INVALID' });
    const closed = { ...open, validTo: '2026-04-01' };
    expect(planMembership(1, 5, '2026-03-31', closed)).toMatchObject({ code: 'PARTY_GROUP_INVALID' });
    expect(planMembership(1, 5, '2026-04-01', closed)).toEqual([
      { op: 'open', memberId: 1, groupId: 5, on: '2026-04-01' },
    ]);
  });

  it('a group meeting alone expects the group’s members on the roster; combined with another kind, the roster', () => {
    const p = (memberId: number, extra: Partial<Person> = {}): Person => ({
      memberId,
      name: `党员${memberId}`,
      memberStatus: 'full',
      post: null,
      onOwnRoster: true,
      ...extra,
    });
    const people = [
      p(1, { post: 'secretary' }),
      p(2),
      p(3),
      p(4, { onOwnRoster: false, post: 'committee_member' }),
    ];
    const group = new Set([2, 3, 4]);
    expect(expectedAttendees(['group_meeting'], people, group).map((x) => x.memberId)).toEqual([2, 3]);
    expect(expectedAttendees(['group_meeting', 'theme_day'], people, group).map((x) => x.memberId)).toEqual([
      1, 2, 3, 4,
    ]);
    // no group named: the roster, as before
    expect(expectedAttendees(['group_meeting'], people).map((x) => x.memberId)).toEqual([1, 2, 3, 4]);
    expect(expectedAttendees(['committee_meeting'], people, group).map((x) => x.memberId)).toEqual([1, 4]);
  });
});
