/**
 * The member-column registry: every column of a member row, once — its domain name (as the API and `MemberRow` call
 * it), the table it lives in (`person`: facts about the human, the same through every membership; `member`: one
 * membership, decision 0011), its SQL column and type, and how the use cases treat it. Each table's columns are the
 * entries of that table in registry order (`person` also has its key `id`, which is `member.person_id`). Pure data,
 * read by the web (the member form's fields) and by `src/db/member-columns.ts`, which generates from it the row
 * type, the member row's join of both tables and its SELECT list, the COPY column order and text of each table, and
 * the INSERT and UPDATE statements. Adding a member field means adding one entry here (plus the schema and a
 * migration); the lists below follow.
 *
 * `role`:
 * - `key`: the row's id;
 * - `link`: the membership's person (`member.person_id`), read into MemberRow as `personId`, written on creation;
 * - `fact`: a fact entered by a person or a file, read into MemberRow and written on creation;
 * - `lifecycle`: read and written on creation, changed only by dated events (the org by a move, the status by a
 *   confirmation, transfer …), not by a correction;
 * - `derived`: a search or roll key computed from another field (`from`) on every write, never read into MemberRow;
 * - `version` / `bookkeeping`: kept by the database (row_version is read for optimistic locking).
 * `editable`: a correction (PATCH /members/:id) may change it. `compared`: a re-import of a member who exists
 * compares it with the stored value and corrects it when the file differs (the ID number is what finds the
 * member, so it is not compared). `sensitive`: masked by default, revealed only on an audited request.
 */
import type { MemberStatus, Sex } from './codes.js';
import type { IsoDate } from './dates.js';
import type { ColumnSpec } from './tables.js';

export type MemberSqlType = 'integer' | 'smallint' | 'text' | 'date' | 'boolean' | 'timestamptz';
export type MemberColumnRole = 'key' | 'link' | 'fact' | 'lifecycle' | 'derived' | 'version' | 'bookkeeping';
/** The tables of a member row: the person (identity, contact, what else is about the human) and the membership. */
export type MemberTable = 'person' | 'member';

export interface MemberColumnSpec {
  table: MemberTable;
  column: string;
  type: MemberSqlType;
  role: MemberColumnRole;
  editable?: true;
  compared?: true;
  sensitive?: 'idNumber' | 'phone' | 'address';
  /** for a derived column: the field it is computed from */
  from?: string;
  /** never in an audit payload: the audit trigger strips it (migration 0001) */
  unlogged?: true;
  /**
   * for the raw text of a classification field (src/shared/classification.ts): the field whose unclassifiable
   * text it keeps. Set only while that field is null; a correction that sets the field clears it.
   */
  rawOf?: string;
}

/** A column spec carrying the TypeScript type of its value (a phantom: never set at run time). */
type Col<T, S extends MemberColumnSpec> = S & { readonly __value?: T };
const col =
  <T>() =>
  <const S extends MemberColumnSpec>(s: S): Col<T, S> =>
    s;

