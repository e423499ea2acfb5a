/**
 * 述职评议 of party organisation secretaries (issue 14 item 5, decision 0037): the schemas the API, the CLI and the
 * web share.
 */
import { z } from 'zod';
import { IsoDateSchema } from './schemas.js';
import { YearSchema } from './screening.js';

export const ReviewGradeSchema = z.enum(['good', 'fairly_good', 'average', 'poor']);
export type ReviewGradeCode = z.infer<typeof ReviewGradeSchema>;

export const REVIEW_GRADE_LABELS: Record<ReviewGradeCode, string> = {
  good: '好',
  fairly_good: '较好',
  average: '一般',
  poor: '差',
};

const votes = z.number({ error: '票数应为整数' }).int('票数应为整数').min(0, '票数不能小于0').max(100000);

export const TallySchema = z.object({
  good: votes,
  fairly_good: votes,
  average: votes,
  poor: votes,
});
export type TallyView = z.infer<typeof TallySchema>;

export const ReviewOpenSchema = z.object({
  year: YearSchema,
  /** the day whose committee posts say who reports (default: today, or the year's last day for a past year) */
  asOf: IsoDateSchema.nullish(),
  heldOn: IsoDateSchema.nullish(),
  participants: z.number().int().min(1, '参加人数应大于0').max(100000).nullish(),
  note: z.string().trim().max(500, '备注不能超过500个字').nullish(),
});
export type ReviewOpen = z.infer<typeof ReviewOpenSchema>;

export const EntrySaveSchema = z.object({
  report: z.string().trim().max(20000, '述职报告不能超过20000个字'),
  tally: TallySchema.nullish(),
  grade: ReviewGradeSchema.nullish(),
  gradeNote: z.string().trim().max(500, '理由不能超过500个字').nullish(),
  problems: z.string().trim().max(5000, '问题不能超过5000个字').nullish(),
  rectification: z
    .array(z.string().trim().min(1, '整改事项不能为空').max(500, '每条整改事项不能超过500个字'))
    .max(50, '整改事项不能超过50条')
    .nullish(),
});
export type EntrySave = z.infer<typeof EntrySaveSchema>;

export const EntryFollowUpSchema = z.object({
  kind: z.enum(['talk', 'adjust', 'screen']),
  /** null clears it */
  on: IsoDateSchema.nullable(),
  note: z.string().trim().max(500, '说明不能超过500个字').nullish(),
});
export type EntryFollowUp = z.infer<typeof EntryFollowUpSchema>;

export const FollowUpStateSchema = z.object({
  kind: z.enum(['talk', 'rectify', 'screen', 'adjust']),
  zh: z.string(),
  done: z.boolean(),
});

export const ReviewEntrySchema = z.object({
  orgCode: z.string(),
  orgName: z.string(),
  /** the secretary in post on the round's day (or the one whose entry was recorded); null: vacant */
  memberId: z.number().nullable(),
  name: z.string().nullable(),
  recorded: z.boolean(),
  report: z.string(),
  tally: TallySchema.nullable(),
  suggested: ReviewGradeSchema.nullable(),
  grade: ReviewGradeSchema.nullable(),
  gradeNote: z.string(),
  problems: z.string(),
  rectification: z.array(z.string()),
  talkOn: z.string().nullable(),
  talkNote: z.string().nullable(),
  adjustOn: z.string().nullable(),
  adjustNote: z.string().nullable(),
  screenOn: z.string().nullable(),
  screenNote: z.string().nullable(),
  /** the county confirmed the org weak and lax in the round's year */
  screenedConfirmed: z.boolean(),
  followUps: z.array(FollowUpStateSchema),
});
export type ReviewEntryView = z.infer<typeof ReviewEntrySchema>;

export const ReviewRoundSchema = z.object({
  org: z.string(),
  orgName: z.string(),
  year: z.number(),
  /** whether this org runs rounds (a committee) */
  reviewing: z.boolean(),
  round: z
    .object({
      asOf: z.string(),
      heldOn: z.string().nullable(),
      participants: z.number().nullable(),
      note: z.string(),
    })
    .nullable(),
  /** the secretaries who report (and the vacant posts), each with its entry */
  secretaries: z.array(ReviewEntrySchema),
  counts: z.object({
    reporters: z.number(),
    reported: z.number(),
    graded: z.number(),
    good: z.number(),
    fairly_good: z.number(),
    average: z.number(),
    poor: z.number(),
  }),
  /** the follow-ups still to do, one line each */
  toDos: z.array(z.object({ orgCode: z.string(), orgName: z.string(), name: z.string(), zh: z.string() })),
  /** the rounds of the committees below (a county's view of its townships' rounds) */
  below: z.array(
    z.object({
      orgCode: z.string(),
      orgName: z.string(),
      heldOn: z.string().nullable(),
      entries: z.number(),
      graded: z.number(),
      good: z.number(),
      fairlyGood: z.number(),
      average: z.number(),
      poor: z.number(),
    }),
  ),
  settings: z.object({ majorityPercent: z.number(), followUpFrom: z.enum(['average', 'poor']) }),
  canManage: z.boolean(),
  source: z.string(),
});
export type ReviewRound = z.infer<typeof ReviewRoundSchema>;

export const OrgReviewResultsSchema = z.object({
  org: z.string(),
  results: z.array(
    z.object({
      year: z.number(),
      reviewerCode: z.string(),
      reviewerName: z.string(),
      heldOn: z.string().nullable(),
      name: z.string(),
      grade: ReviewGradeSchema.nullable(),
      problems: z.string(),
      rectification: z.array(z.string()),
      followUps: z.array(FollowUpStateSchema),
    }),
  ),
});
export type OrgReviewResults = z.infer<typeof OrgReviewResultsSchema>;
