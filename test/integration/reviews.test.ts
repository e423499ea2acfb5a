/**
 * 述职评议 of secretaries (decision 0037) through the API on both engines: a township officer opens the year's round
 * of its branches (not another township's, not the county's), the secretaries in post on the list day report, a
 * tally suggests a grade and a departing grade needs a reason, 一般 and 差 show their follow-ups as to-dos until a
 * person records them, the county sees the township's round below its own, the org page shows the results, and a
 * 差 points the screening to type 2 (书记不胜任) without confirming anything.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { describeDb, TODAY } from '../helpers/db.js';
import { member, smallCounty } from '../helpers/factory.js';
import { signIn } from '../helpers/http.js';
import { buildServer } from '../../src/server/app.js';
import { fixedClock } from '../../src/services/context.js';

describeDb('secretaries’ review', (h) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildServer({ db: h.db, clock: fixedClock(TODAY), logLevel: 'silent' });
  });
  afterAll(async () => {
    await app.close();
  });

  it('runs a township’s round from the list to grades and follow-ups', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    const a = await member(ctx, 'V11', '张一');
    const b = await member(ctx, 'V12', '李二');
    const c = await member(ctx, 'V12', '王三');
    const officer = await signIn(app, ctx, 'township_officer', 'T1');
    const other = await signIn(app, ctx, 'township_officer', 'T2');
    const county = await signIn(app, ctx, 'county_admin', 'C');
    const secretary = await signIn(app, ctx, 'branch_secretary', 'V11');
    const put = (url: string, payload: object, cl = officer) => cl.req({ method: 'PUT', url, payload });
    expect(
      (
        await put('/api/v1/orgs/V11/committee', {
          effectiveOn: '2020-01-01',
          posts: [{ memberId: a.id, post: 'secretary' }],
        })
      ).statusCode,
    ).toBe(200);
    await put('/api/v1/orgs/V12/committee', {
      effectiveOn: '2020-01-01',
      posts: [{ memberId: b.id, post: 'secretary' }],
    });
    // 王三 takes over V12 after the list day: 李二 reports
    await put('/api/v1/orgs/V12/committee', {
      effectiveOn: '2026-11-15',
      posts: [{ memberId: c.id, post: 'secretary' }],
    });

    let r = (await officer.get('/api/v1/orgs/T1/reviews?year=2026')).json();
    expect(r).toMatchObject({ reviewing: true, round: null, canManage: true });
    // no round yet: the list of today
    expect(r.secretaries.map((s: { name: string }) => s.name)).toEqual(['张一', '王三']);

    // others may not open it
    expect((await secretary.post('/api/v1/orgs/T1/reviews', { year: 2026 })).statusCode).toBe(404);
    expect((await other.post('/api/v1/orgs/T1/reviews', { year: 2026 })).statusCode).toBe(404);
    expect((await officer.post('/api/v1/orgs/V11/reviews', { year: 2026 })).statusCode).toBe(400);
    expect(
      (await officer.post('/api/v1/orgs/T1/reviews', { year: 2026, asOf: '2026-12-01' })).statusCode,
    ).toBe(400);
    const open = await officer.post('/api/v1/orgs/T1/reviews', { year: 2026, asOf: '2026-11-10' });
    expect(open.statusCode, open.body).toBe(200);
    r = open.json();
    expect(r.secretaries.map((s: { name: string }) => s.name)).toEqual(['张一', '李二']);
    expect(r.counts).toMatchObject({ reporters: 2, reported: 0, graded: 0 });

    const entry = (org: string, body: object, cl = officer) =>
      put(`/api/v1/orgs/T1/reviews/2026/${org}`, body, cl);
    // the report, entered once; a grade before the meeting is refused
    expect((await entry('V11', { report: '一年来抓党建工作情况……' })).statusCode).toBe(200);
    const early = await entry('V11', { report: '一年来抓党建工作情况……', grade: 'good' });
    expect(early.json().error.message).toContain('评议会议');
    expect(
      (await officer.post('/api/v1/orgs/T1/reviews', { year: 2026, heldOn: '2026-11-20', participants: 35 }))
        .statusCode,
    ).toBe(200);
    // a tally suggests 较好 (10 of 20 for 好 is not more than half); 一般 needs a reason
    const tally = { good: 10, fairly_good: 5, average: 3, poor: 2 };
    const why = await entry('V11', { report: '一年来抓党建工作情况……', tally, grade: 'average' });
    expect(why.statusCode).toBe(400);
    expect(why.json().error.message).toContain('与测评建议（较好）不同');
    const saved = await entry('V11', {
      report: '一年来抓党建工作情况……',
      tally,
      grade: 'average',
      gradeNote: '主题党日多次未开展',
      problems: '三会一课不规范',
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({
      suggested: 'fairly_good',
      grade: 'average',
      followUps: [
        { kind: 'talk', done: false },
        { kind: 'rectify', done: false },
      ],
    });
    // 李二: 差 without a tally
    expect((await entry('V12', { report: '述职报告', grade: 'poor' })).statusCode).toBe(200);
    // a branch secretary does not see the township's round (out of scope looks missing), nor another township
    expect((await entry('V11', { report: 'x' }, secretary)).statusCode).toBe(404);
    expect((await other.get('/api/v1/orgs/T1/reviews/2026/V11')).statusCode).toBe(404);

    r = (await officer.get('/api/v1/orgs/T1/reviews?year=2026')).json();
    expect(r.counts).toMatchObject({ reported: 2, graded: 2, average: 1, poor: 1 });
    expect(r.toDos.map((t: { zh: string; name: string }) => `${t.name}:${t.zh}`)).toEqual([
      '张一:上级党组织约谈书记',
      '张一:制定整改清单',
      '李二:上级党组织约谈书记',
      '李二:制定整改清单',
      '李二:研究是否列为软弱涣散党组织（书记不胜任）',
      '李二:提出书记调整意见',
    ]);

    // people record them: a talk, a list, a view on adjusting (needs a note)
    const fu = (org: string, body: object) =>
      officer.post(`/api/v1/orgs/T1/reviews/2026/${org}/follow-up`, body);
    expect((await fu('V11', { kind: 'talk', on: '2026-11-21', note: '镇党委书记约谈' })).statusCode).toBe(
      200,
    );
    await entry('V11', {
      report: '一年来抓党建工作情况……',
      tally,
      grade: 'average',
      gradeNote: '主题党日多次未开展',
      problems: '三会一课不规范',
      rectification: ['每月按时开展主题党日', '年底前补齐会议记录'],
    });
    expect((await fu('V12', { kind: 'adjust', on: '2026-11-21' })).statusCode).toBe(400);
    expect((await fu('V12', { kind: 'adjust', on: '2026-11-21', note: '建议调整书记' })).statusCode).toBe(
      200,
    );
    expect((await fu('V12', { kind: 'talk', on: '2026-11-30' })).statusCode).toBe(400);

    // the screening of the year suggests type 2 for V12 from the grade, and nothing is confirmed
    const s = (await county.get('/api/v1/orgs/C/screening?year=2026')).json();
    const v12 = s.orgs.find((o: { code: string }) => o.code === 'V12');
    expect(v12.suggested.find((x: { type: number }) => x.type === 2).evidence[0]).toContain('述职评议');
    expect(v12.confirmed).toEqual([]);
    // once the county confirms the org, the screening follow-up is done
    expect(
      (
        await put(
          '/api/v1/orgs/V12/screening/2026/confirmation',
          { types: [2], reason: '书记述职评议为差', confirmedOn: '2026-11-22' },
          county,
        )
      ).statusCode,
    ).toBe(200);
    r = (await officer.get('/api/v1/orgs/T1/reviews?year=2026')).json();
    expect(r.toDos.map((t: { zh: string; name: string }) => `${t.name}:${t.zh}`)).toEqual([
      '李二:上级党组织约谈书记',
      '李二:制定整改清单',
    ]);

    // the county sees the township's round below its own; the org page shows the results
    const cr = (await county.get('/api/v1/orgs/C/reviews?year=2026')).json();
    expect(cr.below).toMatchObject([{ orgCode: 'T1', entries: 2, graded: 2, average: 1, poor: 1 }]);
    expect(cr.secretaries.map((x: { orgCode: string; name: string | null }) => [x.orgCode, x.name])).toEqual([
      ['T1', null],
      ['T2', null],
    ]);
    const res = (await secretary.get('/api/v1/orgs/V11/review-results')).json();
    expect(res.results).toMatchObject([
      { year: 2026, reviewerCode: 'T1', name: '张一', grade: 'average', rectification: expect.any(Array) },
    ]);
    expect(res.results[0].followUps.every((f: { done: boolean }) => f.done)).toBe(true);
    expect((await other.get('/api/v1/orgs/V11/review-results')).statusCode).toBe(404);
  });
});
