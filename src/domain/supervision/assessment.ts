/**
 * Classified, process-based assessment (分类考核 / 过程性考核, issue 14 item 5, decision 0036), pure. An org is
 * scored every month by the scheme of its category (policy/assessment-scheme.ts): an item computed from the health
 * indicators takes its full points when none of its indicators had a warning open in the month, half (rounded down)
 * when the worst was amber, none when one was red — the warnings the indicators kept (decision 0032), not a second
 * derivation; a rated item takes the latest score a person gave it for that month or an earlier month of the year.
 * The year's result is the sum of its months; the stars follow from the monthly average (the sum over the months
 * assessed), so an org founded or categorised in the middle of the year is judged on the months it had. Scores are
 * for orgs only, from records entered once: nothing here ranks people, counts check-ins or scores a photo.
 */
import type { IsoDate } from '../../shared/dates.js';
import { daysInMonth } from '../../shared/dates.js';
import type { AssessmentCategory, AssessmentItem, StarBand } from '../../policy/assessment-scheme.js';
import { INDICATORS, type IndicatorKey, type Level, dayZh } from './indicators.js';

/** A warning the indicators kept for the org: open over [since, closedOn). */
export interface WarningSpan {
  indicator: IndicatorKey;
  level: 'amber' | 'red';
  since: IsoDate;
  closedOn: IsoDate | null;
  evidence: readonly string[];
}

/** A person's score for a rated item, for a month (its first day). */
export interface Rating {
  item: string;
  month: IsoDate;
  score: number;
  note: string;
  by: string | null;
  /** ordering among ratings of the same month: the later one stands */
  id: number;
}

export interface ItemScore {
  key: string;
  zh: string;
  kind: AssessmentItem['kind'];
  points: number;
  score: number;
  /** computed items: the worst level in the month */
  level: Level | null;
  /** rated items: the rating that stands (null: not rated yet) */
  rating: { month: IsoDate; score: number; note: string; by: string | null } | null;
  /** Chinese sentences: the warnings behind a computed item, the note of a rating */
  evidence: string[];
}

export interface MonthScore {
  /** YYYY-MM */
  month: string;
  /** the day the month was judged up to: its last day, or today in the month in progress */
  through: IsoDate;
  category: { key: string; zh: string };
  score: number;
  items: ItemScore[];
}

export const MONTH_MAX = 100;

export function monthStart(year: number, month: number): IsoDate {
  return `${year}-${String(month).padStart(2, '0')}-01`;
}
export function monthEnd(year: number, month: number): IsoDate {
  return `${year}-${String(month).padStart(2, '0')}-${String(daysInMonth(year, month)).padStart(2, '0')}`;
}

/**
 * The months of `year` an org is assessed in, as of `today`: from the month it was founded (or January) to the
 * month it was dissolved, this month or December, whichever comes first; none for a year not begun.
 */
export function assessedMonths(
  year: number,
  today: IsoDate,
  foundedOn: IsoDate | null,
  dissolvedOn: IsoDate | null,
): number[] {
  const out: number[] = [];
  for (let m = 1; m <= 12; m++) {
    const start = monthStart(year, m);
    const end = monthEnd(year, m);
    if (start > today) break;
    if (foundedOn && foundedOn > end) continue;
    if (dissolvedOn && dissolvedOn <= start) break;
    out.push(m);
  }
  return out;
}

const LEVEL_RANK: Record<Level, number> = { green: 0, amber: 1, red: 2 };

/** An item's points at a level: all when green, half (rounded down) when amber, none when red. */
export function pointsAt(points: number, level: Level): number {
  return level === 'green' ? points : level === 'amber' ? Math.floor(points / 2) : 0;
}

function indicatorZh(key: IndicatorKey): string {
  return INDICATORS.find((i) => i.key === key)?.zh ?? key;
}

