/**
 * Sampling against falsification (抽查核实), issue 14 part 6, decision 0038: the schemas the API, the CLI and the
 * web share.
 */
import { z } from 'zod';
import { IsoDateSchema, OrgCodeSchema } from './schemas.js';

export const SampleKindSchema = z.enum(['meeting', 'dues_payment', 'recruitment_step']);
export type SampleKindName = z.infer<typeof SampleKindSchema>;
export const SAMPLE_KIND_LABELS: Record<SampleKindName, string> = {
  meeting: '会议记录',
  dues_payment: '党费缴纳',
  recruitment_step: '发展党员步骤',
};

export const ResultSchema = z.enum(['true', 'partly', 'false']);
export type ResultName = z.infer<typeof ResultSchema>;
export const RESULT_LABELS: Record<ResultName, string> = {
  true: '属实',
  partly: '部分属实',
  false: '不属实',
};

export const DrawCreateSchema = z
  .object({
    orgCode: OrgCodeSchema,
    from: IsoDateSchema,
    to: IsoDateSchema,
    kinds: z.array(SampleKindSchema).min(1, '请至少选择一类记录'),
    size: z.coerce
      .number({ message: '抽取数量应为整数' })
      .int('抽取数量应为整数')
      .min(1, '抽取数量至少为1')
      .max(200, '一次最多抽取200条'),
  })
  .refine((d) => d.to >= d.from, { message: '结束日期不能早于开始日期', path: ['to'] });
export type DrawCreate = z.infer<typeof DrawCreateSchema>;

export const SignalViewSchema = z.object({ code: z.string(), zh: z.string() });

export const VerificationViewSchema = z.object({
  id: z.number(),
  itemId: z.number(),
  drawId: z.number(),
  result: ResultSchema,
  resultZh: z.string(),
  note: z.string(),
  verifier: z.string(),
  verifiedOn: z.string(),
  recordedAt: z.string(),
});
export type VerificationView = z.infer<typeof VerificationViewSchema>;

export const SampleItemViewSchema = z.object({
  id: z.number(),
  position: z.number(),
  kind: SampleKindSchema,
  kindZh: z.string(),
  recordId: z.number(),
  orgCode: z.string(),
  orgName: z.string(),
  weight: z.number(),
  signals: z.array(SignalViewSchema),
  summary: z.string(),
  /** false when the record was deleted after the draw (a meeting drawn cannot be deleted; decision 0038) */
  exists: z.boolean(),
  /** the record's mark: its latest verification, from this draw or any other */
  mark: ResultSchema.nullable(),
  /** every verification of the record, oldest first (nothing is overwritten) */
  history: z.array(VerificationViewSchema),
});
export type SampleItemView = z.infer<typeof SampleItemViewSchema>;

export const DrawSummarySchema = z.object({
  id: z.number(),
  orgCode: z.string(),
  orgName: z.string(),
  from: z.string(),
  to: z.string(),
  kinds: z.array(SampleKindSchema),
  size: z.number(),
  seed: z.string(),
  weighting: z.string(),
  candidates: z.number(),
  candidatesDigest: z.string(),
  drawnBy: z.string(),
  drawnAt: z.string(),
  items: z.number(),
  verified: z.number(),
  falseCount: z.number(),
});
export type DrawSummary = z.infer<typeof DrawSummarySchema>;

export const DrawViewSchema = DrawSummarySchema.extend({ records: z.array(SampleItemViewSchema) });
export type DrawView = z.infer<typeof DrawViewSchema>;

export const DrawListSchema = z.object({ draws: z.array(DrawSummarySchema) });
export type DrawList = z.infer<typeof DrawListSchema>;

export const VerificationCreateSchema = z.object({
  result: ResultSchema,
  note: z.string().trim().max(2000, '说明不能超过2000个字').default(''),
  verifier: z.string().trim().min(1, '请填写核实人').max(100, '核实人不能超过100个字'),
  verifiedOn: IsoDateSchema,
});
export type VerificationCreate = z.input<typeof VerificationCreateSchema>;
