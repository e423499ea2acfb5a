/**
 * The overdue list from the stored earliest deadlines (decision 0050) against the live judgement, on both engines:
 * random case histories (every stage, extensions, failed votes, closed cases, steps skipped) written straight into
 * the tables as a bulk path would, then the list compared line for line with the summary's `overdue` — before the
 * deadlines are stored, after the daily job stored them, on past days, after the 2026 overlay was switched on
 * from a past date and from a future one (judged today, read on a later day), after steps written through the use
 * case and after a case was closed; and (migration 0045) every case's row carrying the case's org, through a case
 * moved to another township's branch, a deleted case and a restore.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeDb, TODAY } from '../helpers/db.js';
import { idNumber, smallCounty } from '../helpers/factory.js';
import { fixedClock, type Ctx } from '../../src/services/context.js';
import {
  closeCase,
  judgeMissingDue,
  openCase,
  recordStep,
  recruitmentOverdue,
  recruitmentSummary,
  rulesHistory,
} from '../../src/services/recruitment.js';
import { changeSetting } from '../../src/services/settings.js';
import { backup, restore } from '../../src/services/backup.js';
import { insertStep, overdueCandidates, updateCase } from '../../src/db/repositories/recruitment.js';
import { caseStatus, type RecordedStep, type StepData } from '../../src/domain/recruitment/judge.js';
import type { StepKind } from '../../src/policy/recruitment.js';
import { addDays } from '../../src/shared/dates.js';
import { serialPlans } from '../../src/db/planner-stats.js';

/** mulberry32: the same histories on every run and engine */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The procedure in order, with the data a step needs for the judgement (votes passed, approvals approved). */
function procedure(rnd: () => number): [StepKind, StepData][] {
  const vote = { entitled: 9, present: 8, yes: 7, no: 1, abstain: 0, writtenYes: 0, writtenNo: 0 };
  const admission: [StepKind, StepData] =
    rnd() < 0.1
      ? ['admission_vote', { vote: { ...vote, yes: 2, no: 6, ballot: 'secret' }, outcome: 'failed' }]
      : ['admission_vote', { vote: { ...vote, ballot: 'secret' }, outcome: 'passed' }];
  const extend = rnd() < 0.25;
  const steps: [StepKind, StepData][] = [
    ['talk', {}],
    ['activist', {}],
    ['activist_filed', { orgCode: 'T1' }],
    ['mentors', {}],
    ['review', {}],
    ['review', {}],
    ...(rnd() < 0.5 ? [['candidate_notice', {}] as [StepKind, StepData]] : []),
    ['candidate', {}],
    ['candidate_filed', { orgCode: 'T1' }],
    ['sponsors', {}],
    ['political_review', { outcome: 'passed' }],
    ['training', { days: 3 }],
    ['committee_review', {}],
    ['pre_review', { orgCode: 'T1' }],
    ['application_form', {}],
    admission,
    ['higher_talk', {}],
    ['admission_approval', { outcome: 'approved', orgCode: 'T1' }],
    ['admission_filed', {}],
    ['assigned', {}],
    ['oath', {}],
    ['probation_review', {}],
    ['confirmation_request', {}],
    [
      'confirmation_vote',
      extend
        ? { vote: { ...vote, ballot: 'secret' }, decision: 'extend', extendMonths: 6, outcome: 'passed' }
        : { vote: { ...vote, ballot: 'secret' }, decision: 'confirm', outcome: 'passed' },
    ],
    ['confirmation_approval', { outcome: 'approved', orgCode: 'T1' }],
    ...(extend
      ? ([
          ['confirmation_request', {}],
          [
            'confirmation_vote',
            { vote: { ...vote, ballot: 'secret' }, decision: 'confirm', outcome: 'passed' },
          ],
          ['confirmation_approval', { outcome: 'approved', orgCode: 'T1' }],
        ] as [StepKind, StepData][])
      : []),
    ['archived', {}],
  ];
  return steps;
}

