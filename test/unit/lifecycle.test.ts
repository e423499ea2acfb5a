/**
 * Member lifecycle rules at the official numbers' boundaries (decision 0026): the letter's validity and overdue
 * transfers, 6 months at a fixed place (must transfer), contact with members abroad every half year, 6 months out
 * of contact (suspension), 2 years suspended (striking off), and who decides and approves a status change.
 */
import { describe, expect, it } from 'vitest';
import {
  checkDecision,
  decisionEvent,
  fullMonths,
  letterValidUntil,
  lostFlags,
  mobileFlags,
  transferStatusOn,
  type DecisionFacts,
} from '../../src/domain/lifecycle/lifecycle.js';
import { rulesAt } from '../../src/policy/rules.js';
import { DEFAULT_SETTINGS, SETTINGS } from '../../src/policy/settings.js';

describe('transfers', () => {
  const t = {
    kind: 'internal' as const,
    state: 'pending' as const,
    issuedOn: '2026-01-31',
    validUntil: letterValidUntil('2026-01-31', DEFAULT_SETTINGS.transferLetterMonths),
    decidedOn: null,
  };
  it('is valid the default 3 months (the setting), clamped to the month end', () => {
    expect(DEFAULT_SETTINGS.transferLetterMonths).toBe(3);
    expect(t.validUntil).toBe('2026-04-30');
    expect(
      SETTINGS.transferLetterMonths.schema.safeParse(rulesAt('2026-01-01').lifecycle.letterMaxMonths).success,
    ).toBe(true);
    expect(SETTINGS.transferLetterMonths.schema.safeParse(7).success).toBe(false);
  });
  it('is pending until its last valid day and overdue the day after', () => {
    expect(transferStatusOn(t, '2026-01-30')).toBeNull();
    expect(transferStatusOn(t, '2026-01-31')).toBe('pending');
    expect(transferStatusOn(t, '2026-04-30')).toBe('pending');
    expect(transferStatusOn(t, '2026-05-01')).toBe('overdue');
    expect(transferStatusOn({ ...t, kind: 'outgoing', state: 'in_transit' }, '2026-04-30')).toBe(
      'in_transit',
    );
    expect(transferStatusOn({ ...t, kind: 'outgoing', state: 'in_transit' }, '2026-05-01')).toBe('overdue');
  });
  it('is accepted or returned from the day decided, and open as of an earlier day', () => {
    const acc = { ...t, state: 'accepted' as const, decidedOn: '2026-06-01' };
    expect(transferStatusOn(acc, '2026-05-31')).toBe('overdue');
    expect(transferStatusOn(acc, '2026-06-01')).toBe('accepted');
    const ret = { ...t, state: 'returned' as const, decidedOn: '2026-02-01' };
    expect(transferStatusOn(ret, '2026-01-31')).toBe('pending');
    expect(transferStatusOn(ret, '2026-02-01')).toBe('returned');
  });
});

describe('mobile members', () => {
  const r = { since: '2026-01-15', endedOn: null, fixedPlace: true, abroad: false, lastContactOn: null };
  it('must transfer from the day 6 months at a fixed place are full (第二十五条)', () => {
    expect(rulesAt('2026-07-15').lifecycle.mustTransferMonths).toBe(6);
    expect(mobileFlags(r, '2026-07-14')).toEqual([]);
    expect(mobileFlags(r, '2026-07-15')).toEqual(['must_transfer']);
    expect(mobileFlags({ ...r, fixedPlace: false }, '2027-07-15')).toEqual([]);
    expect(mobileFlags({ ...r, endedOn: '2026-07-15' }, '2026-07-15')).toEqual([]);
  });
  it('flags a member abroad not contacted for more than half a year', () => {
    const a = { ...r, fixedPlace: false, abroad: true };
    expect(mobileFlags(a, '2026-07-15')).toEqual([]);
    expect(mobileFlags(a, '2026-07-16')).toEqual(['contact_missed']);
    expect(mobileFlags({ ...a, lastContactOn: '2026-05-01' }, '2026-11-01')).toEqual([]);
    expect(mobileFlags({ ...a, lastContactOn: '2026-05-01' }, '2026-11-02')).toEqual(['contact_missed']);
    // abroad at a fixed place keeps the relation (出国学习研究): no transfer flag
    expect(mobileFlags({ ...a, fixedPlace: true, lastContactOn: '2026-07-01' }, '2026-08-01')).toEqual([]);
  });
});

describe('lost contact', () => {
  const l = { since: '2026-01-31', foundOn: null, suspendedSince: null };
  it('gives an early notice by the setting, and a suspension flag at 6 full months (第二十四条)', () => {
    expect(lostFlags(l, '2026-04-29', 3)).toEqual([]);
    expect(lostFlags(l, '2026-04-30', 3)).toEqual(['lost_notice']);
    expect(lostFlags(l, '2026-07-30', 3)).toEqual(['lost_notice']);
    expect(lostFlags(l, '2026-07-31', 3)).toEqual(['suspension_due']);
    expect(lostFlags({ ...l, foundOn: '2026-07-31' }, '2026-07-31', 3)).toEqual([]);
  });
  it('flags striking off 2 full years after the suspension', () => {
    const s = { ...l, suspendedSince: '2026-08-10' };
    expect(lostFlags(s, '2028-08-09', 3)).toEqual([]);
    expect(lostFlags(s, '2028-08-10', 3)).toEqual(['strike_off_due']);
  });
  it('counts whole months', () => {
    expect(fullMonths('2026-01-31', '2026-02-27')).toBe(0);
    expect(fullMonths('2026-01-31', '2026-02-28')).toBe(1);
    expect(fullMonths('2026-01-15', '2026-07-15')).toBe(6);
  });
});

