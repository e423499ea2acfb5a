/**
 * Health indicators and early warnings (issue 14 parts 1–2, decision 0032): the warnings of a subtree (the `jiceng
 * warnings` contract), the early-warning page's counts and list, one org's health with its monthly trend, and an
 * explanation added to a warning.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DbIdSchema, IsoDateSchema } from '../../shared/schemas.js';
import {
  ExplainCreateSchema,
  OrgHealthSchema,
  WarningListSchema,
  WarningRowSchema,
  WarningAnalysisSchema,
  WarningSummarySchema,
  WarningTreeQuerySchema,
  WarningTreeSchema,
} from '../../shared/warnings.js';
import * as warnings from '../../services/warnings.js';
import { warningAnalysis, warningTree } from '../../services/warning-tree.js';
import { needs } from '../access.js';

const Code = z.object({ code: z.string().min(1).max(40) });
const AsOf = z.object({ asOf: IsoDateSchema.optional() });
const tags = ['健康预警 health and early warnings'];

export const warningRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/orgs/:code/warnings',
    {
      config: needs('read'),
      schema: {
        tags,
        summary:
          '本组织及下级组织在某日（默认今天）未解除的预警：指标、红色或黄色、起始日期、依据（中文）、是否已说明（jiceng warnings 的输出）',
        params: Code,
        querystring: AsOf,
        response: { 200: WarningListSchema },
      },
    },
    (req) => warnings.warningsFor(req.ctx, req.params.code, req.query.asOf),
  );
  app.get(
    '/orgs/:code/warnings/summary',
    {
      config: needs('read'),
      schema: {
        tags,
        summary: '预警页：各指标红色、黄色预警的组织数，以及按组织顺序列出的预警（不排名）',
        params: Code,
        response: { 200: WarningSummarySchema },
      },
    },
    (req) => warnings.warningSummary(req.ctx, req.params.code),
  );
  app.get(
    '/orgs/:code/warnings/tree',
    {
      config: needs('read'),
      schema: {
        tags,
        summary:
          '预警页的组织树：本组织及全部下级组织，每个组织本身未解除预警的最高等级和指标、其下级中有红色或仅有黄色预警的组织数（indicator 只看某一指标；不排名）',
        params: Code,
        querystring: WarningTreeQuerySchema,
        response: { 200: WarningTreeSchema },
      },
    },
    (req) => warningTree(req.ctx, req.params.code, req.query.indicator ?? null),
  );
  app.get(
    '/orgs/:code/warnings/analysis',
    {
      config: needs('warnings.analysis'),
      schema: {
        tags,
        summary:
          '预警分析视图（仅县级组织部管理员，且本县设置“预警分析视图”开启时）：各项指标在本组织直属各单位（乡镇、街道）中的分布——红色、黄色预警的组织数和占比，按组织顺序，不排名',
        params: Code,
        response: { 200: WarningAnalysisSchema },
      },
    },
    (req) => warningAnalysis(req.ctx, req.params.code),
  );
  app.get(
    '/orgs/:code/health',
    {
      config: needs('read'),
      schema: {
        tags,
        summary: '组织健康：适用于本组织的每项指标的等级和依据，以及近12个月每月末的等级',
        params: Code,
        querystring: AsOf,
        response: { 200: OrgHealthSchema },
      },
    },
    (req) => warnings.orgHealth(req.ctx, req.params.code, req.query.asOf),
  );
  app.post(
    '/warnings/:id/explanations',
    {
      config: needs('write'),
      schema: {
        tags,
        summary: '为预警添加说明（经批准的延期、有据可查的原因）：预警仍然显示，标为“已说明”',
        params: z.object({ id: DbIdSchema }),
        body: ExplainCreateSchema,
        response: { 200: WarningRowSchema },
      },
    },
    (req) => warnings.explainWarning(req.ctx, req.params.id, req.body),
  );
};
