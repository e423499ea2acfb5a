/**
 * Default deny, decided once: every registered route declares its access; every non-public route refuses an
 * anonymous request and a state-changing request without the CSRF header — through every spelling of its path
 * that a router or a proxy might read differently (encoded, doubled slashes, dot segments, mixed case, the
 * absolute form of the request target), sent as raw bytes over a real socket.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { describeDb, TODAY } from '../helpers/db.js';
import { idNumber, member, smallCounty } from '../helpers/factory.js';
import { buildServer, type RegisteredRoute } from '../../src/server/app.js';
import { fixedClock } from '../../src/services/context.js';
import { signIn } from '../helpers/http.js';

const INDEX_HTML =
  '<!doctype html><html><head><title>基层</title></head><body><div id="root"></div></body></html>';

/** One HTTP/1.1 request written byte for byte (the request target is not normalised by any client library). */
export function rawRequest(
  port: number,
  method: string,
  target: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const payload = body === undefined ? undefined : Buffer.from(body, 'utf8');
    const lines = [
      `${method} ${target} HTTP/1.1`,
      `Host: 127.0.0.1:${port}`,
      'Connection: close',
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
      ...(payload ? ['Content-Type: application/json', `Content-Length: ${payload.length}`] : []),
      '',
      '',
    ];
    sock.on('data', (c: Buffer) => chunks.push(c));
    sock.on('error', reject);
    sock.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      resolve({ status, body: text.slice(text.indexOf('\r\n\r\n') + 4) });
    });
    sock.write(lines.join('\r\n'));
    if (payload) sock.write(payload);
  });
}

/** A concrete path for a route pattern (parameters filled with values that exist in the test county). */
export function concretePath(url: string, memberId: number): string {
  return url
    .replace(':code', 'C')
    .replace(':recordId', '1')
    .replace(':meetingId', '1')
    .replace(':groupId', '1')
    .replace(':talkId', '1')
    .replace(':caseId', '1')
    .replace(':drawId', '1')
    .replace(':itemId', '1')
    .replace(':measureId', '1')
    .replace(':observationId', '1')
    .replace(':year', '2026')
    .replace(':transferId', '1')
    .replace(':decisionId', '1')
    .replace(
      ':id',
      url.startsWith('/api/v1/imports') ? '00000000-0000-4000-8000-000000000000' : String(memberId),
    )
    .replace(':kind', 'members')
    .replace(':file', 'members.xlsx');
}

/** The spellings of one path that must all be refused alike. */
export function spellings(path: string, port: number): string[] {
  const rest = path.slice('/api'.length); // '/v1/...'
  return [
    path,
    `/%61pi${rest}`,
    `/%61%70%69${rest}`,
    `/a%70i${rest}`,
    `/API${rest}`,
    `/Api${rest.replace('/v1/', '/V1/')}`,
    `//api${rest}`,
    `/api/${rest}`,
    `/api${rest.replace(/\//g, '//')}`,
    `/api/v1/../v1${rest.slice(3)}`,
    `/x/../api${rest}`,
    `/api/./v1${rest.slice(3)}`,
    `/%2e%2e/api${rest}`,
    `/api%2fv1${rest.slice(3)}`,
    `${path}/`,
    `${path}?`,
    `${path}#x`,
    `${path};x=1`,
    `http://127.0.0.1:${port}${path}`,
    `http://evil.example${path}`,
    `HTTP://127.0.0.1:${port}${path}`,
  ];
}

