/**
 * `idRuns` (decision 0052, session 21): a set of ids as its runs of consecutive ids, for reads of an index by
 * ranges — every id in exactly one run, no other id in any, whatever the order and repeats of the input.
 */
import { describe, expect, it } from 'vitest';
import { idRuns } from '../../src/db/sql.js';
import { rng } from '../helpers/random.js';

describe('idRuns', () => {
  it('cuts ids into maximal runs of consecutive ids', () => {
    expect(idRuns([])).toEqual([[], []]);
    expect(idRuns([7])).toEqual([[7], [7]]);
    expect(idRuns([5, 3, 4, 9, 10, 4, 12])).toEqual([
      [3, 9, 12],
      [5, 10, 12],
    ]);
  });

  it('covers exactly the ids of random sets', () => {
    const rand = rng(21);
    for (let t = 0; t < 200; t++) {
      const ids = Array.from({ length: Math.floor(rand() * 60) }, () => Math.floor(rand() * 80));
      const [lo, hi] = idRuns(ids);
      const covered: number[] = [];
      for (let i = 0; i < lo.length; i++) {
        expect(lo[i]!).toBeLessThanOrEqual(hi[i]!);
        // maximal: the next run starts after a gap
        if (i > 0) expect(lo[i]!).toBeGreaterThan(hi[i - 1]! + 1);
        for (let id = lo[i]!; id <= hi[i]!; id++) covered.push(id);
      }
      expect(covered).toEqual([...new Set(ids)].sort((a, b) => a - b));
    }
  });
});
