/**
 * SQL of the health indicators and early warnings (decision 0032): the per-org facts the other modules do not
 * already judge (own roster, ages, committee and secretary, probation ended), the county's reference ages, and the
 * `org_warning` / `warning_explanation` rows.
 */
import type { Db } from '../client.js';
import type { TreeInput } from '../../domain/supervision/tree.js';
import type { IsoDate } from '../../shared/dates.js';
import { validOn } from '../intervals.js';
import { inOrgSet, type OrgSet } from '../sql.js';
import { countyPathsOf, type CountyAncestor } from '../../domain/supervision/county.js';
import { ancestorShift } from './ancestor-shift.js';
import { rulesAt } from '../../policy/rules.js';

export interface HealthOrgRow {
  id: number;
  code: string;
  name: string;
  kind: string;
  sector: string;
  path: string;
  depth: number;
  divisionCode: string | null;
  foundedOn: IsoDate | null;
  full: number;
  probationary: number;
  aged61: number;
  ageSum: number;
  committee: number;
  secretaryName: string | null;
  secretaryBirth: IsoDate | null;
  secretarySince: IsoDate | null;
  secretaryLeftOn: IsoDate | null;
}

const AGE = (birth: string, on: string) => `date_part('year', age(${on}::date, ${birth}))::int`;

/** The ageing indicator's age (its `aged61`): the first age of the party statistics' last band (61岁及以上) on the day. */
const OLD_AGE = (day: IsoDate): number => rulesAt(day).ageBands.at(-1)!.min!;

/** SQL: an own roster's counts and ages (`healthOrgs`' `ros`), from a status and a birth date column, on `$2`. */
const ROSTER_FIGURES = (status: string, birth: string, old: number) =>
  `count(*) FILTER (WHERE ${status} = 'full')::int AS full,
              count(*) FILTER (WHERE ${status} = 'probationary')::int AS probationary,
              count(*) FILTER (WHERE ${AGE(birth, '$2')} >= ${old})::int AS aged61,
              coalesce(sum(${AGE(birth, '$2')}), 0)::int AS age_sum`;

/** SQL: the org `o` is in being on the day `day` (founded by then, not dissolved by then). */
const IN_BEING = (o: string, day: string) =>
  `(${o}.founded_on IS NULL OR ${o}.founded_on <= ${day}::date) AND (${o}.status = 'active' OR ${o}.dissolved_on > ${day}::date)`;

/**
 * `healthOrgs`' own roster of each org on a past day (CTE \`ros\`, after \`os\`): the periods in being that day, each
 * member's birth date as the membership keeps it.
 */
const PAST_ROSTER = (
  old: number,
) => `-- the birth dates of the members whose current org is one of these, from the index that holds them by org
     -- (member_org_name_idx: an org's members side by side, read without their rows) rather than member by member
     births AS MATERIALIZED (
       SELECT m.id, m.roster_birth FROM os CROSS JOIN LATERAL (
         SELECT m.id, m.roster_birth FROM member m WHERE m.org_id = os.id OFFSET 0) m),
     ros AS (
       SELECT per.org_id,
              ${ROSTER_FIGURES('per.status', 'm.roster_birth', old)}
         -- the person's birth date as the membership keeps it (decision 0049): no person read per member; each
         -- member's from \`births\` (the key is the member: the same row's date whichever way it is found), else — a
         -- member whose current org is another (on a past day) — by its key (OFFSET 0: a look-up per period, not a
         -- hash of every member)
         FROM member_period per JOIN os ON os.id = per.org_id
         LEFT JOIN births b ON b.id = per.member_id
         LEFT JOIN LATERAL (SELECT m.roster_birth FROM member m WHERE b.id IS NULL AND m.id = per.member_id OFFSET 0) k
           ON true
         CROSS JOIN LATERAL (SELECT CASE WHEN b.id IS NULL THEN k.roster_birth ELSE b.roster_birth END AS roster_birth) m
        WHERE ${validOn('per', '$2')} AND per.status IN ('full', 'probationary')
        GROUP BY per.org_id)`;

