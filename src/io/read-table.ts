/**
 * Streams the rows of an uploaded ledger: the first worksheet of an .xlsx, or a .csv in UTF-8 (with or
 * without BOM), GBK/GB18030 or UTF-16 (Excel's "Unicode text"). Nothing is loaded whole: an .xlsx is read
 * with exceljs' streaming reader and a .csv through csv-parse, so a million-row file stays within a few
 * hundred MB.
 */
import { open, stat } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { pipeline, Readable, Transform, type TransformCallback } from 'node:stream';
import type ExcelJS from 'exceljs';
import { parse as parseCsv, type Parser as CsvParser } from 'csv-parse';
import iconv from 'iconv-lite';
import { AppError } from '../shared/errors.js';
import type { CellValue } from './normalize.js';
import { checkInflation, readXlsxFast, XlsxTooLarge, XlsxUnsupported } from './xlsx-reader.js';
import { FastCsv } from './csv-fast.js';

export type { CellValue } from './normalize.js';

export interface TableSource {
  /** where the file is on disk */
  path: string;
  /** the name it was uploaded under (its extension is the first guess at the format) */
  fileName?: string;
}

export interface TableRow {
  /** the spreadsheet's own 1-based row number (blank rows are skipped but still counted) */
  row: number;
  /** cells from column A; blank cells are null */
  cells: CellValue[];
}

export interface ReadTableOptions {
  /** called every 1,000 rows and once at the end with the number of rows read so far */
  onProgress?: (rowsRead: number) => void;
  /** which .xlsx reader: the fast one (default, exceljs for what it does not handle) or exceljs (for comparisons) */
  xlsxReader?: 'fast' | 'exceljs';
  /** which CSV splitter: the fast one (default, csv-parse from the first record it does not handle) or csv-parse */
  csvReader?: 'fast' | 'csv-parse';
  /** bytes read from a CSV at a time (default 256 KB; small values exercise record boundaries in comparisons) */
  csvChunkBytes?: number;
}

export type TableFormat = 'xlsx' | 'csv';

const HEAD_BYTES = 64 * 1024;
const PROGRESS_EVERY = 1000;

/** Reasons given in AppError.details.reason, for callers and tests. */
export type UnreadableReason =
  'EMPTY' | 'OLD_OFFICE' | 'PDF' | 'HTML' | 'BINARY' | 'BAD_ZIP' | 'TOO_LARGE' | 'NO_WORKSHEET' | 'BAD_CSV';

const MESSAGES: Record<UnreadableReason, string> = {
  EMPTY: '文件是空的，请检查后重新上传',
  OLD_OFFICE:
    '这是旧版 Excel（.xls）文件或设置了打开密码的文件，无法直接读取。请用 Excel 或 WPS 打开后“另存为” .xlsx 格式（如有密码请先取消）再上传',
  PDF: 'PDF 文件无法导入，请上传 .xlsx 或 .csv 格式的台账',
  HTML: '该文件实际是网页格式（常见于从其他系统导出的 .xls），请用 Excel 或 WPS 打开后“另存为” .xlsx 格式再上传',
  BINARY: '无法识别该文件的格式，请上传 .xlsx 或 .csv 格式的台账',
  BAD_ZIP: '文件已损坏或不是有效的 .xlsx 文件，请用 Excel 或 WPS 打开确认后重新保存，再上传',
  TOO_LARGE:
    '文件解压后的内容异常庞大（远超一般台账），无法导入。请用 Excel 或 WPS 打开确认内容后重新保存；台账确实很大时请拆分为几个文件分别导入',
  NO_WORKSHEET: '文件中没有找到工作表，请确认上传的是 Excel 表格（.xlsx），而不是 Word 文档等其他文件',
  BAD_CSV: 'CSV 文件格式有误',
};

function unreadable(reason: UnreadableReason, message = MESSAGES[reason], cause?: unknown): AppError {
  const err = new AppError('IMPORT_UNREADABLE', message, { reason });
  if (cause !== undefined) (err as Error & { cause?: unknown }).cause = cause;
  return err;
}

export function readTable(source: TableSource, opts: ReadTableOptions = {}): AsyncIterable<TableRow> {
  return {
    async *[Symbol.asyncIterator]() {
      for await (const rows of readRowBatches(source, opts)) yield* rows;
    },
  };
}

