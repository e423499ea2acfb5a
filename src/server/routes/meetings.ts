/** Organisational life (decision 0015): meetings of an org, their attendance, and compliance of a subtree. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  AttendanceTemplateSchema,
  ComplianceMapQuerySchema,
  ComplianceMapSchema,
  ComplianceQuerySchema,
  ComplianceSchema,
  HomeSchema,
  DbIdSchema,
  IsoDateSchema,
  MeetingCreateSchema,
  MeetingKindSchema,
  MeetingListQuerySchema,
  MeetingSummarySchema,
  MeetingUpdateSchema,
  MeetingViewSchema,
  pageOf,
} from '../../shared/schemas.js';
import * as meetings from '../../services/meetings.js';
import { complianceMapXlsx, getComplianceMap } from '../../services/compliance-map.js';
import { sendXlsx } from '../xlsx-reply.js';
import { needs } from '../access.js';

const Code = z.object({ code: z.string().min(1).max(40) });
const MeetingId = z.object({ meetingId: DbIdSchema });
const tags = ['组织生活 meetings'];

/** `kinds=theme_day,general_meeting` */
const KindsParam = z
  .string()
  .max(200)
  .transform((s) => s.split(',').filter(Boolean))
  .pipe(z.array(MeetingKindSchema));

export const meetingRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/orgs/:code/meetings',
    {
      config: needs('read'),
      schema: {
        tags,
        summary: '本组织的会议记录（最新的在前）',
        params: Code,
        querystring: MeetingListQuerySchema,
        response: { 200: pageOf(MeetingSummarySchema) },
      },
    },
    (req) => meetings.listMeetings(req.ctx, req.params.code, req.query),
  );
  app.post(
    '/orgs/:code/meetings',
    {
      config: needs('meetings.write'),
      schema: {
        tags,
        summary: '记录会议（出席情况：未列出的应到人员记为出席）',
        params: Code,
        body: MeetingCreateSchema,
        response: { 200: MeetingViewSchema },
      },
    },
    (req) => meetings.recordMeeting(req.ctx, req.params.code, req.body),
  );
  app.get(
    '/orgs/:code/meetings/template',
    {
      config: needs('read'),
      schema: {
        tags,
        summary:
          '某日某类会议的应到人员（当日名册；仅支部委员会时为当日班子成员；党小组会为该党小组当日成员），供记录时预填',
        params: Code,
        querystring: z.object({
          heldOn: IsoDateSchema,
          kinds: KindsParam.optional(),
          /** 党小组会: the group that meets (its members that day are expected) */
          partyGroupId: DbIdSchema.optional(),
        }),
        response: { 200: AttendanceTemplateSchema },
      },
    },
    (req) =>
      meetings.attendanceTemplate(
        req.ctx,
        req.params.code,
        req.query.heldOn,
        req.query.kinds ?? [],
        req.query.partyGroupId ?? null,
      ),
  );
  app.get(
    '/orgs/:code/compliance',
    {
      config: needs('read'),
      schema: {
        tags,
        summary: '组织生活落实情况（本组织及全部下级；应开、已开、未开的月份/季度/年度）',
        params: Code,
        querystring: ComplianceQuerySchema,
        response: { 200: ComplianceSchema },
      },
    },
    (req) => meetings.getCompliance(req.ctx, req.params.code, req.query),
  );
  app.get(
    '/orgs/:code/compliance/map',
    {
      config: needs('read'),
      schema: {
        tags,
        summary:
          '组织生活热力图：某类会议某年各党组织每月/季度已开、未开、进行中（可按乡镇筛选；按组织顺序，不排名）',
        params: Code,
        querystring: ComplianceMapQuerySchema,
        response: { 200: ComplianceMapSchema },
      },
    },
    (req) => getComplianceMap(req.ctx, req.params.code, req.query),
  );
  app.get(
    '/orgs/:code/compliance/map.xlsx',
    {
      config: needs('read'),
      schema: {
        tags,
        summary: '组织生活热力图导出（.xlsx，与页面数字相同）',
        params: Code,
        querystring: ComplianceMapQuerySchema,
      },
    },
    (req, reply) =>
      sendXlsx(reply, `${req.params.code}-${req.query.year}-${req.query.kind}-组织生活落实情况.xlsx`, (out) =>
        complianceMapXlsx(req.ctx, req.params.code, req.query, out),
      ),
  );
  app.get(
    '/orgs/:code/home',
    {
      config: needs('read'),
      schema: {
        tags,
        summary:
          '本月待办：本组织及下级各支部本月、本季度、本年应开的会议和是否已开，上季度以来未开的，最近一次会议和任期届满日期',
        params: Code,
        response: { 200: HomeSchema },
      },
    },
    (req) => meetings.getHome(req.ctx, req.params.code),
  );
  app.get(
    '/meetings/:meetingId',
    {
      config: needs('read'),
      schema: {
        tags,
        summary: '会议记录详情（含出席情况）',
        params: MeetingId,
        response: { 200: MeetingViewSchema },
      },
    },
    (req) => meetings.getMeeting(req.ctx, req.params.meetingId),
  );
  app.patch(
    '/meetings/:meetingId',
    {
      config: needs('meetings.write'),
      schema: {
        tags,
        summary: '修改会议记录（未提交出席情况时保留原记录）',
        params: MeetingId,
        body: MeetingUpdateSchema,
        response: { 200: MeetingViewSchema },
      },
    },
    (req) => meetings.updateMeeting(req.ctx, req.params.meetingId, req.body),
  );
  app.delete(
    '/meetings/:meetingId',
    {
      config: needs('meetings.write'),
      schema: {
        tags,
        summary: '删除会议记录',
        params: MeetingId,
        response: { 200: z.object({ deleted: z.literal(true) }) },
      },
    },
    (req) => meetings.deleteMeeting(req.ctx, req.params.meetingId),
  );
};
