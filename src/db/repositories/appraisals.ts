/**
 * SQL for the democratic appraisal's results (民主评议党员, decisions 0023 and 0030): who is appraised at a meeting,
 * the grades, a member's results by year, the year's state per org of a subtree and the follow-ups still to do.
 */
import type { Db } from '../client.js';
import type { IsoDate } from '../../shared/dates.js';
import type { AppraisalFollowUp, AppraisalGrade } from '../../domain/member/appraisal.js';
import { validOn } from '../intervals.js';
import { onRoster } from '../sql.js';

export interface AppraiseeRow {
  memberId: number;
  name: string;
  /** the member's status on the org's roster that day: full or probationary */
  status: string;
  /** present / excused / absent at the meeting, null when not in its attendance */
  attendance: string | null;
  appraisalId: number | null;
  grade: AppraisalGrade | null;
  followUp: AppraisalFollowUp | null;
  /** graded this year at another meeting (another org's, or another of this org's) */
  elsewhere: string | null;
}

/**
 * The people appraised at a meeting: the org's own roster on the meeting's day (a committee member from below is
 * appraised in their own branch), with their attendance there and the result recorded, if any.
 */
export async function appraiseesOf(
  db: Db,
  m: { id: number; orgId: number; heldOn: IsoDate },
): Promise<AppraiseeRow[]> {
  return db.query<AppraiseeRow>(
    `SELECT per.member_id AS "memberId", p.name, per.status, ma.status AS attendance,
            a.id AS "appraisalId", a.grade, a.follow_up AS "followUp",
            (SELECT o2.name || '（' || to_char(mt2.held_on, 'YYYY-MM-DD') || '）'
               FROM member_appraisal a2 JOIN meeting mt2 ON mt2.id = a2.meeting_id JOIN org o2 ON o2.id = a2.org_id
              WHERE a2.member_id = per.member_id AND a2.year = extract(year FROM $3::date) AND a2.meeting_id <> $1
              LIMIT 1) AS elsewhere
       FROM member_period per JOIN member m ON m.id = per.member_id JOIN person p ON p.id = m.person_id
       LEFT JOIN meeting_attendance ma ON ma.meeting_id = $1 AND ma.member_id = per.member_id
       LEFT JOIN member_appraisal a ON a.meeting_id = $1 AND a.member_id = per.member_id
      WHERE per.org_id = $2 AND ${validOn('per', '$3')} AND ${onRoster('per.status')}
      ORDER BY p.name_pinyin, per.member_id`,
    [m.id, m.orgId, m.heldOn],
  );
}

/** The results recorded at a meeting (also those no longer on the day's roster, e.g. after a correction). */
export async function appraisalsAt(
  db: Db,
  meetingId: number,
): Promise<{ id: number; memberId: number; grade: AppraisalGrade | null }[]> {
  return db.query(
    `SELECT id, member_id AS "memberId", grade FROM member_appraisal WHERE meeting_id = $1 ORDER BY member_id`,
    [meetingId],
  );
}

/**
 * Sets a meeting's results to exactly these: new ones inserted, changed grades updated (a grade that is no longer
 * 不合格 drops its follow-up), the others deleted. Each change audited by the row trigger.
 */
export async function writeAppraisals(
  db: Db,
  m: { id: number; orgId: number; year: number },
  rows: readonly { memberId: number; grade: AppraisalGrade | null }[],
  createdBy: number | null,
): Promise<void> {
  const ids = rows.map((r) => r.memberId);
  await db.query(`DELETE FROM member_appraisal WHERE meeting_id = $1 AND NOT (member_id = ANY($2::int[]))`, [
    m.id,
    ids,
  ]);
  await db.query(
    `UPDATE member_appraisal a SET grade = x.grade,
            follow_up = CASE WHEN x.grade = 'unqualified' THEN a.follow_up END,
            follow_up_on = CASE WHEN x.grade = 'unqualified' THEN a.follow_up_on END,
            follow_up_until = CASE WHEN x.grade = 'unqualified' THEN a.follow_up_until END,
            follow_up_note = CASE WHEN x.grade = 'unqualified' THEN a.follow_up_note END
       FROM unnest($2::int[], $3::text[]) AS x(member_id, grade)
      WHERE a.meeting_id = $1 AND a.member_id = x.member_id AND a.grade IS DISTINCT FROM x.grade`,
    [m.id, ids, rows.map((r) => r.grade)],
  );
  await db.query(
    `INSERT INTO member_appraisal (meeting_id, org_id, member_id, year, grade, created_by)
     SELECT $1, $2, x.member_id, $3, x.grade, $6
       FROM unnest($4::int[], $5::text[]) AS x(member_id, grade)
      WHERE NOT EXISTS (SELECT 1 FROM member_appraisal a WHERE a.meeting_id = $1 AND a.member_id = x.member_id)`,
    [m.id, m.orgId, m.year, ids, rows.map((r) => r.grade), createdBy],
  );
}

