import { z } from 'zod';
import { type SessionCache, sessionTokenHash } from '../../services/kept.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  AuditViewSchema,
  LoginSchema,
  PasswordChangeSchema,
  SessionUserSchema,
  UserCreateSchema,
  UserViewSchema,
  DbIdSchema,
  PageNumberSchema,
  pageOf,
} from '../../shared/schemas.js';
import { GrantCreateSchema, GrantEndSchema, GrantViewSchema } from '../../shared/grants.js';
import * as accounts from '../../services/accounts.js';
import { listAudit } from '../../services/audit.js';
import { AppError } from '../../shared/errors.js';
import { clearSessionCookie, setSessionCookie, type RateLimiter } from '../auth.js';
import { PUBLIC, needs } from '../access.js';

export function authRoutes(opts: {
  /** the sessions this process keeps: a sign-out forgets its own at once (others fail their checks: decision 0055) */
  sessions?: SessionCache;
  secureCookies: boolean;
  loginLimiter: RateLimiter;
}): FastifyPluginAsyncZod {
  // the sign-in attempt each address is waiting on (the last one queued)
  const pending = new Map<string, Promise<unknown>>();
  const oneAtATime = <T>(key: string, fn: () => Promise<T>): Promise<T> => {
    const run = (pending.get(key) ?? Promise.resolve()).then(fn);
    const settled = run.catch(() => undefined);
    pending.set(key, settled);
    void settled.then(() => {
      if (pending.get(key) === settled) pending.delete(key);
    });
    return run;
  };
  return async (app) => {
    app.post(
      '/auth/login',
      {
        config: PUBLIC,
        schema: {
          tags: ['账号 auth'],
          summary: '登录（设置会话 Cookie）',
          body: LoginSchema,
          response: { 200: z.object({ user: SessionUserSchema }) },
        },
      },
      async (req, reply) => {
        // only failed sign-ins count: a township office behind one address signs in many times a morning.
        // Attempts from one address are decided one after another, so that a parallel burst cannot all pass the
        // check before any failure is counted.
        const r = await oneAtATime(req.ip, async () => {
          if (!opts.loginLimiter.allows(req.ip))
            throw new AppError('RATE_LIMITED', '登录失败次数过多，请10分钟后再试');
          try {
            return await accounts.login(
              { db: req.deps.db, clock: req.deps.clock, accounts: req.deps.settings.accounts },
              { ...req.body, ip: req.ip },
            );
          } catch (e) {
            opts.loginLimiter.hit(req.ip);
            throw e;
          }
        });
        setSessionCookie(reply, r.token, r.expiresAt, opts.secureCookies);
        return { user: r.user };
      },
    );
    app.post(
      '/auth/logout',
      {
        config: needs('self', { duringPasswordChange: true }),
        schema: { tags: ['账号 auth'], summary: '退出登录' },
      },
      async (req, reply) => {
        if (req.sessionToken) {
          await accounts.logout(req.ctx.db, req.sessionToken);
          opts.sessions?.drop(sessionTokenHash(req.sessionToken));
        }
        clearSessionCookie(reply, opts.secureCookies);
        return { ok: true };
      },
    );
    app.get(
      '/auth/me',
      {
        config: needs('self', { duringPasswordChange: true }),
        schema: { tags: ['账号 auth'], summary: '当前登录的账号', response: { 200: SessionUserSchema } },
      },
      async (req) => req.user!,
    );
    app.post(
      '/auth/password',
      {
        config: needs('self', { duringPasswordChange: true }),
        schema: { tags: ['账号 auth'], summary: '修改自己的密码', body: PasswordChangeSchema },
      },
      async (req) => {
        // a wrong old password is a guess like a failed sign-in: it counts toward the same per-address limit
        const key = `password:${req.ctx.actor.kind === 'user' ? req.ctx.actor.userId : ''}`;
        if (!opts.loginLimiter.allows(req.ip) || !opts.loginLimiter.allows(key))
          throw new AppError('RATE_LIMITED', '尝试次数过多，请10分钟后再试');
        // the account's other sessions end; this one stays signed in
        await accounts
          .changePassword(req.ctx, req.body.oldPassword, req.body.newPassword, req.sessionToken)
          .catch((e: unknown) => {
            if (e instanceof AppError && e.code === 'AUTH_FAILED') {
              opts.loginLimiter.hit(req.ip);
              opts.loginLimiter.hit(key);
            }
            throw e;
          });
        return { ok: true };
      },
    );
    const Id = z.object({ id: DbIdSchema });
    const tags = ['账号管理 users'];
    app.get(
      '/users',
      {
        config: needs('accounts.manage'),
        schema: { tags, summary: '管理范围内的账号', response: { 200: z.array(UserViewSchema) } },
      },
      (req) => accounts.listUsers(req.ctx),
    );
    app.post(
      '/users',
      {
        config: needs('accounts.manage'),
        schema: {
          tags,
          summary: '开设账号（不填密码则生成随机密码，仅显示一次）',
          body: UserCreateSchema,
          response: { 200: z.object({ user: UserViewSchema, password: z.string().nullable() }) },
        },
      },
      (req) => accounts.createUser(req.ctx, req.body),
    );
    app.post(
      '/users/:id/disable',
      {
        config: needs('accounts.manage'),
        schema: { tags, summary: '停用账号', params: Id, response: { 200: UserViewSchema } },
      },
      (req) => accounts.setUserDisabled(req.ctx, req.params.id, true),
    );
    app.post(
      '/users/:id/enable',
      {
        config: needs('accounts.manage'),
        schema: { tags, summary: '启用账号', params: Id, response: { 200: UserViewSchema } },
      },
      (req) => accounts.setUserDisabled(req.ctx, req.params.id, false),
    );
    app.post(
      '/users/:id/reset-password',
      {
        config: needs('accounts.manage'),
        schema: {
          tags,
          summary: '重置密码（生成随机密码，仅显示一次；下次登录须修改）',
          params: Id,
          response: { 200: z.object({ user: UserViewSchema, password: z.string() }) },
        },
      },
      (req) => accounts.resetPassword(req.ctx, req.params.id),
    );
    // grants by assignment (decision 0010): an account's dated grants on one more org and its subtree
    const GrantId = z.object({ id: DbIdSchema, grantId: DbIdSchema });
    app.get(
      '/users/:id/grants',
      {
        config: needs('accounts.manage'),
        schema: {
          tags,
          summary: '账号的授权（按时间倒序，含已结束和尚未开始的）',
          params: Id,
          response: { 200: z.array(GrantViewSchema) },
        },
      },
      (req) => accounts.listGrants(req.ctx, req.params.id),
    );
    app.post(
      '/users/:id/grants',
      {
        config: needs('accounts.manage'),
        schema: {
          tags,
          summary: '授权：在管理范围内的一个党组织（含下级）上授予查看、修改等权限，可限定起止日期',
          params: Id,
          body: GrantCreateSchema,
          response: { 200: GrantViewSchema },
        },
      },
      (req) => accounts.addGrant(req.ctx, req.params.id, req.body),
    );
    app.post(
      '/users/:id/grants/:grantId/end',
      {
        config: needs('accounts.manage'),
        schema: {
          tags,
          summary: '结束授权（自所填日期起不再有效，默认今天）',
          params: GrantId,
          body: GrantEndSchema,
          response: { 200: GrantViewSchema },
        },
      },
      (req) => accounts.endGrant(req.ctx, req.params.id, req.params.grantId, req.body.on),
    );
    app.get(
      '/audit',
      {
        config: needs('audit.read'),
        schema: {
          tags: ['审计 audit'],
          summary: '变更与敏感信息查看记录（管理范围内；敏感值已脱敏）',
          querystring: z.object({
            orgCode: z.string().max(40).optional(),
            memberId: DbIdSchema.optional(),
            actor: z.enum(['me']).optional(),
            page: PageNumberSchema,
            pageSize: z.coerce.number().int().min(1).max(200).default(50),
          }),
          response: { 200: pageOf(AuditViewSchema) },
        },
      },
      (req) => listAudit(req.ctx, req.query),
    );
  };
}
