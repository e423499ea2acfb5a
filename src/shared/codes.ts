/**
 * National code tables and the platform's enumerations, each with its Chinese label.
 * Shared by server and web: the same list validates the API, fills the form selects and labels the charts.
 */

export interface CodeEntry<C extends string = string> {
  code: C;
  zh: string;
}

// ---------------------------------------------------------------------------------------------------------
// 民族 — GB/T 3304-1991 《中国各民族名称的罗马字母拼写法和代码》, numeric codes 01–56, plus 97/98.
// ---------------------------------------------------------------------------------------------------------
export const ETHNICITIES: readonly CodeEntry[] = [
  ['01', '汉族'],
  ['02', '蒙古族'],
  ['03', '回族'],
  ['04', '藏族'],
  ['05', '维吾尔族'],
  ['06', '苗族'],
  ['07', '彝族'],
  ['08', '壮族'],
  ['09', '布依族'],
  ['10', '朝鲜族'],
  ['11', '满族'],
  ['12', '侗族'],
  ['13', '瑶族'],
  ['14', '白族'],
  ['15', '土家族'],
  ['16', '哈尼族'],
  ['17', '哈萨克族'],
  ['18', '傣族'],
  ['19', '黎族'],
  ['20', '傈僳族'],
  ['21', '佤族'],
  ['22', '畲族'],
  ['23', '高山族'],
  ['24', '拉祜族'],
  ['25', '水族'],
  ['26', '东乡族'],
  ['27', '纳西族'],
  ['28', '景颇族'],
  ['29', '柯尔克孜族'],
  ['30', '土族'],
  ['31', '达斡尔族'],
  ['32', '仫佬族'],
  ['33', '羌族'],
  ['34', '布朗族'],
  ['35', '撒拉族'],
  ['36', '毛南族'],
  ['37', '仡佬族'],
  ['38', '锡伯族'],
  ['39', '阿昌族'],
  ['40', '普米族'],
  ['41', '塔吉克族'],
  ['42', '怒族'],
  ['43', '乌孜别克族'],
  ['44', '俄罗斯族'],
  ['45', '鄂温克族'],
  ['46', '德昂族'],
  ['47', '保安族'],
  ['48', '裕固族'],
  ['49', '京族'],
  ['50', '塔塔尔族'],
  ['51', '独龙族'],
  ['52', '鄂伦春族'],
  ['53', '赫哲族'],
  ['54', '门巴族'],
  ['55', '珞巴族'],
  ['56', '基诺族'],
  ['97', '其他未识别民族'],
  ['98', '外国血统中国籍人士'],
].map(([code, zh]) => ({ code: code!, zh: zh! }));

export const HAN_CODE = '01';

// ---------------------------------------------------------------------------------------------------------
// 学历 — GB/T 4658-2006 《学历代码》 (two-digit codes), grouped as the party-statistics annual report table 4:
// 研究生 / 大学本科 / 大学专科 / 中专 / 高中、中技 / 初中及以下.
// ---------------------------------------------------------------------------------------------------------
export const EDUCATION_GROUPS = [
  { code: 'postgraduate', zh: '研究生' },
  { code: 'bachelor', zh: '大学本科' },
  { code: 'associate', zh: '大学专科' },
  { code: 'secondary_vocational', zh: '中专' },
  { code: 'high_school', zh: '高中、中技' },
  { code: 'junior_or_below', zh: '初中及以下' },
] as const satisfies readonly CodeEntry[];
export type EducationGroup = (typeof EDUCATION_GROUPS)[number]['code'];

export const EDUCATIONS: readonly (CodeEntry & { group: EducationGroup })[] = (
  [
    ['11', '博士研究生毕业', 'postgraduate'],
    ['12', '博士研究生结业', 'postgraduate'],
    ['13', '博士研究生肄业', 'postgraduate'],
    ['14', '硕士研究生毕业', 'postgraduate'],
    ['15', '硕士研究生结业', 'postgraduate'],
    ['16', '硕士研究生肄业', 'postgraduate'],
    ['17', '研究生班毕业', 'postgraduate'],
    ['18', '研究生班结业', 'postgraduate'],
    ['19', '研究生班肄业', 'postgraduate'],
    ['21', '大学本科毕业', 'bachelor'],
    ['22', '大学本科结业', 'bachelor'],
    ['23', '大学本科肄业', 'bachelor'],
    ['28', '大学普通班毕业', 'bachelor'],
    ['31', '大学专科毕业', 'associate'],
    ['32', '大学专科结业', 'associate'],
    ['33', '大学专科肄业', 'associate'],
    ['41', '中等专科毕业', 'secondary_vocational'],
    ['42', '中等专科结业', 'secondary_vocational'],
    ['43', '中等专科肄业', 'secondary_vocational'],
    ['44', '职业高中毕业', 'high_school'],
    ['45', '职业高中结业', 'high_school'],
    ['46', '职业高中肄业', 'high_school'],
    ['47', '技工学校毕业', 'high_school'],
    ['48', '技工学校结业', 'high_school'],
    ['49', '技工学校肄业', 'high_school'],
    ['61', '普通高中毕业', 'high_school'],
    ['62', '普通高中结业', 'high_school'],
    ['63', '普通高中肄业', 'high_school'],
    ['71', '初中毕业', 'junior_or_below'],
    ['73', '初中肄业', 'junior_or_below'],
    ['81', '小学毕业', 'junior_or_below'],
    ['83', '小学肄业', 'junior_or_below'],
    ['90', '其他', 'junior_or_below'],
  ] as const
).map(([code, zh, group]) => ({ code, zh, group }));

