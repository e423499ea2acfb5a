import { describe, expect, it } from 'vitest';
import {
  BRANCH_KINDS,
  codesOf,
  COMMITTEE_POSTS,
  EDUCATION_GROUPS,
  EDUCATIONS,
  educationGroup,
  ETHNICITIES,
  HAN_CODE,
  labelOf,
  MEMBER_STATUSES,
  OCCUPATIONS,
  ORG_KINDS,
  ORG_STATUSES,
  ROSTER_STATUSES,
  SECTORS,
  SEXES,
  type CodeEntry,
} from '../../src/shared/codes.js';

const uniq = (list: readonly CodeEntry[]) => new Set(list.map((e) => e.code)).size === list.length;

describe('ETHNICITIES — GB/T 3304-1991', () => {
  it('has 56 nationalities coded 01–56 in order plus 97 and 98', () => {
    expect(ETHNICITIES).toHaveLength(58);
    const expected = Array.from({ length: 56 }, (_, i) => String(i + 1).padStart(2, '0')).concat([
      '97',
      '98',
    ]);
    expect(ETHNICITIES.map((e) => e.code)).toEqual(expected);
    expect(uniq(ETHNICITIES)).toBe(true);
    expect(new Set(ETHNICITIES.map((e) => e.zh)).size).toBe(58);
  });

  it.each([
    ['01', '汉族'],
    ['02', '蒙古族'],
    ['03', '回族'],
    ['04', '藏族'],
    ['05', '维吾尔族'],
    ['08', '壮族'],
    ['10', '朝鲜族'],
    ['11', '满族'],
    ['15', '土家族'],
    ['23', '高山族'],
    ['29', '柯尔克孜族'],
    ['37', '仡佬族'],
    ['46', '德昂族'],
    ['49', '京族'],
    ['56', '基诺族'],
    ['97', '其他未识别民族'],
    ['98', '外国血统中国籍人士'],
  ])('%s = %s', (code, zh) => {
    expect(labelOf(ETHNICITIES, code)).toBe(zh);
  });

  it('汉族 is HAN_CODE 01', () => {
    expect(HAN_CODE).toBe('01');
    expect(ETHNICITIES.find((e) => e.zh === '汉族')!.code).toBe(HAN_CODE);
  });

  it('the 55 minority nationalities (02–56) all end in 族', () => {
    const minorities = ETHNICITIES.filter((e) => Number(e.code) >= 2 && Number(e.code) <= 56);
    expect(minorities).toHaveLength(55);
    for (const e of minorities) expect(e.zh.endsWith('族')).toBe(true);
  });
});

describe('EDUCATIONS — GB/T 4658-2006, grouped for 党内统计', () => {
  it('has the 33 leaf codes, unique, in ascending order', () => {
    const codes = EDUCATIONS.map((e) => e.code);
    expect(codes).toEqual([
      '11',
      '12',
      '13',
      '14',
      '15',
      '16',
      '17',
      '18',
      '19',
      '21',
      '22',
      '23',
      '28',
      '31',
      '32',
      '33',
      '41',
      '42',
      '43',
      '44',
      '45',
      '46',
      '47',
      '48',
      '49',
      '61',
      '62',
      '63',
      '71',
      '73',
      '81',
      '83',
      '90',
    ]);
    expect(uniq(EDUCATIONS)).toBe(true);
  });

  it.each([
    ['11', '博士研究生毕业', 'postgraduate'],
    ['14', '硕士研究生毕业', 'postgraduate'],
    ['17', '研究生班毕业', 'postgraduate'],
    ['19', '研究生班肄业', 'postgraduate'],
    ['21', '大学本科毕业', 'bachelor'],
    ['28', '大学普通班毕业', 'bachelor'],
    ['31', '大学专科毕业', 'associate'],
    ['33', '大学专科肄业', 'associate'],
    ['41', '中等专科毕业', 'secondary_vocational'],
    ['43', '中等专科肄业', 'secondary_vocational'],
    ['44', '职业高中毕业', 'high_school'],
    ['47', '技工学校毕业', 'high_school'],
    ['49', '技工学校肄业', 'high_school'],
    ['61', '普通高中毕业', 'high_school'],
    ['71', '初中毕业', 'junior_or_below'],
    ['73', '初中肄业', 'junior_or_below'],
    ['81', '小学毕业', 'junior_or_below'],
    ['83', '小学肄业', 'junior_or_below'],
    ['90', '其他', 'junior_or_below'],
  ])('%s %s → %s', (code, zh, group) => {
    expect(labelOf(EDUCATIONS, code)).toBe(zh);
    expect(educationGroup(code)).toBe(group);
  });

  it('every code falls into the group of its leading digit', () => {
    const byLead: Record<string, string[]> = {
      '1': ['postgraduate'],
      '2': ['bachelor'],
      '3': ['associate'],
      '4': ['secondary_vocational', 'high_school'], // 41–43 中专; 44–49 职高、技校
      '6': ['high_school'],
      '7': ['junior_or_below'],
      '8': ['junior_or_below'],
      '9': ['junior_or_below'],
    };
    for (const e of EDUCATIONS) expect(byLead[e.code[0]!]).toContain(e.group);
    const counts = Object.fromEntries(
      EDUCATION_GROUPS.map((g) => [g.code, EDUCATIONS.filter((e) => e.group === g.code).length]),
    );
    expect(counts).toEqual({
      postgraduate: 9,
      bachelor: 4,
      associate: 3,
      secondary_vocational: 3,
      high_school: 9,
      junior_or_below: 5,
    });
  });

  it('the six party-statistics groups', () => {
    expect(EDUCATION_GROUPS.map((g) => [g.code, g.zh])).toEqual([
      ['postgraduate', '研究生'],
      ['bachelor', '大学本科'],
      ['associate', '大学专科'],
      ['secondary_vocational', '中专'],
      ['high_school', '高中、中技'],
      ['junior_or_below', '初中及以下'],
    ]);
  });

  it.each([[null], [undefined], [''], ['99'], ['1'], ['014']])('educationGroup(%j) → null', (code) => {
    expect(educationGroup(code)).toBeNull();
  });
});

