/**
 * Use cases of the secretaries' 述职评议 (抓基层党建工作述职评议考核, issue 14 item 5, decision 0037): a committee's
 * round of a year (who reports, derived from the committee posts on the round's day), a secretary's report, tally,
 * grade, problems and rectification items, the follow-ups a grade calls for (to-dos, recorded by people), an org's
 * results by year. A round is managed with `write` on the committee that runs it (a township officer its
 * branches' round, the county its townships'); everything is read by subtree with `read`.
 */
import { AppError } from '../shared/errors.js';
import type { IsoDate } from '../shared/dates.js';
import type {
  EntryFollowUp,
  EntrySave,
  OrgReviewResults,
  ReviewEntryView,
  ReviewOpen,
  ReviewRound,
} from '../shared/reviews.js';
import type { Ctx } from './context.js';
import { requireOrg } from './orgs.js';
import { allowed, readsOrg } from './access.js';
import { actorId, orgResource } from '../domain/access/policy.js';
import {
  REVIEWING_KINDS,
  asOfProblem,
  entryProblems,
  followUpStates,
  heldOnProblem,
  suggestGrade,
  type Tally,
} from '../domain/reviews/secretary-review.js';
import {
  confirmedIn,
  entriesOf,
  reportersOn,
  resultsOfOrg,
  reviewOf,
  roundsBelow,
  writeEntry,
  writeEntryFollowUp,
  writeReview,
  type EntryRow,
  type ReporterRow,
  type ReviewRow,
} from '../db/repositories/reviews.js';
import { orgById, type OrgRow } from '../db/repositories/orgs.js';
import type { Db } from '../db/client.js';

export const REVIEW_SOURCE =
  '书记抓基层党建述职评议考核：中央、省、市、县、乡镇逐级开展，每年11月开始、原则上年底前结束；民主测评等次为好、较好、一般、差。由票数得出建议等次、哪些等次须约谈整改为本县设置。';

function invalid(field: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', message, [{ field, code: 'invalid', message }]);
}

function problemsError(p: { field: string; message: string }[]): AppError {
  return new AppError(
    'VALIDATION_FAILED',
    p[0]!.message,
    p.map((x) => ({ field: x.field, code: 'invalid', message: x.message })),
  );
}

const followUpFromOf = (ctx: Ctx): 'average' | 'poor' =>
  ctx.settings.review.followUpFrom === 4 ? 'poor' : 'average';

const isReviewing = (o: Pick<OrgRow, 'kind'>) => (REVIEWING_KINDS as readonly string[]).includes(o.kind);

function requireManage(ctx: Ctx, o: OrgRow): void {
  if (!allowed(ctx, 'write', orgResource(o.path)))
    throw new AppError('FORBIDDEN', '您没有权限组织该党组织的书记述职评议');
  if (!isReviewing(o))
    throw invalid('org', '书记述职评议由县委、乡镇（街道）党（工）委组织，评议其直接下级党组织的书记');
}

function checkYear(year: number, today: IsoDate): void {
  if (year > Number(today.slice(0, 4))) throw invalid('year', '年度不能晚于今年');
}

const tallyOf = (e: EntryRow): Tally | null =>
  e.votesGood === null
    ? null
    : {
        good: e.votesGood,
        fairly_good: e.votesFairlyGood ?? 0,
        average: e.votesAverage ?? 0,
        poor: e.votesPoor ?? 0,
      };

function entryView(
  ctx: Ctx,
  rep: ReporterRow | null,
  e: EntryRow | null,
  confirmed: boolean,
  org: { orgCode: string; orgName: string },
): ReviewEntryView {
  const followUpFrom = followUpFromOf(ctx);
  return {
    orgCode: org.orgCode,
    orgName: org.orgName,
    memberId: e?.memberId ?? rep?.memberId ?? null,
    name: e?.name ?? rep?.name ?? null,
    recorded: e !== null,
    report: e?.report ?? '',
    tally: e ? tallyOf(e) : null,
    suggested: e?.suggested ?? null,
    grade: e?.grade ?? null,
    gradeNote: e?.gradeNote ?? '',
    problems: e?.problems ?? '',
    rectification: e?.rectification ?? [],
    talkOn: e?.talkOn ?? null,
    talkNote: e?.talkNote ?? null,
    adjustOn: e?.adjustOn ?? null,
    adjustNote: e?.adjustNote ?? null,
    screenOn: e?.screenOn ?? null,
    screenNote: e?.screenNote ?? null,
    screenedConfirmed: confirmed,
    followUps: e
      ? followUpStates(
          {
            grade: e.grade,
            talkOn: e.talkOn,
            rectificationItems: e.rectification.length,
            screenedConfirmed: confirmed,
            screenOn: e.screenOn,
            adjustOn: e.adjustOn,
          },
          followUpFrom,
        )
      : [],
  };
}

/** The default day of the list: today in the running year, else the year's last day. */
function defaultAsOf(year: number, today: IsoDate): IsoDate {
  return today.slice(0, 4) === String(year) ? today : (`${year}-12-31` as IsoDate);
}

