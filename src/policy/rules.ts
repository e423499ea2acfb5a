/**
 * Official rules as effective-dated data. Every number a rule uses lives here with its source; code asks
 * `rulesAt(date)` for the set in force on the date of the event, so history is judged by the rules of its time.
 * Local practice (numbers a county may change) lives in settings.ts, never here.
 */
import type { IsoDate } from '../shared/dates.js';
import type { DuesCategory, MeetingKind, OrgKind, Sector } from '../shared/codes.js';

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

/** The periods obligations are counted in: written 2026-03, 2026-Q2, 2026. */
export type PeriodUnit = 'month' | 'quarter' | 'year';

/** What compliance counts: the meeting kinds, and heart talks (谈心谈话, decision 0018). */
export type LifeItemType = MeetingKind | 'heart_talk';

/** One meeting an org owes once in every period of a unit (decision 0015). */
export interface MeetingObligation {
  type: LifeItemType;
  /** the period it is owed in; `setting`: the local setting `partyLecturePeriod` says (local practice) */
  every: PeriodUnit | 'setting';
  /**
   * owed only while the org has a committee (支部委员会), party groups (党小组), or at least one committee post
   * filled (`posts`: a secretary at least — heart talks are between the committee and the members)
   */
  onlyWith: 'committee' | 'groups' | 'posts' | null;
  /** the rule and article it rests on */
  source: string;
}

export interface MeetingRules {
  /**
   * Which kinds of org owe the branch's organisational life (三会一课 and the rest). An org owes it only while it
   * has members on its own roster (supervision.md: an org with no members owes no meetings), so a general branch
   * whose members are all in the branches under it owes nothing itself.
   */
  owes(kind: OrgKind): boolean;
  /** A branch has a committee (支部委员会) while at least this many committee posts are filled. */
  committeeMinPosts: number;
  obligations: readonly MeetingObligation[];
}

/** One band of a rate table: a base up to `upToFen` (inclusive; null = open) pays `rateBp` per ten thousand. */
export interface DuesBand {
  upToFen: number | null;
  /** the rate in basis points: 50 = 0.5 % */
  rateBp: number;
}

/** How a category's monthly amount is found: by a base and a band table, the county's farmer amount, or a flat sum. */
export type DuesScheme =
  | { kind: 'bands'; bands: 'income' | 'retired'; base: string }
  | { kind: 'farmer' }
  | { kind: 'flat'; fen: number };

/** 党费 (《关于中国共产党党费收缴、使用和管理的规定》中组发〔2008〕3号, sources.md §4; decision 0020). */
export interface DuesRules {
  source: string;
  /** 第一、二、三、四条: salaried, 年薪制 and 个体经营 members, by base */
  incomeBands: readonly DuesBand[];
  /** 离退休 members, by their pension */
  retiredBands: readonly DuesBand[];
  /** 第六条: a farmer pays 0.2 to 1 yuan a month; the county's amount is the local setting `duesFarmerFen` */
  farmerMinFen: number;
  farmerMaxFen: number;
  schemes: Readonly<Record<DuesCategory, DuesScheme>>;
  /** 第十二条: 补交党费的时间一般不超过6个月 — an older make-up is accepted with a warning */
  makeUpMonths: number;
  /** 第十二条: 特殊情况经党支部同意可按季度交纳 — a payment may cover months this far after the month it is paid in */
  prepayMonths: number;
  /** 第十一条: 一次多交1000元以上的全部上缴中央 */
  voluntaryToCentreFen: number;
  /** flags for the branch: early notice at this many consecutive months with nothing paid */
  noticeMonths: number;
  /** 党章第九条: 连续六个月不交纳党费 — the branch must examine (需研究处理); a flag, never a status change */
  examineMonths: number;
}

const DUES_2008 = '《关于中国共产党党费收缴、使用和管理的规定》（中组发〔2008〕3号）';

