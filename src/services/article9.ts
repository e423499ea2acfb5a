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
import {
  duesFacts,
  owingSpans,
  basesOf,
  reliefsOf,
  paymentsOf,
  type MemberDuesRow,
} from '../db/repositories/dues.js';
import { duesRunsOf, flaggedDuesMembers } from '../db/repositories/dues-rollup.js';
import type { Db } from '../db/client.js';
import {
  article9Candidates,
  memberLifeMonths,
  subtreeLifeMonths,
  type LifeMonthRow,
} from '../db/repositories/article9.js';
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

export function windowStart(asOf: IsoDate): IsoDate {
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
  const rules = rulesAt(asOf);
  const out: Article9List = {
    org: o.code,
    orgName: o.name,
    asOf,
    counts: { threeMonths: 0, sixMonths: 0 },
    members: [],
    source: rules.article9.source,
  };
  for (const { orgId: _, ...m } of judgeArticle9(
    dues.filter((r) => readsOrg(ctx, r.orgPath)),
    life,
    asOf,
    judgedRuns(settingsAt, asOf),
  )) {
    out.members.push(m);
    if (m.flag === 'six_months') out.counts.sixMonths++;
    else out.counts.threeMonths++;
  }
  return out;
}

type Flagged = Article9List['members'][number] & { orgId: number };

/** A member as 党章第九条 lists them: who, under which org. */
type Listed = { memberId: number; name: string; orgId: number; orgCode: string; orgName: string };

/** A member's run of ended months with nothing paid as of the day, and its first month. */
type UnpaidRun = { unpaidRun: number; unpaidSince: string | null };

/** The run judged from the member's dues facts (`duesFacts`' rows). */
function judgedRuns(settingsAt: Awaited<ReturnType<typeof duesSettingsAt>>, asOf: IsoDate) {
  return (r: MemberDuesRow) => judgeDues(factsOf(r), { asOf, rulesAt, settingsAt });
}

/**
 * The flagged members among the listed ones (in their order), each with the grounds that carry a flag: their run of
 * months of organisational life missed (from the attendance months `life`; a member absent from them has none) and
 * of dues unpaid (`unpaid`: judged from their facts, or the dues rollup's stored run).
 */
function judgeArticle9<R extends Listed>(
  listed: readonly R[],
  life: readonly LifeMonthRow[],
  asOf: IsoDate,
  unpaid: (r: R) => UnpaidRun,
): Flagged[] {
  const byMember = lifeByMember(life);
  const rules = rulesAt(asOf);
  const out: Flagged[] = [];
  for (const r of listed) {
    const j = unpaid(r);
    const grounds = [
      lifeRun(byMember.get(r.memberId) ?? [], asOf, rules.article9),
      duesGround(j.unpaidRun, j.unpaidSince, rules.dues),
    ];
    const flag = article9Flag(grounds);
    if (!flag) continue;
    out.push({
      memberId: r.memberId,
      name: r.name,
      orgId: r.orgId,
      orgCode: r.orgCode,
      orgName: r.orgName,
      flag,
      grounds: grounds.filter((g) => g.flag !== null),
    });
  }
  return out;
}

function lifeByMember(life: readonly LifeMonthRow[]): Map<number, LifeMonth[]> {
  const byMember = new Map<number, LifeMonth[]>();
  for (const r of life) {
    const list = byMember.get(r.memberId) ?? [];
    list.push(lifeMonth(r));
    byMember.set(r.memberId, list);
  }
  return byMember;
}

/** The shortest run of months missed that carries a flag as of `asOf` (the maintained runs' filter, decision 0048). */
export function runsFrom(asOf: IsoDate): number {
  const r = rulesAt(asOf).article9;
  return Math.max(1, Math.min(r.noticeMonths, r.examineMonths));
}

