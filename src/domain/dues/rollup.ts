/**
 * The cells of the dues rollup (decision 0031), from each member's judgement (ledger.ts) — pure.
 *
 * A member's month is counted under the org of their latest roster period that overlaps it (an org of the subtree
 * by today's tree), from the window's first month to the as-of month: one member, their due and paid toward the
 * month, whether it is 未核定 (no judged month, or no amount) or short (partly or not paid), and — as of the state's
 * day — their arrears and flag. The line of the as-of month is what the live status lists for the member.
 */
import type { IsoDate } from '../../shared/dates.js';
import {
  judgeDues,
  type DuesFlag,
  type JudgeOptions,
  type MemberDuesFacts,
  type MonthStatus,
} from './ledger.js';
import type { DuesCategory, DuesReliefKind } from '../../shared/codes.js';
import {
  monthEnd,
  monthIndex,
  monthOf,
  monthOfDate,
  monthsBetween,
  monthStart,
  type Month,
} from './months.js';

export interface DuesCounters {
  members: number;
  due: number;
  paid: number;
  unknown: number;
  short: number;
  arrears: number;
  threeMonths: number;
  sixMonths: number;
}

export const COUNTERS: readonly (keyof DuesCounters)[] = [
  'members',
  'due',
  'paid',
  'unknown',
  'short',
  'arrears',
  'threeMonths',
  'sixMonths',
];

export const emptyCounters = (): DuesCounters => ({
  members: 0,
  due: 0,
  paid: 0,
  unknown: 0,
  short: 0,
  arrears: 0,
  threeMonths: 0,
  sixMonths: 0,
});

export function addCounters(to: DuesCounters, from: DuesCounters, sign = 1): void {
  for (const k of COUNTERS) to[k] += sign * from[k];
}

export const isZero = (c: DuesCounters) => COUNTERS.every((k) => c[k] === 0);

/** The as-of month's line of a member (what the status lists). */
export interface DuesLine {
  orgId: number;
  category: DuesCategory | null;
  baseFen: number | null;
  relief: DuesReliefKind | null;
  due: number | null;
  paid: number;
  state: MonthStatus;
  arrearsMonths: number;
  arrears: number;
  flag: DuesFlag | null;
  /** 党章第九条's run of ended months with nothing paid up to the state's day, and its first month (decision 0052) */
  unpaidRun: number;
  unpaidSince: Month | null;
  basisFrom: Month | null;
  recheckDue: boolean;
}

export interface RollupSpan {
  from: IsoDate;
  to: IsoDate | null;
  orgId: number;
}

/** The org a member is counted under in a month: their latest roster period overlapping it, or null. */
export function orgInMonth(spans: readonly RollupSpan[], m: Month): number | null {
  return orgBetween(spans, monthStart(m), monthEnd(m));
}

function orgBetween(spans: readonly RollupSpan[], start: IsoDate, end: IsoDate): number | null {
  let found: RollupSpan | null = null;
  for (const s of spans)
    if (s.from < end && (s.to === null || s.to > start) && (!found || s.from >= found.from)) found = s;
  return found?.orgId ?? null;
}

export type MemberCellOptions = Omit<JudgeOptions, 'month'> & {
  fromMonth: Month;
  recheckMonths: number;
  keep(orgId: number): boolean;
};

/** Takes a member's cell of a month (k: its place from the window's first month; the counters in COUNTERS' order). */
export type MemberCellSink = (
  orgId: number,
  k: number,
  due: number,
  paid: number,
  unknown: number,
  short: number,
  arrears: number,
  threeMonths: number,
  sixMonths: number,
) => void;

/**
 * A member's cells for the months [fromMonth, asOf's month], each given to `cell` (k: the month's place from
 * fromMonth; the counters in COUNTERS' order) without an object per month — the rebuild sums them straight into
 * its org's counters — and their line of the as-of month; only under the orgs `keep` accepts.
 */
export function eachMemberCell(
  facts: MemberDuesFacts & { owing: readonly RollupSpan[] },
  o: MemberCellOptions,
  cell: MemberCellSink,
): DuesLine | null {
  const asOfMonth = monthOfDate(o.asOf);
  const j = judgeDues(facts, {
    asOf: o.asOf,
    month: asOfMonth,
    rulesAt: o.rulesAt,
    settingsAt: o.settingsAt,
  });
  const three = j.flag === 'three_months' ? 1 : 0;
  const six = j.flag === 'six_months' ? 1 : 0;
  const from = monthIndex(o.fromMonth);
  const to = monthIndex(asOfMonth);
  // the judgement's months run one after another from its first (monthIn)
  const jFrom = j.months.length ? monthIndex(j.months[0]!.month) : 0;
  let line: DuesLine | null = null;
  let next = monthOf(from);
  // the last org asked of `keep` (a member's months are mostly under one org)
  let keptOrg: number | null = null;
  let kept = false;
  for (let i = from; i <= to; i++) {
    const { month, start } = next;
    next = monthOf(i + 1);
    const orgId = orgBetween(facts.owing, start, next.start);
    if (orgId === null) continue;
    if (orgId !== keptOrg) {
      keptOrg = orgId;
      kept = o.keep(orgId);
    }
    if (!kept) continue;
    const m = j.months[i - jFrom] ?? null;
    const unknown = !m || m.due === null;
    cell(
      orgId,
      i - from,
      m?.due ?? 0,
      m?.paid ?? 0,
      unknown ? 1 : 0,
      m && (m.status === 'partial' || m.status === 'unpaid') ? 1 : 0,
      j.arrears,
      three,
      six,
    );
    if (i === to) {
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
  return line;
}

/**
 * A member's cells (org → month → counters) for the months [fromMonth, asOf's month], and their line of the as-of
 * month; only under the orgs `keep` accepts.
 */
export function memberCells(
  facts: MemberDuesFacts & { owing: readonly RollupSpan[] },
  o: MemberCellOptions,
): { cells: { orgId: number; month: Month; c: DuesCounters }[]; line: DuesLine | null } {
  const cells: { orgId: number; month: Month; c: DuesCounters }[] = [];
  const from = monthIndex(o.fromMonth);
  const line = eachMemberCell(
    facts,
    o,
    (orgId, k, due, paid, unknown, short, arrears, threeMonths, sixMonths) =>
      cells.push({
        orgId,
        month: monthOf(from + k).month,
        c: { members: 1, due, paid, unknown, short, arrears, threeMonths, sixMonths },
      }),
  );
  return { cells, line };
}

/** The rollup's first month: January of the year before the as-of day's (as the organisational-life rollup). */
export function duesWindowFrom(asOf: IsoDate): Month {
  return `${Number(asOf.slice(0, 4)) - 1}-01`;
}
