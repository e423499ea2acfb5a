/**
 * SQL for recruitment (发展党员, decision 0025): cases and their dated steps, the applicant's person row, the
 * committees above a branch, who of a list was a full member on a day, a branch's full members on a day (the
 * general meeting's entitled voters), and the last admission of each branch of a subtree.
 */
import type { Db } from '../client.js';
import type { IsoDate } from '../../shared/dates.js';
import type { OrgKind, Sector } from '../../shared/codes.js';
import type { CaseStatus, StepData } from '../../domain/recruitment/judge.js';
import type { StepKind } from '../../policy/recruitment.js';
import type { StepWarning } from '../../domain/recruitment/judge.js';
import { validOn } from '../intervals.js';
import { inOrgSet, recordMarkOf, type OrgSet, type RecordMark } from '../sql.js';
import { ancestorShift } from './ancestor-shift.js';
import { serialPlans } from '../planner-stats.js';
import { INSERT_PERSON_SQL, personInsertValues, type NewPerson } from '../member-columns.js';
import type { NameKeys } from '../../domain/member/names.js';
import type { AdmittedRow } from '../../domain/recruitment/statistics.js';

export interface CaseRow {
  id: number;
  personId: number;
  orgId: number;
  orgCode: string;
  orgName: string;
  orgPath: string;
  status: CaseStatus;
  memberId: number | null;
  closedOn: IsoDate | null;
  closeReason: string | null;
  name: string;
  idNumber: string;
  sex: string;
  birthDate: IsoDate;
  ethnicity: string | null;
  education: string | null;
  occupation: string | null;
  phone: string | null;
}

const CASE_COLS = `c.id, c.person_id AS "personId", c.org_id AS "orgId", o.code AS "orgCode", o.name AS "orgName",
  o.path AS "orgPath", c.status, c.member_id AS "memberId", c.closed_on::text AS "closedOn",
  c.close_reason AS "closeReason", p.name, p.id_number AS "idNumber", p.sex, p.birth_date::text AS "birthDate",
  p.ethnicity, p.education, p.occupation, p.phone`;
const CASE_FROM = `recruitment_case c JOIN org o ON o.id = c.org_id JOIN person p ON p.id = c.person_id`;

export async function caseById(db: Db, id: number, lock = false): Promise<CaseRow | null> {
  const rows = await db.query<CaseRow>(
    `SELECT ${CASE_COLS} FROM ${CASE_FROM} WHERE c.id = $1${lock ? ' FOR UPDATE OF c' : ''}`,
    [id],
  );
  return rows[0] ?? null;
}

/** The cases of a subtree's orgs (by their current path), with the orgs' codes. */
export async function casesUnder(db: Db, path: string): Promise<CaseRow[]> {
  return db.query<CaseRow>(
    `SELECT ${CASE_COLS} FROM ${CASE_FROM} WHERE o.path LIKE $1 || '%' ORDER BY p.name_sort COLLATE "C", c.id`,
    [path],
  );
}

export interface StepRow {
  id: number;
  caseId: number;
  kind: StepKind;
  takenOn: IsoDate;
  data: StepData;
  rules: string;
  warnings: StepWarning[];
  /** the step's mark from its latest on-site verification (抽查核实, decision 0038) */
  verification: RecordMark;
}

const STEP_COLS = `s.id, s.case_id AS "caseId", s.kind, s.taken_on::text AS "takenOn", s.data, s.rules, s.warnings,
  ${recordMarkOf('recruitment_step', 's.id')} AS verification`;

export async function stepsOf(db: Db, caseIds: readonly number[]): Promise<StepRow[]> {
  if (!caseIds.length) return [];
  return db.query<StepRow>(
    `SELECT ${STEP_COLS} FROM recruitment_step s WHERE s.case_id = ANY($1::int[]) ORDER BY s.case_id, s.taken_on, s.id`,
    [caseIds],
  );
}

export async function insertPerson(db: Db, p: NewPerson, keys: NameKeys): Promise<number | null> {
  const [row] = await db.query<{ id: number }>(INSERT_PERSON_SQL, personInsertValues(p, keys));
  return row?.id ?? null;
}

