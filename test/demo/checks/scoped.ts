/**
 * The demo's set-based writers scoped to a part of the tree (bench/province-activity.ts writes the province demo's
 * year county by county this way): for a township of the demo county, the meetings with their attendance and grades
 * and the dues written with the township's path as scope are exactly those the whole-county seed wrote there (the
 * dice are rolls of org codes and member ids, so a part written alone gets the same history), and nothing outside
 * the township is written. These checks write: each runs on its own copy of the county of county.ts (both engines),
 * which county.db.test.ts makes for it (they seeded the same county themselves, once per test: four seedings a run).
 */
import { expect, it } from 'vitest';
import { TODAY, type DbHarness } from '../../helpers/db.js';
import { writeDemoDues } from '../../../src/services/demo-dues.js';
import { writeDemoPipeline } from '../../../src/services/demo-pipeline.js';
import {
  judgeMissingDue,
  pipelineCounts,
  recruitmentOverdue,
  recruitmentSummary,
} from '../../../src/services/recruitment.js';
import { moveOrg } from '../../../src/services/orgs.js';
import { caseStatus } from '../../../src/domain/recruitment/judge.js';
import { checkChar } from '../../../src/shared/id-number.js';
import {
  insertDemoAppraisals,
  insertDemoGroupMeetings,
  insertDemoMeetings,
  setBulkFlag,
  setReplicationRole,
} from '../../../src/db/repositories/demo.js';
import type { Db } from '../../../src/db/client.js';
import type { County } from './county.js';

/** The township's year as text: meetings with their attendance and grades, dues bases, reliefs, payments. */
async function yearOf(
  db: Db,
  path: string,
): Promise<{ meetings: string; bases: string; payments: string; remittances: string }> {
  const q = async (sql: string) => (await db.query<{ t: string | null }>(sql, [path]))[0]?.t ?? '';
  return {
    meetings: await q(
      `SELECT string_agg(concat_ws('|', o.code, mt.held_on, array_to_string(mt.kinds, ','), mt.topic, mt.host,
                                   mt.party_group_id,
                                   (SELECT string_agg(a.member_id || a.status || coalesce(a.reason, ''), ',' ORDER BY a.member_id)
                                      FROM meeting_attendance a WHERE a.meeting_id = mt.id),
                                   (SELECT string_agg(g.member_id || coalesce(g.grade, '-'), ',' ORDER BY g.member_id)
                                      FROM member_appraisal g WHERE g.meeting_id = mt.id)),
                        ';' ORDER BY o.code, mt.held_on, mt.kinds, mt.topic) AS t
         FROM meeting mt JOIN org o ON o.id = mt.org_id WHERE o.path LIKE $1 || '%'`,
    ),
    bases: await q(
      `SELECT string_agg(concat_ws('|', b.member_id, b.category, b.base_fen, b.from_month), ';'
                         ORDER BY b.member_id, b.from_month) AS t
         FROM dues_basis b JOIN member m ON m.id = b.member_id JOIN org o ON o.id = m.org_id
        WHERE o.path LIKE $1 || '%'`,
    ),
    payments: await q(
      `SELECT string_agg(concat_ws('|', p.member_id, p.org_id, p.from_month, p.to_month, p.amount_fen, p.voluntary_fen,
                                   p.paid_on, p.method, p.paid_by), ';' ORDER BY p.member_id, p.from_month) AS t
         FROM dues_payment p JOIN org o ON o.id = p.org_id WHERE o.path LIKE $1 || '%'`,
    ),
    remittances: await q(
      `SELECT string_agg(concat_ws('|', r.org_id, r.month, r.remitted_on, r.amount_fen), ';' ORDER BY r.org_id, r.month) AS t
         FROM dues_remittance r JOIN org o ON o.id = r.org_id WHERE o.path LIKE $1 || '%'`,
    ),
  };
}

