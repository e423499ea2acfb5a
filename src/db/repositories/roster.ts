/**
 * SQL for the roster of an org's subtree, today or as it stood on a past date; shared by the list and the export.
 * The filter is plain data: the services decide what it holds (scope, search, decision 0005).
 */
import type { Db } from '../client.js';
import { EDUCATIONS, educationGroup, type MemberStatus } from '../../shared/codes.js';
import { MEMBER_COLS, MEMBER_ROWS, type MemberRow } from './members.js';
import {
  ROSTER_ANCESTOR_COLUMNS,
  ROSTER_ANCESTOR_MAX_DEPTH,
  memberColsOf,
  memberColumnsWith,
} from '../member-columns.js';
import { validOn } from '../intervals.js';
import { sessionHeldSql } from './accounts.js';
import { onRoster, subtreeAsOf } from '../sql.js';

export type RosterSearch =
  /** the last digits of the ID number */
  | { by: 'idTail'; value: string }
  /** the start of the pinyin initials or of the full pinyin */
  | { by: 'pinyin'; value: string }
  /** part of the name */
  | { by: 'name'; value: string };

export interface RosterFilter {
  /** the org whose subtree is listed; its depth (0: a root) chooses the index a page in name order is read from */
  org: { id: number; path: string; depth: number };
  /** a past date: the members the subtree had that day (org and status of that day); null: today */
  at: string | null;
  /** only the org's own members, not its subtree */
  direct?: boolean | undefined;
  status?: MemberStatus | undefined;
  sex?: 'male' | 'female' | undefined;
  occupation?: string | undefined;
  educationCodes?: readonly string[] | undefined;
  bornOnOrBefore?: string | null | undefined;
  bornAfter?: string | null | undefined;
  search?: RosterSearch | null | undefined;
  /**
   * A search by ID-number digits matches only members readable today within this scope: members whose org today
   * is under one of `orgPaths`, and the member `memberId`.
   */
  idSearchScope: { orgPaths: readonly string[]; memberId: number | null };
}

/** A roster row with the path of the member's org today (on a past date `orgPath` is the org of that day). */
export interface RosterRow extends MemberRow {
  currentOrgPath: string;
}

export type RosterSort = 'name' | 'joinedOn' | 'birthDate' | 'org';

/** The fields of a member a roster list shows (services/members.ts `listItem`), read by `ancestorPage(…, 'list')`. */
const LIST_FIELDS = [
  'id',
  'personId',
  'name',
  'sex',
  'birthDate',
  'idNumber',
  'phone',
  'ethnicity',
  'education',
  'occupation',
  'ethnicityRaw',
  'educationRaw',
  'occupationRaw',
  'status',
  'joinedOn',
  'confirmedOn',
  'orgId',
] as const satisfies readonly (keyof MemberRow)[];

/** A roster row as a list shows it: the list's fields, its org's code and name, and its org's path today. */
export type RosterListRow = Pick<
  RosterRow,
  (typeof LIST_FIELDS)[number] | 'orgCode' | 'orgName' | 'currentOrgPath'
>;

/** The SELECT list of a RosterListRow, from `${MEMBER_ROWS} m JOIN org o ON o.id = m.org_id` (today's roster). */
const LIST_COLS = `${memberColsOf(LIST_FIELDS)}, o.code AS "orgCode", o.name AS "orgName", o.path AS "currentOrgPath"`;

/** Which columns a page reads: whole roster rows (RosterRow), or what a list shows (RosterListRow). */
export type RosterCols = 'member' | 'list';
const COLS: Record<RosterCols, string> = {
  member: `${MEMBER_COLS}, o.path AS "currentOrgPath"`,
  list: LIST_COLS,
};

/**
 * The name order (decision 0014): the person's sort key compared byte by byte (COLLATE "C", whatever the database's
 * collation), so names compare syllable by syllable; served by person_name_sort_idx. A person written before the
 * key existed (NULL until the search.keys job fills it) comes last.
 */
const BY_NAME = 'm.name_sort COLLATE "C"';
const SORTS: Record<RosterSort, string> = {
  name: `${BY_NAME}, m.id`,
  joinedOn: 'm.joined_on, m.id',
  birthDate: 'm.birth_date, m.id',
  org: `o.path, ${BY_NAME}, m.id`,
};

interface Built {
  from: string;
  /**
   * The roster without the person table, when no condition reads a person's field: counting it needs only the
   * memberships (or, on a past date, the periods) and their orgs (decision 0011); null otherwise.
   */
  lean: string | null;
  where: string;
  params: unknown[];
  cols: string;
}

