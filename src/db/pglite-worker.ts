/**
 * The embedded database on a thread of its own (decision 0057). PGlite runs every statement synchronously inside
 * WebAssembly on the thread that called it: opened in the server's thread, each statement stalls the event loop for
 * as long as it runs — an import's big statements for seconds, during which no request (a session lookup included)
 * is even read. Here the PGlite instance lives in a `worker_threads` Worker (pglite-worker-thread.ts), opened and
 * used exactly as `openDb` opens and uses it in-process (the same `PgliteDb`: named reads, rows read from the
 * backend's bytes, PGlite's own locks), and this handle sends it each call of the `Db` interface as a message. The
 * server's thread then only posts and receives messages; what each statement sees and when it waits is unchanged
 * (a read outside a transaction still waits for a transaction in progress: PGlite is still one connection).
 *
 * Rows come back by structured clone (plain objects, Dates, typed arrays and all); COPY text goes as a Blob (its
 * bytes are not copied by the post). An error keeps its class's fields (`code`, `detail`, `constraint`, …, and
 * `query`/`params` as PGlite attaches them), rebuilt as the same PGlite `DatabaseError`.
 */
import { Worker } from 'node:worker_threads';
import { protocol } from '@electric-sql/pglite';
import type { CopyChunks, Db, PgliteSettings, QueryOptions } from './client.js';
import { copyBytes } from './copy-bytes.js';

/** What the thread is opened with. */
export interface PgliteThreadOpening {
  dataDir?: string | undefined;
  loadDataDir?: Blob | undefined;
  namedReads?: boolean | undefined;
  pglite?: PgliteSettings | undefined;
}

/** A call of the `Db` interface; `tx` names the transaction it runs in (0: none). */
export type PgliteThreadRequest =
  | { op: 'query'; tx: number; sql: string; params: readonly unknown[]; generic: boolean }
  | { op: 'exec'; tx: number; sql: string }
  | { op: 'begin' }
  | { op: 'commit'; tx: number }
  | { op: 'rollback'; tx: number }
  | { op: 'copyIn'; tx: number; table: string; columns: readonly string[]; bytes: Uint8Array<ArrayBuffer> }
  | { op: 'copyOut'; tx: number; query: string }
  | { op: 'dump' }
  | { op: 'close' };

/** An error as it crosses the thread: its class, message, stack and own fields. */
export interface SentError {
  database: boolean;
  name: string;
  message: string;
  stack: string | undefined;
  fields: Record<string, unknown>;
}

export type PgliteThreadReply =
  { id: number; ok: true; value: unknown } | { id: number; ok: false; error: SentError };

/** The thread's first message: opened, or why not. */
export type PgliteThreadReady = { ready: true } | { ready: false; error: SentError };

/** An error's own fields that survive a structured clone (PGlite's DatabaseError: code, detail, query, params, …). */
export function sendError(e: unknown): SentError {
  if (!(e instanceof Error))
    return { database: false, name: 'Error', message: String(e), stack: undefined, fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) {
    if (k === 'message' || k === 'stack' || typeof v === 'function') continue;
    try {
      structuredClone(v);
      fields[k] = v;
    } catch {
      // (a field the post cannot carry is left out)
    }
  }
  return {
    database: e instanceof protocol.messages.DatabaseError,
    name: e.name,
    message: e.message,
    stack: e.stack,
    fields,
  };
}

/** The error again, in this thread: a PGlite DatabaseError stays one. */
export function receivedError(s: SentError): Error {
  const e = s.database
    ? new protocol.messages.DatabaseError(s.message, 0, s.name as 'error')
    : new Error(s.message);
  Object.assign(e, s.fields);
  if (!s.database && s.name !== 'Error') Object.defineProperty(e, 'name', { value: s.name });
  if (s.stack) e.stack = s.stack;
  return e;
}

const ENTRY = new URL('./pglite-worker-entry.mjs', import.meta.url);

/** The thread and the calls it has not answered yet. */
class Thread {
  private seq = 0;
  private readonly pending = new Map<number, { ok(v: unknown): void; fail(e: Error): void }>();
  private dead: Error | null = null;
  /** set when the database is closed: the thread's exit is then the one asked for */
  closing = false;
  /** told once when the thread is lost without being asked to close (PgliteThreadDb.onLost) */
  readonly lostListeners: ((e: Error) => void)[] = [];

  constructor(private readonly worker: Worker) {
    // referenced only while a call waits for its answer: an open database alone keeps no process alive (as PGlite
    // in-process does not), and a process awaiting an answer is not left to exit under it
    worker.unref();
    worker.on('message', (m: PgliteThreadReply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (this.pending.size === 0) worker.unref();
      if (m.ok) p.ok(m.value);
      else p.fail(receivedError(m.error));
    });
    const lost = (e: Error) => {
      const first = !this.dead;
      this.dead ??= e;
      for (const p of this.pending.values()) p.fail(this.dead);
      this.pending.clear();
      worker.unref();
      if (first && !this.closing) for (const l of this.lostListeners) l(this.dead);
    };
    worker.on('error', (e) => lost(e));
    worker.on('exit', (code) => {
      // an exit nobody asked for (the thread ran out of memory, crashed) fails every later call: said once, here
      if (!this.closing)
        console.error(`jiceng: the embedded database's thread exited unexpectedly (${code})`);
      lost(new Error(`the embedded database's thread exited (${code})`));
    });
  }

