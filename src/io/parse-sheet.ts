/**
 * Turns the rows of an uploaded 党组织 / 党员 sheet into OrgCreate / MemberCreate values, reporting every problem
 * of every row against the column as the file names it. Row-level only: duplicates within the file and
 * unknown org codes are the import service's business (see findDuplicates).
 */
import { z, type ZodError } from 'zod';
import {
  MemberImportSchema,
  OrgCreateSchema,
  type ImportRejection,
  type ImportWarning,
  type MemberImport,
  type OrgCreate,
} from '../shared/schemas.js';
import {
  CLASSIFIED,
  isClassifiedField,
  type ClassifiedField,
  type LocalSynonym,
} from '../shared/classification.js';
import { classifier, lookupKey, type Normalizer } from './normalize.js';
import { chinaToday, daysInMonth, type IsoDate } from '../shared/dates.js';
import { EDUCATIONS, ETHNICITIES, MEETING_KINDS, OCCUPATIONS, type MeetingKind } from '../shared/codes.js';
import { defaultTopic, parseAbsentees, parseKinds, type Absentee } from '../domain/meetings/ledger.js';
import { RAW_MAX } from '../shared/classification.js';
import { normalizeIdNumber } from '../shared/id-number.js';
import type { DuesCategory, DuesMethod, Sex } from '../shared/codes.js';
import { needsBase, parseYuan } from '../domain/dues/amounts.js';
import { parseMonthText } from '../domain/dues/months.js';
import { rulesAt } from '../policy/rules.js';
import { checkMemberFacts } from '../domain/member/validate.js';
import { readTableBatches, type TableRow, type TableSource } from './read-table.js';
import type { LedgerStage } from './applicant-headers.js';
import { detectHeader, fieldsOf, type FieldDef, type HeaderInfo, type SheetKind } from './headers.js';

export interface ParsedRow<T> {
  /** spreadsheet row number */
  row: number;
  /** the row's value when it has no problem, else null */
  value: T | null;
  errors: ImportRejection[];
  /** of a row without errors: what did not stop it (a classification kept as typed), when anything */
  warnings?: ImportWarning[];
  /**
   * Of a rejected org row: its org code as read, when it could be (the rows under it are then rejected as
   * depending on it rather than as naming a missing parent).
   */
  code?: string;
}

export interface ParseOptions {
  /** rows read so far (for the progress bar) */
  onProgress?: (rowsRead: number) => void;
  /** the header row found (its row number, the columns read, duplicated and ignored columns) */
  onHeader?: (header: HeaderInfo) => void;
}

export interface MemberParseOptions extends ParseOptions {
  /** the date ages and "not in the future" are judged at; China's today by default */
  today?: IsoDate;
  /** the deployment's local synonyms of the classification fields (decision 0013) */
  localSynonyms?: readonly LocalSynonym[];
}

/** Rows looked at for the header (title rows above it are skipped). */
const HEADER_ROWS = 10;

type Raw = Record<string, unknown>;

interface RowContext {
  row: number;
  errors: ImportRejection[];
  warnings: ImportWarning[] | null;
  /** fields already reported, so the schema check does not report them twice (made at the first report) */
  badSet: Set<string> | null;
  columnOf(key: string): string;
}

function reject(ctx: RowContext, key: string, code: string, message: string): void {
  ctx.errors.push({ row: ctx.row, column: ctx.columnOf(key), code, message });
  (ctx.badSet ??= new Set()).add(key);
}

/** A classification field's text no table knows: kept as `<key>Raw`, and a warning, not a rejection (issue 9 #3). */
function unclassified(ctx: RowContext, raw: Raw, key: string, text: string): void {
  raw[`${key}Raw`] = text;
  const column = ctx.columnOf(key);
  (ctx.warnings ??= []).push({
    row: ctx.row,
    column,
    code: 'UNCLASSIFIED',
    message: `${column}“${text}”无法对应标准类别，已按原文导入，统计为“未归类”`,
    field: key,
    value: text,
  });
}

