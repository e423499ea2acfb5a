/**
 * Equivalence checks for the fast paths (`npm run bench -- check`): the hand-written MemberCreate validator
 * against zod on fuzzed rows, and (when input files exist) the reader in a worker against the in-process reader.
 */
import { isDeepStrictEqual } from 'node:util';
import { MemberCreateSchema } from '../src/shared/schemas.js';
import { memberCreateFast } from '../src/io/parse-sheet.js';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const texts = (n: number) => [
  '张三',
  ' a ',
  '',
  ' ',
  'a',
  'x'.repeat(n),
  'x'.repeat(n + 1),
  ` ${'x'.repeat(n)} `,
  '\u3000张\u3000',
];
const POOL: Record<string, unknown[]> = {
  orgCode: ['A1', ' A1 ', 'a_b-9', 'A 1', '甲', '', 'x'.repeat(40), 'x'.repeat(41), 12, null, undefined],
  status: ['full', 'probationary', 'suspended', '', 1, null, undefined],
  name: [...texts(50), 3, null, undefined],
  idNumber: [...texts(30), '110101199003070011', 5, null, undefined],
  sex: ['male', 'female', 'm', '', null, undefined, true],
  birthDate: ['1990-03-07', '1990-02-30', '1990-3-7', '', 19900307, null, undefined],
  ethnicity: ['01', '56', '97', '98', '00', '1', '汉族', null, undefined],
  education: ['11', '21', '90', '99', '', null, undefined],
  occupation: ['worker', 'retired', 'farmer', 'x', '', null, undefined],
  nativePlace: [...texts(100), null, undefined, 7],
  phone: [
    '13800000000',
    ' 138-0000 ',
    '+86 138',
    '1234',
    'x'.repeat(21),
    '1'.repeat(20),
    '1'.repeat(21),
    '',
    null,
    undefined,
    12345,
  ],
  address: [...texts(200), null, undefined],
  workUnit: [...texts(100), null, undefined],
  jobTitle: [...texts(100), null, undefined],
  joinedOn: ['2020-01-01', '2020-13-01', '', null, undefined, 2020],
  confirmedOn: ['2021-01-01', '2021-02-29', null, undefined],
  isMobile: [true, false, 'true', 0, null, undefined],
};

export function checkValidator(n = 200_000, seed = 1) {
  const r = rng(seed);
  let valid = 0;
  let fast = 0;
  let mismatches = 0;
  for (let i = 0; i < n; i++) {
    const raw: Record<string, unknown> = {};
    const p = r() < 0.5 ? 0.97 : 0.7;
    for (const [k, vals] of Object.entries(POOL)) {
      // mostly valid values (the first two of each pool), sometimes anything
      const v =
        r() < p ? vals[Math.floor(r() * Math.min(2, vals.length))] : vals[Math.floor(r() * vals.length)];
      if (v !== undefined) raw[k] = v;
    }
    const omit = Object.fromEntries(Object.entries(raw).filter(([, v]) => v != null));
    const z = MemberCreateSchema.safeParse(omit);
    const f = memberCreateFast(raw);
    const ok = f === null ? true : z.success && isDeepStrictEqual(f, z.data) && sameOrder(f, z.data);
    const covered = z.success ? f !== null : f === null;
    if (z.success) valid++;
    if (f) fast++;
    if (!ok || (!covered && !z.success)) {
      mismatches++;
      if (mismatches < 5) console.log('mismatch', JSON.stringify(raw), JSON.stringify(f), JSON.stringify(z));
    }
  }
  return { checked: n, valid, fast, mismatches };
}

function sameOrder(a: object, b: object) {
  return Object.keys(a).join() === Object.keys(b).join();
}

