/**
 * Classified, process-based assessment (分类考核, issue 14 item 5, decision 0036): the schemas the API, the CLI and
 * the web share.
 */
import { z } from 'zod';
import { IsoDateSchema } from './schemas.js';

export { YearSchema } from './screening.js';

const LevelSchema = z.enum(['green', 'amber', 'red']);

export const ItemScoreSchema = z.object({
  key: z.string(),
  zh: z.string(),
  kind: z.enum(['indicators', 'rated']),
  points: z.number(),
  score: z.number(),
  level: LevelSchema.nullable(),
  rating: z
    .object({ month: IsoDateSchema, score: z.number(), note: z.string(), by: z.string().nullable() })
    .nullable(),
  evidence: z.array(z.string()),
});

export const MonthScoreSchema = z.object({
  month: z.string(),
  through: IsoDateSchema,
  category: z.object({ key: z.string(), zh: z.string() }),
  score: z.number(),
  items: z.array(ItemScoreSchema),
});

export const YearResultSchema = z.object({
  total: z.number(),
  months: z.number(),
  max: z.number(),
  average: z.number().nullable(),
  stars: z.number(),
  starsZh: z.string(),
  /** the county's setting is on and the stars are below it: a suggestion for screening, never a verdict */
  rectifySuggested: z.boolean(),
});

export const StarBandSchema = z.object({ stars: z.number(), min: z.number() });

export const CategoryHistorySchema = z.object({
  id: z.number(),
  category: z.string(),
  zh: z.string(),
  effectiveFrom: IsoDateSchema,
  note: z.string(),
  author: z.string(),
});

export const AssessmentViewSchema = z.object({
  org: z.string(),
  orgName: z.string(),
  year: z.number(),
  /** the category in force now (or at the year's end) */
  category: z.object({ key: z.string(), zh: z.string() }).nullable(),
  categories: z.array(CategoryHistorySchema),
  /** the rated items of the current category, for the rating form */
  ratedItems: z.array(z.object({ key: z.string(), zh: z.string(), points: z.number() })),
  months: z.array(MonthScoreSchema),
  result: YearResultSchema,
  bands: z.array(StarBandSchema),
  rectifyBelowStars: z.number(),
});
export type AssessmentView = z.infer<typeof AssessmentViewSchema>;

export const AssessmentListSchema = z.object({
  org: z.string(),
  orgName: z.string(),
  year: z.number(),
  bands: z.array(StarBandSchema),
  rectifyBelowStars: z.number(),
  /** orgs per star count (0: no star), five stars first */
  byStars: z.array(z.object({ stars: z.number(), zh: z.string(), count: z.number() })),
  orgs: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      category: z.string().nullable(),
      months: z.number(),
      total: z.number(),
      average: z.number().nullable(),
      stars: z.number(),
      starsZh: z.string(),
      rectifySuggested: z.boolean(),
      /** this month's score so far (null: not assessed this month) */
      lastMonth: z.object({ month: z.string(), score: z.number() }).nullable(),
    }),
  ),
});
export type AssessmentList = z.infer<typeof AssessmentListSchema>;

export const AssessmentSchemeViewSchema = z.object({
  scheme: z.object({
    categories: z.array(
      z.object({
        key: z.string(),
        zh: z.string(),
        items: z.array(
          z.object({
            key: z.string(),
            zh: z.string(),
            points: z.number(),
            kind: z.enum(['indicators', 'rated']),
            indicators: z.array(z.string()),
          }),
        ),
      }),
    ),
    bands: z.array(StarBandSchema),
  }),
  rectifyBelowStars: z.number(),
  /** the health indicators an item may rest on */
  indicators: z.array(z.object({ key: z.string(), zh: z.string() })),
});
export type AssessmentSchemeView = z.infer<typeof AssessmentSchemeViewSchema>;

export const CategorySetSchema = z.object({
  category: z.string().min(1).max(40),
  effectiveFrom: IsoDateSchema,
  note: z.string().trim().max(200).default(''),
});
export type CategorySet = z.input<typeof CategorySetSchema>;

export const RatingCreateSchema = z.object({
  item: z.string().min(1).max(40),
  /** YYYY-MM */
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为YYYY-MM'),
  score: z.number({ error: '分数应为整数' }).int('分数应为整数').min(0, '分数不能小于0'),
  note: z.string().trim().min(1, '请填写评分理由').max(300, '评分理由不超过300字'),
});
export type RatingCreate = z.input<typeof RatingCreateSchema>;
