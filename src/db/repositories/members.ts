/** SQL for members: the member table (statements generated from the member-column registry), periods, events. */
import type { Db } from '../client.js';
import type { MemberStatus } from '../../shared/codes.js';
import type { IsoDate } from '../../shared/dates.js';
import type { MemberEditableField, MemberFields, MemberValues } from '../../shared/member-fields.js';
import {
  CORRECT_MEMBER_SQL,
  INSERT_MEMBER_SQL,
  MEMBER_COLS,
  correctionValues,
  derivedKeys,
  insertValues,
  md,
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

/** A member as the use cases read it: its own fields (the registry's) and its org's code, name and path. */
export interface MemberRow extends MemberFields {
  orgCode: string;
  orgName: string;
  orgPath: string;
}

export { MEMBER_COLS, md };

export async function memberById(db: Db, id: number, scope: string, lock = false): Promise<MemberRow | null> {
  const rows = await db.query<MemberRow>(
    `SELECT ${MEMBER_COLS} FROM member m JOIN org o ON o.id = m.org_id
      WHERE m.id = $1 AND o.path LIKE $2 || '%'${lock ? ' FOR UPDATE OF m' : ''}`,
    [id, scope],
  );
  return rows[0] ?? null;
}

/** The member registered with an ID number, wherever they are (other than member `exceptId`), or null. */
export async function memberByIdNumber(
  db: Db,
  idNumber: string,
  exceptId: number | null = null,
): Promise<MemberRow | null> {
  const rows = await db.query<MemberRow>(
    `SELECT ${MEMBER_COLS} FROM member m JOIN org o ON o.id = m.org_id
      WHERE m.id_number = $1 AND m.id IS DISTINCT FROM $2`,
    [idNumber, exceptId],
  );
  return rows[0] ?? null;
}

/** The members registered with any of these ID numbers. */
export async function membersByIdNumbers(db: Db, idNumbers: readonly string[]): Promise<MemberRow[]> {
  return db.query<MemberRow>(
    `SELECT ${MEMBER_COLS} FROM member m JOIN org o ON o.id = m.org_id WHERE m.id_number = ANY($1::text[])`,
    [idNumbers],
  );
}

/** Inserts a new member; null when the ID number is registered already (a writer without the lock won). */
export async function insertMember(
  db: Db,
  m: Omit<MemberWrite, 'id' | 'nameInitials' | 'namePinyin' | 'birthMd' | 'confirmedMd'>,
  keys: { initials: string; pinyin: string },
): Promise<number | null> {
  const [row] = await db.query<{ id: number }>(
    INSERT_MEMBER_SQL,
    insertValues({ ...m, ...derivedKeys(m, keys) }),
  );
  return row?.id ?? null;
}

/** Writes a correction of the editable fields (and the keys derived from them); bumps the row version. */
export async function correctMember(
  db: Db,
  id: number,
  m: Pick<MemberValues, MemberEditableField>,
  keys: { initials: string; pinyin: string },
): Promise<void> {
  await db.query(CORRECT_MEMBER_SQL, correctionValues(id, m, keys));
}

/** Writes what a dated event changes: status, org and confirmation date. */
export async function updateMemberLifecycle(
  db: Db,
  id: number,
  m: { status: MemberStatus; orgId: number; confirmedOn: IsoDate | null },
): Promise<void> {
  await db.query(
    `UPDATE member SET status = $2, org_id = $3, confirmed_on = $4, confirmed_md = $5,
            row_version = row_version + 1, updated_at = now() WHERE id = $1`,
    [id, m.status, m.orgId, m.confirmedOn, md(m.confirmedOn)],
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
