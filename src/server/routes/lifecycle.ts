/**
 * Transfers (组织关系转接), mobile members (流动党员), lost contact (失联党员) and status decisions (党籍处置):
 * issue 13 items 3–5, decision 0026.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DbIdSchema } from '../../shared/schemas.js';
import {
  ContactCreateSchema,
  DecisionApproveSchema,
  DecisionCreateSchema,
  DecisionRefuseSchema,
  PendingDecisionSchema,
  EndOnSchema,
  LifecycleTodoSchema,
  LostContactCreateSchema,
  LostListSchema,
  MemberLifecycleSchema,
  MobileListSchema,
  MobileRegisterSchema,
  TransferAcceptSchema,
  TransferDestinationSchema,
  TransferIncomingSchema,
  TransferListSchema,
  TransferQuerySchema,
  TransferReceiptSchema,
  TransferReturnSchema,
  TransferStartSchema,
  TransferViewSchema,
} from '../../shared/lifecycle.js';
import * as transfers from '../../services/transfers.js';
import * as lifecycle from '../../services/lifecycle.js';
import { needs } from '../access.js';

const Code = z.object({ code: z.string().min(1).max(40) });
const Id = z.object({ id: DbIdSchema });
const TransferId = z.object({ transferId: DbIdSchema });
const DecisionId = z.object({ decisionId: DbIdSchema });
const tags = ['组织关系转接与党籍 lifecycle'];

export const lifecycleRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/orgs/:code/transfers',
    {
      config: needs('read'),
      schema: {
        tags,
        summary: '本组织及下级组织的组织关系转接：转出（outgoing）和转入（incoming），状态按某日（默认今天）',
        params: Code,
        querystring: TransferQuerySchema,
        response: { 200: TransferListSchema },
      },
    },
    (req) => transfers.listTransfers(req.ctx, req.params.code, req.query),
  );
  app.post(
    '/orgs/:code/transfers/incoming',
    {
      config: needs('write'),
      schema: {
        tags,
        summary: '登记县外转入的组织关系介绍信：党员今天编入本组织（新登记，或原转出党员转回）',
        params: Code,
        body: TransferIncomingSchema,
        response: { 200: TransferViewSchema },
      },
    },
    (req) => transfers.recordIncoming(req.ctx, req.params.code, req.body),
  );
  app.get(
    '/transfers/destinations',
    {
      config: needs('write'),
      schema: {
        tags,
        summary: '可接收组织关系的党组织（全县范围，只返回编码和名称）',
        querystring: z.object({ q: z.string().max(40) }),
        response: { 200: z.array(TransferDestinationSchema) },
      },
    },
    (req) => transfers.searchDestinations(req.ctx, req.query.q),
  );
  app.post(
    '/members/:id/transfers',
    {
      config: needs('write'),
      schema: {
        tags,
        summary: '发起组织关系转接：转往本县其他党组织（待接收），或开具转往县外的介绍信（在途）',
        params: Id,
        body: TransferStartSchema,
        response: { 200: TransferViewSchema },
      },
    },
    (req) => transfers.startTransfer(req.ctx, req.params.id, req.body),
  );
  app.get(
    '/transfers/:transferId',
    {
      config: needs('read'),
      schema: {
        tags,
        summary: '一项组织关系转接（转出方、接收方，或被授权审阅这项转接的账号可见）',
        params: TransferId,
        response: { 200: TransferViewSchema },
      },
    },
    (req) => transfers.getTransfer(req.ctx, req.params.transferId),
  );
  app.post(
    '/transfers/:transferId/accept',
    {
      config: needs('write'),
      schema: {
        tags,
        summary: '接收的党组织同意接收：党员于接收之日编入本组织',
        params: TransferId,
        body: TransferAcceptSchema,
        response: { 200: TransferViewSchema },
      },
    },
    (req) => transfers.acceptTransfer(req.ctx, req.params.transferId, req.body),
  );
  app.post(
    '/transfers/:transferId/return',
    {
      config: needs('write'),
      schema: {
        tags,
        summary: '退回转接（须写明原因）：本县内由接收方退回，县外介绍信由转出方登记退回',
        params: TransferId,
        body: TransferReturnSchema,
        response: { 200: TransferViewSchema },
      },
    },
    (req) => transfers.returnTransfer(req.ctx, req.params.transferId, req.body),
  );
  app.post(
    '/transfers/:transferId/receipt',
    {
      config: needs('write'),
      schema: {
        tags,
        summary: '登记县外介绍信的回执：党员于回执所载日期转出',
        params: TransferId,
        body: TransferReceiptSchema,
        response: { 200: TransferViewSchema },
      },
    },
    (req) => transfers.recordReceipt(req.ctx, req.params.transferId, req.body),
  );
  app.get(
    '/orgs/:code/mobile-members',
    {
      config: needs('read'),
      schema: {
        tags,
        summary: '流动党员：本组织及下级组织外出的党员（含提示），以及在本组织参加组织生活的外地党员',
        params: Code,
        querystring: TransferQuerySchema,
        response: { 200: MobileListSchema },
      },
    },
    (req) => lifecycle.listMobile(req.ctx, req.params.code, req.query),
  );
  app.get(
    '/orgs/:code/lost-contact',
    {
      config: needs('read'),
      schema: {
        tags,
        summary: '失联党员：失联时间、停止党籍时间和提示（需研究停止党籍、需研究除名）',
        params: Code,
        querystring: TransferQuerySchema,
        response: { 200: LostListSchema },
      },
    },
    (req) => lifecycle.listLostContact(req.ctx, req.params.code, req.query),
  );
  app.get(
    '/orgs/:code/lifecycle-todo',
    {
      config: needs('read'),
      schema: {
        tags,
        summary:
          '本月待办的组织关系事项：待接收或已超期的转接、有提示的流动党员、失联党员、等待批准的党籍处置决定',
        params: Code,
        response: { 200: LifecycleTodoSchema },
      },
    },
    (req) => lifecycle.lifecycleTodo(req.ctx, req.params.code),
  );
  app.get(
    '/orgs/:code/decisions/pending',
    {
      config: needs('read'),
      schema: {
        tags,
        summary: '等待本组织及下级组织批准的党籍处置决定（批准前党员的党籍状态不变）',
        params: Code,
        response: { 200: z.array(PendingDecisionSchema) },
      },
    },
    (req) => lifecycle.listPendingDecisions(req.ctx, req.params.code),
  );
  app.post(
    '/decisions/:decisionId/approve',
    {
      config: needs('write'),
      schema: {
        tags,
        summary: '批准的党组织批准一项党籍处置决定：党员的党籍状态自批准之日改变',
        params: DecisionId,
        body: DecisionApproveSchema,
        response: { 200: MemberLifecycleSchema },
      },
    },
    (req) => lifecycle.approveDecision(req.ctx, req.params.decisionId, req.body),
  );
  app.post(
    '/decisions/:decisionId/refuse',
    {
      config: needs('write'),
      schema: {
        tags,
        summary: '批准的党组织不批准一项党籍处置决定（须写明理由）：党员的党籍状态不变',
        params: DecisionId,
        body: DecisionRefuseSchema,
        response: { 200: MemberLifecycleSchema },
      },
    },
    (req) => lifecycle.refuseDecision(req.ctx, req.params.decisionId, req.body),
  );
  app.get(
    '/members/:id/lifecycle',
    {
      config: needs('read'),
      schema: {
        tags,
        summary: '党员的转接、外出登记、联系记录、失联登记、党籍处置决定和当前提示',
        params: Id,
        response: { 200: MemberLifecycleSchema },
      },
    },
    (req) => lifecycle.getMemberLifecycle(req.ctx, req.params.id),
  );
  const memberPost = <B extends z.ZodType>(
    url: string,
    summary: string,
    body: B,
    run: (ctx: Parameters<typeof lifecycle.getMemberLifecycle>[0], id: number, b: z.infer<B>) => unknown,
  ) =>
    app.post(
      url,
      {
        config: needs('write'),
        schema: { tags, summary, params: Id, body, response: { 200: MemberLifecycleSchema } },
      },
      (req) =>
        run(req.ctx, req.params.id, req.body as z.infer<B>) as Promise<z.infer<typeof MemberLifecycleSchema>>,
    );
  memberPost(
    '/members/:id/mobile',
    '流动党员外出登记（去向、外出日期、联系方式、流入地党组织）',
    MobileRegisterSchema,
    lifecycle.registerMobile,
  );
  memberPost(
    '/members/:id/mobile/end',
    '流动党员返回（结束外出登记）',
    EndOnSchema,
    lifecycle.endMobileRegistration,
  );
  memberPost('/members/:id/contacts', '记录与外出党员的联系', ContactCreateSchema, lifecycle.recordContact);
  memberPost(
    '/members/:id/lost-contact',
    '登记失联（失联日期）',
    LostContactCreateSchema,
    lifecycle.markLostContact,
  );
  memberPost('/members/:id/lost-contact/end', '恢复联系', EndOnSchema, lifecycle.endLostContact);
  memberPost(
    '/members/:id/decisions',
    '党籍处置决定（停止党籍、恢复党籍、除名、劝退、退党、开除党籍、去世）：作出决定和批准的党组织、日期、文号',
    DecisionCreateSchema,
    lifecycle.recordDecision,
  );
};
