/**
 * Use cases of the democratic appraisal's results (民主评议党员, issue 11 item 5, decisions 0023 and 0030): the
 * grading sheet of a 民主评议党员 meeting and saving it, a member's results by year, recording a 不合格 result's
 * organisational disposal, and a year's appraisal of a subtree with the follow-ups still to do. Grading and
 * follow-ups need `meetings.write` on the meeting's org (a record of the meeting), reading `read`.
 */
import { AppError } from '../shared/errors.js';
import { isIsoDate, type IsoDate } from '../shared/dates.js';
import type {
  AppraisalSave,
  AppraisalYear,
  FollowUpCreate,
  MeetingAppraisal,
  MemberAppraisals,
} from '../shared/life.js';
import type { Ctx } from './context.js';
import {
  appraisalById,
  appraisalsOfMember,
  appraiseesOf,
  followUpFacts,
  orgAppraisalYear,
  writeAppraisals,
  writeFollowUp,
  type AppraiseeRow,
} from '../db/repositories/appraisals.js';
import { meetingById, type MeetingRow } from '../db/repositories/meetings.js';
import { memberById } from '../db/repositories/members.js';
import { requireOrg } from './orgs.js';
import { allowed, readsMember, readsOrg } from './access.js';
import { actorId, orgResource } from '../domain/access/policy.js';
import { rulesAt } from '../policy/rules.js';
import {
  appraisalProblems,
  appraisalToDo,
  followUpProblems,
  gradeSummary,
  type AppraisalGrade,
} from '../domain/member/appraisal.js';
import { orgCompliance } from '../domain/meetings/compliance.js';
import { subtreeLife } from './meetings.js';
import { judgedFromRollup } from './life-rollup.js';
import type { Db } from '../db/client.js';

const meetingNotFound = () => new AppError('NOT_FOUND', '没有找到该会议，或您无权查看');

function requireWrite(ctx: Ctx, path: string): void {
  if (!allowed(ctx, 'meetings.write', orgResource(path)))
    throw new AppError('FORBIDDEN', '您没有权限记录该党组织的民主评议');
}

function invalid(field: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', message, [{ field, code: 'invalid', message }]);
}

async function requireAppraisalMeeting(ctx: Ctx, db: Db, id: number, lock = false): Promise<MeetingRow> {
  const m = await meetingById(db, id, lock);
  if (!m || !readsOrg(ctx, m.orgPath)) throw meetingNotFound();
  if (!m.kinds.includes('appraisal_meeting'))
    throw invalid('meetingId', '该会议不是民主评议党员会议：请先在会议记录中勾选“民主评议党员”');
  return m;
}

const yearOf = (d: IsoDate) => Number(d.slice(0, 4));

function sheet(m: MeetingRow, rows: readonly AppraiseeRow[]): MeetingAppraisal {
  const rules = rulesAt(m.heldOn).appraisal;
  const here = rows.filter((r) => !r.elsewhere);
  const summary = gradeSummary(
    here.map((r) => r.grade),
    rules,
  );
  const warnings: string[] = [];
  if (summary.excellentOverShare)
    warnings.push(
      `评为优秀的 ${summary.counts.excellent} 人，超过参评正式党员（${summary.graded} 人）的三分之一（一般不超过三分之一）`,
    );
  const absent = here.filter((r) => r.attendance === 'absent').length;
  if (absent) warnings.push(`有 ${absent} 人缺席评议会议，等次仍由支部评定`);
  return {
    meetingId: m.id,
    orgCode: m.orgCode,
    orgName: m.orgName,
    heldOn: m.heldOn,
    year: yearOf(m.heldOn),
    topic: m.topic,
    recorded: rows.some((r) => r.appraisalId !== null),
    members: rows.map((r) => ({
      memberId: r.memberId,
      name: r.name,
      status: r.status,
      graded: rules.gradedStatuses.includes(r.status),
      attendance: r.attendance,
      grade: r.grade,
      followUp: r.followUp,
      elsewhere: r.elsewhere,
    })),
    summary,
    warnings,
    source: rules.source,
  };
}

/** The grading sheet of a 民主评议党员 meeting: the org's own roster that day, with the results recorded, if any. */
export async function getMeetingAppraisal(ctx: Ctx, meetingId: number): Promise<MeetingAppraisal> {
  const m = await requireAppraisalMeeting(ctx, ctx.db, meetingId);
  return sheet(m, await appraiseesOf(ctx.db, m));
}