/**
 * The flagged members listed under the orgs with these ids on `asOf` (each under the org of their latest period of
 * the month, `rosterOfMonths`): the health evaluation's facts (decision 0045). Only the members who may have a run
 * of months missed are read month by month (`subtreeLifeMonths`); with `duesRollup` (today's dues rollup is built and refreshed),
 * only the members it flags and those are read in full — the rollup's flag is the same judgement of the same facts
 * as of today, so a member it does not flag has no dues ground. With `lifeRuns` (the maintained runs are built and
 * refreshed, decision 0048), only the members whose kept run may reach a flag are read month by month. With both
 * (the daily job), the members who may be flagged and their facts come from one statement (`article9OfCandidates`).
 */
export async function article9OfOrgs(
  db: Db,
  ids: readonly number[],
  asOf: IsoDate,
  duesRollup: boolean,
  lifeRuns = false,
): Promise<Flagged[]> {
  if (!ids.length) return [];
  const month = monthOfDate(asOf);
  const from = windowStart(asOf);
  if (duesRollup && lifeRuns) return article9OfCandidates(db, ids, asOf);
  const [life, dues, settingsAt] = await Promise.all([
    subtreeLifeMonths(db, ids, from, asOf, lifeRuns ? runsFrom(asOf) : null),
    duesRollup ? flaggedDuesMembers(db, ids, monthStart(month)) : duesFacts(db, ids, month, month, asOf),
    duesSettingsAt(db),
  ]);
  if (!duesRollup) return judgeArticle9(dues as MemberDuesRow[], life, asOf, judgedRuns(settingsAt, asOf));
  const rules = rulesAt(asOf).article9;
  const lifeFlagged = [...lifeByMember(life)]
    .filter(([, months]) => lifeRun(months, asOf, rules).flag !== null)
    .map(([id]) => id);
  const members = [...new Set([...(dues as number[]), ...lifeFlagged])];
  if (!members.length) return [];
  const rows = await duesRunsOf(db, members, monthStart(month));
  return judgeArticle9(rows, life, asOf, await storedOrJudged(db, rows, asOf, settingsAt));
}

/**
 * The dues run of each member as the rollup stored it with their line (decision 0052): the same judgement of the
 * same facts as of today; a member without a stored run (no line, or a line from before the run was kept) judged
 * from their facts.
 */
async function storedOrJudged(
  db: Db,
  rows: readonly { memberId: number; unpaidRun: number | null; unpaidSince: string | null }[],
  asOf: IsoDate,
  settingsAt?: Awaited<ReturnType<typeof duesSettingsAt>>,
): Promise<(r: { memberId: number; unpaidRun: number | null; unpaidSince: string | null }) => UnpaidRun> {
  const month = monthOfDate(asOf);
  const missing = rows.filter((r) => r.unpaidRun === null).map((r) => r.memberId);
  const judged = new Map<number, UnpaidRun>();
  if (missing.length) {
    const judge = judgedRuns(settingsAt ?? (await duesSettingsAt(db)), asOf);
    for (const f of await duesFacts(db, { members: missing }, month, month, asOf))
      judged.set(f.memberId, judge(f));
  }
  return (r) =>
    r.unpaidRun === null
      ? (judged.get(r.memberId) ?? { unpaidRun: 0, unpaidSince: null })
      : { unpaidRun: r.unpaidRun, unpaidSince: r.unpaidSince };
}

/**
 * `article9OfOrgs` of the daily job and a subtree's evaluation of today (the dues rollup and the maintained life runs
 * both ready): the members who may be flagged, who they are, their stored dues run and their months, from one roster
 * of the month in one statement (`article9Candidates`) — the members and facts the three reads of the path above
 * give, so the same flags (decision 0052's addendum).
 */
async function article9OfCandidates(db: Db, ids: readonly number[], asOf: IsoDate): Promise<Flagged[]> {
  const rules = rulesAt(asOf).article9;
  const rows = (await article9Candidates(db, ids, windowStart(asOf), asOf, runsFrom(asOf))).filter(
    (r) => r.duesFlag || lifeRun(r.months.map(lifeMonth), asOf, rules).flag !== null,
  );
  if (!rows.length) return [];
  return judgeArticle9(
    rows,
    rows.flatMap((r) => r.months),
    asOf,
    await storedOrJudged(db, rows, asOf),
  );
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
