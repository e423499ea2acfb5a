import { describe, expect, it } from 'vitest';
import { OrgCellCounts, StatDelta, pathIds } from '../../src/domain/stats/keys.js';

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
});
