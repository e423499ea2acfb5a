/**
 * The county's classified assessment scheme (分类考核, issue 14 item 5, decision 0036) as a local setting: the
 * categories an org may be assessed in (for villages e.g. 工商贸易型 / 特色产业型 / 一般经济发展型 — a county's own
 * typology, not a national rule: sources.md §9), each with its items and their points out of 100 a month, and the
 * star bands (评星定级) the year's monthly average falls in. An item is either computed from the org's health
 * indicators (decision 0032: the warnings they kept in the month) or rated by a person. Plain data and its schema.
 */
import { z } from 'zod';
import { INDICATOR_KEYS, type IndicatorKey } from '../domain/supervision/indicators.js';

export type AssessmentItemKind = 'indicators' | 'rated';

export interface AssessmentItem {
  /** stable key, unique in its category (ratings name it) */
  key: string;
  zh: string;
  /** points of the item in a month (a category's items add up to 100) */
  points: number;
  kind: AssessmentItemKind;
  /** for `indicators`: the health indicators the item rests on (the worst level in the month counts) */
  indicators: readonly IndicatorKey[];
}

export interface AssessmentCategory {
  key: string;
  zh: string;
  items: readonly AssessmentItem[];
}

/** An org whose monthly average is at least `min` (of 100) gets `stars`. */
export interface StarBand {
  stars: number;
  min: number;
}

export interface AssessmentScheme {
  categories: readonly AssessmentCategory[];
  bands: readonly StarBand[];
}

const KEY = /^[a-z][a-z0-9_]{0,39}$/;

const ItemSchema = z
  .object({
    key: z.string().regex(KEY, '考核项目的代码应为小写字母开头的字母、数字或下划线'),
    zh: z.string().trim().min(1, '请填写考核项目名称').max(40, '考核项目名称不超过40字'),
    points: z
      .number({ error: '分值应为整数' })
      .int('分值应为整数')
      .min(1, '分值不能小于1分')
      .max(100, '分值不能大于100分'),
    kind: z.enum(['indicators', 'rated'], { error: '项目类型应为“按记录计算”或“人工评分”' }),
    indicators: z.array(z.enum(INDICATOR_KEYS, { error: '没有这项健康指标' })).max(INDICATOR_KEYS.length),
  })
  .superRefine((i, ctx) => {
    if (i.kind === 'indicators' && i.indicators.length === 0)
      ctx.addIssue({
        code: 'custom',
        path: ['indicators'],
        message: `“${i.zh}”按记录计算，请至少选一项健康指标`,
      });
    if (i.kind === 'rated' && i.indicators.length > 0)
      ctx.addIssue({
        code: 'custom',
        path: ['indicators'],
        message: `“${i.zh}”是人工评分项目，不对应健康指标`,
      });
  });

const CategorySchema = z
  .object({
    key: z.string().regex(KEY, '类别代码应为小写字母开头的字母、数字或下划线'),
    zh: z.string().trim().min(1, '请填写类别名称').max(20, '类别名称不超过20字'),
    items: z.array(ItemSchema).min(1, '每个类别至少有一个考核项目').max(30),
  })
  .superRefine((c, ctx) => {
    const total = c.items.reduce((s, i) => s + i.points, 0);
    if (total !== 100)
      ctx.addIssue({
        code: 'custom',
        path: ['items'],
        message: `“${c.zh}”各项分值合计应为100分，现为${total}分`,
      });
    const seen = new Set<string>();
    c.items.forEach((i, n) => {
      if (seen.has(i.key))
        ctx.addIssue({
          code: 'custom',
          path: ['items', n, 'key'],
          message: `“${c.zh}”的项目代码${i.key}重复`,
        });
      seen.add(i.key);
    });
  });