function isBad(ctx: RowContext, key: string): boolean {
  return ctx.badSet !== null && ctx.badSet.has(key);
}

/**
 * Reads the header, then yields one ParsedRow per non-blank data row. When the header names a field twice,
 * a first ParsedRow for the header row itself (value null) reports each duplicate column as DUPLICATE_COLUMN.
 */
async function* parseRows<T>(
  kind: SheetKind,
  source: TableSource,
  opts: ParseOptions,
  build: (raw: Raw, ctx: RowContext) => T | null,
  normalizerOf: (field: FieldDef) => Normalizer<unknown> = (field) => field.normalize,
): AsyncGenerator<ParsedRow<T>> {
  for await (const rows of parseRowBatches(kind, source, opts, build, normalizerOf)) yield* rows;
}

/** parseRows' rows in the batches the file is read in (readTableBatches): one async step per batch. */
async function* parseRowBatches<T>(
  kind: SheetKind,
  source: TableSource,
  opts: ParseOptions,
  build: (raw: Raw, ctx: RowContext) => T | null,
  normalizerOf: (field: FieldDef) => Normalizer<unknown> = (field) => field.normalize,
): AsyncGenerator<ParsedRow<T>[]> {
  const iterator = readTableBatches(source, { onProgress: opts.onProgress })[Symbol.asyncIterator]();
  try {
    // the header is looked for in the first rows; the rest of the batch they came in is parsed after it
    const first: TableRow[] = [];
    let pending: TableRow[] = [];
    while (first.length < HEADER_ROWS) {
      const next = await iterator.next();
      if (next.done) break;
      const take = HEADER_ROWS - first.length;
      first.push(...next.value.slice(0, take));
      pending = next.value.slice(take);
    }
    const header = detectHeader(first, kind);
    opts.onHeader?.(header);
    if (header.duplicates.length > 0) {
      yield [
        {
          row: header.row,
          value: null,
          errors: header.duplicates.map((d) => ({
            row: header.row,
            column: d.header,
            code: 'DUPLICATE_COLUMN',
            message: `“${d.header}”列与第${columnLetter(d.first.index)}列“${d.first.header}”是同一项内容，只读取了第${columnLetter(d.first.index)}列；请删除多余的列`,
          })),
        },
      ];
    }
    const headerOf = new Map(header.columns.map((c) => [c.field.key, c.header]));
    const canonical = new Map(fieldsOf(kind).map((f) => [f.key, f.header]));
    const columnOf = (key: string) => headerOf.get(key) ?? canonical.get(key) ?? key;
    const normalizers = header.columns.map((c) => normalizerOf(c.field));
    const required = fieldsOf(kind).filter((f) => f.required);

    const handle = (r: TableRow): ParsedRow<T> | null => {
      const ctx: RowContext = { row: r.row, errors: [], warnings: null, badSet: null, columnOf };
      const raw: Raw = {};
      let any = false;
      for (let i = 0; i < header.columns.length; i++) {
        const col = header.columns[i]!;
        const cell = r.cells[col.index] ?? null;
        if (cell !== null) any = true;
        const n = normalizers[i]!(cell);
        if (!n.ok) reject(ctx, col.field.key, n.code, n.message);
        else {
          raw[col.field.key] = n.value;
          if (n.unclassified !== undefined) unclassified(ctx, raw, col.field.key, n.unclassified);
        }
      }
      if (!any) return null; // only cells in columns we do not read
      for (const f of required) {
        if (raw[f.key] == null && raw[`${f.key}Raw`] == null && !isBad(ctx, f.key)) {
          reject(ctx, f.key, 'REQUIRED', `“${columnOf(f.key)}”不能为空`);
        }
      }
      const value = build(raw, ctx);
      if (ctx.errors.length === 0)
        return ctx.warnings
          ? { row: r.row, value, errors: ctx.errors, warnings: ctx.warnings }
          : { row: r.row, value, errors: ctx.errors };
      const code = kind === 'orgs' && typeof raw.code === 'string' ? raw.code.trim() : '';
      return { row: r.row, value: null, errors: ctx.errors, ...(code ? { code } : {}) };
    };

    const parseAll = (rows: readonly TableRow[], out: ParsedRow<T>[]) => {
      for (const r of rows) {
        if (r.row <= header.row) continue;
        const parsed = handle(r);
        if (parsed) out.push(parsed);
      }
      return out;
    };
    const head = parseAll(pending, parseAll(first, []));
    if (head.length) yield head;
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      const parsed = parseAll(next.value, []);
      if (parsed.length) yield parsed;
    }
  } finally {
    await iterator.return?.();
  }
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