export const DUES_RULES_2008: DuesRules = {
  source: DUES_2008,
  // 第一条: 3000元以下（含3000元）0.5%; 3000元以上至5000元（含5000元）1%; 5000元以上至10000元（含10000元）1.5%;
  // 10000元以上 2%
  incomeBands: [
    { upToFen: 300000, rateBp: 50 },
    { upToFen: 500000, rateBp: 100 },
    { upToFen: 1000000, rateBp: 150 },
    { upToFen: null, rateBp: 200 },
  ],
  // 离退休干部职工: 离退休费总额5000元以下（含5000元）0.5%，5000元以上1% (sources.md §4 [S39][S41])
  retiredBands: [
    { upToFen: 500000, rateBp: 50 },
    { upToFen: null, rateBp: 100 },
  ],
  farmerMinFen: 20,
  farmerMaxFen: 100,
  schemes: {
    salaried: {
      kind: 'bands',
      bands: 'income',
      base: '每月工资总额中相对固定的、经常性的工资收入（税后）（第一、二条）',
    },
    annual_salary: { kind: 'bands', bands: 'income', base: '当月实际领取的薪酬收入（第三条）' },
    self_employed: { kind: 'bands', bands: 'income', base: '上季度月平均纯收入（第四条）' },
    retired: { kind: 'bands', bands: 'retired', base: '实际领取的离退休费或养老金总额' },
    farmer: { kind: 'farmer' },
    student: { kind: 'flat', fen: 20 },
    unemployed: { kind: 'flat', fen: 20 },
    relief: { kind: 'flat', fen: 20 },
    subsistence: { kind: 'flat', fen: 20 },
  },
  makeUpMonths: 6,
  prepayMonths: 3,
  voluntaryToCentreFen: 100000,
  noticeMonths: 3,
  examineMonths: 6,
};

/**
 * A vote of the branch's general meeting (支部党员大会) on a resolution (decision 0018): who may vote, the quorum and
 * the majority, as fractions compared strictly ("more than half": `2 × n > entitled`).
 */
export interface VoteRules {
  /** 有表决权 — full members; probationary members have no vote (党章 第七条; sources.md §1.2 "预备党员权利") */
  entitledStatuses: readonly string[];
  /** the quorum: more than this share of those entitled present (numerator, denominator) */
  quorum: readonly [number, number];
  /** a resolution passes with more than this share of those entitled voting yes */
  majority: readonly [number, number];
  source: string;
}

/**
 * 党章 第九条 (sources.md §3): 党员如果没有正当理由，连续六个月不参加党的组织生活，或不交纳党费，或不做党所分配的工作，
 * 就被认为是自行脱党 — the branch's 支部大会 decides, never the platform. The research note's practice note asks for an
 * earlier notice (不要等到6个月以后才去过问): a flag at three months, and at six 需研究处理 (decision 0023).
 */
export interface Article9Rules {
  source: string;
  /** consecutive months of organisational life missed without good reason: early notice */
  noticeMonths: number;
  /** 连续六个月: the branch must examine (需研究处理) */
  examineMonths: number;
}

export const ARTICLE9_RULES: Article9Rules = {
  source:
    '《中国共产党章程》第九条：党员如果没有正当理由，连续六个月不参加党的组织生活，或不交纳党费，或不做党所分配的工作，就被认为是自行脱党（由支部大会决定除名，报上级党组织批准）',
  noticeMonths: 3,
  examineMonths: 6,
};

/**
 * 换届 (decision 0023, sources.md §2.4). The term lengths are `RuleSet.termYears`; these are the rules of moving the
 * due date and of the election itself.
 */
export interface ElectionRules {
  source: string;
  /** 延期或提前换届: 报上级党组织批准，延长或提前期限一般不超过1年 (选举工作条例 第三条) — in whole years */
  maxMoveYears: number;
  /** 有选举权的到会人数超过应到会人数的4/5，会议有效: more than this share present (numerator, denominator) */
  quorum: readonly [number, number];
  /** 被选举人获得的赞成票超过实到会有选举权的人数的一半，始得当选 */
  majority: readonly [number, number];
  /** 有选举权 (第五条): full members; probationary members have no vote */
  entitledStatuses: readonly string[];
  /** 支部委员会 3–5 members, generally no more than 7 (支部工作条例 第六章): a larger committee is warned of */
  committeeMaxMembers: number;
}