export async function personIdByIdNumber(db: Db, idNumber: string): Promise<number | null> {
  const [r] = await db.query<{ id: number }>('SELECT id FROM person WHERE id_number = $1', [idNumber]);
  return r?.id ?? null;
}

/**
 * The person's open case (not ended), if any, with its org's path; `admitted`: the case has put the person on the
 * roster already (a probationary member's case, open until the confirmation).
 */
export async function openCaseOf(
  db: Db,
  personId: number,
): Promise<{ id: number; orgPath: string; orgName: string; admitted: boolean } | null> {
  const [r] = await db.query<{ id: number; orgPath: string; orgName: string; admitted: boolean }>(
    `SELECT c.id, o.path AS "orgPath", o.name AS "orgName", c.member_id IS NOT NULL AS admitted
       FROM recruitment_case c JOIN org o ON o.id = c.org_id
      WHERE c.person_id = $1 AND c.status IN ('applicant','activist','candidate','probationary')`,
    [personId],
  );
  return r ?? null;
}

export async function insertCase(
  db: Db,
  c: { personId: number; orgId: number; status: CaseStatus },
  createdBy: number | null,
): Promise<number> {
  const [r] = await db.query<{ id: number }>(
    'INSERT INTO recruitment_case (person_id, org_id, status, created_by) VALUES ($1, $2, $3, $4) RETURNING id',
    [c.personId, c.orgId, c.status, createdBy],
  );
  return r!.id;
}

export async function updateCase(
  db: Db,
  id: number,
  c: { status: CaseStatus; memberId: number | null; closedOn: IsoDate | null; closeReason: string | null },
): Promise<void> {
  await db.query(
    `UPDATE recruitment_case SET status = $2, member_id = $3, closed_on = $4, close_reason = $5 WHERE id = $1`,
    [id, c.status, c.memberId, c.closedOn, c.closeReason],
  );
}

export async function insertStep(
  db: Db,
  s: {
    caseId: number;
    orgId: number;
    kind: StepKind;
    takenOn: IsoDate;
    data: StepData;
    rules: string;
    warnings: StepWarning[];
  },
  recordedBy: number | null,
): Promise<number> {
  const [r] = await db.query<{ id: number }>(
    `INSERT INTO recruitment_step (case_id, org_id, kind, taken_on, data, rules, warnings, recorded_by)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7::jsonb, $8) RETURNING id`,
    [
      s.caseId,
      s.orgId,
      s.kind,
      s.takenOn,
      JSON.stringify(s.data),
      s.rules,
      JSON.stringify(s.warnings),
      recordedBy,
    ],
  );
  return r!.id;
}

export interface AboveRow {
  code: string;
  name: string;
  kind: OrgKind;
  sector: Sector;
}

/** The orgs above an org (by its current path), nearest first. */
export async function orgsAbove(db: Db, path: string): Promise<AboveRow[]> {
  const ids = path.split('/').filter(Boolean).map(Number).slice(0, -1);
  if (!ids.length) return [];
  const rows = await db.query<AboveRow & { depth: number }>(
    `SELECT code, name, kind, sector, depth FROM org WHERE id = ANY($1::int[]) ORDER BY depth DESC`,
    [ids],
  );
  return rows.map(({ depth: _d, ...r }) => r);
}

/** How many of these memberships were full members on the day. */
export async function fullMembersOn(db: Db, memberIds: readonly number[], on: IsoDate): Promise<number> {
  if (!memberIds.length) return 0;
  const [r] = await db.query<{ n: number }>(
    `SELECT count(DISTINCT per.member_id)::int AS n FROM member_period per
      WHERE per.member_id = ANY($1::int[]) AND ${validOn('per', '$2')} AND per.status = 'full'`,
    [memberIds, on],
  );
  return r!.n;
}

