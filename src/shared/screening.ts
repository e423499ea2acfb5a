/**
 * Weak-org screening (软弱涣散排查) and rectification cases (一村一策), issue 14 items 3–4, decision 0033: the
 * schemas the API, the CLI and the web share.
 */
import { z } from 'zod';
import { IsoDateSchema, OrgCodeSchema } from './schemas.js';

const text = (max: number, what: string) =>
  z.string().trim().min(1, `${what}不能为空`).max(max, `${what}不能超过${max}个字`);
const optText = (max: number) => z.string().trim().max(max).nullish();

export const YearSchema = z.coerce
  .number({ message: '年度应为四位数字' })
  .int('年度应为四位数字')
  .min(2000, '年度不能早于2000年')
  .max(2100, '年度格式不对');

export const WeakTypeNumberSchema = z.number().int().min(1).max(99);

export const WeakTypeViewSchema = z.object({
  type: z.number(),
  zh: z.string(),
  short: z.string(),
  source: z.string(),
  local: z.boolean(),
  suggestedBy: z.array(z.enum(['indicators', 'records', 'people'])),
});
export type WeakTypeView = z.infer<typeof WeakTypeViewSchema>;

export const ObservationKindSchema = z.enum(['observation', 'petition', 'survey']);
export type ObservationKindName = z.infer<typeof ObservationKindSchema>;
export const OBSERVATION_KIND_ZH: Record<ObservationKindName, string> = {
  observation: '走访发现',
  petition: '信访情况',
  survey: '群众满意度测评',
};

export const ObservationCreateSchema = z.object({
  kind: ObservationKindSchema,
  observedOn: IsoDateSchema,
  /** observation: the type it points to, if any */
  weakType: WeakTypeNumberSchema.nullish(),
  /** petition: how many petitions (件次) */
  count: z.number().int().min(0).max(100000).nullish(),
  /** survey */
  respondents: z.number().int().min(1).max(100000).nullish(),
  satisfied: z.number().int().min(0).max(100000).nullish(),
  note: z.string().trim().max(1000).default(''),
});
export type ObservationCreate = z.input<typeof ObservationCreateSchema>;

export const ObservationViewSchema = z.object({
  id: z.number(),
  orgCode: z.string(),
  orgName: z.string(),
  kind: ObservationKindSchema,
  observedOn: z.string(),
  weakType: z.number().nullable(),
  count: z.number().nullable(),
  respondents: z.number().nullable(),
  satisfied: z.number().nullable(),
  /** survey: satisfied / respondents in percent, one decimal */
  satisfaction: z.number().nullable(),
  note: z.string(),
  author: z.string(),
});
export type ObservationView = z.infer<typeof ObservationViewSchema>;

export const ObservationListSchema = z.object({
  org: z.string(),
  year: z.number(),
  observations: z.array(ObservationViewSchema),
});
export type ObservationList = z.infer<typeof ObservationListSchema>;

export const ScreeningQuerySchema = z.object({ year: YearSchema, asOf: IsoDateSchema.optional() });

export const ConfirmationSchema = z.object({
  types: z.array(WeakTypeNumberSchema).min(1, '请至少选择一个类型').max(13),
  reason: text(1000, '认定理由'),
  problems: z.string().trim().max(2000).default(''),
  /** omitted: today */
  confirmedOn: IsoDateSchema.nullish(),
});
export type ConfirmationInput = z.input<typeof ConfirmationSchema>;

export const SuggestionSchema = z.object({ type: z.number(), evidence: z.array(z.string()) });

export const ScreeningOrgSchema = z.object({
  code: z.string(),
  name: z.string(),
  township: z.string().nullable(),
  suggested: z.array(SuggestionSchema),
  confirmed: z.array(z.number()),
  reason: z.string().nullable(),
  confirmedOn: z.string().nullable(),
  caseId: z.number().nullable(),
  stage: z.string().nullable(),
});
export type ScreeningOrg = z.infer<typeof ScreeningOrgSchema>;

/** `jiceng screening ORG_CODE --year YYYY --json` (the contract) and GET /orgs/:code/screening. */
export const ScreeningViewSchema = z.object({
  org: z.string(),
  orgName: z.string(),
  year: z.number(),
  asOf: z.string(),
  /** the local screening ratio (information only, never a quota); 0: 不设比例 */
  ratioPercent: z.number(),
  /** what that ratio would mean for the screened orgs; null without a ratio */
  ratioReference: z.number().nullable(),
  /** whether types 1 and 4 could be suggested from the health indicators (false until they are evaluated) */
  indicatorsAvailable: z.boolean(),
  orgs: z.array(ScreeningOrgSchema),
  table: z.object({
    screened: z.number(),
    confirmed: z.number(),
    byType: z.array(
      z.object({ type: z.number(), label: z.string(), count: z.number(), percent: z.number() }),
    ),
    /** the measures columns of the statistics form */
    measures: z.object({
      pairingUnits: z.number(),
      liaisonLeaders: z.number(),
      firstSecretaries: z.number(),
      residentCadres: z.number(),
      problemsSolved: z.number(),
      rectified: z.number(),
    }),
  }),
});
export type ScreeningView = z.infer<typeof ScreeningViewSchema>;

