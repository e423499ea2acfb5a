/**
 * Use cases of organisational life (issue 11, decision 0015): record, correct and delete a meeting with its
 * attendance, list an org's meetings, the attendance a form pre-fills, and compliance for a subtree and a range.
 * Reading needs `read` on the meeting's org, writing `meetings.write` (decided by `can`, decision 0010).
 */
import { AppError, type ErrorCode } from '../shared/errors.js';
import { addDays, isIsoDate, type IsoDate } from '../shared/dates.js';
import type {
  AttendanceTemplate,
  Compliance,
  Home,
  MeetingCreate,
  MeetingListQuery,
  MeetingSummary,
  MeetingUpdate,
  MeetingView,
  Page,
  VoteInput,
} from '../shared/schemas.js';
import type { MeetingKind } from '../shared/codes.js';
import type { Ctx } from './context.js';
import { writeAudit } from './audit.js';
import { setBulkFlag } from '../db/repositories/demo.js';
import type { Db } from '../db/client.js';
import {
  appraisalCount,
  attendanceOf,
  bulkDeleteMeetings,
  deleteMeetingRow,
  insertMeeting,
  lastMeetingsAndTerms,
  lifeFacts,
  lifeFactsOf,
  meetingById,
  meetingsOf,
  orgExistedOn,
  peopleOn,
  updateMeetingRow,
  votesOf,
  writeAttendance,
  writeVisitors,
  visitorsOf,
  hostedOn,
  writeVotes,
  type ExpectedPerson,
  type VoteRow,
  type MeetingRow,
  type MeetingValues,
} from '../db/repositories/meetings.js';
import { settingHistory } from '../db/repositories/settings.js';
import { groupById, groupMemberIdsOn } from '../db/repositories/groups.js';
import { requireOrg } from './orgs.js';
import { allowed, readsOrg } from './access.js';
import { actorId, orgResource } from '../domain/access/policy.js';
import {
  checkMeetingDate,
  expectedAttendees,
  resolveAttendance,
  type MeetingProblem,
} from '../domain/meetings/record.js';
import { dueNow, orgCompliance, type ComplianceItem } from '../domain/meetings/compliance.js';
import { periodOf } from '../domain/meetings/periods.js';
import { judgeVote, voteCountsProblem } from '../domain/meetings/votes.js';
import { rulesAt } from '../policy/rules.js';
import { settingsOn } from '../policy/settings.js';
import { complianceFromRollup, factsFromRows, lifeReady, refreshLifeOf } from './life-rollup.js';
import { refreshLifeRunsIn } from './life-runs.js';
import { ownCellsIn } from '../db/repositories/life-rollup.js';
import { cellRange, itemsFromCells, rollupWindow, type OwnCell } from '../domain/meetings/rollup.js';
import { anyMeetingDrawnUnder, wasDrawn } from '../db/repositories/sampling.js';

/** The longest range compliance is asked for at once. */
const MAX_RANGE_DAYS = 366 * 5;

function problemError(p: MeetingProblem): AppError {
  return new AppError(p.code as ErrorCode, p.message, [{ field: p.field, code: p.code, message: p.message }]);
}

const notFound = () => new AppError('NOT_FOUND', '没有找到该会议记录，或您无权查看');

function requireWrite(ctx: Ctx, path: string): void {
  if (!allowed(ctx, 'meetings.write', orgResource(path)))
    throw new AppError('FORBIDDEN', '您没有权限记录该党组织的会议');
}

async function requireMeeting(ctx: Ctx, db: Db, id: number, lock = false): Promise<MeetingRow> {
  const m = await meetingById(db, id, lock);
  // one the actor may not read looks missing
  if (!m || !readsOrg(ctx, m.orgPath)) throw notFound();
  return m;
}

function summary(m: MeetingRow): MeetingSummary {
  return {
    id: m.id,
    orgCode: m.orgCode,
    orgName: m.orgName,
    kinds: m.kinds,
    heldOn: m.heldOn,
    startsAt: m.startsAt,
    topic: m.topic,
    place: m.place,
    host: m.host,
    expected: m.expected,
    present: m.present,
    excused: m.excused,
    absent: m.absent,
    verification: m.verification,
  };
}