/**
 * Saves a meeting's grading sheet: every member of the day's roster not appraised elsewhere this year, a grade for
 * each full member and none for a probationary one (the rule set of the meeting's day). 优秀 beyond a third is a
 * warning on the sheet, not a refusal (一般不超过).
 */
export async function saveMeetingAppraisal(
  ctx: Ctx,
  meetingId: number,
  input: AppraisalSave,
): Promise<MeetingAppraisal> {
  return ctx.db.transaction(async (tx) => {
    const m = await requireAppraisalMeeting(ctx, tx, meetingId, true);
    requireWrite(ctx, m.orgPath);
    const rules = rulesAt(m.heldOn).appraisal;
    const rows = await appraiseesOf(tx, m);
    const on = new Map(rows.filter((r) => !r.elsewhere).map((r) => [r.memberId, r]));
    const problems = appraisalProblems(input.grades, (id) => on.get(id)?.status, rules);
    const sent = new Set(input.grades.map((g) => g.memberId));
    for (const r of on.values())
      if (!sent.has(r.memberId) && rules.gradedStatuses.includes(r.status))
        problems.push({ field: 'grades', message: `${r.name} 未评定等次` });
    const elsewhere = rows.filter((r) => r.elsewhere && sent.has(r.memberId));
    for (const r of elsewhere)
      problems.push({ field: 'grades', message: `${r.name} 今年已在${r.elsewhere}参加评议` });
    if (problems.length)
      throw new AppError(
        'VALIDATION_FAILED',
        problems[0]!.message,
        problems.map((p) => ({ field: p.field, code: 'invalid', message: p.message })),
      );
    await writeAppraisals(
      tx,
      { id: m.id, orgId: m.orgId, year: yearOf(m.heldOn) },
      input.grades.map((g) => ({ memberId: g.memberId, grade: g.grade as AppraisalGrade | null })),
      actorId(ctx.actor),
    );
    return sheet(m, await appraiseesOf(tx, m));
  });
}

/** A member's results by year, with what each still asks of the branch. */
export async function memberAppraisals(ctx: Ctx, memberId: number): Promise<MemberAppraisals> {
  const m = await memberById(ctx.db, memberId, '/');
  if (!m || !readsMember(ctx, { id: m.id, orgPath: m.orgPath })) throw new AppError('MEMBER_NOT_FOUND');
  const today = ctx.clock.today();
  const rows = await appraisalsOfMember(ctx.db, m.id);
  const facts = rows.length
    ? new Map(
        (
          await followUpFacts(
            ctx.db,
            [...new Set(rows.map((r) => r.orgId))],
            Math.min(...rows.map((r) => r.year)),
            today,
          )
        )
          .filter((f) => f.memberId === m.id)
          .map((f) => [f.id, f]),
      )
    : new Map();
  return {
    memberId: m.id,
    appraisals: rows
      .filter((r) => readsOrg(ctx, r.orgPath))
      .map((r) => {
        const f = facts.get(r.id);
        return {
          id: r.id,
          year: r.year,
          meetingId: r.meetingId,
          heldOn: r.heldOn,
          orgCode: r.orgCode,
          orgName: r.orgName,
          grade: r.grade,
          followUp: r.followUp,
          followUpOn: r.followUpOn,
          followUpUntil: r.followUpUntil,
          followUpNote: r.followUpNote,
          toDo: f ? appraisalToDo(f, today) : null,
          canWrite: allowed(ctx, 'meetings.write', orgResource(r.orgPath)),
        };
      }),
  };
}

/**
 * Records (or corrects) the organisational disposal the branch decided for a 不合格 result: 限期改正 with its last
 * day, 劝退 or 除名. A decision people took, entered by a person; a status change stays a member decision (党籍处置).
 */
