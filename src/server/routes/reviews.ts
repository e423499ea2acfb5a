/**
 * 述职评议 of party organisation secretaries (decision 0037): a committee's round of a year, a secretary's report and
 * grade, the follow-ups people record, an org's results by year. Managed with `write` on the committee that runs
 * the round (the use case checks the committee), read by subtree.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  EntryFollowUpSchema,
  EntrySaveSchema,
  OrgReviewResultsSchema,
  ReviewEntrySchema,
  ReviewOpenSchema,
  ReviewRoundSchema,
} from '../../shared/reviews.js';
import { YearSchema } from '../../shared/screening.js';
import * as reviews from '../../services/reviews.js';
import { needs } from '../access.js';

const tags = ['述职评议 secretaries’ review'];
const Code = z.object({ code: z.string().min(1).max(40) });
const Entry = z.object({
  code: z.string().min(1).max(40),
  year: YearSchema,
  secretaryOrg: z.string().min(1).max(40),
});

export const reviewRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/orgs/:code/reviews',
    {
      config: needs('read'),
      schema: {
        tags,
        summary:
          '某党委某年度的书记抓基层党建述职评议：名单日期在任的直接下级党组织书记、述职报告与等次、待办的结果运用事项，以及下级党委的评议情况',
        params: Code,
        querystring: z.object({ year: YearSchema }),
        response: { 200: ReviewRoundSchema },
      },
    },
    (req) => reviews.reviewRound(req.ctx, req.params.code, req.query.year),
  );
  app.post(
    '/orgs/:code/reviews',
    {
      config: needs('write'),
      schema: {
        tags,
        summary:
          '开始（或修改）某年度的书记述职评议：名单日期、评议会议日期与参加人数（县委评议乡镇书记，乡镇党委评议所属支部书记）',
        params: Code,
        body: ReviewOpenSchema,
        response: { 200: ReviewRoundSchema },
      },
    },
    (req) => reviews.openReview(req.ctx, req.params.code, req.body),
  );
  app.get(
    '/orgs/:code/reviews/:year/:secretaryOrg',
    {
      config: needs('read'),
      schema: {
        tags,
        summary: '一名书记的述职评议：述职报告、测评票数与建议等次、评定等次、指出的问题与整改事项、结果运用',
        params: Entry,
        response: { 200: ReviewEntrySchema },
      },
    },
    (req) => reviews.reviewEntry(req.ctx, req.params.code, req.params.year, req.params.secretaryOrg),
  );
  app.put(
    '/orgs/:code/reviews/:year/:secretaryOrg',
    {
      config: needs('write'),
      schema: {
        tags,
        summary:
          '保存书记的述职报告、测评票数、评定等次（与建议不同须说明理由；须先记录评议会议）、问题和整改事项',
        params: Entry,
        body: EntrySaveSchema,
        response: { 200: ReviewEntrySchema },
      },
    },
    (req) =>
      reviews.saveReviewEntry(req.ctx, req.params.code, req.params.year, req.params.secretaryOrg, req.body),
  );
  app.post(
    '/orgs/:code/reviews/:year/:secretaryOrg/follow-up',
    {
      config: needs('write'),
      schema: {
        tags,
        summary:
          '记录结果运用：约谈日期、书记调整意见、是否列为软弱涣散的研究意见（由人决定，系统不自动处理）',
        params: Entry,
        body: EntryFollowUpSchema,
        response: { 200: ReviewEntrySchema },
      },
    },
    (req) =>
      reviews.recordReviewFollowUp(
        req.ctx,
        req.params.code,
        req.params.year,
        req.params.secretaryOrg,
        req.body,
      ),
  );
  app.get(
    '/orgs/:code/review-results',
    {
      config: needs('read'),
      schema: {
        tags,
        summary: '本组织书记历年述职评议等次及结果运用',
        params: Code,
        response: { 200: OrgReviewResultsSchema },
      },
    },
    (req) => reviews.orgReviewResults(req.ctx, req.params.code),
  );
};
