/**
 * Classified, process-based assessment (分类考核 / 过程性考核, issue 14 item 5, decision 0036). An org the county
 * gave a category is scored every month by that category's items (the setting `assessment.scheme` in force in the
 * month): computed items from the warnings the health indicators kept (decision 0032), rated items from what a
 * township officer rated (`assessment.rate`, audited, with the reason). The year is the sum of its months; the stars
 * follow from the monthly average. When the county turned on `assessment.rectifyBelowStars`, an org below it carries
 * a suggestion for weak-org screening — for people to weigh, never a verdict. Nothing ranks people.
 */
import type { Ctx } from './context.js';
import type { Db } from '../db/client.js';
import { AppError } from '../shared/errors.js';
import type { IsoDate } from '../shared/dates.js';
import {
  categoriesUnder,
  insertCategory,
  insertRating,
  ratingsOf,
  warningSpans,
  type AssessedOrgRow,
  type CategoryRow,
  type RatingRow,
  type WarningSpanRow,
} from '../db/repositories/assessment.js';
import { settingHistory } from '../db/repositories/settings.js';
import { settingsOn, type LocalSettings } from '../policy/settings.js';
import { categoryOf, type AssessmentScheme } from '../policy/assessment-scheme.js';
import {
  STARS_ZH,
  assessedMonths,
  monthEnd,
  monthStart,
  scoreMonth,
  yearResult,
  type MonthScore,
  type WarningSpan,
} from '../domain/supervision/assessment.js';
import { INDICATORS } from '../domain/supervision/indicators.js';
import { requireOrg } from './orgs.js';
import type { OrgRow } from '../db/repositories/orgs.js';
import { allowed } from './access.js';
import { actorId, orgResource } from '../domain/access/policy.js';
import {
  CategorySetSchema,
  RatingCreateSchema,
  type AssessmentList,
  type AssessmentSchemeView,
  type AssessmentView,
  type CategorySet,
  type RatingCreate,
} from '../shared/assessment.js';

const refused = (message: string, field?: string) =>
  new AppError(
    'ASSESSMENT_REFUSED',
    message,
    field ? [{ field, code: 'ASSESSMENT_REFUSED', message }] : undefined,
  );

function checkYear(ctx: Ctx, year: number): void {
  if (year > Number(ctx.clock.today().slice(0, 4))) throw refused(`${year}年还没有到`, 'year');
}

/** The settings in force on each day asked, from one read of the stored history. */
async function settingsReader(db: Db): Promise<(d: IsoDate) => LocalSettings> {
  const history = await settingHistory(db);
  const cache = new Map<IsoDate, LocalSettings>();
  return (d) => {
    let s = cache.get(d);
    if (!s) cache.set(d, (s = settingsOn(history, d)));
    return s;
  };
}

/** The category row in force on `d` among one org's rows (sorted by date, then id). */
function categoryOn(rows: readonly CategoryRow[], d: IsoDate): CategoryRow | null {
  let found: CategoryRow | null = null;
  for (const r of rows) if (r.effectiveFrom <= d) found = r;
  return found;
}

interface Scored {
  org: AssessedOrgRow;
  months: MonthScore[];
  result: AssessmentView['result'];
  category: { key: string; zh: string } | null;
}

/** One org's months of the year from its category rows, warnings and ratings, each judged by its month's scheme. */
function scoreOrg(
  org: AssessedOrgRow,
  year: number,
  today: IsoDate,
  cats: readonly CategoryRow[],
  warnings: readonly WarningSpanRow[],
  ratings: readonly RatingRow[],
  settingsOnDay: (d: IsoDate) => LocalSettings,
): Scored {
  const spans = warnings as readonly WarningSpan[];
  const months: MonthScore[] = [];
  for (const m of assessedMonths(year, today, org.foundedOn, org.dissolvedOn)) {
    const end = monthEnd(year, m);
    const through = end < today ? end : today;
    const row = categoryOn(cats, through);
    if (!row) continue;
    const scheme = settingsOnDay(through).assessment.scheme;
    const category = categoryOf(scheme, row.category);
    // a category the scheme of that month no longer has: the month is not assessed
    if (!category) continue;
    months.push(scoreMonth(year, m, today, category, spans, ratings));
  }
  const yearEnd = `${year}-12-31` < today ? `${year}-12-31` : today;
  const s = settingsOnDay(yearEnd).assessment;
  const r = yearResult(months, s.scheme.bands);
  const current = categoryOn(cats, yearEnd);
  const currentCat = current ? categoryOf(s.scheme, current.category) : null;
  return {
    org,
    months,
    category: currentCat
      ? { key: currentCat.key, zh: currentCat.zh }
      : current
        ? { key: current.category, zh: current.category }
        : null,
    result: {
      ...r,
      starsZh: STARS_ZH[r.stars] ?? '',
      rectifySuggested: s.rectifyBelowStars > 0 && r.months > 0 && r.stars < s.rectifyBelowStars,
    },
  };
}

