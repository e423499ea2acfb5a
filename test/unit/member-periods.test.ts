/** The shape of a member's history after a corrected join or confirmation date (domain/member/periods.ts). */
import { describe, expect, it } from 'vitest';
import {
  initialPeriods,
  mergePeriods,
  reshapePeriods,
  type Period,
} from '../../src/domain/member/periods.js';

const A = 1;
const B = 2;
const p = (orgId: number, status: Period['status'], from: string, to: string | null): Period => ({
  orgId,
  status,
  from,
  to,
});

/** Entered full (joined 2005-07-01, confirmed 2006-07-01), moved from A to B on 2020-03-01. */
const MOVED = [
  p(A, 'probationary', '2005-07-01', '2006-07-01'),
  p(A, 'full', '2006-07-01', '2020-03-01'),
  p(B, 'full', '2020-03-01', null),
];

describe('reshapePeriods', () => {
  it('as entry shapes it when nothing happened since', () => {
    const entered = initialPeriods('full', '2005-07-01', '2006-07-01').map((x) => ({ ...x, orgId: A }));
    expect(reshapePeriods(entered, { joinedOn: '2004-07-01', confirmedOn: '2005-07-01' }).periods).toEqual(
      initialPeriods('full', '2004-07-01', '2005-07-01').map((x) => ({ ...x, orgId: A })),
    );
  });

  it('moves the confirmation boundary after a later move (the defect of issue 8)', () => {
    expect(reshapePeriods(MOVED, { joinedOn: '2005-07-01', confirmedOn: '2005-07-01' }).periods).toEqual([
      p(A, 'full', '2005-07-01', '2020-03-01'),
      p(B, 'full', '2020-03-01', null),
    ]);
    expect(reshapePeriods(MOVED, { joinedOn: '2004-07-01', confirmedOn: '2005-07-01' }).periods).toEqual([
      p(A, 'probationary', '2004-07-01', '2005-07-01'),
      p(A, 'full', '2005-07-01', '2020-03-01'),
      p(B, 'full', '2020-03-01', null),
    ]);
  });

  it('moves the confirmation later, across a move, splitting the period it falls into', () => {
    expect(reshapePeriods(MOVED, { joinedOn: '2005-07-01', confirmedOn: '2021-01-01' }).periods).toEqual([
      p(A, 'probationary', '2005-07-01', '2020-03-01'),
      p(B, 'probationary', '2020-03-01', '2021-01-01'),
      p(B, 'full', '2021-01-01', null),
    ]);
  });

  it('moves the join date within the first org and refuses one past a later move', () => {
    expect(reshapePeriods(MOVED, { joinedOn: '2003-01-01', confirmedOn: '2006-07-01' }).periods).toEqual([
      p(A, 'probationary', '2003-01-01', '2006-07-01'),
      ...MOVED.slice(1),
    ]);
    expect(reshapePeriods(MOVED, { joinedOn: '2005-09-01', confirmedOn: '2006-07-01' }).periods?.[0]).toEqual(
      p(A, 'probationary', '2005-09-01', '2006-07-01'),
    );
    expect(reshapePeriods(MOVED, { joinedOn: '2020-03-01', confirmedOn: null }).problem).toEqual({
      code: 'JOIN_AFTER_LATER_CHANGE',
      field: 'joinedOn',
      date: '2020-03-01',
    });
  });

  it('keeps later statuses at their dates and refuses a confirmation after them', () => {
    const left = [
      p(A, 'probationary', '2005-07-01', '2006-07-01'),
      p(A, 'full', '2006-07-01', '2010-01-01'),
      p(A, 'transferred_out', '2010-01-01', null),
    ];
    expect(reshapePeriods(left, { joinedOn: '2005-07-01', confirmedOn: '2006-01-01' }).periods).toEqual([
      p(A, 'probationary', '2005-07-01', '2006-01-01'),
      p(A, 'full', '2006-01-01', '2010-01-01'),
      p(A, 'transferred_out', '2010-01-01', null),
    ]);
    expect(reshapePeriods(left, { joinedOn: '2005-07-01', confirmedOn: '2010-01-01' }).problem?.code).toBe(
      'CONFIRM_AFTER_LATER_CHANGE',
    );
  });

  it('without a confirmation date the stretch keeps the status it ends with', () => {
    const prob = [p(A, 'probationary', '2025-07-01', '2026-01-01'), p(B, 'probationary', '2026-01-01', null)];
    expect(reshapePeriods(prob, { joinedOn: '2025-06-01', confirmedOn: null }).periods).toEqual([
      p(A, 'probationary', '2025-06-01', '2026-01-01'),
      p(B, 'probationary', '2026-01-01', null),
    ]);
  });

  it('merges neighbours and drops empty periods', () => {
    expect(
      mergePeriods([
        p(A, 'full', '2000-01-01', '2001-01-01'),
        p(A, 'full', '2001-01-01', null),
        p(B, 'full', '2002-01-01', '2002-01-01'),
      ]),
    ).toEqual([p(A, 'full', '2000-01-01', null)]);
  });
});
