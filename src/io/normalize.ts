/**
 * Cell normalisers for the import: each takes one raw spreadsheet cell and returns either the clean value
 * (null when the cell is blank) or a problem code with a Chinese message a branch secretary understands.
 * Required-ness is not decided here: a blank cell is `{ ok: true, value: null }` and the sheet parser decides.
 */
import {
  EDUCATIONS,
  ETHNICITIES,
  MEMBER_STATUSES,
  OCCUPATIONS,
  ORG_KINDS,
  SECTORS,
  SEXES,
  type CodeEntry,
  type OrgKind,
  type Occupation,
  type Sector,
  type Sex,
} from '../shared/codes.js';
import { ymd, type IsoDate } from '../shared/dates.js';
import {
  EDUCATION_SYNONYMS,
  ETHNICITY_SYNONYMS,
  OCCUPATION_SYNONYMS,
  RAW_MAX,
} from '../shared/classification.js';

export type CellValue = string | number | boolean | Date | null;

export type Normalized<T> =
  | {
      ok: true;
      value: T;
      /** a classification field's text no code table or synonym knows (value null): kept as typed (classifier) */
      unclassified?: string;
    }
  | { ok: false; code: string; message: string };

export type Normalizer<T> = (cell: CellValue | undefined) => Normalized<T | null>;

const ok = <T>(value: T): Normalized<T> => ({ ok: true, value });
const fail = (code: string, message: string): Normalized<never> => ({ ok: false, code, message });

// ------------------------------------------------------------------------------------------------ text

const ZERO_WIDTH_RE = /[\u200B-\u200F\u2060-\u2064\uFEFF\u00AD\u202A-\u202E]/g;
const FULL_WIDTH_ASCII_RE = /[\uFF01-\uFF5E]/g;
const ODD_SPACES_RE = /[\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]/g;
const NEEDS_FOLD_RE =
  /[\u200B-\u200F\u2060-\u2064\uFEFF\u00AD\u202A-\u202E\uFF01-\uFF5E\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]/;

