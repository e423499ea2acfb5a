/**
 * The bounds on a big import's memory between its parse worker and its writer (issue 9 #6, decision 0027's session
 * 16 addendum): the batches' COPY-text buffers go back to the worker once written and are used again, and the orgs'
 * cell counts are cut from shared blocks (test/unit/org-cell-counts.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CopyTextPool } from '../../src/services/bulk-rows.js';
import { openMemberBatches } from '../../src/services/import-worker.js';
import { CORPUS_TODAY, makeCorpus, writeCorpusCsv } from './corpus.js';

describe('CopyTextPool', () => {
  it('gives a batch the buffer handed back when it is big enough, a new one otherwise', () => {
    const pool = new CopyTextPool();
    const first = pool.take(1000);
    expect(first.byteLength).toBe(1000);
    // (a new buffer has room for a slightly bigger batch next time)
    expect(first.buffer.byteLength).toBeGreaterThanOrEqual(1250);
    pool.give(first.buffer as ArrayBuffer);
    const again = pool.take(1200);
    expect(again.buffer).toBe(first.buffer);
    expect(again.byteLength).toBe(1200);
    expect(pool.size).toBe(0);
    // too small for what is asked: a new buffer, the small one kept for later
    pool.give(again.buffer as ArrayBuffer);
    const big = pool.take(first.buffer.byteLength + 1);
    expect(big.buffer).not.toBe(first.buffer);
    expect(pool.size).toBe(1);
  });

  it('keeps at most MAX buffers', () => {
    const pool = new CopyTextPool();
    for (let i = 0; i < CopyTextPool.MAX + 5; i++) pool.give(new ArrayBuffer(64));
    expect(pool.size).toBe(CopyTextPool.MAX);
  });
});

describe("a parse worker's batches", () => {
  let dir: string;
  let csv: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'jiceng-batches-'));
    csv = writeCorpusCsv(dir, makeCorpus()).find((f) => f.endsWith('corpus-bom.csv'))!;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('hand their COPY text back to the worker when the writer is done with them', async () => {
    const parse = openMemberBatches({ path: csv }, { worker: true });
    let batches = 0;
    try {
      for await (const b of parse.batches({ today: CORPUS_TODAY, asOf: CORPUS_TODAY })) {
        batches++;
        expect(b.copyText.byteLength).toBeGreaterThan(0);
        parse.done(b);
        // moved to the worker's thread, not left here for the collector
        expect(b.copyText.buffer.byteLength).toBe(0);
      }
    } finally {
      await parse.close();
    }
    expect(batches).toBeGreaterThan(0);
  });
});
