/**
 * SQL for the 党章 第九条 flags (decision 0023): each member's attendance month by month — how many meetings they
 * were marked present, excused and absent at — for the members of a subtree or one member, over a window of months.
 */
import type { Db } from '../client.js';
import type { IsoDate } from '../../shared/dates.js';
import { meetingCounts, onRoster } from '../sql.js';

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
 * The attendance, month by month over the meetings held in [from, asOf], of every member on the roster of an org
 * of the subtree under `rootPath` on some day of the month of `asOf` — the members `duesFacts` lists for that
 * month — at any org's meetings (a member who moved keeps the months of the branch they came from; a member away
 * counts the meetings of the org hosting them). One statement.
 */
export async function subtreeLifeMonths(
  db: Db,
  rootPath: string,
  from: IsoDate,
  asOf: IsoDate,
): Promise<LifeMonthRow[]> {
  return db.query<LifeMonthRow>(
    `WITH mem AS MATERIALIZED (
       SELECT DISTINCT per.member_id
         FROM member_period per JOIN org o ON o.id = per.org_id
        WHERE o.path LIKE $1 || '%' AND ${onRoster('per.status')}
          AND per.valid_from < (date_trunc('month', $3::date) + interval '1 month')
          AND (per.valid_to IS NULL OR per.valid_to > date_trunc('month', $3::date)))
     SELECT a.member_id AS "memberId", ${MONTH_COUNTS}
       FROM ${ATTENDED} a JOIN mem ON mem.member_id = a.member_id
       JOIN meeting mt ON mt.id = a.meeting_id
      WHERE mt.held_on >= $2::date AND mt.held_on <= $3::date AND ${meetingCounts('mt')}
      GROUP BY a.member_id, to_char(mt.held_on, 'YYYY-MM')`,
    [rootPath, from, asOf],
  );
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
