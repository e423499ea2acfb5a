/**
 * The party-statistics table 整顿软弱涣散基层党组织情况 derived from the confirmed list (decision 0033): how many orgs
 * were screened and confirmed, and per type the count and its share of the confirmed orgs. One org may be of
 * several types, so the shares may add up to more than 100 %. Pure.
 */
import { WEAK_TYPES } from './types.js';

export interface TypeCount {
  type: number;
  label: string;
  count: number;
  /** count / confirmed × 100, rounded half up to one decimal; 0 when nothing is confirmed */
  percent: number;
}

/** count / total × 100 to one decimal, half up (15.789… → 15.8, 2.631… → 2.6). */
export function percentOf(count: number, total: number): number {
  if (total <= 0) return 0;
  // integer arithmetic: tenths of a percent, rounded half up
  return Math.floor((count * 1000 * 2 + total) / (total * 2)) / 10;
}

/**
 * The by-type rows: every official type (1–10), even with a count of 0, and a local addition only when some org
 * is confirmed under it.
 */
export function countByType(confirmed: readonly (readonly number[])[]): TypeCount[] {
  const counts = new Map<number, number>();
  for (const types of confirmed) for (const t of new Set(types)) counts.set(t, (counts.get(t) ?? 0) + 1);
  return WEAK_TYPES.filter((t) => !t.local || counts.has(t.type)).map((t) => {
    const count = counts.get(t.type) ?? 0;
    return { type: t.type, label: t.zh, count, percent: percentOf(count, confirmed.length) };
  });
}

/**
 * What a local screening ratio (排查比例, e.g. 5–10 % of the villages) would mean for this many screened orgs —
 * information shown next to the list, never a quota: null when the county sets none (不设比例).
 */
export function ratioReference(screened: number, ratioPercent: number): number | null {
  if (ratioPercent <= 0) return null;
  return Math.ceil((screened * ratioPercent) / 100);
}
