/**
 * A county's village-level division table (decision 0039): the version in force with its counts by township, the
 * template, and importing a new version (checked row by row; `dryRun=true` only checks). County administrators of the
 * whole county only.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ImportResultSchema } from '../../shared/schemas.js';
import { DivisionImportQuerySchema, DivisionTableViewSchema } from '../../shared/divisions.js';
import { divisionTableView, importDivisions } from '../../services/divisions.js';
import { writeTemplate } from '../../services/exports.js';
import type { ImportJobs } from '../../services/import-jobs.js';
import { sendXlsx } from '../xlsx-reply.js';
import { needs } from '../access.js';
import { receiveUpload } from '../upload.js';

const tags = ['本县设置 settings'];

export function divisionRoutes(jobs: ImportJobs): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/divisions',
      {
        config: needs('settings.manage'),
        schema: {
          tags,
          summary:
            '本县村级区划名单（统计用区划代码）：今天适用的版本、按乡镇（街道）统计的村、社区数和未建党组织数、历次导入的版本',
          response: { 200: DivisionTableViewSchema },
        },
      },
      (req) => divisionTableView(req.ctx),
    );
    app.get(
      '/divisions/template.xlsx',
      {
        config: needs('settings.manage'),
        schema: { tags, summary: '下载村级区划名单导入模板' },
      },
      async (_req, reply) =>
        sendXlsx(reply, '村级区划名单导入模板.xlsx', (out) => writeTemplate('divisions', out)),
    );
    app.post(
      '/divisions/import',
      {
        config: needs('settings.manage'),
        schema: {
          tags,
          summary:
            '导入村级区划名单（multipart 字段 file，.xlsx 或 .csv：统计用区划代码、名称、城乡分类代码、所属乡镇代码）。逐行核对代码位数、所属乡镇、重复；有任何问题行就全部不写入；dryRun=true 只检查',
          querystring: DivisionImportQuerySchema,
          consumes: ['multipart/form-data'],
          response: { 200: ImportResultSchema },
        },
      },
      async (req) => {
        const file = await receiveUpload(req, jobs);
        try {
          return await importDivisions(
            req.ctx,
            { path: file.path, fileName: file.fileName },
            { dryRun: req.query.dryRun === 'true', effectiveFrom: req.query.effectiveFrom },
          );
        } finally {
          jobs.discard(file);
        }
      },
    );
  };
}
