/**
 * Transfers of members' organisational relations (组织关系转接, issue 13 item 3, decision 0026).
 *
 * Within Jiceng the sending org starts a transfer, the receiving org accepts it (the member moves that day through
 * the member write path: a dated `move` event, periods and statistics) or returns it with a reason; until then the
 * member stays on the sender's roster, which stays responsible. A letter to an org outside Jiceng is in transit
 * until its receipt (回执) is recorded, when the member is transferred out; a letter from outside brings the
 * member onto the receiving org's roster (a new person, or a former member coming back into their membership).
 *
 * Scope: each end acts and reads as its own scope allows. The sender writes on the member; the receiver writes on
 * the receiving org and sees of the member only what the letter says (name, sex, masked ID number, status, dates)
 * until the member is theirs.
 */
import { AppError } from '../shared/errors.js';
import { maskIdNumber } from '../shared/id-number.js';
import { addYears, type IsoDate } from '../shared/dates.js';
import type {
  TransferAccept,
  TransferIncoming,
  TransferList,
  TransferReceipt,
  TransferReturn,
  TransferStart,
  TransferView,
} from '../shared/lifecycle.js';
import type { Ctx } from './context.js';
import type { Db } from '../db/client.js';
import {
  insertMemberEvent,
  memberById,
  memberPeriods,
  rewriteMemberPeriods,
} from '../db/repositories/members.js';
import { orgByCode } from '../db/repositories/orgs.js';
import {
  decideTransfer,
  insertTransfer,
  openTransferOf,
  transferById,
  transferDestinations,
  transfersOf,
  type TransferRow,
} from '../db/repositories/lifecycle.js';
import { settingsAt } from '../db/repositories/settings.js';
import { actorId, memberResource, transferResource } from '../domain/access/policy.js';
import { checkDecidedOn, letterValidUntil, transferStatusOn } from '../domain/lifecycle/lifecycle.js';
import { mayHoldMembers } from '../domain/org/rules.js';
import { ORG_KINDS, isOnRoster } from '../shared/codes.js';
import { allowed, readsMember } from './access.js';
import { applyMemberEventIn, createMemberIn, recordMemberEventIn } from './members.js';
import { requireOrg } from './orgs.js';

const notFound = () => new AppError('NOT_FOUND', '没有找到该转接记录，或您无权查看');

/** How far back a list reaches for transfers already decided. */
const DECIDED_YEARS = 1;

export function viewTransfer(ctx: Ctx, t: TransferRow, on: IsoDate): TransferView {
  return {
    id: t.id,
    kind: t.kind,
    status: transferStatusOn(t, on) ?? (t.kind === 'outgoing' ? 'in_transit' : 'pending'),
    memberId: t.memberId,
    memberReadable: readsMember(ctx, { id: t.memberId, orgPath: t.memberOrgPath }),
    name: t.name,
    sex: t.sex,
    idNumber: maskIdNumber(t.idNumber),
    memberStatus: t.memberStatus,
    joinedOn: t.joinedOn,
    confirmedOn: t.confirmedOn,
    fromOrg: t.fromOrgCode ? { code: t.fromOrgCode, name: t.fromOrgName! } : null,
    toOrg: t.toOrgCode ? { code: t.toOrgCode, name: t.toOrgName! } : null,
    externalOrg: t.externalOrg,
    letterNo: t.letterNo,
    issuedOn: t.issuedOn,
    validUntil: t.validUntil,
    decidedOn: t.decidedOn,
    reason: t.reason,
    note: t.note,
    mayAct: mayActOn(ctx, t),
  };
}

/** May the actor act at the end that acts next on this transfer (decision 0034)? */
function mayActOn(ctx: Ctx, t: TransferRow): boolean {
  if (t.state !== 'pending' && t.state !== 'in_transit') return false;
  const path = t.kind === 'internal' ? t.toOrgPath : t.kind === 'outgoing' ? t.fromOrgPath : null;
  return path !== null && allowed(ctx, 'write', transferResource(t.id, path));
}

/**
 * May the actor see this transfer: it reads the org at one of its ends, or holds a grant on this transfer
 * (decision 0034).
 */
