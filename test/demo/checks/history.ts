/**
 * The demo county as written to the database has possible histories (issue 10, finding 8): on every year-end from
 * the county's earliest date to today, every member period lies in an org that existed that day (an org_version
 * covers it) and was a branch; no period starts before the member joined; the county's past totals (the live
 * recount the statistics pages show for a past date) grow smoothly, and the seat township's roster at the end of
 * 2015 is most of today's. The county of county.ts, on both engines.
 */
import { expect, it } from 'vitest';
import { TODAY } from '../../helpers/db.js';
import { getStats } from '../../../src/services/stats.js';
import { generateCounty } from '../../../src/domain/demo/generate.js';
import { BRANCH_KINDS } from '../../../src/shared/codes.js';
import { SCALE, SEED, type County } from './county.js';

/** every year-end from 1949, and today */
const years: string[] = [];
for (let y = 1949; y < Number(TODAY.slice(0, 4)); y++) years.push(`${y}-12-31`);
years.push(TODAY);

export function historyChecks({ h, summary: seeded }: County) {
  it('writes a county whose every member is, on every year-end, in a branch that existed then', async () => {
    const ctx = h.ctx();
    const summary = seeded();
    const rootCode = summary.rootCode!;
    const expected = generateCounty({ seed: SEED, today: TODAY, scale: SCALE });
    expect(summary.members).toBe(expected.members.length);

    // the earliest date of the county: its oldest org version
    const [earliest] = await h.db.query<{ d: string }>('SELECT min(valid_from)::text AS d FROM org_version');
    expect(years[0]! <= earliest!.d.slice(0, 4) + '-12-31').toBe(true);

    // every period covering a year-end has a version of its org covering that day, and it was a branch
    const rows = await h.db.query<{ day: string; total: number; outside: number; notBranch: number }>(
      `WITH d AS (SELECT unnest($1::date[]) AS day)
       SELECT d.day::text AS day, count(*)::int AS total,
              count(*) FILTER (WHERE v.org_id IS NULL)::int AS outside,
              count(*) FILTER (WHERE v.org_id IS NOT NULL AND NOT v.kind = ANY($2::text[]))::int AS "notBranch"
         FROM d JOIN member_period p ON p.valid_from <= d.day AND (p.valid_to IS NULL OR p.valid_to > d.day)
         LEFT JOIN org_version v ON v.org_id = p.org_id AND v.valid_from <= d.day
                                AND (v.valid_to IS NULL OR v.valid_to > d.day)
        GROUP BY d.day ORDER BY d.day`,
      [years, BRANCH_KINDS],
    );
    const bad = rows.filter((r) => r.outside > 0 || r.notBranch > 0);
    expect(bad).toEqual([]);
    // today's roster: the generated members and those the demo's recruitment cases admitted (decision 0025)
    const [admitted] = await h.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM recruitment_case c
         JOIN member_period p ON p.member_id = c.member_id AND p.valid_from <= $1::date
                             AND (p.valid_to IS NULL OR p.valid_to > $1::date)`,
      [TODAY],
    );
    expect(admitted!.n).toBeGreaterThan(0);
    expect(rows[rows.length - 1]).toMatchObject({ day: TODAY, total: expected.members.length + admitted!.n });

    // no period before joining; each history starts on the join date and ends open in today's org and status
    const [shape] = await h.db.query<{ early: number; firstNotJoin: number; openWrong: number }>(
      `SELECT (SELECT count(*)::int FROM member_period p JOIN member m ON m.id = p.member_id
                WHERE p.valid_from < m.joined_on) AS early,
              (SELECT count(*)::int FROM member m
                WHERE (SELECT min(p.valid_from) FROM member_period p WHERE p.member_id = m.id) <> m.joined_on)
                AS "firstNotJoin",
              (SELECT count(*)::int FROM member m
                WHERE NOT EXISTS (SELECT 1 FROM member_period p WHERE p.member_id = m.id AND p.valid_to IS NULL
                                     AND p.org_id = m.org_id AND p.status = m.status)) AS "openWrong"`,
    );
    expect(shape).toEqual({ early: 0, firstNotJoin: 0, openWrong: 0 });

    // the moves are dated events with the orgs' names of that day; the split branches have their earlier version
    // (transfers the demo accepted move their member too, decision 0026)
    const [events] = await h.db.query<{ moves: number; unnamed: number; renamed: number; versions: number }>(
      `SELECT (SELECT count(*)::int FROM member_event WHERE kind = 'move')
                - (SELECT count(*)::int FROM transfer WHERE kind = 'internal' AND state = 'accepted') AS moves,
              (SELECT count(*)::int FROM member_event WHERE kind = 'move'
                AND (data->>'fromOrgName' IS NULL OR data->>'toOrgName' IS NULL)) AS unnamed,
              (SELECT count(*)::int FROM org_event WHERE kind = 'renamed') AS renamed,
              (SELECT count(*)::int FROM org_version) AS versions`,
    );
    expect(events).toEqual({
      moves: expected.moves.length,
      unnamed: 0,
      renamed: expected.orgChanges.length,
      versions: expected.orgs.length + expected.orgChanges.length,
    });
    expect(expected.moves.length).toBeGreaterThan(100);

    // the county's totals as the statistics show them for past year-ends: no jump or drop over 15% a year (from
    // when the county had 5% of today's members)
    const totals: number[] = [];
    for (const d of years) totals.push((await getStats(ctx, rootCode, d)).members.total);
    expect(totals[totals.length - 1]).toBe(expected.members.length + admitted!.n);
    const from = 0.05 * expected.members.length;
    for (let i = 0; i + 1 < totals.length; i++) {
      if (totals[i]! < from) continue;
      expect(Math.abs(totals[i]! / totals[i + 1]! - 1), years[i]).toBeLessThanOrEqual(0.15);
    }

    // the seat township at the end of 2015: today's members less those who joined since (about 2% a year)
    const [seat] = await h.db.query<{ code: string }>("SELECT code FROM org WHERE name = '中共温泉镇委员会'");
    const then = (await getStats(ctx, seat!.code, '2015-12-31')).members.total;
    const now = (await getStats(ctx, seat!.code)).members.total;
    expect(then / now).toBeGreaterThan(0.72);

    // party groups (decision 0018): some branches have them; none before its branch existed; each membership on
    // the branch's roster the day it began; each group meeting's attendance is its group's members that day
    const [groups] = await h.db.query<{
      groups: number;
      early: number;
      offRoster: number;
      meetings: number;
      strangers: number;
    }>(
      `SELECT (SELECT count(*)::int FROM party_group) AS groups,
              (SELECT count(*)::int FROM party_group g
                WHERE g.created_on < (SELECT min(v.valid_from) FROM org_version v WHERE v.org_id = g.org_id)) AS early,
              (SELECT count(*)::int FROM party_group_member gm
                WHERE NOT EXISTS (SELECT 1 FROM member_period p WHERE p.member_id = gm.member_id AND p.org_id = gm.org_id
                                     AND p.valid_from <= gm.valid_from AND (p.valid_to IS NULL OR p.valid_to > gm.valid_from)))
                AS "offRoster",
              (SELECT count(*)::int FROM meeting WHERE party_group_id IS NOT NULL) AS meetings,
              (SELECT count(*)::int FROM meeting_attendance a JOIN meeting mt ON mt.id = a.meeting_id
                WHERE mt.party_group_id IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM party_group_member gm WHERE gm.group_id = mt.party_group_id
                                     AND gm.member_id = a.member_id AND gm.valid_from <= mt.held_on
                                     AND (gm.valid_to IS NULL OR gm.valid_to > mt.held_on))) AS strangers`,
    );
    expect(groups!.groups).toBeGreaterThan(0);
    expect(groups!.meetings).toBeGreaterThan(0);
    expect(groups).toMatchObject({ early: 0, offRoster: 0, strangers: 0 });
    // members away at their host's meetings: only on days they were registered there, never at their own org
    const [visits] = await h.db.query<{ visits: number; unhosted: number }>(
      `SELECT count(*)::int AS visits,
              count(*) FILTER (WHERE NOT EXISTS (
                SELECT 1 FROM mobile_registration r WHERE r.member_id = v.member_id AND r.host_org_id = mt.org_id
                   AND r.since <= mt.held_on AND (r.ended_on IS NULL OR r.ended_on > mt.held_on)))::int AS unhosted
         FROM meeting_visitor v JOIN meeting mt ON mt.id = v.meeting_id`,
    );
    expect(visits).toMatchObject({ unhosted: 0 });
    expect(visits!.visits).toBeGreaterThan(0);
    // heart talks: each between the secretary in post and a member on the roster that day
    const [talks] = await h.db.query<{ talks: number; offRoster: number }>(
      `SELECT (SELECT count(*)::int FROM heart_talk) AS talks,
              (SELECT count(*)::int FROM heart_talk_party hp JOIN heart_talk ht ON ht.id = hp.talk_id
                WHERE NOT EXISTS (SELECT 1 FROM member_period p WHERE p.member_id = hp.member_id AND p.org_id = ht.org_id
                                     AND p.valid_from <= ht.held_on AND (p.valid_to IS NULL OR p.valid_to > ht.held_on))
                  AND NOT EXISTS (SELECT 1 FROM committee_post c WHERE c.member_id = hp.member_id AND c.org_id = ht.org_id
                                     AND c.start_on <= ht.held_on AND (c.end_on IS NULL OR c.end_on > ht.held_on)))
                AS "offRoster"`,
    );
    expect(talks!.talks).toBeGreaterThan(0);
    expect(talks!.offRoster).toBe(0);
    // appraisal grades (decision 0030): at a 民主评议党员 meeting, of someone on that org's roster that day, graded
    // exactly when a full member then, a follow-up only for 不合格 and never in the future
    const [grades] = await h.db.query<{ n: number; wrong: number; excellent: number; unqualified: number }>(
      `SELECT count(*)::int AS n,
              (count(*) FILTER (WHERE NOT 'appraisal_meeting' = ANY(mt.kinds) OR mt.held_on > $1::date
                 OR a.follow_up_on > $1::date OR (a.follow_up IS NOT NULL AND a.grade <> 'unqualified')
                 OR NOT EXISTS (SELECT 1 FROM member_period p WHERE p.member_id = a.member_id AND p.org_id = a.org_id
                                   AND p.valid_from <= mt.held_on AND (p.valid_to IS NULL OR p.valid_to > mt.held_on)
                                   AND (p.status = 'full') = (a.grade IS NOT NULL))))::int AS wrong,
              (count(*) FILTER (WHERE a.grade = 'excellent'))::int AS excellent,
              (count(*) FILTER (WHERE a.grade = 'unqualified'))::int AS unqualified
         FROM member_appraisal a JOIN meeting mt ON mt.id = a.meeting_id`,
      [TODAY],
    );
    expect(grades!.n).toBeGreaterThan(100);
    expect(grades!.wrong).toBe(0);
    expect(grades!.excellent).toBeGreaterThan(0);
    expect(grades!.excellent * 3).toBeLessThan(grades!.n);
  }, 240_000);
}
