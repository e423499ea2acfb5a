/**
 * Citizen ID number (公民身份号码), GB 11643-1999: 6-digit address code, 8-digit birth date, 3-digit sequence
 * (odd = male, even = female), 1 check character computed with ISO 7064:1983 MOD 11-2.
 */
import { fullYears, isValidYmd, ymd, type IsoDate } from './dates.js';
import type { Sex } from './codes.js';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

export type IdNumberProblem =
  | 'ID_FORMAT' // not 18 characters of digits with a final digit or X
  | 'ID_CHECKSUM' // check character does not match
  | 'ID_BIRTH_DATE' // the embedded birth date does not exist
  | 'ID_AGE' // the embedded birth date gives an implausible age
  | 'ID_MASKED'; // masked as lists and plain exports show it (4211**********8856): a file exported to be read

export const ID_PROBLEM_ZH: Record<IdNumberProblem, string> = {
  ID_FORMAT: '身份证号应为18位，前17位是数字，最后一位是数字或X',
  ID_CHECKSUM: '身份证号校验位不正确，请核对是否录错',
  ID_BIRTH_DATE: '身份证号中的出生日期不存在',
  ID_AGE: '身份证号中的出生日期不合理（年龄应在0至120岁之间）',
  ID_MASKED:
    '身份证号已打码（如 4211**********8856），这是只供查看的导出文件，不能据此识别党员：' +
    '请在党员名册页使用“导出可导入的名册”重新导出，修改后再导入',
};

/** A masked ID number (maskIdNumber's output, or the like): digits with a run of asterisks in the middle. */
const MASKED_ID = /^[\dX]{0,8}[*＊]{4,}[\dX]{0,8}$/;

export function checkChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** Upper-cases x, folds full-width digits/letters and strips spaces: what people type into spreadsheets. */
export function normalizeIdNumber(raw: string): string {
  if (isCanonical(raw)) return raw; // what nearly every cell holds: nothing to fold
  return raw
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[ｘＸ]/g, 'X')
    .replace(/\s+/g, '')
    .toUpperCase();
}

/** Only ASCII digits and capital letters: a text normalizeIdNumber leaves as it is. */
function isCanonical(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90))) return false;
  }
  return true;
}

export interface IdNumberInfo {
  idNumber: string;
  birthDate: IsoDate;
  sex: Sex;
  divisionCode: string;
}

export type IdNumberResult = { ok: true; info: IdNumberInfo } | { ok: false; problem: IdNumberProblem };

/** Validates an ID number. `today` bounds the plausible age (0–120 years). */
export function parseIdNumber(raw: string, today: IsoDate): IdNumberResult {
  const id = normalizeIdNumber(raw);
  if (!/^\d{17}[\dX]$/.test(id))
    return { ok: false, problem: MASKED_ID.test(id) ? 'ID_MASKED' : 'ID_FORMAT' };
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  if (!isValidYmd(y, m, d)) return { ok: false, problem: 'ID_BIRTH_DATE' };
  const birthDate = ymd(y, m, d);
  const age = fullYears(birthDate, today);
  if (birthDate > today || age > 120) return { ok: false, problem: 'ID_AGE' };
  if (checkChar(id.slice(0, 17)) !== id[17]) return { ok: false, problem: 'ID_CHECKSUM' };
  const sex: Sex = Number(id[16]) % 2 === 1 ? 'male' : 'female';
  return { ok: true, info: { idNumber: id, birthDate, sex, divisionCode: id.slice(0, 6) } };
}

/** Masks an ID number for lists: keeps the first 4 and the last 4 characters (3203**********123X). */
export function maskIdNumber(id: string | null | undefined): string {
  if (!id) return '';
  if (id.length <= 8) return '*'.repeat(id.length);
  return id.slice(0, 4) + '*'.repeat(id.length - 8) + id.slice(-4);
}

/** Masks a phone number: 138****5678. */
export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return '';
  if (phone.length < 7) return '*'.repeat(phone.length);
  return phone.slice(0, 3) + '*'.repeat(phone.length - 7) + phone.slice(-4);
}
