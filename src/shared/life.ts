/**
 * Branch life beside the meetings, as the API shows and takes it (decision 0023): the 党章 第九条 flags of members,
 * elections and terms (换届), democratic appraisal grades (民主评议党员). Plain zod schemas read by server and web.
 */
import { z } from 'zod';
import { IsoDateSchema } from './schemas.js';

// ------------------------------------------------------------------------------------------------ 党章 第九条

export const Article9FlagSchema = z.enum(['three_months', 'six_months']);
export type Article9FlagCode = z.infer<typeof Article9FlagSchema>;

export const Article9GroundSchema = z.object({
  /** org_life: organisational life missed without good reason; dues: months with nothing paid */
  ground: z.enum(['org_life', 'dues']),
  /** consecutive months up to the as-of date */
  months: z.number().int(),
  /** the run's first month, `YYYY-MM` */
  since: z.string().nullable(),
  flag: Article9FlagSchema.nullable(),
});
export type Article9Ground = z.infer<typeof Article9GroundSchema>;

export const Article9MemberSchema = z.object({
  memberId: z.number(),
  name: z.string(),
  orgCode: z.string(),
  orgName: z.string(),
  /** the stronger of the grounds' flags */
  flag: Article9FlagSchema,
  /** the grounds that hold a flag */
  grounds: z.array(Article9GroundSchema),
});

/** The flagged members of a subtree (`jiceng article9 ORG --json`). */
export const Article9ListSchema = z.object({
  org: z.string(),
  orgName: z.string(),
  asOf: IsoDateSchema,
  counts: z.object({ threeMonths: z.number(), sixMonths: z.number() }),
  members: z.array(Article9MemberSchema),
  /** the rule the flags rest on */
  source: z.string(),
});
export type Article9List = z.infer<typeof Article9ListSchema>;

/** One member's 第九条 view and their organisational life this year. */
export const MemberArticle9Schema = z.object({
  memberId: z.number(),
  name: z.string(),
  asOf: IsoDateSchema,
  flag: Article9FlagSchema.nullable(),
  /** both grounds, flagged or not */
  grounds: z.array(Article9GroundSchema),
  /** meetings of the as-of date's year up to it: how many they were present, excused and absent at */
  year: z.object({
    year: z.string(),
    present: z.number(),
    excused: z.number(),
    absent: z.number(),
  }),
  source: z.string(),
});
export type MemberArticle9 = z.infer<typeof MemberArticle9Schema>;

// ------------------------------------------------------------------------------------------------ 换届

export const TermStatusSchema = z.enum(['ok', 'due_6m', 'due_3m', 'due_1m', 'overdue', 'postponed', 'none']);
export type TermStatusCode = z.infer<typeof TermStatusSchema>;

export const TermChangeViewSchema = z.object({
  kind: z.enum(['postpone', 'advance']),
  dueOn: IsoDateSchema,
  approvedBy: z.string(),
  documentNo: z.string(),
  approvedOn: IsoDateSchema,
});

/** One org's term (`jiceng terms ORG --json`: code, name, termEnds, status; the rest for the pages). */
export const OrgTermSchema = z.object({
  code: z.string(),
  name: z.string(),
  /** the day the election is due by: the approved new date, else the term's end; null without a term */
  termEnds: IsoDateSchema.nullable(),
  status: TermStatusSchema,
  electedOn: IsoDateSchema.nullable(),
  termYears: z.number().nullable(),
  /** the statutory end (elected + years), before any approved move */
  statutoryEnd: IsoDateSchema.nullable(),
  change: TermChangeViewSchema.nullable(),
});
export type OrgTerm = z.infer<typeof OrgTermSchema>;

export const TermListSchema = z.object({
  org: z.string(),
  asOf: IsoDateSchema,
  orgs: z.array(OrgTermSchema),
  source: z.string(),
});
export type TermList = z.infer<typeof TermListSchema>;