/**
 * `healthOrgs`' own roster of each org today (CTE \`ros\`, after \`os\`): the memberships themselves, whose org and
 * status are the state of their latest period — no event is dated after today (services refuse one), so the period
 * in being today is the latest — read from the index that holds an org's members with their status and birth date
 * (member_org_name_idx) without their rows: the same counts as the periods in being today, at a third of the work.
 */
const TODAY_ROSTER = (old: number) => `ros AS (
       SELECT m.org_id,
              ${ROSTER_FIGURES('m.status', 'm.roster_birth', old)}
         FROM os CROSS JOIN LATERAL (
           SELECT m.org_id, m.status, m.roster_birth FROM member m
            WHERE m.org_id = os.id AND m.status IN ('full', 'probationary') OFFSET 0) m
        GROUP BY m.org_id)`;

/**
 * Every org of the set (the subtree under a path, or org ids) in being on `asOf` (today's tree: founded by then, not
 * dissolved by then), with its own roster's counts and ages on that day, its committee posts held that day, its
 * secretary, and when the last secretary left when nobody holds the post. One statement, in tree order.
 */
export async function healthOrgs(
  db: Db,
  set: OrgSet,
  asOf: IsoDate,
  /** `asOf` is today: the roster from the memberships (TODAY_ROSTER) */
  today = false,
): Promise<HealthOrgRow[]> {
  return db.query<HealthOrgRow>(
    // the orgs' own columns taken with their ids (joined again by id, the planner hashed every org of the database)
    `WITH os AS MATERIALIZED (
       SELECT o.id, o.code, o.name, o.kind, o.sector, o.path, o.depth, o.division_code, o.founded_on FROM org o
        WHERE ${inOrgSet(set, 'o', '$1')} AND ${IN_BEING('o', '$2')}),
     ${(today ? TODAY_ROSTER : PAST_ROSTER)(OLD_AGE(asOf))},
     -- the orgs' committee posts read once (committee_post_org_idx, an org's posts side by side) for the three uses
     -- below, which each read them again before
     posts AS MATERIALIZED (
       SELECT cp.org_id, cp.post, cp.member_id, cp.start_on, cp.end_on FROM os CROSS JOIN LATERAL (
         SELECT cp.org_id, cp.post, cp.member_id, cp.start_on, cp.end_on FROM committee_post cp
          WHERE cp.org_id = os.id OFFSET 0) cp),
     com AS (
       SELECT cp.org_id, count(*)::int AS n
         FROM posts cp
        WHERE cp.start_on <= $2::date AND (cp.end_on IS NULL OR cp.end_on > $2::date)
        GROUP BY cp.org_id),
     sec AS (
       SELECT DISTINCT ON (cp.org_id) cp.org_id, p.name, p.birth_date::text AS birth, cp.start_on::text AS since
         FROM posts cp JOIN member m ON m.id = cp.member_id JOIN person p ON p.id = m.person_id
        WHERE cp.post = 'secretary' AND cp.start_on <= $2::date AND (cp.end_on IS NULL OR cp.end_on > $2::date)
        ORDER BY cp.org_id, cp.start_on DESC),
     left_ AS (
       SELECT cp.org_id, max(cp.end_on)::text AS left_on
         FROM posts cp
        WHERE cp.post = 'secretary' AND cp.end_on <= $2::date
        GROUP BY cp.org_id)
     SELECT o.id, o.code, o.name, o.kind, o.sector, o.path, o.depth, o.division_code AS "divisionCode",
            o.founded_on::text AS "foundedOn",
            coalesce(ros.full, 0) AS full, coalesce(ros.probationary, 0) AS probationary,
            coalesce(ros.aged61, 0) AS aged61, coalesce(ros.age_sum, 0) AS "ageSum",
            coalesce(com.n, 0) AS committee,
            sec.name AS "secretaryName", sec.birth AS "secretaryBirth", sec.since AS "secretarySince",
            CASE WHEN sec.org_id IS NULL THEN left_.left_on END AS "secretaryLeftOn"
       FROM os o
       LEFT JOIN ros ON ros.org_id = o.id LEFT JOIN com ON com.org_id = o.id
       LEFT JOIN sec ON sec.org_id = o.id LEFT JOIN left_ ON left_.org_id = o.id
      ORDER BY o.path`,
    [set, asOf],
  );
}

