/**
 * Column definitions of the two import/export sheets (党组织, 党员): the canonical Chinese header used in the
 * template and in exports, the synonyms found in the ledgers people already keep, and how each cell is read.
 */
import {
  EDUCATIONS,
  ETHNICITIES,
  OCCUPATIONS,
  ORG_KINDS,
  SECTORS,
  SEXES,
  type CodeEntry,
} from '../shared/codes.js';
import type { MemberCreate, OrgCreate } from '../shared/schemas.js';
import { AppError } from '../shared/errors.js';
import { checkChar } from '../shared/id-number.js';
import {
  foldText,
  cleanText,
  normalizeCodeText,
  normalizeCount,
  normalizeDate,
  normalizeEducation,
  normalizeEthnicity,
  normalizeMemberStatus,
  normalizeOccupation,
  normalizeOrgKind,
  normalizeSector,
  normalizeSex,
  normalizeText,
  normalizeYesNo,
  type CellValue,
  type Normalizer,
} from './normalize.js';
import { DUES_BASIS_FIELDS, DUES_PAYMENT_FIELDS } from './dues-headers.js';
import { APPLICANT_FIELDS } from './applicant-headers.js';
import { SCREENING_FIELDS } from './screening-headers.js';
import { DIVISION_FIELDS } from './division-headers.js';

export type SheetKind =
  'orgs' | 'members' | 'meetings' | 'dues-bases' | 'dues' | 'applicants' | 'screening' | 'divisions';

export interface FieldDef<K extends string = string> {
  /** property of OrgCreate / MemberCreate */
  key: K;
  /** canonical header (template, export) */
  header: string;
  /** other headers meaning the same column */
  synonyms: readonly string[];
  required: boolean;
  /** how the column is written to a spreadsheet */
  kind: 'text' | 'date';
  width: number;
  normalize: Normalizer<unknown>;
  /** the code table behind a coded column (listed in the template's 填写说明) */
  codes?: readonly CodeEntry[];
  /** common words accepted besides the table's labels */
  alsoAccepted?: readonly string[];
  /** what to write in the column (template 填写说明) */
  note: string;
  /** value of the template's example row */
  example: string;
}

const EXAMPLE_ID17 = '11010119900307001';
/** the template's example ID number (valid, male, born 1990-03-07) */
export const EXAMPLE_ID_NUMBER = EXAMPLE_ID17 + checkChar(EXAMPLE_ID17);

export type OrgField = FieldDef<keyof OrgCreate & string>;
export type MemberField = FieldDef<keyof MemberCreate & string>;

const YES_NO_CODES: readonly CodeEntry[] = [
  { code: 'true', zh: '是' },
  { code: 'false', zh: '否' },
];
const STATUS_CODES: readonly CodeEntry[] = [
  { code: 'full', zh: '正式党员' },
  { code: 'probationary', zh: '预备党员' },
];

