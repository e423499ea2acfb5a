/**
 * The embedded database's own thread (pglite-worker.ts, decision 0057): opens PGlite here exactly as `openDb` opens
 * it in-process (the caller's thread holds the folder's lock) and answers each call of the `Db` interface. Calls
 * are served as they arrive, concurrently, as the in-process handle serves its callers: PGlite's own locks order
 * them (a read outside a transaction waits for the transaction in progress; a transaction's statements run in it).
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { dumpPglite, openDb, type Db } from './client.js';
import {
  sendError,
  type PgliteThreadOpening,
  type PgliteThreadReady,
  type PgliteThreadReply,
  type PgliteThreadRequest,
} from './pglite-worker.js';

/** A transaction opened by the other thread: its handle, and how to end it. */
interface OpenTx {
  db: Db;
  commit(): void;
  rollback(): void;
  /** PGlite's `transaction` settles: after COMMIT (or the ROLLBACK of a failed COMMIT), or after ROLLBACK */
  done: Promise<unknown>;
}

/** Thrown into PGlite's transaction to roll it back (never reported: the caller's own error is). */
const ROLLBACK = Symbol('rollback');

async function serve(port: MessagePort, opening: PgliteThreadOpening) {
  let db: Db;
  try {
    db = await openDb({ ...opening, folderLocked: true });
  } catch (e) {
    port.postMessage({ ready: false, error: sendError(e) } satisfies PgliteThreadReady);
    return;
  }
  const txs = new Map<number, OpenTx>();
  let txSeq = 0;
  const on = (tx: number): Db => {
    if (tx === 0) return db;
    const t = txs.get(tx);
    if (!t) throw new Error('Transaction is closed');
    return t.db;
  };

  const begin = async (): Promise<number> => {
    const id = ++txSeq;
    let entered!: () => void;
    const inside = new Promise<void>((ok) => (entered = ok));
    let commit!: () => void;
    let rollback!: () => void;
    const ended = new Promise<void>((ok, fail) => {
      commit = ok;
      rollback = () => fail(ROLLBACK);
    });
    const done = db
      .transaction(async (tx) => {
        txs.set(id, { db: tx, commit, rollback, done });
        entered();
        await ended;
      })
      .finally(() => txs.delete(id));
    // BEGIN failed: `done` rejects before the transaction is entered
    await Promise.race([inside, done]);
    return id;
  };

  const run = async (req: PgliteThreadRequest): Promise<unknown> => {
    switch (req.op) {
      case 'query':
        return on(req.tx).query(req.sql, req.params, { generic: req.generic });
      case 'exec':
        return on(req.tx).exec(req.sql);
      case 'begin':
        return begin();
      case 'commit': {
        const t = txs.get(req.tx);
        if (!t) throw new Error('Transaction is closed');
        t.commit();
        await t.done;
        return null;
      }
      case 'rollback': {
        const t = txs.get(req.tx);
        if (!t) return null;
        t.rollback();
        await t.done.catch((e: unknown) => {
          if (e !== ROLLBACK) throw e;
        });
        return null;
      }
      case 'copyIn':
        return on(req.tx).copyIn(req.table, req.columns, [req.bytes]);
      case 'copyOut': {
        let text: string | null = null;
        for await (const s of on(req.tx).copyOut(req.query)) text = text === null ? s : text + s;
        return text;
      }
      case 'dump':
        return dumpPglite(db);
      case 'close':
        return db.close();
    }
  };

  port.on('message', (m: PgliteThreadRequest & { id: number }) => {
    run(m).then(
      (value) => port.postMessage({ id: m.id, ok: true, value } satisfies PgliteThreadReply),
      (e: unknown) =>
        port.postMessage({ id: m.id, ok: false, error: sendError(e) } satisfies PgliteThreadReply),
    );
  });
  port.postMessage({ ready: true } satisfies PgliteThreadReady);
}

/** The thread's body (pglite-worker-entry.mjs). */
export function runPgliteThread(): Promise<void> {
  if (!parentPort) throw new Error('runPgliteThread: not in a worker thread');
  return serve(parentPort, workerData as PgliteThreadOpening);
}