const BRANCHES = ['V11', 'V12', 'V21', 'V22'];

/** `n` cases with random histories: opened through the use case, the later steps written as a bulk path would. */
async function randomCases(ctx: Ctx, seed: number, n: number): Promise<number[]> {
  const rnd = random(seed);
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const orgCode = BRANCHES[i % BRANCHES.length]!;
    let on = addDays('2022-06-01', Math.floor(rnd() * 1500));
    if (on > TODAY) on = addDays(TODAY, -Math.floor(rnd() * 30));
    const birth = addDays('1990-01-01', i * 7);
    const c = await openCase(ctx, {
      orgCode,
      name: `申请人${i}`,
      idNumber: idNumber(birth, i % 2 ? 'male' : 'female'),
      ethnicity: '01',
      appliedOn: on,
    });
    const steps: RecordedStep[] = [{ kind: 'apply', on, data: {} }];
    const plan = procedure(rnd);
    const length = Math.floor(rnd() * (plan.length + 1));
    for (const [kind, data] of plan.slice(0, length)) {
      // mostly in order with realistic gaps; now and then a step skipped or two on one day
      if (rnd() < 0.05) continue;
      const next = addDays(on, Math.floor(rnd() * (kind === 'candidate' ? 500 : 120)));
      if (next > TODAY) break;
      on = next;
      steps.push({ kind, on, data });
      const orgId = await orgIdOf(ctx, orgCode);
      await insertStep(
        ctx.db,
        { caseId: c.id, orgId, kind, takenOn: on, data, rules: '2014', warnings: [] },
        null,
      );
    }
    const closed = caseStatus(steps) !== 'full' && rnd() < 0.1;
    const closedOn = closed ? (addDays(on, 10) > TODAY ? TODAY : addDays(on, 10)) : null;
    await updateCase(ctx.db, c.id, {
      status: closed ? 'closed' : caseStatus(steps),
      memberId: null,
      closedOn,
      closeReason: closed ? '本人撤回申请' : null,
    });
    ids.push(c.id);
  }
  return ids;
}

const orgIds = new Map<string, number>();
async function orgIdOf(ctx: Ctx, code: string): Promise<number> {
  let id = orgIds.get(code);
  if (id === undefined) {
    const [r] = await ctx.db.query<{ id: number }>('SELECT id FROM org WHERE code = $1', [code]);
    id = r!.id;
    orgIds.set(code, id);
  }
  return id;
}

/** The stored list equals the live judgement's, for the county and a township, on each day. */
async function sameAsLive(
  ctx: Ctx,
  days: readonly string[],
  codes: readonly string[] = ['C', 'T1'],
): Promise<number> {
  let lines = 0;
  for (const code of codes)
    for (const on of days) {
      const live = (await recruitmentSummary(ctx, code, on)).overdue;
      const stored = await recruitmentOverdue(ctx, code, on);
      expect(stored.overdue, `${code} on ${on}`).toEqual(live);
      expect(stored).toMatchObject({ org: code, asOf: on });
      lines += live.length;
    }
  return lines;
}