const ELECTION_RULES_2020: ElectionRules = {
  source:
    '《中国共产党基层组织选举工作条例》（2020）第三条：任期届满应按期进行换届选举，如需延期或提前，应报上级党组织批准，延长或提前期限一般不超过1年；第五条：预备党员没有选举权；' +
    '选举有效与当选：有选举权的到会人数超过应到会人数的五分之四，会议有效；被选举人获得的赞成票超过实到会有选举权的人数的一半，始得当选（《中国共产党基层组织选举工作条例》，以条例原文为准）',
  maxMoveYears: 1,
  quorum: [4, 5],
  majority: [1, 2],
  entitledStatuses: ['full'],
  committeeMaxMembers: 7,
};

/** What a status decision (decision 0026) changes, who takes it and who approves it. */
export type DecisionKind =
  'suspend' | 'reinstate' | 'strike_off' | 'persuade_out' | 'withdraw' | 'expel' | 'decease';

export interface DecisionRule {
  /** the statuses the member may be in */
  from: readonly string[];
  /** `approve`: the org above must approve it; `file`: it is filed with the org above (备案); `none` */
  approval: 'approve' | 'file' | 'none';
  /** the body that decides: the branch's general meeting, the branch committee (or a higher committee) */
  bodies: readonly ('general_meeting' | 'committee' | 'higher_committee')[];
  source: string;
}

/**
 * 组织关系转接、流动党员、失联党员 and the decisions that change a member's status (党章 第九条;
 * 《中国共产党党员教育管理工作条例》2019 第二十四、二十五条; sources.md §3, §5). Flags, never status changes.
 */
export interface LifecycleRules {
  /** 第二十五条: 外出学习、工作、生活6个月以上并且地点相对固定的, 应当转移正式组织关系 */
  mustTransferMonths: number;
  /** 第二十四条: 与党组织失去联系6个月以上 … 一般应当停止其党籍 */
  lostContactSuspendMonths: number;
  /** 第二十四条: 停止党籍2年后确实无法取得联系的, 按照自行脱党予以除名 */
  suspendedStrikeOffYears: number;
  /** 出国（境）学习研究的党员, 党组织每半年至少与其联系1次 */
  abroadContactMonths: number;
  /**
   * the longest validity a county may set for its letters of introduction (the setting `transferLetterMonths`):
   * 一般不应超过3个月 [S45], 跨省不超过6个月 [S42, grade C] — sources.md §5.1 conflict note
   */
  letterMaxMonths: number;
  decisions: Readonly<Record<DecisionKind, DecisionRule>>;
  source: string;
}

const EDU_TIAOLI = '《中国共产党党员教育管理工作条例》（2019）';

