/**
 * SQL of the 三会一课 ledger import (issue 11 item 8, decision 0019), set-based: the file's rows are staged in
 * temporary tables, the people each meeting expects (the org's roster and committee on its day, as
 * `expectedAttendees` and `peopleOn` decide for one meeting) are worked out for all rows in one statement, the
 * absentees are matched to them by name, and the meetings and their attendance are written with one INSERT each.
 */
import type { Db } from '../client.js';
import type { AttendanceStatus, MeetingKind } from '../../shared/codes.js';
import type { IsoDate } from '../../shared/dates.js';
import { validOn } from '../intervals.js';
import { onRoster } from '../sql.js';

export interface LedgerOrg {
  id: number;
  code: string;
  path: string;
}

export async function orgsByCodes(db: Db, codes: readonly string[]): Promise<LedgerOrg[]> {
  if (!codes.length) return [];
  return db.query<LedgerOrg>('SELECT id, code, path FROM org WHERE code = ANY($1::text[])', [codes]);
}

export interface StagedRow {
  row: number;
  orgId: number;
  heldOn: IsoDate;
  kinds: readonly MeetingKind[];
  topic: string;
}

/**
 * Stages the rows (`ledger_row`) and their absentees' names (`ledger_absent`) for the rest of the transaction, and
 * the people each row's meeting expects (`ledger_people`): the members on the org's own roster that day and the
 * holders of its committee posts that day; a meeting that is only a committee meeting, the committee alone.
 */
export async function stageLedger(
  db: Db,
  rows: readonly StagedRow[],
  absent: readonly { row: number; name: string }[],
): Promise<void> {
  await db.query('DROP TABLE IF EXISTS ledger_row, ledger_absent, ledger_people');
  await db.query(
    `CREATE TEMP TABLE ledger_row ON COMMIT DROP AS
     SELECT r.rn, r.org_id, r.held_on, string_to_array(r.kinds, ',') AS kinds, r.topic
       FROM unnest($1::int[], $2::int[], $3::date[], $4::text[], $5::text[]) AS r(rn, org_id, held_on, kinds, topic)`,
    [
      rows.map((r) => r.row),
      rows.map((r) => r.orgId),
      rows.map((r) => r.heldOn),
      rows.map((r) => r.kinds.join(',')),
      rows.map((r) => r.topic),
    ],
  );
  await db.query(
    `CREATE TEMP TABLE ledger_absent ON COMMIT DROP AS
     SELECT a.rn, a.name FROM unnest($1::int[], $2::text[]) AS a(rn, name)`,
    [absent.map((a) => a.row), absent.map((a) => a.name)],
  );
  await db.query(
    `CREATE TEMP TABLE ledger_people ON COMMIT DROP AS
     SELECT DISTINCT x.rn, x.member_id, regexp_replace(p.name, '\\s', '', 'g') AS name_key
       FROM (
         SELECT r.rn, per.member_id
           FROM ledger_row r JOIN member_period per ON per.org_id = r.org_id
          WHERE ${validOn('per', 'r.held_on')} AND ${onRoster('per.status')}
            AND NOT (r.kinds <@ ARRAY['committee_meeting'])
         UNION ALL
         SELECT r.rn, c.member_id
           FROM ledger_row r JOIN committee_post c ON c.org_id = r.org_id
          WHERE c.start_on <= r.held_on AND (c.end_on IS NULL OR c.end_on > r.held_on)) x
       JOIN member m ON m.id = x.member_id JOIN person p ON p.id = m.person_id`,
  );
  await db.query('CREATE INDEX ON ledger_people (rn, name_key)');
  await db.query('ANALYZE ledger_people');
}

export interface LedgerFacts {
  row: number;
  /** the org had a version valid on the day */
  existed: boolean;
  /** people the meeting expects */
  expected: number;
  /** the meeting already recorded with the same identity (org, day, kinds, topic) */
  existingId: number | null;
  /** another meeting of the org that day shares a kind */
  sameDay: boolean;
}

/** Per staged row: whether its org existed that day, how many people it expects, and the meetings already recorded. */
export async function ledgerFacts(db: Db): Promise<LedgerFacts[]> {
  return db.query<LedgerFacts>(
    `SELECT r.rn AS "row",
            EXISTS (SELECT 1 FROM org_version v WHERE v.org_id = r.org_id AND ${validOn('v', 'r.held_on')}) AS existed,
            coalesce(pc.n, 0) AS expected, same.id AS "existingId",
            EXISTS (SELECT 1 FROM meeting o WHERE o.org_id = r.org_id AND o.held_on = r.held_on
                       AND o.kinds && r.kinds AND o.id IS DISTINCT FROM same.id) AS "sameDay"
       FROM ledger_row r
       LEFT JOIN (SELECT rn, count(*)::int AS n FROM ledger_people GROUP BY rn) pc ON pc.rn = r.rn
       LEFT JOIN LATERAL (
         SELECT mt.id FROM meeting mt
          WHERE mt.org_id = r.org_id AND mt.held_on = r.held_on AND mt.kinds @> r.kinds AND mt.kinds <@ r.kinds
            AND regexp_replace(btrim(mt.topic), '\\s+', ' ', 'g') = r.topic
          ORDER BY mt.id LIMIT 1) same ON true`,
  );
}

