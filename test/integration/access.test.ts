/**
 * The scope matrix: every endpoint × every role × an object in scope, in a sibling subtree and above the scope.
 * Out of scope must be indistinguishable from missing (404), lists must never leak it, read-only roles get 403.
 * Every expectation is one exact status. Then grants by assignment (decision 0010): a dated grant on one org
 * opens that org's subtree for its actions on the days it is in force, and nothing else.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { describeDb, TODAY } from '../helpers/db.js';
import { member, smallCounty } from '../helpers/factory.js';
import { signIn, type Client } from '../helpers/http.js';
import { buildServer } from '../../src/server/app.js';
import { fixedClock } from '../../src/services/context.js';
import type { Role } from '../../src/domain/access/policy.js';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importMembers } from '../../src/services/imports.js';
import { addGrant, sessionOf } from '../../src/services/accounts.js';
import { recordMeeting } from '../../src/services/meetings.js';
import { startTransfer } from '../../src/services/transfers.js';

const MEMBER_CSV = (rows: string[]) =>
  ['所在党组织编码,姓名,公民身份号码,民族,人员类别,入党日期,转正日期', ...rows].join('\n');

describeDb('access scope matrix', (h) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildServer({ db: h.db, clock: fixedClock(TODAY), logLevel: 'silent' });
  });
  afterAll(async () => {
    await app.close();
  });

  it('enforces each role’s subtree on every endpoint and never leaks outside it', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    const m11 = await member(ctx, 'V11', '甲村党员', { phone: '13800000011' });
    const m12 = await member(ctx, 'V12', '乙村党员', { phone: '13800000012' });
    const m21 = await member(ctx, 'V21', '丙村党员', { phone: '13800000021' });
    const ids: Record<string, number> = { V11: m11.id, V12: m12.id, V21: m21.id };
    const v11Meeting = (
      await recordMeeting(ctx, 'V11', { kinds: ['theme_day'], heldOn: '2026-09-10', topic: '主题党日' })
    ).id;
    // a transfer from V11 (township T1) to V21 (township T2): each end acts as its own scope allows
    const v11ToV21 = (
      await startTransfer(ctx, m11.id, { kind: 'internal', toOrgCode: 'V21', issuedOn: '2026-11-01' })
    ).id;

    // role → (org it is bound to, which member orgs it may see, may it write, is it a member account)
    const roles: { role: Role; org: string; sees: string[]; write: boolean; memberId?: number }[] = [
      { role: 'county_admin', org: 'C', sees: ['C', 'T1', 'T2', 'V11', 'V12', 'V21'], write: true },
      { role: 'township_officer', org: 'T1', sees: ['T1', 'V11', 'V12'], write: true },
      { role: 'branch_secretary', org: 'V11', sees: ['V11'], write: true },
      { role: 'viewer', org: 'T1', sees: ['T1', 'V11', 'V12'], write: false },
      { role: 'member', org: 'V11', sees: [], write: false, memberId: m11.id },
    ];
    const all = ['C', 'T1', 'T2', 'V11', 'V12', 'V21'];
    let checked = 0;
    for (const r of roles) {
      const c: Client = await signIn(app, ctx, r.role, r.org, r.memberId ? { memberId: r.memberId } : {});
      const sees = (code: string) => r.sees.includes(code);
      for (const code of all) {
        const readStatus = sees(code) ? 200 : 404;
        for (const url of [
          `/api/v1/orgs/${code}`,
          `/api/v1/orgs/${code}/children`,
          `/api/v1/orgs/${code}/stats`,
          `/api/v1/orgs/${code}/members`,
          `/api/v1/orgs/${code}/events`,
          `/api/v1/orgs/${code}/members.xlsx`,
          `/api/v1/orgs/${code}/orgs.xlsx`,
          `/api/v1/orgs/${code}/meetings`,
          `/api/v1/orgs/${code}/meetings/template?heldOn=2026-10-01&kinds=theme_day`,
          `/api/v1/orgs/${code}/compliance?from=2026-01-01&to=2026-10-31`,
          `/api/v1/orgs/${code}/home`,
          `/api/v1/orgs/${code}/compliance/map?year=2026&kind=theme_day`,
          `/api/v1/orgs/${code}/compliance/map.xlsx?year=2026&kind=theme_day`,
          `/api/v1/orgs/${code}/transfers`,
          `/api/v1/orgs/${code}/mobile-members`,
          `/api/v1/orgs/${code}/lost-contact`,
          `/api/v1/orgs/${code}/decisions/pending`,
          `/api/v1/orgs/${code}/lifecycle-todo`,
          `/api/v1/orgs/${code}/screening?year=2026`,
          `/api/v1/orgs/${code}/screening/table.xlsx?year=2026`,
          `/api/v1/orgs/${code}/rectification`,
          `/api/v1/orgs/${code}/assessment?year=2026`,
          `/api/v1/orgs/${code}/assessment/list?year=2026`,
          `/api/v1/orgs/${code}/reviews?year=2026`,
          `/api/v1/orgs/${code}/review-results`,
          `/api/v1/orgs/${code}/warnings/tree`,
          `/api/v1/orgs/${code}/recruitment/overdue`,
        ]) {
          const res = await c.get(url);
          expect(res.statusCode, `${r.role} GET ${url}`).toBe(readStatus);
          if (readStatus === 404) expect(res.body).not.toContain('村党支部');
          checked++;
        }
        // writes: a read-only role is refused before anything is looked up (so the answer is the same for every
        // org and tells nothing); for writers, out of scope looks missing and in scope passes to the business rule:
        // every org of the county has members or active children, so dissolving it is refused (409)
        const writes: [string, () => Promise<{ statusCode: number; body: string }>, number][] = [
          ['PATCH', () => c.patch(`/api/v1/orgs/${code}`, { address: '测试地址' }), 200],
          ['election', () => c.post(`/api/v1/orgs/${code}/elections`, { electedOn: '2024-05-01' }), 200],
          ['dissolve', () => c.post(`/api/v1/orgs/${code}/dissolve`, { effectiveOn: TODAY }), 409],
          [
            'committee',
            () => c.req({ method: 'PUT', url: `/api/v1/orgs/${code}/committee`, payload: { posts: [] } }),
            200,
          ],
          [
            'meeting',
            () =>
              c.post(`/api/v1/orgs/${code}/meetings`, {
                kinds: ['theme_day'],
                heldOn: '2026-10-15',
                topic: '主题党日',
              }),
            200,
          ],
        ];
        for (const [what, send, ok] of writes) {
          const res = await send();
          const want = !r.write ? 403 : !sees(code) ? 404 : ok;
          expect(res.statusCode, `${r.role} ${what} on ${code}: ${res.body.slice(0, 120)}`).toBe(want);
          checked++;
        }
        // assessment (decision 0036): a township and the county rate (the county first, before any org has a
        // category: refused by the rule, 409), only the county sets a category
        const rates = r.role === 'county_admin' || r.role === 'township_officer';
        const rate = await c.post(`/api/v1/orgs/${code}/assessment/ratings`, {
          item: 'development',
          month: '2026-10',
          score: 10,
          note: '测试评分',
        });
        expect(rate.statusCode, `${r.role} rate ${code}: ${rate.body.slice(0, 120)}`).toBe(
          !rates ? 403 : !sees(code) ? 404 : r.role === 'county_admin' ? 409 : 200,
        );
        const cat = await c.req({
          method: 'PUT',
          url: `/api/v1/orgs/${code}/assessment/category`,
          payload: { category: 'trade', effectiveFrom: '2026-01-01' },
        });
        expect(cat.statusCode, `${r.role} category of ${code}: ${cat.body.slice(0, 120)}`).toBe(
          r.role === 'county_admin' ? 200 : 403,
        );
        checked += 2;
      }
      for (const [orgCode, id] of Object.entries(ids)) {
        const own = r.memberId === id;
        const visible = own || sees(orgCode);
        const detail = await c.get(`/api/v1/members/${id}`);
        expect(detail.statusCode, `${r.role} GET member of ${orgCode}`).toBe(visible ? 200 : 404);
        const reveal = await c.post(`/api/v1/members/${id}/reveal`, { field: 'phone' });
        expect(reveal.statusCode, `${r.role} reveal ${orgCode}`).toBe(
          r.role === 'viewer' ? 403 : !visible ? 404 : 200,
        );
        const edit = await c.patch(`/api/v1/members/${id}`, { jobTitle: '测试' });
        expect(edit.statusCode, `${r.role} edit ${orgCode}`).toBe(!r.write ? 403 : !visible ? 404 : 200);
        const ev = await c.post(`/api/v1/members/${id}/records`, { kind: 'training', title: '培训' });
        expect(ev.statusCode, `${r.role} record ${orgCode}`).toBe(!r.write ? 403 : !visible ? 404 : 200);
        const life = await c.get(`/api/v1/members/${id}/lifecycle`);
        expect(life.statusCode, `${r.role} lifecycle of ${orgCode}`).toBe(visible ? 200 : 404);
        // starting a transfer: in scope it reaches the business rule — V11's member already has an open transfer
        // (409), the others name a receiving org that does not exist (400)
        const start = await c.post(`/api/v1/members/${id}/transfers`, {
          kind: 'internal',
          toOrgCode: 'NONE',
        });
        expect(start.statusCode, `${r.role} start transfer of ${orgCode}`).toBe(
          !r.write ? 403 : !visible ? 404 : orgCode === 'V11' ? 409 : 400,
        );
        checked += 6;
      }
      // the transfer V11 → V21: read at either end; accepted or returned only by the receiving end (a date before
      // the letter was issued reaches the business rule: 400), its receipt only by the sending end (an internal
      // transfer has none: 409); the sending end is 403 where the receiving end acts, anyone else 404
      {
        const fromEnd = sees('V11');
        const toEnd = sees('V21');
        const got = await c.get(`/api/v1/transfers/${v11ToV21}`);
        expect(got.statusCode, `${r.role} GET transfer`).toBe(fromEnd || toEnd ? 200 : 404);
        if (got.statusCode === 404) expect(got.body).not.toContain('村党支部');
        const receiverOnly = !r.write ? 403 : toEnd ? 400 : fromEnd ? 403 : 404;
        const accept = await c.post(`/api/v1/transfers/${v11ToV21}/accept`, { acceptedOn: '2026-10-01' });
        expect(accept.statusCode, `${r.role} accept: ${accept.body.slice(0, 120)}`).toBe(receiverOnly);
        const ret = await c.post(`/api/v1/transfers/${v11ToV21}/return`, {
          reason: '测试',
          returnedOn: '2026-10-01',
        });
        expect(ret.statusCode, `${r.role} return: ${ret.body.slice(0, 120)}`).toBe(receiverOnly);
        const receipt = await c.post(`/api/v1/transfers/${v11ToV21}/receipt`, { receivedOn: TODAY });
        expect(receipt.statusCode, `${r.role} receipt: ${receipt.body.slice(0, 120)}`).toBe(
          !r.write ? 403 : fromEnd ? 409 : toEnd ? 403 : 404,
        );
        checked += 4;
      }
      // a meeting of V11: read with V11's read, changed with meetings.write on it
      {
        const sees11 = sees('V11');
        const got = await c.get(`/api/v1/meetings/${v11Meeting}`);
        expect(got.statusCode, `${r.role} GET meeting`).toBe(sees11 ? 200 : 404);
        const edit = await c.patch(`/api/v1/meetings/${v11Meeting}`, { place: '村委会' });
        expect(edit.statusCode, `${r.role} edit meeting`).toBe(!r.write ? 403 : !sees11 ? 404 : 200);
        checked += 2;
      }
      // lists and search never include anything outside the scope
      const search = await c.get('/api/v1/orgs?q=%E6%9D%91&pageSize=100');
      if (r.role === 'member') expect(search.json().total).toBe(0);
      else {
        const codes = search
          .json()
          .items.map((i: { code: string }) => i.code)
          .sort();
        expect(codes, `${r.role} org search`).toEqual(['V11', 'V12', 'V21'].filter(sees));
        expect(search.json().total).toBe(codes.length);
      }
      const root = await c.get('/api/v1/orgs/root');
      if (r.role === 'member') expect(root.statusCode).toBe(404);
      else {
        expect(root.statusCode).toBe(200);
        expect(root.json().code).toBe(r.org);
      }
      const create = await c.post('/api/v1/members', {
        orgCode: 'V21',
        name: '新党员',
        idNumber: '11010519491231002X',
        ethnicity: '01',
        status: 'full',
        joinedOn: '1970-07-01',
      });
      // only the county administrator sees V21, so the ID number is registered once
      expect(create.statusCode, `${r.role} create in V21`).toBe(!r.write ? 403 : sees('V21') ? 200 : 404);
      const users = await c.get('/api/v1/users');
      expect(users.statusCode, `${r.role} users`).toBe(r.role === 'county_admin' ? 200 : 403);
      // the mapping of unclassified values is the county's (decision 0013): only its administrator, refused
      // before anything is looked up for every other account
      const unclassified = await c.get('/api/v1/classification');
      expect(unclassified.statusCode, `${r.role} classification`).toBe(r.role === 'county_admin' ? 200 : 403);
      const map = await c.post('/api/v1/classification/mappings', {
        field: 'occupation',
        raw: '测试写法',
        code: 'manager',
      });
      expect(map.statusCode, `${r.role} map`).toBe(r.role === 'county_admin' ? 200 : 403);
      checked += 6;
      // sampling (抽查核实, decision 0038): the county and a township over their subtrees, nobody else — refused
      // before anything is looked up; in scope, a subtree holding V11's meeting of 2026-09-10 draws it, another
      // has nothing to draw (409)
      const samples = (r.role === 'county_admin' || r.role === 'township_officer') as boolean;
      expect((await c.get('/api/v1/samples')).statusCode, `${r.role} samples`).toBe(samples ? 200 : 403);
      for (const code of all) {
        const res = await c.post('/api/v1/samples', {
          orgCode: code,
          from: '2026-09-10',
          to: '2026-09-10',
          kinds: ['meeting'],
          size: 1,
        });
        const want = !samples ? 403 : !sees(code) ? 404 : ['C', 'T1', 'V11'].includes(code) ? 200 : 409;
        expect(res.statusCode, `${r.role} draw in ${code}: ${res.body.slice(0, 120)}`).toBe(want);
      }
      checked += 7;
      // the county's division table (decision 0039): its administrator of the whole county only; the analysis view:
      // nobody while the local setting is off (the default), refused before anything is looked up for the others
      const divisions = await c.get('/api/v1/divisions');
      expect(divisions.statusCode, `${r.role} divisions`).toBe(r.role === 'county_admin' ? 200 : 403);
      const analysis = await c.get('/api/v1/orgs/C/warnings/analysis');
      expect(analysis.statusCode, `${r.role} analysis`).toBe(403);
      checked += 2;
    }
    // 5 roles × (6 orgs × (27 reads + 5 writes + 2 assessment writes) + 3 members × 6 + a transfer × 4 + a meeting
    // × 2 + 6 + 7 sampling + 2 supervision more)
    expect(checked).toBe(1215);
    // 1215 requests: a minute and more on PostgreSQL on a loaded machine
  }, 240_000);

  it('refuses import rows that target orgs outside the importer’s scope, row by row', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    const c = await signIn(app, ctx, 'township_officer', 'T1');
    const [u] = await h.db.query<{ id: number }>("SELECT id FROM app_user WHERE role = 'township_officer'");
    const token = await import('../../src/services/accounts.js').then((a) =>
      a.login(
        { db: h.db, clock: fixedClock(TODAY) },
        { username: c.username, password: 'Passw0rd-test', ip: null },
      ),
    );
    const session = await sessionOf(h.db, fixedClock(TODAY), token.token);
    expect(session?.user.id).toBe(u!.id);
    const dir = mkdtempSync(join(tmpdir(), 'jiceng-scope-'));
    const file = join(dir, 'members.csv');
    writeFileSync(
      file,
      [
        '所在党组织编码,姓名,公民身份号码,民族,人员类别,入党日期,转正日期',
        'V11,本镇党员,11010519491231002X,汉族,正式党员,1975-07-01,1976-07-01',
        'V21,外镇党员,110105194912310046,汉族,正式党员,1975-07-01,1976-07-01',
      ].join('\n'),
    );
    const result = await importMembers({ ...ctx, actor: session!.actor }, { path: file });
    expect(result.inserted).toBe(1);
    expect(result.rejected).toEqual([
      {
        row: 3,
        column: '所在党组织编码',
        code: 'ORG_NOT_FOUND',
        message: '党组织编码 V21 不存在，或不在您的管理范围内',
      },
    ]);
  });

  {
    /** Signs an existing account in on a server (whose clock is the day the request is judged on). */
    const login = async (server: FastifyInstance, username: string) => {
      const res = await server.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'x-requested-with': 'jiceng' },
        payload: { username, password: 'Passw0rd-test' },
      });
      expect(res.statusCode).toBe(200);
      const cookie = `jiceng_session=${res.cookies.find((k) => k.name === 'jiceng_session')!.value}`;
      const headers = { cookie, 'x-requested-with': 'jiceng' };
      return {
        me: res.json().user,
        get: (url: string) => server.inject({ method: 'GET', url, headers }),
        patch: (url: string, payload: object) => server.inject({ method: 'PATCH', url, headers, payload }),
        post: (url: string, payload: object) => server.inject({ method: 'POST', url, headers, payload }),
      };
    };
    const onDay = async (day: string) =>
      buildServer({ db: h.db, clock: fixedClock(day), logLevel: 'silent' });

    it('a viewer with a dated write grant on one village writes there, not in its sibling, and only while it holds', async () => {
      const ctx = h.ctx();
      await smallCounty(ctx);
      const m11 = await member(ctx, 'V11', '甲村党员');
      const m12 = await member(ctx, 'V12', '乙村党员');
      const admin = await signIn(app, ctx, 'county_admin', 'C');
      // a viewer of township T1 (reads V11 and V12 by its binding) and a viewer of township T2 (reads neither)
      const near = await signIn(app, ctx, 'viewer', 'T1');
      const far = await signIn(app, ctx, 'viewer', 'T2');
      const ids = new Map(
        (await h.db.query<{ id: number; username: string }>('SELECT id, username FROM app_user')).map((u) => [
          u.username,
          u.id,
        ]),
      );
      for (const v of [near, far]) {
        const res = await admin.post(`/api/v1/users/${ids.get(v.username)}/grants`, {
          orgCode: 'V11',
          actions: ['write', 'import'],
          validFrom: TODAY,
          validTo: '2026-12-01',
          note: '驻村第一书记',
        });
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json()).toMatchObject({
          orgCode: 'V11',
          actions: ['read', 'write', 'import'],
          validFrom: TODAY,
          validTo: '2026-12-01',
          state: 'current',
        });
      }
      const list = await admin.get(`/api/v1/users/${ids.get(far.username)}/grants`);
      expect(list.statusCode).toBe(200);
      expect(list.json()).toHaveLength(1);

      // today: the grant is in force
      const nearNow = await login(app, near.username);
      const farNow = await login(app, far.username);
      expect(farNow.me.capabilities.actions).toEqual(['self', 'read', 'write', 'import']);
      expect(farNow.me.capabilities.grants).toEqual([
        expect.objectContaining({
          orgCode: 'V11',
          actions: ['read', 'write', 'import'],
          validTo: '2026-12-01',
        }),
      ]);
      for (const c of [nearNow, farNow]) {
        expect((await c.patch('/api/v1/orgs/V11', { address: '甲村村委会' })).statusCode).toBe(200);
        expect((await c.patch(`/api/v1/members/${m11.id}`, { jobTitle: '村会计' })).statusCode).toBe(200);
      }
      // the sibling: visible to the T1 viewer by its binding but not writable (403); outside the T2 viewer's
      // reach altogether, so it looks missing (404)
      expect((await nearNow.patch('/api/v1/orgs/V12', { address: 'x' })).statusCode).toBe(403);
      expect((await nearNow.patch(`/api/v1/members/${m12.id}`, { jobTitle: 'x' })).statusCode).toBe(403);
      expect((await farNow.get('/api/v1/orgs/V12')).statusCode).toBe(404);
      expect((await farNow.patch('/api/v1/orgs/V12', { address: 'x' })).statusCode).toBe(404);
      expect((await farNow.patch(`/api/v1/members/${m12.id}`, { jobTitle: 'x' })).statusCode).toBe(404);
      expect((await farNow.get('/api/v1/orgs/T1')).statusCode).toBe(404);
      // the granted org reads like any other: its tree, its members, its ancestors only as far as it may see
      const v11 = await farNow.get('/api/v1/orgs/V11');
      expect(v11.statusCode).toBe(200);
      expect(v11.json().ancestors).toEqual([]);
      expect((await farNow.get('/api/v1/orgs/V11/members')).json().total).toBe(1);
      // the T2 viewer still may not reveal (its grant does not carry it), nor manage accounts
      expect((await farNow.post(`/api/v1/members/${m11.id}/reveal`, { field: 'phone' })).statusCode).toBe(
        403,
      );
      expect((await farNow.get('/api/v1/users')).statusCode).toBe(403);

      // the day before it begins and the day it ends (valid_to is exclusive), the grant does not hold
      for (const day of ['2026-11-21', '2026-12-01']) {
        const server = await onDay(day);
        try {
          const n = await login(server, near.username);
          const f = await login(server, far.username);
          expect(f.me.capabilities.grants).toEqual([]);
          // no write anywhere that day: refused at the route, before anything is looked up
          expect((await n.patch('/api/v1/orgs/V11', { address: 'x' })).statusCode, day).toBe(403);
          expect((await f.patch('/api/v1/orgs/V11', { address: 'x' })).statusCode, day).toBe(403);
          expect((await f.get('/api/v1/orgs/V11')).statusCode, day).toBe(404);
          expect((await n.get('/api/v1/orgs/V11')).statusCode, day).toBe(200);
        } finally {
          await server.close();
        }
      }

      // ended today: from today it no longer holds (signing in on 2026-12-01 ended today's sessions as expired)
      const g = list.json()[0] as { id: number };
      const ended = await (
        await login(app, admin.username)
      ).post(`/api/v1/users/${ids.get(far.username)}/grants/${g.id}/end`, {});
      expect(ended.statusCode, ended.body).toBe(200);
      expect(ended.json()).toMatchObject({ validTo: TODAY, state: 'ended' });
      const farAfter = await login(app, far.username);
      expect((await farAfter.patch('/api/v1/orgs/V11', { address: 'x' })).statusCode).toBe(403);
      expect((await farAfter.get('/api/v1/orgs/V11')).statusCode).toBe(404);
      // every grant and its end are in the audit log
      const audit = await h.db.query<{ action: string }>(
        "SELECT action FROM audit_log WHERE entity = 'account_grant' ORDER BY id",
      );
      expect(audit.map((a) => a.action)).toEqual(['insert', 'insert', 'delete']);
    });

    it('imports evaluate the grant row by row, like single writes', async () => {
      const ctx = h.ctx();
      await smallCounty(ctx);
      const far = await signIn(app, ctx, 'viewer', 'T2');
      const [u] = await h.db.query<{ id: number }>('SELECT id FROM app_user WHERE username = $1', [
        far.username,
      ]);
      await addGrant(ctx, u!.id, { orgCode: 'V11', actions: ['write', 'import'] });
      const token = await import('../../src/services/accounts.js').then((a) =>
        a.login(
          { db: h.db, clock: fixedClock(TODAY) },
          { username: far.username, password: 'Passw0rd-test', ip: null },
        ),
      );
      const actor = (await sessionOf(h.db, fixedClock(TODAY), token.token))!.actor;
      const dir = mkdtempSync(join(tmpdir(), 'jiceng-grant-'));
      const file = join(dir, 'members.csv');
      writeFileSync(
        file,
        MEMBER_CSV([
          'V11,授权村党员,11010519491231002X,汉族,正式党员,1975-07-01,1976-07-01',
          'V12,邻村党员,110105194912310046,汉族,正式党员,1975-07-01,1976-07-01',
          'V21,本镇党员,110105194912310062,汉族,正式党员,1975-07-01,1976-07-01',
        ]),
      );
      const result = await importMembers({ ...ctx, actor }, { path: file });
      expect(result.inserted).toBe(1);
      // V12 lies outside both its binding and its grant; V21 is in its binding, which is read-only
      expect(result.rejected).toEqual([
        {
          row: 3,
          column: '所在党组织编码',
          code: 'ORG_NOT_FOUND',
          message: '党组织编码 V12 不存在，或不在您的管理范围内',
        },
        { row: 4, column: '所在党组织编码', code: 'FORBIDDEN', message: '该党组织不在您的管理范围内' },
      ]);
    });

    it('refuses grants outside the administrator’s scope (404), in the past, overlapping, or to an unmanaged account', async () => {
      const ctx = h.ctx();
      await smallCounty(ctx);
      // an administrator of township T1 only
      const t1Admin = await signIn(app, ctx, 'county_admin', 'T1');
      const viewer = await signIn(app, ctx, 'viewer', 'V11');
      const outsider = await signIn(app, ctx, 'viewer', 'V21');
      const id = async (username: string) =>
        (await h.db.query<{ id: number }>('SELECT id FROM app_user WHERE username = $1', [username]))[0]!.id;
      const grant = (userId: number, body: object) => t1Admin.post(`/api/v1/users/${userId}/grants`, body);
      const v = await id(viewer.username);
      // an org outside its scope looks missing, whether it exists or not
      const outside = await grant(v, { orgCode: 'V21', actions: ['write'] });
      expect(outside.statusCode).toBe(404);
      expect(outside.json().error.code).toBe('ORG_NOT_FOUND');
      expect((await grant(v, { orgCode: 'NOPE', actions: ['write'] })).json().error.code).toBe(
        'ORG_NOT_FOUND',
      );
      // an account bound outside its scope looks missing too
      const o = await grant(await id(outsider.username), { orgCode: 'V12', actions: ['write'] });
      expect(o.statusCode).toBe(404);
      expect(o.json().error.code).toBe('USER_NOT_FOUND');
      // dates
      expect(
        (await grant(v, { orgCode: 'V12', actions: ['write'], validFrom: '2026-11-01' })).statusCode,
      ).toBe(400);
      expect(
        (await grant(v, { orgCode: 'V12', actions: ['write'], validFrom: TODAY, validTo: TODAY })).statusCode,
      ).toBe(400);
      // actions an assignment may not carry
      expect((await grant(v, { orgCode: 'V12', actions: ['accounts.manage'] })).statusCode).toBe(400);
      // one grant per account and org at a time
      expect((await grant(v, { orgCode: 'V12', actions: ['write'] })).statusCode).toBe(200);
      const again = await grant(v, { orgCode: 'V12', actions: ['read'], validFrom: '2027-01-01' });
      expect(again.statusCode).toBe(400);
      expect(again.json().error.message).toContain('时间不能重叠');
      // a grant the administrator may not see cannot be ended by it
      const [g] = await h.db.query<{ id: number }>('SELECT id FROM account_grant');
      const top = await signIn(app, ctx, 'county_admin', 'T2');
      expect((await top.post(`/api/v1/users/${v}/grants/${g!.id}/end`, {})).statusCode).toBe(404);
      // a viewer may not grant at all
      expect(
        (await viewer.post(`/api/v1/users/${v}/grants`, { orgCode: 'V11', actions: ['read'] })).statusCode,
      ).toBe(403);
    });

    it('a grant on one transfer (decision 0034): a township officer reviews another township’s transfer, and nothing else', async () => {
      const ctx = h.ctx();
      await smallCounty(ctx);
      const moving = await member(ctx, 'V21', '王转接');
      const other = await member(ctx, 'V21', '赵另转');
      // two transfers within township T2: V21 → V22
      const tr = (await startTransfer(ctx, moving.id, { kind: 'internal', toOrgCode: 'V22' })).id;
      const tr2 = (await startTransfer(ctx, other.id, { kind: 'internal', toOrgCode: 'V22' })).id;
      const admin = await signIn(app, ctx, 'county_admin', 'C');
      const t1 = await signIn(app, ctx, 'township_officer', 'T1');
      const t2admin = await signIn(app, ctx, 'county_admin', 'T1');
      const [u] = await h.db.query<{ id: number }>('SELECT id FROM app_user WHERE username = $1', [
        t1.username,
      ]);
      const grantOn = (c: typeof admin, body: object) => c.post(`/api/v1/users/${u!.id}/grants`, body);

      // before: the transfer, its ends and its member look missing
      expect((await t1.get(`/api/v1/transfers/${tr}`)).statusCode).toBe(404);
      expect((await t1.post(`/api/v1/transfers/${tr}/accept`, {})).statusCode).toBe(404);

      // refused: both an org and a transfer, neither, actions beyond review and handling, a transfer the
      // administrator sees at neither end (an administrator of township T1: 404, like a missing one)
      expect((await grantOn(admin, { orgCode: 'V21', transferId: tr, actions: ['read'] })).statusCode).toBe(
        400,
      );
      expect((await grantOn(admin, { actions: ['read'] })).statusCode).toBe(400);
      expect((await grantOn(admin, { transferId: tr, actions: ['reveal'] })).statusCode).toBe(400);
      expect((await grantOn(t2admin, { transferId: tr, actions: ['read'] })).statusCode).toBe(404);
      expect((await grantOn(admin, { transferId: 999999, actions: ['read'] })).statusCode).toBe(404);

      // review: read on this transfer alone
      const g = await grantOn(admin, { transferId: tr, actions: ['read'], note: '协助审阅' });
      expect(g.statusCode, g.body).toBe(200);
      expect(g.json()).toMatchObject({
        orgCode: null,
        transfer: { id: tr, name: '王转接', fromOrgName: '丙村党支部', toOrgName: '丁社区党支部' },
        actions: ['read'],
        state: 'current',
      });
      expect((await grantOn(admin, { transferId: tr, actions: ['read'] })).statusCode).toBe(400);
      const me = (await t1.get('/api/v1/auth/me')).json();
      expect(me.capabilities.transferGrants).toEqual([
        expect.objectContaining({ transferId: tr, name: '王转接', actions: ['read'] }),
      ]);
      expect(me.capabilities.grants).toEqual([]);
      const seen = await t1.get(`/api/v1/transfers/${tr}`);
      expect(seen.statusCode).toBe(200);
      // what the letter says, masked; not the member's record
      expect(seen.json()).toMatchObject({ name: '王转接', memberReadable: false, status: 'pending' });
      expect(seen.json().idNumber).toContain('*');
      expect((await t1.get(`/api/v1/members/${moving.id}`)).statusCode).toBe(404);
      expect((await t1.get(`/api/v1/members/${moving.id}/lifecycle`)).statusCode).toBe(404);
      // neither end's org, nor their transfer lists, nor the other transfer between the same orgs
      for (const code of ['T2', 'V21', 'V22']) {
        expect((await t1.get(`/api/v1/orgs/${code}`)).statusCode).toBe(404);
        expect((await t1.get(`/api/v1/orgs/${code}/transfers`)).statusCode).toBe(404);
      }
      expect((await t1.get(`/api/v1/transfers/${tr2}`)).statusCode).toBe(404);
      // reviewing is not handling: the receiving end's actions are refused (it sees the transfer: 403)
      expect((await t1.post(`/api/v1/transfers/${tr}/accept`, {})).statusCode).toBe(403);
      expect((await t1.post(`/api/v1/transfers/${tr}/return`, { reason: '材料不全' })).statusCode).toBe(403);
      expect((await t1.post(`/api/v1/transfers/${tr2}/accept`, {})).statusCode).toBe(404);

      expect((await t1.get('/api/v1/orgs/T1/lifecycle-todo')).json().transfers).toEqual([]);
      // the review ends today; a grant to handle it for the receiving end follows
      const ended = await admin.post(`/api/v1/users/${u!.id}/grants/${g.json().id}/end`, {});
      expect(ended.statusCode, ended.body).toBe(200);
      expect((await t1.get(`/api/v1/transfers/${tr}`)).statusCode).toBe(404);
      const w = await grantOn(admin, { transferId: tr, actions: ['read', 'write'] });
      expect(w.statusCode, w.body).toBe(200);
      // handling it puts it on the officer's 本月待办 beside her own township's to-dos (reviewing did not)
      const todo = (await t1.get('/api/v1/orgs/T1/lifecycle-todo')).json();
      expect(todo.transfers.map((x: { id: number; mayAct: boolean }) => [x.id, x.mayAct])).toEqual([
        [tr, true],
      ]);
      const ok = await t1.post(`/api/v1/transfers/${tr}/accept`, {});
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toMatchObject({ status: 'accepted', decidedOn: TODAY });
      expect((await t1.get('/api/v1/orgs/T1/lifecycle-todo')).json().transfers).toEqual([]);
      // the member moved through the member write path; the officer still reads nothing of V22
      const [row] = await h.db.query<{ code: string }>(
        'SELECT o.code FROM member m JOIN org o ON o.id = m.org_id WHERE m.id = $1',
        [moving.id],
      );
      expect(row!.code).toBe('V22');
      expect((await t1.get('/api/v1/orgs/V22/members')).statusCode).toBe(404);
      // the grant is in the audit log like any other
      const [audited] = await h.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM audit_log WHERE entity = 'account_grant'",
      );
      expect(audited!.n).toBeGreaterThanOrEqual(3);
    });
  }
});
