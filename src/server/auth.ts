/**
 * Request authentication and the HTTP-level defences: session cookie → actor, CSRF check on state-changing
 * requests, login rate limiting per address, security headers.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import type { Db } from '../db/client.js';
import { withAuditSession } from '../db/client.js';
import type { Clock, Ctx } from '../services/context.js';
import { canSomewhere } from '../domain/access/policy.js';
import { sessionOf } from '../services/accounts.js';
import { AppError } from '../shared/errors.js';
import type { SessionUser } from '../shared/schemas.js';
import type { LocalSettings } from '../policy/settings.js';
import type { SettingsCache } from '../services/settings.js';
import {
  OrgCodeCache,
  SessionCache,
  StaleSession,
  sessionTokenHash,
  type KeptSession,
  type SessionCheck,
} from '../services/kept.js';
import type { RouteAccess } from './access.js';

export const SESSION_COOKIE = 'jiceng_session';
export const CSRF_HEADER = 'x-requested-with';
export const CSRF_VALUE = 'jiceng';

declare module 'fastify' {
  interface FastifyRequest {
    user: SessionUser | null;
    sessionToken: string | null;
    /** database, clock and today's local settings for public routes (sign-in), which act for nobody */
    deps: { db: Db; clock: Clock; origin: string; settings: LocalSettings };
    /** the signed-in actor's context; reading it on a route that has no session throws */
    ctx: Ctx;
    authCtx: Ctx | null;
    /** forgets the session this process kept and decides the request again from the database (decision 0055) */
    sessionRetry: () => Promise<void>;
  }
}

/** At most `limit` hits per key per window (in memory; one process serves one deployment). */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}
  private recent(key: string, now: number): number[] {
    return (this.hits.get(key) ?? []).filter((t) => now - t < this.windowMs);
  }
  /** Is this key still under its limit? (Counts nothing.) */
  allows(key: string, now = Date.now()): boolean {
    return this.recent(key, now).length < this.limit;
  }
  /** Counts one hit for this key. */
  hit(key: string, now = Date.now()) {
    const list = this.recent(key, now);
    list.push(now);
    this.hits.set(key, list);
    if (this.hits.size > 10_000) this.hits.clear();
  }
  /** Counts one hit unless the key is over its limit; false when it is. */
  take(key: string, now = Date.now()): boolean {
    if (!this.allows(key, now)) return false;
    this.hit(key, now);
    return true;
  }
}

