/**
 * A rollup rebuild's batches, read, judged and written in order inside one transaction (decision 0044 addenda).
 *
 * On PostgreSQL the server works while this process judges. The facts are read on a second connection that sees
 * the transaction's snapshot (`snapshotReader`, read only), up to two batches ahead, while the transaction's own
 * connection writes: a batch's writes are sent once it is judged, without waiting for them, and the next batch is
 * judged meanwhile. Each connection runs one statement at a time in the order sent (client.ts): the writes run in
 * batch order, never two at once on a client. A judgement yields to the event loop now and then (`turn`) so that
 * the statements already sent — a COPY's rows, a read's answer — keep flowing. Without a second connection (a
 * handle that does not pass it on) the reads take their turn on the transaction's connection between the writes
 * (read 1, read 2, write 1, read 3, write 2, …). The first failure in the order sent is the one thrown, once
 * nothing sent is still running (the caller's ROLLBACK must not overlap a statement). On PGlite (one thread:
 * nothing to overlap) the batches run one after another.
 *
 * The reads see the snapshot of the moment the reader is opened, the writes their transaction's: the facts a
 * rebuild judges are the tables it never writes (a writer that commits meanwhile leaves its dirty mark for the next
 * refresh, as before).
 */
import type { Db } from '../db/client.js';

/** Lets the event loop run (the socket's reads and writes of statements already sent). */
export const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** How many batches are read ahead of the one judged, on a second connection. */
const AHEAD = 2;

export async function pipelineBatches<R>(
  db: Db,
  n: number,
  read: (db: Db, i: number) => Promise<R>,
  /** judges a batch and returns its writes (sent once the judgement is done, in order) */
  judged: (facts: R, i: number) => Promise<() => Promise<void>>,
): Promise<void> {
  if (db.kind !== 'postgres') {
    for (let i = 0; i < n; i++) await (await judged(await read(db, i), i))();
    return;
  }
  const reader = n > 1 ? await db.snapshotReader?.() : null;
  const from = reader?.db ?? db;
  const ahead = reader ? AHEAD : 1;
  // every statement sent, in the order sent; a promise no one awaits yet must not count as an unhandled rejection
  const sent: Promise<unknown>[] = [];
  let failed = false;
  const send = <T>(p: Promise<T>): Promise<T> => {
    // kept without its value (a batch's facts are let go once judged)
    sent.push(
      p.then(
        () => undefined,
        (e: unknown) => {
          failed = true;
          throw e;
        },
      ),
    );
    sent[sent.length - 1]!.catch(() => undefined);
    return p;
  };
  const reads: (Promise<R> | undefined)[] = [];
  const readUpTo = (k: number) => {
    for (let j = reads.length; j <= Math.min(k, n - 1); j++) reads.push(send(read(from, j)));
  };
  let error: unknown = null;
  let threw = false;
  try {
    readUpTo(ahead - 1);
    for (let i = 0; i < n; i++) {
      const facts = await reads[i]!;
      reads[i] = undefined;
      if (failed) break;
      readUpTo(i + ahead);
      // the reads sent leave for the server before the judging holds this thread
      await turn();
      const write = await judged(facts, i);
      if (failed) break;
      send(write());
    }
    await Promise.all(sent);
  } catch (e) {
    threw = true;
    error = e;
  }
  const settled = await Promise.allSettled(sent);
  await reader?.close();
  const first = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (first) throw first.reason;
  if (threw) throw error;
}
