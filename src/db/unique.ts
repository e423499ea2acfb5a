/**
 * Writes of one unique value (an ID number, an org code) one at a time: the use case takes a transaction-level
 * advisory lock keyed on a hash of the value before it looks for the value, so of two concurrent writes the second
 * finds the first one's committed row and answers with the friendly error, and PostgreSQL never has to raise a
 * unique violation (whose DETAIL, in the server's log, would quote the ID number).
 */
import { createHash } from 'node:crypto';
import type { Db } from './client.js';

/**
 * The first key of the two-key advisory locks, one per kind of value (the two-key space is apart from the one-key
 * space, where the audit chain locks 7274001).
 */
const SPACES = { 'person.id_number': 7274101, 'org.code': 7274102 } as const;

export type UniqueSpace = keyof typeof SPACES;

/** Waits for, and holds until the transaction ends, the lock on one value. Call inside the write transaction. */
export async function lockUniqueValue(db: Db, space: UniqueSpace, value: string): Promise<void> {
  // the key is a hash of the value, not the value: pg_locks shows keys to anyone watching the server
  const key = createHash('sha256').update(value).digest().readInt32BE(0);
  await db.query('SELECT pg_advisory_xact_lock($1::int, $2::int)', [SPACES[space], key]);
}

/** Whether an error is PostgreSQL's unique violation (SQLSTATE 23505) of the named unique index. */
export function isUniqueViolation(e: unknown, index: 'person_id_number_uq' | 'org_code_uq'): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const err = e as { code?: unknown; constraint?: unknown };
  return err.code === '23505' && err.constraint === index;
}
