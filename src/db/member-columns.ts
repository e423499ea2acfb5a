/**
 * SQL for a member row generated from the member-column registry (src/shared/member-fields.ts). A member row is a
 * membership (`member`) joined with its person (`person`, decision 0011); the registry says which table each field
 * lives in, and this file generates from it: the flat member row (`MEMBER_ROWS`, both tables joined, one column per
 * field, which every query reads as `m`), its SELECT list, the INSERT and COPY column order of each table, a
 * member's values and COPY text in that order (with the derived search and roll keys computed here), and the UPDATEs
 * of a correction. Nothing here restates a column: a new registry entry reaches every statement.
 */
import type { NameKeys } from '../domain/member/names.js';
import {
  MEMBER_COLUMNS,
  type MemberColumnName,
  type MemberColumnSpec,
  type MemberEditableField,
  type MemberTable,
  type MemberValues,
} from '../shared/member-fields.js';

const ALL = Object.entries(MEMBER_COLUMNS) as [MemberColumnName, MemberColumnSpec][];
const ofTable = (t: MemberTable) => ALL.filter(([, s]) => s.table === t);

/** month*100+day of a date (the daily roll's key), or null. */
export function md(date: string | null): number | null {
  return date ? Number(date.slice(5, 7)) * 100 + Number(date.slice(8, 10)) : null;
}

// ------------------------------------------------------------------------------------------------ reading

/**
 * The columns of the flat member row: every field of both tables under its column name, but the person's own
 * bookkeeping (its timestamps; the membership's are the row's).
 */
const FLAT = ALL.filter(([, s]) => s.table === 'member' || s.role !== 'bookkeeping');

/**
 * The flat member row: a membership joined with its person, every field under its column name. PostgreSQL pulls
 * such a subquery up into the query that uses it, so conditions on `m.<column>` reach the indexes of either table
 * and a `FOR UPDATE OF m` locks both rows. Used as `FROM ${MEMBER_ROWS} m` wherever the member table was.
 */
export const MEMBER_ROWS = `(SELECT ${FLAT.map(
  ([, s]) => `${s.table === 'person' ? 'pp' : 'mm'}.${s.column}`,
).join(', ')} FROM member mm JOIN person pp ON pp.id = mm.person_id)`;

const quote = (field: string, column: string, alias: string) =>
  field === column ? `${alias}.${column}` : `${alias}.${column} AS "${field}"`;

/** The registry's columns of a member row, from the flat member row aliased `m`. */
export const MEMBER_READ_COLS = FLAT.filter(([, s]) =>
  ['key', 'link', 'fact', 'lifecycle', 'version'].includes(s.role),
)
  .map(([f, s]) => quote(f, s.column, 'm'))
  .join(', ');

/** The person's facts (their domain names), from the person table aliased `p`. */
export const PERSON_READ_COLS = ofTable('person')
  .filter(([, s]) => s.role === 'fact')
  .map(([f, s]) => quote(f, s.column, 'p'))
  .join(', ');

/** Some of the registry's columns of a member row (by field name), from the flat member row aliased `m`. */
export function memberColsOf(fields: readonly MemberColumnName[]): string {
  return fields.map((f) => quote(f, MEMBER_COLUMNS[f].column, 'm')).join(', ');
}

/** A member row: `${MEMBER_ROWS} m JOIN org o ON o.id = m.org_id`, with the org's code, name and path. */
export const MEMBER_COLS = `${MEMBER_READ_COLS}, o.code AS "orgCode", o.name AS "orgName", o.path AS "orgPath"`;

/**
 * Every column of the flat member row from alias `mm` (a `MEMBER_ROWS mm`), with some replaced by expressions (by
 * column name) — for a derived table that stands in for it, e.g. the roster of a past date with the org and status
 * of that day.
 */
export function memberColumnsWith(replace: Readonly<Record<string, string>>): string {
  return FLAT.map(([, s]) =>
    replace[s.column] ? `${replace[s.column]} AS ${s.column}` : `mm.${s.column}`,
  ).join(', ');
}

// ------------------------------------------------------------------------------------------------ writing

type Written = Exclude<
  MemberColumnName,
  'rowVersion' | 'createdAt' | 'updatedAt' | 'personCreatedAt' | 'personUpdatedAt'
