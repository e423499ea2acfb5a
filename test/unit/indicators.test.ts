/**
 * Health indicators (decision 0032): every indicator at its thresholds, with the official numbers of the rule set
 * and the local settings' defaults (and a changed setting where it has one).
 */
import { describe, expect, it } from 'vitest';
import {
  INDICATORS,
  INDICATOR_KEYS,
  judgeOrg,
  lastTwoQuarters,
  periodZh,
  wholeMonths,
  type IndicatorKey,
  type OrgHealthFacts,
} from '../../src/domain/supervision/indicators.js';
import { DEFAULT_SETTINGS, SETTINGS, type LocalSettings } from '../../src/policy/settings.js';
import { rulesAt } from '../../src/policy/rules.js';

const AS_OF = '2026-07-15';
const R = rulesAt(AS_OF);
const S = DEFAULT_SETTINGS;

function facts(over: Partial<OrgHealthFacts> = {}): OrgHealthFacts {
  return {
    asOf: AS_OF,
    org: { code: 'B1', name: '陶坊村党支部', kind: 'branch', sector: 'village', foundedOn: '1960-01-01' },
    full: 20,
    probationary: 1,
    aged61: 6,
    ageSum: 21 * 50,
    county: { members: 1000, aged61: 300, ageSum: 1000 * 52 },
    secretary: { name: '张三', birthDate: '1976-03-01', since: '2021-05-01' },
    secretaryLeftOn: null,
    committee: 3,
    term: { status: 'ok', termEnds: '2028-05-01' },
    life: [{ type: 'general_meeting', expected: 2, missing: [] }],
    article9: [],
    dues: [],
    lastAdmitted: '2025-10-01',
    probationDue: [],
    transfersOverdue: [],
    lostContact: [],
    uncovered: null,
    ...over,
  };
}

function judge(key: IndicatorKey, f: OrgHealthFacts, s: LocalSettings = S) {
  const i = INDICATORS.find((x) => x.key === key)!;
  if (!i.appliesTo(f)) return null;
  return i.judge(f, s, R);
}

describe('indicator definitions', () => {
  it('every key has one definition with a label, a source and settings that exist', () => {
    expect(INDICATORS.map((i) => i.key)).toEqual([...INDICATOR_KEYS]);
    for (const i of INDICATORS) {
      expect(i.zh).toMatch(/\p{Script=Han}/u);
      expect(i.source.length).toBeGreaterThan(10);
      for (const k of i.settings)
        expect(SETTINGS[k as keyof typeof SETTINGS], `${i.key}: ${k}`).toBeDefined();
    }
  });
  it('a healthy branch is green on everything that applies', () => {
    const rs = judgeOrg(facts(), S, R);
    expect(rs.length).toBeGreaterThan(8);
    expect(rs.filter((r) => r.level !== 'green')).toEqual([]);
  });
  it('period and month helpers', () => {
    expect(periodZh('2026-Q1')).toBe('2026年第1季度');
    expect(periodZh('2026-03')).toBe('2026年3月');
    expect(periodZh('2026')).toBe('2026年度');
    // a month from the 31st ends on the last day of a shorter month (addMonths clamps)
    expect(wholeMonths('2026-01-31', '2026-02-27')).toBe(0);
    expect(wholeMonths('2026-01-31', '2026-02-28')).toBe(1);
    expect(wholeMonths('2026-04-15', '2026-07-15')).toBe(3);
    expect(wholeMonths('2026-04-15', '2026-07-14')).toBe(2);
    expect(lastTwoQuarters('2026-07-15')).toEqual({ from: '2026-01-01', to: '2026-06-30' });
    expect(lastTwoQuarters('2026-01-01')).toEqual({ from: '2025-07-01', to: '2025-12-31' });
  });
});

describe('secretary vacant (local rule: more than 3 months)', () => {
  it('amber when vacant up to the setting, red beyond it', () => {
    const v = (left: string) => judge('secretary_vacant', facts({ secretary: null, secretaryLeftOn: left }))!;
    expect(v('2026-07-15')).toMatchObject({ level: 'amber', value: 0, since: '2026-07-15' });
    expect(v('2026-04-15')).toMatchObject({ level: 'amber', value: 3, since: '2026-04-15' }); // exactly 3 months
    expect(v('2026-04-14')).toMatchObject({ level: 'amber', value: 3 }); // 3 whole months and a day
  });
  it('counts whole months: red from the 4th month', () => {
    const v = (left: string) => judge('secretary_vacant', facts({ secretary: null, secretaryLeftOn: left }))!;
    expect(v('2026-03-16')).toMatchObject({ level: 'amber', value: 3 });
    expect(v('2026-03-15')).toMatchObject({ level: 'red', value: 4 });
    expect(v('2026-03-15').evidence[0]).toBe('书记职位自2026年3月15日起空缺，已4个月（超过3个月）');
    expect(
      judge('secretary_vacant', facts({ secretary: null, secretaryLeftOn: '2026-03-15' }), {
        ...S,
        secretaryVacantRedMonths: 6,
      })!.level,
    ).toBe('amber');
  });
  it('never recorded: red, counted from the founding', () => {
    const r = judge('secretary_vacant', facts({ secretary: null }))!;
    expect(r.level).toBe('red');
    expect(r.evidence[0]).toContain('未记录书记任职');
  });
  it('an org without members of its own is not judged', () => {
    expect(judge('secretary_vacant', facts({ full: 0, probationary: 0, secretary: null }))).toBeNull();
  });
});