function seesTransfer(ctx: Ctx, t: TransferRow): boolean {
  return (
    (t.fromOrgPath !== null && allowed(ctx, 'read', transferResource(t.id, t.fromOrgPath))) ||
    (t.toOrgPath !== null && allowed(ctx, 'read', transferResource(t.id, t.toOrgPath)))
  );
}

/**
 * One transfer as its letter reads: for either end, and for an account granted this transfer alone (a township
 * officer reviewing another township's transfer, decision 0034). 404 for anyone else.
 */
export async function getTransfer(ctx: Ctx, id: number): Promise<TransferView> {
  const t = await transferById(ctx.db, id);
  if (!t || !seesTransfer(ctx, t)) throw notFound();
  return viewTransfer(ctx, t, ctx.clock.today());
}

/** The transfers of an org's subtree on a date (today by default): outgoing from it, incoming to it. */
export async function listTransfers(
  ctx: Ctx,
  orgCode: string,
  q: { asOf?: IsoDate | null },
): Promise<TransferList> {
  const o = await requireOrg(ctx, ctx.db, orgCode);
  const asOf = q.asOf ?? ctx.clock.today();
  const since = addYears(asOf, -DECIDED_YEARS);
  const [out, inc] = await Promise.all([
    transfersOf(ctx.db, o.path, 'from', asOf, since),
    transfersOf(ctx.db, o.path, 'to', asOf, since),
  ]);
  return {
    org: o.code,
    orgName: o.name,
    asOf,
    outgoing: out.map((t) => viewTransfer(ctx, t, asOf)),
    incoming: inc.map((t) => viewTransfer(ctx, t, asOf)),
  };
}

/** The letter's validity: the setting in force on the day it was issued. */
async function validUntil(ctx: Ctx, db: Db, issuedOn: IsoDate): Promise<IsoDate> {
  const today = ctx.clock.today();
  const s = issuedOn === today ? ctx.settings : await settingsAt(db, issuedOn);
  return letterValidUntil(issuedOn, s.transferLetterMonths);
}

/** The sending org starts a transfer of one of its members: to an org of Jiceng, or a letter to one outside. */
export async function startTransfer(ctx: Ctx, memberId: number, input: TransferStart): Promise<TransferView> {
  return ctx.db.transaction(async (tx) => {
    const m = await memberById(tx, memberId, '/', true);
    if (!m || !readsMember(ctx, m)) throw new AppError('MEMBER_NOT_FOUND');
    if (!allowed(ctx, 'write', memberResource(m))) throw new AppError('FORBIDDEN');
    if (!isOnRoster(m.status))
      throw new AppError('MEMBER_STATUS_TRANSITION', '只有在册的正式党员和预备党员可以办理组织关系转接');
    if (await openTransferOf(tx, m.id))
      throw new AppError('CONFLICT', '该党员已有一项未办结的组织关系转接，请先办结或退回');
    const today = ctx.clock.today();
    const issuedOn = input.issuedOn ?? today;
    if (issuedOn > today) throw new AppError('EVENT_DATE_INVALID', '介绍信开具日期不能晚于今天');
    let toOrgId: number | null = null;
    if (input.kind === 'internal') {
      const to = await orgByCode(tx, input.toOrgCode!, '/');
      // any org of the deployment may receive; the answer names nothing but the code the sender typed
      if (!to || to.status !== 'active' || !mayHoldMembers(to.kind))
        throw new AppError(
          'VALIDATION_FAILED',
          `接收的党组织（编码 ${input.toOrgCode}）不存在、已撤销或不能编入党员`,
          [
            {
              path: ['toOrgCode'],
              code: 'ORG_NOT_FOUND',
              message: '接收的党组织不存在、已撤销或不能编入党员',
            },
          ],
        );
      if (to.id === m.orgId)
        throw new AppError('VALIDATION_FAILED', '接收的党组织与该党员当前所在组织相同', [
          { path: ['toOrgCode'], code: 'SAME_ORG', message: '接收的党组织与当前所在组织相同' },
        ]);
      toOrgId = to.id;
    }
    const id = await insertTransfer(tx, {
      memberId: m.id,
      kind: input.kind,
      fromOrgId: m.orgId,
      toOrgId,
      externalOrg: input.kind === 'outgoing' ? input.externalOrg! : null,
      letterNo: input.letterNo ?? null,
      issuedOn,
      validUntil: await validUntil(ctx, tx, issuedOn),
      state: input.kind === 'internal' ? 'pending' : 'in_transit',
      decidedOn: null,
      note: input.note ?? null,
      createdBy: actorId(ctx.actor),
    });
    return viewTransfer(ctx, (await transferById(tx, id))!, today);
  });
}

