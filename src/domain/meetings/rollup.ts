/**
 * The maintained organisational-life rollup's cells (decision 0024). Pure.
 *
 * An org's own cells are, per calendar year and kind, three bit masks over the year's 17 periods — bits 0–11 the
 * months, 12–15 the quarters, 16 the year: the periods it owed and that are judged (`expected`: held, or ended
 * without one), those met (`held`, a subset), and those still running and not yet met (`pending`). They are made
 * from `orgPeriodStates`, the judgement the live compliance is made of, so both agree by construction. An
 * ancestor's rolled cell counts, per year, kind and period, the orgs of its subtree (itself excluded) in each state.
 */
import type { LifeItemType, PeriodUnit } from '../../policy/rules.js';
import type { ComplianceItem, PeriodJudgement } from './compliance.js';
import { MEETING_KINDS } from '../../shared/codes.js';
import { periodsWithin, type Period } from './periods.js';
import { addDays, ymd, type IsoDate } from '../../shared/dates.js';

/** Periods per year: 12 months, 4 quarters, the year. */
export const PERIOD_BITS = 17;

/** One org's cells of one year and kind. */
export interface OwnCell {
  year: number;
  type: LifeItemType;
  expected: number;
  held: number;
  pending: number;
}

/** One rolled cell (a count of orgs) of one year, kind and period (bit). */
export interface RollCell {
  year: number;
  type: LifeItemType;
  period: number;
  expected: number;
  held: number;
  pending: number;
}

/** The bit of a period within its year. */
export function periodBit(p: Pick<Period, 'unit' | 'key'>): number {
  if (p.unit === 'year') return 16;
  if (p.unit === 'quarter') return 11 + Number(p.key.slice(6));
  return Number(p.key.slice(5, 7)) - 1;
}

/** The period key of a year's bit: `2026-03`, `2026-Q2`, `2026`. */
export function periodKey(year: number, bit: number): string {
  if (bit === 16) return String(year);
  if (bit >= 12) return `${year}-Q${bit - 11}`;
  return `${year}-${String(bit + 1).padStart(2, '0')}`;
}

/** The unit of a year's bit. */
export function bitUnit(bit: number): PeriodUnit {
  return bit === 16 ? 'year' : bit >= 12 ? 'quarter' : 'month';
}

// a period's year and bit (year * 32 + bit) by its key: a rebuild makes the cells of the same few dozen periods for
// every org
const YEAR_BIT = new Map<string, number>();

/** An org's judged periods as its cells, one per year and kind it owed anything of. */
export function ownCells(judged: readonly PeriodJudgement[]): OwnCell[] {
  // (a few cells an org: found by a scan)
  const cells: OwnCell[] = [];
  for (const j of judged) {
    let yb = YEAR_BIT.get(j.period.key);
    if (yb === undefined) {
      if (YEAR_BIT.size >= 10_000) YEAR_BIT.clear();
      YEAR_BIT.set(j.period.key, (yb = Number(j.period.key.slice(0, 4)) * 32 + periodBit(j.period)));
    }
    const year = yb >> 5;
    let c: OwnCell | undefined;
    for (const x of cells)
      if (x.year === year && x.type === j.type) {
        c = x;
        break;
      }
    if (!c) cells.push((c = { year, type: j.type, expected: 0, held: 0, pending: 0 }));
    const bit = 1 << (yb & 31);
    if (j.state === 'pending') c.pending |= bit;
    else {
      c.expected |= bit;
      if (j.state === 'held') c.held |= bit;
    }
  }
  return cells;
}

/** What replacing an org's cells `before` by `after` changes in each of its ancestors' rolled cells. */
export function rollDelta(before: readonly OwnCell[], after: readonly OwnCell[]): RollCell[] {
  const out = new Map<string, RollCell>();
  const add = (c: OwnCell, sign: 1 | -1) => {
    for (let bit = 0; bit < PERIOD_BITS; bit++) {
      const m = 1 << bit;
      const e = c.expected & m ? sign : 0;
      const h = c.held & m ? sign : 0;
      const p = c.pending & m ? sign : 0;
      if (!e && !h && !p) continue;
      const k = `${c.year}|${c.type}|${bit}`;
      let r = out.get(k);
      if (!r) out.set(k, (r = { year: c.year, type: c.type, period: bit, expected: 0, held: 0, pending: 0 }));
      r.expected += e;
      r.held += h;
      r.pending += p;
    }
  };
  for (const c of before) add(c, -1);
  for (const c of after) add(c, 1);
  return [...out.values()].filter((r) => r.expected || r.held || r.pending);
}

