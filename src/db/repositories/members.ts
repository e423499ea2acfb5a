/**
 * SQL for members: a member row is a membership joined with its person (decision 0011), read from the flat member
 * row and written by statements generated from the member-column registry; periods, events, records, posts.
 */
import type { NameKeys } from '../../domain/member/names.js';
import type { Db } from '../client.js';
import type { MemberStatus } from '../../shared/codes.js';
import type { IsoDate } from '../../shared/dates.js';
import type {
  MemberEditableField,
  MemberFields,
  MemberValues,
  PersonFact,
} from '../../shared/member-fields.js';
import {
  CORRECT_MEMBER_SQL,
  CORRECT_PERSON_SQL,
  INSERT_MEMBERSHIP_SQL,
  INSERT_MEMBER_SQL,
  MEMBER_COLS,
  MEMBER_ROWS,
  PERSON_READ_COLS,
  correctionValues,
  derivedKeys,
  insertValues,
  md,
  membershipValues,
  type MemberWrite,
} from '../member-columns.js';
import {
  MEMBER_PERIOD,
  insertPeriods,
  lastPeriodStart as lastStart,
  nextPeriod as next,
  periodsOf,
  rewritePeriods,
  type StoredPeriod,
} from '../intervals.js';
import type { Period } from '../../domain/member/periods.js';
import { CURRENT_MEMBERSHIP_STATUSES } from '../../shared/codes.js';

/** A member as the use cases read it: its own fields (the registry's) and its org's code, name and path. */
export interface MemberRow extends MemberFields {
  orgCode: string;
  orgName: string;
  orgPath: string;
}

export { MEMBER_COLS, MEMBER_ROWS, md };

const FROM = `${MEMBER_ROWS} m JOIN org o ON o.id = m.org_id`;
const CURRENT = `m.status IN (${CURRENT_MEMBERSHIP_STATUSES.map((s) => `'${s}'`).join(',')})`;
/** A person's memberships, the current one (if any) last, else by join date. */
const MEMBERSHIP_ORDER = `(${CURRENT}), m.joined_on, m.id`;

export async function memberById(db: Db, id: number, scope: string, lock = false): Promise<MemberRow | null> {
  const rows = await db.query<MemberRow>(
    `SELECT ${MEMBER_COLS} FROM ${FROM}
      WHERE m.id = $1 AND o.path LIKE $2 || '%'${lock ? ' FOR UPDATE OF m' : ''}`,
    [id, scope],
  );
  return rows[0] ?? null;
}

/**
 * The member row registered with an ID number — the person's current membership, else their latest one — other
 * than member `exceptId`, or null (also for a person with no membership).
 */
export async function memberByIdNumber(
  db: Db,
  idNumber: string,
  exceptId: number | null = null,
): Promise<MemberRow | null> {
  const rows = await db.query<MemberRow>(
    `SELECT ${MEMBER_COLS} FROM ${FROM}
      WHERE m.id_number = $1 AND m.id IS DISTINCT FROM $2 ORDER BY ${MEMBERSHIP_ORDER} DESC LIMIT 1`,
    [idNumber, exceptId],
  );
  return rows[0] ?? null;
}

/** The person holding an ID number (whoever's membership it is, or none), or null. */
export async function personByIdNumber(db: Db, idNumber: string): Promise<{ id: number } | null> {
  const rows = await db.query<{ id: number }>('SELECT id FROM person WHERE id_number = $1', [idNumber]);
  return rows[0] ?? null;
}

/** A person's facts (those of the person table), or null. */
export async function personFacts(db: Db, personId: number): Promise<Pick<MemberValues, PersonFact> | null> {
  const rows = await db.query<Pick<MemberValues, PersonFact>>(
    `SELECT ${PERSON_READ_COLS} FROM person p WHERE p.id = $1`,
    [personId],
  );
  return rows[0] ?? null;
}

/** One period of one of a person's memberships, with its org (as named today). */
export interface MembershipPeriodRow {
  memberId: number;
  status: MemberStatus;
  from: IsoDate;
  to: IsoDate | null;
  orgName: string;
  orgPath: string;
}

/** Every period of every membership of a person, in time order. */
export async function membershipHistory(db: Db, personId: number): Promise<MembershipPeriodRow[]> {
  return db.query<MembershipPeriodRow>(
    `SELECT p.member_id AS "memberId", p.status, p.valid_from AS "from", p.valid_to AS "to",
            o.name AS "orgName", o.path AS "orgPath"
       FROM member_period p JOIN member m ON m.id = p.member_id JOIN org o ON o.id = p.org_id
      WHERE m.person_id = $1 ORDER BY p.valid_from, p.id`,
    [personId],
  );
}

