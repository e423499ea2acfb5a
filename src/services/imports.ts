/**
 * Spreadsheet import: parse (streaming) → validate every row → apply in one transaction. A dry run does the same
 * work and rolls back, so the preview's counts are exactly what applying would do. Valid rows are applied unless
 * `allOrNothing`, in which case any rejected row rolls the whole import back. Rejections are counted by problem
 * and only the first few hundred of each are kept (import-rejections.ts), however many rows are bad.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Ctx } from './context.js';
import type { ImportKind, ImportResult, ImportWarning, MemberImport, OrgCreate } from '../shared/schemas.js';
import { refreshPlannerStatsAfter } from '../db/planner-stats.js';
import { localSynonyms } from '../db/repositories/classification.js';
import { parseOrgRows } from '../io/parse-sheet.js';
import { openMemberBatches, type MemberBatchParse } from './import-worker.js';
import type { TableSource } from '../io/read-table.js';
import { fieldsOf, type HeaderInfo } from '../io/headers.js';
import type { ImportTally } from './import-rejections.js';
import {
  applyMemberChunk,
  deferMemberIndexes,
  emptyResult,
  finishMemberChunks,
  newMemberState,
  startBulkRun,
  type ColumnOf,
  type EarlierRejection,
  type MemberRows,
  type RowList,
  type Rows,
} from './bulk.js';
import { applyOrgRows } from './bulk-orgs.js';
import { villagesChanged } from './orgs.js';
import { CELLS_PER_ROW, COPY_PARTS, type MemberBatch, type PreparedBytes } from './bulk-rows.js';
import { importDuesBases, importDuesPayments } from './dues-imports.js';
import { importApplicants } from './recruitment-import.js';
import { importScreening } from './screening-import.js';
import { applyMeetingLedger } from './meeting-import.js';

export interface ImportOptions {
  dryRun?: boolean;
  allOrNothing?: boolean;
  onProgress?: (rowsRead: number) => void;
  /** rows per write batch */
  chunkSize?: number;
  /** parse in a worker thread: true, false, or by file size (default) */
  worker?: boolean;
  /**
   * Build the member indexes once at the end instead of row by row: by default when the file holds at least
   * 20,000 rows and ten times the members already stored; true or false to decide (tests, scripts).
   */
  bulkLoad?: boolean;
  /** a member import's phases as each ends: set-up, first batch, last batch, rows written, indexes, cells, done (benchmarks) */
  onPhase?: (phase: string) => void;
}

class Rollback extends Error {}

/** Bytes a member row takes in a file, at the least (a CSV row of the template; an .xlsx row compressed). */
const MIN_ROW_BYTES = { csv: 120, xlsx: 25 };

/** About how many rows a file holds, from its size: an estimate that errs high (0 when unknown). */
async function expectedRows(source: TableSource): Promise<number> {
  try {
    const { size } = await stat(source.path);
    const csv = (source.fileName ?? source.path).toLowerCase().endsWith('.csv');
    return Math.floor(size / (csv ? MIN_ROW_BYTES.csv : MIN_ROW_BYTES.xlsx));
  } catch {
    return 0;
  }
}

/** rows an import hands to an idle database at the least (a write takes up to chunkSize) */
const MIN_CHUNK = 4000;

/** File name and SHA-256 of the imported file, for the audit entries of what it wrote. */
export async function describeSource(source: TableSource): Promise<string> {
  return (await readSource(source)).description;
}

/**
 * describeSource's description, and for a CSV file its line count (null otherwise, or when unreadable): more than
 * the rows it holds (a header, a title, a line break inside quotes), never fewer — what sizes the import's ID-number
 * table (RowByIdNumber.reserve). Counted in the same read as the hash.
 */
export async function readSource(
  source: TableSource,
): Promise<{ description: string; lines: number | null }> {
  const hash = createHash('sha256');
  const csv = (source.fileName ?? source.path).toLowerCase().endsWith('.csv');
  let lines = 0;
  try {
    for await (const chunk of createReadStream(source.path)) {
      const b = chunk as Buffer;
      hash.update(b);
      if (csv) for (let at = b.indexOf(10); at >= 0; at = b.indexOf(10, at + 1)) lines++;
    }
  } catch {
    return { description: `file:${source.fileName ?? basename(source.path)}`, lines: null };
  }
  return {
    description: `file:${source.fileName ?? basename(source.path)} sha256:${hash.digest('hex')}`,
    // (a last line without its line break)
    lines: csv ? lines + 1 : null,
  };
}

function columnNamer(kind: ImportKind, header: () => HeaderInfo | null): ColumnOf {
  return (field) => {
    const h = header()?.columns.find((c) => c.field.key === field);
    return h?.header ?? fieldsOf(kind).find((f) => f.key === field)?.header ?? field;
  };
}

