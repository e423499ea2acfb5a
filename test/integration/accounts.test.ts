import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { describeDb, TODAY } from '../helpers/db.js';
import { member, smallCounty } from '../helpers/factory.js';
import { signIn } from '../helpers/http.js';
import { buildServer } from '../../src/server/app.js';
import { DEFAULT_SETTINGS } from '../../src/policy/settings.js';
import { fixedClock } from '../../src/services/context.js';
import {
  actorOf,
  addGrant,
  createUser,
  endGrant,
  ensureFirstAdmin,
  login,
  loginFailedMessage,
  randomPassword,
  resetPassword,
  sessionOf,
  setUserDisabled,
} from '../../src/services/accounts.js';
import { grantsValidOn, sessionAccount, userById } from '../../src/db/repositories/accounts.js';
import { recordMemberEvent } from '../../src/services/members.js';
import { moveOrg } from '../../src/services/orgs.js';

const H = { 'x-requested-with': 'jiceng' };

describeDb('accounts and sessions', (h) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildServer({ db: h.db, clock: fixedClock(TODAY), logLevel: 'silent' });
  });
  afterAll(async () => {
    await app.close();
  });
  const loginReq = (username: string, password: string) =>
    app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: H, payload: { username, password } });

  it('creates the first administrator once, with a random password that must be changed', async () => {
    const first = await ensureFirstAdmin(h.ctx());
    expect(first?.username).toBe('admin');
    expect(first!.password).toMatch(/^(?=.*[A-Za-z])(?=.*\d).{16}$/);
    expect(await ensureFirstAdmin(h.ctx())).toBeNull();
    const res = await loginReq('admin', first!.password);
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toMatchObject({ role: 'county_admin', orgCode: null, mustChangePassword: true });
    const cookie = `jiceng_session=${res.cookies[0]!.value}`;
    const blocked = await app.inject({ method: 'GET', url: '/api/v1/users', headers: { cookie } });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    const weak = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: { ...H, cookie },
      payload: { oldPassword: first!.password, newPassword: 'short' },
    });
    expect(weak.statusCode).toBe(400);
    const ok = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: { ...H, cookie },
      payload: { oldPassword: first!.password, newPassword: 'NewPassw0rd123' },
    });
    expect(ok.statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/v1/users', headers: { cookie } })).statusCode).toBe(
      200,
    );
    // the hash is argon2id, never the password
    const [row] = await h.db.query<{ password_hash: string }>(
      "SELECT password_hash FROM app_user WHERE username = 'admin'",
    );
    expect(row!.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('locks an account after five wrong passwords, answering every refusal alike', async () => {
    await smallCounty(h.ctx());
    const password = randomPassword();
    await createUser(h.ctx(), {
      username: 'zhang',
      displayName: '张',
      role: 'branch_secretary',
      orgCode: 'V11',
      password,
    });
    const refused = { code: 'AUTH_FAILED', message: loginFailedMessage(DEFAULT_SETTINGS.accounts) };
    expect(refused.message).toBe(
      '用户名或密码不正确。连续输错5次账号将锁定15分钟；如账号被锁定或停用，请联系管理员。',
    );
    for (let i = 1; i <= 5; i++) {
      const r = await loginReq('zhang', 'wrong-pass-1');
      expect(r.statusCode).toBe(401);
      expect(r.json().error).toEqual(refused);
    }
    const [row] = await h.db.query<{ failed_logins: number; locked: boolean }>(
      `SELECT failed_logins, locked_until > $1::timestamptz AS locked FROM app_user WHERE username = 'zhang'`,
      [`${TODAY}T04:00:00.000Z`],
    );
    expect(row).toEqual({ failed_logins: 5, locked: true });
    const evenRight = await loginReq('zhang', password);
    expect(evenRight.statusCode).toBe(401);
    expect(evenRight.json().error).toEqual(refused);
    // later, the lock has expired
    const later = await login(
      { db: h.db, clock: { today: () => TODAY, now: () => new Date(`${TODAY}T04:16:00.000Z`) } },
      { username: 'zhang', password, ip: null },
    );
    expect(later.user.username).toBe('zhang');
    const [after] = await h.db.query<{ failed_logins: number; locked_until: string | null }>(
      `SELECT failed_logins, locked_until FROM app_user WHERE username = 'zhang'`,
    );
    expect(after).toEqual({ failed_logins: 0, locked_until: null });
    const unknown = await loginReq('nobody', 'whatever-123');
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().error).toEqual(refused);
  });

  it('lets an administrator create, disable and reset accounts only within scope', async () => {
    await smallCounty(h.ctx());
    const admin = await signIn(app, h.ctx(), 'county_admin', 'T1');
    const created = await admin.post('/api/v1/users', {
      username: 'lishuji',
      displayName: '李书记',
      role: 'branch_secretary',
      orgCode: 'V11',
    });
    expect(created.statusCode, created.body).toBe(200);
    const { user, password } = created.json();
    expect(password).toMatch(/^.{16}$/);
    expect(user.mustChangePassword).toBe(true);
    const outside = await admin.post('/api/v1/users', {
      username: 'wang',
      displayName: '王',
      role: 'branch_secretary',
      orgCode: 'V21',
    });
    expect(outside.statusCode).toBe(404);
    const s = await loginReq('lishuji', password);
    expect(s.statusCode).toBe(200);
    const disabled = await admin.post(`/api/v1/users/${user.id}/disable`);
    expect(disabled.json().disabled).toBe(true);
    // the session ends and sign-in is refused
    const cookie = `jiceng_session=${s.cookies[0]!.value}`;
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).statusCode,
    ).toBe(401);
    const refusedDisabled = await loginReq('lishuji', password);
    expect(refusedDisabled.statusCode).toBe(401);
    expect(refusedDisabled.json().error).toEqual({
      code: 'AUTH_FAILED',
      message: loginFailedMessage(DEFAULT_SETTINGS.accounts),
    });
    await admin.post(`/api/v1/users/${user.id}/enable`);
    const reset = await admin.post(`/api/v1/users/${user.id}/reset-password`);
    expect(reset.statusCode).toBe(200);
    expect((await loginReq('lishuji', password)).statusCode).toBe(401);
    expect((await loginReq('lishuji', reset.json().password)).statusCode).toBe(200);
    const list = await admin.get('/api/v1/users');
    expect(list.json().map((u: { username: string }) => u.username)).toContain('lishuji');
    const secretary = await signIn(app, h.ctx(), 'branch_secretary', 'V11');
    expect(
      (
        await secretary.post('/api/v1/users', {
          username: 'xyz1',
          displayName: 'x',
          role: 'viewer',
          orgCode: 'V11',
        })
      ).statusCode,
    ).toBe(403);
  });

  it('ends sessions at logout and after they expire', async () => {
    await smallCounty(h.ctx());
    await createUser(h.ctx(), {
      username: 'zhao',
      displayName: '赵',
      role: 'viewer',
      orgCode: 'C',
      password: 'Passw0rd-zhao',
    });
    const r = await login(
      { db: h.db, clock: fixedClock(TODAY) },
      { username: 'zhao', password: 'Passw0rd-zhao', ip: '127.0.0.1' },
    );
    expect(await sessionOf(h.db, fixedClock(TODAY), r.token)).not.toBeNull();
    const late = { today: () => TODAY, now: () => new Date(r.expiresAt.getTime() + 1000) };
    expect(await sessionOf(h.db, late, r.token)).toBeNull();
    const res = await loginReq('zhao', 'Passw0rd-zhao');
    const cookie = `jiceng_session=${res.cookies[0]!.value}`;
    expect(res.cookies[0]).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { ...H, cookie } });
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).statusCode,
    ).toBe(401);
  });

  it('judges a live session by the grants of the day its one statement reads (decision 0051), as the two before it did', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    const m11 = await member(ctx, 'V11', '甲村党员');
    // a viewer of township T2 (V11 outside its binding) and one of T1 (V11 inside it), signed in before any grant
    const far = await signIn(app, ctx, 'viewer', 'T2');
    const near = await signIn(app, ctx, 'viewer', 'T1');
    const [u] = await h.db.query<{ id: number }>('SELECT id FROM app_user WHERE username = $1', [
      far.username,
    ]);
    const id = u!.id;
    const hash = createHash('sha256').update(far.cookie.slice('jiceng_session='.length)).digest('hex');
    // the one statement's account and grants make the same actor as the account and grantsValidOn, on the days
    // around every grant's bounds
    const sameAsTwoStatements = async () => {
      for (const day of ['2026-11-21', TODAY, '2026-11-23', '2026-11-30', '2026-12-01', '2027-01-01']) {
        const one = await sessionAccount(h.db, hash, day);
        const two = await userById(h.db, id);
        expect(one && actorOf(one, one.grants, day), day).toEqual(
          two && actorOf(two, await grantsValidOn(h.db, id, day), day),
        );
      }
    };
    const read = () => far.get(`/api/v1/members/${m11.id}`);
    const write = () => far.patch(`/api/v1/members/${m11.id}`, { jobTitle: '村会计' });
    expect((await read()).statusCode).toBe(404);
    await sameAsTwoStatements();

    // a grant given while signed in holds at the session's next request; one that begins tomorrow does not yet
    const g = await addGrant(ctx, id, { orgCode: 'V11', actions: ['write'], validTo: '2026-12-01' });
    await addGrant(ctx, id, { orgCode: 'V12', actions: ['write'], validFrom: '2026-11-23' });
    expect((await read()).statusCode).toBe(200);
    expect((await write()).statusCode).toBe(200);
    expect((await far.get('/api/v1/orgs/V12')).statusCode).toBe(404);
    expect((await far.get('/api/v1/orgs/V11/members')).json().total).toBe(1);
    await sameAsTwoStatements();

    // revoked (ended the day it began: the row goes), then given again narrower (read only): the same session
    // loses the org at once, then reads it without writing
    await endGrant(ctx, id, g.id);
    expect((await read()).statusCode).toBe(404);
    expect((await far.get('/api/v1/orgs/V11/members')).statusCode).toBe(404);
    await addGrant(ctx, id, { orgCode: 'V11', actions: ['read'] });
    expect((await read()).statusCode).toBe(200);
    expect((await write()).statusCode).toBe(403);
    await sameAsTwoStatements();

    // the member moved out of the granted org: gone from its roster, and no longer read through the grant
    await recordMemberEvent(ctx, m11.id, { kind: 'move', effectiveOn: TODAY, orgCode: 'V12' });
    expect((await far.get('/api/v1/orgs/V11/members')).json()).toMatchObject({ total: 0, items: [] });
    expect((await read()).statusCode).toBe(404);
    // the granted org moved to the viewer's own township: its members leave T1's roster for T2's
    const m2 = await member(ctx, 'V11', '甲村新党员');
    expect((await near.get('/api/v1/orgs/T1/members')).json().total).toBe(2);
    await moveOrg(ctx, 'V11', 'T2');
    const t1 = (await near.get('/api/v1/orgs/T1/members')).json();
    expect([t1.total, t1.items.map((i: { id: number }) => i.id)]).toEqual([1, [m11.id]]);
    expect((await near.get(`/api/v1/members/${m2.id}`)).statusCode).toBe(404);
    const t2 = (await far.get('/api/v1/orgs/T2/members')).json();
    expect([t2.total, t2.items.map((i: { id: number }) => i.id)]).toEqual([1, [m2.id]]);
    expect((await far.get(`/api/v1/members/${m2.id}`)).statusCode).toBe(200);
    await sameAsTwoStatements();

    // a password reset and a disabled account end the session at once
    await resetPassword(ctx, id);
    expect((await far.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect(await sessionAccount(h.db, hash, TODAY)).toBeNull();
    const nearId = (
      await h.db.query<{ id: number }>('SELECT id FROM app_user WHERE username = $1', [near.username])
    )[0]!.id;
    expect((await near.get('/api/v1/auth/me')).statusCode).toBe(200);
    await setUserDisabled(ctx, nearId, true);
    expect((await near.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await near.get('/api/v1/orgs/T2/members')).statusCode).toBe(401);
  });
});