// ------------------------------------------------------------------------------------------------ cases

export const CaseStageSchema = z.enum(['planning', 'rectifying', 'accepted', 'watching', 'done', 'relapsed']);

export const CasePlanSchema = z.object({
  problems: z.string().trim().max(2000).optional(),
  liaisonLeader: optText(60),
  pairingUnit: optText(100),
  firstSecretary: optText(30),
  firstSecretaryUnit: optText(100),
  firstSecretaryFrom: IsoDateSchema.nullish(),
  firstSecretaryTo: IsoDateSchema.nullish(),
  residentCadres: z.array(z.string().trim().min(1).max(30)).max(20).optional(),
});
export type CasePlan = z.input<typeof CasePlanSchema>;

export const MeasureCreateSchema = z.object({
  content: text(500, '措施内容'),
  responsible: text(60, '责任人'),
  dueOn: IsoDateSchema,
});
export type MeasureCreate = z.input<typeof MeasureCreateSchema>;

export const MeasureDoneSchema = z.object({ doneOn: IsoDateSchema });

export const ProgressCreateSchema = z.object({
  notedOn: IsoDateSchema,
  content: text(1000, '进展情况'),
  measureId: z.number().int().positive().nullish(),
});
export type ProgressCreate = z.input<typeof ProgressCreateSchema>;

export const AcceptanceCreateSchema = z.object({
  heldOn: IsoDateSchema,
  score: z.number().min(0).max(100),
  voters: z.number().int().min(0).max(10000),
  dissatisfied: z.number().int().min(0).max(10000),
  /** what the acceptance group decided — people decide, the scheme only suggests */
  decision: z.enum(['passed', 'failed']),
  deciders: text(200, '验收组成员'),
  /** required when the decision departs from the scheme's suggestion */
  note: z.string().trim().max(1000).default(''),
});
export type AcceptanceCreate = z.input<typeof AcceptanceCreateSchema>;

export const CloseSchema = z.object({ closedOn: IsoDateSchema });

export const MeasureViewSchema = z.object({
  id: z.number(),
  content: z.string(),
  responsible: z.string(),
  dueOn: z.string(),
  doneOn: z.string().nullable(),
  overdue: z.boolean(),
});
export type MeasureView = z.infer<typeof MeasureViewSchema>;

export const AcceptanceViewSchema = z.object({
  id: z.number(),
  heldOn: z.string(),
  score: z.number(),
  voters: z.number(),
  dissatisfied: z.number(),
  suggested: z.enum(['pass', 'fail']),
  reasons: z.array(z.string()),
  decision: z.enum(['passed', 'failed']),
  deciders: z.string(),
  note: z.string(),
});

export const CaseViewSchema = z.object({
  id: z.number(),
  orgCode: z.string(),
  orgName: z.string(),
  year: z.number(),
  types: z.array(z.number()),
  reason: z.string(),
  confirmedOn: z.string(),
  problems: z.string(),
  liaisonLeader: z.string().nullable(),
  pairingUnit: z.string().nullable(),
  firstSecretary: z.string().nullable(),
  firstSecretaryUnit: z.string().nullable(),
  firstSecretaryFrom: z.string().nullable(),
  firstSecretaryTo: z.string().nullable(),
  residentCadres: z.array(z.string()),
  stage: CaseStageSchema,
  stageZh: z.string(),
  measures: z.array(MeasureViewSchema),
  progress: z.array(
    z.object({
      id: z.number(),
      notedOn: z.string(),
      content: z.string(),
      measureId: z.number().nullable(),
      author: z.string(),
    }),
  ),
  acceptances: z.array(AcceptanceViewSchema),
  closedOn: z.string().nullable(),
  watchUntil: z.string().nullable(),
  relapsedOn: z.string().nullable(),
  relapseNote: z.string().nullable(),
  /** the local acceptance scheme in force today */
  scheme: z.object({ passScore: z.number(), dissatisfiedMaxPercent: z.number(), watchMonths: z.number() }),
});
export type CaseView = z.infer<typeof CaseViewSchema>;

export const OverdueMeasureSchema = z.object({
  caseId: z.number(),
  orgCode: z.string(),
  orgName: z.string(),
  measureId: z.number(),
  content: z.string(),
  responsible: z.string(),
  dueOn: z.string(),
  daysOverdue: z.number(),
});
export type OverdueMeasure = z.infer<typeof OverdueMeasureSchema>;

export const CaseListSchema = z.object({
  org: z.string(),
  asOf: z.string(),
  cases: z.array(
    z.object({
      id: z.number(),
      orgCode: z.string(),
      orgName: z.string(),
      year: z.number(),
      types: z.array(z.number()),
      stage: CaseStageSchema,
      stageZh: z.string(),
      measures: z.number(),
      done: z.number(),
      overdue: z.number(),
      closedOn: z.string().nullable(),
    }),
  ),
  /** the measures past their deadline and not done: the township's to-dos (本月待办) */
  overdue: z.array(OverdueMeasureSchema),
});
export type CaseList = z.infer<typeof CaseListSchema>;

export const ScreeningConfirmPathSchema = z.object({ code: OrgCodeSchema, year: YearSchema });