async function inTransaction(
  ctx: Ctx,
  opts: ImportOptions,
  work: (tx: Ctx) => Promise<ImportTally>,
): Promise<ImportResult> {
  let out: ImportTally | null = null;
  try {
    await ctx.db.transaction(async (db) => {
      out = await work({ ...ctx, db });
      if (opts.dryRun || (opts.allOrNothing && out.rejectedTotal)) throw new Rollback();
    });
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
  }
  const result = (out as ImportTally | null)!.toResult();
  // PGlite has no autovacuum: the planner learns the new rows' numbers here (decision 0021)
  if (!opts.dryRun && !(opts.allOrNothing && result.rejectedTotal))
    await refreshPlannerStatsAfter(ctx.db, result.inserted + result.updated);
  if (!opts.dryRun && opts.allOrNothing && result.rejectedTotal) {
    // nothing was written: report what would have been, zeroed
    return { ...result, inserted: 0, updated: 0, unchanged: 0 };
  }
  return result;
}

/** A batch of prepared rows as the writer keeps it (PreparedRow reads its rows from it). */
export interface BatchView {
  b: MemberBatch;
  /** the batch's copyText as a Buffer (a view, not a copy) */
  text: Buffer;
  /** the rows' statistics cells as this import's cell numbers, row after row … */
  cells: Int32Array;
  /** … row i's from cellAt[i] to cellAt[i + 1] */
  cellAt: Int32Array;
  /** the org codes by the batch producer's numbers (MemberBatch.org), the import's so far */
  orgCodes: readonly string[];
}

/** The parse step's batch as the writer keeps it: its cells translated to this import's cell numbers. */
export function viewOf(
  b: MemberBatch,
  cellOfPair: readonly number[],
  orgCodes: readonly string[],
): BatchView {
  const cells = new Int32Array(b.cells.length);
  const cellAt = new Int32Array(b.row.length + 1);
  let n = 0;
  for (let i = 0; i < b.row.length; i++) {
    for (let j = i * CELLS_PER_ROW; j < (i + 1) * CELLS_PER_ROW; j++) {
      const c = b.cells[j]!;
      if (c >= 0) cells[n++] = cellOfPair[c]!;
    }
    cellAt[i + 1] = n;
  }
  const text = Buffer.from(b.copyText.buffer, b.copyText.byteOffset, b.copyText.byteLength);
  return { b, text, cells, cellAt, orgCodes };
}

/**
 * A row prepared by the parse step, read from its batch where it stands: made when the writer reads the row and
 * dropped after, so a row waiting for its write holds nothing on the writer's heap but its batch's typed arrays
 * (ChunkRows). Its value is read (from JSON) only if the member exists already, its COPY work stays the batch's
 * UTF-8 bytes (PreparedBytes).
 */
class PreparedRow implements MemberRows, PreparedBytes {
  private parsed: MemberImport | undefined;
  constructor(
    private readonly v: BatchView,
    /** the row's index among the batch's valid rows */
    private readonly i: number,
  ) {}
  get checked(): true {
    return true;
  }
  get row(): number {
    return this.v.b.row[this.i]!;
  }
  get idNumber(): string {
    const e = this.v.b.copyEnds;
    const at = this.i * COPY_PARTS;
    return this.v.text.toString('utf8', e[at + COPY_PARTS - 2]!, e[at + COPY_PARTS - 1]!);
  }
  get orgCode(): string {
    return this.v.orgCodes[this.v.b.org[this.i]!]!;
  }
  get text(): Buffer {
    return this.v.text;
  }
  get ends(): Int32Array {
    return this.v.b.copyEnds;
  }
  get at(): number {
    return this.i * COPY_PARTS;
  }
  get cells(): Int32Array {
    return this.v.cells.subarray(this.v.cellAt[this.i], this.v.cellAt[this.i + 1]);
  }
  get prep(): this {
    return this;
  }
  get value(): MemberImport {
    const json = this.v.b.value[this.i];
    // (none only in a first load into an empty person table, whose writer never reads a value)
    if (!json) throw new Error(`row ${this.row}: its value was not kept`);
    return (this.parsed ??= JSON.parse(json) as MemberImport);
  }
  get warnings(): ImportWarning[] | undefined {
    const json = this.v.b.warnings[this.i];
    return json ? (JSON.parse(json) as ImportWarning[]) : undefined;
  }
}

/**
 * The rows gathered for a write, as the batches they stand in: a row is made (PreparedRow) when the writer reads it,
 * not kept as an object from its batch's arrival to its write (issue 9 #6: tens of thousands of rows wait, long
 * enough to be promoted; decision 0027's session 17 addendum).
 */
