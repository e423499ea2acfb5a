/**
 * SQL of the maintained dues rollup (decision 0031): each org's own cells per month (`dues_own`), its ancestors'
 * sums (`dues_roll`), each member's line of the state's month (`dues_line`), the orgs marked for a refresh by the
 * triggers (`dues_dirty`) and the state (`dues_state`: the day the cells are judged as of, the first month kept).
 * The judgement is pure (domain/dues); services/dues-rollup.ts runs it. The locks are those of the
 * organisational-life rollup (decision 0024), with keys of their own.
 */
import { copyChunks, copyText, type Db } from '../client.js';
import type { DuesCategory, DuesReliefKind } from '../../shared/codes.js';
import type { IsoDate } from '../../shared/dates.js';
import { onRoster, rosterOfMonths } from '../sql.js';
import { EPOCH, Fields, day, dayText, int, monthText } from '../copy-fields.js';
import { ancestorShift } from './ancestor-shift.js';

export interface DuesState {
  asOf: IsoDate;
  /** `YYYY-MM` */
  fromMonth: string;
}

/** The counters of a cell (money in fen). */
export interface DuesCell {
  members: number;
  due: number;
  paid: number;
  unknown: number;
  short: number;
  arrears: number;
  threeMonths: number;
  sixMonths: number;
}

export interface DuesCellRow extends DuesCell {
  orgId: number;
  /** `YYYY-MM` */
  month: string;
}

const CELL_COLS = `members, due::float8 AS due, paid::float8 AS paid, unknown, short, arrears::float8 AS arrears,
  three_months AS "threeMonths", six_months AS "sixMonths"`;

/** The state, locked for a refresh (`share`) or a rebuild (`update`); also the aggregate state shared (org moves). */
export async function lockDuesState(db: Db, mode: 'share' | 'update' | null): Promise<DuesState | null> {
  if (mode) await db.query('SELECT 1 FROM org_stat_state WHERE id = 1 FOR SHARE');
  const rows = await db.query<DuesState>(
    `SELECT as_of::text AS "asOf", to_char(from_month, 'YYYY-MM') AS "fromMonth" FROM dues_state WHERE id = 1
     ${mode === 'share' ? 'FOR SHARE' : mode === 'update' ? 'FOR UPDATE' : ''}`,
  );
  return rows[0] ?? null;
}

/** One rebuilder at a time. */
export async function lockDuesBuild(db: Db): Promise<void> {
  await db.query('SELECT pg_advisory_xact_lock(7274031)');
}

export async function setDuesState(db: Db, s: DuesState): Promise<void> {
  await db.query(
    `INSERT INTO dues_state (id, as_of, from_month) VALUES (1, $1, $2::date)
     ON CONFLICT (id) DO UPDATE SET as_of = excluded.as_of, from_month = excluded.from_month`,
    [s.asOf, `${s.fromMonth}-01`],
  );
}

export async function anyDuesDirty(db: Db): Promise<boolean> {
  return (await db.query('SELECT 1 FROM dues_dirty LIMIT 1')).length > 0;
}

/** Takes up to `limit` marked orgs (only these when given), deleting their marks, in id order. */
export async function takeDuesDirty(
  db: Db,
  limit: number,
  only: readonly number[] | null = null,
): Promise<number[]> {
  const rows = await db.query<{ org_id: number }>(
    `DELETE FROM dues_dirty WHERE org_id IN (
       SELECT org_id FROM dues_dirty WHERE $1::int[] IS NULL OR org_id = ANY($1::int[])
        ORDER BY org_id LIMIT ${Math.trunc(limit)})
     RETURNING org_id`,
    [only],
  );
  return rows.map((r) => r.org_id).sort((a, b) => a - b);
}

/** Each org's refresh under its own lock, in id order. */
export async function lockDuesOrgs(db: Db, ids: readonly number[]): Promise<void> {
  if (!ids.length) return;
  await db.query('SELECT pg_advisory_xact_lock(7274032, x) FROM unnest($1::int[]) AS x ORDER BY x', [
    [...ids].sort((a, b) => a - b),
  ]);
}

