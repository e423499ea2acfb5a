import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { describeDb } from '../helpers/db.js';
import { member, smallCounty } from '../helpers/factory.js';
import { buildServer } from '../../src/server/app.js';
import { fixedClock } from '../../src/services/context.js';
import { TODAY } from '../helpers/db.js';
import { signIn, type Client } from '../helpers/http.js';

describeDb('HTTP API', (h) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildServer({ db: h.db, clock: fixedClock(TODAY), logLevel: 'silent' });
  });
  afterAll(async () => {
    await app.close();
  });

  let api: Client;
  const setup = async () => {
    await smallCounty(h.ctx());
    api = await signIn(app, h.ctx(), 'county_admin', 'C');
  };

  it('serves the tree, an org, its roster and statistics', async () => {
    await setup();
    await member(h.ctx(), 'V11', '张三丰', { phone: '13812345678' });
    const root = await api.get('/api/v1/orgs/root');
    expect(root.statusCode).toBe(200);
    expect(root.json()).toMatchObject({ code: 'C', memberCount: 1, childCount: 2 });
    const kids = await api.get('/api/v1/orgs/T1/children');
    expect(kids.json().map((k: { code: string }) => k.code)).toEqual(['V11', 'V12']);
    const list = await api.get('/api/v1/orgs/C/members?q=zsf');
    expect(list.statusCode).toBe(200);
    const page = list.json();
    expect(page.total).toBe(1);
    expect(page.items[0].phoneMasked).toBe('138****5678');
    expect(JSON.stringify(page)).not.toContain('13812345678');
    const stats = await api.get('/api/v1/orgs/C/stats');
    expect(stats.json()).toMatchObject({
      org: 'C',
      asOf: TODAY,
      members: { total: 1, full: 1, probationary: 0 },
    });
    const docs = await api.get('/api/docs/json');
    expect(Object.keys(docs.json().paths)).toContain('/api/v1/orgs/{code}/members');
  });

  it('maps errors to stable codes and Chinese messages', async () => {
    await setup();
    const missing = await api.get('/api/v1/orgs/NOPE');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('ORG_NOT_FOUND');
    const bad = await api.req({
      method: 'POST',
      url: '/api/v1/members',
      payload: {
        orgCode: 'V11',
        name: '坏数据',
        idNumber: '420525197005200011',
        ethnicity: '01',
        status: 'full',
        joinedOn: '2005-07-01',
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(bad.json().error.message).toContain('校验位');
    const badDate = await api.get('/api/v1/orgs/C/stats?asOf=2026-13-01');
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().error.code).toBe('VALIDATION_FAILED');
    const cycle = await api.req({
      method: 'POST',
      url: '/api/v1/orgs/T1/move',
      payload: { parentCode: 'V11' },
    });
    expect(cycle.statusCode).toBe(409);
    expect(cycle.json().error.code).toBe('ORG_CYCLE');
  });

  it('requires a session, refuses cross-site writes and sends security headers', async () => {
    await setup();
    const anon = await app.inject({ method: 'GET', url: '/api/v1/orgs/root' });
    expect(anon.statusCode).toBe(401);
    expect(anon.json().error).toEqual({ code: 'UNAUTHENTICATED', message: '请先登录' });
    const noHeader = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'x', password: 'y' },
    });
    expect(noHeader.statusCode).toBe(403);
    expect(noHeader.json().error.code).toBe('CSRF_REJECTED');
    const foreign = await api.req({
      method: 'POST',
      url: '/api/v1/orgs/T1/elections',
      headers: { origin: 'https://evil.example' },
      payload: { electedOn: '2024-01-01' },
    });
    expect(foreign.statusCode).toBe(403);
    const ok = await api.get('/api/v1/orgs/root');
    expect(ok.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(ok.headers['x-frame-options']).toBe('DENY');
    expect(ok.headers['x-content-type-options']).toBe('nosniff');
    expect(ok.headers['referrer-policy']).toBe('no-referrer');
  });

  it('edits a member with optimistic concurrency and reveals sensitive fields on request', async () => {
    await setup();
    const m = await member(h.ctx(), 'V11', '李四', { phone: '13900001111' });
    const ok = await api.req({
      method: 'PATCH',
      url: `/api/v1/members/${m.id}`,
      payload: { name: '李思', rowVersion: m.rowVersion },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().name).toBe('李思');
    const stale = await api.req({
      method: 'PATCH',
      url: `/api/v1/members/${m.id}`,
      payload: { name: '李斯', rowVersion: m.rowVersion },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('STALE_VERSION');
    const reveal = await api.req({
      method: 'POST',
      url: `/api/v1/members/${m.id}/reveal`,
      payload: { field: 'phone' },
    });
    expect(reveal.json()).toEqual({ value: '13900001111' });
  });

  it('exports the roster as a real xlsx', async () => {
    await setup();
    await member(h.ctx(), 'V11', '王五');
    const res = await api.get('/api/v1/orgs/C/members.xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const missing = await api.get('/api/v1/orgs/NOPE/members.xlsx');
    expect(missing.statusCode).toBe(404);
  });
});