/** The roster of the subtree under `path` on `asOf`: how many, aged 61 and over, the sum of ages. */
export async function subtreeAges(
  db: Db,
  path: string,
  asOf: IsoDate,
): Promise<{ members: number; aged61: number; ageSum: number }> {
  const [r] = await db.query<{ members: number; aged61: number; ageSum: number }>(
    `SELECT count(*)::int AS members,
            count(*) FILTER (WHERE ${AGE('m.roster_birth', '$2')} >= ${OLD_AGE(asOf)})::int AS aged61,
            coalesce(sum(${AGE('m.roster_birth', '$2')}), 0)::float8 AS "ageSum"
       FROM member_period per JOIN org o ON o.id = per.org_id JOIN member m ON m.id = per.member_id
      WHERE o.path LIKE $1 || '%' AND ${validOn('per', '$2')} AND per.status IN ('full', 'probationary')`,
    [path, asOf],
  );
  return r ?? { members: 0, aged61: 0, ageSum: 0 };
}

/**
 * The roster of every org of the deployment today (`subtreeAges`' members, per own org): how many, aged 61 and over,
 * the sum of ages, with the org's path — the daily job's county reference ages summed from one read instead of one
 * read of each county's roster. From the memberships themselves (see TODAY_ROSTER: the periods in being today give
 * the same members), one pass over the member table rather than every period joined to its member.
 */
export async function rosterAgesByOrg(
  db: Db,
  today: IsoDate,
): Promise<{ path: string; members: number; aged61: number; ageSum: number }[]> {
  return db.query(
    `SELECT o.path, a.members, a.aged61, a."ageSum"
       FROM (SELECT m.org_id, count(*)::int AS members,
                    count(*) FILTER (WHERE ${AGE('m.roster_birth', '$1')} >= ${OLD_AGE(today)})::int AS aged61,
                    coalesce(sum(${AGE('m.roster_birth', '$1')}), 0)::float8 AS "ageSum"
               FROM member m
              WHERE m.status IN ('full', 'probationary')
              GROUP BY m.org_id) a
       JOIN org o ON o.id = a.org_id`,
    [today],
  );
}

export interface ProbationRow {
  orgId: number;
  name: string;
  joinedOn: IsoDate;
}

/**
 * The probationary members on the roster of an org of the set on `asOf` who joined on or before `joinedBy` (their
 * probation has ended by `asOf`) and are still probationary that day. `today` (`asOf` is today, a set of org ids): the
 * memberships themselves (see TODAY_ROSTER) — an org's probationary members from member_org_name_idx, only theirs read.
 */
export async function probationEnded(
  db: Db,
  set: OrgSet,
  asOf: IsoDate,
  joinedBy: IsoDate,
  today = false,
): Promise<ProbationRow[]> {
  if (today && typeof set !== 'string')
    return db.query<ProbationRow>(
      `SELECT m.org_id AS "orgId", p.name, m.joined_on::text AS "joinedOn"
         FROM unnest($1::int[]) AS o(id)
         CROSS JOIN LATERAL (SELECT m.id, m.org_id, m.joined_on, m.person_id FROM member m
                              WHERE m.org_id = o.id AND m.status = 'probationary' AND m.joined_on <= $2::date
                              OFFSET 0) m
         CROSS JOIN LATERAL (SELECT p.name FROM person p WHERE p.id = m.person_id OFFSET 0) p
        ORDER BY m.joined_on, m.id`,
      [set, joinedBy],
    );
  return db.query<ProbationRow>(
    // each period's member and person by key (OFFSET 0: a look-up per period; joined, the planner scanned every
    // member of the database for each batch of the daily job)
    `SELECT per.org_id AS "orgId", p.name, m.joined_on::text AS "joinedOn"
       FROM member_period per ${typeof set === 'string' ? 'JOIN org o ON o.id = per.org_id' : ''}
       CROSS JOIN LATERAL (SELECT m.id, m.joined_on, m.person_id FROM member m
                            WHERE m.id = per.member_id AND m.joined_on <= $3::date OFFSET 0) m
       CROSS JOIN LATERAL (SELECT p.name FROM person p WHERE p.id = m.person_id OFFSET 0) p
      WHERE ${typeof set === 'string' ? `o.path LIKE $1 || '%'` : 'per.org_id = ANY($1::int[])'}
        AND ${validOn('per', '$2')} AND per.status = 'probationary'
      ORDER BY m.joined_on, m.id`,
    [set, asOf, joinedBy],
  );
}

