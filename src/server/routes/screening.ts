/**
 * Weak-org screening (软弱涣散排查) and rectification cases (一村一策), decision 0033: the type table, a subtree's
 * screening of a year with suggestions and the 党统 table, observations, the county's confirmation, cases with
 * their measures, progress, acceptance and close-out.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DbIdSchema } from '../../shared/schemas.js';
import {
  AcceptanceCreateSchema,
  CaseListSchema,
  CasePlanSchema,
  CaseViewSchema,
  CloseSchema,
  ConfirmationSchema,
  MeasureCreateSchema,
  MeasureDoneSchema,
  ObservationCreateSchema,
  ObservationListSchema,
  ObservationViewSchema,
  ProgressCreateSchema,
  ScreeningQuerySchema,
  ScreeningViewSchema,
  WeakTypeViewSchema,
  YearSchema,
} from '../../shared/screening.js';
import * as screening from '../../services/screening.js';
import { needs } from '../access.js';
import { sendXlsx } from '../xlsx-reply.js';

const Code = z.object({ code: z.string().min(1).max(40) });
const CodeYear = z.object({ code: z.string().min(1).max(40), year: YearSchema });
const CaseId = z.object({ caseId: DbIdSchema });
const tags = ['软弱涣散整顿 screening'];

export const screeningRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/screening/types',
    {
      config: needs('read'),
      schema: {
        tags,
        summary: '软弱涣散基层党组织类型表（中央规定的10类及本地增列类型，附来源）',
        response: { 200: z.array(WeakTypeViewSchema) },
      },
    },
    async () => screening.weakTypes(),
  );
  app.get(
    '/orgs/:code/screening',
    {
      config: needs('read'),
      schema: {
        tags,
        summary:
          '本组织及下级某年度的软弱涣散排查：每个村（社区）党组织的提示类型及依据、已认定类型，及“整顿软弱涣散基层党组织情况”统计表',
        params: Code,
        querystring: ScreeningQuerySchema,
        response: { 200: ScreeningViewSchema },
      },
    },
    (req) => screening.screening(req.ctx, req.params.code, req.query.year, req.query.asOf),
  );
  app.get(
    '/orgs/:code/screening/table.xlsx',
    {
      config: needs('read'),
      schema: {
        tags,
        summary: '党内统计表“整顿软弱涣散基层党组织情况”及认定名单（.xlsx，与页面数字相同）',
        params: Code,
        querystring: z.object({ year: YearSchema }),
      },
    },
    (req, reply) =>
      sendXlsx(reply, `${req.params.code}-${req.query.year}-整顿软弱涣散基层党组织情况.xlsx`, (out) =>
        screening.screeningTableXlsx(req.ctx, req.params.code, req.query.year, out),
      ),
  );
  app.get(
    '/orgs/:code/screening/observations',
    {
      config: needs('read'),
      schema: {
        tags,
        summary: '本组织及下级某年度的排查记录（走访发现、信访件次、满意度测评）',
        params: Code,
        querystring: z.object({ year: YearSchema }),
        response: { 200: ObservationListSchema },
      },
    },
    (req) => screening.listObservations(req.ctx, req.params.code, req.query.year),
  );
  app.post(
    '/orgs/:code/screening/observations',
    {
      config: needs('screening.observe'),
      schema: {
        tags,
        summary: '记录一条排查情况（乡镇：走访发现及其指向的类型、信访件次或群众满意度测评结果）',
        params: Code,
        body: ObservationCreateSchema,
        response: { 200: ObservationViewSchema },
      },
    },
    (req) => screening.recordObservation(req.ctx, req.params.code, req.body),
  );
  app.delete(
    '/screening/observations/:observationId',
    {
      config: needs('screening.observe'),
      schema: {
        tags,
        summary: '删除一条排查记录（记入操作记录）',
        params: z.object({ observationId: DbIdSchema }),
        response: { 200: z.object({ deleted: z.literal(true) }) },
      },
    },
    (req) => screening.deleteObservation(req.ctx, req.params.observationId),
  );
  app.put(
    '/orgs/:code/screening/:year/confirmation',
    {
      config: needs('screening.decide'),
      schema: {
        tags,
        summary:
          '县委组织部认定该村（社区）党组织为软弱涣散（可多个类型，须写明理由），并建立整顿方案；再次提交即更正',
        params: CodeYear,
        body: ConfirmationSchema,
        response: { 200: z.object({ confirmationId: z.number(), caseId: z.number(), created: z.boolean() }) },
      },
    },
    (req) => screening.confirmWeakOrg(req.ctx, req.params.code, req.params.year, req.body),
  );
  app.get(
    '/orgs/:code/rectification',
    {
      config: needs('read'),
      schema: {
        tags,
        summary: '本组织及下级的整顿方案（一村一策）及逾期未完成的整顿措施（乡镇本月待办）',
        params: Code,
        querystring: z.object({ year: YearSchema.optional() }),
        response: { 200: CaseListSchema },
      },
    },
    (req) => screening.listCases(req.ctx, req.params.code, req.query.year),
  );
  app.get(
    '/rectification/cases/:caseId',
    {
      config: needs('read'),
      schema: {
        tags,
        summary: '一个整顿方案：问题、措施、帮扶力量、进展、验收、销号和跟踪问效',
        params: CaseId,
        response: { 200: CaseViewSchema },
      },
    },
    (req) => screening.getCase(req.ctx, req.params.caseId),
  );
  app.patch(
    '/rectification/cases/:caseId',
    {
      config: needs('screening.observe'),
      schema: {
        tags,
        summary: '制定或修改整顿方案：主要问题、县级联系领导、结对帮扶单位、第一书记（任期1至3年）、驻村干部',
        params: CaseId,
        body: CasePlanSchema,
        response: { 200: CaseViewSchema },
      },
    },
    (req) => screening.planCase(req.ctx, req.params.caseId, req.body),
  );
  app.post(
    '/rectification/cases/:caseId/measures',
    {
      config: needs('screening.observe'),
      schema: {
        tags,
        summary: '增加一项整顿措施（内容、责任人、完成时限）',
        params: CaseId,
        body: MeasureCreateSchema,
        response: { 200: CaseViewSchema },
      },
    },
    (req) => screening.addMeasure(req.ctx, req.params.caseId, req.body),
  );
  app.post(
    '/rectification/cases/:caseId/measures/:measureId/done',
    {
      config: needs('screening.observe'),
      schema: {
        tags,
        summary: '记录一项整顿措施已完成',
        params: z.object({ caseId: DbIdSchema, measureId: DbIdSchema }),
        body: MeasureDoneSchema,
        response: { 200: CaseViewSchema },
      },
    },
    (req) => screening.completeMeasure(req.ctx, req.params.caseId, req.params.measureId, req.body.doneOn),
  );
  app.post(
    '/rectification/cases/:caseId/progress',
    {
      config: needs('screening.observe'),
      schema: {
        tags,
        summary: '记录整顿进展（日期、情况，可关联一项措施）',
        params: CaseId,
        body: ProgressCreateSchema,
        response: { 200: CaseViewSchema },
      },
    },
    (req) => screening.addProgress(req.ctx, req.params.caseId, req.body),
  );
  app.post(
    '/rectification/cases/:caseId/acceptances',
    {
      config: needs('screening.decide'),
      schema: {
        tags,
        summary:
          '记录整顿验收：综合得分、民主测评票数和验收组的认定（系统按本县验收办法给出建议；认定与建议不同须说明理由）',
        params: CaseId,
        body: AcceptanceCreateSchema,
        response: { 200: CaseViewSchema },
      },
    },
    (req) => screening.recordAcceptance(req.ctx, req.params.caseId, req.body),
  );
  app.post(
    '/rectification/cases/:caseId/close',
    {
      config: needs('screening.decide'),
      schema: {
        tags,
        summary: '验收合格后销号，此后进入跟踪问效期（本县设置）',
        params: CaseId,
        body: CloseSchema,
        response: { 200: CaseViewSchema },
      },
    },
    (req) => screening.closeCase(req.ctx, req.params.caseId, req.body.closedOn),
  );
};
