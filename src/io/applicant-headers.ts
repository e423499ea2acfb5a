/**
 * Columns of the recruitment ledger (入党申请人/积极分子/发展对象台账, issue 13 item 6, decision 0025): canonical
 * headers, the synonyms found in branches' books, and how each cell is read. The dates of the steps already taken
 * are checked against each other and the rules by the import (services/recruitment-import.ts).
 */
import {
  normalizeCodeText,
  normalizeDate,
  normalizeEthnicity,
  normalizeText,
  lookupKey,
  type Normalizer,
} from './normalize.js';
import type { FieldDef } from './headers.js';
import { checkChar } from '../shared/id-number.js';

const ID17 = '42052520000315002';

/** The stage a ledger row says the person is in. */
export type LedgerStage = 'applicant' | 'activist' | 'candidate' | 'probationary';

const STAGE_WORDS: Record<string, LedgerStage> = {
  入党申请人: 'applicant',
  申请人: 'applicant',
  申请入党: 'applicant',
  入党积极分子: 'activist',
  积极分子: 'activist',
  发展对象: 'candidate',
  预备党员: 'probationary',
};
const STAGE_KEYS = new Map(Object.entries(STAGE_WORDS).map(([w, c]) => [lookupKey(w), c]));

export const normalizeLedgerStage: Normalizer<LedgerStage> = (cell) => {
  const t = normalizeText(cell);
  if (!t.ok || t.value == null) return t as ReturnType<Normalizer<LedgerStage>>;
  const c = STAGE_KEYS.get(lookupKey(t.value));
  if (c) return { ok: true, value: c };
  return {
    ok: false,
    code: 'CODE_UNKNOWN',
    message: `当前阶段“${t.value}”无法识别，可填写：入党申请人、入党积极分子、发展对象、预备党员`,
  };
};

const date = (key: string, header: string, synonyms: string[], note: string, example: string): FieldDef => ({
  key,
  header,
  synonyms,
  required: false,
  kind: 'date',
  width: 16,
  normalize: normalizeDate,
  note,
  example,
});

export const APPLICANT_FIELDS: readonly FieldDef[] = [
  {
    key: 'name',
    header: '姓名',
    synonyms: ['申请人姓名'],
    required: true,
    kind: 'text',
    width: 10,
    normalize: normalizeText,
    note: '',
    example: '周小梅',
  },
  {
    key: 'idNumber',
    header: '公民身份号码',
    synonyms: ['身份证号', '身份证号码', '身份证', '公民身份证号码', '证件号码'],
    required: true,
    kind: 'text',
    width: 22,
    normalize: normalizeCodeText,
    note: '18位身份证号；已是党员的不能导入',
    example: ID17 + checkChar(ID17),
  },
  {
    key: 'orgCode',
    header: '所在党组织编码',
    synonyms: ['党组织编码', '组织编码', '所在党组织代码', '党组织代码', '支部编码'],
    required: true,
    kind: 'text',
    width: 16,
    normalize: normalizeCodeText,
    note: '所在党支部的组织编码',
    example: '421122001001',
  },
  {
    key: 'stage',
    header: '当前阶段',
    synonyms: ['阶段', '发展阶段', '人员类别', '类别', '身份'],
    required: true,
    kind: 'text',
    width: 14,
    normalize: normalizeLedgerStage,
    note: '入党申请人、入党积极分子、发展对象或预备党员',
    example: '入党积极分子',
  },
  {
    key: 'ethnicity',
    header: '民族',
    synonyms: [],
    required: false,
    kind: 'text',
    width: 8,
    normalize: normalizeEthnicity,
    note: '',
    example: '汉族',
  },
  {
    key: 'phone',
    header: '联系电话',
    synonyms: ['电话', '手机', '手机号码'],
    required: false,
    kind: 'text',
    width: 14,
    normalize: normalizeText,
    note: '',
    example: '',
  },
  {
    ...date(
      'appliedOn',
      '申请日期',
      ['递交入党申请书日期', '入党申请日期', '申请入党日期', '递交申请书日期', '申请时间'],
      '递交入党申请书的日期（必填）',
      '2024-03-01',
    ),
    required: true,
  },
  date(
    'talkOn',
    '谈话日期',
    ['党组织派人谈话日期', '谈话时间'],
    '收到申请书后党组织派人谈话的日期',
    '2024-03-20',
  ),
  date(
    'activistOn',
    '确定积极分子日期',
    ['确定为入党积极分子日期', '确定入党积极分子日期', '列为积极分子日期', '列为入党积极分子时间'],
    '支部委员会确定为入党积极分子的日期',
    '2024-04-10',
  ),
  date(
    'candidateOn',
    '确定发展对象日期',
    ['确定为发展对象日期', '列为发展对象日期', '列为发展对象时间'],
    '确定为发展对象的日期（预备党员、发展对象填写）',
    '',
  ),
  date(
    'admittedOn',
    '接收预备党员日期',
    ['支部大会通过日期', '支部大会接收日期', '入党日期', '接收为预备党员日期'],
    '支部大会讨论接收为预备党员的日期（预备党员填写）',
    '',
  ),
  date(
    'approvedOn',
    '审批日期',
    ['上级党委审批日期', '党委审批日期', '批准日期'],
    '上级党委审批的日期（预备党员填写）',
    '',
  ),
];