/** The orgs of the subtree under `path` in being on `asOf` (a batch of the health evaluation), in tree order. */
export async function orgsInBeing(
  db: Db,
  path: string,
  asOf: IsoDate,
): Promise<{ id: number; path: string }[]> {
  return db.query(
    `SELECT o.id, o.path FROM org o WHERE o.path LIKE $1 || '%' AND ${IN_BEING('o', '$2')}
      ORDER BY o.path COLLATE "C"`,
    [path, asOf],
  );
}

/**
 * The children of an org (today's tree) in tree order, each with how many orgs its subtree holds (dissolved ones
 * included: a bound) and whether it is in being on `asOf`: how the health evaluation cuts a big subtree into
 * batches without listing it whole.
 */
export async function childrenWithSize(
  db: Db,
  parentId: number,
  asOf: IsoDate,
): Promise<{ id: number; path: string; size: number; inBeing: boolean }[]> {
  return db.query(
    // the subtree as a range of the path index (paths are ids and '/', all below '~'; the LIKE rechecks it): a
    // LIKE on a pattern made from another row's path cannot use the index, and counted every org of the database
    // for each child (the 5M province's daily job waited 255 s on it)
    `SELECT c.id, c.path,
            (SELECT count(*) FROM org d
              WHERE d.path ~>=~ c.path AND d.path ~<~ (c.path || '~') AND d.path LIKE c.path || '%')::int AS size,
            ${IN_BEING('c', '$2')} AS "inBeing"
       FROM org c WHERE c.parent_id = $1 ORDER BY c.path COLLATE "C"`,
    [parentId, asOf],
  );
}

/**
 * The org whose subtree is "the county" of an org (`countyPath`, domain/supervision/county.ts) for each of the
 * paths: one read of all their ancestors.
 */
export async function countyPaths(db: Db, paths: readonly string[]): Promise<Map<string, string>> {
  const ids = [...new Set(paths.flatMap((p) => p.split('/').filter(Boolean).map(Number)))];
  return countyPathsOf(paths, await countyAncestors(db, ids));
}

/** The orgs with these ids as the county rule reads them (`countyPath`), by id. */
export async function countyAncestors(db: Db, ids: readonly number[]): Promise<Map<number, CountyAncestor>> {
  if (!ids.length) return new Map();
  const rows = await db.query<CountyAncestor & { id: number }>(
    `SELECT id, path, kind, depth, division_code AS division FROM org WHERE id = ANY($1::int[])`,
    [ids],
  );
  return new Map(rows.map((r) => [r.id, r]));
}

/** The county path of one org's path (see `countyPaths`). */
export async function countyPathOf(db: Db, path: string): Promise<string> {
  return (await countyPaths(db, [path])).get(path)!;
}

/** Division codes of the orgs in being on `asOf` in the subtree under `path`. */
export async function divisionCodes(db: Db, path: string, asOf: IsoDate): Promise<string[]> {
  const rows = await db.query<{ c: string }>(
    `SELECT DISTINCT division_code AS c FROM org
      WHERE path LIKE $1 || '%' AND division_code IS NOT NULL
        AND (founded_on IS NULL OR founded_on <= $2::date) AND (status = 'active' OR dissolved_on > $2::date)`,
    [path, asOf],
  );
  return rows.map((r) => r.c);
}

