/**
 * Request authentication and the HTTP-level defences: session cookie → actor, CSRF check on state-changing
 * requests, login rate limiting per address, security headers.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import type { Db } from '../db/client.js';
import { withAuditSession } from '../db/client.js';
import type { Clock } from '../services/context.js';
import { sessionOf } from '../services/accounts.js';
import { AppError } from '../shared/errors.js';
import type { SessionUser } from '../shared/schemas.js';

export const SESSION_COOKIE = 'jiceng_session';
export const CSRF_HEADER = 'x-requested-with';
export const CSRF_VALUE = 'jiceng';

declare module 'fastify' {
  interface FastifyRequest {
    user: SessionUser | null;
    sessionToken: string | null;
  }
}

/** Paths reachable without a session. */
const PUBLIC = new Set(['/api/v1/auth/login', '/api/v1/health']);

/** At most `limit` attempts per address per window (in memory; one process serves one deployment). */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}
  take(key: string, now = Date.now()): boolean {
    const list = (this.hits.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (list.length >= this.limit) {
      this.hits.set(key, list);
      return false;
    }
    list.push(now);
    this.hits.set(key, list);
    if (this.hits.size > 10_000) this.hits.clear();
    return true;
  }
}

export interface AuthOptions {
  db: Db;
  clock: Clock;
  secureCookies: boolean;
}

export async function registerAuth(app: FastifyInstance, opts: AuthOptions) {
  await app.register(cookie);
  app.decorateRequest('user', null);
  app.decorateRequest('sessionToken', null);

  app.addHook('onRequest', async (req) => {
    const base = { db: opts.db, clock: opts.clock, origin: req.ip };
    req.ctx = { ...base, actor: { kind: 'system', label: 'anonymous' } };
    if (!req.url.startsWith('/api/')) return;
    const path = req.url.split('?')[0]!;
    if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS') {
      // CSRF: browsers cannot send a custom header cross-site without a CORS preflight (which we never allow),
      // and a foreign Origin is refused outright
      const origin = req.headers.origin;
      if (req.headers[CSRF_HEADER] !== CSRF_VALUE) throw new AppError('CSRF_REJECTED');
      if (origin && new URL(origin).host !== req.headers.host) throw new AppError('CSRF_REJECTED');
    }
    if (PUBLIC.has(path) || path.startsWith('/api/docs')) return;
    const token = req.cookies[SESSION_COOKIE];
    const session = token ? await sessionOf(opts.db, opts.clock, token) : null;
    if (!session) throw new AppError('UNAUTHENTICATED');
    req.user = session.user;
    req.sessionToken = token ?? null;
    const actor = session.actor;
    req.ctx = {
      ...base,
      actor,
      db: withAuditSession(opts.db, { actorId: session.user.id, label: session.user.username, ip: req.ip }),
    };
    const allowedWhileChanging = ['/api/v1/auth/me', '/api/v1/auth/password', '/api/v1/auth/logout'];
    if (session.user.mustChangePassword && !allowedWhileChanging.includes(path))
      throw new AppError('PASSWORD_CHANGE_REQUIRED');
  });

  app.addHook('onSend', async (req, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cross-origin-opener-policy', 'same-origin');
    reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=()');
    if (!reply.getHeader('content-security-policy')) {
      const docs = req.url.startsWith('/api/docs');
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
    if (req.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
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