/** The orgs the members were ever on the roster of (their dues months are counted there). */
export async function orgsOfMembers(db: Db, memberIds: readonly number[]): Promise<number[]> {
  if (!memberIds.length) return [];
  const rows = await db.query<{ org_id: number }>(
    'SELECT DISTINCT org_id FROM member_period WHERE member_id = ANY($1::int[])',
    [memberIds],
  );
  return rows.map((r) => r.org_id);
}

/** A member with everything their dues are judged from, and the org of each roster span (the domain's shapes). */
export interface RollupFacts {
  memberId: number;
  /** days on the roster [from, to) and the org */
  owing: { from: IsoDate; to: IsoDate | null; orgId: number }[];
  bases: { category: DuesCategory; baseFen: number | null; fromMonth: string }[];
  reliefs: { kind: DuesReliefKind; monthlyFen: number | null; fromMonth: string; toMonth: string | null }[];
  /** in the order they were paid (day, id) */
  payments: { id: number; fromMonth: string; toMonth: string; amountFen: number; paidOn: IsoDate }[];
}

/** Which orgs' members: those with these ids (every org when null), or a rebuild's run of org ids [lo, hi]. */
export type FactsOrgs = { ids: readonly number[] | null } | { lo: number; hi: number };

/**
 * Every member on the roster of one of the orgs on some day from `from` on, with their roster spans (and orgs),
 * bases, reliefs and the payments made on or before `asOf`, in member id order. One COPY per batch of orgs: the rows
 * flat (a kind and up to five integers), days as numbers, parsed here into the judgement's shapes — no JSON built
 * by the server nor parsed by this process (decision 0044's session 15 addendum).
 */
export async function duesRollupFacts(
  db: Db,
  orgs: FactsOrgs,
  from: IsoDate,
  asOf: IsoDate,
): Promise<RollupFacts[]> {
  // a rebuild's busy batch sorts ~160k rows (~8 MB): in memory, not in files (the default 4 MB spilled them, a
  // third of the statement); for the rest of the transaction, as the demo seed does
  if ('lo' in orgs) await db.query("SELECT set_config('work_mem', '64MB', true)");
  let text = '';
  for await (const chunk of db.copyOut(duesFactsSql(orgs, from, asOf))) text += chunk;
  return parseFacts(text);
}

/**
 * The facts' query (COPY takes no parameters: the values are checked and written in). `lo..hi`: each table also
 * read by the range of the members' ids (a rebuild's batch, whose members mostly have ids near each other): an
 * index range scan instead of a merge join that walks the member index from its start. The rows: member, kind
 * (0 roster span, 1 basis, 2 relief, 3 payment), five integers (days since 1970-01-01) and a code, sorted by member,
 * kind and each kind's order.
 */
