/**
 * SQL for 换届 (decision 0023): each org's latest term and the latest approved move of its due date, for a subtree
 * in one statement; approved postponements and advances; elections as held.
 */
import type { Db } from '../client.js';
import type { IsoDate } from '../../shared/dates.js';
import type { OrgKind, Sector } from '../../shared/codes.js';
import { inOrgSet, onRoster, type OrgSet } from '../sql.js';
import { validOn } from '../intervals.js';

export interface OrgTermRow {
  orgId: number;
  code: string;
  name: string;
  kind: OrgKind;
  sector: Sector;
  path: string;
  termId: number | null;
  electedOn: IsoDate | null;
  termYears: number | null;
  termEndsOn: IsoDate | null;
  changeKind: 'postpone' | 'advance' | null;
  changeDueOn: IsoDate | null;
  approvedBy: string | null;
  documentNo: string | null;
  approvedOn: IsoDate | null;
}

/**
 * Every active org of the set (the subtree under a path, or org ids), in tree order, with its latest term elected on or before
 * `asOf` and that term's latest move approved on or before `asOf`.
 */
export async function subtreeTerms(db: Db, set: OrgSet, asOf: IsoDate): Promise<OrgTermRow[]> {
  return db.query<OrgTermRow>(
    `SELECT o.id AS "orgId", o.code, o.name, o.kind, o.sector, o.path,
            t.id AS "termId", t.elected_on::text AS "electedOn", t.term_years AS "termYears",
            t.term_ends_on::text AS "termEndsOn",
            c.kind AS "changeKind", c.due_on::text AS "changeDueOn", c.approved_by AS "approvedBy",
            c.document_no AS "documentNo", c.approved_on::text AS "approvedOn"
       FROM org o
       LEFT JOIN LATERAL (SELECT * FROM org_term t WHERE t.org_id = o.id AND t.elected_on <= $2::date
                           ORDER BY t.elected_on DESC, t.id DESC LIMIT 1) t ON true
       -- the term's changes through the change's (org_id, term_id) index: by term_id alone that index is read
       -- whole for every org (the 5M province's daily job waited 103 s on it); a change carries its term's org
       -- (recordTermChange and the demo write the term's org_id)
       LEFT JOIN LATERAL (SELECT * FROM org_term_change c
                           WHERE c.org_id = t.org_id AND c.term_id = t.id AND c.approved_on <= $2::date
                           ORDER BY c.approved_on DESC, c.id DESC LIMIT 1) c ON true
      WHERE ${inOrgSet(set, 'o', '$1')} AND o.status = 'active'
      ORDER BY o.path`,
    [set, asOf],
  );
}

export async function insertTermChange(
  db: Db,
  c: {
    orgId: number;
    termId: number;
    kind: 'postpone' | 'advance';
    dueOn: IsoDate;
    approvedBy: string;
    documentNo: string;
    approvedOn: IsoDate;
    note: string | null;
  },
  createdBy: number | null,
): Promise<number> {
  const [r] = await db.query<{ id: number }>(
    `INSERT INTO org_term_change (org_id, term_id, kind, due_on, approved_by, document_no, approved_on, note, created_by)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING id`,
    [c.orgId, c.termId, c.kind, c.dueOn, c.approvedBy, c.documentNo, c.approvedOn, c.note, createdBy],
  );
  return r!.id;
}

/** The id of the term just written for an org (its latest by election day). */
export async function latestTermId(db: Db, orgId: number): Promise<number | null> {
  const [r] = await db.query<{ id: number }>(
    'SELECT id FROM org_term WHERE org_id = $1 ORDER BY elected_on DESC, id DESC LIMIT 1',
    [orgId],
  );
  return r?.id ?? null;
}

export interface ElectionCandidateRow {
  memberId: number;
  name: string;
  votes: number;
  post: string | null;
  elected: boolean;
}

export interface ElectionRow {
  id: number;
  orgId: number;
  heldOn: IsoDate;
  method: 'general_meeting' | 'congress';
  entitled: number;
  present: number;
  candidates: ElectionCandidateRow[];
  valid: boolean;
  termId: number | null;
  note: string | null;
}

export async function insertElection(
  db: Db,
  e: Omit<ElectionRow, 'id'>,
  createdBy: number | null,
): Promise<number> {
  const [r] = await db.query<{ id: number }>(
    `INSERT INTO election (org_id, held_on, method, entitled, present, candidates, valid, term_id, note, created_by)
     VALUES ($1,$2,$3,$4,$5,$6::jsonb,$7,$8,$9,$10) RETURNING id`,
    [
      e.orgId,
      e.heldOn,
      e.method,
      e.entitled,
      e.present,
      JSON.stringify(e.candidates),
      e.valid,
      e.termId,
      e.note,
      createdBy,
    ],
  );
  return r!.id;
}

export async function electionsOf(db: Db, orgId: number): Promise<ElectionRow[]> {
  return db.query<ElectionRow>(
    `SELECT id, org_id AS "orgId", held_on::text AS "heldOn", method, entitled, present, candidates, valid,
            term_id AS "termId", note
       FROM election WHERE org_id = $1 ORDER BY held_on DESC, id DESC`,
    [orgId],
  );
}

/** The approved moves of an org's terms, latest first. */
export async function termChangesOf(
  db: Db,
  orgId: number,
): Promise<
  {
    id: number;
    termId: number;
    kind: 'postpone' | 'advance';
    dueOn: IsoDate;
    approvedBy: string;
    documentNo: string;
    approvedOn: IsoDate;
    note: string | null;
  }[]
> {
  return db.query(
    `SELECT id, term_id AS "termId", kind, due_on::text AS "dueOn", approved_by AS "approvedBy",
            document_no AS "documentNo", approved_on::text AS "approvedOn", note
       FROM org_term_change WHERE org_id = $1 ORDER BY approved_on DESC, id DESC`,
    [orgId],
  );
}

/**
 * The candidates named, with their names and whether each is on the roster of an org of the subtree at `path` on
 * `on` (a member of a branch below may be elected to a general branch's committee).
 */
export async function candidatesOn(
  db: Db,
  memberIds: readonly number[],
  path: string,
  on: IsoDate,
): Promise<{ memberId: number; name: string }[]> {
  if (!memberIds.length) return [];
  return db.query(
    `SELECT DISTINCT per.member_id AS "memberId", pe.name
       FROM member_period per JOIN org o ON o.id = per.org_id JOIN member m ON m.id = per.member_id
       JOIN person pe ON pe.id = m.person_id
      WHERE per.member_id = ANY($1::int[]) AND o.path LIKE $2 || '%' AND ${onRoster('per.status')}
        AND ${validOn('per', '$3::date')}`,
    [memberIds, path, on],
  );
}

/** The full members on the org's own roster on a day (those with a vote at a 党员大会, 选举工作条例 第五条). */
export async function fullMembersOn(db: Db, orgId: number, on: IsoDate): Promise<number> {
  const [r] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM member_period per
      WHERE per.org_id = $1 AND per.status = 'full' AND ${validOn('per', '$2::date')}`,
    [orgId, on],
  );
  return r?.n ?? 0;
}
