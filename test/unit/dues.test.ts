/** Dues (党费, 中组发〔2008〕3号; decision 0020): bands, rounding, reliefs, arrears, flags, payment checks. */
import { describe, expect, it } from 'vitest';
import { applyRate, monthlyAmount, parseYuan, rateFor, yuan } from '../../src/domain/dues/amounts.js';
import { allocate, judgeDues, type MemberDuesFacts } from '../../src/domain/dues/ledger.js';
import { parseMonthText } from '../../src/domain/dues/months.js';
import { paymentProblems, paymentWarnings } from '../../src/domain/dues/payment.js';
import { DUES_RULES_2008, rulesAt } from '../../src/policy/rules.js';
import { DEFAULT_SETTINGS, checkSettingValue } from '../../src/policy/settings.js';

const R = DUES_RULES_2008;
const S = DEFAULT_SETTINGS;
const salaried = (baseFen: number) => monthlyAmount({ category: 'salaried', baseFen }, null, R, S).fen;
const retired = (baseFen: number) => monthlyAmount({ category: 'retired', baseFen }, null, R, S).fen;

describe('the bands (第一条) at their boundaries', () => {
  it('employed: ≤3000 0.5 %, 3000–5000 inclusive 1 %, 5000–10000 inclusive 1.5 %, above 2 %', () => {
    expect(rateFor(R.incomeBands, 300000)).toBe(50);
    expect(salaried(300000)).toBe(1500); // 3000.00 → 15.00
    expect(rateFor(R.incomeBands, 300001)).toBe(100);
    expect(salaried(300001)).toBe(3000); // 3000.01 × 1 % = 30.0001 → 30.00
    expect(salaried(500000)).toBe(5000); // 5000 × 1 %
    expect(rateFor(R.incomeBands, 500001)).toBe(150);
    expect(salaried(1000000)).toBe(15000); // 10000 × 1.5 %
    expect(rateFor(R.incomeBands, 1000001)).toBe(200);
    expect(salaried(1000001)).toBe(20000); // 10000.01 × 2 % = 200.0002
    expect(salaried(0)).toBe(0);
  });
  it('retired: ≤5000 0.5 %, above 1 %', () => {
    expect(retired(500000)).toBe(2500);
    expect(retired(500001)).toBe(5000);
    expect(retired(300001)).toBe(1500); // no 1 % band between 3000 and 5000 for pensions
  });
  it('年薪制 and 个体经营 use the same bands on their own base', () => {
    expect(monthlyAmount({ category: 'annual_salary', baseFen: 800000 }, null, R, S).fen).toBe(12000);
    expect(monthlyAmount({ category: 'self_employed', baseFen: 250000 }, null, R, S).fen).toBe(1250);
  });
  it('farmers pay the county amount, students, unemployed, relief and 低保 0.2 yuan', () => {
    expect(monthlyAmount({ category: 'farmer', baseFen: null }, null, R, S).fen).toBe(20);
    expect(
      monthlyAmount({ category: 'farmer', baseFen: null }, null, R, { ...S, duesFarmerFen: 100 }).fen,
    ).toBe(100);
    for (const c of ['student', 'unemployed', 'relief', 'subsistence'] as const)
      expect(monthlyAmount({ category: c, baseFen: null }, null, R, S).fen).toBe(20);
  });
  it('the farmer amount setting accepts only 0.2–1 yuan', () => {
    expect(checkSettingValue('duesFarmerFen', 19).ok).toBe(false);
    expect(checkSettingValue('duesFarmerFen', 20).ok).toBe(true);
    expect(checkSettingValue('duesFarmerFen', 100).ok).toBe(true);
    expect(checkSettingValue('duesFarmerFen', 101).ok).toBe(false);
    expect(checkSettingValue('duesRoundingFen', 10).ok).toBe(true);
    expect(checkSettingValue('duesRoundingFen', 5).ok).toBe(false);
  });
  it('a category with a base but none recorded is 未核定 (null)', () => {
    expect(monthlyAmount({ category: 'salaried', baseFen: null }, null, R, S).fen).toBeNull();
    expect(monthlyAmount(null, null, R, S).fen).toBeNull();
  });
  it('the rule set in force carries the dues rules', () => {
    expect(rulesAt('2026-01-01').dues.incomeBands).toEqual(R.incomeBands);
  });
});

