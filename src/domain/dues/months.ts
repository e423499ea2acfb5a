/**
 * Months as dues count them (decision 0020): written `2026-03`, compared as strings, counted as an index
 * (year × 12 + month − 1) so spans of months are plain arithmetic. Pure.
 */
import { isIsoDate, ymd, type IsoDate } from '../../shared/dates.js';

/** `2026-03` */
export type Month = string;

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(s: string): boolean {
  const m = MONTH_RE.exec(s);
  return !!m && Number(m[1]) >= 1900 && Number(m[1]) <= 2200;
}

/** `2026-03-15` → `2026-03`. */
export function monthOfDate(date: IsoDate): Month {
  return date.slice(0, 7);
}

const digit = (m: string, i: number) => {
  const d = m.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : -1;
};

/** `2026-03` → 2026 × 12 + 2. */
export function monthIndex(m: Month): number {
  // read from the characters (the rollup's rebuild asks it for every member: no strings made); anything else as
  // Number reads it
  if (m.charCodeAt(4) === 45) {
    const y0 = digit(m, 0);
    const y1 = digit(m, 1);
    const y2 = digit(m, 2);
    const y3 = digit(m, 3);
    const m0 = digit(m, 5);
    const m1 = digit(m, 6);
    if ((y0 | y1 | y2 | y3 | m0 | m1) >= 0)
      return (y0 * 1000 + y1 * 100 + y2 * 10 + y3) * 12 + m0 * 10 + m1 - 1;
  }
  return Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
}

export function monthAt(index: number): Month {
  const y = Math.floor(index / 12);
  return `${y}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/**
 * `monthAt` and the month's first day, kept once made (the rollup's judgement asks the same few dozen months for
 * every member; decision 0044 addendum).
 */
const MADE_FROM = 1900 * 12;
const MADE = 400 * 12;
const made = new Array<{ month: Month; start: IsoDate } | undefined>(MADE);
export function monthOf(index: number): { month: Month; start: IsoDate } {
  const k = index - MADE_FROM;
  let m = k >= 0 && k < MADE ? made[k] : undefined;
  if (!m) {
    const month = monthAt(index);
    m = { month, start: `${month}-01` };
    if (k >= 0 && k < MADE) made[k] = m;
  }
  return m;
}

export function addMonthsTo(m: Month, n: number): Month {
  return monthAt(monthIndex(m) + n);
}

/** The first day of a month. */
export function monthStart(m: Month): IsoDate {
  return `${m}-01`;
}

/** The first day of the next month (the month's exclusive end). */
export function monthEnd(m: Month): IsoDate {
  return monthStart(addMonthsTo(m, 1));
}

/** The months from `a` to `b`, both inclusive (none when b < a). */
export function monthsFromTo(a: Month, b: Month): Month[] {
  const out: Month[] = [];
  for (let i = monthIndex(a), end = monthIndex(b); i <= end; i++) out.push(monthAt(i));
  return out;
}

/** How many months from `a` to `b` (b − a; negative when b is earlier). */
export function monthsBetween(a: Month, b: Month): number {
  return monthIndex(b) - monthIndex(a);
}

/** A span of months, both ends inclusive. */
export interface MonthRange {
  from: Month;
  to: Month;
}

/**
 * The months a ledger's 缴纳月份 cell names: `2026-01`, `2026-1`, `2026年1月`, `2026.01`, `2026/01`, `202601`, and
 * ranges `2026年1-3月`, `2026年1月-3月`, `2026年1月至2026年3月`, `2026.01-2026.03`, `2026-01~2026-03`. Null when the
 * text is none of these or the range runs backwards.
 */
export function parseMonthText(text: string): MonthRange | null {
  const t = text
    .trim()
    .replace(/\s+/g, '')
    .replace(/[－—–~～至到]/g, '-')
    .replace(/份/g, '');
  // 2026年1-3月, 2026年1月-3月
  let m = /^(\d{4})年(\d{1,2})月?-(\d{1,2})月$/.exec(t);
  if (m) return range(m[1]!, m[2]!, m[1]!, m[3]!);
  // 2026年1月
  m = /^(\d{4})年(\d{1,2})月$/.exec(t);
  if (m) return range(m[1]!, m[2]!, m[1]!, m[2]!);
  // 2026年1月-2026年3月
  m = /^(\d{4})年(\d{1,2})月-(\d{4})年(\d{1,2})月$/.exec(t);
  if (m) return range(m[1]!, m[2]!, m[3]!, m[4]!);
  // a date (a spreadsheet turns 2026-01 into 2026-01-01): its month
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (m) return isIsoDate(t) ? range(m[1]!, m[2]!, m[1]!, m[2]!) : null;
  // 2026-01, 2026.1, 2026/01, 202601
  m = /^(\d{4})[-./](\d{1,2})$/.exec(t) ?? /^(\d{4})(\d{2})$/.exec(t);
  if (m) return range(m[1]!, m[2]!, m[1]!, m[2]!);
  // 2026.01-2026.03, 2026-01-2026-03, 2026/01-2026/03, 202601-202603
  m = /^(\d{4})[-./]?(\d{1,2})-(\d{4})[-./]?(\d{1,2})$/.exec(t);
  if (m) return range(m[1]!, m[2]!, m[3]!, m[4]!);
  // 2026.01-03
  m = /^(\d{4})[./](\d{1,2})-(\d{1,2})$/.exec(t);
  if (m) return range(m[1]!, m[2]!, m[1]!, m[3]!);
  return null;
}

function range(y1: string, m1: string, y2: string, m2: string): MonthRange | null {
  const a = toMonth(y1, m1);
  const b = toMonth(y2, m2);
  if (!a || !b || b < a) return null;
  return { from: a, to: b };
}

function toMonth(y: string, m: string): Month | null {
  const mm = Number(m);
  if (!Number.isInteger(mm) || mm < 1 || mm > 12) return null;
  const out = `${y}-${String(mm).padStart(2, '0')}`;
  return isMonth(out) ? out : null;
}

/** The last day of a month. */
export function lastDayOf(m: Month): IsoDate {
  const y = Number(m.slice(0, 4));
  const mo = Number(m.slice(5, 7));
  return ymd(y, mo, new Date(Date.UTC(y, mo, 0)).getUTCDate());
}

/** `2026-03` → 2026年3月. */
export function monthZh(m: Month): string {
  return `${m.slice(0, 4)}年${Number(m.slice(5, 7))}月`;
}
