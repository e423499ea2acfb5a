import { describe, expect, it } from 'vitest';
import { countByType, percentOf, ratioReference } from '../../src/domain/screening/table.js';
import { parseTypeCell, WEAK_TYPES } from '../../src/domain/screening/types.js';
import { suggestTypes, type ObservationFacts } from '../../src/domain/screening/suggest.js';
import {
  caseStage,
  firstSecretaryTermProblem,
  isOverdue,
  judgeAcceptance,
  relapseOf,
  relapseWatchOf,
  watchEnd,
} from '../../src/domain/screening/rectification.js';

/** The seed's county (seed 001): 38 confirmed weak villages by type 1/2/3/7/8/9/10 = 6/5/1/2/11/5/12. */
function seedCounty(): number[][] {
  const perType: [number, number][] = [
    [1, 6],
    [2, 5],
    [3, 1],
    [7, 2],
    [8, 11],
    [9, 5],
    [10, 12],
  ];
  // spread over 38 orgs: the labels add up to 42, so four orgs carry two types
  const orgs: number[][] = Array.from({ length: 38 }, () => []);
  let i = 0;
  for (const [type, n] of perType)
    for (let k = 0; k < n; k++) {
      orgs[i % 38]!.push(type);
      i++;
    }
  return orgs;
}