export class ChunkRows implements RowList<MemberRows> {
  private readonly views: BatchView[] = [];
  private readonly starts: number[] = [];
  /** the batches whose rows these are (their COPY text goes back to the parse once written) */
  readonly batches: MemberBatch[] = [];
  length = 0;

  add(v: BatchView): void {
    this.batches.push(v.b);
    if (!v.b.row.length) return;
    this.views.push(v);
    this.starts.push(this.length);
    this.length += v.b.row.length;
  }

  at(i: number): MemberRows | undefined {
    if (!(i >= 0 && i < this.length)) return undefined;
    // the last batch starting at or before i
    let lo = 0;
    let hi = this.views.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= i) lo = mid;
      else hi = mid - 1;
    }
    return new PreparedRow(this.views[lo]!, i - this.starts[lo]!);
  }
}

export async function importMembers(
  ctx: Ctx,
  source: TableSource,
  opts: ImportOptions = {},
): Promise<ImportResult> {
  const chunkSize = opts.chunkSize ?? 20_000;
  // the parse worker starts now, and loads its modules while the file is hashed and the tables are prepared
  const parse = openMemberBatches(source, { worker: opts.worker });
  try {
    return await importMembersWith(ctx, source, opts, chunkSize, parse);
  } finally {
    await parse.close();
  }
}

async function importMembersWith(
  ctx: Ctx,
  source: TableSource,
  opts: ImportOptions,
  chunkSize: number,
  parse: MemberBatchParse,
): Promise<ImportResult> {
  const phase = opts.onPhase;
  // the file is hashed (for the audit entries) while the tables are prepared and the rows parsed: the first
  // chunk's audit entry waits for it, not the parse (a million-row file takes seconds)
  const read = readSource(source);
  const described = read.then((r) => r.description);
  return inTransaction(ctx, opts, async (tx) => {
    const result = emptyResult();
    let header: HeaderInfo | null = null;
    const col = columnNamer('members', () => header);
    const state = newMemberState({ deferStats: true });
    // the ID-number table sized once for the file's rows when it can tell (a CSV file's lines; it is sized before
    // the first chunk is written, which waits for the hash), else grown as the rows come
    let rowsWritten = false;
    void read.then((r) => {
      if (r.lines && !rowsWritten) state.seenIds.reserve(r.lines);
    });
    // A big first load writes the rows first and builds the member indexes once at the end. Its lock on the
    // member tables is taken before the aggregates' lock, the order the member use cases keep (members, then
    // aggregates), so that an edit running meanwhile waits for the load instead of deadlocking with it.
    if (opts.bulkLoad !== false)
      await deferMemberIndexes(tx.db, state, await expectedRows(source), opts.bulkLoad === true);
    const run = await startBulkRun(tx, {
      source: described,
      tally: result,
      columnOf: col,
    });
    // The rows gathered are written while the next are parsed (in the worker), a chunk at a time, in order: handed
    // to the database as soon as it is idle and MIN_CHUNK rows are there — also the moment a write ends — so that
    // it rarely waits for the parse (issue 9 #6), and when the parse ends only the rows read during the last write
    // are left to write. At chunkSize rows the loop waits for the database (and the parse for the loop).
    let writing: Promise<void> = Promise.resolve();
    let busy = false;
    let failed: { error: unknown } | null = null;
    // the rows gathered, as their batches (whose COPY text goes back to the parse once the chunk is written)
    let chunk = new ChunkRows();
    const minChunk = Math.min(chunkSize, MIN_CHUNK);
    let open = true;
    const kick = (min: number) => {
      if (busy || failed || !open || !chunk.length || chunk.length < min) return;
      const rows = chunk;
      chunk = new ChunkRows();
      busy = true;
      writing = applyMemberChunk(run, rows, state).then(
        () => {
          busy = false;
          for (const b of rows.batches) parse.done(b);
          kick(minChunk);
        },
        (error: unknown) => {
          failed = { error };
          busy = false;
        },
      );
    };
    /** Until the database has taken every row but fewer than `keep` (0: all written). */
    const drain = async (keep: number) => {
      while (chunk.length >= Math.max(keep, 1) || (keep === 0 && busy)) {
        await writing;
        if (failed) throw failed.error;
        kick(keep === 0 ? 1 : minChunk);
      }
    };
    // the batch producer's pair numbers → this import's cell numbers (MemberBatch.cells)
    const counts = state.counts!;
    const cellOfPair: number[] = [];
    // the batch producer's org numbers → the orgs' codes (MemberBatch.org)
    const orgCodes: string[] = [];
    const batches = parse.batches({
      // a first load into an empty person table never reads a row's value: the parse step need not send it
      values: !state.noPersonsBefore,
      // the local synonyms as they are when the import starts: a later mapping applies to the rows it wrote
      localSynonyms: await localSynonyms(tx.db),
      today: run.today,
      asOf: run.asOf,
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      onHeader: (h) => {
        header = h;
      },
    });
    phase?.('set-up');
    try {
      for await (const b of batches) {
        if (phase && !result.total) phase('first batch');
        result.total += b.total;
        for (const e of b.rejected) result.reject(e);
        for (const [dim, key] of b.pairs) cellOfPair.push(counts.cell(dim, key));
        for (const code of b.orgs) orgCodes.push(code);
        chunk.add(viewOf(b, cellOfPair, orgCodes));
        kick(minChunk);
        await drain(chunkSize);
        if (failed) break;
      }
      phase?.('last batch');
      await drain(0);
    } finally {
      // never leave a write running on the transaction (and start none after a failure)
      open = false;
      while (busy) await writing;
    }
    if (failed) throw (failed as { error: unknown }).error;
    phase?.('rows written');
    // what only the rows needed goes before the indexes and cells (whose read-out is the load's other peak): the ID
    // numbers seen (~25 MB of tables at 1M rows), the orgs' summaries and the chunks' COPY buffers
    rowsWritten = true;
    state.seenIds.clear();
    state.orgs.clear();
    state.copyLines = undefined;
    await finishMemberChunks(tx.db, state, phase);
    return result;
  }).finally(() => phase?.('done'));
}

