/**
 * The demo county's classified assessment (decision 0036) is a possible history: every screened village has a
 * category from no earlier than its founding, the demo township's villages have ratings no later than today and
 * no earlier than their category, and the months and stars come out of the records (the stars spread, not all the
 * same). The county of county.ts, on both engines.
 */
import { expect, it } from 'vitest';
import { TODAY } from '../../helpers/db.js';
import { assessmentList, assessmentOf } from '../../../src/services/assessment.js';
import type { County } from './county.js';

export function assessmentChecks({ h, summary }: County) {
  it('gives the villages categories and the demo township ratings; the list shows their stars', async () => {
    const ctx = h.ctx();
    const root = summary().rootCode!;
    const year = Number(TODAY.slice(0, 4));
    const [bad] = await h.db.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM assessment_category c JOIN org o ON o.id = c.org_id
                WHERE c.effective_from > $1::date OR c.effective_from < o.founded_on)
            + (SELECT count(*) FROM assessment_rating r WHERE r.month > $1::date
                  OR r.month < (SELECT date_trunc('month', min(c.effective_from))::date FROM assessment_category c
                                 WHERE c.org_id = r.org_id)) AS n`,
      [TODAY],
    );
    expect(Number(bad!.n)).toBe(0);
    const list = await assessmentList(ctx, root, year);
    expect(list.orgs.length).toBeGreaterThan(5);
    expect(new Set(list.orgs.map((o) => o.category)).size).toBe(3);
    const rated = await h.db.query<{ code: string }>(
      `SELECT DISTINCT o.code FROM assessment_rating r JOIN org o ON o.id = r.org_id ORDER BY o.code LIMIT 1`,
    );
    const one = await assessmentOf(ctx, rated[0]!.code, year);
    expect(one.months.length).toBeGreaterThan(0);
    expect(one.result.total).toBe(one.months.reduce((s, m) => s + m.score, 0));
    expect(one.months.some((m) => m.items.some((i) => i.kind === 'rated' && i.rating))).toBe(true);
  }, 600_000);
}
