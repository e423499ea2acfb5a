/**
 * The classification-only fields of a member (issue 9 #3): facts that only place a member in a category of the
 * statistics — 民族, 学历, 职业 — as opposed to identity and structure (name, ID number, org, dates, status), which
 * stay strict. A value a ledger spells in a way the code tables do not know is looked up, in order, in the code
 * table (its labels and codes), in the built-in synonyms below (the variants ledgers really use), and in the
 * deployment's local synonyms (`classification_synonym`, chosen on the mapping screen, decision 0013). A value
 * none of them knows is kept as typed (`person.<field>_raw`) and counted as 未归类 until someone maps it.
 *
 * Pure data, shared by the importer, the mapping use case and the web.
 */
import { EDUCATIONS, ETHNICITIES, OCCUPATIONS, type CodeEntry } from './codes.js';

export const CLASSIFIED_FIELDS = ['ethnicity', 'education', 'occupation'] as const;
export type ClassifiedField = (typeof CLASSIFIED_FIELDS)[number];

export function isClassifiedField(f: string): f is ClassifiedField {
  return (CLASSIFIED_FIELDS as readonly string[]).includes(f);
}

/** The statistics key (and its label) of a member whose value of a classified field could not be classified. */
export const UNCLASSIFIED = 'unclassified';
export const UNCLASSIFIED_ZH = '未归类';

export interface ClassifiedFieldSpec {
  /** as the member form and the statistics name it */
  zh: string;
  /** the code table a value is classified into */
  codes: readonly CodeEntry[];
  /** the raw-text column's domain name (member-column registry) */
  rawField: 'ethnicityRaw' | 'educationRaw' | 'occupationRaw';
}

export const CLASSIFIED: Record<ClassifiedField, ClassifiedFieldSpec> = {
  ethnicity: { zh: '民族', codes: ETHNICITIES, rawField: 'ethnicityRaw' },
  education: { zh: '学历', codes: EDUCATIONS, rawField: 'educationRaw' },
  occupation: { zh: '职业', codes: OCCUPATIONS, rawField: 'occupationRaw' },
};

/** How a member's kept raw text reads where its category would be: 未归类（原文：企事业单位管理人员）. */
export function unclassifiedLabel(raw: string): string {
  return `${UNCLASSIFIED_ZH}（原文：${raw}）`;
}

/** A raw text is kept up to this length (a longer cell is cut; it is a label, not a document). */
export const RAW_MAX = 100;

// ---------------------------------------------------------------------------------------------------------
// Built-in synonyms: the wordings member ledgers use for the categories, each to the code it means. The code
// tables themselves (labels and codes) are always accepted; these are the other spellings. Keep the list honest:
// every entry is a variant ledgers really write (the 全国党员管理信息系统 export, county 花名册, the annual
// 党内统计 forms' own wording), never a guess.
// ---------------------------------------------------------------------------------------------------------

/**
 * 民族 (GB/T 3304-1991): every name without its 族 (汉, 回, 蒙古, 土家 …) is added from the table; besides those
 * the short forms in everyday use.
 */
export const ETHNICITY_SYNONYMS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(
    ETHNICITIES.filter((e) => e.zh.endsWith('族')).map((e) => [e.zh.slice(0, -1), e.code]),
  ),
  汉族人: '01',
  蒙族: '02',
  维族: '05',
  维吾尔: '05',
  未识别民族: '97',
  未识别: '97',
  外国血统: '98',
  入籍: '98',
};

/**
 * 学历 (GB/T 4658-2006): the everyday words of the ledgers. A level without its outcome (本科) counts as
 * graduated (毕业), the outcome ledgers mean when they do not say; 研究生 without more detail as 硕士研究生毕业 (the
 * same 研究生 group of the statistics).
 */
export const EDUCATION_SYNONYMS: Readonly<Record<string, string>> = {
  博士: '11',
  博士研究生: '11',
  研究生: '14',
  硕士: '14',
  硕士研究生: '14',
  在职研究生: '14',
  本科: '21',
  大学本科: '21',
  大学: '21',
  大本: '21',
  大专: '31',
  专科: '31',
  大学专科: '31',
  高职: '31',
  中专: '41',
  中等专科: '41',
  中等专业学校: '41',
  中师: '41',
  高中: '61',
  普通高中: '61',
  职高: '44',
  职中: '44',
  职业高中: '44',
  技校: '47',
  技工: '47',
  技工学校: '47',
  中技: '47',
  初中: '71',
  小学: '81',
  文盲: '90',
  半文盲: '90',
  其他: '90',
};

/**
 * 职业: the categories of the 中组部 党内统计公报. Ledgers keep older or shorter names of the same categories (before
 * 2012 the bulletin said 企事业单位管理人员 and 企事业单位专业技术人员, without 社会组织) and the words of the
 * person's situation (农民, 退休).
 */
export const OCCUPATION_SYNONYMS: Readonly<Record<string, string>> = {
  工人: 'worker',
  工勤技能人员: 'worker',
  工勤人员: 'worker',
  农民: 'farmer',
  牧民: 'farmer',
  渔民: 'farmer',
  农牧民: 'farmer',
  农林牧渔民: 'farmer',
  农牧渔业人员: 'farmer',
  专业技术人员: 'professional',
  企事业单位专业技术人员: 'professional',
  企事业单位社会组织专业技术人员: 'professional',
  企业专业技术人员: 'professional',
  事业单位专业技术人员: 'professional',
  管理人员: 'manager',
  企事业单位管理人员: 'manager',
  企事业单位社会组织管理人员: 'manager',
  企业管理人员: 'manager',
  事业单位管理人员: 'manager',
  社会组织管理人员: 'manager',
  公务员: 'civil_servant',
  机关干部: 'civil_servant',
  机关工作人员: 'civil_servant',
  党政机关干部: 'civil_servant',
  学生: 'student',
  在校学生: 'student',
  退休: 'retired',
  离休: 'retired',
  离退休: 'retired',
  退休人员: 'retired',
  离休人员: 'retired',
  离退休干部: 'retired',
  退休干部: 'retired',
  其他: 'other',
  其他职业: 'other',
  无业: 'other',
  自由职业: 'other',
  自由职业者: 'other',
};

export const BUILTIN_SYNONYMS: Record<ClassifiedField, Readonly<Record<string, string>>> = {
  ethnicity: ETHNICITY_SYNONYMS,
  education: EDUCATION_SYNONYMS,
  occupation: OCCUPATION_SYNONYMS,
};

/** A local synonym as the mapping screen and the importer see it. */
export interface LocalSynonym {
  field: ClassifiedField;
  /** the text as first mapped */
  raw: string;
  code: string;
}
