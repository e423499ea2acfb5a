/**
 * Local settings: the numbers a county may change (local practice, not national rules — those are in rules.ts).
 * Each setting is registered here with its Chinese label and description, its default and where that default was
 * seen, the schema its value must pass and its unit. A deployment stores its changes in the database, each with
 * the date it takes effect (`local_setting`, read by `settingsAt` in db/repositories/settings.ts); the settings in
 * force on a date are these defaults overlaid with the latest stored value of each key effective by then, so
 * history is judged by the settings of its time (decision 0007).
 */
import { z } from 'zod';
import {
  AssessmentSchemeSchema,
  DEFAULT_ASSESSMENT_SCHEME,
  formatScheme,
  type AssessmentScheme,
} from './assessment-scheme.js';

export interface StandingBand {
  key: string;
  zh: string;
  min: number;
  max: number | null;
}

export interface AccountSettings {
  /** lock the account after this many consecutive wrong passwords */
  maxFailedLogins: number;
  /** for this long */
  lockMinutes: number;
  /** a session lasts this long */
  sessionHours: number;
}

export interface LocalSettings {
  /** Bands of party standing (党龄, full years since confirmation) used by the roster statistics. */
  standingBands: readonly StandingBand[];
  /** Account security: lock-out after this many consecutive wrong passwords, for this long; session lifetime. */
  accounts: AccountSettings;
  /** An org's current term shows as ending soon (换届提醒) this many months before it ends: the first warning. */
  termEndingSoonMonths: number;
  /** The second and last warnings before a term's election is due (decision 0023; 3 and 1 by default). */
  termSecondWarningMonths: number;
  termLastWarningMonths: number;
  /**
   * A branch owes a party lecture (党课) once every this many months: 1, 3 (a quarter, the default) or 12 — the
   * periods compliance is counted in (decision 0015).
   */
  partyLectureMonths: PartyLectureMonths;
  /** 党费 (decision 0020): the county's amount for a farmer, in fen a month (中组发〔2008〕3号 第六条: 0.2–1 yuan). */
  duesFarmerFen: number;
  /** base × rate is rounded half up to this many fen: 1 (to the fen, the default), 10 (the jiao) or 100 (the yuan). */
  duesRoundingFen: DuesRoundingFen;
  /** A member's dues base older than this many months is listed for the yearly re-check (每年核定一次). */
  duesRecheckMonths: number;
  /**
   * Which 发展党员工作细则 recruitment steps are judged by (decision 0025): the 2014 text, or the unverified 2026
   * revision's overlay. A change takes effect from its date; each step is judged by the value in force on its date.
   */
  recruitmentRules: RecruitmentRulesYear;
  /** A letter of introduction (组织关系介绍信) is valid this many months; an open transfer past it is overdue. */
  transferLetterMonths: number;
  /** A member lost contact with this many months ago shows an early notice (before the 6-month rule). */
  lostContactNoticeMonths: number;
  /** A branch that admitted nobody for this many years is listed (the seeds' "no new members for years"). */
  recruitmentIdleYears: number;
  /** Health indicators and early warnings (decision 0032): the local numbers their amber and red rest on. */
  secretaryVacantRedMonths: number;
  secretaryMaxAge: number;
  lifeMissedRedPeriods: number;
  ageingAmberPoints: number;
  ageingRedPoints: number;
  admissionAmberYears: number;
  probationOverdueRedMonths: number;
  /**
   * The county's analysis view of the warnings (decision 0039): distributions of the indicators over its orgs by
   * township, for the county only — off by default (no ranking is pushed to branches).
   */
  analysisView: boolean;
  /** Weak-org screening and rectification (decision 0033): local numbers, shown and applied as information. */
  screening: ScreeningSettings;
  /** Classified assessment (分类考核, decision 0036): the scheme and whether low stars are suggested for screening. */
  assessment: AssessmentSettings;
  /** 述职评议 of secretaries (decision 0037): local numbers, applied as suggestions and to-dos only. */
  review: ReviewSettings;
  /** 抽查核实 (decision 0038): the local numbers of the consistency signals a draw is weighted by. */
  sampling: SamplingSettings;
}

/** The county's assessment scheme and what follows from its stars (decision 0036). */
export interface AssessmentSettings {
  scheme: AssessmentScheme;
  /** orgs whose year has fewer stars than this are suggested for weak-org screening; 0: off (the default) */
  rectifyBelowStars: number;
}

/** The local rules of the secretaries' 述职评议 (decision 0037). */
export interface SamplingSettings {
  /** a record entered more than this many days after its date counts as entered late (补录) */
  lateEntryDays: number;
  /** this many meetings of different days entered by one org on one day count as bulk entry (集中补录) */
  bulkEntryMeetings: number;
}

export interface ReviewSettings {
  /**
   * the grade suggested from a tally: the best grade whose votes, with those of the better grades, are more than
   * this percent of all votes (50: the grade of the median vote)
   */
  majorityPercent: number;
  /**
   * from which grade the higher committee's talk (约谈) and a rectification list are due, by the grade's place in
   * 好 1 / 较好 2 / 一般 3 / 差 4: 3 (一般 and 差) or 4 (差 only)
   */
  followUpFrom: 3 | 4;
}

/** The local numbers of weak-org screening (软弱涣散排查) and rectification (一村一策), decision 0033. */
export interface ScreeningSettings {
  /** the county's screening ratio in percent (排查比例), shown as a reference only; 0: 不设比例 */
  ratioPercent: number;
  /** petitions (信访件次) of a year at or above which type 8 is suggested */
  petitionThreshold: number;
  /** a satisfaction survey below this percent suggests type 10 */
  satisfactionMinPercent: number;
  /** acceptance (验收): this score out of 100 or more passes */
  passScore: number;
  /** acceptance: more than this percent of the votes dissatisfied fails outright */
  dissatisfiedMaxPercent: number;
  /** the follow-up watch after close-out (跟踪问效), in months */
  watchMonths: number;
}

