/**
 * Bulk appliers shared by the spreadsheet import and the demo generator: validated rows in, every rejection out,
 * new rows written with COPY, changed rows through the same use cases as single edits, aggregates kept in step.
 * They run inside a transaction the caller holds; nothing here commits.
 */
import { type Db } from '../db/client.js';
import type { Ctx } from './context.js';
import type {
  ImportRejection,
  ImportResult,
  ImportWarning,
  MemberImport,
  MemberUpdate,
} from '../shared/schemas.js';
import { ImportTally } from './import-rejections.js';
import { lockUniqueValue } from '../db/unique.js';
import { AppError, isAppError } from '../shared/errors.js';
import { orgSummariesByCodes, type OrgSummary } from '../db/repositories/orgs.js';
import { personsByIdNumbers, type MemberRow } from '../db/repositories/members.js';
import { MEMBER_PERIOD } from '../db/intervals.js';
import { MEMBER_COMPARED_FIELDS } from '../shared/member-fields.js';
import { isCurrentMembership } from '../shared/codes.js';
import { applyDelta, holdStats, type StatsHold } from '../db/repositories/stats.js';
import {
  checkChunkOrgs,
  countMembersUpTo,
  dropIndexes,
  noPersons,
  suspendOverlapTrigger,
  lockMemberTables,
  markPeriodOrgs,
  maySkipRowTriggers,
  nextIds,
  restoreIndexes,
  setBulkWrite,
  upsertStatCells,
  copyStatCells,
  copyStatText,
  statCopyChunks,
  noStatCells,
} from '../db/repositories/bulk.js';
import { MEMBER_DIMS, OrgCellCounts, StatDelta } from '../domain/stats/keys.js';
import {
  CopyLines,
  MEMBER_COPY_COLUMNS,
  PERIOD_COPY_COLUMNS,
  PERSON_COPY_COLUMNS,
  prepareCopy,
  rosterAncestorsCopy,
  type MemberFactsOf,
  type PreparedBytes,
  type PreparedCopy,
} from './bulk-rows.js';
import { checkMemberFacts } from '../domain/member/validate.js';
import { nameKeys, type NameKeys } from '../domain/member/names.js';
import { inScope, type Actor } from '../domain/access/policy.js';
import { checkMemberOrg, duplicateInFile, planReimport, type MemberProblem } from '../domain/member/write.js';
import {
  enterKnownPerson,
  idNumberTaken,
  recordMemberEventIn,
  refuseOpenCase,
  updateMemberIn,
} from './members.js';
import { normalizeIdNumber } from '../shared/id-number.js';
import { createHash } from 'node:crypto';
import { setImmediate as yieldTurn } from 'node:timers/promises';
import { writeAudit } from './audit.js';
import type { IsoDate } from '../shared/dates.js';

export interface Rows<T> {
  row: number;
  value: T;
}

/** The counts of an import or a demo load, with its rejections collected in bounded memory (import-rejections.ts). */
export function emptyResult(): ImportTally {
  return new ImportTally();
}

export function reject(result: ImportTally, row: number, column: string, code: string, message: string) {
  result.reject({ row, column, code, message });
}

export function errorRejection(e: unknown, row: number, column: string): ImportRejection {
  if (isAppError(e)) {
    const details = Array.isArray(e.details) ? (e.details as { code?: string }[]) : [];
    return { row, column, code: details[0]?.code ?? e.code, message: e.message };
  }
  throw e;
}

/** Longest common org path of a set of paths ('/1/5/17/' and '/1/5/20/' → '/1/5/'). */
export function commonPath(paths: readonly string[]): string | null {
  if (!paths.length) return null;
  let parts = paths[0]!.split('/').filter(Boolean);
  for (const p of paths) {
    const q = p.split('/').filter(Boolean);
    let i = 0;
    while (i < parts.length && i < q.length && parts[i] === q[i]) i++;
    parts = parts.slice(0, i);
  }
  return parts.length ? `/${parts.join('/')}/` : '/';
}

/** A table's COPY: its lines, or their bytes already written (and how many lines they hold). */
type BulkWrite = { table: string; columns: readonly string[] } & (
  { lines: string[] } | { bytes: Buffer; rows: number }
);

/**
 * Bulk writes skip the per-row audit triggers (they would double the work of a million-row import); instead one
 * chained audit entry per written chunk records who wrote which rows, with the SHA-256 of exactly what was written.
 *
 * With `references` (the org ids the rows point at) and a session allowed to (maySkipRowTriggers), the rows are
 * also written without PostgreSQL's per-row foreign-key triggers, which cost more than the COPY itself: the same
 * check is made once per chunk instead — every referenced org is looked up and key-share locked until commit,
 * exactly what each row's check would do (SELECT … FOR KEY SHARE) — and every other reference is to a row
 * written by this same chunk. Triggers are back on before the audit entry is written.
 */