/** Full-width ASCII (ＡＢＣ１２３，（）) → half-width, ideographic and no-break spaces → ' ', zero-width removed. */
export function foldText(s: string): string {
  if (!NEEDS_FOLD_RE.test(s)) return s;
  return s
    .replace(ZERO_WIDTH_RE, '')
    .replace(FULL_WIDTH_ASCII_RE, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(ODD_SPACES_RE, ' ');
}

/** Anything cleanText might change: white space, or a character foldText rewrites. */
const NEEDS_CLEAN_RE = new RegExp(`\\s|${NEEDS_FOLD_RE.source}`);

/** Text as a person meant it: folded, trimmed, inner runs of white space collapsed to one space. */
export function cleanText(s: string): string {
  if (!NEEDS_CLEAN_RE.test(s)) return s; // most cells: nothing to do
  return foldText(s).replace(/\s+/g, ' ').trim();
}

/**
 * Remembers a normaliser's result for text cells: code tables, dates and org codes repeat from row to row.
 * Results are shared and never changed by their users. Bounded: cleared when full.
 */
function memoText<T>(fn: Normalizer<T>, max = 20_000): Normalizer<T> {
  const cache = new Map<string, Normalized<T | null>>();
  return (cell) => {
    if (typeof cell !== 'string') return fn(cell);
    let r = cache.get(cell);
    if (r === undefined) {
      r = fn(cell);
      if (cache.size >= max) cache.clear();
      cache.set(cell, r);
    }
    return r;
  };
}

function numberToText(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return n.toFixed(0);
  return String(n);
}

/** Plain text; numbers become their digits, dates 'YYYY-MM-DD', booleans 是/否. */
export const normalizeText: Normalizer<string> = (cell) => {
  if (cell == null) return ok(null);
  if (typeof cell === 'string') {
    const t = cleanText(cell);
    return ok(t === '' ? null : t);
  }
  if (typeof cell === 'number') return Number.isFinite(cell) ? ok(numberToText(cell)) : ok(null);
  if (typeof cell === 'boolean') return ok(cell ? '是' : '否');
  const d = dateCellToIso(cell);
  return d ? ok(d) : ok(null);
};

/**
 * Text that is an identifier (ID number, org code, division code): like normalizeText but all spaces are
 * removed, and a number too large to be stored exactly (Excel keeps 15 significant digits) is refused.
 */
export const normalizeCodeText: Normalizer<string> = (cell) => {
  if (typeof cell === 'number' && Number.isFinite(cell) && !Number.isSafeInteger(cell)) {
    return fail(
      'NUMBER_PRECISION_LOST',
      `该单元格被 Excel 存成了数字（${String(cell)}），后几位可能已经丢失；请把该列设置为“文本”格式后重新填写`,
    );
  }
  const t = normalizeText(cell);
  if (!t.ok || t.value == null) return t;
  const v = t.value.replace(/\s+/g, '');
  return ok(v === '' ? null : v);
};

// ------------------------------------------------------------------------------------------------ dates

const MIN_YEAR = 1900;
const MAX_YEAR = 2100;
/** The largest serial Excel accepts (9999-12-31). */
const MAX_SERIAL = 2958465;

function dateCellToIso(d: Date): IsoDate | null {
  const t = d.getTime();
  if (Number.isNaN(t)) return null;
  // exceljs turns serials into UTC instants (UTC midnight for whole days): read the UTC calendar date.
  return ymd(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/**
 * Excel serial day number in the 1900 date system to a calendar date. Serial 1 is 1900-01-01; Excel (after
 * Lotus 1-2-3) counts a non-existent 1900-02-29 as serial 60, so serials above 60 are one day "late".
 */
export function excelSerialToIso(serial: number): IsoDate | null {
  if (!Number.isFinite(serial)) return null;
  const day = Math.floor(serial);
  if (day < 1 || day > MAX_SERIAL || day === 60) return null;
  const epoch = day > 60 ? Date.UTC(1899, 11, 30) : Date.UTC(1899, 11, 31);
  const t = new Date(epoch + day * 86_400_000);
  return ymd(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

function checkYmd(y: number, m: number, d: number, raw: string): Normalized<IsoDate> {
  if (m < 1 || m > 12 || d < 1 || d > new Date(Date.UTC(y, m, 0)).getUTCDate()) {
    return fail('DATE_INVALID', `日期“${raw}”不存在，请核对月份和日期`);
  }
  if (y < MIN_YEAR || y > MAX_YEAR) {
    return fail('DATE_OUT_OF_RANGE', `日期“${raw}”的年份不合理，应在${MIN_YEAR}年至${MAX_YEAR}年之间`);
  }
  return ok(ymd(y, m, d));
}

const DATE_FORMAT_HINT = '请填写为“2020-03-05”或“2020年3月5日”这样的格式';

/**
 * Dates: Excel date cells, Excel serial numbers (1900 date system), and the text forms 2020-03-05,
 * 2020/3/5, 2020.3.5, 2020年3月5日, 20200305 (also with full-width digits or a trailing time of day).
 * A month without a day (2020-3, 2020年3月) is refused rather than guessed.
 */
export const normalizeDate: Normalizer<IsoDate> = (cell) => {
  if (cell == null) return ok(null);
  if (cell instanceof Date) {
    // a real calendar day within the accepted years: what the general path below concludes, without its strings
    const year = cell.getUTCFullYear();
    if (year >= MIN_YEAR && year <= MAX_YEAR) return ok(ymd(year, cell.getUTCMonth() + 1, cell.getUTCDate()));
    const iso = dateCellToIso(cell);
    if (!iso) return fail('DATE_INVALID', '日期单元格的内容无效');
    const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
    return checkYmd(y, m, d, iso);
  }
  if (typeof cell === 'boolean')
    return fail('DATE_FORMAT', `无法识别的日期“${cell ? 'TRUE' : 'FALSE'}”，${DATE_FORMAT_HINT}`);
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return ok(null);
    if (Number.isInteger(cell) && cell >= 10_000_000 && cell <= 99_999_999)
      return parseDateText(String(cell));
    // 2020 / 2020.3 (Excel stores "2020.3" as a number) / 202003: a year or a month, not a day
    if (
      (cell >= MIN_YEAR && cell <= MAX_YEAR + 1) ||
      (Number.isInteger(cell) && cell >= 190_001 && cell <= 210_012)
    ) {
      return parseDateText(numberToText(cell));
    }
    const iso = excelSerialToIso(cell);
    if (!iso) return fail('DATE_FORMAT', `无法识别的日期“${numberToText(cell)}”，${DATE_FORMAT_HINT}`);
    const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
    return checkYmd(y, m, d, iso);
  }
  return parseDateDistinct(cell);
};

/** Date texts repeat across rows (a county's members share a few tens of thousands of days): read each once. */
const parseDateDistinct = memoText((cell) => parseDateText(cell as string), 100_000);

/** 'YYYY-MM-DD' exactly (ASCII digits): the form most files carry, read without the general rules below. */
function isPlainIsoForm(s: string): boolean {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false;
  for (const i of [0, 1, 2, 3, 5, 6, 8, 9]) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function parseDateText(raw: string): Normalized<IsoDate | null> {
  // the general path below reads such a text the same way (nothing to clean, the first pattern matches)
  if (isPlainIsoForm(raw))
    return checkYmd(Number(raw.slice(0, 4)), Number(raw.slice(5, 7)), Number(raw.slice(8)), raw);
  const s = cleanText(raw).replace(/\s+/g, '');
  if (s === '') return ok(null);
  const shown = cleanText(raw);
  // a trailing time of day (2020-03-05 00:00:00, 2020-03-05T08:00) is dropped
  const noTime = s.replace(/^(\d{4}[-/.]\d{1,2}[-/.]\d{1,2})(?:T?\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/, '$1');
  let m = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/.exec(noTime);
  if (m) return checkYmd(Number(m[1]), Number(m[3]), Number(m[4]), shown);
  m = /^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?$/.exec(s);
  if (m) return checkYmd(Number(m[1]), Number(m[2]), Number(m[3]), shown);
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return checkYmd(Number(m[1]), Number(m[2]), Number(m[3]), shown);
  if (/^\d{4}(?:[-/.]\d{1,2}|年\d{1,2}月?|\d{2})$/.test(s) || /^\d{4}年?$/.test(s)) {
    return fail('DATE_NO_DAY', `日期“${shown}”只有年月、没有具体日期，请补全为“年-月-日”，如 2020-03-05`);
  }
  // a bare Excel serial that lost its date format on the way to CSV (e.g. 43895)
  if (/^\d{5}$/.test(s)) {
    const iso = excelSerialToIso(Number(s));
    if (iso) {
      const [y, mo, d] = iso.split('-').map(Number) as [number, number, number];
      return checkYmd(y, mo, d, shown);
    }
  }
  return fail('DATE_FORMAT', `无法识别的日期“${shown}”，${DATE_FORMAT_HINT}`);
}

// ------------------------------------------------------------------------------------------------ codes

/** Key under which a code-table value is looked up: folded, no spaces, lower case, （）→(). */
export function lookupKey(s: string): string {
  return foldText(s).replace(/\s+/g, '').toLowerCase();
}

export interface CodeMapper<C extends string> {
  (cell: CellValue | undefined): Normalized<C | null>;
  /** the values shown to users as accepted (labels of the code table, then common short forms) */
  readonly accepted: readonly string[];
}

interface CodeMapperSpec<C extends string> {
  /** what the column is called in messages, e.g. 性别 */
  fieldZh: string;
  list: readonly CodeEntry<C>[] | readonly CodeEntry[];
  /** extra words → code */
  synonyms?: Readonly<Record<string, C>>;
  /** also accept numeric codes without leading zeros (1 → '01') */
  numericCodes?: boolean;
  /** list the accepted values in the rejection message (false for long lists such as 民族) */
  listInMessage?: boolean;
  /** a hint appended when the list is not shown */
  hint?: string;
  /** last-resort rewrite of an unknown value (e.g. strip 学历/毕业) before giving up */
  fallback?: (key: string, lookup: (k: string) => C | undefined) => C | undefined;
  /** values that are real codes but not accepted here, with the reason */
  refused?: Readonly<Record<string, string>>;
}

export function makeCodeMapper<C extends string>(spec: CodeMapperSpec<C>): CodeMapper<C> {
  const map = new Map<string, C>();
  const add = (word: string, code: C) => {
    const k = lookupKey(word);
    if (k && !map.has(k)) map.set(k, code);
  };
  for (const e of spec.list) {
    add(e.zh, e.code as C);
    add(e.code, e.code as C);
    if (spec.numericCodes && /^\d+$/.test(e.code)) add(String(Number(e.code)), e.code as C);
  }
  for (const [word, code] of Object.entries(spec.synonyms ?? {})) add(word, code as C);
  const lookup = (k: string) => map.get(k);
  const accepted = [...spec.list.map((e) => e.zh), ...Object.keys(spec.synonyms ?? {})];
  const refused = new Map(Object.entries(spec.refused ?? {}).map(([k, v]) => [lookupKey(k), v]));

  const mapper = memoText((cell: CellValue | undefined) => {
    const t = normalizeText(cell);
    if (!t.ok || t.value == null) return t;
    const key = lookupKey(t.value);
    const code = lookup(key) ?? spec.fallback?.(key, lookup);
    if (code) return ok(code);
    const why = refused.get(key);
    if (why) return fail('CODE_NOT_ALLOWED', `${spec.fieldZh}“${t.value}”${why}`);
    const tail =
      spec.listInMessage === false ? (spec.hint ?? '') : `，可填写：${spec.list.map((e) => e.zh).join('、')}`;
    return fail('CODE_UNKNOWN', `${spec.fieldZh}“${t.value}”无法识别${tail}`);
  }, 5_000) as CodeMapper<C>;
  Object.defineProperty(mapper, 'accepted', { value: accepted });
  return mapper;
}

export const normalizeSex = makeCodeMapper<Sex>({
  fieldZh: '性别',
  list: SEXES,
  synonyms: { 男性: 'male', 女性: 'female', '1': 'male', '2': 'female', m: 'male', f: 'female' },
});

/** 民族: the GB 3304 name, the name without 族 (汉, 蒙古), the short forms, or the code (01, 1). */
export const normalizeEthnicity = makeCodeMapper<string>({
  fieldZh: '民族',
  list: ETHNICITIES,
  numericCodes: true,
  synonyms: ETHNICITY_SYNONYMS,
  listInMessage: false,
  hint: '，请填写国家标准的民族名称，如“汉族”“回族”（完整列表见模板的“填写说明”）',
});

/** 学历: GB/T 4658 labels and codes plus the everyday words (本科, 大专, 中专, 高中, 初中 …). */
export const normalizeEducation = makeCodeMapper<string>({
  fieldZh: '学历',
  list: EDUCATIONS,
  synonyms: EDUCATION_SYNONYMS,
  listInMessage: false,
  hint: '，可填写如“研究生”“大学本科”“大专”“中专”“高中”“初中”“小学”或国家标准学历名称（见模板的“填写说明”）',
  fallback: (key, lookup) => {
    // 本科毕业 / 大专学历 / 本科(学士) / 大学本科/学士 → the part before the suffix or separator
    const stripped = key.replace(/\(.*\)$/, '').replace(/(学历|文化|文化程度|毕业)$/, '');
    const first = stripped.split(/[/、,，;；]/)[0] ?? '';
    return lookup(stripped) ?? lookup(first) ?? lookup(first.replace(/(学历|毕业)$/, ''));
  },
});

export const normalizeOccupation = makeCodeMapper<Occupation>({
  fieldZh: '职业',
  list: OCCUPATIONS,
  synonyms: OCCUPATION_SYNONYMS as Readonly<Record<string, Occupation>>,
});

/** 人员类别: only members on the roster can be imported — 正式党员 or 预备党员. */
export const normalizeMemberStatus = makeCodeMapper<'full' | 'probationary'>({
  fieldZh: '人员类别',
  list: MEMBER_STATUSES.filter((s) => s.code === 'full' || s.code === 'probationary'),
  synonyms: { 正式: 'full', 预备: 'probationary' },
  refused: Object.fromEntries(
    MEMBER_STATUSES.filter((s) => s.code !== 'full' && s.code !== 'probationary').map((s) => [
      s.zh,
      '不能导入：只能导入在册的正式党员或预备党员',
    ]),
  ),
});

export const normalizeOrgKind = makeCodeMapper<OrgKind>({
  fieldZh: '组织类别',
  list: ORG_KINDS,
  synonyms: {
    县委: 'local_committee',
    市委: 'local_committee',
    区委: 'local_committee',
    旗委: 'local_committee',
    乡党委: 'township_committee',
    镇党委: 'township_committee',
    乡镇党委: 'township_committee',
    党工委: 'working_committee',
    街道党工委: 'working_committee',
    党委: 'primary_committee',
    基层党委: 'primary_committee',
    总支: 'general_branch',
    党总支: 'general_branch',
    党总支部: 'general_branch',
    支部: 'branch',
    党支部: 'branch',
    联合支部: 'joint_branch',
    联合党支部: 'joint_branch',
    临时支部: 'temporary_branch',
    临时党支部: 'temporary_branch',
  },
});

export const normalizeSector = makeCodeMapper<Sector>({
  fieldZh: '所在领域',
  list: SECTORS,
  synonyms: {
    村: 'village',
    农村: 'village',
    行政村: 'village',
    社区: 'community',
    城市社区: 'community',
    街道: 'street',
    机关: 'government',
    党政机关: 'government',
    事业单位: 'institution',
    国企: 'state_enterprise',
    国有企业: 'state_enterprise',
    非公企业: 'private_enterprise',
    民营企业: 'private_enterprise',
    私营企业: 'private_enterprise',
    社会组织: 'social_org',
    学校: 'school',
    高校: 'school',
    中小学: 'school',
  },
});

/** A count of people (应到人数, 实到人数): a whole number ≥ 0, as a number cell or digits ("20", "20人"). */
export const normalizeCount: Normalizer<number> = (cell) => {
  if (cell == null) return ok(null);
  if (typeof cell === 'number') {
    if (Number.isInteger(cell) && cell >= 0 && cell < 100_000) return ok(cell);
    return fail('COUNT_INVALID', `“${String(cell)}”不是人数，请填写整数`);
  }
  const t = normalizeText(cell);
  if (!t.ok || t.value == null) return t.ok ? ok(null) : t;
  const m = /^(\d{1,5})\s*人?$/.exec(t.value);
  if (m) return ok(Number(m[1]));
  return fail('COUNT_INVALID', `“${t.value}”不是人数，请填写整数`);
};

const YES = new Set(['是', 'y', 'yes', 'true', '1', '√', '✓', '对']);
const NO = new Set(['否', 'n', 'no', 'false', '0', '×', '✗', 'x', '不是']);

/** 是/否 (also Y/N, 1/0, TRUE/FALSE and real boolean cells). */
export const normalizeYesNo: Normalizer<boolean> = (cell) => {
  if (typeof cell === 'boolean') return ok(cell);
  const t = normalizeText(cell);
  if (!t.ok || t.value == null) return t.ok ? ok(null) : t;
  const k = lookupKey(t.value);
  if (YES.has(k)) return ok(true);
  if (NO.has(k)) return ok(false);
  return fail('YES_NO_UNKNOWN', `“${t.value}”无法识别，请填写“是”或“否”`);
};

// ------------------------------------------------------------------------------------------------ classification

/**
 * A classification field's normaliser for one import (issue 9 #3, decision 0013): the code table and the built-in
 * synonyms (`base`), then the deployment's local synonyms (`local`: lookupKey of the text → code). A text none of
 * them knows is not a problem of the row: it is `ok`, with value null and `unclassified` holding the text as typed
 * (cleaned, at most RAW_MAX characters), and the member is counted as 未归类 until the value is mapped. Other
 * problems (a code the table has but the field refuses) stay problems. Per row a lookup: results are remembered
 * per distinct text.
 */
export function classifier(
  base: Normalizer<string>,
  local: ReadonlyMap<string, string> = new Map(),
): Normalizer<string> {
  return memoText((cell) => {
    const n = base(cell);
    if (n.ok || n.code !== 'CODE_UNKNOWN') return n;
    const t = normalizeText(cell);
    const text = t.ok && t.value != null ? t.value : '';
    const code = local.get(lookupKey(text));
    if (code) return ok(code);
    return { ok: true, value: null, unclassified: text.slice(0, RAW_MAX) };
  }, 5_000);
}
