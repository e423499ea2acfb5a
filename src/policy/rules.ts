/**
 * Official rules as effective-dated data. Every number a rule uses lives here with its source; code asks
 * `rulesAt(date)` for the set in force on the date of the event, so history is judged by the rules of its time.
 * Local practice (numbers a county may change) lives in settings.ts, never here.
 */
import type { IsoDate } from '../shared/dates.js';
import type { OrgKind, Sector } from '../shared/codes.js';

export interface AgeBand {
  key: string;
  zh: string;
  /** inclusive lower bound in full years; null = open */
  min: number | null;
  /** inclusive upper bound in full years; null = open */
  max: number | null;
}

export interface JoinPeriod {
  key: string;
  zh: string;
  /** joined on or after (inclusive) */
  from: IsoDate | null;
  /** joined before (exclusive) */
  before: IsoDate | null;
}

export interface RuleSet {
  id: string;
  effectiveFrom: IsoDate;
  source: string;
  /** 发展党员工作细则 (2014) 第五条: 年满十八岁 may apply; so no member is younger than 18 when joining. */
  minJoinAge: number;
  /** 党章 第七条 / 发展党员工作细则 第三十二条: the probationary period is one year from the general meeting's vote. */
  probationYears: number;
  /** 支部工作条例 (2018) 第五条: units with 3 or more full members set up a branch. */
  branchMinFullMembers: number;
  /** 支部工作条例 (2018) 第五条: a branch generally has no more than 50 members. */
  branchMaxMembers: number;
  /** 支部工作条例 (2018) 第六章: a branch committee is set up at 7 or more full members. */
  branchCommitteeMinFullMembers: number;
  /**
   * Term length in years. 支部工作条例 (2018) 第九条 and 中办《关于党的基层组织任期的意见》(2018): branches and
   * general branches 3 years, primary committees 5 years; 农村基层组织工作条例 (2019) 第十七条: village and
   * community party organisations 5 years.
   */
  termYears(kind: OrgKind, sector: Sector): number | null;
  /** Party statistics age bands (党内统计公报: 30岁及以下 … 61岁及以上). */
  ageBands: readonly AgeBand[];
  /** Party statistics join periods (党内统计年报 表3 入党时间). */
  joinPeriods: readonly JoinPeriod[];
}

const AGE_BANDS: readonly AgeBand[] = [
  { key: '0-30', zh: '30岁及以下', min: null, max: 30 },
  { key: '31-35', zh: '31至35岁', min: 31, max: 35 },
  { key: '36-40', zh: '36至40岁', min: 36, max: 40 },
  { key: '41-45', zh: '41至45岁', min: 41, max: 45 },
  { key: '46-50', zh: '46至50岁', min: 46, max: 50 },
  { key: '51-55', zh: '51至55岁', min: 51, max: 55 },
  { key: '56-60', zh: '56至60岁', min: 56, max: 60 },
  { key: '61+', zh: '61岁及以上', min: 61, max: null },
];

const JOIN_PERIODS: readonly JoinPeriod[] = [
  { key: 'before_1949', zh: '新中国成立前', from: null, before: '1949-10-01' },
  { key: '1949_1978', zh: '新中国成立后至党的十一届三中全会前', from: '1949-10-01', before: '1978-12-18' },
  { key: '1978_2012', zh: '党的十一届三中全会后至党的十八大前', from: '1978-12-18', before: '2012-11-08' },
  { key: 'since_2012', zh: '党的十八大以来', from: '2012-11-08', before: null },
];

export const RULES_2018: RuleSet = {
  id: 'national-2018',
  effectiveFrom: '2018-10-28',
  source:
    '《中国共产党支部工作条例（试行）》2018-10-28；《中国共产党发展党员工作细则》中办发〔2014〕34号；' +
    '中办《关于党的基层组织任期的意见》2018；《中国共产党农村基层组织工作条例》2019-01-10',
  minJoinAge: 18,
  probationYears: 1,
  branchMinFullMembers: 3,
  branchMaxMembers: 50,
  branchCommitteeMinFullMembers: 7,
  termYears(kind, sector) {
    if (kind === 'local_committee') return 5;
    // 临时党支部 has no term in any sector: its committee is appointed, not elected (支部工作条例 第二章)
    if (kind === 'temporary_branch') return null;
    if (sector === 'village' || sector === 'community') return 5;
    switch (kind) {
      case 'township_committee':
      case 'working_committee':
      case 'primary_committee':
        return 5;
      case 'general_branch':
      case 'branch':
      case 'joint_branch':
        return 3;
    }
  },
  ageBands: AGE_BANDS,
  joinPeriods: JOIN_PERIODS,
};

/** Before the 2018 regulations the same numbers applied in practice (党章, 2014 细则); kept as the baseline. */
export const RULE_SETS: readonly RuleSet[] = [
  { ...RULES_2018, id: 'national-baseline', effectiveFrom: '1900-01-01' },
  RULES_2018,
];

export function rulesAt(date: IsoDate): RuleSet {
  let found = RULE_SETS[0]!;
  for (const r of RULE_SETS) if (r.effectiveFrom <= date) found = r;
  return found;
}

export function ageBandOf(age: number, bands: readonly AgeBand[] = AGE_BANDS): string {
  for (const b of bands) {
    if ((b.min === null || age >= b.min) && (b.max === null || age <= b.max)) return b.key;
  }
  return bands[bands.length - 1]!.key;
}

export function joinPeriodOf(joinedOn: IsoDate, periods: readonly JoinPeriod[] = JOIN_PERIODS): string {
  for (const p of periods) {
    if ((p.from === null || joinedOn >= p.from) && (p.before === null || joinedOn < p.before)) return p.key;
  }
  return periods[periods.length - 1]!.key;
}