export const ORG_FIELDS: readonly OrgField[] = [
  {
    key: 'code',
    header: '组织编码',
    synonyms: ['党组织编码', '组织代码', '党组织代码'],
    required: true,
    kind: 'text',
    width: 18,
    normalize: normalizeCodeText,
    note: '本县内唯一的编码，只能包含字母、数字、-和_',
    example: '330102001',
  },
  {
    key: 'name',
    header: '组织名称',
    synonyms: ['党组织名称', '名称', '组织全称', '党组织全称'],
    required: true,
    kind: 'text',
    width: 32,
    normalize: normalizeText,
    note: '党组织全称，不超过100字',
    example: '中共某某村支部委员会',
  },
  {
    key: 'shortName',
    header: '简称',
    synonyms: ['组织简称', '党组织简称'],
    required: false,
    kind: 'text',
    width: 16,
    normalize: normalizeText,
    note: '不超过40字',
    example: '某某村党支部',
  },
  {
    key: 'parentCode',
    header: '上级组织编码',
    synonyms: ['上级党组织编码', '上级组织代码', '上级编码'],
    required: false,
    kind: 'text',
    width: 18,
    normalize: normalizeCodeText,
    note: '上级党组织的组织编码；只有县（市、区）委可以不填',
    example: '330102',
  },
  {
    key: 'kind',
    header: '组织类别',
    synonyms: ['组织类型', '党组织类别', '党组织类型'],
    required: true,
    kind: 'text',
    width: 14,
    normalize: normalizeOrgKind,
    codes: ORG_KINDS,
    alsoAccepted: [
      '县委',
      '市委',
      '区委',
      '镇党委',
      '党工委',
      '党委',
      '总支',
      '支部',
      '联合支部',
      '临时支部',
    ],
    note: '填写下列之一',
    example: '党支部',
  },
  {
    key: 'sector',
    header: '所在领域',
    synonyms: ['领域', '单位类别', '所属领域'],
    // blank only for the committees of an area (domain/org/write.ts planOrgSector decides, in the write path)
    required: false,
    kind: 'text',
    width: 14,
    normalize: normalizeSector,
    codes: SECTORS,
    alsoAccepted: ['村', '社区', '机关', '国企', '非公企业', '民营企业', '高校', '中小学', '街道'],
    note: '填写下列之一；县委、乡镇党委、党工委可以不填（乡镇党委记为“乡镇”，街道党工委记为“城市街道”）',
    example: '农村',
  },
  {
    key: 'divisionCode',
    header: '行政区划代码',
    synonyms: ['区划代码', '行政区划编码'],
    required: false,
    kind: 'text',
    width: 16,
    normalize: normalizeCodeText,
    note: '6位、9位或12位数字（统计用区划代码）',
    example: '330102001001',
  },
  {
    key: 'foundedOn',
    header: '成立日期',
    synonyms: ['建立日期', '成立时间', '建立时间'],
    required: false,
    kind: 'date',
    width: 14,
    normalize: normalizeDate,
    note: '年-月-日，如 2018-07-01',
    example: '2018-07-01',
  },
  {
    key: 'address',
    header: '地址',
    synonyms: ['通讯地址', '办公地址', '详细地址'],
    required: false,
    kind: 'text',
    width: 30,
    normalize: normalizeText,
    note: '不超过200字',
    example: '某某镇某某村村委会',
  },
  {
    key: 'contactPhone',
    header: '联系电话',
    synonyms: ['电话', '联系方式'],
    required: false,
    kind: 'text',
    width: 16,
    normalize: normalizeText,
    note: '不超过40字',
    example: '0571-12345678',
  },
];

