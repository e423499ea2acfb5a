/**
 * Recruitment statistics as the party statistics count them (党内统计, issue 13 item 2, decision 0025 addendum): per
 * year, the people admitted (发展党员: probationary members from the general meeting's vote, counted by the org
 * they were admitted in) — women, minorities, 35 or under on the day, 大专及以上, by occupation and 生产、工作一线 —
 * and the probationary members confirmed. The categories are those of the 中组部 annual bulletin (党内统计公报,
 * sources.md §8.1) and of the internal report's tables 15–17 (§8.2). Pure: the rows come from the roster.
 */
import { fullYears, type IsoDate } from '../../shared/dates.js';
import { educationGroup, HAN_CODE, OCCUPATIONS, type Occupation } from '../../shared/codes.js';

/** One admission: the membership's join date and the person's facts. */
export interface AdmittedRow {
  joinedOn: IsoDate;
  sex: string;
  ethnicity: string | null;
  birthDate: IsoDate;
  education: string | null;
  occupation: string | null;
}

/**
 * 生产、工作一线: the bulletin does not define it; we count the occupations that work in production or at a
 * workplace — 工人（工勤技能人员）, 农牧渔民, and the professionals and managers of enterprises, institutions and social
 * organisations — not civil servants, students, other occupations or retirees (decision 0025 addendum: inferred from
 * the bulletins' figures, not from a published definition).
 */
export const FRONT_LINE: readonly Occupation[] = ['worker', 'farmer', 'professional', 'manager'];

/** Age of the youngest band the bulletin reports (35岁及以下). */
export const YOUNG_AGE = 35;

export interface YearStats {
  year: number;
  admitted: number;
  women: number;
  minorities: number;
  /** 35 or under on the day of the vote */
  young: number;
  /** 大专及以上: postgraduate, bachelor or associate degree */
  college: number;
  frontLine: number;
  /** by occupation code, and 'unknown' for no occupation on the record */
  occupations: Record<Occupation | 'unknown', number>;
  confirmed: number;
}

const COLLEGE = new Set(['postgraduate', 'bachelor', 'associate']);

export function emptyYear(year: number): YearStats {
  const occupations = Object.fromEntries([...OCCUPATIONS.map((o) => [o.code, 0]), ['unknown', 0]]) as Record<
    Occupation | 'unknown',
    number
  >;
  return {
    year,
    admitted: 0,
    women: 0,
    minorities: 0,
    young: 0,
    college: 0,
    frontLine: 0,
    occupations,
    confirmed: 0,
  };
}

/** Counts the admissions and confirmations of each year from `from` to `to` (inclusive). */
export function recruitmentYearStats(
  admitted: readonly AdmittedRow[],
  confirmedOn: readonly IsoDate[],
  from: number,
  to: number,
): YearStats[] {
  const years = new Map<number, YearStats>();
  for (let y = from; y <= to; y++) years.set(y, emptyYear(y));
  for (const r of admitted) {
    const s = years.get(Number(r.joinedOn.slice(0, 4)));
    if (!s) continue;
    s.admitted++;
    if (r.sex === 'female') s.women++;
    if (r.ethnicity && r.ethnicity !== HAN_CODE) s.minorities++;
    if (fullYears(r.birthDate, r.joinedOn) <= YOUNG_AGE) s.young++;
    const g = educationGroup(r.education);
    if (g && COLLEGE.has(g)) s.college++;
    const occ = OCCUPATIONS.some((o) => o.code === r.occupation) ? (r.occupation as Occupation) : 'unknown';
    s.occupations[occ]++;
    if (occ !== 'unknown' && FRONT_LINE.includes(occ)) s.frontLine++;
  }
  for (const d of confirmedOn) {
    const s = years.get(Number(d.slice(0, 4)));
    if (s) s.confirmed++;
  }
  return [...years.values()];
}
