/** How the 党费 pages show money, months, flags and states (decision 0022). Money arrives in fen; people see yuan. */
import dayjs, { type Dayjs } from 'dayjs';
import { DUES_CATEGORIES, DUES_METHODS, DUES_RELIEF_KINDS, labelOf } from '../../shared/codes.js';
import { parseYuan, yuan } from '../../domain/dues/amounts.js';
import { addMonthsTo, monthsBetween } from '../../domain/dues/months.js';
import { today } from './format.js';
import type { DuesMemberLine } from '../../shared/dues.js';

export { yuan, addMonthsTo, monthsBetween };

/** 1234 → ¥12.34 */
export function money(fen: number | null | undefined): string {
  return fen === null || fen === undefined ? '—' : `¥${yuan(fen)}`;
}

export const thisMonth = (): string => today().slice(0, 7);

/** `2026-03` → 2026年3月 */
export function monthLabel(m: string): string {
  return `${m.slice(0, 4)}年${Number(m.slice(5, 7))}月`;
}

export const MONTH_FORMAT = 'YYYY-MM';
export const toMonth = (d: Dayjs | null): string | null => (d && d.isValid() ? d.format(MONTH_FORMAT) : null);
export const fromMonth = (m: string | null | undefined): Dayjs | null => (m ? dayjs(`${m}-01`) : null);
/** A month picker's `disabledDate`: no month after this one. */
export const notFutureMonth = (d: Dayjs): boolean => d.format(MONTH_FORMAT) > thisMonth();

export const categoryLabel = (c: string | null | undefined) => (c ? labelOf(DUES_CATEGORIES, c) : '未核定');
export const methodLabel = (c: string) => labelOf(DUES_METHODS, c);
export const reliefLabel = (c: string | null | undefined) => (c ? labelOf(DUES_RELIEF_KINDS, c) : '');
export const CATEGORY_OPTIONS = DUES_CATEGORIES.map((c) => ({ value: c.code, label: c.zh }));
export const METHOD_OPTIONS = DUES_METHODS.map((c) => ({ value: c.code, label: c.zh }));

/** Categories whose amount is computed from a monthly base (the rule set's band schemes). */
export const BASE_CATEGORIES: readonly string[] = ['salaried', 'annual_salary', 'self_employed', 'retired'];

export const FLAG_ZH = {
  three_months: '连续3个月以上未交',
  six_months: '连续6个月以上未交',
} as const;
export const FLAG_SHORT = { three_months: '3个月未交', six_months: '6个月未交' } as const;
export const flagColor = (f: string | null) =>
  f === 'six_months' ? 'red' : f === 'three_months' ? 'orange' : '';

/** A month's state as the API names it. */
export const STATE_ZH: Record<string, { zh: string; color: string }> = {
  paid: { zh: '已交', color: 'green' },
  partial: { zh: '部分交纳', color: 'gold' },
  unpaid: { zh: '未交', color: 'red' },
  unknown: { zh: '未核定', color: 'default' },
  nothing_due: { zh: '免交', color: 'blue' },
  not_owed: { zh: '不需交纳', color: 'default' },
};
export const stateZh = (s: string) => STATE_ZH[s] ?? { zh: s, color: 'default' };

const AMOUNT_PROBLEM_ZH = {
  not_number: '金额应为数字，如 12.50',
  negative: '金额不能为负数',
  decimals: '金额最多两位小数（到分）',
} as const;

/** Yuan typed by a person ('12', '12.5', '¥12.50') → fen, or the reason in Chinese (the importer's parser). */
export function parseAmount(text: string): { fen: number } | { error: string } {
  if (!text.trim()) return { error: '请填写金额' };
  const r = parseYuan(text);
  if ('problem' in r) return { error: AMOUNT_PROBLEM_ZH[r.problem] };
  if (r.fen > 2_000_000_000) return { error: '金额过大' };
  return r;
}

/** The month's figures of a member list, reconciled: paid = due − short + over (+ paid by members 未核定). */
export function reconcile(members: readonly Pick<DuesMemberLine, 'due' | 'paid'>[]) {
  let due = 0;
  let paid = 0;
  let short = 0;
  let over = 0;
  let unknownPaid = 0;
  for (const m of members) {
    paid += m.paid;
    if (m.due === null) {
      unknownPaid += m.paid;
      continue;
    }
    due += m.due;
    if (m.paid < m.due) short += m.due - m.paid;
    else over += m.paid - m.due;
  }
  return { due, paid, short, over, unknownPaid };
}