/** Every membership of a person, oldest first (the current one, if any, last). */
export async function membershipsOf(db: Db, personId: number): Promise<MemberRow[]> {
  return db.query<MemberRow>(
    `SELECT ${MEMBER_COLS} FROM ${FROM} WHERE m.person_id = $1 ORDER BY ${MEMBERSHIP_ORDER}`,
    [personId],
  );
}

/**
 * The persons holding any of these ID numbers, each with their memberships (oldest first, the current one last;
 * none for a person without membership). One indexed look-up when none is known (a first load).
 */
export async function personsByIdNumbers(
  db: Db,
  idNumbers: readonly string[],
): Promise<Map<string, { personId: number; memberships: MemberRow[] }>> {
  const persons = await db.query<{ id: number; idNumber: string }>(
    'SELECT id, id_number AS "idNumber" FROM person WHERE id_number = ANY($1::text[])',
    [idNumbers],
  );
  const out = new Map(persons.map((p) => [p.idNumber, { personId: p.id, memberships: [] as MemberRow[] }]));
  if (!persons.length) return out;
  const rows = await db.query<MemberRow>(
    `SELECT ${MEMBER_COLS} FROM ${FROM} WHERE m.person_id = ANY($1::int[]) ORDER BY ${MEMBERSHIP_ORDER}`,
    [persons.map((p) => p.id)],
  );
  for (const r of rows) out.get(r.idNumber)!.memberships.push(r);
  return out;
}

/** The fields of a new member row (its ids and derived keys are worked out here). */
export type NewMember = Omit<
  MemberWrite,
  'id' | 'personId' | 'nameInitials' | 'namePinyin' | 'nameSort' | 'birthMd' | 'confirmedMd'
>;

/**
 * Inserts a new person with their first membership; null when the ID number belongs to a person already (a writer
 * without the lock won).
 */
export async function insertMember(db: Db, m: NewMember, keys: NameKeys): Promise<number | null> {
  const [row] = await db.query<{ id: number }>(
    INSERT_MEMBER_SQL,
    insertValues({ ...m, ...derivedKeys(m, keys) }),
  );
  return row?.id ?? null;
}

/** Inserts a new membership of an existing person (a re-admission, or an applicant's admission). */
export async function insertMembership(
  db: Db,
  personId: number,
  m: Pick<MemberValues, 'orgId' | 'status' | 'joinedOn' | 'confirmedOn' | 'isMobile'>,
): Promise<number> {
  const [row] = await db.query<{ id: number }>(INSERT_MEMBERSHIP_SQL, membershipValues(personId, m));
  return row!.id;
}

/**
 * Writes a correction of the editable fields (and the keys derived from them) to the person and the membership;
 * bumps the membership's row version.
 */
export async function correctMember(
  db: Db,
  ids: { id: number; personId: number },
  m: Pick<MemberValues, MemberEditableField>,
  keys: NameKeys,
): Promise<void> {
  const v = correctionValues(ids, m, keys);
  await db.query(CORRECT_PERSON_SQL, v.person);
  await db.query(CORRECT_MEMBER_SQL, v.member);
}

/** Writes the person's side of a correction only (a returning person's facts, taken from the newer record). */
export async function correctPerson(
  db: Db,
  personId: number,
  m: Pick<MemberValues, MemberEditableField>,
  keys: NameKeys,
): Promise<void> {
  await db.query(CORRECT_PERSON_SQL, correctionValues({ id: 0, personId }, m, keys).person);
}

/** Writes what a dated event changes: status, org and confirmation date. */
export async function updateMemberLifecycle(
  db: Db,
  id: number,
  m: { status: MemberStatus; orgId: number; confirmedOn: IsoDate | null; isMobile?: boolean },
): Promise<void> {
  await db.query(
    `UPDATE member SET status = $2, org_id = $3, confirmed_on = $4, confirmed_md = $5,
            is_mobile = coalesce($6, is_mobile), row_version = row_version + 1, updated_at = now() WHERE id = $1`,
    [id, m.status, m.orgId, m.confirmedOn, md(m.confirmedOn), m.isMobile ?? null],
  );
}

// ------------------------------------------------------------------------------------------------ periods

export type MemberPeriod = StoredPeriod<{ orgId: number; status: MemberStatus }>;

