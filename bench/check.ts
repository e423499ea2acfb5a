/**
 * Equivalence checks for the fast paths (`npm run bench -- check`, see run.ts): the checks of
 * test/io/equivalence.ts — shared with test/io/fast-paths.test.ts, which runs them on a small corpus in `npm test` —
 * here at scale: the hand-written MemberCreate check against zod on 200,000 fuzzed rows, the CSV splitter against
 * csv-parse on 3,000 random files, the .xlsx reader against exceljs and the parse worker against the in-process
 * parse on the fixtures and the benchmark's input files, pinyin on every name of those files.
 */
import { ensureOut } from './common.js';

export {
  checkCsvSplitter,
  checkIdIndex,
  checkIsoDates,
  checkNameKeys,
  checkValidator,
  compareWorkerBatches,
  compareXlsxReaders,
  oddWorkbooks,
} from '../test/io/equivalence.js';

// run.ts lists bench/out/ for the generated input files: it need not have been generated first
ensureOut();
