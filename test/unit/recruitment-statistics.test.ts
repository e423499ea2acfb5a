/**
 * Recruitment statistics by the party statistics' categories (decision 0025 addendum): the year of the vote, 35 or
 * under on the day (the 36th birthday is not), 大专及以上 by education group, minorities, 生产、工作一线 by occupation,
 * an unknown occupation counted apart, confirmations by their year.
 */
import { describe, expect, it } from 'vitest';
import { recruitmentYearStats, type AdmittedRow } from '../../src/domain/recruitment/statistics.js';

const row = (over: Partial<AdmittedRow>): AdmittedRow => ({
  joinedOn: '2025-06-01',
  sex: 'male',
  ethnicity: '01',
  birthDate: '1995-01-01',
  education: '61',
  occupation: 'civil_servant',
  ...over,
});

describe('recruitmentYearStats', () => {
  it('counts each category of the year of the vote', () => {
    const [y24, y25] = recruitmentYearStats(
      [
        row({ sex: 'female', joinedOn: '2024-12-31' }),
        // 35 on the day: the 36th birthday is the next day
        row({ birthDate: '1989-06-02', joinedOn: '2025-06-01' }),
        // 36 on the day
        row({ birthDate: '1989-06-01', joinedOn: '2025-06-01' }),
        row({ ethnicity: '15', education: '31', occupation: 'farmer' }),
        row({ education: '21', occupation: 'worker' }),
        row({ education: '41', occupation: 'professional' }),
        row({ education: '11', occupation: 'manager' }),
        row({ occupation: 'student' }),
        row({ occupation: null, ethnicity: null }),
        // outside the range
        row({ joinedOn: '2026-01-01' }),
      ],
      ['2025-03-01', '2025-12-31', '2024-01-01', '2026-01-01'],
      2024,
      2025,
    );
    expect(y24).toMatchObject({ year: 2024, admitted: 1, women: 1, confirmed: 1 });
    expect(y25).toMatchObject({
      year: 2025,
      admitted: 8,
      women: 0,
      minorities: 1,
      young: 7,
      college: 3,
      frontLine: 4,
      confirmed: 2,
    });
    expect(y25!.occupations).toMatchObject({
      farmer: 1,
      worker: 1,
      professional: 1,
      manager: 1,
      student: 1,
      civil_servant: 2,
      unknown: 1,
    });
  });

  it('gives every year of the range, empty ones too', () => {
    const ys = recruitmentYearStats([], [], 2020, 2022);
    expect(ys.map((y) => [y.year, y.admitted])).toEqual([
      [2020, 0],
      [2021, 0],
      [2022, 0],
    ]);
  });
});