export function duesFactsSql(orgs: FactsOrgs, from: IsoDate, asOf: IsoDate): string {
  const bounded = 'lo' in orgs;
  const cond = bounded
    ? `per.org_id BETWEEN ${int(orgs.lo)} AND ${int(orgs.hi)}`
    : orgs.ids === null
      ? 'true'
      : `per.org_id = ANY('{${orgs.ids.map(int).join(',')}}'::int[])`;
  const near = (t: string) =>
    bounded
      ? `AND ${t}.member_id BETWEEN (SELECT min(member_id) FROM mem) AND (SELECT max(member_id) FROM mem)`
      : '';
  return `WITH mem AS MATERIALIZED (
       SELECT DISTINCT per.member_id FROM member_period per
        WHERE ${cond} AND ${onRoster('per.status')}
          AND (per.valid_to IS NULL OR per.valid_to > ${day(from)})),
     f AS (
       SELECT per.member_id AS m, 0 AS k, per.valid_from - ${EPOCH} AS s1, 0 AS s2,
              per.valid_from - ${EPOCH} AS a, per.valid_to - ${EPOCH} AS b, per.org_id AS c, NULL::int AS d,
              NULL::int AS e, NULL::text AS t
         FROM member_period per JOIN mem ON mem.member_id = per.member_id ${near('per')}
        WHERE ${onRoster('per.status')}
       UNION ALL
       SELECT b.member_id, 1, b.from_month - ${EPOCH}, 0, b.base_fen, b.from_month - ${EPOCH}, NULL, NULL, NULL,
              b.category
         FROM dues_basis b JOIN mem ON mem.member_id = b.member_id ${near('b')}
       UNION ALL
       SELECT r.member_id, 2, r.from_month - ${EPOCH}, 0, r.monthly_fen, r.from_month - ${EPOCH},
              r.to_month - ${EPOCH}, NULL, NULL, r.kind
         FROM dues_relief r JOIN mem ON mem.member_id = r.member_id ${near('r')}
       UNION ALL
       SELECT p.member_id, 3, p.paid_on - ${EPOCH}, p.id, p.id, p.from_month - ${EPOCH}, p.to_month - ${EPOCH},
              p.amount_fen, p.paid_on - ${EPOCH}, NULL
         FROM dues_payment p JOIN mem ON mem.member_id = p.member_id ${near('p')}
        WHERE p.paid_on <= ${day(asOf)})
     SELECT m, k, a, b, c, d, e, t FROM f ORDER BY m, k, s1, s2`;
}

function parseFacts(text: string): RollupFacts[] {
  const out: RollupFacts[] = [];
  const f = new Fields(text);
  let cur: RollupFacts | null = null;
  while (f.more()) {
    const m = f.int()!;
    const k = f.int();
    const a = f.int();
    const b = f.int();
    const c = f.int();
    const d = f.int();
    const e = f.int();
    const t = f.text();
    if (!cur || cur.memberId !== m) {
      cur = { memberId: m, owing: [], bases: [], reliefs: [], payments: [] };
      out.push(cur);
    }
    if (k === 0) cur.owing.push({ from: dayText(a!), to: b === null ? null : dayText(b), orgId: c! });
    else if (k === 1) cur.bases.push({ category: t as DuesCategory, baseFen: a, fromMonth: monthText(b!) });
    else if (k === 2)
      cur.reliefs.push({
        kind: t as DuesReliefKind,
        monthlyFen: a,
        fromMonth: monthText(b!),
        toMonth: c === null ? null : monthText(c),
      });
    else
      cur.payments.push({
        id: a!,
        fromMonth: monthText(b!),
        toMonth: monthText(c!),
        amountFen: d!,
        paidOn: dayText(e!),
      });
  }
  return out;
}

/**
 * The members listed under the orgs with these ids in the month starting `month` (`rosterOfMonths`) whose line of
 * the rollup's month carries a three- or six-month flag (the health evaluation; decision 0045).
 */
export async function flaggedDuesMembers(db: Db, ids: readonly number[], month: IsoDate): Promise<number[]> {
  const rows = await db.query<{ id: number }>(
    `WITH mem AS MATERIALIZED (${rosterOfMonths('orgs', '$1', '$2', '$2')})
     SELECT mem.member_id AS id FROM mem JOIN dues_line l ON l.member_id = mem.member_id WHERE l.flag IS NOT NULL`,
    [ids, month],
  );
  return rows.map((r) => r.id);
}

/** A member the health evaluation judges, with their line's stored run of months unpaid (decision 0052). */
export interface MemberRunRow {
  memberId: number;
  name: string;
  orgId: number;
  orgCode: string;
  orgName: string;
  /** null: no line, or a line written before migration 0043 (judge the member's facts instead) */
  unpaidRun: number | null;
  unpaidSince: string | null;
}

/**
 * The members with these ids on the roster in the month starting `month`, each under the org of their latest period
 * (as `duesFacts` lists them, in its order), with their line's run of months unpaid — their name and org without
 * their dues history.
 */