/** The 发展党员工作细则 a deployment judges recruitment by: the 2014 text or the 2026 revision's overlay. */
export type RecruitmentRulesYear = 2014 | 2026;

/** The units an amount due may be rounded to, in fen. */
export type DuesRoundingFen = 1 | 10 | 100;

/** The periods a party lecture may be owed in: a month, a quarter, a year. */
export type PartyLectureMonths = 1 | 3 | 12;

export const DEFAULT_SETTINGS: LocalSettings = {
  standingBands: [
    { key: '0-5', zh: '5年及以下', min: 0, max: 5 },
    { key: '6-10', zh: '6至10年', min: 6, max: 10 },
    { key: '11-20', zh: '11至20年', min: 11, max: 20 },
    { key: '21-30', zh: '21至30年', min: 21, max: 30 },
    { key: '31-40', zh: '31至40年', min: 31, max: 40 },
    { key: '41-50', zh: '41至50年', min: 41, max: 50 },
    { key: '51+', zh: '51年及以上', min: 51, max: null },
  ],
  accounts: { maxFailedLogins: 5, lockMinutes: 15, sessionHours: 12 },
  termEndingSoonMonths: 6,
  termSecondWarningMonths: 3,
  termLastWarningMonths: 1,
  partyLectureMonths: 3,
  duesFarmerFen: 20,
  duesRoundingFen: 1,
  duesRecheckMonths: 12,
  recruitmentRules: 2014,
  transferLetterMonths: 3,
  lostContactNoticeMonths: 3,
  recruitmentIdleYears: 5,
  secretaryVacantRedMonths: 3,
  secretaryMaxAge: 60,
  lifeMissedRedPeriods: 3,
  ageingAmberPoints: 15,
  ageingRedPoints: 30,
  admissionAmberYears: 2,
  probationOverdueRedMonths: 3,
  analysisView: false,
  screening: {
    ratioPercent: 0,
    petitionThreshold: 5,
    satisfactionMinPercent: 60,
    passScore: 70,
    dissatisfiedMaxPercent: 50,
    watchMonths: 12,
  },
  assessment: { scheme: DEFAULT_ASSESSMENT_SCHEME, rectifyBelowStars: 0 },
  review: { majorityPercent: 50, followUpFrom: 3 },
  sampling: { lateEntryDays: 30, bulkEntryMeetings: 5 },
};

export function standingBandOf(
  years: number,
  bands: readonly StandingBand[] = DEFAULT_SETTINGS.standingBands,
): string {
  for (const b of bands) if (years >= b.min && (b.max === null || years <= b.max)) return b.key;
  return bands[0]!.key;
}

// ------------------------------------------------------------------------------------------------ standing bands

/** The key NO_STANDING uses in the statistics (members without standing yet); no band may take it. */
const RESERVED_BAND_KEY = 'none';
const MAX_STANDING_YEARS = 100;

/** The stable key of a band from its bounds: '6-10', '51+'. */
export function bandKey(min: number, max: number | null): string {
  return max === null ? `${min}+` : `${min}-${max}`;
}

/** The Chinese name of a band from its bounds, as the defaults are named: 5年及以下, 6至10年, 51年及以上. */
export function bandLabel(min: number, max: number | null): string {
  if (max === null) return `${min}年及以上`;
  if (min === 0) return `${max}年及以下`;
  if (min === max) return `${min}年`;
  return `${min}至${max}年`;
}

/**
 * Bands from their upper bounds: [5, 10, 20] → 0–5, 6–10, 11–20, 21 and more, with keys and names made from the
 * bounds. Contiguous by construction (the web editor and the CLI's short form use it).
 */
export function bandsFromUpperBounds(maxes: readonly number[]): StandingBand[] {
  const out: StandingBand[] = [];
  let min = 0;
  for (const max of maxes) {
    out.push({ key: bandKey(min, max), zh: bandLabel(min, max), min, max });
    min = max + 1;
  }
  out.push({ key: bandKey(min, null), zh: bandLabel(min, null), min, max: null });
  return out;
}

/**
 * The short form of a band list, '0-5,6-10,11-20,21+' (as `jiceng settings set` takes it): the bands with keys
 * and names made from the bounds, or null when the text is not of that form (its bounds are checked later, by
 * the schema).
 */