function build(f: RosterFilter): Built {
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where: string[] = [];
  let from: string;
  let lean = 'member m JOIN org o ON o.id = m.org_id';
  let currentPath: string;
  if (f.at) {
    // the roster as it stood on a past date: periods covering that day, in orgs under X on that day
    const atP = p(f.at);
    const orgP = p(f.org.id);
    // (every member column, with the org and status of that day)
    from = `(WITH RECURSIVE ${subtreeAsOf('sub', orgP, atP)}
      SELECT ${memberColumnsWith({ org_id: 'per.org_id', status: 'per.status' })}, co.path AS current_org_path
        FROM member_period per JOIN sub ON sub.org_id = per.org_id JOIN ${MEMBER_ROWS} mm ON mm.id = per.member_id
             JOIN org co ON co.id = mm.org_id
       WHERE ${validOn('per', atP)} AND ${onRoster('per.status')}) m JOIN org o ON o.id = m.org_id`;
    // (the same periods without the member row, for a count that reads no person's field)
    lean = `(WITH RECURSIVE ${subtreeAsOf('sub', orgP, atP)}
      SELECT per.member_id AS id, per.org_id, per.status FROM member_period per JOIN sub ON sub.org_id = per.org_id
       WHERE ${validOn('per', atP)} AND ${onRoster('per.status')}) m JOIN org o ON o.id = m.org_id`;
    currentPath = 'm.current_org_path';
    if (f.direct) where.push(`m.org_id = ${orgP}`);
  } else {
    from = `${MEMBER_ROWS} m JOIN org o ON o.id = m.org_id`;
    currentPath = 'o.path';
    where.push(onRoster('m.status'));
    if (f.direct) where.push(`m.org_id = ${p(f.org.id)}`);
    else where.push(`o.path LIKE ${p(f.org.path)} || '%'`);
  }
  if (f.status) where.push(`m.status = ${p(f.status)}`);
  if (f.sex) where.push(`m.sex = ${p(f.sex)}`);
  if (f.occupation) where.push(`m.occupation = ${p(f.occupation)}`);
  if (f.educationCodes) where.push(`m.education = ANY(${p(f.educationCodes)}::text[])`);
  if (f.bornOnOrBefore) where.push(`m.birth_date <= ${p(f.bornOnOrBefore)}::date`);
  if (f.bornAfter) where.push(`m.birth_date > ${p(f.bornAfter)}::date`);
  const s = f.search;
  if (s?.by === 'idTail') {
    const scope = f.idSearchScope;
    const own = scope.memberId === null ? '' : ` OR m.id = ${p(scope.memberId)}`;
    where.push(`reverse(m.id_number) LIKE reverse(${p(s.value)}) || '%'`);
    const under = scope.orgPaths.length
      ? `${currentPath} LIKE ANY(${p(scope.orgPaths.map((o) => `${o}%`))}::text[])`
      : 'false';
    where.push(`(${under}${own})`);
  } else if (s?.by === 'pinyin') {
    const l = p(s.value);
    where.push(`(m.name_initials LIKE ${l} || '%' OR m.name_pinyin LIKE ${l} || '%')`);
  } else if (s?.by === 'name') {
    where.push(`m.name LIKE '%' || ${p(s.value)} || '%'`);
  }
  const personFilter =
    !!f.sex || !!f.occupation || !!f.educationCodes || !!f.bornOnOrBefore || !!f.bornAfter || !!f.search;
  return {
    from,
    lean: personFilter ? null : lean,
    where: where.join(' AND ') || 'true',
    params,
    cols: `${MEMBER_COLS}, ${currentPath} AS "currentOrgPath"`,
  };
}

/**
 * The one aggregate cell sum that counts today's roster of a subtree under `f`, or null when the filter needs a
 * count of the rows: org_stat holds, per org, its whole subtree's roster members by status and by sex (decisions
 * 0002, 0009: kept in the writers' own transactions, so a sum is as exact as a count), so today's subtree with no
 * filter, a status or a sex alone is a sum of at most two cells instead of a count over every member under the
 * org (5 million at a province's root).
 */
function aggregateCount(f: RosterFilter): { dim: string; key: string | null } | null {
  if (f.at || f.direct || f.search || f.bornOnOrBefore || f.bornAfter) return null;
  // an occupation, or a whole education group, alone: its cell (domain/stats/keys.ts memberKeys 'occ', 'edu'), which
  // does not depend on the aggregates' day either (session 21)
  const education = f.educationCodes ? educationGroupOf(f.educationCodes) : null;
  if (f.educationCodes && !education) return null;
  if ([f.status, f.sex, f.occupation, education].filter(Boolean).length > 1) return null;
  if (f.occupation) return { dim: 'occ', key: f.occupation };
  if (education) return { dim: 'edu', key: education };
  if (f.sex) return { dim: 'sex', key: f.sex };
  return { dim: 'status', key: f.status ?? null };
}

/** The education group whose codes are exactly `codes` (the list's 学历 filter by group), else null. */
function educationGroupOf(codes: readonly string[]): string | null {
  const group = educationGroup(codes[0]);
  if (!group) return null;
  const all = EDUCATIONS.filter((e) => e.group === group).map((e) => e.code);
  return all.length === codes.length && all.every((c) => codes.includes(c)) ? group : null;
}

/**
 * Today's size of an org's subtree in one dimension's cells (all keys when `key` is NULL) from the aggregates, as a
 * scalar subquery: NULL when the aggregates were never counted (no state row). `org`, `dim`, `key`: SQL values.
 */
function statSumSql(org: string, dim: string, key: string): string {
  return `(SELECT (SELECT coalesce(sum(c.n), 0)::int FROM org_stat c
                    WHERE c.org_id = ${org} AND c.dim = ${dim} AND (${key}::text IS NULL OR c.key = ${key}::text))
             FROM org_stat_state WHERE id = 1)`;
}

/** Today's roster size under `f` from the aggregates when they can tell it (see aggregateCount), else null. */
export async function aggregateTotal(db: Db, f: RosterFilter): Promise<number | null> {
  const agg = aggregateCount(f);
  if (!agg) return null;
  // (no aggregate state yet — a database whose aggregates were never counted — has no row: count the rows)
  const [s] = await db.query<{ n: number | null }>(`SELECT ${statSumSql('$1::int', '$2::text', '$3')} AS n`, [
    f.org.id,
    agg.dim,
    agg.key,
  ]);
  return s?.n ?? null;
}

