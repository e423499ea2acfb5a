import { describe, expect, it } from 'vitest';
import { earliestConfirmation, nextStatus, TRANSITIONS } from '../../src/domain/member/lifecycle.js';
import { rulesAt } from '../../src/policy/rules.js';
import { MEMBER_STATUSES, type MemberStatus } from '../../src/shared/codes.js';
import { MEMBER_EVENT_KINDS, type MemberEventKind } from '../../src/shared/schemas.js';

// Columns: the status the member is in. Cells: the status after the event, or null when the event is refused.
const STATUSES: MemberStatus[] = [
  'probationary',
  'full',
  'suspended',
  'transferred_out',
  'removed',
  'revoked',
  'deceased',
];
const TABLE: Record<MemberEventKind, (MemberStatus | null)[]> = {
  //            probationary    full               suspended  transferred_out removed revoked deceased
  confirm: ['full', null, null, null, null, null, null],
  move: ['probationary', 'full', null, null, null, null, null],
  transfer_out: ['transferred_out', 'transferred_out', null, null, null, null, null],
  suspend: [null, 'suspended', null, null, null, null, null],
  reinstate: [null, null, 'full', null, null, null, null],
  remove: ['removed', 'removed', 'removed', null, null, null, null],
  revoke: ['revoked', null, null, null, null, null, null],
  decease: ['deceased', 'deceased', 'deceased', null, null, null, null],
};

const cases = (Object.keys(TABLE) as MemberEventKind[]).flatMap((kind) =>
  STATUSES.map((from, i) => [kind, from, TABLE[kind][i]!] as const),
);

describe('nextStatus — the full transition table', () => {
  it('the table covers every event kind and every status', () => {
    expect(Object.keys(TABLE).sort()).toEqual(MEMBER_EVENT_KINDS.map((k) => k.code).sort());
    expect([...STATUSES].sort()).toEqual(MEMBER_STATUSES.map((s) => s.code).sort());
    expect(Object.keys(TRANSITIONS).sort()).toEqual(Object.keys(TABLE).sort());
    expect(cases).toHaveLength(8 * 7);
  });

  it.each(cases)('%s from %s → %s', (kind, from, to) => {
    expect(nextStatus(kind, from)).toBe(to);
  });

  it.each(['transferred_out', 'removed', 'revoked', 'deceased'] as MemberStatus[])(
    '%s is terminal: no event applies',
    (s) => {
      for (const kind of Object.keys(TABLE) as MemberEventKind[]) expect(nextStatus(kind, s)).toBeNull();
    },
  );
});

describe('probation', () => {
  it('the probationary period is 1 year (党章第七条: 预备期为一年)', () => {
    expect(rulesAt('2026-11-22').probationYears).toBe(1);
    expect(earliestConfirmation('2025-06-01')).toBe('2026-06-01');
    expect(earliestConfirmation('2024-02-29')).toBe('2025-02-28');
  });
});
