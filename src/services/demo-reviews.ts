/**
 * The demo county's 述职评议 of last year (decision 0037), written through the use cases with the clock set to each
 * step's day, so everything is possible history: the secretaries are those in post on the list day (a post filled
 * later is shown vacant), the review meeting in late December, the reports, the tallies and the grades each
 * secretary's votes suggest; one branch secretary of the demo township graded 一般, with the township's talk in
 * January and a rectification list recorded. The current year's rounds are left for people (the e2e journey opens
 * the township's).
 */
import type { IsoDate } from '../shared/dates.js';
import type { TallyView } from '../shared/reviews.js';
import type { Ctx } from './context.js';
import { fixedClock } from './context.js';
import { openReview, recordReviewFollowUp, saveReviewEntry } from './reviews.js';
import { firstTownship } from '../db/repositories/demo.js';

export interface DemoReviews {
  rounds: number;
  graded: number;
}

const TALLIES: readonly TallyView[] = [
  { good: 22, fairly_good: 6, average: 2, poor: 0 },
  { good: 12, fairly_good: 14, average: 3, poor: 1 },
  { good: 17, fairly_good: 10, average: 3, poor: 0 },
];
const AVERAGE: TallyView = { good: 5, fairly_good: 8, average: 13, poor: 4 };

const report = (org: string, year: number) =>
  `${year}年，在${org}党组织书记岗位上，我认真履行抓基层党建第一责任人职责：按期召开支部委员会、党员大会，开展主题党日和党课；推进发展党员和党员教育管理；落实“四议两公开”。存在的不足：组织生活质量有待提高，党员作用发挥不够充分。下一步将……`;

export async function seedDemoReviews(ctx: Ctx, rootCode: string): Promise<DemoReviews> {
  const today = ctx.clock.today();
  const year = Number(today.slice(0, 4)) - 1;
  const on = (d: IsoDate) => ({ ...ctx, clock: fixedClock(d < today ? d : today) });
  const asOf = `${year}-12-01` as IsoDate;
  const heldOn = `${year}-12-20` as IsoDate;
  const out: DemoReviews = { rounds: 0, graded: 0 };
  const town = await firstTownship(ctx.db, rootCode);
  const committees = [rootCode, ...(town ? [town.code] : [])];
  for (const code of committees) {
    await openReview(on(asOf), code, { year, asOf });
    const r = await openReview(on(heldOn), code, { year, heldOn, participants: 30 });
    out.rounds++;
    let i = 0;
    let averageGiven = code === rootCode;
    for (const s of r.secretaries) {
      if (s.memberId === null) continue;
      // the township's third branch secretary: 一般, by the votes
      const average = !averageGiven && i === 2;
      const tally = average ? AVERAGE : TALLIES[i % TALLIES.length]!;
      const grade = average ? 'average' : i % TALLIES.length === 1 ? 'fairly_good' : 'good';
      await saveReviewEntry(on(heldOn), code, year, s.orgCode, {
        report: report(s.orgName, year),
        tally,
        grade,
        problems: average ? '三会一课记录不全，主题党日多次未按期开展；发展党员工作停滞。' : '',
        rectification: average
          ? ['每月按固定日开展主题党日', '补齐三会一课记录', '年内确定1名入党积极分子']
          : [],
      });
      if (average) {
        averageGiven = true;
        await recordReviewFollowUp(on(`${year + 1}-01-10` as IsoDate), code, year, s.orgCode, {
          kind: 'talk',
          on: (`${year + 1}-01-10` < today ? `${year + 1}-01-10` : today) as IsoDate,
          note: '镇党委书记约谈，指出问题，明确整改时限',
        });
      }
      out.graded++;
      i++;
    }
  }
  return out;
}
