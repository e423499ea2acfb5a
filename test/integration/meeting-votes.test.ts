/**
 * Votes of a general meeting (decision 0018): those entitled are the full members on the roster of the day, the
 * voters present those of them present; a vote without a quorum is recorded and marked invalid; an edit of the
 * attendance judges the votes again — on both engines, through the API.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { describeDb, TODAY } from '../helpers/db.js';
import { member, smallCounty } from '../helpers/factory.js';
import { signIn } from '../helpers/http.js';
import { buildServer } from '../../src/server/app.js';
import { fixedClock } from '../../src/services/context.js';

describeDb('meeting votes', (h) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildServer({ db: h.db, clock: fixedClock(TODAY), logLevel: 'silent' });
  });
  afterAll(async () => {
    await app.close();
  });

  it('judges each vote by the quorum and majority of those entitled, keeps an invalid one marked invalid', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    // six full members and one probationary (no vote)
    const ms = [];
    for (const n of ['张一', '李二', '王三', '赵四', '刘五', '陈六']) ms.push(await member(ctx, 'V11', n));
    const prob = await member(ctx, 'V11', '预备党员', {
      status: 'probationary',
      joinedOn: '2026-03-01',
      confirmedOn: null,
    });
    const sec = await signIn(app, ctx, 'branch_secretary', 'V11');
    // three full members away: 3 of 6 present is exactly half — no quorum
    const away = [ms[3]!, ms[4]!, ms[5]!].map((m) => ({ memberId: m.id, status: 'excused', reason: '外出' }));
    const res = await sec.post('/api/v1/orgs/V11/meetings', {
      kinds: ['general_meeting'],
      heldOn: '2026-10-10',
      topic: '讨论村集体经济项目',
      attendance: away,
      votes: [{ subject: '同意修建村道', yes: 3, no: 0, abstain: 0 }],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().votes).toEqual([
      expect.objectContaining({
        subject: '同意修建村道',
        entitled: 6,
        presentVoters: 3,
        outcome: 'invalid',
      }),
    ]);
    expect(res.json().votes[0].reason).toContain('未超过应到会有表决权党员 6 人的半数');
    // the probationary member present does not count as a voter; 4 votes from 3 voters cannot be true
    const tooMany = await sec.post('/api/v1/orgs/V11/meetings', {
      kinds: ['general_meeting'],
      heldOn: '2026-10-11',
      topic: 'x',
      attendance: away,
      votes: [{ subject: '多票', yes: 4, no: 0, abstain: 0 }],
    });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.body).toContain('预备党员没有表决权');
    // one of them came after all: 4 of 6 present, 3 yes is half of those entitled — rejected; edit to 4 yes — passed
    const id = res.json().id;
    const back = await sec.patch(`/api/v1/meetings/${id}`, {
      attendance: [{ memberId: ms[3]!.id, status: 'present' }],
    });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json().votes[0]).toMatchObject({ presentVoters: 4, outcome: 'rejected' });
    const more = await sec.patch(`/api/v1/meetings/${id}`, {
      votes: [
        { subject: '同意修建村道', yes: 4, no: 0, abstain: 0 },
        { subject: '同意调整党小组', yes: 2, no: 1, abstain: 1 },
      ],
    });
    expect(more.json().votes.map((x: { outcome: string }) => x.outcome)).toEqual(['passed', 'rejected']);
    expect(more.json().attendance.find((a: { memberId: number }) => a.memberId === prob.id).status).toBe(
      'present',
    );
    // votes belong to a general meeting
    const theme = await sec.post('/api/v1/orgs/V11/meetings', {
      kinds: ['theme_day'],
      heldOn: '2026-10-12',
      topic: 'x',
      votes: [{ subject: 'x', yes: 1, no: 0, abstain: 0 }],
    });
    expect(theme.statusCode).toBe(400);
    // audited under the branch; deleting the meeting deletes its votes
    const audit = await h.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE entity = 'meeting_vote' ORDER BY id`,
    );
    expect(audit.map((a) => a.action)).toEqual(['insert', 'update', 'update', 'insert']);
    const del = await sec.req({ method: 'DELETE', url: `/api/v1/meetings/${id}` });
    expect(del.statusCode).toBe(200);
    expect(await h.db.query('SELECT 1 FROM meeting_vote')).toHaveLength(0);
  });
});
