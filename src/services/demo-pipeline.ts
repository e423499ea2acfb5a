/**
 * The province demo's recruitment pipeline (issue 13 "Performance": "the province demo with ~2M people in the
 * pipeline", decision 0025): applicants, activists and candidates in every branch of the scope, written set-based in
 * the caller's transaction (src/db/repositories/demo.ts insertDemoPipeline). The demo county keeps its own few cases
 * written through the use cases (demo-recruitment.ts); this is the bulk version for the benchmarks. Each step carries
 * the id of the rule set in force on its day, read here from the deployment's setting (never decided in SQL). Like
 * the other bulk writes, the rows skip the per-row triggers and one chained audit entry records them.
 */
import type { Db } from '../db/client.js';
import type { Ctx } from './context.js';
import { actorId } from '../domain/access/policy.js';
import { addDays } from '../shared/dates.js';
import { writeAudit } from './audit.js';
import { rulesLookup } from './recruitment.js';
import { firstRootPath, insertDemoPipeline, setBulkFlag, type DemoScope } from '../db/repositories/demo.js';

/** `share`: cases per full member (the issue's ~2M for 5M members is about 0.4); `scope`: an org path or all. */
export async function writeDemoPipeline(
  ctx: Ctx,
  db: Db,
  today: string,
  share: number,
  scope: DemoScope = null,
): Promise<{ cases: number; steps: number }> {
  const rulesOn = await rulesLookup(db);
  const days: string[] = [];
  const ids: string[] = [];
  for (let d = addDays(today, -600); d <= today; d = addDays(d, 1)) {
    days.push(d);
    ids.push(String(rulesOn(d).id));
  }
  await setBulkFlag(db, true);
  const written = await insertDemoPipeline(db, today, actorId(ctx.actor), share, { days, ids }, scope);
  await setBulkFlag(db, false);
  await writeAudit(ctx, db, {
    action: 'bulk_insert',
    entity: 'recruitment_case',
    entityId: null,
    orgPath: scope ?? (await firstRootPath(db)),
    memberId: null,
    after: {
      count: written.cases,
      tables: [
        { table: 'person', rows: written.cases },
        { table: 'recruitment_case', rows: written.cases },
        { table: 'recruitment_step', rows: written.steps },
      ],
      source: 'demo',
    },
  });
  return written;
}
