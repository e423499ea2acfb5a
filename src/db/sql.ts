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
