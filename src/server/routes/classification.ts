/**
 * The mapping of unclassified values (issue 9 #3, decision 0013): what is still unclassified, and mapping a text to a
 * category (a local synonym, applied at once to the members who hold it and to every later import).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  ClassificationMapResultSchema,
  ClassificationMapSchema,
  ClassificationOverviewSchema,
} from '../../shared/schemas.js';
import { classificationOverview, mapClassification } from '../../services/classification.js';
import { needs } from '../access.js';

export const classificationRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['归类 classification'];
  app.get(
    '/classification',
    {
      config: needs('classify'),
      schema: {
        tags,
        summary: '未归类的写法（民族、学历、职业）及持有人数，和本县的对照',
        response: { 200: ClassificationOverviewSchema },
      },
    },
    (req) => classificationOverview(req.ctx),
  );
  app.post(
    '/classification/mappings',
    {
      config: needs('classify'),
      schema: {
        tags,
        summary:
          '把一种写法对应到标准类别：保存为本县对照，立即用于持有该写法的党员（统计随之更新）和今后的导入',
        body: ClassificationMapSchema,
        response: { 200: ClassificationMapResultSchema },
      },
    },
    (req) => mapClassification(req.ctx, req.body),
  );
};
