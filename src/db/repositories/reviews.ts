/**
 * SQL for the secretaries' 述职评议 (decision 0037): a committee's round of a year, the secretaries who report
 * (the orgs directly below it on the round's day, with their secretary in post that day), their entries, the
 * results of an org by year, the rounds held in a subtree, and the 差 grades a screening year points to.
 */
import type { Db } from '../client.js';
import type { IsoDate } from '../../shared/dates.js';
import type { ReviewGrade } from '../../domain/reviews/secretary-review.js';
import { validOn } from '../intervals.js';

export interface ReviewRow {
  id: number;
  orgId: number;
  year: number;
  asOf: IsoDate;
  heldOn: IsoDate | null;
  participants: number | null;
  note: string;
}

const REVIEW_COLS = `r.id, r.org_id AS "orgId", r.year::int AS year, r.as_of::text AS "asOf", r.held_on::text AS "heldOn",
  r.participants, r.note`;

export async function reviewOf(db: Db, orgId: number, year: number, lock = false): Promise<ReviewRow | null> {
  const rows = await db.query<ReviewRow>(
    `SELECT ${REVIEW_COLS} FROM secretary_review r WHERE r.org_id = $1 AND r.year = $2${lock ? ' FOR UPDATE' : ''}`,
    [orgId, year],
  );
  return rows[0] ?? null;
}

/** Opens a committee's round of a year, or changes its list day, meeting and note. */
export async function writeReview(db: Db, r: Omit<ReviewRow, 'id'>, createdBy: number | null): Promise<void> {
  await db.query(
    `INSERT INTO secretary_review (org_id, year, as_of, held_on, participants, note, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (org_id, year) DO UPDATE SET as_of = EXCLUDED.as_of, held_on = EXCLUDED.held_on,
       participants = EXCLUDED.participants, note = EXCLUDED.note`,
    [r.orgId, r.year, r.asOf, r.heldOn, r.participants, r.note, createdBy],
  );
}

export interface ReporterRow {
  orgId: number;
  orgCode: string;
  orgName: string;
  orgPath: string;
  /** the secretary in post on the day; null: vacant */
  memberId: number | null;
  name: string | null;
}

/**
 * The orgs directly below a committee on a day (by the tree of that day), each with its secretary in post that day
 * (none: the post is vacant), in the tree's order.
 */
export async function reportersOn(db: Db, orgId: number, on: IsoDate): Promise<ReporterRow[]> {
  return db.query<ReporterRow>(
    `SELECT o.id AS "orgId", o.code AS "orgCode", v.name AS "orgName", o.path AS "orgPath",
            s.member_id AS "memberId", s.name
       FROM org_version v JOIN org o ON o.id = v.org_id
       LEFT JOIN LATERAL (
         SELECT c.member_id, p.name FROM committee_post c JOIN member m ON m.id = c.member_id
           JOIN person p ON p.id = m.person_id
          WHERE c.org_id = o.id AND c.post = 'secretary' AND c.start_on <= $2::date
            AND (c.end_on IS NULL OR c.end_on > $2::date)
          ORDER BY c.start_on DESC, c.id DESC LIMIT 1) s ON true
      WHERE v.parent_id = $1 AND ${validOn('v', '$2')}
      ORDER BY o.sort_order, o.code`,
    [orgId, on],
  );
}

export interface EntryRow {
  id: number;
  reviewId: number;
  orgId: number;
  memberId: number;
  name: string;
  report: string;
  votesGood: number | null;
  votesFairlyGood: number | null;
  votesAverage: number | null;
  votesPoor: number | null;
  suggested: ReviewGrade | null;
  grade: ReviewGrade | null;
  gradeNote: string;
  problems: string;
  rectification: string[];
  talkOn: IsoDate | null;
  talkNote: string | null;
  adjustOn: IsoDate | null;
  adjustNote: string | null;
  screenOn: IsoDate | null;
  screenNote: string | null;
}

const ENTRY_COLS = `e.id, e.review_id AS "reviewId", e.org_id AS "orgId", e.member_id AS "memberId", p.name, e.report,
  e.votes_good AS "votesGood", e.votes_fairly_good AS "votesFairlyGood", e.votes_average AS "votesAverage",
  e.votes_poor AS "votesPoor", e.suggested, e.grade, e.grade_note AS "gradeNote", e.problems, e.rectification,
  e.talk_on::text AS "talkOn", e.talk_note AS "talkNote", e.adjust_on::text AS "adjustOn", e.adjust_note AS "adjustNote",
  e.screen_on::text AS "screenOn", e.screen_note AS "screenNote"`;
const ENTRY_FROM = `secretary_review_entry e JOIN member m ON m.id = e.member_id JOIN person p ON p.id = m.person_id`;

export async function entriesOf(db: Db, reviewId: number): Promise<EntryRow[]> {
  return db.query<EntryRow>(`SELECT ${ENTRY_COLS} FROM ${ENTRY_FROM} WHERE e.review_id = $1 ORDER BY e.id`, [
    reviewId,
  ]);
}

export interface EntryWrite {
  memberId: number;
  report: string;
  votes: [number, number, number, number] | null;
  suggested: ReviewGrade | null;
  grade: ReviewGrade | null;
  gradeNote: string;
  problems: string;
  rectification: string[];
}