describe('rounding to the fen, half up, in integers', () => {
  it('half a fen rounds up, less rounds down', () => {
    expect(applyRate(123450, 50)).toBe(617); // 1234.50 × 0.5 % = 6.1725 → 6.17
    expect(applyRate(123500, 50)).toBe(618); // 6.175 → 6.18 (half up)
    expect(applyRate(123499, 50)).toBe(617); // 6.17495
    expect(applyRate(456789, 100)).toBe(4568); // 45.6789 → 45.68
  });
  it('a local setting may round to the jiao or the yuan', () => {
    expect(applyRate(456789, 100, 10)).toBe(4570); // 45.6789 → 45.7
    expect(applyRate(456789, 100, 100)).toBe(4600); // → 46
    expect(applyRate(445000, 100, 100)).toBe(4500); // 44.50 → 45 (half up)
  });
});

describe('reductions and exemptions', () => {
  it('免交 owes nothing, 少交 owes the approved amount but never more than the standard', () => {
    expect(
      monthlyAmount({ category: 'salaried', baseFen: 400000 }, { kind: 'exempt', monthlyFen: null }, R, S)
        .fen,
    ).toBe(0);
    expect(
      monthlyAmount({ category: 'salaried', baseFen: 400000 }, { kind: 'reduced', monthlyFen: 1000 }, R, S)
        .fen,
    ).toBe(1000);
    expect(
      monthlyAmount({ category: 'salaried', baseFen: 100000 }, { kind: 'reduced', monthlyFen: 1000 }, R, S)
        .fen,
    ).toBe(500);
  });
});

describe('amounts and months as ledgers write them', () => {
  it('yuan to fen: two decimals at most, never negative', () => {
    expect(parseYuan('12.3')).toEqual({ fen: 1230 });
    expect(parseYuan('1,200.00元')).toEqual({ fen: 120000 });
    expect(parseYuan('¥8')).toEqual({ fen: 800 });
    expect(parseYuan('12.345')).toEqual({ problem: 'decimals' });
    expect(parseYuan('-5')).toEqual({ problem: 'negative' });
    expect(parseYuan('十元')).toEqual({ problem: 'not_number' });
    expect(yuan(1234)).toBe('12.34');
    expect(yuan(5)).toBe('0.05');
  });
  it('months and ranges', () => {
    expect(parseMonthText('2026-01')).toEqual({ from: '2026-01', to: '2026-01' });
    expect(parseMonthText('2026年1月')).toEqual({ from: '2026-01', to: '2026-01' });
    expect(parseMonthText('2026年1-3月')).toEqual({ from: '2026-01', to: '2026-03' });
    expect(parseMonthText('2026年1月-3月')).toEqual({ from: '2026-01', to: '2026-03' });
    expect(parseMonthText('2026.01-2026.03')).toEqual({ from: '2026-01', to: '2026-03' });
    expect(parseMonthText('2025年11月至2026年2月')).toEqual({ from: '2025-11', to: '2026-02' });
    expect(parseMonthText('202603')).toEqual({ from: '2026-03', to: '2026-03' });
    expect(parseMonthText('2026-03-01')).toEqual({ from: '2026-03', to: '2026-03' });
    expect(parseMonthText('2026年13月')).toBeNull();
    expect(parseMonthText('2026年3-1月')).toBeNull();
    expect(parseMonthText('三月')).toBeNull();
  });
});

const opts = (asOf: string, extra = {}) => ({ asOf, rulesAt, settingsAt: () => S, ...extra });
const facts = (f: Partial<MemberDuesFacts>): MemberDuesFacts => ({
  owing: [{ from: '2010-01-01', to: null }],
  bases: [{ category: 'salaried', baseFen: 400000, fromMonth: '2026-01' }],
  reliefs: [],
  payments: [],
  ...f,
});
const pay = (id: number, fromMonth: string, toMonth: string, amountFen: number, paidOn: string) => ({
  id,
  fromMonth,
  toMonth,
  amountFen,
  paidOn,
});

