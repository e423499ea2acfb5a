/**
 * SQL for the 党章 第九条 flags (decision 0023): each member's attendance month by month — how many meetings they
 * were marked present, excused and absent at — for the members of a subtree or one member, over a window of months.
 */
import type { Db } from '../client.js';
import type { IsoDate } from '../../shared/dates.js';
import { meetingCounts, rosterOfMonths, type OrgSet } from '../sql.js';

export interface LifeMonthRow {
  memberId: number;
  /** `2026-03` */
  month: string;
  present: number;
  excused: number;
  absent: number;
}

const MONTH_COUNTS = `to_char(mt.held_on, 'YYYY-MM') AS month,
            count(*) FILTER (WHERE a.status = 'present')::int AS present,
            count(*) FILTER (WHERE a.status = 'excused')::int AS excused,
            count(*) FILTER (WHERE a.status = 'absent')::int AS absent`;

/**
 * Attendance at the meetings of the member's own orgs and, as present, at those of an org hosting them while away
 * (流入党员, `meeting_visitor`): both are organisational life (一方隶属、参加多重组织生活).
 */
const ATTENDED = `(SELECT member_id, meeting_id, status FROM meeting_attendance
                  UNION ALL SELECT member_id, meeting_id, 'present' FROM meeting_visitor)`;

/**
 * SQL, two CTEs after a CTE `who` (member_id): `mon`, the month counts of those members over the meetings held in
 * [from, asOf] at any org's meetings and as visitors, each row's meeting looked up by its key; `last`, each one's
 * latest month with a meeting.
 */
const MISSED_MONTHS = (from: string, asOf: string) => `mon AS MATERIALIZED (
       SELECT who.member_id AS "memberId", ${MONTH_COUNTS}
         FROM who
         CROSS JOIN LATERAL (SELECT a.meeting_id, a.status FROM meeting_attendance a WHERE a.member_id = who.member_id
                             UNION ALL
                             SELECT v.meeting_id, 'present' FROM meeting_visitor v WHERE v.member_id = who.member_id) a
         -- each row's meeting by its key (OFFSET 0 keeps it a per-row lookup, not a join to every meeting)
         CROSS JOIN LATERAL (SELECT mt.id, mt.held_on FROM meeting mt WHERE mt.id = a.meeting_id OFFSET 0) mt
        WHERE mt.held_on >= ${from}::date AND mt.held_on <= ${asOf}::date AND ${meetingCounts('mt')}
        GROUP BY who.member_id, to_char(mt.held_on, 'YYYY-MM')),
     last AS (SELECT DISTINCT ON ("memberId") "memberId", present, absent FROM mon ORDER BY "memberId", month DESC)`;

/**
 * The attendance, month by month over the meetings held in [from, asOf], of the members on the roster of an org of
 * the set (a subtree's path, or org ids) on some day of the month of `asOf` — the members `duesFacts` lists for that
 * month — at any org's meetings (a member who moved keeps the months of the branch they came from; a member away
 * counts the meetings of the org hosting them), **for only the members who may have a run** of months missed
 * without good reason (decision 0045): one absent without leave at some meeting, and whose latest month with a
 * meeting was missed (present at none, absent at one or more). `lifeRun` counts back from that latest month and
 * stops at a month that breaks the run, so every other member's run is 0 whatever came before: the filter drops no
 * flag, and the months of the few left are read member by member through the indexes (one statement).
 */
export async function subtreeLifeMonths(
  db: Db,
  set: OrgSet,
  from: IsoDate,
  asOf: IsoDate,
  runsFrom: number | null = null,
): Promise<LifeMonthRow[]> {
  // with `runsFrom` (the maintained runs are built and refreshed, decision 0048): only the members whose kept run
  // reaches it, or whose latest meeting is after the as-of day, can have a run that long as of that day
  const who =
    runsFrom === null
      ? `SELECT mem.member_id FROM mem
        WHERE EXISTS (SELECT 1 FROM meeting_attendance x WHERE x.member_id = mem.member_id AND x.status = 'absent')`
      : `SELECT mem.member_id FROM mem JOIN life_run r ON r.member_id = mem.member_id
        WHERE r.run >= $4 OR r.last_held > $3::date`;
  return db.query<LifeMonthRow>(
    `WITH mem AS MATERIALIZED (${rosterOfMonths(typeof set === 'string' ? 'path' : 'orgs', '$1', "date_trunc('month', $3::date)", '$3')}),
     who AS MATERIALIZED (${who}),
     ${MISSED_MONTHS('$2', '$3')}
     SELECT mon.* FROM mon JOIN last USING ("memberId") WHERE last.present = 0 AND last.absent > 0`,
    runsFrom === null ? [set, from, asOf] : [set, from, asOf, runsFrom],
  );
}