export async function countRoster(db: Db, f: RosterFilter): Promise<number> {
  const agg = await aggregateTotal(db, f);
  if (agg !== null) return agg;
  // a filter the kept keys answer (decision 0049) is counted over the memberships alone
  const k = buildKeyed(f);
  if (k) {
    const [c] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${k.from} WHERE ${k.where}`,
      k.params,
    );
    return c?.n ?? 0;
  }
  const b = build(f);
  const [c] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${b.lean ?? b.from} WHERE ${b.where}`,
    b.params,
  );
  return c?.n ?? 0;
}

/**
 * What the aggregates tell about a roster query, in one indexed query (null without them): today's roster size of
 * the org's subtree and of the whole deployment — what decides how a page in name order is best found (listMembers'
 * `byOrg`) — and the query's total when a sum of cells gives it (aggregateCount; else null: count the rows).
 */
export async function rosterSizes(
  db: Db,
  f: RosterFilter,
): Promise<{ subtree: number; all: number; total: number | null } | null> {
  const agg = aggregateCount(f);
  // (look-ups by key whatever the org: planned once on PGlite)
  const [r] = await db.query<{ subtree: number; all: number; total: number | null }>(
    `SELECT (SELECT coalesce(sum(c.n), 0) FROM org_stat c WHERE c.org_id = $1 AND c.dim = 'status')::float8 AS subtree,
            (SELECT coalesce(sum(c.n), 0) FROM org_stat c JOIN org r ON r.id = c.org_id
              WHERE r.parent_id IS NULL AND c.dim = 'status')::float8 AS "all",
            CASE WHEN $2::text IS NOT NULL THEN
              (SELECT coalesce(sum(c.n), 0)::int FROM org_stat c
                WHERE c.org_id = $1 AND c.dim = $2 AND ($3::text IS NULL OR c.key = $3)) END AS total
       FROM org_stat_state WHERE id = 1`,
    [f.org.id, agg?.dim ?? null, agg?.key ?? null],
    { generic: true },
  );
  return r ?? null;
}

/**
 * The same name order as SORTS.name, written so that no index can give it: the page is then found from the
 * subtree's orgs (org_path_idx → member_org_idx) and sorted, instead of walking person_name_sort_idx over every
 * person of the deployment until 50 of the subtree turn up — which at a county of a province (1 % of the
 * members) reads thousands of persons for each page (decision 0021).
 */
const BY_NAME_FROM_ORGS = `(m.name_sort || '') COLLATE "C", m.id`;

/**
 * Today's roster of a subtree from the membership rows alone (decision 0049), when no condition needs more of the
 * person than the roster keys each membership keeps of it (the name's sort key, sex, birth date: migration 0040):
 * the page in name order is then read from `member_org_name_idx` — per org of the subtree, its members in name
 * order with their status, sex and birth date — without a person or a member row; null when the filter needs the
 * person (a search, occupation, education), a past date, or an org's own members only.
 */
function buildKeyed(
  f: RosterFilter,
): { from: string; where: string; params: unknown[]; generic: boolean } | null {
  if (f.at || f.direct || f.search || f.occupation || f.educationCodes) return null;
  // a subtree rooted at depth 0–3 is one range of its depth's ancestor index, in name order (decision 0051): a page
  // reads its ~50 entries; a deeper (small) subtree is found from its orgs
  const byAncestor = f.org.depth <= ROSTER_ANCESTOR_MAX_DEPTH;
  const params: unknown[] = [byAncestor ? f.org.id : f.org.path];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where = [
    onRoster('k.status'),
    byAncestor ? `k.${ROSTER_ANCESTOR_COLUMNS[f.org.depth]!} = $1` : `ko.path LIKE $1 || '%'`,
  ];
  if (f.status) where.push(`k.status = ${p(f.status)}`);
  if (f.sex) where.push(`k.roster_sex = ${p(f.sex)}`);
  if (f.bornOnOrBefore) where.push(`k.roster_birth <= ${p(f.bornOnOrBefore)}::date`);
  if (f.bornAfter) where.push(`k.roster_birth > ${p(f.bornAfter)}::date`);
  return {
    from: byAncestor ? 'member k' : 'member k JOIN org ko ON ko.id = k.org_id',
    where: where.join(' AND '),
    params,
    // (a page of one ancestor range, by status or sex or neither, is that range read in name order whatever the
    // values: planned once on PGlite, session 23 — 0.14–0.50× the pick's CPU. A birth range is planned with its
    // values: planned without them, the root's women of 41–45 cost 7.26× — and an org path's subtree always is,
    // decision 0021)
    generic: byAncestor && !f.bornOnOrBefore && !f.bornAfter,
  };
}

/** A name's syllables (toneless, space-separated) and the name itself in the sort key (`sortKey`: 'wang fang\t王芳'). */
const KEY_NAME = `substr(k.roster_name, strpos(k.roster_name, E'\\t') + 1)`;
/**
 * A sort key whose every syllable is one character of the basic CJK block and plain letters: for such a name the
 * person's initials and full pinyin are the key's syllables' initials and the syllables joined (nameKeys computes
 * all three from one reading), so a pinyin search is answered from the key alone. Any other name (a separator, Latin
 * letters, a character without a reading) is checked against the person's own keys. The same test is written in
 * SQL in `jiceng_roster_terms` (migration 0047), which decides which names carry 'x': change both together, in a new
 * migration that replaces the function and rebuilds `member_roster_terms_idx` (an index over an IMMUTABLE function
 * keeps the terms it was built with).
 */