const HAN_RE = /[\u4e00-\u9fff]/;

/**
 * Whether zod worded this issue itself (its configured locale's generic text, e.g. 数值过大：期望 string <=50 字符)
 * rather than with a message of our schemas: those are replaced by one naming the column.
 */
function isLocaleDefault(issue: ZodError['issues'][number]): boolean {
  const locale = z.config().localeError;
  if (!locale) return false;
  const m = locale(issue as unknown as Parameters<typeof locale>[0]);
  return (typeof m === 'string' ? m : m?.message) === issue.message;
}

/** Schema issues not already reported, as rejections with a Chinese message. */
function addSchemaIssues(ctx: RowContext, error: ZodError, fields: readonly FieldDef[]): void {
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? '');
    if (isBad(ctx, key)) continue;
    const column = ctx.columnOf(key);
    let message = issue.message;
    if (!HAN_RE.test(message) || isLocaleDefault(issue)) {
      const i = issue as { code: string; maximum?: unknown; minimum?: unknown };
      if (i.code === 'too_big' && (typeof i.maximum === 'number' || typeof i.maximum === 'bigint')) {
        message = `“${column}”不能超过${String(i.maximum)}个字符`;
      } else if (i.code === 'too_small') {
        message = `“${column}”不能为空`;
      } else {
        const f = fields.find((x) => x.key === key);
        message = `“${column}”填写不正确${f ? `（${f.note}）` : ''}`;
      }
    }
    reject(ctx, key, issue.code === 'too_small' ? 'REQUIRED' : 'INVALID', message);
  }
}

function omitNull(raw: Raw): Raw {
  const out: Raw = {};
  for (const [k, v] of Object.entries(raw)) if (v != null) out[k] = v;
  return out;
}

// ------------------------------------------------------------------------------------------------ orgs

export function parseOrgRows(
  source: TableSource,
  opts: ParseOptions = {},
): AsyncIterable<ParsedRow<OrgCreate>> {
  return {
    [Symbol.asyncIterator]: () =>
      parseRows<OrgCreate>('orgs', source, opts, (raw, ctx) => {
        const result = OrgCreateSchema.safeParse(omitNull(raw));
        if (!result.success) {
          addSchemaIssues(ctx, result.error, fieldsOf('orgs'));
          return null;
        }
        return result.data;
      }),
  };
}

// ------------------------------------------------------------------------------------------------ meetings

/** A 三会一课 ledger row as read (issue 11 item 8, decision 0019): still to be matched to the org and its roster. */
export interface LedgerRowValue {
  orgCode: string;
  kinds: MeetingKind[];
  heldOn: IsoDate;
  /** as written, or the kinds' names when the row gives none */
  topic: string;
  host: string | null;
  recorder: string | null;
  expectedCount: number | null;
  presentCount: number | null;
  absentees: Absentee[];
}

const TEXT_MAX = 200;

