/**
 * The table registry (`src/shared/tables.ts`, pure, also read by the web) and the lists derived from it on the
 * server side: what a backup writes, in which order, and what the test harness empties.
 */
import { TABLES, type TableName } from '../shared/tables.js';

export * from '../shared/tables.js';

/** The migration runner's own bookkeeping table (`migrate.ts`): not in schema.ts, not in the registry. */
export const MIGRATION_TABLE = 'jiceng_migration';

/** Tables in the order their rows can be loaded (parents first). */
export const BACKUP_TABLES: readonly TableName[] = TABLES.filter((t) => t.backup).map((t) => t.name);

/** Tables the test harness empties before every test, children first. */
export const TEST_EMPTIED_TABLES: readonly TableName[] = TABLES.filter((t) => t.emptiedByTests)
  .map((t) => t.name)
  .reverse();
