/**
 * The check's coverage provider (`vitest.config.ts`, `coverage.customProviderModule`): vitest's v8 provider, whose
 * result each test process hands to vitest's main process keeping only the scripts the report covers. V8 counts every
 * script a process runs, and v8's own provider sends all of them but node_modules' — the harness, the tests, the
 * server, the database layer — for vitest's main process to write to disk, read back, parse and merge file after file
 * at the run's end (its report then keeps only `coverage.include`); a merge on one core while the workers wait
 * (decision 0028's addendum of session 21). The scripts kept are exactly those `coverage.include` matches, so the
 * report and its thresholds are the same.
 */
import v8 from '@vitest/coverage-v8';
import { COVERED_DIRS } from './covered.js';

const ROOT = new URL('../../', import.meta.url);
/** `file://…/src/services/`, `file://…/src/domain/`: a script under one of them, ending in `.ts`, is covered */
// (the URL's own encoding, as V8 names a script: a path with a space or Chinese characters matches too)
const PREFIXES = COVERED_DIRS.map((d) => new URL(`${d}/`, ROOT).href);

/** whether the report covers the script at this URL (the config's `coverage.include`, `<dir>/**\/*.ts`) */
export function covered(url: string): boolean {
  return url.endsWith('.ts') && PREFIXES.some((p) => url.startsWith(p));
}

const provider: typeof v8 = {
  ...v8,
  async takeCoverage(options) {
    const taken = (await v8.takeCoverage!(options)) as { result: { url: string }[] };
    return { ...taken, result: taken.result.filter((r) => covered(r.url)) };
  },
};
export default provider;
