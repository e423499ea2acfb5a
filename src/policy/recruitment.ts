/**
 * 发展党员 (recruitment): the five stages and 25 steps of 《中国共产党发展党员工作细则》(中办发〔2014〕34号) as data, with
 * every number and its source, and the unverified 2026 revision as an overlay a deployment switches on from a date
 * (the local setting `recruitmentRules`, decision 0025). `recruitmentRulesOn(date, revision)` gives the set in force on
 * a step's date; `domain/recruitment/` judges each step by the set of its own date. Sources: the research note
 * `shared/domain/sources.md` §1.1 (the flow chart) and §1.2 (other hard rules), §0 (the 2026 claims).
 */
import type { IsoDate } from '../shared/dates.js';
import type { OrgKind, Sector } from '../shared/codes.js';

import {
  RECRUITMENT_STAGES,
  STEP_KINDS,
  type RecruitmentStage,
  type StepKind,
} from '../shared/recruitment-codes.js';

export { RECRUITMENT_STAGES, STEP_KINDS, type RecruitmentStage, type StepKind };

/** What the org recording a step must be, when the step names one (filing, pre-review, approval). */
export type StepOrgRole = 'higher_committee' | 'approver';

export interface StepRule {
  kind: StepKind;
  /** the step's number in the 2014 flow chart (1–25); null for the 2026 overlay's public notice */
  no: number | null;
  stage: RecruitmentStage;
  zh: string;
  /** who acts, in Chinese */
  actor: string;
  /** steps that must be recorded first, on or before this step's date */
  after: readonly StepKind[];
  /** may be recorded more than once (reviews every half year; a confirmation round after an extension …) */
  repeatable: boolean;
  /** the step names an org: a higher committee it is filed with, or the committee that approves */
  org: StepOrgRole | null;
  source: string;
}

const XIZE = '《中国共产党发展党员工作细则》（中办发〔2014〕34号）';
const DANGZHANG = '《中国共产党章程》';
const REV2026 = '《中国共产党发展党员工作细则》（2026年5月修订，未经核实）';

const step = (
  kind: StepKind,
  no: number | null,
  stage: RecruitmentStage,
  zh: string,
  actor: string,
  after: readonly StepKind[],
  source: string,
  opts: { repeatable?: boolean; org?: StepOrgRole } = {},
): StepRule => ({
  kind,
  no,
  stage,
  zh,
  actor,
  after,
  repeatable: opts.repeatable ?? false,
  org: opts.org ?? null,
  source,
});