/** A member 党章第九条 may flag in a batch of the daily evaluation (`article9Candidates`). */
export interface Article9CandidateRow {
  memberId: number;
  name: string;
  orgId: number;
  orgCode: string;
  orgName: string;
  /** the dues rollup's line flags them */
  duesFlag: boolean;
  /** the line's stored run of months unpaid; null: no line, or a line written before migration 0043 */
  unpaidRun: number | null;
  unpaidSince: string | null;
  /** their attendance months when their latest month with a meeting was missed (else none: no run) */
  months: LifeMonthRow[];
}

/**
 * From how many orgs `article9Candidates` reads the maintained runs whole rather than each roster member's by key
 * (decision 0052, session 20): the whole table's pages (about one per 185 runs) against about three pages a
 * member — a batch of the daily job (~2,000 orgs) reads far fewer whole, a township's live evaluation (≤ 60 orgs,
 * ~1,000 members) far fewer by key.
 */
export const WHOLE_RUNS_FROM = 500;

/**
 * The members on the roster of the orgs with these ids in the month of `asOf` (`rosterOfMonths`, each under the
 * org of their latest period) whom 党章第九条 may flag as of `asOf` — the members whose dues line carries a flag and
 * those whose maintained run reaches `runsFrom` or whose latest meeting is after `asOf` (decision 0048) — with who
 * they are, their line's stored run of months unpaid (decision 0052) and, for the second kind, their attendance
 * months over [from, asOf] when their latest month was missed: what `flaggedDuesMembers`, `subtreeLifeMonths` and
 * `duesRunsOf` read, from one roster of the month in one statement (decision 0052's addendum). In `duesRunsOf`'s
 * order (tree, name).
 */