export const MEMBER_FIELDS: readonly MemberField[] = [
  {
    key: 'orgCode',
    header: '所在党组织编码',
    synonyms: ['党组织编码', '组织编码', '支部编码', '所在支部编码', '所在组织编码', '所在党支部编码'],
    required: true,
    kind: 'text',
    width: 18,
    normalize: normalizeCodeText,
    note: '党员所在党支部（党总支、党委）的组织编码',
    example: '330102001',
  },
  {
    key: 'name',
    header: '姓名',
    synonyms: ['党员姓名'],
    required: true,
    kind: 'text',
    width: 10,
    normalize: normalizeText,
    note: '不超过50字',
    example: '张三',
  },
  {
    key: 'idNumber',
    header: '公民身份号码',
    synonyms: ['身份证号', '身份证号码', '身份证', '公民身份证号码', '身份证件号码', '证件号码'],
    required: true,
    kind: 'text',
    width: 22,
    normalize: normalizeCodeText,
    note: '18位身份证号；请把该列设为“文本”格式，以免 Excel 把后几位变成0',
    example: EXAMPLE_ID_NUMBER,
  },
  {
    key: 'sex',
    header: '性别',
    synonyms: [],
    required: false,
    kind: 'text',
    width: 6,
    normalize: normalizeSex,
    codes: SEXES,
    note: '可不填，按身份证号自动识别',
    example: '男',
  },
  {
    key: 'birthDate',
    header: '出生日期',
    synonyms: ['出生年月日', '生日'],
    required: false,
    kind: 'date',
    width: 12,
    normalize: normalizeDate,
    note: '可不填，按身份证号自动识别',
    example: '1990-03-07',
  },
  {
    key: 'ethnicity',
    header: '民族',
    synonyms: [],
    required: true,
    kind: 'text',
    width: 8,
    normalize: normalizeEthnicity,
    codes: ETHNICITIES,
    alsoAccepted: ['汉', '回', '蒙古', '01', '1'],
    note: '国家标准民族名称，也可填“汉”“回”或两位代码',
    example: '汉族',
  },
  {
    key: 'education',
    header: '学历',
    synonyms: ['文化程度', '学历学位', '最高学历', '全日制学历'],
    required: false,
    kind: 'text',
    width: 14,
    normalize: normalizeEducation,
    codes: EDUCATIONS,
    alsoAccepted: [
      '研究生',
      '博士',
      '硕士',
      '本科',
      '大专',
      '中专',
      '高中',
      '职高',
      '技校',
      '初中',
      '小学',
      '文盲',
    ],
    note: '国家标准学历名称或代码，也可填常用说法',
    example: '大学本科',
  },
  {
    key: 'occupation',
    header: '职业',
    synonyms: ['工作岗位', '职业类别', '职业分类'],
    required: false,
    kind: 'text',
    width: 16,
    normalize: normalizeOccupation,
    codes: OCCUPATIONS,
    alsoAccepted: [
      '工人',
      '农民',
      '专业技术人员',
      '管理人员',
      '公务员',
      '机关干部',
      '学生',
      '退休',
      '离退休',
    ],
    note: '党内统计的职业分类',
    example: '农牧渔民',
  },
  {
    key: 'status',
    header: '人员类别',
    synonyms: ['党员类别', '党员状态', '党员身份'],
    required: true,
    kind: 'text',
    width: 10,
    normalize: normalizeMemberStatus,
    codes: STATUS_CODES,
    alsoAccepted: ['正式', '预备'],
    note: '只能导入在册党员',
    example: '正式党员',
  },
  {
    key: 'joinedOn',
    header: '入党日期',
    synonyms: ['入党时间', '加入党组织日期', '加入党组织时间'],
    required: true,
    kind: 'date',
    width: 12,
    normalize: normalizeDate,
    note: '年-月-日，如 2015-07-01',
    example: '2015-07-01',
  },
  {
    key: 'confirmedOn',
    header: '转正日期',
    synonyms: ['转正时间', '转为正式党员日期'],
    required: false,
    kind: 'date',
    width: 12,
    normalize: normalizeDate,
    note: '正式党员填写；预备党员不填',
    example: '2016-07-01',
  },
  {
    key: 'phone',
    header: '联系电话',
    synonyms: ['手机号', '手机', '电话', '手机号码', '联系方式'],
    required: false,
    kind: 'text',
    width: 14,
    normalize: normalizeText,
    note: '数字，可含+和-',
    example: '13800000000',
  },
  {
    key: 'nativePlace',
    header: '籍贯',
    synonyms: [],
    required: false,
    kind: 'text',
    width: 14,
    normalize: normalizeText,
    note: '不超过100字',
    example: '浙江杭州',
  },
  {
    key: 'address',
    header: '家庭住址',
    synonyms: ['住址', '现居住地', '家庭地址', '现住址', '居住地址'],
    required: false,
    kind: 'text',
    width: 28,
    normalize: normalizeText,
    note: '不超过200字',
    example: '某某镇某某村1组',
  },
  {
    key: 'workUnit',
    header: '工作单位',
    synonyms: ['单位', '所在单位'],
    required: false,
    kind: 'text',
    width: 20,
    normalize: normalizeText,
    note: '不超过100字',
    example: '某某村村委会',
  },
  {
    key: 'jobTitle',
    header: '职务',
    synonyms: ['现任职务', '工作职务'],
    required: false,
    kind: 'text',
    width: 14,
    normalize: normalizeText,
    note: '不超过100字',
    example: '村民委员会委员',
  },
  {
    key: 'isMobile',
    header: '是否流动党员',
    synonyms: ['流动党员'],
    required: false,
    kind: 'text',
    width: 12,
    normalize: normalizeYesNo,
    codes: YES_NO_CODES,
    note: '填写“是”或“否”，不填视为否',
    example: '否',
  },
];

/**
 * The 三会一课 ledger (issue 11 item 8, decision 0019): one row per meeting. The keys are those of LedgerRowValue
 * (src/io/parse-sheet.ts).
 */
