/**
 * The `search.keys` job (decision 0014): fills the derived name keys of rows written before the keys existed — the
 * persons' roster sort key and the orgs' pinyin search keys — which a migration cannot compute (SQL only, the keys
 * need the pinyin tables in JavaScript). Every write path computes the keys itself, so after the first run there is
 * nothing left; the daily run then finds nothing (a partial index of the NULL rows answers at once).
 */
import type { Db } from '../db/client.js';
import {
  orgsWithoutNameKeys,
  personsWithoutSortKey,
  writeOrgNameKeys,
  writePersonSortKeys,
  type KeysAuthor,
} from '../db/repositories/search-keys.js';
import { nameKeys } from '../domain/member/names.js';
import { orgNameKeys } from '../domain/org/names.js';

/** Rows per batch: each batch is one short transaction with one audit entry. */
export const SEARCH_KEYS_BATCH = 5000;

const AUTHOR: KeysAuthor = { label: 'system:search.keys', source: 'job:search.keys' };

/** Fills every missing key, a batch at a time; returns how many persons and orgs got theirs. */
export async function fillSearchKeys(
  db: Db,
  batch = SEARCH_KEYS_BATCH,
): Promise<{ persons: number; orgs: number }> {
  let persons = 0;
  let orgs = 0;
  for (let after = 0; ;) {
    const rows = await orgsWithoutNameKeys(db, after, batch);
    if (!rows.length) break;
    orgs += await writeOrgNameKeys(
      db,
      rows.map((r) => ({ ...r, ...orgNameKeys(r.name) })),
      AUTHOR,
    );
    after = rows[rows.length - 1]!.id;
  }
  for (let after = 0; ;) {
    const rows = await personsWithoutSortKey(db, after, batch);
    if (!rows.length) break;
    persons += await writePersonSortKeys(
      db,
      rows.map((r) => ({ ...r, sort: nameKeys(r.name).sort })),
      AUTHOR,
    );
    after = rows[rows.length - 1]!.id;
  }
  return { persons, orgs };
}