export async function duesRunsOf(
  db: Db,
  members: readonly number[],
  month: IsoDate,
): Promise<MemberRunRow[]> {
  return db.query<MemberRunRow>(
    `WITH mem AS MATERIALIZED (${rosterOfMonths('members', '$1', '$2', '$2')})
     SELECT mem.member_id AS "memberId", pe.name, o.id AS "orgId", o.code AS "orgCode", o.name AS "orgName",
            l.unpaid_run::int AS "unpaidRun", l.unpaid_since AS "unpaidSince"
       FROM mem JOIN member m ON m.id = mem.member_id JOIN person pe ON pe.id = m.person_id
       JOIN org o ON o.id = mem.org_id LEFT JOIN dues_line l ON l.member_id = mem.member_id
      ORDER BY o.path, pe.name_sort COLLATE "C" NULLS LAST, mem.member_id`,
    [members, month],
  );
}

/** The orgs' own cells. */
export async function duesOwnOf(db: Db, ids: readonly number[]): Promise<DuesCellRow[]> {
  return db.query<DuesCellRow>(
    `SELECT org_id AS "orgId", to_char(month, 'YYYY-MM') AS month, ${CELL_COLS}
       FROM dues_own WHERE org_id = ANY($1::int[])`,
    [ids],
  );
}

const cellArrays = (rows: readonly DuesCellRow[]) => [
  rows.map((r) => r.orgId),
  rows.map((r) => `${r.month}-01`),
  rows.map((r) => r.members),
  rows.map((r) => r.due),
  rows.map((r) => r.paid),
  rows.map((r) => r.unknown),
  rows.map((r) => r.short),
  rows.map((r) => r.arrears),
  rows.map((r) => r.threeMonths),
  rows.map((r) => r.sixMonths),
];
const CELL_UNNEST = `unnest($1::int[], $2::date[], $3::int[], $4::bigint[], $5::bigint[], $6::int[], $7::int[],
  $8::bigint[], $9::int[], $10::int[])`;
const CELL_INSERT = '(org_id, month, members, due, paid, unknown, short, arrears, three_months, six_months)';

/** Writes cells into dues_own or (a rebuild) the emptied dues_roll. */
export async function insertDuesCells(
  db: Db,
  table: 'dues_own' | 'dues_roll',
  rows: readonly DuesCellRow[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 20000) {
    const part = rows.slice(i, i + 20000);
    await db.query(`INSERT INTO ${table} ${CELL_INSERT} SELECT * FROM ${CELL_UNNEST}`, cellArrays(part));
  }
}

const CELL_COPY = [
  'org_id',
  'month',
  'members',
  'due',
  'paid',
  'unknown',
  'short',
  'arrears',
  'three_months',
  'six_months',
];

/** A rebuild's cells, by COPY into the emptied dues_own or dues_roll (in the caller's transaction). */
export async function copyDuesCells(
  db: Db,
  table: 'dues_own' | 'dues_roll',
  rows: Iterable<DuesCellRow>,
): Promise<void> {
  await db.copyIn(
    table,
    CELL_COPY,
    copyChunks(
      rows,
      (r) =>
        `${r.orgId}\t${r.month}-01\t${r.members}\t${r.due}\t${r.paid}\t${r.unknown}\t${r.short}\t${r.arrears}\t${r.threeMonths}\t${r.sixMonths}\n`,
    ),
  );
}

/** Adds differences to the rolled cells, in primary-key order (two writers on the same ancestors wait, not deadlock). */
export async function addDuesRoll(db: Db, rows: readonly DuesCellRow[]): Promise<void> {
  if (!rows.length) return;
  const sorted = [...rows].sort(
    (a, b) => a.orgId - b.orgId || (a.month < b.month ? -1 : a.month > b.month ? 1 : 0),
  );
  await db.query(
    `INSERT INTO dues_roll ${CELL_INSERT}
     SELECT o, m, n, d, p, u, s, a, t, x FROM ${CELL_UNNEST} WITH ORDINALITY AS c(o, m, n, d, p, u, s, a, t, x, i)
      ORDER BY i
     ON CONFLICT (org_id, month) DO UPDATE SET members = dues_roll.members + excluded.members,
       due = dues_roll.due + excluded.due, paid = dues_roll.paid + excluded.paid,
       unknown = dues_roll.unknown + excluded.unknown, short = dues_roll.short + excluded.short,
       arrears = dues_roll.arrears + excluded.arrears, three_months = dues_roll.three_months + excluded.three_months,
       six_months = dues_roll.six_months + excluded.six_months`,
    cellArrays(sorted),
  );
}