export function parseBandsText(text: string): StandingBand[] | null {
  const parts = text
    .split(/[,，、\s]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (!parts.length) return null;
  const out: StandingBand[] = [];
  for (const p of parts) {
    const m = /^(\d{1,3})(?:-(\d{1,3})|(\+))$/.exec(p);
    if (!m) return null;
    const min = Number(m[1]);
    const max = m[3] ? null : Number(m[2]);
    out.push({ key: bandKey(min, max), zh: bandLabel(min, max), min, max });
  }
  return out;
}

const years = (what: string) =>
  z
    .number({ error: `${what}应为整数` })
    .int(`${what}应为整数`)
    .min(0, `${what}不能小于0年`)
    .max(MAX_STANDING_YEARS, `${what}不能大于${MAX_STANDING_YEARS}年`);

const StandingBandSchema = z.object({
  key: z
    .string({ error: '党龄段代码应为文字' })
    .regex(/^[0-9A-Za-z+_-]{1,20}$/, '党龄段代码只能由字母、数字和 + - _ 组成，不超过20个字符'),
  zh: z
    .string({ error: '党龄段名称应为文字' })
    .trim()
    .min(1, '党龄段名称不能为空')
    .max(20, '党龄段名称不能超过20个字'),
  min: years('党龄段起点'),
  max: years('党龄段终点').nullable(),
});

/** Every full year of standing in exactly one band: from 0, no gaps, no overlaps, only the last one open. */
export const StandingBandsSchema = z
  .array(StandingBandSchema, { error: '党龄段应为一组分段' })
  .min(2, '至少要有两个党龄段')
  .max(20, '党龄段不能超过20个')
  .superRefine((bands, ctx) => {
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path, message });
    const keys = new Set<string>();
    bands.forEach((b, i) => {
      const name = `「${b.zh}」`;
      if (b.key === RESERVED_BAND_KEY)
        issue([i, 'key'], `代码 ${RESERVED_BAND_KEY} 已用于“预备党员（未计党龄）”，请换一个`);
      if (keys.has(b.key)) issue([i, 'key'], `党龄段代码“${b.key}”重复`);
      keys.add(b.key);
      if (i === 0 && b.min !== 0)
        issue([i, 'min'], `第一段应从0年开始（现为${b.min}年），否则党龄不足${b.min}年的党员无处统计`);
      if (b.max !== null && b.max < b.min) issue([i, 'max'], `${name}的起点${b.min}年大于终点${b.max}年`);
      const last = i === bands.length - 1;
      if (b.max === null && !last) issue([i, 'max'], `${name}没有上限：只有最后一段可以是“及以上”`);
      if (last && b.max !== null)
        issue([i, 'max'], `最后一段应不设上限（“及以上”），否则党龄超过${b.max}年的党员无处统计`);
      const prev = bands[i - 1];
      if (!prev || prev.max === null) return;
      if (b.min > prev.max + 1) {
        const from = prev.max + 1;
        const to = b.min - 1;
        issue(
          [i, 'min'],
          `党龄段不连续：「${prev.zh}」到${prev.max}年为止，${name}从${b.min}年开始，${from === to ? `${from}年` : `${from}至${to}年`}没有归入任何一段`,
        );
      } else if (b.min <= prev.max) {
        issue(
          [i, 'min'],
          `党龄段重叠：「${prev.zh}」到${prev.max}年为止，${name}从${b.min}年开始，${b.min === prev.max ? `${b.min}年` : `${b.min}至${prev.max}年`}同时属于两段`,
        );
      }
    });
  });

// ------------------------------------------------------------------------------------------------ the registry

/** The value type of each setting. */
export interface SettingValues {
  standingBands: readonly StandingBand[];
  'accounts.maxFailedLogins': number;
  'accounts.lockMinutes': number;
  'accounts.sessionHours': number;
  termEndingSoonMonths: number;
  termSecondWarningMonths: number;
  termLastWarningMonths: number;
  partyLectureMonths: PartyLectureMonths;
  duesFarmerFen: number;
  duesRoundingFen: DuesRoundingFen;
  duesRecheckMonths: number;
  recruitmentRules: RecruitmentRulesYear;
  transferLetterMonths: number;
  lostContactNoticeMonths: number;
  recruitmentIdleYears: number;
  secretaryVacantRedMonths: number;
  secretaryMaxAge: number;
  lifeMissedRedPeriods: number;
  ageingAmberPoints: number;
  ageingRedPoints: number;
  admissionAmberYears: number;
  probationOverdueRedMonths: number;
  'supervision.analysisView': boolean;
  'screening.ratioPercent': number;
  'screening.petitionThreshold': number;
  'screening.satisfactionMinPercent': number;
  'screening.passScore': number;
  'screening.dissatisfiedMaxPercent': number;
  'screening.watchMonths': number;
  'assessment.scheme': AssessmentScheme;
  'assessment.rectifyBelowStars': number;
  'review.majorityPercent': number;
  'review.followUpFrom': 3 | 4;
  'sampling.lateEntryDays': number;
  'sampling.bulkEntryMeetings': number;
}
export type SettingKey = keyof SettingValues;

export const SETTING_GROUPS = [
  { code: 'stats', zh: '统计口径' },
  { code: 'orgs', zh: '组织管理' },
  { code: 'life', zh: '组织生活' },
  { code: 'dues', zh: '党费' },
  { code: 'recruitment', zh: '发展党员' },
  { code: 'lifecycle', zh: '组织关系' },
  { code: 'supervision', zh: '健康预警' },
  { code: 'screening', zh: '软弱涣散整顿' },
  { code: 'assessment', zh: '分类考核' },
  { code: 'review', zh: '书记述职评议' },
  { code: 'sampling', zh: '抽查核实' },
  { code: 'accounts', zh: '账号安全' },
] as const;
export type SettingGroup = (typeof SETTING_GROUPS)[number]['code'];

export interface SettingDef<K extends SettingKey = SettingKey> {
  key: K;
  group: SettingGroup;
  /** Chinese name */
  label: string;
  /** what it does and when a change takes effect, in Chinese */
  description: string;
  /** where the default was seen, in Chinese */
  source: string;
  /** unit of the value (of the bounds, for bands) */
  unit: string;
  /** the value must pass this; its messages are Chinese */
  schema: z.ZodType<SettingValues[K]>;
  get(s: LocalSettings): SettingValues[K];
  set(s: LocalSettings, v: SettingValues[K]): LocalSettings;
}

const whole = (label: string, unit: string, min: number, max: number, minNote = '') =>
  z
    .number({ error: `${label}应为整数` })
    .int(`${label}应为整数`)
    .min(min, `${label}不能小于${min}${unit}${minNote}`)
    .max(max, `${label}不能大于${max}${unit}`);

const GB22239 = 'GB/T 22239-2019《信息安全技术 网络安全等级保护基本要求》';

