/**
 * Classified, process-based assessment (分类考核, decision 0036): the county's scheme, an org's months and year, a
 * subtree's orgs by stars, the county's category of an org and a township's rating of a rated item.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  AssessmentListSchema,
  AssessmentSchemeViewSchema,
  AssessmentViewSchema,
  CategorySetSchema,
  RatingCreateSchema,
  YearSchema,
} from '../../shared/assessment.js';
import * as assessment from '../../services/assessment.js';
import { needs } from '../access.js';

const Code = z.object({ code: z.string().min(1).max(40) });
const Year = z.object({ year: YearSchema });
const tags = ['分类考核 assessment'];

export const assessmentRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/assessment/scheme',
    {
      config: needs('read'),
      schema: {
        tags,
        summary:
          '本县分类考核方案（今天生效的）：各考核类别的项目及每月分值、星级分数线、低星级列入整顿提示；修改通过 PUT /settings/assessment.scheme',
        response: { 200: AssessmentSchemeViewSchema },
      },
    },
    (req) => assessment.assessmentScheme(req.ctx),
  );
  app.get(
    '/orgs/:code/assessment',
    {
      config: needs('read'),
      schema: {
        tags,
        summary: '一个党组织某年度的分类考核：逐月各项目得分及依据、全年累计（各月之和）、月均得分和星级',
        params: Code,
        querystring: Year,
        response: { 200: AssessmentViewSchema },
      },
    },
    (req) => assessment.assessmentOf(req.ctx, req.params.code, req.query.year),
  );
  app.get(
    '/orgs/:code/assessment/list',
    {
      config: needs('read'),
      schema: {
        tags,
        summary: '本组织下级中已设考核类别的党组织某年度的考核结果，按星级分列（同一星级按组织编码，不排名）',
        params: Code,
        querystring: Year,
        response: { 200: AssessmentListSchema },
      },
    },
    (req) => assessment.assessmentList(req.ctx, req.params.code, req.query.year),
  );
  app.put(
    '/orgs/:code/assessment/category',
    {
      config: needs('assessment.manage'),
      schema: {
        tags,
        summary: '县委组织部设置该党组织的考核类别（自生效日期起的月份按该类别的方案计分；记入操作记录）',
        params: Code,
        body: CategorySetSchema,
        response: { 200: AssessmentViewSchema },
      },
    },
    (req) => assessment.setCategory(req.ctx, req.params.code, req.body),
  );
  app.post(
    '/orgs/:code/assessment/ratings',
    {
      config: needs('assessment.rate'),
      schema: {
        tags,
        summary: '乡镇为本辖区党组织的人工评分项目评分（某月起有效，至下次评分；须写明理由；记入操作记录）',
        params: Code,
        body: RatingCreateSchema,
        response: { 200: AssessmentViewSchema },
      },
    },
    (req) => assessment.rateItem(req.ctx, req.params.code, req.body),
  );
};
