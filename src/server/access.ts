/**
 * What every route declares about who may call it. The request hook (auth.ts) reads the declaration of the route
 * the router matched — never the URL text — and refuses a route that declares nothing. Routes say either that
 * they are public (sign-in, health, the web app's files, the API docs) or which policy action they need
 * (src/domain/access/policy.ts); the use case then decides scope.
 */
import type {
  FastifyInstance,
  FastifyPluginAsync,
  FastifyPluginCallback,
  FastifyPluginOptions,
} from 'fastify';
import type { Action } from '../domain/access/policy.js';

export type RouteAccess =
  | {
      public: true;
      /**
       * a file of the web app: `hashed` (its name changes with its content, so caches keep it for a year) or
       * `unhashed` (index.html, the icon: caches must ask again each time)
       */
      asset?: 'hashed' | 'unhashed';
      /** the API documentation page (its UI needs inline scripts) */
      docs?: boolean;
    }
  | {
      public?: false;
      action: Action;
      /** reachable while the account must first change its password */
      duringPasswordChange?: boolean;
      /**
       * the route's read checks the session in its own statement (decision 0055): the request may be decided with
       * the session this process kept, which the read confirms (or the request is decided again)
       */
      sessionCheckedByRead?: boolean;
    };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}

/** Route config of a public route. */
export const PUBLIC = { access: { public: true } } as const satisfies { access: RouteAccess };

/** Route config of a route that needs a signed-in account allowed to perform `action`. */
export function needs(
  action: Action,
  opts: { duringPasswordChange?: boolean; sessionCheckedByRead?: boolean } = {},
): { access: RouteAccess } {
  return { access: { action, ...opts } };
}

/**
 * Registers a third-party plugin (static files, API docs UI) whose routes are all public: the declaration is
 * added to each of its routes as it is registered, so they pass the same hook as ours.
 */
export async function registerPublic(
  app: FastifyInstance,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any third-party plugin with its own options
  plugin: FastifyPluginAsync<any> | FastifyPluginCallback<any>,
  opts: FastifyPluginOptions,
  flags: { asset?: 'hashed' | 'unhashed'; docs?: boolean } = {},
) {
  await app.register(async (scope) => {
    scope.addHook('onRoute', (route) => {
      route.config = { ...(route.config ?? {}), access: { public: true, ...flags } } as typeof route.config;
    });
    await scope.register(plugin, opts);
  });
}
