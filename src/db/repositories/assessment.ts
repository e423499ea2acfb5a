/**
 * Classified assessment (分类考核, decision 0036): the dated category of each assessed org, the ratings people gave
 * the rated items, and the warnings the health indicators kept (decision 0032) over a year — read in bulk for a
 * subtree, so a county's list is three queries.
 */
import type { Db } from '../client.js';
import type { IsoDate } from '../../shared/dates.js';
import type { OrgKind, OrgStatus, Sector } from '../../shared/codes.js';

export interface AssessedOrgRow {
  id: number;
  code: string;
  name: string;
  path: string;
  kind: OrgKind;
  sector: Sector;
  status: OrgStatus;
  foundedOn: IsoDate | null;
  dissolvedOn: IsoDate | null;
}

export interface CategoryRow {
  id: number;
  orgId: number;
  category: string;
  effectiveFrom: IsoDate;
  note: string;
  author: string;
}

const CAT_COLS = `c.id, c.org_id AS "orgId", c.category, c.effective_from::text AS "effectiveFrom", c.note,
  coalesce(u.display_name, u.username, '系统') AS author`;

/** The orgs of the subtree that were ever given a category by `to`, with every category row of theirs by then. */
export async function categoriesUnder(
  db: Db,
  path: string,
  to: IsoDate,
  orgIds: readonly number[] | null = null,
): Promise<{ orgs: AssessedOrgRow[]; rows: CategoryRow[] }> {
  const rows = await db.query<CategoryRow>(
    `SELECT ${CAT_COLS} FROM assessment_category c JOIN org o ON o.id = c.org_id
       LEFT JOIN app_user u ON u.id = c.recorded_by
      WHERE o.path LIKE $1 || '%' AND c.effective_from <= $2::date AND ($3::int[] IS NULL OR c.org_id = ANY($3::int[]))
      ORDER BY c.org_id, c.effective_from, c.id`,
    [path, to, orgIds],
  );
  const ids = [...new Set(rows.map((r) => r.orgId))];
  const orgs = ids.length
    ? await db.query<AssessedOrgRow>(
        `SELECT o.id, o.code, o.name, o.path, o.kind, o.sector, o.status, o.founded_on::text AS "foundedOn",
                o.dissolved_on::text AS "dissolvedOn"
           FROM org o WHERE o.id = ANY($1::int[]) ORDER BY o.path`,
        [ids],
      )
    : [];
  return { orgs, rows };
}

export async function insertCategory(
  db: Db,
  c: { orgId: number; category: string; effectiveFrom: IsoDate; note: string },
  by: number | null,
): Promise<number> {
  const [r] = await db.query<{ id: number }>(
    `INSERT INTO assessment_category (org_id, category, effective_from, note, recorded_by)
     VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [c.orgId, c.category, c.effectiveFrom, c.note, by],
  );
  return r!.id;
}

export interface RatingRow {
  id: number;
  orgId: number;
  item: string;
  month: IsoDate;
  score: number;
  note: string;
  by: string;
}

/** The ratings of these orgs for months in [from, to]. */
export async function ratingsOf(
  db: Db,
  orgIds: readonly number[],
  from: IsoDate,
  to: IsoDate,
): Promise<RatingRow[]> {
  if (orgIds.length === 0) return [];
  return db.query<RatingRow>(
    `SELECT r.id, r.org_id AS "orgId", r.item, r.month::text AS month, r.score, r.note,
            coalesce(u.display_name, u.username, '系统') AS by
       FROM assessment_rating r LEFT JOIN app_user u ON u.id = r.recorded_by
      WHERE r.org_id = ANY($1::int[]) AND r.month BETWEEN $2::date AND $3::date
      ORDER BY r.org_id, r.month, r.id`,
    [orgIds, from, to],
  );
}

export async function insertRating(
  db: Db,
  r: { orgId: number; item: string; month: IsoDate; score: number; note: string },
  by: number | null,
): Promise<number> {
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO assessment_rating (org_id, item, month, score, note, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [r.orgId, r.item, r.month, r.score, r.note, by],
  );
  return row!.id;
}

export interface WarningSpanRow {
  orgId: number;
  indicator: string;
  level: 'amber' | 'red';
  since: IsoDate;
  closedOn: IsoDate | null;
  evidence: string[];
}

/** The warnings of these orgs whose span [since, closed_on) meets [from, to]. */
export async function warningSpans(
  db: Db,
  orgIds: readonly number[],
  from: IsoDate,
  to: IsoDate,
): Promise<WarningSpanRow[]> {
  if (orgIds.length === 0) return [];
  const rows = await db.query<WarningSpanRow & { evidence: string[] | string }>(
    `SELECT w.org_id AS "orgId", w.indicator, w.level, w.since::text AS since, w.closed_on::text AS "closedOn",
            w.evidence
       FROM org_warning w
      WHERE w.org_id = ANY($1::int[]) AND w.since <= $3::date AND (w.closed_on IS NULL OR w.closed_on > $2::date)
      ORDER BY w.org_id, w.since, w.id`,
    [orgIds, from, to],
  );
  return rows.map((r) => ({
    ...r,
    evidence: typeof r.evidence === 'string' ? (JSON.parse(r.evidence) as string[]) : r.evidence,
  }));
}
