/**
 * Sign-in and session defences (security review, issue 7): the lock-out holds under a parallel burst, every refused
 * sign-in looks and costs the same, a password change ends the account's other sessions, and only failed sign-ins
 * are rate-limited per address (a parallel burst included).
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { describeDb, TODAY } from '../helpers/db.js';
import { smallCounty } from '../helpers/factory.js';
import { signIn } from '../helpers/http.js';
import { buildServer } from '../../src/server/app.js';
import { DEFAULT_SETTINGS } from '../../src/policy/settings.js';
import { fixedClock } from '../../src/services/context.js';
import type { Db } from '../../src/db/client.js';
import {
  DUMMY_PASSWORD_HASH,
  createUser,
  hashPassword,
  login,
  loginFailedMessage,
  verifyPassword,
} from '../../src/services/accounts.js';

const H = { 'x-requested-with': 'jiceng' };

/** A handle that writes down every statement it runs (and where transactions begin and end). */
function recording(db: Db, log: string[]): Db {
  const wrap = (inner: Db): Db => ({
    kind: inner.kind,
    query: <T>(sql: string, params?: readonly unknown[]) => {
      log.push(sql.replace(/\s+/g, ' ').trim());
      return inner.query<T>(sql, params);
    },
    exec: (sql) => {
      log.push(sql.replace(/\s+/g, ' ').trim());
      return inner.exec(sql);
    },
    transaction: async (fn) => {
      log.push('BEGIN');
      try {
        return await inner.transaction((tx) => fn(wrap(tx)));
      } finally {
        log.push('END');
      }
    },
    copyIn: (table, columns, chunks) => inner.copyIn(table, columns, chunks),
    copyOut: (query) => inner.copyOut(query),
    close: () => inner.close(),
  });
  return wrap(db);
}

