/**
 * Sampling against falsification (抽查核实), issue 14 part 6, decision 0038 — pure rules:
 * - the **consistency signals** of a record (supervision.md: a meeting entered long after its date, minutes copied
 *   word for word, a member present at two meetings at the same time, meetings
 *   recorded in bulk; a payment or a recruitment step entered long after its date, a step kept with a rule warning);
 * - the **weight** of a record in a draw: 1, plus 3 for each of its own signals, plus 2 when its org has any signal
 *   among the period's records (an org whose records look typed for the inspector has all its records drawn more
 *   often, not only the suspicious one);
 * - the **draw**: weighted sampling without replacement (Efraimidis–Spirakis: each candidate gets the key
 *   u^(1/w) from a seeded generator, the `size` largest keys win), reproducible from the seed and the candidate list
 *   in its canonical order (kind, record id);
 * - the **mark** of a record: the latest verification wins (属实 / 部分属实 / 不属实); a record whose latest result is
 *   不属实 is marked false and stops counting (a meeting: in compliance and the rollups); earlier results are kept.
 */

import {
  RESULT_LABELS,
  SAMPLE_KIND_LABELS,
  type ResultName,
  type SampleKindName,
} from '../../shared/sampling.js';

export const SAMPLE_KINDS = [
  'meeting',
  'dues_payment',
  'recruitment_step',
] as const satisfies SampleKindName[];
export type SampleKind = SampleKindName;
export const SAMPLE_KIND_ZH = SAMPLE_KIND_LABELS;

export const SIGNALS = [
  'late_entry',
  'same_minutes',
  'double_presence',
  'bulk_entry',
  'rule_warning',
] as const;
export type Signal = (typeof SIGNALS)[number];
export const SIGNAL_ZH: Record<Signal, string> = {
  late_entry: '补录：录入日期晚于发生日期超过本县设置的天数',
  same_minutes: '会议记录内容与其他会议逐字相同',
  double_presence: '同一党员同一时间出席两个会议',
  bulk_entry: '同一天集中补录多个不同日期的会议',
  rule_warning: '录入时即有不符合规定间隔的提示',
};

// how late an entry is late, and how many meetings one day are bulk entry: local settings (sampling.*, decision 0038)
/** Minutes shorter than this are not compared (“无”, “同上” say nothing). */
export const SAME_MINUTES_MIN_CHARS = 20;

export const WEIGHT_BASE = 1;
export const WEIGHT_PER_SIGNAL = 3;
export const WEIGHT_ORG_FLAGGED = 2;
export const WEIGHTING = 'v1: 1 + 3×本记录信号数 + 2×(所在组织期内有信号)';

export interface Candidate {
  kind: SampleKind;
  recordId: number;
  orgId: number;
  signals: readonly Signal[];
}

export interface Weighted extends Candidate {
  weight: number;
  orgFlagged: boolean;
}

/** Each candidate's weight (the rule above), in the canonical order (kind as listed, then record id). */
export function weigh(candidates: readonly Candidate[]): Weighted[] {
  const flagged = new Set(candidates.filter((c) => c.signals.length > 0).map((c) => c.orgId));
  return canonical(candidates).map((c) => {
    const orgFlagged = flagged.has(c.orgId);
    return {
      ...c,
      orgFlagged,
      weight: WEIGHT_BASE + WEIGHT_PER_SIGNAL * c.signals.length + (orgFlagged ? WEIGHT_ORG_FLAGGED : 0),
    };
  });
}

function canonical<T extends Candidate>(cs: readonly T[]): T[] {
  const order = (k: SampleKind) => SAMPLE_KINDS.indexOf(k);
  return [...cs].sort((a, b) => order(a.kind) - order(b.kind) || a.recordId - b.recordId);
}

/** A 32-bit hash of a string (cyrb53's low half is enough to seed the generator; xmur3-style mixing). */
function seedHash(seed: string): [number, number, number, number] {
  let h = 1779033703 ^ seed.length;
  for (let i = 0; i < seed.length; i++) {
    h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  const next = () => {
    h = Math.imul(h ^ (h >>> 16), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    return (h ^= h >>> 16) >>> 0;
  };
  return [next(), next(), next(), next()];
}

/** A seeded generator of numbers in (0, 1) (sfc32): the same seed gives the same sequence on every engine. */
export function generator(seed: string): () => number {
  let [a, b, c, d] = seedHash(seed);
  return () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return ((t >>> 0) + 0.5) / 4294967296;
  };
}

/**
 * Draws `size` of the candidates (all when fewer), each with probability growing with its weight, without
 * replacement: the key of a candidate is ln(u)/w (the logarithm of u^(1/w)), u taken from the seeded generator in the
 * canonical order; the largest keys are drawn, listed in the order drawn (largest key first).
 */
export function draw(candidates: readonly Candidate[], size: number, seed: string): Weighted[] {
  const rnd = generator(seed);
  const keyed = weigh(candidates).map((c) => ({ c, key: Math.log(rnd()) / c.weight }));
  keyed.sort((x, y) => y.key - x.key || x.c.recordId - y.c.recordId);
  return keyed.slice(0, Math.max(0, Math.trunc(size))).map((k) => k.c);
}

export type VerificationResult = ResultName;
export const RESULT_ZH = RESULT_LABELS;

export interface VerificationFact {
  id: number;
  result: VerificationResult;
  verifiedOn: string;
}

/**
 * A record's mark: the result of its latest verification entry (a revision is a new entry, whatever day it names),
 * or null when never verified.
 */
export function markOf(history: readonly VerificationFact[]): VerificationResult | null {
  let last: VerificationFact | null = null;
  for (const v of history) if (!last || v.id > last.id) last = v;
  return last?.result ?? null;
}

/** Whether a record with this mark still counts (toward compliance): only 不属实 stops it. */
export const counts = (mark: VerificationResult | null) => mark !== 'false';

/** The draw's size limits: at least one record, at most 200 a draw (a team verifies them on site). */
export const MAX_SAMPLE = 200;
