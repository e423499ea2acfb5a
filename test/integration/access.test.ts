/**
 * The scope matrix: every endpoint × every role × an object in scope, in a sibling subtree and above the scope.
 * Out of scope must be indistinguishable from missing (404), lists must never leak it, read-only roles get 403.
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
import { sessionOf } from '../../src/services/accounts.js';

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
        ]) {
          const res = await c.get(url);
          expect(res.statusCode, `${r.role} GET ${url}`).toBe(readStatus);
          if (readStatus === 404) expect(res.body).not.toContain('村党支部');
          checked++;
        }
        // writes: a read-only role is refused before anything is looked up (so the answer is the same for every
        // org and tells nothing); for writers, out of scope looks missing and in scope passes to the business rule
        const writeExpect = !r.write ? [403] : !sees(code) ? [404] : [200, 409];
        const writes = [
          c.patch(`/api/v1/orgs/${code}`, { address: '测试地址' }),
          c.post(`/api/v1/orgs/${code}/elections`, { electedOn: '2024-05-01' }),
          c.post(`/api/v1/orgs/${code}/dissolve`, { effectiveOn: TODAY }),
          c.req({ method: 'PUT', url: `/api/v1/orgs/${code}/committee`, payload: { posts: [] } }),
        ];
        for (const p of writes) {
          const res = await p;
          expect(
            writeExpect,
            `${r.role} write on ${code}: ${res.statusCode} ${res.body.slice(0, 120)}`,
          ).toContain(res.statusCode);
          checked++;
        }
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
        checked += 4;
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
      else expect(root.json().code).toBe(r.org);
      const create = await c.post('/api/v1/members', {
        orgCode: 'V21',
        name: '新党员',
        idNumber: '11010519491231002X',
        ethnicity: '01',
        status: 'full',
        joinedOn: '1970-07-01',
      });
      expect(create.statusCode, `${r.role} create in V21`).toBe(!r.write ? 403 : sees('V21') ? 200 : 404);
      if (create.statusCode === 200) {
        await h.db.exec(
          "SET session_replication_role = replica; DELETE FROM member_period WHERE member_id = (SELECT id FROM member WHERE id_number = '11010519491231002X'); DELETE FROM member WHERE id_number = '11010519491231002X'; SET session_replication_role = origin",
        );
      }
      const users = await c.get('/api/v1/users');
      expect(users.statusCode, `${r.role} users`).toBe(r.role === 'county_admin' ? 200 : 403);
      checked += 4;
    }
    expect(checked).toBeGreaterThan(300);
  });

  it('refuses import rows that target orgs outside the importer’s scope, row by row', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    const c = await signIn(app, ctx, 'township_officer', 'T1');
    void c;
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
});
