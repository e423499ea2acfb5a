/**
 * Logical backup and restore, the same format for PGlite and PostgreSQL: every table's rows as COPY text in one
 * gzip file, in dependency order, with the schema version. Restore replaces all data in one transaction (the
 * audit chain is restored as it was, so `audit verify` still holds afterwards; the caller re-anchors the chain's
 * head, see audit-anchor.ts).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { createGunzip, createGzip } from 'node:zlib';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import type { Db } from '../db/client.js';
import { AppError } from '../shared/errors.js';
import { BACKUP_TABLES } from '../db/tables.js';
import {
  columnsOf,
  copyTableOut,
  migrationTags,
  resetIdSequences,
  setRestoreFlags,
  snapshotTransaction,
  truncateForRestore,
} from '../db/repositories/backup.js';

/** Tables in the order rows can be loaded (parents first), from the table registry. */
export { BACKUP_TABLES };

const MAGIC = 'JICENG-BACKUP 1';

export async function backup(db: Db, file: string): Promise<{ tables: Record<string, number> }> {
  const gz = createGzip();
  const out = createWriteStream(file);
  gz.pipe(out);
  const write = async (s: string) => {
    if (!gz.write(s)) await once(gz, 'drain');
  };
  const counts: Record<string, number> = {};
  const migrations = await migrationTags(db);
  // one snapshot for all tables
  await db.transaction(async (tx) => {
    await snapshotTransaction(tx);
    await write(`${MAGIC}\n${JSON.stringify({ migrations })}\n`);
    for (const table of BACKUP_TABLES) {
      const cols = await columnsOf(tx, table);
      await write(`@@TABLE ${table} ${cols.join(',')}\n`);
      let n = 0;
      for await (const chunk of copyTableOut(tx, table, cols)) {
        for (let i = chunk.indexOf('\n'); i !== -1; i = chunk.indexOf('\n', i + 1)) n++;
        await write(chunk);
      }
      counts[table] = n;
      await write('@@END\n');
    }
  });
  gz.end();
  await once(out, 'finish');
  return { tables: counts };
}

export async function restore(db: Db, file: string): Promise<{ tables: Record<string, number> }> {
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  const it = lines[Symbol.asyncIterator]();
  const first = await it.next().catch(() => ({ done: true, value: '' }));
  if (first.done || first.value !== MAGIC)
    throw new AppError('IMPORT_UNREADABLE', '这不是 Jiceng 的备份文件');
  const meta = JSON.parse((await it.next()).value as string) as { migrations: string[] };
  const have = await migrationTags(db);
  if (meta.migrations.join() !== have.join())
    throw new AppError(
      'VALIDATION_FAILED',
      `备份的数据库结构版本（${meta.migrations.at(-1)}）与当前版本（${have.at(-1)}）不同`,
    );
  const counts: Record<string, number> = {};
  await db.transaction(async (tx) => {
    // the audit log refuses TRUNCATE: a restore lifts that guard by name, only inside this transaction
    await truncateForRestore(tx, BACKUP_TABLES);
    await setRestoreFlags(tx, true);
    for (;;) {
      const head = await it.next();
      if (head.done) break;
      const m = /^@@TABLE (\w+) (.*)$/.exec(head.value as string);
      if (!m) throw new AppError('IMPORT_UNREADABLE', '备份文件已损坏');
      const [, table, cols] = m;
      if (!(BACKUP_TABLES as readonly string[]).includes(table!))
        throw new AppError('IMPORT_UNREADABLE', '备份文件已损坏');
      const rows: string[] = [];
      for (;;) {
        const l = await it.next();
        if (l.done) throw new AppError('IMPORT_UNREADABLE', '备份文件不完整');
        if (l.value === '@@END') break;
        rows.push(`${l.value as string}\n`);
      }
      if (rows.length) await tx.copyIn(table!, cols!.split(','), rows);
      counts[table!] = rows.length;
    }
    await resetIdSequences(tx, BACKUP_TABLES);
    await setRestoreFlags(tx, false);
  });
  return { tables: counts };
}
