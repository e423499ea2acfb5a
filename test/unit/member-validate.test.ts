import { describe, expect, it } from 'vitest';
import { checkMemberFacts, type MemberFactsInput } from '../../src/domain/member/validate.js';

const TODAY = '2026-03-15';
// 110105200506150030: born 2005-06-15, male (17th digit 3). Check: sum 155, 155 mod 11 = 1 → '0'.
const ID_2005 = '110105200506150030';
// 110105200002290013: born 2000-02-29, male (17th digit 1). Check: sum 130, 130 mod 11 = 9 → '3'.
const ID_LEAP = '110105200002290013';
// 11010519491231002X: born 1949-12-31, female (17th digit 2). Check: sum 167, 167 mod 11 = 2 → 'X'.
const ID_1949 = '11010519491231002X';

const base = (over: Partial<MemberFactsInput> = {}): MemberFactsInput => ({
  idNumber: ID_2005,
  status: 'full',
  joinedOn: '2024-01-10',
  confirmedOn: '2025-01-10',
  ...over,
});

const codes = (input: MemberFactsInput, today = TODAY) =>
  checkMemberFacts(input, today).problems.map((p) => p.code);

describe('checkMemberFacts — facts from the ID number', () => {
  it('returns the facts and no problems for a clean record', () => {
    expect(checkMemberFacts(base(), TODAY)).toEqual({
      facts: { idNumber: ID_2005, sex: 'male', birthDate: '2005-06-15' },
      problems: [],
    });
  });

  it('normalises the ID number in the facts', () => {
    const r = checkMemberFacts(
      base({ idNumber: '11010519491231002x', joinedOn: '1970-07-01', confirmedOn: '1971-07-01' }),
      TODAY,
    );
    expect(r.facts).toEqual({ idNumber: ID_1949, sex: 'female', birthDate: '1949-12-31' });
    expect(r.problems).toEqual([]);
  });

  it.each([
    ['11010519491231002', 'ID_FORMAT'],
    ['110105194912310021', 'ID_CHECKSUM'],
    ['110105199902300012', 'ID_BIRTH_DATE'],
  ])('an invalid ID %s → %s on idNumber and no facts', (idNumber, code) => {
    const r = checkMemberFacts(base({ idNumber }), TODAY);
    expect(r.facts).toBeNull();
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ field: 'idNumber', code });
    expect(r.problems[0]!.message.length).toBeGreaterThan(0);
  });

  it.each([
    ['male', null, []],
    ['female', null, ['SEX_CONFLICT']],
    [null, '2005-06-15', []],
    [null, '2005-06-16', ['BIRTH_DATE_CONFLICT']],
    ['female', '2005-06-16', ['SEX_CONFLICT', 'BIRTH_DATE_CONFLICT']],
  ] as const)('sex %s / birth %s → %j', (sex, birthDate, expected) => {
    expect(codes(base({ sex, birthDate }))).toEqual(expected);
  });

  it('names the ID’s sex and birth date in the conflict messages', () => {
    const r = checkMemberFacts(base({ sex: 'female', birthDate: '2005-06-16' }), TODAY);
    expect(r.problems.map((p) => [p.field, p.code])).toEqual([
      ['sex', 'SEX_CONFLICT'],
      ['birthDate', 'BIRTH_DATE_CONFLICT'],
    ]);
    expect(r.problems[0]!.message).toContain('男');
    expect(r.problems[1]!.message).toContain('2005-06-15');
  });
});

describe('checkMemberFacts — join age (年满十八岁)', () => {
  it.each([
    // [id, joinedOn, expected]
    [ID_2005, '2023-06-14', ['JOIN_UNDER_AGE']], // the day before the 18th birthday
    [ID_2005, '2023-06-15', []], // exactly the 18th birthday
    [ID_2005, '2023-06-16', []],
    [ID_1949, '1967-12-30', ['JOIN_UNDER_AGE']],
    [ID_1949, '1967-12-31', []],
    // born 29 Feb: 18 full years on 1 Mar of the common year 2018
    [ID_LEAP, '2018-02-28', ['JOIN_UNDER_AGE']],
    [ID_LEAP, '2018-03-01', []],
  ])('%s joined %s → %j', (idNumber, joinedOn, expected) => {
    const r = checkMemberFacts({ idNumber, status: 'probationary', joinedOn }, TODAY);
    expect(r.problems.map((p) => p.code)).toEqual(expected);
    if (expected.length) expect(r.problems[0]).toMatchObject({ field: 'joinedOn' });
    if (expected.length) expect(r.problems[0]!.message).toContain('18');
  });
});