export const SETTINGS: { readonly [K in SettingKey]: SettingDef<K> } = {
  standingBands: {
    key: 'standingBands',
    group: 'stats',
    label: '党龄分段',
    description:
      '名册统计“党龄结构”的分段（党龄按转为正式党员之日起的整年数计）。今天起的统计按生效中的分段显示；生效日期早于今天时，该日以来各日期的统计都按新分段重新计算。',
    source:
      '党内统计年报表2《党员基本情况》只按年龄分段，不设党龄分段，党龄段属本地统计口径；默认分为5年及以下、6至10年，此后每10年一段，至51年及以上（本系统默认值）。党龄从转为正式党员之日算起（党章第七条）。',
    unit: '年',
    schema: StandingBandsSchema,
    get: (s) => s.standingBands,
    set: (s, v) => ({ ...s, standingBands: v }),
  },
  termEndingSoonMonths: {
    key: 'termEndingSoonMonths',
    group: 'orgs',
    label: '换届提醒提前期',
    description: '党组织本届任期在届满前多少个月内显示为“即将到期”，提示及早准备换届。',
    source:
      '本系统默认值：届满前6个月起提示（届满前6、3、1个月分三次提醒）。任期年限见中办《关于党的基层组织任期的意见》（2018）；延期换届须报上级党组织批准，一般不超过1年（《中国共产党基层组织选举工作条例》2020年 第三条）。',
    unit: '个月',
    schema: whole('换届提醒提前期', '个月', 1, 24),
    get: (s) => s.termEndingSoonMonths,
    set: (s, v) => ({ ...s, termEndingSoonMonths: v }),
  },
  termSecondWarningMonths: {
    key: 'termSecondWarningMonths',
    group: 'orgs',
    label: '换届第二次提醒',
    description:
      '届满（或经批准延期、提前后的换届期限）前多少个月内显示第二次换届提醒。应小于“换届提醒提前期”。',
    source: '本系统默认值：届满前3个月（届满前6、3、1个月分三次提醒）。',
    unit: '个月',
    schema: whole('换届第二次提醒', '个月', 1, 24),
    get: (s) => s.termSecondWarningMonths,
    set: (s, v) => ({ ...s, termSecondWarningMonths: v }),
  },
  termLastWarningMonths: {
    key: 'termLastWarningMonths',
    group: 'orgs',
    label: '换届最后提醒',
    description:
      '届满（或经批准延期、提前后的换届期限）前多少个月内显示最后一次换届提醒。应小于“换届第二次提醒”。',
    source: '本系统默认值：届满前1个月（届满前6、3、1个月分三次提醒）。',
    unit: '个月',
    schema: whole('换届最后提醒', '个月', 1, 24),
    get: (s) => s.termLastWarningMonths,
    set: (s, v) => ({ ...s, termLastWarningMonths: v }),
  },
  partyLectureMonths: {
    key: 'partyLectureMonths',
    group: 'life',
    label: '党课周期',
    description:
      '党支部每隔多少个月至少上一次党课：1（每月）、3（每季度）或12（每年）。组织生活的应开、已开、未开按此计算；修改后从生效日期起的月份、季度、年度按新的周期计算。',
    source:
      '《中国共产党支部工作条例（试行）》（2018）第十六条只要求“按期上党课”、党支部书记每年至少讲1次党课，未规定次数；每季度1次是多数地方的做法，为本系统默认值。',
    unit: '个月',
    schema: z
      .number({ error: '党课周期应为整数' })
      .refine((v): v is PartyLectureMonths => v === 1 || v === 3 || v === 12, {
        message: '党课周期只能是1、3或12个月（每月、每季度、每年）',
      }) as unknown as z.ZodType<PartyLectureMonths>,
    get: (s) => s.partyLectureMonths,
    set: (s, v) => ({ ...s, partyLectureMonths: v }),
  },
  duesFarmerFen: {
    key: 'duesFarmerFen',
    group: 'dues',
    label: '农民党员每月党费',
    description:
      '本县农民党员每月交纳党费的金额（单位：分，20分即0.2元）。修改后从生效日期所在月份起按新金额计算应交党费。',
    source:
      '《关于中国共产党党费收缴、使用和管理的规定》（中组发〔2008〕3号）第六条：农民党员每月交纳党费0.2元至1元，具体由县级党委确定；本系统默认取下限0.2元。',
    unit: '分',
    schema: whole('农民党员每月党费', '分', 20, 100, '（0.2元，第六条的下限）'),
    get: (s) => s.duesFarmerFen,
    set: (s, v) => ({ ...s, duesFarmerFen: v }),
  },
  duesRoundingFen: {
    key: 'duesRoundingFen',
    group: 'dues',
    label: '应交党费取整单位',
    description:
      '按工资基数和比例计算的应交党费四舍五入到：1分（默认）、10分（角）或100分（元）。修改后从生效日期所在月份起按新的取整方式计算。',
    source:
      '中组发〔2008〕3号未规定计算结果如何取整；本系统默认四舍五入到分，个别地方按角或元取整的，可在此设置。',
    unit: '分',
    schema: z
      .number({ error: '取整单位应为整数' })
      .refine((v): v is DuesRoundingFen => v === 1 || v === 10 || v === 100, {
        message: '取整单位只能是1、10或100分（分、角、元）',
      }) as unknown as z.ZodType<DuesRoundingFen>,
    get: (s) => s.duesRoundingFen,
    set: (s, v) => ({ ...s, duesRoundingFen: v }),
  },
  duesRecheckMonths: {
    key: 'duesRecheckMonths',
    group: 'dues',
    label: '党费基数核定周期',
    description: '党员的党费计算基数超过此月数未重新核定的，列入“待核定基数”提醒支部重新核定。',
    source:
      '各地一般每年核定一次党费基数（本系统默认12个月）；中组发〔2008〕3号第十条要求工资变化时从新标准当月起按新基数交纳。',
    unit: '个月',
    schema: whole('党费基数核定周期', '个月', 1, 36),
    get: (s) => s.duesRecheckMonths,
    set: (s, v) => ({ ...s, duesRecheckMonths: v }),
  },
  recruitmentRules: {
    key: 'recruitmentRules',
    group: 'recruitment',
    label: '发展党员工作细则版本',
    description:
      '发展党员各步骤按哪一版细则检查：2014（《中国共产党发展党员工作细则》中办发〔2014〕34号）或2026（据报道的2026年5月修订：确定发展对象前公示不少于5个工作日并报上级党委同意、预审后1个月内召开支部大会、无记名投票、批准后1个月内入党宣誓）。每个步骤按其发生之日生效的版本检查；2026年修订的规定不早于2026-05-11适用。',
    source:
      '2026年修订的原文未能核实，仅见于多个公开项目的引用，故默认仍按2014年细则；确认原文后可设为2026并选择生效日期。',
    unit: '年版',
    schema: z
      .number({ error: '细则版本应为2014或2026' })
      .refine((v): v is RecruitmentRulesYear => v === 2014 || v === 2026, {
        message: '细则版本只能是2014或2026',
      }) as unknown as z.ZodType<RecruitmentRulesYear>,
    get: (s) => s.recruitmentRules,
    set: (s, v) => ({ ...s, recruitmentRules: v }),
  },
  transferLetterMonths: {
    key: 'transferLetterMonths',
    group: 'lifecycle',
    label: '组织关系介绍信有效期',
    description:
      '开具组织关系介绍信（含本县内转接）时按此月数确定有效期；超过有效期仍未接收或未收到回执的转接显示为“已超期”。修改后对此后开具的介绍信生效。',
    source:
      '组织关系介绍信“有效期可根据具体情况确定，一般不应超过3个月”；有的地方跨省转接不超过6个月（地方做法，以本地规定为准）。本系统默认3个月，最长6个月。',
    unit: '个月',
    schema: whole('介绍信有效期', '个月', 1, 6),
    get: (s) => s.transferLetterMonths,
    set: (s, v) => ({ ...s, transferLetterMonths: v }),
  },
  lostContactNoticeMonths: {
    key: 'lostContactNoticeMonths',
    group: 'lifecycle',
    label: '失联提前提醒',
    description:
      '党员失联达到此月数时提前提醒支部继续查找（失联满6个月提示研究停止党籍，为全国规定，不在此设置）。',
    source: '对失去联系的党员，党组织应及早过问，不要等到6个月以后；本系统默认失联满3个月提前提醒。',
    unit: '个月',
    schema: whole('失联提前提醒', '个月', 1, 5),
    get: (s) => s.lostContactNoticeMonths,
    set: (s, v) => ({ ...s, lostContactNoticeMonths: v }),
  },
  recruitmentIdleYears: {
    key: 'recruitmentIdleYears',
    group: 'recruitment',
    label: '多年未发展党员提示年限',
    description: '党支部连续多少年没有接收预备党员，即在发展党员统计中列为“多年未发展党员”，提示上级关注。',
    source:
      '研究材料反映一些村“多年未发展党员”，未见全国统一年限；本系统默认5年。《中国共产党发展党员工作细则》第三条要求反对“关门主义”。',
    unit: '年',
    schema: whole('多年未发展党员提示年限', '年', 1, 20),
    get: (s) => s.recruitmentIdleYears,
    set: (s, v) => ({ ...s, recruitmentIdleYears: v }),
  },
  secretaryVacantRedMonths: {
    key: 'secretaryVacantRedMonths',
    group: 'supervision',
    label: '书记缺职红色预警月数',
    description: '党组织书记职位空缺即显示黄色预警；空缺超过此月数显示红色预警（书记长期缺职）。',
    source: '某州软弱涣散认定标准“3项17条”含“书记出缺超过3个月”（地方规定）；本系统默认3个月。',
    unit: '个月',
    schema: whole('书记缺职红色预警月数', '个月', 1, 24),
    get: (s) => s.secretaryVacantRedMonths,
    set: (s, v) => ({ ...s, secretaryVacantRedMonths: v }),
  },
  secretaryMaxAge: {
    key: 'secretaryMaxAge',
    group: 'supervision',
    label: '书记年龄提示',
    description: '党组织书记年满此岁数以上（超过）时显示黄色预警，提示上级关注班子梯队。',
    source: '各地对村党组织书记年龄的要求不一，未见全国统一规定；本系统默认60岁，可按本地规定修改。',
    unit: '岁',
    schema: whole('书记年龄提示', '岁', 40, 80),
    get: (s) => s.secretaryMaxAge,
    set: (s, v) => ({ ...s, secretaryMaxAge: v }),
  },
  lifeMissedRedPeriods: {
    key: 'lifeMissedRedPeriods',
    group: 'supervision',
    label: '组织生活红色预警缺次',
    description:
      '近两个季度应开未开的组织生活（按月、季、年计的期次）合计达到此数，或某类会议在这两个季度里一次未开，显示红色预警；缺1次即黄色。',
    source:
      '《中国共产党支部工作条例（试行）》第十五条至第十九条规定三会一课等组织生活的频次；红色预警的次数为本系统默认值3。',
    unit: '次',
    schema: whole('组织生活红色预警缺次', '次', 1, 20),
    get: (s) => s.lifeMissedRedPeriods,
    set: (s, v) => ({ ...s, lifeMissedRedPeriods: v }),
  },
  ageingAmberPoints: {
    key: 'ageingAmberPoints',
    group: 'supervision',
    label: '老龄化黄色预警（高于全县百分点）',
    description: '党组织61岁及以上党员占比高出全县此百分点数及以上时显示黄色预警。',
    source: '研究材料反映农村党员队伍老化；未见统一标准，本系统默认高出全县15个百分点。',
    unit: '个百分点',
    schema: whole('老龄化黄色预警', '个百分点', 1, 100),
    get: (s) => s.ageingAmberPoints,
    set: (s, v) => ({ ...s, ageingAmberPoints: v }),
  },
  ageingRedPoints: {
    key: 'ageingRedPoints',
    group: 'supervision',
    label: '老龄化红色预警（高于全县百分点）',
    description: '党组织61岁及以上党员占比高出全县此百分点数及以上时显示红色预警。',
    source: '未见统一标准，本系统默认高出全县30个百分点。',
    unit: '个百分点',
    schema: whole('老龄化红色预警', '个百分点', 1, 100),
    get: (s) => s.ageingRedPoints,
    set: (s, v) => ({ ...s, ageingRedPoints: v }),
  },
  admissionAmberYears: {
    key: 'admissionAmberYears',
    group: 'supervision',
    label: '未发展党员黄色预警年限',
    description:
      '党支部连续此年数以上没有接收预备党员显示黄色预警；达到“多年未发展党员提示年限”显示红色预警。',
    source: '某州认定标准含“连续2年以上无发展对象”（地方规定）；本系统默认2年。',
    unit: '年',
    schema: whole('未发展党员黄色预警年限', '年', 1, 20),
    get: (s) => s.admissionAmberYears,
    set: (s, v) => ({ ...s, admissionAmberYears: v }),
  },
  probationOverdueRedMonths: {
    key: 'probationOverdueRedMonths',
    group: 'supervision',
    label: '预备期满未转正红色预警月数',
    description: '预备党员预备期满仍未讨论转正即显示黄色预警；超过此月数显示红色预警。',
    source:
      '《中国共产党发展党员工作细则》第三十二条：预备期满应及时讨论能否转为正式党员；红色预警的月数为本系统默认值3。',
    unit: '个月',
    schema: whole('预备期满未转正红色预警月数', '个月', 1, 12),
    get: (s) => s.probationOverdueRedMonths,
    set: (s, v) => ({ ...s, probationOverdueRedMonths: v }),
  },
  'supervision.analysisView': {
    key: 'supervision.analysisView',
    group: 'supervision',
    label: '预警分析视图',
    description:
      '开启后，县级组织部管理员可在预警页查看各项指标在全县各乡镇（街道）党组织中的分布（各乡镇红色、黄色预警的组织数和占比）。只供县里分析，不排名，也不向乡镇和支部推送；关闭时该视图不显示，接口也拒绝访问。',
    source: '议题要求“分析视图仅供县级使用，默认关闭”（减负要求：不向基层推送排名）；本系统默认关闭。',
    unit: '',
    schema: z.boolean({ error: '预警分析视图应为开启（true）或关闭（false）' }),
    get: (s) => s.analysisView,
    set: (s, v) => ({ ...s, analysisView: v }),
  },
  'accounts.maxFailedLogins': {
    key: 'accounts.maxFailedLogins',
    group: 'accounts',
    label: '连续输错密码锁定次数',
    description: '连续输错密码达到此次数，账号即被锁定。修改后对下一次登录生效。',
    source: `${GB22239}“身份鉴别”要求具备登录失败处理功能、限制非法登录次数，未规定具体次数；5次为本系统默认值。`,
    unit: '次',
    schema: whole('锁定次数', '次', 3, 20),
    get: (s) => s.accounts.maxFailedLogins,
    set: (s, v) => ({ ...s, accounts: { ...s.accounts, maxFailedLogins: v } }),
  },
  'accounts.lockMinutes': {
    key: 'accounts.lockMinutes',
    group: 'accounts',
    label: '锁定时长',
    description: '账号因连续输错密码被锁定的时长；管理员重置密码可提前解锁。修改后对新的锁定生效。',
    source: `${GB22239}要求登录失败后采取锁定等措施，未规定时长；15分钟为本系统默认值。`,
    unit: '分钟',
    schema: whole('锁定时长', '分钟', 1, 1440, '（0分钟等于不锁定）'),
    get: (s) => s.accounts.lockMinutes,
    set: (s, v) => ({ ...s, accounts: { ...s.accounts, lockMinutes: v } }),
  },
  'screening.ratioPercent': {
    key: 'screening.ratioPercent',
    group: 'screening',
    label: '排查比例（仅供参考）',
    description:
      '县里每年排查软弱涣散村（社区）党组织时参考的比例，只在排查页面作为参考信息显示（“按此比例约N个”），不作为指标，也不限制认定的数量。0表示不设比例。',
    source:
      '人民日报（2017）：各地以县乡为主每年按5%–10%比例倒排；滁州（2014）村10%、社区5%；也有地方规定“不设比例、不定指标、应整尽整”，有的要求不少于行政村总数的10%。各地不一，本系统默认0（不设比例）。',
    unit: '%',
    schema: whole('排查比例', '%', 0, 30),
    get: (s) => s.screening.ratioPercent,
    set: (s, v) => ({ ...s, screening: { ...s.screening, ratioPercent: v } }),
  },
  'screening.petitionThreshold': {
    key: 'screening.petitionThreshold',
    group: 'screening',
    label: '信访提示线',
    description:
      '乡镇记录的某村（社区）本年度信访件次合计达到此数时，排查中提示“社会治安问题和信访矛盾纠纷集中的”（第8类），供县里认定时参考。',
    source: '未见全国统一标准，属本地口径；本系统默认5件次。',
    unit: '件次',
    schema: whole('信访提示线', '件次', 1, 100),
    get: (s) => s.screening.petitionThreshold,
    set: (s, v) => ({ ...s, screening: { ...s.screening, petitionThreshold: v } }),
  },
  'screening.satisfactionMinPercent': {
    key: 'screening.satisfactionMinPercent',
    group: 'screening',
    label: '群众满意度提示线',
    description:
      '最近一次群众满意度测评的满意率低于此百分比时，排查中提示“党组织服务意识差、服务能力弱、群众意见大的”（第10类）。',
    source: '某州软弱涣散党组织认定标准（3项17条）中有“群众满意度低于60%”一条，属地方规定；本系统默认60%。',
    unit: '%',
    schema: whole('群众满意度提示线', '%', 1, 100),
    get: (s) => s.screening.satisfactionMinPercent,
    set: (s, v) => ({ ...s, screening: { ...s.screening, satisfactionMinPercent: v } }),
  },
  'screening.passScore': {
    key: 'screening.passScore',
    group: 'screening',
    label: '验收合格分数线',
    description: '整顿验收综合打分（百分制）达到此分数为合格（系统据此给出建议，是否合格由验收组认定）。',
    source: '淳化、合阳等县的验收办法：综合打分70分以上为合格，属地方规定；本系统默认70分。',
    unit: '分',
    schema: whole('验收合格分数线', '分', 1, 100),
    get: (s) => s.screening.passScore,
    set: (s, v) => ({ ...s, screening: { ...s.screening, passScore: v } }),
  },
  'screening.dissatisfiedMaxPercent': {
    key: 'screening.dissatisfiedMaxPercent',
    group: 'screening',
    label: '不满意票否决线',
    description: '验收民主测评中不满意票超过此百分比的，直接认定为不合格，不看得分。',
    source: '淳化县验收办法：群众不满意票超过50%的直接认定为不合格，属地方规定；本系统默认50%。',
    unit: '%',
    schema: whole('不满意票否决线', '%', 1, 100),
    get: (s) => s.screening.dissatisfiedMaxPercent,
    set: (s, v) => ({ ...s, screening: { ...s.screening, dissatisfiedMaxPercent: v } }),
  },
  'screening.watchMonths': {
    key: 'screening.watchMonths',
    group: 'screening',
    label: '销号后跟踪问效期',
    description: '整顿销号后继续跟踪的月数；跟踪期内该组织的指标再次变红，即提示“反弹”。',
    source: '菏泽：已完成整顿的村继续跟踪问效1年，属地方规定；本系统默认12个月。',
    unit: '个月',
    schema: whole('销号后跟踪问效期', '个月', 1, 36),
    get: (s) => s.screening.watchMonths,
    set: (s, v) => ({ ...s, screening: { ...s.screening, watchMonths: v } }),
  },
  'assessment.scheme': {
    key: 'assessment.scheme',
    group: 'assessment',
    label: '分类考核方案',
    description:
      '各考核类别（如工商贸易型、特色产业型、一般经济发展型）的考核项目及每月分值（每类合计100分），以及按全年月均得分评定星级的分数线。在“考核方案”页修改；生效日期起的月份按新方案计分。',
    source:
      '分类考核的村类型未见全国统一规定，属本县设置（如济南“分类定标”）；默认星级分数线取天津西青百分制：95分以上五星、85分四星、75分三星、65分二星、60分一星，60分以下不评星。',
    unit: '分',
    schema: AssessmentSchemeSchema as z.ZodType<AssessmentScheme>,
    get: (s) => s.assessment.scheme,
    set: (s, v) => ({ ...s, assessment: { ...s.assessment, scheme: v } }),
  },
  'assessment.rectifyBelowStars': {
    key: 'assessment.rectifyBelowStars',
    group: 'assessment',
    label: '低星级列入整顿提示',
    description:
      '全年考核星级低于此星数的党组织，在软弱涣散排查中作为提示列出（仅供参考，是否认定由县委组织部决定）。0表示不提示。',
    source:
      '浙江：基层党组织评星定级，3星级以下列为整顿对象（人民日报2017），属地方做法；本系统默认0（不提示）。',
    unit: '星',
    schema: whole('低星级列入整顿提示', '星', 0, 5),
    get: (s) => s.assessment.rectifyBelowStars,
    set: (s, v) => ({ ...s, assessment: { ...s.assessment, rectifyBelowStars: v } }),
  },
  'review.majorityPercent': {
    key: 'review.majorityPercent',
    group: 'review',
    label: '测评等次建议线',
    description:
      '书记述职评议民主测评后，系统建议的等次：从“好”开始，某一等次及更好等次的票数合计超过全部票数的此百分比时，建议为该等次（50%即建议“中间那一票”的等次）。只是建议，等次由评议的党组织确定。',
    source:
      '民主测评等次分为好、较好、一般、差；由票数得出等次的办法未见全国统一规定，属本地口径；本系统默认50%（过半数）。',
    unit: '%',
    schema: whole('测评等次建议线', '%', 50, 90),
    get: (s) => s.review.majorityPercent,
    set: (s, v) => ({ ...s, review: { ...s.review, majorityPercent: v } }),
  },
  'review.followUpFrom': {
    key: 'review.followUpFrom',
    group: 'review',
    label: '约谈整改起点等次',
    description:
      '评议等次为此等次或更差时，待办中提示上级党组织约谈书记、制定整改清单：3（一般及差）或4（仅差）；等次依次为好1、较好2、一般3、差4。评为差的，另提示研究是否列为软弱涣散党组织（书记不胜任）及书记调整意见。只作提示，由人决定。',
    source:
      '各地述职评议办法多规定对评为一般、差的书记进行约谈、限期整改，评为差的视情况组织调整（地方做法）；本系统默认从“一般”起。',
    unit: '等',
    schema: z.number({ error: '约谈整改起点等次应为3或4' }).refine((v): v is 3 | 4 => v === 3 || v === 4, {
      message: '约谈整改起点等次只能是3（一般及差）或4（仅差）',
    }) as unknown as z.ZodType<3 | 4>,
    get: (s) => s.review.followUpFrom,
    set: (s, v) => ({ ...s, review: { ...s.review, followUpFrom: v } }),
  },
  'sampling.lateEntryDays': {
    key: 'sampling.lateEntryDays',
    group: 'sampling',
    label: '补录认定天数',
    description:
      '抽查时，会议、党费缴纳、发展党员步骤的录入日期晚于其发生日期超过此天数的，视为补录，作为一项核实信号，提高该记录被抽中的机会。只影响抽样权重，不认定记录真假。',
    source: '未见全国统一规定，属本地口径；本系统默认30天。',
    unit: '天',
    schema: whole('补录认定天数', '天', 7, 365),
    get: (s) => s.sampling.lateEntryDays,
    set: (s, v) => ({ ...s, sampling: { ...s.sampling, lateEntryDays: v } }),
  },
  'sampling.bulkEntryMeetings': {
    key: 'sampling.bulkEntryMeetings',
    group: 'sampling',
    label: '集中补录认定次数',
    description:
      '同一党组织在同一天录入此数量及以上、发生在不同日期的会议的，这些会议视为集中补录，作为一项核实信号，提高被抽中的机会。只影响抽样权重，不认定记录真假。',
    source: '未见全国统一规定，属本地口径；本系统默认5次。',
    unit: '次',
    schema: whole('集中补录认定次数', '次', 2, 50),
    get: (s) => s.sampling.bulkEntryMeetings,
    set: (s, v) => ({ ...s, sampling: { ...s.sampling, bulkEntryMeetings: v } }),
  },
  'accounts.sessionHours': {
    key: 'accounts.sessionHours',
    group: 'accounts',
    label: '登录有效期',
    description: '登录后多长时间内无须再次登录；到期须重新登录。修改后对新的登录生效。',
    source: `${GB22239}要求登录连接超时自动退出；12小时（一个工作日）为本系统默认值。`,
    unit: '小时',
    schema: whole('登录有效期', '小时', 1, 72),
    get: (s) => s.accounts.sessionHours,
    set: (s, v) => ({ ...s, accounts: { ...s.accounts, sessionHours: v } }),
  },
};