/** A member's line of the state's month. */
export interface DuesLineRow {
  memberId: number;
  orgId: number;
  category: DuesCategory | null;
  baseFen: number | null;
  relief: DuesReliefKind | null;
  due: number | null;
  paid: number;
  state: string;
  arrearsMonths: number;
  arrears: number;
  flag: 'three_months' | 'six_months' | null;
  /** 党章第九条's run of ended months with nothing paid as of the state's day and its first month (decision 0052) */
  unpaidRun: number;
  unpaidSince: string | null;
  basisFrom: string | null;
  recheckDue: boolean;
}

/** Replaces the orgs' own cells and member lines by these. */
export async function replaceDuesOwn(
  db: Db,
  ids: readonly number[],
  cells: readonly DuesCellRow[],
  lines: readonly DuesLineRow[],
): Promise<void> {
  await db.query('DELETE FROM dues_own WHERE org_id = ANY($1::int[])', [ids]);
  await db.query('DELETE FROM dues_line WHERE org_id = ANY($1::int[])', [ids]);
  await insertDuesCells(db, 'dues_own', cells);
  await insertDuesLines(db, lines);
}

export async function insertDuesLines(db: Db, rows: readonly DuesLineRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 20000) {
    const p = rows.slice(i, i + 20000);
    const col = <K extends keyof DuesLineRow>(k: K) => p.map((r) => r[k]);
    await db.query(
      `INSERT INTO dues_line (member_id, org_id, category, base_fen, relief, due, paid, state, arrears_months, arrears,
                              flag, basis_from, recheck_due, unpaid_run, unpaid_since)
       SELECT * FROM unnest($1::int[], $2::int[], $3::text[], $4::int[], $5::text[], $6::int[], $7::int[], $8::text[],
                            $9::int[], $10::int[], $11::text[], $12::text[], $13::boolean[], $14::smallint[], $15::text[])
       ON CONFLICT (member_id) DO UPDATE SET org_id = excluded.org_id, category = excluded.category,
         base_fen = excluded.base_fen, relief = excluded.relief, due = excluded.due, paid = excluded.paid,
         state = excluded.state, arrears_months = excluded.arrears_months, arrears = excluded.arrears,
         flag = excluded.flag, basis_from = excluded.basis_from, recheck_due = excluded.recheck_due,
         unpaid_run = excluded.unpaid_run, unpaid_since = excluded.unpaid_since`,
      [
        col('memberId'),
        col('orgId'),
        col('category'),
        col('baseFen'),
        col('relief'),
        col('due'),
        col('paid'),
        col('state'),
        col('arrearsMonths'),
        col('arrears'),
        col('flag'),
        col('basisFrom'),
        col('recheckDue'),
        col('unpaidRun'),
        col('unpaidSince'),
      ],
    );
  }
}

/**
 * A rebuild's member lines, by COPY into the emptied dues_line (each member once: the caller upserts a member's
 * second line with insertDuesLines).
 */
export async function copyDuesLines(db: Db, rows: readonly DuesLineRow[]): Promise<void> {
  if (!rows.length) return;
  await db.copyIn(
    'dues_line',
    [
      'member_id',
      'org_id',
      'category',
      'base_fen',
      'relief',
      'due',
      'paid',
      'state',
      'arrears_months',
      'arrears',
      'flag',
      'basis_from',
      'recheck_due',
      'unpaid_run',
      'unpaid_since',
    ],
    copyChunks(
      rows,
      (r) =>
        `${r.memberId}\t${r.orgId}\t${copyText(r.category)}\t${copyText(r.baseFen)}\t${copyText(r.relief)}\t${copyText(r.due)}\t${r.paid}\t${copyText(r.state)}\t${r.arrearsMonths}\t${r.arrears}\t${copyText(r.flag)}\t${copyText(r.basisFrom)}\t${r.recheckDue}\t${r.unpaidRun}\t${copyText(r.unpaidSince)}\n`,
    ),
  );
}