export async function bulkCopy(
  ctx: Ctx,
  db: Db,
  entity: string,
  writes: BulkWrite[],
  summary: { ids: number[]; paths: string[]; source: string | Promise<string> },
  references?: { orgIds: readonly number[]; skipRowTriggers: boolean },
) {
  if (!summary.ids.length) return;
  const skip = references?.skipRowTriggers === true;
  if (skip && !(await checkChunkOrgs(db, references!.orgIds)))
    throw new Error('bulk write: a referenced org does not exist');
  await setBulkWrite(db, true, skip);
  const digest = createHash('sha256');
  for (const w of writes) {
    // the bytes sent are the bytes hashed: one UTF-8 conversion, not one for the hash and one for the socket
    const bytes = 'bytes' in w ? w.bytes : Buffer.from(w.lines.join(''));
    digest.update(bytes);
    await db.copyIn(w.table, w.columns, [bytes]);
  }
  await setBulkWrite(db, false, skip);
  let firstId = Infinity;
  let lastId = -Infinity;
  for (const id of summary.ids) {
    if (id < firstId) firstId = id;
    if (id > lastId) lastId = id;
  }
  await writeAudit(ctx, db, {
    action: 'bulk_insert',
    entity,
    entityId: null,
    orgPath: commonPath(summary.paths),
    memberId: null,
    after: {
      count: summary.ids.length,
      firstId,
      lastId,
      tables: writes.map((w) => ({ table: w.table, rows: 'bytes' in w ? w.rows : w.lines.length })),
      sha256: digest.digest('hex'),
      source: await summary.source,
    },
  });
}

/**
 * Adds aggregate cells to org_stat: a few through applyDelta's parameterised upsert, many through a temporary table
 * filled by COPY and one INSERT … ON CONFLICT (upsertStatCells).
 */
export async function writeCells(
  db: Db,
  cells: Iterable<{ orgId: number; dim: string; key: string; n: number }>,
  opts: { straightIn?: boolean; atLeast?: number } = {},
) {
  if (opts.straightIn) {
    // a first load's cells, none of which can exist yet (MemberBulkState.freshStats, decision 0016), streamed
    await copyStatCells(db, cells, opts.atLeast !== undefined ? { atLeast: opts.atLeast } : {});
    return;
  }
  const list = [...cells].filter((c) => c.n !== 0);
  if (list.length < 1000) {
    // small: the parameterised upsert is cheaper than a temporary table
    const delta = new StatDelta();
    for (const c of list) delta.add([c.orgId], [[c.dim, c.key]], 1, c.n);
    await applyDelta(db, delta);
    return;
  }
  await upsertStatCells(db, list);
}

// ------------------------------------------------------------------------------------------------- a bulk run
/** The column name (as written in the file) of a field, for rejections. */
export type ColumnOf = (field: string) => string;

/** A row of the same file rejected before it reached the writer: where it is and why (for the rows under it). */
export interface EarlierRejection {
  row: number;
  /** the first problem of the row, as it was reported */
  reason: string;
}

/**
 * One bulk run — an import of a file, a demo load, a benchmark seed — as the bulk writers (applyOrgRows, the
 * member chunks) take it, instead of a list of positional parameters: who writes (`ctx`: actor, clock, settings),
 * in which transaction (`db`, the same as `ctx.db`), what the rows come from (`source`, for the audit entries),
 * where counts and rejections go (`tally`), how a field is called in the file (`columnOf`), the day the
 * aggregates describe (`asOf`: shareStatsState, taken by startBulkRun, so a writer counts as of it; decision
 * 0009) and today. `rejectedKeys` holds the rows of the file rejected before the writer saw them, by the key other
 * rows refer to them with (an org's code): a row that depends on one is reported as depending on it, naming its
 * row and why (decision 0012).
 */
export interface BulkRun {
  readonly ctx: Ctx;
  readonly db: Db;
  /** what the rows come from, for the audit entries (a promise: a file still being hashed) */
  readonly source: string | Promise<string>;
  readonly tally: ImportTally;
  readonly columnOf: ColumnOf;
  readonly asOf: IsoDate;
  /** the aggregate state held for the run (asOf is its date): the write path's functions take it */
  readonly stats: StatsHold;
  readonly today: IsoDate;
  readonly rejectedKeys: ReadonlyMap<string, EarlierRejection>;
}