/** Every setting, in the order the settings page lists them. */
export const SETTING_KEYS: readonly SettingKey[] = [
  'standingBands',
  'termEndingSoonMonths',
  'termSecondWarningMonths',
  'termLastWarningMonths',
  'partyLectureMonths',
  'duesFarmerFen',
  'duesRoundingFen',
  'duesRecheckMonths',
  'recruitmentRules',
  'transferLetterMonths',
  'lostContactNoticeMonths',
  'recruitmentIdleYears',
  'secretaryVacantRedMonths',
  'secretaryMaxAge',
  'lifeMissedRedPeriods',
  'ageingAmberPoints',
  'ageingRedPoints',
  'admissionAmberYears',
  'probationOverdueRedMonths',
  'supervision.analysisView',
  'screening.ratioPercent',
  'screening.petitionThreshold',
  'screening.satisfactionMinPercent',
  'screening.passScore',
  'screening.dissatisfiedMaxPercent',
  'screening.watchMonths',
  'assessment.scheme',
  'assessment.rectifyBelowStars',
  'review.majorityPercent',
  'review.followUpFrom',
  'sampling.lateEntryDays',
  'sampling.bulkEntryMeetings',
  'accounts.maxFailedLogins',
  'accounts.lockMinutes',
  'accounts.sessionHours',
];

