import { describe, expect, it } from 'vitest';
import {
  assessedMonths,
  pointsAt,
  scoreItem,
  scoreMonth,
  starsFor,
  yearResult,
  type Rating,
  type WarningSpan,
} from '../../src/domain/supervision/assessment.js';
import {
  AssessmentSchemeSchema,
  DEFAULT_ASSESSMENT_SCHEME,
  type AssessmentItem,
} from '../../src/policy/assessment-scheme.js';
import { checkSettingValue, formatSettingValue } from '../../src/policy/settings.js';

const BANDS = DEFAULT_ASSESSMENT_SCHEME.bands;
const life: AssessmentItem = {
  key: 'life',
  zh: '组织生活',
  points: 25,
  kind: 'indicators',
  indicators: ['org_life', 'article9_life'],
};
const dev: AssessmentItem = { key: 'development', zh: '发展业绩', points: 20, kind: 'rated', indicators: [] };
const w = (p: Partial<WarningSpan>): WarningSpan => ({
  indicator: 'org_life',
  level: 'red',
  since: '2026-03-10',
  closedOn: null,
  evidence: ['近两个季度未召开支部党员大会：2026年第1季度'],
  ...p,
});
const r = (p: Partial<Rating>): Rating => ({
  item: 'development',
  month: '2026-03-01',
  score: 18,
  note: '产业项目落地',
  by: '王乡',
  id: 1,
  ...p,
});

describe('stars at the band boundaries (天津西青 百分制 by default)', () => {
  it.each([
    [100, 5],
    [95, 5],
    [94.9, 4],
    [85, 4],
    [84.9, 3],
    [75, 3],
    [74.9, 2],
    [65, 2],
    [64.9, 1],
    [60, 1],
    [59.9, 0],
    [0, 0],
  ])('%s → %s stars', (avg, stars) => expect(starsFor(avg, BANDS)).toBe(stars));

  it('the year judges the exact average, not the one rounded for display', () => {
    // 3 months summing 284: average 94.666… shows as 94.7, below 95 → four stars
    const y = yearResult([{ score: 95 }, { score: 95 }, { score: 94 }], BANDS);
    expect(y).toMatchObject({ total: 284, months: 3, max: 300, average: 94.7, stars: 4 });
    expect(yearResult([{ score: 95 }, { score: 95 }, { score: 95 }], BANDS).stars).toBe(5);
    // 12 months of 74 and 75 alternating: 894 / 12 = 74.5 → two stars
    const alt = Array.from({ length: 12 }, (_, i) => ({ score: i % 2 ? 75 : 74 }));
    expect(yearResult(alt, BANDS)).toMatchObject({ total: 894, average: 74.5, stars: 2 });
  });

  it('no month assessed: no average, no star', () => {
    expect(yearResult([], BANDS)).toEqual({ total: 0, months: 0, max: 0, average: null, stars: 0 });
  });

  it('the sum of the months is the year result (not a year-end event)', () => {
    const months = Array.from({ length: 12 }, () => ({ score: 80 }));
    expect(yearResult(months, BANDS)).toMatchObject({ total: 960, max: 1200, average: 80, stars: 3 });
  });
});

describe('computed items: the warnings of the month', () => {
  it('weights: green all points, amber half rounded down, red none', () => {
    expect([pointsAt(25, 'green'), pointsAt(25, 'amber'), pointsAt(25, 'red')]).toEqual([25, 12, 0]);
    expect(pointsAt(10, 'amber')).toBe(5);
  });

  it('a warning open any day of the month counts; the worst level wins; evidence names it', () => {
    const s = scoreItem(
      life,
      '2026-03-01',
      '2026-03-31',
      [
        w({ level: 'amber', since: '2026-01-05', closedOn: '2026-03-02' }),
        w({ indicator: 'article9_life', since: '2026-03-31' }),
      ],
      [],
    );
    expect(s.level).toBe('red');
    expect(s.score).toBe(0);
    expect(s.evidence).toHaveLength(2);
    expect(s.evidence[0]).toContain('组织生活落实黄色预警（2026年1月5日至2026年3月2日）');
  });

  it('a warning closed on the month’s first day or opened after it does not count', () => {
    const s = scoreItem(
      life,
      '2026-03-01',
      '2026-03-31',
      [w({ since: '2026-02-01', closedOn: '2026-03-01' }), w({ since: '2026-04-01' })],
      [],
    );
    expect(s).toMatchObject({ level: 'green', score: 25 });
    expect(s.evidence[0]).toContain('均无预警');
  });

  it('an indicator outside the item is not its concern', () => {
    expect(scoreItem(life, '2026-03-01', '2026-03-31', [w({ indicator: 'dues_arrears' })], []).score).toBe(
      25,
    );
  });

  it('the month in progress is judged up to today', () => {
    expect(scoreItem(life, '2026-03-01', '2026-03-09', [w({ since: '2026-03-10' })], []).score).toBe(25);
  });
});