/** Per staged absentee: how many people of the row's meeting have that name, and who when exactly one. */
export async function matchAbsentees(
  db: Db,
): Promise<{ row: number; name: string; n: number; memberId: number | null }[]> {
  return db.query(
    `SELECT a.rn AS "row", a.name, count(p.member_id)::int AS n,
            CASE WHEN count(p.member_id) = 1 THEN min(p.member_id) END AS "memberId"
       FROM (SELECT DISTINCT rn, name FROM ledger_absent) a
       LEFT JOIN ledger_people p ON p.rn = a.rn AND p.name_key = a.name
      GROUP BY a.rn, a.name`,
  );
}

/** The attendance recorded other than present, of these meetings. */
export async function recordedAbsences(
  db: Db,
  meetingIds: readonly number[],
): Promise<{ meetingId: number; memberId: number; status: AttendanceStatus }[]> {
  if (!meetingIds.length) return [];
  return db.query(
    `SELECT meeting_id AS "meetingId", member_id AS "memberId", status FROM meeting_attendance
      WHERE meeting_id = ANY($1::int[]) AND status <> 'present'`,
    [meetingIds],
  );
}

export interface LedgerMeeting {
  row: number;
  orgId: number;
  kinds: readonly MeetingKind[];
  heldOn: IsoDate;
  topic: string;
  host: string | null;
  recorder: string | null;
}

/**
 * Writes the meetings (ids taken from the sequence first, in one round trip). The rollup's statement trigger marks
 * their orgs, and each row's foreign key to its org is checked as usual (one statement, ~25k rows for a county's
 * year). Returns the ids in the order of `meetings`.
 */
export async function insertLedgerMeetingRows(
  db: Db,
  meetings: readonly LedgerMeeting[],
  createdBy: number | null,
): Promise<number[]> {
  if (!meetings.length) return [];
  const [r] = await db.query<{ ids: number[] }>(
    `SELECT array_agg(nextval(pg_get_serial_sequence('meeting', 'id'))::int) AS ids FROM generate_series(1, $1::int)`,
    [meetings.length],
  );
  const ids = r!.ids;
  await db.query(
    `INSERT INTO meeting (id, org_id, kinds, held_on, topic, host, recorder, created_by)
     SELECT m.id, m.org_id, string_to_array(m.kinds, ','), m.held_on, m.topic, m.host, m.recorder, $8
       FROM unnest($1::int[], $2::int[], $3::text[], $4::date[], $5::text[], $6::text[], $7::text[])
            AS m(id, org_id, kinds, held_on, topic, host, recorder)`,
    [
      ids,
      meetings.map((m) => m.orgId),
      meetings.map((m) => m.kinds.join(',')),
      meetings.map((m) => m.heldOn),
      meetings.map((m) => m.topic),
      meetings.map((m) => m.host),
      meetings.map((m) => m.recorder),
      createdBy,
    ],
  );
  return ids;
}

/**
 * The foreign-key check of the attendance rows written without per-row triggers (decision 0024's addendum), made
 * once for the set: every member the staged meetings expect is looked up and key-share locked until commit — what
 * each row's check would do; the meetings are this transaction's own and their orgs are checked by the meeting
 * rows' own triggers. Returns whether all of them exist.
 */
export async function lockLedgerMembers(db: Db): Promise<boolean> {
  const [r] = await db.query<{ want: number; found: number }>(
    `WITH want AS (SELECT DISTINCT member_id FROM ledger_people),
          found AS (SELECT m.id FROM member m JOIN want w ON w.member_id = m.id FOR KEY SHARE OF m)
     SELECT (SELECT count(*) FROM want)::int AS want, (SELECT count(*) FROM found)::int AS found`,
  );
  return !!r && r.want === r.found;
}

/**
 * Writes, for each meeting, one attendance row per person it expects: as in `exceptions` (excused or absent, with
 * the reason), else present — in one statement, in the order of the unique index. Returns how many rows.
 */
export async function insertLedgerAttendance(
  db: Db,
  meetings: readonly { row: number; id: number; orgId: number }[],
  exceptions: readonly { row: number; memberId: number; status: AttendanceStatus; reason: string | null }[],
): Promise<number> {
  if (!meetings.length) return 0;
  const [r] = await db.query<{ n: number }>(
    `WITH ins AS (
       INSERT INTO meeting_attendance (meeting_id, member_id, org_id, status, reason)
       SELECT w.id, p.member_id, w.org_id, coalesce(x.status, 'present'), x.reason
         FROM unnest($1::int[], $2::int[], $3::int[]) AS w(rn, id, org_id)
         JOIN ledger_people p ON p.rn = w.rn
         LEFT JOIN unnest($4::int[], $5::int[], $6::text[], $7::text[]) AS x(rn, member_id, status, reason)
           ON x.rn = w.rn AND x.member_id = p.member_id
        ORDER BY w.id, p.member_id
       RETURNING member_id),
     -- written with the row triggers off (replica), which silences the statement triggers too: the members are
     -- marked for 党章第九条's maintained runs here (decision 0048)
     marked AS (INSERT INTO life_run_dirty (member_id) SELECT DISTINCT member_id FROM ins ON CONFLICT DO NOTHING)
     SELECT count(*)::int AS n FROM ins`,
    [
      meetings.map((m) => m.row),
      meetings.map((m) => m.id),
      meetings.map((m) => m.orgId),
      exceptions.map((e) => e.row),
      exceptions.map((e) => e.memberId),
      exceptions.map((e) => e.status),
      exceptions.map((e) => e.reason),
    ],
  );
  return r?.n ?? 0;
}
