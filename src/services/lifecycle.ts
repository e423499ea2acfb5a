/**
 * Mobile members, lost contact and status decisions (issue 13 items 4–5, decision 0026). Registrations and
 * contacts are records the branch keeps; flags are computed on the day asked (rules in force, local settings);
 * a status changes only by a decision a person enters with the deciding and approving orgs, which writes the dated
 * member event through the member write path.
 */
import { AppError } from '../shared/errors.js';
import type { IsoDate } from '../shared/dates.js';
import { maskPhone } from '../shared/id-number.js';
import { isCurrentMembership } from '../shared/codes.js';
import type {
  AbsenceFlag,
  ContactCreate,
  DecisionApprove,
  DecisionCreate,
  DecisionRefuse,
  EndOn,
  LifecycleTodo,
  TransferView,
  LostContactCreate,
  LostList,
  MemberLifecycle,
  MobileList,
  MobileRegister,
  PendingDecision,
} from '../shared/lifecycle.js';
import { daysBetween } from '../shared/dates.js';
import type { MemberDetail, MemberEventCreate } from '../shared/schemas.js';
import type { Ctx } from './context.js';
import type { Db } from '../db/client.js';
import { lastPeriodStart, memberById, type MemberRow } from '../db/repositories/members.js';
import { orgByCode } from '../db/repositories/orgs.js';
import {
  approveDecisionRow,
  decisionById,
  pendingDecisionOf,
  pendingDecisionsUnder,
  refuseDecisionRow,
  endLost,
  endMobile,
  hostedBySubtree,
  insertContact,
  insertDecision,
  insertLost,
  insertMobile,
  latestEventId,
  lostOfSubtree,
  memberContacts,
  memberDecisions,
  memberLost,
  memberMobile,
  memberTransfers,
  mobileOfSubtree,
  openLostOf,
  openMobileOf,
  orgAndAncestors,
  setMobileMark,
  suspendedSince,
} from '../db/repositories/lifecycle.js';
import { settingsAt } from '../db/repositories/settings.js';
import { actorId, memberResource, orgResource } from '../domain/access/policy.js';
import {
  checkDecision,
  decisionEvent,
  fullMonths,
  lostFlags,
  mobileFlags,
} from '../domain/lifecycle/lifecycle.js';
import { allowed, readsMember } from './access.js';
import { recordMemberEvent, recordMemberEventIn } from './members.js';
import { requireOrg } from './orgs.js';
import { getTransfer, listTransfers, viewTransfer } from './transfers.js';

async function requireMember(ctx: Ctx, db: Db, id: number, write: boolean): Promise<MemberRow> {
  const m = await memberById(db, id, '/', write);
  if (!m || !readsMember(ctx, m)) throw new AppError('MEMBER_NOT_FOUND');
  if (write && !allowed(ctx, 'write', memberResource(m))) throw new AppError('FORBIDDEN');
  return m;
}

function requireCurrent(m: MemberRow) {
  if (!isCurrentMembership(m.status))
    throw new AppError('MEMBER_NOT_ACTIVE', '该党员已不在党籍（已转出、出党或去世），不能登记');
}

function notFuture(ctx: Ctx, on: IsoDate, label: string) {
  if (on > ctx.clock.today()) throw new AppError('EVENT_DATE_INVALID', `${label}不能晚于今天`);
}

/** The settings in force on a day (today's are in the context). */
async function settingsOn(ctx: Ctx, on: IsoDate) {
  return on === ctx.clock.today() ? ctx.settings : settingsAt(ctx.db, on);
}

// ------------------------------------------------------------------------------------------------ mobile members