const PLAIN_KEY = '^[a-z]+( [a-z]+)*\\t[\u4e00-\u9fff]+$';
const PLAIN_COUNT = `array_length(string_to_array(split_part(k.roster_name, E'\\t', 1), ' '), 1) = char_length(${KEY_NAME})`;

/**
 * The terms of a member's sort key that `member_roster_terms_idx` holds (migration 0047, `jiceng_roster_terms`): 'c'
 * and each character of the name; for a plain name (PLAIN_KEY, PLAIN_COUNT) 'i' and every prefix of two letters or
 * more of its syllables' initials, 'p' and every such prefix of its syllables joined; for any other name 'x'. A name
 * search's condition on them holds for every match (its LIKE on the key decides); a pinyin search's is exact for a
 * plain name.
 */
const TERMS = 'jiceng_roster_terms(k.roster_name)';

/** The terms every name containing `value` has: each of its characters (deduplicated). */
export function nameTerms(value: string): string[] {
  return [...new Set([...value].map((c) => `c${c}`))];
}

/**
 * The terms of a pinyin search `value` (initials or full pinyin, by prefix) of two letters or more: a plain name
 * matches exactly when it has one of `exact` (the term of its initials or of its joined syllables starting with the
 * value); a name the key cannot tell has `other` ('x') and is checked against the person's keys. Null for one letter
 * (the search's range of the ancestor index is then one letter's names already).
 */
export function pinyinTerms(value: string): { exact: string[]; other: string[] } | null {
  if (value.length < 2) return null;
  return { exact: [`i${value}`, `p${value}`], other: ['x'] };
}

/**
 * A search today of a subtree rooted at depth 0–3 answered from its ancestor range (decision 0053), in name order,
 * with the kept keys' filters (buildKeyed) — from the sort key each index entry holds (`roster_name`: the name's
 * syllables and the name, decision 0014), without reading a person:
 * - part of the name: the name in the key holds it (as `name LIKE '%…%'`);
 * - pinyin (initials or full, by prefix): entries whose key starts with the search's first letter (one range of the
 *   index), whose syllables' initials or joined syllables start with the search (a regular expression on the key);
 *   a name that is not plain (PLAIN_KEY) is checked against the person's initials and pinyin, as the roster's other
 *   reads do.
 * `nullKeys` is a condition that holds when a member of the range has no sort key yet (written before the key existed,
 * until the search.keys job fills it): such a range is searched the other way. Null for any other filter.
 */
function buildSearched(
  f: RosterFilter,
  engine: Db['kind'] = 'pglite',
): { from: string; where: string; params: unknown[]; nullKeys: string; generic: boolean } | null {
  const s = f.search;
  if (!s || s.by === 'idTail' || f.org.depth > ROSTER_ANCESTOR_MAX_DEPTH) return null;
  if (s.by === 'name' && (!s.value || s.value.includes('\t'))) return null;
  if (s.by === 'pinyin' && !/^[a-z]+$/.test(s.value)) return null;
  const k = buildKeyed({ ...f, search: null });
  if (!k) return null;
  const params = [...k.params];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where = [k.where];
  // (a birth range is planned with its values: see buildKeyed)
  const noBirthRange = !f.bornOnOrBefore && !f.bornAfter;
  // (the syllables hold no tab: what follows the key's first tab is the name)
  if (s.by === 'name') {
    where.push(`k.roster_name LIKE '%' || E'\\t%' || ${p(s.value)} || '%'`);
    // (the name's characters, all of them in the name: member_roster_terms_idx finds the candidates)
    where.push(`${TERMS} @> ${p(nameTerms(s.value))}::text[]`);
  } else {
    const v = s.value;
    const first = v.charAt(0);
    // (initials: each letter starts a syllable, in turn; full: the letters in order, syllables' spaces skipped)
    const initials = [...v].join('[a-z]* ');
    const full = [...v].join(' ?');
    // (the keys starting with the search's first letter: one range of the ancestor index)
    const letterRange = () =>
      `k.roster_name >= ${p(first)} AND k.roster_name < ${p(String.fromCharCode(first.charCodeAt(0) + 1))}`;
    const theirKeys = (value: string) =>
      `EXISTS (SELECT 1 FROM member km JOIN person kp ON kp.id = km.person_id
                WHERE km.id = k.id AND (kp.name_initials LIKE ${p(value)} || '%' OR kp.name_pinyin LIKE $${params.length} || '%'))`;
    // (PostgreSQL keeps the expressions: natively they cost ~1 µs an entry of the letter's range, and at the 300k
    // province's root its planner read the terms' candidates — tens of thousands for 'zh' — or evaluated the terms
    // per entry, 53 → 2.6 req/s; measured in session 21)
    const terms = engine === 'pglite' ? pinyinTerms(v) : null;
    if (terms) {
      // two or more letters (session 21): a plain name matches exactly when it has the term of the search's
      // initials or full pinyin (member_roster_terms_idx finds them, no expression is evaluated per entry); a name the
      // key cannot tell ('x') is checked against the person's keys, as before. Planned once, without the first
      // letter's range (session 23): both arms imply it (a term is a prefix of the key's initials or joined
      // syllables; the expression is anchored), and a plan made without the values read that range and computed
      // every entry's terms instead of asking the index (×10 the search's cost)
      const { exact, other } = terms;
      // planned once for a root's or a depth-1 org's subtree, whose range is most of the folder: the index's
      // candidates whatever the search (0.10–0.50× its CPU, session 23). A smaller subtree is planned with its values
      // and keeps the range, as before (planned once it cost a township's search 1.02–2.60×)
      const generic = f.org.depth <= 1 && noBirthRange;
      const range = generic ? '' : `${letterRange()} AND `;
      return {
        from: `(SELECT k.id, k.roster_name FROM member k
                 WHERE ${k.where} AND ${range}${TERMS} && ${p(exact)}::text[]
                UNION ALL
                SELECT k.id, k.roster_name FROM member k
                 WHERE ${k.where} AND ${range}${TERMS} @> ${p(other)}::text[]
                   AND k.roster_name ~ ${p(`^(${initials}|${full})`)} AND ${theirKeys(v)}) k`,
        where: 'true',
        params,
        nullKeys: nullKeysSql(f),
        generic,
      };
    }
    const range = letterRange();
    const regex = `k.roster_name ~ ${p(`^(${initials}|${full})`)}`;
    const keys = theirKeys(v);
    where.push(range, regex, `(k.roster_name ~ ${p(PLAIN_KEY)} AND ${PLAIN_COUNT} OR ${keys})`);
  }
  // (a name search's plan does not depend on its values: member_roster_terms_idx finds the candidates whatever the
  // name — planned once on PGlite, 0.07–0.67× its CPU, session 23 — unless a birth range asks for the values; a
  // one-letter pinyin search reads its letter's range of the index)
  return {
    from: k.from,
    where: where.join(' AND '),
    params,
    nullKeys: nullKeysSql(f),
    generic: s.by === 'name' && noBirthRange,
  };
}

