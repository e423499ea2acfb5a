import { describe, expect, it } from 'vitest';
import {
  checkChar,
  ID_PROBLEM_ZH,
  maskIdNumber,
  maskPhone,
  normalizeIdNumber,
  parseIdNumber,
} from '../../src/shared/id-number.js';

const TODAY = '2026-03-15';

/** Builds a full number from 17 digits using the module's own check char (only for tests of other rules). */
const withCheck = (first17: string) => first17 + checkChar(first17);

describe('checkChar — GB 11643-1999 ISO 7064 MOD 11-2', () => {
  // Weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2; check chars indexed by (sum mod 11): '10X98765432'.
  // Prefix 11010519491231 (address 110105, birth 19491231):
  //   1·7 + 1·9 + 0·10 + 1·5 + 0·8 + 5·4 + 1·2 + 9·1 + 4·6 + 9·3 + 1·7 + 2·9 + 3·10 + 1·5
  //   = 7 + 9 + 0 + 5 + 0 + 20 + 2 + 9 + 24 + 27 + 7 + 18 + 30 + 5 = 163
  // then the 3-digit sequence abc adds 8a + 4b + 2c.
  it.each([
    // [first 17 digits, sum, sum mod 11, expected check char]
    ['11010519491231000', 163, 9, '3'],
    ['11010519491231001', 165, 0, '1'],
    ['11010519491231002', 167, 2, 'X'], // the standard's own example 11010519491231002X
    ['11010519491231003', 169, 4, '8'],
    ['11010519491231004', 171, 6, '6'],
    ['11010519491231005', 173, 8, '4'],
    ['11010519491231006', 175, 10, '2'],
    ['11010519491231007', 177, 1, '0'],
    ['11010519491231008', 179, 3, '9'],
    ['11010519491231009', 181, 5, '7'],
    ['11010519491231018', 183, 7, '5'], // 163 + 4·1 + 2·8 = 183
  ])('%s (sum %i, mod 11 = %i) → %s', (first17, sum, mod, expected) => {
    expect(sum % 11).toBe(mod);
    expect(checkChar(first17)).toBe(expected);
  });

  it('covers all 11 check characters', () => {
    const seqs = ['000', '001', '002', '003', '004', '005', '006', '007', '008', '009', '018'];
    const chars = new Set(seqs.map((s) => checkChar('11010519491231' + s)));
    expect([...chars].sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X']);
  });

  it('440524188001010014, the standard’s other example (sum 195, mod 11 = 8 → 4)', () => {
    // 4·7 + 4·9 + 0·10 + 5·5 + 2·8 + 4·4 + 1·2 + 8·1 + 8·6 + 0·3 + 0·7 + 1·9 + 0·10 + 1·5 + 0·8 + 0·4 + 1·2
    // = 28 + 36 + 0 + 25 + 16 + 16 + 2 + 8 + 48 + 0 + 0 + 9 + 0 + 5 + 0 + 0 + 2 = 195; 195 mod 11 = 8 → '4'
    expect(checkChar('44052418800101001')).toBe('4');
  });

  it('110105200002290013 (leap day; sum 130, mod 11 = 9 → 3)', () => {
    // 7 + 9 + 0 + 5 + 0 + 20 + 2·2 + 0 + 0 + 0 + 0 + 2·9 + 2·10 + 9·5 + 0 + 0 + 1·2 = 130; 130 mod 11 = 9 → '3'
    expect(checkChar('11010520000229001')).toBe('3');
  });

  it('110105200506150030 (sum 155, mod 11 = 1 → 0)', () => {
    // 7 + 9 + 0 + 5 + 0 + 20 + 4 + 0 + 0 + 5·3 + 0 + 6·9 + 1·10 + 5·5 + 0 + 0 + 3·2 = 155; 155 mod 11 = 1 → '0'
    expect(checkChar('11010520050615003')).toBe('0');
  });
});

describe('parseIdNumber — valid numbers', () => {
  it('accepts the standard’s example 11010519491231002X', () => {
    expect(parseIdNumber('11010519491231002X', TODAY)).toEqual({
      ok: true,
      info: {
        idNumber: '11010519491231002X',
        birthDate: '1949-12-31',
        sex: 'female',
        divisionCode: '110105',
      },
    });
  });

  it.each([
    ['110105194912310003', 'female'],
    ['110105194912310011', 'male'],
    ['11010519491231002X', 'female'],
    ['110105194912310038', 'male'],
    ['110105194912310046', 'female'],
    ['110105194912310054', 'male'],
    ['110105194912310062', 'female'],
    ['110105194912310070', 'male'],
    ['110105194912310089', 'female'],
    ['110105194912310097', 'male'],
    ['110105194912310185', 'female'],
  ])('accepts %s (every check char) with sex %s from the 17th digit', (id, sex) => {
    const r = parseIdNumber(id, TODAY);
    expect(r).toEqual({
      ok: true,
      info: { idNumber: id, birthDate: '1949-12-31', sex, divisionCode: '110105' },
    });
  });

  it.each([
    ['11010519491231002X', '11010519491231002X'],
    ['11010519491231002x', '11010519491231002X'], // lower-case x
    ['１１０１０５１９４９１２３１００２Ｘ', '11010519491231002X'], // full-width digits and Ｘ
    ['１１０１０５１９４９１２３１００２ｘ', '11010519491231002X'], // full-width ｘ
    [' 110105 19491231 002X ', '11010519491231002X'], // spaces
    ['110105\t19491231\u3000002x', '11010519491231002X'], // tab and ideographic space
  ])('normalises %j → %s', (raw, normalised) => {
    expect(normalizeIdNumber(raw)).toBe(normalised);
    const r = parseIdNumber(raw, TODAY);
    expect(r.ok && r.info.idNumber).toBe(normalised);
  });

  it('accepts the leap day 2000-02-29', () => {
    expect(parseIdNumber('110105200002290013', TODAY)).toEqual({
      ok: true,
      info: { idNumber: '110105200002290013', birthDate: '2000-02-29', sex: 'male', divisionCode: '110105' },
    });
  });
});

describe('parseIdNumber — problems', () => {
  it.each([
    ['', 'empty'],
    ['11010519491231002', '17 characters'],
    ['11010519491231002X1', '19 characters'],
    ['110105194912310020X', '19 characters ending in X'],
    ['1101051949123100X2', 'X not last'],
    ['11010519491231002Y', 'letter Y as check'],
    ['A1010519491231002X', 'letter in address'],
    ['110105-19491231-002X', 'dashes'],
    ['110105194912310', '15-digit first-generation number'],
  ])('%j (%s) → ID_FORMAT', (id) => {
    expect(parseIdNumber(id, TODAY)).toEqual({ ok: false, problem: 'ID_FORMAT' });
  });

  it.each([
    ['110105194912310021', 'X expected, 1 given'],
    ['110105194912310012', '1 expected, 2 given'],
    ['440524188001010015', '4 expected, 5 given'],
  ])('%s (%s) → ID_CHECKSUM', (id) => {
    expect(parseIdNumber(id, '2000-01-01')).toEqual({ ok: false, problem: 'ID_CHECKSUM' });
  });

  it.each([
    ['19990230', '30 Feb'],
    ['20230229', '29 Feb in a common year (2023)'],
    ['19991301', 'month 13'],
    ['19990001', 'month 00'],
    ['19990100', 'day 00'],
    ['19990431', '31 April'],
    ['19000229', '1900 is not a leap year'],
    ['17991231', 'before 1800'],
  ])('birth %s (%s) → ID_BIRTH_DATE, whatever the check char', (birth) => {
    const first17 = '110105' + birth + '001';
    // the check character is computed so only the date is wrong
    expect(parseIdNumber(withCheck(first17), TODAY)).toEqual({ ok: false, problem: 'ID_BIRTH_DATE' });
    expect(parseIdNumber(first17 + 'X', TODAY)).toEqual({ ok: false, problem: 'ID_BIRTH_DATE' });
  });

  describe('age boundaries (0 to 120 full years inclusive; over 120 → ID_AGE)', () => {
    it.each([
      // [birth, today, expected]
      ['20260315', '2026-03-15', 'ok'], // born today: age 0
      ['20260316', '2026-03-15', 'ID_AGE'], // born tomorrow
      ['20270101', '2026-03-15', 'ID_AGE'],
      ['19060315', '2026-03-15', 'ok'], // 120th birthday today
      ['19050316', '2026-03-15', 'ok'], // 120 years and 364 days: still 120
      ['19050315', '2026-03-15', 'ID_AGE'], // 121st birthday today
      ['18800101', '2000-12-31', 'ok'], // 120
      ['18800101', '2001-01-01', 'ID_AGE'], // 121
    ])('born %s, today %s → %s', (birth, today, expected) => {
      const r = parseIdNumber(withCheck('110105' + birth + '001'), today);
      if (expected === 'ok') expect(r.ok).toBe(true);
      else expect(r).toEqual({ ok: false, problem: expected });
    });

    it('the standard example 440524188001010014 is valid in 2000 but too old today', () => {
      expect(parseIdNumber('440524188001010014', '2000-01-01')).toEqual({
        ok: true,
        info: {
          idNumber: '440524188001010014',
          birthDate: '1880-01-01',
          sex: 'male',
          divisionCode: '440524',
        },
      });
      expect(parseIdNumber('440524188001010014', TODAY)).toEqual({ ok: false, problem: 'ID_AGE' });
    });

    it('the message states the 0–120 range', () => {
      expect(ID_PROBLEM_ZH.ID_AGE).toContain('0至120岁');
    });
  });

  it.each([
    ['0', 'female'],
    ['1', 'male'],
    ['2', 'female'],
    ['3', 'male'],
    ['4', 'female'],
    ['5', 'male'],
    ['6', 'female'],
    ['7', 'male'],
    ['8', 'female'],
    ['9', 'male'],
  ])('17th digit %s → %s', (d, sex) => {
    const r = parseIdNumber(withCheck('1101051990010100' + d), TODAY);
    expect(r.ok && r.info.sex).toBe(sex);
  });
});

describe('masking', () => {
  it.each([
    ['11010519491231002X', '1101**********002X'],
    ['320322198001011234', '3203**********1234'],
    ['123456789', '1234*6789'],
    ['12345678', '********'],
    ['1234', '****'],
    ['', ''],
  ])('maskIdNumber(%j) → %s', (id, masked) => {
    expect(maskIdNumber(id)).toBe(masked);
  });

  it('maskIdNumber keeps the length of an 18-character number', () => {
    const m = maskIdNumber('11010519491231002X');
    expect(m).toHaveLength(18);
    expect(m.slice(0, 4)).toBe('1101');
    expect(m.slice(-4)).toBe('002X');
    expect(m.slice(4, 14)).toBe('*'.repeat(10));
  });

  it.each([null, undefined])('maskIdNumber(%s) → empty', (v) => {
    expect(maskIdNumber(v)).toBe('');
  });

  it.each([
    ['13812345678', '138****5678'],
    ['15900001111', '159****1111'],
    ['01012345678', '010****5678'],
    ['1234567', '1234567'], // 7 characters: 3 + 4 kept, nothing between
    ['12345678', '123*5678'],
    ['123456', '******'],
    ['', ''],
  ])('maskPhone(%j) → %s', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });

  it.each([null, undefined])('maskPhone(%s) → empty', (v) => {
    expect(maskPhone(v)).toBe('');
  });
});
