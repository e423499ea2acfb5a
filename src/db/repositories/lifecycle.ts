/**
 * SQL for the member lifecycle (decision 0026): transfers, flow-out registrations, contacts, lost contact and
 * status decisions. Lists of a subtree are limited by the org's materialised path (the caller has checked that the
 * actor may read the org).
 */
import type { Db } from '../client.js';
import type { IsoDate } from '../../shared/dates.js';
import type { MemberStatus, Sex } from '../../shared/codes.js';
import type { TransferKind } from '../../shared/lifecycle.js';
import type { OrgSet } from '../sql.js';

// ------------------------------------------------------------------------------------------------ transfers

export interface TransferRow {
  id: number;
  memberId: number;
  kind: TransferKind;
  state: 'pending' | 'accepted' | 'returned' | 'in_transit';
  fromOrgId: number | null;
  fromOrgCode: string | null;
  fromOrgName: string | null;
  fromOrgPath: string | null;
  toOrgId: number | null;
  toOrgCode: string | null;
  toOrgName: string | null;
  toOrgPath: string | null;
  externalOrg: string | null;
  letterNo: string | null;
  issuedOn: IsoDate;
  validUntil: IsoDate;
  decidedOn: IsoDate | null;
  reason: string | null;
  note: string | null;
  /** the member as the letter describes them */
  name: string;
  sex: Sex;
  idNumber: string;
  memberStatus: MemberStatus;
  joinedOn: IsoDate;
  confirmedOn: IsoDate | null;
  /** the member's org today (for whether the reader may open the record) */
  memberOrgPath: string;
}

const TRANSFER_COLS = `t.id, t.member_id AS "memberId", t.kind, t.state,
  t.from_org_id AS "fromOrgId", fo.code AS "fromOrgCode", fo.name AS "fromOrgName", fo.path AS "fromOrgPath",
  t.to_org_id AS "toOrgId", tor.code AS "toOrgCode", tor.name AS "toOrgName", tor.path AS "toOrgPath",
  t.external_org AS "externalOrg", t.letter_no AS "letterNo", t.issued_on::text AS "issuedOn",
  t.valid_until::text AS "validUntil", t.decided_on::text AS "decidedOn", t.reason, t.note,
  p.name, p.sex, p.id_number AS "idNumber", m.status AS "memberStatus", m.joined_on::text AS "joinedOn",
  m.confirmed_on::text AS "confirmedOn", mo.path AS "memberOrgPath"`;

const TRANSFER_FROM = `transfer t
  JOIN member m ON m.id = t.member_id JOIN person p ON p.id = m.person_id JOIN org mo ON mo.id = m.org_id
  LEFT JOIN org fo ON fo.id = t.from_org_id LEFT JOIN org tor ON tor.id = t.to_org_id`;

export async function transferById(db: Db, id: number, lock = false): Promise<TransferRow | null> {
  const rows = await db.query<TransferRow>(
    `SELECT ${TRANSFER_COLS} FROM ${TRANSFER_FROM} WHERE t.id = $1${lock ? ' FOR UPDATE OF t' : ''}`,
    [id],
  );
  return rows[0] ?? null;
}

/** The open transfer of a member (pending or in transit), if any. */
export async function openTransferOf(db: Db, memberId: number): Promise<{ id: number } | null> {
  const rows = await db.query<{ id: number }>(
    `SELECT id FROM transfer WHERE member_id = $1 AND state IN ('pending','in_transit')`,
    [memberId],
  );
  return rows[0] ?? null;
}

/**
 * The transfers of a subtree (or of the orgs with these ids) started on or before `asOf` that were still open then
 * or were decided within the year before it: `end` says which end of the transfer must lie in the set (the sending org for outgoing, the
 * receiving org for incoming). Newest first; at most `limit` (the list's page), all of them when `limit` is null (the
 * health evaluation must see every overdue transfer).
 */
