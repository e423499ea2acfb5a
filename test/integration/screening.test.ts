/**
 * Weak-org screening and rectification cases (decision 0033) through the API on both engines: a township officer
 * records observations, petitions and a survey for its villages (not another township's), the screening suggests
 * types with that evidence and never from nothing, the county confirms (the township may not), the 党统 table,
 * a case planned with a first secretary's 1–3 year term, overdue measures as the township's to-dos, an
 * acceptance against the local scheme decided by people, close-out and the follow-up watch.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { describeDb, TODAY } from '../helpers/db.js';
import { member, smallCounty } from '../helpers/factory.js';
import { signIn } from '../helpers/http.js';
import { buildServer } from '../../src/server/app.js';
import { fixedClock } from '../../src/services/context.js';

describeDb('screening and rectification', (h) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildServer({ db: h.db, clock: fixedClock(TODAY), logLevel: 'silent' });
  });
  afterAll(async () => {
    await app.close();
  });

  it('takes a village from observations to a confirmed weak org, a case, acceptance and close-out', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    const officer = await signIn(app, ctx, 'township_officer', 'T1');
    const county = await signIn(app, ctx, 'county_admin', 'C');
    const secretary = await signIn(app, ctx, 'branch_secretary', 'V11');

    // nothing recorded: nothing suggested, but from red indicators — 丙村 has a member and no secretary (type 1)
    await member(ctx, 'V21', '钱一');
    let s = (await county.get('/api/v1/orgs/C/screening?year=2026')).json();
    expect(s.table).toMatchObject({ screened: 4, confirmed: 0 });
    expect(s).toMatchObject({ ratioPercent: 0, ratioReference: null, indicatorsAvailable: true });
    const suggested = Object.fromEntries(
      s.orgs.map((o: { code: string; suggested: { type: number }[] }) => [
        o.code,
        o.suggested.map((x) => x.type),
      ]),
    );
    // and no organisational life held (type 4)
    expect(suggested).toEqual({ V11: [], V12: [], V21: [1, 4], V22: [] });
    expect(s.orgs.find((o: { code: string }) => o.code === 'V21').suggested[0].evidence[0]).toContain(
      '书记缺职',
    );

    const obs = (code: string, body: object, c = officer) =>
      c.post(`/api/v1/orgs/${code}/screening/observations`, body);
    expect(
      (
        await obs('V11', {
          kind: 'observation',
          observedOn: '2026-03-02',
          weakType: 3,
          note: '两委班子长期不和',
        })
      ).statusCode,
    ).toBe(200);
    await obs('V12', { kind: 'petition', observedOn: '2026-04-01', count: 3 });
    await obs('V12', { kind: 'petition', observedOn: '2026-06-01', count: 2 });
    const survey = await obs('V12', {
      kind: 'survey',
      observedOn: '2026-06-10',
      respondents: 50,
      satisfied: 27,
    });
    expect(survey.json()).toMatchObject({ satisfaction: 54, author: expect.any(String) });
    // another township's village, a date to come, a branch secretary: refused
    expect((await obs('V21', { kind: 'petition', observedOn: '2026-04-01', count: 9 })).statusCode).toBe(404);
    expect(
      (await obs('V11', { kind: 'petition', observedOn: '2026-12-01', count: 1 })).json().error.code,
    ).toBe('SCREENING_REFUSED');
    expect(
      (await obs('V11', { kind: 'petition', observedOn: '2026-04-01', count: 1 }, secretary)).statusCode,
    ).toBe(403);

    s = (await officer.get('/api/v1/orgs/T1/screening?year=2026')).json();
    const byCode = Object.fromEntries(s.orgs.map((o: { code: string }) => [o.code, o]));
    expect(byCode.V11.suggested).toEqual([
      { type: 3, evidence: [expect.stringContaining('两委班子长期不和')] },
    ]);
    expect(byCode.V12.suggested.map((x: { type: number }) => x.type)).toEqual([8, 10]);
    expect(byCode.V12.suggested[0].evidence[0]).toContain('本年度信访5件次');
    expect(byCode.V12.suggested[1].evidence[0]).toContain('满意度54%');
    expect(byCode.V21).toBeUndefined();

    // the county confirms, the township may not
    const confirm = (code: string, body: object, c = county) =>
      c.req({ method: 'PUT', url: `/api/v1/orgs/${code}/screening/2026/confirmation`, payload: body });
    expect((await confirm('V11', { types: [3], reason: '走访核实' }, officer)).statusCode).toBe(403);
    expect((await confirm('T1', { types: [3], reason: 'x' })).json().error.code).toBe('SCREENING_REFUSED');
    expect((await confirm('V11', { types: [14], reason: 'x' })).json().error.code).toBe('SCREENING_REFUSED');
    const c11 = await confirm('V11', {
      types: [3, 1],
      reason: '走访核实，书记缺职',
      confirmedOn: '2026-04-15',
    });
    expect(c11.statusCode, c11.body).toBe(200);
    expect(c11.json()).toMatchObject({ created: true });
    await confirm('V12', { types: [8], reason: '信访集中', confirmedOn: '2026-04-15' });
    s = (await county.get('/api/v1/orgs/C/screening?year=2026')).json();
    expect(s.table).toMatchObject({ screened: 4, confirmed: 2 });
    const pct = Object.fromEntries(
      s.table.byType.map((t: { type: number; percent: number }) => [t.type, t.percent]),
    );
    expect(pct).toMatchObject({ 1: 50, 3: 50, 8: 50, 10: 0 });
    // as of a date before the confirmations: none
    expect(
      (await county.get('/api/v1/orgs/C/screening?year=2026&asOf=2026-04-14')).json().table.confirmed,
    ).toBe(0);

    // the case: planned by the township
    const caseId = c11.json().caseId as number;
    const url = `/api/v1/rectification/cases/${caseId}`;
    expect((await officer.get(url)).json()).toMatchObject({
      stage: 'planning',
      stageZh: '待制定方案',
      types: [1, 3],
    });
    const badTerm = await officer.patch(url, {
      firstSecretary: '刘一',
      firstSecretaryFrom: '2026-05-01',
      firstSecretaryTo: '2030-05-01',
    });
    expect(badTerm.json().error.message).toContain('超过3年');
    const planned = await officer.patch(url, {
      problems: '书记缺职，两委不和',
      liaisonLeader: '县委常委 陈某',
      pairingUnit: '县财政局',
      firstSecretary: '刘一',
      firstSecretaryUnit: '县财政局',
      firstSecretaryFrom: '2026-05-01',
      firstSecretaryTo: '2028-05-01',
      residentCadres: ['赵二', '孙三'],
    });
    expect(planned.statusCode, planned.body).toBe(200);
    await officer.post(`${url}/measures`, {
      content: '选配村党组织书记',
      responsible: '镇党委副书记 王某',
      dueOn: '2026-06-30',
    });
    const m2 = await officer.post(`${url}/measures`, {
      content: '调解两委矛盾',
      responsible: '镇组织委员',
      dueOn: '2026-12-31',
    });
    expect(m2.json()).toMatchObject({ stage: 'rectifying' });
    // the first measure is overdue on the township's to-do list
    let list = (await officer.get('/api/v1/orgs/T1/rectification')).json();
    expect(list.overdue).toEqual([
      expect.objectContaining({ orgCode: 'V11', content: '选配村党组织书记', dueOn: '2026-06-30' }),
    ]);
    expect(list.overdue[0].daysOverdue).toBe(145);
    const measureId = m2.json().measures[0].id as number;
    await officer.post(`${url}/measures/${measureId}/done`, { doneOn: '2026-07-10' });
    await officer.post(`${url}/progress`, { notedOn: '2026-07-10', content: '经选举产生新书记', measureId });
    list = (await officer.get('/api/v1/orgs/T1/rectification')).json();
    expect(list.overdue).toEqual([]);
    s = (await county.get('/api/v1/orgs/C/screening?year=2026')).json();
    expect(s.table.measures).toMatchObject({
      pairingUnits: 1,
      liaisonLeaders: 1,
      firstSecretaries: 1,
      residentCadres: 2,
      problemsSolved: 1,
    });

    // acceptance: the township may not; the scheme suggests, people decide, a different decision needs a reason
    const acc = (body: object, c = county) => c.post(`${url}/acceptances`, body);
    const failing = { heldOn: '2026-10-20', score: 92, voters: 15, dissatisfied: 8, deciders: '县验收组' };
    expect((await acc({ ...failing, decision: 'failed' }, officer)).statusCode).toBe(403);
    const refused = await acc({ ...failing, decision: 'passed' });
    expect(refused.json().error.message).toContain('直接认定为不合格');
    const failed = await acc({ ...failing, decision: 'failed' });
    expect(failed.json()).toMatchObject({
      stage: 'rectifying',
      acceptances: [{ suggested: 'fail', decision: 'failed' }],
    });
    expect((await county.post(`${url}/close`, { closedOn: '2026-11-01' })).json().error.message).toContain(
      '验收合格后',
    );
    const passed = await acc({
      heldOn: '2026-11-10',
      score: 70,
      voters: 15,
      dissatisfied: 7,
      decision: 'passed',
      deciders: '县验收组',
    });
    expect(passed.json()).toMatchObject({ stage: 'accepted', stageZh: '验收合格待销号' });
    const closed = await county.post(`${url}/close`, { closedOn: '2026-11-15' });
    expect(closed.json()).toMatchObject({
      stage: 'watching',
      closedOn: '2026-11-15',
      watchUntil: '2027-11-15',
    });
    // closed: no more changes
    expect(
      (await officer.post(`${url}/measures`, { content: 'x', responsible: 'y', dueOn: '2026-12-01' })).json()
        .error.code,
    ).toBe('SCREENING_REFUSED');
    s = (await county.get('/api/v1/orgs/C/screening?year=2026')).json();
    expect(s.table.measures.rectified).toBe(1);

    // relapse: a red indicator before the close-out is not one; one turning red within the watch is. The rows stand
    // for what the daily job warnings.evaluate writes (decision 0032).
    await h.db.exec(`
      INSERT INTO org_warning (org_id, indicator, level, since, opened_on, evidence)
        SELECT id, 'committee_incomplete', 'red', '2026-10-01', '2026-10-01', '["班子成员不足"]'::jsonb FROM org WHERE code = 'V11';`);
    expect((await county.get(url)).json()).toMatchObject({ stage: 'watching', relapsedOn: null });
    await h.db.exec(`
      INSERT INTO org_warning (org_id, indicator, level, since, opened_on, evidence)
        SELECT id, 'secretary_vacant', 'red', '2026-11-18', '2026-11-18', '["书记职位自2026年11月18日起空缺"]'::jsonb FROM org WHERE code = 'V11';`);
    const relapsed = (await county.get(url)).json();
    expect(relapsed).toMatchObject({ stage: 'relapsed', stageZh: '跟踪期内反弹', relapsedOn: '2026-11-18' });
    expect(relapsed.relapseNote).toContain('书记缺职');
    expect((await officer.get('/api/v1/orgs/T1/rectification')).json().cases[0]).toMatchObject({
      stage: 'relapsed',
    });
    // the screening list reads the same stage as the case (the relapse mark on the warnings themselves is tested on
    // the demo county, test/demo/checks/screening.ts: reading a small subtree re-evaluates these hand-made rows)
    s = (await county.get('/api/v1/orgs/C/screening?year=2026')).json();
    expect(s.orgs.find((o: { code: string }) => o.code === 'V11').stage).toBe('跟踪期内反弹');
    // the 党统 table as .xlsx
    const xlsx = await officer.get('/api/v1/orgs/T1/screening/table.xlsx?year=2026');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');

    // every write is in the audit log under the village
    const entities = await h.db.query<{ entity: string }>(
      `SELECT DISTINCT entity FROM audit_log WHERE entity LIKE 'screening%' OR entity LIKE 'rectification%' ORDER BY entity`,
    );
    expect(entities.map((e) => e.entity)).toEqual([
      'rectification_acceptance',
      'rectification_case',
      'rectification_measure',
      'rectification_progress',
      'screening_confirmation',
      'screening_observation',
    ]);
  });
});
