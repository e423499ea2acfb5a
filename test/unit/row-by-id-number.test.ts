import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RowByIdNumber } from '../../src/services/bulk.js';
import { readSource } from '../../src/services/imports.js';

/** n distinct 18-character ID numbers, as a county's are: a few area codes and birth days, sequence numbers. */
function idNumbers(n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const area = ['421124', '421125', '330102'][i % 3]!;
    const day = `19${String(50 + (Math.floor(i / 3) % 50)).padStart(2, '0')}0${1 + (i % 9)}1${i % 10}`;
    const seq = String(Math.floor(i / 3000) % 1000).padStart(3, '0');
    const check = '0123456789X'[Math.floor(i / 3) % 11]!;
    out.push(`${area}${day}${seq}${check}`);
  }
  return out;
}

/** How many of ids (set with row i + 2) the table does not answer with their row. */
function misses(t: RowByIdNumber, ids: readonly string[]): number {
  let n = 0;
  ids.forEach((id, i) => {
    if (t.get(id) !== i + 2) n++;
  });
  return n;
}

describe('RowByIdNumber’s size (decision 0027’s session 18 addendum)', () => {
  const n = 100_000;
  const ids = idNumbers(n);

  it('the numbers are distinct (what the bounds below assume)', () => {
    expect(new Set(ids).size).toBe(n);
  });

  it('reserved for n numbers: at most n / MAX_LOAD slots, never grown while they come, every one found', () => {
    const t = new RowByIdNumber();
    t.reserve(n);
    const slots = t.slots;
    expect(slots).toBeLessThanOrEqual(Math.ceil(n / RowByIdNumber.MAX_LOAD));
    expect(slots).toBeGreaterThanOrEqual(n);
    ids.forEach((id, i) => t.set(id, i + 2));
    expect(t.slots).toBe(slots);
    expect(t.size).toBe(n);
    expect(misses(t, ids)).toBe(0);
    expect(t.get('421124195001010009')).toBeUndefined();
  });

  it('reserved after some numbers came: they are kept', () => {
    const t = new RowByIdNumber();
    ids.slice(0, 5000).forEach((id, i) => t.set(id, i + 2));
    t.reserve(n);
    expect(t.slots).toBe(Math.ceil(n / RowByIdNumber.MAX_LOAD));
    expect(misses(t, ids.slice(0, 5000))).toBe(0);
    // a smaller reservation than its size is a no-op
    t.reserve(10);
    expect(t.slots).toBe(Math.ceil(n / RowByIdNumber.MAX_LOAD));
  });

  it('not reserved: grown by half, so at most 1.5 × n / MAX_LOAD slots (doubling would take 262,144 here)', () => {
    const t = new RowByIdNumber();
    ids.forEach((id, i) => t.set(id, i + 2));
    expect(t.slots).toBeLessThanOrEqual(Math.ceil((1.5 * n) / RowByIdNumber.MAX_LOAD));
    expect(t.slots * RowByIdNumber.MAX_LOAD).toBeGreaterThanOrEqual(n);
    expect(misses(t, ids)).toBe(0);
    t.clear();
    expect(t.size).toBe(0);
    expect(t.slots).toBe(4096);
  });
});

describe('readSource: what sizes the import’s ID-number table', () => {
  it('a CSV file’s line count, at least its rows (with or without a last line break); none for a workbook', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jiceng-read-source-'));
    try {
      const a = join(dir, 'a.csv');
      await writeFile(a, '姓名,身份证号\n甲,1\n"乙\n丙",2\n丁,3');
      expect(await readSource({ path: a })).toMatchObject({ lines: 5 });
      await writeFile(a, '姓名,身份证号\n甲,1\n');
      expect((await readSource({ path: a })).lines).toBe(3);
      const x = join(dir, 'a.xlsx');
      await writeFile(x, 'PK\u0003\u0004\n\n\n');
      expect((await readSource({ path: x })).lines).toBeNull();
      expect((await readSource({ path: join(dir, 'missing.csv') })).lines).toBeNull();
      expect((await readSource({ path: a })).description).toMatch(/^file:a\.csv sha256:[0-9a-f]{64}$/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