export async function transfersOf(
  db: Db,
  set: OrgSet,
  end: 'from' | 'to',
  asOf: IsoDate,
  since: IsoDate,
  limit: number | null = 1000,
): Promise<TransferRow[]> {
  const alias = end === 'from' ? 'fo' : 'tor';
  return db.query<TransferRow>(
    `SELECT ${TRANSFER_COLS} FROM ${TRANSFER_FROM}
      WHERE ${typeof set === 'string' ? `${alias}.path LIKE $1 || '%'` : `t.${end}_org_id = ANY($1::int[])`}
        AND t.issued_on <= $2::date
        AND (t.decided_on IS NULL OR t.decided_on > $2::date OR t.decided_on >= $3::date)
      ORDER BY t.issued_on DESC, t.id DESC LIMIT $4`,
    [set, asOf, since, limit],
  );
}

export async function memberTransfers(db: Db, memberId: number): Promise<TransferRow[]> {
  return db.query<TransferRow>(
    `SELECT ${TRANSFER_COLS} FROM ${TRANSFER_FROM} WHERE t.member_id = $1 ORDER BY t.issued_on DESC, t.id DESC`,
    [memberId],
  );
}

export interface NewTransfer {
  memberId: number;
  kind: TransferKind;
  fromOrgId: number | null;
  toOrgId: number | null;
  externalOrg: string | null;
  letterNo: string | null;
  issuedOn: IsoDate;
  validUntil: IsoDate;
  state: 'pending' | 'in_transit' | 'accepted';
  decidedOn: IsoDate | null;
  note: string | null;
  createdBy: number | null;
}

