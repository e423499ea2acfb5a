/**
 * Health indicators of a party organisation (issue 14 part 1, decision 0032): each a value, not code scattered
 * through services — its key, Chinese label, the rule or local setting it rests on (with its source), which orgs it
 * applies to, how its value is computed from the org's facts, its amber/red thresholds (local settings, defaults in
 * policy/settings.ts) and its evidence in Chinese naming the records or the missing periods. Pure: the facts are
 * loaded in bulk by the repositories (db/repositories/supervision.ts) and the services that already judge each record
 * kind; nothing here reads a clock or a database.
 */
import { addDays, addMonths, addYears, fullYears, type IsoDate } from '../../shared/dates.js';
import { BRANCH_KINDS, MEETING_KINDS, type OrgKind, type Sector } from '../../shared/codes.js';
import type { LocalSettings } from '../../policy/settings.js';
import type { RuleSet } from '../../policy/rules.js';

export type Level = 'green' | 'amber' | 'red';
export const LEVELS: readonly { code: Level; zh: string }[] = [
  { code: 'green', zh: '正常' },
  { code: 'amber', zh: '黄色预警' },
  { code: 'red', zh: '红色预警' },
];

/** A member named in evidence: the name and the day or month the fact is about. */
export interface NamedFact {
  name: string;
  /** the day (or first day of the month) it began or falls due */
  since: IsoDate;
  /** months the run has lasted (article 9, dues, lost contact) */
  months?: number;
  flag?: 'three_months' | 'six_months' | 'notice' | 'serious' | null;
}

/** Everything the indicators of one org read, as of one day. Absent (undefined/null) facts mean "not recorded". */
export interface OrgHealthFacts {
  asOf: IsoDate;
  org: {
    code: string;
    name: string;
    kind: OrgKind;
    sector: Sector;
    foundedOn: IsoDate | null;
  };
  /** the org's own roster on asOf */
  full: number;
  probationary: number;
  /** own roster: members aged 61 and over, and the sum of ages (for the average) */
  aged61: number;
  ageSum: number;
  /** the same for the county the org belongs to (its 县委 ancestor, else the deployment); null when unknown */
  county: { members: number; aged61: number; ageSum: number } | null;
  /** the secretary in post on asOf */
  secretary: { name: string; birthDate: IsoDate; since: IsoDate } | null;
  /** when nobody holds the post: the day the last secretary left it (null: none ever recorded) */
  secretaryLeftOn: IsoDate | null;
  /** committee posts held on asOf (secretary, deputies, members) */
  committee: number;
  /** the term (换届) as decision 0023 judges it; null: the org elects no committee */
  term: { status: string; termEnds: IsoDate | null } | null;
  /** organisational life over the last two whole quarters: per kind the periods owed and the ones missed */
  life: { type: string; expected: number; missing: string[] }[] | null;
  /** 党章第九条 flags on organisational life (members of the own roster) */
  article9: NamedFact[];
  /** dues runs with a flag (three or six months unpaid) */
  dues: NamedFact[];
  /** the last admission of a probationary member (null: none ever; undefined: not a branch) */
  lastAdmitted?: IsoDate | null;
  /** probationary members whose probation ended by asOf: `since` is the day it ended */
  probationDue: NamedFact[];
  /** outgoing transfers past their letter's validity: `since` is the letter's last valid day */
  transfersOverdue: NamedFact[];
  /** members out of contact on asOf: `since` the day contact was lost */
  lostContact: NamedFact[];
  /** villages / communities of the org's area with no party organisation; null: no division table to compare */
  uncovered: { code: string; name: string }[] | null;
}

export interface IndicatorResult {
  key: IndicatorKey;
  level: Level;
  /** the value the level was judged on (months, members, points, periods …); null when not a number */
  value: number | null;
  /** when the cause began, if the records say (else the first day it was seen) */
  since: IsoDate | null;
  /** Chinese sentences naming the records or missing periods */
  evidence: string[];
}

