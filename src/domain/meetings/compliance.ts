/**
 * What an org owed of organisational life in a range of days, and what it held (decision 0015). Pure: the
 * repositories load the facts of a whole subtree in a few set-based queries (src/db/repositories/meetings.ts), and
 * this judges each org by the rules and local settings in force at the start of each period.
 *
 * - A period is owed only when the org existed, was of a kind that owes it, had members on its own roster (and a
 *   committee or party groups, where the obligation needs them) on **every day** of it: a branch founded on 10 May
 *   owes nothing for May, Q2 or that year, and owes June and Q3 (supervision.md: "a branch created in May owes
 *   nothing for Q1"; the rules give frequencies per month, quarter and year, and say nothing of part-periods, so we
 *   never claim a meeting for a part-period — no false warning).
 * - A period is judged by the rules (`rulesAt`) and settings (`settingsAt`) in force on its first day.
 * - A meeting counts for the period in which it was held, once for each of its kinds; a period with two theme days
 *   is one period held.
 * - A period that has ended by `asOf` is expected, and held or missing. One still running on `asOf` is expected and
 *   held once met, and otherwise pending: it counts nowhere yet (it cannot be missing before it ends).
 */
import type { MeetingKind, OrgKind } from '../../shared/codes.js';
import { MEETING_KINDS } from '../../shared/codes.js';
import { addDays, type IsoDate } from '../../shared/dates.js';
import type { LifeItemType, MeetingObligation, PeriodUnit, RuleSet } from '../../policy/rules.js';
import type { LocalSettings } from '../../policy/settings.js';
import {
  coversMerged,
  mergeSpans,
  monthsOf,
  periodOf,
  periodsWithin,
  unitOfMonths,
  type Period,
  type Span,
} from './periods.js';

/** What the repositories know of one org for the range. */
export interface OrgLifeFacts {
  orgId: number;
  code: string;
  name: string;
  /** the spans during which the org was in the subtree (existed), each with its kind then */
  spans: readonly (Span & { kind: OrgKind })[];
  /** the spans during which it had at least one member on its own roster */
  populated: readonly Span[];
  /** the spans during which it had committee posts filled, with how many (a committee: `committeeMinPosts`) */
  committee: readonly (Span & { posts: number })[];
  /** the spans during which it had party groups */
  groups: readonly Span[];
  /** per meeting kind, the months ('2026-03') in which at least one meeting of that kind was held by `asOf` */
  heldMonths: Partial<Record<MeetingKind, readonly string[]>>;
  /**
   * the years ('2026') in which every member on the org's roster all year (to `asOf` in the running year) had a
   * heart talk with a committee member (decision 0018)
   */
  heartTalkYears?: readonly string[];
}

export interface ComplianceItem {
  type: LifeItemType;
  /** periods owed and judged: ended by `asOf`, or still running and already met */
  expected: number;
  /** of those, the periods with at least one meeting of the kind */
  held: number;
  /** the ended periods without one, in order: `2026-03`, `2026-Q2`, `2026` */
  missing: string[];
}

export interface ComplianceRange {
  /** first day (inclusive) */
  from: IsoDate;
  /** last day (inclusive) */
  to: IsoDate;
  /** the day the figures are as of: later periods are not judged, later meetings not counted */
  asOf: IsoDate;
  rulesAt(date: IsoDate): Pick<RuleSet, 'meetings'>;
  settingsAt(date: IsoDate): Pick<LocalSettings, 'partyLectureMonths'>;
}

const UNITS: readonly PeriodUnit[] = ['month', 'quarter', 'year'];
const KIND_ORDER = new Map<string, number>([
  ...MEETING_KINDS.map((k, i) => [k.code, i] as [string, number]),
  ['heart_talk', MEETING_KINDS.length],
]);

/** The period unit an obligation is owed in under the settings of the day. */
export function obligationUnit(
  o: MeetingObligation,
  settings: Pick<LocalSettings, 'partyLectureMonths'>,
): PeriodUnit {
  return o.every === 'setting' ? unitOfMonths(settings.partyLectureMonths) : o.every;
}

/** The spans of an org's facts joined once (a county judges hundreds of periods of each org). */
interface Merged {
  existed: Span[];
  populated: Span[];
  committee: Map<number, Span[]>;
  groups: Span[];
}

function merged(facts: OrgLifeFacts): Merged {
  return {
    existed: mergeSpans(facts.spans),
    populated: mergeSpans(facts.populated),
    committee: new Map(),
    groups: mergeSpans(facts.groups),
  };
}

/** Does the org owe the obligation over every day of [from, to)? */
export function owesOver(
  facts: OrgLifeFacts,
  rules: Pick<RuleSet, 'meetings'>,
  o: MeetingObligation,
  from: IsoDate,
  to: IsoDate,
  m: Merged = merged(facts),
): boolean {
  if (from >= to) return false;
  if (!coversMerged(m.existed, from, to) || !coversMerged(m.populated, from, to)) return false;
  for (const s of facts.spans)
    if (s.from < to && (s.to === null || s.to > from) && !rules.meetings.owes(s.kind)) return false;
  if (o.onlyWith === 'committee' || o.onlyWith === 'posts') {
    const min = o.onlyWith === 'posts' ? 1 : rules.meetings.committeeMinPosts;
    let c = m.committee.get(min);
    if (!c) {
      c = mergeSpans(facts.committee.filter((x) => x.posts >= min));
      m.committee.set(min, c);
    }
    if (!coversMerged(c, from, to)) return false;
  }
  if (o.onlyWith === 'groups' && !coversMerged(m.groups, from, to)) return false;
  return true;
}

