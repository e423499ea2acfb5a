/**
 * Branch life beside the meetings (decision 0023): the 党章 第九条 flags of a subtree's members and of one member.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DbIdSchema, IsoDateSchema } from '../../shared/schemas.js';
import { Article9ListSchema, MemberArticle9Schema } from '../../shared/life.js';
import * as article9 from '../../services/article9.js';
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
};