/** Reads an .xlsx with the fast reader and with exceljs; the number of rows and the first difference. */
export async function compareXlsxReaders(
  path: string,
): Promise<{ rows: number; firstDifference: string | null }> {
  const { readTable } = await import('../src/io/read-table.js');
  const a = readTable({ path }, { xlsxReader: 'fast' })[Symbol.asyncIterator]();
  const b = readTable({ path }, { xlsxReader: 'exceljs' })[Symbol.asyncIterator]();
  let rows = 0;
  const outcome = async (it: AsyncIterator<unknown>) => {
    try {
      return { r: await it.next() };
    } catch (e) {
      return { e: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
    }
  };
  for (;;) {
    const [x, y] = await Promise.all([outcome(a), outcome(b)]);
    if ('e' in x || 'e' in y) {
      const same = 'e' in x && 'e' in y && x.e === y.e;
      return {
        rows,
        firstDifference: same ? null : `errors: fast ${JSON.stringify(x)} exceljs ${JSON.stringify(y)}`,
      };
    }
    if (x.r.done || y.r.done) {
      return { rows, firstDifference: x.r.done && y.r.done ? null : `length differs after ${rows} rows` };
    }
    rows++;
    if (!isDeepStrictEqual(x.r.value, y.r.value)) {
      return {
        rows,
        firstDifference: `fast ${JSON.stringify(x.r.value)} exceljs ${JSON.stringify(y.r.value)}`,
      };
    }
  }
}

/** The parse step's batches from a worker and in-process: identical? */
export async function compareWorkerBatches(path: string): Promise<{ rows: number; identical: boolean }> {
  const { memberBatches } = await import('../src/services/import-worker.js');
  const collect = async (worker: boolean) => {
    const out: unknown[] = [];
    let header: unknown = null;
    for await (const b of memberBatches(
      { path },
      { today: '2026-11-22', asOf: '2026-11-22', worker, onHeader: (h) => (header = h) },
    )) {
      out.push(b);
    }
    return { out, header };
  };
  const [a, b] = [await collect(true), await collect(false)];
  const rows = a.out.reduce<number>((n, x) => n + (x as { total: number }).total, 0);
  return { rows, identical: isDeepStrictEqual(a, b) };
}

/**
 * The CSV reader's fast splitter against csv-parse alone on random small files full of quotes, line ends of
 * every kind, delimiters and BOMs, read in random chunk sizes: the same rows, or the same error?
 */
export async function checkCsvSplitter(n = 3000, seed = 7): Promise<{ files: number; mismatches: number }> {
  const { readTable } = await import('../src/io/read-table.js');
  const { writeFileSync, mkdtempSync, rmSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'jiceng-csv-check-'));
  const r = rng(seed);
  const alphabet = [
    'a',
    'b',
    '张',
    '三',
    ',',
    ',',
    '"',
    '"',
    '""',
    '\n',
    '\r\n',
    '\r',
    ' ',
    ';',
    '\t',
    'x"y',
  ];
  let mismatches = 0;
  const read = async (path: string, csvReader: 'fast' | 'csv-parse', csvChunkBytes: number) => {
    const rows: unknown[] = [];
    try {
      for await (const row of readTable({ path }, { csvReader, csvChunkBytes })) rows.push(row);
      return { rows };
    } catch (e) {
      return { rows, error: e instanceof Error ? e.message : String(e) };
    }
  };
  for (let i = 0; i < n; i++) {
    const parts = [r() < 0.1 ? '\uFEFF' : '', r() < 0.05 ? 'sep=;\r\n' : '', '姓名,住址\n'];
    const len = 1 + Math.floor(r() * (r() < 0.2 ? 300 : 60));
    for (let k = 0; k < len; k++) parts.push(alphabet[Math.floor(r() * alphabet.length)]!);
    const path = join(dir, `f${i}.csv`);
    writeFileSync(path, parts.join(''));
    const chunk = 1 + Math.floor(r() * 40);
    const [a, b] = [await read(path, 'fast', chunk), await read(path, 'csv-parse', 64 * 1024)];
    // on a broken file csv-parse drops the records of the chunk it fails in; the error is what counts
    const same =
      a.error !== undefined && b.error !== undefined
        ? a.error === b.error && isDeepStrictEqual(a.rows.slice(0, b.rows.length), b.rows)
        : isDeepStrictEqual(a, b);
    if (!same) {
      mismatches++;
      if (mismatches <= 5)
        console.log(
          'csv mismatch',
          JSON.stringify(parts.join('')),
          chunk,
          JSON.stringify(a),
          JSON.stringify(b),
        );
    }
  }
  rmSync(dir, { recursive: true, force: true });
  return { files: n, mismatches };
}

/** isIsoDateFast (parse-sheet's) against shared/dates' isIsoDate over every y-m-d around the limits. */
export async function checkIsoDates(): Promise<{ checked: number; mismatches: number }> {
  const { isIsoDate } = await import('../src/shared/dates.js');
  const { isIsoDateFast } = await import('../src/io/parse-sheet.js');
  const p = (n: number, w: number) => String(n).padStart(w, '0');
  let checked = 0;
  let mismatches = 0;
  const test = (s: string) => {
    checked++;
    if (isIsoDate(s) !== isIsoDateFast(s)) mismatches++;
  };
  for (let y = 1790; y <= 2210; y++)
    for (let m = 0; m <= 13; m++) for (let d = 0; d <= 32; d++) test(`${p(y, 4)}-${p(m, 2)}-${p(d, 2)}`);
  for (const s of [
    '2020-1-01',
    '2020-01-1',
    '２０２０-01-01',
    '2020/01/01',
    ' 2020-01-01',
    '2020-01-01 ',
    '',
    'abcd-ef-gh',
  ])
    test(s);
  return { checked, mismatches };
}

