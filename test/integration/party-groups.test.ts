/**
 * Party groups end to end (decision 0018): set up, rename, move members (at most one group at a time — also the
 * database's rule), dissolve; a group meeting expects the group's members of its day; `group_meeting` is owed
 * while the branch has groups — on both engines, through the API.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { describeDb, TODAY } from '../helpers/db.js';
import { member, smallCounty } from '../helpers/factory.js';
import { signIn } from '../helpers/http.js';
import { buildServer } from '../../src/server/app.js';
import { fixedClock } from '../../src/services/context.js';
import { addGroupMembers, createGroup } from '../../src/services/groups.js';
import { recordMeeting } from '../../src/services/meetings.js';

describeDb('party groups', (h) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildServer({ db: h.db, clock: fixedClock(TODAY), logLevel: 'silent' });
  });
  afterAll(async () => {
    await app.close();
  });

  const seed = async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    const ms = [];
    for (const n of ['张一', '李二', '王三', '赵四', '刘五', '陈六']) ms.push(await member(ctx, 'V11', n));
    const other = await member(ctx, 'V12', '乙村党员');
    return { ctx, ms, other };
  };

  it('sets up groups, moves a member between them by date, dissolves one; every change audited', async () => {
    const { ctx, ms, other } = await seed();
    const sec = await signIn(app, ctx, 'branch_secretary', 'V11');
    const a = await sec.post('/api/v1/orgs/V11/groups', {
      name: '第一党小组',
      createdOn: '2026-01-05',
      leaderMemberId: ms[1]!.id,
      memberIds: [ms[1]!.id, ms[2]!.id, ms[3]!.id],
    });
    expect(a.statusCode, a.body).toBe(200);
    expect(a.json()).toMatchObject({ name: '第一党小组', leaderName: '李二', createdOn: '2026-01-05' });
    expect(
      a
        .json()
        .members.map((m: { name: string }) => m.name)
        .sort(),
    ).toEqual(['李二', '王三', '赵四'].sort());
    const b = await sec.post('/api/v1/orgs/V11/groups', { name: '第二党小组', createdOn: '2026-01-05' });
    expect(b.statusCode, b.body).toBe(200);
    // the same name twice at once: refused
    const dup = await sec.post('/api/v1/orgs/V11/groups', { name: '第二党小组', createdOn: '2026-02-01' });
    expect(dup.statusCode).toBe(409);
    // a member of another branch cannot join
    const stranger = await sec.post(`/api/v1/groups/${b.json().id}/members`, {
      memberIds: [other.id],
      on: '2026-03-01',
    });
    expect(stranger.statusCode).toBe(409);
    expect(stranger.json().error.message).toContain('不在本支部名册');
    const wrong = await h.db.query('SELECT 1 FROM party_group_member WHERE member_id = $1', [other.id]);
    expect(wrong).toHaveLength(0);
    // 赵四 moves to the second group on 1 June: the first membership ends that day
    const moved = await sec.post(`/api/v1/groups/${b.json().id}/members`, {
      memberIds: [ms[3]!.id, ms[4]!.id],
      on: '2026-06-01',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(
      moved
        .json()
        .members.map((m: { name: string }) => m.name)
        .sort(),
    ).toEqual(['赵四', '刘五'].sort());
    const may = await sec.get('/api/v1/orgs/V11/groups?asOf=2026-05-31');
    expect(may.json().groups.find((g: { name: string }) => g.name === '第一党小组').members).toHaveLength(3);
    const now = await sec.get('/api/v1/orgs/V11/groups');
    expect(now.json()).toMatchObject({ org: 'V11', asOf: TODAY });
    expect(now.json().groups.find((g: { name: string }) => g.name === '第一党小组').members).toHaveLength(2);
    expect(
      now
        .json()
        .ungrouped.map((m: { name: string }) => m.name)
        .sort(),
    ).toEqual(['张一', '陈六'].sort());
    // a move dated before the member's current membership began is refused
    const back = await sec.post(`/api/v1/groups/${a.json().id}/members`, {
      memberIds: [ms[3]!.id],
      on: '2026-05-01',
    });
    expect(back.statusCode).toBe(409);
    expect(back.json().error.code).toBe('PARTY_GROUP_INVALID');
    // the database itself refuses two overlapping memberships of one member
    await expect(
      h.db.query(
        `INSERT INTO party_group_member (group_id, member_id, org_id, valid_from, valid_to)
         SELECT $1, $2, org_id, '2026-02-01', '2026-03-01' FROM party_group WHERE id = $1`,
        [b.json().id, ms[1]!.id],
      ),
    ).rejects.toMatchObject({ code: '23P01' });
    // rename, new leader; a stale version is refused
    const ren = await sec.patch(`/api/v1/groups/${b.json().id}`, {
      name: '东片党小组',
      leaderMemberId: ms[4]!.id,
      rowVersion: b.json().rowVersion,
    });
    expect(ren.statusCode, ren.body).toBe(200);
    expect(ren.json()).toMatchObject({ name: '东片党小组', leaderName: '刘五' });
    const stale = await sec.patch(`/api/v1/groups/${b.json().id}`, {
      name: 'x',
      rowVersion: b.json().rowVersion,
    });
    expect(stale.statusCode).toBe(409);
    // take one out, then dissolve: the rest leave that day
    const out = await sec.post(`/api/v1/groups/${b.json().id}/members/remove`, {
      memberIds: [ms[4]!.id],
      on: '2026-09-01',
    });
    expect(out.json().members.map((m: { name: string }) => m.name)).toEqual(['赵四']);
    const early = await sec.post(`/api/v1/groups/${b.json().id}/dissolve`, { dissolvedOn: '2026-05-31' });
    expect(early.statusCode).toBe(409);
    const dis = await sec.post(`/api/v1/groups/${b.json().id}/dissolve`, { dissolvedOn: '2026-10-01' });
    expect(dis.statusCode, dis.body).toBe(200);
    expect(dis.json().dissolvedOn).toBe('2026-10-01');
    const open = await h.db.query(
      'SELECT 1 FROM party_group_member WHERE group_id = $1 AND valid_to IS NULL',
      [b.json().id],
    );
    expect(open).toHaveLength(0);
    const list = await sec.get('/api/v1/orgs/V11/groups');
    expect(list.json().groups.map((g: { name: string }) => g.name)).toEqual(['第一党小组']);
    // audited, filed under the branch
    const audit = await h.db.query<{ entity: string; org_path: string }>(
      `SELECT entity, org_path FROM audit_log WHERE entity LIKE 'party_group%'`,
    );
    const [v11] = await h.db.query<{ path: string }>(`SELECT path FROM org WHERE code = 'V11'`);
    expect(audit.filter((x) => x.entity === 'party_group').length).toBeGreaterThanOrEqual(4);
    expect(audit.filter((x) => x.entity === 'party_group_member').length).toBeGreaterThanOrEqual(7);
    expect(new Set(audit.map((x) => x.org_path))).toEqual(new Set([v11!.path]));
  });

  it('scope: another branch’s secretary cannot see or change the groups; a viewer cannot change them', async () => {
    const { ctx, ms } = await seed();
    const g = await createGroup(ctx, 'V11', {
      name: '一组',
      createdOn: '2026-01-05',
      memberIds: [ms[0]!.id],
    });
    const other = await signIn(app, ctx, 'branch_secretary', 'V12');
    const viewer = await signIn(app, ctx, 'viewer', 'T1');
    expect((await other.get('/api/v1/orgs/V11/groups')).statusCode).toBe(404);
    expect((await other.patch(`/api/v1/groups/${g.id}`, { name: 'x' })).statusCode).toBe(404);
    expect((await viewer.get('/api/v1/orgs/V11/groups')).statusCode).toBe(200);
    expect((await viewer.patch(`/api/v1/groups/${g.id}`, { name: 'x' })).statusCode).toBe(403);
    expect((await viewer.post('/api/v1/orgs/V11/groups', { name: 'y' })).statusCode).toBe(403);
    // a township committee cannot have groups
    const officer = await signIn(app, ctx, 'township_officer', 'T1');
    const t = await officer.post('/api/v1/orgs/T1/groups', { name: '镇小组', createdOn: '2026-01-05' });
    expect(t.statusCode).toBe(409);
  });

  it('a group meeting expects the group of its day; group_meeting is owed only in the months the branch had groups', async () => {
    const { ctx, ms } = await seed();
    const g1 = await createGroup(ctx, 'V11', {
      name: '一组',
      createdOn: '2026-03-10',
      memberIds: [ms[0]!.id, ms[1]!.id],
    });
    await addGroupMembers(ctx, g1.id, { memberIds: [ms[2]!.id], on: '2026-06-15' });
    const sec = await signIn(app, ctx, 'branch_secretary', 'V11');
    const tpl = await sec.get(
      `/api/v1/orgs/V11/meetings/template?heldOn=2026-05-20&kinds=group_meeting&partyGroupId=${g1.id}`,
    );
    expect(tpl.statusCode, tpl.body).toBe(200);
    expect(
      tpl
        .json()
        .people.map((p: { name: string }) => p.name)
        .sort(),
    ).toEqual(['张一', '李二'].sort());
    const m = await sec.post('/api/v1/orgs/V11/meetings', {
      kinds: ['group_meeting'],
      heldOn: '2026-07-20',
      topic: '党小组学习',
      partyGroupId: g1.id,
      attendance: [{ memberId: ms[2]!.id, status: 'excused', reason: '外出' }],
    });
    expect(m.statusCode, m.body).toBe(200);
    expect(m.json()).toMatchObject({ expected: 3, present: 2, excused: 1, partyGroupName: '一组' });
    // someone outside the group that day is a stranger to its meeting
    const x = await sec.post('/api/v1/orgs/V11/meetings', {
      kinds: ['group_meeting'],
      heldOn: '2026-07-21',
      topic: 'x',
      partyGroupId: g1.id,
      attendance: [{ memberId: ms[5]!.id, status: 'absent' }],
    });
    expect(x.json().error.code).toBe('MEETING_ATTENDEE_INVALID');
    // a group named for a meeting before it was set up, or for a meeting that is not a group meeting
    const before = await sec.post('/api/v1/orgs/V11/meetings', {
      kinds: ['group_meeting'],
      heldOn: '2026-03-01',
      topic: 'x',
      partyGroupId: g1.id,
    });
    expect(before.json().error.code).toBe('MEETING_ATTENDEE_INVALID');
    const notGroup = await sec.post('/api/v1/orgs/V11/meetings', {
      kinds: ['theme_day'],
      heldOn: '2026-07-22',
      topic: 'x',
      partyGroupId: g1.id,
    });
    expect(notGroup.statusCode).toBe(400);
    await recordMeeting(ctx, 'V11', {
      kinds: ['group_meeting'],
      heldOn: '2026-08-20',
      topic: '全体党小组会',
    });

    const c = await sec.get('/api/v1/orgs/V11/compliance?from=2026-01-01&to=2026-12-31');
    expect(c.statusCode, c.body).toBe(200);
    const item = c.json().orgs[0].items.find((i: { type: string }) => i.type === 'group_meeting');
    // groups from 10 March: April–October ended (7 months), July and August held; November is running
    expect(item).toEqual({
      type: 'group_meeting',
      expected: 7,
      held: 2,
      missing: ['2026-04', '2026-05', '2026-06', '2026-09', '2026-10'],
    });
    // V12 has no groups and owes none
    const v12 = await sec.get('/api/v1/orgs/V12/compliance?from=2026-01-01&to=2026-12-31');
    expect(v12.statusCode).toBe(404);
    const admin = await signIn(app, ctx, 'county_admin', 'C');
    const all = await admin.get('/api/v1/orgs/T1/compliance?from=2026-01-01&to=2026-12-31');
    const v12items = all.json().orgs.find((o: { code: string }) => o.code === 'V12').items;
    expect(v12items.map((i: { type: string }) => i.type)).not.toContain('group_meeting');
  });
});
