/**
 * 民主评议党员 grades (decision 0023): the 1/3 share of 优秀 at its boundary, probationary members not graded, follow-up
 * only for 不合格.
 */
import { describe, expect, it } from 'vitest';
import { rulesAt } from '../../src/policy/rules.js';
import { appraisalProblems, gradeSummary, type AppraisalGrade } from '../../src/domain/member/appraisal.js';

const rules = rulesAt('2026-11-22').appraisal;
const many = (excellent: number, qualified: number): AppraisalGrade[] => [
  ...Array<AppraisalGrade>(excellent).fill('excellent'),
  ...Array<AppraisalGrade>(qualified).fill('qualified'),
];

describe('appraisal grades', () => {
  it('warns when 优秀 is more than a third of those graded, not at exactly a third', () => {
    expect(rules.excellentShare).toEqual([1, 3]);
    expect(rules.source).toContain('三分之一');
    expect(gradeSummary(many(3, 6), rules).excellentOverShare).toBe(false); // 3 of 9
    expect(gradeSummary(many(4, 5), rules).excellentOverShare).toBe(true); // 4 of 9
    expect(gradeSummary(many(3, 7), rules).excellentOverShare).toBe(false); // 3 of 10
    expect(gradeSummary(many(4, 6), rules).excellentOverShare).toBe(true); // 4 of 10
    // probationary members (no grade) do not count toward the share
    const s = gradeSummary([...many(2, 4), null, null], rules);
    expect(s).toMatchObject({ graded: 6, excellentOverShare: false, counts: { excellent: 2, qualified: 4 } });
  });

  it('grades full members only: a probationary member takes part ungraded', () => {
    const status = (id: number) => (id === 1 ? 'full' : id === 2 ? 'probationary' : undefined);
    expect(
      appraisalProblems(
        [
          { memberId: 1, grade: 'qualified' },
          { memberId: 2, grade: null },
        ],
        status,
        rules,
      ),
    ).toEqual([]);
    expect(appraisalProblems([{ memberId: 2, grade: 'excellent' }], status, rules)[0]!.message).toContain(
      '预备党员',
    );
    expect(appraisalProblems([{ memberId: 1, grade: null }], status, rules)[0]!.message).toContain(
      '请评定等次',
    );
    expect(appraisalProblems([{ memberId: 3, grade: 'qualified' }], status, rules)[0]!.message).toContain(
      '不在本组织名册',
    );
    expect(
      appraisalProblems(
        [
          { memberId: 1, grade: 'qualified' },
          { memberId: 1, grade: 'qualified' },
        ],
        status,
        rules,
      ),
    ).toHaveLength(1);
  });

  it('a follow-up (限期改正, 劝退, 除名) only for 不合格', () => {
    const status = () => 'full';
    expect(
      appraisalProblems([{ memberId: 1, grade: 'unqualified', followUp: 'rectify' }], status, rules),
    ).toEqual([]);
    expect(
      appraisalProblems([{ memberId: 1, grade: 'qualified', followUp: 'rectify' }], status, rules),
    ).toHaveLength(1);
  });
});