describe('status decisions', () => {
  const branch = { id: 3, path: '/1/2/3/' };
  const township = { id: 2, path: '/1/2/' };
  const county = { id: 1, path: '/1/' };
  const base: DecisionFacts = {
    kind: 'suspend',
    grounds: 'lost_contact',
    memberStatus: 'full',
    memberOrg: branch,
    decidingOrg: branch,
    decidingBody: 'general_meeting',
    decidedOn: '2026-08-01',
    approvingOrg: township,
    approvedOn: '2026-08-10',
    lostSince: '2026-02-01',
    suspendedSince: null,
    lastChange: '2006-07-01',
    today: '2026-11-22',
  };
  it('suspends for lost contact only after 6 full months, effective on approval', () => {
    expect(checkDecision(base)).toEqual({ problem: null, effectiveOn: '2026-08-10' });
    const early = checkDecision({ ...base, decidedOn: '2026-07-31', approvedOn: '2026-08-01' });
    expect(early.problem?.message).toContain('失联满6个月（2026-08-01）');
    expect(early.problem?.message).toContain('第二十四条');
    expect(checkDecision({ ...base, lostSince: null }).problem?.field).toBe('grounds');
  });
  it('needs an approving org above the deciding one, approving after the decision and not in the future', () => {
    expect(checkDecision({ ...base, approvingOrg: null }).problem?.field).toBe('approvingOrgCode');
    expect(checkDecision({ ...base, approvingOrg: branch }).problem?.field).toBe('approvingOrgCode');
    expect(checkDecision({ ...base, decidingOrg: township, approvingOrg: township }).problem?.field).toBe(
      'approvingOrgCode',
    );
    expect(checkDecision({ ...base, decidingOrg: township, approvingOrg: county }).problem).toBeNull();
    expect(checkDecision({ ...base, approvedOn: '2026-07-31' }).problem?.field).toBe('approvedOn');
    // no approval yet: pending (decision 0034), in force only once approved — the day of the approval
    expect(checkDecision({ ...base, approvedOn: null })).toEqual({ problem: null, effectiveOn: null });
    expect(checkDecision({ ...base, approvedOn: '2026-08-01' })).toEqual({
      problem: null,
      effectiveOn: '2026-08-01',
    });
    // a filing (备案) is not an approval: it has no pending state
    expect(checkDecision({ ...base, kind: 'withdraw', grounds: null, approvedOn: null }).problem?.field).toBe(
      'approvedOn',
    );
    // the 6-month rule still holds for a pending suspension
    expect(checkDecision({ ...base, decidedOn: '2026-07-31', approvedOn: null }).problem?.field).toBe(
      'decidedOn',
    );
    expect(checkDecision({ ...base, approvedOn: '2026-11-23' }).problem?.field).toBe('approvedOn');
    expect(checkDecision({ ...base, decidingOrg: { id: 9, path: '/1/9/' } }).problem?.field).toBe(
      'decidingOrgCode',
    );
  });
  it('strikes off for lost contact only 2 full years after the suspension', () => {
    const s: DecisionFacts = {
      ...base,
      kind: 'strike_off',
      memberStatus: 'suspended',
      suspendedSince: '2024-08-10',
      decidedOn: '2026-08-09',
      approvedOn: '2026-08-20',
    };
    expect(checkDecision(s).problem?.message).toContain('停止党籍满2年（2026-08-10）');
    expect(checkDecision({ ...s, decidedOn: '2026-08-10' }).problem).toBeNull();
    expect(checkDecision({ ...s, decidingBody: 'committee', decidedOn: '2026-08-10' }).problem?.field).toBe(
      'decidingBody',
    );
  });
  it('files a withdrawal (备案), records a death without approval, and refuses a wrong status', () => {
    const w: DecisionFacts = { ...base, kind: 'withdraw', grounds: null };
    expect(checkDecision(w)).toEqual({ problem: null, effectiveOn: '2026-08-01' });
    const d: DecisionFacts = { ...base, kind: 'decease', grounds: null, decidingBody: 'committee' };
    expect(checkDecision(d).problem?.field).toBe('approvingOrgCode');
    expect(checkDecision({ ...d, approvingOrg: null, approvedOn: null })).toEqual({
      problem: null,
      effectiveOn: '2026-08-01',
    });
    expect(checkDecision({ ...base, kind: 'reinstate' }).problem?.code).toBe('MEMBER_STATUS_TRANSITION');
    expect(checkDecision({ ...base, memberStatus: 'probationary' }).problem?.code).toBe(
      'MEMBER_STATUS_TRANSITION',
    );
    expect(checkDecision({ ...base, lastChange: '2026-09-01' }).problem?.code).toBe('EVENT_DATE_INVALID');
  });
  it('maps each decision to the member event it makes', () => {
    expect(decisionEvent('strike_off')).toEqual({ event: 'remove', removalKind: 'struck_off' });
    expect(decisionEvent('persuade_out')).toEqual({ event: 'remove', removalKind: 'persuaded_out' });
    expect(decisionEvent('withdraw')).toEqual({ event: 'remove', removalKind: 'withdrawal' });
    expect(decisionEvent('reinstate')).toEqual({ event: 'reinstate', removalKind: null });
  });
});
