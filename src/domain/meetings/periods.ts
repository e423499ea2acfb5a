/**
 * The periods organisational life is counted in, and the spans of days an org's facts hold over. Pure.
 * A period is written `2026-03` (a month), `2026-Q2` (a quarter) or `2026` (a year); a span is [from, to), `to`
 * null while it lasts.
 */
import { addDays, ymd, type IsoDate } from '../../shared/dates.js';
import type { PeriodUnit } from '../../policy/rules.js';

export interface Period {
  unit: PeriodUnit;
  /** `2026-03`, `2026-Q2`, `2026` */
  key: string;
  /** its first day */
  start: IsoDate;
  /** the day after its last day */
  end: IsoDate;
}

export interface Span {
  from: IsoDate;
  /** exclusive; null: still lasting */
  to: IsoDate | null;
}

const MONTHS_OF: Record<PeriodUnit, number> = { month: 1, quarter: 3, year: 12 };

/** The unit of a period of so many months (the party-lecture setting: 1, 3 or 12). */
export function unitOfMonths(months: number): PeriodUnit {
  return months === 1 ? 'month' : months === 12 ? 'year' : 'quarter';
}

/** `2026-03-15` → `2026-03`. */
export function monthOf(date: IsoDate): string {
  return date.slice(0, 7);
}

/** The period of a unit that a day lies in. */
export function periodOf(unit: PeriodUnit, date: IsoDate): Period {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const first = unit === 'month' ? m : unit === 'quarter' ? m - ((m - 1) % 3) : 1;
  return periodAt(unit, y, first);
}

function periodAt(unit: PeriodUnit, y: number, firstMonth: number): Period {
  const next = firstMonth - 1 + MONTHS_OF[unit];
  const end = ymd(y + Math.floor(next / 12), (next % 12) + 1, 1);
  const key =
    unit === 'month'
      ? `${y}-${String(firstMonth).padStart(2, '0')}`
      : unit === 'quarter'
        ? `${y}-Q${(firstMonth + 2) / 3}`
        : String(y);
  return { unit, key, start: ymd(y, firstMonth, 1), end };
}

// a rebuild asks the same window's periods and months for every org (decision 0044's session 18 addendum): made
// once, shared and frozen
const WITHIN = new Map<string, readonly Period[]>();
const MONTHS = new Map<string, readonly string[]>();

/** The periods of a unit lying wholly within the days [from, to] (both inclusive), in order (shared, frozen). */
export function periodsWithin(unit: PeriodUnit, from: IsoDate, to: IsoDate): readonly Period[] {
  const k = `${unit}|${from}|${to}`;
  let out = WITHIN.get(k);
  if (out) return out;
  const list: Period[] = [];
  let p = periodOf(unit, from);
  if (p.start < from) p = periodOf(unit, p.end);
  const after = addDays(to, 1);
  while (p.end <= after) {
    list.push(Object.freeze(p));
    p = periodOf(unit, p.end);
  }
  out = Object.freeze(list);
  if (WITHIN.size >= 1000) WITHIN.clear();
  WITHIN.set(k, out);
  return out;
}

/** The months ('2026-03') a period holds (shared, frozen). */
export function monthsOf(p: Period): readonly string[] {
  // (a key names one period: `2026-03`, `2026-Q2`, `2026`)
  const k = p.key;
  let out = MONTHS.get(k);
  if (out) return out;
  const list: string[] = [];
  for (let d = p.start; d < p.end; d = periodOf('month', d).end) list.push(monthOf(d));
  out = Object.freeze(list);
  if (MONTHS.size >= 1000) MONTHS.clear();
  MONTHS.set(k, out);
  return out;
}

/** Do the spans, taken together, hold on every day of [from, to)? */
export function covers(spans: readonly Span[], from: IsoDate, to: IsoDate): boolean {
  const sorted = [...spans].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  let reached = from;
  for (const s of sorted) {
    if (s.from > reached) break;
    if (s.to === null) return true;
    if (s.to > reached) reached = s.to;
    if (reached >= to) return true;
  }
  return reached >= to;
}

/** The spans as few disjoint ones in order: overlapping and touching spans joined. */
export function mergeSpans(spans: readonly Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && (last.to === null || s.from <= last.to)) {
      if (last.to !== null && (s.to === null || s.to > last.to)) last.to = s.to;
    } else out.push({ from: s.from, to: s.to });
  }
  return out;
}

/** `covers` for spans `mergeSpans` made: one of them holds the whole window. */
export function coversMerged(merged: readonly Span[], from: IsoDate, to: IsoDate): boolean {
  if (from >= to) return true;
  for (const s of merged) if (s.from <= from && (s.to === null || s.to >= to)) return true;
  return false;
}
