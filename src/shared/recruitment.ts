/**
 * Recruitment (发展党员, decision 0025) as the API shows and takes it: plain zod schemas read by the server and the
 * web. ID numbers are masked in every list; a full one is read through the logged reveal.
 */
import { z } from 'zod';
import { STEP_KINDS } from './recruitment-codes.js';
import { ResultSchema } from './sampling.js';
import {
  EducationSchema,
  EthnicitySchema,
  IsoDateSchema,
  OccupationSchema,
  OrgCodeSchema,
  SexSchema,
} from './schemas.js';

export const StepKindSchema = z.enum(STEP_KINDS);
export const CaseStatusSchema = z.enum([
  'applicant',
  'activist',
  'candidate',
  'probationary',
  'full',
  'cancelled',
  'closed',
]);
export type CaseStatusCode = z.infer<typeof CaseStatusSchema>;

export const CASE_STATUS_ZH: Readonly<Record<CaseStatusCode, string>> = {
  applicant: '入党申请人',
  activist: '入党积极分子',
  candidate: '发展对象',
  probationary: '预备党员',
  full: '已转正',
  cancelled: '已取消预备党员资格',
  closed: '已终止',
};

const opt = (max: number) => z.string().trim().max(max).nullish();

/** A new applicant: the person and the application (step 1) in one. */
export const ApplicantCreateSchema = z.object({
  orgCode: OrgCodeSchema,
  name: z.string().trim().min(1, '姓名不能为空').max(50),
  idNumber: z.string().trim().min(1, '身份证号不能为空').max(30),
  sex: SexSchema.nullish(),
  birthDate: IsoDateSchema.nullish(),
  ethnicity: EthnicitySchema,
  education: EducationSchema.nullish(),
  occupation: OccupationSchema.nullish(),
  phone: z
    .string()
    .trim()
    .regex(/^[0-9+\- ]{5,20}$/, '联系电话只能包含数字、+、-')
    .nullish(),
  workUnit: opt(100),
  /** the day the written application was handed in (step 1) */
  appliedOn: IsoDateSchema,
});
export type ApplicantCreate = z.infer<typeof ApplicantCreateSchema>;

const Count = z.number().int('应为整数').min(0, '不能为负数').max(100000);

export const StepVoteInputSchema = z.object({
  present: Count,
  yes: Count,
  no: Count,
  abstain: Count,
  writtenYes: Count.default(0),
  writtenNo: Count.default(0),
  ballot: z.enum(['secret', 'show_of_hands']),
});

/** A step recorded on a case. What it carries depends on the step (the rules say which is needed). */
export const StepCreateSchema = z.object({
  kind: StepKindSchema,
  takenOn: IsoDateSchema,
  /** the committee a step is filed with or approved by (its org code) */
  orgCode: OrgCodeSchema.nullish(),
  /** mentors or sponsors: member ids */
  memberIds: z.array(z.number().int().positive()).max(5).nullish(),
  vote: StepVoteInputSchema.nullish(),
  /** political review: passed / failed; approvals: approved / not_approved */
  outcome: z.enum(['passed', 'failed', 'approved', 'not_approved']).nullish(),
  decision: z.enum(['confirm', 'extend', 'cancel']).nullish(),
  days: z.number().min(0).max(365).nullish(),
  hours: z.number().min(0).max(10000).nullish(),
  extendMonths: z.number().int().min(0).max(24).nullish(),
  cause: opt(200),
  note: opt(500),
});
export type StepCreate = z.infer<typeof StepCreateSchema>;

export const CaseCloseSchema = z.object({
  closedOn: IsoDateSchema,
  reason: z.string().trim().min(1, '请填写终止的原因').max(200),
});
export type CaseClose = z.infer<typeof CaseCloseSchema>;

export const NextStepSchema = z.object({
  kind: StepKindSchema,
  zh: z.string(),
  earliest: IsoDateSchema.nullable(),
  due: IsoDateSchema.nullable(),
  /** the deadline has passed as of the view's date */
  overdue: z.boolean(),
  /** the deadline is within 30 days */
  dueSoon: z.boolean(),
  source: z.string().nullable(),
});
export type NextStepView = z.infer<typeof NextStepSchema>;

export const StepViewSchema = z.object({
  id: z.number(),
  kind: StepKindSchema,
  no: z.number().nullable(),
  zh: z.string(),
  takenOn: IsoDateSchema,
  data: z.record(z.string(), z.unknown()),
  /** the rule set the step was judged by: 2014 or 2026 */
  rules: z.string(),
  warnings: z.array(z.object({ rule: z.string(), message: z.string() })),
  /** the mark of its latest on-site verification (抽查核实), null when never verified */
  verification: ResultSchema.nullable(),
});