const LIFECYCLE_RULES_2019: LifecycleRules = {
  mustTransferMonths: 6,
  lostContactSuspendMonths: 6,
  suspendedStrikeOffYears: 2,
  abroadContactMonths: 6,
  letterMaxMonths: 6,
  source: `${EDU_TIAOLI} 第二十四、二十五条；党章 第九条`,
  decisions: {
    suspend: {
      // a probationary member who cannot be reached has their probation cancelled instead (取消预备党员资格)
      from: ['full'],
      approval: 'approve',
      bodies: ['general_meeting', 'committee', 'higher_committee'],
      source: `${EDU_TIAOLI} 第二十四条：与党组织失去联系6个月以上、多方查找仍无联系的党员，一般应当停止其党籍，由党支部（或上级党组织）研究决定，报上级党委批准`,
    },
    reinstate: {
      from: ['suspended'],
      approval: 'approve',
      bodies: ['general_meeting', 'committee', 'higher_committee'],
      source: `${EDU_TIAOLI} 第二十四条：停止党籍的党员，与党组织恢复联系、符合条件的，可以恢复党籍，程序同停止党籍`,
    },
    strike_off: {
      from: ['full', 'probationary', 'suspended'],
      approval: 'approve',
      bodies: ['general_meeting'],
      source: `党章 第九条：由支部大会决定把其除名，并报上级党组织批准；${EDU_TIAOLI} 第二十四条：停止党籍2年后确实无法取得联系的，按照自行脱党予以除名`,
    },
    persuade_out: {
      from: ['full', 'probationary'],
      approval: 'approve',
      bodies: ['general_meeting'],
      source:
        '党章 第九条：对缺乏革命意志、不履行党员义务、不符合党员条件的党员，经教育仍无转变的，应当劝他退党；劝党员退党，应经支部大会讨论决定，并报上级党组织批准',
    },
    withdraw: {
      from: ['full', 'probationary', 'suspended'],
      approval: 'file',
      bodies: ['general_meeting'],
      source: '党章 第九条：党员有退党的自由；党员要求退党，应当经支部大会讨论后宣布除名，并报上级党组织备案',
    },
    expel: {
      from: ['full', 'probationary', 'suspended'],
      approval: 'approve',
      bodies: ['general_meeting', 'higher_committee'],
      source:
        '党章 第四十条：开除党员党籍，应当经过支部大会讨论决定，报县级或县级以上党的委员会批准（以党章原文为准）',
    },
    decease: {
      from: ['full', 'probationary', 'suspended'],
      approval: 'none',
      bodies: ['committee', 'general_meeting', 'higher_committee'],
      source: '党员去世由所在党组织登记（无需上级批准）',
    },
  },
};

/**
 * 民主评议党员 (decision 0023, sources.md §2.3): the four grades; probationary members take part but are not graded;
 * 优秀 generally no more than a third of the members (一般不超过党员总数的1/3 — a warning, not a refusal).
 */
export interface AppraisalRules {
  source: string;
  /** 优秀 beyond this share of the members graded is warned of (numerator, denominator), compared strictly */
  excellentShare: readonly [number, number];
  /** member statuses that are graded (预备党员参加评议但不评定等次) */
  gradedStatuses: readonly string[];
}

const APPRAISAL_RULES: AppraisalRules = {
  source:
    '民主评议党员：评定等次为优秀、合格、基本合格、不合格；“优秀”比例一般不超过党员总数的三分之一；预备党员参加评议，但不评定等次；对不合格党员按规定作出组织处置（限期改正、劝退、除名）（共产党员网“民主评议党员”专题）',
  excellentShare: [1, 3],
  gradedStatuses: ['full'],
};

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
  /** 三会一课, the theme day, the organisational-life meeting and the appraisal: who owes what, how often. */
  meetings: MeetingRules;
  /** 党费: bases, rates, make-up and flags (中组发〔2008〕3号). */
  dues: DuesRules;
  /** 支部党员大会的表决: quorum and majority. */
  votes: VoteRules;
  /** 组织关系转接、流动党员、失联党员、党籍处置 (decision 0026). */
  lifecycle: LifecycleRules;
  /** 党章 第九条: the three- and six-month flags of organisational life (dues: `dues.noticeMonths`/`examineMonths`). */
  article9: Article9Rules;
  /** 换届: moving the due date and the election's quorum and majority. */
  elections: ElectionRules;
  /** 民主评议党员: grades, who is graded, the 优秀 share. */
  appraisal: AppraisalRules;
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

const TIAOLI = '《中国共产党支部工作条例（试行）》（2018）';

