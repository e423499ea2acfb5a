/**
 * The hand-written fast paths give exactly what they replace, on a small corpus (test/io/corpus.ts) and on
 * exhaustive small domains: the checks of test/io/equivalence.ts, which `npm run bench -- check` runs at scale.
 * A change to a fast path that breaks the equivalence fails here.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import {
  basicBlockNames,
  checkCheckChar,
  checkCsvSplitter,
  checkDaysInMonth,
  checkFullYears,
  checkIdIndex,
  checkIsoDates,
  checkMemberCheck,
  checkNormalizeDate,
  checkNormalizeIdNumber,
  checkTextShortcuts,
  checkValidator,
  checkYmd,
  compareCsvReaders,
  compareMemberParse,
  compareNameKeys,
  compareXlsxReaders,
  oddWorkbooks,
} from './equivalence.js';
import { CORPUS_TODAY, makeCorpus, writeCorpusCsv, writeCorpusXlsx, type Corpus } from './corpus.js';

const FIX = join(import.meta.dirname, '../fixtures/io');
const fixtures = (ext: string) =>
  readdirSync(FIX)
    .filter((f) => f.endsWith(ext))
    .map((f) => join(FIX, f));

let dir: string;
let corpus: Corpus;
let csvFiles: string[];
let xlsxFiles: string[];
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'jiceng-fast-paths-'));
  corpus = makeCorpus();
  csvFiles = writeCorpusCsv(dir, corpus);
  xlsxFiles = [...(await writeCorpusXlsx(dir, corpus)), ...(await oddWorkbooks(dir))];
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the own .xlsx reader gives exactly the cells exceljs gives', () => {
  it('on the corpus written by exceljs (shared strings, inline strings), a hand-made workbook and odd workbooks', async () => {
    for (const f of xlsxFiles) {
      const r = await compareXlsxReaders(f);
      expect(r.firstDifference, basename(f)).toBeNull();
      expect(r.fellBack, `${basename(f)} was read by exceljs`).toBe(false);
      expect(r.rows, basename(f)).toBeGreaterThan(2);
    }
  });

  it('on the LibreOffice-written fixtures', async () => {
    const files = fixtures('.xlsx');
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const f of files) {
      const r = await compareXlsxReaders(f);
      expect(r.firstDifference, basename(f)).toBeNull();
      expect(r.fellBack, `${basename(f)} was read by exceljs`).toBe(false);
    }
  });
});

describe('the own CSV splitter gives exactly the records csv-parse gives', () => {
  it('on the corpus as CSV (BOM, GBK, tab, sep=;, CR, UTF-16, a hand-over to csv-parse, an unclosed quote)', async () => {
    for (const f of csvFiles) {
      for (const chunk of basename(f) === 'corpus-bom.csv' ? [256 * 1024] : [256 * 1024, 997]) {
        const r = await compareCsvReaders(f, chunk);
        expect(r.firstDifference, `${basename(f)} in ${chunk}-byte reads`).toBeNull();
      }
    }
  });

  it('on the fixtures', async () => {
    for (const f of fixtures('.csv')) {
      for (const chunk of [256 * 1024, 7]) {
        const r = await compareCsvReaders(f, chunk);
        expect(r.firstDifference, `${basename(f)} in ${chunk}-byte reads`).toBeNull();
      }
    }
  });

  it('on small random files full of quotes, line ends and delimiters, read in random chunk sizes', async () => {
    const r = await checkCsvSplitter(200, 7);
    expect(r.examples).toEqual([]);
  });
});

describe('the fast member check accepts and rejects exactly what MemberCreateSchema does', () => {
  it('on fuzzed raw rows', () => {
    const r = checkValidator(10_000, 1);
    expect(r.examples).toEqual([]);
    expect(r.uncovered).toBe(0);
    expect(r.valid).toBeGreaterThan(500);
  });

  it('in the whole member parse of the corpus and the fixtures: the same rows, values and problem codes', async () => {
    const sources = [
      ...csvFiles.filter((f) => /corpus-(bom|gbk)\.csv$/.test(f)),
      ...xlsxFiles.filter((f) => /corpus-book\.xlsx$/.test(f)),
      ...fixtures('.csv').filter((f) => basename(f).startsWith('members-')),
      ...fixtures('.xlsx').filter((f) => basename(f).startsWith('members-')),
    ];
    let valid = 0;
    let rejected = 0;
    for (const f of sources) {
      const r = await compareMemberParse({ path: f }, CORPUS_TODAY);
      expect(r.examples, basename(f)).toEqual([]);
      // every raw row the parse hands to the schema check, problems or not
      const raws = checkMemberCheck(r.raws);
      expect(raws.examples, basename(f)).toEqual([]);
      expect(raws.uncovered, basename(f)).toBe(0);
      valid += r.valid;
      rejected += r.checked - r.valid;
    }
    expect(valid).toBeGreaterThan(3000);
    expect(rejected).toBeGreaterThan(200);
  });
});

describe('per-character pinyin equals pinyin-pro', () => {
  it('on every name of the corpus', () => {
    const r = compareNameKeys(corpus.names);
    expect(r.examples).toEqual([]);
    expect(r.checked).toBeGreaterThan(1500);
  });

  it('on every character of the CJK basic block, alone, as surname, as given name and inside a name', () => {
    const r = compareNameKeys(basicBlockNames());
    expect(r.examples).toEqual([]);
    expect(r.checked).toBe(4 * (0x9fff - 0x4e00 + 1));
  });
});

describe('the allocation-free date helpers equal the reference ones', () => {
  it('isIsoDateFast = isIsoDate on every y-m-d of 1790–2210 (months 0–13, days 0–32) and malformed texts', async () => {
    expect((await checkIsoDates()).examples).toEqual([]);
  });

  it('daysInMonth = Date.UTC on every month of 1800–2200 and months out of range', () => {
    expect(checkDaysInMonth().examples).toEqual([]);
  });

  it('ymd = padStart on every day of 1900–2100 and the edges of its shortcut', () => {
    expect(checkYmd().examples).toEqual([]);
  });

  it('fullYears = the parts-based count on every day of 1900–2100 against leap days and year ends', () => {
    expect(checkFullYears().examples).toEqual([]);
  });

  it('normalizeDate’s ISO-text and date-cell shortcuts = its general path on every day of 1900–2100', () => {
    expect(checkNormalizeDate().examples).toEqual([]);
  });

  it('cleanText’s and foldText’s shortcuts = their full rules on every UTF-16 code unit', () => {
    expect(checkTextShortcuts().examples).toEqual([]);
  });
});

describe('the allocation-free ID-number helpers equal the reference ones', () => {
  it('checkChar = Number() per digit', () => {
    expect(checkCheckChar().examples).toEqual([]);
  });

  it('normalizeIdNumber’s shortcut = its full rules on every code unit, pairs of odd characters and the corpus', () => {
    expect(checkNormalizeIdNumber(corpus.idNumbers).examples).toEqual([]);
  });

  it('the import’s ID-number index (RowByIdNumber) = a Map', async () => {
    expect((await checkIdIndex(30_000)).examples).toEqual([]);
  });
});