/** Empties the rollup (a rebuild, in its transaction). */
export async function clearDues(db: Db): Promise<void> {
  await db.query('DELETE FROM dues_roll');
  await db.query('DELETE FROM dues_own');
  await db.query('DELETE FROM dues_line');
  await db.query('DELETE FROM dues_dirty');
}

/** An org move: the moved subtree's cells (its own and its rolled) leave the old ancestors and join the new. */
export async function shiftDuesRoll(
  db: Db,
  orgId: number,
  oldAncestors: readonly number[],
  newAncestors: readonly number[],
): Promise<void> {
  const shift = ancestorShift(oldAncestors, newAncestors);
  if (!shift) return;
  const { gone, come } = shift;
  await db.query(
    `WITH tot AS (
       SELECT month, sum(members) AS n, sum(due) AS d, sum(paid) AS p, sum(unknown) AS u, sum(short) AS s,
              sum(arrears) AS a, sum(three_months) AS t, sum(six_months) AS x
         FROM (SELECT * FROM dues_own WHERE org_id = $1 UNION ALL SELECT * FROM dues_roll WHERE org_id = $1) c
        GROUP BY month),
     sides AS (SELECT x AS anc, -1 AS sign FROM unnest($2::int[]) x UNION ALL SELECT x, 1 FROM unnest($3::int[]) x)
     INSERT INTO dues_roll ${CELL_INSERT}
     SELECT anc, month, sign * n, sign * d, sign * p, sign * u, sign * s, sign * a, sign * t, sign * x
       FROM tot CROSS JOIN sides ORDER BY anc, month
     ON CONFLICT (org_id, month) DO UPDATE SET members = dues_roll.members + excluded.members,
       due = dues_roll.due + excluded.due, paid = dues_roll.paid + excluded.paid,
       unknown = dues_roll.unknown + excluded.unknown, short = dues_roll.short + excluded.short,
       arrears = dues_roll.arrears + excluded.arrears, three_months = dues_roll.three_months + excluded.three_months,
       six_months = dues_roll.six_months + excluded.six_months`,
    [orgId, gone, come],
  );
}

/** The subtree totals of orgs for months [from, to]: own + rolled cells per org and month. */
export async function duesTotals(
  db: Db,
  orgIds: readonly number[],
  from: string,
  to: string,
): Promise<DuesCellRow[]> {
  return db.query<DuesCellRow>(
    `SELECT org_id AS "orgId", to_char(month, 'YYYY-MM') AS month, sum(members)::int AS members,
            sum(due)::float8 AS due, sum(paid)::float8 AS paid, sum(unknown)::int AS unknown, sum(short)::int AS short,
            sum(arrears)::float8 AS arrears, sum(three_months)::int AS "threeMonths", sum(six_months)::int AS "sixMonths"
       FROM (SELECT * FROM dues_own WHERE org_id = ANY($1::int[]) AND month BETWEEN $2::date AND $3::date
             UNION ALL
             SELECT * FROM dues_roll WHERE org_id = ANY($1::int[]) AND month BETWEEN $2::date AND $3::date) c
      GROUP BY org_id, month`,
    [orgIds, `${from}-01`, `${to}-01`],
  );
}

/** The own cells of an org for a month (its own roster only). */
export async function duesOwnCell(db: Db, orgId: number, month: string): Promise<DuesCell | null> {
  const rows = await db.query<DuesCell>(
    `SELECT ${CELL_COLS} FROM dues_own WHERE org_id = $1 AND month = $2::date`,
    [orgId, `${month}-01`],
  );
  return rows[0] ?? null;
}

/** Filters of the member lines (the org tab's 按党员 list). */
export type DuesLineFilter = 'short' | 'flagged' | 'unknown' | 'recheck' | null;

