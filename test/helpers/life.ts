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

/** The handle with its `n`th COPY failing (a rebuild that fails part-way must leave the previous cells). */
export function failingCopy(db: Db, n: number): Db {
  let copies = 0;
  const wrap = (inner: Db): Db => ({
    kind: inner.kind,
    query: (sql, params, opts) => inner.query(sql, params, opts),
    exec: (sql) => inner.exec(sql),
    transaction: (fn) => inner.transaction((tx) => fn(wrap(tx))),
    copyIn: (table, columns, chunks) =>
      ++copies === n ? Promise.reject(new Error(`COPY ${n} failed`)) : inner.copyIn(table, columns, chunks),
    copyOut: (q) => inner.copyOut(q),
    close: () => inner.close(),
  });
  return wrap(db);
}
