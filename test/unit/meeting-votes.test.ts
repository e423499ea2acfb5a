import { describe, expect, it } from 'vitest';
import { judgeVote, voteCountsProblem } from '../../src/domain/meetings/votes.js';
import { rulesAt } from '../../src/policy/rules.js';

const rules = rulesAt('2026-06-01').votes;
const v = (yes: number, no = 0, abstain = 0) => ({ yes, no, abstain });

describe('votes of a general meeting (支部工作条例 第十一条; decision 0018)', () => {
  it('cites the rule and gives probationary members no vote', () => {
    expect(rules.source).toContain('第十一条');
    expect(rules.entitledStatuses).toEqual(['full']);
  });

  it('quorum: more than half of those entitled present — exactly half is not enough', () => {
    // 10 entitled: 5 present is exactly half (invalid), 6 is more than half
    expect(judgeVote(v(5), 10, 5, rules).outcome).toBe('invalid');
    expect(judgeVote(v(6), 10, 6, rules).outcome).toBe('passed');
    // 9 entitled: 4 is less than half, 5 more
    expect(judgeVote(v(4), 9, 4, rules).outcome).toBe('invalid');
    expect(judgeVote(v(5), 9, 5, rules).outcome).toBe('passed');
    expect(judgeVote(v(0), 0, 0, rules).outcome).toBe('invalid');
    expect(judgeVote(v(5), 10, 5, rules).reason).toContain('未超过应到会有表决权党员 10 人的半数');
  });

  it('majority: yes votes more than half of those entitled, not of those present', () => {
    // 10 entitled, 8 present: 5 yes is half of those entitled (rejected) though most of those present
    expect(judgeVote(v(5, 2, 1), 10, 8, rules)).toMatchObject({ outcome: 'rejected' });
    expect(judgeVote(v(6, 1, 1), 10, 8, rules)).toMatchObject({ outcome: 'passed' });
    // 7 entitled: 4 yes passes, 3 does not
    expect(judgeVote(v(4, 0, 0), 7, 4, rules).outcome).toBe('passed');
    expect(judgeVote(v(3, 1, 0), 7, 4, rules).outcome).toBe('rejected');
  });

  it('refuses counts that cannot be true', () => {
    expect(voteCountsProblem(v(3, 2, 1), 6)).toBeNull();
    expect(voteCountsProblem(v(3, 2, 2), 6)).toContain('多于到会有表决权党员 6 人');
    expect(voteCountsProblem(v(-1), 6)).toContain('非负整数');
  });
});