export function parseMeetingRows(
  source: TableSource,
  opts: ParseOptions & { today?: IsoDate } = {},
): AsyncIterable<ParsedRow<LedgerRowValue>> {
  const today = opts.today ?? chinaToday();
  return {
    [Symbol.asyncIterator]: () =>
      parseRows<LedgerRowValue>('meetings', source, opts, (raw, ctx) => {
        let kinds: MeetingKind[] = [];
        if (typeof raw.kinds === 'string') {
          const k = parseKinds(raw.kinds);
          if ('unknown' in k)
            reject(
              ctx,
              'kinds',
              'MEETING_KIND_UNKNOWN',
              `会议类型“${k.unknown.join('、')}”无法识别，可填写：${MEETING_KINDS.map((e) => e.zh).join('、')}`,
            );
          else kinds = k.kinds;
        }
        const heldOn = typeof raw.heldOn === 'string' ? raw.heldOn : null;
        if (heldOn && heldOn > today)
          reject(ctx, 'heldOn', 'MEETING_DATE_INVALID', `召开日期 ${heldOn} 晚于今天：请在会议召开后再记录`);
        for (const key of ['topic', 'host', 'recorder'] as const) {
          const v = raw[key];
          if (typeof v === 'string' && v.length > TEXT_MAX)
            reject(ctx, key, 'TOO_LONG', `“${ctx.columnOf(key)}”不能超过${TEXT_MAX}字`);
        }
        if (ctx.errors.length || !heldOn || typeof raw.orgCode !== 'string') return null;
        return {
          orgCode: raw.orgCode,
          kinds,
          heldOn,
          topic: typeof raw.topic === 'string' ? raw.topic : defaultTopic(kinds),
          host: typeof raw.host === 'string' ? raw.host : null,
          recorder: typeof raw.recorder === 'string' ? raw.recorder : null,
          expectedCount: typeof raw.expectedCount === 'number' ? raw.expectedCount : null,
          presentCount: typeof raw.presentCount === 'number' ? raw.presentCount : null,
          absentees: parseAbsentees(typeof raw.absentees === 'string' ? raw.absentees : null),
        };
      }),
  };
}

// ------------------------------------------------------------------------------------------------ members

export function parseMemberRows(
  source: TableSource,
  opts: MemberParseOptions = {},
): AsyncIterable<ParsedRow<MemberImport>> {
  return {
    async *[Symbol.asyncIterator]() {
      for await (const rows of parseMemberRowBatches(source, opts)) yield* rows;
    },
  };
}

/** parseMemberRows' rows in the batches the file is read in (readTableBatches). */
export function parseMemberRowBatches(
  source: TableSource,
  opts: MemberParseOptions = {},
): AsyncIterable<ParsedRow<MemberImport>[]> {
  const today = opts.today ?? chinaToday();
  const classifiers = classifiersOf(opts.localSynonyms ?? []);
  return {
    [Symbol.asyncIterator]: () =>
      parseRowBatches<MemberImport>(
        'members',
        source,
        opts,
        (raw, ctx) => buildMember(raw, ctx, today),
        (field) => (isClassifiedField(field.key) ? classifiers[field.key](field.normalize) : field.normalize),
      ),
  };
}

/**
 * For each classification field, its normaliser with the local synonyms after the built-in ones, keeping a text
 * none knows (normalize.ts classifier): one Map lookup per distinct text.
 */
function classifiersOf(
  local: readonly LocalSynonym[],
): Record<ClassifiedField, (base: Normalizer<unknown>) => Normalizer<unknown>> {
  const maps = new Map<ClassifiedField, Map<string, string>>();
  for (const s of local) {
    if (!isClassifiedField(s.field) || !CLASSIFIED[s.field].codes.some((c) => c.code === s.code)) continue;
    let m = maps.get(s.field);
    if (!m) maps.set(s.field, (m = new Map()));
    m.set(lookupKey(s.raw), s.code);
  }
  const make = (f: ClassifiedField) => (base: Normalizer<unknown>) =>
    classifier(base as Normalizer<string>, maps.get(f)) as Normalizer<unknown>;
  return { ethnicity: make('ethnicity'), education: make('education'), occupation: make('occupation') };
}

