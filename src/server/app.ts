/** Fastify app factory: thin routes over the services, OpenAPI at /api/docs, the SPA at /. */
import { MAX_UPLOAD_BYTES } from '../shared/limits.js';
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance, type FastifySchema } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Db } from '../db/client.js';
import type { Clock } from '../services/context.js';
import { PUBLIC, registerPublic, type RouteAccess } from './access.js';
import { RateLimiter, registerAuth } from './auth.js';
import { registerCompression } from './compression.js';
import { authRoutes } from './routes/auth.js';
import { notFoundBody, registerErrorHandler } from './error-handler.js';
import { orgRoutes } from './routes/orgs.js';
import { memberRoutes } from './routes/members.js';
import { meetingRoutes } from './routes/meetings.js';
import { groupRoutes } from './routes/groups.js';
import { duesRoutes } from './routes/dues.js';
import { heartTalkRoutes } from './routes/heart-talks.js';
import { appraisalRoutes } from './routes/appraisals.js';
import { lifeRoutes } from './routes/life.js';
import { lifecycleRoutes } from './routes/lifecycle.js';
import { warningRoutes } from './routes/warnings.js';
import { recruitmentRoutes } from './routes/recruitment.js';
import { screeningRoutes } from './routes/screening.js';
import { assessmentRoutes } from './routes/assessment.js';
import { reviewRoutes } from './routes/reviews.js';
import { samplingRoutes } from './routes/sampling.js';
import { importRoutes } from './routes/imports.js';
import { divisionRoutes } from './routes/divisions.js';
import { settingsRoutes } from './routes/settings.js';
import { classificationRoutes } from './routes/classification.js';
import { SettingsCache } from '../services/settings.js';
import { SessionCache } from '../services/kept.js';
import { ImportJobs } from '../services/import-jobs.js';
import type { AuditAnchoring } from '../services/audit-anchor.js';

export interface RegisteredRoute {
  method: string;
  url: string;
  access: RouteAccess | undefined;
  /** the schema the route declares (its params, body and querystring validators): the security fuzz reads it */
  schema: FastifySchema | undefined;
  /**
   * What the route declares of its own that runs before or instead of its validators — route-level onRequest,
   * preParsing or preValidation hooks, `attachValidation`, its own validator compiler or schema error formatter:
   * the security fuzz leaves out query strings only for a route that declares none (its validators decide alone).
   */
  readonly ownBeforeValidation: readonly string[];
}

declare module 'fastify' {
  interface FastifyInstance {
    registeredRoutes: readonly RegisteredRoute[];
  }
}

export interface ServerDeps {
  db: Db;
  clock: Clock;
  /** folder of the built web app (index.html); omitted in API-only tests */
  webDir?: string | undefined;
  logLevel?: string;
  /** send the session cookie only over HTTPS (set when served behind TLS) */
  secureCookies?: boolean;
  /**
   * Reverse proxies whose X-Forwarded-For is believed (addresses or CIDR ranges); without it the client address
   * is the connection's, and behind a proxy every request would look like the proxy.
   */
  trustProxy?: string[];
  /** how far the roster counts a total the statistics cannot tell (Ctx.rosterCountCap; JICENG_ROSTER_COUNT_CAP) */
  rosterCountCap?: number | undefined;
  /** anchors the audit chain's head outside the database (decision 0003); touched after every request */
  auditAnchoring?: Pick<AuditAnchoring, 'touch'>;
}

