/**
 * The 预警 page's org tree coloured by level and the county's analysis view (issue 14 part 2, decision 0039). Both
 * read the open warnings of the subtree's orgs in one statement (`warningTreeRows`) as the last evaluation left them
 * (the page's summary evaluates a small subtree first). The analysis view is the county's only: the action
 * `warnings.analysis` on the deployment (a county administrator of the whole county) and the local setting
 * `supervision.analysisView` on — refused otherwise.
 */
import type { Ctx } from './context.js';
import type { WarningAnalysis, WarningTree } from '../shared/warnings.js';
import { AppError } from '../shared/errors.js';
import { warningTreeRows, type WarningTreeRow } from '../db/repositories/supervision.js';
import { distribution, warningTree as buildTree } from '../domain/supervision/tree.js';
import { INDICATORS, INDICATOR_BY_KEY, type IndicatorKey } from '../domain/supervision/indicators.js';
import { can, deployment } from '../domain/access/policy.js';
import { readsOrg } from './access.js';
import { requireOrg } from './orgs.js';

/** The subtree's rows the actor may read (the access check once per org). */
async function readableRows(ctx: Ctx, path: string, indicator: string | null): Promise<WarningTreeRow[]> {
  const rows = await warningTreeRows(ctx.db, path, indicator);
  return rows.filter((r) => readsOrg(ctx, r.path));
}

/** GET /orgs/:code/warnings/tree: every active org of the subtree with its worst level and the counts below it. */
export async function warningTree(ctx: Ctx, code: string, indicator?: string | null): Promise<WarningTree> {
  const o = await requireOrg(ctx, ctx.db, code);
  const only = indicator ? indicator : null;
  if (only !== null && !INDICATOR_BY_KEY.has(only as IndicatorKey))
    throw new AppError('VALIDATION_FAILED', `没有名为“${only}”的指标`);
  const rows = await readableRows(ctx, o.path, only);
  return {
    org: o.code,
    asOf: ctx.clock.today(),
    indicator: only,
    nodes: buildTree(rows, { id: o.id, depth: o.depth }),
  };
}

/** Whether the account may open the county's analysis view now (the page shows its tab only then). */
export function mayAnalyse(ctx: Ctx): boolean {
  return can(ctx.actor, 'warnings.analysis', deployment) && ctx.settings.analysisView;
}

/** GET /orgs/:code/warnings/analysis: the indicators' distribution over the units directly under the org. */
export async function warningAnalysis(ctx: Ctx, code: string): Promise<WarningAnalysis> {
  if (!can(ctx.actor, 'warnings.analysis', deployment))
    throw new AppError('FORBIDDEN', '预警分析视图只供县级组织部管理员使用');
  if (!ctx.settings.analysisView)
    throw new AppError('FORBIDDEN', '预警分析视图未开启（本县设置 → 健康预警 → 预警分析视图）');
  const o = await requireOrg(ctx, ctx.db, code);
  const rows = await readableRows(ctx, o.path, null);
  const keys = INDICATORS.map((i) => i.key);
  const { groups, total } = distribution(rows, { id: o.id }, keys);
  return {
    org: o.code,
    orgName: o.name,
    asOf: ctx.clock.today(),
    indicators: INDICATORS.map((i) => ({ key: i.key, zh: i.zh })),
    groups,
    total,
  };
}