function buildMember(raw: Raw, ctx: RowContext, today: IsoDate): MemberImport | null {
  if (typeof raw.idNumber === 'string') raw.idNumber = normalizeIdNumber(raw.idNumber);
  const idNumber = raw.idNumber as string | null | undefined;
  const status = raw.status as 'full' | 'probationary' | null | undefined;
  const joinedOn = raw.joinedOn as IsoDate | null | undefined;
  const confirmedOn = raw.confirmedOn as IsoDate | null | undefined;

  // Missing facts are stood in for so the others are still checked; problems about a stand-in are dropped.
  const { facts, problems } = checkMemberFacts(
    {
      idNumber: idNumber ?? '',
      sex: (raw.sex as Sex | null | undefined) ?? null,
      birthDate: (raw.birthDate as IsoDate | null | undefined) ?? null,
      status: status ?? 'full',
      joinedOn: joinedOn ?? today,
      confirmedOn: joinedOn ? (confirmedOn ?? null) : null,
    },
    today,
  );
  for (const p of problems) {
    if (p.field === 'idNumber' && !idNumber) continue;
    if (p.field === 'joinedOn' && !joinedOn) continue;
    if (isBad(ctx, p.field)) continue;
    reject(ctx, p.field, p.code, p.message);
  }
  if (facts) {
    raw.idNumber = facts.idNumber;
    if (raw.sex == null && !isBad(ctx, 'sex')) raw.sex = facts.sex;
    if (raw.birthDate == null && !isBad(ctx, 'birthDate')) raw.birthDate = facts.birthDate;
  }
  // rows that break no rule of the schema skip zod (most rows); the others get zod's own issues and messages
  const fast = ctx.errors.length === 0 ? memberCreateFast(raw) : null;
  if (fast) return fast;
  const result = MemberImportSchema.safeParse(omitNull(raw));
  if (!result.success) {
    addSchemaIssues(ctx, result.error, fieldsOf('members'));
    return null;
  }
  return result.data;
}

// MemberCreateSchema's rules by hand, for the rows that keep every one of them: the same output as
// MemberCreateSchema.parse(omitNull(raw)) (keys in the schema's order, strings trimmed, null/absent keys left
// out), or null as soon as any rule might fail — zod then decides and words the problem. Keep in step with
// memberFields / MemberCreateSchema in shared/schemas.ts (test/io/parse-sheet.test.ts and `npm run bench -- check`
// compare the two).
const ETHNICITY_CODES = new Set(ETHNICITIES.map((e) => e.code));
const EDUCATION_CODES = new Set(EDUCATIONS.map((e) => e.code));
const OCCUPATION_CODES = new Set<string>(OCCUPATIONS.map((o) => o.code));
const ORG_CODE_RE = /^[A-Za-z0-9_-]+$/;
const PHONE_RE = /^[0-9+\- ]{5,20}$/;
const FAIL = Symbol('fail');

/** shared/dates' isIsoDate without a RegExp or a Date: YYYY-MM-DD in ASCII digits, a real day of 1800–2200. */
export function isIsoDateFast(s: string): boolean {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false;
  let y = 0;
  for (let i = 0; i < 4; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return false;
    y = y * 10 + c;
  }
  const m1 = s.charCodeAt(5) - 48;
  const m2 = s.charCodeAt(6) - 48;
  const d1 = s.charCodeAt(8) - 48;
  const d2 = s.charCodeAt(9) - 48;
  if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return false;
  const m = m1 * 10 + m2;
  const d = d1 * 10 + d2;
  if (y < 1800 || y > 2200 || m < 1 || m > 12 || d < 1) return false;
  return d <= daysInMonth(y, m);
}

/** z.string().trim() with min/max length (and a pattern): the trimmed text, or FAIL. */
function str(v: unknown, min: number, max: number, re?: RegExp): string | typeof FAIL {
  if (typeof v !== 'string') return FAIL;
  const t = v.trim();
  if (t.length < min || t.length > max || (re && !re.test(t))) return FAIL;
  return t;
}