/**
 * The active orgs the coverage indicator applies to in a county (domain/supervision/divisions.ts `judgesCoverage`):
 * the county committee on the county's code, township and street committees on one of its townships', in tree order.
 */
export async function coverageOrgs(db: Db, countyCode: string): Promise<{ id: number; path: string }[]> {
  return db.query<{ id: number; path: string }>(
    `SELECT id, path FROM org
      WHERE status = 'active' AND left(division_code, 6) = $1
        AND (division_code ~ '^[0-9]{6}$' AND kind = 'local_committee'
          OR division_code ~ '^[0-9]{9}$' AND kind IN ('township_committee', 'working_committee'))
      ORDER BY path`,
    [countyCode],
  );
}

// ------------------------------------------------------------------------------------------------ warnings

export interface WarningRow {
  id: number;
  orgId: number;
  orgCode: string;
  orgName: string;
  orgPath: string;
  indicator: string;
  level: 'amber' | 'red';
  since: IsoDate;
  openedOn: IsoDate;
  closedOn: IsoDate | null;
  evidence: string[];
  explanation: { kind: 'postponement' | 'reason'; note: string; explainedOn: IsoDate } | null;
}

const WARNING_COLS_NO_EXPLANATION = `w.id, w.org_id AS "orgId", o.code AS "orgCode", o.name AS "orgName",
  o.path AS "orgPath", w.indicator, w.level, w.since::text AS since, w.opened_on::text AS "openedOn",
  w.closed_on::text AS "closedOn", w.evidence`;

const WARNING_COLS = `${WARNING_COLS_NO_EXPLANATION},
  (SELECT json_build_object('kind', e.kind, 'note', e.note, 'explainedOn', e.explained_on::text)
     FROM warning_explanation e WHERE e.warning_id = w.id ORDER BY e.id DESC LIMIT 1) AS explanation`;

/**
 * The warnings of the orgs of the subtree under `path` open on `on`: opened by then and not closed by then (a
 * warning closed on D is no longer open on D). `orgIds`: only those orgs.
 */
export async function warningsOpenOn(
  db: Db,
  path: string,
  on: IsoDate,
  orgIds: readonly number[] | null = null,
): Promise<WarningRow[]> {
  const rows = await db.query<WarningRow & { evidence: string[] | string; explanation: unknown }>(
    // the latest explanation of each warning by one join over the (small, hand-written) explanations rather than a
    // subquery per warning: a county lists over a thousand warnings
    `SELECT ${WARNING_COLS_NO_EXPLANATION}, e.explanation
       FROM org_warning w JOIN org o ON o.id = w.org_id
       LEFT JOIN (SELECT DISTINCT ON (e.warning_id) e.warning_id,
                         json_build_object('kind', e.kind, 'note', e.note, 'explainedOn', e.explained_on::text)
                           AS explanation
                    FROM warning_explanation e ORDER BY e.warning_id, e.id DESC) e ON e.warning_id = w.id
      WHERE o.path LIKE $1 || '%' AND w.opened_on <= $2::date AND (w.closed_on IS NULL OR w.closed_on > $2::date)
        AND ($3::int[] IS NULL OR w.org_id = ANY($3::int[]))
      ORDER BY o.path, w.indicator`,
    [path, on, orgIds],
  );
  return rows.map(parseWarning);
}

function parseWarning(r: WarningRow & { evidence: string[] | string; explanation: unknown }): WarningRow {
  const json = (v: unknown) => (typeof v === 'string' ? (JSON.parse(v) as unknown) : v);
  return {
    ...r,
    evidence: json(r.evidence) as string[],
    explanation: (json(r.explanation) ?? null) as WarningRow['explanation'],
  };
}

export async function warningById(db: Db, id: number): Promise<WarningRow | null> {
  const rows = await db.query<WarningRow & { evidence: string[] | string; explanation: unknown }>(
    `SELECT ${WARNING_COLS} FROM org_warning w JOIN org o ON o.id = w.org_id WHERE w.id = $1`,
    [id],
  );
  return rows[0] ? parseWarning(rows[0]) : null;
}