/** Whether a member of the subtree's ancestor range has no sort key yet ($1: the org's id). */
function nullKeysSql(f: RosterFilter): string {
  const column = ROSTER_ANCESTOR_COLUMNS[f.org.depth]!;
  return `EXISTS (SELECT 1 FROM member k WHERE k.${column} = $1 AND ${onRoster('k.status')} AND k.roster_name IS NULL)`;
}

/**
 * Whether today's page in name order of `f` is one range of an ancestor index (decision 0051): a subtree rooted at
 * depth 0–3 whose filter needs no more of the person than the kept keys, or searches it by name or pinyin (decision
 * 0053). Such a page reads the entries it shows (and the ones it skips) from the range, so it is always read that way
 * (a search's range falls back to the person when a member of it has no sort key yet: ancestorPage is then null).
 */
export function rosterPageByAncestor(f: RosterFilter): boolean {
  return f.org.depth <= ROSTER_ANCESTOR_MAX_DEPTH && (buildKeyed(f) ?? buildSearched(f)) !== null;
}

/**
 * How far a total the aggregates cannot give is counted when a page does not read every matching row anyway
 * (decision 0051): beyond it the total says "more than 10,000" (`lowerBound`: the total is ROSTER_COUNT_CAP + 1).
 */
export const ROSTER_COUNT_CAP = 10_000;

/** A page with the number of rows matching its filter: null when not counted, a lower bound when `lowerBound`. */
/**
 * What a caller took from a per-process cache and the page's own statement checks (decision 0055): the org it
 * found by code (its id, code, path and depth), and the session it decided with (sessionAccount's digest).
 */
export interface RosterGuard {
  org?: { id: number; code: string; path: string; depth: number };
  session?: { tokenHash: string; day: string; fingerprint: string };
}

/** Whether each guard held when the page was read (true for a guard not asked for). */
export interface GuardHeld {
  org: boolean;
  session: boolean;
}

export interface CountedPage<R = RosterRow> {
  rows: R[];
  total: number | null;
  lowerBound: boolean;
}

/**
 * The name order over the kept keys: the same comparison as SORTS.name (`roster_name` is the person's sort key,
 * COLLATE "C"; NULL last), so the same pages, in the order of `member_org_name_idx` within each org.
 */
const BY_KEPT_NAME = 'k.roster_name, k.id';

/**
 * Today's page in name order of a subtree picked from the kept keys (buildKeyed) — one ancestor range for a subtree
 * rooted at depth 0–3 (decision 0051), else found from its orgs — and then read whole, with the number of matching
 * rows when `counted` (`count(*) OVER ()`, computed before the sort and the limit over every matching entry; null
 * when the page is empty); null when the filter needs the person. On PGlite in two statements, as rosterPage
 * (decision 0047); on PostgreSQL in one. (`ancestorPage` is the list's own: a total that does not read the range.)
 */
async function keyedPage(
  db: Db,
  f: RosterFilter,
  limit: number,
  offset: number,
  counted: boolean,
): Promise<CountedPage | null> {
  const k = buildKeyed(f);
  if (!k) return null;
  const pick = `SELECT k.id${counted ? ', count(*) OVER ()::int AS total' : ''} FROM ${k.from} WHERE ${k.where}
      ORDER BY ${BY_KEPT_NAME} LIMIT ${Math.trunc(limit)} OFFSET ${Math.trunc(offset)}`;
  if (db.kind === 'pglite') {
    const picked = await db.query<{ id: number; total?: number }>(pick, k.params);
    const rows = await rosterRowsByIds(
      db,
      picked.map((r) => r.id),
      'name',
    );
    return { rows, total: picked[0]?.total ?? null, lowerBound: false };
  }
  const rows = await db.query<RosterRow & { rosterTotal?: number }>(
    `SELECT ${MEMBER_COLS}, o.path AS "currentOrgPath"${counted ? ', pick.total AS "rosterTotal"' : ''}
       FROM ${MEMBER_ROWS} m JOIN org o ON o.id = m.org_id JOIN (${pick}) pick ON pick.id = m.id
      ORDER BY ${SORTS.name}`,
    k.params,
  );
  const total = rows[0]?.rosterTotal ?? null;
  if (counted) for (const r of rows) delete r.rosterTotal;
  return { rows, total, lowerBound: false };
}