describe('checkMemberFacts — dates against today', () => {
  it.each([
    ['2026-03-15', []], // joined today
    ['2026-03-16', ['JOIN_IN_FUTURE']],
    ['2030-01-01', ['JOIN_IN_FUTURE']],
  ])('probationary joined %s → %j', (joinedOn, expected) => {
    expect(codes({ idNumber: ID_2005, status: 'probationary', joinedOn })).toEqual(expected);
  });

  it('a future join date is not also reported as under age', () => {
    // born 2005-06-15: still 17 on 2023-01-01, but that date is also judged as "future" when today is earlier
    expect(
      codes({ idNumber: ID_2005, status: 'probationary', joinedOn: '2023-01-01' }, '2022-12-31'),
    ).toEqual(['JOIN_IN_FUTURE']);
  });

  it.each([
    ['2024-01-09', ['CONFIRM_BEFORE_JOIN']],
    ['2024-01-10', ['CONFIRM_BEFORE_JOIN']], // same day as joining
    ['2024-01-11', ['CONFIRM_BEFORE_PROBATION_END']], // the day after joining: probation is one year (党章第七条)
    ['2025-01-09', ['CONFIRM_BEFORE_PROBATION_END']], // the last day of the probation
    ['2025-01-10', []], // the day the one-year probation ends
    ['2025-07-10', []], // after an extension of six months
    ['2026-01-10', []], // after an extension of a year
    ['2026-03-15', []], // confirmed today
    ['2026-03-16', ['CONFIRM_IN_FUTURE']],
  ])('full member joined 2024-01-10, confirmed %s → %j', (confirmedOn, expected) => {
    const r = checkMemberFacts(base({ confirmedOn }), TODAY);
    expect(r.problems.map((p) => p.code)).toEqual(expected);
    if (expected.length) expect(r.problems[0]!.field).toBe('confirmedOn');
  });

  it.each([
    ['probationary', '2025-01-10', ['PROBATIONARY_CONFIRMED']],
    ['probationary', null, []],
    ['full', null, []],
    ['transferred_out', '2025-01-10', []],
    ['deceased', '2025-01-10', []],
  ] as const)('status %s with confirmedOn %s → %j', (status, confirmedOn, expected) => {
    expect(codes(base({ status, confirmedOn }))).toEqual(expected);
  });

  it('a probationary member with a confirm date is reported once, whatever the date', () => {
    expect(codes(base({ status: 'probationary', confirmedOn: '2030-01-01' }))).toEqual([
      'PROBATIONARY_CONFIRMED',
    ]);
    expect(codes(base({ status: 'probationary', confirmedOn: '2020-01-01' }))).toEqual([
      'PROBATIONARY_CONFIRMED',
    ]);
  });
});

describe('checkMemberFacts — several problems at once', () => {
  it('reports every problem, in field order', () => {
    const r = checkMemberFacts(
      {
        idNumber: ID_2005,
        sex: 'female',
        birthDate: '2005-01-01',
        status: 'probationary',
        joinedOn: '2022-01-01',
        confirmedOn: '2023-01-01',
      },
      TODAY,
    );
    expect(r.problems.map((p) => [p.field, p.code])).toEqual([
      ['sex', 'SEX_CONFLICT'],
      ['birthDate', 'BIRTH_DATE_CONFLICT'],
      ['joinedOn', 'JOIN_UNDER_AGE'],
      ['confirmedOn', 'PROBATIONARY_CONFIRMED'],
    ]);
    expect(r.facts).toEqual({ idNumber: ID_2005, sex: 'male', birthDate: '2005-06-15' });
  });

  it('still checks the dates when the ID number is invalid', () => {
    const r = checkMemberFacts(
      { idNumber: 'bad', sex: 'male', status: 'full', joinedOn: '2027-01-01', confirmedOn: '2026-12-01' },
      TODAY,
    );
    expect(r.facts).toBeNull();
    expect(r.problems.map((p) => [p.field, p.code])).toEqual([
      ['idNumber', 'ID_FORMAT'],
      ['joinedOn', 'JOIN_IN_FUTURE'],
      ['confirmedOn', 'CONFIRM_IN_FUTURE'],
    ]);
  });
});