const STEPS_2014: readonly StepRule[] = [
  step('apply', 1, 'application', '递交入党申请书', '申请人', [], `${XIZE} 第五条、第六条`),
  step(
    'talk',
    2,
    'application',
    '党组织派人谈话',
    '党组织（书记、副书记或组织委员）',
    ['apply'],
    `${XIZE} 第七条`,
  ),
  step(
    'activist',
    3,
    'activist',
    '推荐和确定入党积极分子',
    '支部委员会（不设支委会的由支部大会）',
    ['talk'],
    `${XIZE} 第八条`,
  ),
  step('activist_filed', 4, 'activist', '报上级党委备案', '党支部', ['activist'], `${XIZE} 第八条`, {
    org: 'higher_committee',
  }),
  step('mentors', 5, 'activist', '指定培养联系人', '党组织', ['activist'], `${XIZE} 第九条`),
  step('review', 6, 'activist', '培养教育考察', '党支部', ['activist'], `${XIZE} 第十一条`, {
    repeatable: true,
  }),
  step(
    'candidate',
    7,
    'candidate',
    '确定发展对象',
    '支部委员会',
    ['activist_filed', 'mentors'],
    `${XIZE} 第十三条`,
  ),
  step('candidate_filed', 8, 'candidate', '报上级党委备案', '党支部', ['candidate'], `${XIZE} 第十四条`, {
    org: 'higher_committee',
  }),
  step(
    'sponsors',
    9,
    'candidate',
    '确定入党介绍人',
    '党支部',
    ['candidate'],
    `${DANGZHANG} 第五条；${XIZE} 第十五条`,
  ),
  step(
    'political_review',
    10,
    'candidate',
    '进行政治审查',
    '基层党委、党支部',
    ['candidate'],
    `${XIZE} 第十六条`,
  ),
  step(
    'training',
    11,
    'candidate',
    '开展集中培训',
    '基层党委或县级党委组织部门',
    ['candidate'],
    `${XIZE} 第十七条`,
  ),
  step(
    'committee_review',
    12,
    'admission',
    '支部委员会审查',
    '支部委员会',
    ['candidate_filed', 'sponsors', 'political_review', 'training'],
    `${XIZE} 第十八条`,
  ),
  step(
    'pre_review',
    13,
    'admission',
    '上级党委预审',
    '具有审批权限的基层党委',
    ['committee_review'],
    `${XIZE} 第十九条`,
    {
      org: 'approver',
    },
  ),
  step(
    'application_form',
    14,
    'admission',
    '填写入党志愿书',
    '发展对象（入党介绍人指导）',
    ['pre_review'],
    `${XIZE} 第十九条`,
  ),
  step(
    'admission_vote',
    15,
    'admission',
    '支部大会讨论接收预备党员',
    '支部党员大会',
    ['application_form'],
    `${XIZE} 第二十条至第二十二条`,
    { repeatable: true },
  ),
  step(
    'higher_talk',
    16,
    'admission',
    '上级党委派人谈话',
    '党委委员或组织员',
    ['admission_vote'],
    `${XIZE} 第二十三条`,
  ),
  step(
    'admission_approval',
    17,
    'admission',
    '上级党委审批',
    '具有审批权限的基层党委',
    ['higher_talk'],
    `${XIZE} 第二十四条、第二十五条`,
    { org: 'approver' },
  ),
  step(
    'admission_filed',
    18,
    'admission',
    '再上一级党委组织部门备案',
    '基层党委',
    ['admission_approval'],
    `${XIZE} 第二十六条`,
  ),
  step(
    'assigned',
    19,
    'probation',
    '编入党支部和党小组',
    '党支部',
    ['admission_approval'],
    `${XIZE} 第二十八条`,
  ),
  step('oath', 20, 'probation', '入党宣誓', '基层党委或党支部', ['admission_approval'], `${XIZE} 第二十九条`),
  step(
    'probation_review',
    21,
    'probation',
    '继续教育考察',
    '党支部',
    ['admission_approval'],
    `${XIZE} 第三十一条`,
    { repeatable: true },
  ),
  step(
    'confirmation_request',
    22,
    'probation',
    '提出转正申请',
    '预备党员',
    ['admission_approval'],
    `${XIZE} 第三十三条`,
    { repeatable: true },
  ),
  step(
    'confirmation_vote',
    23,
    'probation',
    '支部大会讨论转正',
    '支部党员大会',
    ['confirmation_request'],
    `${XIZE} 第三十三条`,
    { repeatable: true },
  ),
  step(
    'confirmation_approval',
    24,
    'probation',
    '上级党委审批转正',
    '具有审批权限的基层党委',
    ['confirmation_vote'],
    `${XIZE} 第三十三条`,
    { repeatable: true, org: 'approver' },
  ),
  step(
    'archived',
    25,
    'probation',
    '材料归档',
    '党支部、基层党委',
    ['confirmation_approval'],
    `${XIZE} 第三十五条`,
  ),
];

/** One number of the rules with the article it rests on. */
export interface Sourced<T> {
  value: T;
  source: string;
}