/** An org's warnings (open or closed) that overlap [from, to]: its history for the health tab's trend. */
export async function warningHistory(db: Db, orgId: number, from: IsoDate): Promise<WarningRow[]> {
  const rows = await db.query<WarningRow & { evidence: string[] | string; explanation: unknown }>(
    `SELECT ${WARNING_COLS} FROM org_warning w JOIN org o ON o.id = w.org_id
      WHERE w.org_id = $1 AND (w.closed_on IS NULL OR w.closed_on > $2::date) ORDER BY w.opened_on, w.id`,
    [orgId, from],
  );
  return rows.map(parseWarning);
}

/**
 * Whether the open warnings of the orgs are exactly `found` (same indicators, levels and evidence): compared by the
 * server — the found ones sent as one JSON document, the open ones never sent back (the daily job changes almost
 * none of them; reading every open warning with its evidence back, to compare them in the process, cost it the
 * parsing of ~1.7 rows an org and a JSON key per warning, decision 0052 session 18). `found` holds at most one
 * warning per org and indicator, as the open ones do (`org_warning_open_uq`).
 */
export async function openWarningsMatch(
  db: Db,
  orgIds: readonly number[],
  found: readonly { orgId: number; indicator: string; level: string; evidence: readonly string[] }[],
): Promise<boolean> {
  if (orgIds.length === 0) return found.length === 0;
  const [r] = await db.query<{ open: number; same: number; uniq: number }>(
    `WITH f AS (SELECT * FROM jsonb_to_recordset($2::jsonb) AS f(o int, i text, l text, e jsonb))
     SELECT (SELECT count(*) FROM org_warning WHERE closed_on IS NULL AND org_id = ANY($1::int[]))::int AS open,
            (SELECT count(DISTINCT (f.o, f.i)) FROM f)::int AS uniq,
            (SELECT count(*) FROM f JOIN org_warning w
                ON w.org_id = f.o AND w.indicator = f.i AND w.closed_on IS NULL
             WHERE w.level = f.l AND w.evidence = f.e)::int AS same`,
    [orgIds, JSON.stringify(found.map((w) => ({ o: w.orgId, i: w.indicator, l: w.level, e: w.evidence })))],
  );
  // (a found list naming an org's indicator twice never matches: counts alone would let it hide an open warning)
  return r!.uniq === found.length && r!.open === found.length && r!.same === found.length;
}

export interface WarningWrite {
  orgId: number;
  indicator: string;
  level: 'amber' | 'red';
  since: IsoDate;
  evidence: string[];
}

/**
 * Closes the open warnings of orgs dissolved on or before `today`, on the day of the dissolution (or the day the
 * warning opened, if later): an org no longer in being is not evaluated any more, so nothing else would close them,
 * and they would stay in the subtree's counts. Returns how many were closed.
 */
export async function closeWarningsOfDissolved(db: Db, today: IsoDate): Promise<number> {
  await db.query(`SELECT pg_advisory_xact_lock(hashtext('jiceng.org_warning'))`);
  const closed = await db.query<{ id: number }>(
    `UPDATE org_warning w SET closed_on = greatest(o.dissolved_on, w.opened_on)
       FROM org o
      WHERE o.id = w.org_id AND w.closed_on IS NULL AND o.dissolved_on IS NOT NULL AND o.dissolved_on <= $1::date
      RETURNING w.id`,
    [today],
  );
  return closed.length;
}

/**
 * Brings the open warnings of the orgs `orgIds` in line with an evaluation on `today`: a found cause opens a
 * warning (or updates the open one's level and evidence, its `since` kept), an open warning whose cause is gone
 * closes on `today`. Set-based: one statement each. Returns how many were opened and closed.
 */
