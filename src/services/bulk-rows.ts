/**
 * What a new member row becomes in the database, worked out ahead of the write: its person's and its membership's
 * lines of COPY text (all but the ids and org id, which only the writer knows), its periods, and its statistics
 * cells. Pure and free of database
 * handles, so the import's parse worker can do it on the second core while the writer sends earlier rows; the
 * bulk writer does the same for rows that come without it (the demo). Both give byte-identical COPY text.
 */
import type { MemberImport } from '../shared/schemas.js';
import type { IsoDate } from '../shared/dates.js';
import type { ImportRejection } from '../shared/schemas.js';
import { MEMBER_DIMS, memberKeys, type StatMember } from '../domain/stats/keys.js';
import { nameKeys, type NameKeys } from '../domain/member/names.js';
import { normalizeIdNumber } from '../shared/id-number.js';
import type { ParsedRow } from '../io/parse-sheet.js';
import { initialPeriods } from '../domain/member/periods.js';
import {
  MEMBER_COPY_COLUMNS,
  PERSON_COPY_COLUMNS,
  esc,
  md,
  memberCopyTail,
  personCopyTail,
  rosterAncestorsCopy,
} from '../db/member-columns.js';
import { MEMBER_PERIOD, periodCopyColumns } from '../db/intervals.js';

export { MEMBER_COPY_COLUMNS, PERSON_COPY_COLUMNS, esc, md, rosterAncestorsCopy };
/** A nullable text column. */
export function txt(v: string | null | undefined): string {
  return v == null ? '\\N' : esc(v);
}

/** member_period's COPY columns: the writer prepends member_id and org_id to each prepared period line. */
export const PERIOD_COPY_COLUMNS = periodCopyColumns(MEMBER_PERIOD);

export interface MemberFactsOf {
  idNumber: string;
  sex: 'male' | 'female';
  birthDate: IsoDate;
}

/** A new member's COPY work, all but the ids and org id. */
export interface PreparedCopy {
  /** the person's line from `name` to the end (columns 2…, with the newline) */
  personTail: string;
  /** the membership's line from `status` to the end (columns 4…, with the newline) */
  memberTail: string;
  /** its member_period lines from `status` to the end (one or two) */
  periods: string[];
  /** its statistics cells as (dim, key) pairs (memberKeys), or … */
  keys?: readonly (readonly [string, string])[];
  /** … already as the import's OrgCellCounts cell numbers (a prepared batch row, translated by the import) */
  cells?: ArrayLike<number>;
}

/**
 * A new member's COPY work as a prepared batch row carries it: its parts in the batch's COPY text (MemberBatch), and
 * its statistics cells as the import's cell numbers.
 */
export interface PreparedBytes {
  /** the batch's copyText, as a Buffer */
  text: Buffer;
  /** the batch's copyEnds */
  ends: Int32Array;
  /** where the row's parts are listed in `ends` (its index in the batch's valid rows × COPY_PARTS) */
  at: number;
  cells: ArrayLike<number>;
}

export function prepareCopy(
  v: MemberImport,
  facts: MemberFactsOf,
  keys: NameKeys,
  asOf: IsoDate,
): PreparedCopy {
  const confirmedOn = v.status === 'full' ? (v.confirmedOn ?? null) : null;
  // (object literals in registry order: the COPY text follows the member-column registry)
  const personTail = personCopyTail({
    name: v.name,
    nameInitials: keys.initials,
    namePinyin: keys.pinyin,
    nameSort: keys.sort,
    sex: facts.sex,
    birthDate: facts.birthDate,
    birthMd: md(facts.birthDate)!,
    idNumber: facts.idNumber,
    ethnicity: v.ethnicity ?? null,
    education: v.education ?? null,
    occupation: v.occupation ?? null,
    ethnicityRaw: v.ethnicityRaw ?? null,
    educationRaw: v.educationRaw ?? null,
    occupationRaw: v.occupationRaw ?? null,
    nativePlace: v.nativePlace ?? null,
    phone: v.phone ?? null,
    address: v.address ?? null,
    workUnit: v.workUnit ?? null,
    jobTitle: v.jobTitle ?? null,
  });
  const memberTail = memberCopyTail({
    status: v.status,
    joinedOn: v.joinedOn,
    confirmedOn,
    confirmedMd: md(confirmedOn),
    isMobile: v.isMobile ?? false,
    // the person's roster keys, kept on the membership (decision 0049)
    nameSort: keys.sort,
    sex: facts.sex,
    birthDate: facts.birthDate,
  });
  const periods = initialPeriods(v.status, v.joinedOn, confirmedOn).map(
    (p) => `${esc(p.status)}\t${esc(p.from)}\t${txt(p.to)}\n`,
  );
  // (an object literal, not { ...facts, … }: V8 spends microseconds on a spread followed by more properties)
  const m: StatMember = {
    sex: facts.sex,
    birthDate: facts.birthDate,
    status: v.status,
    ethnicity: v.ethnicity ?? null,
    education: v.education ?? null,
    occupation: v.occupation ?? null,
    educationRaw: v.educationRaw ?? null,
    occupationRaw: v.occupationRaw ?? null,
    joinedOn: v.joinedOn,
    confirmedOn,
  };
  return { personTail, memberTail, periods, keys: memberKeys(m, asOf) };
}

