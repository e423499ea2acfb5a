/**
 * Health indicators and early warnings (decision 0032) on both engines, through the API and the job: the contract's
 * exact shape, a warning opening with its `since`, closing itself when the cause clears, kept for a past date, an
 * explanation (audited) marking it explained, the county's counts, one org's health with its monthly trend, and the
 * subtree scope.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { describeDb, TODAY } from '../helpers/db.js';
import { member, org, smallCounty } from '../helpers/factory.js';
import { signIn } from '../helpers/http.js';
import { buildServer } from '../../src/server/app.js';
import { fixedClock } from '../../src/services/context.js';
import { evaluateAll, warningCountsOf, warningsFor } from '../../src/services/warnings.js';
import { warningCountsLive } from '../../src/db/repositories/supervision.js';
import { runJob } from '../../src/services/jobs.js';
import { dissolveOrg, moveOrg } from '../../src/services/orgs.js';

describeDb('health indicators and warnings', (h) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildServer({ db: h.db, clock: fixedClock(TODAY), logLevel: 'silent' });
  });
  afterAll(async () => {
    await app.close();
  });

  // the maintained counts (warning_roll) equal the counts straight from org_warning, for every org of the tree
  async function countsAgree() {
    const orgs = await h.db.query<{ code: string; path: string }>('SELECT code, path FROM org ORDER BY path');
    for (const o of orgs)
      expect(await warningCountsOf(h.ctx(), o.code), o.code).toEqual(await warningCountsLive(h.db, o.path));
  }

  it('opens, explains and closes warnings from the records', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    // V11: two full members, nobody in the secretary's post → 正式党员不足3人 (red) and 书记缺职 (red)
    const a = await member(ctx, 'V11', '张一');
    await member(ctx, 'V11', '李二');
    // V12: three full members and a secretary aged 65 → 书记年龄偏大 (amber)
    const s = await member(ctx, 'V12', '王三', { birth: '1961-01-10' });
    await member(ctx, 'V12', '赵四');
    await member(ctx, 'V12', '钱五');
    const township = await signIn(app, ctx, 'township_officer', 'T1');
    const committee = await township.req({
      method: 'PUT',
      url: '/api/v1/orgs/V12/committee',
      payload: {
        effectiveOn: '2020-01-01',
        posts: [{ memberId: s.id, post: 'secretary' }],
      },
    });
    expect(committee.statusCode, committee.body).toBe(200);
    const put = (url: string, payload: object) => township.req({ method: 'PUT', url, payload });
    expect(
      (
        await put('/api/v1/orgs/V11/committee', {
          effectiveOn: '2020-01-01',
          posts: [{ memberId: a.id, post: 'secretary' }],
        })
      ).statusCode,
    ).toBe(200);
    // the secretary of V11 left on 2026-07-01: vacant since then, more than 3 months by TODAY (2026-11-22)
    expect(
      (await put('/api/v1/orgs/V11/committee', { effectiveOn: '2026-07-01', posts: [] })).statusCode,
    ).toBe(200);

    expect(await evaluateAll(h.db, fixedClock(TODAY))).toMatch(/^评估7个党组织/);
    await countsAgree();
    expect((await warningCountsOf(h.ctx(), 'T1')).find((c) => c.indicator === 'too_few_full')).toMatchObject({
      level: 'red',
      explained: 0,
    });
    const r = await township.get('/api/v1/orgs/T1/warnings');
    expect(r.statusCode, r.body).toBe(200);
    const list = r.json();
    expect(Object.keys(list)).toEqual(['org', 'asOf', 'warnings']);
    expect(list).toMatchObject({ org: 'T1', asOf: TODAY });
    for (const w of list.warnings)
      expect(Object.keys(w)).toEqual(['org', 'indicator', 'level', 'since', 'evidence', 'explained']);
    const find = (ws: { org: string; indicator: string }[], org: string, ind: string) =>
      ws.find((w) => w.org === org && w.indicator === ind);
    expect(find(list.warnings, 'V11', 'too_few_full')).toMatchObject({
      level: 'red',
      since: TODAY,
      evidence: ['正式党员2人，不足3人，应与邻近单位成立联合党支部或调整组织设置'],
      explained: false,
    });
    expect(find(list.warnings, 'V11', 'secretary_vacant')).toMatchObject({
      level: 'red',
      since: '2026-07-01',
      evidence: ['书记职位自2026年7月1日起空缺，已4个月（超过3个月）'],
    });
    expect(find(list.warnings, 'V12', 'secretary_age')).toMatchObject({
      level: 'amber',
      evidence: ['书记王三现年65岁，超过60岁'],
    });
    expect(find(list.warnings, 'V12', 'too_few_full')).toBeUndefined();
    // nothing of the other township
    expect(list.warnings.every((w: { org: string }) => ['T1', 'V11', 'V12'].includes(w.org))).toBe(true);

    // an explanation keeps the warning visible, marked explained, and is audited
    const summary = (await township.get('/api/v1/orgs/T1/warnings/summary')).json();
    const vacant = summary.warnings.find(
      (w: { org: string; indicator: string }) => w.org === 'V11' && w.indicator === 'secretary_vacant',
    );
    expect(summary.counts.find((c: { indicator: string }) => c.indicator === 'too_few_full')).toMatchObject({
      red: 1,
      amber: 0,
    });
    expect(summary.orgs.red).toBeGreaterThanOrEqual(1);
    const ex = await township.post(`/api/v1/warnings/${vacant.id}/explanations`, {
      kind: 'reason',
      note: '原书记调任乡镇，新书记人选已报镇党委研究',
    });
    expect(ex.statusCode, ex.body).toBe(200);
    expect(ex.json()).toMatchObject({ explained: true, explanation: { kind: 'reason', explainedOn: TODAY } });
    const again = (await township.get('/api/v1/orgs/T1/warnings')).json();
    expect(find(again.warnings, 'V11', 'secretary_vacant')).toMatchObject({ explained: true, level: 'red' });
    const audit = await h.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE entity = 'warning_explanation' AND actor_id IS NOT NULL`,
    );
    expect(audit[0]!.n).toBe(1);
    await countsAgree();
    expect(
      (await warningCountsOf(h.ctx(), 'T1')).find(
        (c) => c.indicator === 'secretary_vacant' && c.level === 'red',
      ),
    ).toMatchObject({ orgs: 1, explained: 1 });

    // a branch secretary of V11 may read its own warnings, not explain another org's nor read V12's
    const branch = await signIn(app, ctx, 'branch_secretary', 'V11');
    expect((await branch.get('/api/v1/orgs/V12/warnings')).statusCode).toBe(404);
    const v12 = summary.warnings.find((w: { org: string }) => w.org === 'V12');
    expect(
      (await branch.post(`/api/v1/warnings/${v12.id}/explanations`, { kind: 'reason', note: '说明说明' }))
        .statusCode,
    ).toBe(404);

    // the cause clears: a third full member → the warning closes itself on the next evaluation of the org
    // (probationary from 2025-11-10, confirmed on 2026-11-10)
    await member(ctx, 'V11', '孙六', { joinedOn: '2025-11-10', confirmedOn: '2026-11-10' });
    const health = await branch.get('/api/v1/orgs/V11/health');
    expect(health.statusCode, health.body).toBe(200);
    const hv = health.json();
    expect(hv.indicators.find((i: { key: string }) => i.key === 'too_few_full')).toMatchObject({
      level: 'green',
      warning: null,
    });
    expect(hv.indicators.find((i: { key: string }) => i.key === 'secretary_vacant')).toMatchObject({
      level: 'red',
      warning: { since: '2026-07-01', explanation: { kind: 'reason' } },
    });
    expect(hv.trend.days.at(-1)).toBe(TODAY);
    expect(hv.trend.days[0]).toBe('2025-11-30');
    const vacantTrend = hv.trend.rows.find((r: { key: string }) => r.key === 'secretary_vacant');
    // vacant from July: amber at the end of July … October, red in November (more than 3 months)
    expect(vacantTrend.levels.slice(-6)).toEqual(['green', 'amber', 'amber', 'amber', 'amber', 'red']);
    const closed = await h.db.query<{ closedOn: string }>(
      `SELECT closed_on::text AS "closedOn" FROM org_warning w JOIN org o ON o.id = w.org_id
        WHERE o.code = 'V11' AND w.indicator = 'too_few_full'`,
    );
    expect(closed).toEqual([{ closedOn: TODAY }]);
    await countsAgree();
    // an org move carries its open warnings' counts from the old ancestors to the new ones
    await moveOrg(h.ctx(), 'V12', 'T2', TODAY);
    await countsAgree();
    expect((await warningCountsOf(h.ctx(), 'T2')).find((c) => c.indicator === 'secretary_age')).toMatchObject(
      {
        orgs: 1,
      },
    );
    await moveOrg(h.ctx(), 'V12', 'T1', TODAY);
    await countsAgree();
    const now = await warningsFor(h.ctx(), 'V11');
    expect(now.warnings.map((w) => w.indicator)).not.toContain('too_few_full');

    // as of a past day the history judges it again: on 2026-10-15 V11 had two full members
    const past = (await township.get('/api/v1/orgs/V11/warnings?asOf=2026-10-15')).json();
    expect(find(past.warnings, 'V11', 'too_few_full')).toMatchObject({ level: 'red' });
    expect(find(past.warnings, 'V11', 'secretary_vacant')).toMatchObject({
      level: 'amber',
      since: '2026-07-01',
    });
    expect((await township.get('/api/v1/orgs/V11/warnings?asOf=2099-01-01')).statusCode).toBe(400);

    // the daily job is registered and runs
    const run = await runJob(h.db, fixedClock(TODAY), 'warnings.evaluate', { force: true });
    expect(run.ran).toBe(true);
  });

  it('closes the warnings of an org once it is dissolved (nothing evaluates it any more)', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    await org(ctx, 'V13', '戊村党支部', 'T1');
    await evaluateAll(h.db, fixedClock(TODAY));
    const open = async () =>
      (
        await h.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM org_warning w JOIN org o ON o.id = w.org_id
            WHERE o.code = 'V13' AND w.closed_on IS NULL`,
        )
      )[0]!.n;
    // an empty branch: no secretary, fewer than 3 full members
    expect(await open()).toBeGreaterThan(0);
    await dissolveOrg(ctx, 'V13', TODAY);
    expect(await evaluateAll(h.db, fixedClock(TODAY))).toMatch(/解除[1-9]\d*条/);
    expect(await open()).toBe(0);
    const [closed] = await h.db.query<{ d: string }>(
      `SELECT DISTINCT w.closed_on::text AS d FROM org_warning w JOIN org o ON o.id = w.org_id WHERE o.code = 'V13'`,
    );
    expect(closed!.d).toBe(TODAY);
    await countsAgree();
  });
});