/** Registers a member's flow-out (外出登记); the membership is marked 流动党员 while it is open. */
export async function registerMobile(
  ctx: Ctx,
  memberId: number,
  input: MobileRegister,
): Promise<MemberLifecycle> {
  return ctx.db.transaction(async (tx) => {
    const m = await requireMember(ctx, tx, memberId, true);
    requireCurrent(m);
    notFuture(ctx, input.since, '外出日期');
    if (input.since < m.joinedOn) throw new AppError('EVENT_DATE_INVALID', '外出日期不能早于入党日期');
    if (await openMobileOf(tx, m.id))
      throw new AppError('CONFLICT', '该党员已有未结束的外出登记，请先登记返回');
    let hostOrgId: number | null = null;
    if (input.hostOrgCode) {
      const host = await orgByCode(tx, input.hostOrgCode, '/');
      if (!host || host.status !== 'active')
        throw new AppError('VALIDATION_FAILED', `流入地党组织（编码 ${input.hostOrgCode}）不存在或已撤销`, [
          { path: ['hostOrgCode'], code: 'ORG_NOT_FOUND', message: '流入地党组织不存在或已撤销' },
        ]);
      if (host.id === m.orgId)
        throw new AppError('VALIDATION_FAILED', '流入地党组织不能是该党员所在的党组织');
      hostOrgId = host.id;
    }
    await insertMobile(tx, {
      memberId: m.id,
      since: input.since,
      place: input.place,
      fixedPlace: input.fixedPlace,
      abroad: input.abroad,
      contact: input.contact ?? null,
      hostOrgId,
      hostOrgName: hostOrgId ? null : (input.hostOrgName ?? null),
      note: input.note ?? null,
      createdBy: actorId(ctx.actor),
    });
    await setMobileMark(tx, m.id, true);
    return lifecycleOf(ctx, tx, m);
  });
}

/** Ends a flow-out registration on the day the member came back. */
export async function endMobileRegistration(
  ctx: Ctx,
  memberId: number,
  input: EndOn,
): Promise<MemberLifecycle> {
  return ctx.db.transaction(async (tx) => {
    const m = await requireMember(ctx, tx, memberId, true);
    const r = await openMobileOf(tx, m.id);
    if (!r) throw new AppError('CONFLICT', '该党员没有未结束的外出登记');
    notFuture(ctx, input.on, '返回日期');
    if (input.on <= r.since) throw new AppError('EVENT_DATE_INVALID', `返回日期应晚于外出日期（${r.since}）`);
    await endMobile(tx, r.id, input.on);
    await setMobileMark(tx, m.id, false);
    return lifecycleOf(ctx, tx, m);
  });
}

/** Records a contact with a member away (for members abroad: at least every half year). */
export async function recordContact(
  ctx: Ctx,
  memberId: number,
  input: ContactCreate,
): Promise<MemberLifecycle> {
  return ctx.db.transaction(async (tx) => {
    const m = await requireMember(ctx, tx, memberId, true);
    requireCurrent(m);
    notFuture(ctx, input.contactedOn, '联系日期');
    await insertContact(tx, {
      memberId: m.id,
      contactedOn: input.contactedOn,
      note: input.note ?? null,
      createdBy: actorId(ctx.actor),
    });
    return lifecycleOf(ctx, tx, m);
  });
}

/** Members of a subtree away on a day (with their flags), and members from elsewhere it hosts. */
export async function listMobile(
  ctx: Ctx,
  orgCode: string,
  q: { asOf?: IsoDate | null },
): Promise<MobileList> {
  const o = await requireOrg(ctx, ctx.db, orgCode);
  const asOf = q.asOf ?? ctx.clock.today();
  const [rows, hosted] = await Promise.all([
    mobileOfSubtree(ctx.db, o.path, asOf),
    hostedBySubtree(ctx.db, o.path, asOf),
  ]);
  return {
    org: o.code,
    orgName: o.name,
    asOf,
    outflow: rows.map((r) => ({
      memberId: r.memberId,
      name: r.name,
      sex: r.sex,
      memberStatus: r.memberStatus,
      orgCode: r.orgCode,
      orgName: r.orgName,
      registrationId: r.id,
      since: r.since,
      place: r.place,
      fixedPlace: r.fixedPlace,
      abroad: r.abroad,
      contact: r.contact ? maskPhone(r.contact) : null,
      hostOrg: r.hostOrgName ?? r.hostOrgText,
      lastContactOn: r.lastContactOn,
      flags: mobileFlags(r, asOf),
    })),
    hosted,
  };
}

// ------------------------------------------------------------------------------------------------ lost contact

export async function markLostContact(
  ctx: Ctx,
  memberId: number,
  input: LostContactCreate,
): Promise<MemberLifecycle> {
  return ctx.db.transaction(async (tx) => {
    const m = await requireMember(ctx, tx, memberId, true);
    requireCurrent(m);
    notFuture(ctx, input.since, '失联日期');
    if (input.since < m.joinedOn) throw new AppError('EVENT_DATE_INVALID', '失联日期不能早于入党日期');
    if (await openLostOf(tx, m.id)) throw new AppError('CONFLICT', '该党员已登记失联');
    await insertLost(tx, {
      memberId: m.id,
      since: input.since,
      note: input.note ?? null,
      createdBy: actorId(ctx.actor),
    });
    return lifecycleOf(ctx, tx, m);
  });
}

