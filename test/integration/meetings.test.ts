/**
 * Organisational life end to end (decision 0015): recording a meeting with its attendance pre-filled from the
 * roster of the day, editing, deleting, scope, and compliance of a subtree — on both engines, through the API.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { describeDb, TODAY } from '../helpers/db.js';
import { member, org, smallCounty } from '../helpers/factory.js';
import { signIn } from '../helpers/http.js';
import { buildServer } from '../../src/server/app.js';
import { fixedClock } from '../../src/services/context.js';
import { getCompliance, recordMeeting } from '../../src/services/meetings.js';
import { setCommittee } from '../../src/services/orgs.js';
import { changeSetting } from '../../src/services/settings.js';

describeDb('meetings', (h) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildServer({ db: h.db, clock: fixedClock(TODAY), logLevel: 'silent' });
  });
  afterAll(async () => {
    await app.close();
  });

  /** V11 with five members who joined in 2005, and one who joined on 2026-09-01. */
  const seed = async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    const names = ['张一', '李二', '王三', '赵四', '刘五'];
    const ms = [];
    for (const n of names) ms.push(await member(ctx, 'V11', n));
    const late = await member(ctx, 'V11', '陈新', {
      status: 'probationary',
      joinedOn: '2026-09-01',
      confirmedOn: null,
    });
    return { ctx, ms, late };
  };

  it('records a theme day with everyone on that day’s roster pre-filled present and two excused, then edits and deletes it', async () => {
    const { ctx, ms, late } = await seed();
    const sec = await signIn(app, ctx, 'branch_secretary', 'V11');
    // the roster of 2026-08-20 has the five; the member who joined on 1 September is not expected
    const tpl = await sec.get('/api/v1/orgs/V11/meetings/template?heldOn=2026-08-20&kinds=theme_day');
    expect(tpl.statusCode, tpl.body).toBe(200);
    expect(
      tpl
        .json()
        .people.map((p: { name: string }) => p.name)
        .sort(),
    ).toEqual(['张一', '李二', '王三', '赵四', '刘五'].sort());
    const nov = await sec.get('/api/v1/orgs/V11/meetings/template?heldOn=2026-11-10&kinds=theme_day');
    expect(nov.json().people).toHaveLength(6);
    expect(nov.json().people.find((p: { memberId: number }) => p.memberId === late.id).memberStatus).toBe(
      'probationary',
    );

    const res = await sec.post('/api/v1/orgs/V11/meetings', {
      kinds: ['theme_day', 'general_meeting', 'party_lecture'],
      heldOn: '2026-08-20',
      startsAt: '09:30',
      place: '村党群服务中心',
      topic: '学习党章',
      host: '张一',
      recorder: '李二',
      lecturer: '张一',
      guests: ['驻村工作队 周六'],
      attendance: [
        { memberId: ms[3]!.id, status: 'excused', reason: '外出务工' },
        { memberId: ms[4]!.id, status: 'excused', reason: '因病' },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    const m = res.json();
    expect(m).toMatchObject({
      orgCode: 'V11',
      kinds: ['theme_day', 'general_meeting', 'party_lecture'],
      heldOn: '2026-08-20',
      startsAt: '09:30',
      expected: 5,
      present: 3,
      excused: 2,
      absent: 0,
      guests: ['驻村工作队 周六'],
    });
    expect(m.attendance.find((a: { name: string }) => a.name === '赵四')).toMatchObject({
      status: 'excused',
      reason: '外出务工',
    });
    // the list, newest first
    await sec.post('/api/v1/orgs/V11/meetings', {
      kinds: ['theme_day'],
      heldOn: '2026-09-15',
      topic: '志愿服务',
    });
    const list = await sec.get('/api/v1/orgs/V11/meetings');
    expect(list.json().total).toBe(2);
    expect(list.json().items.map((i: { heldOn: string }) => i.heldOn)).toEqual(['2026-09-15', '2026-08-20']);
    expect(list.json().items[0]).toMatchObject({ expected: 6, present: 6 });

    // an edit that does not touch attendance keeps it; a stale version is refused
    const edited = await sec.patch(`/api/v1/meetings/${m.id}`, {
      topic: '学习党章（第二次）',
      rowVersion: m.rowVersion,
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ topic: '学习党章（第二次）', present: 3, excused: 2 });
    const stale = await sec.patch(`/api/v1/meetings/${m.id}`, { topic: 'x', rowVersion: m.rowVersion });
    expect(stale.statusCode).toBe(409);
    // one excused member came after all
    const back = await sec.patch(`/api/v1/meetings/${m.id}`, {
      attendance: [{ memberId: ms[4]!.id, status: 'present' }],
    });
    expect(back.json()).toMatchObject({ present: 4, excused: 1 });
    // every change is in the audit log, filed under the meeting's org
    const audit = await h.db.query<{ entity: string; action: string; org_path: string }>(
      `SELECT entity, action, org_path FROM audit_log WHERE entity LIKE 'meeting%' ORDER BY id`,
    );
    // (the attendance-only edit leaves the meeting row's fields as they were: no entry for it)
    expect(audit.filter((a) => a.entity === 'meeting').map((a) => a.action)).toEqual([
      'insert',
      'insert',
      'update',
    ]);
    // 5 + 6 attendance rows written, then the one changed: no entry for the unchanged rows
    expect(audit.filter((a) => a.entity === 'meeting_attendance').map((a) => a.action)).toEqual([
      ...Array(11).fill('insert'),
      'update',
    ]);
    const [v11] = await h.db.query<{ path: string }>(`SELECT path FROM org WHERE code = 'V11'`);
    expect(new Set(audit.map((a) => a.org_path))).toEqual(new Set([v11!.path]));

    const del = await sec.req({ method: 'DELETE', url: `/api/v1/meetings/${m.id}` });
    expect(del.statusCode, del.body).toBe(200);
    expect((await sec.get(`/api/v1/meetings/${m.id}`)).statusCode).toBe(404);
    expect((await sec.get('/api/v1/orgs/V11/meetings')).json().total).toBe(1);
    expect(await h.db.query(`SELECT 1 FROM meeting_attendance WHERE meeting_id = $1`, [m.id])).toHaveLength(
      0,
    );
  });

  it('a committee meeting expects the committee of that day; refuses strangers, future dates and days before the org existed', async () => {
    const { ctx, ms } = await seed();
    await setCommittee(h.ctx({ clock: fixedClock('2026-01-10') }), 'V11', {
      effectiveOn: '2026-01-10',
      posts: [
        { memberId: ms[0]!.id, post: 'secretary' },
        { memberId: ms[1]!.id, post: 'committee_member' },
        { memberId: ms[2]!.id, post: 'committee_member' },
      ],
    });
    const sec = await signIn(app, ctx, 'branch_secretary', 'V11');
    const tpl = await sec.get('/api/v1/orgs/V11/meetings/template?heldOn=2026-03-05&kinds=committee_meeting');
    expect(tpl.json().people.map((p: { name: string; post: string }) => [p.name, p.post])).toEqual([
      ['张一', 'secretary'],
      ['李二', 'committee_member'],
      ['王三', 'committee_member'],
    ]);
    // before the committee was set there was none
    const before = await sec.get(
      '/api/v1/orgs/V11/meetings/template?heldOn=2026-01-05&kinds=committee_meeting',
    );
    expect(before.json().people).toEqual([]);
    const cm = await sec.post('/api/v1/orgs/V11/meetings', {
      kinds: ['committee_meeting'],
      heldOn: '2026-03-05',
      topic: '研究发展党员',
    });
    expect(cm.json()).toMatchObject({ expected: 3, present: 3 });
    // someone not on the committee that day
    const stranger = await sec.post('/api/v1/orgs/V11/meetings', {
      kinds: ['committee_meeting'],
      heldOn: '2026-03-06',
      topic: 'x',
      attendance: [{ memberId: ms[4]!.id, status: 'present' }],
    });
    expect(stranger.statusCode).toBe(400);
    expect(stranger.json().error.code).toBe('MEETING_ATTENDEE_INVALID');
    const future = await sec.post('/api/v1/orgs/V11/meetings', {
      kinds: ['theme_day'],
      heldOn: '2026-11-23',
      topic: 'x',
    });
    expect(future.json().error.code).toBe('MEETING_DATE_INVALID');
    const early = await sec.post('/api/v1/orgs/V11/meetings', {
      kinds: ['theme_day'],
      heldOn: '1999-12-31',
      topic: 'x',
    });
    expect(early.json().error.code).toBe('MEETING_DATE_INVALID');
    const noReason = await sec.post('/api/v1/orgs/V11/meetings', {
      kinds: ['theme_day'],
      heldOn: '2026-03-06',
      topic: 'x',
      attendance: [{ memberId: ms[4]!.id, status: 'excused' }],
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('请假须填写原因');
    expect(await h.db.query('SELECT 1 FROM meeting')).toHaveLength(1);
  });

  it('records only in the account’s subtree: another branch looks missing, a viewer is refused', async () => {
    const { ctx } = await seed();
    await member(ctx, 'V21', '外镇党员');
    const officer = await signIn(app, ctx, 'township_officer', 'T1');
    const sec = await signIn(app, ctx, 'branch_secretary', 'V12');
    const viewer = await signIn(app, ctx, 'viewer', 'T1');
    const body = { kinds: ['theme_day'], heldOn: '2026-10-10', topic: '主题党日' };
    const ok = await officer.post('/api/v1/orgs/V11/meetings', body);
    expect(ok.statusCode).toBe(200);
    expect((await officer.post('/api/v1/orgs/V21/meetings', body)).statusCode).toBe(404);
    expect((await sec.post('/api/v1/orgs/V11/meetings', body)).statusCode).toBe(404);
    expect((await sec.get(`/api/v1/meetings/${ok.json().id}`)).statusCode).toBe(404);
    expect((await sec.patch(`/api/v1/meetings/${ok.json().id}`, { topic: 'x' })).statusCode).toBe(404);
    expect((await viewer.get(`/api/v1/meetings/${ok.json().id}`)).statusCode).toBe(200);
    expect((await viewer.post('/api/v1/orgs/V11/meetings', body)).statusCode).toBe(403);
    expect((await viewer.req({ method: 'DELETE', url: `/api/v1/meetings/${ok.json().id}` })).statusCode).toBe(
      403,
    );
    expect((await sec.get('/api/v1/orgs/V11/compliance?from=2026-01-01&to=2026-12-31')).statusCode).toBe(404);
  });

  it('compliance of a subtree: a branch founded mid-year owes from its first full period, judged as of a past date too', async () => {
    const { ctx } = await seed();
    await member(ctx, 'V12', '乙村党员');
    // a branch founded on 10 May 2026 with a member from that day
    await org(h.ctx({ clock: fixedClock('2026-05-10') }), 'V13', '丙组党支部', 'T1', {
      foundedOn: '2026-05-10',
    });
    await member(h.ctx({ clock: fixedClock('2026-05-10') }), 'V13', '新支部党员', {
      joinedOn: '2026-05-10',
      status: 'probationary',
      confirmedOn: null,
    });
    const rec = (code: string, heldOn: string, kinds: string[]) =>
      recordMeeting(ctx, code, { kinds: kinds as never, heldOn, topic: '会议' });
    for (const m of ['01', '02', '03', '05', '06', '07', '08', '09', '10'])
      await rec('V11', `2026-${m}-15`, ['theme_day']);
    // two theme days in one month are one month held
    await rec('V11', '2026-10-28', ['theme_day', 'general_meeting', 'party_lecture']);
    await rec('V11', '2026-03-20', ['general_meeting', 'party_lecture']);
    await rec('V13', '2026-06-18', ['theme_day']);
    await rec('V13', '2026-11-05', ['theme_day']);

    const admin = await signIn(app, ctx, 'county_admin', 'C');
    const res = await admin.get('/api/v1/orgs/T1/compliance?from=2026-01-01&to=2026-12-31');
    expect(res.statusCode, res.body).toBe(200);
    const c = res.json();
    expect(Object.keys(c)).toEqual(['org', 'from', 'to', 'orgs']);
    expect(c).toMatchObject({ org: 'T1', from: '2026-01-01', to: '2026-12-31' });
    // the township committee owes nothing itself and is not listed
    expect(c.orgs.map((o: { code: string }) => o.code)).toEqual(['V11', 'V12', 'V13']);
    const items = (code: string) =>
      Object.fromEntries(
        c.orgs.find((o: { code: string }) => o.code === code).items.map((i: { type: string }) => [i.type, i]),
      );
    const v11 = items('V11');
    // as of 22 November: ten months ended, April missed; November is running and not met (pending)
    expect(v11.theme_day).toEqual({ type: 'theme_day', expected: 10, held: 9, missing: ['2026-04'] });
    expect(v11.general_meeting).toEqual({
      type: 'general_meeting',
      expected: 4,
      held: 2,
      missing: ['2026-Q2', '2026-Q3'],
    });
    expect(v11.party_lecture.missing).toEqual(['2026-Q2', '2026-Q3']);
    expect(v11.life_meeting).toEqual({ type: 'life_meeting', expected: 0, held: 0, missing: [] });
    expect(v11.committee_meeting).toBeUndefined();
    // founded 10 May: June to October ended (held June), November met; no Q2, no year
    const v13 = items('V13');
    expect(v13.theme_day).toEqual({
      type: 'theme_day',
      expected: 6,
      held: 2,
      missing: ['2026-07', '2026-08', '2026-09', '2026-10'],
    });
    expect(v13.general_meeting.missing).toEqual(['2026-Q3']);
    expect(v13.life_meeting).toBeUndefined();

    // as of 30 June: the meetings held by then, the periods ended by then
    const past = await getCompliance(ctx, 'T1', { from: '2026-01-01', to: '2026-12-31', asOf: '2026-06-30' });
    const p11 = past.orgs.find((o) => o.code === 'V11')!.items;
    expect(p11.find((i) => i.type === 'theme_day')).toEqual({
      type: 'theme_day',
      expected: 6,
      held: 5,
      missing: ['2026-04'],
    });
    expect(p11.find((i) => i.type === 'general_meeting')!.missing).toEqual(['2026-Q2']);
    // V13 existed on 30 June: it owed June (held)
    expect(past.orgs.find((o) => o.code === 'V13')!.items.find((i) => i.type === 'theme_day')).toMatchObject({
      expected: 1,
      held: 1,
    });
    // as of a day before V13 was founded it is not there at all
    const before = await getCompliance(ctx, 'T1', {
      from: '2026-01-01',
      to: '2026-12-31',
      asOf: '2026-05-01',
    });
    expect(before.orgs.map((o) => o.code)).toEqual(['V11', 'V12']);

    // a yearly party lecture from 1 January 2026 (a local setting): the year is judged, not the quarters
    await changeSetting(ctx, 'partyLectureMonths', {
      value: 12,
      effectiveFrom: '2026-01-01',
      note: '测试：每年一次',
    });
    const yearly = await getCompliance(ctx, 'T1', { from: '2026-01-01', to: '2026-12-31' });
    expect(yearly.orgs.find((o) => o.code === 'V11')!.items.find((i) => i.type === 'party_lecture')).toEqual({
      type: 'party_lecture',
      expected: 1,
      held: 1,
      missing: [],
    });
    // bad ranges
    expect((await admin.get('/api/v1/orgs/T1/compliance?from=2026-12-31&to=2026-01-01')).statusCode).toBe(
      400,
    );
    expect(
      (await admin.get('/api/v1/orgs/T1/compliance?from=2026-01-01&to=2026-12-31&asOf=2026-12-01'))
        .statusCode,
    ).toBe(400);
  });
});
