/**
 * SQL for weak-org screening and rectification cases (decision 0033): the village-level orgs a screening covers,
 * township officers' observations, the county's confirmations, and the cases with their measures, progress
 * entries and acceptances.
 */
import type { Db } from '../client.js';
import type { IsoDate } from '../../shared/dates.js';
import type { ObservationKind } from '../../domain/screening/suggest.js';

export interface ScreenedOrg {
  id: number;
  code: string;
  name: string;
  path: string;
  township: string | null;
}

/**
 * The village-level party orgs of a subtree on a day (村、社区党组织 — the unit the statistics form counts): an
 * org of the village or community sector that is not an area's committee, whose parent is not itself such an org
 * (a village's general branch counts, its branches under it do not), existing that day. The tree as it is today (moves are not replayed).
 */
export async function screenedOrgs(db: Db, path: string, on: IsoDate): Promise<ScreenedOrg[]> {
  return db.query<ScreenedOrg>(
    `SELECT o.id, o.code, o.name, o.path, p.name AS township FROM org o LEFT JOIN org p ON p.id = o.parent_id
      WHERE o.path LIKE $1 || '%' AND o.sector IN ('village','community')
        AND (p.id IS NULL OR p.sector NOT IN ('village','community')
             OR p.kind IN ('local_committee','township_committee','working_committee'))
        AND o.kind NOT IN ('local_committee','township_committee','working_committee')
        AND (o.founded_on IS NULL OR o.founded_on <= $2::date)
        AND (o.dissolved_on IS NULL OR o.dissolved_on > $2::date)
      ORDER BY o.path`,
    [path, on],
  );
}

export interface ObservationRow {
  id: number;
  orgId: number;
  orgCode: string;
  orgName: string;
  orgPath: string;
  kind: ObservationKind;
  observedOn: IsoDate;
  weakType: number | null;
  count: number | null;
  respondents: number | null;
  satisfied: number | null;
  note: string;
  author: string;
}

const OBS_COLS = `s.id, s.org_id AS "orgId", o.code AS "orgCode", o.name AS "orgName", o.path AS "orgPath", s.kind,
  s.observed_on::text AS "observedOn", s.weak_type AS "weakType", s.count, s.respondents, s.satisfied, s.note,
  coalesce(u.display_name, u.username, '系统') AS author`;
const OBS_FROM = `screening_observation s JOIN org o ON o.id = s.org_id LEFT JOIN app_user u ON u.id = s.recorded_by`;

/** The observations of a subtree's orgs dated in [from, to]. */
export async function observationsUnder(
  db: Db,
  path: string,
  from: IsoDate,
  to: IsoDate,
): Promise<ObservationRow[]> {
  return db.query<ObservationRow>(
    `SELECT ${OBS_COLS} FROM ${OBS_FROM} WHERE o.path LIKE $1 || '%' AND s.observed_on BETWEEN $2::date AND $3::date
      ORDER BY s.observed_on DESC, s.id DESC`,
    [path, from, to],
  );
}

export async function observationById(db: Db, id: number): Promise<ObservationRow | null> {
  const [r] = await db.query<ObservationRow>(`SELECT ${OBS_COLS} FROM ${OBS_FROM} WHERE s.id = $1`, [id]);
  return r ?? null;
}

