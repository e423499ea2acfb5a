/**
 * Writes .xlsx files with exceljs' streaming writer (rows go to the zip as they come, so a million-row export
 * does not sit in memory): an optional merged title row, a bold frozen header row, dates as real Excel dates
 * (yyyy-mm-dd), and text columns — ID numbers above all — as text, never as numbers.
 */
import { rm } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { isIsoDate, parts } from '../shared/dates.js';
import { fieldsOf, SHEET_ZH, type FieldDef, type SheetKind } from './headers.js';

export interface XlsxColumn {
  header: string;
  /** property of the row objects written in this column */
  key: string;
  /** in characters; by default from the header's length */
  width?: number;
  /** text (default for strings; '@' format), date (yyyy-mm-dd) or number */
  kind?: 'text' | 'date' | 'number';
  /** wrap long text in the cell */
  wrap?: boolean;
}

export interface XlsxSheet {
  name: string;
  /** a merged, bold title row above the header */
  title?: string;
  columns: XlsxColumn[];
  /** extra lines of plain text under the title (template instructions); each is merged across */
  notes?: string[];
}

export type XlsxRows = AsyncIterable<Record<string, unknown>> | Iterable<Record<string, unknown>>;
export type XlsxTarget = { path: string } | NodeJS.WritableStream;

const DATE_FORMAT = 'yyyy-mm-dd';
const TEXT_FORMAT = '@';
/** Excel's limit on the characters of one cell. */
const MAX_CELL_CHARS = 32_767;
/** rows between pauses that let the zip compressor catch up */
const YIELD_EVERY = 200;
/** bytes of sheet XML allowed to wait for the zip compressor */
const ZIP_BACKLOG = 4 * 1024 * 1024;

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

/** Display width of a string in Excel's character units (CJK characters count double). */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u2E80-\uFFEF]/.test(ch) ? 2 : 1;
  return w;
}

function isoToDate(iso: string): Date {
  const [y, m, d] = parts(iso);
  return new Date(Date.UTC(y, m - 1, d));
}

function cellValue(v: unknown, kind: XlsxColumn['kind']): ExcelJS.CellValue {
  if (v === undefined || v === null) return null;
  if (kind === 'date') {
    if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v;
    if (typeof v === 'string' && isIsoDate(v)) return isoToDate(v);
  }
  if (kind === 'number') {
    if (typeof v === 'number') return Number.isFinite(v) ? v : null;
    if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  }
  if (kind === 'text' || kind === undefined) {
    if (typeof v === 'number') return String(v);
    if (v instanceof Date && kind === undefined) return Number.isNaN(v.getTime()) ? null : v;
  }
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return null;
    const iso = v.toISOString().slice(0, 10);
    return iso;
  }
  const s = typeof v === 'string' ? v : typeof v === 'number' ? String(v) : JSON.stringify(v);
  return s.length > MAX_CELL_CHARS ? s.slice(0, MAX_CELL_CHARS) : s;
}

function columnStyle(c: XlsxColumn): Partial<ExcelJS.Style> {
  const style: Partial<ExcelJS.Style> = {};
  if (c.kind === 'date') style.numFmt = DATE_FORMAT;
  else if (c.kind === 'text' || c.kind === undefined) style.numFmt = TEXT_FORMAT;
  if (c.wrap) style.alignment = { vertical: 'top', wrapText: true };
  return style;
}

interface SheetInput {
  sheet: XlsxSheet;
  rows: XlsxRows;
  /** applied after the rows, before the sheet is committed (data validations) */
  finish?: (ws: ExcelJS.Worksheet, firstDataRow: number, lastDataRow: number) => void;
}