/** `h`: a copy of the seeded county, made for each test (county.db.test.ts). */
export function scopedWritesChecks(h: DbHarness) {
  it("write a township's year exactly as the whole-county seed wrote it, and nothing elsewhere", async () => {
    const ctx = h.ctx();
    // the last township: the demo's stories (transfers, recruitment, screening) are in the first ones
    const [town] = await h.db.query<{ path: string }>(
      `SELECT path FROM org WHERE kind = 'township_committee' ORDER BY code DESC LIMIT 1`,
    );
    const path = town!.path;
    const before = await yearOf(h.db, path);
    expect(before.meetings.length).toBeGreaterThan(0);
    expect(before.payments.length).toBeGreaterThan(0);
    const total = async () =>
      (
        await h.db.query<{ n: number }>(
          `SELECT ((SELECT count(*) FROM meeting) + (SELECT count(*) FROM meeting_attendance)
                   + (SELECT count(*) FROM dues_payment) + (SELECT count(*) FROM dues_basis))::int AS n`,
        )
      )[0]!.n;
    const all = await total();

    await ctx.db.transaction(async (db) => {
      // the township's year removed (the demo's own rows: no row triggers, as they were written)
      await setBulkFlag(db, true);
      await setReplicationRole(db, 'replica');
      const inTown = `IN (SELECT id FROM org WHERE path LIKE $1 || '%')`;
      await db.query(`DELETE FROM member_appraisal WHERE org_id ${inTown}`, [path]);
      await db.query(`DELETE FROM meeting_attendance WHERE org_id ${inTown}`, [path]);
      await db.query(`DELETE FROM meeting WHERE org_id ${inTown}`, [path]);
      await db.query(`DELETE FROM dues_remittance WHERE org_id ${inTown}`, [path]);
      await db.query(`DELETE FROM dues_payment WHERE org_id ${inTown}`, [path]);
      const byMember = `IN (SELECT m.id FROM member m WHERE m.org_id ${inTown})`;
      await db.query(`DELETE FROM dues_relief WHERE member_id ${byMember}`, [path]);
      await db.query(`DELETE FROM dues_basis WHERE member_id ${byMember}`, [path]);
      await setReplicationRole(db, 'origin');
      expect((await yearOf(db, path)).meetings).toBe('');
      // … and written again with the township as the scope
      await insertDemoMeetings(db, TODAY, null, path);
      await insertDemoGroupMeetings(db, TODAY, null, path);
      await insertDemoAppraisals(db, TODAY, null, path);
      await setBulkFlag(db, false);
      await writeDemoDues({ ...ctx, db }, db, TODAY, path);
    });

    const after = await yearOf(h.db, path);
    expect(after.meetings).toBe(before.meetings);
    expect(after.bases).toBe(before.bases);
    expect(after.payments).toBe(before.payments);
    expect(after.remittances).toBe(before.remittances);
    expect(await total()).toBe(all);
  }, 600_000);

  it("writes a township's recruitment pipeline: every stage, some overdue, possible histories", async () => {
    const ctx = h.ctx();
    const [town] = await h.db.query<{ path: string; code: string }>(
      `SELECT path, code FROM org WHERE kind = 'township_committee' ORDER BY code DESC LIMIT 1`,
    );
    // the maintained counts (recruitment_roll) equal the judged stages of today, for any subtree
    const same = async (code: string) =>
      expect(await pipelineCounts(ctx, code)).toEqual((await recruitmentSummary(ctx, code)).stages);
    const [root] = await h.db.query<{ code: string }>('SELECT code FROM org WHERE parent_id IS NULL');
    const firstTowns = await h.db.query<{ code: string }>(
      `SELECT code FROM org WHERE kind = 'township_committee' ORDER BY code LIMIT 2`,
    );
    await same(root!.code);
    for (const t of firstTowns) await same(t.code);
    const before = await recruitmentSummary(ctx, town!.code);
    const w = await ctx.db.transaction((db) => writeDemoPipeline({ ...ctx, db }, db, TODAY, 0.4, town!.path));
    expect(w.cases).toBeGreaterThan(20);
    const after = await recruitmentSummary(ctx, town!.code);
    const added = (k: 'applicant' | 'activist' | 'candidate') => after.stages[k] - before.stages[k];
    expect(added('applicant')).toBeGreaterThan(0);
    expect(added('activist')).toBeGreaterThan(0);
    expect(added('candidate')).toBeGreaterThan(0);
    expect(added('applicant') + added('activist') + added('candidate')).toBe(w.cases);
    expect(after.overdue.length).toBeGreaterThan(before.overdue.length);
    await same(town!.code);
    await same(root!.code);
    // a branch with cases moves to another township: its counts leave one and join the other
    const [branch] = await h.db.query<{ code: string }>(
      `SELECT o.code FROM org o WHERE o.path LIKE $1 || '%' AND o.kind = 'branch'
          AND EXISTS (SELECT 1 FROM recruitment_case c WHERE c.org_id = o.id) ORDER BY o.code LIMIT 1`,
      [town!.path],
    );
    await moveOrg(ctx, branch!.code, firstTowns[0]!.code, TODAY);
    await same(town!.code);
    await same(firstTowns[0]!.code);
    await same(root!.code);
    // the overdue list (the due rows by their cases' org ids, migration 0045) follows the moved branch too, before
    // and after the daily job judged the pipeline's new cases
    const sameOverdue = async (code: string) =>
      expect((await recruitmentOverdue(ctx, code)).overdue).toEqual(
        (await recruitmentSummary(ctx, code)).overdue,
      );
    for (const code of [town!.code, firstTowns[0]!.code]) await sameOverdue(code);
    await judgeMissingDue(ctx.db, TODAY);
    for (const code of [town!.code, firstTowns[0]!.code, root!.code]) await sameOverdue(code);
    // each case: its status is its steps', a valid new ID number, 20 or older on the day it applied, every step
    // after the branch existed and before today, only in the township
    const cases = await h.db.query<{
      status: string;
      idNumber: string;
      birth: string;
      founded: string;
      inTown: boolean;
      steps: { kind: string; on: string; data: Record<string, unknown> }[];
    }>(
      `SELECT c.status, p.id_number AS "idNumber", p.birth_date::text AS birth,
              (SELECT min(v.valid_from)::text FROM org_version v WHERE v.org_id = c.org_id) AS founded,
              o.path LIKE $1 || '%' OR o.code = $2 AS "inTown",
              (SELECT json_agg(json_build_object('kind', s.kind, 'on', s.taken_on::text, 'data', s.data)
                               ORDER BY s.taken_on, s.id)
                 FROM recruitment_step s WHERE s.case_id = c.id) AS steps
         FROM recruitment_case c JOIN person p ON p.id = c.person_id JOIN org o ON o.id = c.org_id
        WHERE o.path LIKE $1 || '%' OR o.code = $2`,
      [town!.path, branch!.code],
    );
    expect(cases.length).toBeGreaterThanOrEqual(w.cases);
    const bad = cases.filter((c) => {
      const applied = c.steps[0]!.on;
      const age = Number(applied.slice(0, 4)) - Number(c.birth.slice(0, 4));
      return (
        caseStatus(c.steps as never) !== c.status ||
        checkChar(c.idNumber.slice(0, 17)) !== c.idNumber[17] ||
        c.idNumber.slice(6, 14) !== c.birth.replace(/-/g, '') ||
        age < 20 ||
        c.steps[0]!.kind !== 'apply' ||
        applied < c.founded ||
        c.steps.some((s) => s.on >= TODAY) ||
        !c.inTown
      );
    });
    expect(bad.slice(0, 3)).toEqual([]);
  }, 600_000);
}

/** A scope that is not an org path is refused before anything is written (on the seeded county itself). */
export function scopeRefusedCheck({ h }: County) {
  it('refuses a scope that is not an org path', async () => {
    await expect(insertDemoMeetings(h.db, TODAY, null, "/1/' OR true --")).rejects.toThrow(/org path/);
  });
}
