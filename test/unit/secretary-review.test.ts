/** 述职评议 of secretaries (decision 0037): the grade a tally suggests at its boundaries, entry rules, follow-ups. */
import { describe, expect, it } from 'vitest';
import {
  entryProblems,
  followUpStates,
  followUpsOf,
  heldOnProblem,
  asOfProblem,
  suggestGrade,
  type Tally,
} from '../../src/domain/reviews/secretary-review.js';

const t = (good: number, fairly_good: number, average: number, poor: number): Tally => ({
  good,
  fairly_good,
  average,
  poor,
});

describe('suggestGrade', () => {
  it('suggests the best grade whose votes with the better ones are more than the line', () => {
    expect(suggestGrade(t(11, 5, 3, 1), 50)).toBe('good'); // 11/20 = 55 %
    expect(suggestGrade(t(10, 5, 3, 2), 50)).toBe('fairly_good'); // exactly 50 % is not more
    expect(suggestGrade(t(10, 1, 0, 9), 50)).toBe('fairly_good'); // 11/20
    expect(suggestGrade(t(5, 5, 1, 9), 50)).toBe('average'); // 10/20 at 较好, 11/20 at 一般
    expect(suggestGrade(t(5, 5, 0, 10), 50)).toBe('poor'); // 10/20 up to 一般: not more than half
    expect(suggestGrade(t(0, 0, 0, 3), 50)).toBe('poor');
  });
  it('follows the local line (two thirds) exactly at the boundary', () => {
    expect(suggestGrade(t(20, 10, 0, 0), 66)).toBe('good'); // 66.67 % > 66 %
    expect(suggestGrade(t(2, 1, 0, 0), 67)).toBe('fairly_good'); // 66.67 % ≤ 67 %
    expect(suggestGrade(t(66, 34, 0, 0), 66)).toBe('fairly_good'); // exactly 66 %
    expect(suggestGrade(t(67, 33, 0, 0), 66)).toBe('good');
  });
  it('suggests nothing without votes', () => {
    expect(suggestGrade(t(0, 0, 0, 0), 50)).toBeNull();
  });
});

describe('entryProblems', () => {
  const held = { heldOn: '2026-12-20' };
  it('asks for the meeting and the report before a grade', () => {
    expect(
      entryProblems({ report: '述职', tally: null, grade: 'good', gradeNote: '' }, { heldOn: null }, 50),
    ).toMatchObject([{ field: 'grade' }]);
    expect(
      entryProblems({ report: ' ', tally: null, grade: 'average', gradeNote: '' }, held, 50),
    ).toMatchObject([{ field: 'report' }]);
    expect(
      entryProblems({ report: '', tally: null, grade: null, gradeNote: '' }, { heldOn: null }, 50),
    ).toEqual([]);
  });
  it('asks why when the grade departs from the suggestion', () => {
    const e = { report: '述职', tally: t(10, 5, 3, 2), grade: 'average' as const, gradeNote: '' };
    expect(entryProblems(e, held, 50)).toMatchObject([{ field: 'gradeNote' }]);
    expect(entryProblems({ ...e, gradeNote: '党建工作多项未完成' }, held, 50)).toEqual([]);
    expect(entryProblems({ ...e, grade: 'fairly_good' }, held, 50)).toEqual([]);
  });
  it('refuses negative or fractional votes', () => {
    expect(
      entryProblems({ report: '述职', tally: t(-1, 0, 0, 0), grade: null, gradeNote: '' }, held, 50),
    ).toMatchObject([{ field: 'tally' }]);
    expect(
      entryProblems({ report: '述职', tally: t(1.5, 0, 0, 0), grade: null, gradeNote: '' }, held, 50),
    ).toMatchObject([{ field: 'tally' }]);
  });
});

describe('follow-ups', () => {
  it('一般 calls for a talk and a list, 差 also for screening and adjustment; 好 and 较好 for nothing', () => {
    expect(followUpsOf('good', 'average')).toEqual([]);
    expect(followUpsOf('fairly_good', 'average')).toEqual([]);
    expect(followUpsOf('average', 'average')).toEqual(['talk', 'rectify']);
    expect(followUpsOf('poor', 'average')).toEqual(['talk', 'rectify', 'screen', 'adjust']);
    expect(followUpsOf(null, 'average')).toEqual([]);
  });
  it('the local setting “差 only” drops the talk for 一般', () => {
    expect(followUpsOf('average', 'poor')).toEqual([]);
    expect(followUpsOf('poor', 'poor')).toEqual(['talk', 'rectify', 'screen', 'adjust']);
  });
  it('a follow-up is done when a person recorded it (screening: also when the county confirmed the org)', () => {
    const f = {
      grade: 'poor' as const,
      talkOn: null,
      rectificationItems: 0,
      screenedConfirmed: false,
      screenOn: null,
      adjustOn: null,
    };
    expect(followUpStates(f, 'average').map((x) => x.done)).toEqual([false, false, false, false]);
    expect(
      followUpStates(
        {
          ...f,
          talkOn: '2027-01-05',
          rectificationItems: 2,
          screenedConfirmed: true,
          adjustOn: '2027-01-10',
        },
        'average',
      ).every((x) => x.done),
    ).toBe(true);
    expect(followUpStates({ ...f, screenOn: '2027-01-06' }, 'average')[2]).toMatchObject({
      kind: 'screen',
      done: true,
    });
  });
});

describe('dates of a round', () => {
  it('keeps the list day and the meeting within the year or its next first quarter, not in the future', () => {
    expect(asOfProblem(2026, '2026-11-01', '2026-11-22')).toBeNull();
    expect(asOfProblem(2026, '2026-12-01', '2026-11-22')).toMatch('晚于今天');
    expect(asOfProblem(2025, '2026-03-31', '2026-11-22')).toBeNull();
    expect(asOfProblem(2025, '2026-04-01', '2026-11-22')).toMatch('2025');
    expect(heldOnProblem(2026, '2026-11-20', '2026-11-01', '2026-11-22')).toBeNull();
    expect(heldOnProblem(2026, '2026-10-20', '2026-11-01', '2026-11-22')).toMatch('早于');
  });
});
