/**
 * Columns of the two dues ledgers (decision 0020): 党费基数 (bases) and 党费缴纳 (payments) — canonical headers, the
 * synonyms found in the books branches keep, and how each cell is read. Amounts and months are kept as text here
 * and read by the dues rules (src/domain/dues), which say what is wrong with them.
 */
import {
  DUES_CATEGORIES,
  DUES_METHODS,
  type CodeEntry,
  type DuesCategory,
  type DuesMethod,
} from '../shared/codes.js';
import { normalizeCodeText, normalizeDate, normalizeText, lookupKey, type Normalizer } from './normalize.js';
import type { FieldDef } from './headers.js';
import { checkChar } from '../shared/id-number.js';

const ID17 = '11010119900307001';

const CATEGORY_WORDS: Record<string, DuesCategory> = {
  在职: 'salaried',
  在职职工: 'salaried',
  在职人员: 'salaried',
  工资: 'salaried',
  按月领取工资: 'salaried',
  按月领取工资的党员: 'salaried',
  职工: 'salaried',
  干部: 'salaried',
  年薪: 'annual_salary',
  年薪制人员: 'annual_salary',
  个体: 'self_employed',
  个体经营: 'self_employed',
  个体经营者: 'self_employed',
  个体工商户: 'self_employed',
  灵活就业: 'self_employed',
  不按月取得收入: 'self_employed',
  离休: 'retired',
  退休: 'retired',
  离退休人员: 'retired',
  离退休干部职工: 'retired',
  退休人员: 'retired',
  农民党员: 'farmer',
  农村党员: 'farmer',
  学生党员: 'student',
  在校学生: 'student',
  下岗: 'unemployed',
  失业: 'unemployed',
  下岗失业人员: 'unemployed',
  抚恤: 'relief',
  救济: 'relief',
  依靠抚恤或救济生活: 'relief',
  低保: 'subsistence',
  低保户: 'subsistence',
  最低生活保障: 'subsistence',
};

const METHOD_WORDS: Record<string, DuesMethod> = {
  转账: 'transfer',
  银行: 'transfer',
  银行卡: 'transfer',
  网银: 'transfer',
  微信支付: 'wechat',
  微信转账: 'wechat',
  支付宝转账: 'alipay',
};

function mapper<C extends string>(
  list: readonly CodeEntry<C>[],
  words: Record<string, C>,
  zh: string,
  strict: boolean,
): Normalizer<C> {
  const map = new Map<string, C>();
  for (const e of list) map.set(lookupKey(e.zh), e.code);
  for (const [w, c] of Object.entries(words)) map.set(lookupKey(w), c);
  return (cell) => {
    const t = normalizeText(cell);
    if (!t.ok || t.value == null) return t as ReturnType<Normalizer<C>>;
    const code = map.get(lookupKey(t.value));
    if (code) return { ok: true, value: code };
    if (!strict) return { ok: true, value: 'other' as C };
    return {
      ok: false,
      code: 'CODE_UNKNOWN',
      message: `${zh}“${t.value}”无法识别，可填写：${list.map((e) => e.zh).join('、')}`,
    };
  };
}

export const normalizeDuesCategory = mapper(DUES_CATEGORIES, CATEGORY_WORDS, '党员类别', true);
export const normalizeDuesMethod = mapper(DUES_METHODS, METHOD_WORDS, '缴纳方式', false);

const ID: FieldDef = {
  key: 'idNumber',
  header: '公民身份号码',
  synonyms: ['身份证号', '身份证号码', '身份证', '公民身份证号码', '身份证件号码', '证件号码'],
  required: true,
  kind: 'text',
  width: 22,
  normalize: normalizeCodeText,
  note: '18位身份证号，须是已在系统中的党员',
  example: ID17 + checkChar(ID17),
};
const NAME: FieldDef = {
  key: 'name',
  header: '姓名',
  synonyms: ['党员姓名'],
  required: true,
  kind: 'text',
  width: 10,
  normalize: normalizeText,
  note: '须与身份证号对应的党员姓名一致',
  example: '张三',
};

