/**
 * Columns of a county's screening ledger (软弱涣散村党组织台账, issue 14 item 3, decision 0033): canonical headers,
 * the synonyms seen, and how each cell is read. Types are read by `domain/screening/types.ts` (numbers 1–10 or
 * the statistics form's wording, several separated by 、 or ；).
 */
import { normalizeCodeText, normalizeDate, normalizeText, type Normalizer } from './normalize.js';
import type { FieldDef } from './headers.js';
import { parseTypeCell } from '../domain/screening/types.js';

export const normalizeYear: Normalizer<number> = (cell) => {
  if (cell == null) return { ok: true, value: null };
  const t = String(cell instanceof Date ? cell.getFullYear() : cell)
    .normalize('NFKC')
    .trim()
    .replace(/年度?$/, '');
  if (!t) return { ok: true, value: null };
  if (!/^\d{4}$/.test(t))
    return { ok: false, code: 'YEAR_INVALID', message: `排查年度“${String(cell)}”应为四位年份，如 2026` };
  return { ok: true, value: Number(t) };
};

export const normalizeWeakTypes: Normalizer<number[]> = (cell) => {
  if (cell == null) return { ok: true, value: null };
  const t = String(cell).trim();
  if (!t) return { ok: true, value: null };
  const r = parseTypeCell(t);
  return r.ok ? { ok: true, value: r.types } : { ok: false, code: 'WEAK_TYPE_UNKNOWN', message: r.message };
};

export const SCREENING_FIELDS: readonly FieldDef[] = [
  {
    key: 'orgCode',
    header: '组织编码',
    synonyms: ['党组织编码', '村党组织编码', '组织代码', '党组织代码', '所在党组织编码'],
    required: true,
    kind: 'text',
    width: 16,
    normalize: normalizeCodeText,
    note: '村（社区）党组织的组织编码',
    example: '421122001001',
  },
  {
    key: 'year',
    header: '排查年度',
    synonyms: ['年度', '排查年份', '认定年度', '年份'],
    required: true,
    kind: 'text',
    width: 10,
    normalize: normalizeYear,
    note: '四位年份，不能晚于今年',
    example: '2026',
  },
  {
    key: 'types',
    header: '软弱涣散类型',
    synonyms: ['类型', '主要类型', '软弱涣散情形', '软弱涣散主要类型', '整顿类型'],
    required: true,
    kind: 'text',
    width: 30,
    normalize: normalizeWeakTypes,
    note: '1–10的类型序号或统计表中的类型表述，多个用“、”或“；”分隔',
    example: '1、4',
  },
  {
    key: 'problems',
    header: '主要问题',
    synonyms: ['存在的主要问题', '存在问题', '问题', '主要表现'],
    required: false,
    kind: 'text',
    width: 40,
    normalize: normalizeText,
    note: '',
    example: '书记缺职5个月，全年未召开党员大会',
  },
  {
    key: 'confirmedOn',
    header: '认定日期',
    synonyms: ['确定日期', '认定时间', '确定时间'],
    required: true,
    kind: 'date',
    width: 14,
    normalize: normalizeDate,
    note: '县委组织部认定的日期',
    example: '2026-04-15',
  },
  {
    key: 'reason',
    header: '认定理由',
    synonyms: ['认定依据', '理由'],
    required: false,
    kind: 'text',
    width: 30,
    normalize: normalizeText,
    note: '不填时记为“按排查台账导入”',
    example: '',
  },
];