describeDb('sign-in security', (h) => {
  let app: FastifyInstance;
  let address = 0;
  beforeAll(async () => {
    app = await buildServer({ db: h.db, clock: fixedClock(TODAY), logLevel: 'silent' });
  });
  afterAll(async () => {
    await app.close();
  });
  beforeEach(async () => {
    await smallCounty(h.ctx());
  });
  /** A fresh client address (the limiter counts per address and lives as long as the app). */
  const newAddress = () => `10.7.${Math.floor(++address / 250)}.${(address % 250) + 1}`;
  const loginFrom = (remoteAddress: string, username: string, password: string) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: H,
      payload: { username, password },
      remoteAddress,
    });
  const account = async (username: string, password: string) =>
    (
      await createUser(h.ctx(), {
        username,
        displayName: username,
        role: 'branch_secretary',
        orgCode: 'V11',
        password,
      })
    ).user.id;
  const refused = () => ({
    error: { code: 'AUTH_FAILED', message: loginFailedMessage(DEFAULT_SETTINGS.accounts) },
  });

  it('locks an account at the limit when wrong passwords arrive all at once, and then refuses the right one', async () => {
    const password = 'Passw0rd-burst';
    await account('burst', password);
    const answers = await Promise.all(
      Array.from({ length: 15 }, () => loginFrom(newAddress(), 'burst', 'wrong-pass-1')),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(Array(15).fill(401));
    for (const a of answers) expect(a.json()).toEqual(refused());
    const [row] = await h.db.query<{ failed_logins: number; locked: boolean }>(
      `SELECT failed_logins, locked_until > $1::timestamptz AS locked FROM app_user WHERE username = 'burst'`,
      [fixedClock(TODAY).now().toISOString()],
    );
    // exactly the limit was counted; the lock came with the last of them
    expect(row).toEqual({ failed_logins: DEFAULT_SETTINGS.accounts.maxFailedLogins, locked: true });
    const right = await loginFrom(newAddress(), 'burst', password);
    expect(right.statusCode).toBe(401);
    expect(right.json()).toEqual(refused());
    expect(right.cookies).toHaveLength(0);
    const reasons = await h.db.query<{ reason: string; n: number }>(
      `SELECT after->>'reason' AS reason, count(*)::int AS n FROM audit_log
        WHERE action = 'login_failed' AND after->>'username' = 'burst' GROUP BY 1 ORDER BY 1`,
    );
    expect(reasons).toEqual([
      { reason: 'locked', n: 16 - DEFAULT_SETTINGS.accounts.maxFailedLogins },
      { reason: 'wrong_password', n: DEFAULT_SETTINGS.accounts.maxFailedLogins },
    ]);
    expect(await h.db.query(`SELECT 1 FROM user_session`)).toHaveLength(0);
  });

  it('keeps the lock when sign-ins with the right and wrong password race on the service', async () => {
    const password = 'Passw0rd-race';
    await account('race', password);
    const deps = { db: h.db, clock: fixedClock(TODAY) };
    const attempts = [
      ...Array.from({ length: 12 }, () => ({ username: 'race', password: 'wrong-pass-2', ip: null })),
      ...Array.from({ length: 3 }, () => ({ username: 'race', password, ip: null })),
    ];
    const results = await Promise.allSettled(attempts.map((a) => login(deps, a)));
    const signedIn = results.filter((r) => r.status === 'fulfilled').length;
    // replay the attempts in the order they were decided (each one's audit entry is written while it holds the
    // account's row): at most the limit is counted after a success, nothing gets in once it is reached
    const decided = await h.db.query<{ action: string; reason: string | null }>(
      `SELECT action, after->>'reason' AS reason FROM audit_log
        WHERE action IN ('login', 'login_failed') ORDER BY id`,
    );
    expect(decided).toHaveLength(attempts.length);
    let run = 0;
    for (const d of decided) {
      const locked = run >= DEFAULT_SETTINGS.accounts.maxFailedLogins;
      if (d.action === 'login') {
        expect(locked).toBe(false);
        run = 0;
      } else if (d.reason === 'wrong_password') {
        expect(locked).toBe(false);
        run++;
      } else {
        expect(d.reason).toBe('locked');
        expect(locked).toBe(true);
      }
    }
    expect(decided.filter((d) => d.action === 'login')).toHaveLength(signedIn);
    const [row] = await h.db.query<{ failed_logins: number; locked_until: string | null }>(
      `SELECT failed_logins, locked_until FROM app_user WHERE username = 'race'`,
    );
    expect(row!.failed_logins).toBe(run);
    expect(row!.locked_until !== null).toBe(run >= DEFAULT_SETTINGS.accounts.maxFailedLogins);
    const sessions = await h.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM user_session`);
    expect(sessions[0]!.n).toBe(signedIn);
  });

  it('answers an unknown user, a wrong password, a disabled and a locked account alike, after the same work', async () => {
    // the dummy hash an unknown username is checked against costs what a real one does
    expect(DUMMY_PASSWORD_HASH.split('$').slice(0, 4)).toEqual(
      (await hashPassword('Passw0rd-any')).split('$').slice(0, 4),
    );
    await account('real', 'Passw0rd-real');
    const offId = await account('off', 'Passw0rd-off');
    await account('held', 'Passw0rd-held');
    await h.db.query(`UPDATE app_user SET disabled = true WHERE id = $1`, [offId]);
    const until = new Date(fixedClock(TODAY).now().getTime() + 10 * 60_000).toISOString();
    await h.db.query(`UPDATE app_user SET locked_until = $1 WHERE username = 'held'`, [until]);
    const cases = [
      { reason: 'unknown_user', username: 'nobody-here', password: 'Passw0rd-any' },
      { reason: 'wrong_password', username: 'real', password: 'wrong-pass-3' },
      { reason: 'disabled', username: 'off', password: 'Passw0rd-off' },
      { reason: 'locked', username: 'held', password: 'Passw0rd-held' },
    ];

    // the same answer over HTTP: status, body, no cookie
    const answers = [];
    for (const c of cases) answers.push(await loginFrom(newAddress(), c.username, c.password));
    for (const a of answers) {
      expect(a.statusCode).toBe(401);
      expect(a.body).toBe(answers[0]!.body);
      expect(a.cookies).toHaveLength(0);
    }
    expect(answers[0]!.json()).toEqual(refused());

    // the same work: one password verification and the same statements, in the same order
    const work: { statements: string[]; verifies: number }[] = [];
    for (const c of cases) {
      const statements: string[] = [];
      let verifies = 0;
      const verify = (hash: string, password: string) => {
        verifies++;
        return verifyPassword(hash, password);
      };
      await expect(
        login(
          { db: recording(h.db, statements), clock: fixedClock(TODAY), verify },
          { username: c.username, password: c.password, ip: '10.8.0.1' },
        ),
      ).rejects.toMatchObject({
        code: 'AUTH_FAILED',
        message: loginFailedMessage(DEFAULT_SETTINGS.accounts),
      });
      work.push({ statements, verifies });
    }
    for (const w of work) {
      expect(w.verifies).toBe(1);
      expect(w.statements).toEqual(work[0]!.statements);
    }
    expect(work[0]!.statements.some((s) => s.startsWith('UPDATE app_user'))).toBe(true);
    expect(work[0]!.statements.some((s) => s.startsWith('INSERT INTO audit_log'))).toBe(true);

    // the audit log keeps the real reason, written by no one (no system actor)
    const logged = await h.db.query<{ actor_id: number | null; actor_label: string; reason: string }>(
      `SELECT actor_id, actor_label, after->>'reason' AS reason FROM audit_log
        WHERE action = 'login_failed' AND ip = '10.8.0.1' ORDER BY id`,
    );
    expect(logged).toEqual(
      cases.map((c) => ({ actor_id: null, actor_label: 'anonymous', reason: c.reason })),
    );
    expect(
      await h.db.query(`SELECT 1 FROM audit_log WHERE actor_label LIKE 'system:%' AND action LIKE 'login%'`),
    ).toHaveLength(0);

    // an unknown username's failure concerns no org: a root-bound administrator browsing the whole history sees it
    // with its reason; a township's officer, or the history of one org, does not
    const failures = async (who: Awaited<ReturnType<typeof signIn>>, query = '') => {
      const r = await who.get(`/api/v1/audit?pageSize=200${query}`);
      expect(r.statusCode, r.body).toBe(200);
      return (r.json().items as { action: string; after: { username?: string; reason?: string } }[])
        .filter((i) => i.action === 'login_failed')
        .map((i) => `${i.after.username}:${i.after.reason}`);
    };
    const admin = await signIn(app, h.ctx(), 'county_admin', 'C');
    expect(await failures(admin)).toContain('nobody-here:unknown_user');
    expect(await failures(admin, '&orgCode=C')).not.toContain('nobody-here:unknown_user');
    const officer = await signIn(app, h.ctx(), 'township_officer', 'T1');
    const seen = await failures(officer);
    expect(seen).not.toContain('nobody-here:unknown_user');
    // (the officer's own township's accounts' failures are theirs to see: a branch account of V11)
    expect(seen).toContain('real:wrong_password');
    // an officer bound at the county's root reads its whole history, but is no administrator: a typed username may be
    // a mistyped password
    const rootOfficer = await signIn(app, h.ctx(), 'township_officer', 'C');
    const rootSeen = await failures(rootOfficer);
    expect(rootSeen).toContain('real:wrong_password');
    expect(rootSeen).not.toContain('nobody-here:unknown_user');
  });

  it('ends the other sessions of an account whose password is changed, keeping the one that changed it', async () => {
    const password = 'Passw0rd-sess';
    const id = await account('sess', password);
    const sessions = [];
    for (let i = 0; i < 3; i++) {
      const r = await loginFrom(newAddress(), 'sess', password);
      expect(r.statusCode).toBe(200);
      sessions.push(`jiceng_session=${r.cookies[0]!.value}`);
    }
    const me = (cookie: string) => app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    const changed = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: { ...H, cookie: sessions[0]! },
      payload: { oldPassword: password, newPassword: 'NewPassw0rd-sess' },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await me(sessions[0]!)).statusCode).toBe(200);
    expect((await me(sessions[1]!)).statusCode).toBe(401);
    expect((await me(sessions[2]!)).statusCode).toBe(401);
    expect((await loginFrom(newAddress(), 'sess', password)).statusCode).toBe(401);
    const fresh = await loginFrom(newAddress(), 'sess', 'NewPassw0rd-sess');
    expect(fresh.statusCode).toBe(200);

    // a reset by an administrator ends every session, the one that changed the password included
    const admin = await signIn(app, h.ctx(), 'county_admin', 'C');
    expect((await admin.post(`/api/v1/users/${id}/reset-password`)).statusCode).toBe(200);
    expect((await me(sessions[0]!)).statusCode).toBe(401);
    expect((await me(`jiceng_session=${fresh.cookies[0]!.value}`)).statusCode).toBe(401);
  });

  it('rate-limits failed sign-ins per address, never successful ones, even when they arrive at once', async () => {
    const password = 'Passw0rd-busy';
    await account('busy', password);
    const office = newAddress();
    for (let i = 0; i < 25; i++) {
      const r = await loginFrom(office, 'busy', password);
      expect(r.statusCode, `sign-in ${i + 1}`).toBe(200);
    }
    // unknown usernames, so the account itself is never locked
    const attacker = newAddress();
    for (let i = 0; i < 20; i++) {
      const r = await loginFrom(attacker, `nobody${i}`, 'Passw0rd-guess');
      expect(r.statusCode).toBe(401);
    }
    const blocked = await loginFrom(attacker, 'busy', password);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('RATE_LIMITED');
    expect(blocked.cookies).toHaveLength(0);
    expect((await loginFrom(newAddress(), 'busy', password)).statusCode).toBe(200);
    expect((await loginFrom(office, 'busy', password)).statusCode).toBe(200);

    // a burst from one address cannot all pass the check before the failures are counted
    const burst = await Promise.all(
      Array.from({ length: 25 }, (_, i) => loginFrom('10.9.9.9', `nobody-b${i}`, 'Passw0rd-guess')),
    );
    const codes = burst.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 401)).toHaveLength(20);
    expect(codes.filter((c) => c === 429)).toHaveLength(5);
  });

  it('counts wrong old passwords at a password change like failed sign-ins', async () => {
    const password = 'Passw0rd-guess1';
    await account('guessed', password);
    const r = await loginFrom(newAddress(), 'guessed', password);
    const cookie = `jiceng_session=${r.cookies[0]!.value}`;
    const change = (oldPassword: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/password',
        remoteAddress: newAddress(),
        headers: { ...H, cookie },
        payload: { oldPassword, newPassword: 'Passw0rd-stolen1' },
      });
    // a stolen session guessing the password from many addresses is still limited, per account
    for (let i = 0; i < 20; i++) expect((await change(`Wrong-guess${i}`)).statusCode).toBe(401);
    const blocked = await change(password);
    expect(blocked.statusCode).toBe(429);
    expect((await loginFrom(newAddress(), 'guessed', password)).statusCode).toBe(200);
  });
});
