/**
 * Equivalence checks of Jiceng's hand-written fast paths against what they replace, shared by
 * test/io/fast-paths.test.ts (a small corpus, in `npm test`) and `npm run bench -- check` (bench/check.ts: fuzzing
 * at scale and the benchmark's big files):
 *
 * - the own streaming .xlsx reader (io/xlsx-reader) against exceljs, and the CSV splitter (io/csv-fast) against
 *   csv-parse, both through read-table;
 * - the hand-written MemberImport check (memberCreateFast) against MemberImportSchema, alone on raw rows and in the
 *   whole member parse (parseMemberRows against a copy of it that always asks zod: referenceMemberRows);
 * - the per-character pinyin shortcut (computeKeys) against pinyin-pro (computeKeysFull);
 * - the allocation-free date and ID-number helpers, the text and date shortcuts of io/normalize, and the ID-number
 *   index of the member import, against plain reference versions (the code they replaced).
 *
 * Each check returns what it looked at, the number of mismatches and the first few of them (`examples`), so a
 * failing test or bench line shows what differs.
 */
import { isDeepStrictEqual } from 'node:util';
import { MemberImportSchema, type MemberImport } from '../../src/shared/schemas.js';
import { isClassifiedField } from '../../src/shared/classification.js';
import { memberCreateFast, isIsoDateFast, parseMemberRows } from '../../src/io/parse-sheet.js';
import { readTable, SharedStringStore, type TableRow, type TableSource } from '../../src/io/read-table.js';
import { readXlsxFast, XlsxUnsupported } from '../../src/io/xlsx-reader.js';
import { detectHeader, fieldsOf } from '../../src/io/headers.js';
import { classifier, cleanText, foldText, normalizeDate, type Normalizer } from '../../src/io/normalize.js';
import { checkMemberFacts } from '../../src/domain/member/validate.js';
import { computeKeys, computeKeysFull } from '../../src/domain/member/names.js';
import { daysInMonth, fullYears, isIsoDate, ymd, type IsoDate } from '../../src/shared/dates.js';
import { checkChar, normalizeIdNumber } from '../../src/shared/id-number.js';
import type { Sex } from '../../src/shared/codes.js';

/** Mismatches kept as examples per check. */
const EXAMPLES = 5;

export interface CheckResult {
  checked: number;
  mismatches: number;
  /** the first few mismatches, described */
  examples: string[];
}

/** Counts checks and mismatches, keeping the first few mismatches as examples. */
class Tally implements CheckResult {
  checked = 0;
  mismatches = 0;
  examples: string[] = [];
  /** One comparison: `same`, or a mismatch described by `describe()`. */
  check(same: boolean, describe: () => string): boolean {
    this.checked++;
    if (!same) {
      this.mismatches++;
      if (this.examples.length < EXAMPLES) this.examples.push(describe());
    }
    return same;
  }
  result(): CheckResult {
    return { checked: this.checked, mismatches: this.mismatches, examples: this.examples };
  }
}

const show = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) => (typeof x === 'string' && x.length > 80 ? `${x.slice(0, 77)}…` : x));

