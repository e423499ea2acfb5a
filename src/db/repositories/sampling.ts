/**
 * SQL of sampling against falsification (抽查核实, decision 0038): the candidate records of a subtree and period with
 * their consistency signals, the draws and their items, the verifications and each record's mark.
 */
import type { Db } from '../client.js';
import type { IsoDate } from '../../shared/dates.js';
import type { SampleKind, Signal, VerificationResult } from '../../domain/sampling/sampling.js';
import { SAME_MINUTES_MIN_CHARS } from '../../domain/sampling/sampling.js';

export interface CandidateRow {
  kind: SampleKind;
  recordId: number;
  orgId: number;
  /** the record's day (held, paid, taken) */
  on: IsoDate;
  /** what the record says, for its summary: meeting kinds and topic; payment months and amount; step kind */
  a: string | null;
  b: string | null;
  /** the member's or applicant's name (payments, steps) */
  name: string | null;
  amountFen: number | null;
  signals: Signal[];
}

/** The local numbers of the signals (本县设置 抽查核实, decision 0038). */
export interface SignalThresholds {
  lateEntryDays: number;
  bulkEntryMeetings: number;
}

/** A whole number written into the SQL text (the settings' schema has checked it; this refuses anything else). */
function int(n: number): string {
  if (!Number.isSafeInteger(n)) throw new Error(`not a whole number: ${String(n)}`);
  return String(n);
}

/** What a draw looks at: the subtree, the period [from, to] and the signals' local numbers. */
interface DrawScope {
  path: string;
  from: IsoDate;
  to: IsoDate;
  t: SignalThresholds;
}

const late = (created: string, on: string, t: SignalThresholds) =>
  `CASE WHEN (${created} AT TIME ZONE 'Asia/Shanghai')::date - ${on} > ${int(t.lateEntryDays)} THEN 'late_entry' END`;

/**
 * The meetings of a subtree held in [from, to] with their signals: entered more than `lateEntryDays` after the day, minutes
 * (20 characters or more) the same word for word as another meeting's of the subtree, a member present at another
 * meeting of the same day and time, one of `bulkEntryMeetings` or more meetings of different days its org entered on one day.
 */
async function meetingCandidates(db: Db, scope: DrawScope): Promise<CandidateRow[]> {
  const { path, from, to, t } = scope;
  return db.query<CandidateRow>(
    `WITH m AS MATERIALIZED (
       SELECT mt.id, mt.org_id, mt.held_on, mt.starts_at, mt.kinds, mt.topic, mt.minutes, mt.created_at
         FROM meeting mt JOIN org o ON o.id = mt.org_id
        WHERE o.path LIKE $1 || '%' AND mt.held_on >= $2::date AND mt.held_on <= $3::date),
     dup AS (
       SELECT btrim(mt.minutes) AS t FROM meeting mt JOIN org o ON o.id = mt.org_id
        WHERE o.path LIKE $1 || '%' AND length(btrim(mt.minutes)) >= ${SAME_MINUTES_MIN_CHARS}
        GROUP BY 1 HAVING count(*) > 1),
     bulk AS (
       SELECT org_id, (created_at AT TIME ZONE 'Asia/Shanghai')::date AS d FROM m
        GROUP BY 1, 2 HAVING count(DISTINCT held_on) >= ${int(t.bulkEntryMeetings)})
     SELECT 'meeting' AS kind, m.id AS "recordId", m.org_id AS "orgId", m.held_on::text AS "on",
            array_to_string(m.kinds, ',') AS a, m.topic AS b, NULL::text AS name, NULL::int AS "amountFen",
            array_remove(ARRAY[
              ${late('m.created_at', 'm.held_on', t)},
              CASE WHEN EXISTS (SELECT 1 FROM dup WHERE dup.t = btrim(m.minutes)) THEN 'same_minutes' END,
              CASE WHEN m.starts_at IS NOT NULL AND EXISTS (
                     SELECT 1 FROM meeting_attendance a
                       JOIN meeting_attendance b ON b.member_id = a.member_id AND b.meeting_id <> a.meeting_id
                                                AND b.status = 'present'
                       JOIN meeting y ON y.id = b.meeting_id AND y.held_on = m.held_on AND y.starts_at = m.starts_at
                      WHERE a.meeting_id = m.id AND a.status = 'present') THEN 'double_presence' END,
              CASE WHEN EXISTS (SELECT 1 FROM bulk WHERE bulk.org_id = m.org_id
                                   AND bulk.d = (m.created_at AT TIME ZONE 'Asia/Shanghai')::date)
                   THEN 'bulk_entry' END
            ]::text[], NULL) AS signals
       FROM m`,
    [path, from, to],
  );
}