describe('committee incomplete (支部工作条例: 7 full members → a committee of 3 to 5)', () => {
  it('applies from 7 full members, amber under 3 committee members', () => {
    expect(judge('committee_incomplete', facts({ full: 6, committee: 1 }))).toBeNull();
    expect(judge('committee_incomplete', facts({ full: 7, committee: 2 }))!.level).toBe('amber');
    expect(judge('committee_incomplete', facts({ full: 7, committee: 3 }))!.level).toBe('green');
  });
});

describe('term due / overdue', () => {
  const t = (status: string, termEnds = '2026-07-01') =>
    judge('term_due', facts({ term: { status, termEnds } }))!;
  it('overdue red since the day after the due day, due within 3 months amber, 6 months and postponed green', () => {
    expect(t('overdue')).toMatchObject({ level: 'red', since: '2026-07-02' });
    expect(t('overdue').evidence[0]).toBe('本届任期应于2026年7月1日前完成换届，已超期未换届');
    expect(t('due_1m', '2026-08-01').level).toBe('amber');
    expect(t('due_3m', '2026-10-01').level).toBe('amber');
    expect(t('due_6m', '2027-01-01').level).toBe('green');
    expect(t('postponed', '2027-01-01').level).toBe('green');
    expect(judge('term_due', facts({ term: null }))).toBeNull();
  });
});

describe('meeting compliance over the last two quarters', () => {
  const life = (...missing: [string, number, string[]][]) =>
    judge(
      'org_life',
      facts({ life: missing.map(([type, expected, m]) => ({ type, expected, missing: m })) }),
    )!;
  it('one missed period amber, a kind never held in two quarters red, 3 missed red', () => {
    expect(life(['theme_day', 6, ['2026-03']])).toMatchObject({ level: 'amber', value: 1 });
    const both = life(['general_meeting', 2, ['2026-Q1', '2026-Q2']]);
    expect(both.level).toBe('red');
    expect(both.evidence).toEqual(['近两个季度未召开支部党员大会：2026年第1季度、2026年第2季度']);
    expect(life(['theme_day', 6, ['2026-02', '2026-03']]).level).toBe('amber');
    expect(life(['theme_day', 6, ['2026-02', '2026-03']], ['party_lecture', 2, ['2026-Q1']]).level).toBe(
      'red',
    );
    expect(
      judge(
        'org_life',
        facts({ life: [{ type: 'theme_day', expected: 6, missing: ['2026-02', '2026-03'] }] }),
        {
          ...S,
          lifeMissedRedPeriods: 2,
        },
      )!.level,
    ).toBe('red');
    expect(life(['general_meeting', 2, []]).level).toBe('green');
  });
});

describe('党章第九条 and dues flags', () => {
  it('three months amber, six months red (the rule’s numbers)', () => {
    const a3 = { name: '李四', since: '2026-04-01', months: 3, flag: 'three_months' as const };
    const a6 = { name: '王五', since: '2026-01-01', months: 6, flag: 'six_months' as const };
    expect(judge('article9_life', facts({ article9: [a3] }))!.level).toBe('amber');
    const r = judge('article9_life', facts({ article9: [a3, a6] }))!;
    expect(r).toMatchObject({ level: 'red', value: 2, since: '2026-01-01' });
    expect(r.evidence[1]).toBe('王五：自2026年1月起连续6个月无正当理由未参加组织生活');
    expect(judge('dues_arrears', facts({ dues: [a3] }))!.level).toBe('amber');
    expect(judge('dues_arrears', facts({ dues: [a6] }))!.evidence[0]).toBe(
      '王五：自2026年1月起连续6个月未交纳党费',
    );
    expect(judge('dues_arrears', facts({ dues: [a6] }))!.level).toBe('red');
    expect(judge('dues_arrears', facts())!.level).toBe('green');
  });
});

describe('ageing against the county (15 / 30 points)', () => {
  // county 30 %
  const ag = (aged61: number, members = 20) =>
    judge('ageing', facts({ full: members, probationary: 0, aged61, ageSum: members * 60 }))!;
  it('at exactly 15 points amber, 30 red, below green', () => {
    expect(ag(9).level).toBe('amber'); // 45 %
    expect(ag(8).level).toBe('green'); // 40 %
    expect(ag(12).level).toBe('red'); // 60 %
    expect(ag(11).level).toBe('amber'); // 55 %
    expect(ag(12).evidence[0]).toBe('61岁及以上党员12人，占60.0%（全县30.0%）；平均年龄60.0岁（全县52.0岁）');
  });
  it('not judged under 5 members or without the county', () => {
    expect(judge('ageing', facts({ full: 4, probationary: 0 }))).toBeNull();
    expect(judge('ageing', facts({ county: null }))).toBeNull();
  });
});