async function view(db: Db, m: MeetingRow): Promise<MeetingView> {
  return {
    ...summary(m),
    recorder: m.recorder,
    lecturer: m.lecturer,
    minutes: m.minutes,
    resolutions: m.resolutions,
    guests: m.guests,
    partyGroupId: m.partyGroupId,
    partyGroupName: m.partyGroupName,
    attendance: await attendanceOf(db, m.id),
    visitors: await visitorsOf(db, m.id),
    votes: await votesOf(db, m.id),
    rowVersion: m.rowVersion,
    createdAt: m.createdAt,
  };
}

function values(input: MeetingCreate): MeetingValues {
  return {
    kinds: input.kinds,
    heldOn: input.heldOn,
    startsAt: input.startsAt ?? null,
    place: input.place || null,
    topic: input.topic,
    host: input.host || null,
    recorder: input.recorder || null,
    lecturer: input.lecturer || null,
    minutes: input.minutes || null,
    resolutions: input.resolutions || null,
    guests: input.guests ?? [],
    partyGroupId: input.partyGroupId ?? null,
  };
}

/**
 * The members of the party group a group meeting names, on its day (decision 0018): the group must be the org's
 * and exist that day. Null when the meeting names no group.
 */
async function groupMembersFor(
  db: Db,
  orgId: number,
  partyGroupId: number | null,
  kinds: readonly MeetingKind[],
  heldOn: IsoDate,
): Promise<Set<number> | null> {
  if (partyGroupId === null) return null;
  const g = await groupById(db, partyGroupId);
  const bad = (message: string) =>
    new AppError('MEETING_ATTENDEE_INVALID', message, [
      { field: 'partyGroupId', code: 'MEETING_ATTENDEE_INVALID', message },
    ]);
  if (!kinds.includes('group_meeting')) throw bad('只有党小组会可以指定党小组');
  if (!g || g.orgId !== orgId) throw bad('所选党小组不属于该党组织');
  if (g.createdOn > heldOn || (g.dissolvedOn !== null && g.dissolvedOn <= heldOn))
    throw bad('会议当天该党小组尚未成立或已撤销');
  return groupMemberIdsOn(db, g.id, heldOn);
}

/** Checks the day and works out the attendance to write (the org's people that day, as entered). */
async function plan(
  ctx: Ctx,
  db: Db,
  orgId: number,
  v: MeetingValues,
  entered: MeetingCreate['attendance'],
  before: { memberId: number; status: 'present' | 'excused' | 'absent'; reason: string | null }[] = [],
) {
  const p = checkMeetingDate(v.heldOn, ctx.clock.today(), await orgExistedOn(db, orgId, v.heldOn));
  if (p) throw problemError(p);
  const group = await groupMembersFor(db, orgId, v.partyGroupId, v.kinds, v.heldOn);
  const people = await peopleOn(db, orgId, v.heldOn);
  const expected = expectedAttendees(v.kinds, people, group);
  const resolved = resolveAttendance(
    expected,
    entered?.map((e) => ({ memberId: e.memberId, status: e.status, reason: e.reason ?? null })),
    before,
  );
  if ('problem' in resolved) throw problemError(resolved.problem);
  return { rows: resolved.rows, people };
}

/** Checks that every visitor was hosted by the org on the meeting's day (a 流入党员 registered with it). */
async function checkVisitors(
  db: Db,
  orgId: number,
  heldOn: IsoDate,
  ids: readonly number[],
): Promise<number[]> {
  const unique = [...new Set(ids)];
  if (!unique.length) return [];
  const hosted = new Set((await hostedOn(db, orgId, heldOn)).map((h) => h.memberId));
  const strangers = unique.filter((id) => !hosted.has(id));
  if (strangers.length) {
    const message = `流入党员名单中有 ${strangers.length} 人会议当天不是在本组织登记的流入党员（党员编号 ${strangers
      .slice(0, 5)
      .join(
        '、',
      )}${strangers.length > 5 ? ' 等' : ''}）；请先在其所在支部登记外出流动并指定本组织为流入地党组织`;
    throw new AppError('MEETING_ATTENDEE_INVALID', message, [
      { field: 'visitors', code: 'MEETING_ATTENDEE_INVALID', message },
    ]);
  }
  return unique;
}