// ------------------------------------------------------------------------------------------------ batches

/** Cells a member row adds at most (one per member dimension). */
export const CELLS_PER_ROW = MEMBER_DIMS.length;

/**
 * Parsed rows as the import hands them to the writer: the rejections of the parse step, and for each valid row
 * what the writer needs to check it (row, ID number, org), its value as JSON (read only for a member who exists
 * already; none when the import said none exists: a first load) and its prepared COPY work. The statistics cells are
 * numbers the producer gives each (dim, key) pair the first time it meets it (`pairs` lists the pairs first met in
 * this batch, numbered on from the previous batch's), and the orgs likewise (`orgs`): no per-row text to send, hash
 * or keep.
 *
 * Every per-row part travels in typed arrays moved to the writer's thread, not copied: the COPY work as UTF-8 bytes,
 * every row's back to back in one array (`copyText`, with the row's ID number after its COPY parts), the row numbers,
 * orgs and cells as Int32Arrays. The writer copies the bytes into its COPY buffers after the ids it prefixes, so the
 * rows' text never becomes strings on the writer's heap, and a row waiting for its write holds nothing there either
 * (issue 9 #6: a million-row load's writer held ~50k rows as strings, then their row numbers, ID numbers and org
 * codes as arrays of strings promoted while they waited; decision 0027's session 17 addendum).
 */
export interface MemberBatch {
  /** parsed rows in this batch, rejected ones included */
  total: number;
  rejected: ImportRejection[];
  /** each valid row's row number in the file */
  row: Int32Array;
  /** each valid row's org, as a number the producer gives each org code (`orgs`) */
  org: Int32Array;
  /** the org codes first met in this batch, numbered on from the previous batches' */
  orgs: string[];
  /** each valid row's value as JSON, or empty (no value kept: `values: false`) */
  value: string[];
  /**
   * Each valid row's person line from `name` on, membership line from `status` on, one or two member_period lines
   * from `status` on (PreparedCopy's texts) and its normalised ID number, as UTF-8, row after row
   * (CopyTextBuilder.seal fills it)
   */
  copyText: Uint8Array;
  /**
   * Where each valid row's COPY_PARTS parts end in copyText: person, membership, first period, second period (the
   * second ends where the first does when the row has one period), ID number
   */
  copyEnds: Int32Array;
  /**
   * CELLS_PER_ROW pair numbers per valid row (-1 fills the rest: a member off the roster has none), in a typed array
   * moved to the writer's thread with the COPY text: as a plain array they were 18 numbers a row on the writer's
   * heap, promoted while the rows waited for their write (issue 9 #6, decision 0027's session 16 addendum)
   */
  cells: Int32Array;
  /** the (dim, key) pairs first met in this batch, numbered on from the previous batches' */
  pairs: [string, string][];
  /** the valid rows' warnings as JSON, by row index ('' or missing: none; empty when no row has any) */
  warnings: string[];
}

/**
 * The parts of a row in MemberBatch.copyText: its COPY work (person, membership, period, second period), then its
 * normalised ID number (the writer's key, not COPY text).
 */
export const COPY_PARTS = 5;

export function emptyBatch(): MemberBatch {
  return {
    total: 0,
    rejected: [],
    row: new Int32Array(0),
    org: new Int32Array(0),
    orgs: [],
    value: [],
    copyText: new Uint8Array(0),
    copyEnds: new Int32Array(0),
    cells: new Int32Array(0),
    pairs: [],
    warnings: [],
  };
}

