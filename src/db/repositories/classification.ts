/**
 * Classification of the members' classification-only fields (decision 0013): the deployment's local synonyms
 * (`classification_synonym`), the texts still unclassified (`person.<field>_raw`) and the reclassification of the
 * persons who hold one. Column names come from CLASSIFIED (src/shared/classification.ts) through the member-column
 * registry, never from a request.
 */
import type { Db } from '../client.js';
import { CLASSIFIED_FIELDS, type ClassifiedField, type LocalSynonym } from '../../shared/classification.js';
import { MEMBER_COLUMNS } from '../../shared/member-fields.js';
import { MEMBER_ROWS } from '../member-columns.js';
import { onRoster } from '../sql.js';
import type { StatMember } from '../../domain/stats/keys.js';

/** The SQL columns of a classification field and of its raw text (from the member-column registry). */
function columnsOf(field: ClassifiedField): { code: string; raw: string } {
  if (!(CLASSIFIED_FIELDS as readonly string[]).includes(field))
    throw new Error(`not a classified field: ${field}`);
  return { code: MEMBER_COLUMNS[field].column, raw: MEMBER_COLUMNS[`${field}Raw`].column };
}

export interface StoredSynonym extends LocalSynonym {
  id: number;
  rawKey: string;
  mappedBy: string | null;
  updatedAt: string;
}

/** Every local synonym, by field and text. */
export async function localSynonyms(db: Db): Promise<StoredSynonym[]> {
  return db.query<StoredSynonym>(
    `SELECT s.id, s.field, s.raw, s.raw_key AS "rawKey", s.code, u.username AS "mappedBy", s.updated_at::text AS "updatedAt"
       FROM classification_synonym s LEFT JOIN app_user u ON u.id = s.mapped_by
      ORDER BY s.field, s.raw_key COLLATE "C"`,
  );
}

/**
 * Saves a local synonym: a new one, or a new code for one that exists (its text stays the first one mapped).
 * Returns the code it had before (null when new). Audited by the table's trigger.
 */
export async function saveLocalSynonym(
  db: Db,
  s: { field: ClassifiedField; raw: string; rawKey: string; code: string; mappedBy: number | null },
): Promise<string | null> {
  const [before] = await db.query<{ code: string }>(
    'SELECT code FROM classification_synonym WHERE field = $1 AND raw_key = $2 FOR UPDATE',
    [s.field, s.rawKey],
  );
  if (before) {
    if (before.code !== s.code)
      await db.query(
        `UPDATE classification_synonym SET code = $3, mapped_by = $4, updated_at = now()
          WHERE field = $1 AND raw_key = $2`,
        [s.field, s.rawKey, s.code, s.mappedBy],
      );
    return before.code;
  }
  await db.query(
    `INSERT INTO classification_synonym (field, raw, raw_key, code, mapped_by) VALUES ($1, $2, $3, $4, $5)`,
    [s.field, s.raw, s.rawKey, s.code, s.mappedBy],
  );
  return null;
}

export interface UnclassifiedValue {
  field: ClassifiedField;
  raw: string;
  /** persons who hold the text */
  persons: number;
  /** of them, members on the roster in the subtrees asked for */
  onRoster: number;
}

/**
 * The texts still unclassified, per field, with how many persons hold each and how many of them are on the roster
 * (in `scopes`, org path prefixes; null: everywhere). Most frequent first.
 */
export async function unclassifiedValues(
  db: Db,
  scopes: readonly string[] | null,
): Promise<UnclassifiedValue[]> {
  const out: UnclassifiedValue[] = [];
  const inScope =
    scopes === null ? 'true' : `(${scopes.map((_, i) => `o.path LIKE $${i + 1}`).join(' OR ') || 'false'})`;
  const params = scopes === null ? [] : scopes.map((p) => `${p}%`);
  for (const field of CLASSIFIED_FIELDS) {
    const c = columnsOf(field);
    const rows = await db.query<{ raw: string; persons: number; onRoster: number }>(
      `SELECT p.${c.raw} AS raw, count(DISTINCT p.id)::int AS persons,
              count(DISTINCT p.id) FILTER (WHERE m.id IS NOT NULL AND ${onRoster('m.status')} AND ${inScope})::int AS "onRoster"
         FROM person p
         LEFT JOIN member m ON m.person_id = p.id
         LEFT JOIN org o ON o.id = m.org_id
        WHERE p.${c.raw} IS NOT NULL
        GROUP BY p.${c.raw}
        ORDER BY count(DISTINCT p.id) DESC, p.${c.raw} COLLATE "C"`,
      params,
    );
    for (const r of rows) out.push({ field, ...r });
  }
  return out;
}

/** Every distinct unclassified text of a field (to find those a lookup key covers). */
export async function unclassifiedTexts(db: Db, field: ClassifiedField): Promise<string[]> {
  const c = columnsOf(field);
  const rows = await db.query<{ raw: string }>(
    `SELECT DISTINCT ${c.raw} AS raw FROM person WHERE ${c.raw} IS NOT NULL`,
  );
  return rows.map((r) => r.raw);
}

/** A roster member holding one of the texts: what the statistics count of them, and where. */
export type HolderOnRoster = StatMember & { path: string };

/**
 * Locks the persons holding one of `raws` as their text of `field` and returns those of them on the roster (their
 * statistics keys and org path), for the caller to move their counts.
 */
export async function lockHolders(
  db: Db,
  field: ClassifiedField,
  raws: readonly string[],
): Promise<HolderOnRoster[]> {
  const c = columnsOf(field);
  await db.query(`SELECT id FROM person WHERE ${c.raw} = ANY($1::text[]) ORDER BY id FOR UPDATE`, [raws]);
  return db.query<HolderOnRoster>(
    `SELECT m.status, m.sex, m.birth_date AS "birthDate", m.ethnicity, m.education, m.occupation,
            m.education_raw AS "educationRaw", m.occupation_raw AS "occupationRaw",
            m.joined_on AS "joinedOn", m.confirmed_on AS "confirmedOn", o.path
       FROM ${MEMBER_ROWS} m JOIN org o ON o.id = m.org_id
      WHERE m.${c.raw} = ANY($1::text[]) AND ${onRoster('m.status')}`,
    [raws],
  );
}

/**
 * Gives the persons holding one of `raws` as their text of `field` the code, and clears the text (the audit log keeps
 * it: the row trigger records each person's before and after). Returns how many persons changed.
 */
export async function reclassify(
  db: Db,
  field: ClassifiedField,
  raws: readonly string[],
  code: string,
): Promise<number> {
  const c = columnsOf(field);
  const rows = await db.query<{ id: number }>(
    `UPDATE person SET ${c.code} = $2, ${c.raw} = NULL, updated_at = now()
      WHERE ${c.raw} = ANY($1::text[]) RETURNING id`,
    [raws, code],
  );
  return rows.length;
}

/** Writes a person's kept texts of the classification fields (each null where the field has a category). */
export async function writeRawTexts(
  db: Db,
  personId: number,
  raws: { ethnicityRaw: string | null; educationRaw: string | null; occupationRaw: string | null },
): Promise<void> {
  await db.query(
    `UPDATE person SET ${CLASSIFIED_FIELDS.map((f, i) => `${columnsOf(f).raw} = $${i + 2}`).join(', ')} WHERE id = $1`,
    [personId, raws.ethnicityRaw, raws.educationRaw, raws.occupationRaw],
  );
}
