/**
 * Dues end to end (decision 0020): bases, reliefs and payments recorded through the API, the dues of a subtree
 * for a month (the CLI contract), totals and reconciliation, the member's own view, scope and the write action —
 * on both engines.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { describeDb, TODAY } from '../helpers/db.js';
import { member, smallCounty } from '../helpers/factory.js';
import { signIn } from '../helpers/http.js';
import { buildServer } from '../../src/server/app.js';
import { fixedClock } from '../../src/services/context.js';
import { duesPartyStats, getDuesStatus } from '../../src/services/dues.js';
import { duesContract } from '../../src/shared/dues.js';
import { recordMemberEvent } from '../../src/services/members.js';

describeDb('dues', (h) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildServer({ db: h.db, clock: fixedClock(TODAY), logLevel: 'silent' });
  });
  afterAll(async () => {
    await app.close();
  });

  // TODAY is 2026-11-22
  const seed = async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    const a = await member(ctx, 'V11', '张一'); // salaried 4000 → 40.00
    const b = await member(ctx, 'V11', '李二'); // retired 5000 → 25.00
    const c = await member(ctx, 'V11', '王三'); // farmer → 0.20
    const d = await member(ctx, 'V11', '赵四'); // no basis: 未核定
    const p = await member(ctx, 'V11', '陈新', {
      status: 'probationary',
      joinedOn: '2026-09-15',
      confirmedOn: null,
    });
    const other = await member(ctx, 'V21', '孙七');
    return { ctx, a, b, c, d, p, other };
  };

  it('records bases and payments, and derives due, paid, arrears and flags for a subtree and a month', async () => {
    const { ctx, a, b, c, d, p, other } = await seed();
    const sec = await signIn(app, ctx, 'branch_secretary', 'V11');
    const basis = (id: number, body: object) => sec.post(`/api/v1/members/${id}/dues/bases`, body);
    expect(
      (await basis(a.id, { category: 'salaried', baseFen: 400000, fromMonth: '2026-01' })).statusCode,
    ).toBe(200);
    // a raise from July: 5200 → 1.5 % = 78.00
    const raised = await basis(a.id, { category: 'salaried', baseFen: 520000, fromMonth: '2026-07' });
    expect(raised.statusCode, raised.body).toBe(200);
    expect(raised.json().months.find((m: { month: string }) => m.month === '2026-07').due).toBe(7800);
    expect(raised.json().months.find((m: { month: string }) => m.month === '2026-06').due).toBe(4000);
    expect(
      (await basis(b.id, { category: 'retired', baseFen: 500000, fromMonth: '2026-01' })).statusCode,
    ).toBe(200);
    expect((await basis(c.id, { category: 'farmer', fromMonth: '2026-01' })).statusCode).toBe(200);
    expect((await basis(p.id, { category: 'student', fromMonth: '2026-09' })).statusCode).toBe(200);
    // a salaried basis without a base is refused
    const noBase = await basis(d.id, { category: 'salaried', fromMonth: '2026-01' });
    expect(noBase.statusCode).toBe(400);
    expect(noBase.json().error.code).toBe('DUES_BASE_REQUIRED');

    // 张一 pays January to June in one go, then July to October, not November: 1 month in arrears
    const pay = (id: number, body: object) => sec.post(`/api/v1/members/${id}/dues/payments`, body);
    const r1 = await pay(a.id, {
      fromMonth: '2026-01',
      toMonth: '2026-06',
      amountFen: 24000,
      paidOn: '2026-06-30',
      method: 'cash',
    });
    expect(r1.statusCode, r1.body).toBe(200);
    expect(r1.json()).toMatchObject({ created: true, warnings: [] });
    const r2 = await pay(a.id, {
      fromMonth: '2026-07',
      toMonth: '2026-10',
      amountFen: 31200,
      paidOn: '2026-10-08',
      method: 'wechat',
      paidBy: '张一之妻',
    });
    expect(r2.json().payment).toMatchObject({ paidBy: '张一之妻', channel: 'branch', toCentre: false });
    // the same payment again writes nothing
    const again = await pay(a.id, {
      fromMonth: '2026-07',
      toMonth: '2026-10',
      amountFen: 31200,
      paidOn: '2026-10-08',
      method: 'wechat',
    });
    expect(again.json()).toMatchObject({ created: false });
    // 李二 paid nothing since April: six months and more (May to November = 7)
    expect(
      (
        await pay(b.id, {
          fromMonth: '2026-01',
          toMonth: '2026-04',
          amountFen: 10000,
          paidOn: '2026-04-02',
          method: 'cash',
        })
      ).statusCode,
    ).toBe(200);
    // 王三 pays January to August 0.10 short: August partly paid, then nothing for three months
    const short = await pay(c.id, {
      fromMonth: '2026-01',
      toMonth: '2026-08',
      amountFen: 150,
      paidOn: '2026-08-31',
      method: 'cash',
    });
    expect(short.json().warnings.map((w: { code: string }) => w.code)).toEqual([
      'late_make_up',
      'amount_differs',
    ]);
    // a payment for a month before the probationary member joined is refused; their first month is owed
    const early = await pay(p.id, {
      fromMonth: '2026-08',
      toMonth: '2026-09',
      amountFen: 40,
      paidOn: '2026-11-01',
      method: 'cash',
    });
    expect(early.statusCode).toBe(400);
    expect(early.json().error.code).toBe('DUES_NOT_OWED');
    // quarterly in advance: September to December paid on 1 November (one month ahead)
    expect(
      (
        await pay(p.id, {
          fromMonth: '2026-09',
          toMonth: '2026-12',
          amountFen: 80,
          paidOn: '2026-11-01',
          method: 'alipay',
        })
      ).statusCode,
    ).toBe(200);
    const far = await pay(p.id, {
      fromMonth: '2027-01',
      toMonth: '2027-03',
      amountFen: 60,
      paidOn: '2026-11-20',
      method: 'cash',
    });
    expect(far.json().error.code).toBe('DUES_PREPAY_TOO_FAR');
    // outside the secretary's subtree: not found
    expect(
      (await pay(other.id, { fromMonth: '2026-11', amountFen: 100, paidOn: '2026-11-01', method: 'cash' }))
        .statusCode,
    ).toBe(404);

    const res = await sec.get('/api/v1/orgs/V11/dues?month=2026-11');
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json();
    const line = (name: string) => s.members.find((m: { name: string }) => m.name === name);
    expect(line('张一')).toMatchObject({
      due: 7800,
      paid: 0,
      arrearsMonths: 1,
      arrears: 7800,
      flag: null,
      state: 'unpaid',
    });
    expect(line('李二')).toMatchObject({
      due: 2500,
      paid: 0,
      arrearsMonths: 7,
      arrears: 7 * 2500,
      flag: 'six_months',
    });
    // August part paid; September and October ended unpaid, November still running: a run of two, no flag yet
    expect(line('王三')).toMatchObject({ due: 20, arrearsMonths: 4, flag: null });
    expect(line('王三').arrears).toBe(11 * 20 - 150);
    expect(line('赵四')).toMatchObject({
      due: null,
      paid: 0,
      arrearsMonths: 0,
      arrears: 0,
      flag: null,
      state: 'unknown',
    });
    expect(line('陈新')).toMatchObject({ due: 20, paid: 20, arrearsMonths: 0, state: 'paid' });
    expect(line('张一').idNumber).toMatch(/\*/);
    expect(s.totals).toEqual({
      due: 7800 + 2500 + 20 + 20,
      paid: 20,
      arrears: 7800 + 7 * 2500 + (11 * 20 - 150),
    });
    expect(s.counts).toEqual({ members: 5, unknown: 1, threeMonths: 0, sixMonths: 1, short: 3, recheck: 0 });
    // as of a past date: payments after it do not count
    const past = (await getDuesStatus(ctx, 'V11', { month: '2026-09', asOf: '2026-09-30' })).members.find(
      (m) => m.name === '张一',
    )!;
    // July–September owed and unpaid, but on 30 September only July and August have ended: no flag yet
    expect(past).toMatchObject({
      due: 7800,
      paid: 0,
      arrearsMonths: 3,
      arrears: 3 * 7800,
      flag: null,
    });
    // the next day September has ended too: three months without dues
    const next = (await getDuesStatus(ctx, 'V11', { month: '2026-10', asOf: '2026-10-01' })).members.find(
      (m) => m.name === '张一',
    )!;
    expect(next).toMatchObject({ arrearsMonths: 4, flag: 'three_months' });

    // the county sees the same members and 孙七 (no basis)
    const county = await getDuesStatus(ctx, 'C', { month: '2026-11' });
    expect(county.members.map((m) => m.name).sort()).toEqual(
      ['孙七', '张一', '李二', '王三', '赵四', '陈新'].sort(),
    );
    expect(county.totals).toEqual(s.totals);

    // summary by org and month, reconciliation
    await sec.post('/api/v1/orgs/V11/dues/remittances', {
      month: '2026-10',
      remittedOn: '2026-10-20',
      amountFen: 31200,
    });
    const town = await signIn(app, ctx, 'township_officer', 'T1');
    const sum = await town.get('/api/v1/orgs/T1/dues/summary?month=2026-10');
    expect(sum.statusCode, sum.body).toBe(200);
    const v11 = sum.json().orgs.find((o: { code: string }) => o.code === 'V11');
    expect(v11).toMatchObject({ members: 5, unknown: 1 });
    expect(sum.json().months).toHaveLength(10);
    expect(sum.json().reconciliation).toMatchObject({ collected: 31200, remitted: 0 });
    const own = await sec.get('/api/v1/orgs/V11/dues/summary?month=2026-10');
    expect(own.json().reconciliation).toMatchObject({ collected: 31200, remitted: 31200 });

    // 党统 table 2: nobody paid everything this year but 陈新, who owes since September
    const stats = await duesPartyStats(ctx, 'V11', { year: 2026 });
    expect(stats).toMatchObject({ members: 5, paidInFull: 1, reduced: 0, exempt: 0, unknown: 1 });
  });

  it('applies reductions and exemptions, voluntary payments for the centre, and members who left', async () => {
    const { ctx, a, b, c } = await seed();
    const sec = await signIn(app, ctx, 'branch_secretary', 'V11');
    await sec.post(`/api/v1/members/${a.id}/dues/bases`, {
      category: 'salaried',
      baseFen: 400000,
      fromMonth: '2026-01',
    });
    await sec.post(`/api/v1/members/${b.id}/dues/bases`, {
      category: 'salaried',
      baseFen: 400000,
      fromMonth: '2026-01',
    });
    const ex = await sec.post(`/api/v1/members/${a.id}/dues/reliefs`, {
      kind: 'exempt',
      fromMonth: '2026-01',
      toMonth: '2026-12',
      approvedBy: '中共甲镇委员会',
      approvedOn: '2025-12-20',
      reason: '大病',
    });
    expect(ex.statusCode, ex.body).toBe(200);
    expect(ex.json()).toMatchObject({ arrears: 0, arrearsMonths: 0 });
    const red = await sec.post(`/api/v1/members/${b.id}/dues/reliefs`, {
      kind: 'reduced',
      monthlyFen: 1000,
      fromMonth: '2026-01',
      approvedBy: '中共甲镇委员会',
      approvedOn: '2025-12-20',
    });
    expect(red.json().months[0]).toMatchObject({ month: '2026-11', due: 1000, relief: 'reduced' });
    const vol = await sec.post(`/api/v1/members/${b.id}/dues/payments`, {
      fromMonth: '2026-01',
      toMonth: '2026-11',
      amountFen: 11000,
      voluntaryFen: 100000,
      paidOn: '2026-11-10',
      method: 'transfer',
    });
    expect(vol.json().payment.toCentre).toBe(true);
    expect(vol.json().warnings.map((w: { code: string }) => w.code)).toEqual(['late_make_up', 'to_centre']);
    // 王三 died on 15 May: owes January to May, nothing after
    await sec.post(`/api/v1/members/${c.id}/dues/bases`, { category: 'farmer', fromMonth: '2026-01' });
    await recordMemberEvent(ctx, c.id, { kind: 'decease', effectiveOn: '2026-05-15' });
    const stats = await duesPartyStats(ctx, 'V11', { year: 2026 });
    expect(stats).toMatchObject({ reduced: 1, exempt: 1, voluntaryOver1000: 1 });
    const s = await getDuesStatus(ctx, 'V11', { month: '2026-05' });
    expect(s.members.find((m) => m.name === '王三')).toMatchObject({ due: 20, arrearsMonths: 5 });
    expect(
      (await getDuesStatus(ctx, 'V11', { month: '2026-06' })).members.find((m) => m.name === '王三'),
    ).toBeUndefined();
    const sum = await sec.get('/api/v1/orgs/V11/dues/summary?month=2026-11');
    expect(sum.json().reconciliation).toMatchObject({
      collected: 11000,
      voluntary: 100000,
      toCentre: 100000,
    });
  });

  it('lets a member read only their own dues, and only holders of dues.write record them', async () => {
    const { ctx, a, b } = await seed();
    const sec = await signIn(app, ctx, 'branch_secretary', 'V11');
    await sec.post(`/api/v1/members/${a.id}/dues/bases`, {
      category: 'salaried',
      baseFen: 250000,
      fromMonth: '2026-09',
    });
    const own = await signIn(app, ctx, 'member', 'V11', { memberId: a.id });
    const mine = await own.get(`/api/v1/members/${a.id}/dues`);
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json()).toMatchObject({
      current: { category: 'salaried', baseFen: 250000, fromMonth: '2026-09' },
      arrearsMonths: 3,
      arrears: 3 * 1250,
      // September and October have ended unpaid; November is still running (a month counts once it has ended)
      flag: null,
    });
    expect((await own.get(`/api/v1/members/${b.id}/dues`)).statusCode).toBe(404);
    expect((await own.get('/api/v1/orgs/V11/dues?month=2026-11')).statusCode).toBe(404);
    const w = await own.post(`/api/v1/members/${a.id}/dues/payments`, {
      fromMonth: '2026-11',
      amountFen: 1250,
      paidOn: '2026-11-01',
      method: 'cash',
    });
    expect(w.statusCode).toBe(403);
    const viewer = await signIn(app, ctx, 'viewer', 'C');
    expect((await viewer.get('/api/v1/orgs/C/dues?month=2026-11')).statusCode).toBe(200);
    expect(
      (
        await viewer.post(`/api/v1/members/${a.id}/dues/payments`, {
          fromMonth: '2026-11',
          amountFen: 1250,
          paidOn: '2026-11-01',
          method: 'cash',
        })
      ).statusCode,
    ).toBe(403);
    // the batch form: a month's dues for several members at once, all or nothing
    const batch = await sec.post('/api/v1/orgs/V11/dues/payments', {
      fromMonth: '2026-11',
      paidOn: '2026-11-20',
      method: 'cash',
      items: [{ memberId: a.id, amountFen: 1250 }],
    });
    expect(batch.statusCode, batch.body).toBe(200);
    expect(batch.json()).toMatchObject({ created: 1, duplicates: 0 });
    const after = await own.get(`/api/v1/members/${a.id}/dues`);
    expect(after.json()).toMatchObject({ arrearsMonths: 2, flag: null });
    // payments are audited
    const audit = await h.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE entity = 'dues_payment'`,
    );
    expect(audit[0]!.n).toBeGreaterThan(0);
    // the collection sheet as .xlsx
    const x = await sec.get('/api/v1/orgs/V11/dues/sheet.xlsx?month=2026-11');
    expect(x.statusCode).toBe(200);
    expect(x.headers['content-type']).toContain('spreadsheetml');
  });

  it('lists the basis in force and whether it is due for the yearly re-check; the CLI contract keeps its fields', async () => {
    const { ctx, a, b, d } = await seed();
    const sec = await signIn(app, ctx, 'branch_secretary', 'V11');
    // 14 months before November 2026: older than the 12 months of the default setting
    await sec.post(`/api/v1/members/${a.id}/dues/bases`, {
      category: 'salaried',
      baseFen: 300000,
      fromMonth: '2025-09',
    });
    await sec.post(`/api/v1/members/${b.id}/dues/bases`, {
      category: 'retired',
      baseFen: 300000,
      fromMonth: '2025-12',
    });
    const s = await getDuesStatus(ctx, 'V11', { month: '2026-11' });
    const line = (id: number) => s.members.find((m) => m.id === id)!;
    expect(line(a.id)).toMatchObject({ basisFrom: '2025-09', recheckDue: true, due: 1500 });
    // 11 months: not yet
    expect(line(b.id)).toMatchObject({ basisFrom: '2025-12', recheckDue: false });
    expect(line(d.id)).toMatchObject({ basisFrom: null, recheckDue: false, state: 'unknown' });
    // the month asked decides the basis shown: in October 2025 b had none yet
    const oct = await getDuesStatus(ctx, 'V11', { month: '2025-10' });
    expect(oct.members.find((m) => m.id === b.id)).toMatchObject({ basisFrom: null });

    const c = duesContract(s);
    expect(Object.keys(c)).toEqual(['org', 'month', 'totals', 'members']);
    expect(Object.keys(c.totals)).toEqual(['due', 'paid', 'arrears']);
    expect(Object.keys(c.members[0]!)).toEqual([
      'id',
      'name',
      'idNumber',
      'due',
      'paid',
      'arrearsMonths',
      'arrears',
      'flag',
    ]);
    expect(c.members.find((m) => m.id === a.id)).toMatchObject({
      due: 1500,
      idNumber: expect.stringMatching(/\*/),
    });
    expect(c.totals).toEqual(s.totals);
  });
});