export interface AuthOptions {
  db: Db;
  clock: Clock;
  secureCookies: boolean;
  /** today's local settings, cached (services/settings.ts) */
  settings: SettingsCache;
  /** the deployment's cap on the roster's counted totals (Ctx.rosterCountCap), when it sets one */
  rosterCountCap?: number | undefined;
  /** the sessions and orgs by code this process keeps (decision 0055); new ones when not given */
  sessions?: SessionCache | undefined;
  orgCodes?: OrgCodeCache | undefined;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF: browsers cannot send a custom header cross-site without a CORS preflight (which we never allow), and a
 * foreign or opaque (`null`) Origin is refused outright.
 */
function checkCsrf(req: FastifyRequest) {
  if (req.headers[CSRF_HEADER] !== CSRF_VALUE) throw new AppError('CSRF_REJECTED');
  const origin = req.headers.origin;
  if (origin === undefined) return;
  if (!origin || originHost(origin) !== req.headers.host) throw new AppError('CSRF_REJECTED');
}

/** The host of an Origin header, or null for `null` and anything that is not a URL. */
function originHost(origin: string): string | null {
  try {
    return new URL(origin).host || null;
  } catch {
    return null;
  }
}

/** True when any string in a parsed request part holds a NUL character (PostgreSQL text cannot). */
function hasNul(v: unknown, depth = 0): boolean {
  if (typeof v === 'string') return v.includes('\u0000');
  if (!v || typeof v !== 'object' || depth > 20) return false;
  if (Array.isArray(v)) return v.some((x) => hasNul(x, depth + 1));
  return Object.entries(v as Record<string, unknown>).some(
    ([k, x]) => k.includes('\u0000') || hasNul(x, depth + 1),
  );
}

export async function registerAuth(app: FastifyInstance, opts: AuthOptions) {
  await app.register(cookie);
  app.decorateRequest('user', null);
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('deps', null as unknown as FastifyRequest['deps']);
  app.decorateRequest('authCtx', null);
  app.decorateRequest('sessionRetry', null as unknown as FastifyRequest['sessionRetry']);
  const sessions = opts.sessions ?? new SessionCache();
  const orgCodes = opts.orgCodes ?? new OrgCodeCache();
  app.decorateRequest('ctx', {
    getter(this: FastifyRequest) {
      if (!this.authCtx) throw new AppError('UNAUTHENTICATED');
      return this.authCtx;
    },
  });

  // Decided after the router has matched, from the matched route's own declaration (access.ts).
  app.addHook('onRequest', async (req) => {
    req.deps = { db: opts.db, clock: opts.clock, origin: req.ip, settings: await opts.settings.today() };
    if (!SAFE_METHODS.has(req.method)) checkCsrf(req);
    // no route matched: the not-found handler answers with a 404 or the web app's page, never with data
    if (req.is404) return;
    const access = req.routeOptions.config.access;
    if (!access) throw new AppError('FORBIDDEN', '该接口未声明访问权限，已拒绝');
    if (access.public) return;
    const token = req.cookies[SESSION_COOKIE];
    if (!token) throw new AppError('UNAUTHENTICATED');
    const hash = sessionTokenHash(token);
    // (read again from the database: the first decision or a retry after the kept session was found changed)
    const readAndAdmit = async () => {
      const session = await sessionOf(opts.db, opts.clock, token);
      if (!session) {
        sessions.drop(hash);
        throw new AppError('UNAUTHENTICATED');
      }
      sessions.set(hash, session);
      admit(req, token, session, access, null);
    };
    req.sessionRetry = async () => {
      sessions.drop(hash);
      await readAndAdmit();
    };
    // A route whose read checks the session in its own statement (decision 0055) decides with the session this
    // process kept, unconfirmed; a refusal is never decided from it (the session is read again first).
    const kept = access.sessionCheckedByRead ? sessions.get(hash, opts.clock) : null;
    if (kept) {
      try {
        admit(req, token, kept, access, {
          tokenHash: hash,
          day: kept.day,
          fingerprint: kept.fingerprint,
          verified: false,
        });
        return;
      } catch {
        sessions.drop(hash);
      }
    }
    await readAndAdmit();
  });

  /** The request acts for this session, if the policy lets it ask for the route's action at all. */
  const admit = (
    req: FastifyRequest,
    token: string,
    session: KeptSession,
    access: Exclude<RouteAccess, { public: true }>,
    check: SessionCheck | null,
  ) => {
    req.user = session.user;
    req.sessionToken = token;
    req.authCtx = {
      db: withAuditSession(opts.db, { actorId: session.user.id, label: session.user.username, ip: req.ip }),
      clock: opts.clock,
      actor: session.actor,
      settings: req.deps.settings,
      origin: req.ip,
      orgCodes,
      ...(check ? { session: check } : {}),
      ...(opts.rosterCountCap ? { rosterCountCap: opts.rosterCountCap } : {}),
    };
    if (session.user.mustChangePassword && !access.duringPasswordChange)
      throw new AppError('PASSWORD_CHANGE_REQUIRED');
    // the coarse gate: may the account ask for this action anywhere today (by its role, or by a grant in force)?
    // The use case then asks the same policy about the org or member it touches (decision 0010).
    if (!canSomewhere(session.actor, access.action)) throw new AppError('FORBIDDEN');
  };

  // Fail closed: an answer read with a kept session that nothing confirmed is not sent (decision 0055). In onSend,
  // which every answer passes (preSerialization skips a string, Buffer or stream payload); the error's own answer
  // (a 500) passes here again and goes out.
  app.addHook('onSend', async (req, reply, payload) => {
    const s = req.authCtx?.session;
    if (s && !s.verified && reply.statusCode < 400) throw new Error('session not confirmed by the read');
    return payload;
  });

  // PostgreSQL text cannot hold NUL: refuse it in the path, query and body before anything reads them
  app.addHook('preValidation', async (req) => {
    if (hasNul(req.params) || hasNul(req.query) || hasNul(req.body))
      throw new AppError('VALIDATION_FAILED', '提交的内容含有不允许的空字符');
  });

  app.addHook('onSend', async (req, reply) => {
    const access = req.is404 ? undefined : req.routeOptions.config.access;
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cross-origin-opener-policy', 'same-origin');
    reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=()');
    if (!reply.getHeader('content-security-policy')) {
      const docs = access?.public === true && access.docs === true;
      reply.header(
        'content-security-policy',
        [
          "default-src 'self'",
          docs ? "script-src 'self' 'unsafe-inline'" : "script-src 'self'",
          // Ant Design injects its CSS-in-JS styles at run time
          "style-src 'self' 'unsafe-inline'",
          "img-src 'self' data: blob:",
          "font-src 'self' data:",
          "connect-src 'self'",
          "frame-ancestors 'none'",
          "base-uri 'self'",
          "form-action 'self'",
          "object-src 'none'",
        ].join('; '),
      );
    }
    // only the web app's own files may be kept by a cache; every answer of the API is personal or changes
    const asset = access?.public === true && reply.statusCode < 400 ? access.asset : undefined;
    reply.header(
      'cache-control',
      asset === 'hashed'
        ? 'public, max-age=31536000, immutable'
        : asset === 'unhashed'
          ? 'no-cache'
          : 'no-store',
    );
  });
}

export function setSessionCookie(reply: FastifyReply, token: string, expiresAt: Date, secure: boolean) {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure,
    path: '/',
    expires: expiresAt,
  });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean) {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure, path: '/' });
}

export function clientIp(req: FastifyRequest): string {
  return req.ip;
}

/**
 * Runs a read whose statement checks the request's kept session (a route declaring `sessionCheckedByRead`): when
 * the session no longer reads as it was kept, the request is decided again from the database (signed out or
 * revoked: 401; changed: the new decision) and the read runs once more, now with the session it read.
 */
export async function withCheckedSession<T>(req: FastifyRequest, read: (ctx: Ctx) => Promise<T>): Promise<T> {
  try {
    return await read(req.ctx);
  } catch (e) {
    if (!(e instanceof StaleSession)) throw e;
    await req.sessionRetry();
    return read(req.ctx);
  }
}