export async function recordFollowUp(
  ctx: Ctx,
  appraisalId: number,
  input: FollowUpCreate,
): Promise<MemberAppraisals> {
  const memberId = await ctx.db.transaction(async (tx) => {
    const a = await appraisalById(tx, appraisalId, true);
    if (!a || !readsOrg(ctx, a.orgPath)) throw new AppError('NOT_FOUND', '没有找到该评议结果，或您无权查看');
    requireWrite(ctx, a.orgPath);
    if (a.grade !== 'unqualified') throw invalid('followUp', '只有评为不合格的党员才作组织处置');
    const until = input.until ?? null;
    const p = followUpProblems(
      { followUp: input.followUp, on: input.on, until },
      a.heldOn,
      ctx.clock.today(),
    );
    if (p.length)
      throw new AppError(
        'VALIDATION_FAILED',
        p[0]!.message,
        p.map((x) => ({ field: x.field, code: 'invalid', message: x.message })),
      );
    await writeFollowUp(tx, a.id, {
      followUp: input.followUp,
      on: input.on,
      until,
      note: input.note || null,
    });
    return a.memberId;
  });
  return memberAppraisals(ctx, memberId);
}

/**
 * A year's appraisal per org of the subtree that owes one (the rule set's yearly 民主评议党员): its meetings, the
 * grades recorded, the 1/3 warning; and the results of this and last year still asking something of a branch.
 */
export async function appraisalYear(ctx: Ctx, orgCode: string, year?: string | null): Promise<AppraisalYear> {
  const today = ctx.clock.today();
  const y = year ?? today.slice(0, 4);
  if (!/^\d{4}$/.test(y) || y > today.slice(0, 4)) throw invalid('year', '年份格式应为 YYYY，且不能晚于今年');
  const o = await requireOrg(ctx, ctx.db, orgCode);
  const from: IsoDate = `${y}-01-01`;
  const end: IsoDate = `${y}-12-31`;
  const last = end < today ? end : today;
  if (!isIsoDate(from)) throw invalid('year', '年份格式应为 YYYY');
  // the orgs owing the year's appraisal (owed and judged, or still running): from the maintained rollup for this
  // and last year (decision 0024), else judged live
  let facts: { orgId: number; code: string; name: string; path: string }[];
  let owing: typeof facts;
  const fast = await judgedFromRollup(ctx.db, o.path, from, end, today);
  if (fast) {
    facts = fast.filter((f) => readsOrg(ctx, f.path));
    owing = fast.filter((f) => readsOrg(ctx, f.path) && f.judged.some((j) => j.type === 'appraisal_meeting'));
  } else {
    const live = await subtreeLife(ctx, o.id, from, last);
    facts = live.facts;
    owing = live.facts.filter((f) =>
      orgCompliance(f, { from, to: end, asOf: last, rulesAt, settingsAt: live.settingsAt }).some(
        (i) => i.type === 'appraisal_meeting',
      ),
    );
  }
  const [years, followUps] = await Promise.all([
    orgAppraisalYear(
      ctx.db,
      owing.map((f) => f.orgId),
      Number(y),
    ),
    followUpFacts(
      ctx.db,
      facts.map((f) => f.orgId),
      Number(today.slice(0, 4)) - 1,
      today,
    ),
  ]);
  const byOrg = new Map(years.map((r) => [r.orgId, r]));
  const share = rulesAt(last).appraisal;
  return {
    org: o.code,
    year: Number(y),
    orgs: owing.map((f) => {
      const r = byOrg.get(f.orgId)!;
      const counts = {
        excellent: r.excellent,
        qualified: r.qualified,
        basically_qualified: r.basicallyQualified,
        unqualified: r.unqualified,
      };
      const [n, d] = share.excellentShare;
      return {
        code: f.code,
        name: f.name,
        status: r.meetings.length === 0 ? 'not_held' : r.graded + r.ungraded === 0 ? 'not_graded' : 'graded',
        meetings: r.meetings,
        graded: r.graded,
        ungraded: r.ungraded,
        counts,
        excellentOverShare: d * r.excellent > n * r.graded,
      };
    }),
    toDos: followUps
      .filter((f) => readsOrg(ctx, f.orgPath))
      .flatMap((f) => {
        const toDo = appraisalToDo(f, today);
        return toDo && f.grade
          ? [
              {
                appraisalId: f.id,
                memberId: f.memberId,
                name: f.name,
                orgCode: f.orgCode,
                orgName: f.orgName,
                year: f.year,
                grade: f.grade,
                followUp: f.followUp,
                followUpUntil: f.followUpUntil,
                toDo,
              },
            ]
          : [];
      }),
    source: share.source,
  };
}
