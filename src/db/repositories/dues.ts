/**
 * SQL for dues (decision 0020): a member's dues records (bases, reliefs, payments), the org's remittances, and the
 * facts dues are judged from for every member of a subtree in one set-based query.
 */
import type { Db } from '../client.js';
import { esc as copyText } from '../member-columns.js';
import type { DuesCategory, DuesMethod, DuesReliefKind } from '../../shared/codes.js';
import type { IsoDate } from '../../shared/dates.js';
import { onRoster, recordMarkOf, rosterOfMonths, type OrgSet, type RecordMark } from '../sql.js';

/** `2026-03` as the first day of the month. */
const m2d = (m: string) => `${m}-01`;

export interface BasisRow {
  id: number;
  memberId: number;
  category: DuesCategory;
  baseFen: number | null;
  fromMonth: string;
  note: string | null;
  createdAt: string;
}

export interface ReliefRow {
  id: number;
  memberId: number;
  kind: DuesReliefKind;
  monthlyFen: number | null;
  fromMonth: string;
  toMonth: string | null;
  approvedBy: string;
  approvedOn: IsoDate;
  reason: string | null;
  createdAt: string;
}

export interface PaymentRow {
  id: number;
  memberId: number;
  orgId: number;
  fromMonth: string;
  toMonth: string;
  amountFen: number;
  voluntaryFen: number;
  paidOn: IsoDate;
  method: DuesMethod;
  channel: 'branch' | 'import' | 'online';
  paidBy: string | null;
  note: string | null;
  createdAt: string;
  /** the payment's mark from its latest on-site verification (抽查核实, decision 0038) */
  verification: RecordMark;
}

export interface RemittanceRow {
  id: number;
  orgId: number;
  orgCode: string;
  orgName: string;
  month: string;
  remittedOn: IsoDate;
  amountFen: number;
  note: string | null;
  createdAt: string;
}

const BASIS_COLS = `b.id, b.member_id AS "memberId", b.category, b.base_fen AS "baseFen",
  to_char(b.from_month, 'YYYY-MM') AS "fromMonth", b.note, b.created_at::text AS "createdAt"`;
const RELIEF_COLS = `r.id, r.member_id AS "memberId", r.kind, r.monthly_fen AS "monthlyFen",
  to_char(r.from_month, 'YYYY-MM') AS "fromMonth", to_char(r.to_month, 'YYYY-MM') AS "toMonth",
  r.approved_by AS "approvedBy", r.approved_on::text AS "approvedOn", r.reason, r.created_at::text AS "createdAt"`;
const PAYMENT_COLS = `p.id, p.member_id AS "memberId", p.org_id AS "orgId", to_char(p.from_month, 'YYYY-MM') AS "fromMonth",
  to_char(p.to_month, 'YYYY-MM') AS "toMonth", p.amount_fen AS "amountFen", p.voluntary_fen AS "voluntaryFen",
  p.paid_on::text AS "paidOn", p.method, p.channel, p.paid_by AS "paidBy", p.note, p.created_at::text AS "createdAt",
  ${recordMarkOf('dues_payment', 'p.id')} AS verification`;
const REMITTANCE_COLS = `t.id, t.org_id AS "orgId", o.code AS "orgCode", o.name AS "orgName",
  to_char(t.month, 'YYYY-MM') AS month, t.remitted_on::text AS "remittedOn", t.amount_fen AS "amountFen", t.note,
  t.created_at::text AS "createdAt"`;

// ------------------------------------------------------------------------------------------------ one member

export async function basesOf(db: Db, memberId: number): Promise<BasisRow[]> {
  return db.query<BasisRow>(
    `SELECT ${BASIS_COLS} FROM dues_basis b WHERE b.member_id = $1 ORDER BY b.from_month`,
    [memberId],
  );
}