/** The member was found again (恢复联系); a suspension stays until a decision restores the membership. */
export async function endLostContact(ctx: Ctx, memberId: number, input: EndOn): Promise<MemberLifecycle> {
  return ctx.db.transaction(async (tx) => {
    const m = await requireMember(ctx, tx, memberId, true);
    const l = await openLostOf(tx, m.id);
    if (!l) throw new AppError('CONFLICT', '该党员没有失联登记');
    notFuture(ctx, input.on, '恢复联系日期');
    if (input.on < l.since)
      throw new AppError('EVENT_DATE_INVALID', `恢复联系日期不能早于失联日期（${l.since}）`);
    await endLost(tx, l.id, input.on, input.note ?? null);
    return lifecycleOf(ctx, tx, m);
  });
}

export async function listLostContact(
  ctx: Ctx,
  orgCode: string,
  q: { asOf?: IsoDate | null },
): Promise<LostList> {
  const o = await requireOrg(ctx, ctx.db, orgCode);
  const asOf = q.asOf ?? ctx.clock.today();
  const settings = await settingsOn(ctx, asOf);
  const rows = await lostOfSubtree(ctx.db, o.path, asOf);
  return {
    org: o.code,
    orgName: o.name,
    asOf,
    members: rows.map((r) => ({
      memberId: r.memberId,
      name: r.name,
      sex: r.sex,
      memberStatus: r.memberStatus,
      orgCode: r.orgCode,
      orgName: r.orgName,
      lostContactId: r.id,
      since: r.since,
      months: fullMonths(r.since, asOf),
      suspendedSince: r.suspendedSince,
      flags: lostFlags(r, asOf, settings.lostContactNoticeMonths),
    })),
  };
}

// ------------------------------------------------------------------------------------------------ decisions

/**
 * Records a status decision (停止党籍、恢复党籍、除名、劝退、退党、开除党籍、去世) entered by a person, checked against the
 * rules in force on the day it was taken; it writes the member's dated event (effective the day of approval, or of
 * the decision when no approval is needed) through the member write path, which keeps the statistics.
 */
export async function recordDecision(
  ctx: Ctx,
  memberId: number,
  input: DecisionCreate,
): Promise<MemberLifecycle> {
  return ctx.db.transaction(async (tx) => {
    const m = await requireMember(ctx, tx, memberId, true);
    const chain = await orgAndAncestors(tx, m.orgPath);
    const byCode = new Map(chain.map((o) => [o.code, o]));
    const deciding = byCode.get(input.decidingOrgCode) ?? null;
    if (!deciding)
      throw new AppError('VALIDATION_FAILED', '作出决定的党组织应是该党员所在的党组织或其上级党组织', [
        {
          path: ['decidingOrgCode'],
          code: 'ORG_NOT_FOUND',
          message: '请选择该党员所在的党组织或其上级党组织',
        },
      ]);
    const approving = input.approvingOrgCode ? (byCode.get(input.approvingOrgCode) ?? null) : null;
    if (input.approvingOrgCode && !approving)
      throw new AppError('VALIDATION_FAILED', '批准（备案）的党组织应是作出决定的党组织的上级党组织', [
        { path: ['approvingOrgCode'], code: 'ORG_NOT_FOUND', message: '请选择上级党组织' },
      ]);
    const lost = await openLostOf(tx, m.id);
    const check = checkDecision({
      kind: input.kind,
      grounds: input.grounds ?? null,
      memberStatus: m.status,
      memberOrg: { id: m.orgId, path: m.orgPath },
      decidingOrg: deciding,
      decidingBody: input.decidingBody,
      decidedOn: input.decidedOn,
      approvingOrg: approving,
      approvedOn: input.approvedOn ?? null,
      lostSince: lost?.since ?? null,
      suspendedSince: await suspendedSince(tx, m.id),
      lastChange: await lastPeriodStart(tx, m.id),
      today: ctx.clock.today(),
    });
    if (check.problem)
      throw new AppError(check.problem.code, check.problem.message, [
        { path: [check.problem.field], code: check.problem.code, message: check.problem.message },
      ]);
    if (await pendingDecisionOf(tx, m.id))
      throw new AppError(
        'CONFLICT',
        '该党员已有一项党籍处置决定等待上级党组织批准，请待批准或不批准后再登记',
      );
    if (check.effectiveOn !== null)
      await applyDecision(ctx, tx, m, input.kind, check.effectiveOn, input.reason, input.documentNo);
    await insertDecision(tx, {
      memberId: m.id,
      kind: input.kind,
      grounds: input.grounds ?? null,
      decidingOrgId: deciding.id,
      decidingBody: input.decidingBody,
      decidedOn: input.decidedOn,
      approvingOrgId: approving?.id ?? null,
      approvedOn: input.approvedOn ?? null,
      effectiveOn: check.effectiveOn,
      documentNo: input.documentNo ?? null,
      reason: input.reason ?? null,
      eventId: check.effectiveOn !== null ? await latestEventId(tx, m.id) : null,
      createdBy: actorId(ctx.actor),
    });
    return lifecycleOf(ctx, tx, (await memberById(tx, m.id, '/'))!);
  });
}