export const TermChangeCreateSchema = z.object({
  kind: z.enum(['postpone', 'advance']),
  dueOn: IsoDateSchema,
  approvedBy: z.string().trim().min(1, '请填写批准的上级党组织').max(100, '批准组织不能超过100个字'),
  documentNo: z.string().trim().min(1, '请填写批准文号').max(60, '文号不能超过60个字'),
  approvedOn: IsoDateSchema,
  note: z.string().trim().max(500).nullish(),
});
export type TermChangeCreate = z.infer<typeof TermChangeCreateSchema>;

export const ElectionCandidateSchema = z.object({
  memberId: z.number().int().positive(),
  votes: z.number().int('得票数应为整数').min(0, '得票数不能为负数'),
  /** the post the new committee gives them: only the elected may hold one */
  post: z.enum(['secretary', 'deputy_secretary', 'committee_member']).nullish(),
});

export const ElectionCreateSchema = z.object({
  heldOn: IsoDateSchema,
  /** 党员大会 / 党员代表大会 */
  method: z.enum(['general_meeting', 'congress']),
  /** 应到会有选举权人数 */
  entitled: z.number().int('应到人数应为整数').min(1, '应到人数至少为1').max(100000),
  /** 实到会有选举权人数 */
  present: z.number().int('实到人数应为整数').min(0, '实到人数不能为负数').max(100000),
  candidates: z.array(ElectionCandidateSchema).min(1, '请填写候选人及得票').max(60),
  /** the term's length when the kind has no statutory one (临时党支部) */
  termYears: z.number().int().min(1).max(10).nullish(),
  note: z.string().trim().max(1000).nullish(),
});
export type ElectionCreate = z.infer<typeof ElectionCreateSchema>;

export const ElectionViewSchema = z.object({
  id: z.number(),
  heldOn: IsoDateSchema,
  method: z.enum(['general_meeting', 'congress']),
  entitled: z.number(),
  present: z.number(),
  candidates: z.array(
    z.object({
      memberId: z.number(),
      name: z.string(),
      votes: z.number(),
      post: z.string().nullable(),
      elected: z.boolean(),
    }),
  ),
  valid: z.boolean(),
  /** why it is invalid (no quorum), in Chinese */
  reason: z.string().nullable(),
  /** things worth checking, in Chinese (the entitled count differs from the roster; the committee's size) */
  warnings: z.array(z.string()),
  termId: z.number().nullable(),
  note: z.string().nullable(),
});
export type ElectionView = z.infer<typeof ElectionViewSchema>;

/** One org's term, its approved moves and its elections (the org page's 换届 card). */
export const OrgElectionsSchema = z.object({
  term: OrgTermSchema,
  changes: z.array(TermChangeViewSchema.extend({ id: z.number(), note: z.string().nullable() })),
  elections: z.array(ElectionViewSchema),
  source: z.string(),
});
export type OrgElections = z.infer<typeof OrgElectionsSchema>;

// ------------------------------------------------------------------------------------------------ 民主评议党员
// decision 0030: the grades of a year's democratic appraisal, tied to its meeting, and what follows from them.

export const AppraisalGradeSchema = z.enum(['excellent', 'qualified', 'basically_qualified', 'unqualified']);
export const AppraisalFollowUpSchema = z.enum(['rectify', 'persuade_out', 'strike_off']);
export const AppraisalToDoSchema = z.enum(['help_improve', 'disposal_due', 'rectify_ended', 'decision_due']);

const GradeCountsSchema = z.object({
  excellent: z.number().int(),
  qualified: z.number().int(),
  basically_qualified: z.number().int(),
  unqualified: z.number().int(),
});

