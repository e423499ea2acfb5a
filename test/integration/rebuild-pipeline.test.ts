/**
 * The rollup rebuilds' batch pipeline (src/services/rebuild-pipeline.ts): batches used in order, each batch's facts
 * released once it is judged (a province's rebuild keeps only the batch being judged and the few read ahead — holding
 * every batch's facts ran the 5M province's dues rebuild out of memory), and the first failure in the order sent is
 * the one thrown.
 */
import { expect, it } from 'vitest';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { pipelineBatches } from '../../src/services/rebuild-pipeline.js';
import { describeDb } from '../helpers/db.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describeDb('rebuild pipeline', (h) => {
  it('uses the batches in order and lets each batch’s facts go once it is written', async () => {
    const n = 8;
    const refs: WeakRef<object>[] = [];
    const used: number[] = [];
    const alive: boolean[] = [];
    await pipelineBatches(
      h.db,
      n,
      async (db, i) => {
        const [row] = await db.query<{ i: number }>('SELECT $1::int AS i', [i]);
        // a batch's facts: large enough that keeping them all would matter
        const facts = { i: row!.i, rows: new Array(10_000).fill(i) };
        refs[i] = new WeakRef(facts);
        return facts;
      },
      async (facts, i) => {
        expect(facts.i).toBe(i);
        used.push(i);
        if (i >= 2) {
          // a WeakRef's target is kept until the running job's microtasks are done: let them finish first
          await new Promise((resolve) => setImmediate(resolve));
          gc();
          alive.push(refs[i - 2]!.deref() !== undefined);
        }
        return () => h.db.query('SELECT 1').then(() => undefined);
      },
    );
    expect(used).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    // batch i − 2 was judged and its writes sent before batch i was judged: nothing may still hold its facts
    expect(alive).toEqual(new Array(n - 2).fill(false));
  });

  it('throws the first failure in the order the statements were sent', async () => {
    const failing = pipelineBatches(
      h.db,
      4,
      async (db, i) => {
        if (i === 2) await db.query('SELECT 1/0');
        return i;
      },
      async (_facts, i) => async () => {
        if (i === 1) throw new Error('写入第 1 批失败');
      },
    );
    // on PostgreSQL batch 2's read was sent before batch 1's write: its failure is the first; on PGlite (one batch
    // after another) batch 1's write fails before batch 2 is read
    await expect(failing).rejects.toThrow(h.db.kind === 'postgres' ? /division by zero/ : /写入第 1 批失败/);
  });
});
