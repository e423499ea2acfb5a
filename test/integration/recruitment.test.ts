/**
 * Recruitment (发展党员, decision 0025) through the API on both engines: an applicant taken from the application to
 * a full member, steps refused with the rule and its source, the person entered on the roster as a probationary
 * member from the general meeting's vote and confirmed from the probation's end, the subtree's counts, masking and
 * the logged reveal, the 2026 overlay switched on from a date.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { describeDb, TODAY } from '../helpers/db.js';
import { idNumber, member, smallCounty } from '../helpers/factory.js';
import { signIn } from '../helpers/http.js';
import { buildServer } from '../../src/server/app.js';
import { fixedClock } from '../../src/services/context.js';
import { changeSetting } from '../../src/services/settings.js';
import { importMembers } from '../../src/services/imports.js';
import { enterKnownPerson, recordMemberEvent } from '../../src/services/members.js';
import { orgByCode } from '../../src/db/repositories/orgs.js';
import { sessionOf } from '../../src/services/accounts.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describeDb('recruitment', (h) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildServer({ db: h.db, clock: fixedClock(TODAY), logLevel: 'silent' });
  });
  afterAll(async () => {
    await app.close();
  });

  it('takes an applicant to a full member, refusing steps that break a rule', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    const zhangId = idNumber('1970-05-20', 'male');
    const ms = [await member(ctx, 'V11', '张一', { idNumber: zhangId })];
    for (const n of ['李二', '王三', '赵四', '钱五', '孙六']) ms.push(await member(ctx, 'V11', n));
    const sec = await signIn(app, ctx, 'branch_secretary', 'V11');
    const applicantId = idNumber('2000-03-15', 'female');
    const opened = await sec.post('/api/v1/recruitment/cases', {
      orgCode: 'V11',
      name: '周小梅',
      idNumber: applicantId,
      ethnicity: '01',
      appliedOn: '2023-09-01',
    });
    expect(opened.statusCode, opened.body).toBe(200);
    const c = opened.json();
    expect(c).toMatchObject({ status: 'applicant', orgCode: 'V11', rulesToday: '2014' });
    expect(c.idNumber).not.toBe(applicantId);
    expect(c.next[0]).toMatchObject({ kind: 'talk', due: '2023-10-01', overdue: true });
    // the same person again is refused
    const again = await sec.post('/api/v1/recruitment/cases', {
      orgCode: 'V11',
      name: '周小梅',
      idNumber: applicantId,
      ethnicity: '01',
      appliedOn: '2023-09-02',
    });
    expect(again.json().error.code).toBe('RECRUITMENT_PERSON_TAKEN');
    // a member on the roster cannot apply
    const taken = await sec.post('/api/v1/recruitment/cases', {
      orgCode: 'V11',
      name: '张一',
      idNumber: zhangId,
      ethnicity: '01',
      appliedOn: '2023-09-02',
    });
    expect(taken.json().error).toMatchObject({ code: 'RECRUITMENT_PERSON_TAKEN' });
    expect(taken.json().error.message).toContain('已是党员');

    const step = (body: Record<string, unknown>) => sec.post(`/api/v1/recruitment/cases/${c.id}/steps`, body);
    const ok = async (body: Record<string, unknown>) => {
      const r = await step(body);
      expect(r.statusCode, `${String(body.kind)}: ${r.body}`).toBe(200);
      return r.json();
    };
    const late = await ok({ kind: 'talk', takenOn: '2023-10-08' });
    expect(late.recordedWarnings[0].message).toContain('第七条');
    await ok({ kind: 'activist', takenOn: '2023-10-20' });
    await ok({ kind: 'activist_filed', takenOn: '2023-10-25', orgCode: 'T1' });
    // a mentor who is not a member of the Party is refused
    const badMentor = await step({ kind: 'mentors', takenOn: '2023-10-26', memberIds: [ms[0]!.id, 999999] });
    expect(badMentor.json().error.code).toBe('RECRUITMENT_STEP_REFUSED');
    await ok({ kind: 'mentors', takenOn: '2023-10-26', memberIds: [ms[0]!.id, ms[1]!.id] });
    await ok({ kind: 'review', takenOn: '2024-04-15' });
    await ok({ kind: 'review', takenOn: '2024-10-10' });
    // a year as an activist: one day early is refused with the article
    const early = await step({ kind: 'candidate', takenOn: '2024-10-19' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('RECRUITMENT_STEP_REFUSED');
    expect(early.json().error.message).toContain('第十三条');
    expect(early.json().error.message).toContain('2024年10月20日');
    await ok({ kind: 'candidate', takenOn: '2024-10-20' });
    await ok({ kind: 'candidate_filed', takenOn: '2024-10-22', orgCode: 'T1' });
    await ok({ kind: 'sponsors', takenOn: '2024-10-23', memberIds: [ms[0]!.id, ms[1]!.id] });
    await ok({ kind: 'political_review', takenOn: '2024-11-20', outcome: 'passed' });
    const short = await step({ kind: 'training', takenOn: '2024-12-01', days: 2 });
    expect(short.json().error.message).toContain('第十七条');
    await ok({ kind: 'training', takenOn: '2024-12-01', hours: 24 });
    await ok({ kind: 'committee_review', takenOn: '2025-01-10' });
    // a branch cannot pre-review; the township committee does
    const wrong = await step({ kind: 'pre_review', takenOn: '2025-01-20', orgCode: 'C_NOPE' });
    expect(wrong.json().error.message).toContain('不是该支部的上级党委');
    await ok({ kind: 'pre_review', takenOn: '2025-01-20', orgCode: 'T1' });
    await ok({ kind: 'application_form', takenOn: '2025-02-01' });
    // 6 full members entitled: 3 present is not more than half
    const noQuorum = await step({
      kind: 'admission_vote',
      takenOn: '2025-03-01',
      vote: { present: 3, yes: 3, no: 0, abstain: 0, ballot: 'show_of_hands' },
    });
    expect(noQuorum.json().error.message).toContain('未超过应到会有表决权的 6 人的半数');
    const voted = await ok({
      kind: 'admission_vote',
      takenOn: '2025-03-01',
      vote: { present: 4, yes: 3, no: 1, abstain: 0, writtenYes: 1, ballot: 'show_of_hands' },
    });
    expect(voted.steps.at(-1).data).toMatchObject({ outcome: 'passed', vote: { entitled: 6 } });
    await ok({ kind: 'higher_talk', takenOn: '2025-03-10' });
    const approved = await ok({
      kind: 'admission_approval',
      takenOn: '2025-04-01',
      orgCode: 'T1',
      outcome: 'approved',
    });
    expect(approved.status).toBe('probationary');
    expect(approved.memberId).toBeGreaterThan(0);
    const m = (await sec.get(`/api/v1/members/${approved.memberId}`)).json();
    expect(m).toMatchObject({
      status: 'probationary',
      joinedOn: '2025-03-01',
      name: '周小梅',
      orgCode: 'V11',
    });

    // the county switches the 2026 overlay on from 2026-06-01: later steps are judged by it
    await changeSetting(ctx, 'recruitmentRules', { value: 2026, effectiveFrom: '2026-06-01', note: '测试' });
    await ok({ kind: 'oath', takenOn: '2025-04-15' });
    await ok({ kind: 'confirmation_request', takenOn: '2026-02-20' });
    const tooEarly = await step({
      kind: 'confirmation_vote',
      takenOn: '2026-02-28',
      decision: 'confirm',
      vote: { present: 5, yes: 5, no: 0, abstain: 0, ballot: 'secret' },
    });
    expect(tooEarly.json().error.message).toContain('2026年3月1日起才能讨论转正');
    await ok({
      kind: 'confirmation_vote',
      takenOn: '2026-03-02',
      decision: 'confirm',
      vote: { present: 5, yes: 5, no: 0, abstain: 0, ballot: 'show_of_hands' },
    });
    const confirmed = await ok({
      kind: 'confirmation_approval',
      takenOn: '2026-06-02',
      orgCode: 'T1',
      outcome: 'approved',
      cause: '镇党委换届',
    });
    expect(confirmed.status).toBe('full');
    expect(confirmed.rulesToday).toBe('2026');
    expect(confirmed.steps.map((s: { rules: string }) => s.rules).slice(-2)).toEqual(['2014', '2026']);
    const full = (await sec.get(`/api/v1/members/${approved.memberId}`)).json();
    expect(full).toMatchObject({ status: 'full', confirmedOn: '2026-03-01' });

    // the party statistics' count: admitted in 2025 (the vote's year) by V11, confirmed in 2026
    const stats = (await sec.get('/api/v1/orgs/V11/recruitment/stats?from=2024&to=2026')).json();
    expect(stats.years.map((y: { year: number; admitted: number; confirmed: number }) => y)).toMatchObject([
      { year: 2024, admitted: 0, confirmed: 0 },
      { year: 2025, admitted: 1, women: 1, young: 1, minorities: 0, college: 0, confirmed: 0 },
      { year: 2026, admitted: 0, confirmed: 1 },
    ]);
    expect(stats.years[1].occupations.unknown).toBe(1);
    const badRange = await sec.get('/api/v1/orgs/V11/recruitment/stats?from=2026&to=2024');
    expect(badRange.statusCode).toBe(400);

    // the county's view
    const admin = await signIn(app, ctx, 'county_admin', 'C');
    const sum = (await admin.get('/api/v1/orgs/C/recruitment')).json();
    expect(sum.stages).toEqual({ applicant: 0, activist: 0, candidate: 0, probationary: 0 });
    const past = (await admin.get('/api/v1/orgs/C/recruitment?asOf=2025-06-01')).json();
    expect(past.stages.probationary).toBe(1);
    const v11 = past.orgs.find((o: { code: string }) => o.code === 'V11');
    expect(v11).toMatchObject({ lastAdmitted: '2025-03-01', years: 0 });
    // the other villages admitted nobody since 2005
    expect(past.branchesWithoutAdmission.map((b: { code: string }) => b.code)).not.toContain('V11');

    // the full ID number only on request, logged
    const rv = await sec.post(`/api/v1/recruitment/cases/${c.id}/reveal`, {});
    expect(rv.json().value).toBe(applicantId);
    const audit = await h.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'read_sensitive' AND entity = 'person'`,
    );
    expect(audit[0]!.n).toBe(1);
    // the applicant's person row is scoped by the case's org in the audit log
    const scoped = await h.db.query<{ org_path: string | null }>(
      `SELECT org_path FROM audit_log WHERE entity = 'recruitment_case' ORDER BY id LIMIT 1`,
    );
    expect(scoped[0]!.org_path).toMatch(/^\/\d+\/\d+\/\d+\/$/);
  });

  it('keeps another branch out and lets a viewer read but not write', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    const sec = await signIn(app, ctx, 'branch_secretary', 'V11');
    const opened = await sec.post('/api/v1/recruitment/cases', {
      orgCode: 'V11',
      name: '吴小军',
      idNumber: idNumber('1999-01-01', 'male'),
      ethnicity: '01',
      appliedOn: '2026-10-01',
    });
    expect(opened.statusCode, opened.body).toBe(200);
    const other = await signIn(app, ctx, 'branch_secretary', 'V12');
    expect((await other.get(`/api/v1/recruitment/cases/${opened.json().id}`)).statusCode).toBe(404);
    expect(
      (
        await other.post('/api/v1/recruitment/cases', {
          orgCode: 'V11',
          name: '某某',
          idNumber: idNumber('1999-02-01', 'male'),
          ethnicity: '01',
          appliedOn: '2026-10-01',
        })
      ).statusCode,
    ).toBe(404);
    const viewer = await signIn(app, ctx, 'viewer', 'T1');
    expect((await viewer.get(`/api/v1/recruitment/cases/${opened.json().id}`)).statusCode).toBe(200);
    expect(
      (
        await viewer.post(`/api/v1/recruitment/cases/${opened.json().id}/steps`, {
          kind: 'talk',
          takenOn: '2026-10-10',
        })
      ).statusCode,
    ).toBe(403);
    const board = (await viewer.get('/api/v1/orgs/T1/recruitment/board')).json();
    expect(board.stages.applicant).toHaveLength(1);
    expect(board.stages.applicant[0].next[0]).toMatchObject({
      kind: 'talk',
      due: '2026-11-01',
      overdue: true,
    });
    // the overdue list alone (decision 0050): the summary's lines, from the case's stored deadline
    const overdue = await viewer.get('/api/v1/orgs/T1/recruitment/overdue');
    expect(overdue.statusCode, overdue.body).toBe(200);
    expect(overdue.json()).toMatchObject({
      org: 'T1',
      asOf: TODAY,
      overdue: [{ caseId: opened.json().id, step: 'talk', due: '2026-11-01' }],
    });
    expect(overdue.json().overdue).toEqual((await viewer.get('/api/v1/orgs/T1/recruitment')).json().overdue);
    // under 18 on the day of the application
    const young = await sec.post('/api/v1/recruitment/cases', {
      orgCode: 'V11',
      name: '郑小',
      idNumber: idNumber('2008-12-01', 'male'),
      ethnicity: '01',
      appliedOn: '2026-11-01',
    });
    expect(young.json().error.message).toContain('未满18周岁');
  });

  it('refuses a member entered by hand or by import for an applicant whose case is open, and leaves the person as it was', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    const applicantId = idNumber('1995-05-05', 'male');
    const admin = await signIn(app, ctx, 'county_admin', 'C');
    const opened = await admin.post('/api/v1/recruitment/cases', {
      orgCode: 'V21',
      name: '王秘密',
      idNumber: applicantId,
      ethnicity: '01',
      phone: '13900001111',
      workUnit: '乙镇某单位',
      appliedOn: '2026-10-01',
    });
    expect(opened.statusCode, opened.body).toBe(200);
    const entered = {
      status: 'probationary',
      name: 'x',
      idNumber: applicantId,
      ethnicity: '01',
      joinedOn: '2026-11-01',
    };
    // a branch of the other township: refused, naming nothing of the case
    const sec = await signIn(app, ctx, 'branch_secretary', 'V11');
    const taken = await sec.post('/api/v1/members', { ...entered, orgCode: 'V11' });
    expect(taken.statusCode, taken.body).toBe(409);
    expect(taken.json().error).toMatchObject({ code: 'RECRUITMENT_PERSON_TAKEN' });
    expect(taken.json().error.message).toBe(
      '该身份证号的人员正在其他党组织的发展党员程序中，不能直接登记为党员',
    );
    expect(taken.body).not.toContain('1111');
    expect(taken.body).not.toContain('丙村');
    // the case's own township: refused, naming the case's org
    const officer = await signIn(app, ctx, 'township_officer', 'T2');
    const own = await officer.post('/api/v1/members', { ...entered, orgCode: 'V21' });
    expect(own.statusCode, own.body).toBe(409);
    expect(own.json().error.message).toContain('丙村党支部的发展党员程序中');
    // the person and the case as they were
    const c = (await admin.get(`/api/v1/recruitment/cases/${opened.json().id}`)).json();
    expect(c).toMatchObject({ name: '王秘密', status: 'applicant', orgCode: 'V21' });
    // a member import: the row is rejected with the same words, the others are written
    const dir = mkdtempSync(join(tmpdir(), 'jiceng-open-case-'));
    const file = join(dir, 'members.csv');
    writeFileSync(
      file,
      [
        '所在党组织编码,姓名,公民身份号码,民族,人员类别,入党日期,转正日期',
        `V11,x,${applicantId},汉族,预备党员,2026-11-01,`,
        `V11,本村党员,${idNumber('1960-01-01', 'male')},汉族,正式党员,1985-07-01,1986-07-01`,
      ].join('\n'),
    );
    const secActor = (await sessionOf(
      h.db,
      fixedClock(TODAY),
      sec.cookie.slice(sec.cookie.indexOf('=') + 1),
    ))!.actor;
    const result = await importMembers({ ...ctx, actor: secActor }, { path: file });
    expect(result.inserted).toBe(1);
    expect(result.rejected).toHaveLength(1);
    expect(result.rejected[0]).toMatchObject({
      row: 2,
      code: 'RECRUITMENT_PERSON_TAKEN',
      message: '该身份证号的人员正在其他党组织的发展党员程序中，不能直接登记为党员',
    });
    expect((await admin.get(`/api/v1/recruitment/cases/${opened.json().id}`)).json().name).toBe('王秘密');
  });

  it('lets a probationary member whose case admitted them transfer out and come back, and answers a second entry as taken', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    const admin = await signIn(app, ctx, 'county_admin', 'C');
    const id = idNumber('1996-06-06', 'female');
    const opened = await admin.post('/api/v1/recruitment/cases', {
      orgCode: 'V11',
      name: '郑预备',
      idNumber: id,
      ethnicity: '01',
      appliedOn: '2024-01-10',
    });
    expect(opened.statusCode, opened.body).toBe(200);
    // the case's admission, as its approval step makes it: the person entered as a probationary member, the case
    // kept open (probationary) with the member it admitted
    const [person] = await h.db.query<{ id: number }>('SELECT id FROM person WHERE id_number = $1', [id]);
    const org = (await orgByCode(h.db, 'V11', '/'))!;
    const memberId = await h.db.transaction((tx) =>
      enterKnownPerson(
        ctx,
        tx,
        person!.id,
        [],
        org,
        {
          orgCode: 'V11',
          status: 'probationary',
          name: '郑预备',
          idNumber: id,
          ethnicity: '01',
          joinedOn: '2026-03-01',
        },
        { idNumber: id, sex: 'female', birthDate: '1996-06-06' },
      ),
    );
    await h.db.query(`UPDATE recruitment_case SET status = 'probationary', member_id = $2 WHERE id = $1`, [
      opened.json().id,
      memberId,
    ]);
    const entered = {
      orgCode: 'V12',
      status: 'probationary',
      name: '郑预备',
      idNumber: id,
      ethnicity: '01',
      joinedOn: '2026-03-01',
    };
    // on the roster: taken, as any member
    const taken = await admin.post('/api/v1/members', entered);
    expect(taken.json().error.code).toBe('MEMBER_ID_NUMBER_TAKEN');
    // transferred out, then back by a member record: the same membership returns
    await recordMemberEvent(ctx, memberId, { kind: 'transfer_out', effectiveOn: '2026-10-03', note: '外县' });
    const back = await admin.post('/api/v1/members', entered);
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ id: memberId, orgCode: 'V12', status: 'probationary' });
  });
});
