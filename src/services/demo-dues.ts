/**
 * The demo county's dues (decision 0022): a year of bases, a few approved reliefs, payments and township
 * remittances, written set-based in the caller's transaction (src/db/repositories/demo.ts). The amounts the demo
 * hands out are computed here from the rule set and the local settings in force (standardAmount), never in SQL.
 * Like the other bulk writes, the rows skip the per-row audit triggers and one chained audit entry records them.
 */
import type { Db } from '../db/client.js';
import type { Ctx } from './context.js';
import type { DuesCategory } from '../shared/codes.js';
import { actorId } from '../domain/access/policy.js';
import { standardAmount } from '../domain/dues/amounts.js';
import { rulesAt } from '../policy/rules.js';
import { writeAudit } from './audit.js';
import { duesSettingsAt } from './dues.js';
import {
  firstRootPath,
  insertDemoDues,
  setBulkFlag,
  type DemoDuesAmount,
  type DemoScope,
} from '../db/repositories/demo.js';

/** Monthly bases (fen) the demo hands out, by category: village cadres and teachers to managers; pensions. */
const BASES: Partial<Record<DuesCategory, readonly number[]>> = {
  salaried: [
    220000, 280000, 300000, 300001, 350000, 420000, 500000, 560000, 680000, 850000, 1000000, 1250000,
  ],
  retired: [180000, 260000, 350000, 480000, 500000, 520000, 650000],
  self_employed: [150000, 260000, 400000, 600000],
};
const FLAT: readonly DuesCategory[] = ['farmer', 'student', 'unemployed'];

/** `scope` (an org path) writes only that part of the tree (a county of the province demo); null, all of it. */
export async function writeDemoDues(ctx: Ctx, db: Db, today: string, scope: DemoScope = null) {
  const rules = rulesAt(today).dues;
  const settings = (await duesSettingsAt(db))(today);
  const amounts: DemoDuesAmount[] = [];
  for (const [category, bases] of Object.entries(BASES) as [DuesCategory, readonly number[]][])
    for (const baseFen of bases) {
      const fen = standardAmount({ category, baseFen }, rules, settings).fen!;
      amounts.push({ category, baseFen, fen });
    }
  for (const category of FLAT)
    amounts.push({
      category,
      baseFen: null,
      fen: standardAmount({ category, baseFen: null }, rules, settings).fen!,
    });
  await setBulkFlag(db, true);
  const written = await insertDemoDues(db, today, actorId(ctx.actor), amounts, scope);
  await setBulkFlag(db, false);
  await writeAudit(ctx, db, {
    action: 'bulk_insert',
    entity: 'dues_payment',
    entityId: null,
    orgPath: scope ?? (await firstRootPath(db)),
    memberId: null,
    after: {
      count: written.payments,
      tables: [
        { table: 'dues_basis', rows: written.bases },
        { table: 'dues_relief', rows: written.reliefs },
        { table: 'dues_payment', rows: written.payments },
        { table: 'dues_remittance', rows: written.remittances },
      ],
      source: 'demo',
    },
  });
  return written;
}