/**
 * The rows of readTable in batches of up to a hundred or so: one turn of the async iteration per batch instead of
 * one per row, for a caller that goes through every row (the member import: its per-row async steps cost
 * microseconds a row).
 */
export function readTableBatches(
  source: TableSource,
  opts: ReadTableOptions = {},
): AsyncIterable<TableRow[]> {
  return { [Symbol.asyncIterator]: () => readRowBatches(source, opts)[Symbol.asyncIterator]() };
}

/** Rows of an .xlsx handed on together (its reader gives them one by one). */
const XLSX_BATCH = 128;
/** Rows of a CSV handed on together (a piece of the file read holds about a thousand). */
const CSV_ROWS_AT_ONCE = 128;

async function* readRowBatches(source: TableSource, opts: ReadTableOptions): AsyncGenerator<TableRow[]> {
  const sniffed = await sniff(source);
  let last = 0;
  const batches: AsyncIterable<TableRow[]> =
    sniffed.format === 'csv'
      ? readCsv(source.path, sniffed, opts)
      : inBatches(opts.xlsxReader === 'exceljs' ? readXlsxWithExceljs(source.path) : readXlsx(source.path));
  for await (const rows of batches) {
    const out: TableRow[] = [];
    for (const r of rows) {
      if (opts.onProgress && Math.floor(r.row / PROGRESS_EVERY) > Math.floor(last / PROGRESS_EVERY)) {
        opts.onProgress(r.row);
      }
      last = r.row;
      if (r.cells.length > 0) out.push(r);
    }
    if (out.length) yield out;
  }
  opts.onProgress?.(last);
}

async function* inBatches(rows: AsyncIterable<TableRow>): AsyncGenerator<TableRow[]> {
  let batch: TableRow[] = [];
  for await (const r of rows) {
    batch.push(r);
    if (batch.length >= XLSX_BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

// ------------------------------------------------------------------------------------------------ sniffing

interface Sniffed {
  format: TableFormat;
  /** csv only */
  encoding?: string;
  delimiter?: string;
  /** csv only: the first line is Excel's `sep=;` hint */
  sepLine?: boolean;
}

async function readHead(path: string): Promise<{ head: Buffer; size: number }> {
  try {
    const size = (await stat(path)).size;
    const fh = await open(path, 'r');
    try {
      const buf = Buffer.alloc(Math.min(HEAD_BYTES, size));
      const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
      return { head: buf.subarray(0, bytesRead), size };
    } finally {
      await fh.close();
    }
  } catch (e) {
    throw unreadable('BINARY', '无法打开上传的文件，请重新上传', e);
  }
}

const startsWith = (buf: Buffer, bytes: readonly number[]) => bytes.every((b, i) => buf[i] === b);

/** Decides the format from the content; the extension only matters when the content could be either. */
export async function sniff(source: TableSource): Promise<Sniffed> {
  const { head, size } = await readHead(source.path);
  if (size === 0 || head.length === 0) throw unreadable('EMPTY');
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return { format: 'xlsx' };
  if (startsWith(head, [0x50, 0x4b, 0x05, 0x06])) throw unreadable('BAD_ZIP'); // empty zip
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) throw unreadable('OLD_OFFICE');
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46])) throw unreadable('PDF');
  const ext = extname(source.fileName ?? source.path).toLowerCase();
  const text = decodeHead(head, head.length < size);
  if (!text) {
    throw unreadable('BINARY', ext === '.xlsx' ? MESSAGES.BAD_ZIP : MESSAGES.BINARY);
  }
  const lead = text.text.trimStart().slice(0, 2048).toLowerCase();
  if (lead.startsWith('<') && /<(html|table|!doctype|\?xml|workbook)/.test(lead)) throw unreadable('HTML');
  if (/^\{\\rtf/.test(lead)) throw unreadable('BINARY');
  const sep = /^sep=(.)\r?\n/i.exec(text.text);
  if (sep) return { format: 'csv', encoding: text.encoding, delimiter: sep[1], sepLine: true };
  return { format: 'csv', encoding: text.encoding, delimiter: detectDelimiter(text.text) };
}

