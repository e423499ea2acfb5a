/**
 * Transfers (组织关系转接, decision 0026) through the API with the accounts of both ends: within Jiceng (start,
 * return with a reason, accept — the member moves with their statistics), overdue letters, letters to and from
 * outside (in transit until the receipt; an incoming letter brings a new or returning member), and what each end
 * may see and do (the receiving township reads no other member of the sender's, and nothing before acceptance).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { describeDb, TODAY } from '../helpers/db.js';
import { idNumber, member, smallCounty } from '../helpers/factory.js';
import { signIn } from '../helpers/http.js';
import { buildServer } from '../../src/server/app.js';
import { fixedClock } from '../../src/services/context.js';
import { getLiveStats, getStats } from '../../src/services/stats.js';
import { listMembers } from '../../src/services/members.js';

describeDb('transfers', (h) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildServer({ db: h.db, clock: fixedClock(TODAY), logLevel: 'silent' });
  });
  afterAll(async () => {
    await app.close();
  });

  it('moves a member between two townships: start, return with a reason, start again, accept', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    const a = await member(ctx, 'V11', '张转接', { sex: 'female', birth: '1980-03-01' });
    const other = await member(ctx, 'V11', '李留下');
    const t1 = await signIn(app, ctx, 'township_officer', 'T1');
    const t2 = await signIn(app, ctx, 'township_officer', 'T2');

    // the receiver cannot start a transfer of the sender's member, nor read them
    expect(
      (await t2.post(`/api/v1/members/${a.id}/transfers`, { kind: 'internal', toOrgCode: 'V21' })).statusCode,
    ).toBe(404);
    expect((await t2.get(`/api/v1/members/${a.id}`)).statusCode).toBe(404);

    const start = await t1.post(`/api/v1/members/${a.id}/transfers`, {
      kind: 'internal',
      toOrgCode: 'V21',
      letterNo: '甲组转〔2026〕1号',
      issuedOn: '2026-11-01',
    });
    expect(start.statusCode, start.body).toBe(200);
    const tr = start.json();
    expect(tr).toMatchObject({ status: 'pending', validUntil: '2027-02-01', toOrg: { code: 'V21' } });
    // a second open transfer of the same member is refused
    expect(
      (await t1.post(`/api/v1/members/${a.id}/transfers`, { kind: 'outgoing', externalOrg: '外县' }))
        .statusCode,
    ).toBe(409);

    // both ends list it; the receiver sees the letter's contents only, masked, and cannot open the member
    const out = (await t1.get('/api/v1/orgs/T1/transfers')).json();
    expect(out.outgoing.map((x: { id: number }) => x.id)).toEqual([tr.id]);
    const inc = (await t2.get('/api/v1/orgs/T2/transfers')).json();
    expect(inc.incoming).toHaveLength(1);
    expect(inc.incoming[0]).toMatchObject({ name: '张转接', memberReadable: false, status: 'pending' });
    expect(inc.incoming[0].idNumber).toContain('*');
    // the receiver's scope gives it nothing of the sender's org: no outgoing list, no roster, no other member
    expect((await t2.get('/api/v1/orgs/T1/transfers')).statusCode).toBe(404);
    expect((await t2.get('/api/v1/orgs/V11/members')).statusCode).toBe(404);
    expect((await t2.get(`/api/v1/members/${other.id}`)).statusCode).toBe(404);
    // only the receiving end accepts or returns; a third township sees nothing of it
    expect((await t1.post(`/api/v1/transfers/${tr.id}/accept`, {})).statusCode).toBe(403);
    const t3 = await signIn(app, ctx, 'branch_secretary', 'V12');
    expect((await t3.post(`/api/v1/transfers/${tr.id}/accept`, {})).statusCode).toBe(404);

    // returned with a reason: the member stays with the sender
    expect((await t2.post(`/api/v1/transfers/${tr.id}/return`, { reason: '' })).statusCode).toBe(400);
    const ret = await t2.post(`/api/v1/transfers/${tr.id}/return`, { reason: '介绍信抬头有误' });
    expect(ret.json()).toMatchObject({ status: 'returned', reason: '介绍信抬头有误', decidedOn: TODAY });
    expect((await t2.post(`/api/v1/transfers/${tr.id}/accept`, {})).statusCode).toBe(409);

    // started again and accepted: the member moves that day, the statistics of both townships follow
    const before1 = await getStats(ctx, 'T1');
    const before2 = await getStats(ctx, 'T2');
    const again = (
      await t1.post(`/api/v1/members/${a.id}/transfers`, { kind: 'internal', toOrgCode: 'V21' })
    ).json();
    expect(again.issuedOn).toBe(TODAY);
    const acc = await t2.post(`/api/v1/transfers/${again.id}/accept`, {});
    expect(acc.statusCode, acc.body).toBe(200);
    expect(acc.json()).toMatchObject({ status: 'accepted', memberReadable: true, decidedOn: TODAY });
    // the answer (built from the locked row, not read again) is what a fresh read of the transfer says
    expect(acc.json()).toEqual((await t2.get(`/api/v1/transfers/${again.id}`)).json());
    const m = (await t2.get(`/api/v1/members/${a.id}`)).json();
    expect(m).toMatchObject({ orgCode: 'V21' });
    expect(m.events.some((e: { kind: string }) => e.kind === 'move')).toBe(true);
    expect((await t1.get(`/api/v1/members/${a.id}`)).statusCode).toBe(404);
    const after1 = await getStats(ctx, 'T1');
    const after2 = await getStats(ctx, 'T2');
    expect(after1.members.total).toBe(before1.members.total - 1);
    expect(after2.members.total).toBe(before2.members.total + 1);
    expect(after2.sex.female).toBe(before2.sex.female + 1);
    // the maintained aggregates equal a live recount
    for (const code of ['C', 'T1', 'T2', 'V11', 'V21'])
      expect({ ...(await getStats(ctx, code)), source: 'live' }).toEqual(await getLiveStats(ctx, code));
    // yesterday's roster of V11 still lists her; today's does not
    const yesterday = await listMembers(ctx, 'V11', {
      page: 1,
      pageSize: 50,
      sort: 'name',
      asOf: '2026-11-21',
    } as never);
    expect(yesterday.items.map((x) => x.name)).toContain('张转接');
    const today = await listMembers(ctx, 'V11', { page: 1, pageSize: 50, sort: 'name' } as never);
    expect(today.items.map((x) => x.name)).not.toContain('张转接');
    // the destinations search names orgs outside the sender's scope by code and name only
    const dest = (await t1.get('/api/v1/transfers/destinations?q=丙村')).json();
    expect(dest).toEqual([{ code: 'V21', name: '丙村党支部' }]);
  });

  it('marks a transfer overdue past the letter validity, as of any date', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    const a = await member(ctx, 'V11', '王超期');
    const early = h.ctx({ clock: fixedClock('2026-07-10') });
    const { startTransfer } = await import('../../src/services/transfers.js');
    await startTransfer(early, a.id, { kind: 'internal', toOrgCode: 'V22' });
    const t1 = await signIn(app, ctx, 'township_officer', 'T1');
    const on = async (d: string) => (await t1.get(`/api/v1/orgs/V11/transfers?asOf=${d}`)).json().outgoing;
    expect(await on('2026-07-09')).toHaveLength(0);
    expect((await on('2026-10-10'))[0].status).toBe('pending');
    expect((await on('2026-10-11'))[0].status).toBe('overdue');
    expect((await on(TODAY))[0].status).toBe('overdue');
  });

  it('keeps an outgoing letter in transit until its receipt, and brings members in from outside', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    const aId = idNumber('1975-02-03', 'male');
    const a = await member(ctx, 'V11', '赵外出', { idNumber: aId });
    const sec = await signIn(app, ctx, 'branch_secretary', 'V11');
    const letter = (
      await sec.post(`/api/v1/members/${a.id}/transfers`, {
        kind: 'outgoing',
        externalOrg: '中共武汉市某区某街道工作委员会',
        letterNo: '2026-88',
      })
    ).json();
    expect(letter).toMatchObject({ status: 'in_transit', externalOrg: '中共武汉市某区某街道工作委员会' });
    // still on the roster (the sending org is responsible until the receipt)
    expect((await sec.get(`/api/v1/members/${a.id}`)).json().status).toBe('full');
    expect(
      (await sec.post(`/api/v1/transfers/${letter.id}/receipt`, { receivedOn: '2026-12-01' })).statusCode,
    ).toBe(400);
    const rec = await sec.post(`/api/v1/transfers/${letter.id}/receipt`, { receivedOn: TODAY });
    expect(rec.statusCode, rec.body).toBe(200);
    expect(rec.json().status).toBe('accepted');
    expect((await sec.get(`/api/v1/members/${a.id}`)).json().status).toBe('transferred_out');

    // the same person comes back with a letter from outside: their membership returns
    const back = await sec.post('/api/v1/orgs/V11/transfers/incoming', {
      name: '赵外出',
      idNumber: aId,
      status: 'full',
      ethnicity: '01',
      joinedOn: '2005-07-01',
      confirmedOn: '2006-07-01',
      externalOrg: '中共武汉市某区某街道工作委员会',
      issuedOn: '2026-11-20',
    });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ kind: 'incoming', status: 'accepted', memberId: a.id });

    // a new person: on the roster from today, not since joining elsewhere
    const idn = idNumber('1995-01-02', 'male', '420111');
    const inc = await sec.post('/api/v1/orgs/V11/transfers/incoming', {
      name: '钱新来',
      idNumber: idn,
      status: 'probationary',
      ethnicity: '01',
      joinedOn: '2026-06-01',
      externalOrg: '中共武汉大学某学院委员会',
      letterNo: '武大组〔2026〕5号',
      issuedOn: '2026-11-15',
    });
    expect(inc.statusCode, inc.body).toBe(200);
    const newId = inc.json().memberId;
    const yesterday = await listMembers(ctx, 'V11', {
      page: 1,
      pageSize: 50,
      sort: 'name',
      asOf: '2026-11-21',
    } as never);
    expect(yesterday.items.map((x) => x.name)).not.toContain('钱新来');
    const detail = (await sec.get(`/api/v1/members/${newId}`)).json();
    expect(detail).toMatchObject({ status: 'probationary', joinedOn: '2026-06-01', orgCode: 'V11' });
    expect(detail.events.some((e: { kind: string }) => e.kind === 'transfer_in')).toBe(true);
    // someone on another branch's roster cannot be brought in again: the answer names nothing outside the scope
    const bId = idNumber('1966-04-05', 'male');
    await member(ctx, 'V21', '孙在册', { idNumber: bId });
    const dup = await sec.post('/api/v1/orgs/V11/transfers/incoming', {
      name: '孙在册',
      idNumber: bId,
      status: 'full',
      ethnicity: '01',
      joinedOn: '2005-07-01',
      confirmedOn: '2006-07-01',
      externalOrg: '外县',
      issuedOn: '2026-11-15',
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.body).not.toContain('丙村');
  });
});
