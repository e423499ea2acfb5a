/**
 * Behind a reverse proxy: the session cookie can be marked Secure, and the client address comes from
 * X-Forwarded-For only when the connection is from a trusted proxy (the audit log and the sign-in limit use it).
 */
import { expect, it } from 'vitest';
import { buildServer } from '../../src/server/app.js';
import { createUser } from '../../src/services/accounts.js';
import { fixedClock } from '../../src/services/context.js';
import { loadConfig } from '../../src/config.js';
import { memoryAnchorStore, startAnchoring } from '../../src/services/audit-anchor.js';
import { verifyAudit } from '../../src/services/audit.js';
import { describeDb, TODAY } from '../helpers/db.js';
import { smallCounty } from '../helpers/factory.js';

describeDb('behind a reverse proxy', (h) => {
  const password = 'Passw0rd-proxy';
  const login = (app: Awaited<ReturnType<typeof buildServer>>, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: '10.0.0.2',
      headers: { 'x-requested-with': 'jiceng', ...headers },
      payload: { username: 'proxyuser', password },
    });
  const seedAccount = async () => {
    await smallCounty(h.ctx());
    await createUser(h.ctx(), {
      username: 'proxyuser',
      displayName: 'p',
      role: 'county_admin',
      orgCode: 'C',
      password,
    });
  };
  const lastLoginIp = async () =>
    (
      await h.db.query<{ ip: string | null }>(
        `SELECT ip FROM audit_log WHERE action = 'login' ORDER BY id DESC LIMIT 1`,
      )
    )[0]?.ip;

  it('marks the session cookie Secure when configured, and not otherwise', async () => {
    await seedAccount();
    for (const secure of [true, false]) {
      const app = await buildServer({
        db: h.db,
        clock: fixedClock(TODAY),
        logLevel: 'silent',
        secureCookies: secure,
      });
      const res = await login(app);
      expect(res.statusCode).toBe(200);
      const cookie = res.cookies.find((c) => c.name === 'jiceng_session')!;
      expect(cookie.secure === true).toBe(secure);
      expect(cookie.httpOnly).toBe(true);
      expect(cookie.sameSite).toBe('Strict');
      await app.close();
    }
  });

  it('believes X-Forwarded-For only from a trusted proxy', async () => {
    await seedAccount();
    const trusting = await buildServer({
      db: h.db,
      clock: fixedClock(TODAY),
      logLevel: 'silent',
      trustProxy: ['10.0.0.0/8'],
    });
    expect((await login(trusting, { 'x-forwarded-for': '203.0.113.7' })).statusCode).toBe(200);
    expect(await lastLoginIp()).toBe('203.0.113.7');
    await trusting.close();
    const plain = await buildServer({ db: h.db, clock: fixedClock(TODAY), logLevel: 'silent' });
    expect((await login(plain, { 'x-forwarded-for': '203.0.113.7' })).statusCode).toBe(200);
    expect(await lastLoginIp()).toBe('10.0.0.2');
    await plain.close();
    // a proxy that is not on the list cannot choose the address either
    const other = await buildServer({
      db: h.db,
      clock: fixedClock(TODAY),
      logLevel: 'silent',
      trustProxy: ['192.0.2.1'],
    });
    expect((await login(other, { 'x-forwarded-for': '203.0.113.7' })).statusCode).toBe(200);
    expect(await lastLoginIp()).toBe('10.0.0.2');
    await other.close();
  });

  it('anchors the audit chain after requests, so a deleted tail is found', async () => {
    await seedAccount();
    const store = memoryAnchorStore();
    const anchoring = startAnchoring(h.db, store, { debounceMs: 5 });
    const app = await buildServer({
      db: h.db,
      clock: fixedClock(TODAY),
      logLevel: 'silent',
      auditAnchoring: anchoring,
    });
    expect((await login(app)).statusCode).toBe(200);
    await new Promise((r) => setTimeout(r, 50));
    await anchoring.flush();
    const [last] = await h.db.query<{ id: number }>('SELECT max(id)::int AS id FROM audit_log');
    expect((await store.read())?.id).toBe(last!.id);
    const ok = await verifyAudit(h.db, store);
    expect(ok).toMatchObject({ ok: true, anchored: true, unanchored: 0 });
    // the sign-in's entry deleted the way a superuser would
    await h.db.exec('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    await h.db.query('DELETE FROM audit_log WHERE id = $1', [last!.id]);
    await h.db.exec('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    const broken = await verifyAudit(h.db, store);
    expect(broken.ok).toBe(false);
    expect(broken.firstBroken?.reason).toBe('tail_deleted');
    await anchoring.close();
    await app.close();
  });

  it('reads both settings from the environment', () => {
    const saved = { ...process.env };
    try {
      process.env.JICENG_SECURE_COOKIES = 'true';
      process.env.JICENG_TRUST_PROXY = '127.0.0.1, 10.0.0.0/8';
      const c = loadConfig();
      expect(c.JICENG_SECURE_COOKIES).toBe(true);
      expect(c.JICENG_TRUST_PROXY).toEqual(['127.0.0.1', '10.0.0.0/8']);
      delete process.env.JICENG_SECURE_COOKIES;
      delete process.env.JICENG_TRUST_PROXY;
      const d = loadConfig();
      expect(d.JICENG_SECURE_COOKIES).toBe(false);
      expect(d.JICENG_TRUST_PROXY).toEqual([]);
    } finally {
      process.env = saved;
    }
  });
});