export function isSettingKey(key: string): key is SettingKey {
  return Object.prototype.hasOwnProperty.call(SETTINGS, key);
}

export function settingDef<K extends SettingKey>(key: K): SettingDef<K> {
  return SETTINGS[key] as SettingDef<K>;
}

/** A value checked against its setting's schema: the value, or the Chinese messages of what is wrong. */
export function checkSettingValue(
  key: SettingKey,
  value: unknown,
):
  | { ok: true; value: SettingValues[SettingKey] }
  | { ok: false; issues: { path: (string | number)[]; message: string }[] } {
  const r = (SETTINGS[key].schema as z.ZodType<SettingValues[SettingKey]>).safeParse(value);
  if (r.success) return { ok: true, value: r.data };
  return {
    ok: false,
    issues: r.error.issues.map((i) => ({
      path: i.path.filter((p): p is string | number => typeof p !== 'symbol'),
      message: i.message,
    })),
  };
}

/**
 * The settings with stored values laid over `base` (the defaults): values of unknown keys, and values that no
 * longer pass their schema (stored by another version), are skipped, so the default stays in force for them.
 */
export function overlaySettings(
  base: LocalSettings,
  stored: readonly { key: string; value: unknown }[],
): LocalSettings {
  let out = base;
  for (const s of stored) {
    if (!isSettingKey(s.key)) continue;
    const checked = checkSettingValue(s.key, s.value);
    if (!checked.ok) continue;
    const def = SETTINGS[s.key] as SettingDef<SettingKey>;
    out = def.set(out, checked.value as never);
  }
  return out;
}

