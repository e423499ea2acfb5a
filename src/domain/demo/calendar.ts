/**
 * Dates as day numbers (days since 1970-01-01, proleptic Gregorian) for the generator's hot loop: millions of
 * members need birth, join and confirmation dates, and integer arithmetic plus a string cache is far cheaper than
 * Date objects. Conversions follow H. Hinnant's civil-from-days / days-from-civil algorithms.
 */
import { ymd } from '../../shared/dates.js';

export function dayOf(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function dayOfIso(iso: string): number {
  return dayOf(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));
}

export function civilOfDay(n: number): [number, number, number] {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

const OFFSET = -25567; // day number of 1900-01-01
const isoCache: (string | undefined)[] = new Array<string | undefined>(120_000).fill(undefined);

/** 'YYYY-MM-DD' for a day number (cached: the generator asks for the same ~50,000 days over and over). */
export function isoOfDay(n: number): string {
  const i = n - OFFSET;
  if (i >= 0 && i < 120_000) {
    const hit = isoCache[i];
    if (hit !== undefined) return hit;
    const [y, m, d] = civilOfDay(n);
    return (isoCache[i] = ymd(y, m, d));
  }
  const [y, m, d] = civilOfDay(n);
  return ymd(y, m, d);
}

const compactCache: (string | undefined)[] = new Array<string | undefined>(120_000).fill(undefined);

/** 'YYYYMMDD' (as in an ID number) for a day number, cached like isoOfDay. */
export function compactOfDay(n: number): string {
  const i = n - OFFSET;
  const hit = i >= 0 && i < 120_000 ? compactCache[i] : undefined;
  if (hit !== undefined) return hit;
  const iso = isoOfDay(n);
  const s = iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 10);
  if (i >= 0 && i < 120_000) compactCache[i] = s;
  return s;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** The same calendar day `months` later, clamped to the month's end (as shared/dates addMonths). */
export function addMonthsDay(n: number, months: number): number {
  const [y, m, d] = civilOfDay(n);
  const idx = y * 12 + (m - 1) + months;
  const ny = Math.floor(idx / 12);
  const nm = (idx % 12) + 1;
  const dim = nm === 2 ? (isLeap(ny) ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][nm - 1]!;
  return dayOf(ny, nm, Math.min(d, dim));
}

/**
 * First day on which someone born on day `birth` is `years` full years old, as shared/dates fullYears counts
 * (someone born on 29 Feb turns a year older on 1 Mar in common years).
 */
export function birthdayDay(birth: number, years: number): number {
  const [y, m, d] = civilOfDay(birth);
  const ny = y + years;
  if (m === 2 && d === 29 && !isLeap(ny)) return dayOf(ny, 3, 1);
  return dayOf(ny, m, d);
}