/**
 * The organisational life a branch owes (《中国共产党支部工作条例（试行）》2018, read in the research note
 * `shared/domain/sources.md` §2.2). 党课: the 条例 says only 按期上党课 (its 第十六条 text asks the secretary to
 * lecture at least once a year), so how often is local practice — the setting `partyLecturePeriod`, quarterly by
 * default (sources.md §2.2 conflict note).
 *
 * General branches (党总支) and committees: the 条例 governs 党支部, and the research note holds no rule for what a
 * general branch or a primary, township or county committee owes of these meetings (their committees' meetings and
 * 民主生活会 are governed by rules not read, e.g. 《中国共产党党和国家机关基层组织工作条例》). We read it
 * conservatively — never a missing-meeting warning no cited rule supports: a committee owes none of them; a general
 * branch owes them only for the members on its own roster (as a branch does; the 条例's application to general
 * branches, "参照执行", could not be verified), and owes nothing while all its members are in the branches under it.
 */
const MEETING_RULES_2018: MeetingRules = {
  owes: (kind) =>
    kind === 'branch' || kind === 'joint_branch' || kind === 'temporary_branch' || kind === 'general_branch',
  // 支部工作条例 第六章: a branch committee has 3–5 members (at 7 or more full members); below that a secretary
  // (and perhaps a deputy) and no committee
  committeeMinPosts: 3,
  obligations: [
    {
      type: 'general_meeting',
      every: 'quarter',
      onlyWith: null,
      source: `${TIAOLI} 第十一条：党员大会一般每季度召开1次`,
    },
    {
      type: 'committee_meeting',
      every: 'month',
      onlyWith: 'committee',
      source: `${TIAOLI} 第十二条：支部委员会会议一般每月召开1次`,
    },
    {
      type: 'group_meeting',
      every: 'month',
      onlyWith: 'groups',
      source: `${TIAOLI} 第十三条：党小组会一般每月召开1次`,
    },
    {
      type: 'party_lecture',
      every: 'setting',
      onlyWith: null,
      source: `${TIAOLI} 第十六条：按期上党课（次数为本地做法，见本县设置“党课频次”）`,
    },
    {
      type: 'theme_day',
      every: 'month',
      onlyWith: null,
      source: `${TIAOLI} 第十六条：每月相对固定1天开展主题党日`,
    },
    {
      type: 'life_meeting',
      every: 'year',
      onlyWith: null,
      source: `${TIAOLI} 第十七条：组织生活会一般每年召开1次`,
    },
    {
      type: 'appraisal_meeting',
      every: 'year',
      onlyWith: null,
      source: `${TIAOLI} 第十八条：民主评议党员一般每年开展1次`,
    },
    {
      // sources.md §2.2: 支委之间、支委与党员之间、党员之间每年一般不少于1次 (article number not verified). We check the
      // part about the committee: each member on the roster all year had at least one talk with a committee member
      // (a post holder that day) in the year; 党员之间 talks are recorded but not required (decision 0018)
      type: 'heart_talk',
      every: 'year',
      onlyWith: 'posts',
      source: `${TIAOLI}：谈心谈话，支委与党员之间每年一般不少于1次（以条例原文为准）`,
    },
  ],
};

/**
 * 《中国共产党支部工作条例（试行）》（2018）第十一条 (sources.md §2.2): 党员大会表决须半数以上有表决权的党员到会，
 * 赞成人数超过应到会有表决权党员的半数为通过 — read as the 发展党员 rule states it in full (细则 第二十条: 有表决权的到会
 * 人数必须超过应到会有表决权人数的半数): more than half of those entitled present, and yes votes from more than half of
 * those entitled (not of those present). Exactly half is not enough for either.
 */
const VOTE_RULES_2018: VoteRules = {
  entitledStatuses: ['full'],
  quorum: [1, 2],
  majority: [1, 2],
  source: `${TIAOLI} 第十一条：有表决权的到会党员超过应到会有表决权党员的半数，赞成人数超过应到会有表决权党员的半数为通过；预备党员没有表决权（党章 第七条）`,
};

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
  meetings: MEETING_RULES_2018,
  dues: DUES_RULES_2008,
  votes: VOTE_RULES_2018,
  lifecycle: LIFECYCLE_RULES_2019,
  article9: ARTICLE9_RULES,
  elections: ELECTION_RULES_2020,
  appraisal: APPRAISAL_RULES,
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
