import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CommitteeSchema,
  IsoDateSchema,
  OrgCreateSchema,
  OrgDissolveSchema,
  OrgElectionSchema,
  OrgEventViewSchema,
  OrgListQuerySchema,
  OrgMoveSchema,
  OrgNodeSchema,
  OrgUpdateSchema,
  OrgViewSchema,
  StatsSchema,
  QueryBoolSchema,
  pageOf,
} from '../../shared/schemas.js';
import * as orgs from '../../services/orgs.js';
import { getStats } from '../../services/stats.js';
import { exportOrgs } from '../../services/exports.js';
import { sendXlsx } from '../xlsx-reply.js';
import { needs } from '../access.js';

const Code = z.object({ code: z.string().min(1).max(40) });
const tags = ['党组织 orgs'];

export const orgRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/orgs/root',
    {
      config: needs('read'),
      schema: { tags, summary: '根组织（当前用户管理范围的顶层）', response: { 200: OrgViewSchema } },
    },
    (req) => orgs.getRootOrg(req.ctx),
  );
  app.get(
    '/orgs',
    {
      config: needs('read'),
      schema: {
        tags,
        summary:
          '查询党组织（q：名称的一部分、编码开头，或拼音——名称任意一段的首字母如 hjc、从任一音节起的全拼如 huangjia，ü 输入 v）',
        querystring: OrgListQuerySchema.extend({ under: z.string().max(40).optional() }),
        response: { 200: pageOf(OrgNodeSchema.extend({ parentName: z.string().nullable() })) },
      },
    },
    (req) => orgs.listOrgs(req.ctx, req.query),
  );
  app.post(
    '/orgs',
    {
      config: needs('write'),
      schema: { tags, summary: '新建党组织', body: OrgCreateSchema, response: { 200: OrgViewSchema } },
    },
    (req) => orgs.createOrg(req.ctx, req.body),
  );
  app.get(
    '/orgs/:code',
    {
      config: needs('read'),
      schema: { tags, summary: '党组织详情', params: Code, response: { 200: OrgViewSchema } },
    },
    (req) => orgs.getOrg(req.ctx, req.params.code),
  );
  app.patch(
    '/orgs/:code',
    {
      config: needs('write'),
      schema: {
        tags,
        summary: '修改党组织（更名等为有生效日期的变动）',
        params: Code,
        body: OrgUpdateSchema,
        response: { 200: OrgViewSchema },
      },
    },
    (req) => orgs.updateOrg(req.ctx, req.params.code, req.body),
  );
  app.get(
    '/orgs/:code/children',
    {
      config: needs('read'),
      schema: {
        tags,
        summary: '下级党组织（asOf 为历史日期时按当日的组织树）',
        params: Code,
        querystring: z.object({
          asOf: IsoDateSchema.optional(),
          includeDissolved: QueryBoolSchema.optional(),
        }),
        response: { 200: z.array(OrgNodeSchema) },
      },
    },
    (req) =>
      req.query.asOf && req.query.asOf < req.ctx.clock.today()
        ? orgs.childrenAsOf(req.ctx, req.params.code, req.query.asOf)
        : orgs.listChildren(req.ctx, req.params.code, req.query.includeDissolved ?? false),
  );
  app.post(
    '/orgs/:code/move',
    {
      config: needs('write'),
      schema: {
        tags,
        summary: '调整隶属关系（移到新的上级组织）',
        params: Code,
        body: OrgMoveSchema,
        response: { 200: OrgViewSchema },
      },
    },
    (req) => orgs.moveOrg(req.ctx, req.params.code, req.body.parentCode, req.body.effectiveOn),
  );
  app.post(
    '/orgs/:code/dissolve',
    {
      config: needs('write'),
      schema: {
        tags,
        summary: '撤销党组织',
        params: Code,
        body: OrgDissolveSchema,
        response: { 200: OrgViewSchema },
      },
    },
    (req) => orgs.dissolveOrg(req.ctx, req.params.code, req.body.effectiveOn),
  );
  app.post(
    '/orgs/:code/elections',
    {
      config: needs('write'),
      schema: {
        tags,
        summary: '记录换届选举',
        params: Code,
        body: OrgElectionSchema,
        response: { 200: OrgViewSchema },
      },
    },
    (req) => orgs.recordElection(req.ctx, req.params.code, req.body),
  );
  app.put(
    '/orgs/:code/committee',
    {
      config: needs('write'),
      schema: {
        tags,
        summary: '设置班子成员（书记、副书记、委员）',
        params: Code,
        body: CommitteeSchema,
        response: { 200: OrgViewSchema },
      },
    },
    (req) => orgs.setCommittee(req.ctx, req.params.code, req.body),
  );
  app.get(
    '/orgs/:code/events',
    {
      config: needs('read'),
      schema: {
        tags,
        summary: '党组织的历次变动',
        params: Code,
        response: { 200: z.array(OrgEventViewSchema) },
      },
    },
    (req) => orgs.orgEvents(req.ctx, req.params.code),
  );
  app.get(
    '/orgs/:code/stats',
    {
      config: needs('read'),
      schema: {
        tags,
        summary: '党员统计（本组织及全部下级；asOf 为历史日期时按当日数据重算）',
        params: Code,
        querystring: z.object({ asOf: IsoDateSchema.optional() }),
        response: { 200: StatsSchema },
      },
    },
    (req) => getStats(req.ctx, req.params.code, req.query.asOf),
  );
  app.get(
    '/orgs/:code/orgs.xlsx',
    { config: needs('read'), schema: { tags, summary: '导出本组织及下级党组织名单 (.xlsx)', params: Code } },
    async (req, reply) =>
      sendXlsx(reply, `${req.params.code}-党组织.xlsx`, (out) => exportOrgs(req.ctx, req.params.code, out)),
  );
};
