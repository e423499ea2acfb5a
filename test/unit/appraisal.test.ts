/**
 * 民主评议党员 grades (decision 0023): the 1/3 share of 优秀 at its boundary, probationary members not graded, follow-up
 * only for 不合格.
 */
import { describe, expect, it } from 'vitest';
import { rulesAt } from '../../src/policy/rules.js';
import {
  appraisalProblems,
  appraisalToDo,
  followUpProblems,
  gradeSummary,
  type AppraisalGrade,
  type FollowUpFacts,
} from '../../src/domain/member/appraisal.js';

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

describe('what a result asks of the branch (结果运用, decision 0030)', () => {
  const base: FollowUpFacts = {
    grade: 'unqualified',
    followUp: null,
    followUpUntil: null,
    talkedOn: null,
    decidedOn: null,
    laterGrade: null,
    onRoster: true,
  };
  const today = '2026-11-22';
  it('不合格 asks for a disposal until one is recorded; a member gone asks nothing', () => {
    expect(appraisalToDo(base, today)).toBe('disposal_due');
    expect(appraisalToDo({ ...base, onRoster: false }, today)).toBeNull();
    expect(appraisalToDo({ ...base, grade: 'qualified' }, today)).toBeNull();
    expect(appraisalToDo({ ...base, grade: 'excellent' }, today)).toBeNull();
  });
  it('限期改正 asks again the day after its last day, until a later year is graded', () => {
    const r = { ...base, followUp: 'rectify' as const };
    expect(appraisalToDo({ ...r, followUpUntil: today }, today)).toBeNull();
    expect(appraisalToDo({ ...r, followUpUntil: '2026-11-21' }, today)).toBe('rectify_ended');
    expect(appraisalToDo({ ...r, followUpUntil: '2026-11-21', laterGrade: 'qualified' }, today)).toBeNull();
  });
  it('劝退 and 除名 wait for the status decision; 基本合格 for a heart talk', () => {
    expect(appraisalToDo({ ...base, followUp: 'strike_off' }, today)).toBe('decision_due');
    expect(appraisalToDo({ ...base, followUp: 'persuade_out', decidedOn: today }, today)).toBeNull();
    const b = { ...base, grade: 'basically_qualified' as const };
    expect(appraisalToDo(b, today)).toBe('help_improve');
    expect(appraisalToDo({ ...b, talkedOn: '2026-11-20' }, today)).toBeNull();
  });
  it('a follow-up is on or after the appraisal, not in the future; only 限期改正 has a term, after the day decided', () => {
    const on = '2026-11-15';
    expect(followUpProblems({ followUp: 'rectify', on, until: '2027-05-15' }, '2026-11-15', today)).toEqual(
      [],
    );
    expect(followUpProblems({ followUp: 'rectify', on, until: on }, '2026-11-10', today)[0]!.field).toBe(
      'until',
    );
    expect(followUpProblems({ followUp: 'rectify', on, until: null }, '2026-11-10', today)[0]!.field).toBe(
      'until',
    );
    expect(
      followUpProblems({ followUp: 'strike_off', on, until: '2027-01-01' }, '2026-11-10', today),
    ).toHaveLength(1);
    expect(followUpProblems({ followUp: 'strike_off', on, until: null }, '2026-11-16', today)[0]!.field).toBe(
      'on',
    );
    expect(
      followUpProblems({ followUp: 'strike_off', on: '2026-11-23', until: null }, '2026-11-16', today)[0]!
        .field,
    ).toBe('on');
  });
});