describe('OCCUPATIONS and the platform enumerations', () => {
  it('has the 8 occupation categories of the bulletin', () => {
    expect(OCCUPATIONS.map((o) => o.code)).toEqual([
      'worker',
      'farmer',
      'professional',
      'manager',
      'civil_servant',
      'student',
      'other',
      'retired',
    ]);
    expect(labelOf(OCCUPATIONS, 'farmer')).toBe('农牧渔民');
    expect(labelOf(OCCUPATIONS, 'retired')).toBe('离退休人员');
  });

  it.each([
    ['ETHNICITIES', ETHNICITIES, 58],
    ['EDUCATIONS', EDUCATIONS, 33],
    ['EDUCATION_GROUPS', EDUCATION_GROUPS, 6],
    ['OCCUPATIONS', OCCUPATIONS, 8],
    ['ORG_KINDS', ORG_KINDS, 8],
    ['SECTORS', SECTORS, 12],
    ['ORG_STATUSES', ORG_STATUSES, 2],
    ['COMMITTEE_POSTS', COMMITTEE_POSTS, 3],
    ['MEMBER_STATUSES', MEMBER_STATUSES, 7],
    ['SEXES', SEXES, 2],
  ] as [string, readonly CodeEntry[], number][])('%s: %i entries, unique codes and labels', (_, list, n) => {
    expect(list).toHaveLength(n);
    expect(uniq(list)).toBe(true);
    expect(new Set(list.map((e) => e.zh)).size).toBe(n);
    for (const e of list) expect(e.zh.length).toBeGreaterThan(0);
  });

  it('branch kinds and roster statuses', () => {
    expect([...BRANCH_KINDS]).toEqual(['branch', 'joint_branch', 'temporary_branch']);
    expect([...ROSTER_STATUSES]).toEqual(['full', 'probationary']);
    expect(labelOf(MEMBER_STATUSES, 'probationary')).toBe('预备党员');
    expect(labelOf(ORG_KINDS, 'general_branch')).toBe('党总支');
  });
});

describe('labelOf / codesOf', () => {
  it.each([
    ['01', '汉族'],
    ['00', '00'], // unknown code: shown as is
    [null, ''],
    [undefined, ''],
  ])('labelOf(ETHNICITIES, %j) = %j', (code, label) => {
    expect(labelOf(ETHNICITIES, code)).toBe(label);
  });

  it('codesOf lists the codes in order', () => {
    expect(codesOf(SEXES)).toEqual(['male', 'female']);
    expect(codesOf(ORG_STATUSES)).toEqual(['active', 'dissolved']);
  });
});