/**
 * The votes to write, judged (decision 0018): those entitled are the full members on the org's own roster that day,
 * the voters present those of them marked present. Votes belong to a general meeting; counts that cannot be true
 * are refused, a vote without a quorum is kept and marked invalid.
 */
function judgeVotes(
  v: MeetingValues,
  votes: readonly VoteInput[],
  people: readonly ExpectedPerson[],
  rows: readonly { memberId: number; status: string }[],
): VoteRow[] {
  if (!votes.length) return [];
  const bad = (message: string) =>
    new AppError('VALIDATION_FAILED', message, [{ field: 'votes', code: 'invalid', message }]);
  if (!v.kinds.includes('general_meeting')) throw bad('只有支部党员大会可以记录表决');
  const rules = rulesAt(v.heldOn).votes;
  const voters = new Set(
    people
      .filter((p) => p.onOwnRoster && rules.entitledStatuses.includes(p.memberStatus))
      .map((p) => p.memberId),
  );
  const entitled = voters.size;
  const presentVoters = rows.filter((r) => r.status === 'present' && voters.has(r.memberId)).length;
  return votes.map((x) => {
    const problem = voteCountsProblem(x, presentVoters);
    if (problem) throw bad(`表决事项“${x.subject}”：${problem}`);
    const j = judgeVote(x, entitled, presentVoters, rules);
    return {
      subject: x.subject,
      yes: x.yes,
      no: x.no,
      abstain: x.abstain,
      entitled,
      presentVoters,
      outcome: j.outcome,
      reason: j.reason,
    };
  });
}

export async function recordMeeting(ctx: Ctx, orgCode: string, input: MeetingCreate): Promise<MeetingView> {
  return ctx.db.transaction(async (tx) => {
    const o = await requireOrg(ctx, tx, orgCode);
    requireWrite(ctx, o.path);
    const v = values(input);
    const { rows, people } = await plan(ctx, tx, o.id, v, input.attendance);
    const votes = judgeVotes(v, input.votes ?? [], people, rows);
    const visitors = await checkVisitors(tx, o.id, v.heldOn, input.visitors ?? []);
    const id = await insertMeeting(tx, o.id, v, actorId(ctx.actor));
    await writeAttendance(tx, id, o.id, rows, true);
    await writeVisitors(tx, id, o.id, visitors, true);
    await writeVotes(tx, id, o.id, votes, true);
    // the org's and its ancestors' figures in the same transaction (decision 0024)
    await refreshLifeOf(tx, [o.id]);
    // and 党章第九条's maintained runs of the members it marked (decision 0048)
    await refreshLifeRunsIn(tx, ctx.clock.today());
    return view(tx, (await meetingById(tx, id))!);
  });
}

export async function updateMeeting(ctx: Ctx, id: number, input: MeetingUpdate): Promise<MeetingView> {
  return ctx.db.transaction(async (tx) => {
    const m = await requireMeeting(ctx, tx, id, true);
    requireWrite(ctx, m.orgPath);
    if (input.rowVersion !== undefined && input.rowVersion !== m.rowVersion)
      throw new AppError('STALE_VERSION');
    const pick = <K extends keyof MeetingValues>(k: K, fallback: MeetingValues[K]) =>
      (input[k] === undefined ? fallback : (input[k] ?? null)) as MeetingValues[K];
    const v: MeetingValues = {
      kinds: input.kinds ?? m.kinds,
      heldOn: input.heldOn ?? m.heldOn,
      startsAt: pick('startsAt', m.startsAt),
      place: pick('place', m.place) || null,
      topic: input.topic ?? m.topic,
      host: pick('host', m.host) || null,
      recorder: pick('recorder', m.recorder) || null,
      lecturer: pick('lecturer', m.lecturer) || null,
      minutes: pick('minutes', m.minutes) || null,
      resolutions: pick('resolutions', m.resolutions) || null,
      guests: input.guests === undefined ? m.guests : (input.guests ?? []),
      partyGroupId: input.partyGroupId === undefined ? m.partyGroupId : (input.partyGroupId ?? null),
    };
    // grades recorded at an appraisal meeting belong to its year (decision 0030): not moved or orphaned by an edit
    if (
      (!v.kinds.includes('appraisal_meeting') || v.heldOn.slice(0, 4) !== m.heldOn.slice(0, 4)) &&
      (await appraisalCount(tx, m.id)) > 0
    )
      throw invalid(
        'kinds',
        '本次会议已录入民主评议等次，不能取消“民主评议党员”或改到其他年份；如确需修改，请先删除该会议的评议结果',
      );
    // attendance not touched: each person keeps what was recorded, a newly expected one is present
    const before = (await attendanceOf(tx, m.id)).map((a) => ({
      memberId: a.memberId,
      status: a.status,
      reason: a.reason,
    }));
    const { rows, people } = await plan(ctx, tx, m.orgId, v, input.attendance, before);
    // votes not sent: those recorded stay, judged again against the attendance now
    const votes = judgeVotes(v, input.votes ?? (await votesOf(tx, m.id)), people, rows);
    // visitors not sent: those recorded stay, checked again against the (maybe moved) day
    const visitors = await checkVisitors(
      tx,
      m.orgId,
      v.heldOn,
      input.visitors ?? (await visitorsOf(tx, m.id)).map((x) => x.memberId),
    );
    await updateMeetingRow(tx, m.id, v);
    await writeAttendance(tx, m.id, m.orgId, rows);
    await writeVisitors(tx, m.id, m.orgId, visitors);
    await writeVotes(tx, m.id, m.orgId, votes);
    await refreshLifeOf(tx, [m.orgId]);
    await refreshLifeRunsIn(tx, ctx.clock.today());
    return view(tx, (await meetingById(tx, m.id))!);
  });
}

