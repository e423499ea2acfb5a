/**
 * SQL for organisational life (decision 0015): meeting records and their attendance, who was expected at a
 * meeting (the org's roster, or its committee, on the day), and the facts compliance is judged from — for a whole
 * subtree in one set-based query.
 */
import type { Db } from '../client.js';
import type {
  AttendanceStatus,
  CommitteePost,
  MeetingKind,
  MemberStatus,
  OrgKind,
} from '../../shared/codes.js';
import type { IsoDate } from '../../shared/dates.js';
import { validOn } from '../intervals.js';
import { meetingCounts, onRoster, recordMarkOf } from '../sql.js';

export interface MeetingRow {
  id: number;
  orgId: number;
  orgCode: string;
  orgName: string;
  orgPath: string;
  kinds: MeetingKind[];
  heldOn: IsoDate;
  startsAt: string | null;
  place: string | null;
  topic: string;
  host: string | null;
  recorder: string | null;
  lecturer: string | null;
  minutes: string | null;
  resolutions: string | null;
  guests: string[];
  partyGroupId: number | null;
  partyGroupName: string | null;
  rowVersion: number;
  createdAt: string;
  /** the record's mark from its latest on-site verification (decision 0038) */
  verification: 'true' | 'partly' | 'false' | null;
  expected: number;
  present: number;
  excused: number;
  absent: number;
}

/** The fields of a meeting as written. */
export interface MeetingValues {
  kinds: readonly MeetingKind[];
  heldOn: IsoDate;
  startsAt: string | null;
  place: string | null;
  topic: string;
  host: string | null;
  recorder: string | null;
  lecturer: string | null;
  minutes: string | null;
  resolutions: string | null;
  guests: readonly string[];
  partyGroupId: number | null;
}

const COLS = `mt.id, mt.org_id AS "orgId", o.code AS "orgCode", o.name AS "orgName", o.path AS "orgPath", mt.kinds,
  mt.held_on AS "heldOn", to_char(mt.starts_at, 'HH24:MI') AS "startsAt", mt.place, mt.topic, mt.host, mt.recorder,
  mt.lecturer, mt.minutes, mt.resolutions, mt.guests,
  mt.party_group_id AS "partyGroupId", (SELECT g.name FROM party_group g WHERE g.id = mt.party_group_id) AS "partyGroupName",
  mt.row_version AS "rowVersion", mt.created_at::text AS "createdAt",
  coalesce(a.expected, 0) AS expected, coalesce(a.present, 0) AS present, coalesce(a.excused, 0) AS excused,
  coalesce(a.absent, 0) AS absent,
  ${recordMarkOf('meeting', 'mt.id')} AS verification`;

const ATTENDANCE_COUNTS = `LEFT JOIN LATERAL (
    SELECT count(*)::int AS expected, (count(*) FILTER (WHERE ma.status = 'present'))::int AS present,
           (count(*) FILTER (WHERE ma.status = 'excused'))::int AS excused,
           (count(*) FILTER (WHERE ma.status = 'absent'))::int AS absent
      FROM meeting_attendance ma WHERE ma.meeting_id = mt.id) a ON true`;