/**
 * Starts a bulk run in the transaction `ctx.db`: takes the aggregate state shared (its date is the run's `asOf`).
 * A run that must take other locks first (a big first load locks the member tables) takes them before this.
 */
export async function startBulkRun(
  ctx: Ctx,
  opts: {
    source: string | Promise<string>;
    columnOf?: ColumnOf;
    tally?: ImportTally;
    rejectedKeys?: ReadonlyMap<string, EarlierRejection>;
  },
): Promise<BulkRun> {
  const today = ctx.clock.today();
  const stats = await holdStats(ctx.db, today);
  return {
    ctx,
    db: ctx.db,
    source: opts.source,
    tally: opts.tally ?? new ImportTally(),
    columnOf: opts.columnOf ?? ((field) => field),
    asOf: stats.asOf,
    stats,
    today,
    rejectedKeys: opts.rejectedKeys ?? new Map(),
  };
}

/**
 * The first row of each ID number seen in a file: a Map's get/set/clear, in typed arrays for the usual 18-character
 * numbers (12 bytes a slot instead of a string and a map entry: a million-row import keeps them all).
 *
 * Sized for the rows a file can hold when that is known (`reserve`: a CSV file's line count, which the import reads
 * while it hashes the file), at most MAX_LOAD full; otherwise grown by half as the rows come. Decision 0027's session
 * 18 addendum: grown by doubling from 4,096 slots, a million rows took 2M slots (24 MB, and 36 MB while the table
 * was copied at 524k rows); sized from the file, 1.43M slots (17 MB), copied never.
 */
export class RowByIdNumber {
  /** at most this share of the slots is used (linear probing: ~1/(1-α)² probes for a miss, 11 at 0.7) */
  static readonly MAX_LOAD = 0.7;
  private static readonly MIN_SLOTS = 1 << 12;
  private hi = new Int32Array(RowByIdNumber.MIN_SLOTS);
  private lo = new Int32Array(RowByIdNumber.MIN_SLOTS);
  private rows = new Int32Array(RowByIdNumber.MIN_SLOTS);
  private used = 0;
  private readonly other = new Map<string, number>();

  get size(): number {
    return this.used + this.other.size;
  }

  /** the slots of the typed arrays (each 12 bytes) */
  get slots(): number {
    return this.rows.length;
  }

  /** Room for `n` 18-character numbers in all without growing (a no-op if there is). */
  reserve(n: number): void {
    const slots = Math.ceil(n / RowByIdNumber.MAX_LOAD);
    if (Number.isFinite(slots) && slots > this.rows.length) this.resize(slots);
  }

  get(id: string): number | undefined {
    const k = split18(id);
    if (!k) return this.other.get(id);
    const i = this.slot(k[0], k[1]);
    return this.rows[i] ? this.rows[i] : undefined;
  }

  set(id: string, row: number): void {
    const k = split18(id);
    if (!k || !(row >= 1 && row <= 0x7fffffff)) {
      this.other.set(id, row);
      return;
    }
    const i = this.slot(k[0], k[1]);
    if (!this.rows[i]) {
      this.hi[i] = k[0];
      this.lo[i] = k[1];
      this.used++;
    }
    this.rows[i] = row;
    if (this.used > this.rows.length * RowByIdNumber.MAX_LOAD) this.resize(Math.ceil(this.rows.length * 1.5));
  }

  clear(): void {
    this.hi = new Int32Array(RowByIdNumber.MIN_SLOTS);
    this.lo = new Int32Array(RowByIdNumber.MIN_SLOTS);
    this.rows = new Int32Array(RowByIdNumber.MIN_SLOTS);
    this.used = 0;
    this.other.clear();
  }

  /** The slot holding (hi, lo), or the empty slot where it goes (open addressing, linear probing). */
  private slot(hi: number, lo: number): number {
    const n = this.rows.length;
    const h = Math.imul(hi, 0x9e3779b1) ^ Math.imul(lo, 0x85ebca77);
    let i = ((h ^ (h >>> 16)) >>> 0) % n;
    while (this.rows[i] && (this.hi[i] !== hi || this.lo[i] !== lo)) if (++i === n) i = 0;
    return i;
  }

  private resize(slots: number): void {
    const { hi, lo, rows } = this;
    this.hi = new Int32Array(slots);
    this.lo = new Int32Array(slots);
    this.rows = new Int32Array(slots);
    for (let j = 0; j < rows.length; j++) {
      if (!rows[j]) continue;
      const i = this.slot(hi[j]!, lo[j]!);
      this.hi[i] = hi[j]!;
      this.lo[i] = lo[j]!;
      this.rows[i] = rows[j]!;
    }
  }
}

