/** Dues (党费, decision 0020): a member's records, an org's dues for a month, totals, remittances, the sheet. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DbIdSchema, IsoDateSchema } from '../../shared/schemas.js';
import {
  DuesBasisCreateSchema,
  DuesBatchResultSchema,
  DuesBatchSchema,
  DuesPartyStatsSchema,
  DuesPaymentCreateSchema,
  DuesPaymentResultSchema,
  DuesReliefCreateSchema,
  DuesRemittanceCreateSchema,
  DuesRemittanceSchema,
  DuesStatusQuerySchema,
  DuesStatusPageQuerySchema,
  DuesStatusSchema,
  DuesSummarySchema,
  MemberDuesSchema,
} from '../../shared/dues.js';
import * as dues from '../../services/dues.js';
import { needs } from '../access.js';
import { sendXlsx } from '../xlsx-reply.js';

const Code = z.object({ code: z.string().min(1).max(40) });
const MemberId = z.object({ id: DbIdSchema });
const MemberRecord = z.object({ id: DbIdSchema, recordId: DbIdSchema });
const RecordId = z.object({ recordId: DbIdSchema });
const AsOf = z.object({ asOf: IsoDateSchema.optional() });
const Deleted = z.object({ deleted: z.literal(true) });
const tags = ['党费 dues'];

export const duesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/orgs/:code/dues',
    {
      config: needs('read'),
      schema: {
        tags,
        summary: '某月党费情况（本组织及全部下级的党员：应交、实交、欠交、提示；金额单位：分）',
        params: Code,
        querystring: DuesStatusPageQuerySchema,
        response: { 200: DuesStatusSchema },
      },
    },
    (req) => dues.getDuesStatus(req.ctx, req.params.code, req.query),
  );
  app.get(
    '/orgs/:code/dues/summary',
    {
      config: needs('read'),
      schema: {
        tags,
        summary: '党费汇总：本组织及各下级组织某月的应交、实交、欠交，本年逐月，收缴与上缴对账',
        params: Code,
        querystring: DuesStatusQuerySchema,
        response: { 200: DuesSummarySchema },
      },
    },
    (req) => dues.getDuesSummary(req.ctx, req.params.code, req.query),
  );
  app.get(
    '/orgs/:code/dues/sheet.xlsx',
    {
      config: needs('read'),
      schema: {
        tags,
        summary: '某月党费收缴登记表（.xlsx，可打印）',
        params: Code,
        querystring: DuesStatusQuerySchema,
      },
    },
    (req, reply) =>
      sendXlsx(reply, `${req.params.code}-${req.query.month}-党费收缴登记表.xlsx`, (out) =>
        dues.collectionSheetXlsx(req.ctx, req.params.code, req.query, out),
      ),
  );
  app.get(
    '/orgs/:code/dues/party-stats',
    {
      config: needs('read'),
      schema: {
        tags,
        summary: '党内统计年报表2党费情况：按时按标准交纳、经批准少交、免交、自愿一次性多交1000元以上的人数',
        params: Code,
        querystring: z.object({
          year: z.coerce.number().int().min(1900).max(2200),
          asOf: IsoDateSchema.optional(),
        }),
        response: { 200: DuesPartyStatsSchema },
      },
    },
    (req) => dues.duesPartyStats(req.ctx, req.params.code, req.query),
  );
  app.post(
    '/orgs/:code/dues/payments',
    {
      config: needs('dues.write'),
      schema: {
        tags,
        summary: '批量记录党费缴纳（同一天、同一方式，每人一笔；全部成功或全部不记）',
        params: Code,
        body: DuesBatchSchema,
        response: { 200: DuesBatchResultSchema },
      },
    },
    (req) => dues.recordBatch(req.ctx, req.params.code, req.body),
  );
  app.get(
    '/orgs/:code/dues/remittances',
    {
      config: needs('read'),
      schema: {
        tags,
        summary: '本组织及下级组织某年的党费上缴记录',
        params: Code,
        querystring: z.object({ year: z.coerce.number().int().min(1900).max(2200) }),
        response: { 200: z.array(DuesRemittanceSchema) },
      },
    },
    (req) => dues.listRemittances(req.ctx, req.params.code, req.query.year),
  );
  app.post(
    '/orgs/:code/dues/remittances',
    {
      config: needs('dues.write'),
      schema: {
        tags,
        summary: '记录党费上缴（向上级党组织）',
        params: Code,
        body: DuesRemittanceCreateSchema,
        response: { 200: DuesRemittanceSchema },
      },
    },
    (req) => dues.recordRemittance(req.ctx, req.params.code, req.body),
  );
  app.delete(
    '/dues/remittances/:recordId',
    {
      config: needs('dues.write'),
      schema: { tags, summary: '删除党费上缴记录', params: RecordId, response: { 200: Deleted } },
    },
    (req) => dues.removeRemittance(req.ctx, req.params.recordId),
  );
  app.delete(
    '/dues/payments/:recordId',
    {
      config: needs('dues.write'),
      schema: { tags, summary: '删除党费缴纳记录（记错时）', params: RecordId, response: { 200: Deleted } },
    },
    (req) => dues.removePayment(req.ctx, req.params.recordId),
  );
  app.get(
    '/members/:id/dues',
    {
      config: needs('read'),
      schema: {
        tags,
        summary: '党员本人的党费：基数、逐月应交实交、欠交（党员本人账号可查看自己的）',
        params: MemberId,
        querystring: AsOf,
        response: { 200: MemberDuesSchema },
      },
    },
    (req) => dues.getMemberDues(req.ctx, req.params.id, req.query.asOf),
  );
  app.post(
    '/members/:id/dues/bases',
    {
      config: needs('dues.write'),
      schema: {
        tags,
        summary: '核定党费基数（类别、月基数，自某月起执行；同一月份再次核定即更正）',
        params: MemberId,
        body: DuesBasisCreateSchema,
        response: { 200: MemberDuesSchema },
      },
    },
    (req) => dues.recordBasis(req.ctx, req.params.id, req.body),
  );
  app.delete(
    '/members/:id/dues/bases/:recordId',
    {
      config: needs('dues.write'),
      schema: {
        tags,
        summary: '删除党费基数记录',
        params: MemberRecord,
        response: { 200: MemberDuesSchema },
      },
    },
    (req) => dues.removeBasis(req.ctx, req.params.id, req.params.recordId),
  );
  app.post(
    '/members/:id/dues/reliefs',
    {
      config: needs('dues.write'),
      schema: {
        tags,
        summary: '记录经批准的少交、免交（批准的党组织和日期）',
        params: MemberId,
        body: DuesReliefCreateSchema,
        response: { 200: MemberDuesSchema },
      },
    },
    (req) => dues.recordRelief(req.ctx, req.params.id, req.body),
  );
  app.delete(
    '/members/:id/dues/reliefs/:recordId',
    {
      config: needs('dues.write'),
      schema: {
        tags,
        summary: '删除少交、免交记录',
        params: MemberRecord,
        response: { 200: MemberDuesSchema },
      },
    },
    (req) => dues.removeRelief(req.ctx, req.params.id, req.params.recordId),
  );
  app.post(
    '/members/:id/dues/payments',
    {
      config: needs('dues.write'),
      schema: {
        tags,
        summary: '记录一笔党费缴纳（可按季度预交、补交、代交、自愿多交）',
        params: MemberId,
        body: DuesPaymentCreateSchema,
        response: { 200: DuesPaymentResultSchema },
      },
    },
    (req) => dues.recordPayment(req.ctx, req.params.id, req.body),
  );
};
