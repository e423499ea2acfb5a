/**
 * What a payment record may say (decision 0020, 中组发〔2008〕3号 第十一、十二、十四条): months a member owed dues,
 * paid on or before today, in advance at most a quarter, a make-up older than six months kept with a warning, an
 * amount different from what was due kept with a warning. Pure: the caller gives the member's facts.
 */
import type { IsoDate } from '../../shared/dates.js';
import type { DuesRules } from '../../policy/rules.js';
import { yuan } from './amounts.js';
import { owesIn, type OwingSpan } from './ledger.js';
import { monthOfDate, monthsBetween, monthsFromTo, monthZh, type Month } from './months.js';

/** The most months one payment record may cover. */
export const MAX_PAYMENT_MONTHS = 36;

export type DuesProblemCode =
  | 'DUES_AMOUNT_INVALID'
  | 'DUES_MONTH_INVALID'
  | 'DUES_NOT_OWED'
  | 'DUES_PREPAY_TOO_FAR'
  | 'DUES_DATE_INVALID';

export interface DuesProblem {
  code: DuesProblemCode;
  field: string;
  message: string;
}

export type DuesWarningCode = 'late_make_up' | 'amount_differs' | 'to_centre';

export interface DuesWarning {
  code: DuesWarningCode;
  message: string;
}

export interface PaymentInput {
  fromMonth: Month;
  toMonth: Month;
  amountFen: number;
  voluntaryFen: number;
  paidOn: IsoDate;
}

/** The refusals: a payment with any of them is not written. */
export function paymentProblems(
  p: PaymentInput,
  o: { today: IsoDate; owing: readonly OwingSpan[]; rules: DuesRules },
): DuesProblem[] {
  const out: DuesProblem[] = [];
  if (!Number.isSafeInteger(p.amountFen) || p.amountFen < 0)
    out.push({ code: 'DUES_AMOUNT_INVALID', field: 'amount', message: '金额不能为负数' });
  if (!Number.isSafeInteger(p.voluntaryFen) || p.voluntaryFen < 0)
    out.push({ code: 'DUES_AMOUNT_INVALID', field: 'voluntary', message: '自愿多交金额不能为负数' });
  if (p.amountFen === 0 && p.voluntaryFen === 0)
    out.push({ code: 'DUES_AMOUNT_INVALID', field: 'amount', message: '金额不能为0' });
  if (p.paidOn > o.today)
    out.push({ code: 'DUES_DATE_INVALID', field: 'paidOn', message: '缴纳日期不能晚于今天' });
  if (p.toMonth < p.fromMonth) {
    out.push({ code: 'DUES_MONTH_INVALID', field: 'months', message: '缴纳月份的结束月份早于开始月份' });
    return out;
  }
  const n = monthsBetween(p.fromMonth, p.toMonth) + 1;
  if (n > MAX_PAYMENT_MONTHS)
    out.push({
      code: 'DUES_MONTH_INVALID',
      field: 'months',
      message: `一笔缴费最多覆盖${MAX_PAYMENT_MONTHS}个月，请分开记录`,
    });
  else {
    const notOwed = monthsFromTo(p.fromMonth, p.toMonth).filter((m) => !owesIn(o.owing, m));
    if (notOwed.length)
      out.push({
        code: 'DUES_NOT_OWED',
        field: 'months',
        message: `${notOwed.map(monthZh).join('、')}该党员不在党籍或未到交纳时间（入党前、停止党籍或离开后），不应交纳党费`,
      });
  }
  const paidMonth = monthOfDate(p.paidOn);
  if (monthsBetween(paidMonth, p.toMonth) > o.rules.prepayMonths)
    out.push({
      code: 'DUES_PREPAY_TOO_FAR',
      field: 'months',
      message: `预交党费最多预交${o.rules.prepayMonths}个月（经支部同意可按季度交纳），${monthZh(p.toMonth)}超出了范围`,
    });
  return out;
}

/** What is kept but worth a look: a late make-up, an amount different from the dues, a payment to go to the centre. */
export function paymentWarnings(
  p: PaymentInput,
  o: { rules: DuesRules; /** the dues of the months covered, null where unknown */ dueFen: number | null },
): DuesWarning[] {
  const out: DuesWarning[] = [];
  const back = monthsBetween(p.fromMonth, monthOfDate(p.paidOn));
  if (back > o.rules.makeUpMonths)
    out.push({
      code: 'late_make_up',
      message: `补交${monthZh(p.fromMonth)}的党费已超过${o.rules.makeUpMonths}个月（第十二条：补交一般不超过6个月），已记录，请核实`,
    });
  if (o.dueFen !== null && p.amountFen !== o.dueFen)
    out.push({
      code: 'amount_differs',
      message: `缴纳${yuan(p.amountFen)}元，与应交${yuan(o.dueFen)}元不一致${p.amountFen < o.dueFen ? '（少交）' : '（多交）'}`,
    });
  if (p.voluntaryFen >= o.rules.voluntaryToCentreFen)
    out.push({
      code: 'to_centre',
      message: `自愿一次多交${yuan(p.voluntaryFen)}元（1000元以上），按第十一条全部上缴中央`,
    });
  return out;
}

/** Is a voluntary payment to be remitted to the centre (第十一条)? */
export function toCentre(voluntaryFen: number, rules: DuesRules): boolean {
  return voluntaryFen >= rules.voluntaryToCentreFen;
}
