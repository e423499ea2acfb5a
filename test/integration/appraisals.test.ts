/**
 * 民主评议党员 (decision 0030): a meeting's grading sheet, saving it by the rules (probationary members not graded,
 * every full member graded, 优秀 over a third warned and kept), a member's results by year, the follow-ups a result
 * asks for as to-dos (never a change of status), a year's appraisal of a subtree, and the meeting edits the grades
 * constrain — on both engines, through the API.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { describeDb, TODAY } from '../helpers/db.js';
import { member, smallCounty } from '../helpers/factory.js';
import { signIn } from '../helpers/http.js';
import { buildServer } from '../../src/server/app.js';
import { fixedClock } from '../../src/services/context.js';
import { setCommittee } from '../../src/services/orgs.js';

describeDb('democratic appraisal', (h) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildServer({ db: h.db, clock: fixedClock(TODAY), logLevel: 'silent' });
  });
  afterAll(async () => {
    await app.close();
  });

  it('grades a meeting by the rules, derives the follow-ups as to-dos and keeps the grades with their meeting', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    const ms = [];
    for (const n of ['张一', '李二', '王三', '赵四']) ms.push(await member(ctx, 'V11', n));
    const [zhang, li, wang, zhao] = ms as [
      (typeof ms)[number],
      (typeof ms)[number],
      (typeof ms)[number],
      (typeof ms)[number],
    ];
    const prob = await member(ctx, 'V11', '钱五', {
      status: 'probationary',
      joinedOn: '2026-03-01',
      confirmedOn: null,
    });
    await member(ctx, 'V12', '乙村党员');
    await setCommittee(h.ctx({ clock: fixedClock('2024-01-05') }), 'V11', {
      effectiveOn: '2024-01-05',
      posts: [{ memberId: zhang.id, post: 'secretary' }],
    });
    const sec = await signIn(app, ctx, 'branch_secretary', 'V11');
    const otherSec = await signIn(app, ctx, 'branch_secretary', 'V12');
    const town = await signIn(app, ctx, 'township_officer', 'T1');

    // a theme day is not an appraisal meeting
    const theme = await sec.post('/api/v1/orgs/V11/meetings', {
      kinds: ['theme_day'],
      heldOn: '2026-11-05',
      topic: '学习',
    });
    expect((await sec.get(`/api/v1/meetings/${theme.json().id}/appraisal`)).statusCode).toBe(400);

    const mt = await sec.post('/api/v1/orgs/V11/meetings', {
      kinds: ['appraisal_meeting', 'life_meeting'],
      heldOn: '2026-11-10',
      topic: '2026年度组织生活会和民主评议党员',
      attendance: [{ memberId: zhao.id, status: 'absent' }],
    });
    expect(mt.statusCode, mt.body).toBe(200);
    const url = `/api/v1/meetings/${mt.json().id}/appraisal`;
    const blank = await sec.get(url);
    expect(blank.statusCode, blank.body).toBe(200);
    expect(blank.json()).toMatchObject({ year: 2026, recorded: false, orgCode: 'V11' });
    const rows = blank.json().members as { name: string; graded: boolean; attendance: string; grade: null }[];
    expect(rows.map((r) => r.name).sort()).toEqual(['张一', '李二', '王三', '赵四', '钱五'].sort());
    expect(rows.find((r) => r.name === '钱五')).toMatchObject({ graded: false, status: 'probationary' });
    expect(rows.find((r) => r.name === '赵四')).toMatchObject({ graded: true, attendance: 'absent' });
    // another branch's secretary does not see the meeting
    expect((await otherSec.get(url)).statusCode).toBe(404);

    const all = (g: Record<number, string | null>) => ({
      grades: Object.entries(g).map(([id, grade]) => ({ memberId: Number(id), grade })),
    });
    // refused: a probationary member graded, a full member left out, someone of another branch
    const probGraded = await sec.req({
      method: 'PUT',
      url: url,
      payload: all({
        [zhang.id]: 'qualified',
        [li.id]: 'qualified',
        [wang.id]: 'qualified',
        [zhao.id]: 'qualified',
        [prob.id]: 'qualified',
      }),
    });
    expect(probGraded.statusCode).toBe(400);
    expect(probGraded.body).toContain('预备党员参加评议，但不评定等次');
    const leftOut = await sec.req({
      method: 'PUT',
      url: url,
      payload: all({ [zhang.id]: 'qualified', [li.id]: 'qualified', [prob.id]: null }),
    });
    expect(leftOut.statusCode).toBe(400);
    expect(leftOut.body).toContain('未评定等次');
    expect(
      (await otherSec.req({ method: 'PUT', url: url, payload: all({ [zhang.id]: 'qualified' }) })).statusCode,
    ).toBe(404);

    // 2 优秀 of 4 graded is over a third: saved, with the warning
    const over = await sec.req({
      method: 'PUT',
      url: url,
      payload: all({
        [zhang.id]: 'excellent',
        [li.id]: 'excellent',
        [wang.id]: 'qualified',
        [zhao.id]: 'qualified',
        [prob.id]: null,
      }),
    });
    expect(over.statusCode, over.body).toBe(200);
    expect(over.json().summary).toMatchObject({ graded: 4, excellentOverShare: true });
    expect(over.json().warnings.join()).toContain('三分之一');
    expect(over.json().warnings.join()).toContain('缺席');
    // corrected: 1 of 4 is not
    const ok = await sec.req({
      method: 'PUT',
      url: url,
      payload: all({
        [zhang.id]: 'excellent',
        [li.id]: 'basically_qualified',
        [wang.id]: 'unqualified',
        [zhao.id]: 'qualified',
        [prob.id]: null,
      }),
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({
      recorded: true,
      summary: {
        graded: 4,
        excellentOverShare: false,
        counts: { excellent: 1, qualified: 1, basically_qualified: 1, unqualified: 1 },
      },
    });

    // the township's view: V11 graded, V12 not held; the follow-ups as to-dos
    const year = await town.get('/api/v1/orgs/T1/appraisals');
    expect(year.statusCode, year.body).toBe(200);
    const byCode = new Map((year.json().orgs as { code: string }[]).map((o) => [o.code, o]));
    expect(byCode.get('V11')).toMatchObject({ status: 'graded', graded: 4, ungraded: 1 });
    expect(byCode.get('V12')).toMatchObject({ status: 'not_held', graded: 0 });
    const todo = () =>
      town
        .get('/api/v1/orgs/T1/appraisals')
        .then((r) =>
          (r.json().toDos as { name: string; toDo: string }[]).map((t) => `${t.name}:${t.toDo}`).sort(),
        );
    expect(await todo()).toEqual(['李二:help_improve', '王三:disposal_due']);

    // the follow-up of 不合格 is a decision a person enters; a grade other than 不合格 has none
    const mine = await sec.get(`/api/v1/members/${wang.id}/appraisals`);
    expect(mine.statusCode, mine.body).toBe(200);
    const wangAppraisal = mine.json().appraisals[0];
    expect(wangAppraisal).toMatchObject({
      year: 2026,
      grade: 'unqualified',
      toDo: 'disposal_due',
      canWrite: true,
    });
    const liAppraisal = (await sec.get(`/api/v1/members/${li.id}/appraisals`)).json().appraisals[0];
    expect(
      (
        await sec.post(`/api/v1/appraisals/${liAppraisal.id}/follow-up`, {
          followUp: 'rectify',
          on: '2026-11-15',
          until: '2027-05-15',
        })
      ).statusCode,
    ).toBe(400);
    const fu = (b: object) => sec.post(`/api/v1/appraisals/${wangAppraisal.id}/follow-up`, b);
    expect((await fu({ followUp: 'rectify', on: '2026-11-15' })).body).toContain('限期改正须写明期限');
    expect((await fu({ followUp: 'rectify', on: '2026-11-01', until: '2027-05-01' })).body).toContain(
      '不能早于评议',
    );
    expect((await fu({ followUp: 'persuade_out', on: '2026-11-15', until: '2027-05-01' })).statusCode).toBe(
      400,
    );
    // a rectification whose term has run out asks the branch to judge it
    const r1 = await fu({ followUp: 'rectify', on: '2026-11-12', until: '2026-11-20', note: '限期半年改正' });
    expect(r1.statusCode, r1.body).toBe(200);
    expect(r1.json().appraisals[0]).toMatchObject({
      followUp: 'rectify',
      followUpUntil: '2026-11-20',
      toDo: 'rectify_ended',
    });
    const r2 = await fu({ followUp: 'rectify', on: '2026-11-12', until: '2027-05-12' });
    expect(r2.json().appraisals[0].toDo).toBeNull();
    // 劝退 decided: still a member until the status decision is entered (党籍处置) — the platform changes nothing
    const r3 = await fu({ followUp: 'persuade_out', on: '2026-11-16' });
    expect(r3.json().appraisals[0].toDo).toBe('decision_due');
    const w = await sec.get(`/api/v1/members/${wang.id}`);
    expect(w.json().status).toBe('full');
    // 基本合格: a heart talk with the secretary after the appraisal is the help
    await sec.post('/api/v1/orgs/V11/heart-talks', { heldOn: '2026-11-15', memberIds: [zhang.id, li.id] });
    expect(await todo()).toEqual(['王三:decision_due']);

    // a second appraisal meeting of the year: everyone is already appraised
    const mt2 = await sec.post('/api/v1/orgs/V11/meetings', {
      kinds: ['appraisal_meeting'],
      heldOn: '2026-11-18',
      topic: '补充评议',
    });
    const second = await sec.get(`/api/v1/meetings/${mt2.json().id}/appraisal`);
    expect(second.json().members.every((m: { elsewhere: string | null }) => m.elsewhere)).toBe(true);
    expect(
      (
        await sec.req({
          method: 'PUT',
          url: `/api/v1/meetings/${mt2.json().id}/appraisal`,
          payload: all({ [zhang.id]: 'qualified' }),
        })
      ).body,
    ).toContain('已在');

    // the grades hold the meeting to its kind and year; deleting the meeting deletes them (audited)
    const edit = await sec.req({
      method: 'PATCH',
      url: `/api/v1/meetings/${mt.json().id}`,
      payload: { kinds: ['life_meeting'] },
    });
    expect(edit.statusCode).toBe(400);
    expect(edit.body).toContain('民主评议');
    const moved = await sec.req({
      method: 'PATCH',
      url: `/api/v1/meetings/${mt.json().id}`,
      payload: { heldOn: '2025-11-10' },
    });
    expect(moved.statusCode).toBe(400);
    const audit = await h.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE entity = 'member_appraisal'`,
    );
    expect(audit[0]!.n).toBeGreaterThanOrEqual(5);
    expect((await sec.req({ method: 'DELETE', url: `/api/v1/meetings/${mt.json().id}` })).statusCode).toBe(
      200,
    );
    expect((await sec.get(`/api/v1/members/${wang.id}/appraisals`)).json().appraisals).toEqual([]);
    // in the OpenAPI document
    const paths = Object.keys((await sec.get('/api/docs/json')).json().paths);
    for (const p of [
      '/api/v1/meetings/{id}/appraisal',
      '/api/v1/members/{id}/appraisals',
      '/api/v1/appraisals/{id}/follow-up',
      '/api/v1/orgs/{code}/appraisals',
    ])
      expect(paths).toContain(p);
    const after = await h.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE entity = 'member_appraisal' AND action = 'delete'`,
    );
    expect(after[0]!.n).toBe(5);
  });
});
