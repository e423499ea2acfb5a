/**
 * 流入党员 at the host org's meetings (issue 13 item 4, 一方隶属、参加多重组织生活): a member registered as away with
 * another org as host is recorded as a visitor at its meetings — outside its expected/present figures and votes —
 * and those months count as organisational life for 党章 第九条 at home; only members hosted that day may be recorded.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { describeDb, TODAY } from '../helpers/db.js';
import { member, smallCounty } from '../helpers/factory.js';
import { signIn } from '../helpers/http.js';
import { buildServer } from '../../src/server/app.js';
import { fixedClock } from '../../src/services/context.js';
import { recordMeeting } from '../../src/services/meetings.js';

describeDb('visiting members at the host org', (h) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildServer({ db: h.db, clock: fixedClock(TODAY), logLevel: 'silent' });
  });
  afterAll(async () => {
    await app.close();
  });

  it('records a hosted member at the host’s meetings, and the months count at home', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    const away = await member(ctx, 'V11', '周外出');
    const stay = await member(ctx, 'V11', '郑在家');
    const host = await member(ctx, 'V21', '丙村党员');
    const sec = await signIn(app, ctx, 'branch_secretary', 'V11');
    const reg = await sec.post(`/api/v1/members/${away.id}/mobile`, {
      since: '2026-05-22',
      place: '丙村（务工）',
      hostOrgCode: 'V21',
    });
    expect(reg.statusCode, reg.body).toBe(200);
    // home: a theme day every month, June to November, at which he is absent (away)
    for (let mo = 6; mo <= 11; mo++)
      await recordMeeting(ctx, 'V11', {
        kinds: ['theme_day'],
        heldOn: `2026-${String(mo).padStart(2, '0')}-05`,
        topic: '主题党日',
        attendance: [{ memberId: away.id, status: 'absent' }],
      });
    const flagged = (await sec.get(`/api/v1/members/${away.id}/article9`)).json();
    expect(flagged).toMatchObject({ flag: 'six_months' });
    expect(flagged.grounds[0]).toMatchObject({ ground: 'org_life', months: 6, since: '2026-06' });

    // the host branch's form lists him as hosted that day (not before he registered)
    const hostSec = await signIn(app, ctx, 'branch_secretary', 'V21');
    const tpl = (
      await hostSec.get('/api/v1/orgs/V21/meetings/template?heldOn=2026-07-10&kinds=theme_day')
    ).json();
    expect(tpl.hosted).toEqual([
      { memberId: away.id, name: '周外出', homeOrgName: '甲村党支部', memberStatus: 'full' },
    ]);
    expect(tpl.people.map((p: { memberId: number }) => p.memberId)).toEqual([host.id]);
    const early = (
      await hostSec.get('/api/v1/orgs/V21/meetings/template?heldOn=2026-05-21&kinds=theme_day')
    ).json();
    expect(early.hosted).toEqual([]);

    // he takes part in the host's meetings in July, August and September
    const ids: number[] = [];
    for (const mo of ['07', '08', '09']) {
      const res = await hostSec.post('/api/v1/orgs/V21/meetings', {
        kinds: ['theme_day'],
        heldOn: `2026-${mo}-10`,
        topic: '主题党日（流入党员参加）',
        visitors: [away.id],
      });
      expect(res.statusCode, res.body).toBe(200);
      ids.push(res.json().id);
      // not one of the host's own people: its figures count its roster only
      expect(res.json()).toMatchObject({
        expected: 1,
        present: 1,
        visitors: [{ memberId: away.id, name: '周外出', homeOrgName: '甲村党支部' }],
      });
    }
    // home: the run of missed months is now October–November only
    const after = (await sec.get(`/api/v1/members/${away.id}/article9`)).json();
    expect(after).toMatchObject({ flag: null });
    expect(after.grounds[0]).toMatchObject({ ground: 'org_life', months: 2, since: '2026-10' });
    expect(after.year).toMatchObject({ present: 3, absent: 6 });

    // only a member hosted that day: one who stayed at home, or before the registration, is refused with the reason
    for (const [visitor, heldOn] of [
      [stay.id, '2026-10-10'],
      [away.id, '2026-05-10'],
    ] as const) {
      const bad = await hostSec.post('/api/v1/orgs/V21/meetings', {
        kinds: ['theme_day'],
        heldOn,
        topic: '主题党日',
        visitors: [visitor],
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.message).toContain('不是在本组织登记的流入党员');
    }
    // an edit keeps the visitors it does not mention; moving the meeting before the registration is refused
    const kept = await hostSec.patch(`/api/v1/meetings/${ids[0]}`, { topic: '主题党日（改）' });
    expect(kept.statusCode, kept.body).toBe(200);
    expect(kept.json().visitors).toHaveLength(1);
    const moved = await hostSec.patch(`/api/v1/meetings/${ids[0]}`, { heldOn: '2026-05-10' });
    expect(moved.statusCode).toBe(400);
    const cleared = await hostSec.patch(`/api/v1/meetings/${ids[0]}`, { visitors: [] });
    expect(cleared.json().visitors).toEqual([]);
    // deleting a meeting takes its visitors with it; the home months follow
    expect((await hostSec.req({ method: 'DELETE', url: `/api/v1/meetings/${ids[2]}` })).statusCode).toBe(200);
    const last = (await sec.get(`/api/v1/members/${away.id}/article9`)).json();
    expect(last.grounds[0]).toMatchObject({ months: 3, since: '2026-09' });
    expect(last.year).toMatchObject({ present: 1 });
    // each change is in the audit trail
    const audit = await h.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE entity = 'meeting_visitor'",
    );
    expect(audit[0]!.n).toBeGreaterThanOrEqual(5);
  });
});
