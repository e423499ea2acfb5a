import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, standingBandOf } from '../../src/policy/settings.js';

describe('standingBandOf — 党龄 bands', () => {
  it.each([
    [0, '0-5'],
    [5, '0-5'],
    [6, '6-10'],
    [10, '6-10'],
    [11, '11-20'],
    [20, '11-20'],
    [21, '21-30'],
    [30, '21-30'],
    [31, '31-40'],
    [40, '31-40'],
    [41, '41-50'],
    [50, '41-50'],
    [51, '51+'],
    [100, '51+'],
    [-1, '0-5'], // below every band: the first band
  ])('%i years → %s', (years, band) => {
    expect(standingBandOf(years)).toBe(band);
  });

  it('default bands are contiguous from 0', () => {
    const bands = DEFAULT_SETTINGS.standingBands;
    expect(bands.map((b) => b.key)).toEqual(['0-5', '6-10', '11-20', '21-30', '31-40', '41-50', '51+']);
    expect(bands[0]!.min).toBe(0);
    expect(bands.at(-1)!.max).toBeNull();
    for (let i = 1; i < bands.length; i++) expect(bands[i]!.min).toBe(bands[i - 1]!.max! + 1);
  });

  it('uses a custom band list', () => {
    const bands = [
      { key: 'a', zh: 'A', min: 0, max: 9 },
      { key: 'b', zh: 'B', min: 10, max: null },
    ];
    expect(standingBandOf(9, bands)).toBe('a');
    expect(standingBandOf(10, bands)).toBe('b');
  });
});
