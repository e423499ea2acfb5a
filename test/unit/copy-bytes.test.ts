import { describe, expect, it } from 'vitest';
import { bytesAsBlob, copyBytes } from '../../src/db/copy-bytes.js';

const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('copyBytes: a COPY text as one buffer of its own', () => {
  it('joins text and bytes in order, Chinese and escapes as UTF-8', () => {
    const b = copyBytes(['1\t甲\n', new TextEncoder().encode('2\ta\\tb\n'), '', '3\t\\N\n']);
    expect(text(b)).toBe('1\t甲\n2\ta\\tb\n3\t\\N\n');
    expect(b.byteOffset).toBe(0);
    expect(b.byteLength).toBe(b.buffer.byteLength);
  });

  it('keeps one chunk that is a whole buffer as it is, and copies a view of a larger one', () => {
    const whole = new TextEncoder().encode('1\t乙\n');
    expect(copyBytes([whole])).toBe(whole);
    const wide = new TextEncoder().encode('xx1\t丙\nyy');
    const view = wide.subarray(2, wide.length - 2);
    const b = copyBytes([view]);
    expect(b).not.toBe(view);
    expect(text(b)).toBe('1\t丙\n');
    expect(b.byteLength).toBe(b.buffer.byteLength);
    expect(copyBytes([]).byteLength).toBe(0);
  });

  it('reads as a Blob would for PGlite: exactly the bytes, a view of a larger buffer cut to its own', async () => {
    const wide = new TextEncoder().encode('xx2\t丁\nyy');
    const read = await bytesAsBlob(wide.subarray(2, wide.length - 2)).arrayBuffer();
    expect(text(new Uint8Array(read))).toBe('2\t丁\n');
    const whole = new TextEncoder().encode('3\t戊\n');
    expect(await bytesAsBlob(whole).arrayBuffer()).toBe(whole.buffer);
    // a Node Buffer from the pool views part of a larger buffer: its own bytes are read, not the pool's
    const pooled = Buffer.from('4\t己\n');
    expect(pooled.byteLength).toBeLessThan(pooled.buffer.byteLength);
    expect(text(new Uint8Array(await bytesAsBlob(pooled).arrayBuffer()))).toBe('4\t己\n');
    expect(text(copyBytes([pooled]))).toBe('4\t己\n');
  });
});
