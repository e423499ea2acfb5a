/** Dates travel as 'YYYY-MM-DD' strings end to end; these helpers never touch the local time zone. */
export type IsoDate = string;

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(s: string): boolean {
  const m = ISO_RE.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  return isValidYmd(y, mo, d);
}

export function isValidYmd(y: number, m: number, d: number): boolean {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return false;
  if (y < 1800 || y > 2200 || m < 1 || m > 12 || d < 1) return false;
  return d <= daysInMonth(y, m);
}

const MONTH_DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in month m (1–12) of year y, proleptic Gregorian (as Date.UTC counts them). */
export function daysInMonth(y: number, m: number): number {
  if (m === 2) return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28;
  if (Number.isInteger(m) && m >= 1 && m <= 12) return MONTH_DAYS[m]!;
  return new Date(Date.UTC(y, m, 0)).getUTCDate(); // months out of range roll over, as Date does
}

const TWO = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

export function ymd(y: number, m: number, d: number): IsoDate {
  // (called for every date of every imported row: two-digit parts from a table, no padStart)
  if (y >= 1000 && y <= 9999 && m >= 0 && m < 100 && d >= 0 && d < 100 && (m | 0) === m && (d | 0) === d)
    return `${y}-${TWO[m]}-${TWO[d]}`;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function parts(date: IsoDate): [number, number, number] {
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

/** Four ASCII digits of a 'YYYY-MM-DD' date read as one number: the year at 0, month and day ('0305' → 305) at 5. */
function fourDigits(date: IsoDate, at: number): number {
  const skip = at === 5 ? 1 : 0; // the '-' between month and day
  return (
    (date.charCodeAt(at) - 48) * 1000 +
    (date.charCodeAt(at + 1) - 48) * 100 +
    (date.charCodeAt(at + 2 + skip) - 48) * 10 +
    (date.charCodeAt(at + 3 + skip) - 48)
  );
}

/** Age in full years at `at` (a person born on 29 Feb becomes a year older on 1 Mar in common years). */
export function fullYears(from: IsoDate, at: IsoDate): number {
  return fourDigits(at, 0) - fourDigits(from, 0) - (fourDigits(at, 5) < fourDigits(from, 5) ? 1 : 0);
}

export function addYears(date: IsoDate, years: number): IsoDate {
  const [y, m, d] = parts(date);
  const ny = y + years;
  return ymd(ny, m, Math.min(d, daysInMonth(ny, m)));
}

export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = parts(date);
  const idx = y * 12 + (m - 1) + months;
  const ny = Math.floor(idx / 12);
  const nm = (idx % 12) + 1;
  return ymd(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const [y, m, d] = parts(date);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return ymd(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

export function daysBetween(a: IsoDate, b: IsoDate): number {
  const [ay, am, ad] = parts(a);
  const [by, bm, bd] = parts(b);
  return Math.round((Date.UTC(by, bm - 1, bd) - Date.UTC(ay, am - 1, ad)) / 86_400_000);
}

/** Today's date in China Standard Time (UTC+8, no DST), the calendar every deadline is counted in. */
export function chinaToday(now: Date = new Date()): IsoDate {
  const t = new Date(now.getTime() + 8 * 3_600_000);
  return ymd(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}
