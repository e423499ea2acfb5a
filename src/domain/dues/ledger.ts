/**
 * A member's dues month by month (decision 0020): what they owed, what they paid, arrears as of a date and the
 * flag for the branch — judged from their records (bases, reliefs, payments) and the days they were a member who
 * owes dues, by the rules and settings in force on each month's first day. Pure.
 */
import type { DuesCategory, DuesReliefKind } from '../../shared/codes.js';
import type { IsoDate } from '../../shared/dates.js';
import type { DuesRules } from '../../policy/rules.js';
import type { LocalSettings } from '../../policy/settings.js';
import { monthlyAmount, type MonthlyAmount } from './amounts.js';
import { addMonthsTo, monthEnd, monthIndex, monthOf, monthOfDate, monthStart, type Month } from './months.js';

export interface BasisFact {
  category: DuesCategory;
  baseFen: number | null;
  /** the first month it applies to (第十条: the month the new pay starts) */
  fromMonth: Month;
}

export interface ReliefFact {
  kind: DuesReliefKind;
  monthlyFen: number | null;
  fromMonth: Month;
  /** inclusive; null: until ended */
  toMonth: Month | null;
}

export interface PaymentFact {
  id: number;
  fromMonth: Month;
  /** inclusive */
  toMonth: Month;
  /** toward the months' dues, in fen */
  amountFen: number;
  paidOn: IsoDate;
}

/** Days [from, to) the member held a membership that owes dues (probationary or full). */
export interface OwingSpan {
  from: IsoDate;
  to: IsoDate | null;
}

export interface MemberDuesFacts {
  owing: readonly OwingSpan[];
  bases: readonly BasisFact[];
  reliefs: readonly ReliefFact[];
  payments: readonly PaymentFact[];
}

export type MonthStatus =
  /** not a member who owes dues on any day of the month */
  | 'not_owed'
  /** 未核定: no basis, the amount is not known (never arrears) */
  | 'unknown'
  /** nothing due (免交) */
  | 'nothing_due'
  | 'paid'
  | 'partial'
  | 'unpaid';

export interface MonthDues {
  month: Month;
  status: MonthStatus;
  /** fen; null when not owed or unknown */
  due: number | null;
  /** fen paid toward the month (by payments made on or before the date asked) */
  paid: number;
  category: DuesCategory | null;
  baseFen: number | null;
  rateBp: number | null;
  relief: DuesReliefKind | null;
}

export type DuesFlag = 'three_months' | 'six_months';

export interface DuesJudgement {
  /** every month from the first with a record up to the later of the month asked and the last month paid for */
  months: MonthDues[];
  /** months up to and including the as-of date's month that are owed, known and not fully paid */
  arrearsMonths: number;
  /** fen owed for them */
  arrears: number;
  /** consecutive ended months with nothing paid, up to the last owed month before the as-of date's month */
  unpaidRun: number;
  /** the first month of that run (null when it is 0) */
  unpaidSince: Month | null;
  flag: DuesFlag | null;
}

export interface JudgeOptions {
  asOf: IsoDate;
  /** the month asked about: the ledger reaches at least this far */
  month?: Month | undefined;
  rulesAt(date: IsoDate): { dues: DuesRules };
  settingsAt(date: IsoDate): Pick<LocalSettings, 'duesFarmerFen' | 'duesRoundingFen'>;
}

/** Is the member owed dues in the month: a member who owes them on at least one of its days? */
export function owesIn(owing: readonly OwingSpan[], m: Month): boolean {
  const start = monthStart(m);
  const end = monthEnd(m);
  return owing.some((s) => s.from < end && (s.to === null || s.to > start));
}

function basisFor(bases: readonly BasisFact[], m: Month): BasisFact | null {
  let found: BasisFact | null = null;
  for (const b of bases) if (b.fromMonth <= m && (!found || b.fromMonth >= found.fromMonth)) found = b;
  return found;
}