export async function insertObservation(
  db: Db,
  o: {
    orgId: number;
    kind: ObservationKind;
    observedOn: IsoDate;
    weakType: number | null;
    count: number | null;
    respondents: number | null;
    satisfied: number | null;
    note: string;
  },
  by: number | null,
): Promise<number> {
  const [r] = await db.query<{ id: number }>(
    `INSERT INTO screening_observation (org_id, kind, observed_on, weak_type, count, respondents, satisfied, note, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [o.orgId, o.kind, o.observedOn, o.weakType, o.count, o.respondents, o.satisfied, o.note, by],
  );
  return r!.id;
}

export async function deleteObservationRow(db: Db, id: number): Promise<void> {
  await db.query('DELETE FROM screening_observation WHERE id = $1', [id]);
}

export interface ConfirmationRow {
  id: number;
  orgId: number;
  orgCode: string;
  orgName: string;
  orgPath: string;
  year: number;
  types: number[];
  reason: string;
  problems: string;
  confirmedOn: IsoDate;
  source: 'manual' | 'import';
}

const CONF_COLS = `c.id, c.org_id AS "orgId", o.code AS "orgCode", o.name AS "orgName", o.path AS "orgPath", c.year,
  c.types, c.reason, c.problems, c.confirmed_on::text AS "confirmedOn", c.source`;

/** The confirmations of a subtree's orgs for a year, confirmed by `on`. */
export async function confirmationsUnder(
  db: Db,
  path: string,
  year: number,
  on: IsoDate,
): Promise<ConfirmationRow[]> {
  return db.query<ConfirmationRow>(
    `SELECT ${CONF_COLS} FROM screening_confirmation c JOIN org o ON o.id = c.org_id
      WHERE o.path LIKE $1 || '%' AND c.year = $2 AND c.confirmed_on <= $3::date ORDER BY o.path`,
    [path, year, on],
  );
}

export async function confirmationOf(
  db: Db,
  orgId: number,
  year: number,
  lock = false,
): Promise<ConfirmationRow | null> {
  const [r] = await db.query<ConfirmationRow>(
    `SELECT ${CONF_COLS} FROM screening_confirmation c JOIN org o ON o.id = c.org_id
      WHERE c.org_id = $1 AND c.year = $2${lock ? ' FOR UPDATE OF c' : ''}`,
    [orgId, year],
  );
  return r ?? null;
}

export async function insertConfirmation(
  db: Db,
  c: {
    orgId: number;
    year: number;
    types: number[];
    reason: string;
    problems: string;
    confirmedOn: IsoDate;
    source: 'manual' | 'import';
  },
  by: number | null,
): Promise<number> {
  const [r] = await db.query<{ id: number }>(
    `INSERT INTO screening_confirmation (org_id, year, types, reason, problems, confirmed_on, source, confirmed_by)
     VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7, $8) RETURNING id`,
    [c.orgId, c.year, JSON.stringify(c.types), c.reason, c.problems, c.confirmedOn, c.source, by],
  );
  return r!.id;
}

export async function updateConfirmation(
  db: Db,
  id: number,
  c: { types: number[]; reason: string; problems: string; confirmedOn: IsoDate },
): Promise<void> {
  await db.query(
    `UPDATE screening_confirmation SET types = $2::jsonb, reason = $3, problems = $4, confirmed_on = $5 WHERE id = $1`,
    [id, JSON.stringify(c.types), c.reason, c.problems, c.confirmedOn],
  );
}

export interface CaseRow {
  id: number;
  confirmationId: number;
  orgId: number;
  orgCode: string;
  orgName: string;
  orgPath: string;
  year: number;
  types: number[];
  reason: string;
  confirmedOn: IsoDate;
  problems: string;
  liaisonLeader: string | null;
  pairingUnit: string | null;
  firstSecretary: string | null;
  firstSecretaryUnit: string | null;
  firstSecretaryFrom: IsoDate | null;
  firstSecretaryTo: IsoDate | null;
  residentCadres: string[];
  closedOn: IsoDate | null;
  watchUntil: IsoDate | null;
  relapsedOn: IsoDate | null;
  relapseNote: string | null;
}

const CASE_COLS = `r.id, r.confirmation_id AS "confirmationId", r.org_id AS "orgId", o.code AS "orgCode",
  o.name AS "orgName", o.path AS "orgPath", c.year, c.types, c.reason, c.confirmed_on::text AS "confirmedOn",
  r.problems, r.liaison_leader AS "liaisonLeader", r.pairing_unit AS "pairingUnit",
  r.first_secretary AS "firstSecretary", r.first_secretary_unit AS "firstSecretaryUnit",
  r.first_secretary_from::text AS "firstSecretaryFrom", r.first_secretary_to::text AS "firstSecretaryTo",
  r.resident_cadres AS "residentCadres", r.closed_on::text AS "closedOn", r.watch_until::text AS "watchUntil",
  r.relapsed_on::text AS "relapsedOn", r.relapse_note AS "relapseNote"`;
const CASE_FROM = `rectification_case r JOIN screening_confirmation c ON c.id = r.confirmation_id JOIN org o ON o.id = r.org_id`;

export async function caseRowById(db: Db, id: number, lock = false): Promise<CaseRow | null> {
  const [r] = await db.query<CaseRow>(
    `SELECT ${CASE_COLS} FROM ${CASE_FROM} WHERE r.id = $1${lock ? ' FOR UPDATE OF r' : ''}`,
    [id],
  );
  return r ?? null;
}

export async function caseOfConfirmation(db: Db, confirmationId: number): Promise<number | null> {
  const [r] = await db.query<{ id: number }>('SELECT id FROM rectification_case WHERE confirmation_id = $1', [
    confirmationId,
  ]);
  return r?.id ?? null;
}

/** The cases of a subtree's orgs (of one year, or all), confirmed by `on`. */
export async function casesUnder(db: Db, path: string, on: IsoDate, year: number | null): Promise<CaseRow[]> {
  return db.query<CaseRow>(
    `SELECT ${CASE_COLS} FROM ${CASE_FROM} WHERE o.path LIKE $1 || '%' AND c.confirmed_on <= $2::date
        AND ($3::int IS NULL OR c.year = $3::int)
      ORDER BY c.year DESC, o.path`,
    [path, on, year],
  );
}

export async function insertCaseRow(
  db: Db,
  c: { confirmationId: number; orgId: number; problems: string },
  by: number | null,
): Promise<number> {
  const [r] = await db.query<{ id: number }>(
    `INSERT INTO rectification_case (confirmation_id, org_id, problems, created_by) VALUES ($1, $2, $3, $4) RETURNING id`,
    [c.confirmationId, c.orgId, c.problems, by],
  );
  return r!.id;
}

export async function updateCasePlan(
  db: Db,
  id: number,
  p: {
    problems: string;
    liaisonLeader: string | null;
    pairingUnit: string | null;
    firstSecretary: string | null;
    firstSecretaryUnit: string | null;
    firstSecretaryFrom: IsoDate | null;
    firstSecretaryTo: IsoDate | null;
    residentCadres: string[];
  },
): Promise<void> {
  await db.query(
    `UPDATE rectification_case SET problems = $2, liaison_leader = $3, pairing_unit = $4, first_secretary = $5,
        first_secretary_unit = $6, first_secretary_from = $7, first_secretary_to = $8, resident_cadres = $9::jsonb
      WHERE id = $1`,
    [
      id,
      p.problems,
      p.liaisonLeader,
      p.pairingUnit,
      p.firstSecretary,
      p.firstSecretaryUnit,
      p.firstSecretaryFrom,
      p.firstSecretaryTo,
      JSON.stringify(p.residentCadres),
    ],
  );
}

export async function closeCaseRow(
  db: Db,
  id: number,
  closedOn: IsoDate,
  watchUntil: IsoDate,
): Promise<void> {
  await db.query('UPDATE rectification_case SET closed_on = $2, watch_until = $3 WHERE id = $1', [
    id,
    closedOn,
    watchUntil,
  ]);
}

export async function markRelapse(db: Db, id: number, on: IsoDate, note: string): Promise<void> {
  await db.query('UPDATE rectification_case SET relapsed_on = $2, relapse_note = $3 WHERE id = $1', [
    id,
    on,
    note,
  ]);
}

export interface MeasureRow {
  id: number;
  caseId: number;
  content: string;
  responsible: string;
  dueOn: IsoDate;
  doneOn: IsoDate | null;
}

export async function measuresOf(db: Db, caseIds: readonly number[]): Promise<MeasureRow[]> {
  if (!caseIds.length) return [];
  return db.query<MeasureRow>(
    `SELECT id, case_id AS "caseId", content, responsible, due_on::text AS "dueOn", done_on::text AS "doneOn"
       FROM rectification_measure WHERE case_id = ANY($1::int[]) ORDER BY case_id, due_on, id`,
    [caseIds],
  );
}

export async function insertMeasure(
  db: Db,
  m: {
    caseId: number;
    orgId: number;
    content: string;
    responsible: string;
    dueOn: IsoDate;
    doneOn?: IsoDate | null;
  },
  by: number | null,
): Promise<number> {
  const [r] = await db.query<{ id: number }>(
    `INSERT INTO rectification_measure (case_id, org_id, content, responsible, due_on, done_on, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [m.caseId, m.orgId, m.content, m.responsible, m.dueOn, m.doneOn ?? null, by],
  );
  return r!.id;
}