/**
 * Today's page in name order of a subtree rooted at depth 0–3 (rosterPageByAncestor) with its total, as the roster
 * list asks for it (decision 0051): the page is one range of the depth's ancestor index, read in name order and
 * stopped after the page; the total is the aggregates' sum when they tell it (decision 0021), else a count of the
 * range that stops after `cap` + 1 entries (`lowerBound` when it did: the total is then cap + 1). On PostgreSQL one
 * statement (the total as a scalar subquery beside the rows; a page past the end asks for the total on its own),
 * a named prepared statement whose page size and offset are parameters, so that it is parsed once per connection
 * and planned once (decision 0053); on PGlite three (the page's ids, its rows by id: decision 0047, the total).
 * `cols`: whole roster rows, or only what a list shows (`'list'`: RosterListRow). Null when the page is not one
 * ancestor range. `guard`: what the caller took from its caches, checked in the same statement (decision 0055);
 * `held` says whether it held — when it did not, the rows were read for what the caller believed and are not its
 * answer (on PGlite none are read).
 */
export async function ancestorPage(
  db: Db,
  f: RosterFilter,
  limit: number,
  offset: number,
  cap?: number,
): Promise<(CountedPage & { total: number; held: GuardHeld }) | null>;
export async function ancestorPage(
  db: Db,
  f: RosterFilter,
  limit: number,
  offset: number,
  cap: number,
  cols: 'list',
  guard?: RosterGuard,
): Promise<(CountedPage<RosterListRow> & { total: number; held: GuardHeld }) | null>;
export async function ancestorPage(
  db: Db,
  f: RosterFilter,
  limit: number,
  offset: number,
  cap = ROSTER_COUNT_CAP,
  cols: RosterCols = 'member',
  guard: RosterGuard = {},
): Promise<(CountedPage<RosterListRow> & { total: number; held: GuardHeld }) | null> {
  const searched = buildSearched(f, db.kind);
  const k = searched ?? (rosterPageByAncestor(f) ? buildKeyed(f) : null);
  if (!k) return null;
  const params = [...k.params];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  // (k's first parameter is the org's id: its ancestor column's value)
  const agg = aggregateCount(f);
  const fromAggregates = agg ? statSumSql('$1', `${p(agg.dim)}::text`, p(agg.key)) : 'NULL::int';
  const counted = `(SELECT count(*)::int FROM (SELECT 1 FROM ${k.from} WHERE ${k.where} LIMIT ${Math.trunc(cap) + 1}) c)`;
  // (a search whose range has a member without a sort key is not answered from the range: see buildSearched)
  // what the caller took from its caches, checked in the same statement (the same snapshot as the page: decision
  // 0055): the org of the kept code still has that code and path, the session still reads as it did
  const { orgHeld, sessionHeld } = guardSql(guard, p);
  const totalSql = `SELECT coalesce(${fromAggregates}, ${counted}) AS total, ${fromAggregates} IS NULL AS "isCount",
                           ${searched ? searched.nullKeys : 'false'} AS "nullKeys",
                           ${orgHeld} AS "orgHeld", ${sessionHeld} AS "sessionHeld"`;
  const pick = (page: string) =>
    `SELECT k.id FROM ${k.from} WHERE ${k.where} ORDER BY ${BY_KEPT_NAME} ${page}`;
  type Total = { total: number; isCount: boolean; nullKeys: boolean; orgHeld: boolean; sessionHeld: boolean };
  const result = <R>(rows: R[], t: Total) =>
    t.nullKeys
      ? null
      : {
          rows,
          total: t.isCount && t.total > cap ? cap + 1 : t.total,
          lowerBound: t.isCount && t.total > cap,
          held: { org: t.orgHeld, session: t.sessionHeld },
        };
  if (db.kind === 'pglite') {
    /** a member without a sort key in the range, or a guard that fails: no page (decision 0055) */
    const failed = (t: Total) => t.nullKeys || !t.orgHeld || !t.sessionHeld;
    const pageOf = async (t: Total, picked: { id: number }[]) =>
      result(
        await rosterRowsByIds(
          db,
          picked.map((r) => r.id),
          'name',
          cols,
        ),
        t,
      );
    if (searched) {
      // a search (session 21): its matches are read for the page anyway (member_roster_terms_idx finds them, they are
      // sorted for the page), so the page's ids carry their count (a window over every match, before the sort and
      // the limit) and the guards — one statement and one scan where the count and the page were two; the total is
      // capped as the count's (lowerBound past the cap). A page past the end has no row to carry them: the total
      // statement answers then, as for any range.
      const picked = await db.query<{ id: number } & Total>(
        `SELECT k.id, count(*) OVER ()::int AS total, true AS "isCount", ${searched.nullKeys} AS "nullKeys",
                ${orgHeld} AS "orgHeld", ${sessionHeld} AS "sessionHeld"
           FROM ${k.from} WHERE ${k.where} ORDER BY ${BY_KEPT_NAME}
          LIMIT ${Math.trunc(limit)} OFFSET ${Math.trunc(offset)}`,
        params,
        // planned once (session 23): planning this statement cost PGlite more than running it for a name search
        { generic: searched.generic },
      );
      const t = picked[0];
      if (t) return failed(t) ? result([], t) : pageOf(t, picked);
    }
    // (the total first: a search of a range with a member without a sort key reads no page from it)
    const t = agg
      ? await pgliteHeldTotal(db, f, agg, k.params, counted, guard)
      : (await db.query<Total>(totalSql, params, { generic: k.generic }))[0]!;
    // (a guard that fails reads no page: the caller asks again from the database's own answer)
    if (failed(t)) return result([], t);
    const picked = await db.query<{ id: number }>(
      pick(`LIMIT ${Math.trunc(limit)} OFFSET ${Math.trunc(offset)}`),
      k.params,
      { generic: k.generic },
    );
    return pageOf(t, picked);
  }
  const totalParams = params.slice();
  // (the page size and offset as parameters: one text, one plan, whatever the page — PostgreSQL plans a LIMIT it
  // does not know for a few rows, which is the plan for a page)
  const page = `LIMIT ${p(Math.trunc(limit))}::bigint OFFSET ${p(Math.trunc(offset))}::bigint`;
  const rows = await db.query<
    RosterListRow & {
      rosterTotal?: number;
      rosterIsCount?: boolean;
      rosterNullKeys?: boolean;
      rosterOrgHeld?: boolean;
      rosterSessionHeld?: boolean;
    }
  >(
    `SELECT ${COLS[cols]}, t.total AS "rosterTotal", t."isCount" AS "rosterIsCount",
            t."nullKeys" AS "rosterNullKeys", t."orgHeld" AS "rosterOrgHeld", t."sessionHeld" AS "rosterSessionHeld"
       FROM ${MEMBER_ROWS} m JOIN org o ON o.id = m.org_id JOIN (${pick(page)}) pick ON pick.id = m.id
            CROSS JOIN (${totalSql}) t
      ORDER BY ${SORTS.name}`,
    params,
    { generic: true },
  );
  const first = rows[0];
  if (!first) {
    const [t] = await db.query<Total>(totalSql, totalParams, { generic: true });
    return result([], t!);
  }
  const t = {
    total: first.rosterTotal!,
    isCount: first.rosterIsCount!,
    nullKeys: first.rosterNullKeys!,
    orgHeld: first.rosterOrgHeld!,
    sessionHeld: first.rosterSessionHeld!,
  };
  // (a list reads the fields it shows and leaves these: deleting them costs every row its fast shape)
  if (cols === 'member')
    for (const r of rows) {
      delete r.rosterTotal;
      delete r.rosterIsCount;
      delete r.rosterNullKeys;
      delete r.rosterOrgHeld;
      delete r.rosterSessionHeld;
    }
  return result(rows, t);
}