/** Picks the text encoding of the file from its first 64 KB; null when it does not look like text. */
function decodeHead(head: Buffer, truncated: boolean): { encoding: string; text: string } | null {
  let encoding: string;
  let text: string;
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) {
    encoding = head[0] === 0xff ? 'utf-16le' : 'utf-16be';
    text = iconv.decode(head.subarray(0, truncated ? head.length & ~1 : head.length), encoding);
  } else {
    if (head.includes(0)) return null;
    try {
      // stream: true leaves a character cut at the 64 KB boundary pending instead of failing on it
      text = new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: truncated });
      encoding = 'utf-8';
    } catch {
      text = iconv.decode(head, 'gb18030');
      encoding = 'gb18030';
      const bad = (text.match(/\uFFFD/g) ?? []).length;
      if (bad > 2 + text.length / 1000) return null;
    }
  }
  // control characters other than tab/CR/LF/FF/ESC/SUB do not occur in a text table
  // eslint-disable-next-line no-control-regex
  const controls = (text.match(/[\x00-\x08\x0E-\x1A\x1C-\x1F]/g) ?? []).length;
  if (controls > 0) return null;
  return { encoding, text };
}

/** The delimiter (',', tab or ';') occurring most often outside quotes in the first lines; ',' by default. */
export function detectDelimiter(text: string): string {
  const counts = new Map<string, number>([
    [',', 0],
    ['\t', 0],
    [';', 0],
  ]);
  let inQuotes = false;
  let lines = 0;
  for (let i = 0; i < text.length && lines < 50; i++) {
    const c = text[i]!;
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && c === '\n') lines++;
    else if (!inQuotes && counts.has(c)) counts.set(c, counts.get(c)! + 1);
  }
  let best = ',';
  for (const [d, n] of counts) if (n > counts.get(best)!) best = d;
  return best;
}

// ------------------------------------------------------------------------------------------------ csv

async function* readCsv(path: string, sniffed: Sniffed, opts: ReadTableOptions): AsyncGenerator<TableRow[]> {
  const input = createReadStream(path, { highWaterMark: opts.csvChunkBytes ?? 256 * 1024 });
  const decoder = iconv.decodeStream(sniffed.encoding ?? 'utf-8', { stripBOM: true });
  let failure: unknown = null;
  pipeline(input, decoder, (err) => {
    if (err) failure = err;
  });
  const delimiter = sniffed.delimiter ?? ',';
  const chunks = (decoder as AsyncIterable<string>)[Symbol.asyncIterator]();
  let row = 0;
  function rows(records: string[][], from: number, to: number): TableRow[] {
    const out: TableRow[] = [];
    for (let i = from; i < to; i++) {
      row++;
      if (row === 1 && sniffed.sepLine) continue;
      // (the record's own array, blanks set to null in place: one array less per row)
      const cells: CellValue[] = records[i]!;
      for (let j = 0; j < cells.length; j++) if (cells[j] === '') cells[j] = null;
      out.push({ row, cells: trimCells(cells) });
    }
    return out;
  }
  // the records of a piece of the file, a few at a time: what is made of them (rows, parsed rows) is garbage again
  // before the next few are made, so the young generation's collections find little alive
  async function* inPieces(records: string[][]): AsyncGenerator<TableRow[]> {
    for (let i = 0; i < records.length; i += CSV_ROWS_AT_ONCE)
      yield rows(records, i, Math.min(records.length, i + CSV_ROWS_AT_ONCE));
  }
  let offset = 0;
  try {
    // Records are split by FastCsv while it understands them; from the first it does not (a malformed quote),
    // the rest of the file goes to csv-parse, whose records it gives exactly.
    let rest = '';
    let recordDelimiter: string | null = null;
    if (opts.csvReader !== 'csv-parse' && FastCsv.supports(delimiter)) {
      const fast = new FastCsv(delimiter);
      let first = true;
      let stuck = false;
      for (;;) {
        const next = await chunks.next();
        if (next.done) break;
        let text = rest + next.value;
        if (first) {
          if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // csv-parse's bom option
          first = false;
        }
        const r = fast.split(text, false);
        yield* inPieces(r.records);
        rest = text.slice(r.rest);
        if (r.stuck) {
          stuck = true;
          break;
        }
      }
      if (failure) throw failure;
      if (!stuck) {
        const r = fast.split(rest, true);
        yield* inPieces(r.records);
        if (!r.stuck) return;
        rest = rest.slice(r.rest);
      }
      offset = fast.lines;
      recordDelimiter = fast.recordDelimiter;
    }
    for await (const record of csvParse(
      rest,
      chunks,
      delimiter,
      recordDelimiter,
      offset === 0 && row === 0,
    )) {
      yield rows([record], 0, 1);
    }
    if (failure) throw failure;
  } catch (e) {
    throw csvError(failure ?? e, offset);
  } finally {
    input.destroy();
    (decoder as unknown as Readable).destroy();
  }
}