export async function reliefsOf(db: Db, memberId: number): Promise<ReliefRow[]> {
  return db.query<ReliefRow>(
    `SELECT ${RELIEF_COLS} FROM dues_relief r WHERE r.member_id = $1 ORDER BY r.from_month, r.id`,
    [memberId],
  );
}

export async function paymentsOf(db: Db, memberId: number): Promise<PaymentRow[]> {
  return db.query<PaymentRow>(
    `SELECT ${PAYMENT_COLS} FROM dues_payment p WHERE p.member_id = $1 ORDER BY p.paid_on, p.id`,
    [memberId],
  );
}

export async function paymentById(db: Db, id: number): Promise<(PaymentRow & { orgPath: string }) | null> {
  const rows = await db.query<PaymentRow & { orgPath: string }>(
    `SELECT ${PAYMENT_COLS}, o.path AS "orgPath" FROM dues_payment p JOIN org o ON o.id = p.org_id WHERE p.id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

/** The days [from, to) a member was on the roster (probationary or full), in order. */
export async function owingSpans(db: Db, memberId: number): Promise<{ from: IsoDate; to: IsoDate | null }[]> {
  return db.query(
    `SELECT per.valid_from::text AS "from", per.valid_to::text AS "to" FROM member_period per
      WHERE per.member_id = $1 AND ${onRoster('per.status')} ORDER BY per.valid_from`,
    [memberId],
  );
}

/** Records a basis from a month on; one already recorded for the member and month is replaced. */
export async function upsertBasis(
  db: Db,
  v: {
    memberId: number;
    category: DuesCategory;
    baseFen: number | null;
    fromMonth: string;
    note: string | null;
  },
  createdBy: number | null,
): Promise<{ id: number; changed: boolean }> {
  const rows = await db.query<{ id: number }>(
    `INSERT INTO dues_basis (member_id, category, base_fen, from_month, note, created_by)
     VALUES ($1, $2, $3, $4::date, $5, $6)
     ON CONFLICT (member_id, from_month) DO UPDATE
        SET category = excluded.category, base_fen = excluded.base_fen, note = excluded.note
      WHERE dues_basis.category IS DISTINCT FROM excluded.category
         OR dues_basis.base_fen IS DISTINCT FROM excluded.base_fen
         OR dues_basis.note IS DISTINCT FROM excluded.note
     RETURNING id`,
    [v.memberId, v.category, v.baseFen, m2d(v.fromMonth), v.note, createdBy],
  );
  if (rows[0]) return { id: rows[0].id, changed: true };
  const [r] = await db.query<{ id: number }>(
    'SELECT id FROM dues_basis WHERE member_id = $1 AND from_month = $2::date',
    [v.memberId, m2d(v.fromMonth)],
  );
  return { id: r!.id, changed: false };
}

export async function deleteBasis(db: Db, memberId: number, id: number): Promise<boolean> {
  const r = await db.query('DELETE FROM dues_basis WHERE id = $1 AND member_id = $2 RETURNING id', [
    id,
    memberId,
  ]);
  return r.length > 0;
}

export async function insertRelief(
  db: Db,
  v: {
    memberId: number;
    kind: DuesReliefKind;
    monthlyFen: number | null;
    fromMonth: string;
    toMonth: string | null;
    approvedBy: string;
    approvedOn: IsoDate;
    reason: string | null;
  },
  createdBy: number | null,
): Promise<number> {
  const [r] = await db.query<{ id: number }>(
    `INSERT INTO dues_relief (member_id, kind, monthly_fen, from_month, to_month, approved_by, approved_on, reason,
                              created_by)
     VALUES ($1, $2, $3, $4::date, $5::date, $6, $7, $8, $9) RETURNING id`,
    [
      v.memberId,
      v.kind,
      v.monthlyFen,
      m2d(v.fromMonth),
      v.toMonth ? m2d(v.toMonth) : null,
      v.approvedBy,
      v.approvedOn,
      v.reason,
      createdBy,
    ],
  );
  return r!.id;
}

export async function deleteRelief(db: Db, memberId: number, id: number): Promise<boolean> {
  const r = await db.query('DELETE FROM dues_relief WHERE id = $1 AND member_id = $2 RETURNING id', [
    id,
    memberId,
  ]);
  return r.length > 0;
}

/** A payment to record: a stored payment without what the database gives it. */
export type NewPayment = Omit<PaymentRow, 'id' | 'createdAt' | 'verification'>;

/** Writes a payment; null when the same payment (its identity: member, months, day, amounts) is already there. */
export async function insertPayment(db: Db, v: NewPayment, createdBy: number | null): Promise<number | null> {
  const rows = await db.query<{ id: number }>(
    `INSERT INTO dues_payment (member_id, org_id, from_month, to_month, amount_fen, voluntary_fen, paid_on, method,
                               channel, paid_by, note, created_by)
     VALUES ($1, $2, $3::date, $4::date, $5, $6, $7, $8, $9, $10, $11, $12)
     ON CONFLICT (member_id, from_month, to_month, paid_on, amount_fen, voluntary_fen) DO NOTHING RETURNING id`,
    [
      v.memberId,
      v.orgId,
      m2d(v.fromMonth),
      m2d(v.toMonth),
      v.amountFen,
      v.voluntaryFen,
      v.paidOn,
      v.method,
      v.channel,
      v.paidBy,
      v.note,
      createdBy,
    ],
  );
  return rows[0]?.id ?? null;
}

/**
 * Many payments at once (an import): those already there (the payment identity) are skipped; how many were written
 * and the range of their ids (for the import's audit entry).
 */
export async function insertPayments(
  db: Db,
  rows: readonly NewPayment[],
  createdBy: number | null,
): Promise<{ n: number; firstId: number | null; lastId: number | null }> {
  if (!rows.length) return { n: 0, firstId: null, lastId: null };
  // the rows go to a temporary table by COPY (no parameter array per column to build and parse), the ones already
  // recorded are deleted from it by one join on the payment identity (a re-import probes nothing row by row), and the
  // rest inserted by one statement — ON CONFLICT still skips a payment a concurrent writer recorded meanwhile
  await db.query(
    `CREATE TEMP TABLE jiceng_payment_in (member_id int NOT NULL, org_id int NOT NULL, from_month date NOT NULL,
       to_month date NOT NULL, amount_fen int NOT NULL, voluntary_fen int NOT NULL, paid_on date NOT NULL,
       method text NOT NULL, channel text NOT NULL, paid_by text, note text) ON COMMIT DROP`,
  );
  await db.copyIn(
    'jiceng_payment_in',
    [
      'member_id',
      'org_id',
      'from_month',
      'to_month',
      'amount_fen',
      'voluntary_fen',
      'paid_on',
      'method',
      'channel',
      'paid_by',
      'note',
    ],
    paymentCopyChunks(rows),
  );
  await db.query('ANALYZE jiceng_payment_in');
  // a statement of its own: inside the INSERT the anti-join would scan the pages the INSERT is adding
  await db.query(
    `DELETE FROM jiceng_payment_in x USING dues_payment p
      WHERE p.member_id = x.member_id AND p.from_month = x.from_month AND p.to_month = x.to_month
        AND p.paid_on = x.paid_on AND p.amount_fen = x.amount_fen AND p.voluntary_fen = x.voluntary_fen`,
  );
  const [r] = await db.query<{ n: number; firstId: number | null; lastId: number | null }>(
    `WITH ins AS (
       INSERT INTO dues_payment (member_id, org_id, from_month, to_month, amount_fen, voluntary_fen, paid_on, method,
                                 channel, paid_by, note, created_by)
       SELECT x.member_id, x.org_id, x.from_month, x.to_month, x.amount_fen, x.voluntary_fen, x.paid_on, x.method,
              x.channel, x.paid_by, x.note, $1
         FROM jiceng_payment_in x
       ON CONFLICT (member_id, from_month, to_month, paid_on, amount_fen, voluntary_fen) DO NOTHING RETURNING id)
     SELECT count(*)::int AS n, min(id) AS "firstId", max(id) AS "lastId" FROM ins`,
    [createdBy],
  );
  await db.query('DROP TABLE jiceng_payment_in');
  return r ?? { n: 0, firstId: null, lastId: null };
}

/** COPY text of payments, 20,000 rows a chunk (PGlite takes each chunk into one blob). */
function* paymentCopyChunks(rows: readonly NewPayment[]): Iterable<string> {
  const text = (v: string | null) => (v === null ? '\\N' : copyText(v));
  for (let i = 0; i < rows.length; i += 20_000) {
    let s = '';
    for (const r of rows.slice(i, i + 20_000))
      s += `${r.memberId}\t${r.orgId}\t${r.fromMonth}-01\t${r.toMonth}-01\t${r.amountFen}\t${r.voluntaryFen}\t${r.paidOn}\t${text(r.method)}\t${text(r.channel)}\t${text(r.paidBy)}\t${text(r.note)}\n`;
    yield s;
  }
}

/**
 * The foreign-key check of payments written without the per-row triggers (an import): every member and org they
 * name looked up once and key-share locked until commit, as each row's check would. Whether all exist.
 */
export async function lockPaymentKeys(
  db: Db,
  memberIds: readonly number[],
  orgIds: readonly number[],
): Promise<boolean> {
  const m = [...new Set(memberIds)];
  const o = [...new Set(orgIds)];
  const [r] = await db.query<{ m: number; o: number }>(
    `SELECT (SELECT count(*)::int FROM (SELECT id FROM member WHERE id = ANY($1::int[]) FOR KEY SHARE) x) AS m,
            (SELECT count(*)::int FROM (SELECT id FROM org WHERE id = ANY($2::int[]) FOR KEY SHARE) y) AS o`,
    [m, o],
  );
  return r?.m === m.length && r?.o === o.length;
}

/** Marks the members' orgs for the dues rollup (a write that ran with the statement triggers off). */
export async function markDuesDirty(db: Db, memberIds: readonly number[]): Promise<void> {
  await db.query(
    `INSERT INTO dues_dirty (org_id) SELECT DISTINCT org_id FROM member_period WHERE member_id = ANY($1::int[])
     ON CONFLICT DO NOTHING`,
    [[...new Set(memberIds)]],
  );
}

export async function deletePayment(db: Db, id: number): Promise<boolean> {
  const r = await db.query('DELETE FROM dues_payment WHERE id = $1 RETURNING id', [id]);
  return r.length > 0;
}

export async function insertRemittance(
  db: Db,
  v: { orgId: number; month: string; remittedOn: IsoDate; amountFen: number; note: string | null },
  createdBy: number | null,
): Promise<number> {
  const [r] = await db.query<{ id: number }>(
    `INSERT INTO dues_remittance (org_id, month, remitted_on, amount_fen, note, created_by)
     VALUES ($1, $2::date, $3, $4, $5, $6) RETURNING id`,
    [v.orgId, m2d(v.month), v.remittedOn, v.amountFen, v.note, createdBy],
  );
  return r!.id;
}

export async function remittanceById(
  db: Db,
  id: number,
): Promise<(RemittanceRow & { orgPath: string }) | null> {
  const rows = await db.query<RemittanceRow & { orgPath: string }>(
    `SELECT ${REMITTANCE_COLS}, o.path AS "orgPath" FROM dues_remittance t JOIN org o ON o.id = t.org_id WHERE t.id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

export async function deleteRemittance(db: Db, id: number): Promise<boolean> {
  const r = await db.query('DELETE FROM dues_remittance WHERE id = $1 RETURNING id', [id]);
  return r.length > 0;
}

/** The remittances of the orgs of a subtree for months [from, to] (inclusive), by org path and month. */
export async function remittancesIn(
  db: Db,
  rootPath: string,
  from: string,
  to: string,
): Promise<(RemittanceRow & { orgPath: string })[]> {
  return db.query(
    `SELECT ${REMITTANCE_COLS}, o.path AS "orgPath" FROM dues_remittance t JOIN org o ON o.id = t.org_id
      WHERE o.path LIKE $1 || '%' AND t.month >= $2::date AND t.month <= $3::date
      ORDER BY o.path, t.month, t.remitted_on, t.id`,
    [rootPath, m2d(from), m2d(to)],
  );
}

// ------------------------------------------------------------------------------------------------ a subtree

/** One member of a subtree with everything their dues are judged from. */
export interface MemberDuesRow {
  memberId: number;
  name: string;
  idNumber: string;
  status: string;
  joinedOn: IsoDate;
  /** the org of the subtree they were on the roster of in the months asked (the latest) */
  orgId: number;
  orgCode: string;
  orgName: string;
  orgPath: string;
  /** [from, to) days on the roster, anywhere */
  owing: [IsoDate, IsoDate | null][];
  /** [category, baseFen, fromMonth] */
  bases: [DuesCategory, number | null, string][];
  /** [kind, monthlyFen, fromMonth, toMonth] */
  reliefs: [DuesReliefKind, number | null, string, string | null][];
  /** [id, fromMonth, toMonth, amountFen, paidOn, voluntaryFen] */
  payments: [number, string, string, number, IsoDate, number][];
}

/**
 * Every member on the roster of an org of the set (a subtree's path, or org ids) on some day of the months [from, to]
 * (`YYYY-MM`, inclusive) — listed under the org of their latest such period (`rosterOfMonths`) — or the members
 * with these ids, with their roster spans, bases, reliefs and the payments made on or before `asOf`: one statement,
 * the records of all members read by member id.
 */
export async function duesFacts(
  db: Db,
  set: OrgSet | { members: readonly number[] },
  from: string,
  to: string,
  asOf: IsoDate,
): Promise<MemberDuesRow[]> {
  const by = typeof set === 'string' ? 'path' : 'members' in set ? 'members' : 'orgs';
  return db.query<MemberDuesRow>(
    `WITH mem AS MATERIALIZED (${rosterOfMonths(by, '$1', '$2', '$3')}),
     own AS (
       SELECT per.member_id, json_agg(json_build_array(per.valid_from, per.valid_to) ORDER BY per.valid_from) AS a
         FROM member_period per JOIN mem ON mem.member_id = per.member_id
        WHERE ${onRoster('per.status')} GROUP BY per.member_id),
     bas AS (
       SELECT b.member_id, json_agg(json_build_array(b.category, b.base_fen, to_char(b.from_month, 'YYYY-MM'))
                                     ORDER BY b.from_month) AS a
         FROM dues_basis b JOIN mem ON mem.member_id = b.member_id GROUP BY b.member_id),
     rel AS (
       SELECT r.member_id, json_agg(json_build_array(r.kind, r.monthly_fen, to_char(r.from_month, 'YYYY-MM'),
                                                      to_char(r.to_month, 'YYYY-MM')) ORDER BY r.from_month) AS a
         FROM dues_relief r JOIN mem ON mem.member_id = r.member_id GROUP BY r.member_id),
     pay AS (
       SELECT p.member_id, json_agg(json_build_array(p.id, to_char(p.from_month, 'YYYY-MM'),
                                                      to_char(p.to_month, 'YYYY-MM'), p.amount_fen, p.paid_on,
                                                      p.voluntary_fen) ORDER BY p.paid_on, p.id) AS a
         FROM dues_payment p JOIN mem ON mem.member_id = p.member_id
        WHERE p.paid_on <= $4::date GROUP BY p.member_id)
     SELECT mem.member_id AS "memberId", pe.name, pe.id_number AS "idNumber", m.status, m.joined_on::text AS "joinedOn",
            o.id AS "orgId", o.code AS "orgCode", o.name AS "orgName", o.path AS "orgPath",
            coalesce(own.a, '[]'::json) AS owing, coalesce(bas.a, '[]'::json) AS bases,
            coalesce(rel.a, '[]'::json) AS reliefs,
            coalesce(pay.a, '[]'::json) AS payments
       FROM mem JOIN member m ON m.id = mem.member_id JOIN person pe ON pe.id = m.person_id
       JOIN org o ON o.id = mem.org_id
       LEFT JOIN own ON own.member_id = mem.member_id LEFT JOIN bas ON bas.member_id = mem.member_id
       LEFT JOIN rel ON rel.member_id = mem.member_id LEFT JOIN pay ON pay.member_id = mem.member_id
      ORDER BY o.path, pe.name_sort COLLATE "C" NULLS LAST, mem.member_id`,
    [typeof set === 'string' || !('members' in set) ? set : set.members, `${from}-01`, `${to}-01`, asOf],
  );
}

/** The payments collected by the orgs of a subtree that cover a month or were paid in it (the collection sheet). */
export async function paymentsForMonth(
  db: Db,
  rootPath: string,
  month: string,
): Promise<(PaymentRow & { name: string; orgCode: string; orgName: string })[]> {
  return db.query(
    `SELECT ${PAYMENT_COLS}, pe.name, o.code AS "orgCode", o.name AS "orgName"
       FROM dues_payment p JOIN org o ON o.id = p.org_id JOIN member m ON m.id = p.member_id
       JOIN person pe ON pe.id = m.person_id
      WHERE o.path LIKE $1 || '%' AND p.from_month <= $2::date AND p.to_month >= $2::date
      ORDER BY o.path, p.paid_on, p.id`,
    [rootPath, m2d(month)],
  );
}

/**
 * What the members of a subtree paid on the days [from, end): the amounts, the voluntary extra and the part of it to
 * remit to the centre (one-off payments of `toCentreFen` or more) — one row of sums, read from the index entries of
 * `dues_payment_org_amounts_idx` (a county's month is ~45k payments of ~3,000 orgs; migration 0044).
 */
export async function collectedIn(
  db: Db,
  rootPath: string,
  from: IsoDate,
  end: IsoDate,
  toCentreFen: number,
): Promise<{ amountFen: number; voluntaryFen: number; toCentreFen: number }> {
  const [row] = await db.query<{ amountFen: number; voluntaryFen: number; toCentreFen: number }>(
    `SELECT coalesce(sum(p.amount_fen), 0)::bigint::float8 AS "amountFen",
            coalesce(sum(p.voluntary_fen), 0)::bigint::float8 AS "voluntaryFen",
            coalesce(sum(p.voluntary_fen) FILTER (WHERE p.voluntary_fen >= $4), 0)::bigint::float8 AS "toCentreFen"
       FROM org o JOIN dues_payment p ON p.org_id = o.id
      WHERE o.path LIKE $1 || '%' AND p.paid_on >= $2::date AND p.paid_on < $3::date`,
    [rootPath, from, end, toCentreFen],
  );
  return row!;
}

// ------------------------------------------------------------------------------------------------ imports

/** A member a ledger row names by ID number, with what their dues are checked against. */
export interface LedgerMemberRow {
  idNumber: string;
  memberId: number;
  name: string;
  orgId: number;
  orgPath: string;
  owing: [IsoDate, IsoDate | null][];
  bases: [DuesCategory, number | null, string][];
  reliefs: [DuesReliefKind, number | null, string, string | null][];
}

/**
 * The members with these ID numbers — each person's current membership, else their latest — with their roster
 * spans, bases and reliefs: one statement for a whole ledger.
 */
export async function ledgerMembers(db: Db, idNumbers: readonly string[]): Promise<LedgerMemberRow[]> {
  if (!idNumbers.length) return [];
  return db.query<LedgerMemberRow>(
    `WITH mem AS MATERIALIZED (
       SELECT DISTINCT ON (pe.id) pe.id_number, m.id AS member_id, pe.name, m.org_id
         FROM person pe JOIN member m ON m.person_id = pe.id
        WHERE pe.id_number = ANY($1::text[])
        ORDER BY pe.id, (m.status IN ('probationary','full','suspended')) DESC, m.joined_on DESC, m.id DESC),
     own AS (
       SELECT per.member_id, json_agg(json_build_array(per.valid_from, per.valid_to) ORDER BY per.valid_from) AS a
         FROM member_period per JOIN mem ON mem.member_id = per.member_id
        WHERE ${onRoster('per.status')} GROUP BY per.member_id),
     bas AS (
       SELECT b.member_id, json_agg(json_build_array(b.category, b.base_fen, to_char(b.from_month, 'YYYY-MM'))
                                    ORDER BY b.from_month) AS a
         FROM dues_basis b JOIN mem ON mem.member_id = b.member_id GROUP BY b.member_id),
     rel AS (
       SELECT r.member_id, json_agg(json_build_array(r.kind, r.monthly_fen, to_char(r.from_month, 'YYYY-MM'),
                                                     to_char(r.to_month, 'YYYY-MM')) ORDER BY r.from_month) AS a
         FROM dues_relief r JOIN mem ON mem.member_id = r.member_id GROUP BY r.member_id)
     SELECT mem.id_number AS "idNumber", mem.member_id AS "memberId", mem.name, o.id AS "orgId", o.path AS "orgPath",
            coalesce(own.a, '[]'::json) AS owing, coalesce(bas.a, '[]'::json) AS bases,
            coalesce(rel.a, '[]'::json) AS reliefs
       FROM mem JOIN org o ON o.id = mem.org_id
       LEFT JOIN own ON own.member_id = mem.member_id LEFT JOIN bas ON bas.member_id = mem.member_id
       LEFT JOIN rel ON rel.member_id = mem.member_id`,
    [idNumbers],
  );
}

/** Many bases at once (an import): new ones inserted, changed ones updated, the same ones left; the counts. */
export async function upsertBases(
  db: Db,
  rows: readonly { memberId: number; category: DuesCategory; baseFen: number | null; fromMonth: string }[],
  createdBy: number | null,
): Promise<{ inserted: number; updated: number }> {
  if (!rows.length) return { inserted: 0, updated: 0 };
  const [r] = await db.query<{ inserted: number; updated: number }>(
    `WITH up AS (
       INSERT INTO dues_basis (member_id, category, base_fen, from_month, created_by)
       SELECT x.member_id, x.category, x.base_fen, (x.from_month || '-01')::date, $5
         FROM unnest($1::int[], $2::text[], $3::int[], $4::text[]) AS x(member_id, category, base_fen, from_month)
       ON CONFLICT (member_id, from_month) DO UPDATE SET category = excluded.category, base_fen = excluded.base_fen
        WHERE dues_basis.category IS DISTINCT FROM excluded.category
           OR dues_basis.base_fen IS DISTINCT FROM excluded.base_fen
       RETURNING (xmax = 0) AS inserted)
     SELECT (count(*) FILTER (WHERE inserted))::int AS inserted, (count(*) FILTER (WHERE NOT inserted))::int AS updated
       FROM up`,
    [
      rows.map((x) => x.memberId),
      rows.map((x) => x.category),
      rows.map((x) => x.baseFen),
      rows.map((x) => x.fromMonth),
      createdBy,
    ],
  );
  return r ?? { inserted: 0, updated: 0 };
}
