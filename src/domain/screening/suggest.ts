/**
 * Suggested weak-org types with their evidence (decision 0033): what the records of a screening year point to,
 * for the county to confirm or not. Types 2, 3, 5, 6, 8 and 10 (and the local additions) need people: a township
 * officer's dated observation naming a type, the petition (信访) counts of the year reaching the local threshold
 * (type 8), a satisfaction survey below the local minimum (type 10). Types 1 and 4 follow from the org's health
 * indicators when those are evaluated (issue 14 item 1): the caller passes their red signals; none is made up
 * here. A suggestion is never a decision. Pure.
 */
import type { IsoDate } from '../../shared/dates.js';
import { weakType } from './types.js';

export type ObservationKind = 'observation' | 'petition' | 'survey';

export interface ObservationFacts {
  id: number;
  kind: ObservationKind;
  observedOn: IsoDate;
  /** observation: the type it points to (optional) */
  weakType: number | null;
  /** petition: how many petitions (信访件次) the record counts */
  count: number | null;
  /** survey: respondents and the satisfied among them */
  respondents: number | null;
  satisfied: number | null;
  note: string;
  author: string;
}

export interface ScreeningThresholds {
  /** petitions in the year at or above which type 8 is suggested */
  petitionThreshold: number;
  /** a satisfaction below this percent suggests type 10 */
  satisfactionMinPercent: number;
}

export interface Suggestion {
  type: number;
  evidence: string[];
}

/** A signal of an indicator, as the indicators module reports it, that points to a type (1 or 4). */
export interface IndicatorSignal {
  type: number;
  evidence: string;
}

const by = (o: ObservationFacts) => `${o.observedOn}，${o.author}记录`;

/** The satisfaction of a survey in percent, one decimal; null without respondents. */
export function satisfactionPercent(o: Pick<ObservationFacts, 'respondents' | 'satisfied'>): number | null {
  if (!o.respondents || o.satisfied === null) return null;
  return Math.round((o.satisfied * 1000) / o.respondents) / 10;
}

export function suggestTypes(
  records: readonly ObservationFacts[],
  t: ScreeningThresholds,
  signals: readonly IndicatorSignal[] = [],
): Suggestion[] {
  const out = new Map<number, string[]>();
  const add = (type: number, e: string) => out.set(type, [...(out.get(type) ?? []), e]);
  for (const s of signals) add(s.type, s.evidence);
  const sorted = [...records].sort((a, b) =>
    a.observedOn < b.observedOn ? -1 : a.observedOn > b.observedOn ? 1 : a.id - b.id,
  );
  for (const o of sorted)
    if (o.kind === 'observation' && o.weakType !== null && weakType(o.weakType))
      add(o.weakType, `${by(o)}：${o.note}`);
  const petitions = sorted.filter((o) => o.kind === 'petition');
  const total = petitions.reduce((n, o) => n + (o.count ?? 0), 0);
  if (petitions.length && total >= t.petitionThreshold)
    add(
      8,
      `本年度信访${total}件次，达到本县提示线${t.petitionThreshold}件次（${petitions
        .map((o) => `${o.observedOn} ${o.count ?? 0}件次`)
        .join('；')}）`,
    );
  const surveys = sorted.filter((o) => o.kind === 'survey' && satisfactionPercent(o) !== null);
  const last = surveys.at(-1);
  if (last) {
    const p = satisfactionPercent(last)!;
    if (p < t.satisfactionMinPercent)
      add(
        10,
        `${by(last)}满意度测评：${last.respondents}人参加，满意${last.satisfied}人，满意度${p}%，低于本县设置的${t.satisfactionMinPercent}%`,
      );
  }
  return [...out.entries()].sort((a, b) => a[0] - b[0]).map(([type, evidence]) => ({ type, evidence }));
}