export interface RecruitmentRules {
  /** '2014' or '2026' */
  id: RecruitmentRevision;
  zh: string;
  /** the 2026 revision's text could not be verified (sources.md §0, §19) */
  unverified: boolean;
  steps: readonly StepRule[];
  /** age at application (第五条: 年满十八岁) */
  minAge: Sourced<number>;
  /** the talk within this many months of the application (第七条) */
  talkWithinMonths: Sourced<number>;
  /** an activist is reviewed at least every this many months (第十一条) */
  reviewEveryMonths: Sourced<number>;
  /** at least this many years as an activist before becoming a candidate (第十三条) */
  activistMinYears: Sourced<number>;
  /** mentors (培养联系人): this many full members, 1–2 (第九条) */
  mentors: Sourced<readonly [number, number]>;
  /** sponsors (入党介绍人): this many full members (党章 第五条) */
  sponsors: Sourced<number>;
  /** training: at least this many days or this many class hours (第十七条) */
  training: Sourced<{ days: number; hours: number }>;
  /** the general meeting: more than num/den of the full members entitled present, and voting yes (第二十条、第二十二条) */
  vote: Sourced<{ quorum: readonly [number, number]; majority: readonly [number, number] }>;
  /** how the general meeting votes: any way (举手或无记名), or by secret ballot only (2026 claim) */
  ballot: Sourced<'any' | 'secret'>;
  /** the approving committee decides within this many months of the general meeting, at most `max` with cause (第二十五条) */
  approvalMonths: Sourced<{ normal: number; max: number }>;
  /** probation: this many years from the general meeting (党章 第七条; 第三十二条) */
  probationYears: Sourced<number>;
  /** an extension: once, of this many months (at least, at most) (党章 第七条; 第三十二条) */
  extension: Sourced<{ times: number; minMonths: number; maxMonths: number }>;
  /** the committees that may approve: not general branches, not village or community committees (第二十四条) */
  approverKinds: Sourced<readonly OrgKind[]>;
  approverExcludedSectors: Sourced<readonly Sector[]>;
  /** 2026: public notice of at least this many working days before a candidate is fixed; null: none */
  noticeWorkingDays: Sourced<number | null>;
  /** 2026: the general meeting within this many months of the pre-review; null: no limit */
  voteWithinMonthsOfPreReview: Sourced<number | null>;
  /** 2026: the oath within this many months of the approval; null: no limit */
  oathWithinMonths: Sourced<number | null>;
  /** the candidate is filed with (2014: 备案) or needs the consent of (2026: 同意) the higher committee */
  candidateFiling: Sourced<'filing' | 'consent'>;
}

export type RecruitmentRevision = '2014' | '2026';

export const RECRUITMENT_2014: RecruitmentRules = {
  id: '2014',
  zh: '2014年细则',
  unverified: false,
  steps: STEPS_2014,
  minAge: { value: 18, source: `${XIZE} 第五条：年满十八岁` },
  talkWithinMonths: {
    value: 1,
    source: `${XIZE} 第七条：党组织收到入党申请书后，应当在一个月内派人同入党申请人谈话`,
  },
  reviewEveryMonths: { value: 6, source: `${XIZE} 第十一条：党支部每半年对入党积极分子进行一次考察` },
  activistMinYears: {
    value: 1,
    source: `${XIZE} 第十三条：对经过一年以上培养教育和考察、基本具备党员条件的入党积极分子，可列为发展对象`,
  },
  mentors: {
    value: [1, 2],
    source: `${XIZE} 第九条：党组织应当指定一至两名正式党员作入党积极分子的培养联系人`,
  },
  sponsors: { value: 2, source: `${DANGZHANG} 第五条：发展党员，必须经过两名正式党员作介绍人` },
  training: {
    value: { days: 3, hours: 24 },
    source: `${XIZE} 第十七条：集中培训时间一般不少于三天（或不少于二十四个学时）`,
  },
  vote: {
    value: { quorum: [1, 2], majority: [1, 2] },
    source: `${XIZE} 第二十条、第二十二条：有表决权的到会人数必须超过应到会有表决权人数的半数；赞成人数超过应到会有表决权的正式党员的半数，才能通过；因故不能到会的有表决权的党员，在支部大会召开前正式向党支部提出书面意见的，应当统计在票数内`,
  },
  ballot: { value: 'any', source: `${XIZE} 第二十二条：采取举手表决或无记名投票的方式` },
  approvalMonths: {
    value: { normal: 3, max: 6 },
    source: `${XIZE} 第二十五条：上级党委对支部大会通过接收的预备党员，应当在三个月内审批；遇有特殊情况可适当延长审批时间，但不得超过六个月`,
  },
  probationYears: {
    value: 1,
    source: `${DANGZHANG} 第七条；${XIZE} 第三十二条：预备期为一年，从支部大会通过之日算起`,
  },
  extension: {
    value: { times: 1, minMonths: 6, maxMonths: 12 },
    source: `${DANGZHANG} 第七条；${XIZE} 第三十二条：可以延长一次预备期，延长时间不能少于半年，最长不超过一年`,
  },
  approverKinds: {
    value: ['local_committee', 'township_committee', 'working_committee', 'primary_committee'],
    source: `${XIZE} 第二十四条：预备党员必须由党委（工委）审批；党总支不能审批`,
  },
  approverExcludedSectors: {
    value: ['village', 'community'],
    source: `${XIZE} 第二十四条；《中国共产党农村基层组织工作条例》：村、社区党组织不能审批，村级发展党员由乡镇党委审批`,
  },
  noticeWorkingDays: { value: null, source: `${XIZE}：未规定公示` },
  voteWithinMonthsOfPreReview: { value: null, source: `${XIZE}：未规定预审后召开支部大会的期限` },
  oathWithinMonths: { value: null, source: `${XIZE} 第二十九条：未规定入党宣誓的期限` },
  candidateFiling: { value: 'filing', source: `${XIZE} 第十四条：发展对象报上级党委备案` },
};

