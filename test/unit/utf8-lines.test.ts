import { describe, expect, it } from 'vitest';
import { utf8Lines } from '../../src/services/bulk.js';

describe('utf8Lines (a bulk COPY chunk as bytes)', () => {
  it('gives the bytes of the joined lines', () => {
    const cases: string[][] = [
      [],
      [''],
      ['1\t张三丰\tzsf\n', '2\t\\N\t𠀀a\\tb\n', '', '3\t吕布\tlvbu\n'],
      Array.from({ length: 5000 }, (_, i) => `${i}\t郝华${i}\t湖北省武汉市江岸区\t\\N\n`),
    ];
    for (const lines of cases) expect(utf8Lines(lines).equals(Buffer.from(lines.join('')))).toBe(true);
  });
});