/** How a period an org owed stands as of the as-of day (decision 0024: the cells the rollup keeps). */
export type PeriodState = 'held' | 'missing' | 'pending';

/** One period an org owed of one kind: held, missing (ended without one) or pending (still running, not met). */
export interface PeriodJudgement {
  type: LifeItemType;
  period: Period;
  state: PeriodState;
}

/**
 * Every period of the range the org owed, judged as of `asOf`, in the order compliance lists them (month, quarter,
 * year; each unit in order). The one judgement both the live compliance (`orgCompliance`) and the maintained
 * rollup (decision 0024) are made of.
 */
export function orgPeriodStates(facts: OrgLifeFacts, range: ComplianceRange): PeriodJudgement[] {
  const out: PeriodJudgement[] = [];
  const m = merged(facts);
  const dayAfterAsOf = addDays(range.asOf, 1);
  const last = range.to < range.asOf ? range.to : range.asOf;
  for (const unit of UNITS) {
    for (const p of periodsWithin(unit, range.from, range.to)) {
      // a period that begins after the as-of day is not judged at all
      if (p.start > last) break;
      const rules = range.rulesAt(p.start);
      const settings = range.settingsAt(p.start);
      const ended = p.end <= dayAfterAsOf;
      // a running period is judged over the days it has had so far
      const until = ended ? p.end : dayAfterAsOf;
      for (const o of rules.meetings.obligations) {
        if (obligationUnit(o, settings) !== unit) continue;
        if (!owesOver(facts, rules, o, p.start, until, m)) continue;
        const state: PeriodState = heldIn(facts, o.type, p) ? 'held' : ended ? 'missing' : 'pending';
        out.push({ type: o.type, period: p, state });
      }
    }
  }
  return out;
}

/** Periods judged as compliance items: one per kind owed in at least one period (pending ones count nowhere). */
export function itemsOf(judged: readonly PeriodJudgement[]): ComplianceItem[] {
  const items = new Map<LifeItemType, ComplianceItem>();
  for (const j of judged) {
    let item = items.get(j.type);
    if (!item) items.set(j.type, (item = { type: j.type, expected: 0, held: 0, missing: [] }));
    if (j.state === 'held') {
      item.expected++;
      item.held++;
    } else if (j.state === 'missing') {
      item.expected++;
      item.missing.push(j.period.key);
    }
  }
  return [...items.values()].sort((a, b) => KIND_ORDER.get(a.type)! - KIND_ORDER.get(b.type)!);
}

/** The org's compliance over the range: one item per kind of meeting it owed in at least one period. */
export function orgCompliance(facts: OrgLifeFacts, range: ComplianceRange): ComplianceItem[] {
  return itemsOf(orgPeriodStates(facts, range));
}

function heldIn(facts: OrgLifeFacts, type: LifeItemType, p: Period): boolean {
  if (type === 'heart_talk') return !!facts.heartTalkYears?.includes(p.key);
  const months = facts.heldMonths[type];
  if (!months?.length) return false;
  for (const m of monthsOf(p)) if (months.includes(m)) return true;
  return false;
}

/** A meeting the org owes in a period running on the as-of day: held already, or still to hold by `lastDay`. */
export interface DueItem {
  type: LifeItemType;
  unit: PeriodUnit;
  /** `2026-03`, `2026-Q2`, `2026` */
  period: string;
  held: boolean;
  /** the period's last day */
  lastDay: IsoDate;
}

/**
 * What the org owes in the month, quarter and year running on `asOf` (the secretary's home, 本月待办): each
 * obligation whose running period it has owed on every day so far, and whether it has been met. A branch founded
 * this month owes nothing this month (whole periods only, as `orgCompliance`).
 */
export function dueNow(
  facts: OrgLifeFacts,
  range: Pick<ComplianceRange, 'asOf' | 'rulesAt' | 'settingsAt'>,
): DueItem[] {
  const out: DueItem[] = [];
  const m = merged(facts);
  const until = addDays(range.asOf, 1);
  for (const unit of UNITS) {
    const p = periodOf(unit, range.asOf);
    const rules = range.rulesAt(p.start);
    const settings = range.settingsAt(p.start);
    for (const o of rules.meetings.obligations) {
      if (obligationUnit(o, settings) !== unit) continue;
      if (!owesOver(facts, rules, o, p.start, until, m)) continue;
      out.push({
        type: o.type,
        unit,
        period: p.key,
        held: heldIn(facts, o.type, p),
        lastDay: addDays(p.end, -1),
      });
    }
  }
  return out;
}