/** A member line with who they are, for the status list. */
export interface DuesLineView extends Omit<DuesLineRow, 'unpaidRun' | 'unpaidSince'> {
  name: string;
  idNumber: string;
  orgCode: string;
  orgName: string;
  orgPath: string;
}

const LINE_COLS = `l.member_id AS "memberId", l.org_id AS "orgId", l.category, l.base_fen AS "baseFen", l.relief, l.due,
  l.paid, l.state, l.arrears_months AS "arrearsMonths", l.arrears, l.flag, l.basis_from AS "basisFrom",
  l.recheck_due AS "recheckDue", pe.name, pe.id_number AS "idNumber", o.code AS "orgCode", o.name AS "orgName",
  o.path AS "orgPath"`;
const LINE_FROM = `dues_line l JOIN org o ON o.id = l.org_id JOIN member m ON m.id = l.member_id
  JOIN person pe ON pe.id = m.person_id`;
const LINE_ORDER = `ORDER BY o.path, pe.name_sort COLLATE "C" NULLS LAST, l.member_id`;

/**
 * The member lines of a subtree (today's paths), in the order of the live status (org path, name), optionally
 * filtered and paged; with the number of lines matching.
 *
 * A page (decision 0050) is read in two statements: the lines matching per org of the subtree, in path order (no
 * member or person row read; the totals come from them), then the lines of only the orgs the page's range falls in,
 * with their members' names — the order is by org path first, so the page is the same as sorting the whole subtree,
 * without reading a name for each of its thousands of lines.
 */
export async function duesLines(
  db: Db,
  rootPath: string,
  q: { filter: DuesLineFilter; limit: number | null; offset: number },
): Promise<{ rows: DuesLineView[]; total: number; recheck: number }> {
  const where =
    q.filter === 'short'
      ? `AND l.state IN ('partial', 'unpaid')`
      : q.filter === 'flagged'
        ? 'AND l.flag IS NOT NULL'
        : q.filter === 'unknown'
          ? `AND l.state = 'unknown'`
          : q.filter === 'recheck'
            ? 'AND l.recheck_due'
            : '';
  const cond = where.replace(/^AND /, '') || 'true';
  // one pass over the subtree's lines: per org in path order, how many match and how many are due for the re-check
  const perOrg = await db.query<{ orgId: number; n: number; recheck: number }>(
    `SELECT l.org_id AS "orgId", (count(*) FILTER (WHERE ${cond}))::int AS n,
            (count(*) FILTER (WHERE l.recheck_due))::int AS recheck
       FROM dues_line l JOIN org o ON o.id = l.org_id WHERE o.path LIKE $1 || '%'
      GROUP BY l.org_id, o.path ORDER BY o.path`,
    [rootPath],
  );
  let total = 0;
  let recheck = 0;
  for (const r of perOrg) {
    total += r.n;
    recheck += r.recheck;
  }
  if (q.limit === null) {
    const rows = await db.query<DuesLineView>(
      `SELECT ${LINE_COLS} FROM ${LINE_FROM} WHERE o.path LIKE $1 || '%' ${where} ${LINE_ORDER}`,
      [rootPath],
    );
    return { rows, total, recheck };
  }
  // the orgs whose matching lines overlap [offset, offset + limit), and how many lines come before the first
  const end = q.offset + q.limit;
  const ids: number[] = [];
  let before = 0;
  let at = 0;
  for (const r of perOrg) {
    if (r.n > 0 && at + r.n > q.offset && at < end) {
      if (!ids.length) before = at;
      ids.push(r.orgId);
    }
    at += r.n;
    if (at >= end) break;
  }
  if (!ids.length) return { rows: [], total, recheck };
  const rows = await db.query<DuesLineView>(
    `SELECT ${LINE_COLS} FROM ${LINE_FROM} WHERE l.org_id = ANY($1::int[]) ${where} ${LINE_ORDER}
      LIMIT $2 OFFSET $3`,
    [ids, q.limit, q.offset - before],
  );
  return { rows, total, recheck };
}