/** Writes several sheets to one workbook; resolves with the number of data rows of each sheet. */
export async function writeWorkbook(target: XlsxTarget, sheets: SheetInput[]): Promise<{ rows: number[] }> {
  const options: Partial<ExcelJS.stream.xlsx.WorkbookStreamWriterOptions> = {
    useStyles: true,
    useSharedStrings: false,
  };
  const path =
    'path' in target && typeof target.path === 'string' && !('write' in target) ? target.path : null;
  if (path) {
    options.filename = path;
  } else {
    options.stream =
      target as NodeJS.WritableStream as unknown as ExcelJS.stream.xlsx.WorkbookStreamWriterOptions['stream'];
  }
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter(options);
  wb.creator = 'Jiceng';
  const counts: number[] = [];
  try {
    for (const input of sheets) counts.push(await writeSheet(wb, input));
    await wb.commit();
  } catch (e) {
    // a half-written workbook is no use to anyone: stop the zip, and remove the file we were writing
    const internals = wb as unknown as { zip?: { abort?: () => void }; stream?: { destroy?: () => void } };
    try {
      internals.zip?.abort?.();
      if (path) internals.stream?.destroy?.();
    } catch {
      // already stopped
    }
    if (path) await rm(path, { force: true }).catch(() => undefined);
    throw e;
  }
  return { rows: counts };
}

async function writeSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, input: SheetInput): Promise<number> {
  const { sheet } = input;
  const cols = sheet.columns;
  const n = Math.max(cols.length, 1);
  const titleRows = (sheet.title ? 1 : 0) + (sheet.notes?.length ?? 0);
  const headerRow = titleRows + 1;
  const ws = wb.addWorksheet(sheet.name.slice(0, 31), {
    views: [
      {
        state: 'frozen',
        xSplit: 0,
        ySplit: headerRow,
        topLeftCell: `A${headerRow + 1}`,
        activeCell: `A${headerRow + 1}`,
      },
    ],
  });
  ws.columns = cols.map((c) => ({
    key: c.key,
    width: c.width ?? Math.min(Math.max(displayWidth(c.header) + 4, 10), 60),
    style: columnStyle(c),
  }));

  let r = 1;
  if (sheet.title) {
    const row = ws.getRow(r);
    const cell = row.getCell(1);
    cell.value = sheet.title;
    cell.font = { bold: true, size: 16 };
    cell.alignment = { horizontal: 'center', vertical: 'middle' };
    cell.numFmt = 'General';
    row.height = 30;
    if (n > 1) ws.mergeCells(r, 1, r, n);
    row.commit();
    r++;
  }
  for (const note of sheet.notes ?? []) {
    const row = ws.getRow(r);
    const cell = row.getCell(1);
    cell.value = note;
    cell.font = { color: { argb: 'FFC00000' } };
    cell.alignment = { horizontal: 'left', vertical: 'middle', wrapText: true };
    cell.numFmt = 'General';
    row.height = Math.max(18, 15 * Math.ceil(displayWidth(note) / Math.max(totalWidth(ws, n), 40)));
    if (n > 1) ws.mergeCells(r, 1, r, n);
    row.commit();
    r++;
  }
  const header = ws.getRow(r);
  cols.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.border = THIN;
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.numFmt = 'General';
  });
  header.height = 22;
  header.commit();

  let count = 0;
  const firstData = r + 1;
  for await (const obj of input.rows as AsyncIterable<Record<string, unknown>>) {
    const row = ws.getRow(firstData + count);
    cols.forEach((c, i) => {
      const v = cellValue(obj[c.key], c.kind);
      if (v === null) return;
      const cell = row.getCell(i + 1);
      cell.value = v;
      if (v instanceof Date) cell.numFmt = DATE_FORMAT;
    });
    row.commit();
    count++;
    if (count % YIELD_EVERY === 0) await letZipCatchUp(ws);
  }
  input.finish?.(ws, firstData, firstData + Math.max(count, 1) - 1);
  ws.commit();
  return count;
}

/**
 * exceljs' streaming writer hands each committed row to the zip without waiting, so a fast producer piles
 * the whole sheet up in memory. Between batches of rows we wait until what the zip has not yet taken falls
 * under a few MB.
 */
async function letZipCatchUp(ws: ExcelJS.Worksheet): Promise<void> {
  const sheetStream = (ws as unknown as { stream?: { pipes?: { _writableState?: { length?: number } }[] } })
    .stream;
  const pending = () => (sheetStream?.pipes ?? []).reduce((n, p) => n + (p._writableState?.length ?? 0), 0);
  await new Promise<void>((resolve) => setImmediate(resolve));
  for (let waited = 0; pending() > ZIP_BACKLOG && waited < 10_000; waited++) {
    await new Promise<void>((resolve) => setTimeout(resolve, 2));
  }
}