describe('arrears and flags', () => {
  it('a month is owed from its first day: arrears as of a date count that date’s month', () => {
    const j = judgeDues(
      facts({ payments: [pay(1, '2026-01', '2026-02', 8000, '2026-02-10')] }),
      opts('2026-03-01'),
    );
    expect(j.arrearsMonths).toBe(1);
    expect(j.arrears).toBe(4000);
    expect(j.flag).toBeNull();
  });
  it('a base change mid-year applies from the month the new pay starts', () => {
    const j = judgeDues(
      facts({
        bases: [
          { category: 'salaried', baseFen: 280000, fromMonth: '2026-01' },
          { category: 'salaried', baseFen: 520000, fromMonth: '2026-07' },
        ],
      }),
      opts('2026-12-31'),
    );
    expect(j.months.find((m) => m.month === '2026-06')!.due).toBe(1400);
    expect(j.months.find((m) => m.month === '2026-07')!.due).toBe(7800);
    expect(j.arrears).toBe(6 * 1400 + 6 * 7800);
  });
  it('a probationary member owes from the month the general meeting accepted them', () => {
    const j = judgeDues(
      facts({
        owing: [{ from: '2026-05-20', to: null }],
        bases: [{ category: 'salaried', baseFen: 400000, fromMonth: '2026-01' }],
      }),
      opts('2026-05-25'),
    );
    expect(j.months.filter((m) => m.status !== 'not_owed').map((m) => m.month)).toEqual(['2026-05']);
    expect(j.arrearsMonths).toBe(1);
  });
  it('a member who left owes nothing after the month they left', () => {
    const j = judgeDues(facts({ owing: [{ from: '2010-01-01', to: '2026-04-01' }] }), opts('2026-08-10'));
    expect(j.arrearsMonths).toBe(3);
    expect(j.months.find((m) => m.month === '2026-04')!.status).toBe('not_owed');
  });
  it('no basis: 未核定, never arrears', () => {
    const j = judgeDues(
      facts({ bases: [{ category: 'salaried', baseFen: null, fromMonth: '2026-01' }] }),
      opts('2026-09-01'),
    );
    expect(j.months.every((m) => m.status === 'unknown')).toBe(true);
    expect(j.arrears).toBe(0);
    expect(j.flag).toBeNull();
    expect(judgeDues(facts({ bases: [] }), opts('2026-09-01')).months).toEqual([]);
  });
  it('three to five ended months with nothing paid: early notice; six or more: 需研究处理', () => {
    // owed from January; a month counts once it has ended (its dues may be paid until its last day)
    expect(judgeDues(facts({}), opts('2026-03-31')).flag).toBeNull();
    expect(judgeDues(facts({}), opts('2026-03-31')).unpaidRun).toBe(2);
    expect(judgeDues(facts({}), opts('2026-04-01')).flag).toBe('three_months');
    expect(judgeDues(facts({}), opts('2026-06-30')).flag).toBe('three_months');
    const six = judgeDues(facts({}), opts('2026-07-01'));
    expect(six.flag).toBe('six_months');
    expect(six.unpaidRun).toBe(6);
    expect(six.unpaidSince).toBe('2026-01');
    // the running month is already in the arrears (what the secretary collects), never in the run
    expect(six.arrearsMonths).toBe(7);
    // a payment breaks the run
    const broken = judgeDues(
      facts({ payments: [pay(1, '2026-03', '2026-03', 4000, '2026-03-05')] }),
      opts('2026-07-01'),
    );
    expect(broken.unpaidRun).toBe(3);
    expect(broken.unpaidSince).toBe('2026-04');
    expect(broken.flag).toBe('three_months');
    expect(broken.arrearsMonths).toBe(6);
  });
  it('quarterly prepayment covers the quarter; partial payments leave the last month short', () => {
    const q = judgeDues(
      facts({ payments: [pay(1, '2026-01', '2026-03', 12000, '2026-01-05')] }),
      opts('2026-03-31'),
    );
    expect(q.arrears).toBe(0);
    expect(q.months.slice(0, 3).map((m) => m.paid)).toEqual([4000, 4000, 4000]);
    const part = judgeDues(
      facts({ payments: [pay(1, '2026-01', '2026-03', 10000, '2026-01-05')] }),
      opts('2026-03-31'),
    );
    expect(part.months.slice(0, 3).map((m) => m.status)).toEqual(['paid', 'paid', 'partial']);
    expect(part.arrears).toBe(2000);
    expect(part.flag).toBeNull();
    const over = judgeDues(
      facts({ payments: [pay(1, '2026-01', '2026-01', 5000, '2026-01-05')] }),
      opts('2026-01-31'),
    );
    expect(over.months[0]!.paid).toBe(5000);
    expect(over.arrears).toBe(0);
  });
  it('payments after the as-of date do not count', () => {
    const j = judgeDues(
      facts({ payments: [pay(1, '2026-01', '2026-01', 4000, '2026-02-10')] }),
      opts('2026-01-31'),
    );
    expect(j.arrearsMonths).toBe(1);
  });
  it('an exemption owes nothing and is never arrears', () => {
    const j = judgeDues(
      facts({ reliefs: [{ kind: 'exempt', monthlyFen: null, fromMonth: '2026-01', toMonth: '2026-06' }] }),
      opts('2026-07-15'),
    );
    expect(j.arrearsMonths).toBe(1);
    expect(j.months[0]!.status).toBe('nothing_due');
  });
  it('allocates in month order, an unknown month an equal share', () => {
    expect(
      allocate(100, [
        { due: 40, paid: 0 },
        { due: 40, paid: 0 },
        { due: 40, paid: 0 },
      ]),
    ).toEqual([40, 40, 20]);
    expect(
      allocate(90, [
        { due: null, paid: 0 },
        { due: null, paid: 0 },
      ]),
    ).toEqual([45, 45]);
  });
});

