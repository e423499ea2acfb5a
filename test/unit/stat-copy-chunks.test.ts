import { describe, expect, it } from 'vitest';
import { statCopyChunks } from '../../src/db/repositories/bulk.js';

type Cell = { orgId: number; dim: string; key: string; n: number };

/** The COPY text of cells as PostgreSQL reads it: one line a cell, tab-separated, the text format's escapes. */
function expected(cells: readonly Cell[]): string {
  const esc = (s: string) =>
    s.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!);
  return cells
    .filter((c) => c.n !== 0)
    .map((c) => `${c.orgId}\t${esc(c.dim)}\t${esc(c.key)}\t${c.n}\n`)
    .join('');
}

const text = (chunks: Iterable<Uint8Array>) =>
  [...chunks].map((c) => Buffer.from(c).toString('utf8')).join('');

describe('statCopyChunks (the aggregate cells as COPY text, written as bytes)', () => {
  it('writes each non-zero cell as one line: negative counts, escapes and non-ASCII keys as COPY reads them', () => {
    const cells: Cell[] = [
      { orgId: 1, dim: 'status', key: 'full', n: 12 },
      { orgId: 2147483647, dim: 'status', key: 'full', n: -2147483647 },
      { orgId: 7, dim: 'status', key: 'probationary', n: 0 },
      { orgId: 7, dim: 'occupation', key: '未归类:企事业单位管理人员', n: 3 },
      { orgId: 9, dim: 'odd', key: 'tab\there\\back\nline\rret', n: -1 },
      { orgId: 10, dim: 'status', key: 'full', n: 0 },
    ];
    const chunks = [...statCopyChunks(cells)];
    expect(chunks).toHaveLength(1);
    expect(text(chunks)).toBe(expected(cells));
    expect(text(chunks)).not.toContain('probationary');
  });

  it('cuts the text into chunks of 50,000 lines, each a buffer of its own holding whole lines', () => {
    const cells: Cell[] = [];
    for (let i = 0; i < 120_003; i++)
      cells.push({
        orgId: 1 + (i % 997),
        dim: i % 2 ? 'sex' : 'age',
        key: `k${i % 13}`,
        n: 1 + (i % 40_000),
      });
    const chunks = [...statCopyChunks(cells)];
    expect(chunks.map((c) => Buffer.from(c).toString('utf8').split('\n').length - 1)).toEqual([
      50_000, 50_000, 20_003,
    ]);
    for (const c of chunks) expect(c[c.length - 1]).toBe(0x0a);
    // (a chunk kept while the next is made is not overwritten by it)
    expect(new Set(chunks.map((c) => c.buffer)).size).toBe(3);
    expect(text(chunks)).toBe(expected(cells));
  });

  it('takes a line longer than twice its buffer', () => {
    const cells: Cell[] = [
      { orgId: 3, dim: 'status', key: 'full', n: 1 },
      { orgId: 4, dim: 'raw', key: '长'.repeat(200_000), n: 2 },
      { orgId: 5, dim: 'status', key: 'full', n: 3 },
    ];
    expect(text(statCopyChunks(cells))).toBe(expected(cells));
  });

  it('makes nothing of no cells, or only zero ones', () => {
    expect([...statCopyChunks([])]).toEqual([]);
    expect([...statCopyChunks([{ orgId: 1, dim: 'sex', key: 'male', n: 0 }])]).toEqual([]);
  });
});