export async function deleteMeeting(ctx: Ctx, id: number): Promise<{ deleted: true }> {
  return ctx.db.transaction(async (tx) => {
    const m = await requireMeeting(ctx, tx, id, true);
    requireWrite(ctx, m.orgPath);
    // a meeting drawn for on-site verification is kept with its history (decision 0038)
    if (await wasDrawn(tx, 'meeting', m.id))
      throw new AppError('SAMPLING_REFUSED', '该会议记录已被抽查，不能删除；如有错误请修改并说明');
    await deleteMeetingRow(tx, m.id);
    await refreshLifeOf(tx, [m.orgId]);
    await refreshLifeRunsIn(tx, ctx.clock.today());
    return { deleted: true as const };
  });
}

/**
 * Deletes every meeting of a subtree (with attendance, votes and grades) in one transaction, set-based: one chained
 * audit entry records the counts instead of one per row (the row trigger took ~3 ms a row: 15 minutes for 300k
 * attendance rows); the orgs' and ancestors' figures are refreshed in the same transaction (decision 0024). Needs
 * `meetings.write` on the subtree's root. Used to empty a county before re-importing its ledger (bench/meetings.ts).
 */
export async function deleteMeetingsIn(
  ctx: Ctx,
  orgCode: string,
): Promise<{ meetings: number; attendance: number; visitors: number; votes: number; appraisals: number }> {
  return ctx.db.transaction(async (tx) => {
    const o = await requireOrg(ctx, tx, orgCode);
    requireWrite(ctx, o.path);
    if (await anyMeetingDrawnUnder(tx, o.path))
      throw new AppError('SAMPLING_REFUSED', '该组织及下级有会议记录已被抽查，不能整体删除');
    await setBulkFlag(tx, true);
    const r = await bulkDeleteMeetings(tx, o.path);
    await setBulkFlag(tx, false);
    if (r.meetings)
      await writeAudit(ctx, tx, {
        action: 'bulk_delete',
        entity: 'meeting',
        entityId: null,
        orgPath: o.path,
        memberId: null,
        before: {
          count: r.meetings,
          tables: [
            { table: 'meeting', rows: r.meetings },
            { table: 'meeting_attendance', rows: r.attendance },
            { table: 'meeting_visitor', rows: r.visitors },
            { table: 'meeting_vote', rows: r.votes },
            { table: 'member_appraisal', rows: r.appraisals },
          ],
        },
        after: null,
      });
    await refreshLifeOf(tx, r.orgIds);
    await refreshLifeRunsIn(tx, ctx.clock.today());
    const { orgIds: _ids, ...counts } = r;
    return counts;
  });
}

export async function getMeeting(ctx: Ctx, id: number): Promise<MeetingView> {
  return view(ctx.db, await requireMeeting(ctx, ctx.db, id));
}

