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

export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function ymd(y: number, m: number, d: number): IsoDate {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function parts(date: IsoDate): [number, number, number] {
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

/** Age in full years at `at` (a person born on 29 Feb becomes a year older on 1 Mar in common years). */
export function fullYears(from: IsoDate, at: IsoDate): number {
  const [fy, fm, fd] = parts(from);
  const [ay, am, ad] = parts(at);
  let years = ay - fy;
  if (am < fm || (am === fm && ad < fd)) years -= 1;
  return years;
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