>;
const writtenOf = (t: MemberTable) =>
  ofTable(t).filter(([, s]) => s.role !== 'version' && s.role !== 'bookkeeping');
const PERSON_WRITTEN = writtenOf('person');
const MEMBER_WRITTEN = writtenOf('member');

/** What a new member row holds (its ids only when the writer assigns them, as COPY does). */
export type MemberWrite = Pick<MemberValues, Written>;

/** The columns a COPY of new persons writes, in order: id (the person's), then the rest (`personCopyTail`). */
export const PERSON_COPY_COLUMNS: readonly string[] = ['id', ...PERSON_WRITTEN.map(([, s]) => s.column)];
/**
 * The roster's keys a membership row keeps of its person (decision 0049): the name's sort key (COLLATE "C"), the sex
 * and the birth date, so that a subtree's page in name order, filtered by status, sex or an age band, is read from
 * `member_org_name_idx` alone. Not fields of the registry (the flat member row reads the person's own); written with
 * the membership (a COPY, INSERT_MEMBER_SQL) or by the trigger of migration 0040 from the person, and kept equal to
 * the person's by its trigger on the person.
 */
export const ROSTER_KEY_COLUMNS = ['roster_name', 'roster_sex', 'roster_birth'] as const;
const ROSTER_KEY_FIELDS = ['nameSort', 'sex', 'birthDate'] as const satisfies readonly Written[];

/**
 * The ids of a membership's org's ancestors at depths 0–3 that it keeps (decision 0051): a subtree rooted at depth K
 * is then the range `roster_ancK = org` of `member_ancK_name_idx`, in name order. Written with the membership in a
 * COPY (`rosterAncestorsCopy`, by the writer, which knows the org), else by the trigger of migration 0042 from the
 * org's path, and rewritten by the org's trigger when its path changes.
 */
export const ROSTER_ANCESTOR_COLUMNS = ['roster_anc0', 'roster_anc1', 'roster_anc2', 'roster_anc3'] as const;
/** The deepest depth whose subtrees have an ancestor column (0: the root). */
export const ROSTER_ANCESTOR_MAX_DEPTH = ROSTER_ANCESTOR_COLUMNS.length - 1;

/** The ancestors' ids at depths 0–3 of an org path ('/1/5/17/': the root 1 at depth 0), null below its depth. */
export function rosterAncestors(path: string): (number | null)[] {
  const ids = path.split('/');
  return ROSTER_ANCESTOR_COLUMNS.map((_, k) => {
    const v = ids[k + 1];
    return v ? Number(v) : null;
  });
}

/** rosterAncestors as COPY text, each value followed by a tab (the columns after org_id). */
export function rosterAncestorsCopy(path: string): string {
  let s = '';
  for (const v of rosterAncestors(path)) s += (v === null ? '\\N' : String(v)) + '\t';
  return s;
}

/**
 * The columns a COPY of new memberships writes, in order: id, person_id, org_id, the org's ancestors (the writer
 * writes these), then the rest (`memberCopyTail`), the person's roster keys last.
 */
export const MEMBER_COPY_COLUMNS: readonly string[] = [
  ...MEMBER_WRITTEN.slice(0, 3).map(([, s]) => s.column),
  ...ROSTER_ANCESTOR_COLUMNS,
  ...MEMBER_WRITTEN.slice(3).map(([, s]) => s.column),
  ...ROSTER_KEY_COLUMNS,
];
const PERSON_TAIL = PERSON_WRITTEN.map(([f]) => f as Written);
const MEMBER_TAIL = [
  ...MEMBER_WRITTEN.filter(([f]) => f !== 'id' && f !== 'personId' && f !== 'orgId').map(
    ([f]) => f as Written,
  ),
  ...ROSTER_KEY_FIELDS,
];
if (
  MEMBER_WRITTEN.slice(0, 3)
    .map(([, s]) => s.column)
    .join() !== 'id,person_id,org_id'
)
  throw new Error('member registry: id, person_id and org_id must come first');

/** The keys derived from a member's fields (the name's search keys are computed by the caller, once). */
export function derivedKeys(
  m: { birthDate: string; confirmedOn: string | null },
  keys: NameKeys,
): Pick<MemberValues, 'nameInitials' | 'namePinyin' | 'nameSort' | 'birthMd' | 'confirmedMd'> {
  return {
    nameInitials: keys.initials,
    namePinyin: keys.pinyin,
    nameSort: keys.sort,
    birthMd: md(m.birthDate)!,
    confirmedMd: md(m.confirmedOn),
  };
}

