/**
 * The dues judgement rewritten for the rollup's rebuild (decision 0044 addendum) judges exactly as it did: the
 * judgement as it was (one `dueIn` per month, `allocate` per payment slice, `monthIn` by search, `memberCells` over
 * month strings) is kept here as the reference, and both judge the same random ledgers — overlapping and open roster
 * spans, bases at the band boundaries and without a base, reliefs, payments partial, over, ahead, late, out of order,
 * the same day, after the as-of day, backwards — as of random days, under a rounding and farmer setting that change.
 */
import { describe, expect, it } from 'vitest';
import {
  allocate,
  dueIn,
  judgeDues,
  monthIn,
  type DuesFlag,
  type DuesJudgement,
  type JudgeOptions,
  type MemberDuesFacts,
  type MonthDues,
} from '../../src/domain/dues/ledger.js';
import { memberCells, orgInMonth, type RollupSpan } from '../../src/domain/dues/rollup.js';
import {
  monthIndex,
  monthOfDate,
  monthsBetween,
  monthsFromTo,
  type Month,
} from '../../src/domain/dues/months.js';
import { rulesAt } from '../../src/policy/rules.js';
import { settingsOn } from '../../src/policy/settings.js';
import type { DuesCategory } from '../../src/shared/codes.js';
import { addDays, type IsoDate } from '../../src/shared/dates.js';
import { rng } from '../helpers/random.js';

// ------------------------------------------------------------------------ the reference: the judgement as it was
function firstRecordMonth(f: MemberDuesFacts): Month | null {
  let first: Month | null = null;
  const see = (m: Month) => {
    if (first === null || m < first) first = m;
  };
  for (const b of f.bases) see(b.fromMonth);
  for (const r of f.reliefs) see(r.fromMonth);
  for (const p of f.payments) see(p.fromMonth);
  return first;
}

function judgeBefore(f: MemberDuesFacts, o: JudgeOptions): DuesJudgement {
  const asOfMonth = monthOfDate(o.asOf);
  const first = firstRecordMonth(f);
  const empty: DuesJudgement = {
    months: [],
    arrearsMonths: 0,
    arrears: 0,
    unpaidRun: 0,
    unpaidSince: null,
    flag: null,
  };
  if (first === null) return empty;
  const payments = f.payments
    .filter((p) => p.paidOn <= o.asOf)
    .sort((a, b) => (a.paidOn < b.paidOn ? -1 : a.paidOn > b.paidOn ? 1 : a.id - b.id));
  let last: Month = asOfMonth;
  if (o.month && o.month > last) last = o.month;
  for (const p of payments) if (p.toMonth > last) last = p.toMonth;
  if (last < first) return empty;
  const months = monthsFromTo(first, last).map((m) => ({ ...dueIn(f, m, o), paid: 0 }));
  const base = monthIndex(first);
  for (const p of payments) {
    const slice = months.slice(monthIndex(p.fromMonth) - base, monthIndex(p.toMonth) - base + 1);
    allocate(p.amountFen, slice).forEach((fen, i) => {
      slice[i]!.paid += fen;
    });
  }
  const out: MonthDues[] = months.map((m) => ({
    month: m.month,
    status: !m.owed
      ? 'not_owed'
      : m.due === null
        ? 'unknown'
        : m.due === 0
          ? 'nothing_due'
          : m.paid >= m.due
            ? 'paid'
            : m.paid > 0
              ? 'partial'
              : 'unpaid',
    due: m.due,
    paid: m.paid,
    category: m.category,
    baseFen: m.baseFen,
    rateBp: m.rateBp,
    relief: m.relief,
  }));
  let arrearsMonths = 0;
  let arrears = 0;
  let lastOwed = -1;
  out.forEach((m, i) => {
    if (m.month > asOfMonth || m.status === 'not_owed') return;
    lastOwed = i;
    if (m.status === 'partial' || m.status === 'unpaid') {
      arrearsMonths++;
      arrears += m.due! - m.paid;
    }
  });
  let lastEnded = lastOwed;
  while (lastEnded >= 0 && (out[lastEnded]!.month >= asOfMonth || out[lastEnded]!.status === 'not_owed'))
    lastEnded--;
  let unpaidRun = 0;
  let unpaidSince: Month | null = null;
  for (let i = lastEnded; i >= 0 && out[i]!.status === 'unpaid'; i--) {
    unpaidRun++;
    unpaidSince = out[i]!.month;
  }
  const rules = o.rulesAt(o.asOf).dues;
  const flag: DuesFlag | null =
    unpaidRun >= rules.examineMonths ? 'six_months' : unpaidRun >= rules.noticeMonths ? 'three_months' : null;
  return { months: out, arrearsMonths, arrears, unpaidRun, unpaidSince, flag };
}