/** A small seeded PRNG (mulberry32): the same numbers on every run. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ------------------------------------------------------------------------------------------------ member check

type Raw = Record<string, unknown>;

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

/** Values of each MemberCreate field: the first two of each are valid, the rest probe the schema's rules. */
const MEMBER_POOL: Record<string, unknown[]> = {
  orgCode: ['A1', ' A1 ', 'a_b-9', 'A 1', '甲', '', 'x'.repeat(40), 'x'.repeat(41), 12, null, undefined],
  status: ['full', 'probationary', 'suspended', '', 1, null, undefined],
  name: [...texts(50), 3, null, undefined],
  idNumber: [...texts(30), '110101199003070011', 5, null, undefined],
  sex: ['male', 'female', 'm', '', null, undefined, true],
  birthDate: [
    '1990-03-07',
    '1990-02-30',
    '1990-3-7',
    '',
    19900307,
    '1799-12-31',
    '2200-12-31',
    null,
    undefined,
  ],
  ethnicity: ['01', '56', '97', '98', '00', '1', '汉族', null, undefined],
  education: ['11', '21', '90', '99', '', null, undefined],
  occupation: ['worker', 'retired', 'farmer', 'x', '', null, undefined],
  // the kept texts of unclassified values: mostly absent (a classified row), then the rules of a kept text
  ethnicityRaw: [undefined, null, '穿青人', '', 'x'.repeat(100), 'x'.repeat(101), 3],
  educationRaw: [undefined, null, '党校大学', '', 'x'.repeat(101)],
  occupationRaw: [undefined, null, '企事业单位管理', '', 'x'.repeat(101)],
  nativePlace: [...texts(100), null, undefined, 7],
  phone: [
    '13800000000',
    ' 138-0000 ',
    '+86 138',
    '1234',
    'x'.repeat(21),
    '1'.repeat(20),
    '1'.repeat(21),
    ` ${'1'.repeat(20)} `,
    '',
    null,
    undefined,
    12345,
  ],
  address: [...texts(200), null, undefined],
  workUnit: [...texts(100), null, undefined],
  jobTitle: [...texts(100), null, undefined],
  joinedOn: ['2020-01-01', '2020-13-01', '', '2020-02-29', '2021-02-29', null, undefined, 2020],
  confirmedOn: ['2021-01-01', '2021-02-29', '', null, undefined],
  isMobile: [true, false, 'true', 0, null, undefined],
};

/** `n` raw rows as the member parse hands them to the schema check: mostly valid, sometimes anything. */
export function* memberFuzzRaws(n: number, seed = 1): Generator<Raw> {
  const r = rng(seed);
  for (let i = 0; i < n; i++) {
    const raw: Raw = {};
    const p = r() < 0.5 ? 0.97 : 0.7;
    for (const [k, vals] of Object.entries(MEMBER_POOL)) {
      // mostly valid values (the first two of each pool), sometimes anything
      const v =
        r() < p ? vals[Math.floor(r() * Math.min(2, vals.length))] : vals[Math.floor(r() * vals.length)];
      if (v !== undefined) raw[k] = v;
    }
    yield raw;
  }
}

function omitNull(raw: Raw): Raw {
  const out: Raw = {};
  for (const [k, v] of Object.entries(raw)) if (v != null) out[k] = v;
  return out;
}

/**
 * memberCreateFast against MemberImportSchema.safeParse (of the raw without its null/absent keys, as the parse
 * calls it) on each raw row: it must accept exactly the rows zod accepts, with zod's value (keys in the schema's
 * order). (Where it gives up, the parse asks zod, so the problem codes are zod's by construction: a row accepted by
 * the fast check but not by zod would lose its problems, a valid row it gives up on only costs time.)
 */
export function checkMemberCheck(
  raws: Iterable<Raw>,
): CheckResult & { valid: number; fast: number; uncovered: number } {
  const t = new Tally();
  let valid = 0;
  let fast = 0;
  let uncovered = 0;
  for (const raw of raws) {
    const z = MemberImportSchema.safeParse(omitNull(raw));
    const f = memberCreateFast({ ...raw });
    if (z.success) valid++;
    if (f) fast++;
    if (z.success && !f) uncovered++;
    t.check(
      f === null
        ? !z.success
        : z.success && isDeepStrictEqual(f, z.data) && Object.keys(f).join() === Object.keys(z.data).join(),
      () =>
        `raw ${show(raw)}: fast ${show(f)}, zod ${z.success ? show(z.data) : show(z.error.issues.map((i) => [i.path, i.code]))}`,
    );
  }
  return { ...t.result(), valid, fast, uncovered };
}

/** checkMemberCheck on fuzzed rows (`npm run bench -- check`: 200,000). */
export function checkValidator(n = 200_000, seed = 1) {
  return checkMemberCheck(memberFuzzRaws(n, seed));
}

/** One row of a member parse, reduced to what the import does with it. */
export interface MemberOutcome {
  row: number;
  value: MemberImport | null;
  /** [column as written, problem code] of each problem, in order */
  problems: [string, string][];
}

/**
 * parseMemberRows without the fast check: the same header, normalisers, REQUIRED checks, ID-number facts and
 * schema issues, every row through MemberImportSchema (keep in step with parseRows / buildMember in
 * io/parse-sheet.ts). With each data row also the raw object given to the schema check.
 */
