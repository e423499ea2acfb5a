/**
 * The amount a member owes for a month (decision 0020), computed from their basis, never typed: base × the rate of
 * the band the base falls in, rounded half up to the fen (or the unit the local setting `duesRoundingFen` says);
 * the county's farmer amount; a flat amount; then an approved reduction or exemption. Money is integer fen. Pure.
 */
import type { DuesCategory, DuesReliefKind } from '../../shared/codes.js';
import type { DuesBand, DuesRules } from '../../policy/rules.js';
import type { LocalSettings } from '../../policy/settings.js';

/** The rate (basis points) of the band a base falls in: bands are upper bounds, inclusive, in order. */
export function rateFor(bands: readonly DuesBand[], baseFen: number): number {
  for (const b of bands) if (b.upToFen === null || baseFen <= b.upToFen) return b.rateBp;
  return bands[bands.length - 1]!.rateBp;
}

/** base × rate in fen, rounded half up to a multiple of `unitFen` (1, 10 or 100) — integer arithmetic only. */
export function applyRate(baseFen: number, rateBp: number, unitFen = 1): number {
  const scale = 10000 * unitFen;
  return Math.floor((baseFen * rateBp + scale / 2) / scale) * unitFen;
}

export interface DuesBasisValue {
  category: DuesCategory;
  /** the monthly base in fen where the category has one; null otherwise (or not yet known) */
  baseFen: number | null;
}

export interface ReliefValue {
  kind: DuesReliefKind;
  /** 少交: the approved monthly amount; null for 免交 */
  monthlyFen: number | null;
}

export interface MonthlyAmount {
  /** the amount due in fen; null: 未核定 (a category that needs a base has none) */
  fen: number | null;
  /** the rate applied, for categories with a base */
  rateBp: number | null;
  /** the amount before a reduction or exemption */
  standardFen: number | null;
}

/** Does the category compute its amount from a base? */
export function needsBase(rules: DuesRules, category: DuesCategory): boolean {
  return rules.schemes[category].kind === 'bands';
}

/** The standard monthly amount of a basis under the rules and settings in force for the month. */
export function standardAmount(
  basis: DuesBasisValue,
  rules: DuesRules,
  settings: Pick<LocalSettings, 'duesFarmerFen' | 'duesRoundingFen'>,
): { fen: number | null; rateBp: number | null } {
  const scheme = rules.schemes[basis.category];
  switch (scheme.kind) {
    case 'flat':
      return { fen: scheme.fen, rateBp: null };
    case 'farmer': {
      const fen = Math.min(rules.farmerMaxFen, Math.max(rules.farmerMinFen, settings.duesFarmerFen));
      return { fen, rateBp: null };
    }
    case 'bands': {
      if (basis.baseFen === null) return { fen: null, rateBp: null };
      const bands = scheme.bands === 'retired' ? rules.retiredBands : rules.incomeBands;
      const rateBp = rateFor(bands, basis.baseFen);
      return { fen: applyRate(basis.baseFen, rateBp, settings.duesRoundingFen), rateBp };
    }
  }
}

/**
 * The amount due for a month: the standard amount, changed by an approved relief in force — 免交 owes nothing, 少交
 * owes the approved amount (never more than the standard one). A relief applies even where the basis is not known.
 */
export function monthlyAmount(
  basis: DuesBasisValue | null,
  relief: ReliefValue | null,
  rules: DuesRules,
  settings: Pick<LocalSettings, 'duesFarmerFen' | 'duesRoundingFen'>,
): MonthlyAmount {
  const std = basis ? standardAmount(basis, rules, settings) : { fen: null, rateBp: null };
  if (relief?.kind === 'exempt') return { fen: 0, rateBp: std.rateBp, standardFen: std.fen };
  if (relief?.kind === 'reduced' && relief.monthlyFen !== null) {
    const fen = std.fen === null ? relief.monthlyFen : Math.min(std.fen, relief.monthlyFen);
    return { fen, rateBp: std.rateBp, standardFen: std.fen };
  }
  return { fen: std.fen, rateBp: std.rateBp, standardFen: std.fen };
}

/** Fen as yuan for people: 1234 → 12.34. */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const a = Math.abs(fen);
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

/**
 * Yuan as a person or a ledger writes it ('12.3', '1,200.00', '¥8', '12.30元') → fen, or a reason it is not an
 * amount: not a number, negative, more than two decimals.
 */
export function parseYuan(
  text: string,
): { fen: number } | { problem: 'not_number' | 'negative' | 'decimals' } {
  const t = text
    .trim()
    .replace(/[,，\s]/g, '')
    .replace(/^[¥￥]/, '')
    .replace(/元$/, '');
  if (/^-/.test(t) && /^-\d+(\.\d+)?$/.test(t)) return { problem: 'negative' };
  const m = /^(\d+)(?:\.(\d+))?$/.exec(t);
  if (!m) return { problem: 'not_number' };
  const dec = m[2] ?? '';
  if (dec.length > 2) return { problem: 'decimals' };
  const fen = Number(m[1]) * 100 + Number(dec.padEnd(2, '0') || '0');
  if (!Number.isSafeInteger(fen)) return { problem: 'not_number' };
  return { fen };
}