/** The full members on the org's own roster on the day (有表决权的正式党员). */
export async function entitledOn(db: Db, orgId: number, on: IsoDate): Promise<number> {
  const [r] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM member_period per
      WHERE per.org_id = $1 AND ${validOn('per', '$2')} AND per.status = 'full'`,
    [orgId, on],
  );
  return r!.n;
}

export interface BranchAdmission {
  code: string;
  name: string;
  kind: OrgKind;
  /** the latest join date (the general meeting's vote) of a membership that began in this org, on or before the day */
  lastAdmitted: IsoDate | null;
}

/**
 * Every active branch of the set (a subtree, or org ids) with the last day anyone joined the Party in it: the join date of a membership
 * whose first period was in the branch (so a member who moved in later does not count).
 */
export async function lastAdmissions(db: Db, set: OrgSet, on: IsoDate): Promise<BranchAdmission[]> {
  return db.query<BranchAdmission>(
    // the latest period of the org that began on its member's join date: the org's periods read newest first by
    // (org_id, valid_from), stopping at the first admission, rather than all of the org's history aggregated
    `SELECT o.code, o.name, o.kind,
            (SELECT per.valid_from::text FROM member_period per JOIN member m ON m.id = per.member_id
              WHERE per.org_id = o.id AND per.valid_from <= $2::date AND m.joined_on = per.valid_from
              ORDER BY per.valid_from DESC LIMIT 1) AS "lastAdmitted"
       FROM org o
      WHERE ${inOrgSet(set, 'o', '$1')} AND o.status = 'active' AND o.kind IN ('branch', 'joint_branch')
        AND (o.founded_on IS NULL OR o.founded_on <= $2::date)
      ORDER BY o.path`,
    [set, on],
  );
}

/**
 * The admissions of a subtree between two dates (inclusive): memberships that joined then and whose first period
 * was in an org of the subtree (the org that admitted them), with the person's facts (recruitment statistics).
 */
export async function admissionsUnder(
  db: Db,
  path: string,
  from: IsoDate,
  to: IsoDate,
): Promise<AdmittedRow[]> {
  return db.query<AdmittedRow>(
    `SELECT m.joined_on::text AS "joinedOn", p.sex, p.ethnicity, p.birth_date::text AS "birthDate",
            p.education, p.occupation
       FROM member m JOIN person p ON p.id = m.person_id
      WHERE m.joined_on BETWEEN $2::date AND $3::date
        AND EXISTS (SELECT 1 FROM member_period per JOIN org o ON o.id = per.org_id
                     WHERE per.member_id = m.id AND per.valid_from = m.joined_on AND o.path LIKE $1 || '%')`,
    [path, from, to],
  );
}

/** The confirmation days (转正) between two dates of members who were in an org of the subtree that day. */
export async function confirmationsUnder(
  db: Db,
  path: string,
  from: IsoDate,
  to: IsoDate,
): Promise<IsoDate[]> {
  const rows = await db.query<{ d: IsoDate }>(
    `SELECT m.confirmed_on::text AS d FROM member m
      WHERE m.confirmed_on BETWEEN $2::date AND $3::date
        AND EXISTS (SELECT 1 FROM member_period per JOIN org o ON o.id = per.org_id
                     WHERE per.member_id = m.id AND ${validOn('per', 'm.confirmed_on')} AND o.path LIKE $1 || '%')`,
    [path, from, to],
  );
  return rows.map((r) => r.d);
}

// --- the pipeline counts (decision 0042) --------------------------------------------------------------------------

/**
 * A subtree's open cases per status (the maintained `recruitment_roll`, migration 0034), with the org's path for the
 * caller's scope check; null when no org has the code. One primary-key range read.
 */
export async function pipelineCountsByCode(
  db: Db,
  code: string,
): Promise<{ path: string; counts: { status: string; cases: number }[] } | null> {
  const rows = await db.query<{ path: string; status: string | null; cases: number | null }>(
    `SELECT o.path, r.status, r.cases FROM org o LEFT JOIN recruitment_roll r ON r.org_id = o.id AND r.cases <> 0
      WHERE o.code = $1`,
    [code],
  );
  if (!rows.length) return null;
  return {
    path: rows[0]!.path,
    counts: rows.filter((r) => r.status !== null).map((r) => ({ status: r.status!, cases: r.cases! })),
  };
}

/** The subtree's counts moved from the old ancestors to the new (an org move; repositories/orgs.ts). */
export async function shiftRecruitmentRoll(
  db: Db,
  orgId: number,
  oldAncestors: readonly number[],
  newAncestors: readonly number[],
): Promise<void> {
  const shift = ancestorShift(oldAncestors, newAncestors);
  if (!shift) return;
  await db.query(
    `INSERT INTO recruitment_roll (org_id, status, cases)
     SELECT a.anc, r.status, a.sign * r.cases
       FROM recruitment_roll r
       CROSS JOIN (SELECT x, -1 FROM unnest($2::int[]) x UNION ALL SELECT x, 1 FROM unnest($3::int[]) x)
            AS a(anc, sign)
      WHERE r.org_id = $1 AND r.cases <> 0
      ORDER BY a.anc, r.status
     ON CONFLICT (org_id, status) DO UPDATE SET cases = recruitment_roll.cases + excluded.cases`,
    [orgId, shift.gone, shift.come],
  );
}

// --- the stored next deadlines (decision 0050) --------------------------------------------------------------------

/** A case as the judgement needs it: its status and closing date, with the names a list line shows. */
export interface CaseHead {
  id: number;
  status: CaseStatus;
  closedOn: IsoDate | null;
  name: string;
  orgCode: string;
  orgName: string;
}

const HEAD_COLS = `c.id, c.status, c.closed_on::text AS "closedOn", p.name, o.code AS "orgCode", o.name AS "orgName"`;

/** A step as the judgement needs it (no marks, rule set or warnings). */
export interface StepFact {
  caseId: number;
  kind: StepKind;
  takenOn: IsoDate;
  data: StepData;
}

const FACT_COLS = `s.case_id AS "caseId", s.kind, s.taken_on::text AS "takenOn", s.data`;

/** The steps of these cases as the judgement needs them, in date order. */
export async function stepFactsOf(db: Db, caseIds: readonly number[]): Promise<StepFact[]> {
  if (!caseIds.length) return [];
  return db.query<StepFact>(
    `SELECT ${FACT_COLS} FROM recruitment_step s WHERE s.case_id = ANY($1::int[]) ORDER BY s.case_id, s.taken_on, s.id`,
    [caseIds],
  );
}

/** The steps of every case of a subtree as the judgement needs them, in one statement. */
export async function stepFactsUnder(db: Db, path: string): Promise<StepFact[]> {
  return db.query<StepFact>(
    `SELECT ${FACT_COLS} FROM recruitment_step s JOIN org o ON o.id = s.org_id
      WHERE o.path LIKE $1 || '%' ORDER BY s.case_id, s.taken_on, s.id`,
    [path],
  );
}

/**
 * The cases of a subtree the overdue list must judge as of `asOf`: those whose stored earliest deadline is before
 * the day, and those without a usable one (not judged since written — `next_due` is then `-infinity` —, judged
 * after the day, or judged under another rule-set history). Every case has a row carrying its org (migration 0045),
 * so while every judged row is of today's history and judged on or before the day (three empty index probes of
 * `recruitment_due_rules_idx` tell), the candidates are one range of `recruitment_due_org_due_idx` per org of the
 * subtree; otherwise (the rule setting just changed, a past day asked) every case of the subtree is looked at.
 */
export async function overdueCandidates(
  db: Db,
  path: string,
  asOf: IsoDate,
  rules: string,
): Promise<CaseHead[]> {
  return db.query<CaseHead>(
    `WITH mixed AS (
       SELECT EXISTS (SELECT 1 FROM recruitment_due WHERE rules < $3)
           OR EXISTS (SELECT 1 FROM recruitment_due WHERE rules > $3)
           OR EXISTS (SELECT 1 FROM recruitment_due WHERE rules = $3 AND judged_on > $2::date) AS yes)
     SELECT ${HEAD_COLS}
       FROM org o JOIN recruitment_due d ON d.org_id = o.id
       -- the triggers keep the row's org the case's (migration 0045); a row that ever disagreed shows nowhere
       -- rather than under an org that does not own the case
       JOIN recruitment_case c ON c.id = d.case_id AND c.org_id = d.org_id JOIN person p ON p.id = c.person_id
      WHERE o.path LIKE $1 || '%' AND d.next_due < $2::date AND NOT (SELECT yes FROM mixed)
     UNION ALL
     SELECT ${HEAD_COLS}
       FROM recruitment_case c JOIN org o ON o.id = c.org_id JOIN person p ON p.id = c.person_id
       LEFT JOIN recruitment_due d ON d.case_id = c.id
      WHERE o.path LIKE $1 || '%' AND (SELECT yes FROM mixed)
        AND (d.case_id IS NULL OR d.next_due < $2::date OR d.judged_on > $2::date OR d.rules IS DISTINCT FROM $3)
      ORDER BY id`,
    [path, asOf, rules],
  );
}

/**
 * The overdue list's reads of a subtree (`overdueCandidates`, then their steps) in one transaction planned without
 * parallel workers (`serialPlans`).
 */
export async function overdueFacts(
  db: Db,
  path: string,
  asOf: IsoDate,
  rules: string,
): Promise<{ cases: CaseHead[]; steps: StepFact[] }> {
  return db.transaction(async (tx) => {
    await serialPlans(tx);
    const cases = await overdueCandidates(tx, path, asOf, rules);
    const steps = await stepFactsOf(
      tx,
      cases.map((c) => c.id),
    );
    return { cases, steps };
  });
}

/**
 * These cases locked for the judgement of their deadlines (a step written meanwhile waits: its foreign key check
 * locks the case), with their status and closing date.
 */
export async function lockCasesForDue(
  db: Db,
  caseIds: readonly number[],
): Promise<{ id: number; status: CaseStatus; closedOn: IsoDate | null }[]> {
  if (!caseIds.length) return [];
  return db.query<{ id: number; status: CaseStatus; closedOn: IsoDate | null }>(
    `SELECT c.id, c.status, c.closed_on::text AS "closedOn" FROM recruitment_case c
      WHERE c.id = ANY($1::int[]) ORDER BY c.id FOR UPDATE`,
    [caseIds],
  );
}

/**
 * Up to `limit` cases after the id `after` without a stored deadline under this rule-set history, by id (a caller
 * walks on from the last id: re-reading from the first case every time made filling 1.9M cases quadratic).
 */
export async function casesWithoutDue(db: Db, rules: string, limit: number, after = 0): Promise<number[]> {
  const rows = await db.query<{ id: number }>(
    `SELECT c.id FROM recruitment_case c LEFT JOIN recruitment_due d ON d.case_id = c.id
      WHERE c.id > $3 AND (d.case_id IS NULL OR d.rules IS DISTINCT FROM $1) ORDER BY c.id LIMIT $2`,
    [rules, limit, after],
  );
  return rows.map((r) => r.id);
}

/**
 * Stores the cases' judged deadlines (replacing older ones); `unjudged` (a step dated after the judging day) marks
 * the case's row due at once instead (every list judges it live), whatever history it was judged under before.
 */
export async function storeDue(
  db: Db,
  rows: readonly { caseId: number; nextDue: IsoDate | null | 'unjudged' }[],
  judgedOn: IsoDate,
  rules: string,
): Promise<void> {
  if (!rows.length) return;
  await db.query(
    `INSERT INTO recruitment_due (case_id, org_id, next_due, judged_on, rules)
     SELECT x.id, c.org_id, CASE WHEN x.unjudged THEN '-infinity'::date ELSE x.due END,
            CASE WHEN x.unjudged THEN NULL ELSE $4::date END, CASE WHEN x.unjudged THEN NULL ELSE $5 END
       FROM unnest($1::int[], $2::date[], $3::bool[]) AS x(id, due, unjudged) JOIN recruitment_case c ON c.id = x.id
      ORDER BY x.id
     ON CONFLICT (case_id) DO UPDATE
       SET org_id = excluded.org_id, next_due = excluded.next_due, judged_on = excluded.judged_on,
           rules = excluded.rules`,
    [
      rows.map((r) => r.caseId),
      rows.map((r) => (r.nextDue === 'unjudged' ? null : r.nextDue)),
      rows.map((r) => r.nextDue === 'unjudged'),
      judgedOn,
      rules,
    ],
  );
}