export async function setMeasureDone(db: Db, id: number, doneOn: IsoDate): Promise<void> {
  await db.query('UPDATE rectification_measure SET done_on = $2 WHERE id = $1', [id, doneOn]);
}

export interface ProgressRow {
  id: number;
  caseId: number;
  notedOn: IsoDate;
  content: string;
  measureId: number | null;
  author: string;
}

export async function progressOf(db: Db, caseIds: readonly number[]): Promise<ProgressRow[]> {
  if (!caseIds.length) return [];
  return db.query<ProgressRow>(
    `SELECT p.id, p.case_id AS "caseId", p.noted_on::text AS "notedOn", p.content, p.measure_id AS "measureId",
            coalesce(u.display_name, u.username, '系统') AS author
       FROM rectification_progress p LEFT JOIN app_user u ON u.id = p.recorded_by
      WHERE p.case_id = ANY($1::int[]) ORDER BY p.case_id, p.noted_on DESC, p.id DESC`,
    [caseIds],
  );
}

export async function insertProgress(
  db: Db,
  p: { caseId: number; orgId: number; notedOn: IsoDate; content: string; measureId: number | null },
  by: number | null,
): Promise<number> {
  const [r] = await db.query<{ id: number }>(
    `INSERT INTO rectification_progress (case_id, org_id, measure_id, noted_on, content, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [p.caseId, p.orgId, p.measureId, p.notedOn, p.content, by],
  );
  return r!.id;
}

export interface AcceptanceRow {
  id: number;
  caseId: number;
  heldOn: IsoDate;
  score: number;
  voters: number;
  dissatisfied: number;
  suggested: 'pass' | 'fail';
  scheme: { passScore: number; dissatisfiedMaxPercent: number };
  decision: 'passed' | 'failed';
  deciders: string;
  note: string;
}

export async function acceptancesOf(db: Db, caseIds: readonly number[]): Promise<AcceptanceRow[]> {
  if (!caseIds.length) return [];
  return db.query<AcceptanceRow>(
    `SELECT id, case_id AS "caseId", held_on::text AS "heldOn", score::float8 AS score, voters, dissatisfied,
            suggested, scheme, decision, deciders, note
       FROM rectification_acceptance WHERE case_id = ANY($1::int[]) ORDER BY case_id, held_on, id`,
    [caseIds],
  );
}

export async function insertAcceptance(
  db: Db,
  a: Omit<AcceptanceRow, 'id'> & { orgId: number },
  by: number | null,
): Promise<number> {
  const [r] = await db.query<{ id: number }>(
    `INSERT INTO rectification_acceptance (case_id, org_id, held_on, score, voters, dissatisfied, suggested, scheme,
        decision, deciders, note, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12) RETURNING id`,
    [
      a.caseId,
      a.orgId,
      a.heldOn,
      a.score,
      a.voters,
      a.dissatisfied,
      a.suggested,
      JSON.stringify(a.scheme),
      a.decision,
      a.deciders,
      a.note,
      by,
    ],
  );
  return r!.id;
}

/** The closed cases of a subtree with their follow-up watch (relapse marks on warnings, decision 0033). */
export async function caseWatchesUnder(
  db: Db,
  path: string,
  orgIds: readonly number[] | null = null,
): Promise<{ caseId: number; orgCode: string; closedOn: IsoDate; watchUntil: IsoDate }[]> {
  return db.query(
    `SELECT r.id AS "caseId", o.code AS "orgCode", r.closed_on::text AS "closedOn", r.watch_until::text AS "watchUntil"
       FROM rectification_case r JOIN org o ON o.id = r.org_id
      WHERE o.path LIKE $1 || '%' AND r.closed_on IS NOT NULL AND r.watch_until IS NOT NULL
        AND ($2::int[] IS NULL OR r.org_id = ANY($2::int[]))
      ORDER BY r.closed_on`,
    [path, orgIds],
  );
}