export async function insertTransfer(db: Db, t: NewTransfer): Promise<number> {
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO transfer (member_id, kind, from_org_id, to_org_id, external_org, letter_no, issued_on, valid_until,
       state, decided_on, note, created_by, decided_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::int, CASE WHEN $10::date IS NULL THEN NULL ELSE $12::int END)
     RETURNING id`,
    [
      t.memberId,
      t.kind,
      t.fromOrgId,
      t.toOrgId,
      t.externalOrg,
      t.letterNo,
      t.issuedOn,
      t.validUntil,
      t.state,
      t.decidedOn,
      t.note,
      t.createdBy,
    ],
  );
  return row!.id;
}

export async function decideTransfer(
  db: Db,
  id: number,
  d: {
    state: 'accepted' | 'returned';
    on: IsoDate;
    reason: string | null;
    note: string | null;
    by: number | null;
  },
): Promise<void> {
  await db.query(
    `UPDATE transfer SET state = $2, decided_on = $3, reason = $4, note = coalesce($5, note), decided_by = $6
      WHERE id = $1`,
    [id, d.state, d.on, d.reason, d.note, d.by],
  );
}

/**
 * Active orgs that may hold members whose code or name matches, anywhere in the deployment: the addresses a
 * transfer may be sent to (code and name only; decision 0026).
 */
export async function transferDestinations(
  db: Db,
  q: string,
  kinds: readonly string[],
  limit: number,
): Promise<{ code: string; name: string }[]> {
  const like = `%${q.replace(/[%_\\]/g, '')}%`;
  return db.query<{ code: string; name: string }>(
    `SELECT o.code, o.name FROM org o
      WHERE o.status = 'active' AND o.kind = ANY($2::text[]) AND (o.name LIKE $1 OR o.code LIKE $1 OR o.name_initials LIKE $3)
      ORDER BY o.code LIMIT $4`,
    [like, kinds, like.toLowerCase(), limit],
  );
}

// ------------------------------------------------------------------------------------------------ flow-out, contacts

export interface MobileRow {
  id: number;
  memberId: number;
  since: IsoDate;
  endedOn: IsoDate | null;
  place: string;
  fixedPlace: boolean;
  abroad: boolean;
  contact: string | null;
  hostOrgId: number | null;
  hostOrgCode: string | null;
  hostOrgName: string | null;
  hostOrgPath: string | null;
  hostOrgText: string | null;
  note: string | null;
}

const MOBILE_COLS = `r.id, r.member_id AS "memberId", r.since::text AS since, r.ended_on::text AS "endedOn", r.place,
  r.fixed_place AS "fixedPlace", r.abroad, r.contact, r.host_org_id AS "hostOrgId", ho.code AS "hostOrgCode",
  ho.name AS "hostOrgName", ho.path AS "hostOrgPath", r.host_org_name AS "hostOrgText", r.note`;

export async function memberMobile(db: Db, memberId: number): Promise<MobileRow[]> {
  return db.query<MobileRow>(
    `SELECT ${MOBILE_COLS} FROM mobile_registration r LEFT JOIN org ho ON ho.id = r.host_org_id
      WHERE r.member_id = $1 ORDER BY r.since DESC, r.id DESC`,
    [memberId],
  );
}

export async function openMobileOf(db: Db, memberId: number): Promise<MobileRow | null> {
  const rows = await db.query<MobileRow>(
    `SELECT ${MOBILE_COLS} FROM mobile_registration r LEFT JOIN org ho ON ho.id = r.host_org_id
      WHERE r.member_id = $1 AND r.ended_on IS NULL`,
    [memberId],
  );
  return rows[0] ?? null;
}

export async function insertMobile(
  db: Db,
  r: {
    memberId: number;
    since: IsoDate;
    place: string;
    fixedPlace: boolean;
    abroad: boolean;
    contact: string | null;
    hostOrgId: number | null;
    hostOrgName: string | null;
    note: string | null;
    createdBy: number | null;
  },
): Promise<number> {
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO mobile_registration (member_id, since, place, fixed_place, abroad, contact, host_org_id, host_org_name,
       note, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [
      r.memberId,
      r.since,
      r.place,
      r.fixedPlace,
      r.abroad,
      r.contact,
      r.hostOrgId,
      r.hostOrgName,
      r.note,
      r.createdBy,
    ],
  );
  return row!.id;
}

export async function endMobile(db: Db, id: number, on: IsoDate): Promise<void> {
  await db.query(`UPDATE mobile_registration SET ended_on = $2 WHERE id = $1`, [id, on]);
}

/** Keeps the membership's 流动党员 mark in step with an open flow-out registration. */
export async function setMobileMark(db: Db, memberId: number, mobile: boolean): Promise<void> {
  await db.query(
    `UPDATE member SET is_mobile = $2, row_version = row_version + 1, updated_at = now()
      WHERE id = $1 AND is_mobile IS DISTINCT FROM $2`,
    [memberId, mobile],
  );
}

export async function insertContact(
  db: Db,
  c: { memberId: number; contactedOn: IsoDate; note: string | null; createdBy: number | null },
): Promise<number> {
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO member_contact (member_id, contacted_on, note, created_by) VALUES ($1, $2, $3, $4) RETURNING id`,
    [c.memberId, c.contactedOn, c.note, c.createdBy],
  );
  return row!.id;
}

export async function memberContacts(
  db: Db,
  memberId: number,
): Promise<{ id: number; contactedOn: IsoDate; note: string | null }[]> {
  return db.query(
    `SELECT id, contacted_on::text AS "contactedOn", note FROM member_contact WHERE member_id = $1
      ORDER BY contacted_on DESC, id DESC LIMIT 200`,
    [memberId],
  );
}

/** A listed member: who, where today, in which status. */
export interface AbsentMemberRow {
  memberId: number;
  name: string;
  sex: Sex;
  memberStatus: MemberStatus;
  orgCode: string;
  orgName: string;
  orgPath: string;
}

const ABSENT_COLS = `m.id AS "memberId", p.name, p.sex, m.status AS "memberStatus", o.code AS "orgCode",
  o.name AS "orgName", o.path AS "orgPath"`;

/**
 * The flow-out registrations of a subtree's current members open on `asOf`, each with the latest contact on or
 * before it.
 */
