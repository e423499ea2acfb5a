/** Signing in through the real login endpoint, and requests carrying the session cookie and CSRF header. */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { createUser } from '../../src/services/accounts.js';
import type { Ctx } from '../../src/services/context.js';
import type { Role } from '../../src/domain/access/policy.js';

export interface Client {
  username: string;
  /** the Cookie header value of this session */
  cookie: string;
  req(opts: InjectOptions): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, payload?: unknown): Promise<LightMyRequestResponse>;
}

let n = 0;

export async function signIn(
  app: FastifyInstance,
  ctx: Ctx,
  role: Role,
  orgCode: string | null,
  extra: { memberId?: number } = {},
): Promise<Client> {
  const username = `u${++n}_${role}`;
  const password = 'Passw0rd-test';
  await createUser(ctx, { username, displayName: username, role, orgCode, password, ...extra });
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    headers: { 'x-requested-with': 'jiceng' },
    payload: { username, password },
  });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'jiceng_session')!;
  const req = (o: InjectOptions): Promise<LightMyRequestResponse> =>
    app.inject({
      ...o,
      headers: {
        ...(o.headers ?? {}),
        cookie: `jiceng_session=${cookie.value}`,
        'x-requested-with': 'jiceng',
      },
    });
  return {
    username,
    cookie: `jiceng_session=${cookie.value}`,
    req,
    get: (url) => req({ method: 'GET', url }),
    post: (url, payload) =>
      req({ method: 'POST', url, ...(payload === undefined ? {} : { payload: payload as object }) }),
    patch: (url, payload) => req({ method: 'PATCH', url, payload: payload as object }),
  };
}