/** A member's person values in PERSON_COPY_COLUMNS order, the person's id first. */
export function personValues(personId: number, m: MemberWrite): unknown[] {
  return [personId, ...PERSON_WRITTEN.map(([f]) => m[f as Written])];
}

/** A member's membership values in MEMBER_COPY_COLUMNS order (its org's ancestors after org_id, its person's roster keys last). */
export function memberValues(m: MemberWrite, orgPath: string): unknown[] {
  const own = MEMBER_WRITTEN.map(([f]) => m[f as Written]);
  return [
    ...own.slice(0, 3),
    ...rosterAncestors(orgPath),
    ...own.slice(3),
    ...ROSTER_KEY_FIELDS.map((f) => m[f]),
  ];
}

/** COPY text escaping, as db/client's copyValue does, without four replace() passes when nothing needs it. */
const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
export function esc(s: string): string {
  return NEEDS_ESCAPE.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : s;
}

function tail(fields: readonly Written[], m: Record<string, unknown>): string {
  let s = '';
  for (let i = 0; i < fields.length; i++) {
    const v = m[fields[i]!];
    if (i) s += '\t';
    s += v == null ? '\\N' : typeof v === 'string' ? esc(v) : String(v);
  }
  return s + '\n';
}

/** The person's COPY line from the second column on (all but its id, which the writer prepends), with the newline. */
export function personCopyTail(m: Partial<MemberWrite>): string {
  return tail(PERSON_TAIL, m);
}

/**
 * The membership's COPY line after the org's ancestors (the writer prepends id, person_id, org_id and
 * rosterAncestorsCopy), with the newline;
 * its last columns are the person's roster keys (`nameSort`, `sex`, `birthDate` of the person written beside it).
 */
export function memberCopyTail(m: Partial<MemberWrite>): string {
  return tail(MEMBER_TAIL, m);
}

const cast = (s: MemberColumnSpec) => (s.type === 'text' ? '' : `::${s.type}`);
const PERSON_INSERTED = PERSON_WRITTEN;
const MEMBER_INSERTED = MEMBER_WRITTEN.filter(([f]) => f !== 'id' && f !== 'personId');

/**
 * INSERT of a new person and their first membership in one statement (values: insertValues), answering nothing
 * when the ID number belongs to a person already. One statement, so that the person's audit entry (written after
 * the statement) finds the membership and with it the org the entry is scoped by.
 */
export const INSERT_MEMBER_SQL = `WITH p AS (
       INSERT INTO person (${PERSON_INSERTED.map(([, s]) => s.column).join(', ')})
       VALUES (${PERSON_INSERTED.map(([, s], i) => `$${i + 1}${cast(s)}`).join(',')})
       ON CONFLICT (id_number) DO NOTHING RETURNING id)
     INSERT INTO member (person_id, ${MEMBER_INSERTED.map(([, s]) => s.column).join(', ')}, ${ROSTER_KEY_COLUMNS.join(', ')})
     SELECT p.id, ${MEMBER_INSERTED.map(([, s], i) => `$${PERSON_INSERTED.length + i + 1}${cast(s)}`).join(', ')},
            ${ROSTER_KEY_FIELDS.map((f) => {
              // (the person's own parameters: the roster keys are the person's, decision 0049)
              const i = PERSON_INSERTED.findIndex(([pf]) => pf === f);
              if (i < 0) throw new Error(`member registry: ${f} is not a person column`);
              return `$${i + 1}${cast(PERSON_INSERTED[i]![1])}`;
            }).join(', ')} FROM p
     RETURNING id`;

export function insertValues(m: Omit<MemberWrite, 'id' | 'personId'>): unknown[] {
  const r = m as Record<string, unknown>;
  return [...PERSON_INSERTED.map(([f]) => r[f]), ...MEMBER_INSERTED.map(([f]) => r[f])];
}

/** INSERT of a new membership of an existing person (values: membershipValues). */
export const INSERT_MEMBERSHIP_SQL = `INSERT INTO member (person_id, ${MEMBER_INSERTED.map(([, s]) => s.column).join(', ')})
     VALUES ($1, ${MEMBER_INSERTED.map((_, i) => `$${i + 2}`).join(', ')}) RETURNING id`;