export const DUES_BASIS_FIELDS: readonly FieldDef[] = [
  ID,
  NAME,
  {
    key: 'category',
    header: '党员类别',
    synonyms: ['类别', '人员类别', '党费类别', '交纳类别', '缴纳类别'],
    required: true,
    kind: 'text',
    width: 18,
    normalize: normalizeDuesCategory,
    codes: DUES_CATEGORIES,
    alsoAccepted: Object.keys(CATEGORY_WORDS),
    note: '按月领取工资、年薪制、个体经营等不按月取得收入、离退休、农民、学生、下岗失业、依靠抚恤或救济、领取最低生活保障金',
    example: '按月领取工资',
  },
  {
    key: 'base',
    header: '月工资基数（元）',
    synonyms: [
      '月工资基数',
      '工资基数',
      '计算基数',
      '党费基数',
      '月基数',
      '基数',
      '交纳基数',
      '缴纳基数',
      '月收入',
    ],
    required: false,
    kind: 'text',
    width: 16,
    normalize: normalizeText,
    note: '税后相对固定的经常性工资收入（离退休：离退休费总额），最多两位小数；农民、学生等不填',
    example: '4500.00',
  },
  {
    key: 'fromMonth',
    header: '执行起始月份',
    synonyms: ['起始月份', '执行月份', '开始月份', '生效月份', '起始年月', '执行时间'],
    required: true,
    kind: 'text',
    width: 14,
    normalize: normalizeText,
    note: '从哪个月起按此基数交纳，如 2026-01 或 2026年1月',
    example: '2026-01',
  },
];

export const DUES_PAYMENT_FIELDS: readonly FieldDef[] = [
  ID,
  NAME,
  {
    key: 'months',
    header: '缴纳月份',
    synonyms: ['交纳月份', '所属月份', '党费月份', '月份', '缴费月份', '缴纳期间', '所属期间'],
    required: true,
    kind: 'text',
    width: 18,
    normalize: normalizeText,
    note: '如 2026-01、2026年1月，或一段：2026年1-3月、2026.01-2026.03',
    example: '2026年1-3月',
  },
  {
    key: 'amount',
    header: '金额（元）',
    synonyms: ['金额', '缴纳金额', '交纳金额', '实交金额', '实缴金额', '党费金额', '党费'],
    required: true,
    kind: 'text',
    width: 12,
    normalize: normalizeText,
    note: '实际交纳的党费，最多两位小数',
    example: '120.00',
  },
  {
    key: 'paidOn',
    header: '缴纳日期',
    synonyms: ['交纳日期', '缴费日期', '交费日期', '日期'],
    required: true,
    kind: 'date',
    width: 14,
    normalize: normalizeDate,
    note: '如 2026-03-05',
    example: '2026-03-05',
  },
  {
    key: 'method',
    header: '缴纳方式',
    synonyms: ['交纳方式', '缴费方式', '方式', '支付方式'],
    required: false,
    kind: 'text',
    width: 12,
    normalize: normalizeDuesMethod,
    codes: DUES_METHODS,
    alsoAccepted: Object.keys(METHOD_WORDS),
    note: '现金、银行转账、微信、支付宝；其他写法记为“其他”',
    example: '现金',
  },
  {
    key: 'voluntary',
    header: '自愿多交（元）',
    synonyms: ['自愿多交', '自愿多交金额', '多交金额'],
    required: false,
    kind: 'text',
    width: 14,
    normalize: normalizeText,
    note: '自愿多交的党费，可不填；一次1000元以上的全部上缴中央',
    example: '',
  },
  {
    key: 'paidBy',
    header: '代交人',
    synonyms: ['代缴人', '代交'],
    required: false,
    kind: 'text',
    width: 10,
    normalize: normalizeText,
    note: '由亲属或其他党员代交的，填代交人姓名',
    example: '',
  },
];