describeDb('recruitment overdue list from stored deadlines', (h) => {
  it('equals the live judgement before and after the deadlines are stored, across rule-set switches', async () => {
    orgIds.clear();
    const ctx = h.ctx();
    await smallCounty(ctx);
    const ids = await randomCases(ctx, 20261206, 48);
    const days = [TODAY, '2025-06-30'];
    // the bulk-written cases have no stored deadline (the triggers dropped the ones openCase stored): all judged live
    const [root] = await h.db.query<{ path: string }>("SELECT path FROM org WHERE code = 'C'");
    const key = () => rulesHistory(h.db).then((r) => r.key);
    expect(await sameAsLive(ctx, days)).toBeGreaterThan(10);
    const stale = await overdueCandidates(h.db, root!.path, TODAY, await key());
    expect(stale.length).toBeGreaterThan(ids.length / 2);

    // the daily job stores them (walking the cases by id, 5 a transaction here): the list reads only the cases whose
    // earliest deadline has passed
    const rows = () => h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM recruitment_due');
    expect((await judgeMissingDue(h.db, TODAY, 5)).judged).toBeGreaterThan(ids.length / 2);
    expect(await rows()).toEqual([{ n: ids.length }]);
    expect(await judgeMissingDue(h.db, TODAY)).toEqual({ judged: 0 });
    const candidates = await overdueCandidates(h.db, root!.path, TODAY, await key());
    expect(candidates.length).toBeLessThan(ids.length);
    expect(await sameAsLive(ctx, days)).toBeGreaterThan(10);

    // the 2026 overlay from a past date: every stored deadline was judged under another history — live again
    const admin = h.ctx();
    await changeSetting(admin, 'recruitmentRules', {
      value: 2026,
      effectiveFrom: '2026-06-01',
      note: '测试',
    });
    expect((await overdueCandidates(h.db, root!.path, TODAY, await key())).length).toBe(ids.length);
    await sameAsLive(ctx, days);
    expect(await judgeMissingDue(h.db, TODAY)).toEqual({ judged: ids.length });
    await sameAsLive(ctx, days);

    // a switch back to the 2014 rules ahead of today: judged today, the bound holds on a day after the switch
    await changeSetting(admin, 'recruitmentRules', { value: 2014, effectiveFrom: '2027-03-01' });
    expect(await judgeMissingDue(h.db, TODAY)).toEqual({ judged: ids.length });
    await sameAsLive(ctx, [TODAY, '2026-09-30']);
    await sameAsLive(h.ctx({ clock: fixedClock('2027-06-01') }), ['2027-06-01', '2027-02-28']);

    // a step through the use case, and a closed case: their stored deadlines follow
    const open = await h.db.query<{ id: number }>(
      "SELECT id FROM recruitment_case WHERE status = 'applicant' ORDER BY id LIMIT 2",
    );
    const [a, b] = open;
    const before = await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM recruitment_due');
    const talk = await h.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM recruitment_step WHERE case_id = $1 AND kind = 'talk'",
      [a!.id],
    );
    if (!talk[0]!.n) await recordStep(ctx, a!.id, { kind: 'talk', takenOn: TODAY });
    await closeCase(ctx, b!.id, { closedOn: TODAY, reason: '本人撤回申请' });
    expect(await h.db.query('SELECT count(*)::int AS n FROM recruitment_due')).toEqual(before);
    await sameAsLive(ctx, [TODAY]);
    // 48 random histories judged live and stored on several days and rule sets: 78 s on PGlite and 38 s on
    // PostgreSQL at load ~20 (session 17), past the default 60 s
  }, 180_000);

  it('keeps every case a row with its org, so a case moved to another org is listed there (migration 0045)', async () => {
    orgIds.clear();
    const ctx = h.ctx();
    await smallCounty(ctx);
    const ids = await randomCases(ctx, 20261217, 24);
    const rowsOff = () =>
      h.db.query<{ id: number }>(
        `SELECT c.id FROM recruitment_case c LEFT JOIN recruitment_due d ON d.case_id = c.id
          WHERE d.case_id IS NULL OR d.org_id <> c.org_id`,
      );
    // bulk-written steps leave every case a row, marked due at once
    expect(await rowsOff()).toEqual([]);
    const [unjudged] = await h.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM recruitment_due WHERE next_due = '-infinity' AND rules IS NULL",
    );
    expect(unjudged!.n).toBeGreaterThan(ids.length / 2);
    await judgeMissingDue(h.db, TODAY);
    await sameAsLive(ctx, [TODAY], ['C', 'T1', 'T2']);

    // an overdue case of a T1 branch moved to a T2 branch (no use case moves a case today; any writer may): its
    // judged row keeps its deadline and follows the case, and the lists of both townships follow
    const lineOrg = async (code: string) =>
      (await recruitmentOverdue(ctx, code, TODAY)).overdue.map((l) => l.caseId);
    const t1 = await lineOrg('T1');
    expect(t1.length).toBeGreaterThan(0);
    const moved = t1[0]!;
    const [judged] = await h.db.query<{ rules: string | null }>(
      'SELECT rules FROM recruitment_due WHERE case_id = $1',
      [moved],
    );
    expect(judged!.rules).not.toBeNull();
    await h.db.query('UPDATE recruitment_case SET org_id = $2 WHERE id = $1', [
      moved,
      await orgIdOf(ctx, 'V21'),
    ]);
    expect(await rowsOff()).toEqual([]);
    expect(await h.db.query('SELECT rules FROM recruitment_due WHERE case_id = $1', [moved])).toEqual([
      { rules: judged!.rules },
    ]);
    expect(await lineOrg('T1')).not.toContain(moved);
    expect(await lineOrg('T2')).toContain(moved);
    await sameAsLive(ctx, [TODAY], ['C', 'T1', 'V11']);
    // the summary reads a subtree's steps by the step's org: with the steps moved too it sees the case in T2 (the
    // steps' write marks the row due at once; judged again, the list is the summary's everywhere)
    await h.db.query('UPDATE recruitment_step SET org_id = $2 WHERE case_id = $1', [
      moved,
      await orgIdOf(ctx, 'V21'),
    ]);
    expect(await h.db.query('SELECT rules FROM recruitment_due WHERE case_id = $1', [moved])).toEqual([
      { rules: null },
    ]);
    await sameAsLive(ctx, [TODAY], ['C', 'T1', 'T2', 'V11', 'V21']);
    await judgeMissingDue(h.db, TODAY);
    expect(await rowsOff()).toEqual([]);
    await sameAsLive(ctx, [TODAY], ['C', 'T1', 'T2', 'V11', 'V21']);

    // a case deleted takes its row; a new one gets a row at once
    await h.db.query('DELETE FROM recruitment_step WHERE case_id = $1', [moved]);
    await h.db.query('DELETE FROM recruitment_case WHERE id = $1', [moved]);
    expect(await rowsOff()).toEqual([]);
    await sameAsLive(ctx, [TODAY], ['C', 'T1', 'T2']);

    // a restore writes the cases by COPY (the due rows are not backed up): every case gets a row marked due at once
    const file = join(mkdtempSync(join(tmpdir(), 'jiceng-due-')), 'b.gz');
    await backup(h.db, file);
    await restore(h.db, file);
    expect(await rowsOff()).toEqual([]);
    expect(
      await h.db.query('SELECT count(*)::int AS n FROM recruitment_due WHERE rules IS NOT NULL'),
    ).toEqual([{ n: 0 }]);
    await sameAsLive(ctx, [TODAY], ['C', 'T1', 'T2']);
    await judgeMissingDue(h.db, TODAY);
    await sameAsLive(ctx, [TODAY], ['C', 'T1', 'T2']);
  });

  it("plans the list's reads without parallel workers, inside its transaction only (serialPlans)", async () => {
    const setting = (db: typeof h.db) =>
      db
        .query<{ v: string }>("SELECT current_setting('max_parallel_workers_per_gather') AS v")
        .then((r) => r[0]!.v);
    // PGlite (one process) plans with no parallel workers by default: its one session is set to two for the test,
    // so that a setting leaking out of the transaction would show
    if (h.db.kind === 'pglite') await h.db.exec('SET max_parallel_workers_per_gather = 2');
    const before = await setting(h.db);
    expect(before).toBe('2');
    const inside = await h.db.transaction(async (tx) => {
      await serialPlans(tx);
      return setting(tx);
    });
    expect(inside).toBe('0');
    // set locally: the pool's connection (PostgreSQL) or the one session (PGlite) plans in parallel again after it
    expect(await setting(h.db)).toBe(before);
    if (h.db.kind === 'pglite') await h.db.exec('RESET max_parallel_workers_per_gather');
  });
});