export interface Indicator {
  key: IndicatorKey;
  zh: string;
  /** the rule or local setting it rests on, with its source (Chinese) */
  source: string;
  /** the settings its thresholds are (empty: official numbers only) */
  settings: readonly (keyof LocalSettings)[];
  /** which orgs it applies to (Chinese, for the page) */
  appliesToZh: string;
  appliesTo(f: OrgHealthFacts): boolean;
  judge(f: OrgHealthFacts, s: LocalSettings, r: RuleSet): Omit<IndicatorResult, 'key'>;
}

export const INDICATOR_KEYS = [
  'secretary_vacant',
  'committee_incomplete',
  'term_due',
  'org_life',
  'article9_life',
  'dues_arrears',
  'ageing',
  'admission_idle',
  'probation_overdue',
  'transfer_overdue',
  'lost_contact',
  'too_few_full',
  'too_many_members',
  'secretary_age',
  'coverage',
] as const;
export type IndicatorKey = (typeof INDICATOR_KEYS)[number];

// ------------------------------------------------------------------------------------------------ helpers

const GREEN = (evidence: string[] = [], value: number | null = null) => ({
  level: 'green' as const,
  value,
  since: null,
  evidence,
});

/** 2026-03-01 → 2026年3月1日 */
export function dayZh(d: IsoDate): string {
  return `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
}
/** 2026-03(-01) → 2026年3月 */
export function monthZh(d: string): string {
  return `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月`;
}
/** A compliance period key: 2026-03 → 2026年3月, 2026-Q2 → 2026年第2季度, 2026 → 2026年度 */
export function periodZh(p: string): string {
  if (/^\d{4}-Q\d$/.test(p)) return `${p.slice(0, 4)}年第${p.slice(6)}季度`;
  if (/^\d{4}-\d{2}$/.test(p)) return monthZh(p);
  return `${p}年度`;
}
/** Whole months from a to b (a ≤ b): a month is reached on the same day of the month (the last day of a shorter one). */
export function wholeMonths(a: IsoDate, b: IsoDate): number {
  let n =
    (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + Number(b.slice(5, 7)) - Number(a.slice(5, 7));
  if (n > 0 && addMonths(a, n) > b) n--;
  return Math.max(0, n);
}
const pct = (n: number, d: number) => (d === 0 ? 0 : (100 * n) / d);
const one = (x: number) => x.toFixed(1);
const KIND_ZH = new Map<string, string>([
  ...MEETING_KINDS.map((k) => [k.code, k.zh] as [string, string]),
  ['heart_talk', '谈心谈话'],
]);
const earliest = (xs: readonly NamedFact[]) =>
  xs.reduce<IsoDate | null>((m, x) => (m === null || x.since < m ? x.since : m), null);
const holdsMembers = (f: OrgHealthFacts) => f.full + f.probationary > 0;
const isBranch = (f: OrgHealthFacts) => BRANCH_KINDS.includes(f.org.kind);
/** kinds that always have a committee (党委, 党总支 …) */
const COMMITTEE_KINDS: readonly OrgKind[] = [
  'township_committee',
  'working_committee',
  'primary_committee',
  'general_branch',
];
const list = (xs: readonly NamedFact[], text: (x: NamedFact) => string, max = 20) =>
  xs.length > max ? [...xs.slice(0, max).map(text), `另有${xs.length - max}人`] : xs.map(text);

// ------------------------------------------------------------------------------------------------ the indicators

export const INDICATORS: readonly Indicator[] = [
  {
    key: 'secretary_vacant',
    zh: '书记缺职',
    source:
      '《中国共产党支部工作条例（试行）》第十条：党支部设书记；软弱涣散类型一“书记长期缺职”（中组发〔2014〕5号）；“书记出缺超过3个月”为地方认定标准（本地设置）',
    settings: ['secretaryVacantRedMonths'],
    appliesToZh: '本组织编有党员的党组织',
    appliesTo: holdsMembers,
    judge(f, s) {
      if (f.secretary) return GREEN([`书记：${f.secretary.name}（${dayZh(f.secretary.since)}起任职）`], 0);
      const since = f.secretaryLeftOn ?? f.org.foundedOn;
      const months = since ? wholeMonths(since, f.asOf) : null;
      const red = months === null || months > s.secretaryVacantRedMonths;
      return {
        level: red ? 'red' : 'amber',
        value: months,
        since,
        evidence: [
          f.secretaryLeftOn
            ? `书记职位自${dayZh(f.secretaryLeftOn)}起空缺，已${months}个月${red ? `（超过${s.secretaryVacantRedMonths}个月）` : ''}`
            : `未记录书记任职${since ? `（组织自${dayZh(since)}成立，已${months}个月）` : ''}`,
        ],
      };
    },
  },
  {
    key: 'committee_incomplete',
    zh: '班子配备不齐',
    source:
      '《中国共产党支部工作条例（试行）》第六章：正式党员7人以上的党支部设立支部委员会，支部委员会由3至5人组成；党委、党总支设委员会',
    settings: [],
    appliesToZh: '正式党员7人以上的党支部，本组织编有党员的党委、党总支',
    appliesTo: (f) =>
      holdsMembers(f) && (COMMITTEE_KINDS.includes(f.org.kind) || (isBranch(f) && f.full >= 7)),
    judge(f, _s, r) {
      const need = 3;
      if (f.committee >= need) return GREEN([`在任委员${f.committee}人`], f.committee);
      return {
        level: 'amber',
        value: f.committee,
        since: null,
        evidence: [
          `在任委员${f.committee}人，不足${need}人${isBranch(f) ? `（正式党员${f.full}人，达到${r.branchCommitteeMinFullMembers}人应设支部委员会）` : ''}`,
        ],
      };
    },
  },
  {
    key: 'term_due',
    zh: '换届到期',
    source:
      '中办《关于党的基层组织任期的意见》（2018）、《中国共产党基层组织选举工作条例》（2020）第三条：任期届满应按期换届，延期须经上级批准（换届提醒期为本地设置）',
    settings: ['termLastWarningMonths', 'termSecondWarningMonths'],
    appliesToZh: '选举产生委员会的党组织（有任期记录）',
    appliesTo: (f) => f.term !== null && f.term.status !== 'none',
    judge(f) {
      const t = f.term!;
      const ends = t.termEnds ? dayZh(t.termEnds) : '';
      switch (t.status) {
        case 'overdue':
          return {
            level: 'red',
            value: t.termEnds ? wholeMonths(t.termEnds, f.asOf) : null,
            since: t.termEnds ? addDays(t.termEnds, 1) : null,
            evidence: [`本届任期应于${ends}前完成换届，已超期未换届`],
          };
        case 'due_1m':
        case 'due_3m':
          return {
            level: 'amber',
            value: null,
            since: null,
            evidence: [
              `本届任期应于${ends}前完成换届（${t.status === 'due_1m' ? '不足1个月' : '不足3个月'}）`,
            ],
          };
        case 'postponed':
          return GREEN([`换届已经上级批准延期至${ends}`]);
        default:
          return GREEN(ends ? [`本届任期至${ends}`] : []);
      }
    },
  },
  {
    key: 'org_life',
    zh: '组织生活落实',
    source:
      '《中国共产党支部工作条例（试行）》第十五条至第十九条（支部党员大会一般每季度1次、党课每季度至少1次、主题党日每月1次、组织生活会和民主评议党员每年1次）；红色预警缺次为本地设置',
    settings: ['lifeMissedRedPeriods'],
    appliesToZh: '近两个季度应过组织生活的党组织',
    appliesTo: (f) => f.life !== null && f.life.some((i) => i.expected > 0),
    judge(f, s) {
      const items = f.life!.filter((i) => i.expected > 0);
      const missed = items.filter((i) => i.missing.length > 0);
      const total = missed.reduce((n, i) => n + i.missing.length, 0);
      if (total === 0) return GREEN(['近两个季度应开的组织生活均已召开'], 0);
      const none = missed.some((i) => i.missing.length === i.expected && i.expected >= 2);
      return {
        level: none || total >= s.lifeMissedRedPeriods ? 'red' : 'amber',
        value: total,
        since: null,
        evidence: missed.map(
          (i) => `近两个季度未召开${KIND_ZH.get(i.type) ?? i.type}：${i.missing.map(periodZh).join('、')}`,
        ),
      };
    },
  },
  {
    key: 'article9_life',
    zh: '党员连续未参加组织生活',
    source:
      '党章 第九条：没有正当理由，连续六个月不参加党的组织生活……就被认为是自行脱党；满3个月提示（决定0023）',
    settings: [],
    appliesToZh: '有党员的党组织',
    appliesTo: holdsMembers,
    judge(f) {
      if (f.article9.length === 0) return GREEN([], 0);
      const six = f.article9.filter((m) => m.flag === 'six_months').length;
      return {
        level: six > 0 ? 'red' : 'amber',
        value: f.article9.length,
        since: earliest(f.article9),
        evidence: list(
          f.article9,
          (m) => `${m.name}：自${monthZh(m.since)}起连续${m.months}个月无正当理由未参加组织生活`,
        ),
      };
    },
  },
  {
    key: 'dues_arrears',
    zh: '党费欠缴',
    source: '党章 第九条；中组发〔2008〕3号：连续3个月未交纳党费提示、6个月需研究处理',
    settings: [],
    appliesToZh: '有党员的党组织',
    appliesTo: holdsMembers,
    judge(f) {
      if (f.dues.length === 0) return GREEN([], 0);
      const six = f.dues.filter((m) => m.flag === 'six_months').length;
      return {
        level: six > 0 ? 'red' : 'amber',
        value: f.dues.length,
        since: earliest(f.dues),
        evidence: list(f.dues, (m) => `${m.name}：自${monthZh(m.since)}起连续${m.months}个月未交纳党费`),
      };
    },
  },
  {
    key: 'ageing',
    zh: '党员老龄化',
    source: '党内统计年龄分段“61岁及以上”；与全县比较的预警百分点为本地设置',
    settings: ['ageingAmberPoints', 'ageingRedPoints'],
    appliesToZh: '党员5人以上的党支部',
    appliesTo: (f) => f.county !== null && f.county.members > 0 && f.full + f.probationary >= 5,
    judge(f, s) {
      const n = f.full + f.probationary;
      const c = f.county!;
      const share = pct(f.aged61, n);
      const cShare = pct(c.aged61, c.members);
      const diff = share - cShare;
      const evidence = [
        `61岁及以上党员${f.aged61}人，占${one(share)}%（全县${one(cShare)}%）；平均年龄${one(f.ageSum / n)}岁（全县${one(c.ageSum / c.members)}岁）`,
      ];
      const level: Level =
        diff >= s.ageingRedPoints ? 'red' : diff >= s.ageingAmberPoints ? 'amber' : 'green';
      return { level, value: Math.round(diff * 10) / 10, since: null, evidence };
    },
  },
  {
    key: 'admission_idle',
    zh: '多年未发展党员',
    source:
      '《中国共产党发展党员工作细则》第三条（反对“关门主义”）；“连续2年以上无发展对象”为地方认定标准；年限为本地设置',
    settings: ['admissionAmberYears', 'recruitmentIdleYears'],
    appliesToZh: '党支部、联合党支部',
    appliesTo: (f) => f.lastAdmitted !== undefined,
    judge(f, s) {
      const last = f.lastAdmitted ?? null;
      const from = last ?? f.org.foundedOn;
      const years = from ? fullYears(from, f.asOf) : null;
      const level: Level =
        years === null || years >= s.recruitmentIdleYears
          ? 'red'
          : years >= s.admissionAmberYears
            ? 'amber'
            : 'green';
      return {
        level,
        value: years,
        since: level === 'green' || !from ? null : addYears(from, s.admissionAmberYears),
        evidence: [
          last
            ? `最近一次接收预备党员：${dayZh(last)}，已${years}年`
            : `无接收预备党员的记录${from ? `（组织自${dayZh(from)}成立）` : ''}`,
        ],
      };
    },
  },
  {
    key: 'probation_overdue',
    zh: '预备期满未转正',
    source:
      '党章 第七条：预备期为一年；《中国共产党发展党员工作细则》第三十二条：预备期满应及时讨论其能否转为正式党员（红色预警月数为本地设置）',
    settings: ['probationOverdueRedMonths'],
    appliesToZh: '有预备党员的党组织',
    appliesTo: (f) => f.probationary > 0 || f.probationDue.length > 0,
    judge(f, s) {
      const due = f.probationDue.filter((m) => m.since <= f.asOf);
      if (due.length === 0) return GREEN([], 0);
      const red = due.some((m) => wholeMonths(m.since, f.asOf) > s.probationOverdueRedMonths);
      return {
        level: red ? 'red' : 'amber',
        value: due.length,
        since: earliest(due),
        evidence: list(due, (m) => `${m.name}：预备期于${dayZh(m.since)}届满，尚未讨论转正`),
      };
    },
  },
  {
    key: 'transfer_overdue',
    zh: '组织关系转接超期',
    source: '组织关系介绍信有效期（本地设置“组织关系介绍信有效期”，一般不超过3个月）；决定0026',
    settings: ['transferLetterMonths'],
    appliesToZh: '有转出组织关系的党组织',
    appliesTo: () => true,
    judge(f) {
      if (f.transfersOverdue.length === 0) return GREEN([], 0);
      return {
        level: 'amber',
        value: f.transfersOverdue.length,
        since: earliest(f.transfersOverdue),
        evidence: list(
          f.transfersOverdue,
          (m) => `${m.name}：组织关系介绍信有效期至${dayZh(m.since)}，已超期未办结`,
        ),
      };
    },
  },
  {
    key: 'lost_contact',
    zh: '失联党员',
    source:
      '《中国共产党党员教育管理工作条例》：失去联系满6个月的党员应作出停止党籍的处理（决定0026）；提前提醒月数为本地设置',
    settings: ['lostContactNoticeMonths'],
    appliesToZh: '有党员的党组织',
    appliesTo: () => true,
    judge(f) {
      const flagged = f.lostContact.filter((m) => m.flag === 'notice' || m.flag === 'serious');
      if (flagged.length === 0)
        return GREEN(
          f.lostContact.map((m) => `${m.name}：自${dayZh(m.since)}起失去联系（未满提醒期）`),
          f.lostContact.length,
        );
      return {
        level: flagged.some((m) => m.flag === 'serious') ? 'red' : 'amber',
        value: flagged.length,
        since: earliest(flagged),
        evidence: list(
          f.lostContact,
          (m) =>
            `${m.name}：自${dayZh(m.since)}起失去联系，已${m.months ?? wholeMonths(m.since, f.asOf)}个月${m.flag === 'serious' ? '（满6个月，应研究停止党籍）' : ''}`,
        ),
      };
    },
  },
  {
    key: 'too_few_full',
    zh: '正式党员不足3人',
    source:
      '《中国共产党支部工作条例（试行）》第五条：有正式党员3人以上的，应当成立党支部；不足3人的应成立联合党支部',
    settings: [],
    appliesToZh: '党支部',
    appliesTo: (f) => f.org.kind === 'branch' && holdsMembers(f),
    judge(f, _s, r) {
      if (f.full >= r.branchMinFullMembers) return GREEN([`正式党员${f.full}人`], f.full);
      return {
        level: 'red',
        value: f.full,
        since: null,
        evidence: [
          `正式党员${f.full}人，不足${r.branchMinFullMembers}人，应与邻近单位成立联合党支部或调整组织设置`,
        ],
      };
    },
  },
  {
    key: 'too_many_members',
    zh: '党员超过50人',
    source: '《中国共产党支部工作条例（试行）》第五条：党支部党员人数一般不超过50名',
    settings: [],
    appliesToZh: '党支部、联合党支部',
    appliesTo: (f) => isBranch(f) && f.org.kind !== 'temporary_branch',
    judge(f, _s, r) {
      const n = f.full + f.probationary;
      if (n <= r.branchMaxMembers) return GREEN([], n);
      return {
        level: 'amber',
        value: n,
        since: null,
        evidence: [
          `党员${n}人（正式党员${f.full}人、预备党员${f.probationary}人），超过${r.branchMaxMembers}人，可考虑成立党总支或分设党支部`,
        ],
      };
    },
  },
  {
    key: 'secretary_age',
    zh: '书记年龄偏大',
    source: '本地设置“书记年龄提示”（各地对村党组织书记年龄的要求不一）',
    settings: ['secretaryMaxAge'],
    appliesToZh: '有书记的党组织',
    appliesTo: (f) => f.secretary !== null,
    judge(f, s) {
      const age = fullYears(f.secretary!.birthDate, f.asOf);
      if (age <= s.secretaryMaxAge) return GREEN([], age);
      return {
        level: 'amber',
        value: age,
        since: addYears(f.secretary!.birthDate, s.secretaryMaxAge + 1),
        evidence: [`书记${f.secretary!.name}现年${age}岁，超过${s.secretaryMaxAge}岁`],
      };
    },
  },
  {
    key: 'coverage',
    zh: '村（社区）未建党组织',
    source:
      '《中国共产党农村基层组织工作条例》第六条：以村为单位设置党组织；GB/T 2260 及统计用区划代码的村级名单',
    settings: [],
    appliesToZh: '有区划代码的县委、乡镇（街道）党（工）委',
    appliesTo: (f) => f.uncovered !== null,
    judge(f) {
      const u = f.uncovered!;
      if (u.length === 0) return GREEN(['辖区内的村（社区）均已建立党组织'], 0);
      return {
        level: 'red',
        value: u.length,
        since: null,
        evidence: [
          `辖区内${u.length}个村（社区）未建立党组织：${u
            .slice(0, 20)
            .map((v) => `${v.name}（${v.code}）`)
            .join('、')}${u.length > 20 ? `等` : ''}`,
        ],
      };
    },
  },
];

export const INDICATOR_BY_KEY: ReadonlyMap<IndicatorKey, Indicator> = new Map(
  INDICATORS.map((i) => [i.key, i]),
);

export const LEVEL_RANK: Record<Level, number> = { green: 0, amber: 1, red: 2 };

/** Every indicator that applies to the org, judged (green ones included). */
export function judgeOrg(f: OrgHealthFacts, s: LocalSettings, r: RuleSet): IndicatorResult[] {
  return INDICATORS.filter((i) => i.appliesTo(f)).map((i) => ({ key: i.key, ...i.judge(f, s, r) }));
}

/** The two whole quarters before the one `asOf` falls in: [first day, last day]. */
export function lastTwoQuarters(asOf: IsoDate): { from: IsoDate; to: IsoDate } {
  const y = Number(asOf.slice(0, 4));
  const q = Math.floor((Number(asOf.slice(5, 7)) - 1) / 3); // 0-based quarter of asOf
  const startOfThis = `${y}-${String(q * 3 + 1).padStart(2, '0')}-01`;
  return { from: addMonths(startOfThis, -6), to: addDays(startOfThis, -1) };
}