function reliefFor(reliefs: readonly ReliefFact[], m: Month): ReliefFact | null {
  let found: ReliefFact | null = null;
  for (const r of reliefs)
    if (
      r.fromMonth <= m &&
      (r.toMonth === null || r.toMonth >= m) &&
      (!found || r.fromMonth >= found.fromMonth)
    )
      found = r;
  return found;
}

/** The first month with a record: earlier months are not known and never owed in arrears. */
function firstRecordMonth(f: MemberDuesFacts): Month | null {
  let first: Month | null = null;
  for (const b of f.bases) if (first === null || b.fromMonth < first) first = b.fromMonth;
  for (const r of f.reliefs) if (first === null || r.fromMonth < first) first = r.fromMonth;
  for (const p of f.payments) if (first === null || p.fromMonth < first) first = p.fromMonth;
  return first;
}

const byPaidOn = (a: PaymentFact, b: PaymentFact) =>
  a.paidOn < b.paidOn ? -1 : a.paidOn > b.paidOn ? 1 : a.id - b.id;

/** The payments made on or before the day, in the order they were paid (as given when they already are). */
function paidBy(payments: readonly PaymentFact[], asOf: IsoDate): readonly PaymentFact[] {
  for (let k = 0; k < payments.length; k++) {
    const p = payments[k]!;
    if (p.paidOn > asOf || (k > 0 && byPaidOn(payments[k - 1]!, p) > 0))
      return payments.filter((x) => x.paidOn <= asOf).sort(byPaidOn);
  }
  return payments;
}

/** The amount due for one month (null: not owed or not known) and how it was found. */
export function dueIn(
  f: Pick<MemberDuesFacts, 'owing' | 'bases' | 'reliefs'>,
  m: Month,
  o: Pick<JudgeOptions, 'rulesAt' | 'settingsAt'>,
): Omit<MonthDues, 'paid' | 'status'> & { owed: boolean } {
  const owed = owesIn(f.owing, m);
  const basis = basisFor(f.bases, m);
  const relief = reliefFor(f.reliefs, m);
  const day = monthStart(m);
  const amount = monthlyAmount(basis, relief, o.rulesAt(day).dues, o.settingsAt(day));
  return {
    month: m,
    owed,
    due: owed ? amount.fen : null,
    category: basis?.category ?? null,
    baseFen: basis?.baseFen ?? null,
    rateBp: amount.rateBp,
    relief: relief?.kind ?? null,
  };
}

/**
 * Spreads a payment over the months it covers: each month but the last takes what it still owes (an unknown month
 * an equal share of what is left), the last month takes the rest — so a partial payment leaves the last months
 * short and an over-payment stays on the last month it names (nothing is carried to a month it did not name:
 * 第十四条, the platform never invents an advance).
 */
export function allocate(
  amountFen: number,
  months: readonly { due: number | null; paid: number }[],
): number[] {
  const out: number[] = [];
  let left = amountFen;
  months.forEach((m, i) => {
    const rest = months.length - i;
    let share: number;
    if (rest === 1) share = left;
    else if (m.due === null) share = Math.floor(left / rest);
    else share = Math.min(left, Math.max(0, m.due - m.paid));
    out.push(share);
    left -= share;
  });
  return out;
}

/**
 * A member's dues month by month and their arrears and flag as of `asOf`.
 *
 * Written for the rollup's rebuild, which judges every member of a province (decision 0044 addendum): months are
 * walked by index with their names and first days made once (months.ts monthOf), each month is one object, and a
 * payment is spread over its months in place (`allocate`'s rule) — the same judgement as one `dueIn` per month and
 * `allocate` per payment (test/unit/dues-judge.test.ts compares them on random ledgers).
 */