export function membershipValues(
  personId: number,
  m: Pick<MemberValues, 'orgId' | 'status' | 'joinedOn' | 'confirmedOn' | 'isMobile'>,
): unknown[] {
  const all: Record<string, unknown> = { ...m, confirmedMd: md(m.confirmedOn) };
  return [personId, ...MEMBER_INSERTED.map(([f]) => all[f])];
}

const isEditable = (f: string | undefined) =>
  f !== undefined && (MEMBER_COLUMNS[f as MemberColumnName] as MemberColumnSpec).editable === true;
/** The columns of a table a correction writes: the editable fields and the keys derived from them. */
const correctedOf = (t: MemberTable) =>
  writtenOf(t).filter(([, s]) => s.editable === true || (s.role === 'derived' && isEditable(s.from)));
const PERSON_CORRECTED = correctedOf('person');
const MEMBER_CORRECTED = correctedOf('member');

/**
 * The raw texts of the classification fields a correction writes (src/shared/classification.ts): each is cleared
 * when its field is given a value, and kept while the field stays empty (a person choosing from the code table never
 * makes a raw text).
 */
const PERSON_RAW_CLEARED = ofTable('person')
  .filter(([, s]) => s.rawOf !== undefined)
  .map(([, s]) => {
    const i = PERSON_CORRECTED.findIndex(([f]) => f === s.rawOf);
    if (i < 0)
      throw new Error(
        `member registry: ${s.column} keeps the raw text of a field a correction does not write`,
      );
    return `${s.column} = CASE WHEN $${i + 2}::text IS NULL THEN ${s.column} END`;
  });

/** UPDATE of the person's side of a correction ($1: the person's id; values: correctionValues). */
export const CORRECT_PERSON_SQL = `UPDATE person SET ${[
  ...PERSON_CORRECTED.map(([, s], i) => `${s.column}=$${i + 2}`),
  ...PERSON_RAW_CLEARED,
].join(', ')},
        updated_at = now()
      WHERE id = $1`;

/** UPDATE of the membership's side of a correction, bumping its row version ($1: the member's id). */
export const CORRECT_MEMBER_SQL = `UPDATE member SET ${MEMBER_CORRECTED.map(([, s], i) => `${s.column}=$${i + 2}`).join(', ')},
        row_version = row_version + 1, updated_at = now()
      WHERE id = $1`;

/** The parameters of CORRECT_PERSON_SQL and CORRECT_MEMBER_SQL. */
export function correctionValues(
  ids: { id: number; personId: number },
  m: Pick<MemberValues, MemberEditableField>,
  keys: NameKeys,
): { person: unknown[]; member: unknown[] } {
  const all: Record<string, unknown> = { ...m, ...derivedKeys(m, keys) };
  return {
    person: [ids.personId, ...PERSON_CORRECTED.map(([f]) => all[f])],
    member: [ids.id, ...MEMBER_CORRECTED.map(([f]) => all[f])],
  };
}

/** The person's own fields of a new person without a membership (an applicant, decision 0025). */
export type NewPerson = Pick<
  MemberValues,
  | 'name'
  | 'sex'
  | 'birthDate'
  | 'idNumber'
  | 'ethnicity'
  | 'education'
  | 'occupation'
  | 'ethnicityRaw'
  | 'educationRaw'
  | 'occupationRaw'
  | 'nativePlace'
  | 'phone'
  | 'address'
  | 'workUnit'
  | 'jobTitle'
>;

/** INSERT of a person alone (values: personInsertValues); nothing when the ID number belongs to a person already. */
export const INSERT_PERSON_SQL = `INSERT INTO person (${PERSON_INSERTED.map(([, s]) => s.column).join(', ')})
     VALUES (${PERSON_INSERTED.map(([, s], i) => `$${i + 1}${cast(s)}`).join(',')})
     ON CONFLICT (id_number) DO NOTHING RETURNING id`;

export function personInsertValues(p: NewPerson, keys: NameKeys): unknown[] {
  const r: Record<string, unknown> = {
    ...p,
    ...derivedKeys({ birthDate: p.birthDate, confirmedOn: null }, keys),
  };
  return PERSON_INSERTED.map(([f]) => r[f] ?? null);
}
