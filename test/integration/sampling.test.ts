/**
 * Sampling against falsification (抽查核实, decision 0038) on both engines: the county draws meetings of a period,
 * the draw is a record that replays to the same list from its seed, a meeting verified 不属实 carries the mark in its
 * org's meetings list and stops counting toward compliance (live and in the maintained rollup, which stays equal to
 * a full recomputation), a revision is a new entry with the history kept, a drawn meeting cannot be deleted, the
 * records are append-only, and only the county and a township (for its subtree) may draw or see draws.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/policy/settings.js';
import type { FastifyInstance } from 'fastify';
import { describeDb, TODAY } from '../helpers/db.js';
import { maintainedAndRecomputed } from '../helpers/life.js';
import { member, smallCounty } from '../helpers/factory.js';
import { signIn } from '../helpers/http.js';
import { buildServer } from '../../src/server/app.js';
import { fixedClock } from '../../src/services/context.js';
import { getCompliance, recordMeeting } from '../../src/services/meetings.js';
import { rebuildLife } from '../../src/services/life-rollup.js';
import { sampleCandidates } from '../../src/db/repositories/sampling.js';
import { draw } from '../../src/domain/sampling/sampling.js';
import { candidatesDigest } from '../../src/services/sampling.js';
import { getMemberDues, recordBasis, recordPayment, removePayment } from '../../src/services/dues.js';
import { getCase, openCase } from '../../src/services/recruitment.js';
import { idNumber } from '../helpers/factory.js';

interface Item {
  id: number;
  recordId: number;
  kind: string;
  mark: string | null;
  history: { result: string; verifier: string }[];
}

describeDb('sampling against falsification', (h) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildServer({ db: h.db, clock: fixedClock(TODAY), logLevel: 'silent' });
  });
  afterAll(async () => {
    await app.close();
  });

  it('draws, verifies and marks: a false meeting stops counting, the rollup stays equal to a recomputation', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    for (const code of ['V11', 'V12']) for (let i = 0; i < 3; i++) await member(ctx, code, `${code}党员${i}`);
    await rebuildLife(h.db, TODAY);
    // V11: a theme day every month January–July, V12: three theme days — ten meetings in the county
    const ids: Record<string, number> = {};
    for (let m = 1; m <= 7; m++) {
      const heldOn = `2026-0${m}-10`;
      ids[heldOn] = (
        await recordMeeting(ctx, 'V11', { kinds: ['theme_day'], heldOn, topic: `${m}月主题党日` })
      ).id;
    }
    for (const heldOn of ['2026-02-12', '2026-04-12', '2026-06-12'])
      await recordMeeting(ctx, 'V12', {
        kinds: ['theme_day'],
        heldOn,
        topic: '主题党日',
        // the same minutes word for word in all three: a consistency signal
        minutes: '学习了上级文件精神，大家结合实际谈了体会，一致表示要把学习成果落实到行动上。',
      });

    const county = await signIn(app, ctx, 'county_admin', 'C');
    const res = await county.post('/api/v1/samples', {
      orgCode: 'C',
      from: '2026-01-01',
      to: '2026-07-31',
      kinds: ['meeting'],
      size: 10,
    });
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json();
    expect(d).toMatchObject({
      orgCode: 'C',
      size: 10,
      candidates: 10,
      items: 10,
      verified: 0,
      falseCount: 0,
    });
    expect(d.seed).toMatch(/^[0-9a-f]{16}$/);
    expect(d.records).toHaveLength(10);
    const v12 = d.records.filter((r: { orgCode: string }) => r.orgCode === 'V12');
    for (const r of v12) expect(r.signals.map((s: { code: string }) => s.code)).toContain('same_minutes');
    // V12's meetings weigh more: their own signal (3) and their org's (2) on top of 1
    for (const r of v12) expect(r.weight).toBeGreaterThanOrEqual(6);

    // reproducible: the recorded seed over the same candidates gives the same list in the same order
    const rows = await sampleCandidates(
      h.db,
      '/',
      '2026-01-01',
      '2026-07-31',
      ['meeting'],
      DEFAULT_SETTINGS.sampling,
    );
    const cands = rows.map((r) => ({
      kind: r.kind,
      recordId: r.recordId,
      orgId: r.orgId,
      signals: r.signals,
    }));
    expect(candidatesDigest(cands)).toBe(d.candidatesDigest);
    const replay = draw(cands, 10, d.seed).map((c) => c.recordId);
    expect(replay).toEqual(d.records.map((r: Item) => r.recordId));
    // a smaller draw from the same seed is the replay's head (the order is the draw's)
    expect(draw(cands, 3, d.seed).map((c) => c.recordId)).toEqual(replay.slice(0, 3));

    const range = { from: '2026-01-01', to: '2026-07-31' };
    const themeDay = async () =>
      (await getCompliance(ctx, 'V11', range)).orgs
        .find((o) => o.code === 'V11')!
        .items.find((i) => i.type === 'theme_day')!;
    expect((await themeDay()).missing).not.toContain('2026-03');

    // the March meeting verified 不属实
    const march = d.records.find((r: Item) => r.recordId === ids['2026-03-10'])!;
    const bad = await county.post(`/api/v1/samples/items/${march.id}/verifications`, {
      result: 'false',
      verifier: '县委组织部 张三',
      verifiedOn: TODAY,
    });
    expect(bad.statusCode).toBe(409); // a note is needed for 不属实
    const v = await county.post(`/api/v1/samples/items/${march.id}/verifications`, {
      result: 'false',
      note: '当天村里无人组织活动，记录为事后补写',
      verifier: '县委组织部 张三',
      verifiedOn: TODAY,
    });
    expect(v.statusCode, v.body).toBe(200);
    expect(v.json()).toMatchObject({ verified: 1, falseCount: 1 });
    expect((await themeDay()).missing).toContain('2026-03');
    // the mark where the meeting is shown
    const list = (await county.get('/api/v1/orgs/V11/meetings?pageSize=50')).json();
    const items = (list.items ?? list.meetings ?? list) as { id: number; verification: string | null }[];
    expect(items.find((m) => m.id === ids['2026-03-10'])!.verification).toBe('false');
    expect(items.find((m) => m.id === ids['2026-04-10'])!.verification).toBeNull();
    expect((await county.get(`/api/v1/meetings/${ids['2026-03-10']}`)).json().verification).toBe('false');
    // the rollup: maintained in the verification's transaction, equal to a full recomputation
    const [maintained, recomputed] = await maintainedAndRecomputed(h.db);
    expect(maintained).toBe(recomputed);
    // the rollup's answer equals the live one
    const fast = await getCompliance(ctx, 'C', range);
    await h.db.query('DELETE FROM life_state');
    expect(await getCompliance(ctx, 'C', range)).toEqual(fast);
    await rebuildLife(h.db, TODAY);

    // revised by a new entry: counts again, both entries kept
    const r2 = await county.post(`/api/v1/samples/items/${march.id}/verifications`, {
      result: 'true',
      note: '补充核实：有签到表和照片',
      verifier: '县委组织部 李四',
      verifiedOn: TODAY,
    });
    expect(r2.statusCode, r2.body).toBe(200);
    const again = r2.json().records.find((r: Item) => r.id === march.id) as Item;
    expect(again.mark).toBe('true');
    expect(again.history.map((x) => x.result)).toEqual(['false', 'true']);
    expect((await themeDay()).missing).not.toContain('2026-03');
    const [m2, r2c] = await maintainedAndRecomputed(h.db);
    expect(m2).toBe(r2c);

    // a drawn meeting is kept; the draw and verifications are append-only
    expect(
      (await county.req({ method: 'DELETE', url: `/api/v1/meetings/${ids['2026-03-10']}` })).statusCode,
    ).toBe(409);
    await expect(h.db.query('UPDATE sample_verification SET result = $1', ['false'])).rejects.toThrow(
      /append-only/,
    );
    await expect(h.db.query('DELETE FROM sample_draw')).rejects.toThrow(/append-only/);

    // the draw is listed with who drew it; the audit log has it
    const draws = (await county.get('/api/v1/samples')).json().draws;
    expect(draws).toHaveLength(1);
    expect(draws[0]).toMatchObject({ id: d.id, verified: 1, falseCount: 0 });
    const audited = await h.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE entity IN ('sample_draw', 'sample_item', 'sample_verification')`,
    );
    expect(audited[0]!.n).toBe(1 + 10 + 2);
  });

  it('marks a payment and a recruitment step found false where they are shown; a drawn payment stays', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    const m = await member(ctx, 'V11', '缴费党员');
    await recordBasis(ctx, m.id, { category: 'farmer', baseFen: null, fromMonth: '2026-01' });
    const paid = await recordPayment(ctx, m.id, {
      fromMonth: '2026-05',
      toMonth: '2026-05',
      amountFen: 20,
      paidOn: '2026-05-20',
      method: 'cash',
    });
    const c = await openCase(ctx, {
      orgCode: 'V11',
      name: '周小梅',
      idNumber: idNumber('2000-03-15', 'female'),
      ethnicity: '01',
      appliedOn: '2026-04-01',
    });
    const county = await signIn(app, ctx, 'county_admin', 'C');
    const res = await county.post('/api/v1/samples', {
      orgCode: 'C',
      from: '2026-01-01',
      to: '2026-07-31',
      kinds: ['dues_payment', 'recruitment_step'],
      size: 10,
    });
    expect(res.statusCode, res.body).toBe(200);
    const records: Item[] = res.json().records;
    const payItem = records.find((r) => r.kind === 'dues_payment' && r.recordId === paid.payment.id)!;
    const stepItem = records.find((r) => r.kind === 'recruitment_step' && r.recordId === c.steps[0]!.id)!;
    expect(payItem).toBeDefined();
    expect(stepItem).toBeDefined();
    // before verification: no mark where they are shown
    expect((await getMemberDues(ctx, m.id)).payments[0]!.verification).toBeNull();
    expect((await getCase(ctx, c.id)).steps[0]!.verification).toBeNull();
    for (const [item, note] of [
      [payItem, '本人称当月未交，收据为事后补开'],
      [stepItem, '申请书为代写，本人未递交'],
    ] as const) {
      const v = await county.post(`/api/v1/samples/items/${item.id}/verifications`, {
        result: 'false',
        note,
        verifier: '县委组织部 张三',
        verifiedOn: TODAY,
      });
      expect(v.statusCode, v.body).toBe(200);
    }
    // the marks show on the member's dues and the case's steps (API), and keep counting: people decide what follows
    const dues = await county.get(`/api/v1/members/${m.id}/dues`);
    expect(dues.statusCode, dues.body).toBe(200);
    expect(dues.json().payments[0]).toMatchObject({ id: paid.payment.id, verification: 'false' });
    expect(dues.json().months.find((x: { month: string }) => x.month === '2026-05')).toMatchObject({
      status: 'paid',
    });
    expect((await getCase(ctx, c.id)).steps[0]).toMatchObject({ kind: 'apply', verification: 'false' });
    // a drawn payment cannot be deleted: the record stays with its history
    const del = await county.req({ method: 'DELETE', url: `/api/v1/dues/payments/${paid.payment.id}` });
    expect(del.statusCode).toBe(409);
    expect(del.json().error.code).toBe('SAMPLING_REFUSED');
    await expect(removePayment(ctx, paid.payment.id)).rejects.toMatchObject({ code: 'SAMPLING_REFUSED' });
    expect((await getMemberDues(ctx, m.id)).payments).toHaveLength(1);
  });

  it('lets the county and a township (its subtree) draw and see draws, nobody else', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    await member(ctx, 'V11', '甲村党员');
    await member(ctx, 'V21', '丙村党员');
    await recordMeeting(ctx, 'V11', { kinds: ['theme_day'], heldOn: '2026-05-10', topic: '主题党日' });
    await recordMeeting(ctx, 'V21', { kinds: ['theme_day'], heldOn: '2026-05-11', topic: '主题党日' });
    const body = (orgCode: string) => ({
      orgCode,
      from: '2026-05-01',
      to: '2026-05-31',
      kinds: ['meeting'],
      size: 5,
    });
    const county = await signIn(app, ctx, 'county_admin', 'C');
    const t1 = await signIn(app, ctx, 'township_officer', 'T1');
    const t2 = await signIn(app, ctx, 'township_officer', 'T2');
    const secretary = await signIn(app, ctx, 'branch_secretary', 'V11');
    const viewer = await signIn(app, ctx, 'viewer', 'C');

    const byCounty = (await county.post('/api/v1/samples', body('C'))).json();
    expect(byCounty.records).toHaveLength(2);
    const byT1 = await t1.post('/api/v1/samples', body('T1'));
    expect(byT1.statusCode).toBe(200);
    expect(byT1.json().records.map((r: { orgCode: string }) => r.orgCode)).toEqual(['V11']);
    expect((await t1.post('/api/v1/samples', body('C'))).statusCode).toBe(404);
    expect((await t1.post('/api/v1/samples', body('V21'))).statusCode).toBe(404);
    expect((await secretary.post('/api/v1/samples', body('V11'))).statusCode).toBe(403);
    expect((await viewer.post('/api/v1/samples', body('C'))).statusCode).toBe(403);
    expect((await secretary.get(`/api/v1/samples/${byCounty.id}`)).statusCode).toBe(403);
    // the county's draw over T1's villages is not T1's to see (an unannounced check stays unannounced)
    expect((await t1.get(`/api/v1/samples/${byCounty.id}`)).statusCode).toBe(404);
    expect((await t1.get('/api/v1/samples')).json().draws.map((x: { orgCode: string }) => x.orgCode)).toEqual(
      ['T1'],
    );
    expect((await t2.get('/api/v1/samples')).json().draws).toEqual([]);
    expect((await county.get('/api/v1/samples')).json().draws).toHaveLength(2);
    const item = byCounty.records[0].id;
    const verify = { result: 'true', verifier: '某某', verifiedOn: TODAY };
    expect((await t1.post(`/api/v1/samples/items/${item}/verifications`, verify)).statusCode).toBe(404);
    expect((await secretary.post(`/api/v1/samples/items/${item}/verifications`, verify)).statusCode).toBe(
      403,
    );
    expect((await county.post(`/api/v1/samples/items/${item}/verifications`, verify)).statusCode).toBe(200);
    // a future period or day is refused; an empty period is refused with the reason
    expect((await county.post('/api/v1/samples', { ...body('C'), to: '2099-01-01' })).statusCode).toBe(409);
    expect(
      (await county.post('/api/v1/samples', { ...body('C'), from: '2026-01-01', to: '2026-01-31' })).json()
        .error.message,
    ).toContain('没有可抽查的记录');
  });
});