/** csv-parse over `head` and then the rest of `chunks`, with read-table's options. */
function csvParse(
  head: string,
  chunks: AsyncIterator<string>,
  delimiter: string,
  recordDelimiter: string | null,
  atStart: boolean,
): AsyncIterable<string[]> {
  // csv-parse compares every record's length with the first record's and, even when relaxed, builds an Error
  // for each that differs — for a title row above the header, that is every row (half the parse time). Each
  // record is compared with the one before it instead (through the `state` csv-parse exposes on its parser).
  const lengths: { state?: { expectedRecordLength?: number } } = {};
  const parser: CsvParser = parseCsv({
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    bom: atStart,
    ...(recordDelimiter ? { record_delimiter: recordDelimiter } : {}),
    on_record: (record: string[]) => {
      if (lengths.state) lengths.state.expectedRecordLength = record.length;
      return record;
    },
  });
  lengths.state = (parser as unknown as { state?: { expectedRecordLength?: number } }).state;
  const source = Readable.from(
    (async function* () {
      if (head) yield head;
      for (;;) {
        const next = await chunks.next();
        if (next.done) return;
        yield next.value;
      }
    })(),
    { objectMode: false },
  );
  source.on('error', (e) => parser.destroy(e));
  source.pipe(parser);
  return parser as AsyncIterable<string[]>;
}

/** `lines`: csv-parse's line count of the text FastCsv read before handing over to it. */
function csvError(e: unknown, lines = 0): AppError {
  if (e instanceof AppError) return e;
  const err = e as { code?: string; lines?: number };
  if (typeof err?.code === 'string' && err.code.startsWith('CSV_')) {
    const where = err.lines ? `（第${err.lines + lines}行附近）` : '';
    return unreadable(
      'BAD_CSV',
      `CSV 文件格式有误${where}：可能有引号不配对。请用 Excel 或 WPS 打开检查，或另存为 .xlsx 后再上传`,
      e,
    );
  }
  return unreadable('BAD_CSV', '读取 CSV 文件时出错，请重新上传', e);
}

/** Drops trailing blank cells; a row of blank cells becomes []. Whitespace-only text counts as blank. */
function trimCells(cells: CellValue[]): CellValue[] {
  let n = cells.length;
  while (n > 0) {
    const c = cells[n - 1];
    if (c == null || (typeof c === 'string' && c.trim() === '')) n--;
    else break;
  }
  return n === cells.length ? cells : cells.slice(0, n);
}

// ------------------------------------------------------------------------------------------------ xlsx
//
// exceljs' WorkbookReader streams the sheet, with two repairs made through its (stable since 4.0) internals:
//
// 1. It decodes each chunk of a zip entry on its own (utils/browser-buffer-decode.js), so a Chinese character
//    whose three bytes straddle two chunks becomes "\uFFFD\uFFFD" — in a big sheet a few names in every
//    thousand rows come out garbled. The shared strings and the worksheets are handed to it re-cut on
//    character boundaries.
// 2. Its shared-string cache is a JS array of strings; with the millions of distinct strings of a big roster
//    (names, ID numbers, phones, addresses) V8 lets the heap grow to several times that, past 1 GB. The
//    strings are instead kept as UTF-8 bytes in a few large buffers (SharedStringStore) and looked up per cell.
//
// If the internals are not there (another exceljs version), the reader runs unrepaired with its own cache.
// test/io/read-table.test.ts guards the first repair with a large file.

