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

/** Tables in the order rows can be loaded (parents first), from the table registry. */
export { BACKUP_TABLES };

const MAGIC = 'JICENG-BACKUP 1';

async function columnsOf(db: Db, table: string): Promise<string[]> {
  const rows = await db.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  return rows.map((r) => r.column_name);
}

async function primaryOrder(db: Db, table: string): Promise<string> {
  const rows = await db.query<{ attname: string }>(
    `SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
      WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)`,
    [table],
  );
  return rows.map((r) => r.attname).join(', ') || '1';
}

export async function backup(db: Db, file: string): Promise<{ tables: Record<string, number> }> {
  const gz = createGzip();
  const out = createWriteStream(file);
  gz.pipe(out);
  const write = async (s: string) => {
    if (!gz.write(s)) await once(gz, 'drain');
  };
  const counts: Record<string, number> = {};
  const migrations = (await db.query<{ tag: string }>('SELECT tag FROM jiceng_migration ORDER BY tag')).map(
    (r) => r.tag,
  );
  // one snapshot for all tables
  await db.transaction(async (tx) => {
    if (tx.kind === 'postgres') await tx.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    await write(`${MAGIC}\n${JSON.stringify({ migrations })}\n`);
    for (const table of BACKUP_TABLES) {
      const cols = await columnsOf(tx, table);
      await write(`@@TABLE ${table} ${cols.join(',')}\n`);
      let n = 0;
      for await (const chunk of tx.copyOut(
        `SELECT ${cols.join(', ')} FROM ${table} ORDER BY ${await primaryOrder(tx, table)}`,
      )) {
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
  const have = (await db.query<{ tag: string }>('SELECT tag FROM jiceng_migration ORDER BY tag')).map(
    (r) => r.tag,
  );
  if (meta.migrations.join() !== have.join())
    throw new AppError(
      'VALIDATION_FAILED',
      `备份的数据库结构版本（${meta.migrations.at(-1)}）与当前版本（${have.at(-1)}）不同`,
    );
  const counts: Record<string, number> = {};
  await db.transaction(async (tx) => {
    // the audit log refuses TRUNCATE: a restore lifts that guard by name, only inside this transaction
    await tx.exec(
      `ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_truncate; TRUNCATE ${BACKUP_TABLES.join(', ')} RESTART IDENTITY CASCADE; ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_truncate`,
    );
    await tx.query("SELECT set_config('jiceng.bulk', 'on', true), set_config('jiceng.restore', 'on', true)");
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
    const serial = await tx.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.columns
        WHERE table_schema = 'public' AND column_name = 'id' AND column_default LIKE 'nextval%'`,
    );
    for (const { table_name: table } of serial) {
      if (!(BACKUP_TABLES as readonly string[]).includes(table)) continue;
      const seq = await tx.query<{ s: string | null }>(`SELECT pg_get_serial_sequence($1, 'id') AS s`, [
        table,
      ]);
      const s = seq[0]?.s;
      if (s)
        await tx.query(
          `SELECT setval($1, greatest((SELECT coalesce(max(id), 0) FROM ${table}), 1), (SELECT count(*) > 0 FROM ${table}))`,
          [s],
        );
    }
    await tx.query(
      "SELECT set_config('jiceng.bulk', 'off', true), set_config('jiceng.restore', 'off', true)",
    );
  });
  return { tables: counts };
}
