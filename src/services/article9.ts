/**
 * 党章 第九条 flags (issue 11 item 4, decision 0023): for each member of a subtree, the consecutive months of
 * organisational life missed without good reason (from the meetings' attendance) and of dues with nothing paid
 * (decision 0020's judgement), each with the month it began, and the flag for the branch — three months an early
 * notice, six 需研究处理. Flags are for people to act on; nothing here changes a member's status.
 */
import { AppError } from '../shared/errors.js';
import { isIsoDate, type IsoDate } from '../shared/dates.js';
import type { Ctx } from './context.js';
import type { Article9List, MemberArticle9 } from '../shared/life.js';
import { duesFacts, owingSpans, basesOf, reliefsOf, paymentsOf } from '../db/repositories/dues.js';
import { memberLifeMonths, subtreeLifeMonths, type LifeMonthRow } from '../db/repositories/article9.js';
import { memberById } from '../db/repositories/members.js';
import { requireOrg } from './orgs.js';
import { readsMember, readsOrg } from './access.js';
import { duesSettingsAt, factsOf } from './dues.js';
import { rulesAt } from '../policy/rules.js';
import { judgeDues } from '../domain/dues/ledger.js';
import { addMonthsTo, monthOfDate, monthStart } from '../domain/dues/months.js';
import {
  article9Flag,
  duesGround,
  lifeRun,
  type Article9Ground,
  type LifeMonth,
} from '../domain/member/article9.js';

/** How far back attendance is read: a run longer than this shows as this long, from the window's first month. */
export const ARTICLE9_WINDOW_MONTHS = 24;

function invalid(field: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', message, [{ field, code: 'invalid', message }]);
}

function checkAsOf(ctx: Ctx, asOf: IsoDate | undefined | null): IsoDate {
  const today = ctx.clock.today();
  const d = asOf ?? today;
  if (!isIsoDate(d)) throw invalid('asOf', '日期格式应为 YYYY-MM-DD');
  if (d > today) throw invalid('asOf', '截至日期不能晚于今天');
  return d;
}

function windowStart(asOf: IsoDate): IsoDate {
  return monthStart(addMonthsTo(monthOfDate(asOf), -(ARTICLE9_WINDOW_MONTHS - 1)));
}

function lifeMonth(r: LifeMonthRow): LifeMonth {
  return { month: r.month, present: r.present > 0, excused: r.excused > 0, absent: r.absent > 0 };
}

/** The flagged members of the subtree under `orgCode` as of a date (today by default), in tree and name order. */
export async function getArticle9(ctx: Ctx, orgCode: string, asOfIn?: IsoDate | null): Promise<Article9List> {
  const asOf = checkAsOf(ctx, asOfIn);
  const o = await requireOrg(ctx, ctx.db, orgCode);
  const month = monthOfDate(asOf);
  const [dues, life, settingsAt] = await Promise.all([
    duesFacts(ctx.db, o.path, month, month, asOf),
    subtreeLifeMonths(ctx.db, o.path, windowStart(asOf), asOf),
    duesSettingsAt(ctx.db),
  ]);
  const byMember = new Map<number, LifeMonth[]>();
  for (const r of life) {
    const list = byMember.get(r.memberId) ?? [];
    list.push(lifeMonth(r));
    byMember.set(r.memberId, list);
  }
  const rules = rulesAt(asOf);
  const out: Article9List = {
    org: o.code,
    orgName: o.name,
    asOf,
    counts: { threeMonths: 0, sixMonths: 0 },
    members: [],
    source: rules.article9.source,
  };
  for (const r of dues) {
    if (!readsOrg(ctx, r.orgPath)) continue;
    const j = judgeDues(factsOf(r), { asOf, rulesAt, settingsAt });
    const grounds = [
      lifeRun(byMember.get(r.memberId) ?? [], asOf, rules.article9),
      duesGround(j.unpaidRun, j.unpaidSince, rules.dues),
    ];
    const flag = article9Flag(grounds);
    if (!flag) continue;
    out.members.push({
      memberId: r.memberId,
      name: r.name,
      orgCode: r.orgCode,
      orgName: r.orgName,
      flag,
      grounds: grounds.filter((g) => g.flag !== null),
    });
    if (flag === 'six_months') out.counts.sixMonths++;
    else out.counts.threeMonths++;
  }
  return out;
}

/** One member's 第九条 grounds and their organisational life in the as-of date's year. */
export async function getMemberArticle9(
  ctx: Ctx,
  memberId: number,
  asOfIn?: IsoDate | null,
): Promise<MemberArticle9> {
  const asOf = checkAsOf(ctx, asOfIn);
  const m = await memberById(ctx.db, memberId, '/');
  if (!m || !readsMember(ctx, { id: m.id, orgPath: m.orgPath })) throw new AppError('MEMBER_NOT_FOUND');
  const [life, owing, bases, reliefs, payments, settingsAt] = await Promise.all([
    memberLifeMonths(ctx.db, m.id, windowStart(asOf), asOf),
    owingSpans(ctx.db, m.id),
    basesOf(ctx.db, m.id),
    reliefsOf(ctx.db, m.id),
    paymentsOf(ctx.db, m.id),
    duesSettingsAt(ctx.db),
  ]);
  const rules = rulesAt(asOf);
  const j = judgeDues({ owing, bases, reliefs, payments }, { asOf, rulesAt, settingsAt });
  const grounds: Article9Ground[] = [
    lifeRun(life.map(lifeMonth), asOf, rules.article9),
    duesGround(j.unpaidRun, j.unpaidSince, rules.dues),
  ];
  const year = asOf.slice(0, 4);
  const tally = { year, present: 0, excused: 0, absent: 0 };
  for (const r of life)
    if (r.month.startsWith(year)) {
      tally.present += r.present;
      tally.excused += r.excused;
      tally.absent += r.absent;
    }
  return {
    memberId: m.id,
    name: m.name,
    asOf,
    flag: article9Flag(grounds),
    grounds,
    year: tally,
    source: rules.article9.source,
  };
}