/** The grading sheet of one 民主评议党员 meeting: everyone on the org's own roster that day. */
export const MeetingAppraisalSchema = z.object({
  meetingId: z.number(),
  orgCode: z.string(),
  orgName: z.string(),
  heldOn: IsoDateSchema,
  year: z.number().int(),
  topic: z.string(),
  /** results recorded at this meeting: false until the sheet is first saved */
  recorded: z.boolean(),
  members: z.array(
    z.object({
      memberId: z.number(),
      name: z.string(),
      /** full (graded) or probationary (takes part, not graded) */
      status: z.string(),
      graded: z.boolean(),
      /** present / excused / absent at the meeting, null when not in its attendance */
      attendance: z.string().nullable(),
      grade: AppraisalGradeSchema.nullable(),
      followUp: AppraisalFollowUpSchema.nullable(),
      /** already appraised this year at another meeting (where and when): not appraised again here */
      elsewhere: z.string().nullable(),
    }),
  ),
  summary: z.object({ graded: z.number().int(), counts: GradeCountsSchema, excellentOverShare: z.boolean() }),
  warnings: z.array(z.string()),
  source: z.string(),
});
export type MeetingAppraisal = z.infer<typeof MeetingAppraisalSchema>;

export const AppraisalSaveSchema = z.object({
  /** every member on the sheet: a grade for a full member, null for a probationary one */
  grades: z
    .array(z.object({ memberId: z.number().int().positive(), grade: AppraisalGradeSchema.nullable() }))
    .max(2000),
});
export type AppraisalSave = z.infer<typeof AppraisalSaveSchema>;

export const FollowUpCreateSchema = z.object({
  followUp: AppraisalFollowUpSchema,
  /** the day the branch decided it */
  on: IsoDateSchema,
  /** 限期改正: the last day of the term given */
  until: IsoDateSchema.nullish(),
  note: z.string().trim().max(500).nullish(),
});
export type FollowUpCreate = z.infer<typeof FollowUpCreateSchema>;

export const MemberAppraisalSchema = z.object({
  id: z.number(),
  year: z.number().int(),
  meetingId: z.number(),
  heldOn: IsoDateSchema,
  orgCode: z.string(),
  orgName: z.string(),
  grade: AppraisalGradeSchema.nullable(),
  followUp: AppraisalFollowUpSchema.nullable(),
  followUpOn: IsoDateSchema.nullable(),
  followUpUntil: IsoDateSchema.nullable(),
  followUpNote: z.string().nullable(),
  /** what the result still asks of the branch, if anything */
  toDo: AppraisalToDoSchema.nullable(),
  /** the actor may record this result's follow-up */
  canWrite: z.boolean(),
});
export type MemberAppraisalView = z.infer<typeof MemberAppraisalSchema>;

export const MemberAppraisalsSchema = z.object({
  memberId: z.number(),
  appraisals: z.array(MemberAppraisalSchema),
});
export type MemberAppraisals = z.infer<typeof MemberAppraisalsSchema>;

/** `jiceng appraisals ORG_CODE --json` and the API: a year's appraisal per org of a subtree, and the to-dos. */
export const AppraisalYearSchema = z.object({
  org: z.string(),
  year: z.number().int(),
  orgs: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      /** not_held: no 民主评议党员 meeting this year; not_graded: held, no grades recorded; graded */
      status: z.enum(['not_held', 'not_graded', 'graded']),
      meetings: z.array(z.object({ id: z.number(), heldOn: IsoDateSchema })),
      graded: z.number().int(),
      /** probationary members who took part, not graded */
      ungraded: z.number().int(),
      counts: GradeCountsSchema,
      excellentOverShare: z.boolean(),
    }),
  ),
  toDos: z.array(
    z.object({
      appraisalId: z.number(),
      memberId: z.number(),
      name: z.string(),
      orgCode: z.string(),
      orgName: z.string(),
      year: z.number().int(),
      grade: AppraisalGradeSchema,
      followUp: AppraisalFollowUpSchema.nullable(),
      followUpUntil: IsoDateSchema.nullable(),
      toDo: AppraisalToDoSchema,
    }),
  ),
  source: z.string(),
});
export type AppraisalYear = z.infer<typeof AppraisalYearSchema>;
