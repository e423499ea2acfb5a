/**
 * SQL pieces every query that needs them builds from, so that a concept is written once: who is on the roster,
 * and the org subtree as it stood on a date. (The "valid on a date" condition of dated tables is `validOn` in
 * intervals.ts.) Each returns a text fragment; parameters stay with the caller.
 */
import { ROSTER_STATUSES } from '../shared/codes.js';
import { validOn } from './intervals.js';

/** SQL: the status column `col` is an on-roster status (ROSTER_STATUSES: full, probationary). */
export function onRoster(col: string): string {
  return `${col} IN (${ROSTER_STATUSES.map((s) => `'${s}'`).join(',')})`;
}

/**
 * SQL: a recursive CTE `name(org_id)` of the orgs of the subtree under the org in `root`, as the tree stood on the
 * date in `date` (both parameter placeholders): a walk over the org versions valid that day. Use as
 * `WITH RECURSIVE ${subtreeAsOf('sub', '$1', '$2')} SELECT … JOIN sub …`.
 */
export function subtreeAsOf(name: string, root: string, date: string): string {
  return `${name}(org_id) AS (
        SELECT r.org_id FROM org_version r WHERE r.org_id = ${root} AND ${validOn('r', date)}
        UNION ALL
        SELECT v.org_id FROM org_version v JOIN ${name} ON v.parent_id = ${name}.org_id WHERE ${validOn('v', date)})`;
}

/**
 * The condition that a meeting (alias `m`) counts as held: not marked false by an on-site verification (抽查核实,
 * decision 0038). Compliance, its rollup and the 党章第九条 months all read meetings through it.
 */
export const meetingCounts = (m: string) =>
  `NOT EXISTS (SELECT 1 FROM record_mark rm WHERE rm.kind = 'meeting' AND rm.record_id = ${m}.id AND rm.result = 'false')`;

/**
 * A record's mark from its latest on-site verification (抽查核实, decision 0038): 'true', 'partly', 'false', or null
 * for a record never verified. `id` is the SQL of the record's id.
 */
export type RecordMark = 'true' | 'partly' | 'false' | null;
export const recordMarkOf = (kind: 'meeting' | 'dues_payment' | 'recruitment_step', id: string) =>
  `(SELECT rm.result FROM record_mark rm WHERE rm.kind = '${kind}' AND rm.record_id = ${id})`;

/**
 * The orgs a query reads: the subtree under a materialised path ('/1/5/'), or the orgs with these ids (the health
 * evaluation reads its facts by org id, a batch of orgs or one org, so a read never grows with the subtree or the
 * database around it; decision 0045).
 */
export type OrgSet = string | readonly number[];

/** SQL: the org `alias` (with `path` and `id`) is in the set passed as parameter `p` (the set itself). */
export function inOrgSet(set: OrgSet, alias: string, p: string): string {
  return typeof set === 'string' ? `${alias}.path LIKE ${p} || '%'` : `${alias}.id = ANY(${p}::int[])`;
}

/**
 * SQL: the body of a CTE `(member_id, org_id)` of the members on the roster of an org on some day of the months from
 * the day `from` (a month's first day) to the month of the day `to` (parameter placeholders), each under the org of
 * their latest such period. `by`: `path` — the orgs of the subtree under the path `p`, the latest period within it;
 * `orgs` — the orgs with the ids `p`, the latest of all their periods, kept when its org is one of them (a member
 * who moved between two batches of one evaluation is listed once, under the org they moved to); `members` — the
 * members with the ids `p`, under the org of their latest period.
 */
export function rosterOfMonths(by: 'path' | 'orgs' | 'members', p: string, from: string, to: string): string {
  const overlaps = (per: string) => `${onRoster(`${per}.status`)}
          AND ${per}.valid_from < (date_trunc('month', ${to}::date) + interval '1 month')
          AND (${per}.valid_to IS NULL OR ${per}.valid_to > ${from}::date)`;
  if (by === 'path')
    return `SELECT DISTINCT ON (per.member_id) per.member_id, per.org_id
         FROM member_period per JOIN org o ON o.id = per.org_id
        WHERE o.path LIKE ${p} || '%' AND ${overlaps('per')}
        ORDER BY per.member_id, per.valid_from DESC`;
  if (by === 'orgs')
    // the orgs' periods in the months that no later period of their member in the months follows: each member's
    // latest of all, when its org is one of them — their other periods looked up by the member's key (OFFSET 0: a
    // look-up per period, never a scan of every period of the database to hash them). An open period needs no
    // look-up: a member's periods never overlap (member_period_no_overlap), so none begins after an open one
    return `SELECT per.member_id, per.org_id
         FROM member_period per
        WHERE per.org_id = ANY(${p}::int[]) AND ${overlaps('per')}
          AND (per.valid_to IS NULL OR NOT EXISTS (SELECT 1 FROM member_period later
                           WHERE later.member_id = per.member_id AND later.valid_from > per.valid_from
                             AND ${overlaps('later')} OFFSET 0))`;
  return `SELECT DISTINCT ON (per.member_id) per.member_id, per.org_id
         FROM member_period per WHERE per.member_id = ANY(${p}::int[]) AND ${overlaps('per')}
        ORDER BY per.member_id, per.valid_from DESC`;
}