export async function meetingById(db: Db, id: number, lock = false): Promise<MeetingRow | null> {
  if (lock) await db.query('SELECT id FROM meeting WHERE id = $1 FOR UPDATE', [id]);
  const rows = await db.query<MeetingRow>(
    `SELECT ${COLS} FROM meeting mt JOIN org o ON o.id = mt.org_id ${ATTENDANCE_COUNTS} WHERE mt.id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

/** How many appraisal results (民主评议党员, decision 0030) are recorded at the meeting. */
export async function appraisalCount(db: Db, meetingId: number): Promise<number> {
  const [r] = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM member_appraisal WHERE meeting_id = $1',
    [meetingId],
  );
  return r?.n ?? 0;
}

/** A meeting's values in the order of the INSERT's $2–$13 and the UPDATE's $2–$13. */
function meetingParams(v: MeetingValues): unknown[] {
  return [
    v.kinds,
    v.heldOn,
    v.startsAt,
    v.place,
    v.topic,
    v.host,
    v.recorder,
    v.lecturer,
    v.minutes,
    v.resolutions,
    v.guests,
    v.partyGroupId,
  ];
}

/** An org's meetings, newest first, with their attendance counts. */
export async function meetingsOf(
  db: Db,
  orgId: number,
  range: { from?: IsoDate | undefined; to?: IsoDate | undefined },
  limit: number,
  offset: number,
): Promise<{ total: number; rows: MeetingRow[] }> {
  const where = `mt.org_id = $1 AND ($2::date IS NULL OR mt.held_on >= $2::date) AND ($3::date IS NULL OR mt.held_on <= $3::date)`;
  const params = [orgId, range.from ?? null, range.to ?? null];
  const [c] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM meeting mt WHERE ${where}`,
    params,
  );
  const rows = await db.query<MeetingRow>(
    `SELECT ${COLS} FROM meeting mt JOIN org o ON o.id = mt.org_id ${ATTENDANCE_COUNTS}
      WHERE ${where} ORDER BY mt.held_on DESC, mt.starts_at DESC NULLS LAST, mt.id DESC
      LIMIT ${Math.trunc(limit)} OFFSET ${Math.trunc(offset)}`,
    params,
  );
  return { total: c?.n ?? 0, rows };
}

export async function insertMeeting(
  db: Db,
  orgId: number,
  v: MeetingValues,
  createdBy: number | null,
): Promise<number> {
  const [r] = await db.query<{ id: number }>(
    `INSERT INTO meeting (org_id, kinds, held_on, starts_at, place, topic, host, recorder, lecturer, minutes,
                          resolutions, guests, party_group_id, created_by)
     VALUES ($1, $2::text[], $3, $4::time, $5, $6, $7, $8, $9, $10, $11, $12::text[], $13, $14) RETURNING id`,
    [orgId, ...meetingParams(v), createdBy],
  );
  return r!.id;
}

export async function updateMeetingRow(db: Db, id: number, v: MeetingValues): Promise<void> {
  await db.query(
    `UPDATE meeting SET kinds = $2::text[], held_on = $3, starts_at = $4::time, place = $5, topic = $6, host = $7,
            recorder = $8, lecturer = $9, minutes = $10, resolutions = $11, guests = $12::text[],
            party_group_id = $13, row_version = row_version + 1, updated_at = now()
      WHERE id = $1`,
    [id, ...meetingParams(v)],
  );
}

export async function deleteMeetingRow(db: Db, id: number): Promise<void> {
  // an appraisal meeting's grades go with it (decision 0030; each row audited)
  await db.query('DELETE FROM member_appraisal WHERE meeting_id = $1', [id]);
  await db.query('DELETE FROM meeting_vote WHERE meeting_id = $1', [id]);
  await db.query('DELETE FROM meeting_visitor WHERE meeting_id = $1', [id]);
  await db.query('DELETE FROM meeting_attendance WHERE meeting_id = $1', [id]);
  await db.query('DELETE FROM meeting WHERE id = $1', [id]);
}

/**
 * Deletes every meeting of the subtree at `path` with its attendance, votes and appraisal grades, set-based (the
 * caller sets the bulk flag: the row audit triggers stand aside and one chained entry records the counts; the
 * rollup's statement triggers still mark the orgs). Returns the counts and the orgs that had meetings.
 */
