import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  ImportJobSchema,
  ImportKindSchema,
  ImportRejectionPageSchema,
  ImportRejectionQuerySchema,
} from '../../shared/schemas.js';
import { writeTemplate } from '../../services/exports.js';
import type { ImportJobs } from '../../services/import-jobs.js';
import { sendXlsx } from '../xlsx-reply.js';
import { needs } from '../access.js';
import { receiveUpload } from '../upload.js';

const tags = ['导入导出 import/export'];

const TEMPLATES = {
  'orgs.xlsx': 'orgs',
  'members.xlsx': 'members',
  'meetings.xlsx': 'meetings',
  'dues-bases.xlsx': 'dues-bases',
  'dues.xlsx': 'dues',
  'applicants.xlsx': 'applicants',
  'screening.xlsx': 'screening',
} as const;
const SHEET_ZH = {
  orgs: '党组织',
  members: '党员',
  meetings: '三会一课台账',
  'dues-bases': '党费基数',
  dues: '党费缴纳',
  applicants: '发展党员台账',
  screening: '软弱涣散村党组织台账',
} as const;

export function importRoutes(jobs: ImportJobs): FastifyPluginAsyncZod {
  return async (app) => {
    // the server closing stops the expiry timer and removes the uploads still held
    app.addHook('onClose', async () => jobs.close());
    app.get(
      '/templates/:file',
      {
        config: needs('read'),
        schema: {
          tags,
          summary:
            '下载导入模板（orgs.xlsx、members.xlsx、三会一课台账 meetings.xlsx、党费基数 dues-bases.xlsx、党费缴纳 dues.xlsx 或发展党员台账 applicants.xlsx 或软弱涣散村党组织台账 screening.xlsx）',
          params: z.object({
            file: z.enum([
              'orgs.xlsx',
              'members.xlsx',
              'meetings.xlsx',
              'dues-bases.xlsx',
              'dues.xlsx',
              'applicants.xlsx',
              'screening.xlsx',
            ]),
          }),
        },
      },
      async (req, reply) => {
        const kind = TEMPLATES[req.params.file];
        return sendXlsx(reply, `${SHEET_ZH[kind]}导入模板.xlsx`, (out) => writeTemplate(kind, out));
      },
    );
    app.post(
      '/imports/:kind',
      {
        config: needs('import'),
        schema: {
          tags,
          summary:
            '上传台账（multipart 字段 file，.xlsx 或 .csv；kind 为 orgs、members、三会一课台账 meetings、党费基数 dues-bases、党费缴纳 dues 、发展党员台账 applicants 或软弱涣散村党组织台账 screening），先检查每一行，不写入',
          params: z.object({ kind: ImportKindSchema }),
          consumes: ['multipart/form-data'],
          response: { 200: ImportJobSchema },
        },
      },
      async (req) => jobs.start(req.ctx, req.params.kind, await receiveUpload(req, jobs)),
    );
    app.get(
      '/imports/:id',
      {
        config: needs('import'),
        schema: {
          tags,
          summary:
            '导入任务的进度和检查结果（各类问题的行数和示例行号；问题清单分页见 /imports/{id}/rejections）',
          params: z.object({ id: z.string().uuid() }),
          response: { 200: ImportJobSchema },
        },
      },
      async (req) => jobs.get(req.ctx, req.params.id),
    );
    app.get(
      '/imports/:id/rejections',
      {
        config: needs('import'),
        schema: {
          tags,
          summary: '导入任务的问题清单（分页；code 只看某一类问题）。每类问题最多列出前 200 行，其余只计数',
          params: z.object({ id: z.string().uuid() }),
          querystring: ImportRejectionQuerySchema,
          response: { 200: ImportRejectionPageSchema },
        },
      },
      async (req) => jobs.rejections(req.ctx, req.params.id, req.query),
    );
    app.post(
      '/imports/:id/apply',
      {
        config: needs('import'),
        schema: {
          tags,
          summary: '执行导入：allOrNothing=true 时有任何问题行就全部不写入',
          params: z.object({ id: z.string().uuid() }),
          body: z.object({ allOrNothing: z.boolean().default(false) }),
          response: { 200: ImportJobSchema },
        },
      },
      async (req) => jobs.apply(req.ctx, req.params.id, req.body.allOrNothing),
    );
  };
}
