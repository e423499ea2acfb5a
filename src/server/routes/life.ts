/**
 * Branch life beside the meetings (decision 0023): the 党章 第九条 flags of a subtree's members and of one member;
 * terms and elections (换届).
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DbIdSchema, IsoDateSchema } from '../../shared/schemas.js';
import {
  Article9ListSchema,
  ElectionCreateSchema,
  ElectionViewSchema,
  MemberArticle9Schema,
  OrgElectionsSchema,
  TermChangeCreateSchema,
  TermListSchema,
} from '../../shared/life.js';
import * as article9 from '../../services/article9.js';
import * as terms from '../../services/terms.js';
import { needs } from '../access.js';

const Code = z.object({ code: z.string().min(1).max(40) });
const AsOf = z.object({ asOf: IsoDateSchema.optional() });

export const lifeRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/orgs/:code/article9',
    {
      config: needs('read'),
      schema: {
        tags: ['党章第九条 article 9 flags'],
        summary:
          '本组织及下级组织中连续3个月（提示）或6个月（需研究处理）无正当理由不参加组织生活或不交纳党费的党员（党章第九条；只作提示，不改变党员状态）',
        params: Code,
        querystring: AsOf,
        response: { 200: Article9ListSchema },
      },
    },
    (req) => article9.getArticle9(req.ctx, req.params.code, req.query.asOf),
  );
  app.get(
    '/members/:id/article9',
    {
      config: needs('read'),
      schema: {
        tags: ['党章第九条 article 9 flags'],
        summary: '党员的党章第九条情况：连续未参加组织生活、连续未交党费的月数和起始月，以及当年参加会议情况',
        params: z.object({ id: DbIdSchema }),
        querystring: AsOf,
        response: { 200: MemberArticle9Schema },
      },
    },
    (req) => article9.getMemberArticle9(req.ctx, req.params.id, req.query.asOf),
  );
  const termTags = ['换届 terms and elections'];
  app.get(
    '/orgs/:code/terms',
    {
      config: needs('read'),
      schema: {
        tags: termTags,
        summary:
          '本组织及下级组织的任期与换届：届满（或经批准延期、提前后的）换届期限和状态 ok | due_6m | due_3m | due_1m | overdue | postponed | none',
        params: Code,
        querystring: AsOf,
        response: { 200: TermListSchema },
      },
    },
    (req) => terms.getTerms(req.ctx, req.params.code, req.query.asOf),
  );
  app.get(
    '/orgs/:code/elections',
    {
      config: needs('read'),
      schema: {
        tags: termTags,
        summary: '本组织的本届任期、经批准的延期或提前换届，以及历次换届选举',
        params: Code,
        response: { 200: OrgElectionsSchema },
      },
    },
    (req) => terms.getOrgElections(req.ctx, req.params.code),
  );
  app.post(
    '/orgs/:code/elections/results',
    {
      config: needs('write'),
      schema: {
        tags: termTags,
        summary:
          '记录换届选举（日期、方式、应到和实到有选举权人数、候选人得票、职务分工）：按规定判定是否有效、谁当选；有效时开始新一届任期并更新委员会',
        params: Code,
        body: ElectionCreateSchema,
        response: { 200: ElectionViewSchema },
      },
    },
    (req) => terms.recordElection(req.ctx, req.params.code, req.body),
  );
  app.post(
    '/orgs/:code/term-changes',
    {
      config: needs('write'),
      schema: {
        tags: termTags,
        summary: '记录经上级党组织批准的延期或提前换届（批准组织、文号；一般不超过1年）',
        params: Code,
        body: TermChangeCreateSchema,
        response: { 200: OrgElectionsSchema },
      },
    },
    (req) => terms.recordTermChange(req.ctx, req.params.code, req.body),
  );
};