const monthInBefore = (j: DuesJudgement, m: Month) => j.months.find((x) => x.month === m) ?? null;

function memberCellsBefore(
  facts: MemberDuesFacts & { owing: readonly RollupSpan[] },
  o: Omit<JudgeOptions, 'month'> & { fromMonth: Month; recheckMonths: number; keep(orgId: number): boolean },
) {
  const asOfMonth = monthOfDate(o.asOf);
  const j = judgeBefore(facts, {
    asOf: o.asOf,
    month: asOfMonth,
    rulesAt: o.rulesAt,
    settingsAt: o.settingsAt,
  });
  const cells: unknown[] = [];
  let line: unknown = null;
  for (const month of monthsFromTo(o.fromMonth, asOfMonth)) {
    const orgId = orgInMonth(facts.owing, month);
    if (orgId === null || !o.keep(orgId)) continue;
    const m = monthInBefore(j, month);
    const unknown = !m || m.due === null;
    cells.push({
      orgId,
      month,
      c: {
        members: 1,
        due: m?.due ?? 0,
        paid: m?.paid ?? 0,
        unknown: unknown ? 1 : 0,
        short: m && (m.status === 'partial' || m.status === 'unpaid') ? 1 : 0,
        arrears: j.arrears,
        threeMonths: j.flag === 'three_months' ? 1 : 0,
        sixMonths: j.flag === 'six_months' ? 1 : 0,
      },
    });
    if (month === asOfMonth) {
      let basis: { fromMonth: Month } | null = null;
      for (const b of facts.bases)
        if (b.fromMonth <= month && (!basis || b.fromMonth >= basis.fromMonth)) basis = b;
      line = {
        orgId,
        category: m?.category ?? null,
        baseFen: m?.baseFen ?? null,
        relief: m?.relief ?? null,
        due: m && m.status !== 'not_owed' ? m.due : null,
        paid: m?.paid ?? 0,
        state: m && m.status !== 'not_owed' && m.due !== null ? m.status : 'unknown',
        arrearsMonths: j.arrearsMonths,
        arrears: j.arrears,
        flag: j.flag,
        unpaidRun: j.unpaidRun,
        unpaidSince: j.unpaidSince,
        basisFrom: basis?.fromMonth ?? null,
        recheckDue: basis !== null && monthsBetween(basis.fromMonth, asOfMonth) >= o.recheckMonths,
      };
    }
  }
  return { cells, line };
}

// ------------------------------------------------------------------------------------------------ random ledgers
const CATEGORIES: DuesCategory[] = [
  'salaried',
  'annual_salary',
  'self_employed',
  'retired',
  'farmer',
  'student',
  'unemployed',
  'relief',
  'subsistence',
];
const BASES = [null, 0, 150000, 300000, 300001, 500000, 500001, 1000000, 1000001, 2345678];

/** Settings that change on days: the rounding unit and the farmer amount. */
const history = [
  { id: 1, key: 'duesRoundingFen', value: 10, effectiveFrom: '2025-05-01' },
  { id: 2, key: 'duesFarmerFen', value: 50, effectiveFrom: '2025-09-01' },
  { id: 3, key: 'duesRoundingFen', value: 1, effectiveFrom: '2026-02-01' },
  { id: 4, key: 'duesFarmerFen', value: 100, effectiveFrom: '2026-02-01' },
];
const settingsAt = (d: IsoDate) => settingsOn(history, d);

