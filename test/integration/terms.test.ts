/**
 * 换届 (decision 0023) on both engines, through the API: the term's due day and status with the warnings, an
 * approved postponement of at most a year, an invalid election recorded without effect, a valid one starting the
 * new term and replacing the committee — in scope.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { describeDb, TODAY } from '../helpers/db.js';
import { member, smallCounty } from '../helpers/factory.js';
import { signIn } from '../helpers/http.js';
import { buildServer } from '../../src/server/app.js';
import { fixedClock } from '../../src/services/context.js';

describeDb('terms and elections', (h) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildServer({ db: h.db, clock: fixedClock(TODAY), logLevel: 'silent' });
  });
  afterAll(async () => {
    await app.close();
  });

  it('derives due days and statuses, records moves and elections by the rules', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    const ms = [];
    for (const n of ['张一', '李二', '王三', '赵四', '钱五']) ms.push(await member(ctx, 'V11', n));
    const sec = await signIn(app, ctx, 'branch_secretary', 'V11');
    const status = async (asOf?: string) =>
      (await sec.get(`/api/v1/orgs/V11/terms${asOf ? `?asOf=${asOf}` : ''}`)).json().orgs[0];
    expect(await status()).toMatchObject({ code: 'V11', status: 'none', termEnds: null });

    // a village branch's term is 5 years (农村基层组织工作条例 第十七条)
    const first = await sec.post('/api/v1/orgs/V11/elections/results', {
      heldOn: '2021-12-10',
      method: 'general_meeting',
      entitled: 5,
      present: 5,
      candidates: [
        { memberId: ms[0]!.id, votes: 5, post: 'secretary' },
        { memberId: ms[1]!.id, votes: 4, post: 'deputy_secretary' },
        { memberId: ms[2]!.id, votes: 2 },
      ],
    });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ valid: true, reason: null, warnings: [] });
    expect(first.json().candidates.map((c: { elected: boolean }) => c.elected)).toEqual([true, true, false]);
    expect(await status()).toMatchObject({
      status: 'due_1m',
      termEnds: '2026-12-10',
      electedOn: '2021-12-10',
      termYears: 5,
    });
    expect(await status('2026-10-31')).toMatchObject({ status: 'due_3m' });
    expect(await status('2026-06-10')).toMatchObject({ status: 'due_6m' });
    expect(await status('2026-06-09')).toMatchObject({ status: 'ok' });
    expect(await status('2021-12-09')).toMatchObject({ status: 'none' });
    const org = (await sec.get('/api/v1/orgs/V11')).json();
    expect(org.currentTerm).toMatchObject({ electedOn: '2021-12-10', termEndsOn: '2026-12-10' });
    expect(org.committee.map((c: { memberName: string; post: string }) => [c.memberName, c.post])).toEqual([
      ['张一', 'secretary'],
      ['李二', 'deputy_secretary'],
    ]);

    // refused: a post for someone not elected, a candidate of another branch, votes above those present
    const notElected = await sec.post('/api/v1/orgs/V11/elections/results', {
      heldOn: '2026-11-01',
      method: 'general_meeting',
      entitled: 5,
      present: 5,
      candidates: [{ memberId: ms[3]!.id, votes: 2, post: 'secretary' }],
    });
    expect(notElected.statusCode).toBe(400);
    expect(notElected.json().error.message).toContain('未当选');
    const stranger = await member(ctx, 'V12', '乙村党员');
    expect(
      (
        await sec.post('/api/v1/orgs/V11/elections/results', {
          heldOn: '2026-11-01',
          method: 'general_meeting',
          entitled: 5,
          present: 5,
          candidates: [{ memberId: stranger.id, votes: 5 }],
        })
      ).json().error.code,
    ).toBe('MEMBER_NOT_FOUND');

    // an election with exactly 4/5 present is invalid: recorded, nothing else changes
    const invalid = await sec.post('/api/v1/orgs/V11/elections/results', {
      heldOn: '2026-11-01',
      method: 'general_meeting',
      entitled: 5,
      present: 4,
      candidates: [{ memberId: ms[3]!.id, votes: 4, post: 'secretary' }],
    });
    expect(invalid.statusCode, invalid.body).toBe(200);
    expect(invalid.json()).toMatchObject({ valid: false, termId: null });
    expect(invalid.json().reason).toContain('4/5');
    expect(await status()).toMatchObject({ status: 'due_1m', termEnds: '2026-12-10' });

    // postponement: more than a year is refused; then approved to 2027-06-30
    const move = (dueOn: string) =>
      sec.post('/api/v1/orgs/V11/term-changes', {
        kind: 'postpone',
        dueOn,
        approvedBy: '中共甲镇委员会',
        documentNo: '甲组〔2026〕5号',
        approvedOn: '2026-11-01',
      });
    const tooLong = await move('2026-12-10'.replace('2026', '2027').replace('-10', '-11'));
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.message).toContain('不超过1年');
    const moved = await move('2027-06-30');
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().term).toMatchObject({
      status: 'postponed',
      termEnds: '2027-06-30',
      statutoryEnd: '2026-12-10',
      change: { kind: 'postpone', documentNo: '甲组〔2026〕5号' },
    });
    expect(await status('2026-10-31')).toMatchObject({ status: 'due_3m', termEnds: '2026-12-10' });

    // the township sees its branches; the other township does not reach V11; a viewer may not record
    const town = await signIn(app, ctx, 'township_officer', 'T1');
    const list = (await town.get('/api/v1/orgs/T1/terms')).json();
    expect(list.orgs.map((o: { code: string; status: string }) => [o.code, o.status])).toEqual([
      ['T1', 'none'],
      ['V11', 'postponed'],
      ['V12', 'none'],
    ]);
    expect(list.source).toContain('第三条');
    const other = await signIn(app, ctx, 'township_officer', 'T2');
    expect((await other.get('/api/v1/orgs/V11/terms')).statusCode).toBe(404);
    const viewer = await signIn(app, ctx, 'viewer', 'C');
    expect((await viewer.post('/api/v1/orgs/V11/term-changes', { kind: 'postpone' })).statusCode).toBe(403);

    // a valid election starts the new term and replaces the committee
    const next = await sec.post('/api/v1/orgs/V11/elections/results', {
      heldOn: '2026-11-20',
      method: 'general_meeting',
      entitled: 5,
      present: 5,
      candidates: [
        { memberId: ms[3]!.id, votes: 5, post: 'secretary' },
        { memberId: ms[4]!.id, votes: 3, post: 'committee_member' },
        { memberId: ms[0]!.id, votes: 3, post: 'committee_member' },
      ],
    });
    expect(next.statusCode, next.body).toBe(200);
    expect(await status()).toMatchObject({ status: 'ok', termEnds: '2031-11-20', change: null });
    const after = (await sec.get('/api/v1/orgs/V11')).json();
    expect(after.committee.map((c: { memberName: string }) => c.memberName)).toEqual([
      '赵四',
      '钱五',
      '张一',
    ]);
    const all = (await sec.get('/api/v1/orgs/V11/elections')).json();
    expect(all.elections.map((e: { heldOn: string; valid: boolean }) => [e.heldOn, e.valid])).toEqual([
      ['2026-11-20', true],
      ['2026-11-01', false],
      ['2021-12-10', true],
    ]);
    expect(all.changes).toHaveLength(1);
  });
});