export const AssessmentSchemeSchema = z
  .object({
    categories: z.array(CategorySchema).min(1, '至少设一个考核类别').max(20),
    bands: z
      .array(
        z.object({
          stars: z.number().int().min(1, '星级为1至5星').max(5, '星级为1至5星'),
          min: z
            .number({ error: '分数线应为整数' })
            .int('分数线应为整数')
            .min(0)
            .max(100, '分数线不能大于100分'),
        }),
      )
      .min(1, '至少设一个星级')
      .max(5),
  })
  .superRefine((s, ctx) => {
    const keys = new Set<string>();
    s.categories.forEach((c, n) => {
      if (keys.has(c.key))
        ctx.addIssue({ code: 'custom', path: ['categories', n, 'key'], message: `类别代码${c.key}重复` });
      keys.add(c.key);
    });
    const bands = [...s.bands].sort((a, b) => b.stars - a.stars);
    for (let n = 1; n < bands.length; n++) {
      if (bands[n]!.stars === bands[n - 1]!.stars)
        ctx.addIssue({ code: 'custom', path: ['bands'], message: `${bands[n]!.stars}星重复` });
      else if (bands[n]!.min >= bands[n - 1]!.min)
        ctx.addIssue({
          code: 'custom',
          path: ['bands'],
          message: `${bands[n]!.stars}星的分数线应低于${bands[n - 1]!.stars}星的`,
        });
    }
  });

const computed = (key: string, zh: string, points: number, indicators: IndicatorKey[]): AssessmentItem => ({
  key,
  zh,
  points,
  kind: 'indicators',
  indicators,
});
const rated = (key: string, zh: string, points: number): AssessmentItem => ({
  key,
  zh,
  points,
  kind: 'rated',
  indicators: [],
});

/** The items every default category shares, with the points of the computed ones; the rated ones differ. */
function villageItems(development: number, service: number, governance: number): AssessmentItem[] {
  return [
    computed('team', '组织体系', 20, ['secretary_vacant', 'committee_incomplete', 'term_due']),
    computed('life', '组织生活', 20, ['org_life', 'article9_life']),
    computed('dues', '党费收缴', 10, ['dues_arrears']),
    computed('members', '党员队伍', 10, [
      'admission_idle',
      'probation_overdue',
      'transfer_overdue',
      'lost_contact',
    ]),
    rated('development', '发展业绩', development),
    rated('service', '服务群众', service),
    rated('governance', '治理机制', governance),
  ];
}

/**
 * The default scheme: the three village types the seeds name (no national source: 济南's 分类定标 is the nearest
 * verified analogue, sources.md §9.2 [S85]), the same computed items, the rated ones weighted by the type; the bands
 * are 天津西青's 百分制 (≥95 五星, 85 四星, 75 三星, 65 二星, 60 一星, below 60 no star; [S80]).
 */
export const DEFAULT_ASSESSMENT_SCHEME: AssessmentScheme = {
  categories: [
    { key: 'trade', zh: '工商贸易型', items: villageItems(20, 10, 10) },
    { key: 'industry', zh: '特色产业型', items: villageItems(15, 10, 15) },
    { key: 'general', zh: '一般经济发展型', items: villageItems(10, 15, 15) },
  ],
  bands: [
    { stars: 5, min: 95 },
    { stars: 4, min: 85 },
    { stars: 3, min: 75 },
    { stars: 2, min: 65 },
    { stars: 1, min: 60 },
  ],
};

export function categoryOf(scheme: AssessmentScheme, key: string): AssessmentCategory | null {
  return scheme.categories.find((c) => c.key === key) ?? null;
}

/** '工商贸易型（7项）、…；五星≥95分、…' — the value as the settings page shows it. */
export function formatScheme(s: AssessmentScheme): string {
  const bands = [...s.bands].sort((a, b) => b.stars - a.stars).map((b) => `${b.stars}星≥${b.min}分`);
  return `${s.categories.map((c) => `${c.zh}（${c.items.length}项）`).join('、')}；${bands.join('、')}`;
}