describe('years since the last admission (2 amber, 5 red)', () => {
  const ad = (last: string | null) => judge('admission_idle', facts({ lastAdmitted: last }))!;
  it('at the boundaries', () => {
    expect(ad('2024-07-16').level).toBe('green'); // 1 year
    expect(ad('2024-07-15')).toMatchObject({ level: 'amber', value: 2 });
    expect(ad('2021-07-16').level).toBe('amber'); // 4 years
    expect(ad('2021-07-15')).toMatchObject({ level: 'red', value: 5 });
    expect(ad(null).level).toBe('red');
    expect(ad(null).evidence[0]).toBe('无接收预备党员的记录（组织自1960年1月1日成立）');
    const f = facts();
    delete f.lastAdmitted;
    expect(judge('admission_idle', f)).toBeNull();
  });
});

describe('probationary members past their confirmation date', () => {
  const pr = (since: string) =>
    judge('probation_overdue', facts({ probationDue: [{ name: '赵六', since }] }))!;
  it('amber once past, red after 3 months', () => {
    expect(pr('2026-07-15').level).toBe('amber');
    expect(pr('2026-04-15').level).toBe('amber'); // exactly 3 months
    expect(pr('2026-04-14').level).toBe('amber'); // still 3 whole months
    expect(pr('2026-03-15').level).toBe('red');
    expect(pr('2026-03-15').evidence[0]).toBe('赵六：预备期于2026年3月15日届满，尚未讨论转正');
    expect(judge('probation_overdue', facts({ probationary: 0 }))).toBeNull();
  });
});

describe('transfers overdue, lost contact', () => {
  it('an overdue transfer is amber', () => {
    expect(judge('transfer_overdue', facts())!.level).toBe('green');
    const r = judge(
      'transfer_overdue',
      facts({ transfersOverdue: [{ name: '钱七', since: '2026-06-30' }] }),
    )!;
    expect(r).toMatchObject({ level: 'amber', value: 1, since: '2026-06-30' });
  });
  it('lost contact: below the notice green, at the notice amber, at 6 months red', () => {
    const l = (flag: 'notice' | 'serious' | null, months: number) =>
      judge('lost_contact', facts({ lostContact: [{ name: '孙八', since: '2026-01-10', months, flag }] }))!;
    expect(l(null, 2).level).toBe('green');
    expect(l('notice', 3).level).toBe('amber');
    expect(l('serious', 6).level).toBe('red');
    expect(l('serious', 6).evidence[0]).toBe(
      '孙八：自2026年1月10日起失去联系，已6个月（满6个月，应研究停止党籍）',
    );
  });
});

describe('branch size (支部工作条例 第五条: 3 full members, no more than 50)', () => {
  it('full members below 3 red; members above 50 amber', () => {
    expect(judge('too_few_full', facts({ full: 3 }))!.level).toBe('green');
    expect(judge('too_few_full', facts({ full: 2 }))!.level).toBe('red');
    expect(
      judge('too_few_full', facts({ full: 2, org: { ...facts().org, kind: 'joint_branch' } })),
    ).toBeNull();
    expect(judge('too_many_members', facts({ full: 49, probationary: 1 }))!.level).toBe('green');
    expect(judge('too_many_members', facts({ full: 50, probationary: 1 }))!.level).toBe('amber');
  });
});

describe('secretary age (local setting 60)', () => {
  it('amber above the setting', () => {
    const age = (birth: string, s = S) =>
      judge(
        'secretary_age',
        facts({ secretary: { name: '周九', birthDate: birth, since: '2020-01-01' } }),
        s,
      )!;
    expect(age('1966-07-15')).toMatchObject({ level: 'green', value: 60 });
    expect(age('1965-07-15')).toMatchObject({ level: 'amber', value: 61 });
    expect(age('1965-07-15').evidence[0]).toBe('书记周九现年61岁，超过60岁');
    expect(age('1965-07-15', { ...S, secretaryMaxAge: 62 }).level).toBe('green');
  });
});

describe('coverage of villages', () => {
  it('absent without a division table, red for a village without an org', () => {
    expect(judge('coverage', facts())).toBeNull();
    expect(judge('coverage', facts({ uncovered: [] }))!.level).toBe('green');
    const r = judge('coverage', facts({ uncovered: [{ code: '421124100201', name: '某某村委会' }] }))!;
    expect(r.level).toBe('red');
    expect(r.evidence[0]).toBe('辖区内1个村（社区）未建立党组织：某某村委会（421124100201）');
  });
});
