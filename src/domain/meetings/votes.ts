/**
 * Votes of a general meeting on a resolution (issue 11 item 1, decision 0018): judged by the rule set's quorum and
 * majority. An invalid vote is recorded and marked invalid — never silently accepted; counts that cannot be true
 * (more votes than voters present) are refused as input.
 */
import type { VoteRules } from '../../policy/rules.js';

export type VoteOutcome = 'passed' | 'rejected' | 'invalid';

export interface VoteCounts {
  yes: number;
  no: number;
  abstain: number;
}

export interface VoteJudgement {
  outcome: VoteOutcome;
  /** why, in Chinese, with the rule */
  reason: string;
}

/** more than num/den of whole: num × whole < den × n, in integers */
const moreThan = (n: number, [num, den]: readonly [number, number], whole: number) => den * n > num * whole;

/**
 * The outcome of a vote: invalid without a quorum (more than half of those entitled present; exactly half is not
 * enough), else passed when the yes votes are more than half of those entitled, else rejected.
 */
export function judgeVote(
  v: VoteCounts,
  entitled: number,
  presentVoters: number,
  rules: Pick<VoteRules, 'quorum' | 'majority'>,
): VoteJudgement {
  if (entitled === 0) return { outcome: 'invalid', reason: '会议当天本组织没有有表决权的正式党员，表决无效' };
  if (!moreThan(presentVoters, rules.quorum, entitled))
    return {
      outcome: 'invalid',
      reason: `到会有表决权党员 ${presentVoters} 人，未超过应到会有表决权党员 ${entitled} 人的半数，表决无效`,
    };
  if (moreThan(v.yes, rules.majority, entitled))
    return {
      outcome: 'passed',
      reason: `赞成 ${v.yes} 票，超过应到会有表决权党员 ${entitled} 人的半数，通过`,
    };
  return {
    outcome: 'rejected',
    reason: `赞成 ${v.yes} 票，未超过应到会有表决权党员 ${entitled} 人的半数，未通过`,
  };
}

/** Counts that cannot be true: negative, or more votes cast than voters present. */
export function voteCountsProblem(v: VoteCounts, presentVoters: number): string | null {
  if ([v.yes, v.no, v.abstain].some((n) => !Number.isInteger(n) || n < 0)) return '票数须为非负整数';
  const cast = v.yes + v.no + v.abstain;
  if (cast > presentVoters)
    return `赞成、反对、弃权共 ${cast} 票，多于到会有表决权党员 ${presentVoters} 人（预备党员没有表决权）`;
  return null;
}
