/**
 * Org search and the audit list without an org over granted subtrees (decision 0010, issue 8 #3): an account finds
 * the orgs of its binding's subtree and of each subtree granted to it while the grant holds, and nothing outside
 * them; likewise the audit list without an org code covers every subtree where the account may read the audit log.
 * On PGlite and (with TEST_DATABASE_URL) PostgreSQL.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { describeDb, TODAY } from '../helpers/db.js';
import { member, org, smallCounty } from '../helpers/factory.js';
import { signIn, type Client } from '../helpers/http.js';
import { buildServer } from '../../src/server/app.js';
import { fixedClock } from '../../src/services/context.js';

describeDb('org search over granted subtrees', (h) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildServer({ db: h.db, clock: fixedClock(TODAY), logLevel: 'silent' });
  });
  afterAll(async () => {
    await app.close();
  });

  const userId = async (c: Client) =>
    (await h.db.query<{ id: number }>('SELECT id FROM app_user WHERE username = $1', [c.username]))[0]!.id;
  const codes = async (c: Client, query: string) => {
    const res = await c.get(`/api/v1/orgs?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as { total: number; items: { code: string }[] };
    expect(page.total).toBe(page.items.length);
    return page.items.map((o) => o.code).sort();
  };

  it('finds the binding’s subtree and each granted one, nothing outside them, only while the grant holds', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    // a general branch with a branch of its own: a granted subtree is searched to the bottom
    await org(ctx, 'V13', '丙村党总支', 'T1', { kind: 'general_branch' });
    await org(ctx, 'V131', '丙村第一党支部', 'V13');
    const m11 = await member(ctx, 'V11', '甲村党员');
    const admin = await signIn(app, ctx, 'county_admin', 'C');
    const viewer = await signIn(app, ctx, 'viewer', 'T2');
    const secretary = await signIn(app, ctx, 'branch_secretary', 'V21');
    const self = await signIn(app, ctx, 'member', 'V11', { memberId: m11.id });
    const grant = async (c: Client, orgCode: string, body: object = {}) => {
      const res = await admin.post(`/api/v1/users/${await userId(c)}/grants`, {
        orgCode,
        actions: ['read'],
        validFrom: TODAY,
        validTo: '2026-12-01',
        ...body,
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { id: number };
    };

    // before any grant: the binding alone
    expect(await codes(viewer, 'q=村')).toEqual(['V21']);
    expect(await codes(secretary, 'q=支部')).toEqual(['V21']);
    expect(await codes(self, 'q=村')).toEqual([]);

    const g = await grant(viewer, 'V13', { actions: ['write'] });
    await grant(secretary, 'T1');
    await grant(self, 'V13');

    // the T2 viewer: its own township's villages and the granted V13 with its branch; not V11, V12, T1 or the county
    expect(await codes(viewer, 'q=村')).toEqual(['V13', 'V131', 'V21']);
    expect(await codes(viewer, 'q=社区')).toEqual(['V22']);
    expect(await codes(viewer, 'q=V1')).toEqual(['V13', 'V131']);
    expect(await codes(viewer, 'q=中共')).toEqual(['T2']);
    expect(await codes(viewer, 'q=县委')).toEqual([]);
    // every org it may see, and no other, when nothing is typed
    expect(await codes(viewer, 'pageSize=100')).toEqual(['T2', 'V13', 'V131', 'V21', 'V22']);
    // under the granted org, and not under its parent or sibling
    expect(await codes(viewer, 'q=支&under=V13')).toEqual(['V13', 'V131']);
    expect((await viewer.get('/api/v1/orgs?q=村&under=T1')).statusCode).toBe(404);
    expect((await viewer.get('/api/v1/orgs?q=村&under=V11')).statusCode).toBe(404);

    // a branch secretary granted a whole township: the township and its subtree beside its own branch
    expect(await codes(secretary, 'pageSize=100')).toEqual(['T1', 'V11', 'V12', 'V13', 'V131', 'V21']);
    // a member account (its binding reaches no org) finds the granted subtree alone
    expect(await codes(self, 'pageSize=100')).toEqual(['V13', 'V131']);

    // paging over two subtrees: the total counts both, the pages split them in tree order
    const p1 = (await viewer.get('/api/v1/orgs?pageSize=2&page=1')).json() as {
      total: number;
      items: unknown[];
    };
    const p3 = (await viewer.get('/api/v1/orgs?pageSize=2&page=3')).json() as {
      total: number;
      items: unknown[];
    };
    expect([p1.total, p1.items.length, p3.items.length]).toEqual([5, 2, 1]);

    // the day the grant ends (valid_to is exclusive) and after it is ended: the binding alone again
    const later = await buildServer({ db: h.db, clock: fixedClock('2026-12-01'), logLevel: 'silent' });
    try {
      const res = await later.inject({
        method: 'GET',
        url: '/api/v1/orgs?pageSize=100',
        headers: { cookie: viewer.cookie, 'x-requested-with': 'jiceng' },
      });
      // the session may have lapsed on the later day; when it still answers, it answers without the grant
      if (res.statusCode === 200)
        expect((res.json() as { items: { code: string }[] }).items.map((o) => o.code).sort()).toEqual([
          'T2',
          'V21',
          'V22',
        ]);
      else expect(res.statusCode).toBe(401);
    } finally {
      await later.close();
    }
    const ended = await admin.post(`/api/v1/users/${await userId(viewer)}/grants/${g.id}/end`, {});
    expect(ended.statusCode, ended.body).toBe(200);
    expect(await codes(viewer, 'pageSize=100')).toEqual(['T2', 'V21', 'V22']);
    expect((await viewer.get('/api/v1/orgs?q=村&under=V13')).statusCode).toBe(404);
  });

  it('finds orgs by the initials or full pinyin of a part of the name, within the binding and grants (decision 0014)', async () => {
    const ctx = h.ctx();
    await org(ctx, 'C', '中共温泉县委员会', null, { sector: 'government' });
    await org(ctx, 'T1', '中共温泉镇委员会', 'C', { kind: 'township_committee' });
    await org(ctx, 'T2', '中共方家咀乡委员会', 'C', { kind: 'township_committee' });
    await org(ctx, 'V11', '温泉镇黄家村党支部', 'T1');
    await org(ctx, 'V12', '温泉镇吕家湾村党支部', 'T1');
    await org(ctx, 'V21', '方家咀乡曾家湾村党支部', 'T2');
    await org(ctx, 'V22', '方家咀乡长冲村党支部', 'T2');
    const admin = await signIn(app, ctx, 'county_admin', 'C');
    const viewer = await signIn(app, ctx, 'viewer', 'T2');

    // initials of any run of characters: hjc in 温泉镇黄家村党支部, wqz in the township and its villages
    expect(await codes(admin, 'q=hjc')).toEqual(['V11']);
    expect(await codes(admin, 'q=wqz')).toEqual(['T1', 'V11', 'V12']);
    expect(await codes(admin, 'q=WQZ')).toEqual(['T1', 'V11', 'V12']);
    // full pinyin from the start of a syllable, over syllables; not from inside one (huangjiacun holds angjia)
    expect(await codes(admin, 'q=huangjia')).toEqual(['V11']);
    expect(await codes(admin, 'q=huangjiac')).toEqual(['V11']);
    expect(await codes(admin, 'q=angjia')).toEqual([]);
    // ü typed as v: 吕 by lv, in the initials' run ljw too
    expect(await codes(admin, 'q=lv')).toEqual(['V12']);
    expect(await codes(admin, 'q=ljw')).toEqual(['V12']);
    // a polyphonic family name before 家 by either reading; 长冲 by its word reading
    expect(await codes(admin, 'q=zjw')).toEqual(['V21']);
    expect(await codes(admin, 'q=cjw')).toEqual(['V21']);
    expect(await codes(admin, 'q=changchong')).toEqual(['V22']);
    // names and codes as before
    expect(await codes(admin, 'q=黄家')).toEqual(['V11']);
    expect(await codes(admin, 'q=V2')).toEqual(['V21', 'V22']);
    expect(await codes(admin, 'q=hjc&under=T1')).toEqual(['V11']);
    expect(await codes(admin, 'q=hjc&under=T2')).toEqual([]);

    // a viewer of T2 finds nothing of T1 by pinyin either, until a grant opens V11 (and only V11)
    expect(await codes(viewer, 'q=hjc')).toEqual([]);
    expect(await codes(viewer, 'q=wqz')).toEqual([]);
    expect(await codes(viewer, 'q=fjz')).toEqual(['T2', 'V21', 'V22']);
    const res = await admin.post(`/api/v1/users/${await userId(viewer)}/grants`, {
      orgCode: 'V11',
      actions: ['read'],
      validFrom: TODAY,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await codes(viewer, 'q=hjc')).toEqual(['V11']);
    expect(await codes(viewer, 'q=wqz')).toEqual(['V11']);
    expect(await codes(viewer, 'q=huangjia')).toEqual(['V11']);
    expect((await viewer.get('/api/v1/orgs?q=wqz&under=T1')).statusCode).toBe(404);
  });

  it('lists the audit log of every subtree the account may browse when no org is named, nothing else', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    const admin = await signIn(app, ctx, 'county_admin', 'C');
    const officer = await signIn(app, ctx, 'township_officer', 'T2');
    const viewer = await signIn(app, ctx, 'viewer', 'T2');
    for (const code of ['V11', 'V12', 'V21'])
      expect((await admin.patch(`/api/v1/orgs/${code}`, { address: `${code}村委会` })).statusCode).toBe(200);
    const grant = async (c: Client, orgCode: string, actions: string[]) => {
      const res = await admin.post(`/api/v1/users/${await userId(c)}/grants`, { orgCode, actions });
      expect(res.statusCode, res.body).toBe(200);
    };
    const orgRows = async (c: Client, query = '') => {
      const res = await c.get(`/api/v1/audit?pageSize=200${query}`);
      if (res.statusCode !== 200) return res.statusCode;
      // the address changes made below, one per org (the address itself is masked)
      type Row = { code: string; address: string | null };
      const items = (res.json() as { items: { entity: string; before: Row | null; after: Row | null }[] })
        .items;
      return items
        .filter((a) => a.entity === 'org' && a.before?.address === null && a.after?.address)
        .map((a) => a.after!.code!)
        .sort();
    };

    // the officer browses its township's log; after an audit.read grant on V11 that village's too, not V12's
    expect(await orgRows(officer)).toEqual(['V21']);
    await grant(officer, 'V11', ['audit.read']);
    expect(await orgRows(officer)).toEqual(['V11', 'V21']);
    expect(await orgRows(officer, '&orgCode=V11')).toEqual(['V11']);
    expect(await orgRows(officer, '&orgCode=V12')).toBe(404);
    // a viewer may not browse the log by its binding: a grant without audit.read does not open it, one with it
    // opens the granted subtree alone
    await grant(viewer, 'V12', ['read']);
    expect(await orgRows(viewer)).toBe(403);
    const other = await signIn(app, ctx, 'viewer', 'T2');
    await grant(other, 'V12', ['audit.read']);
    expect(await orgRows(other)).toEqual(['V12']);
    expect(await orgRows(other, '&orgCode=T2')).toBe(403);
  });
});