/** The score of one item in a month [start, through]. */
export function scoreItem(
  item: AssessmentItem,
  start: IsoDate,
  through: IsoDate,
  warnings: readonly WarningSpan[],
  ratings: readonly Rating[],
): ItemScore {
  const base = { key: item.key, zh: item.zh, kind: item.kind, points: item.points };
  if (item.kind === 'rated') {
    let best: Rating | null = null;
    for (const r of ratings) {
      if (r.item !== item.key || r.month > start || r.month.slice(0, 4) !== start.slice(0, 4)) continue;
      if (!best || r.month > best.month || (r.month === best.month && r.id > best.id)) best = r;
    }
    if (!best) return { ...base, score: 0, level: null, rating: null, evidence: ['尚未评分'] };
    const score = Math.min(best.score, item.points);
    const when = best.month === start ? '' : `（沿用${Number(best.month.slice(5, 7))}月评分）`;
    return {
      ...base,
      score,
      level: null,
      rating: { month: best.month, score: best.score, note: best.note, by: best.by },
      evidence: [`${best.by ?? '评分人'}评${score}分${when}：${best.note}`],
    };
  }
  let level: Level = 'green';
  const evidence: string[] = [];
  for (const w of warnings) {
    if (!item.indicators.includes(w.indicator)) continue;
    if (w.since > through || (w.closedOn !== null && w.closedOn <= start)) continue;
    if (LEVEL_RANK[w.level] > LEVEL_RANK[level]) level = w.level;
    const span = w.closedOn ? `${dayZh(w.since)}至${dayZh(w.closedOn)}` : `${dayZh(w.since)}起`;
    const tag = w.level === 'red' ? '红色预警' : '黄色预警';
    evidence.push(
      `${indicatorZh(w.indicator)}${tag}（${span}）${w.evidence.length ? `：${w.evidence.join('；')}` : ''}`,
    );
  }
  if (level === 'green') evidence.push(`本月${item.indicators.map(indicatorZh).join('、')}均无预警`);
  return { ...base, score: pointsAt(item.points, level), level, rating: null, evidence };
}

/** The score of a month by the category in force in it. */
export function scoreMonth(
  year: number,
  month: number,
  today: IsoDate,
  category: AssessmentCategory,
  warnings: readonly WarningSpan[],
  ratings: readonly Rating[],
): MonthScore {
  const start = monthStart(year, month);
  const end = monthEnd(year, month);
  const through = end < today ? end : today;
  const items = category.items.map((i) => scoreItem(i, start, through, warnings, ratings));
  return {
    month: start.slice(0, 7),
    through,
    category: { key: category.key, zh: category.zh },
    score: items.reduce((s, i) => s + i.score, 0),
    items,
  };
}

/** Stars for a monthly average (of 100): the highest band whose line it reaches; 0 below every band. */
export function starsFor(average: number, bands: readonly StarBand[]): number {
  let stars = 0;
  for (const b of bands) if (average >= b.min && b.stars > stars) stars = b.stars;
  return stars;
}

export interface YearResult {
  /** the sum of the months' scores */
  total: number;
  /** months assessed */
  months: number;
  /** the most the months could have given */
  max: number;
  /** total / months, rounded half up to one decimal (null: no month assessed) */
  average: number | null;
  stars: number;
}

/** The year's result from its months: the sum, the average and the stars it falls in. */
export function yearResult(months: readonly { score: number }[], bands: readonly StarBand[]): YearResult {
  const total = months.reduce((s, m) => s + m.score, 0);
  if (months.length === 0) return { total: 0, months: 0, max: 0, average: null, stars: 0 };
  // one decimal, half up, in integer arithmetic: (total × 10 / n) rounded
  const average = Math.floor((total * 20 + months.length) / (2 * months.length)) / 10;
  // the stars are judged on the exact average, not the rounded one shown
  let stars = 0;
  for (const b of bands) if (total >= b.min * months.length && b.stars > stars) stars = b.stars;
  return { total, months: months.length, max: months.length * MONTH_MAX, average, stars };
}

export const STARS_ZH = ['未评星', '一星', '二星', '三星', '四星', '五星'] as const;
