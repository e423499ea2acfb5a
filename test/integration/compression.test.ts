/**
 * Fast over a county network (issue 10): text answers are compressed as the client's Accept-Encoding allows (brotli
 * before gzip), the web app's files are sent precompressed from the build, hashed files are cached for a year,
 * index.html is revalidated, the API is never stored, and an .xlsx download (a zip already) is sent as it is.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import zlib from 'node:zlib';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { describeDb, TODAY } from '../helpers/db.js';
import { member, smallCounty } from '../helpers/factory.js';
import { buildServer } from '../../src/server/app.js';
import { negotiateEncoding } from '../../src/server/compression.js';
import { fixedClock } from '../../src/services/context.js';
import { signIn, type Client } from '../helpers/http.js';

// big enough to be worth compressing (the server leaves bodies under 1 KB alone)
const INDEX_HTML = `<!doctype html><html><head><title>基层</title><!-- ${'页面'.repeat(400)} --></head><body><div id="root"></div></body></html>`;
const LOGIN_HTML = `<!doctype html><html lang="zh-CN"><body><form name="login">${'登录'.repeat(400)}</form></body></html>`;
const ASSET = `export const rows = [${Array.from({ length: 300 }, (_, i) => `{ id: ${i}, name: "row ${i}" }`).join(', ')}];\n`;
const HASHED = '/assets/app-3f9a1c2b.js';

const decode = (res: LightMyRequestResponse): string => {
  const enc = res.headers['content-encoding'];
  if (enc === 'br') return zlib.brotliDecompressSync(res.rawPayload).toString('utf8');
  if (enc === 'gzip') return zlib.gunzipSync(res.rawPayload).toString('utf8');
  return res.rawPayload.toString('utf8');
};

it('negotiates brotli before gzip, honouring q-values and *', () => {
  expect(negotiateEncoding('gzip, deflate, br, zstd')).toBe('br');
  expect(negotiateEncoding('gzip')).toBe('gzip');
  expect(negotiateEncoding('br;q=0, gzip;q=0.5')).toBe('gzip');
  expect(negotiateEncoding('*')).toBe('br');
  expect(negotiateEncoding('*;q=0, gzip')).toBe('gzip');
  expect(negotiateEncoding('identity')).toBeNull();
  expect(negotiateEncoding('gzip;q=0')).toBeNull();
  expect(negotiateEncoding(undefined)).toBeNull();
});

describeDb('compression and caching', (h) => {
  let app: FastifyInstance;
  let webDir = '';
  let api: Client;

  beforeAll(async () => {
    webDir = mkdtempSync(join(tmpdir(), 'jiceng-web-'));
    mkdirSync(join(webDir, 'assets'));
    // as the build writes them (vite.config.ts): each file with a .br and a .gz next to it
    const files: [string, string][] = [
      ['index.html', INDEX_HTML],
      ['login.html', LOGIN_HTML],
      [HASHED.slice(1), ASSET],
    ];
    for (const [name, body] of files) {
      writeFileSync(join(webDir, name), body);
      writeFileSync(join(webDir, `${name}.br`), zlib.brotliCompressSync(body));
      writeFileSync(join(webDir, `${name}.gz`), zlib.gzipSync(body));
    }
    app = await buildServer({ db: h.db, clock: fixedClock(TODAY), logLevel: 'silent', webDir });
  });
  afterAll(async () => {
    await app.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  const setup = async () => {
    await smallCounty(h.ctx());
    for (let i = 0; i < 12; i++) await member(h.ctx(), 'V11', `成员${i}`);
    api = await signIn(app, h.ctx(), 'county_admin', 'C');
  };
  const get = (url: string, acceptEncoding?: string) =>
    api.req({ method: 'GET', url, headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} });

  it('compresses API JSON with brotli or gzip as accepted, keeping no-store and the security headers', async () => {
    await setup();
    const url = '/api/v1/orgs/C/members?pageSize=50';
    const plain = await get(url);
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload.length).toBeGreaterThan(1024);
    expect(plain.json().total).toBe(12);

    const br = await get(url, 'gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
    expect(Number(br.headers['content-length'])).toBe(br.rawPayload.length);
    expect(JSON.parse(decode(br))).toEqual(plain.json());

    const gz = await get(url, 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(decode(gz))).toEqual(plain.json());

    for (const res of [plain, br, gz]) {
      expect(res.headers['vary']).toMatch(/accept-encoding/i);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['content-type']).toMatch(/^application\/json/);
    }
    // error answers are JSON too, and as small as they are they go out as they are
    const missing = await get('/api/v1/orgs/NOPE', 'br');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-encoding']).toBeUndefined();
    expect(missing.headers['cache-control']).toBe('no-store');
  });

  it('leaves tiny bodies and clients that accept no encoding alone', async () => {
    await setup();
    const health = await get('/api/v1/health', 'br, gzip');
    expect(health.headers['content-encoding']).toBeUndefined();
    expect(health.json()).toMatchObject({ ok: true });
    const identity = await get('/api/v1/orgs/C/members?pageSize=50', 'identity');
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.json().total).toBe(12);
  });

  it('sends an .xlsx download as it is, never compressed again', async () => {
    await setup();
    const res = await get('/api/v1/orgs/C/members.xlsx', 'br, gzip');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.rawPayload.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('sends hashed files precompressed and immutable for a year', async () => {
    const br = await app.inject({ method: 'GET', url: HASHED, headers: { 'accept-encoding': 'gzip, br' } });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.rawPayload.equals(zlib.brotliCompressSync(ASSET))).toBe(true);
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers['vary']).toMatch(/accept-encoding/i);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers['x-content-type-options']).toBe('nosniff');

    const gz = await app.inject({ method: 'GET', url: HASHED, headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(decode(gz)).toBe(ASSET);
    expect(gz.headers['cache-control']).toBe('public, max-age=31536000, immutable');

    const plain = await app.inject({ method: 'GET', url: HASHED });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(ASSET);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');

    // a file that is not there is not cached
    const missing = await app.inject({ method: 'GET', url: '/assets/nope-12345678.js' });
    expect(missing.headers['cache-control']).toBe('no-store');
  });

  it('sends index.html precompressed and revalidated each time; the app page of a client route is compressed too', async () => {
    const index = await app.inject({ method: 'GET', url: '/', headers: { 'accept-encoding': 'br' } });
    expect(index.statusCode).toBe(200);
    expect(index.headers['content-encoding']).toBe('br');
    expect(decode(index)).toBe(INDEX_HTML);
    expect(index.headers['cache-control']).toBe('no-cache');
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");

    const route = await app.inject({ method: 'GET', url: '/orgs/C', headers: { 'accept-encoding': 'gzip' } });
    expect(route.statusCode).toBe(200);
    expect(route.headers['content-encoding']).toBe('gzip');
    expect(decode(route)).toBe(INDEX_HTML);
    expect(route.headers['cache-control']).toBe('no-store');
  });

  it('answers /login with the static sign-in page (decision 0017), with or without ?next=, compressed', async () => {
    for (const url of ['/login', '/login?next=%2Forgs%2FC']) {
      const page = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'br' } });
      expect(page.statusCode, url).toBe(200);
      expect(page.headers['content-type'], url).toMatch(/^text\/html/);
      expect(decode(page), url).toBe(LOGIN_HTML);
      expect(page.headers['content-security-policy'], url).toContain("script-src 'self'");
    }
    // not a prefix match: other pages get the app
    const other = await app.inject({
      method: 'GET',
      url: '/login-help',
      headers: { 'accept-encoding': 'br' },
    });
    expect(decode(other)).toBe(INDEX_HTML);
  });
});
