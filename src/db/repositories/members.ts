/** SQL for members. */
import type { Db } from '../client.js';
import type { MemberStatus } from '../../shared/codes.js';

export interface MemberRow {
  id: number;
  orgId: number;
  orgCode: string;
  orgName: string;
  orgPath: string;
  name: string;
  sex: 'male' | 'female';
  birthDate: string;
  idNumber: string;
  ethnicity: string;
  education: string | null;
  occupation: string | null;
  nativePlace: string | null;
  phone: string | null;
  address: string | null;
  workUnit: string | null;
  jobTitle: string | null;
  status: MemberStatus;
  joinedOn: string;
  confirmedOn: string | null;
  isMobile: boolean;
  rowVersion: number;
}

export const MEMBER_COLS = `m.id, m.org_id AS "orgId", o.code AS "orgCode", o.name AS "orgName", o.path AS "orgPath",
  m.name, m.sex, m.birth_date AS "birthDate", m.id_number AS "idNumber", m.ethnicity, m.education, m.occupation,
  m.native_place AS "nativePlace", m.phone, m.address, m.work_unit AS "workUnit", m.job_title AS "jobTitle",
  m.status, m.joined_on AS "joinedOn", m.confirmed_on AS "confirmedOn", m.is_mobile AS "isMobile",
  m.row_version AS "rowVersion"`;

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

export function md(date: string | null): number | null {
  return date ? Number(date.slice(5, 7)) * 100 + Number(date.slice(8, 10)) : null;
}

/** The member's open period; closes it at `on` and opens the next (replacing one that began the same day). */
export async function nextPeriod(
  db: Db,
  memberId: number,
  on: string,
  next: { orgId: number; status: MemberStatus } | null,
) {
  const open = await db.query<{ id: number; valid_from: string }>(
    'SELECT id, valid_from FROM member_period WHERE member_id = $1 AND valid_to IS NULL',
    [memberId],
  );
  const cur = open[0];
  if (cur && cur.valid_from >= on) await db.query('DELETE FROM member_period WHERE id = $1', [cur.id]);
  else if (cur) await db.query('UPDATE member_period SET valid_to = $2 WHERE id = $1', [cur.id, on]);
  if (next) {
    await db.query('INSERT INTO member_period (member_id, org_id, status, valid_from) VALUES ($1,$2,$3,$4)', [
      memberId,
      next.orgId,
      next.status,
      on,
    ]);
  }
}

export async function lastPeriodStart(db: Db, memberId: number): Promise<string | null> {
  const r = await db.query<{ d: string | null }>(
    'SELECT max(valid_from) AS d FROM member_period WHERE member_id = $1',
    [memberId],
  );
  return r[0]?.d ?? null;
}

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