export async function bulkDeleteMeetings(
  db: Db,
  path: string,
): Promise<{
  meetings: number;
  attendance: number;
  visitors: number;
  votes: number;
  appraisals: number;
  orgIds: number[];
}> {
  await db.query(
    `CREATE TEMP TABLE IF NOT EXISTS doomed_meeting (id int PRIMARY KEY, org_id int NOT NULL) ON COMMIT DROP`,
  );
  await db.query('DELETE FROM doomed_meeting');
  await db.query(
    `INSERT INTO doomed_meeting (id, org_id)
     SELECT mt.id, mt.org_id FROM meeting mt JOIN org o ON o.id = mt.org_id WHERE o.path LIKE $1 || '%'`,
    [path],
  );
  const count = async (sql: string) => (await db.query<{ n: number }>(sql))[0]?.n ?? 0;
  const appraisals = await count(
    `WITH d AS (DELETE FROM member_appraisal a USING doomed_meeting x WHERE a.meeting_id = x.id RETURNING 1)
     SELECT count(*)::int AS n FROM d`,
  );
  const votes = await count(
    `WITH d AS (DELETE FROM meeting_vote v USING doomed_meeting x WHERE v.meeting_id = x.id RETURNING 1)
     SELECT count(*)::int AS n FROM d`,
  );
  const attendance = await count(
    `WITH d AS (DELETE FROM meeting_attendance a USING doomed_meeting x WHERE a.meeting_id = x.id RETURNING 1)
     SELECT count(*)::int AS n FROM d`,
  );
  const visitors = await count(
    `WITH d AS (DELETE FROM meeting_visitor v USING doomed_meeting x WHERE v.meeting_id = x.id RETURNING 1)
     SELECT count(*)::int AS n FROM d`,
  );
  const meetings = await count(
    `WITH d AS (DELETE FROM meeting m USING doomed_meeting x WHERE m.id = x.id RETURNING 1) SELECT count(*)::int AS n FROM d`,
  );
  const orgIds = (
    await db.query<{ id: number }>('SELECT DISTINCT org_id AS id FROM doomed_meeting ORDER BY 1')
  ).map((r) => r.id);
  return { meetings, attendance, visitors, votes, appraisals, orgIds };
}

export interface AttendanceRow {
  memberId: number;
  name: string;
  status: AttendanceStatus;
  reason: string | null;
}

/** A meeting's attendance, by name. */
export async function attendanceOf(db: Db, meetingId: number): Promise<AttendanceRow[]> {
  return db.query<AttendanceRow>(
    `SELECT ma.member_id AS "memberId", p.name, ma.status, ma.reason
       FROM meeting_attendance ma JOIN member m ON m.id = ma.member_id JOIN person p ON p.id = m.person_id
      WHERE ma.meeting_id = $1 ORDER BY p.name_pinyin, ma.member_id`,
    [meetingId],
  );
}

/**
 * Sets a meeting's attendance to exactly these rows: new ones inserted, changed ones updated, the others deleted
 * (each change audited by the row trigger; an unchanged row writes nothing). A meeting just inserted (`fresh`) has
 * nothing to delete: one round trip fewer.
 */
export async function writeAttendance(
  db: Db,
  meetingId: number,
  orgId: number,
  rows: readonly { memberId: number; status: AttendanceStatus; reason: string | null }[],
  fresh = false,
): Promise<void> {
  const ids = rows.map((r) => r.memberId);
  if (!fresh)
    await db.query(
      'DELETE FROM meeting_attendance WHERE meeting_id = $1 AND NOT (member_id = ANY($2::int[]))',
      [meetingId, ids],
    );
  if (!rows.length) return;
  await db.query(
    `INSERT INTO meeting_attendance (meeting_id, member_id, org_id, status, reason)
     SELECT $1, r.member_id, $2, r.status, r.reason
       FROM unnest($3::int[], $4::text[], $5::text[]) AS r(member_id, status, reason)
     ON CONFLICT (meeting_id, member_id) DO UPDATE SET status = excluded.status, reason = excluded.reason
      WHERE meeting_attendance.status IS DISTINCT FROM excluded.status
         OR meeting_attendance.reason IS DISTINCT FROM excluded.reason`,
    [meetingId, orgId, ids, rows.map((r) => r.status), rows.map((r) => r.reason)],
  );
}

export interface VisitorRow {
  memberId: number;
  name: string;
  /** the member's own org today */
  homeOrgName: string;
}

/** The visiting members (流入党员) who took part in a meeting, in name order. */
export async function visitorsOf(db: Db, meetingId: number): Promise<VisitorRow[]> {
  return db.query<VisitorRow>(
    `SELECT v.member_id AS "memberId", p.name, o.name AS "homeOrgName"
       FROM meeting_visitor v JOIN member m ON m.id = v.member_id JOIN person p ON p.id = m.person_id
       JOIN org o ON o.id = m.org_id
      WHERE v.meeting_id = $1 ORDER BY p.name_pinyin, v.member_id`,
    [meetingId],
  );
}