export async function referenceMemberRows(
  source: TableSource,
  today: IsoDate,
): Promise<{ outcomes: MemberOutcome[]; raws: Raw[] }> {
  const fields = fieldsOf('members');
  const outcomes: MemberOutcome[] = [];
  const raws: Raw[] = [];
  const iterator = readTable(source)[Symbol.asyncIterator]();
  try {
    const first: TableRow[] = [];
    while (first.length < 10) {
      const next = await iterator.next();
      if (next.done) break;
      first.push(next.value);
    }
    const header = detectHeader(first, 'members');
    const headerOf = new Map(header.columns.map((c) => [c.field.key, c.header]));
    const columnOf = (key: string) => headerOf.get(key) ?? fields.find((f) => f.key === key)?.header ?? key;
    const handle = (r: TableRow) => {
      const problems: [string, string][] = [];
      const bad = new Set<string>();
      const reject = (key: string, code: string) => {
        problems.push([columnOf(key), code]);
        bad.add(key);
      };
      const raw: Raw = {};
      let any = false;
      for (const col of header.columns) {
        const cell = r.cells[col.index] ?? null;
        if (cell !== null) any = true;
        const n = isClassifiedField(col.field.key)
          ? classifier(col.field.normalize as Normalizer<string>)(cell)
          : col.field.normalize(cell);
        if (!n.ok) reject(col.field.key, n.code);
        else {
          raw[col.field.key] = n.value;
          if (n.unclassified !== undefined) raw[`${col.field.key}Raw`] = n.unclassified;
        }
      }
      if (!any) return;
      for (const f of fields)
        if (f.required && raw[f.key] == null && raw[`${f.key}Raw`] == null && !bad.has(f.key))
          reject(f.key, 'REQUIRED');
      if (typeof raw.idNumber === 'string') raw.idNumber = normalizeIdNumber(raw.idNumber);
      const idNumber = raw.idNumber as string | null | undefined;
      const joinedOn = raw.joinedOn as IsoDate | null | undefined;
      const { facts, problems: factProblems } = checkMemberFacts(
        {
          idNumber: idNumber ?? '',
          sex: (raw.sex as Sex | null | undefined) ?? null,
          birthDate: (raw.birthDate as IsoDate | null | undefined) ?? null,
          status: (raw.status as 'full' | 'probationary' | null | undefined) ?? 'full',
          joinedOn: joinedOn ?? today,
          confirmedOn: joinedOn ? ((raw.confirmedOn as IsoDate | null | undefined) ?? null) : null,
        },
        today,
      );
      for (const p of factProblems) {
        if (p.field === 'idNumber' && !idNumber) continue;
        if (p.field === 'joinedOn' && !joinedOn) continue;
        if (bad.has(p.field)) continue;
        reject(p.field, p.code);
      }
      if (facts) {
        raw.idNumber = facts.idNumber;
        if (raw.sex == null && !bad.has('sex')) raw.sex = facts.sex;
        if (raw.birthDate == null && !bad.has('birthDate')) raw.birthDate = facts.birthDate;
      }
      raws.push({ ...raw });
      const z = MemberImportSchema.safeParse(omitNull(raw));
      if (!z.success) {
        for (const issue of z.error.issues) {
          const key = String(issue.path[0] ?? '');
          if (!bad.has(key)) reject(key, issue.code === 'too_small' ? 'REQUIRED' : 'INVALID');
        }
      }
      outcomes.push({ row: r.row, value: problems.length === 0 && z.success ? z.data : null, problems });
    };
    for (const r of first) if (r.row > header.row) handle(r);
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      handle(next.value);
    }
  } finally {
    await iterator.return?.();
  }
  return { outcomes, raws };
}