async function roundView(ctx: Ctx, db: Db, o: OrgRow, year: number): Promise<ReviewRound> {
  const r = await reviewOf(db, o.id, year);
  const reviewing = isReviewing(o);
  const asOf = r?.asOf ?? defaultAsOf(year, ctx.clock.today());
  const reporters = reviewing ? await reportersOn(db, o.id, asOf) : [];
  const entries = r ? await entriesOf(db, r.id) : [];
  const byOrg = new Map(entries.map((e) => [e.orgId, e]));
  const listed = new Set(reporters.map((x) => x.orgId));
  const confirmed = await confirmedIn(
    db,
    [...reporters.map((x) => x.orgId), ...entries.map((e) => e.orgId)],
    year,
  );
  const secretaries: ReviewEntryView[] = reporters
    .filter((x) => readsOrg(ctx, x.orgPath))
    .map((x) => entryView(ctx, x, byOrg.get(x.orgId) ?? null, confirmed.has(x.orgId), x));
  // an entry whose org is no longer below on the list's day (moved since) still shows
  for (const e of entries)
    if (!listed.has(e.orgId)) {
      const x = await orgById(db, e.orgId, '/');
      if (x && readsOrg(ctx, x.path))
        secretaries.push(
          entryView(ctx, null, e, confirmed.has(e.orgId), { orgCode: x.code, orgName: x.name }),
        );
    }
  const counts = {
    reporters: secretaries.filter((s) => s.memberId !== null).length,
    reported: secretaries.filter((s) => s.report.trim() !== '').length,
    graded: secretaries.filter((s) => s.grade !== null).length,
    good: 0,
    fairly_good: 0,
    average: 0,
    poor: 0,
  };
  for (const s of secretaries) if (s.grade) counts[s.grade]++;
  const below = (await roundsBelow(db, o.path, year)).filter((x) => readsOrg(ctx, x.orgPath));
  return {
    org: o.code,
    orgName: o.name,
    year,
    reviewing,
    round: r ? { asOf: r.asOf, heldOn: r.heldOn, participants: r.participants, note: r.note } : null,
    secretaries,
    counts,
    toDos: secretaries.flatMap((s) =>
      s.followUps
        .filter((f) => !f.done)
        .map((f) => ({ orgCode: s.orgCode, orgName: s.orgName, name: s.name ?? '', zh: f.zh })),
    ),
    below: below.map(({ orgPath: _p, ...x }) => x),
    settings: { majorityPercent: ctx.settings.review.majorityPercent, followUpFrom: followUpFromOf(ctx) },
    canManage: reviewing && allowed(ctx, 'write', orgResource(o.path)),
    source: REVIEW_SOURCE,
  };
}

/** A committee's round of a year: who reports, each entry and its follow-ups, and the rounds of the committees below. */
export async function reviewRound(ctx: Ctx, orgCode: string, year: number): Promise<ReviewRound> {
  checkYear(year, ctx.clock.today());
  const o = await requireOrg(ctx, ctx.db, orgCode);
  return roundView(ctx, ctx.db, o, year);
}

/** Opens a committee's round of a year (or changes its list day, its review meeting and note). */
export async function openReview(ctx: Ctx, orgCode: string, input: ReviewOpen): Promise<ReviewRound> {
  const today = ctx.clock.today();
  const year = input.year;
  checkYear(year, today);
  return ctx.db.transaction(async (tx) => {
    const o = await requireOrg(ctx, tx, orgCode, true);
    requireManage(ctx, o);
    const old = await reviewOf(tx, o.id, year, true);
    const asOf = (input.asOf ?? old?.asOf ?? defaultAsOf(year, today)) as IsoDate;
    const p = asOfProblem(year, asOf, today);
    if (p) throw invalid('asOf', p);
    const heldOn = (input.heldOn ?? null) as IsoDate | null;
    if (heldOn) {
      const q = heldOnProblem(year, heldOn, asOf, today);
      if (q) throw invalid('heldOn', q);
    }
    if (!heldOn && old && (await entriesOf(tx, old.id)).some((e) => e.grade))
      throw invalid('heldOn', '已有评定等次，评议会议日期不能清空');
    await writeReview(
      tx,
      {
        orgId: o.id,
        year,
        asOf,
        heldOn,
        participants: input.participants ?? null,
        note: input.note ?? '',
      },
      actorId(ctx.actor),
    );
    return roundView(ctx, tx, o, year);
  });
}

async function requireRoundAndReporter(
  ctx: Ctx,
  db: Db,
  orgCode: string,
  year: number,
  secretaryOrg: string,
): Promise<{ o: OrgRow; r: ReviewRow; rep: ReporterRow | null; entry: EntryRow | null }> {
  const o = await requireOrg(ctx, db, orgCode, true);
  requireManage(ctx, o);
  const r = await reviewOf(db, o.id, year, true);
  if (!r) throw new AppError('NOT_FOUND', `${o.name}尚未开始${year}年度书记述职评议`);
  const reps = await reportersOn(db, o.id, r.asOf);
  const rep = reps.find((x) => x.orgCode === secretaryOrg) ?? null;
  const entry = (await entriesOf(db, r.id)).find((e) => (rep ? e.orgId === rep.orgId : false)) ?? null;
  if (!rep) throw new AppError('NOT_FOUND', `${secretaryOrg} 不是${o.name}在名单日期的直接下级党组织`);
  return { o, r, rep, entry };
}