const ID18 = /^\d{17}[\dX]$/;

/** An 18-character ID number as two int32 (9 digits; 8 digits and the check character), or null. */
function split18(id: string): [number, number] | null {
  if (id.length !== 18 || !ID18.test(id)) return null;
  const last = id.charCodeAt(17);
  return [Number(id.slice(0, 9)), Number(id.slice(9, 17)) * 11 + (last === 88 ? 10 : last - 48)];
}

/** What the member writer keeps of an org that members may be entered into: its id and path. */
export interface BulkOrg {
  id: number;
  path: string;
}

export interface MemberBulkState {
  seenIds: RowByIdNumber;
  /**
   * Each org code met, as the run's actor may use it: an org members may be entered into (id and path only), or the
   * problem every row naming it has (checkMemberOrg, worked out once per org). A million-row load meets ~76k orgs:
   * their whole summaries (code, name, path, status, kind) held ~29 MB on the writer's heap to the end of the rows,
   * and a heap's peak between full collections is a multiple of what it holds (decision 0027's session 17 addendum).
   */
  orgs: Map<string, BulkOrg | MemberProblem>;
  /**
   * When set, the aggregate changes of new members are collected here across chunks and written once by
   * finishMemberChunks (an import does this: one write of the cells instead of one per chunk); otherwise each
   * chunk writes its own.
   */
  counts?: OrgCellCounts;
  /** the COPY text of the chunk being written, kept from chunk to chunk (applyMemberChunk) */
  copyLines?: { person: CopyLines; member: CopyLines; period: CopyLines };
  /** whether this session may replace the per-row foreign-key checks by one per chunk (decided on first use) */
  skipRowTriggers?: boolean;
  /** the statements that build again what a bulk load dropped (deferMemberIndexes) */
  deferredIndexes?: string[] | undefined;
  /**
   * Set by deferMemberIndexes when the person table was empty under its lock: no row can belong to a known person
   * but one of this run's, and those are found by seenIds, so the chunks skip the look-up by ID number.
   */
  noPersonsBefore?: boolean;
  /**
   * Set by deferMemberIndexes for a run that collects its cells (`counts`) when, under the member tables' lock, no
   * person and no cell of a member dimension existed: every cell the run writes is new and nobody else can write
   * one before it commits (member writes wait for the lock, the band roll for the aggregate state the run holds),
   * so finishMemberChunks COPYs them straight into org_stat, once, instead of upserting them (decision 0016).
   */
  freshStats?: boolean;
}

/**
 * Secondary indexes of the member tables (person, member, member_period) a big first load builds once at the end
 * instead of row by row (what PostgreSQL's "Populating a Database" advises): maintaining them costs more than
 * writing the rows. The primary keys and the person's unique ID-number index stay: the load looks persons up by
 * ID number.
 */
const DEFERRABLE_INDEXES = [
  'person_name_idx',
  'person_initials_idx',
  'person_name_sort_idx',
  'person_id_rev_idx',
  'person_birth_md_idx',
  'member_org_idx',
  'member_person_idx',
  // at most one current membership per person (decision 0011): built, and so checked over every row, at the end
  'member_person_current_uq',
  'member_confirmed_md_idx',
  'member_joined_idx',
  'member_org_name_idx',
  'member_anc0_name_idx',
  'member_anc1_name_idx',
  'member_anc2_name_idx',
  'member_anc3_name_idx',
  'member_roster_terms_idx',
  'member_period_member_idx',
  'member_period_org_idx',
  // the period rules (decision 0008): built, and so checked over every row, at the end
  MEMBER_PERIOD.names.open,
];

/**
 * The person table's other indexes, deferred too when the load found it empty (noPersonsBefore, decision 0027): the
 * load then never looks a person up by ID number (its own rows are found by seenIds, which rejects a second row
 * of an ID number before it is written), so the unique ID-number index is built, and so checked over every row,
 * at the end like member_person_current_uq; the partial indexes of the unclassified texts and missing sort keys go
 * with it. Maintained row by row they made the person COPY about twice as slow as the physical limit's.
 */
const DEFERRABLE_WHEN_NO_PERSONS = [
  'person_id_number_uq',
  'person_name_sort_missing_idx',
  'person_ethnicity_raw_idx',
  'person_education_raw_idx',
  'person_occupation_raw_idx',
];