/**
 * Sets a meeting's visiting members to exactly these (each change audited by the row trigger). A meeting just
 * inserted (`fresh`) has none to delete.
 */
export async function writeVisitors(
  db: Db,
  meetingId: number,
  orgId: number,
  memberIds: readonly number[],
  fresh = false,
): Promise<void> {
  if (!fresh)
    await db.query('DELETE FROM meeting_visitor WHERE meeting_id = $1 AND NOT (member_id = ANY($2::int[]))', [
      meetingId,
      memberIds,
    ]);
  if (!memberIds.length) return;
  await db.query(
    `INSERT INTO meeting_visitor (meeting_id, member_id, org_id)
     SELECT $1, x, $2 FROM unnest($3::int[]) AS x ON CONFLICT (meeting_id, member_id) DO NOTHING`,
    [meetingId, orgId, memberIds],
  );
}

/**
 * The members of other orgs registered as away (流动党员) with this org as their host on the day, still full or
 * probationary members then: those who may be recorded as visitors at its meetings.
 */
export async function hostedOn(
  db: Db,
  orgId: number,
  on: IsoDate,
): Promise<{ memberId: number; name: string; homeOrgName: string; memberStatus: MemberStatus }[]> {
  return db.query(
    `SELECT x."memberId", x.name, x."homeOrgName", x."memberStatus" FROM (
       SELECT DISTINCT ON (m.id) m.id AS "memberId", p.name, p.name_pinyin, o.name AS "homeOrgName",
              per.status AS "memberStatus"
         FROM mobile_registration r JOIN member m ON m.id = r.member_id JOIN person p ON p.id = m.person_id
         JOIN member_period per ON per.member_id = m.id AND ${validOn('per', '$2')} AND ${onRoster('per.status')}
         JOIN org o ON o.id = per.org_id
        WHERE r.host_org_id = $1 AND per.org_id <> $1
          AND r.since <= $2::date AND (r.ended_on IS NULL OR r.ended_on > $2::date)
        ORDER BY m.id) x
      ORDER BY x.name_pinyin, x."memberId"`,
    [orgId, on],
  );
}

export interface VoteRow {
  subject: string;
  yes: number;
  no: number;
  abstain: number;
  entitled: number;
  presentVoters: number;
  outcome: 'passed' | 'rejected' | 'invalid';
  reason: string;
}

/** A meeting's votes, in the order entered. */
export async function votesOf(db: Db, meetingId: number): Promise<VoteRow[]> {
  return db.query<VoteRow>(
    `SELECT subject, yes, no, abstain, entitled, present_voters AS "presentVoters", outcome, reason
       FROM meeting_vote WHERE meeting_id = $1 ORDER BY position`,
    [meetingId],
  );
}

/**
 * Sets a meeting's votes to exactly these, by position: changed ones updated, new ones inserted, the rest deleted
 * (each change audited by the row trigger; an unchanged vote writes nothing). A meeting just inserted (`fresh`) has
 * none to delete.
 */
export async function writeVotes(
  db: Db,
  meetingId: number,
  orgId: number,
  rows: readonly VoteRow[],
  fresh = false,
): Promise<void> {
  if (!fresh)
    await db.query('DELETE FROM meeting_vote WHERE meeting_id = $1 AND position > $2', [
      meetingId,
      rows.length,
    ]);
  if (!rows.length) return;
  const col = <K extends keyof VoteRow>(k: K) => rows.map((r) => r[k]);
  await db.query(
    `INSERT INTO meeting_vote (meeting_id, org_id, position, subject, yes, no, abstain, entitled, present_voters,
                               outcome, reason)
     SELECT $1, $2, v.ord, v.subject, v.yes, v.no, v.abstain, v.entitled, v.present_voters, v.outcome, v.reason
       FROM unnest($3::text[], $4::int[], $5::int[], $6::int[], $7::int[], $8::int[], $9::text[], $10::text[])
              WITH ORDINALITY AS v(subject, yes, no, abstain, entitled, present_voters, outcome, reason, ord)
     ON CONFLICT (meeting_id, position) DO UPDATE SET subject = excluded.subject, yes = excluded.yes,
            no = excluded.no, abstain = excluded.abstain, entitled = excluded.entitled,
            present_voters = excluded.present_voters, outcome = excluded.outcome, reason = excluded.reason
      WHERE (meeting_vote.subject, meeting_vote.yes, meeting_vote.no, meeting_vote.abstain, meeting_vote.entitled,
             meeting_vote.present_voters, meeting_vote.outcome, meeting_vote.reason)
            IS DISTINCT FROM (excluded.subject, excluded.yes, excluded.no, excluded.abstain, excluded.entitled,
             excluded.present_voters, excluded.outcome, excluded.reason)`,
    [
      meetingId,
      orgId,
      col('subject'),
      col('yes'),
      col('no'),
      col('abstain'),
      col('entitled'),
      col('presentVoters'),
      col('outcome'),
      col('reason'),
    ],
  );
}