/** parseMemberRows (with the fast check) against referenceMemberRows, row by row. */
export async function compareMemberParse(
  source: TableSource,
  today: IsoDate,
): Promise<CheckResult & { valid: number; raws: Raw[] }> {
  const ref = await referenceMemberRows(source, today);
  const got: MemberOutcome[] = [];
  for await (const r of parseMemberRows(source, { today })) {
    if (r.errors.some((e) => e.code === 'DUPLICATE_COLUMN')) continue; // the header row's own report
    got.push({ row: r.row, value: r.value, problems: r.errors.map((e) => [e.column, e.code]) });
  }
  const t = new Tally();
  const n = Math.max(got.length, ref.outcomes.length);
  for (let i = 0; i < n; i++) {
    const a = got[i];
    const b = ref.outcomes[i];
    t.check(
      isDeepStrictEqual(a, b) && Object.keys(a?.value ?? {}).join() === Object.keys(b?.value ?? {}).join(),
      () => `row ${a?.row ?? b?.row}: parse ${show(a)}, reference ${show(b)}`,
    );
  }
  return { ...t.result(), valid: ref.outcomes.filter((o) => o.value).length, raws: ref.raws };
}

// ------------------------------------------------------------------------------------------------ xlsx

/** Whether the fast reader reads the whole file itself (else read-table hands it to exceljs: nothing compared). */
async function fastReaderReads(path: string): Promise<boolean> {
  try {
    for await (const _ of readXlsxFast(path, new SharedStringStore(), { sheet: false })) void _;
    return true;
  } catch (e) {
    return !(e instanceof XlsxUnsupported);
  }
}

/**
 * Reads an .xlsx with the fast reader and with exceljs (read-table's two paths: the same rows, row numbers and
 * cell values, or the same error): the rows compared, the first difference, and whether the fast reader fell
 * back to exceljs for this file (then the comparison says nothing about it).
 */
export async function compareXlsxReaders(
  path: string,
): Promise<{ rows: number; firstDifference: string | null; fellBack: boolean }> {
  const fellBack = !(await fastReaderReads(path));
  const a = readTable({ path }, { xlsxReader: 'fast' })[Symbol.asyncIterator]();
  const b = readTable({ path }, { xlsxReader: 'exceljs' })[Symbol.asyncIterator]();
  let rows = 0;
  const outcome = async (it: AsyncIterator<TableRow>) => {
    try {
      return { r: await it.next() };
    } catch (e) {
      return { e: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
    }
  };
  try {
    for (;;) {
      const [x, y] = await Promise.all([outcome(a), outcome(b)]);
      if ('e' in x || 'e' in y) {
        const same = 'e' in x && 'e' in y && x.e === y.e;
        return {
          rows,
          fellBack,
          firstDifference: same ? null : `errors: fast ${show(x)} exceljs ${show(y)}`,
        };
      }
      if (x.r.done || y.r.done) {
        const same = x.r.done && y.r.done;
        return { rows, fellBack, firstDifference: same ? null : `length differs after ${rows} rows` };
      }
      rows++;
      if (!isDeepStrictEqual(x.r.value, y.r.value)) {
        return { rows, fellBack, firstDifference: `fast ${show(x.r.value)} exceljs ${show(y.r.value)}` };
      }
    }
  } finally {
    await Promise.all([a.return?.(), b.return?.()]);
  }
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

/** A zip of the given entries, deflated or stored, in the order given (a minimal writer for made-up .xlsx). */
export async function writeZip(path: string, files: [name: string, content: string, stored?: boolean][]) {
  const { crc32, deflateRawSync } = await import('node:zlib');
  const { writeFileSync } = await import('node:fs');
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content, stored] of files) {
    const data = Buffer.from(content, 'utf8');
    const packed = stored ? data : deflateRawSync(data);
    const nameBuf = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(stored ? 0 : 8, 8);
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(stored ? 0 : 8, 10);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, packed);
    centrals.push(central, nameBuf);
    offset += 30 + nameBuf.length + packed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  writeFileSync(path, Buffer.concat([...locals, cd, end]));
}

// ------------------------------------------------------------------------------------------------ csv

