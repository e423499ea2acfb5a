/**
 * 本月待办 (issue 11 item 9, decision 0019) through the API, on both engines: a branch secretary's branch with what
 * it owes this month, quarter and year and whether it is held; a township officer's township, one entry per branch
 * in tree order; the missing periods since the previous quarter began; the term's end.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { describeDb, TODAY } from '../helpers/db.js';
import { member, smallCounty } from '../helpers/factory.js';
import { signIn } from '../helpers/http.js';
import { buildServer } from '../../src/server/app.js';
import { fixedClock } from '../../src/services/context.js';
import { recordMeeting } from '../../src/services/meetings.js';
import type { Home } from '../../src/shared/schemas.js';

describeDb('the secretary’s home', (h) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildServer({ db: h.db, clock: fixedClock(TODAY), logLevel: 'silent' });
  });
  afterAll(async () => {
    await app.close();
  });

  it('shows what is due now per branch, held or not, the missed periods and the term', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    for (const n of ['张一', '李二', '王三']) await member(ctx, 'V11', n);
    await member(ctx, 'V12', '赵四');
    // V11: theme days in August, September and November (October missed), this quarter's general meeting
    for (const d of ['2026-08-05', '2026-09-05', '2026-11-05'])
      await recordMeeting(ctx, 'V11', { kinds: ['theme_day'], heldOn: d, topic: `主题党日 ${d}` });
    await recordMeeting(ctx, 'V11', { kinds: ['general_meeting'], heldOn: '2026-10-20', topic: '党员大会' });
    await h.db.query(
      `INSERT INTO org_term (org_id, elected_on, term_years, term_ends_on)
       SELECT id, '2024-01-10', 3, '2027-01-10' FROM org WHERE code = 'V11'`,
    );

    const sec = await signIn(app, ctx, 'branch_secretary', 'V11');
    const res = await sec.get('/api/v1/orgs/V11/home');
    expect(res.statusCode, res.body).toBe(200);
    const home = res.json<Home>();
    expect(home).toMatchObject({ org: 'V11', asOf: TODAY, month: '2026-11', quarter: '2026-Q4' });
    expect(home.orgs).toHaveLength(1);
    const v11 = home.orgs[0]!;
    expect(v11.due.map((d) => [d.type, d.period, d.held])).toEqual([
      ['theme_day', '2026-11', true],
      ['general_meeting', '2026-Q4', true],
      ['party_lecture', '2026-Q4', false],
      ['life_meeting', '2026', false],
      ['appraisal_meeting', '2026', false],
    ]);
    // since the previous quarter (Q3) began: July and October without a theme day; Q3's general meeting and lecture
    expect(v11.missing).toEqual([
      { type: 'general_meeting', periods: ['2026-Q3'] },
      { type: 'party_lecture', periods: ['2026-Q3'] },
      { type: 'theme_day', periods: ['2026-07', '2026-10'] },
    ]);
    expect(v11.lastMeeting).toEqual({ heldOn: '2026-11-05', topic: '主题党日 2026-11-05' });
    expect(v11.termEndsOn).toBe('2027-01-10');

    // the township: both its branches with members, in tree order; nothing of the other township
    const town = await signIn(app, ctx, 'township_officer', 'T1');
    const t = (await town.get('/api/v1/orgs/T1/home')).json<Home>();
    expect(t.orgs.map((o) => o.code)).toEqual(['V11', 'V12']);
    expect(t.orgs[1]!.due.find((d) => d.type === 'theme_day')).toMatchObject({ held: false });
    expect(t.orgs[1]!.lastMeeting).toBeNull();
    // out of reach looks missing
    expect((await sec.get('/api/v1/orgs/V12/home')).statusCode).toBe(404);
  });
});