export async function listMeetings(
  ctx: Ctx,
  orgCode: string,
  q: MeetingListQuery,
): Promise<Page<MeetingSummary>> {
  const o = await requireOrg(ctx, ctx.db, orgCode);
  const { total, rows } = await meetingsOf(
    ctx.db,
    o.id,
    { from: q.from, to: q.to },
    q.pageSize,
    (q.page - 1) * q.pageSize,
  );
  return { total, page: q.page, pageSize: q.pageSize, items: rows.map(summary) };
}

/** Who a meeting of these kinds on that day would expect: the form lists them, everyone present. */
export async function attendanceTemplate(
  ctx: Ctx,
  orgCode: string,
  heldOn: IsoDate,
  kinds: readonly MeetingKind[],
  partyGroupId: number | null = null,
): Promise<AttendanceTemplate> {
  const o = await requireOrg(ctx, ctx.db, orgCode);
  const ks: readonly MeetingKind[] = kinds.length ? kinds : ['theme_day'];
  const group = await groupMembersFor(ctx.db, o.id, partyGroupId, ks, heldOn);
  const people = expectedAttendees(ks, await peopleOn(ctx.db, o.id, heldOn), group);
  return {
    heldOn,
    people: people.map((p) => ({
      memberId: p.memberId,
      name: p.name,
      memberStatus: p.memberStatus,
      post: p.post,
      onOwnRoster: p.onOwnRoster,
    })),
    hosted: await hostedOn(ctx.db, o.id, heldOn),
  };
}

// ------------------------------------------------------------------------------------------------ compliance

function invalid(field: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', message, [{ field, code: 'invalid', message }]);
}

/**
 * Compliance of every org of the subtree under `orgCode` that owed anything over [from, to], as of `asOf` (today
 * by default): the facts of the whole subtree in one query, judged per org by the pure rules.
 */
export async function getCompliance(
  ctx: Ctx,
  orgCode: string,
  q: { from: IsoDate; to: IsoDate; asOf?: IsoDate | null | undefined },
): Promise<Compliance> {
  const today = ctx.clock.today();
  const asOf = q.asOf ?? today;
  for (const [field, d] of [
    ['from', q.from],
    ['to', q.to],
    ['asOf', asOf],
  ] as const)
    if (!isIsoDate(d)) throw invalid(field, '日期格式应为 YYYY-MM-DD');
  if (q.from > q.to) throw invalid('to', '结束日期不能早于开始日期');
  if (addDays(q.from, MAX_RANGE_DAYS) < q.to) throw invalid('to', '一次最多统计5年');
  if (asOf > today) throw invalid('asOf', '截至日期不能晚于今天');
  const o = await requireOrg(ctx, ctx.db, orgCode);
  const last = q.to < asOf ? q.to : asOf;
  const out: Compliance = { org: o.code, from: q.from, to: q.to, orgs: [] };
  if (last < q.from) return out;
  // today's figures from the maintained rollup when it holds the range (decision 0024)
  const fast = asOf === today ? await complianceFromRollup(ctx.db, o.path, q.from, q.to, today) : null;
  if (fast) {
    out.orgs = fast
      .filter((f) => f.items.length > 0 && readsOrg(ctx, f.path))
      .map((f) => ({ code: f.code, name: f.name, items: f.items }));
    return out;
  }
  const { facts, settingsAt } = await subtreeLife(ctx, o.id, q.from, last);
  out.orgs = facts
    .map((f) => ({
      code: f.code,
      name: f.name,
      items: orgCompliance(f, { from: q.from, to: q.to, asOf, rulesAt, settingsAt }),
    }))
    .filter((e) => e.items.length > 0);
  return out;
}

/**
 * The compliance of the orgs with these ids over [from, to] as of `asOf` (the health evaluation, decision 0045):
 * today's from the maintained rollup when it holds the range (as `getCompliance`), else judged from the orgs'
 * facts (one statement). Orgs owing nothing are left out.
 */