/** All rows of a file through read-table, or the rows before the error and its message. */
async function readAll(path: string, opts: Parameters<typeof readTable>[1]) {
  const rows: TableRow[] = [];
  try {
    for await (const row of readTable({ path }, opts)) rows.push(row);
    return { rows };
  } catch (e) {
    return { rows, error: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * Reads a CSV with the fast splitter (in `chunkBytes` reads, to move record boundaries around) and with csv-parse
 * alone: the same rows, or the same error. (On a broken file csv-parse drops the records of the chunk it fails in,
 * so then its rows need only be a prefix of the fast reader's.)
 */
export async function compareCsvReaders(
  path: string,
  chunkBytes = 256 * 1024,
): Promise<{ rows: number; firstDifference: string | null }> {
  const a = await readAll(path, { csvReader: 'fast', csvChunkBytes: chunkBytes });
  const b = await readAll(path, { csvReader: 'csv-parse', csvChunkBytes: 64 * 1024 });
  const rows = Math.max(a.rows.length, b.rows.length);
  if (a.error !== undefined || b.error !== undefined) {
    if (a.error !== b.error)
      return { rows, firstDifference: `errors: fast ${show(a.error)} csv-parse ${show(b.error)}` };
  } else if (a.rows.length !== b.rows.length) {
    return { rows, firstDifference: `fast ${a.rows.length} rows, csv-parse ${b.rows.length}` };
  }
  for (let i = 0; i < b.rows.length; i++) {
    if (!isDeepStrictEqual(a.rows[i], b.rows[i]))
      return { rows, firstDifference: `fast ${show(a.rows[i])} csv-parse ${show(b.rows[i])}` };
  }
  return { rows, firstDifference: null };
}

/**
 * compareCsvReaders on `n` random small files full of quotes, line ends of every kind, delimiters and BOMs, read in
 * random chunk sizes.
 */
export async function checkCsvSplitter(
  n = 3000,
  seed = 7,
): Promise<{ files: number; mismatches: number; examples: string[] }> {
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
  const t = new Tally();
  try {
    for (let i = 0; i < n; i++) {
      const bom = r() < 0.1 ? (r() < 0.3 ? '\uFEFF\uFEFF' : '\uFEFF') : ''; // (the decoder strips one)
      const parts = [bom, r() < 0.05 ? 'sep=;\r\n' : '', '姓名,住址\n'];
      const len = 1 + Math.floor(r() * (r() < 0.2 ? 300 : 60));
      for (let k = 0; k < len; k++) parts.push(alphabet[Math.floor(r() * alphabet.length)]!);
      const path = join(dir, `f${i}.csv`);
      writeFileSync(path, parts.join(''));
      const chunk = 1 + Math.floor(r() * 40);
      const c = await compareCsvReaders(path, chunk);
      t.check(
        c.firstDifference === null,
        () => `${show(parts.join(''))} in ${chunk}-byte reads: ${c.firstDifference}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { files: n, mismatches: t.mismatches, examples: t.examples };
}

// ------------------------------------------------------------------------------------------------ name keys

/**
 * computeKeys (per-character readings where every character has one) against computeKeysFull (pinyin-pro with
 * the surname rule) on each name.
 */
export function compareNameKeys(names: Iterable<string>): CheckResult {
  const t = new Tally();
  for (const n of names) {
    const a = computeKeys(n);
    const b = computeKeysFull(n);
    t.check(
      a.initials === b.initials && a.pinyin === b.pinyin && a.sort === b.sort,
      () => `${n}: fast ${show(a)} pinyin-pro ${show(b)}`,
    );
  }
  return t.result();
}

/**
 * Every character of the CJK basic block (U+4E00–U+9FFF, the block computeKeys reads per character) alone, as a
 * surname, as a given name and in the middle of a name.
 */
export function* basicBlockNames(): Generator<string> {
  for (let c = 0x4e00; c <= 0x9fff; c++) {
    const ch = String.fromCharCode(c);
    yield ch;
    yield `王${ch}`;
    yield `${ch}明`;
    yield `李${ch}华`;
  }
}

/** compareNameKeys on every name of the CSV files and on basicBlockNames (`npm run bench -- check`). */
export async function checkNameKeys(files: readonly string[]): Promise<{ names: number } & CheckResult> {
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
  for (const n of basicBlockNames()) names.add(n);
  return { names: names.size, ...compareNameKeys(names) };
}

// ------------------------------------------------------------------------------------------------ dates

/** The helpers as they were before they were made allocation-free (shared/dates.ts, shared/id-number.ts). */
export const reference = {
  daysInMonth: (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate(),
  ymd: (y: number, m: number, d: number): IsoDate =>
    `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
  fullYears(from: IsoDate, at: IsoDate): number {
    const [fy, fm, fd] = [Number(from.slice(0, 4)), Number(from.slice(5, 7)), Number(from.slice(8, 10))];
    const [ay, am, ad] = [Number(at.slice(0, 4)), Number(at.slice(5, 7)), Number(at.slice(8, 10))];
    let years = ay - fy;
    if (am < fm || (am === fm && ad < fd)) years -= 1;
    return years;
  },
  checkChar(first17: string): string {
    const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum = 0;
    for (let i = 0; i < 17; i++) sum += Number(first17[i]) * weights[i]!;
    return '10X98765432'[sum % 11]!;
  },
  normalizeIdNumber: (raw: string): string =>
    raw
      .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
      .replace(/[ｘＸ]/g, 'X')
      .replace(/\s+/g, '')
      .toUpperCase(),
  foldText: (s: string): string =>
    s
      .replace(/[\u200B-\u200F\u2060-\u2064\uFEFF\u00AD\u202A-\u202E]/g, '')
      .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
      .replace(/[\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]/g, ' '),
};

/** Every day of the years, as [y, m, d] (proleptic Gregorian). */
function* days(fromYear: number, toYear: number): Generator<[number, number, number]> {
  for (let y = fromYear; y <= toYear; y++)
    for (let m = 1; m <= 12; m++) for (let d = 1; d <= reference.daysInMonth(y, m); d++) yield [y, m, d];
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** isIsoDateFast (parse-sheet's) against shared/dates' isIsoDate over every y-m-d around the limits. */
export async function checkIsoDates(): Promise<CheckResult> {
  const t = new Tally();
  const test = (s: string) =>
    t.check(
      isIsoDate(s) === isIsoDateFast(s),
      () => `${show(s)}: fast ${isIsoDateFast(s)}, isIsoDate ${isIsoDate(s)}`,
    );
  for (let y = 1790; y <= 2210; y++)
    for (let m = 0; m <= 13; m++)
      for (let d = 0; d <= 32; d++) test(`${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`);
  for (const s of [
    '2020-1-01',
    '2020-01-1',
    '２０２０-01-01',
    '2020/01/01',
    ' 2020-01-01',
    '2020-01-01 ',
    '',
    'abcd-ef-gh',
    '2020-0a-01',
    '2020-01-0:',
    '20200-1-01',
    '2020—01—01',
    '-020-01-01',
    '+2020-01-01',
    '2020-01-01T00:00',
  ])
    test(s);
  return t.result();
}

/** daysInMonth (a table and the leap rule) against Date.UTC, months out of range included. */
export function checkDaysInMonth(fromYear = 1800, toYear = 2200): CheckResult {
  const t = new Tally();
  for (let y = fromYear; y <= toYear; y++)
    for (let m = -13; m <= 26; m++) {
      const a = daysInMonth(y, m);
      const b = reference.daysInMonth(y, m);
      t.check(a === b, () => `daysInMonth(${y}, ${m}): ${a}, Date.UTC ${b}`);
    }
  for (const m of [1.5, NaN, Infinity]) {
    const a = daysInMonth(2020, m);
    const b = reference.daysInMonth(2020, m);
    t.check(Object.is(a, b), () => `daysInMonth(2020, ${m}): ${a}, Date.UTC ${b}`);
  }
  return t.result();
}

/** ymd (a table of two-digit parts) against padStart, on every day of the years and the edges of its shortcut. */
export function checkYmd(fromYear = 1900, toYear = 2100): CheckResult {
  const t = new Tally();
  const test = (y: number, m: number, d: number) => {
    const a = ymd(y, m, d);
    const b = reference.ymd(y, m, d);
    t.check(a === b, () => `ymd(${y}, ${m}, ${d}): ${show(a)}, padStart ${show(b)}`);
  };
  for (const [y, m, d] of days(fromYear, toYear)) test(y, m, d);
  for (const y of [-1, 0, 7, 999, 1000, 1899, 2101, 9999, 10000, 1999.5])
    for (let m = -1; m <= 100; m++) for (const d of [-1, 0, 1, 9, 10, 31, 99, 100, 1.5]) test(y, m, d);
  for (const m of [0.5, 12.5, 99.9]) test(2020, m, 1);
  return t.result();
}

/** fullYears (digits read in place) against the parts-based version: every day of the years, both ways, against days around leap days and year ends. */
export function checkFullYears(fromYear = 1900, toYear = 2100): CheckResult {
  const t = new Tally();
  const at: IsoDate[] = [
    '1900-01-01',
    '1900-02-28',
    '1900-03-01',
    '2000-02-29',
    '2001-02-28',
    '2001-03-01',
    '2024-06-15',
    '2100-12-31',
  ];
  for (const [y, m, d] of days(fromYear, toYear)) {
    const day = reference.ymd(y, m, d);
    for (const a of at) {
      const x = fullYears(day, a);
      const y1 = reference.fullYears(day, a);
      t.check(x === y1, () => `fullYears(${day}, ${a}): ${x}, reference ${y1}`);
      const x2 = fullYears(a, day);
      const y2 = reference.fullYears(a, day);
      t.check(x2 === y2, () => `fullYears(${a}, ${day}): ${x2}, reference ${y2}`);
    }
  }
  return t.result();
}

/**
 * normalizeDate's shortcuts against its general path: a plain 'YYYY-MM-DD' text against the same text with a space
 * in front (which the shortcut does not take), and a Date cell within 1900–2100 against its calendar day as text.
 */
export function checkNormalizeDate(fromYear = 1900, toYear = 2100): CheckResult {
  const t = new Tally();
  const test = (cell: string | Date, general: string) => {
    const a = normalizeDate(cell);
    const b = normalizeDate(general);
    t.check(
      isDeepStrictEqual(a, b),
      () => `normalizeDate(${show(cell)}): ${show(a)}, general path ${show(b)}`,
    );
  };
  for (const [y, m, d] of days(fromYear, toYear)) {
    const iso = reference.ymd(y, m, d);
    test(iso, ` ${iso}`);
    test(new Date(Date.UTC(y, m - 1, d)), ` ${iso}`);
    if (d === 15) test(new Date(Date.UTC(y, m - 1, d, 23, 59, 59, 999)), ` ${iso}`);
  }
  for (const y of [0, 1000, 1799, 1800, 1899, 1900, 2100, 2101, 2200, 2201, 9999])
    for (let m = 0; m <= 13; m++)
      for (const d of [0, 1, 28, 29, 30, 31, 32]) {
        const s = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
        test(s, ` ${s}`);
        if (m >= 1 && m <= 12 && d >= 1 && d <= reference.daysInMonth(y, m) && y >= 100)
          test(new Date(Date.UTC(y, m - 1, d)), ` ${s}`);
      }
  return t.result();
}

// ------------------------------------------------------------------------------------------------ text

/** cleanText's and foldText's "nothing to do" shortcuts against their full rules, on every UTF-16 code unit. */
export function checkTextShortcuts(): CheckResult {
  const t = new Tally();
  const cleanRef = (s: string) => reference.foldText(s).replace(/\s+/g, ' ').trim();
  for (let c = 0; c <= 0xffff; c++) {
    const ch = String.fromCharCode(c);
    for (const s of [ch, `a${ch}b`]) {
      t.check(foldText(s) === reference.foldText(s), () => `foldText(${show(s)}) U+${c.toString(16)}`);
      t.check(cleanText(s) === cleanRef(s), () => `cleanText(${show(s)}) U+${c.toString(16)}`);
    }
  }
  return t.result();
}

// ------------------------------------------------------------------------------------------------ ID numbers

/** checkChar (char codes) against Number() per digit: every digit at every place, and `n` random numbers. */
export function checkCheckChar(n = 20_000, seed = 3): CheckResult {
  const t = new Tally();
  const test = (s: string) => {
    const a = checkChar(s);
    const b = reference.checkChar(s);
    t.check(a === b, () => `checkChar(${s}): ${a}, reference ${b}`);
  };
  for (let i = 0; i < 17; i++) for (let d = 0; d <= 9; d++) test('0'.repeat(i) + d + '0'.repeat(16 - i));
  const r = rng(seed);
  for (let k = 0; k < n; k++) {
    let s = '';
    for (let i = 0; i < 17; i++) s += Math.floor(r() * 10);
    test(s);
  }
  return t.result();
}

/**
 * normalizeIdNumber (which returns ASCII digits and capitals as they are) against its full rules: every UTF-16
 * code unit alone and after 17 digits, and every pair of the characters people put in ID numbers.
 */
export function checkNormalizeIdNumber(extra: Iterable<string> = []): CheckResult {
  const t = new Tally();
  const test = (s: string) => {
    const a = normalizeIdNumber(s);
    const b = reference.normalizeIdNumber(s);
    t.check(a === b, () => `normalizeIdNumber(${show(s)}): ${show(a)}, reference ${show(b)}`);
  };
  for (let c = 0; c <= 0xffff; c++) {
    const ch = String.fromCharCode(c);
    test(ch);
    test(`11010119900307001${ch}`);
  }
  const alphabet = [
    '0',
    '9',
    'X',
    'x',
    'ｘ',
    'Ｘ',
    '０',
    '９',
    ' ',
    '\u3000',
    '\t',
    '\n',
    'A',
    'z',
    '-',
    'ß',
    'ı',
    'é',
    '',
  ];
  for (const a of alphabet) for (const b of alphabet) for (const c of alphabet) test(a + b + c);
  for (const s of extra) test(s);
  return t.result();
}

/** RowByIdNumber (typed arrays for 18-character numbers) against a Map on random ID numbers. */
export async function checkIdIndex(n = 300_000, seed = 11): Promise<{ ops: number } & CheckResult> {
  const { RowByIdNumber } = await import('../../src/services/bulk.js');
  const r = rng(seed);
  const a = new RowByIdNumber();
  const b = new Map<string, number>();
  const ids: string[] = [];
  const t = new Tally();
  for (let i = 0; i < n; i++) {
    let id: string;
    const p = r();
    if (p < 0.3 && ids.length) id = ids[Math.floor(r() * ids.length)]!;
    else if (p < 0.33 && ids.length) {
      // a near miss: an ID number seen before with one character changed (the check character most often)
      const seen = ids[Math.floor(r() * ids.length)]!;
      const at = r() < 0.5 ? seen.length - 1 : Math.floor(r() * seen.length);
      id = seen.slice(0, at) + '0123456789X'[Math.floor(r() * 11)] + seen.slice(at + 1);
    } else if (p < 0.35) id = `${Math.floor(r() * 1e6)}`;
    else if (p < 0.37)
      id = ['', 'X', '1'.repeat(17) + 'x', '1'.repeat(19), '１'.repeat(18)][Math.floor(r() * 5)]!;
    else if (p < 0.6) {
      id = '';
      for (let k = 0; k < 17; k++) id += Math.floor(r() * 10);
      id += r() < 0.1 ? 'X' : Math.floor(r() * 10);
    } else {
      // as in a county's roster: a few area codes and birth decades, so many share their first 9 digits
      const day = `${19 + Math.floor(r() * 2)}${Math.floor(r() * 10)}${Math.floor(r() * 10)}0${1 + Math.floor(r() * 9)}1${Math.floor(r() * 10)}`;
      id = `${['421124', '421125', '330102'][Math.floor(r() * 3)]}${day}${String(Math.floor(r() * 1000)).padStart(3, '0')}`;
      id += '0123456789X'[Math.floor(r() * 11)];
    }
    ids.push(id);
    const [x, y] = [a.get(id), b.get(id)];
    t.check(x === y, () => `get(${id}) after ${i} operations: ${x}, Map ${y}`);
    if (r() < 0.7) {
      const row = 1 + Math.floor(r() * (r() < 0.01 ? 0x7fffffff : 1e6)); // (rows are spreadsheet rows: from 1)
      a.set(id, row);
      b.set(id, row);
    }
    if (r() < 0.00001) {
      a.clear();
      b.clear();
    }
  }
  t.check(a.size === b.size, () => `size ${a.size}, Map ${b.size}`);
  return { ops: n, ...t.result() };
}

// ------------------------------------------------------------------------------------------------ worker

/** The parse step's batches from a worker and in-process: identical? */
export async function compareWorkerBatches(path: string): Promise<{ rows: number; identical: boolean }> {
  const { memberBatches } = await import('../../src/services/import-worker.js');
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
