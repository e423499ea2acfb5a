import { describe, expect, it } from 'vitest';
import { ageBandOf, joinPeriodOf, RULE_SETS, RULES_2018, rulesAt } from '../../src/policy/rules.js';
import { SECTORS, type OrgKind, type Sector } from '../../src/shared/codes.js';

describe('ageBandOf — 党内统计公报 age bands', () => {
  it.each([
    [0, '0-30'],
    [18, '0-30'],
    [30, '0-30'],
    [31, '31-35'],
    [35, '31-35'],
    [36, '36-40'],
    [40, '36-40'],
    [41, '41-45'],
    [45, '41-45'],
    [46, '46-50'],
    [50, '46-50'],
    [51, '51-55'],
    [55, '51-55'],
    [56, '56-60'],
    [60, '56-60'],
    [61, '61+'],
    [90, '61+'],
    [120, '61+'],
  ])('age %i → %s', (age, band) => {
    expect(ageBandOf(age)).toBe(band);
  });

  it('the bands are the eight of the bulletin, contiguous and without gaps', () => {
    const bands = RULES_2018.ageBands;
    expect(bands.map((b) => [b.key, b.zh])).toEqual([
      ['0-30', '30岁及以下'],
      ['31-35', '31至35岁'],
      ['36-40', '36至40岁'],
      ['41-45', '41至45岁'],
      ['46-50', '46至50岁'],
      ['51-55', '51至55岁'],
      ['56-60', '56至60岁'],
      ['61+', '61岁及以上'],
    ]);
    expect(bands[0]!.min).toBeNull();
    expect(bands.at(-1)!.max).toBeNull();
    for (let i = 1; i < bands.length; i++) expect(bands[i]!.min).toBe(bands[i - 1]!.max! + 1);
  });
});

describe('joinPeriodOf — 党内统计 入党时间', () => {
  it.each([
    ['1921-07-23', 'before_1949'],
    ['1949-09-30', 'before_1949'],
    ['1949-10-01', '1949_1978'], // 中华人民共和国成立
    ['1978-12-17', '1949_1978'],
    ['1978-12-18', '1978_2012'], // 党的十一届三中全会开幕
    ['2012-11-07', '1978_2012'],
    ['2012-11-08', 'since_2012'], // 党的十八大开幕
    ['2026-03-15', 'since_2012'],
  ])('joined %s → %s', (d, key) => {
    expect(joinPeriodOf(d)).toBe(key);
  });

  it('the periods chain without gaps', () => {
    const ps = RULES_2018.joinPeriods;
    expect(ps.map((p) => p.key)).toEqual(['before_1949', '1949_1978', '1978_2012', 'since_2012']);
    expect(ps[0]!.from).toBeNull();
    expect(ps.at(-1)!.before).toBeNull();
    for (let i = 1; i < ps.length; i++) expect(ps[i]!.from).toBe(ps[i - 1]!.before);
  });
});

describe('termYears — 任期', () => {
  const nonRural: Sector[] = SECTORS.map((s) => s.code).filter((s) => s !== 'village' && s !== 'community');

  it.each([
    ['local_committee', 5],
    ['township_committee', 5],
    ['working_committee', 5],
    ['primary_committee', 5],
    ['general_branch', 3],
    ['branch', 3],
    ['joint_branch', 3],
    ['temporary_branch', null],
  ] as [OrgKind, number | null][])('%s outside villages and communities → %s', (kind, years) => {
    for (const sector of nonRural) expect(RULES_2018.termYears(kind, sector)).toBe(years);
  });

  it.each([
    ['village', 'branch'],
    ['village', 'joint_branch'],
    ['village', 'general_branch'],
    ['village', 'primary_committee'],
    ['community', 'branch'],
    ['community', 'joint_branch'],
    ['community', 'general_branch'],
    ['community', 'primary_committee'],
    ['village', 'township_committee'],
  ] as [Sector, OrgKind][])(
    '%s %s → 5 (村、社区党组织每届任期5年: 农村基层组织工作条例 2019; 支部工作条例 2018)',
    (sector, kind) => {
      expect(RULES_2018.termYears(kind, sector)).toBe(5);
    },
  );

  // 《中国共产党支部工作条例（试行）》(2018) 第二章, on 临时党支部: 临时党支部…不选举党代表大会代表和进行换届;
  // 临时党支部书记、副书记和委员由批准其成立的党组织指定. A temporary branch has no term in any sector.
  it.each([['village'], ['community']] as [Sector][])(
    'temporary_branch in %s → null (临时党支部不进行换届)',
    (sector) => {
      expect(RULES_2018.termYears('temporary_branch', sector)).toBeNull();
    },
  );
});

describe('RULES_2018 thresholds', () => {
  it('holds the official numbers', () => {
    expect(RULES_2018.minJoinAge).toBe(18); // 发展党员工作细则 第五条: 年满十八岁
    expect(RULES_2018.branchMinFullMembers).toBe(3); // 支部工作条例: 正式党员3人以上
    expect(RULES_2018.branchMaxMembers).toBe(50); // 支部工作条例: 一般不超过50人
    expect(RULES_2018.branchCommitteeMinFullMembers).toBe(7); // 支部工作条例: 正式党员7人以上设支部委员会
    expect(RULES_2018.effectiveFrom).toBe('2018-10-28');
  });
});

describe('rulesAt', () => {
  it.each([
    ['1800-01-01', 'national-baseline'], // before every set: falls back to the first
    ['1900-01-01', 'national-baseline'],
    ['1978-12-18', 'national-baseline'],
    ['2018-10-27', 'national-baseline'],
    ['2018-10-28', 'national-2018'],
    ['2026-03-15', 'national-2018'],
  ])('%s → %s', (d, id) => {
    expect(rulesAt(d).id).toBe(id);
  });

  it('the rule sets are ordered by effectiveFrom', () => {
    const from = RULE_SETS.map((r) => r.effectiveFrom);
    expect(from).toEqual([...from].sort());
    expect(RULE_SETS.map((r) => r.id)).toEqual(['national-baseline', 'national-2018']);
  });

  it('the baseline carries the same numbers', () => {
    const b = rulesAt('2000-01-01');
    expect([
      b.minJoinAge,
      b.branchMinFullMembers,
      b.branchMaxMembers,
      b.branchCommitteeMinFullMembers,
    ]).toEqual([18, 3, 50, 7]);
    expect(b.termYears('branch', 'school')).toBe(3);
  });
});