/** A transfer the actor may act on at one end: `to` — the receiving org's, `from` — the sending org's. */
async function requireEnd(ctx: Ctx, tx: Db, id: number, end: 'from' | 'to'): Promise<TransferRow> {
  const t = await transferById(tx, id, true);
  if (!t || !seesTransfer(ctx, t)) throw notFound();
  const path = end === 'from' ? t.fromOrgPath : t.toOrgPath;
  if (path === null || !allowed(ctx, 'write', transferResource(t.id, path)))
    throw new AppError(
      'FORBIDDEN',
      end === 'to' ? '只有接收的党组织可以接收或退回该转接' : '只有转出的党组织可以办理该操作',
    );
  return t;
}

function requireOpen(t: TransferRow, kind: TransferRow['kind']) {
  if (t.kind !== kind) throw new AppError('CONFLICT', '该转接不能进行此操作');
  if (t.state !== 'pending' && t.state !== 'in_transit')
    throw new AppError('CONFLICT', '该转接已经办结（已接收或已退回）');
}

/**
 * The receiving org accepts a transfer within Jiceng: the member moves to it on the day accepted (a dated move
 * through the member write path; the statistics of both ends follow in the same transaction).
 */
export async function acceptTransfer(ctx: Ctx, id: number, input: TransferAccept): Promise<TransferView> {
  return ctx.db.transaction(async (tx) => {
    const t = await requireEnd(ctx, tx, id, 'to');
    requireOpen(t, 'internal');
    const today = ctx.clock.today();
    const on = input.acceptedOn ?? today;
    const p = checkDecidedOn(t.issuedOn, on, today);
    if (p) throw new AppError(p.code, p.message);
    const m = await memberById(tx, t.memberId, '/', true);
    if (!m || !isOnRoster(m.status))
      throw new AppError('MEMBER_NOT_ACTIVE', '该党员已不在册，不能接收；请退回该转接');
    if (m.orgId !== t.fromOrgId) throw new AppError('CONFLICT', '该党员已不在转出的党组织，请退回该转接');
    const moved = await applyMemberEventIn(
      ctx,
      tx,
      m,
      {
        kind: 'move',
        effectiveOn: on,
        orgCode: t.toOrgCode!,
        note: `组织关系转接${t.letterNo ? `（介绍信 ${t.letterNo}）` : ''}`,
      },
      transferResource(t.id, t.toOrgPath!),
    );
    await decideTransfer(tx, t.id, {
      state: 'accepted',
      on,
      reason: null,
      note: input.note ?? null,
      by: actorId(ctx.actor),
    });
    // the transfer as decided, without reading it again: its state, day and note, and the member's org, changed
    return viewTransfer(
      ctx,
      {
        ...t,
        state: 'accepted',
        decidedOn: on,
        reason: null,
        note: input.note ?? t.note,
        memberStatus: moved.status,
        confirmedOn: moved.confirmedOn,
        memberOrgPath: moved.orgPath,
      },
      today,
    );
  });
}

/**
 * The receiving org returns a transfer within Jiceng with a reason (the member stays with the sender); or the
 * sending org records an outgoing letter returned unused.
 */
export async function returnTransfer(ctx: Ctx, id: number, input: TransferReturn): Promise<TransferView> {
  return ctx.db.transaction(async (tx) => {
    const peek = await transferById(tx, id);
    if (!peek || !seesTransfer(ctx, peek)) throw notFound();
    const t = await requireEnd(ctx, tx, id, peek.kind === 'internal' ? 'to' : 'from');
    requireOpen(t, t.kind === 'incoming' ? 'internal' : t.kind);
    const today = ctx.clock.today();
    const on = input.returnedOn ?? today;
    const p = checkDecidedOn(t.issuedOn, on, today);
    if (p) throw new AppError(p.code, p.message);
    await decideTransfer(tx, t.id, {
      state: 'returned',
      on,
      reason: input.reason,
      note: null,
      by: actorId(ctx.actor),
    });
    return viewTransfer(ctx, (await transferById(tx, t.id))!, today);
  });
}

