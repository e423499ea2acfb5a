/**
 * The demo county's classified assessment (decision 0036), written through the use cases' cores: every village-level
 * org the screening covers gets one of the default scheme's three categories (工商贸易型 / 特色产业型 /
 * 一般经济发展型, in turn by code) from the year's first day or its founding, whichever is later; the demo
 * township's villages get the township's ratings of their rated items once a quarter (the first month of each
 * quarter so far), each with a reason. The computed items come from the warnings the indicators kept — nothing
 * else is written, so the months and stars are what the records say.
 */
import type { IsoDate } from '../shared/dates.js';
import type { Ctx } from './context.js';
import { fixedClock } from './context.js';
import { screening } from './screening.js';
import { requireOrg } from './orgs.js';
import { assignCategory, recordRating } from './assessment.js';
import { firstTownship } from '../db/repositories/demo.js';

const CATEGORIES = ['trade', 'industry', 'general'] as const;
const NOTES = [
  '走访评定：村集体经济项目按计划推进',
  '走访评定：群众反映问题能及时办理',
  '走访评定：村务公开和议事规则落实',
];

export async function seedDemoAssessment(
  ctx: Ctx,
  rootCode: string,
): Promise<{ orgs: number; ratings: number }> {
  const today = ctx.clock.today();
  const year = Number(today.slice(0, 4));
  const start: IsoDate = `${year}-01-01`;
  const town = await firstTownship(ctx.db, rootCode);
  const view = await screening(ctx, rootCode, year);
  const orgs = [...view.orgs].sort((a, b) => (a.code < b.code ? -1 : 1));
  const scheme = ctx.settings.assessment.scheme;
  let ratings = 0;
  for (const [i, s] of orgs.entries()) {
    const o = await requireOrg(ctx, ctx.db, s.code);
    if (o.dissolvedOn && o.dissolvedOn <= start) continue;
    const from = o.foundedOn && o.foundedOn > start ? o.foundedOn : start;
    if (from > today) continue;
    const category = CATEGORIES[i % CATEGORIES.length]!;
    await assignCategory({ ...ctx, clock: fixedClock(from) }, ctx.db, o, {
      category,
      effectiveFrom: from,
      note: '按村情分类（演示）',
    });
    if (!town || s.township !== town.name) continue;
    const items = scheme.categories.find((c) => c.key === category)!.items.filter((x) => x.kind === 'rated');
    for (const m of [1, 4, 7, 10]) {
      const month = `${year}-${String(m).padStart(2, '0')}`;
      const first: IsoDate = `${month}-01`;
      if (first > today || first < from.slice(0, 8) + '01') continue;
      for (const [k, item] of items.entries()) {
        // most villages near full marks, a few lower: points less 0–3 by the village and the quarter
        const score = Math.max(0, item.points - ((i + m + k) % 4) - (i % 5 === 0 ? 4 : 0));
        await recordRating({ ...ctx, clock: fixedClock(today) }, ctx.db, o, {
          item: item.key,
          month,
          score,
          note: `${NOTES[k % NOTES.length]}（${item.zh}）`,
        });
        ratings++;
      }
    }
  }
  return { orgs: orgs.length, ratings };
}