export const CaseViewSchema = z.object({
  id: z.number(),
  personId: z.number(),
  name: z.string(),
  /** masked */
  idNumber: z.string(),
  sex: z.string(),
  birthDate: IsoDateSchema,
  orgCode: z.string(),
  orgName: z.string(),
  status: CaseStatusSchema,
  memberId: z.number().nullable(),
  closedOn: IsoDateSchema.nullable(),
  closeReason: z.string().nullable(),
  steps: z.array(StepViewSchema),
  next: z.array(NextStepSchema),
  /** the rule set in force today for this deployment */
  rulesToday: z.string(),
  /** warnings of the step just recorded (on a write) */
  recordedWarnings: z.array(z.object({ rule: z.string(), message: z.string() })).optional(),
});
export type CaseView = z.infer<typeof CaseViewSchema>;

export const BoardCardSchema = z.object({
  id: z.number(),
  name: z.string(),
  idNumber: z.string(),
  orgCode: z.string(),
  orgName: z.string(),
  /** since when the person is in this stage */
  since: IsoDateSchema,
  next: z.array(NextStepSchema),
});
export type BoardCard = z.infer<typeof BoardCardSchema>;

export const BoardSchema = z.object({
  org: z.string(),
  orgName: z.string(),
  asOf: IsoDateSchema,
  rules: z.string(),
  stages: z.object({
    applicant: z.array(BoardCardSchema),
    activist: z.array(BoardCardSchema),
    candidate: z.array(BoardCardSchema),
    probationary: z.array(BoardCardSchema),
  }),
});
export type Board = z.infer<typeof BoardSchema>;

export const RecruitmentQuerySchema = z.object({ asOf: IsoDateSchema.optional() });

/** A step past its deadline: whose case, in which org, which step, due when (sorted by due date, then case). */
const OverdueStepSchema = z.object({
  person: z.string(),
  caseId: z.number(),
  orgCode: z.string(),
  orgName: z.string(),
  step: StepKindSchema,
  stepZh: z.string(),
  due: IsoDateSchema,
});

/** GET /orgs/:code/recruitment/overdue: the subtree's overdue steps alone (the summary's `overdue`, decision 0050). */
export const RecruitmentOverdueSchema = z.object({
  org: z.string(),
  orgName: z.string(),
  asOf: IsoDateSchema,
  overdue: z.array(OverdueStepSchema),
});
export type RecruitmentOverdue = z.infer<typeof RecruitmentOverdueSchema>;

/** `jiceng recruitment ORG_CODE --json` (the contract) and GET /orgs/:code/recruitment. */
export const RecruitmentSummarySchema = z.object({
  org: z.string(),
  orgName: z.string(),
  asOf: IsoDateSchema,
  stages: z.object({
    applicant: z.number(),
    activist: z.number(),
    candidate: z.number(),
    probationary: z.number(),
  }),
  /** admitted (probationary from the vote) and confirmed in the year of asOf */
  thisYear: z.object({ admitted: z.number(), confirmed: z.number() }),
  /** median days each stage took, over the cases that left it */
  stageDays: z.object({
    applicant: z.number().nullable(),
    activist: z.number().nullable(),
    candidate: z.number().nullable(),
    probationary: z.number().nullable(),
  }),
  overdue: z.array(OverdueStepSchema),
  /** per branch of the subtree under it: the stage counts (for the township and county table) */
  orgs: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      applicant: z.number(),
      activist: z.number(),
      candidate: z.number(),
      probationary: z.number(),
      overdue: z.number(),
      lastAdmitted: IsoDateSchema.nullable(),
      years: z.number().nullable(),
    }),
  ),
  /** branches with nobody admitted for at least the setting recruitmentIdleYears (default 5) years, or ever */
  branchesWithoutAdmission: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      lastAdmitted: IsoDateSchema.nullable(),
      years: z.number().nullable(),
    }),
  ),
  idleYears: z.number(),
});
export type RecruitmentSummary = z.infer<typeof RecruitmentSummarySchema>;

export const RecruitmentStatsQuerySchema = z.object({
  /** first year (default: four years before the last) */
  from: z.coerce.number().int().min(1921).max(2200).optional(),
  /** last year (default: this year) */
  to: z.coerce.number().int().min(1921).max(2200).optional(),
});

const YearStatsSchema = z.object({
  year: z.number(),
  /** 发展党员: admitted as probationary members (from the general meeting's vote) by an org of the subtree */
  admitted: z.number(),
  women: z.number(),
  minorities: z.number(),
  /** 35 or under on the day of the vote */
  young: z.number(),
  /** 大专及以上 */
  college: z.number(),
  /** 生产、工作一线: workers, farmers, professionals and managers (decision 0025) */
  frontLine: z.number(),
  /** by occupation code (worker, farmer, professional, manager, civil_servant, student, other, retired, unknown) */
  occupations: z.record(z.string(), z.number()),
  /** probationary members confirmed (转正) in the year */
  confirmed: z.number(),
});

/** `jiceng recruitment-stats ORG_CODE --json` and GET /orgs/:code/recruitment/stats. */
export const RecruitmentStatsSchema = z.object({
  org: z.string(),
  orgName: z.string(),
  from: z.number(),
  to: z.number(),
  years: z.array(YearStatsSchema),
});
export type RecruitmentStats = z.infer<typeof RecruitmentStatsSchema>;
