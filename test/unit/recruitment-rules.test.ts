import { describe, expect, it } from 'vitest';
import {
  checkStep,
  caseStatus,
  joinedOn,
  nextSteps,
  probationEnd,
  workingDaysBetween,
  type CaseFacts,
  type CommitteeFacts,
  type RecordedStep,
  type StepData,
  type StepVote,
} from '../../src/domain/recruitment/judge.js';
import {
  RECRUITMENT_2014,
  RECRUITMENT_2026,
  recruitmentRulesOn,
  type RecruitmentRules,
  type StepKind,
} from '../../src/policy/recruitment.js';

const r2014 = () => RECRUITMENT_2014;
const r2026 = () => RECRUITMENT_2026;
/** a deployment that switched the 2026 overlay on from 2026-06-01 */
const switched = (d: string): RecruitmentRules => (d >= '2026-06-01' ? RECRUITMENT_2026 : RECRUITMENT_2014);

const TOWNSHIP: CommitteeFacts = {
  code: 'T1',
  name: '温泉镇党委',
  kind: 'township_committee',
  sector: 'township',
};
const VILLAGE_COMMITTEE: CommitteeFacts = {
  code: 'VC',
  name: '黄家村党委',
  kind: 'primary_committee',
  sector: 'village',
};
const GENERAL: CommitteeFacts = {
  code: 'G1',
  name: '某党总支',
  kind: 'general_branch',
  sector: 'state_enterprise',
};
const ABOVE = [VILLAGE_COMMITTEE, TOWNSHIP];

const vote = (over: Partial<StepVote> = {}): StepVote => ({
  entitled: 10,
  present: 8,
  yes: 7,
  no: 1,
  abstain: 0,
  writtenYes: 0,
  writtenNo: 0,
  ballot: 'secret',
  ...over,
});

const s = (kind: StepKind, on: string, data: StepData = {}): RecordedStep => ({ kind, on, data });

/** A 2014 case up to (and including) the step `upTo`. */
function path2014(upTo: StepKind | null): RecordedStep[] {
  const all: RecordedStep[] = [
    s('apply', '2023-01-10'),
    s('talk', '2023-02-01'),
    s('activist', '2023-03-01'),
    s('activist_filed', '2023-03-05', { orgCode: 'T1' }),
    s('mentors', '2023-03-06', { memberIds: [1, 2], fullMembers: 2 }),
    s('review', '2023-09-01'),
    s('review', '2024-02-20'),
    s('candidate', '2024-03-01'),
    s('candidate_filed', '2024-03-05', { orgCode: 'T1' }),
    s('sponsors', '2024-03-06', { memberIds: [1, 2], fullMembers: 2 }),
    s('political_review', '2024-04-01', { outcome: 'passed' }),
    s('training', '2024-04-10', { days: 3 }),
    s('committee_review', '2024-05-01'),
    s('pre_review', '2024-05-10', { orgCode: 'T1' }),
    s('application_form', '2024-05-15'),
    s('admission_vote', '2024-06-01', { vote: vote(), outcome: 'passed' }),
    s('higher_talk', '2024-06-10'),
    s('admission_approval', '2024-07-01', { orgCode: 'T1', outcome: 'approved' }),
    s('admission_filed', '2024-07-05'),
    s('assigned', '2024-07-06'),
    s('oath', '2024-07-07'),
    s('probation_review', '2024-12-01'),
    s('confirmation_request', '2025-05-20'),
  ];
  if (upTo === null) return [];
  const i = all.map((x) => x.kind).lastIndexOf(upTo);
  return all.slice(0, i + 1);
}

const facts = (steps: RecordedStep[], birthDate: string | null = '1995-05-05', above = ABOVE): CaseFacts => ({
  birthDate,
  steps,
  above,
});

const refusal = (j: ReturnType<typeof checkStep>) => j.problem?.rule ?? null;