function totalWidth(ws: ExcelJS.Worksheet, n: number): number {
  let w = 0;
  for (let i = 1; i <= n; i++) w += ws.getColumn(i).width ?? 10;
  return w;
}

/** Writes one sheet; resolves with the number of data rows written. */
export async function writeXlsx(
  target: XlsxTarget,
  sheet: XlsxSheet,
  rows: XlsxRows,
): Promise<{ rows: number }> {
  const { rows: counts } = await writeWorkbook(target, [{ sheet, rows }]);
  return { rows: counts[0] ?? 0 };
}

// ------------------------------------------------------------------------------------------------ sheets

/** The export columns of a sheet: canonical headers, in template order. */
export function columnsFor(kind: SheetKind): XlsxColumn[] {
  return fieldsOf(kind).map((f) => ({ header: f.header, key: f.key, width: f.width, kind: f.kind }));
}

/** Header as the template writes it: required columns marked with `*`. */
export function templateHeader(f: FieldDef): string {
  return f.required ? `*${f.header}` : f.header;
}

/** The values a coded column accepts, as listed in 填写说明. */
export function acceptedValues(f: FieldDef): string {
  if (!f.codes) return '';
  const labels = f.codes.map((c) => (/^\d+$/.test(c.code) ? `${c.code} ${c.zh}` : c.zh));
  const also = f.alsoAccepted?.length ? `；也可填：${f.alsoAccepted.join('、')}` : '';
  return labels.join('、') + also;
}

/**
 * The import template: a title row and a note, the header row (required columns marked `*`), one example
 * row, and a second sheet 填写说明 listing, for every column, whether it is required, what to write and the
 * accepted values of coded columns. Short code lists also get an in-cell drop-down.
 */
export async function writeTemplate(kind: SheetKind, target: XlsxTarget): Promise<void> {
  const fields = fieldsOf(kind);
  const name = SHEET_ZH[kind];
  const example: Record<string, unknown> = Object.fromEntries(fields.map((f) => [f.key, f.example]));
  const dropDownRows = 2000;
  await writeWorkbook(target, [
    {
      sheet: {
        name,
        title: `${name}导入模板`,
        notes: [
          '说明：带*的列必须填写；第4行是示例，导入前请删除；日期填写为 2020-03-05 格式；各列可填写的值见“填写说明”工作表。',
        ],
        columns: fields.map((f) => ({ header: templateHeader(f), key: f.key, width: f.width, kind: f.kind })),
      },
      rows: [example],
      finish: (ws, firstDataRow) => {
        fields.forEach((f, i) => {
          if (!f.codes) return;
          const list = f.codes.map((c) => c.zh);
          const formula = `"${list.join(',')}"`;
          if (formula.length > 255) return; // Excel's limit for an inline list
          const col = columnLetter(i);
          const range = `${col}${firstDataRow}:${col}${firstDataRow + dropDownRows}`;
          (
            ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }
          ).dataValidations.add(range, {
            type: 'list',
            allowBlank: true,
            formulae: [formula],
            showErrorMessage: false,
          });
        });
      },
    },
    {
      sheet: {
        name: '填写说明',
        title: `${name}填写说明`,
        columns: [
          { header: '列名', key: 'header', width: 18, kind: 'text' },
          { header: '是否必填', key: 'required', width: 10, kind: 'text' },
          { header: '填写要求', key: 'note', width: 44, kind: 'text', wrap: true },
          { header: '可填写的值', key: 'accepted', width: 100, kind: 'text', wrap: true },
        ],
      },
      rows: fields.map((f) => ({
        header: f.header,
        required: f.required ? '必填' : '选填',
        note: f.note,
        accepted: acceptedValues(f),
      })),
    },
  ]);
}

function columnLetter(index: number): string {
  let s = '';
  let n = index + 1;
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