describe('rated items', () => {
  it('a rating stands for its month and the later months of the year until the next', () => {
    const ratings = [r({}), r({ month: '2026-06-01', score: 12, id: 2, note: '项目停滞' })];
    expect(scoreItem(dev, '2026-02-01', '2026-02-28', [], ratings)).toMatchObject({
      score: 0,
      rating: null,
      evidence: ['尚未评分'],
    });
    expect(scoreItem(dev, '2026-03-01', '2026-03-31', [], ratings).score).toBe(18);
    const may = scoreItem(dev, '2026-05-01', '2026-05-31', [], ratings);
    expect(may.score).toBe(18);
    expect(may.evidence[0]).toBe('王乡评18分（沿用3月评分）：产业项目落地');
    expect(scoreItem(dev, '2026-07-01', '2026-07-31', [], ratings).score).toBe(12);
    // a rating of the year before does not carry into this one
    expect(scoreItem(dev, '2027-01-01', '2027-01-31', [], ratings).score).toBe(0);
  });

  it('two ratings of one month: the later stands; a score above the item’s points is capped', () => {
    const ratings = [r({ id: 5, score: 30 }), r({ id: 3, score: 10 })];
    expect(scoreItem(dev, '2026-03-01', '2026-03-31', [], ratings).score).toBe(20);
  });
});

describe('a month and the months of a year', () => {
  it('the month score is the sum of the items of its category (100 at most)', () => {
    const trade = DEFAULT_ASSESSMENT_SCHEME.categories[0]!;
    const m = scoreMonth(2026, 3, '2026-12-01', trade, [w({ level: 'amber' })], [r({})]);
    // team 20 + life 10 (amber of 20) + dues 10 + members 10 + development 18 + service 0 + governance 0
    expect(m.score).toBe(68);
    expect(m.month).toBe('2026-03');
    expect(m.through).toBe('2026-03-31');
    expect(m.items.map((i) => i.key)).toEqual([
      'team',
      'life',
      'dues',
      'members',
      'development',
      'service',
      'governance',
    ]);
  });

  it('months assessed: from the founding month, up to this month, not after dissolution', () => {
    expect(assessedMonths(2026, '2026-04-15', null, null)).toEqual([1, 2, 3, 4]);
    expect(assessedMonths(2026, '2027-01-01', '2026-10-20', null)).toEqual([10, 11, 12]);
    expect(assessedMonths(2026, '2027-01-01', null, '2026-03-01')).toEqual([1, 2]);
    expect(assessedMonths(2026, '2027-01-01', null, '2026-03-02')).toEqual([1, 2, 3]);
    expect(assessedMonths(2027, '2026-12-31', null, null)).toEqual([]);
  });
});

describe('the scheme as a setting', () => {
  it('the default passes: three village categories of 100 points each, five bands', () => {
    expect(AssessmentSchemeSchema.safeParse(DEFAULT_ASSESSMENT_SCHEME).success).toBe(true);
    for (const c of DEFAULT_ASSESSMENT_SCHEME.categories)
      expect(c.items.reduce((s, i) => s + i.points, 0)).toBe(100);
    expect(formatSettingValue('assessment.scheme', DEFAULT_ASSESSMENT_SCHEME)).toContain('工商贸易型（7项）');
    expect(formatSettingValue('assessment.rectifyBelowStars', 0)).toBe('不提示');
  });

  it('refuses points not adding up to 100, bands out of order, a rated item with indicators', () => {
    const bad = structuredClone(DEFAULT_ASSESSMENT_SCHEME) as unknown as {
      categories: { items: { points: number; kind: string; indicators: string[] }[] }[];
      bands: { stars: number; min: number }[];
    };
    bad.categories[0]!.items[0]!.points = 25;
    bad.bands[1]!.min = 96;
    bad.categories[1]!.items[4]!.indicators = ['org_life'];
    const c = checkSettingValue('assessment.scheme', bad);
    expect(c.ok).toBe(false);
    const messages = c.ok ? [] : c.issues.map((i) => i.message);
    expect(messages).toContain('“工商贸易型”各项分值合计应为100分，现为105分');
    expect(messages).toContain('4星的分数线应低于5星的');
    expect(messages).toContain('“发展业绩”是人工评分项目，不对应健康指标');
  });

  it('the rectification suggestion is off by default and at most 5 stars', () => {
    expect(checkSettingValue('assessment.rectifyBelowStars', 3).ok).toBe(true);
    expect(checkSettingValue('assessment.rectifyBelowStars', 6).ok).toBe(false);
  });
});
