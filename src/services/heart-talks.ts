/**
 * Use cases of heart talks (谈心谈话, issue 11 item 6, decision 0018): record one (two or more people of the org that
 * day, when, an optional note), delete one, and list an org's talks of a year with who has had none with a
 * committee member. Recording needs `meetings.write` on the org, reading `read`.
 */
import { AppError } from '../shared/errors.js';
import { addDays, type IsoDate } from '../shared/dates.js';
import type { HeartTalkCreate, HeartTalkList, HeartTalkView } from '../shared/schemas.js';
import type { Ctx } from './context.js';
import type { Db } from '../db/client.js';
import {
  deleteTalkRow,
  insertTalk,
  talkById,
  talkPeople,
  talksOf,
  withoutTalk,
  type TalkRow,
} from '../db/repositories/heart-talks.js';
import { orgExistedOn, peopleOn } from '../db/repositories/meetings.js';
import { requireOrg } from './orgs.js';
import { allowed, readsOrg } from './access.js';
import { actorId, orgResource } from '../domain/access/policy.js';
import { checkMeetingDate } from '../domain/meetings/record.js';
import { refreshLifeOf } from './life-rollup.js';

const notFound = () => new AppError('NOT_FOUND', '没有找到该谈心谈话记录，或您无权查看');

function requireWrite(ctx: Ctx, path: string): void {
  if (!allowed(ctx, 'meetings.write', orgResource(path)))
    throw new AppError('FORBIDDEN', '您没有权限记录该党组织的谈心谈话');
}

async function views(db: Db, talks: readonly TalkRow[]): Promise<HeartTalkView[]> {
  const people = await talkPeople(
    db,
    talks.map((t) => t.id),
  );
  return talks.map((t) => {
    const ps = people.filter((p) => p.talkId === t.id);
    return {
      id: t.id,
      orgCode: t.orgCode,
      heldOn: t.heldOn,
      note: t.note,
      people: ps.map((p) => ({ memberId: p.memberId, name: p.name, post: p.post })),
      withCommittee: ps.some((p) => p.post !== null),
    };
  });
}

export async function recordHeartTalk(
  ctx: Ctx,
  orgCode: string,
  input: HeartTalkCreate,
): Promise<HeartTalkView> {
  return ctx.db.transaction(async (tx) => {
    const o = await requireOrg(ctx, tx, orgCode);
    requireWrite(ctx, o.path);
    const p = checkMeetingDate(input.heldOn, ctx.clock.today(), await orgExistedOn(tx, o.id, input.heldOn));
    if (p)
      throw new AppError('MEETING_DATE_INVALID', p.message.replace('会议', '谈话'), [
        { field: 'heldOn', code: p.code, message: p.message },
      ]);
    // who may take part: the org's roster or committee that day
    const known = new Set((await peopleOn(tx, o.id, input.heldOn)).map((x) => x.memberId));
    const strangers = input.memberIds.filter((id) => !known.has(id));
    if (strangers.length)
      throw new AppError(
        'MEETING_ATTENDEE_INVALID',
        `有 ${strangers.length} 人谈话当天不在本组织名册（或班子）上`,
        [{ field: 'memberIds', code: 'MEETING_ATTENDEE_INVALID', message: '谈话人员须是当天本组织的党员' }],
      );
    const id = await insertTalk(
      tx,
      { orgId: o.id, heldOn: input.heldOn, note: input.note || null, memberIds: input.memberIds },
      actorId(ctx.actor),
    );
    await refreshLifeOf(tx, [o.id]);
    return (await views(tx, [(await talkById(tx, id))!]))[0]!;
  });
}

export async function deleteHeartTalk(ctx: Ctx, id: number): Promise<{ deleted: true }> {
  return ctx.db.transaction(async (tx) => {
    const t = await talkById(tx, id);
    if (!t || !readsOrg(ctx, t.orgPath)) throw notFound();
    requireWrite(ctx, t.orgPath);
    await deleteTalkRow(tx, t.id);
    await refreshLifeOf(tx, [t.orgId]);
    return { deleted: true as const };
  });
}

/** The org's talks of a year (this year by default) and who on its roster has had none with a committee member. */
export async function listHeartTalks(
  ctx: Ctx,
  orgCode: string,
  year?: string | null,
): Promise<HeartTalkList> {
  const today = ctx.clock.today();
  const y = year ?? today.slice(0, 4);
  if (!/^\d{4}$/.test(y) || y > today.slice(0, 4))
    throw new AppError('VALIDATION_FAILED', '年份格式应为 YYYY，且不能晚于今年', [
      { field: 'year', code: 'invalid', message: '年份格式应为 YYYY，且不能晚于今年' },
    ]);
  const o = await requireOrg(ctx, ctx.db, orgCode);
  const from: IsoDate = `${y}-01-01`;
  const to: IsoDate = `${Number(y) + 1}-01-01`;
  // the roster of today in the running year, of the year's last day before
  const on = to > today ? today : addDays(to, -1);
  const [talks, missing] = await Promise.all([
    talksOf(ctx.db, o.id, from, to),
    withoutTalk(ctx.db, o.id, on, from, to),
  ]);
  return { org: o.code, year: y, talks: await views(ctx.db, talks), missing };
}
