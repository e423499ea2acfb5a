/**
 * A rollup rebuild's batches, read, judged and written in order inside one transaction (decision 0044 addendum).
 *
 * On PostgreSQL the next batch's facts are sent for before this batch is judged, so the server reads them while
 * this process judges. The transaction's handle runs one statement at a time in the order they were sent
 * (client.ts), and a statement only leaves this process when the event loop turns — never during the judging — so
 * each batch's writes are waited for before the next read is sent and the loop yields once before judging: the
 * statements run in the same order as one batch after another (read 1, read 2 ∥ judge 1, write 1, read 3 ∥ judge 2,
 * write 2, …) and never two at once on the client. The first failure in the order sent is the one thrown, once
 * nothing sent is still running (the caller's ROLLBACK must not overlap a statement). On PGlite (one thread:
 * nothing to overlap) the batches run one after another.
 */
import type { Db } from '../db/client.js';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function pipelineBatches<R>(
  db: Db,
  n: number,
  read: (i: number) => Promise<R>,
  /** judges a batch (synchronously, before its first await) and writes it */
  use: (facts: R, i: number) => Promise<void>,
): Promise<void> {
  if (db.kind !== 'postgres') {
    for (let i = 0; i < n; i++) await use(await read(i), i);
    return;
  }
  // the statements not yet awaited, in the order sent: at most the next read and this batch's writes (a settled
  // batch is dropped, so its facts can be collected: keeping every batch's promise held the whole province's facts
  // in memory). A promise no one awaits yet must not count as an unhandled rejection.
  const send = <T>(p: Promise<T>): Promise<T> => {
    p.catch(() => undefined);
    return p;
  };
  let next: Promise<R> | null = n > 0 ? send(read(0)) : null;
  let writing: Promise<void> | null = null;
  try {
    for (let i = 0; i < n; i++) {
      const facts = await next!;
      next = null;
      if (writing) await writing;
      writing = null;
      next = i + 1 < n ? send(read(i + 1)) : null;
      // the next read leaves for the server before the judging holds this thread
      if (next) await turn();
      writing = send(use(facts, i));
    }
    if (writing) await writing;
  } catch (e) {
    // the next read was sent before this batch's writes: the first failure in that order is the cause
    const settled = await Promise.allSettled([next, writing].filter((p) => p !== null));
    const first = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    throw first ? first.reason : e;
  }
}