/**
 * A batch producer's COPY text under construction: the rows' parts encoded one after another into a buffer reused
 * from batch to batch; seal() copies them out, exactly sized, into the batch.
 */
export class CopyTextBuilder {
  private buf = Buffer.allocUnsafeSlow(1 << 20);
  private n = 0;
  private ends: number[] = [];
  private cells: number[] = [];
  private rows: number[] = [];
  private orgs: number[] = [];

  /** A row's statistics cell (MemberBatch.cells). */
  cell(pair: number): void {
    this.cells.push(pair);
  }

  /** valid rows added since the last seal */
  get rowCount(): number {
    return this.rows.length;
  }

  /** A valid row's row number and org number (MemberBatch.row, MemberBatch.org). */
  row(row: number, org: number): void {
    this.rows.push(row);
    this.orgs.push(org);
  }

  add(s: string): void {
    // (a UTF-16 code unit is at most 3 bytes of UTF-8)
    if (this.buf.length - this.n < s.length * 3) {
      const grown = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.n + s.length * 3));
      this.buf.copy(grown, 0, 0, this.n);
      this.buf = grown;
    }
    this.n += this.buf.write(s, this.n);
    this.ends.push(this.n);
  }

  /**
   * Moves what was added into the batch (as plain typed arrays, whose buffers can be transferred); `into`: a buffer
   * to copy the text into when it is big enough (one the writer has handed back, CopyTextPool), else a new one.
   */
  seal(batch: MemberBatch, into?: CopyTextPool): void {
    const text = into ? into.take(this.n) : new Uint8Array(this.n);
    text.set(this.buf.subarray(0, this.n));
    batch.copyText = text;
    batch.copyEnds = Int32Array.from(this.ends);
    batch.cells = Int32Array.from(this.cells);
    batch.row = Int32Array.from(this.rows);
    batch.org = Int32Array.from(this.orgs);
    this.n = 0;
    this.ends = [];
    this.cells = [];
    this.rows = [];
    this.orgs = [];
  }
}

/**
 * The batches' COPY-text buffers handed back by the writer once their rows are written, for the next batches (issue 9
 * #6): without it every batch's text is a new buffer that the writer's thread frees only when its collector gets to
 * the batch (a million-row load's main thread held 20–45 MB of such buffers, dead, beside those in flight).
 */
export class CopyTextPool {
  private readonly free: ArrayBuffer[] = [];
  /** buffers kept at most (the batches in flight between the parse and the writes) */
  static readonly MAX = 16;

  /** A buffer handed back (its old contents are not read again). */
  give(b: ArrayBuffer): void {
    if (this.free.length < CopyTextPool.MAX) this.free.push(b);
  }

  /** `n` bytes in a buffer handed back if one is big enough, else in a new one with a little room. */
  take(n: number): Uint8Array {
    const i = this.free.findIndex((b) => b.byteLength >= n);
    if (i >= 0) return new Uint8Array(this.free.splice(i, 1)[0]!, 0, n);
    return new Uint8Array(new ArrayBuffer(Math.ceil((n * 1.25) / 65536) * 65536 || 65536), 0, n);
  }

  get size(): number {
    return this.free.length;
  }
}

/**
 * Adds a parsed row to a batch. A valid row from parseMemberRows has passed checkMemberFacts and carries its facts
 * (normalised ID number, sex and birth date), so nothing is checked twice.
 */
/** An ID number normalizeIdNumber leaves as it is (no full-width characters, spaces or lower case). */
const CANONICAL_ID = /^[0-9A-Z]*$/;

/** The numbers a batch producer gives (dim, key) pairs (MemberBatch.cells). */
export class PairNumbers {
  private readonly ids = new Map<string, Map<string, number>>();
  private next = 0;
  /** The pair's number; a pair met for the first time is listed in `batch.pairs`. */
  of(batch: MemberBatch, dim: string, key: string): number {
    let keys = this.ids.get(dim);
    if (!keys) this.ids.set(dim, (keys = new Map()));
    let id = keys.get(key);
    if (id === undefined) {
      id = this.next++;
      keys.set(key, id);
      batch.pairs.push([dim, key]);
    }
    return id;
  }
}

