import { describe, expect, it } from 'vitest';
import { Int16Slab, OrgCellCounts, StatDelta, pathIds } from '../../src/domain/stats/keys.js';

/** A small random tree: org i's parent is one of the orgs before it. */
function tree(n: number, rnd: () => number): string[] {
  const paths = ['/1/'];
  for (let i = 2; i <= n; i++) paths.push(`${paths[Math.floor(rnd() * paths.length)]!}${i}/`);
  return paths;
}

function rng(seed: number) {
  let s = seed;
  return () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

const sorted = (cells: Iterable<{ orgId: number; dim: string; key: string; n: number }>) =>
  [...cells]
    .filter((c) => c.n !== 0)
    .sort((a, b) => a.orgId - b.orgId || a.dim.localeCompare(b.dim) || a.key.localeCompare(b.key));

describe('OrgCellCounts', () => {
  it('reads out the same cells as StatDelta, rolled up to every ancestor, pairs interned late included', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const rnd = rng(seed);
      const paths = tree(60, rnd);
      const counts = new OrgCellCounts();
      const delta = new StatDelta();
      for (let i = 0; i < 3000; i++) {
        const path = paths[Math.floor(rnd() * paths.length)]!;
        const ids = pathIds(path);
        // the number of distinct pairs grows as rows come, as in a file (some orgs were counted before it grew)
        const keys: [string, string][] = [
          ['status', rnd() < 0.8 ? 'full' : 'probationary'],
          ['standing', String(Math.floor(rnd() * Math.min(80, 5 + i / 10)))],
          ['occ', `o${Math.floor(rnd() * 30)}`],
        ];
        const sign = rnd() < 0.1 ? -1 : 1;
        counts.add(
          ids[ids.length - 1]!,
          path,
          keys.map(([d, k]) => counts.cell(d, k)),
          sign,
        );
        delta.add(ids, keys, sign);
      }
      expect(sorted(counts.entries())).toEqual(sorted(delta.entries()));
      // read out once: the counts are consumed
      expect([...counts.entries()]).toEqual([]);
    }
  });

  it('keeps counts past 16 bits exact: an org with 40,000 members, and its sums up the tree', () => {
    const counts = new OrgCellCounts();
    const male = counts.cell('sex', 'male');
    const full = counts.cell('status', 'full');
    for (let i = 0; i < 40_000; i++) counts.add(3, '/1/3/', [male, full]);
    for (let i = 0; i < 30_000; i++) counts.add(4, '/1/4/', [male]);
    for (let i = 0; i < 35_000; i++) counts.add(5, '/1/5/', [male], -1);
    counts.add(1, '/1/', [full]);
    const out = sorted(counts.entries()).map((e) => [e.orgId, e.key, e.n]);
    expect(out).toEqual([
      [1, 'male', 35_000],
      [1, 'full', 40_001],
      [3, 'male', 40_000],
      [3, 'full', 40_000],
      [4, 'male', 30_000],
      [5, 'male', -35_000],
    ]);
  });

  it('yields the cells in ascending org order (a COPY straight into org_stat fills its key at the right edge)', () => {
    const counts = new OrgCellCounts();
    const c = counts.cell('sex', 'male');
    counts.add(9, '/1/4/9/', [c]);
    counts.add(7, '/1/7/', [c]);
    counts.add(2, '/1/4/2/', [c]);
    expect([...counts.entries()].map((e) => [e.orgId, e.n])).toEqual([
      [1, 3],
      [2, 1],
      [4, 2],
      [7, 1],
      [9, 1],
    ]);
  });

  it("cuts the orgs' 16-bit arrays from shared blocks, apart from one another (a million-row load's 76k orgs)", () => {
    const slab = new Int16Slab();
    const arrays = Array.from({ length: 1000 }, (_, i) => slab.int16(144 + (i % 3) * 16));
    // a few blocks for all of them, not an ArrayBuffer each
    expect(new Set(arrays.map((a) => a.buffer)).size).toBe(1);
    expect(arrays[7]!.length).toBe(144 + 16);
    // each its own counts: filled one after another, none overwrites another
    arrays.forEach((a, i) => a.fill(i % 30_000));
    arrays.forEach((a, i) => expect(a.every((n) => n === i % 30_000)).toBe(true));
    // past a block's end a new block is started, and an array too big for a block is its own
    const many = Array.from({ length: 3000 }, () => slab.int16(160));
    expect(new Set(many.map((a) => a.buffer)).size).toBeGreaterThan(1);
    expect(slab.int16(Int16Slab.BLOCK).buffer.byteLength).toBe(Int16Slab.BLOCK * 2);
  });
});