/**
 * A decision in force: the member event it makes, through the member write path (statistics follow); a member who
 * left the Party or died is no longer away or out of contact.
 */
async function applyDecision(
  ctx: Ctx,
  tx: Db,
  m: MemberRow,
  kind: DecisionCreate['kind'],
  effectiveOn: IsoDate,
  reason: string | null | undefined,
  documentNo: string | null | undefined,
): Promise<void> {
  const ev = decisionEvent(kind);
  const doc = documentNo ? `（${documentNo}）` : '';
  await recordMemberEventIn(ctx, tx, m.id, {
    kind: ev.event,
    effectiveOn,
    removalKind: ev.removalKind,
    note: `${reason ?? ''}${doc}`.trim() || null,
  });
  if (ev.event === 'remove' || ev.event === 'decease') {
    const r = await openMobileOf(tx, m.id);
    if (r && r.since < effectiveOn) await endMobile(tx, r.id, effectiveOn);
    const lost = await openLostOf(tx, m.id);
    if (lost) await endLost(tx, lost.id, effectiveOn, null);
  }
}

/**
 * A pending decision and its member, for the approving org to answer: 404 for a reader who may not see the member,
 * 409 once answered, 403 for anyone but a writer on the approving org.
 */
async function requirePending(ctx: Ctx, tx: Db, id: number) {
  const d = await decisionById(tx, id, true);
  const m = d ? await memberById(tx, d.memberId, '/', true) : null;
  if (!d || !m || !readsMember(ctx, m))
    throw new AppError('NOT_FOUND', '没有找到该党籍处置决定，或您无权查看');
  if (d.state !== 'pending') throw new AppError('CONFLICT', '该决定已经批准或不批准，不能再办理');
  if (d.approvingOrgPath === null || !allowed(ctx, 'write', orgResource(d.approvingOrgPath)))
    throw new AppError('FORBIDDEN', `只有批准的党组织（${d.approvingOrgName ?? ''}）可以批准或不批准该决定`);
  return { d, m };
}

/**
 * The approving org approves a pending decision (decision 0034): checked again by the rules in force on the day
 * it was taken, with the approval's day; the member's status changes from that day through the member write path.
 */
export async function approveDecision(
  ctx: Ctx,
  id: number,
  input: DecisionApprove,
): Promise<MemberLifecycle> {
  return ctx.db.transaction(async (tx) => {
    const { d, m } = await requirePending(ctx, tx, id);
    const lost = await openLostOf(tx, m.id);
    const check = checkDecision({
      kind: d.kind as DecisionCreate['kind'],
      grounds: d.grounds as DecisionCreate['grounds'] & string,
      memberStatus: m.status,
      memberOrg: { id: m.orgId, path: m.orgPath },
      decidingOrg: { id: d.decidingOrgId, path: d.decidingOrgPath },
      decidingBody: d.decidingBody as DecisionCreate['decidingBody'],
      decidedOn: d.decidedOn,
      approvingOrg: { id: d.approvingOrgId!, path: d.approvingOrgPath! },
      approvedOn: input.approvedOn,
      lostSince: lost?.since ?? null,
      suspendedSince: await suspendedSince(tx, m.id),
      lastChange: await lastPeriodStart(tx, m.id),
      today: ctx.clock.today(),
    });
    if (check.problem)
      throw new AppError(check.problem.code, check.problem.message, [
        { path: [check.problem.field], code: check.problem.code, message: check.problem.message },
      ]);
    const effectiveOn = check.effectiveOn!;
    const documentNo = input.documentNo ?? d.documentNo;
    await applyDecision(ctx, tx, m, d.kind as DecisionCreate['kind'], effectiveOn, d.reason, documentNo);
    await approveDecisionRow(tx, d.id, {
      approvedOn: input.approvedOn,
      effectiveOn,
      documentNo: input.documentNo ?? null,
      eventId: await latestEventId(tx, m.id),
      by: actorId(ctx.actor),
    });
    return lifecycleOf(ctx, tx, (await memberById(tx, m.id, '/'))!);
  });
}

