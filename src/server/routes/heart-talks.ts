/** Heart talks (谈心谈话, decision 0018): an org's talks of a year, who has had none, and recording one. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  DbIdSchema,
  HeartTalkCreateSchema,
  HeartTalkListSchema,
  HeartTalkViewSchema,
} from '../../shared/schemas.js';
import * as talks from '../../services/heart-talks.js';
import { needs } from '../access.js';

const Code = z.object({ code: z.string().min(1).max(40) });
const tags = ['谈心谈话 heart talks'];

export const heartTalkRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/orgs/:code/heart-talks',
    {
      config: needs('read'),
      schema: {
        tags,
        summary: '本组织某年（默认今年）的谈心谈话记录，以及名册上今年还没有与支委谈心谈话的党员',
        params: Code,
        querystring: z.object({
          year: z
            .string()
            .regex(/^\d{4}$/, '年份格式应为 YYYY')
            .optional(),
        }),
        response: { 200: HeartTalkListSchema },
      },
    },
    (req) => talks.listHeartTalks(req.ctx, req.params.code, req.query.year),
  );
  app.post(
    '/orgs/:code/heart-talks',
    {
      config: needs('meetings.write'),
      schema: {
        tags,
        summary: '记录谈心谈话（谁与谁、哪天；两人以上）',
        params: Code,
        body: HeartTalkCreateSchema,
        response: { 200: HeartTalkViewSchema },
      },
    },
    (req) => talks.recordHeartTalk(req.ctx, req.params.code, req.body),
  );
  app.delete(
    '/heart-talks/:talkId',
    {
      config: needs('meetings.write'),
      schema: {
        tags,
        summary: '删除谈心谈话记录',
        params: z.object({ talkId: DbIdSchema }),
        response: { 200: z.object({ deleted: z.literal(true) }) },
      },
    },
    (req) => talks.deleteHeartTalk(req.ctx, req.params.talkId),
  );
};