/**
 * For a load of about `expectedRows` new members into a member table that holds far fewer: locks the member
 * tables (ACCESS EXCLUSIVE, until the transaction ends: readers wait for the load), drops their secondary
 * indexes and turns the period no-overlap trigger off; restoreMemberIndexes builds the indexes again, with their
 * exact definitions, turns the trigger on and checks every period, old and new, in one query (decision 0016), all
 * before the transaction ends, so the load cannot commit an overlap. Transactional like the rest: a failed or dry-run import rolls the indexes back
 * with everything else. Returns whether it did (state.deferredIndexes holds the statements that restore them).
 * `force` skips the size rule (tests).
 */
export async function deferMemberIndexes(
  db: Db,
  state: MemberBulkState,
  expectedRows: number,
  force = false,
): Promise<boolean> {
  if (!force) {
    if (expectedRows < BULK_LOAD_MIN_ROWS) return false;
    const limit = Math.floor(expectedRows / 10);
    if ((await countMembersUpTo(db, limit + 1)) > limit) return false;
  }
  await lockMemberTables(db);
  state.noPersonsBefore = await noPersons(db);
  state.freshStats = state.noPersonsBefore && !!state.counts && (await noStatCells(db, MEMBER_DIMS));
  state.deferredIndexes = [
    ...(await dropIndexes(
      db,
      state.noPersonsBefore ? [...DEFERRABLE_INDEXES, ...DEFERRABLE_WHEN_NO_PERSONS] : DEFERRABLE_INDEXES,
      [],
    )),
    // the period no-overlap trigger: off for the load, then on again and every period checked in one query
    ...(await suspendOverlapTrigger(db, MEMBER_PERIOD)),
  ];
  return state.deferredIndexes.length > 0;
}

/**
 * Builds the indexes deferMemberIndexes dropped and restores the overlap rule (a no-op when it deferred nothing);
 * `atOnce`: all the statements in one round trip (restoreIndexes).
 */
export async function restoreMemberIndexes(
  db: Db,
  state: MemberBulkState,
  opts: { atOnce?: boolean } = {},
): Promise<void> {
  const defs = state.deferredIndexes;
  if (!defs) return;
  state.deferredIndexes = undefined;
  await restoreIndexes(db, defs, opts);
}

/** Loads smaller than this keep their indexes (building them again would cost more than it saves). */
export const BULK_LOAD_MIN_ROWS = 20_000;

export function newMemberState(opts: { deferStats?: boolean } = {}): MemberBulkState {
  return {
    seenIds: new RowByIdNumber(),
    orgs: new Map(),
    ...(opts.deferStats ? { counts: new OrgCellCounts() } : {}),
  };
}

/**
 * What the member writer keeps of the org `code` names (MemberBulkState.orgs): the problem of every row naming it
 * for this actor, or its id and path — not the summary it was read as.
 */
export function bulkOrgOf(actor: Actor, code: string, org: OrgSummary | null): BulkOrg | MemberProblem {
  return checkMemberOrg(actor, code, org) ?? { id: org!.id, path: org!.path };
}

/** Rows read by index: an array, or rows made as they are read (imports.ts ChunkRows). */
export interface RowList<T> {
  readonly length: number;
  at(i: number): T | undefined;
}

/** A member row to apply, with what an earlier step may already have worked out for it. */
export interface MemberRows {
  row: number;
  /** the row's value (for a prepared row it is only read when the member exists already) */
  readonly value: MemberImport;
  /** what the parse step had to say about the row without stopping it: reported when the row is written */
  readonly warnings?: ImportWarning[] | undefined;
  /**
   * The row has passed checkMemberFacts for the same day, and its value carries the facts (normalised ID
   * number, sex and birth date): the import's parse step does this, so it is not done twice.
   */
  checked?: boolean;
  /** nameKeys(value.name), if already computed */
  nameKeys?: NameKeys;
  /** for a checked row: its normalised ID number, org code and COPY work, prepared by the parse step */
  prep?: (PreparedCopy | PreparedBytes) & { idNumber: string; orgCode: string };
}

/** Cell COPY text a first load makes while the database builds its indexes (statCopyChunks' chunks of 50,000). */
const CELL_CHUNKS_AHEAD = 4;