describe('weak-org type table', () => {
  it('holds the 10 official types with the statistics form wording, and local additions from 11', () => {
    const official = WEAK_TYPES.filter((t) => !t.local);
    expect(official.map((t) => t.type)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(official[0]!.zh).toBe('党组织班子配备不齐、书记长期缺职、工作处于停滞状态的');
    expect(official[9]!.zh).toBe('党组织服务意识差、服务能力弱、群众意见大的');
    expect(WEAK_TYPES.filter((t) => t.local).every((t) => t.type > 10)).toBe(true);
    expect(official.every((t) => t.source.includes('中组发〔2014〕5号'))).toBe(true);
  });

  it('reads a ledger cell by numbers or wording, separated by 、 or ；', () => {
    expect(parseTypeCell('1、4')).toEqual({ ok: true, types: [1, 4] });
    expect(parseTypeCell('10；8')).toEqual({ ok: true, types: [8, 10] });
    expect(parseTypeCell('第3类;二')).toEqual({ ok: true, types: [2, 3] });
    // the wordings hold 、 themselves
    expect(
      parseTypeCell('社会治安问题和信访矛盾纠纷集中的、党组织服务意识差、服务能力弱、群众意见大的'),
    ).toEqual({
      ok: true,
      types: [8, 10],
    });
    expect(parseTypeCell('党组织班子配备不齐、书记长期缺职、工作处于停滞状态的；4')).toEqual({
      ok: true,
      types: [1, 4],
    });
    expect(parseTypeCell('3.班子不团结、内耗严重、工作不能正常开展的')).toEqual({ ok: true, types: [3] });
    expect(parseTypeCell('2.班子不团结、内耗严重、工作不能正常开展的').ok).toBe(false);
    expect(parseTypeCell('党组织服务意识差；服务能力弱')).toMatchObject({
      ok: false,
      message: expect.stringContaining('服务能力弱'),
    });
    expect(parseTypeCell('社会治安问题和信访矛盾纠纷集中；无村级组织活动场所的')).toEqual({
      ok: true,
      types: [8, 9],
    });
    expect(parseTypeCell('１１')).toEqual({ ok: true, types: [11] });
    expect(parseTypeCell('14')).toMatchObject({ ok: false, message: expect.stringContaining('“14”') });
    expect(parseTypeCell('0')).toMatchObject({ ok: false });
    expect(parseTypeCell('')).toMatchObject({ ok: false });
  });
});

describe('the 党统 table 整顿软弱涣散基层党组织情况', () => {
  it('gives the seed county’s shares of the 38 confirmed orgs (multi-label, above 100 % in sum)', () => {
    const orgs = seedCounty();
    expect(orgs).toHaveLength(38);
    const rows = countByType(orgs);
    const pick = (t: number) => rows.find((r) => r.type === t)!;
    expect([1, 2, 3, 7, 8, 9, 10].map((t) => pick(t).count)).toEqual([6, 5, 1, 2, 11, 5, 12]);
    expect([1, 2, 3, 7, 8, 9, 10].map((t) => pick(t).percent)).toEqual([
      15.8, 13.2, 2.6, 5.3, 28.9, 13.2, 31.6,
    ]);
    expect(pick(4)).toMatchObject({ count: 0, percent: 0 });
    expect(rows.map((r) => r.type)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(rows.reduce((s, r) => s + r.percent, 0)).toBeGreaterThan(100);
  });

  it('counts an org once per type even if the type is given twice, and lists a local type only when used', () => {
    const rows = countByType([[1, 1, 13], [1]]);
    expect(rows.find((r) => r.type === 1)).toMatchObject({ count: 2, percent: 100 });
    expect(rows.find((r) => r.type === 13)).toMatchObject({ count: 1, percent: 50 });
    expect(rows.find((r) => r.type === 11)).toBeUndefined();
  });

  it('rounds half up to one decimal and has no share of nothing', () => {
    expect(percentOf(1, 8)).toBe(12.5);
    expect(percentOf(1, 16)).toBe(6.3); // 6.25 → 6.3
    expect(percentOf(2, 3)).toBe(66.7);
    expect(percentOf(0, 0)).toBe(0);
  });

  it('shows a local screening ratio as a reference number, none when the county sets none', () => {
    expect(ratioReference(371, 10)).toBe(38);
    expect(ratioReference(371, 5)).toBe(19);
    expect(ratioReference(371, 0)).toBeNull();
  });
});

describe('suggested types', () => {
  const base = {
    weakType: null,
    count: null,
    respondents: null,
    satisfied: null,
    note: '',
    author: '王乡镇',
  };
  const rec = (o: Partial<ObservationFacts> & Pick<ObservationFacts, 'id' | 'kind' | 'observedOn'>) =>
    ({ ...base, ...o }) as ObservationFacts;
  const t = { petitionThreshold: 5, satisfactionMinPercent: 60 };

  it('suggests a type an observation names, with its date, author and words as evidence', () => {
    const s = suggestTypes(
      [rec({ id: 1, kind: 'observation', observedOn: '2026-03-02', weakType: 3, note: '两委班子长期不和' })],
      t,
    );
    expect(s).toEqual([{ type: 3, evidence: ['2026-03-02，王乡镇记录：两委班子长期不和'] }]);
  });

  it('suggests type 8 when the year’s petitions reach the threshold, not one below', () => {
    const p = (id: number, count: number) =>
      rec({ id, kind: 'petition', observedOn: `2026-0${id}-01`, count });
    expect(suggestTypes([p(1, 2), p(2, 2)], t)).toEqual([]);
    const s = suggestTypes([p(1, 2), p(2, 3)], t);
    expect(s).toHaveLength(1);
    expect(s[0]!.type).toBe(8);
    expect(s[0]!.evidence[0]).toContain('本年度信访5件次');
  });

  it('suggests type 10 when the latest survey is below the minimum satisfaction (59.9 % yes, 60 % no)', () => {
    const sv = (id: number, on: string, satisfied: number, respondents = 1000) =>
      rec({ id, kind: 'survey', observedOn: on, respondents, satisfied });
    expect(suggestTypes([sv(1, '2026-05-01', 599)], t).map((x) => x.type)).toEqual([10]);
    expect(suggestTypes([sv(1, '2026-05-01', 600)], t)).toEqual([]);
    // a later, better survey replaces an earlier bad one
    expect(suggestTypes([sv(1, '2026-03-01', 400), sv(2, '2026-06-01', 800)], t)).toEqual([]);
  });

  it('takes indicator signals as given and makes none up', () => {
    expect(suggestTypes([], t)).toEqual([]);
    expect(suggestTypes([], t, [{ type: 1, evidence: '书记缺职4个月' }])).toEqual([
      { type: 1, evidence: ['书记缺职4个月'] },
    ]);
  });
});

describe('acceptance (验收) by the local scheme', () => {
  const s = { passScore: 70, dissatisfiedMaxPercent: 50 };
  it('passes at 70 points, fails at 69.9', () => {
    expect(judgeAcceptance({ score: 70, voters: 15, dissatisfied: 0 }, s).outcome).toBe('pass');
    expect(judgeAcceptance({ score: 69.9, voters: 15, dissatisfied: 0 }, s).outcome).toBe('fail');
  });
  it('fails outright when more than half of the votes are dissatisfied, whatever the score', () => {
    const r = judgeAcceptance({ score: 95, voters: 15, dissatisfied: 8 }, s);
    expect(r.outcome).toBe('fail');
    expect(r.reasons[0]).toContain('直接认定为不合格');
    // exactly half is not more than half
    expect(judgeAcceptance({ score: 95, voters: 16, dissatisfied: 8 }, s).outcome).toBe('pass');
  });
  it('follows the settings', () => {
    expect(
      judgeAcceptance(
        { score: 75, voters: 10, dissatisfied: 0 },
        { passScore: 80, dissatisfiedMaxPercent: 50 },
      ).outcome,
    ).toBe('fail');
    expect(
      judgeAcceptance(
        { score: 90, voters: 10, dissatisfied: 4 },
        { passScore: 70, dissatisfiedMaxPercent: 30 },
      ).outcome,
    ).toBe('fail');
  });
});

describe('rectification case rules', () => {
  it('holds a first secretary’s term to 1–3 years', () => {
    expect(firstSecretaryTermProblem('2026-01-10', '2027-01-10')).toBeNull();
    expect(firstSecretaryTermProblem('2026-01-10', '2029-01-10')).toBeNull();
    expect(firstSecretaryTermProblem('2026-01-10', '2027-01-09')).toContain('不足1年');
    expect(firstSecretaryTermProblem('2026-01-10', '2029-01-11')).toContain('超过3年');
  });

  it('finds overdue measures on a day', () => {
    expect(isOverdue({ id: 1, dueOn: '2026-05-31', doneOn: null }, '2026-05-31')).toBe(false);
    expect(isOverdue({ id: 1, dueOn: '2026-05-31', doneOn: null }, '2026-06-01')).toBe(true);
    expect(isOverdue({ id: 1, dueOn: '2026-05-31', doneOn: '2026-05-20' }, '2026-06-01')).toBe(false);
    expect(isOverdue({ id: 1, dueOn: '2026-05-31', doneOn: '2026-06-10' }, '2026-06-01')).toBe(true);
  });

  it('moves a case through its stages', () => {
    const c = {
      measures: 0,
      lastDecision: null,
      closedOn: null,
      watchUntil: null,
      relapsedOn: null,
    } as const;
    expect(caseStage(c, '2026-03-01')).toBe('planning');
    expect(caseStage({ ...c, measures: 2 }, '2026-03-01')).toBe('rectifying');
    expect(caseStage({ ...c, measures: 2, lastDecision: 'failed' }, '2026-03-01')).toBe('rectifying');
    expect(caseStage({ ...c, measures: 2, lastDecision: 'passed' }, '2026-03-01')).toBe('accepted');
    const closed = {
      ...c,
      measures: 2,
      lastDecision: 'passed',
      closedOn: '2026-06-30',
      watchUntil: watchEnd('2026-06-30', 12),
    } as const;
    expect(closed.watchUntil).toBe('2027-06-30');
    expect(caseStage(closed, '2026-07-01')).toBe('watching');
    expect(caseStage(closed, '2027-06-30')).toBe('done');
    expect(caseStage({ ...closed, relapsedOn: '2026-11-01' }, '2026-12-01')).toBe('relapsed');
  });

  it('counts a red indicator as relapse only when it turns red within the watch', () => {
    const red = [
      { indicator: 'secretaryVacant', since: '2026-05-01' },
      { indicator: 'meetings', since: '2027-02-01' },
      { indicator: 'dues', since: '2027-08-01' },
    ];
    expect(relapseOf('2026-06-30', '2027-06-30', red)).toEqual({
      indicator: 'meetings',
      since: '2027-02-01',
    });
    expect(relapseOf('2026-06-30', '2027-01-31', red)).toBeNull();
    expect(relapseOf('2026-06-30', '2027-06-30', [{ indicator: 'x', since: '2027-06-30' }])).toBeNull();
    // red on the close-out day: the case was closed with it red, not a relapse; the day after is one
    expect(relapseOf('2026-06-30', '2027-06-30', [{ indicator: 'x', since: '2026-06-30' }])).toBeNull();
    expect(relapseOf('2026-06-30', '2027-06-30', [{ indicator: 'x', since: '2026-07-01' }])).not.toBeNull();
  });

  it('marks a red warning as a relapse when it turned red within a closed case watch', () => {
    const watches = [{ caseId: 7, closedOn: '2026-06-30', watchUntil: '2027-06-30' }];
    expect(relapseWatchOf({ level: 'red', since: '2026-07-01' }, watches)).toEqual(watches[0]);
    expect(relapseWatchOf({ level: 'red', since: '2026-06-30' }, watches)).toBeNull();
    expect(relapseWatchOf({ level: 'red', since: '2027-06-29' }, watches)?.caseId).toBe(7);
    // red before the close-out, after the watch, or amber: not a relapse
    expect(relapseWatchOf({ level: 'red', since: '2026-06-29' }, watches)).toBeNull();
    expect(relapseWatchOf({ level: 'red', since: '2027-06-30' }, watches)).toBeNull();
    expect(relapseWatchOf({ level: 'amber', since: '2026-09-01' }, watches)).toBeNull();
    expect(relapseWatchOf({ level: 'red', since: '2026-09-01' }, [])).toBeNull();
  });
});