export async function mobileOfSubtree(
  db: Db,
  path: string,
  asOf: IsoDate,
): Promise<(AbsentMemberRow & MobileRow & { lastContactOn: IsoDate | null })[]> {
  return db.query(
    `SELECT ${ABSENT_COLS}, ${MOBILE_COLS},
            (SELECT max(c.contacted_on)::text FROM member_contact c WHERE c.member_id = m.id AND c.contacted_on <= $2::date)
              AS "lastContactOn"
       FROM mobile_registration r JOIN member m ON m.id = r.member_id JOIN person p ON p.id = m.person_id
       JOIN org o ON o.id = m.org_id LEFT JOIN org ho ON ho.id = r.host_org_id
      WHERE o.path LIKE $1 || '%' AND m.status IN ('full','probationary','suspended')
        AND r.since <= $2::date AND (r.ended_on IS NULL OR r.ended_on > $2::date)
      ORDER BY r.since, m.id LIMIT 2000`,
    [path, asOf],
  );
}

/** Members from elsewhere whose open registration names a host org in the subtree (not its own members). */
export async function hostedBySubtree(
  db: Db,
  path: string,
  asOf: IsoDate,
): Promise<
  {
    memberId: number;
    name: string;
    sex: Sex;
    memberStatus: MemberStatus;
    homeOrgName: string;
    hostOrgCode: string;
    hostOrgName: string;
    since: IsoDate;
    place: string;
  }[]
> {
  return db.query(
    `SELECT m.id AS "memberId", p.name, p.sex, m.status AS "memberStatus", o.name AS "homeOrgName",
            ho.code AS "hostOrgCode", ho.name AS "hostOrgName", r.since::text AS since, r.place
       FROM mobile_registration r JOIN org ho ON ho.id = r.host_org_id JOIN member m ON m.id = r.member_id
       JOIN person p ON p.id = m.person_id JOIN org o ON o.id = m.org_id
      WHERE ho.path LIKE $1 || '%' AND o.path NOT LIKE $1 || '%' AND m.status IN ('full','probationary')
        AND r.since <= $2::date AND (r.ended_on IS NULL OR r.ended_on > $2::date)
      ORDER BY r.since, m.id LIMIT 2000`,
    [path, asOf],
  );
}

// ------------------------------------------------------------------------------------------------ lost contact

export interface LostRow {
  id: number;
  memberId: number;
  since: IsoDate;
  foundOn: IsoDate | null;
  note: string | null;
}

const LOST_COLS = `l.id, l.member_id AS "memberId", l.since::text AS since, l.found_on::text AS "foundOn", l.note`;

export async function memberLost(db: Db, memberId: number): Promise<LostRow[]> {
  return db.query<LostRow>(
    `SELECT ${LOST_COLS} FROM lost_contact l WHERE l.member_id = $1 ORDER BY l.since DESC, l.id DESC`,
    [memberId],
  );
}

export async function openLostOf(db: Db, memberId: number): Promise<LostRow | null> {
  const rows = await db.query<LostRow>(
    `SELECT ${LOST_COLS} FROM lost_contact l WHERE l.member_id = $1 AND l.found_on IS NULL`,
    [memberId],
  );
  return rows[0] ?? null;
}

