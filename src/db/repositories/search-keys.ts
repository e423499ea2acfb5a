/**
 * SQL of the derived name keys a migration cannot compute (decision 0014): the persons and orgs written before a key
 * existed (NULL), read in id order a batch at a time, and their keys written — by the `search.keys` job, without an
 * audit entry per row (jiceng.bulk, as bulk writes) but one per batch: a derived key is no fact anyone entered.
 */
import type { Db } from '../client.js';
import { insertAuditEntry } from './audit.js';

export interface Unkeyed {
  id: number;
  name: string;
}

/** Up to `limit` persons after `afterId` without a name sort key (person_name_sort_missing_idx). */
export async function personsWithoutSortKey(db: Db, afterId: number, limit: number): Promise<Unkeyed[]> {
  return db.query<Unkeyed>(
    `SELECT id, name FROM person WHERE name_sort IS NULL AND id > $1 ORDER BY id LIMIT ${Math.trunc(limit)}`,
    [afterId],
  );
}

/** Up to `limit` orgs after `afterId` without the name's search keys (org_name_keys_missing_idx). */
export async function orgsWithoutNameKeys(db: Db, afterId: number, limit: number): Promise<Unkeyed[]> {
  return db.query<Unkeyed>(
    `SELECT id, name FROM org WHERE (name_initials IS NULL OR name_syllables IS NULL) AND id > $1
      ORDER BY id LIMIT ${Math.trunc(limit)}`,
    [afterId],
  );
}

/** Who a batch's audit entry names. */
export interface KeysAuthor {
  label: string;
  source: string;
}

async function inBulk<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.query("SELECT set_config('jiceng.bulk', 'on', true)");
    const r = await fn(tx);
    await tx.query("SELECT set_config('jiceng.bulk', 'off', true)");
    return r;
  });
}

async function auditBatch(
  tx: Db,
  by: KeysAuthor,
  entity: 'person' | 'org',
  columns: string[],
  ids: number[],
): Promise<void> {
  await insertAuditEntry(tx, {
    actorId: null,
    actorLabel: by.label,
    ip: null,
    action: 'bulk_update',
    entity,
    entityId: null,
    orgPath: null,
    memberId: null,
    before: null,
    after: JSON.stringify({
      count: ids.length,
      firstId: Math.min(...ids),
      lastId: Math.max(...ids),
      columns,
      source: by.source,
    }),
  });
}

/**
 * Writes the sort keys of persons whose name is still the one the key was computed from (a name corrected meanwhile
 * got its key with the correction); returns how many were written.
 */
export async function writePersonSortKeys(
  db: Db,
  rows: readonly { id: number; name: string; sort: string }[],
  by: KeysAuthor,
): Promise<number> {
  if (!rows.length) return 0;
  return inBulk(db, async (tx) => {
    const done = await tx.query<{ id: number }>(
      `UPDATE person p SET name_sort = v.sort
         FROM unnest($1::int[], $2::text[], $3::text[]) AS v(id, name, sort)
        WHERE p.id = v.id AND p.name = v.name AND p.name_sort IS NULL
        RETURNING p.id`,
      [rows.map((r) => r.id), rows.map((r) => r.name), rows.map((r) => r.sort)],
    );
    if (done.length)
      await auditBatch(
        tx,
        by,
        'person',
        ['name_sort'],
        done.map((r) => r.id),
      );
    return done.length;
  });
}

/** Writes the name's search keys of orgs whose name is still the one they were computed from. */
export async function writeOrgNameKeys(
  db: Db,
  rows: readonly { id: number; name: string; initials: string; syllables: string }[],
  by: KeysAuthor,
): Promise<number> {
  if (!rows.length) return 0;
  return inBulk(db, async (tx) => {
    const done = await tx.query<{ id: number }>(
      `UPDATE org o SET name_initials = v.initials, name_syllables = v.syllables
         FROM unnest($1::int[], $2::text[], $3::text[], $4::text[]) AS v(id, name, initials, syllables)
        WHERE o.id = v.id AND o.name = v.name AND (o.name_initials IS NULL OR o.name_syllables IS NULL)
        RETURNING o.id`,
      [
        rows.map((r) => r.id),
        rows.map((r) => r.name),
        rows.map((r) => r.initials),
        rows.map((r) => r.syllables),
      ],
    );
    if (done.length)
      await auditBatch(
        tx,
        by,
        'org',
        ['name_initials', 'name_syllables'],
        done.map((r) => r.id),
      );
    return done.length;
  });
}