/** Writes the aggregate changes collected by the chunks of an import (newMemberState({ deferStats: true })). */
export async function finishMemberChunks(
  db: Db,
  state: MemberBulkState,
  onPhase?: (phase: string) => void,
): Promise<void> {
  const counts = state.counts?.orgs ? state.counts : null;
  // each org of the load has a cell of every member dimension at least
  const atLeast = counts ? counts.orgs * MEMBER_DIMS.length : 0;
  if (!counts || !state.freshStats) {
    await restoreMemberIndexes(db, state);
    onPhase?.('indexes');
    if (!counts) return;
    await writeCells(db, counts.entries(), { atLeast });
  } else {
    // A first load's cells go straight in (decision 0016). The database builds the indexes — every statement sent
    // at once — while this thread rolls the cells up and makes their first COPY text (issue 9 #6: it waited idle)
    const chunks = statCopyChunks(counts.entries());
    const restoring = restoreMemberIndexes(db, state, { atOnce: true });
    restoring.catch(() => undefined); // (awaited below, after the text)
    await yieldTurn(); // (the statements leave before the work below holds the thread)
    const ahead: Uint8Array[] = [];
    for (let i = 0; i < CELL_CHUNKS_AHEAD; i++) {
      const next = chunks.next();
      if (next.done) break;
      ahead.push(next.value);
    }
    await restoring;
    onPhase?.('indexes');
    await copyStatText(db, concat(ahead, chunks), { atLeast });
  }
  onPhase?.('cells');
  state.freshStats = false;
  counts.clear();
}

function* concat<T>(first: readonly T[], rest: Iterator<T>): Generator<T> {
  yield* first;
  for (let next = rest.next(); !next.done; next = rest.next()) yield next.value;
}

/** The cell numbers of a new member's prepared copy in `counts`. */
function cellsOf(counts: OrgCellCounts, copy: PreparedCopy | PreparedBytes): ArrayLike<number> {
  if (copy.cells) return copy.cells;
  return ((copy as PreparedCopy).keys ?? []).map(([dim, key]) => counts.cell(dim, key));
}

/** Reports a written row's warnings (a classification kept as typed): only rows that were written have them. */
function tallyWarnings(tally: ImportTally, r: MemberRows): void {
  const ws = r.warnings;
  if (ws) for (const w of ws) tally.warn(w);
}

/** The summaries of the usable orgs named by the rows of persons known already (the single-edit use cases' input). */
async function summariesOfKnown(
  db: Db,
  rows: RowList<MemberRows>,
  known: ReadonlyMap<string, unknown>,
  state: MemberBulkState,
  idOf: (r: MemberRows) => string,
  codeOf: (r: MemberRows) => string,
): Promise<Map<string, OrgSummary>> {
  const codes = new Set<string>();
  for (let i = 0; i < rows.length; i++) {
    const r = rows.at(i)!;
    const code = codeOf(r);
    const org = state.orgs.get(code);
    if (org && 'id' in org && known.has(idOf(r))) codes.add(code);
  }
  const found = codes.size ? await orgSummariesByCodes(db, [...codes]) : [];
  return new Map(found.map((o) => [o.code, o]));
}

/**
 * Applies one chunk of validated member rows in a bulk run: new persons are written with COPY, rows of known
 * persons go through the single write path's use cases (enterKnownPerson, updateMemberIn, recordMemberEventIn),
 * and every rule is the single path's (domain/member/write.ts, decision 0012).
 */
