/**
 * Issue 8, history integrity (decision 0008): a corrected join or confirmation date re-dates the member's periods
 * even after later changes (moves), so the roster of a past date agrees with the record; a correction that
 * contradicts a later recorded change is refused. The first case is the defect the issue names.
 */
import { expect, it } from 'vitest';
import { describeDb, type DbHarness } from '../helpers/db.js';
import { member, smallCounty } from '../helpers/factory.js';
import { listMembers, recordMemberEvent, updateMember } from '../../src/services/members.js';
import { getLiveStats, getStats } from '../../src/services/stats.js';
import { MemberListQuerySchema } from '../../src/shared/schemas.js';

async function periods(h: DbHarness, memberId: number) {
  return h.db.query<{ org: string; status: string; from: string; to: string | null }>(
    `SELECT o.code AS org, p.status, p.valid_from AS "from", p.valid_to AS "to"
       FROM member_period p JOIN org o ON o.id = p.org_id WHERE p.member_id = $1 ORDER BY p.valid_from`,
    [memberId],
  );
}

/** The member's status on the roster of `code` as of a date, or null when not on it. */
async function statusAsOf(h: DbHarness, code: string, asOf: string, name: string) {
  const page = await listMembers(h.ctx(), code, MemberListQuerySchema.parse({ asOf }));
  return page.items.find((i) => i.name === name)?.status ?? null;
}

async function aggregatesMatch(h: DbHarness) {
  for (const code of ['C', 'T1', 'V11', 'V12'])
    expect({ ...(await getStats(h.ctx(), code)), source: 'live' }).toEqual(await getLiveStats(h.ctx(), code));
}

/** 张三 entered full in 甲村 (joined 2004-07-01, confirmed 2006-07-01), moved to 乙村 on 2020-03-01. */
async function moved(h: DbHarness) {
  await smallCounty(h.ctx());
  const m = await member(h.ctx(), 'V11', '张三', { joinedOn: '2004-07-01', confirmedOn: '2006-07-01' });
  await recordMemberEvent(h.ctx(), m.id, { kind: 'move', effectiveOn: '2020-03-01', orgCode: 'V12' });
  return m;
}

describeDb('corrected dates after later changes', (h) => {
  it('a confirmation date corrected after a move re-dates the boundary: the past roster says confirmed', async () => {
    const m = await moved(h);
    expect(await statusAsOf(h, 'V11', '2005-12-01', '张三')).toBe('probationary');
    const after = await updateMember(h.ctx(), m.id, { confirmedOn: '2005-07-01' });
    expect(after.confirmedOn).toBe('2005-07-01');
    expect(await statusAsOf(h, 'V11', '2005-12-01', '张三')).toBe('full');
    expect(await statusAsOf(h, 'C', '2005-12-01', '张三')).toBe('full');
    expect(await periods(h, m.id)).toEqual([
      { org: 'V11', status: 'probationary', from: '2004-07-01', to: '2005-07-01' },
      { org: 'V11', status: 'full', from: '2005-07-01', to: '2020-03-01' },
      { org: 'V12', status: 'full', from: '2020-03-01', to: null },
    ]);
    expect(await statusAsOf(h, 'V11', '2005-06-30', '张三')).toBe('probationary');
    await aggregatesMatch(h);
  });

  it('a confirmation date moved later after a move is probationary until then, across the move', async () => {
    const m = await moved(h);
    await updateMember(h.ctx(), m.id, { confirmedOn: '2007-01-01' });
    expect(await statusAsOf(h, 'V11', '2006-12-01', '张三')).toBe('probationary');
    expect(await statusAsOf(h, 'V11', '2007-01-01', '张三')).toBe('full');
    expect(await periods(h, m.id)).toEqual([
      { org: 'V11', status: 'probationary', from: '2004-07-01', to: '2007-01-01' },
      { org: 'V11', status: 'full', from: '2007-01-01', to: '2020-03-01' },
      { org: 'V12', status: 'full', from: '2020-03-01', to: null },
    ]);
  });

  it('join-date corrections after a move: earlier, later, and refused past the move', async () => {
    const m = await moved(h);
    await updateMember(h.ctx(), m.id, { joinedOn: '2003-07-01', confirmedOn: '2005-07-01' });
    expect(await statusAsOf(h, 'V11', '2003-12-01', '张三')).toBe('probationary');
    expect(await statusAsOf(h, 'V11', '2005-12-01', '张三')).toBe('full');
    expect(await statusAsOf(h, 'V11', '2003-06-30', '张三')).toBeNull();
    const later = await updateMember(h.ctx(), m.id, { joinedOn: '2004-03-01' });
    expect(later.joinedOn).toBe('2004-03-01');
    expect(await statusAsOf(h, 'V11', '2004-01-01', '张三')).toBeNull();
    expect(await statusAsOf(h, 'V11', '2004-03-01', '张三')).toBe('probationary');
    expect(await periods(h, m.id)).toEqual([
      { org: 'V11', status: 'probationary', from: '2004-03-01', to: '2005-07-01' },
      { org: 'V11', status: 'full', from: '2005-07-01', to: '2020-03-01' },
      { org: 'V12', status: 'full', from: '2020-03-01', to: null },
    ]);
    const before = await periods(h, m.id);
    await expect(
      updateMember(h.ctx(), m.id, { joinedOn: '2020-05-01', confirmedOn: '2021-05-01' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await periods(h, m.id)).toEqual(before);
    await aggregatesMatch(h);
  });

  it('a join date corrected with nothing else recorded moves the start of the history', async () => {
    await smallCounty(h.ctx());
    const m = await member(h.ctx(), 'V11', '李四', {
      status: 'probationary',
      joinedOn: '2026-01-01',
      confirmedOn: null,
    });
    await updateMember(h.ctx(), m.id, { joinedOn: '2025-12-01' });
    expect(await periods(h, m.id)).toEqual([
      { org: 'V11', status: 'probationary', from: '2025-12-01', to: null },
    ]);
  });
});