/** Writes a secretary's report, tally, grade, problems and rectification items (the follow-ups are kept). */
export async function writeEntry(
  db: Db,
  reviewId: number,
  orgId: number,
  e: EntryWrite,
  createdBy: number | null,
): Promise<void> {
  const v = e.votes ?? [null, null, null, null];
  await db.query(
    `INSERT INTO secretary_review_entry (review_id, org_id, member_id, report, votes_good, votes_fairly_good,
            votes_average, votes_poor, suggested, grade, grade_note, problems, rectification, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb, $14)
     ON CONFLICT (review_id, org_id) DO UPDATE SET member_id = EXCLUDED.member_id, report = EXCLUDED.report,
       votes_good = EXCLUDED.votes_good, votes_fairly_good = EXCLUDED.votes_fairly_good,
       votes_average = EXCLUDED.votes_average, votes_poor = EXCLUDED.votes_poor, suggested = EXCLUDED.suggested,
       grade = EXCLUDED.grade, grade_note = EXCLUDED.grade_note, problems = EXCLUDED.problems,
       rectification = EXCLUDED.rectification`,
    [
      reviewId,
      orgId,
      e.memberId,
      e.report,
      v[0],
      v[1],
      v[2],
      v[3],
      e.suggested,
      e.grade,
      e.gradeNote,
      e.problems,
      JSON.stringify(e.rectification),
      createdBy,
    ],
  );
}

/** Records (or clears) a follow-up people decided: the talk, the view on adjusting, the view on screening. */
export async function writeEntryFollowUp(
  db: Db,
  reviewId: number,
  orgId: number,
  kind: 'talk' | 'adjust' | 'screen',
  on: IsoDate | null,
  note: string | null,
): Promise<number> {
  const rows = await db.query<{ id: number }>(
    `UPDATE secretary_review_entry SET ${kind}_on = $3, ${kind}_note = $4
      WHERE review_id = $1 AND org_id = $2 RETURNING id`,
    [reviewId, orgId, on, note],
  );
  return rows.length;
}

export interface OrgResultRow extends EntryRow {
  year: number;
  heldOn: IsoDate | null;
  reviewerCode: string;
  reviewerName: string;
}

/** The results of an org's secretaries, newest year first, with the committee that reviewed them. */
export async function resultsOfOrg(db: Db, orgId: number): Promise<OrgResultRow[]> {
  return db.query<OrgResultRow>(
    `SELECT ${ENTRY_COLS}, r.year::int AS year, r.held_on::text AS "heldOn", ro.code AS "reviewerCode",
            ro.name AS "reviewerName"
       FROM ${ENTRY_FROM} JOIN secretary_review r ON r.id = e.review_id JOIN org ro ON ro.id = r.org_id
      WHERE e.org_id = $1 ORDER BY r.year DESC`,
    [orgId],
  );
}

export interface SubRoundRow {
  orgCode: string;
  orgName: string;
  orgPath: string;
  heldOn: IsoDate | null;
  entries: number;
  graded: number;
  good: number;
  fairlyGood: number;
  average: number;
  poor: number;
}

/** The rounds of a year held by the committees strictly below a path, with their grade counts. */
export async function roundsBelow(db: Db, path: string, year: number): Promise<SubRoundRow[]> {
  return db.query<SubRoundRow>(
    `SELECT o.code AS "orgCode", o.name AS "orgName", o.path AS "orgPath", r.held_on::text AS "heldOn",
            count(e.id)::int AS entries, count(e.grade)::int AS graded,
            count(*) FILTER (WHERE e.grade = 'good')::int AS good,
            count(*) FILTER (WHERE e.grade = 'fairly_good')::int AS "fairlyGood",
            count(*) FILTER (WHERE e.grade = 'average')::int AS average,
            count(*) FILTER (WHERE e.grade = 'poor')::int AS poor
       FROM secretary_review r JOIN org o ON o.id = r.org_id
       LEFT JOIN secretary_review_entry e ON e.review_id = r.id
      WHERE r.year = $2 AND o.path LIKE $1 || '%' AND o.path <> $1
      GROUP BY o.id, r.id ORDER BY o.path`,
    [path, year],
  );
}

/** The orgs among these the county confirmed weak and lax in the year. */
export async function confirmedIn(db: Db, orgIds: readonly number[], year: number): Promise<Set<number>> {
  if (!orgIds.length) return new Set();
  const rows = await db.query<{ orgId: number }>(
    `SELECT org_id AS "orgId" FROM screening_confirmation WHERE year = $2 AND org_id = ANY($1::int[])`,
    [orgIds, year],
  );
  return new Set(rows.map((r) => r.orgId));
}

/** The orgs of a subtree whose secretary was graded 差 in a round of the year (for the screening's suggestions). */
export async function poorGradesIn(
  db: Db,
  path: string,
  year: number,
): Promise<{ orgCode: string; name: string; reviewerName: string; heldOn: IsoDate | null }[]> {
  return db.query(
    `SELECT o.code AS "orgCode", p.name, ro.name AS "reviewerName", r.held_on::text AS "heldOn"
       FROM secretary_review_entry e JOIN secretary_review r ON r.id = e.review_id JOIN org o ON o.id = e.org_id
       JOIN org ro ON ro.id = r.org_id JOIN member m ON m.id = e.member_id JOIN person p ON p.id = m.person_id
      WHERE r.year = $2 AND e.grade = 'poor' AND o.path LIKE $1 || '%'`,
    [path, year],
  );
}