export async function importOrgs(
  ctx: Ctx,
  source: TableSource,
  opts: ImportOptions = {},
): Promise<ImportResult> {
  let divisionCodes: string[] = [];
  const result = await inTransaction(ctx, opts, async (tx) => {
    let header: HeaderInfo | null = null;
    // rows rejected while read, by the code they name: the rows under them are reported as depending on them
    const rejectedKeys = new Map<string, EarlierRejection>();
    const run = await startBulkRun(tx, {
      source: await describeSource(source),
      columnOf: columnNamer('orgs', () => header),
      rejectedKeys,
    });
    const { tally: result, columnOf: col } = run;
    const valid: Rows<OrgCreate>[] = [];
    const seen = new Map<string, number>();
    const rows = parseOrgRows(source, {
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      onHeader: (h) => {
        header = h;
      },
    });
    for await (const r of rows) {
      result.total++;
      if (r.errors.length || !r.value) {
        for (const e of r.errors) result.reject(e);
        if (r.code && r.errors.length && !rejectedKeys.has(r.code))
          rejectedKeys.set(r.code, { row: r.row, reason: r.errors[0]!.message });
        continue;
      }
      const first = seen.get(r.value.code);
      if (first !== undefined) {
        result.reject({
          row: r.row,
          column: col('code'),
          code: 'DUPLICATE_IN_FILE',
          message: `与第${first}行的组织编码重复`,
        });
        continue;
      }
      seen.set(r.value.code, r.row);
      valid.push({ row: r.row, value: r.value });
    }
    divisionCodes = await applyOrgRows(run, valid);
    return result;
  });
  // orgs created or re-coded with a village's code: the coverage warnings follow at once after the commit, as after
  // a single write (decision 0039); a dry run, or an all-or-nothing import refused, wrote nothing
  if (!opts.dryRun && !(opts.allOrNothing && result.rejectedTotal))
    await villagesChanged(ctx, ...divisionCodes);
  return result;
}

/**
 * A 三会一课 ledger (issue 11 item 8, decision 0019): the new meetings with their attendance, in one transaction; a
 * dry run rolls back, `allOrNothing` writes nothing when any row is rejected.
 */
export async function importMeetings(
  ctx: Ctx,
  source: TableSource,
  opts: ImportOptions = {},
): Promise<ImportResult> {
  return inTransaction(ctx, opts, async (tx) => {
    let header: HeaderInfo | null = null;
    const tally = emptyResult();
    await applyMeetingLedger(
      tx,
      source,
      tally,
      columnNamer('meetings', () => header),
      await describeSource(source),
      {
        ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
        onHeader: (h) => {
          header = h;
        },
      },
    );
    return tally;
  });
}

export function runImport(ctx: Ctx, kind: ImportKind, source: TableSource, opts: ImportOptions = {}) {
  if (kind === 'meetings') return importMeetings(ctx, source, opts);
  if (kind === 'dues-bases') return importDuesBases(ctx, source, opts);
  if (kind === 'dues') return importDuesPayments(ctx, source, opts);
  if (kind === 'applicants') return importApplicants(ctx, source, opts);
  if (kind === 'screening') return importScreening(ctx, source, opts);
  return kind === 'orgs' ? importOrgs(ctx, source, opts) : importMembers(ctx, source, opts);
}