/** The dues payments of a subtree paid in [from, to], with the signal of a late entry. */
async function paymentCandidates(db: Db, scope: DrawScope): Promise<CandidateRow[]> {
  const { path, from, to, t } = scope;
  return db.query<CandidateRow>(
    `SELECT 'dues_payment' AS kind, p.id AS "recordId", p.org_id AS "orgId", p.paid_on::text AS "on",
            to_char(p.from_month, 'YYYY-MM') AS a, to_char(p.to_month, 'YYYY-MM') AS b, pe.name,
            p.amount_fen + p.voluntary_fen AS "amountFen",
            array_remove(ARRAY[${late('p.created_at', 'p.paid_on', t)}]::text[], NULL) AS signals
       FROM dues_payment p JOIN org o ON o.id = p.org_id
       JOIN member mb ON mb.id = p.member_id JOIN person pe ON pe.id = mb.person_id
      WHERE o.path LIKE $1 || '%' AND p.paid_on >= $2::date AND p.paid_on <= $3::date`,
    [path, from, to],
  );
}

/** The recruitment steps of a subtree taken in [from, to]: late entries and steps kept with a rule warning. */
async function stepCandidates(db: Db, scope: DrawScope): Promise<CandidateRow[]> {
  const { path, from, to, t } = scope;
  return db.query<CandidateRow>(
    `SELECT 'recruitment_step' AS kind, s.id AS "recordId", s.org_id AS "orgId", s.taken_on::text AS "on",
            s.kind AS a, NULL::text AS b, pe.name, NULL::int AS "amountFen",
            array_remove(ARRAY[
              ${late('s.created_at', 's.taken_on', t)},
              CASE WHEN jsonb_array_length(s.warnings) > 0 THEN 'rule_warning' END
            ]::text[], NULL) AS signals
       FROM recruitment_step s JOIN org o ON o.id = s.org_id
       JOIN recruitment_case c ON c.id = s.case_id JOIN person pe ON pe.id = c.person_id
      WHERE o.path LIKE $1 || '%' AND s.taken_on >= $2::date AND s.taken_on <= $3::date`,
    [path, from, to],
  );
}

/** The candidates of a draw, kind by kind (in sequence: one transaction client runs one query at a time). */
export async function sampleCandidates(
  db: Db,
  path: string,
  from: IsoDate,
  to: IsoDate,
  kinds: readonly SampleKind[],
  t: SignalThresholds,
): Promise<CandidateRow[]> {
  const scope: DrawScope = { path, from, to, t };
  const out: CandidateRow[] = [];
  if (kinds.includes('meeting')) out.push(...(await meetingCandidates(db, scope)));
  if (kinds.includes('dues_payment')) out.push(...(await paymentCandidates(db, scope)));
  if (kinds.includes('recruitment_step')) out.push(...(await stepCandidates(db, scope)));
  return out;
}

export interface DrawValues {
  orgId: number;
  periodFrom: IsoDate;
  periodTo: IsoDate;
  kinds: readonly SampleKind[];
  size: number;
  seed: string;
  weighting: string;
  candidates: number;
  candidatesDigest: string;
  drawnBy: number | null;
  drawnByName: string;
}

export interface ItemValues {
  position: number;
  kind: SampleKind;
  recordId: number;
  orgId: number;
  weight: number;
  signals: readonly Signal[];
  summary: string;
}