export const MEETING_FIELDS: readonly FieldDef[] = [
  {
    key: 'orgCode',
    header: '组织编码',
    synonyms: ['党组织编码', '支部编码', '党支部编码', '组织代码', '党组织代码', '所在党组织编码'],
    required: true,
    kind: 'text',
    width: 18,
    normalize: normalizeCodeText,
    note: '召开会议的党支部（党总支）的组织编码',
    example: '330102001001',
  },
  {
    key: 'kinds',
    header: '会议类型',
    synonyms: ['会议类别', '会议形式', '类型', '活动类型', '会议名称'],
    required: true,
    kind: 'text',
    width: 22,
    normalize: normalizeText,
    note: '支部党员大会、支部委员会、党小组会、党课、主题党日、组织生活会、民主评议党员；一次会议同时是几类的，用“、”隔开',
    example: '主题党日、党课',
  },
  {
    key: 'heldOn',
    header: '召开日期',
    synonyms: ['会议日期', '日期', '召开时间', '会议时间', '时间', '开会日期'],
    required: true,
    kind: 'date',
    width: 14,
    normalize: normalizeDate,
    note: '如 2026-03-05；不能晚于今天',
    example: '2026-03-05',
  },
  {
    key: 'topic',
    header: '主题',
    synonyms: ['会议主题', '议题', '会议内容', '主要内容', '内容', '活动主题'],
    required: false,
    kind: 'text',
    width: 30,
    normalize: normalizeText,
    note: '不填时以会议类型作为主题',
    example: '学习党章，重温入党誓词',
  },
  {
    key: 'host',
    header: '主持人',
    synonyms: ['主持', '会议主持人'],
    required: false,
    kind: 'text',
    width: 10,
    normalize: normalizeText,
    note: '姓名',
    example: '张三',
  },
  {
    key: 'expectedCount',
    header: '应到人数',
    synonyms: ['应到', '应参会人数', '应出席人数'],
    required: false,
    kind: 'text',
    width: 10,
    normalize: normalizeCount,
    note: '整数；与会议当天名册不符时导入并提示',
    example: '20',
  },
  {
    key: 'presentCount',
    header: '实到人数',
    synonyms: ['实到', '实际参会人数', '出席人数', '实出席人数'],
    required: false,
    kind: 'text',
    width: 10,
    normalize: normalizeCount,
    note: '整数；与名册人数减缺席人数不符时导入并提示',
    example: '18',
  },
  {
    key: 'absentees',
    header: '缺席人员',
    synonyms: ['缺席人员及原因', '缺席人员及事由', '缺席', '缺席人', '未到人员', '请假人员', '缺席名单'],
    required: false,
    kind: 'text',
    width: 30,
    normalize: normalizeText,
    note: '姓名用“、”或“，”隔开，原因写在姓名后的括号里；写了原因（病假、事假、外出务工等）的记为请假，未写原因或写“无故”的记为缺席；其余在册党员记为出席',
    example: '李四（病假）、王五（外出务工）',
  },
  {
    key: 'recorder',
    header: '记录人',
    synonyms: ['记录', '会议记录人'],
    required: false,
    kind: 'text',
    width: 10,
    normalize: normalizeText,
    note: '姓名',
    example: '赵六',
  },
];

export function fieldsOf(kind: SheetKind): readonly FieldDef[] {
  switch (kind) {
    case 'meetings':
      return MEETING_FIELDS;
    case 'orgs':
      return ORG_FIELDS;
    case 'members':
      return MEMBER_FIELDS;
    case 'dues-bases':
      return DUES_BASIS_FIELDS;
    case 'dues':
      return DUES_PAYMENT_FIELDS;
    case 'applicants':
      return APPLICANT_FIELDS;
    case 'screening':
      return SCREENING_FIELDS;
    case 'divisions':
      return DIVISION_FIELDS;
  }
}

export const SHEET_ZH: Record<SheetKind, string> = {
  orgs: '党组织信息',
  members: '党员信息',
  meetings: '三会一课台账',
  'dues-bases': '党费基数',
  dues: '党费缴纳',
  applicants: '发展党员台账',
  screening: '软弱涣散村党组织台账',
  divisions: '村级区划名单',
};

/**
 * What a header cell is compared by: full-width folded, spaces, `*`/`※` required markers, text in
 * brackets (（必填）, [选填], 【文本】) and a trailing colon removed, lower-cased.
 */
