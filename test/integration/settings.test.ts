/**
 * Local settings per deployment (decision 0007): effective dating (a future value is not in force today, a past
 * one re-judges history and needs a note), validation, who may change them, the audit entry, statistics after a
 * change of the standing bands, and sign-in under a changed lock-out limit.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { describeDb, TODAY } from '../helpers/db.js';
import { member, smallCounty } from '../helpers/factory.js';
import { signIn, type Client } from '../helpers/http.js';
import { buildServer } from '../../src/server/app.js';
import { fixedClock } from '../../src/services/context.js';
import { changeSetting, listSettingHistory, listSettings, settingsAt } from '../../src/services/settings.js';
import { getLiveStats, getStats } from '../../src/services/stats.js';
import { createUser, loginFailedMessage } from '../../src/services/accounts.js';
import { bandsFromUpperBounds, DEFAULT_SETTINGS } from '../../src/policy/settings.js';
import { addDays } from '../../src/shared/dates.js';

const H = { 'x-requested-with': 'jiceng' };

describeDb('local settings', (h) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildServer({ db: h.db, clock: fixedClock(TODAY), logLevel: 'silent' });
  });
  afterAll(async () => {
    await app.close();
  });

  const put = (c: Client, key: string, payload: object) =>
    c.req({ method: 'PUT', url: `/api/v1/settings/${key}`, payload });

  it('puts a value from a future date in force on that date only, and a past one from then (with a note)', async () => {
    const ctx = h.ctx();
    const later = addDays(TODAY, 10);
    await changeSetting(ctx, 'termEndingSoonMonths', { value: 3, effectiveFrom: later, note: null });
    expect((await settingsAt(h.db, TODAY)).termEndingSoonMonths).toBe(6);
    expect((await settingsAt(h.db, later)).termEndingSoonMonths).toBe(3);
    let view = (await listSettings(ctx)).settings.find((s) => s.key === 'termEndingSoonMonths')!;
    expect(view).toMatchObject({ value: 6, valueText: '6个月', changed: false, current: null });
    expect(view.scheduled.map((s) => [s.effectiveFrom, s.value, s.state])).toEqual([[later, 3, 'scheduled']]);

    // a past date re-judges history from then: allowed, but only with a note
    await expect(
      changeSetting(ctx, 'termEndingSoonMonths', { value: 12, effectiveFrom: '2026-01-01', note: '  ' }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('请在“说明”中写明原因'),
    });
    await changeSetting(ctx, 'termEndingSoonMonths', {
      value: 12,
      effectiveFrom: '2026-01-01',
      note: '按县委组织部2026年1号文件，换届提醒提前到一年',
    });
    // on one date, the later change wins
    await changeSetting(ctx, 'termEndingSoonMonths', { value: 9, effectiveFrom: '2026-01-01', note: '更正' });
    expect((await settingsAt(h.db, '2025-12-31')).termEndingSoonMonths).toBe(6);
    expect((await settingsAt(h.db, '2026-01-01')).termEndingSoonMonths).toBe(9);
    expect((await settingsAt(h.db, TODAY)).termEndingSoonMonths).toBe(9);
    expect((await settingsAt(h.db, later)).termEndingSoonMonths).toBe(3);
    view = (await listSettings(ctx)).settings.find((s) => s.key === 'termEndingSoonMonths')!;
    expect(view).toMatchObject({ value: 9, changed: true, defaultText: '6个月' });
    expect(view.current).toMatchObject({ effectiveFrom: '2026-01-01', note: '更正', changedBy: null });
    expect((await listSettingHistory(ctx)).map((c) => [c.effectiveFrom, c.value, c.state])).toEqual([
      [later, 3, 'scheduled'],
      ['2026-01-01', 9, 'in_force'],
      ['2026-01-01', 12, 'superseded'],
    ]);
  });

  it('refuses bad values with a clear Chinese message, and unknown settings', async () => {
    await smallCounty(h.ctx());
    const admin = await signIn(app, h.ctx(), 'county_admin', 'C');
    const [b0, b1, b2] = bandsFromUpperBounds([5, 10]);
    const gap = await put(admin, 'standingBands', {
      value: [b0, { ...b1!, min: 7 }, b2],
      effectiveFrom: TODAY,
    });
    expect(gap.statusCode).toBe(400);
    expect(gap.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: '党龄分段：党龄段不连续：「5年及以下」到5年为止，「6至10年」从7年开始，6年没有归入任何一段',
      details: [{ path: ['value', 1, 'min'] }],
    });
    const overlap = await put(admin, 'standingBands', {
      value: [b0, { ...b1!, min: 4 }, b2],
      effectiveFrom: TODAY,
    });
    expect(overlap.json().error.message).toContain('4至5年同时属于两段');
    const zero = await put(admin, 'accounts.lockMinutes', { value: 0, effectiveFrom: TODAY });
    expect(zero.statusCode).toBe(400);
    expect(zero.json().error.message).toBe('锁定时长：锁定时长不能小于1分钟（0分钟等于不锁定）');
    const text = await put(admin, 'accounts.maxFailedLogins', { value: '五', effectiveFrom: TODAY });
    expect(text.json().error.message).toBe('连续输错密码锁定次数：锁定次数应为整数');
    const noValue = await put(admin, 'termEndingSoonMonths', { effectiveFrom: TODAY });
    expect(noValue.statusCode).toBe(400);
    const badDate = await put(admin, 'termEndingSoonMonths', { value: 3, effectiveFrom: '2026-02-30' });
    expect(badDate.statusCode).toBe(400);
    const farAhead = await put(admin, 'termEndingSoonMonths', { value: 3, effectiveFrom: '2040-01-01' });
    expect(farAhead.json().error.message).toBe('生效日期不能晚于5年以后');
    const unknown = await put(admin, 'noSuchSetting', { value: 3, effectiveFrom: TODAY });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message).toBe('没有名为“noSuchSetting”的设置');
    expect(await h.db.query('SELECT 1 FROM local_setting')).toHaveLength(0);
  });

  it('lets only an administrator of the whole county change them; every signed-in account reads them', async () => {
    await smallCounty(h.ctx());
    const body = { value: 4, effectiveFrom: TODAY, note: null };
    const root = await signIn(app, h.ctx(), 'county_admin', 'C');
    const wide = await signIn(app, h.ctx(), 'county_admin', null);
    const township = await signIn(app, h.ctx(), 'county_admin', 'T1');
    const officer = await signIn(app, h.ctx(), 'township_officer', 'T1');
    const viewer = await signIn(app, h.ctx(), 'viewer', 'C');
    const secretary = await signIn(app, h.ctx(), 'branch_secretary', 'V11');
    const m = await member(h.ctx(), 'V11', '本人');
    const own = await signIn(app, h.ctx(), 'member', 'V11', { memberId: m.id });

    for (const c of [township, officer, viewer, secretary, own]) {
      const r = await put(c, 'termEndingSoonMonths', body);
      expect(r.statusCode, c.username).toBe(403);
      expect(r.json().error.code).toBe('FORBIDDEN');
    }
    expect(await h.db.query('SELECT 1 FROM local_setting')).toHaveLength(0);
    expect((await put(root, 'termEndingSoonMonths', body)).statusCode).toBe(200);
    expect((await put(wide, 'termEndingSoonMonths', { ...body, value: 5 })).statusCode).toBe(200);

    for (const [c, canManage] of [
      [root, true],
      [wide, true],
      [township, false],
      [officer, false],
      [viewer, false],
      [own, false],
    ] as const) {
      const r = await c.get('/api/v1/settings');
      expect(r.statusCode, c.username).toBe(200);
      expect(r.json()).toMatchObject({ today: TODAY, canManage });
      expect(r.json().settings.find((s: { key: string }) => s.key === 'termEndingSoonMonths').value).toBe(5);
      expect((await c.get('/api/v1/settings/history')).statusCode).toBe(200);
    }
    const view = (await viewer.get('/api/v1/settings')).json();
    expect(view.settings.map((s: { key: string }) => s.key)).toEqual([
      'standingBands',
      'termEndingSoonMonths',
      'termSecondWarningMonths',
      'termLastWarningMonths',
      'partyLectureMonths',
      'duesFarmerFen',
      'duesRoundingFen',
      'duesRecheckMonths',
      'recruitmentRules',
      'transferLetterMonths',
      'lostContactNoticeMonths',
      'recruitmentIdleYears',
      'secretaryVacantRedMonths',
      'secretaryMaxAge',
      'lifeMissedRedPeriods',
      'ageingAmberPoints',
      'ageingRedPoints',
      'admissionAmberYears',
      'probationOverdueRedMonths',
      'supervision.analysisView',
      'screening.ratioPercent',
      'screening.petitionThreshold',
      'screening.satisfactionMinPercent',
      'screening.passScore',
      'screening.dissatisfiedMaxPercent',
      'screening.watchMonths',
      'assessment.scheme',
      'assessment.rectifyBelowStars',
      'review.majorityPercent',
      'review.followUpFrom',
      'sampling.lateEntryDays',
      'sampling.bulkEntryMeetings',
      'accounts.maxFailedLogins',
      'accounts.lockMinutes',
      'accounts.sessionHours',
    ]);
    expect(view.settings[0]).toMatchObject({
      label: '党龄分段',
      unit: '年',
      default: DEFAULT_SETTINGS.standingBands,
      changed: false,
      source: expect.stringContaining('党章第七条'),
    });
    // the official rule set in force, so the web needs no copy of it
    expect(view.rules).toMatchObject({ id: 'national-2018', effectiveFrom: '2018-10-28' });
    expect(view.rules.ageBands[0]).toEqual({ key: '0-30', zh: '30岁及以下', min: null, max: 30 });
    expect(view.rules.joinPeriods.at(-1)).toEqual({
      key: 'since_2012',
      zh: '党的十八大以来',
      from: '2012-11-08',
      before: null,
    });
    const history = (await viewer.get('/api/v1/settings/history?key=termEndingSoonMonths')).json();
    expect(history.map((c: { changedBy: string; value: number }) => [c.changedBy, c.value])).toEqual([
      [wide.username, 5],
      [root.username, 4],
    ]);
    expect((await app.inject({ method: 'GET', url: '/api/v1/settings' })).statusCode).toBe(401);
  });

  it('writes an audit entry for every change, naming who made it', async () => {
    await smallCounty(h.ctx());
    const admin = await signIn(app, h.ctx(), 'county_admin', 'C');
    const r = await put(admin, 'accounts.sessionHours', {
      value: 8,
      effectiveFrom: TODAY,
      note: '缩短为8小时',
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({
      key: 'accounts.sessionHours',
      value: 8,
      valueText: '8小时',
      changed: true,
    });
    const entries = await h.db.query<{
      action: string;
      actor_label: string;
      entity_id: string;
      after: Record<string, unknown>;
    }>(`SELECT action, actor_label, entity_id, after FROM audit_log WHERE entity = 'local_setting'`);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: 'insert',
      actor_label: admin.username,
      after: { key: 'accounts.sessionHours', value: 8, effective_from: TODAY, note: '缩短为8小时' },
    });
    const [row] = await h.db.query<{ id: number; changed_by: number }>(
      'SELECT id, changed_by FROM local_setting',
    );
    expect(entries[0]!.entity_id).toBe(String(row!.id));
    const [u] = await h.db.query<{ id: number }>('SELECT id FROM app_user WHERE username = $1', [
      admin.username,
    ]);
    expect(row!.changed_by).toBe(u!.id);
  });

  it('counts standing in the bands in force on each date, the maintained figures equal to a live recount', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    // standing on TODAY (2026-11-22): 0, 3, 8, 12, 26 and 51 full years, and one probationary member
    const confirmations = [
      '2026-10-01',
      '2023-05-01',
      '2018-01-01',
      '2014-06-30',
      '2000-01-01',
      '1975-01-01',
    ];
    for (const [i, confirmedOn] of confirmations.entries())
      await member(ctx, i % 2 ? 'V11' : 'V21', `党员${i}`, {
        birth: '1950-01-01',
        joinedOn: addDays(confirmedOn, -365),
        confirmedOn,
      });
    await member(ctx, 'V12', '预备', { status: 'probationary', joinedOn: '2026-03-01', confirmedOn: null });
    const before = await getStats(ctx, 'C');
    expect(before.standing).toEqual({
      '0-5': 2,
      '6-10': 1,
      '11-20': 1,
      '21-30': 1,
      '31-40': 0,
      '41-50': 0,
      '51+': 1,
      none: 1,
    });
    expect(before.standingBands.map((b) => b.zh)).toEqual(DEFAULT_SETTINGS.standingBands.map((b) => b.zh));

    // the county counts in bands of 10 years from the start of 2026: the years before keep the old bands
    const admin = await signIn(app, ctx, 'county_admin', 'C');
    const tens = bandsFromUpperBounds([9, 19, 29]);
    const r = await put(admin, 'standingBands', {
      value: tens,
      effectiveFrom: '2026-01-01',
      note: '按市委组织部统计表口径',
    });
    expect(r.statusCode).toBe(200);
    expect(r.json().valueText).toBe('9年及以下、10至19年、20至29年、30年及以上');

    const now = h.ctx({ settings: await settingsAt(h.db, TODAY) });
    const after = await getStats(now, 'C');
    expect(after.source).toBe('rollup');
    expect(after.standing).toEqual({ '0-9': 3, '10-19': 1, '20-29': 1, '30+': 1, none: 1 });
    expect(after.standingBands.map((b) => b.key)).toEqual(['0-9', '10-19', '20-29', '30+']);
    expect({ ...after, source: 'live' }).toEqual(await getLiveStats(now, 'C'));
    for (const code of ['T1', 'T2', 'V11', 'V21'])
      expect({ ...(await getStats(now, code)), source: 'live' }).toEqual(await getLiveStats(now, code));
    // the statistics of a date before the change keep the bands of their time, those after it take the new ones
    expect(Object.keys((await getStats(now, 'C', '2025-12-31')).standing)).toContain('51+');
    expect((await getStats(now, 'C', '2026-06-30')).standingBands.map((b) => b.key)).toEqual(
      tens.map((b) => b.key),
    );
    // over HTTP the server's cache was renewed by the change
    const viaApi = (await admin.get('/api/v1/orgs/C/stats')).json();
    expect(viaApi.standing).toEqual(after.standing);
    // nothing in the maintained aggregates depends on the bands
    const cells = await h.db.query<{ key: string }>(
      "SELECT DISTINCT key FROM org_stat WHERE dim = 'standing' AND n <> 0 ORDER BY key",
    );
    expect(cells.map((c) => c.key)).toEqual(['0', '12', '26', '3', '51', '8', 'none']);
  });

  it('locks an account at a changed limit of wrong passwords, and says so', async () => {
    await smallCounty(h.ctx());
    const admin = await signIn(app, h.ctx(), 'county_admin', 'C');
    expect(
      (await put(admin, 'accounts.maxFailedLogins', { value: 3, effectiveFrom: TODAY, note: null }))
        .statusCode,
    ).toBe(200);
    expect(
      (await put(admin, 'accounts.lockMinutes', { value: 30, effectiveFrom: TODAY, note: null })).statusCode,
    ).toBe(200);
    const password = 'Passw0rd-lock';
    await createUser(h.ctx(), {
      username: 'li',
      displayName: '李',
      role: 'branch_secretary',
      orgCode: 'V11',
      password,
    });
    const attempt = (pw: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: H,
        payload: { username: 'li', password: pw },
        remoteAddress: '10.9.0.1',
      });
    const message = loginFailedMessage({ maxFailedLogins: 3, lockMinutes: 30, sessionHours: 12 });
    expect(message).toBe(
      '用户名或密码不正确。连续输错3次账号将锁定30分钟；如账号被锁定或停用，请联系管理员。',
    );
    for (let i = 1; i <= 3; i++) {
      const r = await attempt('wrong-pass-9');
      expect(r.statusCode).toBe(401);
      expect(r.json().error.message).toBe(message);
    }
    const [row] = await h.db.query<{ failed_logins: number; minutes: number }>(
      `SELECT failed_logins, round(extract(epoch from locked_until - $1::timestamptz) / 60)::int AS minutes
         FROM app_user WHERE username = 'li'`,
      [fixedClock(TODAY).now().toISOString()],
    );
    expect(row).toEqual({ failed_logins: 3, minutes: 30 });
    expect((await attempt(password)).statusCode).toBe(401);
  });
});

describeDb('migration 0003: standing aggregates in full years', (h) => {
  it('turns the standing cells kept in bands into full years, as a rebuild counts them', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    for (const [i, confirmedOn] of ['2026-10-01', '2014-06-30', '2000-01-01', '1975-01-01'].entries())
      await member(ctx, i % 2 ? 'V11' : 'V22', `党员${i}`, {
        birth: '1940-01-01',
        joinedOn: addDays(confirmedOn, -365),
        confirmedOn,
      });
    await member(ctx, 'V12', '预备', { status: 'probationary', joinedOn: '2026-03-01', confirmedOn: null });
    await getStats(ctx, 'C');
    const cells = () =>
      h.db.query<{ org_id: number; key: string; n: number }>(
        "SELECT org_id, key, n FROM org_stat WHERE dim = 'standing' AND n <> 0 ORDER BY org_id, key",
      );
    const rebuilt = await cells();
    expect(rebuilt.length).toBeGreaterThan(0);
    // the cells as the versions before kept them: in the default bands
    await h.db.exec(`
      CREATE TEMP TABLE old_cells AS
        SELECT org_id, CASE WHEN key = 'none' THEN 'none'
                            ${DEFAULT_SETTINGS.standingBands
                              .map(
                                (b) =>
                                  `WHEN key::int >= ${b.min}${b.max === null ? '' : ` AND key::int <= ${b.max}`} THEN '${b.key}'`,
                              )
                              .join(' ')} END AS key, sum(n)::int AS n
          FROM org_stat WHERE dim = 'standing' GROUP BY 1, 2;
      DELETE FROM org_stat WHERE dim = 'standing';
      INSERT INTO org_stat (org_id, dim, key, n) SELECT org_id, 'standing', key, n FROM old_cells;
      DROP TABLE old_cells;`);
    expect((await cells()).some((c) => c.key === '51+')).toBe(true);

    const sql = readFileSync(
      join(import.meta.dirname, '../../src/db/migrations/0003_local_settings.sql'),
      'utf8',
    );
    const recount = sql
      .split('--> statement-breakpoint')
      .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
      .filter((s) => /^(DELETE FROM|INSERT INTO) org_stat\b/.test(s));
    expect(recount).toHaveLength(2);
    await h.db.transaction(async (tx) => {
      for (const s of recount) await tx.exec(s);
    });
    expect(await cells()).toEqual(rebuilt);
    expect({ ...(await getStats(ctx, 'C')), source: 'live' }).toEqual(await getLiveStats(ctx, 'C'));
  });
});