export async function memberPeriods(db: Db, memberId: number): Promise<MemberPeriod[]> {
  return periodsOf(db, MEMBER_PERIOD, memberId) as Promise<MemberPeriod[]>;
}

export async function insertMemberPeriods(
  db: Db,
  memberId: number,
  periods: readonly Period[],
): Promise<void> {
  await insertPeriods(db, MEMBER_PERIOD, memberId, periods);
}

export async function rewriteMemberPeriods(
  db: Db,
  memberId: number,
  stored: readonly MemberPeriod[],
  periods: readonly Period[],
): Promise<void> {
  await rewritePeriods(db, MEMBER_PERIOD, memberId, stored, periods);
}

/** The member's open period; closes it at `on` and opens the next (replacing one that began the same day). */
export async function nextPeriod(
  db: Db,
  memberId: number,
  on: string,
  nextOne: { orgId: number; status: MemberStatus } | null,
) {
  await next(db, MEMBER_PERIOD, memberId, on, nextOne);
}

export async function lastPeriodStart(db: Db, memberId: number): Promise<string | null> {
  return lastStart(db, MEMBER_PERIOD, memberId);
}

// ------------------------------------------------------------------------------------------------ events, records, posts

export async function insertMemberEvent(
  db: Db,
  e: {
    memberId: number;
    kind: string;
    effectiveOn: string;
    data: Record<string, unknown>;
    recordedBy: number | null;
  },
) {
  await db.query(
    'INSERT INTO member_event (member_id, kind, effective_on, data, recorded_by) VALUES ($1,$2,$3,$4,$5)',
    [e.memberId, e.kind, e.effectiveOn, JSON.stringify(e.data), e.recordedBy],
  );
}

export interface MemberEventRow {
  id: number;
  kind: string;
  effectiveOn: string;
  data: Record<string, unknown>;
  recordedAt: string;
}

export async function memberEvents(db: Db, memberId: number): Promise<MemberEventRow[]> {
  return db.query<MemberEventRow>(
    `SELECT id, kind, effective_on AS "effectiveOn", data, recorded_at::text AS "recordedAt"
       FROM member_event WHERE member_id = $1 ORDER BY effective_on DESC, id DESC`,
    [memberId],
  );
}

export interface MemberRecordRow<K extends string = string> {
  id: number;
  kind: K;
  startOn: string | null;
  endOn: string | null;
  data: Record<string, unknown>;
}

export async function memberRecords<K extends string>(
  db: Db,
  memberId: number,
): Promise<MemberRecordRow<K>[]> {
  return db.query<MemberRecordRow<K>>(
    `SELECT id, kind, start_on AS "startOn", end_on AS "endOn", data FROM member_record
      WHERE member_id = $1 ORDER BY kind, start_on DESC NULLS LAST, id`,
    [memberId],
  );
}

export async function insertMemberRecord(
  db: Db,
  r: {
    memberId: number;
    kind: string;
    startOn: string | null;
    endOn: string | null;
    data: Record<string, unknown>;
  },
): Promise<void> {
  await db.query(
    'INSERT INTO member_record (member_id, kind, start_on, end_on, data) VALUES ($1,$2,$3,$4,$5)',
    [r.memberId, r.kind, r.startOn, r.endOn, JSON.stringify(r.data)],
  );
}

/** Deletes one of the member's records; whether there was one. */
export async function deleteMemberRecord(db: Db, memberId: number, recordId: number): Promise<boolean> {
  const r = await db.query('DELETE FROM member_record WHERE id = $1 AND member_id = $2 RETURNING id', [
    recordId,
    memberId,
  ]);
  return r.length > 0;
}

/** The committee posts the member holds now. */
export async function currentPosts(
  db: Db,
  memberId: number,
): Promise<{ orgCode: string; orgName: string; post: string; startOn: string }[]> {
  return db.query(
    `SELECT o.code AS "orgCode", o.name AS "orgName", c.post, c.start_on AS "startOn"
       FROM committee_post c JOIN org o ON o.id = c.org_id WHERE c.member_id = $1 AND c.end_on IS NULL`,
    [memberId],
  );
}

/** Ends every post the member holds, on a date (the member left the roster). */
export async function endMemberPosts(db: Db, memberId: number, on: IsoDate): Promise<void> {
  await db.query('UPDATE committee_post SET end_on = $2 WHERE member_id = $1 AND end_on IS NULL', [
    memberId,
    on,
  ]);
}
