import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * A vitest sequencer that starts the named files first, in the order given (paths from the project's root); the
 * files not named follow in vitest's own order. Two workers run files at a time, and a fresh clone (CI) has no
 * timings: without it vitest could start a long file last, to run alone while the other worker has nothing left
 * (decision 0028). Used by `vitest.config.ts` and `vitest.e2e.config.ts`, each with its own list.
 */
export function slowFirst(files: readonly string[]) {
  return class SlowFirst extends BaseSequencer {
    override async sort(specs: TestSpecification[]): Promise<TestSpecification[]> {
      const sorted = await super.sort(specs);
      const rank = (f: TestSpecification) => {
        const i = files.indexOf(relative(f.project.config.root, f.moduleId));
        return i < 0 ? files.length : i;
      };
      // a stable sort: the files not named keep vitest's order
      return sorted
        .map((f, i) => ({ f, i }))
        .sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i)
        .map((x) => x.f);
    }
  };
}