/**
 * The settings in force on `date` from a deployment's whole history of changes (`local_setting` rows, in any
 * order): the defaults overlaid with the latest value of each key effective by then (the later row when two share a
 * date) — what `settingsAt` reads from the database, for a use case that judges many dates at once.
 */
export function settingsOn(
  history: readonly { id: number; key: string; value: unknown; effectiveFrom: string }[],
  date: string,
  base: LocalSettings = DEFAULT_SETTINGS,
): LocalSettings {
  const latest = new Map<string, { id: number; key: string; value: unknown; effectiveFrom: string }>();
  for (const r of history) {
    if (r.effectiveFrom > date) continue;
    const seen = latest.get(r.key);
    if (
      !seen ||
      r.effectiveFrom > seen.effectiveFrom ||
      (r.effectiveFrom === seen.effectiveFrom && r.id > seen.id)
    )
      latest.set(r.key, r);
  }
  return overlaySettings(base, [...latest.values()]);
}

/** A setting's value as a person reads it: '5次', '5年及以下、6至10年、…、51年及以上'. */
export function formatSettingValue(key: SettingKey, value: unknown): string {
  if (key === 'standingBands')
    return Array.isArray(value) ? value.map((b: StandingBand) => b.zh).join('、') : String(value);
  if (key === 'assessment.scheme') {
    const c = checkSettingValue(key, value);
    return c.ok ? formatScheme(c.value as AssessmentScheme) : JSON.stringify(value);
  }
  if (key === 'assessment.rectifyBelowStars' && value === 0) return '不提示';
  if (key === 'review.followUpFrom') return value === 4 ? '4（仅差）' : '3（一般及差）';
  if (typeof value === 'boolean') return value ? '开启' : '关闭';
  return `${String(value)}${SETTINGS[key].unit}`;
}

/**
 * Two values of a setting are the same. Both are read through the setting's schema first, so the order of an
 * object's fields (jsonb keeps its own) does not matter.
 */
export function sameSettingValue(key: SettingKey, a: unknown, b: unknown): boolean {
  const norm = (v: unknown) => {
    const c = checkSettingValue(key, v);
    return JSON.stringify(c.ok ? c.value : v);
  };
  return norm(a) === norm(b);
}