export const MEMBER_COLUMNS = {
  id: col<number>()({ table: 'member', column: 'id', type: 'integer', role: 'key' }),
  personId: col<number>()({ table: 'member', column: 'person_id', type: 'integer', role: 'link' }),
  orgId: col<number>()({ table: 'member', column: 'org_id', type: 'integer', role: 'lifecycle' }),
  name: col<string>()({
    table: 'person',
    column: 'name',
    type: 'text',
    role: 'fact',
    editable: true,
    compared: true,
  }),
  nameInitials: col<string>()({
    table: 'person',
    column: 'name_initials',
    type: 'text',
    role: 'derived',
    from: 'name',
  }),
  namePinyin: col<string>()({
    table: 'person',
    column: 'name_pinyin',
    type: 'text',
    role: 'derived',
    from: 'name',
  }),
  /** the roster's name order (decision 0014) */
  nameSort: col<string>()({
    table: 'person',
    column: 'name_sort',
    type: 'text',
    role: 'derived',
    from: 'name',
  }),
  sex: col<Sex>()({
    table: 'person',
    column: 'sex',
    type: 'text',
    role: 'fact',
    editable: true,
    compared: true,
  }),
  birthDate: col<IsoDate>()({
    table: 'person',
    column: 'birth_date',
    type: 'date',
    role: 'fact',
    editable: true,
    compared: true,
  }),
  birthMd: col<number>()({
    table: 'person',
    column: 'birth_md',
    type: 'smallint',
    role: 'derived',
    from: 'birthDate',
  }),
  idNumber: col<string>()({
    table: 'person',
    column: 'id_number',
    type: 'text',
    role: 'fact',
    editable: true,
    sensitive: 'idNumber',
  }),
  ethnicity: col<string | null>()({
    table: 'person',
    column: 'ethnicity',
    type: 'text',
    role: 'fact',
    editable: true,
    compared: true,
  }),
  education: col<string | null>()({
    table: 'person',
    column: 'education',
    type: 'text',
    role: 'fact',
    editable: true,
    compared: true,
  }),
  occupation: col<string | null>()({
    table: 'person',
    column: 'occupation',
    type: 'text',
    role: 'fact',
    editable: true,
    compared: true,
  }),
  ethnicityRaw: col<string | null>()({
    table: 'person',
    column: 'ethnicity_raw',
    type: 'text',
    role: 'fact',
    rawOf: 'ethnicity',
  }),
  educationRaw: col<string | null>()({
    table: 'person',
    column: 'education_raw',
    type: 'text',
    role: 'fact',
    rawOf: 'education',
  }),
  occupationRaw: col<string | null>()({
    table: 'person',
    column: 'occupation_raw',
    type: 'text',
    role: 'fact',
    rawOf: 'occupation',
  }),
  nativePlace: col<string | null>()({
    table: 'person',
    column: 'native_place',
    type: 'text',
    role: 'fact',
    editable: true,
    compared: true,
  }),
  phone: col<string | null>()({
    table: 'person',
    column: 'phone',
    type: 'text',
    role: 'fact',
    editable: true,
    compared: true,
    sensitive: 'phone',
  }),
  address: col<string | null>()({
    table: 'person',
    column: 'address',
    type: 'text',
    role: 'fact',
    editable: true,
    compared: true,
    sensitive: 'address',
  }),
  workUnit: col<string | null>()({
    table: 'person',
    column: 'work_unit',
    type: 'text',
    role: 'fact',
    editable: true,
    compared: true,
  }),
  jobTitle: col<string | null>()({
    table: 'person',
    column: 'job_title',
    type: 'text',
    role: 'fact',
    editable: true,
    compared: true,
  }),
  status: col<MemberStatus>()({ table: 'member', column: 'status', type: 'text', role: 'lifecycle' }),
  joinedOn: col<IsoDate>()({
    table: 'member',
    column: 'joined_on',
    type: 'date',
    role: 'fact',
    editable: true,
    compared: true,
  }),
  confirmedOn: col<IsoDate | null>()({
    table: 'member',
    column: 'confirmed_on',
    type: 'date',
    role: 'fact',
    editable: true,
    compared: true,
  }),
  confirmedMd: col<number | null>()({
    table: 'member',
    column: 'confirmed_md',
    type: 'smallint',
    role: 'derived',
    from: 'confirmedOn',
  }),
  isMobile: col<boolean>()({
    table: 'member',
    column: 'is_mobile',
    type: 'boolean',
    role: 'fact',
    editable: true,
    compared: true,
  }),
  rowVersion: col<number>()({
    table: 'member',
    column: 'row_version',
    type: 'integer',
    role: 'version',
    unlogged: true,
  }),
  createdAt: col<string>()({
    table: 'member',
    column: 'created_at',
    type: 'timestamptz',
    role: 'bookkeeping',
  }),
  updatedAt: col<string>()({
    table: 'member',
    column: 'updated_at',
    type: 'timestamptz',
    role: 'bookkeeping',
    unlogged: true,
  }),
  personCreatedAt: col<string>()({
    table: 'person',
    column: 'created_at',
    type: 'timestamptz',
    role: 'bookkeeping',
  }),
  personUpdatedAt: col<string>()({
    table: 'person',
    column: 'updated_at',
    type: 'timestamptz',
    role: 'bookkeeping',
    unlogged: true,
  }),
} as const;