export async function insertLost(
  db: Db,
  l: { memberId: number; since: IsoDate; note: string | null; createdBy: number | null },
): Promise<number> {
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO lost_contact (member_id, since, note, created_by) VALUES ($1, $2, $3, $4) RETURNING id`,
    [l.memberId, l.since, l.note, l.createdBy],
  );
  return row!.id;
}

export async function endLost(db: Db, id: number, on: IsoDate, note: string | null): Promise<void> {
  await db.query(`UPDATE lost_contact SET found_on = $2, note = coalesce($3, note) WHERE id = $1`, [
    id,
    on,
    note,
  ]);
}

/**
 * The lost-contact records of the current members of a subtree (or of the orgs with these ids) open on `asOf`, with the start of the suspension the
 * member was in on that day (if any). At most `limit` (the list), all of them when `limit` is null (the health
 * evaluation).
 */
export async function lostOfSubtree(
  db: Db,
  set: OrgSet,
  asOf: IsoDate,
  limit: number | null = 2000,
): Promise<(AbsentMemberRow & LostRow & { suspendedSince: IsoDate | null })[]> {
  return db.query(
    `SELECT ${ABSENT_COLS}, ${LOST_COLS},
            (SELECT mp.valid_from::text FROM member_period mp WHERE mp.member_id = m.id AND mp.status = 'suspended'
                AND mp.valid_from <= $2::date AND (mp.valid_to IS NULL OR mp.valid_to > $2::date)) AS "suspendedSince"
       FROM lost_contact l JOIN member m ON m.id = l.member_id JOIN person p ON p.id = m.person_id
       JOIN org o ON o.id = m.org_id
      WHERE ${typeof set === 'string' ? `o.path LIKE $1 || '%'` : 'm.org_id = ANY($1::int[])'}
        AND m.status IN ('full','probationary','suspended')
        AND l.since <= $2::date AND (l.found_on IS NULL OR l.found_on > $2::date)
      ORDER BY l.since, m.id LIMIT $3`,
    [set, asOf, limit],
  );
}

/** The day the member's open suspension period began (null when not suspended). */
export async function suspendedSince(db: Db, memberId: number): Promise<IsoDate | null> {
  const rows = await db.query<{ since: string }>(
    `SELECT valid_from::text AS since FROM member_period WHERE member_id = $1 AND valid_to IS NULL AND status = 'suspended'`,
    [memberId],
  );
  return rows[0]?.since ?? null;
}

// ------------------------------------------------------------------------------------------------ decisions

export async function insertDecision(
  db: Db,
  d: {
    memberId: number;
    kind: string;
    grounds: string | null;
    decidingOrgId: number;
    decidingBody: string;
    decidedOn: IsoDate;
    approvingOrgId: number | null;
    approvedOn: IsoDate | null;
    /** null: pending the approving org's approval */
    effectiveOn: IsoDate | null;
    documentNo: string | null;
    reason: string | null;
    eventId: number | null;
    createdBy: number | null;
  },
): Promise<number> {
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO member_decision (member_id, kind, grounds, deciding_org_id, deciding_body, decided_on,
       approving_org_id, approved_on, effective_on, document_no, reason, event_id, created_by, state)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,
             CASE WHEN $9::date IS NULL THEN 'pending' ELSE 'approved' END) RETURNING id`,
    [
      d.memberId,
      d.kind,
      d.grounds,
      d.decidingOrgId,
      d.decidingBody,
      d.decidedOn,
      d.approvingOrgId,
      d.approvedOn,
      d.effectiveOn,
      d.documentNo,
      d.reason,
      d.eventId,
      d.createdBy,
    ],
  );
  return row!.id;
}

export interface DecisionRow {
  id: number;
  kind: string;
  grounds: string | null;
  decidingOrgName: string;
  decidingOrgPath: string;
  decidingBody: string;
  decidedOn: IsoDate;
  approvingOrgName: string | null;
  approvingOrgPath: string | null;
  approvedOn: IsoDate | null;
  /** null while pending or once refused */
  effectiveOn: IsoDate | null;
  documentNo: string | null;
  reason: string | null;
  state: 'pending' | 'approved' | 'refused';
  refusedOn: IsoDate | null;
  refusalReason: string | null;
  /** who recorded the approval or the refusal of a pending decision */
  answeredByName: string | null;
}

const DECISION_COLS = `d.id, d.kind, d.grounds, dor.name AS "decidingOrgName", dor.path AS "decidingOrgPath",
  d.deciding_body AS "decidingBody", d.decided_on::text AS "decidedOn", ao.name AS "approvingOrgName",
  ao.path AS "approvingOrgPath", d.approved_on::text AS "approvedOn", d.effective_on::text AS "effectiveOn",
  d.document_no AS "documentNo", d.reason, d.state, d.refused_on::text AS "refusedOn",
  d.refusal_reason AS "refusalReason", ab.display_name AS "answeredByName"`;