export function memberCreateFast(raw: Raw): MemberImport | null {
  const out: Record<string, unknown> = {};
  const orgCode = str(raw.orgCode, 1, 40, ORG_CODE_RE);
  if (orgCode === FAIL) return null;
  out.orgCode = orgCode;
  if (raw.status !== 'full' && raw.status !== 'probationary') return null;
  out.status = raw.status;
  const name = str(raw.name, 1, 50);
  if (name === FAIL) return null;
  out.name = name;
  const idNumber = str(raw.idNumber, 1, 30);
  if (idNumber === FAIL) return null;
  out.idNumber = idNumber;
  if (raw.sex != null) {
    if (raw.sex !== 'male' && raw.sex !== 'female') return null;
    out.sex = raw.sex;
  }
  if (raw.birthDate != null) {
    if (typeof raw.birthDate !== 'string' || !isIsoDateFast(raw.birthDate)) return null;
    out.birthDate = raw.birthDate;
  }
  if (raw.ethnicity != null || raw.ethnicityRaw == null) {
    if (typeof raw.ethnicity !== 'string' || !ETHNICITY_CODES.has(raw.ethnicity)) return null;
    out.ethnicity = raw.ethnicity;
  }
  if (raw.education != null) {
    if (typeof raw.education !== 'string' || !EDUCATION_CODES.has(raw.education)) return null;
    out.education = raw.education;
  }
  if (raw.occupation != null) {
    if (typeof raw.occupation !== 'string' || !OCCUPATION_CODES.has(raw.occupation)) return null;
    out.occupation = raw.occupation;
  }
  for (const [key, max, re] of OPTIONAL_TEXT) {
    const v = raw[key];
    if (v == null) continue;
    const t = str(v, 0, max, re);
    if (t === FAIL) return null;
    out[key] = t;
  }
  if (typeof raw.joinedOn !== 'string' || !isIsoDateFast(raw.joinedOn)) return null;
  out.joinedOn = raw.joinedOn;
  if (raw.confirmedOn != null) {
    if (typeof raw.confirmedOn !== 'string' || !isIsoDateFast(raw.confirmedOn)) return null;
    out.confirmedOn = raw.confirmedOn;
  }
  if (raw.isMobile != null) {
    if (typeof raw.isMobile !== 'boolean') return null;
    out.isMobile = raw.isMobile;
  }
  // the kept texts of unclassified fields (normalize.ts classifier: cleaned, 1–RAW_MAX characters)
  for (const key of RAW_KEYS) {
    const v = raw[key];
    if (v == null) continue;
    const t = str(v, 1, RAW_MAX);
    if (t === FAIL) return null;
    out[key] = t;
  }
  return out as MemberImport;
}

const RAW_KEYS = ['ethnicityRaw', 'educationRaw', 'occupationRaw'] as const;

/** nativePlace, phone, address, workUnit, jobTitle: in the schema's order, with their limits. */
const OPTIONAL_TEXT: readonly [string, number, RegExp | undefined][] = [
  ['nativePlace', 100, undefined],
  ['phone', Infinity, PHONE_RE],
  ['address', 200, undefined],
  ['workUnit', 100, undefined],
  ['jobTitle', 100, undefined],
];

// ------------------------------------------------------------------------------------------------ cross-row

/**
 * Rejections for rows whose key (e.g. the ID number) already appeared on an earlier row of the same file:
 * code DUPLICATE_IN_FILE, message naming the first row. Rows without a value or key are skipped.
 */