function byOrg<T extends { orgId: number }>(rows: readonly T[]): Map<number, T[]> {
  const m = new Map<number, T[]>();
  for (const r of rows) {
    const list = m.get(r.orgId);
    if (list) list.push(r);
    else m.set(r.orgId, [r]);
  }
  return m;
}

/** Scores the assessed orgs of the subtree under `path` (or only `orgIds`) for a year. */
async function scoreUnder(
  ctx: Ctx,
  path: string,
  year: number,
  orgIds: readonly number[] | null = null,
): Promise<{
  scored: Scored[];
  cats: Map<number, CategoryRow[]>;
  settingsOnDay: (d: IsoDate) => LocalSettings;
}> {
  const today = ctx.clock.today();
  const from = monthStart(year, 1);
  const to = `${year}-12-31` < today ? `${year}-12-31` : today;
  // in sequence: never two queries at once on one client
  const { orgs, rows } = await categoriesUnder(ctx.db, path, to, orgIds);
  const ids = orgs.map((o) => o.id);
  const warnings = byOrg(await warningSpans(ctx.db, ids, from, to));
  const ratings = byOrg(await ratingsOf(ctx.db, ids, from, to));
  const cats = byOrg(rows);
  const settingsOnDay = await settingsReader(ctx.db);
  const scored = orgs.map((o) =>
    scoreOrg(
      o,
      year,
      today,
      cats.get(o.id) ?? [],
      warnings.get(o.id) ?? [],
      ratings.get(o.id) ?? [],
      settingsOnDay,
    ),
  );
  return { scored, cats, settingsOnDay };
}

/** An org's assessment of a year: its months with every item and its evidence, the year's sum and stars. */
export async function assessmentOf(ctx: Ctx, orgCode: string, year: number): Promise<AssessmentView> {
  checkYear(ctx, year);
  const o = await requireOrg(ctx, ctx.db, orgCode);
  const { scored, cats, settingsOnDay } = await scoreUnder(ctx, o.path, year, [o.id]);
  const today = ctx.clock.today();
  const yearEnd = `${year}-12-31` < today ? `${year}-12-31` : today;
  const s = settingsOnDay(yearEnd).assessment;
  const mine = scored[0];
  const rows = cats.get(o.id) ?? [];
  const current = mine?.category ? categoryOf(s.scheme, mine.category.key) : null;
  return {
    org: o.code,
    orgName: o.name,
    year,
    category: mine?.category ?? null,
    categories: rows.map((r) => ({
      id: r.id,
      category: r.category,
      zh: categoryOf(s.scheme, r.category)?.zh ?? r.category,
      effectiveFrom: r.effectiveFrom,
      note: r.note,
      author: r.author,
    })),
    ratedItems: (current?.items ?? [])
      .filter((i) => i.kind === 'rated')
      .map((i) => ({ key: i.key, zh: i.zh, points: i.points })),
    months: mine?.months ?? [],
    result: mine?.result ?? {
      ...yearResult([], s.scheme.bands),
      starsZh: STARS_ZH[0],
      rectifySuggested: false,
    },
    bands: [...s.scheme.bands],
    rectifyBelowStars: s.rectifyBelowStars,
  };
}