describe('payment checks', () => {
  const o = { today: '2026-07-20', owing: [{ from: '2025-06-15', to: null }], rules: R };
  const p = (
    fromMonth: string,
    toMonth: string,
    paidOn = '2026-07-20',
    amountFen = 4000,
    voluntaryFen = 0,
  ) => ({
    fromMonth,
    toMonth,
    paidOn,
    amountFen,
    voluntaryFen,
  });
  it('make-up payments up to six months back are accepted, older ones with a warning', () => {
    expect(paymentProblems(p('2026-01', '2026-01'), o)).toEqual([]);
    expect(paymentWarnings(p('2026-01', '2026-01'), { rules: R, dueFen: 4000 })).toEqual([]);
    expect(paymentProblems(p('2025-12', '2025-12'), o)).toEqual([]);
    expect(paymentWarnings(p('2025-12', '2025-12'), { rules: R, dueFen: 4000 }).map((w) => w.code)).toEqual([
      'late_make_up',
    ]);
  });
  it('prepayment at most three months ahead (a quarter)', () => {
    expect(paymentProblems(p('2026-08', '2026-10'), o)).toEqual([]);
    expect(paymentProblems(p('2026-08', '2026-11'), o).map((x) => x.code)).toEqual(['DUES_PREPAY_TOO_FAR']);
  });
  it('months before joining are refused; the month of joining is owed', () => {
    expect(paymentProblems(p('2025-06', '2025-06'), o)).toEqual([]);
    expect(paymentProblems(p('2025-05', '2025-06'), o).map((x) => x.code)).toEqual(['DUES_NOT_OWED']);
  });
  it('negative, zero and future payments are refused', () => {
    expect(paymentProblems(p('2026-07', '2026-07', '2026-07-20', -1), o).map((x) => x.code)).toContain(
      'DUES_AMOUNT_INVALID',
    );
    expect(paymentProblems(p('2026-07', '2026-07', '2026-07-20', 0), o).map((x) => x.code)).toEqual([
      'DUES_AMOUNT_INVALID',
    ]);
    expect(paymentProblems(p('2026-07', '2026-07', '2026-07-21'), o).map((x) => x.code)).toEqual([
      'DUES_DATE_INVALID',
    ]);
  });
  it('an amount different from the dues and a voluntary 1000 yuan or more are noted', () => {
    expect(
      paymentWarnings(p('2026-07', '2026-07', '2026-07-20', 3000), { rules: R, dueFen: 4000 }).map(
        (w) => w.code,
      ),
    ).toEqual(['amount_differs']);
    expect(
      paymentWarnings(p('2026-07', '2026-07', '2026-07-20', 4000, 99999), { rules: R, dueFen: 4000 }),
    ).toEqual([]);
    expect(
      paymentWarnings(p('2026-07', '2026-07', '2026-07-20', 4000, 100000), { rules: R, dueFen: 4000 }).map(
        (w) => w.code,
      ),
    ).toEqual(['to_centre']);
  });
});
