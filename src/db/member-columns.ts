/**
 * SQL for the `member` table generated from the member-column registry (src/shared/member-fields.ts): the SELECT
 * list of a member row, the column order of INSERT and COPY, a member's values in that order (with the derived
 * search and roll keys computed here), its COPY text, and the UPDATE of a correction. Nothing here restates a
 * column: a new registry entry reaches every statement.
 */
import {
  MEMBER_COLUMNS,
  type MemberColumnName,
  type MemberColumnSpec,
  type MemberEditableField,
  type MemberValues,
} from '../shared/member-fields.js';

const ALL = Object.entries(MEMBER_COLUMNS) as [MemberColumnName, MemberColumnSpec][];

/** month*100+day of a date (the daily roll's key), or null. */
export function md(date: string | null): number | null {
  return date ? Number(date.slice(5, 7)) * 100 + Number(date.slice(8, 10)) : null;
}

// ------------------------------------------------------------------------------------------------ reading

const quote = (field: string, column: string, alias: string) =>
  field === column ? `${alias}.${column}` : `${alias}.${column} AS "${field}"`;

/** The member's own columns of a member row, from the table aliased `m`. */
export const MEMBER_READ_COLS = ALL.filter(([, s]) =>
  ['key', 'fact', 'lifecycle', 'version'].includes(s.role),
)
  .map(([f, s]) => quote(f, s.column, 'm'))
  .join(', ');

/** A member row: `member m JOIN org o ON o.id = m.org_id`, with the org's code, name and path. */
export const MEMBER_COLS = `${MEMBER_READ_COLS}, o.code AS "orgCode", o.name AS "orgName", o.path AS "orgPath"`;

/**
 * Every column of `member` from alias `mm`, with some replaced by expressions (by column name) — for a derived
 * table that stands in for `member`, e.g. the roster of a past date with the org and status of that day.
 */
export function memberColumnsWith(replace: Readonly<Record<string, string>>): string {
  return ALL.map(([, s]) =>
    replace[s.column] ? `${replace[s.column]} AS ${s.column}` : `mm.${s.column}`,
  ).join(', ');
}

// ------------------------------------------------------------------------------------------------ writing

type Written = Exclude<MemberColumnName, 'rowVersion' | 'createdAt' | 'updatedAt'>;
const WRITTEN = ALL.filter(([, s]) => s.role !== 'version' && s.role !== 'bookkeeping');

/** What a new member row holds (its id only when the writer assigns it, as COPY does). */
export type MemberWrite = Pick<MemberValues, Written>;

/** The columns a COPY of new members writes, in order: id, org_id, then the rest (`copyTail`). */
export const MEMBER_COPY_COLUMNS: readonly string[] = WRITTEN.map(([, s]) => s.column);
const TAIL = WRITTEN.filter(([f]) => f !== 'id' && f !== 'orgId').map(([f]) => f as Written);
if (MEMBER_COPY_COLUMNS[0] !== 'id' || MEMBER_COPY_COLUMNS[1] !== 'org_id')
  throw new Error('member registry: id and org_id must come first');

/** The keys derived from a member's fields (the name's search keys are computed by the caller, once). */
export function derivedKeys(
  m: { birthDate: string; confirmedOn: string | null },
  keys: { initials: string; pinyin: string },
): Pick<MemberValues, 'nameInitials' | 'namePinyin' | 'birthMd' | 'confirmedMd'> {
  return {
    nameInitials: keys.initials,
    namePinyin: keys.pinyin,
    birthMd: md(m.birthDate)!,
    confirmedMd: md(m.confirmedOn),
  };
}

/** A member's values in MEMBER_COPY_COLUMNS order. */
export function memberValues(m: MemberWrite): unknown[] {
  return WRITTEN.map(([f]) => m[f as Written]);
}

/** COPY text escaping, as db/client's copyValue does, without four replace() passes when nothing needs it. */
const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
export function esc(s: string): string {
  return NEEDS_ESCAPE.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : s;
}

/** The member's COPY line from the third column on (all but id and org_id, which the writer prepends), with the newline. */
export function copyTail(m: Omit<MemberWrite, 'id' | 'orgId'>): string {
  let s = '';
  for (let i = 0; i < TAIL.length; i++) {
    const v = (m as Record<string, unknown>)[TAIL[i]!];
    if (i) s += '\t';
    s += v == null ? '\\N' : typeof v === 'string' ? esc(v) : String(v);
  }
  return s + '\n';
}

const INSERTED = WRITTEN.filter(([f]) => f !== 'id');

/** INSERT of a new member (values: insertValues), answering nothing when the ID number is registered already. */
export const INSERT_MEMBER_SQL = `INSERT INTO member (${INSERTED.map(([, s]) => s.column).join(', ')})
     VALUES (${INSERTED.map((_, i) => `$${i + 1}`).join(',')})
     ON CONFLICT (id_number) DO NOTHING RETURNING id`;

export function insertValues(m: Omit<MemberWrite, 'id'>): unknown[] {
  return INSERTED.map(([f]) => (m as Record<string, unknown>)[f]);
}

const isEditable = (f: string | undefined) =>
  f !== undefined && (MEMBER_COLUMNS[f as MemberColumnName] as MemberColumnSpec).editable === true;
/** The columns a correction writes: the editable fields and the keys derived from them. */
const CORRECTED = WRITTEN.filter(
  ([, s]) => s.editable === true || (s.role === 'derived' && isEditable(s.from)),
);

/** UPDATE of a correction ($1: the member's id; values: correctionValues). */
export const CORRECT_MEMBER_SQL = `UPDATE member SET ${CORRECTED.map(([, s], i) => `${s.column}=$${i + 2}`).join(', ')},
        row_version = row_version + 1, updated_at = now()
      WHERE id = $1`;

export function correctionValues(
  id: number,
  m: Pick<MemberValues, MemberEditableField>,
  keys: { initials: string; pinyin: string },
): unknown[] {
  const all: Record<string, unknown> = { ...m, ...derivedKeys(m, keys) };
  return [id, ...CORRECTED.map(([f]) => all[f])];
}