export async function applyMemberChunk(
  run: BulkRun,
  rows: RowList<MemberRows>,
  state: MemberBulkState,
): Promise<void> {
  const { ctx, db, tally, columnOf: col, today } = run;
  const rejectRow = (row: number, p: MemberProblem) => reject(tally, row, col(p.field), p.code, p.message);
  const codeOf = (r: MemberRows) => r.prep?.orgCode ?? r.value.orgCode;
  const idOf = (r: MemberRows) => r.prep?.idNumber ?? normalizeIdNumber(r.value.idNumber);
  // orgs
  const unknown = new Set<string>();
  for (let i = 0; i < rows.length; i++) {
    const c = codeOf(rows.at(i)!);
    if (!state.orgs.has(c)) unknown.add(c);
  }
  if (unknown.size) {
    const found = await orgSummariesByCodes(db, [...unknown]);
    const map = new Map(found.map((o) => [o.code, o]));
    for (const c of unknown) {
      const o = map.get(c) ?? null;
      state.orgs.set(c, bulkOrgOf(ctx.actor, c, o));
    }
  }
  // persons known by ID number, with their memberships (a first load into an empty person table has none)
  const existing: Awaited<ReturnType<typeof personsByIdNumbers>> = state.noPersonsBefore
    ? new Map()
    : await personsByIdNumbers(
        db,
        Array.from({ length: rows.length }, (_, i) => idOf(rows.at(i)!)),
      );
  // members to update are edited through the single-edit use cases, whose queries need the indexes back
  if (existing.size && state.deferredIndexes) await restoreMemberIndexes(db, state);
  // a prepared row's cell numbers are the import's counts' (imports.ts), so a chunk without them takes none
  const counts = state.counts ?? new OrgCellCounts();
  // the whole summaries of the orgs that rows of known persons name (the single-edit use cases take them)
  const summaries = existing.size ? await summariesOfKnown(db, rows, existing, state, idOf, codeOf) : null;
  // The rows written by COPY, in order: a prepared row as its index in `rows` (read again below), any other as its
  // copy work and org. A row read from `rows` is made anew at each read; held here across this chunk's round trips it
  // lived long enough to be promoted — ~80 bytes a row, the main heap's old generation filling with dead rows until
  // its next full collection, at a million rows the import's peak (issue 9 #6, session 24)
  const fresh: (number | { copy: PreparedCopy | PreparedBytes; org: BulkOrg })[] = [];
  for (let i = 0; i < rows.length; i++) {
    const r = rows.at(i)!;
    const row = r.row;
    const idNumber = idOf(r);
    const orgCode = codeOf(r);
    const first = state.seenIds.get(idNumber);
    if (first !== undefined) {
      rejectRow(row, duplicateInFile(first));
      continue;
    }
    state.seenIds.set(idNumber, row);
    const org = state.orgs.get(orgCode)!;
    if (!('id' in org)) {
      rejectRow(row, org);
      continue;
    }
    const known = existing.get(idNumber);
    if (!known) {
      if (r.prep) {
        fresh.push(i);
        tallyWarnings(tally, r);
        continue;
      }
      const v = r.value.idNumber === idNumber ? r.value : { ...r.value, idNumber };
      let facts: MemberFactsOf;
      if (r.checked && v.sex && v.birthDate) {
        facts = { idNumber, sex: v.sex, birthDate: v.birthDate };
      } else {
        const checked = checkMemberFacts(v, today);
        if (!checked.facts || checked.problems.length) {
          for (const p of checked.problems) reject(tally, row, col(p.field), p.code, p.message);
          continue;
        }
        facts = checked.facts;
      }
      fresh.push({ copy: prepareCopy(v, facts, r.nameKeys ?? nameKeys(v.name), run.asOf), org });
      tallyWarnings(tally, r);
      continue;
    }
    const v = r.value.idNumber === idNumber ? r.value : { ...r.value, idNumber };
    const cur: MemberRow | undefined = known.memberships[known.memberships.length - 1];
    if (!cur || !isCurrentMembership(cur.status)) {
      // a person without a current membership: admitted, back from a transfer out, or re-admitted — as a single
      // creation would (decision 0011)
      try {
        const checked = r.checked && v.sex && v.birthDate ? null : checkMemberFacts(v, today);
        if (checked && (!checked.facts || checked.problems.length)) {
          for (const p of checked.problems) reject(tally, row, col(p.field), p.code, p.message);
          continue;
        }
        const facts = checked?.facts ?? { idNumber, sex: v.sex!, birthDate: v.birthDate! };
        // read again for this chunk: an org re-coded or removed by another session since the import checked it
        // reads as not found, for this row alone
        const summary = summaries?.get(orgCode);
        if (!summary) {
          rejectRow(row, checkMemberOrg(ctx.actor, orgCode, null)!);
          continue;
        }
        // (the number's lock, as a single creation takes it: a case opened meanwhile for the person waits or is seen)
        await lockUniqueValue(db, 'person.id_number', idNumber);
        await refuseOpenCase(ctx, db, known.personId);
        await enterKnownPerson(ctx, db, known.personId, known.memberships, summary, v, facts);
        tally.inserted++;
        tallyWarnings(tally, r);
      } catch (e) {
        tally.reject(errorRejection(e, row, col('idNumber')));
      }
      continue;
    }
    if (!inScope(ctx.actor, cur.orgPath)) {
      // the same words as for a single creation, naming nothing outside the scope (decision 0005)
      reject(tally, row, col('idNumber'), 'MEMBER_ID_NUMBER_TAKEN', idNumberTaken(ctx, cur).message);
      continue;
    }
    const plan = planReimport(cur, v, org.id, MEMBER_COMPARED_FIELDS, today);
    if ('problem' in plan) {
      rejectRow(row, plan.problem);
      continue;
    }
    try {
      let changed = false;
      if (Object.keys(plan.patch).length) {
        // (values from a checked row of the file: the same types the single edit takes)
        changed = (await updateMemberIn(ctx, db, cur, plan.patch as MemberUpdate)).length > 0;
      }
      if (plan.confirmOn) {
        await recordMemberEventIn(ctx, db, cur.id, { kind: 'confirm', effectiveOn: plan.confirmOn });
        changed = true;
      }
      if (plan.move) {
        await recordMemberEventIn(ctx, db, cur.id, { kind: 'move', effectiveOn: today, orgCode });
        changed = true;
      }
      if (changed) tally.updated++;
      else tally.unchanged++;
      tallyWarnings(tally, r);
    } catch (e) {
      tally.reject(errorRejection(e, row, col('idNumber')));
    }
  }
  if (!fresh.length) return;
  const personIds = await nextIds(db, 'person_id_seq', fresh.length);
  const newIds = await nextIds(db, 'member_id_seq', fresh.length);
  // the chunk's lines go straight into COPY buffers kept from chunk to chunk (the previous chunk's COPY is over)
  const out = (state.copyLines ??= {
    person: new CopyLines(),
    member: new CopyLines(),
    period: new CopyLines(),
  });
  const { person: P, member: M, period: R } = out;
  P.reset();
  M.reset();
  R.reset();
  const orgIds = new Set<number>();
  const paths = new Set<string>();
  const ancestorsText = new Map<number, string>();
  for (let i = 0; i < fresh.length; i++) {
    const f = fresh[i]!;
    let copy: PreparedCopy | PreparedBytes;
    let org: BulkOrg;
    if (typeof f === 'number') {
      const r = rows.at(f)!;
      copy = r.prep!;
      org = state.orgs.get(codeOf(r)) as BulkOrg;
    } else ({ copy, org } = f);
    const personId = personIds[i]!;
    const id = newIds[i]!;
    P.id(personId);
    // (the org's ancestors, decision 0051: the same text for every member of the org)
    let anc = ancestorsText.get(org.id);
    if (anc === undefined) ancestorsText.set(org.id, (anc = rosterAncestorsCopy(org.path)));
    M.id(id).id(personId).id(org.id).text(anc);
    if ('text' in copy) {
      // a prepared batch row: its parts are UTF-8 already
      const { text, ends: e, at: a } = copy;
      P.bytes(text, a ? e[a - 1]! : 0, e[a]!).end();
      M.bytes(text, e[a]!, e[a + 1]!).end();
      R.id(id)
        .id(org.id)
        .bytes(text, e[a + 1]!, e[a + 2]!)
        .end();
      if (e[a + 3]! > e[a + 2]!)
        R.id(id)
          .id(org.id)
          .bytes(text, e[a + 2]!, e[a + 3]!)
          .end();
    } else {
      P.text(copy.personTail).end();
      M.text(copy.memberTail).end();
      for (const p of copy.periods) R.id(id).id(org.id).text(p).end();
    }
    if (copy.cells && !state.counts) throw new Error('prepared cell numbers without the import counts');
    counts.add(org.id, org.path, cellsOf(counts, copy));
    orgIds.add(org.id);
    paths.add(org.path);
  }
  state.skipRowTriggers ??= await maySkipRowTriggers(db);
  await bulkCopy(
    ctx,
    db,
    'member',
    [
      { table: 'person', columns: PERSON_COPY_COLUMNS, bytes: P.view(), rows: P.rows },
      { table: 'member', columns: MEMBER_COPY_COLUMNS, bytes: M.view(), rows: M.rows },
      { table: 'member_period', columns: PERIOD_COPY_COLUMNS, bytes: R.view(), rows: R.rows },
    ],
    { ids: newIds, paths: [...paths], source: run.source },
    { orgIds: [...orgIds], skipRowTriggers: state.skipRowTriggers },
  );
  // without the row triggers the roster periods' statement triggers stood aside too: the orgs they would have
  // marked for the life and dues rollups (decisions 0024, 0031) are marked here, or a county's figures of today
  // would miss the members until the next rebuild
  if (state.skipRowTriggers) await markPeriodOrgs(db, [...orgIds]);
  tally.inserted += fresh.length;
  if (!state.counts) {
    await writeCells(db, counts.entries());
  } else if (!state.freshStats && orgIds.size * 4 <= fresh.length) {
    // Rows grouped by org (as exports and the demo are): the orgs this chunk did not touch are likely done, so
    // their cells are written now, while the next rows are being read, instead of all at the end. (For rows in
    // no order this would write most cells once per chunk; they wait for finishMemberChunks.)
    const idle = counts.takeIdle();
    if (idle.orgs) await writeCells(db, idle.entries());
  }
  counts.nextRound();
}

export function assertNoRejections(result: ImportResult | ImportTally) {
  if (result.rejected.length) throw new AppError('IMPORT_REJECTED_ROWS', undefined, result.rejected);
}