/** Length of the longest prefix of `buf` that does not end inside a UTF-8 sequence. */
export function utf8CompleteLength(buf: Uint8Array): number {
  let i = buf.length - 1;
  let back = 0;
  while (i >= 0 && back < 3 && (buf[i]! & 0xc0) === 0x80) {
    i--;
    back++;
  }
  if (i < 0) return buf.length;
  const lead = buf[i]!;
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return buf.length - i >= need ? buf.length : i;
}

class Utf8Boundary extends Transform {
  private carry: Buffer = Buffer.alloc(0);
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    const buf = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    const n = utf8CompleteLength(buf);
    this.carry = Buffer.from(buf.subarray(n));
    if (n > 0) this.push(buf.subarray(0, n));
    done();
  }
  override _flush(done: TransformCallback): void {
    if (this.carry.length) this.push(this.carry);
    done();
  }
}

/** The chunks of `source` re-cut on UTF-8 character boundaries; destroy() releases the source unread. */
function utf8Chunks(
  source: AsyncIterable<Buffer | string>,
): AsyncIterable<Buffer | string> & { destroy(): void } {
  return {
    async *[Symbol.asyncIterator]() {
      let carry: Buffer = Buffer.alloc(0);
      for await (const chunk of source) {
        if (typeof chunk === 'string') {
          yield chunk;
          continue;
        }
        const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
        const n = utf8CompleteLength(buf);
        carry = Buffer.from(buf.subarray(n));
        if (n > 0) yield buf.subarray(0, n);
      }
      if (carry.length) yield carry;
    },
    destroy() {
      const s = source as { destroy?: () => void; return?: () => unknown };
      if (typeof s.destroy === 'function') s.destroy();
      else void s.return?.();
    },
  };
}

/**
 * Shared strings as UTF-8 bytes in 8 MB blocks, indexed by typed arrays: ~1/4 of the memory of JS strings. Held
 * outside the heap (a worker's resourceLimits do not bound them), so bounded here: at most `limits.bytes` of text and
 * `limits.strings` strings (a million-row ledger: ~128 MB of shared-strings XML, fewer than 3M strings); past either
 * the workbook is reported as too large (XlsxTooLarge), as is a file that inflates like a zip bomb.
 */
export class SharedStringStore {
  static readonly LIMITS = { bytes: 256 * 1024 * 1024, strings: 8_000_000 };
  private static readonly BLOCK = 8 * 1024 * 1024;
  private bytes = 0;
  constructor(private readonly limits: { bytes: number; strings: number } = SharedStringStore.LIMITS) {}
  private blocks: Buffer[] = [];
  private used = SharedStringStore.BLOCK;
  private block = new Uint32Array(1024);
  private start = new Uint32Array(1024);
  private length = new Int32Array(1024).fill(-1);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Makes room for `n` strings at once (the count a file announces), instead of doubling step by step. */
  reserve(n: number): void {
    // (a count past the limit is not believed: the strings grow the arrays as they come, up to the limit)
    if (Number.isSafeInteger(n) && n > this.block.length && n <= this.limits.strings) this.grow(n);
  }

  set(index: number, text: string | null): void {
    if (index >= this.limits.strings)
      throw new XlsxTooLarge(`more than ${this.limits.strings} shared strings`);
    if (index >= this.block.length)
      this.grow(Math.min(this.limits.strings, Math.max(index + 1, this.block.length * 2)));
    if (text == null) {
      this.length[index] = -1;
    } else {
      const bytes = Buffer.byteLength(text);
      this.bytes += bytes;
      if (this.bytes > this.limits.bytes)
        throw new XlsxTooLarge(`more than ${this.limits.bytes} bytes of shared strings`);
      if (this.used + bytes > SharedStringStore.BLOCK || this.blocks.length === 0) {
        this.blocks.push(Buffer.allocUnsafe(Math.max(SharedStringStore.BLOCK, bytes)));
        this.used = 0;
      }
      const b = this.blocks.length - 1;
      this.blocks[b]!.write(text, this.used, 'utf8');
      this.block[index] = b;
      this.start[index] = this.used;
      this.length[index] = bytes;
      this.used += bytes;
    }
    this.count = Math.max(this.count, index + 1);
  }

