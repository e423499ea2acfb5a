/**
 * 换届 (decision 0023) at the official numbers' boundaries: term lengths (3 and 5 years), warnings at 6, 3 and 1
 * months, overdue the day after the due day, a postponement or advance of at most a year (选举工作条例 第三条), and an
 * election's quorum (more than 4/5 present) and majority (more than half of those present).
 */
import { describe, expect, it } from 'vitest';
import { rulesAt } from '../../src/policy/rules.js';
import { DEFAULT_SETTINGS } from '../../src/policy/settings.js';
import {
  checkTermChange,
  judgeElection,
  termDueOn,
  termStatus,
  type ElectionJudgement,
} from '../../src/domain/org/terms.js';

const rules = rulesAt('2026-11-22');
const w = {
  first: DEFAULT_SETTINGS.termEndingSoonMonths,
  second: DEFAULT_SETTINGS.termSecondWarningMonths,
  last: DEFAULT_SETTINGS.termLastWarningMonths,
};
const term = { electedOn: '2023-12-10', termEndsOn: '2026-12-10', change: null };

describe('term lengths', () => {
  it('3 years for branches and general branches, 5 for committees and village or community orgs', () => {
    expect(rules.termYears('branch', 'state_enterprise')).toBe(3);
    expect(rules.termYears('general_branch', 'school')).toBe(3);
    expect(rules.termYears('branch', 'village')).toBe(5);
    expect(rules.termYears('branch', 'community')).toBe(5);
    expect(rules.termYears('primary_committee', 'school')).toBe(5);
    expect(rules.termYears('temporary_branch', 'other')).toBeNull();
    expect(rules.elections.source).toContain('第三条');
  });
});

describe('term status', () => {
  it('warns at 6, 3 and 1 months before the due day (inclusive), overdue the day after', () => {
    expect(w).toEqual({ first: 6, second: 3, last: 1 });
    expect(termStatus(term, '2026-06-09', w)).toBe('ok');
    expect(termStatus(term, '2026-06-10', w)).toBe('due_6m');
    expect(termStatus(term, '2026-09-09', w)).toBe('due_6m');
    expect(termStatus(term, '2026-09-10', w)).toBe('due_3m');
    expect(termStatus(term, '2026-11-09', w)).toBe('due_3m');
    expect(termStatus(term, '2026-11-10', w)).toBe('due_1m');
    expect(termStatus(term, '2026-12-10', w)).toBe('due_1m');
    expect(termStatus(term, '2026-12-11', w)).toBe('overdue');
    expect(termStatus(null, '2026-12-11', w)).toBe('none');
  });

  it('the warnings follow the local settings, in whatever order they are given', () => {
    expect(termStatus(term, '2025-12-10', { first: 12, second: 3, last: 1 })).toBe('due_6m');
    expect(termStatus(term, '2026-11-09', { first: 1, second: 6, last: 3 })).toBe('due_3m');
  });

  it('an approved postponement moves the due day and shows postponed until it passes; an advance moves it earlier', () => {
    const postponed = { ...term, change: { kind: 'postpone' as const, dueOn: '2027-06-30' } };
    expect(termDueOn(postponed)).toBe('2027-06-30');
    expect(termStatus(postponed, '2026-12-11', w)).toBe('postponed');
    expect(termStatus(postponed, '2027-06-30', w)).toBe('postponed');
    expect(termStatus(postponed, '2027-07-01', w)).toBe('overdue');
    const advanced = { ...term, change: { kind: 'advance' as const, dueOn: '2026-04-30' } };
    expect(termStatus(advanced, '2026-03-31', w)).toBe('due_1m');
    expect(termStatus(advanced, '2026-05-01', w)).toBe('overdue');
  });
});

describe('postponement and advance: at most a year (选举工作条例 第三条)', () => {
  const t = { electedOn: '2023-12-10', termEndsOn: '2026-12-10' };
  const change = (kind: 'postpone' | 'advance', dueOn: string) =>
    checkTermChange(t, { kind, dueOn, approvedOn: '2026-10-01' }, '2026-11-22', rules.elections);
  it('a postponement to exactly a year after the end is allowed, a day more is not', () => {
    expect(rules.elections.maxMoveYears).toBe(1);
    expect(change('postpone', '2027-12-10')).toBeNull();
    expect(change('postpone', '2027-12-11')).toMatchObject({ field: 'dueOn' });
    expect(change('postpone', '2026-12-10')).toMatchObject({ field: 'dueOn' });
  });
  it('an advance to exactly a year before the end is allowed, a day more is not', () => {
    expect(change('advance', '2025-12-10')).toBeNull();
    expect(change('advance', '2025-12-09')).toMatchObject({ field: 'dueOn' });
    expect(change('advance', '2026-12-10')).toMatchObject({ field: 'dueOn' });
  });
  it('approved not after today nor before the term began', () => {
    expect(
      checkTermChange(
        t,
        { kind: 'postpone', dueOn: '2027-03-01', approvedOn: '2026-11-23' },
        '2026-11-22',
        rules.elections,
      ),
    ).toMatchObject({ field: 'approvedOn' });
    expect(
      checkTermChange(
        t,
        { kind: 'postpone', dueOn: '2027-03-01', approvedOn: '2023-12-09' },
        '2026-11-22',
        rules.elections,
      ),
    ).toMatchObject({ field: 'approvedOn' });
  });
});

describe('an election: more than 4/5 present, more than half of those present to be elected', () => {
  const judge = (entitled: number, present: number, votes: number[], posts: (string | null)[] = []) =>
    judgeElection(
      {
        entitled,
        present,
        candidates: votes.map((v, i) => ({ memberId: i + 1, votes: v, post: (posts[i] ?? null) as never })),
      },
      rules.elections,
    );
  it('is invalid at exactly 4/5 present and valid one above', () => {
    expect(rules.elections.quorum).toEqual([4, 5]);
    const at = judge(10, 8, [8]) as ElectionJudgement;
    expect(at.valid).toBe(false);
    expect(at.reason).toContain('4/5');
    expect(at.candidates[0]!.elected).toBe(false);
    expect(at.committee).toEqual([]);
    expect((judge(10, 9, [9]) as ElectionJudgement).valid).toBe(true);
    // 31 entitled: 4/5 is 24.8 — 24 is not enough, 25 is
    expect((judge(31, 24, [24]) as ElectionJudgement).valid).toBe(false);
    expect((judge(31, 25, [25]) as ElectionJudgement).valid).toBe(true);
  });
  it('elects with more than half of those present: exactly half is not enough', () => {
    const j = judge(12, 10, [6, 5, 10], ['secretary', null, 'committee_member']) as ElectionJudgement;
    expect(j.candidates.map((c) => c.elected)).toEqual([true, false, true]);
    expect(j.committee).toEqual([
      { memberId: 1, post: 'secretary' },
      { memberId: 3, post: 'committee_member' },
    ]);
    const odd = judge(10, 9, [5, 4]) as ElectionJudgement;
    expect(odd.candidates.map((c) => c.elected)).toEqual([true, false]);
  });
  it('refuses what cannot be true and a post for someone not elected', () => {
    expect(judge(10, 11, [5])).toHaveProperty('problems');
    expect(judge(10, 9, [10])).toHaveProperty('problems');
    expect(judge(10, 9, [9, 9], ['secretary', 'secretary'])).toHaveProperty('problems');
    expect(judge(10, 9, [])).toHaveProperty('problems');
    const p = judge(10, 9, [4], ['secretary']);
    expect(p).toHaveProperty('problems');
    expect((p as { problems: { message: string }[] }).problems[0]!.message).toContain('未当选');
  });
});