export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: deps.logLevel ?? 'info',
      // no personal data in logs: the query string (names, ID-number tails) and cookies are never logged
      serializers: {
        req: (req) => ({ method: req.method, url: req.url.split('?')[0], remoteAddress: req.ip }),
        res: (res) => ({ statusCode: res.statusCode }),
      },
    },
    bodyLimit: 2 * 1024 * 1024,
    ...(deps.trustProxy?.length ? { trustProxy: deps.trustProxy } : {}),
  }).withTypeProvider<ZodTypeProvider>();
  // every route as registered (method, url, declared access): the security tests walk this list
  const routes: RegisteredRoute[] = [];
  app.decorate('registeredRoutes', routes);
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat())
      routes.push({
        method,
        url: r.url ?? r.path,
        // read when asked: a plugin's own onRoute hook (access.ts) may still add the declaration after this one
        get access() {
          return r.config?.access;
        },
        // the validators as the route declared them
        schema: r.schema,
        // read when asked, as the access declaration (a later onRoute hook may add one)
        get ownBeforeValidation() {
          const declared = (k: 'onRequest' | 'preParsing' | 'preValidation') =>
            [r[k] ?? []].flat().length > 0;
          return [
            ...(['onRequest', 'preParsing', 'preValidation'] as const).filter(declared),
            ...(r.attachValidation ? ['attachValidation'] : []),
            ...(r.validatorCompiler ? ['validatorCompiler'] : []),
            ...(r.schemaErrorFormatter ? ['schemaErrorFormatter'] : []),
          ];
        },
      });
  });
  // any request may have written audit entries (a change, a look at a full ID number, a failed sign-in); the
  // anchoring is debounced, so this costs one small query every few seconds at most
  if (deps.auditAnchoring) {
    const anchoring = deps.auditAnchoring;
    app.addHook('onResponse', async () => anchoring.touch());
  }
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Jiceng 基层党建 API',
        version: '1',
        description: '党组织、党员名册、统计、导入导出。错误统一为 { error: { code, message, details } }。',
      },
    },
    transform: jsonSchemaTransform,
  });
  await registerPublic(app, swaggerUi, { routePrefix: '/api/docs' }, { docs: true });
  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } });

  const settings = new SettingsCache(deps.db, deps.clock);
  // (the sessions and orgs by code this process keeps, each checked by the read that uses it: decision 0055)
  const sessions = new SessionCache();
  await registerAuth(app, {
    sessions,
    db: deps.db,
    clock: deps.clock,
    secureCookies: deps.secureCookies ?? false,
    settings,
    rosterCountCap: deps.rosterCountCap,
  });
  registerCompression(app);

  const jobs = new ImportJobs();
  await app.register(
    async (api) => {
      await api.register(orgRoutes);
      await api.register(memberRoutes);
      await api.register(meetingRoutes);
      await api.register(groupRoutes);
      await api.register(duesRoutes);
      await api.register(heartTalkRoutes);
      await api.register(appraisalRoutes);
      await api.register(lifeRoutes);
      await api.register(warningRoutes);
      await api.register(lifecycleRoutes);
      await api.register(recruitmentRoutes);
      await api.register(screeningRoutes);
      await api.register(assessmentRoutes);
      await api.register(reviewRoutes);
      await api.register(samplingRoutes);
      await api.register(importRoutes(jobs));
      await api.register(divisionRoutes(jobs));
      await api.register(settingsRoutes(settings));
      await api.register(classificationRoutes);
      await api.register(
        authRoutes({
          sessions,
          secureCookies: deps.secureCookies ?? false,
          loginLimiter: new RateLimiter(20, 10 * 60_000),
        }),
      );
      api.get('/health', { schema: { hide: true }, config: PUBLIC }, async () => ({
        ok: true,
        db: deps.db.kind,
      }));
    },
    { prefix: '/api/v1' },
  );

  const web = deps.webDir && existsSync(join(deps.webDir, 'index.html')) ? deps.webDir : null;
  if (web) {
    // the build writes a .br and a .gz next to each file (vite.config.ts); hashed files (assets/) never change
    const files = {
      wildcard: false,
      preCompressed: true,
      cacheControl: false,
      globIgnore: ['**/*.br', '**/*.gz'],
    };
    await registerPublic(
      app,
      fastifyStatic,
      { ...files, root: web, prefix: '/', globIgnore: [...files.globIgnore, 'assets/**'] },
      { asset: 'unhashed' },
    );
    if (existsSync(join(web, 'assets')))
      await registerPublic(
        app,
        fastifyStatic,
        { ...files, root: join(web, 'assets'), prefix: '/assets/', decorateReply: false },
        { asset: 'hashed' },
      );
  }
  // the SPA answers every other GET outside /api (client-side routes), except /login, a static page of its own
  // (login.html, decision 0017); everything else is a JSON 404
  const signInPage = web && existsSync(join(web, 'login.html')) ? join(web, 'login.html') : null;
  app.setNotFoundHandler((req, reply) => {
    if (web && req.method === 'GET' && !req.url.startsWith('/api/')) {
      const path = req.url.split('?')[0];
      const page = path === '/login' && signInPage ? signInPage : join(web, 'index.html');
      return reply.type('text/html').send(createReadStream(page));
    }
    return reply.status(404).send(notFoundBody(req.method, req.url));
  });
  return app;
}