export function educationGroup(code: string | null | undefined): EducationGroup | null {
  if (!code) return null;
  return EDUCATIONS.find((e) => e.code === code)?.group ?? null;
}

// ---------------------------------------------------------------------------------------------------------
// 职业 — the occupation categories of the 中组部 annual party-statistics bulletin (党内统计公报).
// ---------------------------------------------------------------------------------------------------------
export const OCCUPATIONS = [
  { code: 'worker', zh: '工人（工勤技能人员）' },
  { code: 'farmer', zh: '农牧渔民' },
  { code: 'professional', zh: '企事业单位、社会组织专业技术人员' },
  { code: 'manager', zh: '企事业单位、社会组织管理人员' },
  { code: 'civil_servant', zh: '党政机关工作人员' },
  { code: 'student', zh: '学生' },
  { code: 'other', zh: '其他职业人员' },
  { code: 'retired', zh: '离退休人员' },
] as const satisfies readonly CodeEntry[];
export type Occupation = (typeof OCCUPATIONS)[number]['code'];

// ---------------------------------------------------------------------------------------------------------
// Org kinds and sectors (glossary).
// ---------------------------------------------------------------------------------------------------------
export const ORG_KINDS = [
  { code: 'local_committee', zh: '县（市、区）委' },
  { code: 'township_committee', zh: '乡镇党委' },
  // 街道党工委, and also 直属机关工委, 开发区工委 …: the generic name, not the street's (issue 10 #7)
  { code: 'working_committee', zh: '党工委' },
  { code: 'primary_committee', zh: '基层党委' },
  { code: 'general_branch', zh: '党总支' },
  { code: 'branch', zh: '党支部' },
  { code: 'joint_branch', zh: '联合党支部' },
  { code: 'temporary_branch', zh: '临时党支部' },
] as const satisfies readonly CodeEntry[];
export type OrgKind = (typeof ORG_KINDS)[number]['code'];

export const BRANCH_KINDS: readonly OrgKind[] = ['branch', 'joint_branch', 'temporary_branch'];

export const SECTORS = [
  { code: 'village', zh: '农村' },
  { code: 'community', zh: '城市社区' },
  // the committees of an area, counted in their own categories by the party statistics (domain/org/write.ts)
  { code: 'township', zh: '乡镇' },
  { code: 'street', zh: '城市街道' },
  { code: 'government', zh: '党政机关' },
  { code: 'institution', zh: '事业单位' },
  { code: 'state_enterprise', zh: '国有企业' },
  { code: 'private_enterprise', zh: '非公有制企业' },
  { code: 'social_org', zh: '社会组织' },
  { code: 'school', zh: '学校' },
  { code: 'other', zh: '其他' },
  // a county committee, a working committee that leads no street: no sector the statistics use
  { code: 'none', zh: '不区分领域' },
] as const satisfies readonly CodeEntry[];
export type Sector = (typeof SECTORS)[number]['code'];

export const ORG_STATUSES = [
  { code: 'active', zh: '正常' },
  { code: 'dissolved', zh: '已撤销' },
] as const satisfies readonly CodeEntry[];
export type OrgStatus = (typeof ORG_STATUSES)[number]['code'];

export const COMMITTEE_POSTS = [
  { code: 'secretary', zh: '书记' },
  { code: 'deputy_secretary', zh: '副书记' },
  { code: 'committee_member', zh: '委员' },
] as const satisfies readonly CodeEntry[];
export type CommitteePost = (typeof COMMITTEE_POSTS)[number]['code'];