/** The guards' conditions (decision 0055) as boolean expressions, their values added through `p`. */
function guardSql(guard: RosterGuard, p: (v: unknown) => string): { orgHeld: string; sessionHeld: string } {
  const orgHeld = guard.org
    ? `coalesce((SELECT true FROM org go WHERE go.id = ${p(guard.org.id)}::int AND go.code = ${p(guard.org.code)}::text
                   AND go.path = ${p(guard.org.path)}::text AND go.depth = ${p(guard.org.depth)}::int), false)`
    : 'true';
  const sessionHeld = guard.session
    ? sessionHeldSql(
        `${p(guard.session.tokenHash)}::text`,
        p(guard.session.day),
        `${p(guard.session.fingerprint)}::text`,
      )
    : 'true';
  return { orgHeld, sessionHeld };
}

/**
 * PGlite: the page's total from the aggregates and the guards, in a statement of look-ups by key alone, planned once
 * (`generic`): planned for each request, with the session's row inside it, it cost more of PGlite's one thread than
 * the page itself (session 20). Only when the aggregates cannot tell (none counted yet) is the range counted, by a
 * statement planned for its values.
 */
async function pgliteHeldTotal(
  db: Db,
  f: RosterFilter,
  agg: { dim: string; key: string | null },
  keyParams: readonly unknown[],
  counted: string,
  guard: RosterGuard,
): Promise<{ total: number; isCount: boolean; nullKeys: boolean; orgHeld: boolean; sessionHeld: boolean }> {
  const params: unknown[] = [f.org.id, agg.dim, agg.key];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const { orgHeld, sessionHeld } = guardSql(guard, p);
  const [h] = await db.query<{ total: number | null; orgHeld: boolean; sessionHeld: boolean }>(
    `SELECT ${statSumSql('$1::int', '$2::text', '$3')} AS total, ${orgHeld} AS "orgHeld", ${sessionHeld} AS "sessionHeld"`,
    params,
    { generic: true },
  );
  const held = { nullKeys: false, orgHeld: h!.orgHeld, sessionHeld: h!.sessionHeld };
  if (h!.total !== null) return { total: h!.total, isCount: false, ...held };
  // (a guard that failed: nothing more is read)
  if (!held.orgHeld || !held.sessionHeld) return { total: 0, isCount: true, ...held };
  const [c] = await db.query<{ total: number }>(`SELECT ${counted} AS total`, keyParams);
  return { total: c!.total, isCount: true, ...held };
}