export interface ExpectedPerson {
  memberId: number;
  name: string;
  memberStatus: MemberStatus;
  post: CommitteePost | null;
  /** on the org's own roster that day (else only a committee post holder) */
  onOwnRoster: boolean;
}

/**
 * Who may be expected at a meeting of the org on a day: the members on its own roster that day, and the holders
 * of its committee posts that day (a committee member may be on the roster of a branch below a general branch),
 * each once, committee first (secretary, deputy, members) and then by name.
 */
export async function peopleOn(db: Db, orgId: number, on: IsoDate): Promise<ExpectedPerson[]> {
  return db.query<ExpectedPerson>(
    `WITH roster AS (
       SELECT per.member_id, per.status FROM member_period per
        WHERE per.org_id = $1 AND ${validOn('per', '$2')} AND ${onRoster('per.status')}),
     posts AS (
       SELECT DISTINCT ON (c.member_id) c.member_id, c.post FROM committee_post c
        WHERE c.org_id = $1 AND c.start_on <= $2::date AND (c.end_on IS NULL OR c.end_on > $2::date)
        ORDER BY c.member_id, CASE c.post WHEN 'secretary' THEN 0 WHEN 'deputy_secretary' THEN 1 ELSE 2 END),
     people AS (
       SELECT coalesce(r.member_id, po.member_id) AS member_id, r.status, po.post
         FROM roster r FULL JOIN posts po ON po.member_id = r.member_id)
     SELECT pe.member_id AS "memberId", p.name,
            coalesce(pe.status, (SELECT per.status FROM member_period per
                                  WHERE per.member_id = pe.member_id AND ${validOn('per', '$2')} LIMIT 1), m.status)
              AS "memberStatus",
            pe.post, (pe.status IS NOT NULL) AS "onOwnRoster"
       FROM people pe JOIN member m ON m.id = pe.member_id JOIN person p ON p.id = m.person_id
      ORDER BY CASE pe.post WHEN 'secretary' THEN 0 WHEN 'deputy_secretary' THEN 1 WHEN 'committee_member' THEN 2 ELSE 3 END,
               p.name_pinyin, pe.member_id`,
    [orgId, on],
  );
}

/** Whether the org existed (had a version valid) on the day. */
export async function orgExistedOn(db: Db, orgId: number, on: IsoDate): Promise<boolean> {
  const r = await db.query(`SELECT 1 FROM org_version v WHERE v.org_id = $1 AND ${validOn('v', '$2')}`, [
    orgId,
    on,
  ]);
  return r.length > 0;
}

// ------------------------------------------------------------------------------------------------ compliance

export interface LifeFactRow {
  /** `org`: the org's code and name; `span`: in the subtree, with its kind; `pop`: members on its own roster (n);
   * `com`: committee posts filled (n); `grp`: members in its party groups (n); `talk`: per year, the members on
   * its roster on the first and last day (n) and how many had a heart talk with a committee member (info); `held`: the months a kind of meeting was held */
  what: 'org' | 'span' | 'pop' | 'com' | 'grp' | 'talk' | 'held';
  orgId: number;
  f: IsoDate | null;
  t: IsoDate | null;
  /** the kind of org (span), of meeting (held), or the org's code (org) */
  info: string | null;
  n: number | null;
  /** held: the months ('2026-03'); org: [name, path] */
  list: string[] | null;
}