// ---------------------------------------------------------------------------------------------------------
// Organisational life (issue 11, decision 0015): the kinds of meeting a record may be (several at once) and a
// member's attendance at one.
// ---------------------------------------------------------------------------------------------------------
export const MEETING_KINDS = [
  { code: 'general_meeting', zh: '支部党员大会' },
  { code: 'committee_meeting', zh: '支部委员会' },
  { code: 'group_meeting', zh: '党小组会' },
  { code: 'party_lecture', zh: '党课' },
  { code: 'theme_day', zh: '主题党日' },
  { code: 'life_meeting', zh: '组织生活会' },
  { code: 'appraisal_meeting', zh: '民主评议党员' },
] as const satisfies readonly CodeEntry[];
export type MeetingKind = (typeof MEETING_KINDS)[number]['code'];

export const ATTENDANCE_STATUSES = [
  { code: 'present', zh: '出席' },
  { code: 'excused', zh: '请假' },
  { code: 'absent', zh: '缺席' },
] as const satisfies readonly CodeEntry[];
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number]['code'];

// ---------------------------------------------------------------------------------------------------------
// Dues (党费, 中组发〔2008〕3号; decision 0020).
// ---------------------------------------------------------------------------------------------------------
/** The categories a member's dues basis is of: each has its own base and rate (src/policy/rules.ts `dues`). */
export const DUES_CATEGORIES = [
  { code: 'salaried', zh: '按月领取工资' },
  { code: 'annual_salary', zh: '年薪制' },
  { code: 'self_employed', zh: '个体经营等不按月取得收入' },
  { code: 'retired', zh: '离退休' },
  { code: 'farmer', zh: '农民' },
  { code: 'student', zh: '学生' },
  { code: 'unemployed', zh: '下岗失业' },
  { code: 'relief', zh: '依靠抚恤或救济' },
  { code: 'subsistence', zh: '领取最低生活保障金' },
] as const satisfies readonly CodeEntry[];
export type DuesCategory = (typeof DUES_CATEGORIES)[number]['code'];

/** An approved change of the amount due: 少交 (a smaller monthly amount) or 免交 (nothing). */
export const DUES_RELIEF_KINDS = [
  { code: 'reduced', zh: '经批准少交' },
  { code: 'exempt', zh: '经批准免交' },
] as const satisfies readonly CodeEntry[];
export type DuesReliefKind = (typeof DUES_RELIEF_KINDS)[number]['code'];

/** How a payment was made. */
export const DUES_METHODS = [
  { code: 'cash', zh: '现金' },
  { code: 'transfer', zh: '银行转账' },
  { code: 'wechat', zh: '微信' },
  { code: 'alipay', zh: '支付宝' },
  { code: 'other', zh: '其他' },
] as const satisfies readonly CodeEntry[];
export type DuesMethod = (typeof DUES_METHODS)[number]['code'];

// ---------------------------------------------------------------------------------------------------------
// Member status. Only `full` and `probationary` are on the roster; the rest are the dated ways off it.
// ---------------------------------------------------------------------------------------------------------
export const MEMBER_STATUSES = [
  { code: 'probationary', zh: '预备党员' },
  { code: 'full', zh: '正式党员' },
  { code: 'suspended', zh: '停止党籍' },
  { code: 'transferred_out', zh: '已转出' },
  { code: 'removed', zh: '已出党' },
  { code: 'revoked', zh: '取消预备党员资格' },
  { code: 'deceased', zh: '已去世' },
] as const satisfies readonly CodeEntry[];
export type MemberStatus = (typeof MEMBER_STATUSES)[number]['code'];
/** The statuses of a member on the roster (在册): counted, listed, able to hold posts. */
export const ROSTER_STATUSES: readonly MemberStatus[] = ['full', 'probationary'];
export function isOnRoster(status: MemberStatus): boolean {
  return status === 'full' || status === 'probationary';
}
/**
 * The statuses of a current membership (decision 0011): on the roster, or suspended (停止党籍, still a membership
 * that can be restored). The others end a membership; a person holds at most one current membership.
 */
export const CURRENT_MEMBERSHIP_STATUSES: readonly MemberStatus[] = ['probationary', 'full', 'suspended'];
export function isCurrentMembership(status: MemberStatus): boolean {
  return status === 'full' || status === 'probationary' || status === 'suspended';
}

export const SEXES = [
  { code: 'male', zh: '男' },
  { code: 'female', zh: '女' },
] as const satisfies readonly CodeEntry[];
export type Sex = (typeof SEXES)[number]['code'];

export function codesOf<T extends readonly CodeEntry[]>(
  list: T,
): [T[number]['code'], ...T[number]['code'][]] {
  return list.map((e) => e.code) as [T[number]['code'], ...T[number]['code'][]];
}

export function labelOf(list: readonly CodeEntry[], code: string | null | undefined): string {
  if (code == null) return '';
  return list.find((e) => e.code === code)?.zh ?? code;
}