const DECISION_FROM = `member_decision d JOIN org dor ON dor.id = d.deciding_org_id
  LEFT JOIN org ao ON ao.id = d.approving_org_id LEFT JOIN app_user ab ON ab.id = d.answered_by`;

export async function memberDecisions(db: Db, memberId: number): Promise<DecisionRow[]> {
  return db.query<DecisionRow>(
    `SELECT ${DECISION_COLS} FROM ${DECISION_FROM}
      WHERE d.member_id = $1 ORDER BY coalesce(d.effective_on, d.decided_on) DESC, d.id DESC`,
    [memberId],
  );
}

/** A decision with its member, for approving or refusing it (locked). */
export async function decisionById(
  db: Db,
  id: number,
  lock = false,
): Promise<
  (DecisionRow & { memberId: number; decidingOrgId: number; approvingOrgId: number | null }) | null
> {
  const rows = await db.query<
    DecisionRow & { memberId: number; decidingOrgId: number; approvingOrgId: number | null }
  >(
    `SELECT ${DECISION_COLS}, d.member_id AS "memberId", d.deciding_org_id AS "decidingOrgId",
            d.approving_org_id AS "approvingOrgId"
       FROM ${DECISION_FROM} WHERE d.id = $1${lock ? ' FOR UPDATE OF d' : ''}`,
    [id],
  );
  return rows[0] ?? null;
}

/** The pending decision of a member, if any (one at a time). */
export async function pendingDecisionOf(db: Db, memberId: number): Promise<number | null> {
  const rows = await db.query<{ id: number }>(
    `SELECT id FROM member_decision WHERE member_id = $1 AND state = 'pending' LIMIT 1`,
    [memberId],
  );
  return rows[0]?.id ?? null;
}

/** Records the approval of a pending decision: in force from `effectiveOn`, with the member event it wrote. */
export async function approveDecisionRow(
  db: Db,
  id: number,
  a: {
    approvedOn: IsoDate;
    effectiveOn: IsoDate;
    documentNo: string | null;
    eventId: number | null;
    by: number | null;
  },
): Promise<void> {
  await db.query(
    `UPDATE member_decision SET state = 'approved', approved_on = $2, effective_on = $3,
            document_no = coalesce($4, document_no), event_id = $5, answered_by = $6
      WHERE id = $1 AND state = 'pending'`,
    [id, a.approvedOn, a.effectiveOn, a.documentNo, a.eventId, a.by],
  );
}

/** Records the refusal of a pending decision (the member's status never changed). */
export async function refuseDecisionRow(
  db: Db,
  id: number,
  r: { refusedOn: IsoDate; reason: string; by: number | null },
): Promise<void> {
  await db.query(
    `UPDATE member_decision SET state = 'refused', refused_on = $2, refusal_reason = $3, answered_by = $4
      WHERE id = $1 AND state = 'pending'`,
    [id, r.refusedOn, r.reason, r.by],
  );
}

/** A decision waiting for an org's approval, with its member (name and org) — the approving org's to-do. */
export interface PendingDecisionRow {
  id: number;
  kind: string;
  memberId: number;
  name: string;
  memberOrgName: string;
  memberOrgPath: string;
  decidingOrgName: string;
  decidedOn: IsoDate;
  approvingOrgCode: string;
  approvingOrgName: string;
  approvingOrgPath: string;
}

/** The decisions pending approval by an org of the subtree at `path`, oldest first. */
export async function pendingDecisionsUnder(db: Db, path: string): Promise<PendingDecisionRow[]> {
  return db.query<PendingDecisionRow>(
    `SELECT d.id, d.kind, d.member_id AS "memberId", p.name, mo.name AS "memberOrgName", mo.path AS "memberOrgPath",
            dor.name AS "decidingOrgName", d.decided_on::text AS "decidedOn", ao.code AS "approvingOrgCode",
            ao.name AS "approvingOrgName", ao.path AS "approvingOrgPath"
       FROM member_decision d JOIN org ao ON ao.id = d.approving_org_id
       JOIN org dor ON dor.id = d.deciding_org_id
       JOIN member m ON m.id = d.member_id JOIN person p ON p.id = m.person_id JOIN org mo ON mo.id = m.org_id
      WHERE d.state = 'pending' AND ao.path LIKE $1 || '%'
      ORDER BY d.decided_on, d.id`,
    [path],
  );
}