/** The approving org refuses a pending decision with a reason: the member's status never changed. */
export async function refuseDecision(ctx: Ctx, id: number, input: DecisionRefuse): Promise<MemberLifecycle> {
  return ctx.db.transaction(async (tx) => {
    const { d, m } = await requirePending(ctx, tx, id);
    if (input.refusedOn < d.decidedOn)
      throw new AppError('EVENT_DATE_INVALID', '不批准的日期不能早于决定日期');
    notFuture(ctx, input.refusedOn, '不批准的日期');
    await refuseDecisionRow(tx, d.id, {
      refusedOn: input.refusedOn,
      reason: input.reason,
      by: actorId(ctx.actor),
    });
    return lifecycleOf(ctx, tx, m);
  });
}

/** The decisions waiting for the approval of an org of the subtree (the approving org's to-do), oldest first. */
export async function listPendingDecisions(ctx: Ctx, orgCode: string): Promise<PendingDecision[]> {
  const o = await requireOrg(ctx, ctx.db, orgCode);
  const today = ctx.clock.today();
  return (await pendingDecisionsUnder(ctx.db, o.path))
    .filter((d) => readsMember(ctx, { id: d.memberId, orgPath: d.memberOrgPath }))
    .map((d) => ({
      id: d.id,
      kind: d.kind as PendingDecision['kind'],
      memberId: d.memberId,
      name: d.name,
      memberOrgName: d.memberOrgName,
      decidingOrgName: d.decidingOrgName,
      decidedOn: d.decidedOn,
      approvingOrg: { code: d.approvingOrgCode, name: d.approvingOrgName },
      waitingDays: daysBetween(d.decidedOn, today),
    }));
}

// ------------------------------------------------------------------------------------------------ to-dos

/** A transfer still waits for someone: not yet accepted, returned or receipted. */
const OPEN_TRANSFER = new Set(['pending', 'in_transit', 'overdue']);

/**
 * The lifecycle's to-dos of an org's subtree today (本月待办): open transfers the reader may act on, and every
 * overdue one (the sending end follows it up too), with those granted to the reader alone, soonest deadline first; members away whose registration has a
 * flag; every member out of contact (the branch keeps looking, decision 0026), longest first; the status decisions
 * waiting for approval by the org or an org below it.
 */
export async function lifecycleTodo(ctx: Ctx, orgCode: string): Promise<LifecycleTodo> {
  const t = await listTransfers(ctx, orgCode, {});
  const [mobile, lost, decisions] = await Promise.all([
    listMobile(ctx, orgCode, {}),
    listLostContact(ctx, orgCode, {}),
    listPendingDecisions(ctx, orgCode),
  ]);
  // the transfers granted to the reader alone (decision 0034: another township's transfer to review) are theirs to do
  const granted =
    ctx.actor.kind === 'user'
      ? ctx.actor.grants.flatMap((g) =>
          g.on.kind === 'case' && g.on.caseKind === 'transfer' ? [g.on.caseId] : [],
        )
      : [];
  const grantedViews = (
    await Promise.all(granted.map((id) => getTransfer(ctx, id).catch(() => null)))
  ).filter((x): x is TransferView => x !== null && x.mayAct);
  // a transfer inside the subtree is both outgoing and incoming: once
  const open = new Map<number, LifecycleTodo['transfers'][number]>();
  for (const x of [...t.incoming, ...t.outgoing, ...grantedViews])
    if (OPEN_TRANSFER.has(x.status) && (x.mayAct || x.status === 'overdue')) open.set(x.id, x);
  const transfers = [...open.values()].sort(
    (a, b) => a.validUntil.localeCompare(b.validUntil) || a.id - b.id,
  );
  return {
    org: t.org,
    orgName: t.orgName,
    asOf: t.asOf,
    transfers,
    mobile: mobile.outflow.filter((m) => m.flags.length > 0),
    lost: [...lost.members].sort((a, b) => a.since.localeCompare(b.since) || a.memberId - b.memberId),
    decisions: [...decisions].sort((a, b) => b.waitingDays - a.waitingDays || a.id - b.id),
  };
}