describe('recruitment rule sets (发展党员工作细则 2014; 2026 overlay, decision 0025)', () => {
  it('has the 25 steps of the 2014 flow chart in five stages, each citing its source', () => {
    const numbered = RECRUITMENT_2014.steps.filter((x) => x.no !== null);
    expect(numbered.map((x) => x.no)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(new Set(RECRUITMENT_2014.steps.map((x) => x.stage)).size).toBe(5);
    for (const x of RECRUITMENT_2026.steps) expect(x.source).toMatch(/细则|章程/);
    expect(RECRUITMENT_2014.steps.some((x) => x.kind === 'candidate_notice')).toBe(false);
    expect(RECRUITMENT_2026.steps.find((x) => x.kind === 'candidate')!.after).toContain('candidate_notice');
    expect(RECRUITMENT_2026.unverified).toBe(true);
  });

  it('the overlay is in force only where the setting says 2026, and never before its reported issue date', () => {
    expect(recruitmentRulesOn('2026-06-01', '2014').id).toBe('2014');
    expect(recruitmentRulesOn('2026-06-01', '2026').id).toBe('2026');
    expect(recruitmentRulesOn('2026-05-10', '2026').id).toBe('2014');
    expect(recruitmentRulesOn('2026-05-11', '2026').id).toBe('2026');
  });
});

describe('each step judged by the rules of its date', () => {
  it('application: 18 full years on the day (第五条)', () => {
    expect(refusal(checkStep(facts([], '2005-01-10'), s('apply', '2023-01-09'), r2014))).toBe('min_age');
    expect(checkStep(facts([], '2005-01-10'), s('apply', '2023-01-09'), r2014).problem!.message).toContain(
      '第五条',
    );
    expect(refusal(checkStep(facts([], '2005-01-10'), s('apply', '2023-01-10'), r2014))).toBeNull();
    expect(refusal(checkStep(facts([], '2005-01-10'), s('apply', '2023-01-09'), r2026))).toBe('min_age');
  });

  it('talk within one month of the application: later is kept with a warning (第七条)', () => {
    const st = path2014('apply');
    expect(checkStep(facts(st), s('talk', '2023-02-10'), r2014).warnings).toEqual([]);
    const late = checkStep(facts(st), s('talk', '2023-02-11'), r2014);
    expect(late.problem).toBeNull();
    expect(late.warnings[0]!.message).toContain('第七条');
    expect(checkStep(facts(st), s('talk', '2023-02-11'), r2026).warnings).toHaveLength(1);
  });

  it('steps in order: a step before its prerequisite or before a recorded step is refused', () => {
    expect(refusal(checkStep(facts(path2014('apply')), s('activist', '2023-02-01'), r2014))).toBe('order');
    expect(refusal(checkStep(facts(path2014('talk')), s('activist', '2023-01-31'), r2014))).toBe('order');
    expect(refusal(checkStep(facts(path2014('talk')), s('talk', '2023-02-05'), r2014))).toBe('repeated');
  });

  it('an imported case: an earlier step may be entered later in its place, not after a step resting on it', () => {
    const imported = [
      s('apply', '2023-01-10'),
      s('talk', '2023-02-01'),
      s('activist', '2023-03-01'),
      s('candidate', '2024-03-02'),
    ];
    expect(
      refusal(checkStep(facts(imported), s('activist_filed', '2023-03-05', { orgCode: 'T1' }), r2014)),
    ).toBeNull();
    expect(
      refusal(checkStep(facts(imported), s('activist_filed', '2024-03-05', { orgCode: 'T1' }), r2014)),
    ).toBe('order');
  });

  it('mentors: one or two full members (第九条)', () => {
    const st = path2014('activist_filed');
    expect(
      refusal(checkStep(facts(st), s('mentors', '2023-03-06', { memberIds: [], fullMembers: 0 }), r2014)),
    ).toBe('people');
    expect(
      refusal(checkStep(facts(st), s('mentors', '2023-03-06', { memberIds: [1], fullMembers: 1 }), r2014)),
    ).toBeNull();
    expect(
      refusal(checkStep(facts(st), s('mentors', '2023-03-06', { memberIds: [1, 2], fullMembers: 2 }), r2014)),
    ).toBeNull();
    expect(
      refusal(
        checkStep(facts(st), s('mentors', '2023-03-06', { memberIds: [1, 2, 3], fullMembers: 3 }), r2014),
      ),
    ).toBe('people');
    const probationary = checkStep(
      facts(st),
      s('mentors', '2023-03-06', { memberIds: [1, 2], fullMembers: 1 }),
      r2014,
    );
    expect(probationary.problem!.message).toContain('正式党员');
  });

  it('reviews every six months: a gap is a warning, not a refusal (第十一条)', () => {
    const st = path2014('mentors');
    expect(checkStep(facts(st), s('review', '2023-09-01'), r2014).warnings).toEqual([]);
    const late = checkStep(facts(st), s('review', '2023-09-02'), r2014);
    expect(late.problem).toBeNull();
    expect(late.warnings[0]!.message).toContain('第十一条');
  });

  it('candidate: at least one year as an activist — one day short is refused (第十三条)', () => {
    const st = path2014('review');
    const early = checkStep(facts(st), s('candidate', '2024-02-29'), r2014);
    expect(early.problem!.rule).toBe('too_early');
    expect(early.problem!.message).toContain('2024年3月1日');
    expect(early.problem!.message).toContain('第十三条');
    expect(refusal(checkStep(facts(st), s('candidate', '2024-03-01'), r2014))).toBeNull();
  });

  it('2026: the candidate needs a public notice of at least 5 working days', () => {
    const st = path2014('review');
    expect(refusal(checkStep(facts(st), s('candidate', '2024-03-01'), r2026))).toBe('order');
    // notice from Monday 2024-02-26: Mon–Fri are 5 working days, so Friday 03-01 is too soon, Monday 03-04 is fine
    const noticed = [...st, s('candidate_notice', '2024-02-26')];
    expect(workingDaysBetween('2024-02-26', '2024-03-01')).toBe(4);
    expect(refusal(checkStep(facts(noticed), s('candidate', '2024-03-01'), r2026))).toBe('notice');
    expect(refusal(checkStep(facts(noticed), s('candidate', '2024-03-04'), r2026))).toBeNull();
    // the 2014 set knows no notice step
    expect(refusal(checkStep(facts(st), s('candidate_notice', '2024-02-26'), r2014))).toBe('not_in_rules');
  });

  it('filing with a higher committee: a general branch is no committee; approvals only by a committee with authority', () => {
    const st = path2014('activist');
    const above = [GENERAL, VILLAGE_COMMITTEE, TOWNSHIP];
    expect(
      refusal(checkStep(facts(st, null, above), s('activist_filed', '2023-03-05', { orgCode: 'G1' }), r2014)),
    ).toBe('approver');
    expect(
      refusal(checkStep(facts(st, null, above), s('activist_filed', '2023-03-05', { orgCode: 'VC' }), r2014)),
    ).toBeNull();
    expect(
      refusal(checkStep(facts(st, null, above), s('activist_filed', '2023-03-05', { orgCode: 'X9' }), r2014)),
    ).toBe('approver');
  });

  it('sponsors: exactly two full members (党章 第五条)', () => {
    const st = path2014('candidate_filed');
    expect(
      refusal(checkStep(facts(st), s('sponsors', '2024-03-06', { memberIds: [1], fullMembers: 1 }), r2014)),
    ).toBe('people');
    expect(
      refusal(
        checkStep(facts(st), s('sponsors', '2024-03-06', { memberIds: [1, 2, 3], fullMembers: 3 }), r2014),
      ),
    ).toBe('people');
    expect(
      refusal(
        checkStep(facts(st), s('sponsors', '2024-03-06', { memberIds: [1, 1], fullMembers: 2 }), r2014),
      ),
    ).toBe('people');
    expect(
      refusal(
        checkStep(facts(st), s('sponsors', '2024-03-06', { memberIds: [1, 2], fullMembers: 2 }), r2014),
      ),
    ).toBeNull();
  });

  it('training: three days or 24 class hours (第十七条); no admission without a passed political review (第十六条)', () => {
    const st = path2014('political_review');
    expect(refusal(checkStep(facts(st), s('training', '2024-04-10', { days: 2, hours: 23 }), r2014))).toBe(
      'training',
    );
    expect(refusal(checkStep(facts(st), s('training', '2024-04-10', { days: 3 }), r2014))).toBeNull();
    expect(
      refusal(checkStep(facts(st), s('training', '2024-04-10', { days: 2, hours: 24 }), r2014)),
    ).toBeNull();
    const failed = path2014('training').map((x) =>
      x.kind === 'political_review' ? { ...x, data: { outcome: 'failed' as const } } : x,
    );
    expect(refusal(checkStep(facts(failed), s('committee_review', '2024-05-01'), r2014))).toBe(
      'political_review',
    );
  });

  it('pre-review and approval: the village committee and the general branch cannot, the township committee can (第二十四条)', () => {
    const st = path2014('committee_review');
    const byVillage = checkStep(facts(st), s('pre_review', '2024-05-10', { orgCode: 'VC' }), r2014);
    expect(byVillage.problem!.rule).toBe('approver');
    expect(byVillage.problem!.message).toContain('应由温泉镇党委办理');
    expect(refusal(checkStep(facts(st), s('pre_review', '2024-05-10', { orgCode: 'T1' }), r2014))).toBeNull();
    const gb = checkStep(
      facts(st, null, [GENERAL, TOWNSHIP]),
      s('pre_review', '2024-05-10', { orgCode: 'G1' }),
      r2014,
    );
    expect(gb.problem!.message).toContain('党总支不能审批');
  });

  it('general meeting: quorum and majority of those entitled, written opinions count (第二十条、第二十二条)', () => {
    const st = path2014('application_form');
    const at = (v: Partial<StepVote>, rules = r2014) =>
      checkStep(facts(st), s('admission_vote', '2024-06-01', { vote: vote(v) }), rules);
    // 10 entitled: 5 present is exactly half — refused; 6 present is enough
    expect(at({ present: 5, yes: 5, no: 0 }).problem!.rule).toBe('quorum');
    expect(at({ present: 5, yes: 5, no: 0 }).problem!.message).toContain('第二十条');
    expect(at({ present: 6, yes: 6, no: 0 }).outcome).toBe('passed');
    // yes 5 of 10 entitled is not a majority, 5 + 1 written is
    expect(at({ present: 6, yes: 5, no: 1 }).outcome).toBe('failed');
    expect(at({ present: 6, yes: 5, no: 1, writtenYes: 1 }).outcome).toBe('passed');
    // counts that cannot be true
    expect(at({ present: 6, yes: 5, no: 2 }).problem!.rule).toBe('vote_counts');
    expect(at({ present: 8, yes: 7, no: 1, writtenYes: 3 }).problem!.rule).toBe('vote_counts');
    // 2014: a show of hands is fine; 2026: a secret ballot only
    expect(at({ ballot: 'show_of_hands' }).problem).toBeNull();
    expect(at({ ballot: 'show_of_hands' }, r2026).problem!.rule).toBe('ballot');
    expect(at({ ballot: 'secret' }, r2026).problem).toBeNull();
  });

  it('2026: the general meeting within one month of the pre-review, else a warning', () => {
    const st = path2014('application_form');
    const at = (d: string, rules: () => RecruitmentRules) =>
      checkStep(facts(st), s('admission_vote', d, { vote: vote() }), rules).warnings;
    expect(at('2024-06-10', r2026)).toEqual([]);
    expect(at('2024-06-11', r2026)[0]!.rule).toBe('vote_late');
    expect(at('2024-06-11', r2014)).toEqual([]);
  });

  it('approval within three months, up to six with a cause, never later (第二十五条)', () => {
    const st = path2014('higher_talk');
    const at = (d: string, cause: string | null = null) =>
      checkStep(facts(st), s('admission_approval', d, { orgCode: 'T1', outcome: 'approved', cause }), r2014);
    expect(at('2024-09-01').problem).toBeNull();
    expect(at('2024-09-02').problem!.rule).toBe('approval_cause');
    expect(at('2024-09-02', '审批委员会换届').problem).toBeNull();
    expect(at('2024-09-02', '审批委员会换届').warnings[0]!.rule).toBe('approval_extended');
    expect(at('2024-12-01', '审批委员会换届').problem).toBeNull();
    expect(at('2024-12-02', '审批委员会换届').problem!.rule).toBe('approval_late');
    expect(at('2024-12-02', '审批委员会换届').problem!.message).toContain('第二十五条');
    expect(
      checkStep(
        facts(st),
        s('admission_approval', '2024-07-01', { orgCode: 'VC', outcome: 'approved' }),
        r2014,
      ).problem!.rule,
    ).toBe('approver');
  });

  it('probation from the vote; the person is probationary once approved', () => {
    const st = path2014('admission_approval');
    expect(joinedOn(st)).toBe('2024-06-01');
    expect(probationEnd(st)).toBe('2025-06-01');
    expect(caseStatus(st)).toBe('probationary');
    expect(caseStatus(path2014('admission_vote'))).toBe('candidate');
    expect(caseStatus(path2014('review'))).toBe('activist');
    expect(caseStatus(path2014('talk'))).toBe('applicant');
  });

  it('2026: the oath within one month of the approval, else a warning', () => {
    const st = path2014('assigned');
    expect(checkStep(facts(st), s('oath', '2024-08-01'), r2026).warnings).toEqual([]);
    expect(checkStep(facts(st), s('oath', '2024-08-02'), r2026).warnings[0]!.rule).toBe('oath_late');
    expect(checkStep(facts(st), s('oath', '2024-08-02'), r2014).warnings).toEqual([]);
  });

  it('confirmation vote not before the probation ends; extension once, of 6 to 12 months (党章 第七条)', () => {
    const st = path2014('confirmation_request');
    const at = (d: string, data: StepData, steps = st) =>
      checkStep(facts(steps), s('confirmation_vote', d, { vote: vote(), ...data }), r2014);
    expect(at('2025-05-31', { decision: 'confirm' }).problem!.rule).toBe('too_early');
    expect(at('2025-06-01', { decision: 'confirm' }).problem).toBeNull();
    expect(at('2025-06-01', { decision: 'extend', extendMonths: 5 }).problem!.rule).toBe('extension');
    expect(at('2025-06-01', { decision: 'extend', extendMonths: 6 }).problem).toBeNull();
    expect(at('2025-06-01', { decision: 'extend', extendMonths: 12 }).problem).toBeNull();
    expect(at('2025-06-01', { decision: 'extend', extendMonths: 13 }).problem!.rule).toBe('extension');
    // an approved extension of 6 months moves the end; a second extension is refused
    const extended = [
      ...st,
      s('confirmation_vote', '2025-06-02', {
        vote: vote(),
        outcome: 'passed',
        decision: 'extend',
        extendMonths: 6,
      }),
      s('confirmation_approval', '2025-06-20', { orgCode: 'T1', outcome: 'approved' }),
    ];
    expect(probationEnd(extended)).toBe('2025-12-01');
    expect(caseStatus(extended)).toBe('probationary');
    const round2 = [...extended, s('confirmation_request', '2025-11-20')];
    expect(at('2025-11-30', { decision: 'confirm' }, round2).problem!.rule).toBe('too_early');
    expect(at('2025-12-01', { decision: 'extend', extendMonths: 6 }, round2).problem!.rule).toBe('extension');
    expect(at('2025-12-01', { decision: 'confirm' }, round2).problem).toBeNull();
    const confirmed = [
      ...round2,
      s('confirmation_vote', '2025-12-01', { vote: vote(), outcome: 'passed', decision: 'confirm' }),
      s('confirmation_approval', '2025-12-20', { orgCode: 'T1', outcome: 'approved' }),
    ];
    expect(caseStatus(confirmed)).toBe('full');
    expect(refusal(checkStep(facts(confirmed), s('probation_review', '2025-12-21'), r2014))).toBe('closed');
    expect(refusal(checkStep(facts(confirmed), s('archived', '2025-12-21'), r2014))).toBeNull();
  });

  it('confirmation approval within three months of the confirmation vote; cancellation ends the case', () => {
    const st = [
      ...path2014('confirmation_request'),
      s('confirmation_vote', '2025-06-02', { vote: vote(), outcome: 'passed', decision: 'cancel' }),
    ];
    const at = (d: string) =>
      checkStep(facts(st), s('confirmation_approval', d, { orgCode: 'T1', outcome: 'approved' }), r2014);
    expect(at('2025-09-02').problem).toBeNull();
    expect(at('2025-09-03').problem!.rule).toBe('approval_cause');
    expect(
      caseStatus([...st, s('confirmation_approval', '2025-06-20', { orgCode: 'T1', outcome: 'approved' })]),
    ).toBe('cancelled');
  });
});

describe('a case straddling the switch date (2026 overlay on from 2026-06-01)', () => {
  const st: RecordedStep[] = [
    s('apply', '2025-01-06'),
    s('talk', '2025-01-20'),
    s('activist', '2025-02-03'),
    s('activist_filed', '2025-02-05', { orgCode: 'T1' }),
    s('mentors', '2025-02-05', { memberIds: [1, 2], fullMembers: 2 }),
    s('review', '2025-08-01'),
    s('review', '2026-01-20'),
  ];
  it('a candidate fixed before the switch needs no notice; after it, one of 5 working days', () => {
    expect(refusal(checkStep(facts(st), s('candidate', '2026-05-29'), switched))).toBeNull();
    expect(refusal(checkStep(facts(st), s('candidate', '2026-06-01'), switched))).toBe('order');
    const noticed = [...st, s('candidate_notice', '2026-05-25')];
    // the notice ran under 2014 rules; the candidate step of 06-01 is judged by 2026 ones: Mon 05-25 … Fri 05-29 = 5
    expect(refusal(checkStep(facts(noticed), s('candidate', '2026-06-01'), switched))).toBeNull();
  });
  it('a vote before the switch by show of hands is fine; after it, refused', () => {
    const pre = path2014('application_form').map((x, i) => ({
      ...x,
      on: `2026-05-${String(10 + Math.min(i, 15)).padStart(2, '0')}`,
    }));
    const v = (d: string) =>
      checkStep(facts(pre), s('admission_vote', d, { vote: vote({ ballot: 'show_of_hands' }) }), switched);
    expect(v('2026-05-31').problem).toBeNull();
    expect(v('2026-06-01').problem!.rule).toBe('ballot');
  });
});

describe('what is due next', () => {
  it('the talk within a month, reviews every half year, the candidate from a year on', () => {
    expect(nextSteps(path2014('apply'), r2014, '2023-01-20')).toEqual([
      expect.objectContaining({ kind: 'talk', due: '2023-02-10' }),
    ]);
    const act = nextSteps(path2014('activist'), r2014, '2023-03-02');
    expect(act.map((x) => x.kind)).toEqual(['activist_filed', 'mentors', 'review', 'candidate']);
    expect(act.find((x) => x.kind === 'review')!.due).toBe('2023-09-01');
    expect(act.find((x) => x.kind === 'candidate')!.earliest).toBe('2024-03-01');
    // 2026: the notice comes before the candidate
    expect(nextSteps(path2014('mentors'), r2026, '2026-07-01').map((x) => x.kind)).toContain(
      'candidate_notice',
    );
  });
  it('approval within three months of the vote; the confirmation from the end of the probation', () => {
    const v = nextSteps(path2014('higher_talk'), r2014, '2024-06-20');
    expect(v).toEqual([expect.objectContaining({ kind: 'admission_approval', due: '2024-09-01' })]);
    const p = nextSteps(path2014('probation_review'), r2014, '2025-01-01');
    expect(p).toEqual([expect.objectContaining({ kind: 'confirmation_request', due: '2025-06-01' })]);
    const c = nextSteps(path2014('confirmation_request'), r2014, '2025-05-25');
    expect(c).toEqual([expect.objectContaining({ kind: 'confirmation_vote', earliest: '2025-06-01' })]);
  });
});