/** The assessed orgs of a subtree in a year by stars (five first), with the count per star. */
export async function assessmentList(ctx: Ctx, orgCode: string, year: number): Promise<AssessmentList> {
  checkYear(ctx, year);
  const o = await requireOrg(ctx, ctx.db, orgCode);
  const { scored, settingsOnDay } = await scoreUnder(ctx, o.path, year);
  const today = ctx.clock.today();
  const s = settingsOnDay(`${year}-12-31` < today ? `${year}-12-31` : today).assessment;
  const rows = scored
    .filter((x) => x.result.months > 0)
    .map((x) => {
      const last = x.months[x.months.length - 1];
      return {
        code: x.org.code,
        name: x.org.name,
        category: x.category?.zh ?? null,
        months: x.result.months,
        total: x.result.total,
        average: x.result.average,
        stars: x.result.stars,
        starsZh: x.result.starsZh,
        rectifySuggested: x.result.rectifySuggested,
        lastMonth: last ? { month: last.month, score: last.score } : null,
      };
    })
    // by stars, then the average; the same stars are listed by code, not ranked against each other
    .sort((a, b) => b.stars - a.stars || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const byStars = [5, 4, 3, 2, 1, 0].map((stars) => ({
    stars,
    zh: STARS_ZH[stars] ?? '',
    count: rows.filter((r) => r.stars === stars).length,
  }));
  return {
    org: o.code,
    orgName: o.name,
    year,
    bands: [...s.scheme.bands],
    rectifyBelowStars: s.rectifyBelowStars,
    byStars,
    orgs: rows,
  };
}

/** The scheme in force today with the indicators an item may rest on (for the county's scheme page). */
export function assessmentScheme(ctx: Ctx): AssessmentSchemeView {
  const a = ctx.settings.assessment;
  return {
    scheme: schemeView(a.scheme),
    rectifyBelowStars: a.rectifyBelowStars,
    indicators: INDICATORS.map((i) => ({ key: i.key, zh: i.zh })),
  };
}

function schemeView(s: AssessmentScheme): AssessmentSchemeView['scheme'] {
  return {
    categories: s.categories.map((c) => ({
      key: c.key,
      zh: c.zh,
      items: c.items.map((i) => ({ ...i, indicators: [...i.indicators] })),
    })),
    bands: s.bands.map((b) => ({ ...b })),
  };
}

/** The county gives an org its category from a date (a correction: a later row of the same date). */
export async function setCategory(ctx: Ctx, orgCode: string, body: CategorySet): Promise<AssessmentView> {
  const input = CategorySetSchema.parse(body);
  await ctx.db.transaction(async (tx) => assignCategory(ctx, tx, await requireOrg(ctx, tx, orgCode), input));
  return assessmentOf(ctx, orgCode, Number(input.effectiveFrom.slice(0, 4)));
}

/** `setCategory` on an org already read, in the caller's transaction (the demo assigns many). */
export async function assignCategory(
  ctx: Ctx,
  db: Db,
  o: OrgRow,
  input: { category: string; effectiveFrom: IsoDate; note: string },
): Promise<void> {
  if (!allowed(ctx, 'assessment.manage', orgResource(o.path)))
    throw new AppError('FORBIDDEN', '您没有权限设置该党组织的考核类别');
  if (input.effectiveFrom > ctx.clock.today()) throw refused('生效日期不能晚于今天', 'effectiveFrom');
  if (o.foundedOn && input.effectiveFrom < o.foundedOn)
    throw refused(`生效日期不能早于该党组织成立之日（${o.foundedOn}）`, 'effectiveFrom');
  const scheme = (await settingsReader(db))(input.effectiveFrom).assessment.scheme;
  if (!categoryOf(scheme, input.category))
    throw refused(
      `考核方案中没有“${input.category}”类别（现有：${scheme.categories.map((c) => c.zh).join('、')}）`,
      'category',
    );
  await insertCategory(
    db,
    { orgId: o.id, category: input.category, effectiveFrom: input.effectiveFrom, note: input.note },
    actorId(ctx.actor),
  );
}

/** A township officer (or the county) rates a rated item of an org for a month, with the reason; audited. */
export async function rateItem(ctx: Ctx, orgCode: string, body: RatingCreate): Promise<AssessmentView> {
  const input = RatingCreateSchema.parse(body);
  await ctx.db.transaction(async (tx) => recordRating(ctx, tx, await requireOrg(ctx, tx, orgCode), input));
  return assessmentOf(ctx, orgCode, Number(input.month.slice(0, 4)));
}

/** `rateItem` on an org already read, in the caller's transaction. */
export async function recordRating(
  ctx: Ctx,
  db: Db,
  o: OrgRow,
  input: { item: string; month: string; score: number; note: string },
): Promise<void> {
  const month = `${input.month}-01`;
  const year = Number(input.month.slice(0, 4));
  const today = ctx.clock.today();
  if (!allowed(ctx, 'assessment.rate', orgResource(o.path)))
    throw new AppError('FORBIDDEN', '您没有权限为该党组织评分');
  if (month > today) throw refused('不能为还没有到的月份评分', 'month');
  const end = monthEnd(year, Number(input.month.slice(5, 7)));
  const through = end < today ? end : today;
  const { rows } = await categoriesUnder(db, o.path, through, [o.id]);
  const row = categoryOn(rows, through);
  if (!row) throw refused(`${o.name}在${input.month}还没有考核类别，请先由县委组织部设置`, 'month');
  const category = categoryOf((await settingsReader(db))(through).assessment.scheme, row.category);
  const item = category?.items.find((i) => i.key === input.item);
  if (!item) throw refused(`该党组织${input.month}的考核方案中没有这个项目`, 'item');
  if (item.kind !== 'rated') throw refused(`“${item.zh}”按记录自动计算，不能人工评分`, 'item');
  if (input.score > item.points) throw refused(`“${item.zh}”满分${item.points}分，评分不能超过`, 'score');
  await insertRating(
    db,
    { orgId: o.id, item: item.key, month, score: input.score, note: input.note },
    actorId(ctx.actor),
  );
}
