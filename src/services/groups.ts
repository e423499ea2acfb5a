/**
 * Use cases of party groups (党小组, issue 11 item 2, decision 0018): list a branch's groups with their members on a
 * day, set one up, rename it or change its leader, dissolve it, and move members in and out (dated; a member is in
 * at most one group at a time — the database's rule too). Reading needs `read` on the branch, changing `write`.
 */
import { AppError, type ErrorCode } from '../shared/errors.js';
import { addDays, type IsoDate } from '../shared/dates.js';
import type {
  PartyGroupCreate,
  PartyGroupList,
  PartyGroupMembers,
  PartyGroupUpdate,
  PartyGroupView,
} from '../shared/schemas.js';
import type { Ctx } from './context.js';
import type { Db } from '../db/client.js';
import {
  applyMembershipSteps,
  dissolveGroupRow,
  groupById,
  groupMembersOn,
  groupsOn,
  insertGroup,
  latestJoinOf,
  latestMemberships,
  notOnRosterOn,
  ungroupedOn,
  updateGroupRow,
  type GroupRow,
} from '../db/repositories/groups.js';
import { requireOrg } from './orgs.js';
import { allowed, readsOrg } from './access.js';
import { orgResource } from '../domain/access/policy.js';
import {
  checkGroupCreated,
  checkGroupDissolved,
  checkJoin,
  planMembership,
  type GroupProblem,
  type MembershipStep,
} from '../domain/meetings/groups.js';
import { rulesAt } from '../policy/rules.js';

function problemError(p: GroupProblem): AppError {
  return new AppError(p.code as ErrorCode, p.message, [{ field: p.field, code: p.code, message: p.message }]);
}

const notFound = () => new AppError('NOT_FOUND', '没有找到该党小组，或您无权查看');

function requireWrite(ctx: Ctx, path: string): void {
  if (!allowed(ctx, 'write', orgResource(path)))
    throw new AppError('FORBIDDEN', '您没有权限调整该党组织的党小组');
}

async function requireGroup(ctx: Ctx, db: Db, id: number, lock = false): Promise<GroupRow> {
  const g = await groupById(db, id, lock);
  if (!g || !readsOrg(ctx, g.orgPath)) throw notFound();
  return g;
}

async function views(db: Db, groups: readonly GroupRow[], on: IsoDate): Promise<PartyGroupView[]> {
  const members = await groupMembersOn(
    db,
    groups.map((g) => g.id),
    on,
  );
  return groups.map((g) => ({
    id: g.id,
    orgCode: g.orgCode,
    name: g.name,
    createdOn: g.createdOn,
    dissolvedOn: g.dissolvedOn,
    leaderMemberId: g.leaderMemberId,
    leaderName: g.leaderName,
    rowVersion: g.rowVersion,
    members: members
      .filter((m) => m.groupId === g.id)
      .map((m) => ({ memberId: m.memberId, name: m.name, since: m.since, onRoster: m.onRoster })),
  }));
}

async function viewOf(db: Db, id: number, on: IsoDate): Promise<PartyGroupView> {
  const g = (await groupById(db, id))!;
  // a dissolved group is shown with its members on its last day
  const day = g.dissolvedOn && g.dissolvedOn <= on ? addDays(g.dissolvedOn, -1) : on;
  return (await views(db, [g], day))[0]!;
}

/** The branch's groups on a day (today by default) with their members, and who is in none. */
export async function listGroups(ctx: Ctx, orgCode: string, asOf?: IsoDate | null): Promise<PartyGroupList> {
  const on = asOf ?? ctx.clock.today();
  const o = await requireOrg(ctx, ctx.db, orgCode);
  const [groups, ungrouped] = await Promise.all([groupsOn(ctx.db, o.id, on), ungroupedOn(ctx.db, o.id, on)]);
  return { org: o.code, asOf: on, groups: await views(ctx.db, groups, on), ungrouped };
}

/** Members join a group on a day (leaving any other group that day). */
async function join(
  ctx: Ctx,
  db: Db,
  g: Pick<GroupRow, 'id' | 'orgId' | 'createdOn' | 'dissolvedOn'>,
  memberIds: readonly number[],
  on: IsoDate,
): Promise<void> {
  const ids = [...new Set(memberIds)];
  const p = checkJoin(g, on, ctx.clock.today(), await notOnRosterOn(db, g.orgId, ids, on));
  if (p) throw problemError(p);
  await move(db, g.orgId, ids, g.id, on);
}

async function move(db: Db, orgId: number, ids: readonly number[], groupId: number | null, on: IsoDate) {
  const latest = await latestMemberships(db, ids);
  const steps: MembershipStep[] = [];
  for (const id of ids) {
    const plan = planMembership(id, groupId, on, latest.get(id) ?? null);
    if (!Array.isArray(plan)) throw problemError(plan);
    steps.push(...plan);
  }
  await applyMembershipSteps(db, orgId, steps);
}