function randomLedger(r: () => number): MemberDuesFacts & { owing: RollupSpan[] } {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const day = (from: IsoDate, days: number): IsoDate => addDays(from, Math.floor(r() * days));
  const month = (): Month => monthOfDate(day('2024-06-01', 1000));
  const owing: RollupSpan[] = [];
  let at = day('2024-01-01', 400);
  for (let n = Math.floor(r() * 4); n > 0; n--) {
    const to = r() < 0.3 ? null : day(addDays(at, 1), 400);
    owing.push({ from: at, to, orgId: 1 + Math.floor(r() * 3) });
    if (to === null) break;
    at = r() < 0.2 ? day('2024-01-01', 700) : day(to, 60); // sometimes overlapping an earlier span
  }
  if (r() < 0.3) owing.reverse();
  const bases = Array.from({ length: Math.floor(r() * 4) }, () => ({
    category: pick(CATEGORIES),
    baseFen: pick(BASES),
    fromMonth: month(),
  }));
  const reliefs = Array.from({ length: r() < 0.7 ? 0 : 1 + Math.floor(r() * 2) }, () => {
    const fromMonth = month();
    return {
      kind: r() < 0.5 ? ('exempt' as const) : ('reduced' as const),
      monthlyFen: r() < 0.2 ? null : Math.floor(r() * 3000),
      fromMonth,
      toMonth: r() < 0.4 ? null : monthOfDate(addDays(`${fromMonth}-01`, Math.floor(r() * 400))),
    };
  });
  const payments = Array.from({ length: Math.floor(r() * 12) }, (_, k) => {
    const fromMonth = month();
    const span = r() < 0.05 ? -1 : r() < 0.7 ? 0 : Math.floor(r() * 4);
    const toMonth = monthOfDate(addDays(`${fromMonth}-15`, span * 31));
    return {
      id: 1000 - k * (r() < 0.5 ? 1 : -1),
      fromMonth,
      toMonth,
      amountFen: pick([0, 20, 50, 1500, 3000, 4999, 5000, 15000, Math.floor(r() * 40000)]),
      paidOn: day(`${fromMonth}-01`, 300),
    };
  });
  return { owing, bases, reliefs, payments };
}

describe('the dues judgement of the rebuild judges as the judgement it replaced', () => {
  it('judgeDues, monthIn and memberCells on 2,000 random ledgers as of random days', () => {
    const r = rng(20261206);
    let judged = 0;
    let cells = 0;
    for (let i = 0; i < 2000; i++) {
      const f = randomLedger(r);
      const asOf = addDays('2025-01-01', Math.floor(r() * 700));
      const ask = r() < 0.3 ? monthOfDate(addDays(asOf, Math.floor(r() * 200) - 100)) : undefined;
      const o: JudgeOptions = { asOf, month: ask, rulesAt, settingsAt };
      const before = judgeBefore(f, o);
      const after = judgeDues(f, o);
      // as text: the same fields in the same order (what the API and the rollup's lines write)
      expect(JSON.stringify(after)).toBe(JSON.stringify(before));
      // the rebuild's facts come paid by the day, in the order paid (judged as given): alike
      const paid = {
        ...f,
        payments: f.payments
          .filter((p) => p.paidOn <= asOf)
          .sort((a, b) => (a.paidOn < b.paidOn ? -1 : a.paidOn > b.paidOn ? 1 : a.id - b.id)),
      };
      expect(JSON.stringify(judgeDues(paid, o))).toBe(JSON.stringify(judgeBefore(paid, o)));
      for (const m of ['2024-01', '2025-03', monthOfDate(asOf), ask ?? '2027-12', '2030-01'])
        expect(JSON.stringify(monthIn(after, m))).toBe(JSON.stringify(monthInBefore(before, m)));
      const keep = r() < 0.5 ? () => true : (id: number) => id !== 2;
      const co = {
        asOf,
        rulesAt,
        settingsAt,
        fromMonth: `${Number(asOf.slice(0, 4)) - 1}-01`,
        recheckMonths: 12,
        keep,
      };
      const mc = memberCells(f, co);
      expect(JSON.stringify(mc)).toBe(JSON.stringify(memberCellsBefore(f, co)));
      judged += after.months.length;
      cells += mc.cells.length;
    }
    // the ledgers are not trivial: months judged and cells made
    expect(judged).toBeGreaterThan(15_000);
    expect(cells).toBeGreaterThan(6_000);
  });
});
