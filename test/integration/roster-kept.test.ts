/**
 * The roster list with the session and the org kept by the server process (decision 0055): a repeated page is one
 * read whose statement checks both, and whatever changes either — a sign-out here or in another process, a
 * revoked or disabled account, a changed binding, an org re-coded or moved — takes effect at the next request.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { describeDb, TODAY } from '../helpers/db.js';
import { member, smallCounty } from '../helpers/factory.js';
import { buildServer } from '../../src/server/app.js';
import { needs } from '../../src/server/access.js';
import { fixedClock } from '../../src/services/context.js';
import type { Db } from '../../src/db/client.js';
import { signIn, type Client } from '../helpers/http.js';
import { addGrant, endGrant } from '../../src/services/accounts.js';

/** The database with every statement it is sent recorded (the statements of one request are what we count). */
function recording(db: Db): { db: Db; sent: string[] } {
  const sent: string[] = [];
  const wrapped: Db = new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === 'query')
        return (sql: string, params?: unknown[], opts?: { generic?: boolean }) => {
          sent.push(sql);
          return target.query(sql, params, opts);
        };
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
  return { db: wrapped, sent };
}

describeDb('roster list with the kept session and org', (h) => {
  let app: FastifyInstance;
  let other: FastifyInstance;
  let rec: { db: Db; sent: string[] };
  beforeAll(async () => {
    rec = recording(h.db);
    app = await buildServer({ db: rec.db, clock: fixedClock(TODAY), logLevel: 'silent' });
    // another server process on the same database
    other = await buildServer({ db: h.db, clock: fixedClock(TODAY), logLevel: 'silent' });
  });
  afterAll(async () => {
    await app.close();
    await other.close();
  });

  let county: Client;
  const setup = async () => {
    await smallCounty(h.ctx());
    for (const [org, name] of [
      ['V11', '张三'],
      ['V11', '李四'],
      ['V12', '王五'],
      ['V21', '赵六'],
      ['V22', '钱七'],
    ] as const)
      await member(h.ctx(), org, name);
    county = await signIn(app, h.ctx(), 'county_admin', 'C');
  };
  /** The same session's cookie on another server process. */
  const onOther =
    (c: Client) =>
    (url: string, method: 'GET' | 'POST' = 'GET') =>
      other.inject({ method, url, headers: { cookie: c.cookie, 'x-requested-with': 'jiceng' } });
  const names = (r: { json(): { items: { name: string }[] } }) =>
    r
      .json()
      .items.map((i) => i.name)
      .sort();

  it('answers a repeated page in one read that checks the session and the org, with the same page', async () => {
    await setup();
    const first = await county.get('/api/v1/orgs/T1/members?pageSize=50');
    expect(first.statusCode).toBe(200);
    rec.sent.length = 0;
    const again = await county.get('/api/v1/orgs/T1/members?pageSize=50');
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect(names(again)).toEqual(['张三', '李四', '王五'].sort());
    // PostgreSQL: the page, its total and both checks in one statement; PGlite: the total with the checks, the page's
    // ids, its rows (decision 0047) — and neither reads the session or the org on its own
    expect(rec.sent.length).toBe(h.engine === 'pglite' ? 3 : 1);
    expect(rec.sent[0]).toContain('user_session');
    expect(rec.sent.filter((s) => /FROM org o?\s*WHERE o?\.?code/i.test(s))).toEqual([]);
    // a filter and a search use the same read (a search on PGlite: its page's ids carry its count and the checks —
    // its matches are read for the page anyway — then its rows: two statements, session 21)
    rec.sent.length = 0;
    const search = await county.get(`/api/v1/orgs/T1/members?q=${encodeURIComponent('张')}`);
    expect(names(search)).toEqual(['张三']);
    expect(rec.sent.length).toBe(h.engine === 'pglite' ? 2 : 1);
    expect(rec.sent[0]).toContain('user_session');
    expect(rec.sent.filter((s) => /FROM org o?\s*WHERE o?\.?code/i.test(s))).toEqual([]);
  });

  it('never sends an answer read with a kept session that nothing confirmed, whatever its payload', async () => {
    // a route declaring the kept session whose handler confirms nothing and answers a string (no serialization)
    const probe = await buildServer({ db: h.db, clock: fixedClock(TODAY), logLevel: 'silent' });
    probe.get(
      '/api/v1/test-kept-probe',
      { config: needs('read', { sessionCheckedByRead: true }) },
      async (_req, reply) => reply.type('text/plain').send('secret-rows'),
    );
    try {
      await setup();
      const c = await signIn(probe, h.ctx(), 'county_admin', 'C');
      // the first request reads the session from the database: confirmed, answered
      const first = await c.get('/api/v1/test-kept-probe');
      expect([first.statusCode, first.body]).toEqual([200, 'secret-rows']);
      // the second decides with the kept session: nothing confirmed it, so nothing is sent
      const second = await c.get('/api/v1/test-kept-probe');
      expect(second.statusCode).toBe(500);
      expect(second.body).not.toContain('secret-rows');
    } finally {
      await probe.close();
    }
  });

  it('refuses a session at once when it is signed out here, in another process, or revoked', async () => {
    await setup();
    expect((await county.get('/api/v1/orgs/C/members')).statusCode).toBe(200);
    expect((await county.get('/api/v1/orgs/C/members')).statusCode).toBe(200);
    // signed out through another server process: this one kept the session
    expect((await onOther(county)('/api/v1/auth/logout', 'POST')).statusCode).toBe(200);
    const out = await county.get('/api/v1/orgs/C/members');
    expect(out.statusCode).toBe(401);
    expect(out.body).not.toContain('张三');

    // signed out here
    const a = await signIn(app, h.ctx(), 'county_admin', 'C');
    expect((await a.get('/api/v1/orgs/C/members')).statusCode).toBe(200);
    expect((await a.post('/api/v1/auth/logout')).statusCode).toBe(200);
    expect((await a.get('/api/v1/orgs/C/members')).statusCode).toBe(401);

    // the account disabled by an administrator (on another process), and a session deleted by any writer
    const b = await signIn(app, h.ctx(), 'county_admin', 'C');
    const c = await signIn(app, h.ctx(), 'county_admin', 'C');
    for (const x of [b, c]) expect((await x.get('/api/v1/orgs/T2/members')).statusCode).toBe(200);
    const [bu] = await h.db.query<{ id: number }>('SELECT id FROM app_user WHERE username = $1', [
      b.username,
    ]);
    await h.db.query('UPDATE app_user SET disabled = true WHERE id = $1', [bu!.id]);
    expect((await b.get('/api/v1/orgs/T2/members')).statusCode).toBe(401);
    await h.db.query(
      'DELETE FROM user_session WHERE user_id = (SELECT id FROM app_user WHERE username = $1)',
      [c.username],
    );
    const gone = await c.get('/api/v1/orgs/T2/members?q=zl');
    expect(gone.statusCode).toBe(401);
    expect(gone.body).not.toContain('赵六');
  });

  it('refuses an org at once when the grant that opened it is ended (session 20: PGlite’s total and checks planned once)', async () => {
    await setup();
    const far = await signIn(app, h.ctx(), 'viewer', 'T2');
    const [u] = await h.db.query<{ id: number }>('SELECT id FROM app_user WHERE username = $1', [
      far.username,
    ]);
    const g = await addGrant(h.ctx(), u!.id, { orgCode: 'V11', actions: ['read'] });
    // (the grant is read with the session: its digest changed, so the next request reads it again)
    const reader = far;
    for (let i = 0; i < 3; i++)
      expect(names(await reader.get('/api/v1/orgs/V11/members'))).toEqual(['张三', '李四'].sort());
    // ended by an administrator (through the services, not this server process)
    await endGrant(h.ctx(), u!.id, g.id);
    const refused = await reader.get('/api/v1/orgs/V11/members');
    expect(refused.statusCode).toBe(404);
    expect(refused.body).not.toContain('张三');
    // its own binding still reads
    expect(names(await reader.get('/api/v1/orgs/V21/members'))).toEqual(['赵六']);
  });

  it('decides again when the account is bound elsewhere: an org it kept is then outside its scope', async () => {
    await setup();
    const t1 = await signIn(app, h.ctx(), 'township_officer', 'T1');
    expect(names(await t1.get('/api/v1/orgs/V11/members'))).toEqual(['张三', '李四'].sort());
    expect(names(await t1.get('/api/v1/orgs/V11/members'))).toEqual(['张三', '李四'].sort());
    // re-bound to T2 (the session stays; what it may read changes)
    await h.db.query(
      `UPDATE app_user SET org_id = (SELECT id FROM org WHERE code = 'T2') WHERE username = $1`,
      [t1.username],
    );
    const refused = await t1.get('/api/v1/orgs/V11/members');
    expect(refused.statusCode).toBe(404);
    expect(refused.json().error.code).toBe('ORG_NOT_FOUND');
    expect(refused.body).not.toContain('张三');
    expect(names(await t1.get('/api/v1/orgs/V21/members'))).toEqual(['赵六']);
  });

  it('refuses an org outside the scope although the process found it by code for someone else', async () => {
    await setup();
    // the county's administrator has the process find T2 and V21 by code
    expect(names(await county.get('/api/v1/orgs/T2/members'))).toEqual(['赵六', '钱七'].sort());
    expect(names(await county.get('/api/v1/orgs/V21/members'))).toEqual(['赵六']);
    const t1 = await signIn(app, h.ctx(), 'township_officer', 'T1');
    expect((await t1.get('/api/v1/orgs/V11/members')).statusCode).toBe(200);
    for (const url of [
      '/api/v1/orgs/T2/members',
      '/api/v1/orgs/V21/members',
      '/api/v1/orgs/T2/members?q=zl',
      '/api/v1/orgs/C/members',
    ]) {
      const r = await t1.get(url);
      expect({ url, status: r.statusCode }).toEqual({ url, status: 404 });
      expect(r.body).not.toContain('赵六');
    }
  });

  it('follows an org re-coded or moved since the process found it', async () => {
    await setup();
    const t1 = await signIn(app, h.ctx(), 'township_officer', 'T1');
    expect(names(await t1.get('/api/v1/orgs/V12/members'))).toEqual(['王五']);
    expect(names(await county.get('/api/v1/orgs/V12/members'))).toEqual(['王五']);
    expect(names(await county.get('/api/v1/orgs/V21/members'))).toEqual(['赵六']);
    // re-coded by another writer: the old code is no org now, then another org's
    await h.db.query(`UPDATE org SET code = 'V12X' WHERE code = 'V12'`);
    const old = await county.get('/api/v1/orgs/V12/members');
    expect(old.statusCode).toBe(404);
    expect(names(await county.get('/api/v1/orgs/V12X/members'))).toEqual(['王五']);
    await h.db.query(`UPDATE org SET code = 'V12' WHERE code = 'V21'`);
    expect(names(await county.get('/api/v1/orgs/V12/members'))).toEqual(['赵六']);
    await h.db.query(`UPDATE org SET code = 'V21' WHERE code = 'V12'`);
    await h.db.query(`UPDATE org SET code = 'V12' WHERE code = 'V12X'`);
    expect(names(await t1.get('/api/v1/orgs/V12/members'))).toEqual(['王五']);
    // moved out of the township's scope through another process: its administrator no longer reads it
    const move = await other.inject({
      method: 'POST',
      url: '/api/v1/orgs/V12/move',
      headers: { cookie: county.cookie, 'x-requested-with': 'jiceng' },
      payload: { parentCode: 'T2' },
    });
    expect(move.statusCode).toBe(200);
    const refused = await t1.get('/api/v1/orgs/V12/members');
    expect(refused.statusCode).toBe(404);
    expect(refused.body).not.toContain('王五');
    expect(names(await county.get('/api/v1/orgs/V12/members'))).toEqual(['王五']);
    expect(names(await county.get('/api/v1/orgs/T2/members'))).toEqual(['王五', '赵六', '钱七'].sort());
  });
});
