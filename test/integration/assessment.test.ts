/**
 * Classified assessment (decision 0036) through the API on both engines: the county gives two villages their
 * categories, the indicators' warnings and a township officer's rating make the months, the year is their sum, the
 * stars follow the bands, the low-star suggestion appears only once the county turns it on; a township may not rate
 * another township's village nor a computed item, and only the county sets categories.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { describeDb, TODAY } from '../helpers/db.js';
import { smallCounty } from '../helpers/factory.js';
import { signIn } from '../helpers/http.js';
import { buildServer } from '../../src/server/app.js';
import { fixedClock } from '../../src/services/context.js';
import { syncWarnings } from '../../src/db/repositories/supervision.js';

describeDb('classified assessment', (h) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildServer({ db: h.db, clock: fixedClock(TODAY), logLevel: 'silent' });
  });
  afterAll(async () => {
    await app.close();
  });

  it('scores the months from the warnings and the ratings, sums the year and bands the stars', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    const county = await signIn(app, ctx, 'county_admin', 'C');
    const officer = await signIn(app, ctx, 'township_officer', 'T1');
    const put = (c: typeof county, code: string, body: object) =>
      c.req({ method: 'PUT', url: `/api/v1/orgs/${code}/assessment/category`, payload: body });

    // only the county sets a category, and only one the scheme has
    expect((await put(officer, 'V11', { category: 'trade', effectiveFrom: '2026-03-01' })).statusCode).toBe(
      403,
    );
    const unknown = await put(county, 'V11', { category: 'mining', effectiveFrom: '2026-03-01' });
    expect(unknown.statusCode).toBe(409);
    expect(unknown.json().error.message).toContain('工商贸易型、特色产业型、一般经济发展型');
    expect((await put(county, 'V11', { category: 'trade', effectiveFrom: '2026-03-01' })).statusCode).toBe(
      200,
    );
    expect((await put(county, 'V12', { category: 'general', effectiveFrom: '2026-01-01' })).statusCode).toBe(
      200,
    );

    // 甲村: organisational life red from 10 May, cleared on 15 August (the warnings job's record)
    const [v11] = await h.db.query<{ id: number }>(`SELECT id FROM org WHERE code = 'V11'`);
    await h.db.transaction(async (tx) => {
      await syncWarnings(
        tx,
        [v11!.id],
        [
          {
            orgId: v11!.id,
            indicator: 'org_life',
            level: 'red',
            since: '2026-05-10',
            evidence: ['近两个季度未召开支部委员会'],
          },
        ],
        '2026-07-01',
      );
    });
    await h.db.transaction((tx) => syncWarnings(tx, [v11!.id], [], '2026-08-15'));

    // the township rates 发展业绩 from April; not a computed item, not over the points, not another township's village
    const rate = (code: string, body: object) =>
      officer.post(`/api/v1/orgs/${code}/assessment/ratings`, body);
    expect((await rate('V11', { item: 'team', month: '2026-04', score: 5, note: '试' })).statusCode).toBe(
      409,
    );
    expect(
      (await rate('V11', { item: 'development', month: '2026-04', score: 21, note: '试' })).statusCode,
    ).toBe(409);
    expect(
      (await rate('V11', { item: 'development', month: '2026-02', score: 5, note: '试' })).statusCode,
    ).toBe(409);
    expect(
      (await rate('V11', { item: 'development', month: '2026-12', score: 5, note: '试' })).statusCode,
    ).toBe(409);
    expect(
      (await rate('V21', { item: 'development', month: '2026-04', score: 5, note: '试' })).statusCode,
    ).toBe(404);
    expect(
      (await rate('V11', { item: 'development', month: '2026-04', score: 18, note: '' })).statusCode,
    ).toBe(400);
    const rated = await rate('V11', {
      item: 'development',
      month: '2026-04',
      score: 18,
      note: '特色产业项目落地',
    });
    expect(rated.statusCode).toBe(200);

    const a = (await county.get('/api/v1/orgs/V11/assessment?year=2026')).json();
    expect(a.category).toEqual({ key: 'trade', zh: '工商贸易型' });
    expect(a.ratedItems.map((i: { key: string }) => i.key)).toEqual(['development', 'service', 'governance']);
    // March 60; April 78 (the rating); May–August 58 (life red); September–November 78 (the rating stands)
    expect(a.months.map((m: { month: string; score: number }) => [m.month, m.score])).toEqual([
      ['2026-03', 60],
      ['2026-04', 78],
      ['2026-05', 58],
      ['2026-06', 58],
      ['2026-07', 58],
      ['2026-08', 58],
      ['2026-09', 78],
      ['2026-10', 78],
      ['2026-11', 78],
    ]);
    expect(a.months[8].through).toBe(TODAY);
    expect(a.result).toMatchObject({
      total: 604,
      months: 9,
      max: 900,
      average: 67.1,
      stars: 2,
      starsZh: '二星',
    });
    expect(a.result.rectifySuggested).toBe(false);
    const may = a.months[2].items.find((i: { key: string }) => i.key === 'life');
    expect(may).toMatchObject({ level: 'red', score: 0 });
    expect(may.evidence[0]).toBe(
      '组织生活落实红色预警（2026年5月10日至2026年8月15日）：近两个季度未召开支部委员会',
    );
    const dev = a.months[5].items.find((i: { key: string }) => i.key === 'development');
    expect(dev.evidence[0] as string).toMatch(/评18分（沿用4月评分）：特色产业项目落地$/);

    // the low-star suggestion: off by default, on once the county sets it (a suggestion, the stars unchanged)
    const on = await county.req({
      method: 'PUT',
      url: '/api/v1/settings/assessment.rectifyBelowStars',
      payload: { value: 3, effectiveFrom: TODAY },
    });
    expect(on.statusCode, on.body).toBe(200);
    const list = (await officer.get('/api/v1/orgs/T1/assessment/list?year=2026')).json();
    expect(list.rectifyBelowStars).toBe(3);
    expect(
      list.orgs.map((o: { code: string; stars: number; total: number; rectifySuggested: boolean }) => [
        o.code,
        o.stars,
        o.total,
        o.rectifySuggested,
      ]),
    ).toEqual([
      ['V11', 2, 604, true],
      ['V12', 1, 660, true],
    ]);
    expect(list.byStars.find((b: { stars: number }) => b.stars === 2).count).toBe(1);
    // the county's list holds the same two; 乙镇's holds none (no category given there)
    expect((await county.get('/api/v1/orgs/C/assessment/list?year=2026')).json().orgs).toHaveLength(2);
    expect((await county.get('/api/v1/orgs/T2/assessment/list?year=2026')).json().orgs).toHaveLength(0);
    // an org without a category: no months, no stars
    const v21 = (await county.get('/api/v1/orgs/V21/assessment?year=2026')).json();
    expect(v21).toMatchObject({ category: null, months: [], result: { months: 0, stars: 0, average: null } });
    // a year not begun
    expect((await county.get('/api/v1/orgs/V11/assessment?year=2027')).statusCode).toBe(409);

    // the scheme in force, with the indicators an item may rest on
    const scheme = (await officer.get('/api/v1/assessment/scheme')).json();
    expect(scheme.scheme.categories.map((c: { zh: string }) => c.zh)).toEqual([
      '工商贸易型',
      '特色产业型',
      '一般经济发展型',
    ]);
    expect(scheme.rectifyBelowStars).toBe(3);

    // the rating and the categories are audited rows
    const audited = await h.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE entity IN ('assessment_rating', 'assessment_category')`,
    );
    expect(audited[0]!.n).toBe(3);
  });
});
