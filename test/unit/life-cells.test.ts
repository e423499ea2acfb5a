/**
 * A county's compliance from the life rollup's cells by bit counts (`itemsFromCells`) is the compliance the cells'
 * judged periods give (`itemsOf(judgementsFromCells(…))`, what the page read before): random cells of every kind —
 * masks with held outside expected, pending beside held, empty cells — over ranges of one day to two years,
 * aligned and not.
 */
import { describe, expect, it } from 'vitest';
import { itemsOf } from '../../src/domain/meetings/compliance.js';
import {
  cellRange,
  itemsFromCells,
  judgementsFromCells,
  ownCells,
  type OwnCell,
} from '../../src/domain/meetings/rollup.js';
import { monthsOf, periodsWithin } from '../../src/domain/meetings/periods.js';
import { MEETING_KINDS } from '../../src/shared/codes.js';
import type { LifeItemType } from '../../src/policy/rules.js';
import { addDays, type IsoDate } from '../../src/shared/dates.js';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const TYPES: LifeItemType[] = [...MEETING_KINDS.map((k) => k.code), 'heart_talk'];

describe('compliance items from the rollup cells', () => {
  it('equal the items of the judged periods for random cells and ranges', () => {
    const rand = rng(16);
    const mask = () => {
      const r = rand();
      // empty, full, or random bits over the 17 periods
      return r < 0.15 ? 0 : r < 0.3 ? (1 << 17) - 1 : Math.floor(rand() * (1 << 17));
    };
    let nonEmpty = 0;
    let withMissing = 0;
    for (let i = 0; i < 3000; i++) {
      const cells: OwnCell[] = [];
      for (const year of [2025, 2026])
        for (const type of TYPES)
          if (rand() < 0.6) {
            const expected = mask();
            const held = rand() < 0.1 ? mask() : expected & mask();
            const pending = rand() < 0.5 ? mask() & ~expected : 0;
            cells.push({ year, type, expected, held, pending });
          }
      // cells in any order (the statement groups them by org, not by year or kind)
      cells.sort(() => rand() - 0.5);
      const from: IsoDate = addDays('2025-01-01', Math.floor(rand() * 700));
      const to: IsoDate = rand() < 0.3 ? '2026-12-31' : addDays(from, Math.floor(rand() * (730 - 0)) % 730);
      const last = to > '2026-12-31' ? '2026-12-31' : to;
      const want = itemsOf(judgementsFromCells(cells, from, last));
      const got = itemsFromCells(cells, cellRange(from, last));
      expect(got).toEqual(want);
      if (want.length) nonEmpty++;
      if (want.some((x) => x.missing.length > 1)) withMissing++;
    }
    expect(nonEmpty).toBeGreaterThan(2000);
    expect(withMissing).toBeGreaterThan(1000);
  });

  it('equal them for the aligned year a county page asks for', () => {
    const cells: OwnCell[] = [
      { year: 2026, type: 'theme_day', expected: 0b1111_1111_111, held: 0b1010_1010_101, pending: 1 << 11 },
      { year: 2025, type: 'theme_day', expected: (1 << 12) - 1, held: (1 << 12) - 1, pending: 0 },
      { year: 2026, type: 'general_meeting', expected: 0b111 << 12, held: 0b101 << 12, pending: 1 << 15 },
      { year: 2026, type: 'heart_talk', expected: 0, held: 0, pending: 1 << 16 },
    ];
    const from = '2025-12-01';
    const to = '2026-11-22';
    const got = itemsFromCells(cells, cellRange(from, to));
    expect(got).toEqual(itemsOf(judgementsFromCells(cells, from, to)));
    expect(got.find((x) => x.type === 'theme_day')).toEqual({
      type: 'theme_day',
      // December 2025 held, January–October 2026 (November is running on the 22nd: not a whole period)
      expected: 11,
      held: 6,
      missing: ['2026-02', '2026-04', '2026-06', '2026-08', '2026-10'],
    });
    expect(got.find((x) => x.type === 'heart_talk')).toBeUndefined();
  });

  it('are made back from the periods they judge (ownCells), whatever the order of the periods', () => {
    // (ownCells finds an org's cell of a year and kind by a scan, and a period's year and bit from a table by key)
    const rand = rng(18);
    const key = (c: OwnCell) => `${c.year}|${c.type}|${c.expected}|${c.held}|${c.pending}`;
    let many = 0;
    for (let i = 0; i < 2000; i++) {
      const cells: OwnCell[] = [];
      for (const year of [2025, 2026])
        for (const type of TYPES)
          if (rand() < 0.5) {
            const expected = Math.floor(rand() * (1 << 17));
            const held = expected & Math.floor(rand() * (1 << 17));
            const pending = ~expected & Math.floor(rand() * (1 << 17)) & ((1 << 17) - 1);
            if (expected || pending) cells.push({ year, type, expected, held, pending });
          }
      const judged = judgementsFromCells(cells, '2025-01-01', '2026-12-31');
      judged.sort(() => rand() - 0.5);
      const back = ownCells(judged);
      expect(back.map(key).sort()).toEqual(cells.map(key).sort());
      if (cells.length > 8) many++;
    }
    expect(many).toBeGreaterThan(500);
  });

  it('come from periods made once per window: shared and frozen (a rebuild asks them for every org)', () => {
    const a = periodsWithin('month', '2025-01-01', '2026-12-31');
    expect(periodsWithin('month', '2025-01-01', '2026-12-31')).toBe(a);
    expect(a).toHaveLength(24);
    expect(Object.isFrozen(a) && Object.isFrozen(a[0])).toBe(true);
    expect(() => {
      a[0]!.key = 'x';
    }).toThrow();
    expect(monthsOf(periodsWithin('quarter', '2026-01-01', '2026-12-31')[1]!)).toEqual([
      '2026-04',
      '2026-05',
      '2026-06',
    ]);
    expect(Object.isFrozen(monthsOf(a[3]!))).toBe(true);
  });
});
