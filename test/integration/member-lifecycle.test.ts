/**
 * Mobile members, lost contact and status decisions (decision 0026) through the API: flow-out registration and
 * the flags of a fixed place and of a member abroad, the host org's list, lost contact through suspension to
 * striking off — each status change only by a decision with its deciding and approving orgs, refused when it
 * breaks a rule, and the statistics following.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { describeDb, TODAY } from '../helpers/db.js';
import { member, smallCounty } from '../helpers/factory.js';
import { signIn } from '../helpers/http.js';
import { buildServer } from '../../src/server/app.js';
import { fixedClock } from '../../src/services/context.js';
import { getLiveStats, getStats } from '../../src/services/stats.js';
import { markLostContact, recordDecision } from '../../src/services/lifecycle.js';

describeDb('member lifecycle', (h) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildServer({ db: h.db, clock: fixedClock(TODAY), logLevel: 'silent' });
  });
  afterAll(async () => {
    await app.close();
  });

  it('registers members away, flags them, and lists members from elsewhere at the host org', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    const a = await member(ctx, 'V11', '周外出');
    const b = await member(ctx, 'V11', '吴出国');
    const sec = await signIn(app, ctx, 'branch_secretary', 'V11');
    const reg = await sec.post(`/api/v1/members/${a.id}/mobile`, {
      since: '2026-05-22',
      place: '丙村（务工）',
      fixedPlace: true,
      contact: '13700001234',
      hostOrgCode: 'V21',
    });
    expect(reg.statusCode, reg.body).toBe(200);
    expect(reg.json().flags).toEqual(['must_transfer']);
    expect(reg.json().mobile[0].contact).toContain('*');
    expect((await sec.get(`/api/v1/members/${a.id}`)).json().isMobile).toBe(true);
    await sec.post(`/api/v1/members/${b.id}/mobile`, { since: '2026-01-10', place: '德国', abroad: true });
    await sec.post(`/api/v1/members/${b.id}/contacts`, { contactedOn: '2026-05-21', note: '微信视频' });
    const list = (await sec.get('/api/v1/orgs/V11/mobile-members')).json();
    const flags = Object.fromEntries(
      list.outflow.map((x: { name: string; flags: string[] }) => [x.name, x.flags]),
    );
    expect(flags).toEqual({ 吴出国: ['contact_missed'], 周外出: ['must_transfer'] });
    // a day earlier, the six months were not full and the last contact was half a year ago exactly
    const before = (await sec.get('/api/v1/orgs/V11/mobile-members?asOf=2026-11-21')).json();
    expect(before.outflow.every((x: { flags: string[] }) => x.flags.length === 0)).toBe(true);
    // the host township lists him, without votes there and without his phone
    const t2 = await signIn(app, ctx, 'township_officer', 'T2');
    const hosted = (await t2.get('/api/v1/orgs/T2/mobile-members')).json();
    expect(hosted.hosted).toMatchObject([{ name: '周外出', hostOrgCode: 'V21', homeOrgName: '甲村党支部' }]);
    expect(JSON.stringify(hosted)).not.toContain('1370000');
    expect((await t2.get(`/api/v1/members/${a.id}`)).statusCode).toBe(404);
    // the member comes back
    const end = await sec.post(`/api/v1/members/${a.id}/mobile/end`, { on: TODAY });
    expect(end.json().mobile[0].endedOn).toBe(TODAY);
    expect((await sec.get(`/api/v1/members/${a.id}`)).json().isMobile).toBe(false);
  });

  it('takes a lost member to suspension and striking off only by decisions that follow the rules', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    const m = await member(ctx, 'V11', '郑失联');
    const sec = await signIn(app, ctx, 'branch_secretary', 'V11');
    const lost = await sec.post(`/api/v1/members/${m.id}/lost-contact`, {
      since: '2026-06-01',
      note: '电话停机',
    });
    expect(lost.statusCode, lost.body).toBe(200);
    expect(lost.json().flags).toEqual(['lost_notice']);
    const listed = (await sec.get('/api/v1/orgs/T1/lost-contact')).statusCode;
    expect(listed).toBe(404); // a branch secretary does not read the township
    const own = (await sec.get('/api/v1/orgs/V11/lost-contact')).json();
    expect(own.members).toMatchObject([{ name: '郑失联', months: 5, flags: ['lost_notice'] }]);
    // the status cannot be changed by a plain event any more
    const plain = await sec.post(`/api/v1/members/${m.id}/events`, { kind: 'suspend', effectiveOn: TODAY });
    expect(plain.statusCode).toBe(409);
    // a decision without the approving org above, or too early, is refused with the rule
    const decision = {
      kind: 'suspend',
      grounds: 'lost_contact',
      decidingOrgCode: 'V11',
      decidingBody: 'general_meeting',
      decidedOn: '2026-11-30',
      approvingOrgCode: 'T1',
      approvedOn: '2026-11-30',
      documentNo: '甲组〔2026〕9号',
    };
    expect((await sec.post(`/api/v1/members/${m.id}/decisions`, decision)).statusCode).toBe(400);
    const noApproval = await sec.post(`/api/v1/members/${m.id}/decisions`, {
      ...decision,
      decidedOn: '2026-12-01',
      approvingOrgCode: null,
      approvedOn: null,
    });
    expect(noApproval.statusCode).toBe(400);
    const early = await sec.post(`/api/v1/members/${m.id}/decisions`, {
      ...decision,
      decidedOn: '2026-11-20',
      approvedOn: '2026-11-21',
    });
    expect(early.statusCode).toBe(400);
    expect(early.json().error.message).toContain('第二十四条');
    // marked lost earlier, then decided and approved: suspended from the approval, off the roster's counts
    const before = await getStats(ctx, 'T1');
    const late = h.ctx({ clock: fixedClock(TODAY) });
    await h.db.exec(`UPDATE lost_contact SET since = '2026-05-01' WHERE member_id = ${m.id}`);
    const ok = await sec.post(`/api/v1/members/${m.id}/decisions`, {
      ...decision,
      decidedOn: '2026-11-10',
      approvedOn: '2026-11-15',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().decisions[0]).toMatchObject({
      kind: 'suspend',
      decidingOrgName: '甲村党支部',
      approvingOrgName: '中共甲镇委员会',
      effectiveOn: '2026-11-15',
    });
    const detail = (await sec.get(`/api/v1/members/${m.id}`)).json();
    expect(detail.status).toBe('suspended');
    expect(detail.events.find((e: { kind: string }) => e.kind === 'suspend').effectiveOn).toBe('2026-11-15');
    expect((await getStats(late, 'T1')).members.total).toBe(before.members.total - 1);
    expect({ ...(await getStats(late, 'T1')), source: 'live' }).toEqual(await getLiveStats(late, 'T1'));
    // striking off for lost contact waits 2 full years after the suspension
    const strike = {
      kind: 'strike_off',
      grounds: 'lost_contact',
      decidingOrgCode: 'V11',
      decidingBody: 'general_meeting',
      decidedOn: TODAY,
      approvingOrgCode: 'T1',
      approvedOn: TODAY,
    };
    const tooSoon = await sec.post(`/api/v1/members/${m.id}/decisions`, strike);
    expect(tooSoon.statusCode).toBe(400);
    expect(tooSoon.json().error.message).toContain('停止党籍满2年（2028-11-15）');
    const later = h.ctx({ clock: fixedClock('2028-12-01') });
    const flags = await (await import('../../src/services/lifecycle.js')).listLostContact(later, 'V11', {});
    expect(flags.members[0]!.flags).toEqual(['strike_off_due']);
    await recordDecision(later, m.id, {
      ...strike,
      decidedOn: '2028-11-20',
      approvedOn: '2028-11-25',
    } as never);
    const gone = (await sec.get(`/api/v1/members/${m.id}`)).json();
    expect(gone.status).toBe('removed');
    expect(gone.events.find((e: { kind: string }) => e.kind === 'remove').data.removalKind).toBe(
      'struck_off',
    );
    // the lost-contact record ends with the membership
    expect((await markLostContact(later, m.id, { since: '2028-11-30' }).catch((e) => e)).code).toBe(
      'MEMBER_NOT_ACTIVE',
    );
  });

  it('keeps a decision that needs approval pending until the approving org approves or refuses it (decision 0034)', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    const m = await member(ctx, 'V11', '钱待批');
    const m2 = await member(ctx, 'V11', '孙不批');
    const sec = await signIn(app, ctx, 'branch_secretary', 'V11');
    const t1 = await signIn(app, ctx, 'township_officer', 'T1');
    const t2 = await signIn(app, ctx, 'township_officer', 'T2');
    for (const x of [m, m2])
      expect(
        (await sec.post(`/api/v1/members/${x.id}/lost-contact`, { since: '2026-05-01' })).statusCode,
      ).toBe(200);
    const before = await getStats(ctx, 'T1');
    const decision = {
      kind: 'suspend',
      grounds: 'lost_contact',
      decidingOrgCode: 'V11',
      decidingBody: 'general_meeting',
      decidedOn: '2026-11-10',
      approvingOrgCode: 'T1',
      documentNo: '甲村支〔2026〕3号',
    };
    // taken by the branch, not yet approved: pending, the status unchanged
    const taken = await sec.post(`/api/v1/members/${m.id}/decisions`, decision);
    expect(taken.statusCode, taken.body).toBe(200);
    const [d] = taken.json().decisions;
    expect(d).toMatchObject({ state: 'pending', effectiveOn: null, approvedOn: null, mayAnswer: false });
    expect((await sec.get(`/api/v1/members/${m.id}`)).json().status).toBe('full');
    expect((await getStats(ctx, 'T1')).members.total).toBe(before.members.total);
    // one pending decision at a time
    expect((await sec.post(`/api/v1/members/${m.id}/decisions`, decision)).statusCode).toBe(409);
    // the approving org's to-do; not the branch's (it approves nothing), not another township's (404)
    const todo = await t1.get('/api/v1/orgs/T1/decisions/pending');
    expect(todo.statusCode).toBe(200);
    expect(todo.json()).toEqual([
      expect.objectContaining({
        id: d.id,
        kind: 'suspend',
        name: '钱待批',
        memberOrgName: '甲村党支部',
        approvingOrg: { code: 'T1', name: '中共甲镇委员会' },
        decidedOn: '2026-11-10',
        waitingDays: 12,
      }),
    ]);
    expect((await sec.get('/api/v1/orgs/V11/decisions/pending')).json()).toEqual([]);
    expect((await t2.get('/api/v1/orgs/T1/decisions/pending')).statusCode).toBe(404);
    // only the approving org answers: the branch is refused (403), another township finds nothing (404)
    const approval = { approvedOn: '2026-11-20', documentNo: '甲组〔2026〕12号' };
    expect((await sec.post(`/api/v1/decisions/${d.id}/approve`, approval)).statusCode).toBe(403);
    expect((await t2.post(`/api/v1/decisions/${d.id}/approve`, approval)).statusCode).toBe(404);
    expect((await t1.get(`/api/v1/members/${m.id}/lifecycle`)).json().decisions[0].mayAnswer).toBe(true);
    // an approval before the decision, or in the future, is refused
    expect(
      (await t1.post(`/api/v1/decisions/${d.id}/approve`, { approvedOn: '2026-11-09' })).statusCode,
    ).toBe(400);
    expect(
      (await t1.post(`/api/v1/decisions/${d.id}/approve`, { approvedOn: '2026-11-23' })).statusCode,
    ).toBe(400);
    const ok = await t1.post(`/api/v1/decisions/${d.id}/approve`, approval);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().decisions[0]).toMatchObject({
      state: 'approved',
      approvedOn: '2026-11-20',
      effectiveOn: '2026-11-20',
      documentNo: '甲组〔2026〕12号',
      answeredByName: t1.username,
    });
    const detail = (await sec.get(`/api/v1/members/${m.id}`)).json();
    expect(detail.status).toBe('suspended');
    expect(detail.events.find((e: { kind: string }) => e.kind === 'suspend').effectiveOn).toBe('2026-11-20');
    expect((await getStats(ctx, 'T1')).members.total).toBe(before.members.total - 1);
    expect({ ...(await getStats(ctx, 'T1')), source: 'live' }).toEqual(await getLiveStats(ctx, 'T1'));
    expect((await t1.post(`/api/v1/decisions/${d.id}/approve`, approval)).statusCode).toBe(409);
    expect((await t1.get('/api/v1/orgs/T1/decisions/pending')).json()).toEqual([]);

    // refused: with a reason, and the status never changes
    const d2 = (await sec.post(`/api/v1/members/${m2.id}/decisions`, decision)).json().decisions[0];
    expect(d2.state).toBe('pending');
    expect(
      (await t1.post(`/api/v1/decisions/${d2.id}/refuse`, { refusedOn: TODAY, reason: '' })).statusCode,
    ).toBe(400);
    const no = await t1.post(`/api/v1/decisions/${d2.id}/refuse`, {
      refusedOn: TODAY,
      reason: '已联系上本人，继续教育',
    });
    expect(no.statusCode, no.body).toBe(200);
    expect(no.json().decisions[0]).toMatchObject({
      state: 'refused',
      refusedOn: TODAY,
      refusalReason: '已联系上本人，继续教育',
      effectiveOn: null,
    });
    expect((await sec.get(`/api/v1/members/${m2.id}`)).json().status).toBe('full');
    // a new decision may be taken after a refusal
    expect(
      (await sec.post(`/api/v1/members/${m2.id}/decisions`, { ...decision, decidedOn: TODAY })).statusCode,
    ).toBe(200);
  });

  it('records a death without approval, and refuses a decision by an org that is not the member’s or above', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    const m = await member(ctx, 'V12', '冯去世');
    const t1 = await signIn(app, ctx, 'township_officer', 'T1');
    const other = await t1.post(`/api/v1/members/${m.id}/decisions`, {
      kind: 'decease',
      decidingOrgCode: 'V11',
      decidingBody: 'committee',
      decidedOn: '2026-11-01',
    });
    expect(other.statusCode).toBe(400);
    const ok = await t1.post(`/api/v1/members/${m.id}/decisions`, {
      kind: 'decease',
      decidingOrgCode: 'V12',
      decidingBody: 'committee',
      decidedOn: '2026-11-01',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await t1.get(`/api/v1/members/${m.id}`)).json().status).toBe('deceased');
    // a viewer reads the lifecycle but cannot decide
    const viewer = await signIn(app, ctx, 'viewer', 'T1');
    expect((await viewer.get(`/api/v1/members/${m.id}/lifecycle`)).json().decisions).toHaveLength(1);
    expect(
      (
        await viewer.post(`/api/v1/members/${m.id}/lost-contact`, {
          since: '2026-01-01',
        })
      ).statusCode,
    ).toBe(403);
  });

  it('gathers the lifecycle to-dos of a subtree for 本月待办: open transfers, flagged members away, lost members, pending decisions', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    const away = await member(ctx, 'V11', '周外出');
    const quiet = await member(ctx, 'V11', '郑在外');
    const lost = await member(ctx, 'V11', '钱失联');
    const late = await member(ctx, 'V12', '王超期');
    const moving = await member(ctx, 'V21', '李转入');
    const sec = await signIn(app, ctx, 'branch_secretary', 'V11');
    const t1 = await signIn(app, ctx, 'township_officer', 'T1');
    const t2 = await signIn(app, ctx, 'township_officer', 'T2');
    // nothing to do yet
    const empty = (await t1.get('/api/v1/orgs/T1/lifecycle-todo')).json();
    expect(empty).toMatchObject({
      org: 'T1',
      asOf: TODAY,
      transfers: [],
      mobile: [],
      lost: [],
      decisions: [],
    });
    // away six months at a fixed place (flagged) and away a month (no flag)
    await sec.post(`/api/v1/members/${away.id}/mobile`, {
      since: '2026-05-22',
      place: '省城',
      fixedPlace: true,
    });
    await sec.post(`/api/v1/members/${quiet.id}/mobile`, {
      since: '2026-10-22',
      place: '县城',
      fixedPlace: true,
    });
    await sec.post(`/api/v1/members/${lost.id}/lost-contact`, { since: '2026-05-01' });
    await sec.post(`/api/v1/members/${lost.id}/decisions`, {
      kind: 'suspend',
      grounds: 'lost_contact',
      decidingOrgCode: 'V11',
      decidingBody: 'general_meeting',
      decidedOn: '2026-11-10',
      approvingOrgCode: 'T1',
    });
    // a letter from T1 to T2 long past its validity, and one from T2 to T1 still valid
    const { startTransfer } = await import('../../src/services/transfers.js');
    const old = await startTransfer(h.ctx({ clock: fixedClock('2026-07-10') }), late.id, {
      kind: 'internal',
      toOrgCode: 'V21',
    });
    const fresh = await t2.post(`/api/v1/members/${moving.id}/transfers`, {
      kind: 'internal',
      toOrgCode: 'V11',
      issuedOn: '2026-11-01',
    });
    expect(fresh.statusCode, fresh.body).toBe(200);

    const res = await t1.get('/api/v1/orgs/T1/lifecycle-todo');
    expect(res.statusCode, res.body).toBe(200);
    const todo = res.json();
    // the overdue letter first (its sending end follows it up), then the one to accept; nobody twice
    expect(
      todo.transfers.map((x: { id: number; status: string; mayAct: boolean }) => [x.id, x.status, x.mayAct]),
    ).toEqual([
      [old.id, 'overdue', false],
      [fresh.json().id, 'pending', true],
    ]);
    expect(todo.mobile.map((x: { name: string; flags: string[] }) => [x.name, x.flags])).toEqual([
      ['周外出', ['must_transfer']],
    ]);
    expect(todo.lost).toMatchObject([{ name: '钱失联', since: '2026-05-01', months: 6 }]);
    expect(todo.decisions).toMatchObject([{ name: '钱失联', kind: 'suspend', approvingOrg: { code: 'T1' } }]);
    // the branch: its own members; the decision waits for the township, not for it; the letter to accept is its own
    const branch = (await sec.get('/api/v1/orgs/V11/lifecycle-todo')).json();
    expect(branch.transfers.map((x: { id: number }) => x.id)).toEqual([fresh.json().id]);
    expect(branch.lost).toHaveLength(1);
    expect(branch.decisions).toEqual([]);
    // the receiving township sees the overdue letter to it and can act on it; its own letter waits for the other end
    const other = (await t2.get('/api/v1/orgs/T2/lifecycle-todo')).json();
    expect(other.transfers.map((x: { id: number; mayAct: boolean }) => [x.id, x.mayAct])).toEqual([
      [old.id, true],
    ]);
    expect(other.lost).toEqual([]);
    expect((await t2.get('/api/v1/orgs/T1/lifecycle-todo')).statusCode).toBe(404);
  });
});