export async function deleteAppraisalsAt(db: Db, meetingId: number): Promise<void> {
  await db.query('DELETE FROM member_appraisal WHERE meeting_id = $1', [meetingId]);
}

export interface AppraisalRow {
  id: number;
  meetingId: number;
  orgId: number;
  orgCode: string;
  orgName: string;
  orgPath: string;
  memberId: number;
  year: number;
  heldOn: IsoDate;
  grade: AppraisalGrade | null;
  followUp: AppraisalFollowUp | null;
  followUpOn: IsoDate | null;
  followUpUntil: IsoDate | null;
  followUpNote: string | null;
}

const APPRAISAL_COLS = `a.id, a.meeting_id AS "meetingId", a.org_id AS "orgId", o.code AS "orgCode", o.name AS "orgName",
  o.path AS "orgPath", a.member_id AS "memberId", a.year::int AS year, mt.held_on::text AS "heldOn", a.grade,
  a.follow_up AS "followUp", a.follow_up_on::text AS "followUpOn", a.follow_up_until::text AS "followUpUntil",
  a.follow_up_note AS "followUpNote"`;

export async function appraisalById(db: Db, id: number, lock = false): Promise<AppraisalRow | null> {
  if (lock) await db.query('SELECT id FROM member_appraisal WHERE id = $1 FOR UPDATE', [id]);
  const rows = await db.query<AppraisalRow>(
    `SELECT ${APPRAISAL_COLS} FROM member_appraisal a JOIN meeting mt ON mt.id = a.meeting_id JOIN org o ON o.id = a.org_id
      WHERE a.id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

/** A member's results, newest year first. */
export async function appraisalsOfMember(db: Db, memberId: number): Promise<AppraisalRow[]> {
  return db.query<AppraisalRow>(
    `SELECT ${APPRAISAL_COLS} FROM member_appraisal a JOIN meeting mt ON mt.id = a.meeting_id JOIN org o ON o.id = a.org_id
      WHERE a.member_id = $1 ORDER BY a.year DESC`,
    [memberId],
  );
}

export async function writeFollowUp(
  db: Db,
  id: number,
  f: { followUp: AppraisalFollowUp | null; on: IsoDate | null; until: IsoDate | null; note: string | null },
): Promise<void> {
  await db.query(
    `UPDATE member_appraisal SET follow_up = $2, follow_up_on = $3, follow_up_until = $4, follow_up_note = $5
      WHERE id = $1`,
    [id, f.followUp, f.on, f.until, f.note],
  );
}

export interface OrgAppraisalRow {
  orgId: number;
  /** the org's 民主评议党员 meetings of the year */
  meetings: { id: number; heldOn: IsoDate }[];
  graded: number;
  ungraded: number;
  excellent: number;
  qualified: number;
  basicallyQualified: number;
  unqualified: number;
}

/** Per org of these: the year's appraisal meetings and the results recorded at them. */
export async function orgAppraisalYear(
  db: Db,
  orgIds: readonly number[],
  year: number,
): Promise<OrgAppraisalRow[]> {
  if (!orgIds.length) return [];
  return db.query<OrgAppraisalRow>(
    `SELECT o.id AS "orgId",
            coalesce((SELECT json_agg(json_build_object('id', mt.id, 'heldOn', mt.held_on::text) ORDER BY mt.held_on, mt.id)
                        FROM meeting mt
                       WHERE mt.org_id = o.id AND 'appraisal_meeting' = ANY(mt.kinds)
                         AND mt.held_on >= make_date($2, 1, 1) AND mt.held_on < make_date($2 + 1, 1, 1)), '[]'::json)
              AS meetings,
            coalesce(g.graded, 0) AS graded, coalesce(g.ungraded, 0) AS ungraded,
            coalesce(g.excellent, 0) AS excellent, coalesce(g.qualified, 0) AS qualified,
            coalesce(g.basically_qualified, 0) AS "basicallyQualified", coalesce(g.unqualified, 0) AS unqualified
       FROM unnest($1::int[]) AS o(id)
       LEFT JOIN LATERAL (
         SELECT (count(*) FILTER (WHERE a.grade IS NOT NULL))::int AS graded,
                (count(*) FILTER (WHERE a.grade IS NULL))::int AS ungraded,
                (count(*) FILTER (WHERE a.grade = 'excellent'))::int AS excellent,
                (count(*) FILTER (WHERE a.grade = 'qualified'))::int AS qualified,
                (count(*) FILTER (WHERE a.grade = 'basically_qualified'))::int AS basically_qualified,
                (count(*) FILTER (WHERE a.grade = 'unqualified'))::int AS unqualified
           FROM member_appraisal a WHERE a.org_id = o.id AND a.year = $2) g ON true`,
    [orgIds, year],
  );
}

export interface FollowUpFactRow extends AppraisalRow {
  name: string;
  /** a heart talk with a committee member of the org after the appraisal (帮助改进 for 基本合格) */
  talkedOn: IsoDate | null;
  /** a status decision of the follow-up's kind entered on or after the follow-up (劝退 / 除名) */
  decidedOn: IsoDate | null;
  /** the member's grade of a later year, if any (a rectification is judged again by the next appraisal) */
  laterGrade: AppraisalGrade | null;
  /** still on a roster today (a member who left needs nothing more) */
  onRoster: boolean;
}

/**
 * The results that may call for a follow-up (基本合格 and 不合格) recorded at these orgs since `sinceYear`, with what
 * discharges each: a later heart talk with a committee member, a status decision, a later year's grade.
 */
export async function followUpFacts(
  db: Db,
  orgIds: readonly number[],
  sinceYear: number,
  today: IsoDate,
): Promise<FollowUpFactRow[]> {
  if (!orgIds.length) return [];
  return db.query<FollowUpFactRow>(
    `SELECT ${APPRAISAL_COLS}, p.name,
            (SELECT min(ht.held_on)::text FROM heart_talk_party hp JOIN heart_talk ht ON ht.id = hp.talk_id
              WHERE hp.member_id = a.member_id AND ht.org_id = a.org_id AND ht.held_on >= mt.held_on
                AND EXISTS (SELECT 1 FROM heart_talk_party hp2 JOIN committee_post c
                              ON c.member_id = hp2.member_id AND c.org_id = ht.org_id
                             AND c.start_on <= ht.held_on AND (c.end_on IS NULL OR c.end_on > ht.held_on)
                             WHERE hp2.talk_id = ht.id AND hp2.member_id <> hp.member_id)) AS "talkedOn",
            (SELECT min(d.decided_on)::text FROM member_decision d
              WHERE d.member_id = a.member_id AND d.kind = a.follow_up AND d.decided_on >= a.follow_up_on) AS "decidedOn",
            (SELECT a3.grade FROM member_appraisal a3 WHERE a3.member_id = a.member_id AND a3.year > a.year
              ORDER BY a3.year LIMIT 1) AS "laterGrade",
            EXISTS (SELECT 1 FROM member_period per WHERE per.member_id = a.member_id AND ${validOn('per', '$3')}
                       AND ${onRoster('per.status')}) AS "onRoster"
       FROM member_appraisal a JOIN meeting mt ON mt.id = a.meeting_id JOIN org o ON o.id = a.org_id
       JOIN member m ON m.id = a.member_id JOIN person p ON p.id = m.person_id
      WHERE a.org_id = ANY($1::int[]) AND a.year >= $2 AND a.grade IN ('basically_qualified', 'unqualified')
      ORDER BY o.path, a.year DESC, p.name_pinyin`,
    [orgIds, sinceYear, today],
  );
}