/** The numbers a batch producer gives org codes (MemberBatch.org). */
export class OrgNumbers {
  private readonly ids = new Map<string, number>();
  /** The code's number; a code met for the first time is listed in `batch.orgs`. */
  of(batch: MemberBatch, code: string): number {
    let id = this.ids.get(code);
    if (id === undefined) {
      id = this.ids.size;
      // a string of its own: the parsed code may be a slice of the file's text, which a slice kept keeps whole (a
      // million-row load's parse worker grew by 150 MB before this)
      const own = Buffer.from(code, 'utf8').toString('utf8');
      this.ids.set(own, id);
      batch.orgs.push(own);
    }
    return id;
  }
}

export interface AddParsedOptions {
  asOf: IsoDate;
  pairs: PairNumbers;
  orgs: OrgNumbers;
  /** the batch's COPY text, sealed into it before it is handed on (CopyTextBuilder.seal) */
  text: CopyTextBuilder;
  /** false: leave each row's value out (the import knows no member exists: it never reads one) */
  values: boolean;
}

export function addParsed(batch: MemberBatch, r: ParsedRow<MemberImport>, o: AddParsedOptions): void {
  batch.total++;
  const v = r.value;
  if (r.errors.length || !v) {
    for (const e of r.errors) batch.rejected.push(e);
    return;
  }
  const idNumber = CANONICAL_ID.test(v.idNumber) ? v.idNumber : normalizeIdNumber(v.idNumber);
  const facts: MemberFactsOf = { idNumber, sex: v.sex!, birthDate: v.birthDate! };
  const p = prepareCopy(v, facts, nameKeys(v.name), o.asOf);
  if (p.periods.length > 2) throw new Error(`a member row starts ${p.periods.length} periods`);
  const at = o.text.rowCount;
  o.text.row(r.row, o.orgs.of(batch, v.orgCode));
  if (o.values) batch.value.push(JSON.stringify(v));
  o.text.add(p.personTail);
  o.text.add(p.memberTail);
  o.text.add(p.periods[0]!);
  o.text.add(p.periods[1] ?? '');
  o.text.add(facts.idNumber);
  const keys = p.keys!;
  if (keys.length > CELLS_PER_ROW) throw new Error(`a member row adds ${keys.length} cells`);
  for (let i = 0; i < CELLS_PER_ROW; i++) {
    const k = keys[i];
    o.text.cell(k ? o.pairs.of(batch, k[0], k[1]) : -1);
  }
  if (r.warnings) {
    // (filled up to the row only when a row has warnings: most batches have none)
    while (batch.warnings.length < at) batch.warnings.push('');
    batch.warnings.push(JSON.stringify(r.warnings));
  }
}

/**
 * COPY text being written: lines appended as numbers, tabs, text and prepared bytes into one buffer kept from chunk
 * to chunk (reset() empties it; the buffer grows to the biggest chunk's and stays). A chunk's lines are neither
 * strings nor a new buffer each: nothing a chunk writes is left for the collector.
 */
export class CopyLines {
  private buf = Buffer.allocUnsafeSlow(1 << 16);
  private n = 0;
  /** lines appended since reset() (counted by the caller's end()) */
  rows = 0;

  reset(): void {
    this.n = 0;
    this.rows = 0;
  }

  private room(bytes: number): void {
    if (this.buf.length - this.n >= bytes) return;
    const grown = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.n + bytes));
    this.buf.copy(grown, 0, 0, this.n);
    this.buf = grown;
  }

  /** An id and a tab. */
  id(v: number): this {
    if (!Number.isSafeInteger(v) || v < 0) return this.text(`${v}\t`);
    this.room(17);
    let digits = 1;
    for (let x = v; x >= 10; x = Math.floor(x / 10)) digits++;
    let at = this.n + digits;
    this.buf[at] = 9;
    for (let x = v; ; x = Math.floor(x / 10)) {
      this.buf[--at] = 48 + (x % 10);
      if (x < 10) break;
    }
    this.n += digits + 1;
    return this;
  }

  /** Text, as UTF-8. */
  text(s: string): this {
    // (a UTF-16 code unit is at most 3 bytes of UTF-8)
    this.room(s.length * 3);
    this.n += this.buf.write(s, this.n);
    return this;
  }

  /** Bytes from `src` (a prepared row's part). */
  bytes(src: Buffer, from: number, to: number): this {
    this.room(to - from);
    this.n += src.copy(this.buf, this.n, from, to);
    return this;
  }

  /** Ends a line (the text or bytes appended last held its newline). */
  end(): void {
    this.rows++;
  }

  /** The lines written since reset(): a view of the buffer, valid until the next reset(). */
  view(): Buffer {
    return this.buf.subarray(0, this.n);
  }
}