/**
 * The 2026 revision as reported by three unrelated public repositories (sources.md §0, [S15][S15b][S15c]); its
 * text was not found. Only the claimed changes differ from 2014; the rest is the 2014 set.
 */
export const RECRUITMENT_2026: RecruitmentRules = {
  ...RECRUITMENT_2014,
  id: '2026',
  zh: '2026年修订（未核实）',
  unverified: true,
  steps: [
    ...STEPS_2014.slice(0, 6),
    step(
      'candidate_notice',
      null,
      'candidate',
      '发展对象公示',
      '党支部',
      ['activist_filed', 'mentors'],
      `${REV2026}：确定发展对象前公示`,
    ),
    ...STEPS_2014.slice(6).map((s) =>
      s.kind === 'candidate'
        ? { ...s, after: [...s.after, 'candidate_notice' as const] }
        : s.kind === 'candidate_filed'
          ? { ...s, zh: '报上级党委同意', source: `${REV2026}：发展对象报上级党委同意` }
          : s,
    ),
  ],
  ballot: { value: 'secret', source: `${REV2026}：支部大会采取无记名投票方式表决` },
  noticeWorkingDays: { value: 5, source: `${REV2026}：确定发展对象前公示，公示期不少于5个工作日` },
  voteWithinMonthsOfPreReview: {
    value: 1,
    source: `${REV2026}：预审合格后1个月内召开支部大会讨论接收预备党员`,
  },
  oathWithinMonths: { value: 1, source: `${REV2026}：上级党委批准后1个月内进行入党宣誓` },
  candidateFiling: { value: 'consent', source: `${REV2026}：确定发展对象须报上级党委同意` },
};

/** The 2026 overlay never applies before the date the revision was reportedly issued (sources.md §0). */
export const REVISION_2026_ISSUED: IsoDate = '2026-05-11';

/**
 * The rule set a step of `date` is judged by: the 2026 overlay when the deployment's setting `recruitmentRules` in
 * force on that date says '2026' (and not before the revision's reported issue date), else the 2014 细则.
 */
export function recruitmentRulesOn(
  date: IsoDate,
  revision: RecruitmentRevision | 2014 | 2026,
): RecruitmentRules {
  return String(revision) === '2026' && date >= REVISION_2026_ISSUED ? RECRUITMENT_2026 : RECRUITMENT_2014;
}

export function stepRule(rules: RecruitmentRules, kind: StepKind): StepRule | null {
  return rules.steps.find((s) => s.kind === kind) ?? null;
}

/** The Chinese name of a step (the 2014 name; the 2026 overlay's notice has its own). */
export function stepLabel(kind: StepKind): string {
  return (stepRule(RECRUITMENT_2014, kind) ?? stepRule(RECRUITMENT_2026, kind))!.zh;
}