/**
 * Everything compliance is judged from, for every org of the subtree under `rootId` over the days [from, end), in
 * one query: the spans each org was in the subtree (a walk over the org versions overlapping the days, each span
 * cut to its parent's), the spans its own roster was not empty and how many committee posts it had filled (running
 * counts over the change points, from the count on the first day), the spans someone was in one of its party
 * groups, and per kind the months with a meeting.
 */
export async function lifeFacts(db: Db, rootId: number, from: IsoDate, end: IsoDate): Promise<LifeFactRow[]> {
  const inf = `'infinity'::date`;
  return db.query<LifeFactRow>(
    lifeFactsSql(`WITH RECURSIVE sub(org_id, f, t, kind) AS (
       SELECT r.org_id, greatest(r.valid_from, $2::date), least(coalesce(r.valid_to, ${inf}), $3::date), r.kind
         FROM org_version r
        WHERE r.org_id = $1 AND r.valid_from < $3::date AND coalesce(r.valid_to, ${inf}) > $2::date
       UNION ALL
       SELECT v.org_id, greatest(v.valid_from, sub.f), least(coalesce(v.valid_to, ${inf}), sub.t), v.kind
         FROM org_version v JOIN sub ON v.parent_id = sub.org_id
        WHERE v.valid_from < sub.t AND coalesce(v.valid_to, ${inf}) > sub.f),`),
    [rootId, from, end],
  );
}

/**
 * The same facts for a set of orgs, each on its own (decision 0024): every span the org existed over the days,
 * whatever its parent — the facts of its own cells in the rollup.
 */
export async function lifeFactsOf(
  db: Db,
  orgIds: readonly number[],
  from: IsoDate,
  end: IsoDate,
): Promise<LifeFactRow[]> {
  if (!orgIds.length) return [];
  const inf = `'infinity'::date`;
  return db.query<LifeFactRow>(
    lifeFactsSql(`WITH RECURSIVE sub(org_id, f, t, kind) AS (
       SELECT v.org_id, greatest(v.valid_from, $2::date), least(coalesce(v.valid_to, ${inf}), $3::date), v.kind
         FROM org_version v
        WHERE v.org_id = ANY($1::int[]) AND v.valid_from < $3::date AND coalesce(v.valid_to, ${inf}) > $2::date),`),
    [orgIds, from, end],
  );
}

/**
 * The same facts for every org whose id is in [lo, hi] (a rebuild's batch: a run of the orgs in id order), each on
 * its own as lifeFactsOf. The org versions and the heart talks are read by the range of ids (index range scans:
 * with a list the planner read every org version, and it joined every talk of the database before the list).
 */
export async function lifeFactsOfRange(
  db: Db,
  lo: number,
  hi: number,
  from: IsoDate,
  end: IsoDate,
): Promise<LifeFactRow[]> {
  const inf = `'infinity'::date`;
  return db.query<LifeFactRow>(
    lifeFactsSql(
      `WITH RECURSIVE sub(org_id, f, t, kind) AS (
       SELECT v.org_id, greatest(v.valid_from, $2::date), least(coalesce(v.valid_to, ${inf}), $3::date), v.kind
         FROM org_version v
        WHERE v.org_id BETWEEN $1::int AND $4::int AND v.valid_from < $3::date
          AND coalesce(v.valid_to, ${inf}) > $2::date),`,
      (col) => `AND ${col} BETWEEN $1::int AND $4::int`,
    ),
    [lo, from, end, hi],
  );
}

/**
 * lifeFacts' query after its `sub(org_id, f, t, kind)` (the orgs' spans over the days [$2, $3)); `within`: a
 * condition on the heart talks' org id that holds for every org of `sub` (a range of ids), for the planner. Only
 * there: put on the roster too, the range multiplied into the join's estimate made it a few rows where there were
 * 35,000, and the planner joined the members owed a talk with those who had one by a nested loop — 336 s for one
 * batch (decision 0044, session 14).
 */