export async function syncWarnings(
  db: Db,
  orgIds: readonly number[],
  found: readonly WarningWrite[],
  today: IsoDate,
): Promise<{ opened: number; closed: number }> {
  if (orgIds.length === 0) return { opened: 0, closed: 0 };
  // one sync at a time: each of the three statements adds to the ancestors' counts (warning_roll) in key order,
  // but two transactions' statements could take the same counts in opposite orders across statements
  await db.query(`SELECT pg_advisory_xact_lock(hashtext('jiceng.org_warning'))`);
  const f = {
    org: found.map((w) => w.orgId),
    ind: found.map((w) => w.indicator),
    lvl: found.map((w) => w.level),
    since: found.map((w) => w.since),
    ev: found.map((w) => JSON.stringify(w.evidence)),
  };
  const FOUND = `SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::date[], $5::text[])
                   AS f(org_id, indicator, level, since, evidence)`;
  const params = [f.org, f.ind, f.lvl, f.since, f.ev];
  const closed = await db.query<{ id: number }>(
    `UPDATE org_warning w SET closed_on = $7::date
      WHERE w.closed_on IS NULL AND w.org_id = ANY($6::int[])
        AND NOT EXISTS (SELECT 1 FROM (${FOUND}) f WHERE f.org_id = w.org_id AND f.indicator = w.indicator)
      RETURNING w.id`,
    [...params, orgIds, today],
  );
  await db.query(
    `UPDATE org_warning w SET level = f.level, evidence = f.evidence::jsonb
       FROM (${FOUND}) f
      WHERE w.closed_on IS NULL AND w.org_id = f.org_id AND w.indicator = f.indicator
        AND (w.level <> f.level OR w.evidence <> f.evidence::jsonb)`,
    params,
  );
  const opened = await db.query<{ id: number }>(
    `INSERT INTO org_warning (org_id, indicator, level, since, opened_on, evidence)
     SELECT f.org_id, f.indicator, f.level, least(f.since, $6::date), $6::date, f.evidence::jsonb FROM (${FOUND}) f
      WHERE NOT EXISTS (SELECT 1 FROM org_warning w
                         WHERE w.closed_on IS NULL AND w.org_id = f.org_id AND w.indicator = f.indicator)
     ON CONFLICT (org_id, indicator) WHERE closed_on IS NULL DO NOTHING
     RETURNING id`,
    [...params, today],
  );
  return { opened: opened.length, closed: closed.length };
}

