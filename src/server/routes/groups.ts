/** Party groups (党小组, decision 0018): a branch's groups, their members on a day, and changes to them. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  DbIdSchema,
  IsoDateSchema,
  PartyGroupCreateSchema,
  PartyGroupDissolveSchema,
  PartyGroupListSchema,
  PartyGroupMembersSchema,
  PartyGroupUpdateSchema,
  PartyGroupViewSchema,
} from '../../shared/schemas.js';
import * as groups from '../../services/groups.js';
import { needs } from '../access.js';

const Code = z.object({ code: z.string().min(1).max(40) });
const GroupId = z.object({ groupId: DbIdSchema });
const tags = ['党小组 party groups'];

export const groupRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/orgs/:code/groups',
    {
      config: needs('read'),
      schema: {
        tags,
        summary: '本支部的党小组及其成员（某日，默认今天），以及未编入党小组的党员',
        params: Code,
        querystring: z.object({ asOf: IsoDateSchema.optional() }),
        response: { 200: PartyGroupListSchema },
      },
    },
    (req) => groups.listGroups(req.ctx, req.params.code, req.query.asOf),
  );
  app.post(
    '/orgs/:code/groups',
    {
      config: needs('write'),
      schema: {
        tags,
        summary: '设立党小组（可同时指定组长和成员）',
        params: Code,
        body: PartyGroupCreateSchema,
        response: { 200: PartyGroupViewSchema },
      },
    },
    (req) => groups.createGroup(req.ctx, req.params.code, req.body),
  );
  app.patch(
    '/groups/:groupId',
    {
      config: needs('write'),
      schema: {
        tags,
        summary: '修改党小组名称或组长',
        params: GroupId,
        body: PartyGroupUpdateSchema,
        response: { 200: PartyGroupViewSchema },
      },
    },
    (req) => groups.updateGroup(req.ctx, req.params.groupId, req.body),
  );
  app.post(
    '/groups/:groupId/dissolve',
    {
      config: needs('write'),
      schema: {
        tags,
        summary: '撤销党小组（成员当日起不再属于该党小组）',
        params: GroupId,
        body: PartyGroupDissolveSchema,
        response: { 200: PartyGroupViewSchema },
      },
    },
    (req) => groups.dissolveGroup(req.ctx, req.params.groupId, req.body),
  );
  app.post(
    '/groups/:groupId/members',
    {
      config: needs('write'),
      schema: {
        tags,
        summary: '编入党小组（当日起；原在其他党小组的同日调出）',
        params: GroupId,
        body: PartyGroupMembersSchema,
        response: { 200: PartyGroupViewSchema },
      },
    },
    (req) => groups.addGroupMembers(req.ctx, req.params.groupId, req.body),
  );
  app.post(
    '/groups/:groupId/members/remove',
    {
      config: needs('write'),
      schema: {
        tags,
        summary: '调出党小组（当日起）',
        params: GroupId,
        body: PartyGroupMembersSchema,
        response: { 200: PartyGroupViewSchema },
      },
    },
    (req) => groups.removeGroupMembers(req.ctx, req.params.groupId, req.body),
  );
};