  get(index: number): string | null {
    if (!(index >= 0 && index < this.count)) return null;
    const len = this.length[index]!;
    if (len < 0) return null;
    const s = this.start[index]!;
    return this.blocks[this.block[index]!]!.toString('utf8', s, s + len);
  }

  private grow(n: number): void {
    const grow32 = <A extends Uint32Array | Int32Array>(a: A, make: (n: number) => A): A => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.block = grow32(this.block, (k) => new Uint32Array(k));
    this.start = grow32(this.start, (k) => new Uint32Array(k));
    this.length = grow32(this.length, (k) => new Int32Array(k).fill(-1));
  }
}

type ExcelCellValue = ExcelJS.CellValue | undefined;

function richTextOf(v: unknown): string | null {
  if (v == null) return null;
  if (typeof v === 'string') return v;
  const rich = (v as { richText?: { text?: string | null }[] }).richText;
  if (Array.isArray(rich)) return rich.map((r) => r.text ?? '').join('');
  return String(v);
}

/** An exceljs cell value as a plain value: rich text joined, formulas by their cached result. */
function plainCell(v: ExcelCellValue, strings: SharedStringStore | null): CellValue {
  if (v == null) return null;
  if (typeof v === 'string') return v === '' ? null : v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean') return v;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v;
  if (typeof v === 'object') {
    if ('sharedString' in v) {
      const s = strings?.get((v as { sharedString: number }).sharedString) ?? null;
      return s === '' ? null : s;
    }
    if ('richText' in v) {
      const s = richTextOf(v);
      return s === '' ? null : s;
    }
    if ('formula' in v || 'sharedFormula' in v) {
      return plainCell((v as { result?: ExcelCellValue }).result, strings);
    }
    if ('error' in v) return String((v as { error: unknown }).error);
    if ('text' in v) return plainCell((v as { text: ExcelCellValue }).text, strings);
  }
  return null;
}

interface ReaderInternals {
  _parseSharedStrings?: (entry: Readable) => AsyncGenerator<unknown>;
  _parseWorksheet?: (iterator: AsyncIterable<Buffer>, sheetNo: string) => Generator<unknown>;
  model?: { sheets?: { name?: string }[] };
  stream?: Readable;
}

interface SheetReader {
  name?: string;
  iterator?: unknown;
  [Symbol.asyncIterator](): AsyncIterator<ExcelJS.Row>;
}

/** exceljs, loaded when first needed (most files never need it: see xlsx-reader.ts). */
async function loadExceljs(): Promise<typeof ExcelJS> {
  return ((await import('exceljs')) as unknown as { default: typeof ExcelJS }).default;
}