/** The latest member event of a member (the one a decision just wrote). */
export async function latestEventId(db: Db, memberId: number): Promise<number | null> {
  const rows = await db.query<{ id: number }>(
    `SELECT id FROM member_event WHERE member_id = $1 ORDER BY id DESC LIMIT 1`,
    [memberId],
  );
  return rows[0] ? Number(rows[0].id) : null;
}

/** The org and the orgs above it, root first (for the decision form's choices). */
export async function orgAndAncestors(
  db: Db,
  path: string,
): Promise<{ id: number; code: string; name: string; path: string }[]> {
  const ids = path.split('/').filter(Boolean).map(Number);
  return db.query(`SELECT id, code, name, path FROM org WHERE id = ANY($1::int[]) ORDER BY depth`, [ids]);
}

// ------------------------------------------------------------------------------------------------ demo

/** The townships under the root, by code (the demo picks its two ends among them). */
export async function demoTownships(db: Db): Promise<{ code: string; path: string }[]> {
  return db.query(
    `SELECT o.code, o.path FROM org o WHERE o.kind = 'township_committee' AND o.status = 'active' ORDER BY o.code LIMIT 3`,
  );
}

/** Village branches under a path that hold members, by path. */
export async function demoBranches(
  db: Db,
  path: string,
  limit: number,
): Promise<{ code: string; id: number }[]> {
  return db.query(
    `SELECT o.code, o.id FROM org o
      WHERE o.path LIKE $1 || '%' AND o.kind = 'branch' AND o.status = 'active'
        AND EXISTS (SELECT 1 FROM member m WHERE m.org_id = o.id AND m.status = 'full')
      ORDER BY o.path LIMIT $2`,
    [path, limit],
  );
}

/**
 * Full members of a branch whose history has been quiet since `since` (so a dated demo step after it fits), oldest
 * id last-first, skipping those given.
 */
export async function demoQuietMembers(
  db: Db,
  orgId: number,
  since: IsoDate,
  skip: readonly number[],
  limit: number,
): Promise<number[]> {
  const rows = await db.query<{ id: number }>(
    `SELECT m.id FROM member m
      WHERE m.org_id = $1 AND m.status = 'full' AND m.id <> ALL($3::int[])
        AND NOT EXISTS (SELECT 1 FROM member_period p WHERE p.member_id = m.id AND p.valid_from > $2::date)
        AND NOT EXISTS (SELECT 1 FROM transfer t WHERE t.member_id = m.id AND t.state IN ('pending','in_transit'))
      ORDER BY m.id DESC LIMIT $4`,
    [orgId, since, skip, limit],
  );
  return rows.map((r) => r.id);
}

/** Members bound to an account (the demo keeps them out of its stories). */
export async function demoMemberIds(db: Db): Promise<number[]> {
  const rows = await db.query<{ id: number }>(
    `SELECT member_id AS id FROM app_user WHERE member_id IS NOT NULL`,
  );
  return rows.map((r) => r.id);
}

/**
 * Demo: a member away takes part in the host org's theme days from the month after registering (流入党员参加,
 * `meeting_visitor`); returns how many.
 */
export async function demoVisits(
  db: Db,
  hostOrgId: number,
  memberId: number,
  since: IsoDate,
): Promise<number> {
  const rows = await db.query(
    `INSERT INTO meeting_visitor (meeting_id, member_id, org_id)
     SELECT mt.id, $2, mt.org_id FROM meeting mt
      WHERE mt.org_id = $1 AND mt.held_on >= (date_trunc('month', $3::date) + interval '1 month')
        AND 'theme_day' = ANY(mt.kinds)
     ON CONFLICT DO NOTHING RETURNING 1`,
    [hostOrgId, memberId, since],
  );
  return rows.length;
}
