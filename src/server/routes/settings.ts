/** Local settings: what is in force (every signed-in account), the changes made, and changing one. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  SettingChangeSchema,
  SettingKeyParamSchema,
  SettingUpdateSchema,
  SettingViewSchema,
  SettingsViewSchema,
} from '../../shared/schemas.js';
import {
  changeSetting,
  listSettingHistory,
  listSettings,
  type SettingsCache,
} from '../../services/settings.js';
import { needs } from '../access.js';

export function settingsRoutes(cache: SettingsCache): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['本县设置 settings'];
    app.get(
      '/settings',
      {
        config: needs('read'),
        schema: {
          tags,
          summary: '今天生效的本县设置（含默认值、出处、生效日期）和现行的党内统计口径',
          response: { 200: SettingsViewSchema },
        },
      },
      (req) => listSettings(req.ctx),
    );
    app.get(
      '/settings/history',
      {
        config: needs('read'),
        schema: {
          tags,
          summary: '本县设置的修改记录（按生效日期从新到旧）',
          querystring: z.object({ key: SettingKeyParamSchema.shape.key.optional() }),
          response: { 200: z.array(SettingChangeSchema) },
        },
      },
      (req) => listSettingHistory(req.ctx, req.query.key),
    );
    app.put(
      '/settings/:key',
      {
        config: needs('settings.manage'),
        schema: {
          tags,
          summary: '修改一项本县设置，自生效日期起适用（早于今天的生效日期须填写说明）',
          params: SettingKeyParamSchema,
          body: SettingUpdateSchema,
          response: { 200: SettingViewSchema },
        },
      },
      async (req) => {
        const view = await changeSetting(req.ctx, req.params.key, req.body);
        cache.invalidate();
        return view;
      },
    );
  };
}