function openWorkbook(
  Excel: typeof ExcelJS,
  path: string,
): {
  reader: ExcelJS.stream.xlsx.WorkbookReader;
  strings: SharedStringStore | null;
} {
  const readerProto = Excel.stream.xlsx.WorkbookReader.prototype as unknown as ReaderInternals;
  const CAN_REPAIR =
    typeof readerProto._parseSharedStrings === 'function' &&
    typeof readerProto._parseWorksheet === 'function';
  const reader = new Excel.stream.xlsx.WorkbookReader(path, {
    worksheets: 'emit',
    // 'emit' hands each shared string to our _parseSharedStrings below instead of exceljs' array cache
    sharedStrings: CAN_REPAIR ? 'emit' : 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  if (!CAN_REPAIR) return { reader, strings: null };
  const strings = new SharedStringStore();
  const r = reader as unknown as ReaderInternals;
  const parseSharedStrings = readerProto._parseSharedStrings!;
  const parseWorksheet = readerProto._parseWorksheet!;
  // a generator because exceljs delegates to it with yield*; it keeps the strings instead of yielding them
  // eslint-disable-next-line require-yield
  r._parseSharedStrings = async function* (this: unknown, entry: Readable) {
    const fixed = new Utf8Boundary();
    pipeline(entry, fixed, () => {
      /* errors reach the reader through `fixed` */
    });
    for await (const item of parseSharedStrings.call(this, fixed)) {
      const { index, text } = item as { index: number; text: unknown };
      strings.set(index, richTextOf(text));
    }
  };
  r._parseWorksheet = function (this: unknown, iterator: AsyncIterable<Buffer>, sheetNo: string) {
    return parseWorksheet.call(this, utf8Chunks(iterator) as AsyncIterable<Buffer>, sheetNo);
  };
  return { reader, strings };
}

/** Lets go of a worksheet we do not read (its entry is drained by exceljs, a temp copy must be closed). */
function discard(ws: SheetReader): void {
  (ws.iterator as { destroy?: () => void } | undefined)?.destroy?.();
}

async function* readXlsx(path: string): AsyncGenerator<TableRow> {
  const found = { sheet: false };
  let yielded = false;
  let lastRow = 0;
  try {
    for await (const r of readXlsxFast(path, new SharedStringStore(), found)) {
      const number = Number.isFinite(r.number) && r.number > lastRow ? r.number : lastRow + 1;
      lastRow = number;
      const cells = r.cells;
      for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = null;
      yielded = true;
      yield { row: number, cells: trimCells(cells) };
    }
  } catch (e) {
    if (e instanceof XlsxTooLarge) throw unreadable('TOO_LARGE', MESSAGES.TOO_LARGE, e);
    if (e instanceof XlsxUnsupported && !yielded) {
      // something the fast reader does not handle: exceljs reads it, as it always did — once every entry is known
      // to inflate within the limits (exceljs has none)
      try {
        await checkInflation(path);
      } catch (c) {
        if (c instanceof XlsxTooLarge) throw unreadable('TOO_LARGE', MESSAGES.TOO_LARGE, c);
        throw unreadable('BAD_ZIP', MESSAGES.BAD_ZIP, c);
      }
      yield* readXlsxWithExceljs(path);
      return;
    }
    if (e instanceof AppError) throw e;
    throw unreadable('BAD_ZIP', MESSAGES.BAD_ZIP, e);
  }
  if (!found.sheet) throw unreadable('NO_WORKSHEET');
}

async function* readXlsxWithExceljs(path: string): AsyncGenerator<TableRow> {
  const { reader, strings } = openWorkbook(await loadExceljs(), path);
  const internals = reader as unknown as ReaderInternals;
  const sheets = (reader as unknown as AsyncIterable<SheetReader>)[Symbol.asyncIterator]();
  let found = false;
  let finished = false;
  let lastRow = 0;
  try {
    for (;;) {
      const next = await sheets.next();
      if (next.done) {
        finished = true;
        break;
      }
      const ws = next.value;
      const firstName = internals.model?.sheets?.[0]?.name;
      if (found || (firstName && ws.name && ws.name !== firstName)) {
        discard(ws);
        continue;
      }
      found = true;
      for await (const r of ws) {
        const number = Number.isFinite(r.number) && r.number > lastRow ? r.number : lastRow + 1;
        lastRow = number;
        const cells: CellValue[] = [];
        r.eachCell({ includeEmpty: false }, (cell, col) => {
          const v = plainCell(cell.value as ExcelCellValue, strings);
          if (v != null) cells[col - 1] = v;
        });
        for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = null;
        yield { row: number, cells: trimCells(cells) };
      }
    }
  } catch (e) {
    finished = true;
    if (e instanceof AppError) throw e;
    if (e instanceof XlsxTooLarge) throw unreadable('TOO_LARGE', MESSAGES.TOO_LARGE, e);
    throw unreadable('BAD_ZIP', MESSAGES.BAD_ZIP, e);
  } finally {
    if (!finished) await releaseSheets(sheets, strings !== null);
    internals.stream?.destroy();
  }
  if (!found) throw unreadable('NO_WORKSHEET');
}

/**
 * When the caller stops early (no header, an abort): exceljs deletes the temporary copy of each worksheet
 * only as its iteration moves past it, so step through the rest, closing each copy unread. With the repairs
 * in place every sheet is such a copy and the zip has already been read, so this is quick; without them the
 * rest of the zip would have to be read, and the copies are left to exceljs' clean-up at exit.
 */
async function releaseSheets(sheets: AsyncIterator<SheetReader>, buffered: boolean): Promise<void> {
  try {
    if (!buffered) {
      await sheets.return?.();
      return;
    }
    for (;;) {
      const next = await sheets.next();
      if (next.done) break;
      discard(next.value);
    }
  } catch {
    // nothing more to release
  }
}
