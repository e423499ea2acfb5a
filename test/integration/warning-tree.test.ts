/**
 * The 预警 page's org tree and the county's analysis view (decision 0039) on both engines: each org's worst level and
 * the counts below it agree with the open warnings (GROUP BY over org_warning), an indicator filters them, the tree
 * keeps to the account's subtree; the analysis view is refused (403) to every account but the county administrator
 * of the whole county, and to it too while the local setting is off.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { describeDb, TODAY } from '../helpers/db.js';
import { member, smallCounty } from '../helpers/factory.js';
import { signIn } from '../helpers/http.js';
import { buildServer } from '../../src/server/app.js';
import { fixedClock } from '../../src/services/context.js';
import { evaluateAll } from '../../src/services/warnings.js';
import { warningAnalysis, warningTree } from '../../src/services/warning-tree.js';
import { DEFAULT_SETTINGS } from '../../src/policy/settings.js';

describeDb('warning tree and analysis view', (h) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildServer({ db: h.db, clock: fixedClock(TODAY), logLevel: 'silent' });
  });
  afterAll(async () => {
    await app.close();
  });

  it('colours the tree by each org’s open warnings, filters by indicator, and refuses the analysis view', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    // V11 has three full members, one aged; the other villages have none
    for (const [i, birth] of ['1950-01-01', '1980-01-01', '1985-01-01'].entries())
      await member(ctx, 'V11', `甲村党员${i}`, { birth });
    await evaluateAll(h.db, ctx.clock);
    const open = await h.db.query<{ code: string; indicator: string; level: 'red' | 'amber' }>(
      `SELECT o.code, w.indicator, w.level FROM org_warning w JOIN org o ON o.id = w.org_id
        WHERE w.closed_on IS NULL ORDER BY o.code, w.indicator`,
    );
    expect(open.length).toBeGreaterThan(0);
    const worst = (code: string, only?: string) => {
      const mine = open.filter((w) => w.code === code && (!only || w.indicator === only));
      return mine.some((w) => w.level === 'red') ? 'red' : mine.length ? 'amber' : null;
    };

    const t = await warningTree(ctx, 'C');
    expect(t.nodes.map((n) => [n.code, n.parent, n.depth])).toEqual([
      ['C', null, 0],
      ['T1', 'C', 1],
      ['V11', 'T1', 2],
      ['V12', 'T1', 2],
      ['T2', 'C', 1],
      ['V21', 'T2', 2],
      ['V22', 'T2', 2],
    ]);
    for (const n of t.nodes) {
      expect(n.level, n.code).toBe(worst(n.code));
      expect([...n.reds, ...n.ambers].sort(), n.code).toEqual(
        open
          .filter((w) => w.code === n.code)
          .map((w) => w.indicator)
          .sort(),
      );
    }
    const t1 = t.nodes.find((n) => n.code === 'T1')!;
    expect(t1.below).toEqual({
      orgs: 2,
      red: ['V11', 'V12'].filter((c) => worst(c) === 'red').length,
      amber: ['V11', 'V12'].filter((c) => worst(c) === 'amber').length,
    });

    // one indicator: the levels of its warnings only
    const key = open[0]!.indicator;
    const only = await warningTree(ctx, 'C', key);
    for (const n of only.nodes) expect(n.level, `${n.code} ${key}`).toBe(worst(n.code, key));
    await expect(warningTree(ctx, 'C', 'nonsense')).rejects.toThrow(/没有名为/);

    // the analysis view: off by default, even for the county
    await expect(warningAnalysis(ctx, 'C')).rejects.toThrow(/未开启/);
    const on = h.ctx({ settings: { ...DEFAULT_SETTINGS, analysisView: true } });
    const a = await warningAnalysis(on, 'C');
    expect(a.groups.map((g) => [g.code, g.orgs])).toEqual([
      ['T1', 3],
      ['T2', 3],
    ]);
    expect(a.total.orgs).toBe(7);
    for (const g of a.groups)
      for (const x of g.byIndicator) {
        const orgs = g.code === 'T1' ? ['T1', 'V11', 'V12'] : ['T2', 'V21', 'V22'];
        expect(x.red, `${g.code} ${x.indicator}`).toBe(
          orgs.filter((c) => worst(c, x.indicator) === 'red').length,
        );
        expect(x.amber, `${g.code} ${x.indicator}`).toBe(
          orgs.filter((c) => worst(c, x.indicator) === 'amber').length,
        );
      }

    // over HTTP: the tree keeps to the account's subtree; the analysis view is the county's, and only when on
    const officer = await signIn(app, ctx, 'township_officer', 'T1');
    expect((await officer.get('/api/v1/orgs/T1/warnings/tree')).json().nodes).toHaveLength(3);
    expect((await officer.get('/api/v1/orgs/C/warnings/tree')).statusCode).toBe(404);
    expect((await officer.get('/api/v1/orgs/T1/warnings/analysis')).statusCode).toBe(403);
    expect((await officer.get('/api/v1/orgs/T1/warnings/summary')).json().analysisView).toBe(false);
    const townshipAdmin = await signIn(app, ctx, 'county_admin', 'T1');
    const admin = await signIn(app, ctx, 'county_admin', 'C');
    expect((await admin.get('/api/v1/orgs/C/warnings/analysis')).statusCode).toBe(403);
    expect((await admin.get('/api/v1/orgs/C/warnings/summary')).json().analysisView).toBe(false);
    const put = await admin.req({
      method: 'PUT',
      url: '/api/v1/settings/supervision.analysisView',
      payload: { value: true, effectiveFrom: TODAY, note: null },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ value: true, valueText: '开启', defaultText: '关闭' });
    const res = await admin.get('/api/v1/orgs/C/warnings/analysis');
    expect(res.statusCode).toBe(200);
    expect(res.json().groups.map((g: { code: string }) => g.code)).toEqual(['T1', 'T2']);
    expect((await admin.get('/api/v1/orgs/C/warnings/summary')).json().analysisView).toBe(true);
    // never for a township's account, whatever its role
    expect((await townshipAdmin.get('/api/v1/orgs/T1/warnings/analysis')).statusCode).toBe(403);
    expect((await officer.get('/api/v1/orgs/T1/warnings/analysis')).statusCode).toBe(403);
  });
});
