/**
 * 民主评议党员 (decision 0030): a meeting's grading sheet and saving it, a member's results by year, a 不合格 result's
 * organisational disposal, and a year's appraisal of a subtree with the follow-ups still to do.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DbIdSchema } from '../../shared/schemas.js';
import {
  AppraisalSaveSchema,
  AppraisalYearSchema,
  FollowUpCreateSchema,
  MeetingAppraisalSchema,
  MemberAppraisalsSchema,
} from '../../shared/life.js';
import * as appraisals from '../../services/appraisals.js';
import { needs } from '../access.js';

const tags = ['民主评议党员 appraisal'];
const MeetingId = z.object({ id: DbIdSchema });

export const appraisalRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/meetings/:id/appraisal',
    {
      config: needs('read'),
      schema: {
        tags,
        summary:
          '民主评议党员会议的评定表：当天本组织名册上的党员（预备党员参加评议、不评定等次）及已录入的等次',
        params: MeetingId,
        response: { 200: MeetingAppraisalSchema },
      },
    },
    (req) => appraisals.getMeetingAppraisal(req.ctx, req.params.id),
  );
  app.put(
    '/meetings/:id/appraisal',
    {
      config: needs('meetings.write'),
      schema: {
        tags,
        summary: '保存评定等次（每名正式党员一个等次，预备党员为 null；优秀超过三分之一只作提醒）',
        params: MeetingId,
        body: AppraisalSaveSchema,
        response: { 200: MeetingAppraisalSchema },
      },
    },
    (req) => appraisals.saveMeetingAppraisal(req.ctx, req.params.id, req.body),
  );
  app.get(
    '/members/:id/appraisals',
    {
      config: needs('read'),
      schema: {
        tags,
        summary: '党员历年民主评议等次，以及结果运用中待支部办理的事项',
        params: MeetingId,
        response: { 200: MemberAppraisalsSchema },
      },
    },
    (req) => appraisals.memberAppraisals(req.ctx, req.params.id),
  );
  app.post(
    '/appraisals/:id/follow-up',
    {
      config: needs('meetings.write'),
      schema: {
        tags,
        summary: '记录对不合格党员的组织处置（限期改正及期限、劝退、除名）——支部作出的决定，不改变党员状态',
        params: MeetingId,
        body: FollowUpCreateSchema,
        response: { 200: MemberAppraisalsSchema },
      },
    },
    (req) => appraisals.recordFollowUp(req.ctx, req.params.id, req.body),
  );
  app.get(
    '/orgs/:code/appraisals',
    {
      config: needs('read'),
      schema: {
        tags,
        summary:
          '某年（默认今年）各应开展民主评议的组织：是否召开、等次录入情况、优秀比例提醒；以及待办的结果运用事项',
        params: z.object({ code: z.string().min(1).max(40) }),
        querystring: z.object({
          year: z
            .string()
            .regex(/^\d{4}$/, '年份格式应为 YYYY')
            .optional(),
        }),
        response: { 200: AppraisalYearSchema },
      },
    },
    (req) => appraisals.appraisalYear(req.ctx, req.params.code, req.query.year),
  );
};