describeDb('route security', (h) => {
  let app: FastifyInstance;
  let port = 0;
  let webDir = '';
  let secretId = '';
  let memberId = 0;

  beforeAll(async () => {
    webDir = mkdtempSync(join(tmpdir(), 'jiceng-web-'));
    writeFileSync(join(webDir, 'index.html'), INDEX_HTML);
    mkdirSync(join(webDir, 'assets'));
    writeFileSync(join(webDir, 'assets', 'app-abc123.js'), 'console.log(1)');
    app = await buildServer({ db: h.db, clock: fixedClock(TODAY), logLevel: 'silent', webDir });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address();
    port = typeof addr === 'object' && addr ? addr.port : 0;
  });
  afterAll(async () => {
    await app.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  const seed = async () => {
    await smallCounty(h.ctx());
    secretId = idNumber('1968-03-04', 'female');
    const m = await member(h.ctx(), 'V21', '秘密甲', {
      idNumber: secretId,
      phone: '13900001111',
      address: '丙村三组8号',
    });

    memberId = m.id;
  };
  const leaks = (body: string) =>
    body.includes('秘密甲') ||
    body.includes(secretId) ||
    body.includes('13900001111') ||
    body.includes('丙村三组');

  const nonPublic = (): RegisteredRoute[] => app.registeredRoutes.filter((r) => !r.access?.public);

  it('every route declares its access; only sign-in, health, the API docs and the web files are public', () => {
    const routes = app.registeredRoutes;
    expect(routes.length).toBeGreaterThan(30);
    for (const r of routes) expect(r.access, `${r.method} ${r.url} declares no access`).toBeDefined();
    const publicApi = routes
      .filter((r) => r.access?.public && r.url.startsWith('/api/'))
      .map((r) => r.url)
      .filter((u) => !u.startsWith('/api/docs'));
    expect([...new Set(publicApi)].sort()).toEqual(['/api/v1/auth/login', '/api/v1/health']);
    // every data route is behind a session, and names the action it needs
    const data = nonPublic();
    expect(data.length).toBeGreaterThan(25);
    for (const r of data) expect(r.url.startsWith('/api/v1/'), r.url).toBe(true);
  });

  it('refuses an anonymous request on every non-public route, however its path is spelled', async () => {
    await seed();
    let checked = 0;
    for (const r of nonPublic()) {
      const path = concretePath(r.url, memberId);
      const body = r.method === 'GET' || r.method === 'HEAD' ? undefined : '{"field":"idNumber"}';
      for (const target of spellings(path, port)) {
        const res = await rawRequest(port, r.method, target, { 'x-requested-with': 'jiceng' }, body);
        const what = `${r.method} ${target} → ${res.status} ${res.body.slice(0, 100)}`;
        expect(leaks(res.body), what).toBe(false);
        if (res.status === 200) {
          // only the web app's page shell, for a GET that no API route matched
          expect(r.method, what).toMatch(/^(GET|HEAD)$/);
          if (r.method === 'GET') expect(res.body, what).toContain('<div id="root">');
        } else {
          expect([400, 401, 403, 404], what).toContain(res.status);
        }
        checked++;
      }
      // the canonical spelling is refused for want of a session, never run
      const direct = await rawRequest(port, r.method, path, { 'x-requested-with': 'jiceng' }, body);
      expect(direct.status, `${r.method} ${path}`).toBe(401);
    }
    expect(checked).toBeGreaterThan(500);
  });

  it('refuses a state-changing request without the CSRF header, or from a foreign or opaque origin', async () => {
    await seed();
    const admin = await signIn(app, h.ctx(), 'county_admin', 'C');
    const cookie = admin.cookie;
    const writes = nonPublic().filter((r) => !['GET', 'HEAD', 'OPTIONS'].includes(r.method));
    expect(writes.length).toBeGreaterThan(15);
    for (const r of writes) {
      const path = concretePath(r.url, memberId);
      const variants: Record<string, string>[] = [
        { cookie },
        { cookie, 'x-requested-with': 'XMLHttpRequest' },
        { cookie, 'x-requested-with': 'jiceng', origin: 'null' },
        { cookie, 'x-requested-with': 'jiceng', origin: 'http://evil.example' },
        { cookie, 'x-requested-with': 'jiceng', origin: 'not a url' },
      ];
      for (const headers of variants) {
        for (const target of [path, `/%61pi${path.slice(4)}`, `http://127.0.0.1:${port}${path}`]) {
          const res = await rawRequest(port, r.method, target, headers, '{"field":"idNumber"}');
          const what = `${r.method} ${target} ${JSON.stringify(headers.origin ?? null)} → ${res.status}`;
          expect(leaks(res.body), what).toBe(false);
          // refused as cross-site before anything runs (an unmatched spelling is a plain 404)
          expect([403, 404], what).toContain(res.status);
          if (target === path) expect(res.body, what).toContain('CSRF_REJECTED');
        }
      }
    }
    // the sign-in itself needs the header too
    const login = await rawRequest(port, 'POST', '/api/v1/auth/login', {}, '{"username":"a","password":"b"}');
    expect(login.status).toBe(403);
  });

  it('refuses a route that declares no access, even to a signed-in administrator', async () => {
    const app2 = await buildServer({ db: h.db, clock: fixedClock(TODAY), logLevel: 'silent' });
    app2.get('/api/v1/undeclared', async () => ({ secret: 'should never be sent' }));
    await smallCounty(h.ctx());
    const admin = await signIn(app2, h.ctx(), 'county_admin', 'C');
    const res = await admin.get('/api/v1/undeclared');
    expect(res.statusCode).toBe(403);
    expect(res.body).not.toContain('should never be sent');
    const anon = await app2.inject({ method: 'GET', url: '/api/v1/undeclared' });
    expect(anon.statusCode).toBe(403);
    expect(app2.registeredRoutes.find((r) => r.url === '/api/v1/undeclared')?.access).toBeUndefined();
    await app2.close();
  });

  it('never runs a request as the system actor', async () => {
    await seed();
    const before = await h.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE actor_label LIKE 'system:%'`,
    );
    // what the attacker did: reveal, full export and account creation through an encoded path, and sign-ins
    await rawRequest(
      port,
      'POST',
      `/%61pi/v1/members/${memberId}/reveal`,
      { 'x-requested-with': 'jiceng' },
      '{"field":"idNumber"}',
    );
    await rawRequest(port, 'GET', '/%61pi/v1/orgs/C/members.xlsx?full=true');
    await rawRequest(
      port,
      'POST',
      '/%61pi/v1/users',
      { 'x-requested-with': 'jiceng' },
      '{"username":"evil","displayName":"x","role":"county_admin","password":"Passw0rd-evil"}',
    );
    await rawRequest(
      port,
      'POST',
      '/api/v1/auth/login',
      { 'x-requested-with': 'jiceng' },
      '{"username":"nobody","password":"x1234567890"}',
    );
    const after = await h.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE actor_label LIKE 'system:%'`,
    );
    expect(after[0]!.n).toBe(before[0]!.n);
    const evil = await h.db.query(`SELECT 1 FROM app_user WHERE username = 'evil'`);
    expect(evil).toHaveLength(0);
  });

  it('serves the web app shell and its files to anyone, with no data and the right cache rules', async () => {
    const page = await rawRequest(port, 'GET', '/orgs/C');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="root">');
    const asset = await app.inject({ method: 'GET', url: '/assets/app-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).not.toBe('no-store');
    const shell = await app.inject({ method: 'GET', url: '/orgs/C' });
    expect(shell.headers['cache-control']).toBe('no-store');
    const api = await app.inject({ method: 'GET', url: '/%61pi/v1/orgs/root' });
    expect(api.headers['cache-control']).toBe('no-store');
    expect(api.body).not.toContain('中共测试县委员会');
  });
});