function lifeFactsSql(sub: string, within: (col: string) => string = () => ''): string {
  return `${sub}
     ids AS MATERIALIZED (SELECT DISTINCT org_id FROM sub),
     -- the roster periods and committee posts overlapping the days, read once each
     pp AS MATERIALIZED (
       SELECT per.org_id, per.member_id, per.valid_from AS f, per.valid_to AS t
         FROM member_period per JOIN ids ON ids.org_id = per.org_id
        WHERE ${onRoster('per.status')} AND per.valid_from < $3::date
          AND (per.valid_to IS NULL OR per.valid_to > $2::date)),
     cp AS MATERIALIZED (
       SELECT c.org_id, c.start_on AS f, c.end_on AS t
         FROM committee_post c JOIN ids ON ids.org_id = c.org_id
        WHERE c.start_on < $3::date AND (c.end_on IS NULL OR c.end_on > $2::date)),
     -- party-group memberships (decision 0018): the org has groups while someone is in one of them
     gp AS MATERIALIZED (
       SELECT gm.org_id, gm.valid_from AS f, gm.valid_to AS t
         FROM party_group_member gm JOIN ids ON ids.org_id = gm.org_id
        WHERE gm.valid_from < $3::date AND (gm.valid_to IS NULL OR gm.valid_to > $2::date)),
     -- the count on the first day (a hash aggregate), then +1 and -1 where one begins or ends within the days
     ev AS (
       SELECT 'pop' AS what, org_id, $2::date AS d, count(*)::int AS delta FROM pp WHERE f <= $2::date GROUP BY org_id
       UNION ALL SELECT 'pop', org_id, f, 1 FROM pp WHERE f > $2::date
       UNION ALL SELECT 'pop', org_id, t, -1 FROM pp WHERE t < $3::date
       UNION ALL
       SELECT 'com', org_id, $2::date, count(*)::int FROM cp WHERE f <= $2::date GROUP BY org_id
       UNION ALL SELECT 'com', org_id, f, 1 FROM cp WHERE f > $2::date
       UNION ALL SELECT 'com', org_id, t, -1 FROM cp WHERE t < $3::date
       UNION ALL
       SELECT 'grp', org_id, $2::date, count(*)::int FROM gp WHERE f <= $2::date GROUP BY org_id
       UNION ALL SELECT 'grp', org_id, f, 1 FROM gp WHERE f > $2::date
       UNION ALL SELECT 'grp', org_id, t, -1 FROM gp WHERE t < $3::date),
     evd AS (SELECT what, org_id, d, sum(delta)::int AS delta FROM ev GROUP BY what, org_id, d),
     -- heart talks (decision 0018): per org and calendar year (cut to the days), the members on its roster on the
     -- first and the last day (both periods are among pp's, which overlap the days), and how many of them had a talk
     -- with a committee member (a post holder that day). Set-based: the talks of the year are read once per org,
     -- not once per member (a correlated subquery per member made the planner's estimate, and so JIT, explode).
     years AS (
       SELECT make_date(y, 1, 1) AS ys, greatest(make_date(y, 1, 1), $2::date) AS f,
              least(make_date(y + 1, 1, 1), $3::date) AS t
         FROM generate_series(extract(year FROM $2::date)::int, extract(year FROM $3::date - 1)::int) AS y),
     -- the parties of the orgs' talks of the days' years, each with whether they held a committee post of the org
     -- that day (a talk counts for a party when another party did); talks of the orgs only, read through the orgs
     tp AS MATERIALIZED (
       SELECT ht.org_id, ht.id, hp.member_id, date_trunc('year', ht.held_on)::date AS ys,
              EXISTS (SELECT 1 FROM committee_post c
                       WHERE c.member_id = hp.member_id AND c.org_id = ht.org_id
                         AND c.start_on <= ht.held_on AND (c.end_on IS NULL OR c.end_on > ht.held_on)) AS com
         FROM ids JOIN heart_talk ht ON ht.org_id = ids.org_id
         JOIN heart_talk_party hp ON hp.talk_id = ht.id
        WHERE ht.held_on >= date_trunc('year', $2::date) AND ht.held_on < $3::date ${within('ht.org_id')}),
     talked AS (
       SELECT DISTINCT org_id, member_id, ys FROM (
         SELECT org_id, member_id, ys, count(*) FILTER (WHERE com) OVER (PARTITION BY id) - com::int AS others
           FROM tp) x
        WHERE others > 0),
     -- only orgs with a talk in the days can have a year in which every member owed had one
     owed AS (
       SELECT a.org_id, a.member_id, y.ys
         FROM pp a JOIN years y ON a.f <= y.f AND (a.t IS NULL OR a.t > y.f)
        WHERE EXISTS (SELECT 1 FROM pp b WHERE b.org_id = a.org_id AND b.member_id = a.member_id
                         AND b.f <= y.t - 1 AND (b.t IS NULL OR b.t > y.t - 1))
          AND a.org_id IN (SELECT org_id FROM tp)),
     -- per org and year: the members owed (each roster period counted), and how many of them had a talk — summed
     -- over the union of both lists rather than joined (no join for the planner to misjudge)
     tk AS (
       SELECT org_id, ys, sum(o)::int AS owed, sum(o * k)::int AS talked FROM (
         SELECT org_id, member_id, ys, sum(o) AS o, max(k) AS k FROM (
           SELECT org_id, member_id, ys, 1 AS o, 0 AS k FROM owed
           UNION ALL SELECT org_id, member_id, ys, 0, 1 FROM talked) u
          GROUP BY org_id, member_id, ys) g
        WHERE o > 0
        GROUP BY org_id, ys),
     run AS (
       SELECT what, org_id, d, sum(delta) OVER w AS n, lead(d) OVER w AS nxt FROM evd
       WINDOW w AS (PARTITION BY what, org_id ORDER BY d))
     SELECT 'span' AS what, s.org_id AS "orgId", s.f::text AS f, s.t::text AS t, s.kind AS info, NULL::int AS n,
            NULL::text[] AS list
       FROM sub s
     UNION ALL
     SELECT r.what, r.org_id, r.d::text, coalesce(r.nxt, $3::date)::text, NULL, r.n::int, NULL
       FROM run r WHERE r.n > 0
     UNION ALL
     SELECT 'held', h.org_id, NULL, NULL, h.kind, NULL, array_agg(h.month)
       FROM (SELECT mt.org_id, k.kind, to_char(mt.held_on, 'YYYY-MM') AS month
               FROM meeting mt JOIN ids ON ids.org_id = mt.org_id CROSS JOIN LATERAL unnest(mt.kinds) AS k(kind)
              WHERE mt.held_on >= $2::date AND mt.held_on < $3::date AND ${meetingCounts('mt')}
              GROUP BY 1, 2, 3) h
      GROUP BY h.org_id, h.kind
     UNION ALL
     SELECT 'talk', tk.org_id, greatest(tk.ys, $2::date)::text, least((tk.ys + interval '1 year')::date, $3::date)::text,
            tk.talked::text, tk.owed, NULL FROM tk
     UNION ALL
     SELECT 'org', o.id, NULL, NULL, o.code, NULL, ARRAY[o.name, o.path]
       FROM org o JOIN ids ON ids.org_id = o.id`;
}

export type { OrgKind };

/** Per org: its last meeting (day and topic) and the end of its committee's latest term (the secretary's home). */
export async function lastMeetingsAndTerms(
  db: Db,
  orgIds: readonly number[],
): Promise<
  { orgId: number; lastHeldOn: IsoDate | null; lastTopic: string | null; termEndsOn: IsoDate | null }[]
> {
  if (!orgIds.length) return [];
  return db.query(
    `SELECT ids.id AS "orgId", lm.held_on::text AS "lastHeldOn", lm.topic AS "lastTopic",
            lt.term_ends_on::text AS "termEndsOn"
       FROM unnest($1::int[]) AS ids(id)
       LEFT JOIN LATERAL (SELECT mt.held_on, mt.topic FROM meeting mt WHERE mt.org_id = ids.id
                           ORDER BY mt.held_on DESC, mt.id DESC LIMIT 1) lm ON true
       LEFT JOIN LATERAL (SELECT t.term_ends_on FROM org_term t WHERE t.org_id = ids.id
                           ORDER BY t.elected_on DESC LIMIT 1) lt ON true`,
    [orgIds],
  );
}
