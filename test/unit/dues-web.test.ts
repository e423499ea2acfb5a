/** The 党费 pages' arithmetic (decision 0022): amounts typed in yuan, and the month reconciled to the fen. */
import { describe, expect, it } from 'vitest';
import { parseAmount, reconcile, money } from '../../src/web/lib/dues.js';

describe('parseAmount', () => {
  it('reads yuan into fen and names what is wrong in Chinese', () => {
    expect(parseAmount('12')).toEqual({ fen: 1200 });
    expect(parseAmount('0.2')).toEqual({ fen: 20 });
    expect(parseAmount('¥1,234.56')).toEqual({ fen: 123456 });
    expect(parseAmount('')).toEqual({ error: '请填写金额' });
    expect(parseAmount('12.345')).toEqual({ error: '金额最多两位小数（到分）' });
    expect(parseAmount('-3')).toEqual({ error: '金额不能为负数' });
    expect(parseAmount('十元')).toEqual({ error: '金额应为数字，如 12.50' });
    expect(parseAmount('30000000')).toEqual({ error: '金额过大' });
  });
});

describe('reconcile', () => {
  it('due − short + over + paid by members 未核定 = paid, to the fen', () => {
    const lines = [
      { due: 4000, paid: 4000 },
      { due: 7800, paid: 3900 }, // partial
      { due: 20, paid: 0 },
      { due: 2500, paid: 7500 }, // paid more on the month named
      { due: null, paid: 300 }, // 未核定
    ];
    const r = reconcile(lines);
    expect(r).toEqual({ due: 14320, paid: 15700, short: 3920, over: 5000, unknownPaid: 300 });
    expect(r.due - r.short + r.over + r.unknownPaid).toBe(r.paid);
    expect(money(r.paid)).toBe('¥157.00');
    expect(money(null)).toBe('—');
  });
});