export function findDuplicates<T>(
  rows: Iterable<{ row: number; value: T | null }>,
  keyOf: (value: T) => string | null | undefined,
  column = '',
): ImportRejection[] {
  const firstRow = new Map<string, number>();
  const out: ImportRejection[] = [];
  for (const r of rows) {
    if (r.value == null) continue;
    const key = keyOf(r.value);
    if (key == null || key === '') continue;
    const first = firstRow.get(key);
    if (first === undefined) {
      firstRow.set(key, r.row);
      continue;
    }
    out.push({
      row: r.row,
      column,
      code: 'DUPLICATE_IN_FILE',
      message: `与第${first}行重复${column ? `（${column}相同）` : ''}，同一文件中只能出现一次`,
    });
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ dues (decision 0020)

export interface DuesBasisImport {
  idNumber: string;
  name: string;
  category: DuesCategory;
  baseFen: number | null;
  fromMonth: string;
}

export interface DuesPaymentImport {
  idNumber: string;
  name: string;
  fromMonth: string;
  toMonth: string;
  amountFen: number;
  voluntaryFen: number;
  paidOn: IsoDate;
  method: DuesMethod;
  paidBy: string | null;
}

const AMOUNT_ZH = {
  negative: '不能为负数',
  not_number: '不是金额，请填写数字，如 120.50',
  decimals: '最多两位小数（到分）',
} as const;

/** An amount cell in fen, or a rejection naming the column. */
function amountOf(ctx: RowContext, raw: Raw, key: string): number | null {
  const text = raw[key];
  if (text == null) return null;
  const r = parseYuan(String(text));
  if ('fen' in r) return r.fen;
  reject(
    ctx,
    key,
    `AMOUNT_${r.problem.toUpperCase()}`,
    `“${ctx.columnOf(key)}”${String(text)}${AMOUNT_ZH[r.problem]}`,
  );
  return null;
}

function idNumberOf(raw: Raw): string | null {
  return typeof raw.idNumber === 'string' ? normalizeIdNumber(raw.idNumber) : null;
}

export function parseDuesBasisRows(
  source: TableSource,
  opts: ParseOptions = {},
): AsyncIterable<ParsedRow<DuesBasisImport>> {
  return {
    [Symbol.asyncIterator]: () =>
      parseRows<DuesBasisImport>('dues-bases', source, opts, (raw, ctx) => {
        const idNumber = idNumberOf(raw);
        const month = typeof raw.fromMonth === 'string' ? parseMonthText(raw.fromMonth) : null;
        if (typeof raw.fromMonth === 'string' && (!month || month.from !== month.to))
          reject(
            ctx,
            'fromMonth',
            'MONTH_FORMAT',
            `“${ctx.columnOf('fromMonth')}”${raw.fromMonth}不是一个月份，请填写如 2026-01 或 2026年1月`,
          );
        const baseFen = amountOf(ctx, raw, 'base');
        const category = raw.category as DuesCategory | undefined;
        if (
          category &&
          month &&
          baseFen === null &&
          !isBad(ctx, 'base') &&
          needsBase(rulesAt(`${month.from}-01`).dues, category)
        )
          reject(
            ctx,
            'base',
            'REQUIRED',
            `“${ctx.columnOf('base')}”不能为空：该类别按工资（收入）基数计算党费`,
          );
        if (ctx.errors.length || !idNumber || !category || !month) return null;
        return {
          idNumber,
          name: String(raw.name),
          category,
          baseFen: needsBase(rulesAt(`${month.from}-01`).dues, category) ? baseFen : null,
          fromMonth: month.from,
        };
      }),
  };
}

export function parseDuesPaymentRows(
  source: TableSource,
  opts: ParseOptions = {},
): AsyncIterable<ParsedRow<DuesPaymentImport>> {
  return {
    [Symbol.asyncIterator]: () =>
      parseRows<DuesPaymentImport>('dues', source, opts, (raw, ctx) => {
        const idNumber = idNumberOf(raw);
        const months = typeof raw.months === 'string' ? parseMonthText(raw.months) : null;
        if (typeof raw.months === 'string' && !months)
          reject(
            ctx,
            'months',
            'MONTH_FORMAT',
            `“${ctx.columnOf('months')}”${raw.months}无法识别，请填写如 2026-01、2026年1月或 2026年1-3月`,
          );
        const amountFen = amountOf(ctx, raw, 'amount');
        const voluntaryFen = amountOf(ctx, raw, 'voluntary') ?? 0;
        if (amountFen === 0 && voluntaryFen === 0 && !isBad(ctx, 'amount'))
          reject(ctx, 'amount', 'AMOUNT_ZERO', `“${ctx.columnOf('amount')}”为0`);
        if (ctx.errors.length || !idNumber || !months || amountFen === null || typeof raw.paidOn !== 'string')
          return null;
        return {
          idNumber,
          name: String(raw.name),
          fromMonth: months.from,
          toMonth: months.to,
          amountFen,
          voluntaryFen,
          paidOn: raw.paidOn,
          method: (raw.method as DuesMethod | undefined) ?? 'other',
          paidBy: typeof raw.paidBy === 'string' ? raw.paidBy : null,
        };
      }),
  };
}

/** A row of the recruitment ledger (decision 0025): the person, their branch, stage and the dates already known. */
export interface ApplicantImport {
  name: string;
  idNumber: string;
  orgCode: string;
  stage: LedgerStage;
  ethnicity: string | null;
  phone: string | null;
  appliedOn: IsoDate;
  talkOn: IsoDate | null;
  activistOn: IsoDate | null;
  candidateOn: IsoDate | null;
  admittedOn: IsoDate | null;
  approvedOn: IsoDate | null;
}

export function parseApplicantRows(
  source: TableSource,
  opts: ParseOptions = {},
): AsyncIterable<ParsedRow<ApplicantImport>> {
  return {
    [Symbol.asyncIterator]: () =>
      parseRows<ApplicantImport>('applicants', source, opts, (raw, ctx) => {
        const idNumber = idNumberOf(raw);
        if (ctx.errors.length || !idNumber) return null;
        const d = (k: string) => (typeof raw[k] === 'string' ? (raw[k] as IsoDate) : null);
        return {
          name: String(raw.name),
          idNumber,
          orgCode: String(raw.orgCode),
          stage: raw.stage as LedgerStage,
          ethnicity: typeof raw.ethnicity === 'string' ? raw.ethnicity : null,
          phone: typeof raw.phone === 'string' ? raw.phone : null,
          appliedOn: raw.appliedOn as IsoDate,
          talkOn: d('talkOn'),
          activistOn: d('activistOn'),
          candidateOn: d('candidateOn'),
          admittedOn: d('admittedOn'),
          approvedOn: d('approvedOn'),
        };
      }),
  };
}

/** A row of the screening ledger (decision 0033): the org, the year, its types, problems and the confirmation day. */
export interface ScreeningImport {
  orgCode: string;
  year: number;
  types: number[];
  problems: string | null;
  confirmedOn: IsoDate;
  reason: string | null;
}

export function parseScreeningRows(
  source: TableSource,
  opts: ParseOptions = {},
): AsyncIterable<ParsedRow<ScreeningImport>> {
  return {
    [Symbol.asyncIterator]: () =>
      parseRows<ScreeningImport>('screening', source, opts, (raw, ctx) => {
        if (ctx.errors.length) return null;
        return {
          orgCode: String(raw.orgCode),
          year: raw.year as number,
          types: raw.types as number[],
          problems: typeof raw.problems === 'string' ? raw.problems : null,
          confirmedOn: raw.confirmedOn as IsoDate,
          reason: typeof raw.reason === 'string' ? raw.reason : null,
        };
      }),
  };
}

/** A row of a county's division table (decision 0039), as read: the identity checks come after the whole file. */
export interface DivisionImport {
  code: string;
  name: string;
  urbanRural: string | null;
  townshipCode: string | null;
}

export function parseDivisionRows(
  source: TableSource,
  opts: ParseOptions = {},
): AsyncIterable<ParsedRow<DivisionImport>> {
  return {
    [Symbol.asyncIterator]: () =>
      parseRows<DivisionImport>('divisions', source, opts, (raw, ctx) => {
        if (ctx.errors.length) return null;
        return {
          code: String(raw.code),
          name: String(raw.name),
          urbanRural: typeof raw.urbanRural === 'string' ? raw.urbanRural : null,
          townshipCode: typeof raw.townshipCode === 'string' ? raw.townshipCode : null,
        };
      }),
  };
}
