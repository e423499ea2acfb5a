/** Recruitment (发展党员, decision 0025): a subtree's counts and board, a case, its steps, closing it. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DbIdSchema } from '../../shared/schemas.js';
import {
  ApplicantCreateSchema,
  BoardSchema,
  CaseCloseSchema,
  CaseViewSchema,
  RecruitmentOverdueSchema,
  RecruitmentQuerySchema,
  RecruitmentStatsQuerySchema,
  RecruitmentStatsSchema,
  RecruitmentSummarySchema,
  StepCreateSchema,
} from '../../shared/recruitment.js';
import * as recruitment from '../../services/recruitment.js';
import { needs } from '../access.js';

const Code = z.object({ code: z.string().min(1).max(40) });
const CaseId = z.object({ caseId: DbIdSchema });
const tags = ['发展党员 recruitment'];

export const recruitmentRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/orgs/:code/recruitment',
    {
      config: needs('read'),
      schema: {
        tags,
        summary:
          '本组织及下级的发展党员情况（某日，默认今天）：各阶段人数、逾期步骤、各支部最近一次接收预备党员及多年未发展党员的支部',
        params: Code,
        querystring: RecruitmentQuerySchema,
        response: { 200: RecruitmentSummarySchema },
      },
    },
    (req) => recruitment.recruitmentSummary(req.ctx, req.params.code, req.query.asOf),
  );
  app.get(
    '/orgs/:code/recruitment/overdue',
    {
      config: needs('read'),
      schema: {
        tags,
        summary:
          '本组织及下级已逾期的发展党员步骤（某日，默认今天）：与发展党员情况中的逾期步骤相同，只读逾期名单',
        params: Code,
        querystring: RecruitmentQuerySchema,
        response: { 200: RecruitmentOverdueSchema },
      },
    },
    (req) => recruitment.recruitmentOverdue(req.ctx, req.params.code, req.query.asOf),
  );
  app.get(
    '/orgs/:code/recruitment/stats',
    {
      config: needs('read'),
      schema: {
        tags,
        summary:
          '发展党员统计（党内统计口径）：各年度发展党员数及其中女性、少数民族、35岁及以下、大专及以上、各职业、生产工作一线人数，预备党员转正数',
        params: Code,
        querystring: RecruitmentStatsQuerySchema,
        response: { 200: RecruitmentStatsSchema },
      },
    },
    (req) => recruitment.recruitmentStats(req.ctx, req.params.code, req.query),
  );
  app.get(
    '/orgs/:code/recruitment/board',
    {
      config: needs('read'),
      schema: {
        tags,
        summary: '发展党员看板：按阶段列出每个人、下一步骤及其期限',
        params: Code,
        querystring: RecruitmentQuerySchema,
        response: { 200: BoardSchema },
      },
    },
    (req) => recruitment.recruitmentBoard(req.ctx, req.params.code, req.query.asOf),
  );
  app.post(
    '/recruitment/cases',
    {
      config: needs('recruitment.write'),
      schema: {
        tags,
        summary: '登记入党申请人（人员信息和递交入党申请书的日期）',
        body: ApplicantCreateSchema,
        response: { 200: CaseViewSchema },
      },
    },
    (req) => recruitment.openCase(req.ctx, req.body),
  );
  app.get(
    '/recruitment/cases/:caseId',
    {
      config: needs('read'),
      schema: {
        tags,
        summary: '一个人的发展党员记录：已记录的步骤、下一步骤及期限',
        params: CaseId,
        response: { 200: CaseViewSchema },
      },
    },
    (req) => recruitment.getCase(req.ctx, req.params.caseId),
  );
  app.post(
    '/recruitment/cases/:caseId/steps',
    {
      config: needs('recruitment.write'),
      schema: {
        tags,
        summary: '记录下一个步骤（按该步骤日期适用的细则检查；不符合规定的被拒绝并说明条款）',
        params: CaseId,
        body: StepCreateSchema,
        response: { 200: CaseViewSchema },
      },
    },
    (req) => recruitment.recordStep(req.ctx, req.params.caseId, req.body),
  );
  app.post(
    '/recruitment/cases/:caseId/close',
    {
      config: needs('recruitment.write'),
      schema: {
        tags,
        summary: '终止发展（本人撤回申请、迁离等）；预备党员须经表决取消资格',
        params: CaseId,
        body: CaseCloseSchema,
        response: { 200: CaseViewSchema },
      },
    },
    (req) => recruitment.closeCase(req.ctx, req.params.caseId, req.body),
  );
  app.post(
    '/recruitment/cases/:caseId/reveal',
    {
      config: needs('reveal'),
      schema: {
        tags,
        summary: '查看申请人完整的身份证号（记入操作记录）',
        params: CaseId,
        response: { 200: z.object({ value: z.string() }) },
      },
    },
    async (req) => ({ value: await recruitment.revealApplicantIdNumber(req.ctx, req.params.caseId) }),
  );
};