export async function rosterPage(
  db: Db,
  f: RosterFilter,
  sort: RosterSort,
  limit: number,
  offset: number,
  opts: { byOrg?: boolean } = {},
): Promise<RosterRow[]> {
  if (opts.byOrg && sort === 'name') {
    // the page's ids from index entries (decision 0049), then its rows by id
    const keyed = await keyedPage(db, f, limit, offset, false);
    if (keyed) return keyed.rows;
  }
  const b = build(f);
  const order = opts.byOrg && sort === 'name' ? BY_NAME_FROM_ORGS : SORTS[sort];
  const page = `ORDER BY ${order} LIMIT ${Math.trunc(limit)} OFFSET ${Math.trunc(offset)}`;
  // today's roster: the page's ids are picked over narrow rows (the sort key and the id), then only those rows are
  // read whole — a member row joins two tables, and sorting whole rows of a county costs more than the join
  if (!f.at) {
    if (db.kind === 'pglite') {
      const ids = await db.query<{ id: number }>(
        `SELECT m.id FROM ${b.from} WHERE ${b.where} ${page}`,
        b.params,
      );
      return rosterRowsByIds(
        db,
        ids.map((r) => r.id),
        sort,
      );
    }
    return db.query<RosterRow>(
      `SELECT ${b.cols} FROM ${b.from}
        WHERE m.id IN (SELECT m.id FROM ${b.from} WHERE ${b.where} ${page}) ORDER BY ${SORTS[sort]}`,
      b.params,
    );
  }
  return db.query<RosterRow>(`SELECT ${b.cols} FROM ${b.from} WHERE ${b.where} ${page}`, b.params);
}

/**
 * Today's roster rows of these members, in the page's order. On PGlite a page is picked and read in two statements
 * (decision 0047): planning the one statement that does both — the flat member row twice, joined through
 * `IN (…)` — cost PGlite several times its execution, where this look-up by id is planned once (a generic plan)
 * and the pick is a small plan of three tables. PostgreSQL plans the one statement in about a millisecond and keeps
 * the round trip.
 */
async function rosterRowsByIds(db: Db, ids: readonly number[], sort: RosterSort): Promise<RosterRow[]>;
async function rosterRowsByIds(
  db: Db,
  ids: readonly number[],
  sort: RosterSort,
  cols: RosterCols,
): Promise<RosterListRow[]>;
async function rosterRowsByIds(
  db: Db,
  ids: readonly number[],
  sort: RosterSort,
  cols: RosterCols = 'member',
): Promise<RosterListRow[]> {
  if (!ids.length) return [];
  return db.query<RosterListRow>(
    `SELECT ${COLS[cols]} FROM ${MEMBER_ROWS} m JOIN org o ON o.id = m.org_id
      WHERE m.id = ANY($1::int[]) ORDER BY ${SORTS[sort]}`,
    [ids],
    { generic: true },
  );
}

/**
 * Today's page found from the subtree's orgs (byOrg) together with the number of rows matching `f`: such a page
 * reads and sorts every matching row of the subtree anyway, so counting them in the same pass (`count(*) OVER ()`,
 * computed before the sort and the limit) costs next to nothing, where a separate count read them all a second time
 * (decision 0021). `total` is null when the page is empty (no row carries it; count then).
 */
export async function rosterPageCounted(
  db: Db,
  f: RosterFilter,
  limit: number,
  offset: number,
): Promise<CountedPage> {
  if (f.at) throw new Error('rosterPageCounted: today only');
  const keyed = await keyedPage(db, f, limit, offset, true);
  if (keyed) return keyed;
  const b = build(f);
  if (db.kind === 'pglite') {
    // (in two statements, as rosterPage)
    const picked = await db.query<{ id: number; total: number }>(
      `SELECT m.id, count(*) OVER ()::int AS total FROM ${b.from} WHERE ${b.where}
        ORDER BY ${BY_NAME_FROM_ORGS} LIMIT ${Math.trunc(limit)} OFFSET ${Math.trunc(offset)}`,
      b.params,
    );
    return {
      rows: await rosterRowsByIds(
        db,
        picked.map((r) => r.id),
        'name',
      ),
      total: picked[0]?.total ?? null,
      lowerBound: false,
    };
  }
  const rows = await db.query<RosterRow & { rosterTotal?: number }>(
    `SELECT ${b.cols}, pick.total AS "rosterTotal" FROM ${b.from}
       JOIN (SELECT m.id, count(*) OVER ()::int AS total FROM ${b.from} WHERE ${b.where}
              ORDER BY ${BY_NAME_FROM_ORGS} LIMIT ${Math.trunc(limit)} OFFSET ${Math.trunc(offset)}) pick
         ON pick.id = m.id
      ORDER BY ${SORTS.name}`,
    b.params,
  );
  const total = rows[0]?.rosterTotal ?? null;
  for (const r of rows) delete r.rosterTotal;
  return { rows, total, lowerBound: false };
}

/** Up to `limit` rows after (org path, member id), in that order: an export pages through the roster with it. */
export async function rosterAfter(
  db: Db,
  f: RosterFilter,
  after: { orgPath: string; id: number },
  limit: number,
): Promise<RosterRow[]> {
  const b = build(f);
  const n = b.params.length;
  return db.query<RosterRow>(
    `SELECT ${b.cols} FROM ${b.from} WHERE ${b.where} AND (o.path, m.id) > ($${n + 1}, $${n + 2})
      ORDER BY o.path, m.id LIMIT ${Math.trunc(limit)}`,
    [...b.params, after.orgPath, after.id],
  );
}