async function checkLeader(db: Db, orgId: number, leader: number | null | undefined, on: IsoDate) {
  if (!leader) return;
  if ((await notOnRosterOn(db, orgId, [leader], on)).length)
    throw problemError({
      code: 'PARTY_GROUP_INVALID',
      field: 'leaderMemberId',
      message: '组长须是本支部名册上的党员',
    });
}

export async function createGroup(
  ctx: Ctx,
  orgCode: string,
  input: PartyGroupCreate,
): Promise<PartyGroupView> {
  return ctx.db.transaction(async (tx) => {
    const o = await requireOrg(ctx, tx, orgCode, true);
    requireWrite(ctx, o.path);
    const today = ctx.clock.today();
    const createdOn = input.createdOn ?? today;
    const p = checkGroupCreated(createdOn, today, {
      foundedOn: o.foundedOn,
      dissolvedOn: o.dissolvedOn,
      owesBranchLife: rulesAt(createdOn).meetings.owes(o.kind),
    });
    if (p) throw problemError(p);
    await checkLeader(tx, o.id, input.leaderMemberId, createdOn);
    const id = await insertGroup(tx, {
      orgId: o.id,
      name: input.name,
      createdOn,
      leaderMemberId: input.leaderMemberId ?? null,
    });
    if (input.memberIds?.length)
      await join(ctx, tx, { id, orgId: o.id, createdOn, dissolvedOn: null }, input.memberIds, createdOn);
    return viewOf(tx, id, today < createdOn ? createdOn : today);
  });
}

export async function updateGroup(ctx: Ctx, id: number, input: PartyGroupUpdate): Promise<PartyGroupView> {
  return ctx.db.transaction(async (tx) => {
    const g = await requireGroup(ctx, tx, id, true);
    requireWrite(ctx, g.orgPath);
    if (input.rowVersion !== undefined && input.rowVersion !== g.rowVersion)
      throw new AppError('STALE_VERSION');
    if (g.dissolvedOn)
      throw problemError({ code: 'PARTY_GROUP_INVALID', field: 'id', message: '该党小组已撤销' });
    const leader = input.leaderMemberId === undefined ? g.leaderMemberId : (input.leaderMemberId ?? null);
    if (leader !== g.leaderMemberId) await checkLeader(tx, g.orgId, leader, ctx.clock.today());
    await updateGroupRow(tx, g.id, { name: input.name ?? g.name, leaderMemberId: leader });
    return viewOf(tx, g.id, ctx.clock.today());
  });
}

export async function dissolveGroup(
  ctx: Ctx,
  id: number,
  input: { dissolvedOn?: IsoDate | null },
): Promise<PartyGroupView> {
  return ctx.db.transaction(async (tx) => {
    const g = await requireGroup(ctx, tx, id, true);
    requireWrite(ctx, g.orgPath);
    const today = ctx.clock.today();
    const on = input.dissolvedOn ?? today;
    const p = checkGroupDissolved(g, on, today, await latestJoinOf(tx, g.id));
    if (p) throw problemError(p);
    await dissolveGroupRow(tx, g.id, on);
    return viewOf(tx, g.id, today);
  });
}

export async function addGroupMembers(
  ctx: Ctx,
  id: number,
  input: PartyGroupMembers,
): Promise<PartyGroupView> {
  return ctx.db.transaction(async (tx) => {
    const g = await requireGroup(ctx, tx, id, true);
    requireWrite(ctx, g.orgPath);
    const today = ctx.clock.today();
    const on = input.on ?? today;
    await join(ctx, tx, g, input.memberIds, on);
    return viewOf(tx, g.id, today < on ? on : today);
  });
}

/** Members leave the group on a day (a member not in it is left alone). */
export async function removeGroupMembers(
  ctx: Ctx,
  id: number,
  input: PartyGroupMembers,
): Promise<PartyGroupView> {
  return ctx.db.transaction(async (tx) => {
    const g = await requireGroup(ctx, tx, id, true);
    requireWrite(ctx, g.orgPath);
    const today = ctx.clock.today();
    const on = input.on ?? today;
    if (on > today)
      throw problemError({ code: 'PARTY_GROUP_INVALID', field: 'on', message: '日期不能晚于今天' });
    const latest = await latestMemberships(tx, input.memberIds);
    const mine = input.memberIds.filter((m) => {
      const l = latest.get(m);
      return l && l.groupId === g.id && l.validTo === null;
    });
    await move(tx, g.orgId, mine, null, on);
    return viewOf(tx, g.id, today);
  });
}
