/**
 * Heart talks (decision 0018): recording who talked with whom, who has had none with a committee member this year,
 * and the yearly `heart_talk` obligation in compliance — on both engines, through the API.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { describeDb, TODAY } from '../helpers/db.js';
import { member, smallCounty } from '../helpers/factory.js';
import { signIn } from '../helpers/http.js';
import { buildServer } from '../../src/server/app.js';
import { fixedClock } from '../../src/services/context.js';
import { setCommittee } from '../../src/services/orgs.js';
import { recordHeartTalk } from '../../src/services/heart-talks.js';

describeDb('heart talks', (h) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildServer({ db: h.db, clock: fixedClock(TODAY), logLevel: 'silent' });
  });
  afterAll(async () => {
    await app.close();
  });

  it('records talks, lists who has had none with a committee member, and judges the yearly obligation', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    const ms = [];
    for (const n of ['张一', '李二', '王三', '赵四']) ms.push(await member(ctx, 'V11', n));
    const other = await member(ctx, 'V12', '乙村党员');
    // a secretary since 2024
    await setCommittee(h.ctx({ clock: fixedClock('2024-01-05') }), 'V11', {
      effectiveOn: '2024-01-05',
      posts: [{ memberId: ms[0]!.id, post: 'secretary' }],
    });
    const sec = await signIn(app, ctx, 'branch_secretary', 'V11');
    const t1 = await sec.post('/api/v1/orgs/V11/heart-talks', {
      heldOn: '2026-03-10',
      memberIds: [ms[0]!.id, ms[1]!.id],
      note: '谈思想和工作',
    });
    expect(t1.statusCode, t1.body).toBe(200);
    expect(t1.json()).toMatchObject({ heldOn: '2026-03-10', withCommittee: true, note: '谈思想和工作' });
    expect(t1.json().people[0]).toMatchObject({ name: '张一', post: 'secretary' });
    // two ordinary members talking is recorded but does not count toward the committee's talks
    const t2 = await sec.post('/api/v1/orgs/V11/heart-talks', {
      heldOn: '2026-04-10',
      memberIds: [ms[2]!.id, ms[3]!.id],
    });
    expect(t2.json().withCommittee).toBe(false);
    // refused: one person, someone of another branch, a future day
    expect(
      (await sec.post('/api/v1/orgs/V11/heart-talks', { heldOn: '2026-04-10', memberIds: [ms[1]!.id] }))
        .statusCode,
    ).toBe(400);
    const stranger = await sec.post('/api/v1/orgs/V11/heart-talks', {
      heldOn: '2026-04-10',
      memberIds: [ms[0]!.id, other.id],
    });
    expect(stranger.json().error.code).toBe('MEETING_ATTENDEE_INVALID');
    const future = await sec.post('/api/v1/orgs/V11/heart-talks', {
      heldOn: '2026-11-23',
      memberIds: [ms[0]!.id, ms[1]!.id],
    });
    expect(future.json().error.code).toBe('MEETING_DATE_INVALID');

    const list = await sec.get('/api/v1/orgs/V11/heart-talks');
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json()).toMatchObject({ org: 'V11', year: '2026' });
    expect(list.json().talks).toHaveLength(2);
    // 李二 talked with the secretary; the secretary talked with a member — but not with another committee member
    expect(
      list
        .json()
        .missing.map((m: { name: string }) => m.name)
        .sort(),
    ).toEqual(['张一', '王三', '赵四'].sort());

    // compliance: 2025 (a whole year with a secretary, no talks) is missing; 2026 is running and not yet met
    const c = await sec.get('/api/v1/orgs/V11/compliance?from=2025-01-01&to=2026-12-31');
    const item = () => c.json().orgs[0].items.find((i: { type: string }) => i.type === 'heart_talk');
    expect(item()).toEqual({ type: 'heart_talk', expected: 1, held: 0, missing: ['2025'] });
    // everyone talks with the secretary in 2026 (the secretary with a member who has a post? no: the secretary's own
    // talk must be with another committee member) — a deputy joins the committee and talks with the secretary
    await setCommittee(h.ctx({ clock: fixedClock('2026-05-01') }), 'V11', {
      effectiveOn: '2026-05-01',
      posts: [
        { memberId: ms[0]!.id, post: 'secretary' },
        { memberId: ms[1]!.id, post: 'deputy_secretary' },
      ],
    });
    for (const m of [ms[1]!, ms[2]!, ms[3]!])
      await recordHeartTalk(ctx, 'V11', { heldOn: '2026-06-01', memberIds: [ms[0]!.id, m.id] });
    const after = await sec.get('/api/v1/orgs/V11/heart-talks?year=2026');
    expect(after.json().missing).toEqual([]);
    const c2 = await sec.get('/api/v1/orgs/V11/compliance?from=2025-01-01&to=2026-12-31');
    expect(c2.json().orgs[0].items.find((i: { type: string }) => i.type === 'heart_talk')).toEqual({
      type: 'heart_talk',
      expected: 2,
      held: 1,
      missing: ['2025'],
    });
    // V12 has no committee posts: it owes no heart talks
    const admin = await signIn(app, ctx, 'county_admin', 'C');
    const all = await admin.get('/api/v1/orgs/T1/compliance?from=2025-01-01&to=2026-12-31');
    const v12 = all.json().orgs.find((o: { code: string }) => o.code === 'V12');
    expect(v12.items.map((i: { type: string }) => i.type)).not.toContain('heart_talk');

    // scope and audit; delete
    const viewer = await signIn(app, ctx, 'viewer', 'T1');
    expect(
      (
        await viewer.post('/api/v1/orgs/V11/heart-talks', {
          heldOn: '2026-04-10',
          memberIds: [ms[0]!.id, ms[1]!.id],
        })
      ).statusCode,
    ).toBe(403);
    const otherSec = await signIn(app, ctx, 'branch_secretary', 'V12');
    expect((await otherSec.get('/api/v1/orgs/V11/heart-talks')).statusCode).toBe(404);
    expect(
      (await otherSec.req({ method: 'DELETE', url: `/api/v1/heart-talks/${t2.json().id}` })).statusCode,
    ).toBe(404);
    const del = await sec.req({ method: 'DELETE', url: `/api/v1/heart-talks/${t2.json().id}` });
    expect(del.statusCode).toBe(200);
    const audit = await h.db.query<{ entity: string }>(
      `SELECT entity FROM audit_log WHERE entity LIKE 'heart_talk%'`,
    );
    expect(audit.filter((a) => a.entity === 'heart_talk')).toHaveLength(6);
    expect(audit.filter((a) => a.entity === 'heart_talk_party')).toHaveLength(12);
  });
});
