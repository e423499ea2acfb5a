/**
 * The parse step of a member import — parseMemberRows, then each valid row's COPY text, periods and statistics
 * cells (bulk-rows.ts) — in a worker thread for big files, so that it runs on the second core while the caller
 * writes earlier rows to the database. Batches come back exactly as the in-process path makes them, with a
 * bounded number in flight so a fast reader cannot fill memory ahead of a slow writer. Header and progress
 * callbacks, and AppErrors (IMPORT_UNREADABLE, IMPORT_NO_HEADER), reach the caller as if parsing ran in-process.
 *
 * Small files are parsed in-process (a worker takes a few hundred milliseconds to start).
 */
import { stat } from 'node:fs/promises';
import { setImmediate as yieldTurn } from 'node:timers/promises';
import { Worker, isMainThread, parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { AppError, type ErrorCode } from '../shared/errors.js';
import type { IsoDate } from '../shared/dates.js';
import { fieldsOf, type HeaderColumn, type HeaderInfo, type SheetKind } from '../io/headers.js';
import { parseMemberRowBatches, type MemberParseOptions } from '../io/parse-sheet.js';
import type { TableSource } from '../io/read-table.js';
import {
  CopyTextBuilder,
  CopyTextPool,
  OrgNumbers,
  PairNumbers,
  addParsed,
  emptyBatch,
  type MemberBatch,
} from './bulk-rows.js';
import type { LocalSynonym } from '../shared/classification.js';

export interface MemberBatchOptions extends MemberParseOptions {
  /** the date of the statistics the rows are counted into (shareStatsState's) */
  asOf: IsoDate;
  /** parse in a worker thread: true, false, or by file size (default) */
  worker?: boolean | undefined;
  /** false: the rows' values are left out of the batches (no member exists: the writer never reads one) */
  values?: boolean | undefined;
}

/** Files from this size are parsed in a worker (about 12k CSV rows or 8k .xlsx rows). */
const WORKER_MIN_BYTES = { csv: 3 * 1024 * 1024, xlsx: 1024 * 1024 };
/** rows parsed in-process between two turns of the event loop */
const YIELD_ROWS = 200;
/** parsed rows per batch */
const BATCH = 2000;
/** batches the worker may send ahead of the caller */
const WINDOW = 6;

/** The rows of a member sheet in batches: from a worker for a big file, else parsed in-process. */
export async function* memberBatches(
  source: TableSource,
  opts: MemberBatchOptions,
): AsyncGenerator<MemberBatch> {
  const parse = openMemberBatches(source, { worker: opts.worker });
  try {
    yield* parse.batches(opts);
  } finally {
    await parse.close();
  }
}

/**
 * A member sheet's parse, opened before its options are known: a big file's worker starts at once — its thread,
 * the modules it loads (the parsers, the code tables, pinyin-pro's dictionary) — while the caller does its own
 * set-up (an import hashes the file and locks and prepares the tables: about as long as the worker takes to start,
 * issue 9 #6), and begins parsing when `batches` gives it the options. `close` ends a worker whose batches were
 * never read (a failed set-up); `batches` may be called once.
 */
export interface MemberBatchParse {
  batches(opts: MemberBatchOptions): AsyncGenerator<MemberBatch>;
  /**
   * The caller is done with a batch it was given (its rows are written): its COPY text's buffer goes back to the
   * worker for a later batch (CopyTextPool). The batch's rows must not be read afterwards (the buffer is detached).
   */
  done(batch: MemberBatch): void;
  close(): Promise<void>;
}

export function openMemberBatches(
  source: TableSource,
  opts: { worker?: boolean | undefined } = {},
): MemberBatchParse {
  const worker = useWorker(source, opts.worker).then((use) => (use ? startWorker(source) : null));
  // (a rejection is seen by batches or close; this keeps an unread one from being reported as unhandled)
  worker.catch(() => undefined);
  let started: StartedWorker | null = null;
  return {
    async *batches(o) {
      const w = (started = await worker);
      if (w) yield* fromWorker(w, o);
      else yield* inProcess(source, o);
    },
    done(batch) {
      const buffer = batch.copyText.buffer as ArrayBuffer;
      if (!started || started.ended || !buffer.byteLength) return;
      started.worker.postMessage({ type: 'recycle', buffer } satisfies ToWorker, [buffer]);
    },
    async close() {
      const w = await worker.catch(() => null);
      await w?.terminate().catch(() => undefined);
    },
  };
}

async function* inProcess(source: TableSource, opts: MemberBatchOptions): AsyncGenerator<MemberBatch> {
  let batch = emptyBatch();
  let n = 0;
  const add = {
    asOf: opts.asOf,
    pairs: new PairNumbers(),
    orgs: new OrgNumbers(),
    text: new CopyTextBuilder(),
    values: opts.values !== false,
  };
  for await (const rows of parseMemberRowBatches(source, opts)) {
    for (const r of rows) {
      addParsed(batch, r, add);
      // a file read whole is parsed without waiting for anything: let the server answer its other requests between
      // rows, or every request waits for the whole parse (decision 0021)
      if (++n % YIELD_ROWS === 0) await yieldTurn();
      if (batch.total >= BATCH) {
        add.text.seal(batch);
        yield batch;
        batch = emptyBatch();
      }
    }
  }
  if (batch.total) {
    add.text.seal(batch);
    yield batch;
  }
}

async function useWorker(source: TableSource, worker: boolean | undefined): Promise<boolean> {
  if (worker !== undefined) return worker;
  try {
    const { size } = await stat(source.path);
    const ext = (source.fileName ?? source.path).toLowerCase().endsWith('.csv') ? 'csv' : 'xlsx';
    return size >= WORKER_MIN_BYTES[ext];
  } catch {
    return false; // in-process parsing reports the unreadable file
  }
}

// ------------------------------------------------------------------------------------------------ messages

interface WireColumn {
  index: number;
  key: string;
  header: string;
}
interface WireHeader {
  kind: SheetKind;
  row: number;
  columns: WireColumn[];
  duplicates: (WireColumn & { first: WireColumn })[];
  ignored: { index: number; header: string }[];
}
type ToMain =
  | { type: 'header'; header: WireHeader }
  | { type: 'progress'; n: number }
  | { type: 'batch'; batch: MemberBatch }
  | { type: 'end' }
  | {
      type: 'error';
      app: { code: ErrorCode; message: string; details: unknown } | null;
      message: string;
      stack?: string;
    };
type ToWorker =
  { type: 'credit'; n: number } | { type: 'start'; start: Start } | { type: 'recycle'; buffer: ArrayBuffer };
/** What the worker is started with: the file (it loads its modules meanwhile, then waits for Start). */
interface Opening {
  source: TableSource;
}
/** The parse's options, sent when the caller's set-up is done. */
interface Start {
  today?: IsoDate;
  asOf: IsoDate;
  values: boolean;
  /** the deployment's local synonyms, read by the caller before the parse (decision 0013) */
  localSynonyms: readonly LocalSynonym[];
}

const wireColumn = (c: HeaderColumn): WireColumn => ({ index: c.index, key: c.field.key, header: c.header });

function toWire(h: HeaderInfo): WireHeader {
  return {
    kind: h.kind,
    row: h.row,
    columns: h.columns.map(wireColumn),
    duplicates: h.duplicates.map((d) => ({ ...wireColumn(d), first: wireColumn(d.first) })),
    ignored: h.ignored,
  };
}

function fromWire(w: WireHeader): HeaderInfo {
  const fields = fieldsOf(w.kind);
  const column = (c: WireColumn): HeaderColumn => ({
    index: c.index,
    field: fields.find((f) => f.key === c.key)!,
    header: c.header,
  });
  return {
    kind: w.kind,
    row: w.row,
    columns: w.columns.map(column),
    duplicates: w.duplicates.map((d) => ({ ...column(d), first: column(d.first) })),
    ignored: w.ignored,
  };
}

// ------------------------------------------------------------------------------------------------ main side

const ENTRY = new URL('./import-worker-entry.mjs', import.meta.url);

/** A worker started for a file, its messages queued until the caller reads them. */
interface StartedWorker {
  worker: Worker;
  queue: ToMain[];
  wake: (() => void) | null;
  /** its batches are all read, or it failed: nothing more is sent to it */
  ended: boolean;
  terminate(): Promise<number>;
}

function startWorker(source: TableSource): StartedWorker {
  // execArgv: [] — the entry registers the TypeScript loader itself, however the parent was started
  const worker = new Worker(ENTRY, {
    workerData: { source: { ...source } } satisfies Opening,
    execArgv: process.env.JICENG_WORKER_PROF
      ? ['--cpu-prof', `--cpu-prof-dir=${process.env.JICENG_WORKER_PROF}`]
      : [],
    // its own heap stays small: the file's shared strings live outside it, in buffers, and it keeps nothing of the
    // rows it has sent. The young generation is 16 MB: 64 MB (session 10, when a quarter of the worker's CPU went
    // to scavenges at 16) held ~35–40 MB more at the peak of a million-row load, and since the COPY text and the
    // cells leave in buffers the worker's CPU at 16, 32 and 64 MB is the same within the noise (decision 0027's
    // session 16 addendum)
    resourceLimits: { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 384 },
  });
  const w: StartedWorker = {
    worker,
    queue: [],
    wake: null,
    ended: false,
    terminate: () => worker.terminate(),
  };
  const push = (m: ToMain) => {
    w.queue.push(m);
    w.wake?.();
    w.wake = null;
  };
  worker.on('message', push);
  worker.on('error', (e) => push({ type: 'error', app: null, message: e.message, stack: e.stack ?? '' }));
  worker.on('exit', (code) => {
    if (code !== 0) push({ type: 'error', app: null, message: `import worker exited with code ${code}` });
  });
  return w;
}

async function* fromWorker(w: StartedWorker, opts: MemberBatchOptions): AsyncGenerator<MemberBatch> {
  const start: Start = {
    asOf: opts.asOf,
    values: opts.values !== false,
    localSynonyms: opts.localSynonyms ?? [],
    ...(opts.today ? { today: opts.today } : {}),
  };
  const { worker, queue } = w;
  worker.postMessage({ type: 'start', start } satisfies ToWorker);
  try {
    for (;;) {
      if (!queue.length) await new Promise<void>((r) => (w.wake = r));
      const m = queue.shift()!;
      if (m.type === 'batch') {
        worker.postMessage({ type: 'credit', n: 1 } satisfies ToWorker);
        yield m.batch;
      } else if (m.type === 'header') opts.onHeader?.(fromWire(m.header));
      else if (m.type === 'progress') opts.onProgress?.(m.n);
      else if (m.type === 'end') return;
      else if (m.type === 'error') {
        if (m.app) throw new AppError(m.app.code, m.app.message, m.app.details);
        const e = new Error(m.message);
        if (m.stack) e.stack = m.stack;
        throw e;
      }
    }
  } finally {
    w.ended = true;
    await worker.terminate().catch(() => undefined);
  }
}

// ------------------------------------------------------------------------------------------------ worker side

async function runWorker(port: MessagePort, opening: Opening): Promise<void> {
  let credit = WINDOW;
  let wake: (() => void) | null = null;
  // the COPY-text buffers the caller has handed back (MemberBatchParse.done), for the next batches
  const pool = new CopyTextPool();
  let started: (s: Start) => void = () => undefined;
  const starting = new Promise<Start>((r) => (started = r));
  port.on('message', (m: ToWorker) => {
    if (m.type === 'credit') {
      credit += m.n;
      wake?.();
      wake = null;
    } else if (m.type === 'start') started(m.start);
    else if (m.type === 'recycle') pool.give(m.buffer);
  });
  const send = (m: ToMain) => port.postMessage(m);
  const start = await starting;
  try {
    let batch = emptyBatch();
    const text = new CopyTextBuilder();
    const flush = async () => {
      while (credit <= 0) await new Promise<void>((r) => (wake = r));
      credit--;
      text.seal(batch, pool);
      // the COPY text's buffers are moved to the caller's thread, not copied
      port.postMessage({ type: 'batch', batch } satisfies ToMain, [
        batch.copyText.buffer as ArrayBuffer,
        batch.copyEnds.buffer as ArrayBuffer,
        batch.cells.buffer as ArrayBuffer,
        batch.row.buffer as ArrayBuffer,
        batch.org.buffer as ArrayBuffer,
      ]);
      batch = emptyBatch();
    };
    const batches = parseMemberRowBatches(opening.source, {
      localSynonyms: start.localSynonyms,
      ...(start.today ? { today: start.today } : {}),
      onHeader: (h) => send({ type: 'header', header: toWire(h) }),
      onProgress: (n) => send({ type: 'progress', n }),
    });
    const add = {
      asOf: start.asOf,
      pairs: new PairNumbers(),
      orgs: new OrgNumbers(),
      text,
      values: start.values,
    };
    // BENCH_MEMORY_TRACE (bench/measure.ts): the worker's own heap, every 50 batches, on stderr
    const trace = process.env.BENCH_MEMORY_TRACE ? { batches: 0, t0: performance.now() } : null;
    for await (const rows of batches) {
      for (const r of rows) {
        addParsed(batch, r, add);
        if (batch.total >= BATCH) {
          await flush();
          if (trace && ++trace.batches % 50 === 0) {
            const u = process.memoryUsage();
            const mb = (n: number) => Math.round(n / 2 ** 20);
            process.stderr.write(
              `worker ${((performance.now() - trace.t0) / 1000).toFixed(1)}s batch ${trace.batches} heap ${mb(u.heapUsed)}/${mb(u.heapTotal)} ext ${mb(u.external)} ab ${mb(u.arrayBuffers)} pool ${pool.size}\n`,
            );
          }
        }
      }
    }
    if (batch.total) await flush();
    send({ type: 'end' });
  } catch (e) {
    const app = e instanceof AppError ? { code: e.code, message: e.message, details: e.details } : null;
    send({
      type: 'error',
      app,
      message: e instanceof Error ? e.message : String(e),
      ...(e instanceof Error && e.stack ? { stack: e.stack } : {}),
    });
  } finally {
    port.close();
  }
}

/** The worker's body: called by import-worker-entry.mjs in the worker thread. */
export function runImportWorker(): Promise<void> {
  if (isMainThread || !parentPort) throw new Error('runImportWorker runs in a worker thread');
  return runWorker(parentPort, workerData as Opening);
}