type Columns = typeof MEMBER_COLUMNS;
export type MemberColumnName = keyof Columns;
type ValueOf<C> = C extends { readonly __value?: infer T } ? Exclude<T, undefined> : never;
type KeysWhere<P> = { [K in MemberColumnName]: Columns[K] extends P ? K : never }[MemberColumnName];

/** Fields read into a member row (everything but derived keys and timestamps). */
export type MemberReadField = KeysWhere<{ role: 'key' | 'link' | 'fact' | 'lifecycle' | 'version' }>;
/** Fields that live in the person table (facts about the human). */
export type PersonField = KeysWhere<{ table: 'person' }>;
/** The facts of the person table (what a person is, whatever their membership). */
export type PersonFact = KeysWhere<{ table: 'person'; role: 'fact' }>;
/** Fields a correction may change. */
export type MemberEditableField = KeysWhere<{ editable: true }>;
/** Fields a re-import compares. */
export type MemberComparedField = KeysWhere<{ compared: true }>;
/** Fields that are dates (the web form edits them with a date picker). */
export type MemberDateField = KeysWhere<{ type: 'date' }>;

/** The value types of every column, by domain name. */
export type MemberValues = { [K in MemberColumnName]: ValueOf<Columns[K]> };
/** A member's own fields as read from the table (MemberRow adds its org's code, name and path). */
export type MemberFields = Pick<MemberValues, MemberReadField>;

const entries = Object.entries(MEMBER_COLUMNS) as [MemberColumnName, MemberColumnSpec][];
const where = <K extends MemberColumnName>(p: (s: MemberColumnSpec) => boolean) =>
  entries.filter(([, s]) => p(s)).map(([k]) => k as K);

/** Every field a correction may change, in table order. */
export const MEMBER_EDITABLE_FIELDS: readonly MemberEditableField[] = where<MemberEditableField>(
  (s) => s.editable === true,
);
/** Every field a re-import compares with the stored member, in table order. */
export const MEMBER_COMPARED_FIELDS: readonly MemberComparedField[] = where<MemberComparedField>(
  (s) => s.compared === true,
);
/** Fields masked unless revealed (and left out of the human-readable correction events). */
export const MEMBER_SENSITIVE_FIELDS: ReadonlySet<string> = new Set(where((s) => s.sensitive !== undefined));

/** Whether a field lives in the person table. */
export function isPersonField(field: string): boolean {
  return (MEMBER_COLUMNS as Record<string, MemberColumnSpec>)[field]?.table === 'person';
}

/**
 * How the audit history shows each column of a member row's table (the table registry's `member` and `person`
 * entries, src/shared/tables.ts): facts, lifecycle columns and the person link under their domain names (sensitive
 * ones masked), keys, derived keys and creation time as bookkeeping, and the columns the audit trigger strips as
 * unlogged. The person's key `id` is bookkeeping.
 */
export function memberAuditColumns(table: MemberTable = 'member'): Record<string, ColumnSpec> {
  const own = entries.filter(([, s]) => s.table === table);
  const key: [string, ColumnSpec][] = table === 'person' ? [['id', { hidden: 'bookkeeping' }]] : [];
  return Object.fromEntries([
    ...key,
    ...own.map(([f, s]): [string, ColumnSpec] => [
      s.column,
      s.unlogged
        ? { hidden: 'unlogged' }
        : s.role === 'fact' || s.role === 'lifecycle'
          ? s.sensitive
            ? { field: f, sensitive: s.sensitive }
            : f
          : s.role === 'link'
            ? f
            : { hidden: 'bookkeeping' },
    ]),
  ]);
}