export async function insertDraw(db: Db, v: DrawValues, items: readonly ItemValues[]): Promise<number> {
  const [r] = await db.query<{ id: number }>(
    `INSERT INTO sample_draw (org_id, period_from, period_to, kinds, size, seed, weighting, candidates,
                              candidates_digest, drawn_by, drawn_by_name)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
    [
      v.orgId,
      v.periodFrom,
      v.periodTo,
      v.kinds,
      v.size,
      v.seed,
      v.weighting,
      v.candidates,
      v.candidatesDigest,
      v.drawnBy,
      v.drawnByName,
    ],
  );
  const id = r!.id;
  if (items.length)
    await db.query(
      `INSERT INTO sample_item (draw_id, position, kind, record_id, org_id, weight, signals, summary)
       SELECT $1, i.position, i.kind, i.record_id, i.org_id, i.weight,
              CASE WHEN i.signals = '' THEN '{}'::text[] ELSE string_to_array(i.signals, ',') END, i.summary
         FROM unnest($2::int[], $3::text[], $4::int[], $5::int[], $6::int[], $7::text[], $8::text[])
              AS i(position, kind, record_id, org_id, weight, signals, summary)`,
      [
        id,
        items.map((i) => i.position),
        items.map((i) => i.kind),
        items.map((i) => i.recordId),
        items.map((i) => i.orgId),
        items.map((i) => i.weight),
        items.map((i) => i.signals.join(',')),
        items.map((i) => i.summary),
      ],
    );
  return id;
}

export interface DrawRow {
  id: number;
  orgId: number;
  orgCode: string;
  orgName: string;
  orgPath: string;
  periodFrom: IsoDate;
  periodTo: IsoDate;
  kinds: SampleKind[];
  size: number;
  seed: string;
  weighting: string;
  candidates: number;
  candidatesDigest: string;
  drawnByName: string;
  drawnAt: string;
  items: number;
  verified: number;
  falseCount: number;
}

const DRAW_COLS = `d.id, d.org_id AS "orgId", o.code AS "orgCode", o.name AS "orgName", o.path AS "orgPath",
  d.period_from::text AS "periodFrom", d.period_to::text AS "periodTo", d.kinds, d.size, d.seed, d.weighting,
  d.candidates, d.candidates_digest AS "candidatesDigest", d.drawn_by_name AS "drawnByName",
  to_char(d.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS "drawnAt",
  (SELECT count(*)::int FROM sample_item i WHERE i.draw_id = d.id) AS items,
  (SELECT count(DISTINCT v.item_id)::int FROM sample_item i JOIN sample_verification v ON v.item_id = i.id
    WHERE i.draw_id = d.id) AS verified,
  (SELECT count(*)::int FROM sample_item i JOIN record_mark rm ON rm.kind = i.kind AND rm.record_id = i.record_id
    WHERE i.draw_id = d.id AND rm.result = 'false') AS "falseCount"`;

export async function drawById(db: Db, id: number): Promise<DrawRow | null> {
  const rows = await db.query<DrawRow>(
    `SELECT ${DRAW_COLS} FROM sample_draw d JOIN org o ON o.id = d.org_id WHERE d.id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

/** The draws over orgs in the given subtrees (the scopes where the actor may sample), newest first. */
export async function drawsIn(db: Db, paths: readonly string[], limit: number): Promise<DrawRow[]> {
  if (!paths.length) return [];
  return db.query<DrawRow>(
    `SELECT ${DRAW_COLS} FROM sample_draw d JOIN org o ON o.id = d.org_id
      WHERE o.path LIKE ANY (SELECT p || '%' FROM unnest($1::text[]) AS s(p))
      ORDER BY d.id DESC LIMIT ${Math.trunc(limit)}`,
    [paths],
  );
}

export interface ItemRow {
  id: number;
  drawId: number;
  position: number;
  kind: SampleKind;
  recordId: number;
  orgId: number;
  orgCode: string;
  orgName: string;
  orgPath: string;
  weight: number;
  signals: Signal[];
  summary: string;
  /** whether the record is still there */
  exists: boolean;
  /** the record's mark (its latest verification, whichever draw it came from) */
  mark: VerificationResult | null;
}

const ITEM_COLS = `i.id, i.draw_id AS "drawId", i.position, i.kind, i.record_id AS "recordId", i.org_id AS "orgId",
  o.code AS "orgCode", o.name AS "orgName", o.path AS "orgPath", i.weight, i.signals, i.summary,
  CASE i.kind WHEN 'meeting' THEN EXISTS (SELECT 1 FROM meeting x WHERE x.id = i.record_id)
              WHEN 'dues_payment' THEN EXISTS (SELECT 1 FROM dues_payment x WHERE x.id = i.record_id)
              ELSE EXISTS (SELECT 1 FROM recruitment_step x WHERE x.id = i.record_id) END AS exists,
  rm.result AS mark`;

export async function itemsOf(db: Db, drawId: number): Promise<ItemRow[]> {
  return db.query<ItemRow>(
    `SELECT ${ITEM_COLS} FROM sample_item i JOIN org o ON o.id = i.org_id
       LEFT JOIN record_mark rm ON rm.kind = i.kind AND rm.record_id = i.record_id
      WHERE i.draw_id = $1 ORDER BY i.position`,
    [drawId],
  );
}

export async function itemById(db: Db, id: number): Promise<ItemRow | null> {
  const rows = await db.query<ItemRow>(
    `SELECT ${ITEM_COLS} FROM sample_item i JOIN org o ON o.id = i.org_id
       LEFT JOIN record_mark rm ON rm.kind = i.kind AND rm.record_id = i.record_id
      WHERE i.id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

export interface VerificationRow {
  id: number;
  itemId: number;
  drawId: number;
  kind: SampleKind;
  recordId: number;
  result: VerificationResult;
  note: string;
  verifier: string;
  verifiedOn: IsoDate;
  recordedAt: string;
}

/** Every verification of the records a draw holds (from this draw or any other), oldest first. */
export async function verificationsOfDraw(db: Db, drawId: number): Promise<VerificationRow[]> {
  return db.query<VerificationRow>(
    `SELECT v.id, v.item_id AS "itemId", vi.draw_id AS "drawId", v.kind, v.record_id AS "recordId", v.result,
            v.note, v.verifier, v.verified_on::text AS "verifiedOn",
            to_char(v.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS "recordedAt"
       FROM sample_item i JOIN sample_verification v ON v.kind = i.kind AND v.record_id = i.record_id
       JOIN sample_item vi ON vi.id = v.item_id
      WHERE i.draw_id = $1 ORDER BY v.id`,
    [drawId],
  );
}

export async function insertVerification(
  db: Db,
  v: {
    itemId: number;
    kind: SampleKind;
    recordId: number;
    orgId: number;
    result: VerificationResult;
    note: string;
    verifier: string;
    verifiedOn: IsoDate;
  },
  recordedBy: number | null,
): Promise<number> {
  const [r] = await db.query<{ id: number }>(
    `INSERT INTO sample_verification (item_id, kind, record_id, org_id, result, note, verifier, verified_on, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [v.itemId, v.kind, v.recordId, v.orgId, v.result, v.note, v.verifier, v.verifiedOn, recordedBy],
  );
  return r!.id;
}

/** Sets a record's mark to its latest verification (the row is derived; its triggers mark the life rollup). */
export async function setMark(
  db: Db,
  m: {
    kind: SampleKind;
    recordId: number;
    orgId: number;
    result: VerificationResult;
    verificationId: number;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO record_mark (kind, record_id, org_id, result, verification_id) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (kind, record_id) DO UPDATE
        SET org_id = excluded.org_id, result = excluded.result, verification_id = excluded.verification_id`,
    [m.kind, m.recordId, m.orgId, m.result, m.verificationId],
  );
}

/** Whether a record was ever drawn (a drawn record is kept: its deletion is refused). */
export async function wasDrawn(db: Db, kind: SampleKind, recordId: number): Promise<boolean> {
  const r = await db.query('SELECT 1 FROM sample_item WHERE kind = $1 AND record_id = $2 LIMIT 1', [
    kind,
    recordId,
  ]);
  return r.length > 0;
}

/** Whether any meeting of a subtree was ever drawn. */
export async function anyMeetingDrawnUnder(db: Db, path: string): Promise<boolean> {
  const r = await db.query(
    `SELECT 1 FROM sample_item i JOIN org o ON o.id = i.org_id
      WHERE i.kind = 'meeting' AND o.path LIKE $1 || '%' LIMIT 1`,
    [path],
  );
  return r.length > 0;
}
