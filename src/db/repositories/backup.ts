/**
 * SQL of the logical backup and restore (services/backup.ts): the schema version, each table's columns and primary
 * key order from the catalog, a table's rows as COPY text, and the restore's truncate, flags and sequences. Table
 * names come from the table registry (BACKUP_TABLES), never from the file.
 */
import type { Db } from '../client.js';

/** The applied migrations' tags, in order. */
export async function migrationTags(db: Db): Promise<string[]> {
  return (await db.query<{ tag: string }>('SELECT tag FROM jiceng_migration ORDER BY tag')).map((r) => r.tag);
}

export async function columnsOf(db: Db, table: string): Promise<string[]> {
  const rows = await db.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  return rows.map((r) => r.column_name);
}

/** The table's primary key columns as an ORDER BY list ('1' without one). */
export async function primaryOrder(db: Db, table: string): Promise<string> {
  const rows = await db.query<{ attname: string }>(
    `SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
      WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)`,
    [table],
  );
  return rows.map((r) => r.attname).join(', ') || '1';
}

/**
 * Makes the transaction one snapshot for all tables (PostgreSQL; PGlite has one connection). The life rollup's
 * tables are locked first, before the snapshot is taken (LOCK takes none): a rebuild replaces them by new tables
 * (repositories/life-rollup.ts `swapLifeTables`), which a snapshot older than its commit would read empty; locked,
 * the swap waits for the backup, or the backup for the swap and then sees it.
 */
export async function snapshotTransaction(tx: Db): Promise<void> {
  if (tx.kind === 'postgres')
    await tx.exec(
      'SET TRANSACTION ISOLATION LEVEL REPEATABLE READ; LOCK TABLE life_own, life_roll IN ACCESS SHARE MODE',
    );
}

/** A table's rows as COPY text, `cols` in that order, by primary key. */
export async function* copyTableOut(tx: Db, table: string, cols: readonly string[]): AsyncIterable<string> {
  yield* tx.copyOut(`SELECT ${cols.join(', ')} FROM ${table} ORDER BY ${await primaryOrder(tx, table)}`);
}

/**
 * Empties `tables` for a restore. The audit log refuses TRUNCATE: a restore lifts that guard by name, only inside
 * this transaction.
 */
export async function truncateForRestore(tx: Db, tables: readonly string[]): Promise<void> {
  await tx.exec(
    `ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_truncate; TRUNCATE ${tables.join(', ')} RESTART IDENTITY CASCADE; ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_truncate`,
  );
}

/** The `jiceng.bulk` and `jiceng.restore` flags for the rest of the transaction. */
export async function setRestoreFlags(tx: Db, on: boolean): Promise<void> {
  if (on)
    await tx.query("SELECT set_config('jiceng.bulk', 'on', true), set_config('jiceng.restore', 'on', true)");
  else
    await tx.query(
      "SELECT set_config('jiceng.bulk', 'off', true), set_config('jiceng.restore', 'off', true)",
    );
}

/** Sets the id sequence of each of `tables` that has one past the restored rows. */
export async function resetIdSequences(tx: Db, tables: readonly string[]): Promise<void> {
  const serial = await tx.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.columns
        WHERE table_schema = 'public' AND column_name = 'id' AND column_default LIKE 'nextval%'`,
  );
  for (const { table_name: table } of serial) {
    if (!tables.includes(table)) continue;
    const seq = await tx.query<{ s: string | null }>(`SELECT pg_get_serial_sequence($1, 'id') AS s`, [table]);
    const s = seq[0]?.s;
    if (s)
      await tx.query(
        `SELECT setval($1, greatest((SELECT coalesce(max(id), 0) FROM ${table}), 1), (SELECT count(*) > 0 FROM ${table}))`,
        [s],
      );
  }
}
