/**
 * The bounds on a big import's memory between its parse worker and its writer (issue 9 #6, decision 0027's session
 * 16 and 17 addenda): the batches' COPY-text buffers go back to the worker once written and are used again, the
 * orgs' cell counts are cut from shared blocks (test/unit/org-cell-counts.test.ts), a batch's rows wait for their
 * write as typed arrays and bytes (no string or object a row on the writer's heap), and the writer keeps of each org
 * its id and path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CopyTextPool, type MemberBatch } from '../../src/services/bulk-rows.js';
import { openMemberBatches } from '../../src/services/import-worker.js';
import { ChunkRows, viewOf } from '../../src/services/imports.js';
import { bulkOrgOf } from '../../src/services/bulk.js';
import { parseMemberRows } from '../../src/io/parse-sheet.js';
import { normalizeIdNumber } from '../../src/shared/id-number.js';
import { SYSTEM_ACTOR } from '../../src/domain/access/policy.js';
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

describe("a first load's rows waiting for their write", () => {
  let dir: string;
  let csv: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'jiceng-chunk-'));
    csv = writeCorpusCsv(dir, makeCorpus()).find((f) => f.endsWith('corpus-bom.csv'))!;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('travel as typed arrays and bytes, and are made as rows only when the writer reads them', async () => {
    // what the in-process parse says of each valid row
    const expected: { row: number; idNumber: string; orgCode: string }[] = [];
    for await (const r of parseMemberRows({ path: csv }, { today: CORPUS_TODAY }))
      if (r.value && !r.errors.length)
        expected.push({
          row: r.row,
          idNumber: normalizeIdNumber(r.value.idNumber),
          orgCode: r.value.orgCode,
        });
    expect(expected.length).toBeGreaterThan(1000);

    const parse = openMemberBatches({ path: csv }, { worker: true });
    const chunk = new ChunkRows();
    const orgCodes: string[] = [];
    let orgsSent = 0;
    try {
      for await (const b of parse.batches({ today: CORPUS_TODAY, asOf: CORPUS_TODAY, values: false })) {
        // a row's number, org and ID number are no plain array entry: only what is new in the batch is
        expect(b.row).toBeInstanceOf(Int32Array);
        expect(b.org).toBeInstanceOf(Int32Array);
        expect(b.org.length).toBe(b.row.length);
        expect(b.value).toEqual([]);
        for (const [key, v] of Object.entries(b as unknown as Record<string, unknown>))
          if (Array.isArray(v) && v.length && !['rejected', 'orgs', 'pairs', 'warnings'].includes(key))
            throw new Error(`a batch's ${key} is an array of ${v.length}`);
        orgsSent += b.orgs.length;
        for (const code of b.orgs) orgCodes.push(code);
        chunk.add(viewOf(b as MemberBatch, [], orgCodes));
      }
    } finally {
      await parse.close();
    }
    // each org code crossed once, however many rows name it
    expect(orgsSent).toBe(new Set(expected.map((e) => e.orgCode)).size);
    expect(chunk.length).toBe(expected.length);
    const got = Array.from({ length: chunk.length }, (_, i) => {
      const r = chunk.at(i)!;
      return { row: r.row, idNumber: r.prep!.idNumber, orgCode: r.prep!.orgCode };
    });
    expect(got).toEqual(expected);
    // a row is an object only while it is read: none is kept from its batch's arrival to its write
    expect(chunk.at(0)).not.toBe(chunk.at(0));
    expect(chunk.at(chunk.length)).toBeUndefined();
  });
});

describe("the member writer's orgs", () => {
  const summary = {
    id: 7,
    code: 'B1',
    name: '甲村党支部',
    path: '/1/3/7/',
    kind: 'branch',
    status: 'active',
  } as const;

  it('keep the id and path of an org members may join, and nothing else of its summary', () => {
    const kept = bulkOrgOf(SYSTEM_ACTOR, 'B1', summary);
    expect(kept).toEqual({ id: 7, path: '/1/3/7/' });
    expect(Object.keys(kept).sort()).toEqual(['id', 'path']);
  });

  it('keep for any other org the problem of every row naming it, worked out once', () => {
    expect(bulkOrgOf(SYSTEM_ACTOR, 'B1', { ...summary, status: 'dissolved' })).toMatchObject({
      code: 'ORG_DISSOLVED',
      message: '党组织 甲村党支部 已撤销，不能编入党员',
    });
    expect(bulkOrgOf(SYSTEM_ACTOR, 'NOPE', null)).toMatchObject({ code: 'ORG_NOT_FOUND' });
  });
});