export async function insertExplanation(
  db: Db,
  e: {
    warningId: number;
    orgId: number;
    kind: string;
    note: string;
    explainedOn: IsoDate;
    createdBy: number | null;
  },
): Promise<number> {
  const [r] = await db.query<{ id: number }>(
    `INSERT INTO warning_explanation (warning_id, org_id, kind, note, explained_on, created_by)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [e.warningId, e.orgId, e.kind, e.note, e.explainedOn, e.createdBy],
  );
  return r!.id;
}

/**
 * How many orgs of the subtree of the org with the code `code` (itself included) have an open warning today, per
 * indicator and level, and how many of those are explained: the maintained counts (`warning_roll`, migration 0028),
 * one key-range read, with the org's path (for the caller's scope check); null when there is no such org.
 */
export async function warningCountsByCode(
  db: Db,
  code: string,
): Promise<{
  path: string;
  counts: { indicator: string; level: 'amber' | 'red'; orgs: number; explained: number }[];
} | null> {
  const rows = await db.query<{
    path: string;
    indicator: string | null;
    level: 'amber' | 'red';
    orgs: number;
    explained: number;
  }>(
    `SELECT o.path, r.indicator, r.level, r.orgs, r.explained
       FROM org o LEFT JOIN warning_roll r ON r.org_id = o.id AND r.orgs > 0
      WHERE o.code = $1 ORDER BY r.indicator, r.level`,
    [code],
  );
  if (!rows[0]) return null;
  return {
    path: rows[0].path,
    counts: rows
      .filter((r) => r.indicator !== null)
      .map((r) => ({ indicator: r.indicator!, level: r.level, orgs: r.orgs, explained: r.explained })),
  };
}

/** The same counts straight from `org_warning` (tests check the maintained counts against it). */
export async function warningCountsLive(
  db: Db,
  path: string,
): Promise<{ indicator: string; level: 'amber' | 'red'; orgs: number; explained: number }[]> {
  return db.query(
    `SELECT w.indicator, w.level, count(*)::int AS orgs,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM warning_explanation e WHERE e.warning_id = w.id))::int
              AS explained
       FROM org_warning w JOIN org o ON o.id = w.org_id
      WHERE o.path LIKE $1 || '%' AND w.closed_on IS NULL
      GROUP BY w.indicator, w.level ORDER BY w.indicator, w.level`,
    [path],
  );
}

/**
 * An org move (repositories/orgs.ts writeOrgMove): the moved subtree's open-warning counts (its own row of
 * `warning_roll`, which includes itself) leave the old ancestors and join the new ones.
 */
export async function shiftWarningRoll(
  db: Db,
  orgId: number,
  oldAncestors: readonly number[],
  newAncestors: readonly number[],
): Promise<void> {
  const shift = ancestorShift(oldAncestors, newAncestors);
  if (!shift) return;
  const { gone, come } = shift;
  await db.query(
    `INSERT INTO warning_roll (org_id, indicator, level, orgs, explained)
     SELECT a.anc, r.indicator, r.level, a.sign * r.orgs, a.sign * r.explained
       FROM warning_roll r
       CROSS JOIN (SELECT x, -1 FROM unnest($2::int[]) x UNION ALL SELECT x, 1 FROM unnest($3::int[]) x)
            AS a(anc, sign)
      WHERE r.org_id = $1 AND (r.orgs <> 0 OR r.explained <> 0)
      ORDER BY a.anc, r.indicator, r.level
     ON CONFLICT (org_id, indicator, level) DO UPDATE
        SET orgs = warning_roll.orgs + excluded.orgs, explained = warning_roll.explained + excluded.explained`,
    [orgId, gone, come],
  );
}

/** The codes of the deployment's root orgs. */
export async function rootOrgCodes(db: Db): Promise<string[]> {
  const rows = await db.query<{ code: string }>(
    `SELECT code FROM org WHERE parent_id IS NULL AND status = 'active' ORDER BY path`,
  );
  return rows.map((r) => r.code);
}

/** How many orgs the subtree under `path` holds (dissolved included). */
export async function subtreeSize(db: Db, path: string): Promise<number> {
  const [r] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM org WHERE path LIKE $1 || '%'`, [
    path,
  ]);
  return r?.n ?? 0;
}

/** When a scheduled job last ran (ISO timestamp), null when never. */
export async function lastJobRun(db: Db, name: string): Promise<string | null> {
  const [r] = await db.query<{ at: string | null }>(
    `SELECT to_char(last_run_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS at FROM job WHERE name = $1`,
    [name],
  );
  return r?.at ?? null;
}

/** A row of the 预警 tree: an org with its own open warnings' indicators by level (domain/supervision/tree.ts). */
export type WarningTreeRow = TreeInput;

/**
 * The org tree of a subtree with each org's open warnings (of one indicator, or all): one statement, by the open
 * warnings' unique index (org, indicator) — the 预警 page's tree (decision 0039). Active orgs, in tree order.
 */
export async function warningTreeRows(
  db: Db,
  path: string,
  indicator: string | null,
): Promise<WarningTreeRow[]> {
  return db.query<WarningTreeRow>(
    `SELECT o.id, o.code, o.name, o.kind, o.parent_id AS "parentId", o.path, o.depth,
            coalesce(array_agg(w.indicator ORDER BY w.indicator) FILTER (WHERE w.level = 'red'), '{}') AS reds,
            coalesce(array_agg(w.indicator ORDER BY w.indicator) FILTER (WHERE w.level = 'amber'), '{}') AS ambers
       FROM org o
       LEFT JOIN org_warning w ON w.org_id = o.id AND w.closed_on IS NULL AND ($2::text IS NULL OR w.indicator = $2)
      WHERE o.path LIKE $1 || '%' AND o.status = 'active'
      GROUP BY o.id
      ORDER BY o.path`,
    [path, indicator],
  );
}