/** RowByIdNumber against a Map on random ID numbers (18-digit, X check, odd lengths, repeats). */
export async function checkIdIndex(n = 300_000, seed = 11): Promise<{ ops: number; mismatches: number }> {
  const { RowByIdNumber } = await import('../src/services/bulk.js');
  const r = rng(seed);
  const a = new RowByIdNumber();
  const b = new Map<string, number>();
  const ids: string[] = [];
  let mismatches = 0;
  for (let i = 0; i < n; i++) {
    let id: string;
    const p = r();
    if (p < 0.3 && ids.length) id = ids[Math.floor(r() * ids.length)]!;
    else if (p < 0.35) id = `${Math.floor(r() * 1e6)}`;
    else {
      id = '';
      for (let k = 0; k < 17; k++) id += Math.floor(r() * 10);
      id += r() < 0.1 ? 'X' : Math.floor(r() * 10);
    }
    ids.push(id);
    if (a.get(id) !== b.get(id)) mismatches++;
    if (r() < 0.7) {
      const row = 1 + Math.floor(r() * 1e6);
      a.set(id, row);
      b.set(id, row);
    }
    if (r() < 0.00001) {
      a.clear();
      b.clear();
    }
  }
  if (a.size !== b.size) mismatches++;
  return { ops: n, mismatches };
}

/**
 * Workbooks with the cell kinds a ledger may hold (rich text, formulas with cached results, booleans, errors,
 * hyperlinks, dates under built-in and custom formats, the 1904 date system, a styled row, several sheets, an
 * inline-string sheet), written by exceljs' non-streaming and streaming writers: paths of the files.
 */
export async function oddWorkbooks(dir: string): Promise<string[]> {
  const ExcelJS = (await import('exceljs')).default;
  const { join } = await import('node:path');
  const out: string[] = [];
  for (const date1904 of [false, true]) {
    const wb = new ExcelJS.Workbook();
    if (date1904) wb.properties.date1904 = true;
    const ws = wb.addWorksheet('党员');
    wb.addWorksheet('说明').addRow(['这一页不是数据']); // only the first sheet is read
    ws.addRow(['姓名', '日期', '数字', '公式', '布尔', '错误', '链接', '百分比']);
    ws.addRow([
      { richText: [{ text: '张' }, { font: { bold: true }, text: '三' }] },
      new Date(Date.UTC(2020, 2, 5)),
      42,
      { formula: 'C2*2', result: 84 },
      true,
      { error: '#N/A' },
      { text: '链接', hyperlink: 'https://example.org' },
      0.25,
    ]);
    ws.getCell('H2').numFmt = '0%';
    ws.getCell('B2').numFmt = 'yyyy"年"m"月"d"日"';
    const r3 = ws.addRow([
      '李四',
      43895,
      '  空格  ',
      { formula: 'A3&"x"', result: '李四x' },
      false,
      null,
      '',
      1e21,
    ]);
    r3.getCell(2).numFmt = 'mm-dd-yy';
    const r4 = ws.addRow([null, 44000, 'a&b<c>', { sharedFormula: 'D2', result: 7 }]);
    r4.numFmt = 'yyyy-mm-dd'; // a styled row: its cells without a style of their own take it
    ws.addRow([]);
    ws.addRow(['王五', '2021-01-01', -3.5, { formula: 'NOW()' }]);
    ws.getCell('A8').value = '跳过两行';
    const p = join(dir, `odd-${date1904 ? '1904' : '1900'}.xlsx`);
    await wb.xlsx.writeFile(p);
    out.push(p);
  }
  const inline = join(dir, 'odd-inline.xlsx');
  const sw = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: inline,
    useSharedStrings: false,
    useStyles: true,
  });
  const s = sw.addWorksheet('党员');
  s.addRow(['姓名', '出生日期', '备注']).commit();
  s.addRow(['赵\t六', new Date(Date.UTC(1980, 0, 31)), '第一行\n第二行']).commit();
  s.addRow(['"引号"', 12345.5, '&amp; 已转义']).commit();
  await sw.commit();
  out.push(inline);
  return out;
}

/**
 * The per-character pinyin fast path (names.ts computeKeys) against pinyin-pro on every name of the files, and on
 * every character of the basic block as a one-character given name after a common surname.
 */
export async function checkNameKeys(
  files: readonly string[],
): Promise<{ names: number; mismatches: number }> {
  const { computeKeys, computeKeysFull } = await import('../src/domain/member/names.js');
  const { createReadStream } = await import('node:fs');
  const { createInterface } = await import('node:readline');
  const names = new Set<string>();
  for (const f of files) {
    let nameCol = -1;
    for await (const line of createInterface({ input: createReadStream(f) })) {
      const cells = line.split(',');
      if (nameCol < 0) nameCol = cells.findIndex((c) => c.includes('姓名'));
      else if (cells[nameCol]) names.add(cells[nameCol]!);
    }
  }
  for (let c = 0x4e00; c <= 0x9fff; c++) names.add(`王${String.fromCharCode(c)}`);
  let mismatches = 0;
  for (const n of names) {
    const a = computeKeys(n);
    const b = computeKeysFull(n);
    if (a.initials !== b.initials || a.pinyin !== b.pinyin) mismatches++;
  }
  return { names: names.size, mismatches };
}
