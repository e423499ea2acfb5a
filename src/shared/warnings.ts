/**
 * Health indicators and early warnings as the API shows and takes them (issue 14 parts 1–2, decision 0032).
 */
import { z } from 'zod';
import { IsoDateSchema } from './schemas.js';

export const WarningLevelSchema = z.enum(['amber', 'red']);
export const HealthLevelSchema = z.enum(['green', 'amber', 'red']);

/** One warning as the `jiceng warnings --json` contract gives it. */
export const WarningItemSchema = z.object({
  org: z.string(),
  indicator: z.string(),
  level: WarningLevelSchema,
  since: IsoDateSchema,
  evidence: z.array(z.string()),
  explained: z.boolean(),
});
export type WarningItem = z.infer<typeof WarningItemSchema>;

/** `jiceng warnings ORG_CODE [--as-of DATE] --json` and GET /orgs/:code/warnings: exactly these keys. */
export const WarningListSchema = z.object({
  org: z.string(),
  asOf: IsoDateSchema,
  warnings: z.array(WarningItemSchema),
});
export type WarningList = z.infer<typeof WarningListSchema>;

export const WarningQuerySchema = z.object({ asOf: IsoDateSchema.optional() });

export const ExplanationSchema = z.object({
  kind: z.enum(['postponement', 'reason']),
  note: z.string(),
  explainedOn: IsoDateSchema,
});

/**
 * A red warning opened during the follow-up watch of the org's closed rectification case (跟踪期内反弹, decision
 * 0033): the case and the day it was closed out.
 */
export const RelapseMarkSchema = z.object({ caseId: z.number(), closedOn: IsoDateSchema });
export type RelapseMark = z.infer<typeof RelapseMarkSchema>;

/** A warning on the early-warning page: the contract's fields with the org's name and the explanation. */
export const WarningRowSchema = WarningItemSchema.extend({
  id: z.number().nullable(),
  orgName: z.string(),
  explanation: ExplanationSchema.nullable(),
  /** a relapse during a closed case's follow-up watch, else null */
  relapse: RelapseMarkSchema.nullable(),
});
export type WarningRowView = z.infer<typeof WarningRowSchema>;

export const IndicatorDefSchema = z.object({
  key: z.string(),
  zh: z.string(),
  source: z.string(),
  appliesTo: z.string(),
  /** the local settings its thresholds are */
  settings: z.array(z.string()),
});
export type IndicatorDef = z.infer<typeof IndicatorDefSchema>;

/** GET /orgs/:code/warnings/summary: the county / township early-warning page. */
export const WarningSummarySchema = z.object({
  org: z.string(),
  orgName: z.string(),
  asOf: IsoDateSchema,
  /** the last evaluation of the whole deployment (the daily job), null when never */
  evaluatedAt: z.string().nullable(),
  indicators: z.array(IndicatorDefSchema),
  /** per indicator, how many orgs of the subtree have a red or amber warning open, and how many are explained */
  counts: z.array(
    z.object({ indicator: z.string(), red: z.number(), amber: z.number(), explained: z.number() }),
  ),
  /** how many orgs have at least one red / only amber warnings */
  orgs: z.object({ red: z.number(), amber: z.number() }),
  /** the open warnings in tree order (never ranked) */
  warnings: z.array(WarningRowSchema),
  /** whether the account may open the county's analysis view (decision 0039: county only, setting on) */
  analysisView: z.boolean(),
});
export type WarningSummary = z.infer<typeof WarningSummarySchema>;

export const HealthIndicatorSchema = z.object({
  key: z.string(),
  zh: z.string(),
  source: z.string(),
  level: HealthLevelSchema,
  value: z.number().nullable(),
  evidence: z.array(z.string()),
  /** the open warning, when amber or red */
  warning: z
    .object({
      id: z.number().nullable(),
      since: IsoDateSchema,
      explanation: ExplanationSchema.nullable(),
      /** a relapse during a closed case's follow-up watch (跟踪期内反弹), else null */
      relapse: RelapseMarkSchema.nullable(),
    })
    .nullable(),
});

/** GET /orgs/:code/health: every indicator of one org with its level and evidence, and the monthly trend. */
export const OrgHealthSchema = z.object({
  org: z.string(),
  orgName: z.string(),
  asOf: IsoDateSchema,
  indicators: z.array(HealthIndicatorSchema),
  /** month ends of the last twelve months (and asOf): per indicator the level that day */
  trend: z.object({
    days: z.array(IsoDateSchema),
    rows: z.array(z.object({ key: z.string(), zh: z.string(), levels: z.array(HealthLevelSchema) })),
  }),
});
export type OrgHealth = z.infer<typeof OrgHealthSchema>;

export const ExplainCreateSchema = z.object({
  kind: z.enum(['postponement', 'reason']),
  note: z.string().trim().min(2, '请填写说明（至少2个字）').max(500, '说明不能超过500个字'),
});
export type ExplainCreate = z.infer<typeof ExplainCreateSchema>;

/** One org of the 预警 page's tree (decision 0039): its own open warnings and how many orgs below it have some. */
export const WarningTreeNodeSchema = z.object({
  code: z.string(),
  name: z.string(),
  kind: z.string(),
  /** the parent's code; null for the tree's root */
  parent: z.string().nullable(),
  /** levels below the tree's root (0: the root) */
  depth: z.number(),
  /** the worst level of its own open warnings, null when it has none */
  level: WarningLevelSchema.nullable(),
  /** the indicators of its own open warnings, by level */
  reds: z.array(z.string()),
  ambers: z.array(z.string()),
  /** orgs of its subtree (itself excluded) with a red warning, and with only amber ones */
  below: z.object({ red: z.number(), amber: z.number(), orgs: z.number() }),
});
export type WarningTreeNode = z.infer<typeof WarningTreeNodeSchema>;

/** GET /orgs/:code/warnings/tree: the subtree's orgs in tree order with their levels (one statement). */
export const WarningTreeSchema = z.object({
  org: z.string(),
  asOf: IsoDateSchema,
  /** only the warnings of this indicator, when asked */
  indicator: z.string().nullable(),
  nodes: z.array(WarningTreeNodeSchema),
});
export type WarningTree = z.infer<typeof WarningTreeSchema>;

export const WarningTreeQuerySchema = z.object({ indicator: z.string().max(40).optional() });

const IndicatorShareSchema = z.object({
  indicator: z.string(),
  red: z.number(),
  amber: z.number(),
  /** (red + amber) / orgs × 100, one decimal */
  percent: z.number(),
});

const AnalysisGroupSchema = z.object({
  code: z.string(),
  name: z.string(),
  orgs: z.number(),
  red: z.number(),
  amber: z.number(),
  byIndicator: z.array(IndicatorShareSchema),
});

/**
 * GET /orgs/:code/warnings/analysis (decision 0039): the county's analysis view — per unit directly under the org
 * (a township) and per indicator, the orgs with a red or amber warning and their share. Tree order, never ranked;
 * the county administrator only, while the setting `supervision.analysisView` is on.
 */
export const WarningAnalysisSchema = z.object({
  org: z.string(),
  orgName: z.string(),
  asOf: IsoDateSchema,
  indicators: z.array(z.object({ key: z.string(), zh: z.string() })),
  groups: z.array(AnalysisGroupSchema),
  total: AnalysisGroupSchema,
});
export type WarningAnalysis = z.infer<typeof WarningAnalysisSchema>;
