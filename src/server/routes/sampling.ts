/**
 * Sampling against falsification (抽查核实), decision 0038: the draws the account may see, a new draw, one draw with
 * its records, and an on-site verification of a drawn record. All need `sampling` (the county, a township).
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DbIdSchema } from '../../shared/schemas.js';
import {
  DrawCreateSchema,
  DrawListSchema,
  DrawViewSchema,
  VerificationCreateSchema,
} from '../../shared/sampling.js';
import * as sampling from '../../services/sampling.js';
import { needs } from '../access.js';

const tags = ['抽查核实 sampling'];

export const samplingRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/samples',
    {
      config: needs('sampling'),
      schema: {
        tags,
        summary: '本账号可见范围内的抽查（谁、何时、范围、期间、数量、随机种子，及核实进度），新的在前',
        response: { 200: DrawListSchema },
      },
    },
    (req) => sampling.listDraws(req.ctx),
  );
  app.post(
    '/samples',
    {
      config: needs('sampling'),
      schema: {
        tags,
        summary:
          '抽取一批记录（会议、党费缴纳、发展党员步骤）现场核实：按一致性信号加权随机抽取，随机种子由系统生成并记录，抽取结果不能重抽或删除',
        body: DrawCreateSchema,
        response: { 200: DrawViewSchema },
      },
    },
    (req) => sampling.createDraw(req.ctx, req.body),
  );
  app.get(
    '/samples/:drawId',
    {
      config: needs('sampling'),
      schema: {
        tags,
        summary: '一次抽查：抽中的记录、各自的加权依据、核实结果及其历次记录',
        params: z.object({ drawId: DbIdSchema }),
        response: { 200: DrawViewSchema },
      },
    },
    (req) => sampling.showDraw(req.ctx, req.params.drawId),
  );
  app.post(
    '/samples/items/:itemId/verifications',
    {
      config: needs('sampling'),
      schema: {
        tags,
        summary:
          '记录一条现场核实结果（属实 / 部分属实 / 不属实，说明、核实人、核实日期）；只增不改，最新一条为该记录的核实标记，会议核实为不属实后不再计入组织生活',
        params: z.object({ itemId: DbIdSchema }),
        body: VerificationCreateSchema,
        response: { 200: DrawViewSchema },
      },
    },
    (req) => sampling.verifyItem(req.ctx, req.params.itemId, req.body),
  );
};