// ------------------------------------------------------------------------------------------------ the member page

async function lifecycleOf(ctx: Ctx, db: Db, m: MemberRow): Promise<MemberLifecycle> {
  const today = ctx.clock.today();
  const [transfers, mobile, contacts, lost, decisions, chain, susp] = await Promise.all([
    memberTransfers(db, m.id),
    memberMobile(db, m.id),
    memberContacts(db, m.id),
    memberLost(db, m.id),
    memberDecisions(db, m.id),
    orgAndAncestors(db, m.orgPath),
    suspendedSince(db, m.id),
  ]);
  const flags: AbsenceFlag[] = [];
  const open = mobile.find((r) => r.endedOn === null);
  if (open)
    flags.push(
      ...mobileFlags(
        { ...open, lastContactOn: contacts.find((c) => c.contactedOn <= today)?.contactedOn ?? null },
        today,
      ),
    );
  const openLost = lost.find((l) => l.foundOn === null);
  if (openLost)
    flags.push(
      ...lostFlags({ ...openLost, suspendedSince: susp }, today, ctx.settings.lostContactNoticeMonths),
    );
  return {
    transfers: transfers.map((t) => viewTransfer(ctx, t, today)),
    mobile: mobile.map((r) => ({
      id: r.id,
      since: r.since,
      endedOn: r.endedOn,
      place: r.place,
      fixedPlace: r.fixedPlace,
      abroad: r.abroad,
      contact: r.contact ? maskPhone(r.contact) : null,
      hostOrg: r.hostOrgName ?? r.hostOrgText,
    })),
    contacts,
    lostContact: lost,
    decisions: decisions.map((d) => ({
      id: d.id,
      kind: d.kind as MemberLifecycle['decisions'][number]['kind'],
      grounds: d.grounds,
      decidingOrgName: d.decidingOrgName,
      decidingBody: d.decidingBody,
      decidedOn: d.decidedOn,
      approvingOrgName: d.approvingOrgName,
      approvedOn: d.approvedOn,
      effectiveOn: d.effectiveOn,
      documentNo: d.documentNo,
      reason: d.reason,
      state: d.state,
      refusedOn: d.refusedOn,
      refusalReason: d.refusalReason,
      answeredByName: d.answeredByName,
      mayAnswer:
        d.state === 'pending' &&
        d.approvingOrgPath !== null &&
        allowed(ctx, 'write', orgResource(d.approvingOrgPath)),
    })),
    flags,
    decidingOrgs: chain.map((o) => ({ code: o.code, name: o.name })),
  };
}

/** A member's transfers, flow-out registrations, contacts, lost-contact records and decisions, with today's flags. */
export async function getMemberLifecycle(ctx: Ctx, memberId: number): Promise<MemberLifecycle> {
  const m = await requireMember(ctx, ctx.db, memberId, false);
  return lifecycleOf(ctx, ctx.db, m);
}

/** The member events that only a status decision may make (with its deciding and approving orgs). */
const DECISION_EVENTS = new Set(['suspend', 'reinstate', 'remove', 'decease']);

/**
 * A dated change entered by hand on the member page or through the API (`POST /members/:id/events`): a change of
 * status that is a decision (停止/恢复党籍, 出党, 去世) is refused here — it is recorded with `recordDecision`.
 */
export async function recordMemberChange(
  ctx: Ctx,
  memberId: number,
  input: MemberEventCreate,
): Promise<MemberDetail> {
  if (DECISION_EVENTS.has(input.kind))
    throw new AppError(
      'MEMBER_STATUS_TRANSITION',
      '停止党籍、恢复党籍、出党和去世须作为党籍处置决定登记（填写作出决定和批准的党组织），请使用“党籍处置”',
    );
  return recordMemberEvent(ctx, memberId, input);
}