/** The days the rollup judges as of a day: the previous and the running calendar year. */
export function rollupWindow(asOf: IsoDate): { from: IsoDate; to: IsoDate; fromYear: number } {
  const y = Number(asOf.slice(0, 4));
  return { from: ymd(y - 1, 1, 1), to: addDays(ymd(y + 1, 1, 1), -1), fromYear: y - 1 };
}

const UNITS: readonly PeriodUnit[] = ['month', 'quarter', 'year'];

/** The state of each period of [from, to] an org's cells hold, in compliance order (month, quarter, year). */
export function judgementsFromCells(
  cells: readonly OwnCell[],
  from: IsoDate,
  to: IsoDate,
): PeriodJudgement[] {
  const byKey = new Map<string, OwnCell[]>();
  for (const c of cells) {
    const list = byKey.get(String(c.year)) ?? [];
    list.push(c);
    byKey.set(String(c.year), list);
  }
  const out: PeriodJudgement[] = [];
  for (const unit of UNITS)
    for (const p of periodsWithin(unit, from, to)) {
      const bit = 1 << periodBit(p);
      for (const c of byKey.get(p.key.slice(0, 4)) ?? []) {
        if (c.held & bit) out.push({ type: c.type, period: p, state: 'held' });
        else if (c.expected & bit) out.push({ type: c.type, period: p, state: 'missing' });
        else if (c.pending & bit) out.push({ type: c.type, period: p, state: 'pending' });
      }
    }
  return out;
}

/**
 * The bits of each year a range of days holds whole periods of, per unit (`cellRange`): what `itemsFromCells` reads
 * an org's cells through — computed once for a subtree's thousands of orgs.
 */
export interface CellRange {
  /** per year of the range, the bits of its periods within the range (every unit) */
  masks: Map<number, number>;
  /** the periods in the order compliance lists missing ones: months, then quarters, then years, each by date */
  order: { year: number; bit: number; key: string }[];
}

/** The periods of [from, to] as bits of their years (the periods `judgementsFromCells` walks). */
export function cellRange(from: IsoDate, to: IsoDate): CellRange {
  const masks = new Map<number, number>();
  const order: CellRange['order'] = [];
  for (const unit of UNITS)
    for (const p of periodsWithin(unit, from, to)) {
      const year = Number(p.key.slice(0, 4));
      const bit = periodBit(p);
      masks.set(year, (masks.get(year) ?? 0) | (1 << bit));
      order.push({ year, bit, key: p.key });
    }
  return { masks, order };
}

const popcount = (x: number) => {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
};

/** The kinds in compliance order (the meeting kinds', heart talks last). */
const KINDS: readonly LifeItemType[] = [...MEETING_KINDS.map((k) => k.code), 'heart_talk'];
const KIND_SLOT = new Map<string, number>(KINDS.map((k, i) => [k, i]));

/**
 * An org's compliance items over a range straight from its cells: the same as
 * `itemsOf(judgementsFromCells(cells, from, to))` (a unit test compares them), by bit counts instead of one judged
 * period at a time — a county's page reads ~3,000 orgs' cells.
 */
export function itemsFromCells(cells: readonly OwnCell[], range: CellRange): ComplianceItem[] {
  // per kind (in compliance order): present, expected, held, and the missing bits of each year of the range
  const expected: number[] = new Array<number>(KINDS.length).fill(-1);
  const held: number[] = new Array<number>(KINDS.length).fill(0);
  let missing: (Map<number, number> | undefined)[] | null = null;
  for (const c of cells) {
    const m = range.masks.get(c.year);
    if (!m || !((c.held | c.expected | c.pending) & m)) continue;
    const k = KIND_SLOT.get(c.type)!;
    const h = popcount(c.held & m);
    const miss = c.expected & ~c.held & m;
    if (expected[k]! < 0) expected[k] = 0;
    held[k]! += h;
    expected[k]! += h + popcount(miss);
    if (miss) {
      missing ??= [];
      const byYear = (missing[k] ??= new Map());
      byYear.set(c.year, (byYear.get(c.year) ?? 0) | miss);
    }
  }
  const out: ComplianceItem[] = [];
  for (let k = 0; k < KINDS.length; k++) {
    if (expected[k]! < 0) continue;
    const keys: string[] = [];
    const byYear = missing?.[k];
    if (byYear) for (const p of range.order) if ((byYear.get(p.year) ?? 0) & (1 << p.bit)) keys.push(p.key);
    out.push({ type: KINDS[k]!, expected: expected[k]!, held: held[k]!, missing: keys });
  }
  return out;
}

export type { ComplianceItem };
