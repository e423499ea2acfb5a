/**
 * The demo county's 述职评议 of last year (decision 0037) is a possible history: each graded secretary held the
 * post on the round's list day and was on the roster then; the meeting and the talk are not after today; the
 * township's round has a 一般 whose talk is recorded and whose list is made; this year's rounds are left to people.
 * Every org, committees and general branches included, has a secretary (from the branches below when it has no
 * member of its own). The county of county.ts, on both engines.
 */
import { expect, it } from 'vitest';
import { TODAY } from '../../helpers/db.js';
import { orgReviewResults, reviewRound } from '../../../src/services/reviews.js';
import { firstTownship } from '../../../src/db/repositories/demo.js';
import type { County } from './county.js';

export function reviewsChecks({ h, summary }: County) {
  it('seeds last year’s rounds with secretaries in post on the list day', async () => {
    const ctx = h.ctx();
    const root = summary().rootCode!;
    const year = Number(TODAY.slice(0, 4)) - 1;
    const town = (await firstTownship(h.db, root))!;
    const county = await reviewRound(ctx, root, year);
    expect(county.round).toMatchObject({ asOf: `${year}-12-01`, heldOn: `${year}-12-20` });
    expect(county.counts.graded).toBeGreaterThan(0);
    expect(county.below.map((b) => b.orgCode)).toContain(town.code);
    const t = await reviewRound(ctx, town.code, year);
    const average = t.secretaries.find((s) => s.grade === 'average')!;
    expect(average).toMatchObject({ suggested: 'average', talkOn: expect.any(String) });
    expect(average.followUps.every((f) => f.done)).toBe(true);
    expect((await orgReviewResults(ctx, average.orgCode)).results[0]).toMatchObject({
      year,
      grade: 'average',
    });
    // this year: not opened
    expect((await reviewRound(ctx, town.code, year + 1)).round).toBeNull();
    // every graded secretary held the post on the list day and was a member of that org then
    const [bad] = await h.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM secretary_review_entry e JOIN secretary_review r ON r.id = e.review_id
        WHERE NOT EXISTS (SELECT 1 FROM committee_post c WHERE c.org_id = e.org_id AND c.member_id = e.member_id
                            AND c.post = 'secretary' AND c.start_on <= r.as_of AND (c.end_on IS NULL OR c.end_on > r.as_of))
           OR NOT EXISTS (SELECT 1 FROM member_period p WHERE p.member_id = e.member_id
                            AND p.valid_from <= r.as_of AND (p.valid_to IS NULL OR p.valid_to > r.as_of))
           OR r.held_on > $1::date OR e.talk_on > $1::date OR e.talk_on < r.held_on`,
      [TODAY],
    );
    expect(bad!.n).toBe(0);
  }, 600_000);

  it('gives every org a secretary in post, on its subtree’s roster when the post began, nobody secretary twice', async () => {
    const [posts] = await h.db.query<{ vacant: number; twice: number; offRoster: number }>(
      `SELECT
         (SELECT count(*)::int FROM org o WHERE o.status = 'active' AND NOT EXISTS (
            SELECT 1 FROM committee_post c WHERE c.org_id = o.id AND c.post = 'secretary' AND c.end_on IS NULL)) AS vacant,
         (SELECT count(*)::int FROM (SELECT c.member_id FROM committee_post c
            WHERE c.post = 'secretary' AND c.end_on IS NULL GROUP BY 1 HAVING count(*) > 1) t) AS twice,
         (SELECT count(*)::int FROM committee_post c JOIN org o ON o.id = c.org_id WHERE NOT EXISTS (
            SELECT 1 FROM member_period p JOIN org po ON po.id = p.org_id
             WHERE p.member_id = c.member_id AND po.path LIKE o.path || '%'
               AND p.valid_from <= c.start_on AND (p.valid_to IS NULL OR p.valid_to > c.start_on))) AS "offRoster"`,
    );
    expect(posts).toEqual({ vacant: 0, twice: 0, offRoster: 0 });
  }, 600_000);
}
