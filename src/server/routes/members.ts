import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  MemberCreateSchema,
  MemberDetailSchema,
  MemberEventCreateSchema,
  MemberListItemSchema,
  MemberListQuerySchema,
  MemberRecordCreateSchema,
  MemberUpdateSchema,
  DbIdSchema,
  QueryBoolSchema,
  pageOf,
} from '../../shared/schemas.js';
import * as members from '../../services/members.js';
import { recordMemberChange } from '../../services/lifecycle.js';
import { exportMembers } from '../../services/exports.js';
import { sendXlsx } from '../xlsx-reply.js';
import { needs } from '../access.js';
import { withCheckedSession } from '../auth.js';

const Id = z.object({ id: DbIdSchema });
const Code = z.object({ code: z.string().min(1).max(40) });
const tags = ['党员 members'];

export const memberRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/orgs/:code/members',
    {
      // (the page's statement checks the session this process kept: decision 0055)
      config: needs('read', { sessionCheckedByRead: true }),
      schema: {
        tags,
        summary:
          '党员名册（本组织及全部下级；q 可为姓名、拼音首字母、全拼（ü 输入 v）或身份证号后几位；默认按姓名拼音逐音节排序，sort=org 按所属组织）',
        params: Code,
        querystring: MemberListQuerySchema,
        response: { 200: pageOf(MemberListItemSchema) },
      },
    },
    (req) => withCheckedSession(req, (ctx) => members.listMembers(ctx, req.params.code, req.query)),
  );
  app.get(
    '/orgs/:code/members.xlsx',
    {
      config: needs('read'),
      schema: {
        tags,
        summary: '导出党员名册 (.xlsx)；full=true 导出完整身份证号和电话（可再次导入）',
        params: Code,
        querystring: MemberListQuerySchema.omit({ page: true, pageSize: true, sort: true }).extend({
          full: QueryBoolSchema.optional(),
        }),
      },
    },
    async (req, reply) => {
      const { full, ...filter } = req.query;
      return sendXlsx(reply, `${req.params.code}-党员名册.xlsx`, (out) =>
        exportMembers(req.ctx, req.params.code, filter, out, { full: full ?? false }),
      );
    },
  );
  app.post(
    '/members',
    {
      config: needs('write'),
      schema: { tags, summary: '新增党员', body: MemberCreateSchema, response: { 200: MemberDetailSchema } },
    },
    (req) => members.createMember(req.ctx, req.body),
  );
  app.get(
    '/members/:id',
    {
      config: needs('read'),
      schema: {
        tags,
        summary: '党员详情（敏感信息已脱敏）',
        params: Id,
        response: { 200: MemberDetailSchema },
      },
    },
    (req) => members.getMember(req.ctx, req.params.id),
  );
  app.patch(
    '/members/:id',
    {
      config: needs('write'),
      schema: {
        tags,
        summary: '修改党员信息（带 rowVersion 防止覆盖他人修改）',
        params: Id,
        body: MemberUpdateSchema,
        response: { 200: MemberDetailSchema },
      },
    },
    (req) => members.updateMember(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/members/:id/events',
    {
      config: needs('write'),
      schema: {
        tags,
        summary:
          '记录组织关系或身份变动（转正、转到其他组织、转出），按生效日期保留历史；停止/恢复党籍、出党、去世须通过党籍处置决定登记',
        params: Id,
        body: MemberEventCreateSchema,
        response: { 200: MemberDetailSchema },
      },
    },
    (req) => recordMemberChange(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/members/:id/records',
    {
      config: needs('write'),
      schema: {
        tags,
        summary: '添加信息集记录（职务、奖惩、困难情况、家庭成员、培训）',
        params: Id,
        body: MemberRecordCreateSchema,
        response: { 200: MemberDetailSchema },
      },
    },
    (req) => members.addMemberRecord(req.ctx, req.params.id, req.body),
  );
  app.delete(
    '/members/:id/records/:recordId',
    {
      config: needs('write'),
      schema: {
        tags,
        summary: '删除信息集记录',
        params: Id.extend({ recordId: DbIdSchema }),
        response: { 200: MemberDetailSchema },
      },
    },
    (req) => members.deleteMemberRecord(req.ctx, req.params.id, req.params.recordId),
  );
  app.post(
    '/members/:id/reveal',
    {
      config: needs('reveal'),
      schema: {
        tags,
        summary: '查看完整的敏感信息（身份证号、电话、住址）',
        params: Id,
        body: z.object({ field: z.enum(['idNumber', 'phone', 'address']) }),
        response: { 200: z.object({ value: z.string().nullable() }) },
      },
    },
    async (req) => ({ value: await members.revealMemberField(req.ctx, req.params.id, req.body.field) }),
  );
};