export async function complianceOfOrgs(
  db: Db,
  ids: readonly number[],
  q: { from: IsoDate; to: IsoDate; asOf: IsoDate },
  today: IsoDate,
): Promise<Map<number, ComplianceItem[]>> {
  const out = new Map<number, ComplianceItem[]>();
  const last = q.to < q.asOf ? q.to : q.asOf;
  if (last < q.from || !ids.length) return out;
  const w = rollupWindow(today);
  if (q.asOf === today && q.from >= w.from && q.to <= w.to && (await lifeReady(db, today))) {
    const range = cellRange(q.from, q.to);
    const cells = new Map<number, OwnCell[]>();
    for (const c of await ownCellsIn(db, ids, range.masks)) {
      const list = cells.get(c.orgId);
      if (list) list.push(c);
      else cells.set(c.orgId, [c]);
    }
    for (const [id, list] of cells) {
      const items = itemsFromCells(list, range);
      if (items.length) out.set(id, items);
    }
    return out;
  }
  const [rows, history] = await Promise.all([
    lifeFactsOf(db, ids, q.from, addDays(last, 1)),
    settingHistory(db, 'partyLectureMonths'),
  ]);
  const settingsAt = (d: IsoDate) => settingsOn(history, d);
  for (const f of factsFromRows(rows).values()) {
    const items = orgCompliance(f, { from: q.from, to: q.to, asOf: q.asOf, rulesAt, settingsAt });
    if (items.length) out.set(f.orgId, items);
  }
  return out;
}

/**
 * The organisational-life facts of every org of the subtree under `orgId` over the days [from, last] (one query,
 * lifeFacts), in tree order, leaving out orgs the actor may no longer read; and the settings in force on a day.
 */
export async function subtreeLife(ctx: Ctx, orgId: number, from: IsoDate, last: IsoDate) {
  const [rows, history] = await Promise.all([
    lifeFacts(ctx.db, orgId, from, addDays(last, 1)),
    settingHistory(ctx.db, 'partyLectureMonths'),
  ]);
  const facts = factsFromRows(rows);
  const settingsAt = (d: IsoDate) => settingsOn(history, d);
  return {
    facts: [...facts.values()]
      // an org that has since left the actor's reach is not shown (its name would tell what the actor may not see)
      .filter((f) => f.path && readsOrg(ctx, f.path))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    settingsAt,
  };
}

// ------------------------------------------------------------------------------------------------ home

/**
 * The home of a branch secretary or a township officer (本月待办, issue 11 item 9, decision 0019): for each org of
 * the subtree under `orgCode` that owes anything now, what it owes in the running month, quarter and year and
 * whether it is held, the periods it missed since the start of the previous quarter, its last meeting and the end
 * of its committee's term. One query for the facts (lifeFacts) and one for the last meetings and terms.
 */
export async function getHome(ctx: Ctx, orgCode: string): Promise<Home> {
  const asOf = ctx.clock.today();
  const o = await requireOrg(ctx, ctx.db, orgCode);
  const quarter = periodOf('quarter', asOf);
  const since = periodOf('quarter', addDays(quarter.start, -1)).start;
  const yearStart = periodOf('year', asOf).start;
  const from = since < yearStart ? since : yearStart;
  const { facts, settingsAt } = await subtreeLife(ctx, o.id, from, asOf);
  const range = { from: since, to: asOf, asOf, rulesAt, settingsAt };
  const judged = facts
    .map((f) => ({ f, due: dueNow(f, range), items: orgCompliance(f, range) }))
    .filter((x) => x.due.length > 0 || x.items.some((i) => i.missing.length > 0));
  const extras = new Map(
    (
      await lastMeetingsAndTerms(
        ctx.db,
        judged.map((x) => x.f.orgId),
      )
    ).map((e) => [e.orgId, e]),
  );
  return {
    org: o.code,
    orgName: o.name,
    asOf,
    month: periodOf('month', asOf).key,
    quarter: quarter.key,
    orgs: judged.map(({ f, due, items }) => {
      const e = extras.get(f.orgId);
      return {
        code: f.code,
        name: f.name,
        due,
        missing: items.filter((i) => i.missing.length > 0).map((i) => ({ type: i.type, periods: i.missing })),
        lastMeeting: e?.lastHeldOn ? { heldOn: e.lastHeldOn, topic: e.lastTopic ?? '' } : null,
        termEndsOn: e?.termEndsOn ?? null,
      };
    }),
  };
}