export function headerKey(text: string): string {
  return foldText(text)
    .replace(/\([^)]*\)|\[[^\]]*\]|【[^】]*】|〔[^〕]*〕/g, '')
    .replace(/[\s*※:]/g, '')
    .toLowerCase();
}

const fieldIndexCache = new Map<SheetKind, Map<string, FieldDef>>();

function fieldIndex(kind: SheetKind): Map<string, FieldDef> {
  let idx = fieldIndexCache.get(kind);
  if (!idx) {
    idx = new Map();
    for (const f of fieldsOf(kind)) {
      for (const h of [f.header, ...f.synonyms]) {
        const k = headerKey(h);
        if (!idx.has(k)) idx.set(k, f);
      }
    }
    fieldIndexCache.set(kind, idx);
  }
  return idx;
}

/** The field a header cell names, or null. */
export function matchHeader(kind: SheetKind, text: CellValue | undefined): FieldDef | null {
  if (typeof text !== 'string') return null;
  return fieldIndex(kind).get(headerKey(text)) ?? null;
}

export interface HeaderColumn {
  /** 0-based index into the row's cells */
  index: number;
  field: FieldDef;
  /** the header as written in the file (trimmed) */
  header: string;
}

export interface HeaderInfo {
  kind: SheetKind;
  /** spreadsheet row number of the header row */
  row: number;
  /** the column read for each field (the first one when a field appears twice) */
  columns: HeaderColumn[];
  /** later columns naming a field that an earlier column already names; they are not read */
  duplicates: (HeaderColumn & { first: HeaderColumn })[];
  /** non-empty header cells that are not ours */
  ignored: { index: number; header: string }[];
}

const HEADER_SEARCH_ROWS = 10;

function matchRow(kind: SheetKind, row: { row: number; cells: readonly CellValue[] }): HeaderInfo {
  const columns: HeaderColumn[] = [];
  const duplicates: HeaderInfo['duplicates'] = [];
  const ignored: HeaderInfo['ignored'] = [];
  row.cells.forEach((cell, index) => {
    if (cell == null) return;
    const field = matchHeader(kind, cell);
    const header = typeof cell === 'string' ? cleanText(cell) : String(cell);
    if (!field) {
      if (header !== '') ignored.push({ index, header });
      return;
    }
    const first = columns.find((c) => c.field.key === field.key);
    if (first) duplicates.push({ index, field, header, first });
    else columns.push({ index, field, header });
  });
  return { kind, row: row.row, columns, duplicates, ignored };
}

/**
 * Finds the header row among the first 10 (non-blank) rows: the first row naming every required column.
 * Title rows above it ("某某镇党员花名册", a date line) are skipped. Throws IMPORT_NO_HEADER naming the
 * required columns that are missing from the best candidate.
 */
export function detectHeader(
  firstRows: readonly { row: number; cells: readonly CellValue[] }[],
  kind: SheetKind,
): HeaderInfo {
  const required = fieldsOf(kind).filter((f) => f.required);
  let best: HeaderInfo | null = null;
  for (const r of firstRows.slice(0, HEADER_SEARCH_ROWS)) {
    const info = matchRow(kind, r);
    const has = new Set(info.columns.map((c) => c.field.key));
    if (required.every((f) => has.has(f.key))) return info;
    if (!best || info.columns.length > best.columns.length) best = info;
  }
  const sheetZh = SHEET_ZH[kind];
  if (!best || best.columns.length === 0) {
    throw new AppError(
      'IMPORT_NO_HEADER',
      `没有找到表头行：前${HEADER_SEARCH_ROWS}行中没有一行包含${required
        .map((f) => `“${f.header}”`)
        .join('')}等列名。请确认上传的是${sheetZh}表，建议使用下载的模板`,
      { missing: required.map((f) => f.header) },
    );
  }
  const has = new Set(best.columns.map((c) => c.field.key));
  const missing = required.filter((f) => !has.has(f.key)).map((f) => f.header);
  throw new AppError(
    'IMPORT_NO_HEADER',
    `表头（第${best.row}行）缺少必填列：${missing.join('、')}。请补上这些列，或使用下载的模板`,
    { row: best.row, missing },
  );
}