export async function article9Candidates(
  db: Db,
  ids: readonly number[],
  from: IsoDate,
  asOf: IsoDate,
  runsFrom: number,
  /** read the maintained runs whole (by default a batch of `WHOLE_RUNS_FROM` orgs or more), else by key */
  runsWhole = ids.length >= WHOLE_RUNS_FROM,
): Promise<Article9CandidateRow[]> {
  const rows = await db.query<
    Omit<Article9CandidateRow, 'months'> & { months: [string, number, number, number][] | null }
  >(
    `WITH mem AS MATERIALIZED (${rosterOfMonths('orgs', '$1', "date_trunc('month', $3::date)", '$3')}),
     -- the dues lines of the batch's orgs, read by org (dues_line_org_ix: the lines of an org lie together, a few
     -- thousand pages a batch) rather than looked up member by member (four pages each, ~30,000 a batch)
     byorg AS MATERIALIZED (
       SELECT l.member_id, l.flag, l.unpaid_run, l.unpaid_since FROM dues_line l WHERE l.org_id = ANY($1::int[])),
     -- the roster's members whose maintained run may flag (decision 0048)
     runs AS MATERIALIZED (${
       runsWhole
         ? // a batch of the daily job: the runs read whole and kept by their filter (the table holds only members
           // with a run or a meeting: ~1,900 pages at 5M) rather than looked up for each member of the roster (two
           // to three pages each, ~88,000 a batch at 5M, most finding no row)
           `SELECT r.member_id FROM life_run r WHERE r.run >= $4 OR r.last_held > $3::date`
         : // a few orgs (a township's live warnings): each member's run by key (OFFSET 0: a look-up per member)
           `SELECT r.member_id FROM mem CROSS JOIN LATERAL (
              SELECT r.member_id FROM life_run r
               WHERE r.member_id = mem.member_id AND (r.run >= $4 OR r.last_held > $3::date) OFFSET 0) r`
     }),
     cand AS MATERIALIZED (
       SELECT mem.member_id, mem.org_id, l.flag IS NOT NULL AS dues, l.unpaid_run, l.unpaid_since,
              r.member_id IS NOT NULL AS life
         -- each member's line (the key is the member: the same row whichever way it is found) from the batch's
         -- lines, else — a line under an org outside the batch, or none — by key (OFFSET 0: a look-up per member;
         -- joined, the planner read every line of the dues rollup for each batch of the daily job)
         FROM mem
         LEFT JOIN byorg b ON b.member_id = mem.member_id
         LEFT JOIN LATERAL (SELECT l.flag, l.unpaid_run, l.unpaid_since FROM dues_line l
                             WHERE b.member_id IS NULL AND l.member_id = mem.member_id OFFSET 0) k ON true
         CROSS JOIN LATERAL (SELECT CASE WHEN b.member_id IS NULL THEN k.flag ELSE b.flag END AS flag,
                                    CASE WHEN b.member_id IS NULL THEN k.unpaid_run ELSE b.unpaid_run END AS unpaid_run,
                                    CASE WHEN b.member_id IS NULL THEN k.unpaid_since ELSE b.unpaid_since END
                                      AS unpaid_since) l
         LEFT JOIN runs r ON r.member_id = mem.member_id
        WHERE l.flag IS NOT NULL OR r.member_id IS NOT NULL),
     -- the candidates' orgs, each once (a batch has a few candidates an org)
     orgs AS MATERIALIZED (
       SELECT o.id, o.code, o.name, o.path FROM (SELECT DISTINCT org_id FROM cand) c
        CROSS JOIN LATERAL (SELECT o.id, o.code, o.name, o.path FROM org o WHERE o.id = c.org_id OFFSET 0) o),
     who AS MATERIALIZED (SELECT member_id FROM cand WHERE life),
     ${MISSED_MONTHS('$2', '$3')},
     missed AS (
       SELECT mon."memberId", json_agg(json_build_array(mon.month, mon.present, mon.excused, mon.absent)) AS months
         FROM mon JOIN last USING ("memberId") WHERE last.present = 0 AND last.absent > 0
        GROUP BY mon."memberId")
     SELECT cand.member_id AS "memberId", pe.name, o.id AS "orgId", o.code AS "orgCode", o.name AS "orgName",
            cand.dues AS "duesFlag", cand.unpaid_run::int AS "unpaidRun", cand.unpaid_since AS "unpaidSince",
            missed.months
       -- the member and person by key, the org from \`orgs\` (not a hash of every member, person or org of the
       -- database, which the planner chooses when it misjudges how many candidates there are)
       FROM cand
       CROSS JOIN LATERAL (SELECT m.person_id FROM member m WHERE m.id = cand.member_id OFFSET 0) m
       CROSS JOIN LATERAL (SELECT pe.name, pe.name_sort FROM person pe WHERE pe.id = m.person_id OFFSET 0) pe
       JOIN orgs o ON o.id = cand.org_id
       LEFT JOIN missed ON missed."memberId" = cand.member_id
      WHERE cand.dues OR missed.months IS NOT NULL
      ORDER BY o.path, pe.name_sort COLLATE "C" NULLS LAST, cand.member_id`,
    [ids, from, asOf, runsFrom],
  );
  return rows.map((r) => ({
    ...r,
    months: (r.months ?? []).map(([month, present, excused, absent]) => ({
      memberId: r.memberId,
      month,
      present,
      excused,
      absent,
    })),
  }));
}

/** One member's attendance month by month over the meetings held in [from, asOf]. */
export async function memberLifeMonths(
  db: Db,
  memberId: number,
  from: IsoDate,
  asOf: IsoDate,
): Promise<LifeMonthRow[]> {
  return db.query<LifeMonthRow>(
    `SELECT a.member_id AS "memberId", ${MONTH_COUNTS}
       FROM ${ATTENDED} a JOIN meeting mt ON mt.id = a.meeting_id
      WHERE a.member_id = $1 AND mt.held_on >= $2::date AND mt.held_on <= $3::date AND ${meetingCounts('mt')}
      GROUP BY a.member_id, to_char(mt.held_on, 'YYYY-MM')
      ORDER BY 2`,
    [memberId, from, asOf],
  );
}
