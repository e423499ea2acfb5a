/**
 * The demo county's recruitment (issue 13 item 7, decision 0025) is a possible history: every step, judged again in
 * date order by the rules in force on its date, passes (order, intervals, votes, approvers); no step is before its
 * branch was founded or after today; every applicant was at least 18 on the day they applied; an approved case's
 * member joined on the general meeting's day; there are people at every stage, a few overdue steps, and villages
 * that admitted nobody for five years and more. The county of county.ts, on both engines.
 */
import { expect, it } from 'vitest';
import { TODAY } from '../../helpers/db.js';
import { recruitmentSummary, rulesLookup } from '../../../src/services/recruitment.js';
import { checkStep, joinedOn, type RecordedStep } from '../../../src/domain/recruitment/judge.js';
import { orgsAbove } from '../../../src/db/repositories/recruitment.js';
import { addYears } from '../../../src/shared/dates.js';
import type { County } from './county.js';

export function recruitmentChecks({ h, summary }: County) {
  it('seeds cases at every stage whose every step could have been taken', async () => {
    const ctx = h.ctx();
    const cases = await h.db.query<{
      id: number;
      status: string;
      birthDate: string;
      orgPath: string;
      foundedOn: string | null;
      memberJoined: string | null;
      memberStatus: string | null;
      steps: { kind: RecordedStep['kind']; on: string; data: RecordedStep['data'] }[];
    }>(
      `SELECT c.id, c.status, p.birth_date::text AS "birthDate", o.path AS "orgPath",
              o.founded_on::text AS "foundedOn", m.joined_on::text AS "memberJoined", m.status AS "memberStatus",
              (SELECT json_agg(json_build_object('kind', s.kind, 'on', s.taken_on::text, 'data', s.data)
                        ORDER BY s.taken_on, s.id)
                 FROM recruitment_step s WHERE s.case_id = c.id) AS steps
         FROM recruitment_case c JOIN person p ON p.id = c.person_id JOIN org o ON o.id = c.org_id
         LEFT JOIN member m ON m.id = c.member_id
        ORDER BY c.id`,
    );
    expect(cases.length).toBeGreaterThanOrEqual(10);
    const statuses = new Set(cases.map((c) => c.status));
    for (const s of ['applicant', 'activist', 'candidate', 'probationary', 'full'])
      expect(statuses).toContain(s);

    const rulesOn = await rulesLookup(h.db);
    const bad: unknown[] = [];
    for (const c of cases) {
      const above = await orgsAbove(h.db, c.orgPath);
      const apply = c.steps.find((s) => s.kind === 'apply')!;
      if (apply.on < addYears(c.birthDate, 18)) bad.push({ id: c.id, underAge: apply.on });
      const done: RecordedStep[] = [];
      for (const s of c.steps) {
        if (s.on > TODAY || (c.foundedOn && s.on < c.foundedOn))
          bad.push({ id: c.id, kind: s.kind, on: s.on });
        const j = checkStep({ birthDate: c.birthDate, steps: done, above }, s, rulesOn);
        if (j.problem) bad.push({ id: c.id, kind: s.kind, on: s.on, problem: j.problem.message });
        done.push(s);
      }
      // the roster follows the case: a probationary member from the vote, confirmed once approved
      if (c.status === 'probationary' || c.status === 'full') {
        expect(c.memberJoined).toBe(joinedOn(done));
        expect(c.memberStatus).toBe(c.status);
      } else expect(c.memberJoined).toBeNull();
    }
    expect(bad).toEqual([]);

    const county = await recruitmentSummary(ctx, summary().rootCode!);
    expect(county.overdue.length).toBeGreaterThanOrEqual(3);
    expect(new Set(county.overdue.map((o) => o.step))).toEqual(
      new Set(['talk', 'review', 'admission_approval']),
    );
    // villages that admitted nobody for five years and more (the generator's idle villages)
    const idle = await h.db.query<{ code: string }>(
      `SELECT code FROM org WHERE code = ANY($1::text[]) AND sector = 'village'`,
      [county.branchesWithoutAdmission.map((b) => b.code)],
    );
    expect(idle.length).toBeGreaterThanOrEqual(2);
    for (const b of county.branchesWithoutAdmission.filter((x) => idle.some((i) => i.code === x.code)))
      expect(b.years).toBeGreaterThanOrEqual(5);
  });
}
