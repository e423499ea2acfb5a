/**
 * The pure rules of sampling against falsification (decision 0038): the weighting, the draw reproducible from its
 * seed, weighted draws favouring flagged records, and a record's mark from its verification history.
 */
import { describe, expect, it } from 'vitest';
import {
  counts,
  draw,
  generator,
  markOf,
  weigh,
  type Candidate,
} from '../../src/domain/sampling/sampling.js';

const meeting = (recordId: number, orgId: number, signals: Candidate['signals'] = []): Candidate => ({
  kind: 'meeting',
  recordId,
  orgId,
  signals,
});

describe('sampling weights', () => {
  it('is 1, plus 3 per own signal, plus 2 for every record of an org with a signal', () => {
    const w = weigh([
      meeting(3, 1, ['late_entry', 'same_minutes']),
      meeting(1, 1),
      meeting(2, 2),
      { kind: 'dues_payment', recordId: 1, orgId: 2, signals: [] },
    ]);
    // canonical order: meetings by id, then payments
    expect(w.map((c) => [c.kind, c.recordId, c.weight, c.orgFlagged])).toEqual([
      ['meeting', 1, 3, true],
      ['meeting', 2, 1, false],
      ['meeting', 3, 9, true],
      ['dues_payment', 1, 1, false],
    ]);
  });
});

describe('the draw', () => {
  const pool = Array.from({ length: 200 }, (_, i) => meeting(i + 1, (i % 20) + 1));

  it('is reproducible from its seed, whatever order the candidates come in', () => {
    const a = draw(pool, 10, 'c0ffee00c0ffee00').map((c) => c.recordId);
    const b = draw([...pool].reverse(), 10, 'c0ffee00c0ffee00').map((c) => c.recordId);
    expect(a).toEqual(b);
    expect(new Set(a).size).toBe(10);
    expect(draw(pool, 10, 'another seed').map((c) => c.recordId)).not.toEqual(a);
  });

  it('draws without replacement, all when asked for more than there are', () => {
    expect(draw(pool.slice(0, 5), 10, 's')).toHaveLength(5);
    expect(draw(pool, 0, 's')).toEqual([]);
  });

  it('the generator gives the same sequence for the same seed, in (0, 1)', () => {
    const g1 = generator('x');
    const g2 = generator('x');
    for (let i = 0; i < 100; i++) {
      const v = g1();
      expect(v).toBe(g2());
      expect(v).toBeGreaterThan(0);
      expect(v).toBeLessThan(1);
    }
  });

  it('draws flagged records more often: over many seeds, as their weights say', () => {
    // 10 records of org 1 with one signal each (weight 1 + 3 + 2 = 6), 90 plain of other orgs (weight 1)
    const cs = [
      ...Array.from({ length: 10 }, (_, i) => meeting(i + 1, 1, ['late_entry'])),
      ...Array.from({ length: 90 }, (_, i) => meeting(i + 11, 2 + (i % 9))),
    ];
    let flagged = 0;
    const runs = 1000;
    for (let s = 0; s < runs; s++) if (draw(cs, 1, `seed${s}`)[0]!.recordId <= 10) flagged++;
    // the first draw picks a flagged record with probability 60 / 150 = 0.4
    expect(flagged / runs).toBeGreaterThan(0.35);
    expect(flagged / runs).toBeLessThan(0.45);
  });
});

describe('marks', () => {
  it('the latest verification entry is the mark; only 不属实 stops a record counting', () => {
    expect(markOf([])).toBeNull();
    const h = [
      { id: 1, result: 'false' as const, verifiedOn: '2026-11-02' },
      { id: 2, result: 'partly' as const, verifiedOn: '2026-11-01' },
    ];
    expect(markOf(h)).toBe('partly');
    expect(markOf(h.slice(0, 1))).toBe('false');
    expect(counts('false')).toBe(false);
    expect(counts('partly')).toBe(true);
    expect(counts('true')).toBe(true);
    expect(counts(null)).toBe(true);
  });
});