  /** `transfer`: buffers of the request that move to the thread (detached here) */
  call<T>(req: PgliteThreadRequest, transfer: ArrayBuffer[] = []): Promise<T> {
    if (this.dead) return Promise.reject(this.dead);
    const id = ++this.seq;
    return new Promise<T>((ok, fail) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { ok: ok as (v: unknown) => void, fail });
      try {
        this.worker.postMessage({ id, ...req }, transfer);
      } catch (e) {
        // a request the post cannot carry (a function among its values): this call fails, and nothing waits for it
        this.pending.delete(id);
        if (this.pending.size === 0) this.worker.unref();
        fail(e instanceof Error ? e : new Error(String(e)));
      }
    });
  }

  terminate() {
    this.closing = true;
    return this.worker.terminate();
  }
}

/** The `Db` of a PGlite instance on its own thread; `tx` is the thread's transaction this handle runs in (0: none). */
export class PgliteThreadDb implements Db {
  readonly kind = 'pglite' as const;
  constructor(
    private readonly thread: Thread,
    private readonly tx: number,
    private readonly onClose: () => void,
  ) {}

  /**
   * `listener` is told once if the thread ends without being closed (it ran out of memory, crashed): every call
   * fails from then on, so a server should stop rather than answer without its database (`jiceng serve` exits).
   */
  onLost(listener: (e: Error) => void) {
    this.thread.lostListeners.push(listener);
  }

  query<T>(sql: string, params: readonly unknown[] = [], opts?: QueryOptions): Promise<T[]> {
    return this.thread.call<T[]>({ op: 'query', tx: this.tx, sql, params, generic: opts?.generic === true });
  }

  exec(sql: string): Promise<void> {
    return this.thread.call<void>({ op: 'exec', tx: this.tx, sql });
  }

  async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    if (this.tx) return fn(this);
    const tx = await this.thread.call<number>({ op: 'begin' });
    let result: T;
    try {
      result = await fn(new PgliteThreadDb(this.thread, tx, () => undefined));
    } catch (e) {
      // (PGlite's transaction rolls back; a failure of the ROLLBACK itself is the thread's, the caller's error stays)
      await this.thread.call({ op: 'rollback', tx }).catch(() => undefined);
      throw e;
    }
    // a failed COMMIT (a deferred constraint) is rolled back by PGlite and thrown here
    await this.thread.call({ op: 'commit', tx });
    return result;
  }

  async copyIn(table: string, columns: readonly string[], chunks: CopyChunks): Promise<void> {
    const parts: (string | Uint8Array)[] = [];
    for await (const c of chunks) parts.push(c);
    // (the text's bytes in one buffer of their own, transferred to the thread, not copied: see copyBytes)
    const bytes = copyBytes(parts);
    // (a copy, not `slice()`: a Node Buffer's slice is a view, and its memory would be detached here)
    const owned = parts.length === 1 && parts[0] === bytes ? new Uint8Array(bytes) : bytes;
    await this.thread.call({ op: 'copyIn', tx: this.tx, table, columns, bytes: owned }, [owned.buffer]);
  }

  async *copyOut(query: string): AsyncIterable<string> {
    const text = await this.thread.call<string | null>({ op: 'copyOut', tx: this.tx, query });
    if (text) yield text;
  }

  async close(): Promise<void> {
    if (this.tx) return;
    try {
      this.thread.closing = true;
      await this.thread.call({ op: 'close' });
      await this.thread.terminate();
    } finally {
      this.onClose();
    }
  }

  /** The data folder as an uncompressed tarball (dumpPglite). */
  dump(): Promise<Blob> {
    return this.thread.call<Blob>({ op: 'dump' });
  }
}

/** Starts the thread, opens the database in it and answers once it is open (or fails as opening failed). */
export async function openPgliteThread(opening: PgliteThreadOpening, onClose: () => void): Promise<Db> {
  // execArgv: [] — the entry registers the TypeScript loader itself, however the parent was started
  const worker = new Worker(ENTRY, {
    workerData: opening,
    execArgv: process.env.JICENG_WORKER_PROF
      ? ['--cpu-prof', `--cpu-prof-dir=${process.env.JICENG_WORKER_PROF}`]
      : [],
  });
  let stop = () => {};
  const ready = await new Promise<PgliteThreadReady>((ok, fail) => {
    const exited = (code: number) => fail(new Error(`the embedded database's thread exited (${code})`));
    worker.on('message', ok);
    worker.on('error', fail);
    worker.on('exit', exited);
    // (its own listeners only: the Worker's internal ones keep its port receiving)
    stop = () => {
      worker.off('message', ok);
      worker.off('error', fail);
      worker.off('exit', exited);
    };
  }).finally(() => stop());
  if (!ready.ready) {
    await worker.terminate();
    throw receivedError(ready.error);
  }
  return new PgliteThreadDb(new Thread(worker), 0, onClose);
}