/** The sending org records the receipt (回执) of an outgoing letter: the member is transferred out that day. */
export async function recordReceipt(ctx: Ctx, id: number, input: TransferReceipt): Promise<TransferView> {
  return ctx.db.transaction(async (tx) => {
    const t = await requireEnd(ctx, tx, id, 'from');
    requireOpen(t, 'outgoing');
    const today = ctx.clock.today();
    const p = checkDecidedOn(t.issuedOn, input.receivedOn, today);
    if (p) throw new AppError(p.code, p.message);
    await recordMemberEventIn(ctx, tx, t.memberId, {
      kind: 'transfer_out',
      effectiveOn: input.receivedOn,
      note: `转往${t.externalOrg}${t.letterNo ? `（介绍信 ${t.letterNo}）` : ''}，已收到回执`,
    });
    await decideTransfer(tx, t.id, {
      state: 'accepted',
      on: input.receivedOn,
      reason: null,
      note: input.note ?? null,
      by: actorId(ctx.actor),
    });
    return viewTransfer(ctx, (await transferById(tx, t.id))!, today);
  });
}

/**
 * The receiving org records a letter from outside Jiceng: the member comes onto its roster today — a new person
 * (their history in Jiceng starts today, with their join and confirmation dates as the letter gives them), or a
 * former member who had transferred out returning into their membership (decision 0011).
 */
export async function recordIncoming(
  ctx: Ctx,
  orgCode: string,
  input: TransferIncoming,
): Promise<TransferView> {
  return ctx.db.transaction(async (tx) => {
    const o = await requireOrg(ctx, tx, orgCode);
    const today = ctx.clock.today();
    if (input.issuedOn > today) throw new AppError('EVENT_DATE_INVALID', '介绍信开具日期不能晚于今天');
    const { externalOrg, letterNo, issuedOn, note, ...member } = input;
    const id = await createMemberIn(ctx, tx, { ...member, orgCode: o.code });
    // a new person's history in Jiceng starts the day they arrive, not the day they joined the Party elsewhere
    const periods = await memberPeriods(tx, id);
    if (periods.length && periods[0]!.from < today && !periods.some((q) => q.status === 'transferred_out')) {
      const status = periods[periods.length - 1]!.status;
      await rewriteMemberPeriods(tx, id, periods, [{ orgId: o.id, status, from: today, to: null }]);
      await insertMemberEvent(tx, {
        memberId: id,
        kind: 'transfer_in',
        effectiveOn: today,
        data: {
          note: letterNo ? `介绍信 ${letterNo}` : null,
          fromOrgName: externalOrg,
          toOrgCode: o.code,
          toOrgName: o.name,
        },
        recordedBy: actorId(ctx.actor),
      });
    }
    const tid = await insertTransfer(tx, {
      memberId: id,
      kind: 'incoming',
      fromOrgId: null,
      toOrgId: o.id,
      externalOrg,
      letterNo: letterNo ?? null,
      issuedOn,
      validUntil: await validUntil(ctx, tx, issuedOn),
      state: 'accepted',
      decidedOn: today,
      note: note ?? null,
      createdBy: actorId(ctx.actor),
    });
    return viewTransfer(ctx, (await transferById(tx, tid))!, today);
  });
}

/** Orgs a transfer may be addressed to: active orgs of the deployment that may hold members (code and name). */
export async function searchDestinations(ctx: Ctx, q: string): Promise<{ code: string; name: string }[]> {
  // LIKE's wildcards are not search text: a query of only '%' or '_' lists nothing, not every org in the county
  const s = q.replace(/[%_\\]/g, '').trim();
  if (!s) return [];
  const kinds = ORG_KINDS.map((k) => k.code).filter(mayHoldMembers);
  return transferDestinations(ctx.db, s, kinds, 20);
}
