/**
 * PostgreSQL's parameters: an array of numbers sent as its array literal at once (`wireParams`, decision 0052
 * session 18) — what node-postgres would send element by element; every other parameter untouched.
 */
import { describe, expect, it } from 'vitest';
import { wireParams } from '../../src/db/client.js';

describe('wireParams', () => {
  it('writes arrays of numbers as array literals and leaves the rest', () => {
    const texts = ['a', 'b"c'];
    const params = [[1, 2, 30], 'x', texts, [], [1.5, -2], [1, null], [Number.NaN], 7, null];
    const out = wireParams(params);
    expect(out).toEqual(['{1,2,30}', 'x', texts, '{}', '{1.5,-2}', [1, null], [Number.NaN], 7, null]);
    expect(out[2]).toBe(texts);
    // nothing to rewrite: the same array
    expect(wireParams(params.slice(1, 3))).toEqual(['x', texts]);
  });

  it('leaves a sparse array to node-postgres, which sends its holes as NULL', () => {
    // eslint-disable-next-line no-sparse-arrays
    const sparse = [1, , 3];
    expect(wireParams([sparse])[0]).toBe(sparse);
  });
});
