/**
 * The health evaluation by batches (decision 0045) judges an org the same whichever way it is read: the county's
 * evaluation (its batches, 党章第九条's dues ground from today's dues rollup, the months of only the members whose
 * latest month was missed) gives each org what the org judged alone (its facts by its id, every member's dues
 * judged) gives — every indicator with the same level, value, since and evidence. The county of county.ts, on both
 * engines; nothing is written (the rollups are up to date after the seeding).
 */
import { expect, it } from 'vitest';
import { evaluate } from '../../../src/services/warnings.js';
import type { County } from './county.js';

export function warningsChecks({ h, summary }: County) {
  it('judges every org alone as the county’s batches judge it', async () => {
    const ctx = h.ctx();
    const today = ctx.clock.today();
    const county = await evaluate(ctx, summary().rootCode!, today);
    expect(county.length).toBeGreaterThan(50);
    // every org with a 第九条 flag and every other org besides, judged alone, gives its row of the county's
    // evaluation (all of them took 78 s on PGlite under load 30)
    const flagged = { article9: 0, dues: 0 };
    const ninth = (r: { key: string; level: string }) =>
      r.level !== 'green' && (r.key === 'article9_life' || r.key === 'dues_arrears');
    for (const [i, e] of county.entries()) {
      if (i % 2 === 1 && !e.results.some(ninth)) continue;
      const [alone] = await evaluate(ctx, e.row.code, today, e.row.id);
      expect(alone?.results, e.row.code).toEqual(e.results);
      for (const r of e.results)
        if (r.level !== 'green' && r.key === 'article9_life') flagged.article9++;
        else if (r.level !== 'green' && r.key === 'dues_arrears') flagged.dues++;
    }
    // the comparison covers both grounds of 第九条
    expect(flagged.article9).toBeGreaterThan(0);
    expect(flagged.dues).toBeGreaterThan(0);
  }, 240_000);
}