export function judgeDues(f: MemberDuesFacts, o: JudgeOptions): DuesJudgement {
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
  const payments = paidBy(f.payments, o.asOf);
  let last: Month = asOfMonth;
  if (o.month && o.month > last) last = o.month;
  for (const p of payments) if (p.toMonth > last) last = p.toMonth;
  if (last < first) return empty;
  const base = monthIndex(first);
  const count = monthIndex(last) - base + 1;
  const out: MonthDues[] = new Array<MonthDues>(count);
  const owed: boolean[] = new Array<boolean>(count);
  let next = monthOf(base);
  // the amount is worked out again only when what it depends on changes from the month before (most members: once)
  let amount: MonthlyAmount | null = null;
  let lastBasis: BasisFact | null = null;
  let lastRelief: ReliefFact | null = null;
  let lastRules: DuesRules | null = null;
  let lastFarmer = 0;
  let lastRounding = 0;
  for (let i = 0; i < count; i++) {
    const { month: m, start } = next;
    next = monthOf(base + i + 1);
    const end = next.start;
    let owes = false;
    for (const s of f.owing)
      if (s.from < end && (s.to === null || s.to > start)) {
        owes = true;
        break;
      }
    const basis = basisFor(f.bases, m);
    const relief = reliefFor(f.reliefs, m);
    const rules = o.rulesAt(start).dues;
    const settings = o.settingsAt(start);
    if (
      amount === null ||
      basis !== lastBasis ||
      relief !== lastRelief ||
      rules !== lastRules ||
      settings.duesFarmerFen !== lastFarmer ||
      settings.duesRoundingFen !== lastRounding
    ) {
      amount = monthlyAmount(basis, relief, rules, settings);
      lastBasis = basis;
      lastRelief = relief;
      lastRules = rules;
      lastFarmer = settings.duesFarmerFen;
      lastRounding = settings.duesRoundingFen;
    }
    owed[i] = owes;
    out[i] = {
      month: m,
      status: 'not_owed',
      due: owes ? amount.fen : null,
      paid: 0,
      category: basis?.category ?? null,
      baseFen: basis?.baseFen ?? null,
      rateBp: amount.rateBp,
      relief: relief?.kind ?? null,
    };
  }
  for (const p of payments) {
    const from = monthIndex(p.fromMonth) - base;
    const to = monthIndex(p.toMonth) - base;
    if (!(from >= 0 && to < count)) {
      // not a span of the ledger (cannot happen with well-formed months): as the slice `allocate` was given
      const slice = out.slice(from, to + 1);
      allocate(p.amountFen, slice).forEach((fen, k) => {
        slice[k]!.paid += fen;
      });
      continue;
    }
    // allocate(p.amountFen, out[from..to]) in place
    let left = p.amountFen;
    for (let i = from; i <= to; i++) {
      const m = out[i]!;
      const rest = to - i + 1;
      const share =
        rest === 1
          ? left
          : m.due === null
            ? Math.floor(left / rest)
            : Math.min(left, Math.max(0, m.due - m.paid));
      m.paid += share;
      left -= share;
    }
  }
  let arrearsMonths = 0;
  let arrears = 0;
  let lastOwed = -1;
  for (let i = 0; i < count; i++) {
    const m = out[i]!;
    m.status = !owed[i]
      ? 'not_owed'
      : m.due === null
        ? 'unknown'
        : m.due === 0
          ? 'nothing_due'
          : m.paid >= m.due
            ? 'paid'
            : m.paid > 0
              ? 'partial'
              : 'unpaid';
    if (m.month > asOfMonth || m.status === 'not_owed') continue;
    lastOwed = i;
    if (m.status === 'partial' || m.status === 'unpaid') {
      arrearsMonths++;
      arrears += m.due! - m.paid;
    }
  }
  // The run counts ended months only: a month's dues may be paid until its end, so the running month is never a
  // month "not paid" (党章第九条 counts months without dues; on 5 December, December is not one of them yet). It
  // still counts in the arrears above — that is the secretary's list of what to collect.
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

/** The month of a judgement, or what it would be when the ledger does not reach it. */
export function monthIn(j: DuesJudgement, m: Month): MonthDues | null {
  // a judgement's months run one after another from its first: found by index, not by a search
  const first = j.months[0];
  if (!first) return null;
  const x = j.months[monthIndex(m) - monthIndex(first.month)];
  return x && x.month === m ? x : null;
}

export { addMonthsTo };
