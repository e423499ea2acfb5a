/**
 * 党章 第九条 flags (decision 0023): consecutive months of organisational life missed without good reason, at the
 * official numbers' boundaries (3 months an early notice, 6 需研究处理), excused absences, months without meetings,
 * and the combination with the dues ground.
 */
import { describe, expect, it } from 'vitest';
import { rulesAt } from '../../src/policy/rules.js';
import {
  article9Flag,
  duesGround,
  lifeRun,
  monthCounts,
  type LifeMonth,
} from '../../src/domain/member/article9.js';
import { addMonthsTo } from '../../src/domain/dues/months.js';

const rules = rulesAt('2026-11-22').article9;
const absent = (month: string): LifeMonth => ({ month, present: false, excused: false, absent: true });
const present = (month: string): LifeMonth => ({ month, present: true, excused: false, absent: false });
const excused = (month: string): LifeMonth => ({ month, present: false, excused: true, absent: false });
/** n months absent ending in `last`, after a month present */
const run = (n: number, last = '2026-11'): LifeMonth[] => [
  present(addMonthsTo(last, -n)),
  ...Array.from({ length: n }, (_, i) => absent(addMonthsTo(last, i - n + 1))),
];

describe('article 9: organisational life', () => {
  it('rests on 党章 第九条 with 3 and 6 months', () => {
    expect(rules.source).toContain('第九条');
    expect(rules.source).toContain('连续六个月');
    expect(rules.noticeMonths).toBe(3);
    expect(rules.examineMonths).toBe(6);
  });

  it('flags at exactly 3 months (notice) and exactly 6 (需研究处理), not at 2 or 5 months', () => {
    expect(lifeRun(run(2), '2026-11-22', rules)).toEqual({
      ground: 'org_life',
      months: 2,
      since: '2026-10',
      flag: null,
    });
    expect(lifeRun(run(3), '2026-11-22', rules)).toMatchObject({
      months: 3,
      since: '2026-09',
      flag: 'three_months',
    });
    expect(lifeRun(run(5), '2026-11-22', rules)).toMatchObject({ months: 5, flag: 'three_months' });
    expect(lifeRun(run(6), '2026-11-22', rules)).toMatchObject({
      months: 6,
      since: '2026-06',
      flag: 'six_months',
    });
    expect(lifeRun(run(9), '2026-11-22', rules)).toMatchObject({
      months: 9,
      since: '2026-03',
      flag: 'six_months',
    });
  });

  it('an excused month (请假 with its reason) breaks the run: the absence had good reason', () => {
    const m = run(6);
    m[3] = excused(m[3]!.month);
    // 2026-06 … 2026-11 with 2026-08 excused: only 2026-09 … 2026-11 are consecutive
    expect(lifeRun(m, '2026-11-22', rules)).toMatchObject({
      months: 3,
      since: '2026-09',
      flag: 'three_months',
    });
    expect(monthCounts({ month: '2026-08', present: false, excused: true, absent: false })).toBe('breaks');
  });

  it('a month present at one meeting breaks it; a month excused at one and absent at another counts', () => {
    expect(monthCounts({ month: '2026-08', present: true, excused: false, absent: true })).toBe('breaks');
    expect(monthCounts({ month: '2026-08', present: false, excused: true, absent: true })).toBe('missed');
    const m = run(6).map((x, i) => (i === 2 ? { ...x, excused: true } : x));
    expect(lifeRun(m, '2026-11-22', rules).months).toBe(6);
  });

  it('a month with no meeting the member was expected at neither counts nor breaks', () => {
    // absent Jan–Mar and May–Jul; the branch held nothing in April
    const m = [
      present('2025-12'),
      ...['2026-01', '2026-02', '2026-03', '2026-05', '2026-06', '2026-07'].map(absent),
    ];
    expect(lifeRun(m, '2026-07-31', rules)).toMatchObject({
      months: 6,
      since: '2026-01',
      flag: 'six_months',
    });
    // nothing recorded at all: no run
    expect(lifeRun([], '2026-07-31', rules)).toMatchObject({ months: 0, since: null, flag: null });
  });

  it('judges as of a date: later months do not count, and attending once ends the flag', () => {
    const m = run(6, '2026-10');
    expect(lifeRun(m, '2026-08-31', rules)).toMatchObject({ months: 4, flag: 'three_months' });
    expect(lifeRun([...m, present('2026-11')], '2026-11-22', rules)).toMatchObject({ months: 0, flag: null });
  });
});

describe('article 9: both grounds', () => {
  it('the dues ground flags at the dues rule numbers (中组发〔2008〕3号 with 党章 第九条)', () => {
    const d = rulesAt('2026-11-22').dues;
    expect(duesGround(2, '2026-10', d).flag).toBeNull();
    expect(duesGround(3, '2026-09', d)).toEqual({
      ground: 'dues',
      months: 3,
      since: '2026-09',
      flag: 'three_months',
    });
    expect(duesGround(6, '2026-06', d).flag).toBe('six_months');
  });

  it('the member takes the stronger flag: any one ground suffices', () => {
    const d = rulesAt('2026-11-22').dues;
    const life = lifeRun(run(3), '2026-11-22', rules);
    expect(article9Flag([life, duesGround(0, null, d)])).toBe('three_months');
    expect(article9Flag([life, duesGround(6, '2026-06', d)])).toBe('six_months');
    expect(article9Flag([lifeRun([], '2026-11-22', rules), duesGround(5, '2026-07', d)])).toBe(
      'three_months',
    );
    expect(article9Flag([lifeRun(run(2), '2026-11-22', rules), duesGround(2, '2026-10', d)])).toBeNull();
  });
});
