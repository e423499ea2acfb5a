/**
 * The county paths of a batch judged once per parent (`countyPathsOf`, decision 0052 session 18): the same as
 * `countyPath` judged for each org from all its ancestors, over random trees of committees and branches, with some
 * ancestors unknown.
 */
import { describe, expect, it } from 'vitest';
import { countyPath, countyPathsOf, type CountyAncestor } from '../../src/domain/supervision/county.js';
import { rng } from '../helpers/random.js';

const KINDS = ['local_committee', 'working_committee', 'township_committee', 'general_branch', 'branch'];
const DIVISIONS = [null, '420000', '420100', '420102', '420102002', '420102002001'];

describe('county paths of a batch', () => {
  it('are each org’s countyPath from all its ancestors', () => {
    for (let seed = 1; seed <= 15; seed++) {
      const r = rng(seed);
      const pick = <T>(l: readonly T[]) => l[Math.floor(r() * l.length)]!;
      const byId = new Map<number, CountyAncestor>();
      const all: CountyAncestor[] = [];
      for (let id = 1; id <= 200; id++) {
        const parent = id === 1 || r() < 0.03 ? null : all[Math.floor(r() * all.length)]!;
        const a: CountyAncestor = {
          path: `${parent?.path ?? '/'}${id}/`,
          kind: pick(KINDS),
          depth: (parent?.depth ?? -1) + 1,
          division: pick(DIVISIONS),
        };
        all.push(a);
        // some orgs unknown (read by no statement): the rule sees only the known ancestors
        if (r() > 0.05) byId.set(id, a);
      }
      const paths = all.filter(() => r() < 0.7).map((a) => a.path);
      const got = countyPathsOf(paths, byId);
      for (const p of paths) {
        const anc = p
          .split('/')
          .filter(Boolean)
          .map((id) => byId.get(Number(id)))
          .filter((a) => a !== undefined);
        expect(got.get(p), `seed ${seed} ${p}`).toBe(countyPath(p, anc));
      }
    }
  });
});
