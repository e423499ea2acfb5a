/**
 * The maintained organisational-life rollup (decision 0024) as text, and the same after a full recomputation: the
 * tests of every writer that feeds it compare the two.
 */
import type { Db } from '../../src/db/client.js';
import { rebuildLife, refreshLifeAll } from '../../src/services/life-rollup.js';
import { TODAY } from './db.js';

/** The rollup's tables in a fixed order, as text. */
export async function lifeSnapshot(db: Db): Promise<string> {
  const own = await db.query(
    'SELECT org_id, year, type, expected, held, pending FROM life_own ORDER BY org_id, year, type',
  );
  const roll = await db.query(
    `SELECT org_id, year, type, period, expected, held, pending FROM life_roll
      WHERE expected <> 0 OR held <> 0 OR pending <> 0 ORDER BY org_id, year, type, period`,
  );
  return JSON.stringify({ own, roll });
}

/** The maintained cells (after the refresh a read does), and those of a full recomputation. */
export async function maintainedAndRecomputed(db: Db): Promise<[string, string]> {
  await refreshLifeAll(db);
  const maintained = await lifeSnapshot(db);
  await rebuildLife(db, TODAY);
  return [maintained, await lifeSnapshot(db)];
}