/** One secretary's entry of a round (for the report and grade form). */
export async function reviewEntry(
  ctx: Ctx,
  orgCode: string,
  year: number,
  secretaryOrg: string,
): Promise<ReviewEntryView> {
  const round = await reviewRound(ctx, orgCode, year);
  const s = round.secretaries.find((x) => x.orgCode === secretaryOrg);
  if (!s) throw new AppError('NOT_FOUND', '没有找到该书记的述职评议，或您无权查看');
  return s;
}

/**
 * Saves a secretary's report (entered once), the tally (optional), the grade (after the review meeting; a grade
 * unlike the tally's suggestion needs a note), the problems and the rectification items.
 */
export async function saveReviewEntry(
  ctx: Ctx,
  orgCode: string,
  year: number,
  secretaryOrg: string,
  input: EntrySave,
): Promise<ReviewEntryView> {
  await ctx.db.transaction(async (tx) => {
    const { r, rep, entry } = await requireRoundAndReporter(ctx, tx, orgCode, year, secretaryOrg);
    const memberId = entry?.memberId ?? rep?.memberId ?? null;
    if (memberId === null)
      throw invalid('org', `${rep?.orgName ?? secretaryOrg}在名单日期书记空缺，无人述职`);
    const tally = input.tally ?? null;
    const gradeNote = input.gradeNote ?? '';
    const majority = ctx.settings.review.majorityPercent;
    const p = entryProblems(
      { report: input.report, tally, grade: input.grade ?? null, gradeNote },
      { heldOn: r.heldOn },
      majority,
    );
    if (p.length) throw problemsError(p);
    await writeEntry(
      tx,
      r.id,
      rep!.orgId,
      {
        memberId,
        report: input.report,
        votes: tally ? [tally.good, tally.fairly_good, tally.average, tally.poor] : null,
        suggested: tally ? suggestGrade(tally, majority) : null,
        grade: input.grade ?? null,
        gradeNote,
        problems: input.problems ?? '',
        rectification: input.rectification ?? [],
      },
      actorId(ctx.actor),
    );
  });
  return reviewEntry(ctx, orgCode, year, secretaryOrg);
}

/** Records (or clears) a follow-up people decided on: the talk held, the view on adjusting, the view on screening. */
export async function recordReviewFollowUp(
  ctx: Ctx,
  orgCode: string,
  year: number,
  secretaryOrg: string,
  input: EntryFollowUp,
): Promise<ReviewEntryView> {
  await ctx.db.transaction(async (tx) => {
    const { r, rep, entry } = await requireRoundAndReporter(ctx, tx, orgCode, year, secretaryOrg);
    if (!entry?.grade) throw invalid('kind', '请先评定等次');
    if (input.on && input.on > ctx.clock.today()) throw invalid('on', '日期不能晚于今天');
    if (input.on && r.heldOn && input.on < r.heldOn) throw invalid('on', '日期不能早于评议会议');
    if (input.on && input.kind !== 'talk' && !input.note?.trim())
      throw invalid('note', input.kind === 'adjust' ? '请写明调整意见' : '请写明研究意见');
    await writeEntryFollowUp(
      tx,
      r.id,
      rep!.orgId,
      input.kind,
      input.on,
      input.on ? (input.note ?? '') : null,
    );
  });
  return reviewEntry(ctx, orgCode, year, secretaryOrg);
}

/** An org's secretaries' results by year (the org page), with the follow-ups of each. */
export async function orgReviewResults(ctx: Ctx, orgCode: string): Promise<OrgReviewResults> {
  const o = await requireOrg(ctx, ctx.db, orgCode);
  const rows = await resultsOfOrg(ctx.db, o.id);
  const years = [...new Set(rows.map((r) => r.year))];
  const confirmedYears = new Map<number, boolean>();
  for (const y of years) confirmedYears.set(y, (await confirmedIn(ctx.db, [o.id], y)).has(o.id));
  return {
    org: o.code,
    results: rows.map((e) => ({
      year: e.year,
      reviewerCode: e.reviewerCode,
      reviewerName: e.reviewerName,
      heldOn: e.heldOn,
      name: e.name,
      grade: e.grade,
      problems: e.problems,
      rectification: e.rectification,
      followUps: followUpStates(
        {
          grade: e.grade,
          talkOn: e.talkOn,
          rectificationItems: e.rectification.length,
          screenedConfirmed: confirmedYears.get(e.year) ?? false,
          screenOn: e.screenOn,
          adjustOn: e.adjustOn,
        },
        followUpFromOf(ctx),
      ),
    })),
  };
}
