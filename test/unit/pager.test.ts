/** The roster pager with a total counted only up to the cap (decision 0051): every row stays reachable. */
import { describe, expect, it } from 'vitest';
import { pagerTotal } from '../../src/web/lib/pager.js';

const rows = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('pagerTotal', () => {
  it('is the exact total when the count is exact', () => {
    expect(pagerTotal({ total: 1234, items: rows(50) }, 3, 50)).toBe(1234);
    expect(pagerTotal({ total: 0, items: [] }, 1, 20)).toBe(0);
    expect(pagerTotal(undefined, 1, 20)).toBe(0);
  });
  it('is the lower bound (cap + 1) before the cap’s last page', () => {
    expect(pagerTotal({ total: 10_001, totalIsLowerBound: true, items: rows(50) }, 1, 50)).toBe(10_001);
    expect(pagerTotal({ total: 10_001, totalIsLowerBound: true, items: rows(50) }, 200, 50)).toBe(10_001);
  });
  it('reaches one page past a full page beyond the cap, and stops at a short one', () => {
    // page 201 of 50: rows 10,001–10,050 came back full, so page 202 is offered
    expect(pagerTotal({ total: 10_001, totalIsLowerBound: true, items: rows(50) }, 201, 50)).toBe(10_051);
    expect(pagerTotal({ total: 10_001, totalIsLowerBound: true, items: rows(50) }, 300, 50)).toBe(15_001);
    // the last page: 17 rows, nothing after it
    expect(pagerTotal({ total: 10_001, totalIsLowerBound: true, items: rows(17) }, 301, 50)).toBe(15_017);
  });
});
