/**
 * Use cases of dues (issue 12, decision 0020): a member's bases, reliefs and payments, an org's remittances, the
 * dues of a subtree for a month, its totals and reconciliation, and the 党统 table 2 counts — records entered once,
 * everything else derived by the pure rules (src/domain/dues) from one set-based read. Reading needs `read` (a
 * member account reads its own dues), writing `dues.write` on the member's or the org's org.
 */
import { AppError, type ErrorCode } from '../shared/errors.js';
import { addDays, isIsoDate, type IsoDate } from '../shared/dates.js';
import type { Ctx } from './context.js';
import type { Db } from '../db/client.js';
import type {
  DuesBasisCreate,
  DuesBatch,
  DuesPartyStats,
  DuesPayment,
  DuesPaymentCreate,
  DuesPaymentResult,
  DuesReliefCreate,
  DuesRemittanceCreate,
  DuesLineFilter,
  DuesStatus,
  DuesSummary,
  MemberDues,
} from '../shared/dues.js';
import {
  basesOf,
  collectedIn,
  deleteBasis,
  deletePayment,
  deleteRelief,
  deleteRemittance,
  duesFacts,
  insertPayment,
  insertRelief,
  insertRemittance,
  owingSpans,
  paymentById,
  paymentsForMonth,
  paymentsOf,
  reliefsOf,
  remittanceById,
  remittancesIn,
  upsertBasis,
  type MemberDuesRow,
  type PaymentRow,
  type RemittanceRow,
} from '../db/repositories/dues.js';
import { memberById, type MemberRow } from '../db/repositories/members.js';
import { duesLines, duesOwnCell, duesTotals, type DuesCell } from '../db/repositories/dues-rollup.js';
import { duesReady, refreshDuesOfMembers } from './dues-rollup.js';
import { childrenOf } from '../db/repositories/orgs.js';
import { settingHistory } from '../db/repositories/settings.js';
import { requireOrg } from './orgs.js';
import { allowed, readsMember, readsOrg } from './access.js';
import { actorId, memberResource, orgResource } from '../domain/access/policy.js';
import { rulesAt } from '../policy/rules.js';
import { settingsOn, type LocalSettings } from '../policy/settings.js';
import { maskIdNumber } from '../shared/id-number.js';
import { DUES_CATEGORIES, labelOf } from '../shared/codes.js';
import { writeXlsx, type XlsxTarget } from '../io/write-xlsx.js';
import { needsBase, yuan } from '../domain/dues/amounts.js';
import {
  dueIn,
  judgeDues,
  owesIn,
  monthIn,
  type DuesJudgement,
  type MemberDuesFacts,
} from '../domain/dues/ledger.js';
import {
  addMonthsTo,
  monthEnd,
  monthOfDate,
  monthsBetween,
  monthsFromTo,
  monthStart,
  monthZh,
  type Month,
} from '../domain/dues/months.js';
import {
  paymentProblems,
  paymentWarnings,
  toCentre,
  type DuesProblem,
  type DuesWarning,
  type PaymentInput,
} from '../domain/dues/payment.js';
import { wasDrawn } from '../db/repositories/sampling.js';

type DuesSettings = Pick<LocalSettings, 'duesFarmerFen' | 'duesRoundingFen' | 'duesRecheckMonths'>;

function invalid(field: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', message, [{ field, code: 'invalid', message }]);
}

function problemError(p: DuesProblem): AppError {
  return new AppError(p.code as ErrorCode, p.message, [{ field: p.field, code: p.code, message: p.message }]);
}

/** The dues settings in force on any date, from the deployment's history of changes (one read). */
export async function duesSettingsAt(db: Db): Promise<(d: IsoDate) => DuesSettings> {
  const history = (await settingHistory(db)).filter((r) => r.key.startsWith('dues'));
  const cache = new Map<string, DuesSettings>();
  return (d) => {
    // settings change from a day; dues judge a month by its first day, so a cache per day is small
    let s = cache.get(d);
    if (!s) {
      s = settingsOn(history, d);
      cache.set(d, s);
    }
    return s;
  };
}

function checkAsOf(ctx: Ctx, asOf: IsoDate | undefined | null): IsoDate {
  const today = ctx.clock.today();
  const d = asOf ?? today;
  if (!isIsoDate(d)) throw invalid('asOf', '日期格式应为 YYYY-MM-DD');
  if (d > today) throw invalid('asOf', '截至日期不能晚于今天');
  return d;
}

function checkMonthAsOf(month: Month, asOf: IsoDate): void {
  if (month > monthOfDate(asOf)) throw invalid('month', '月份不能晚于截至日期所在的月份');
}

/** A dues row of `duesFacts` as the pure judgement takes it. */
export function factsOf(r: Pick<MemberDuesRow, 'owing' | 'bases' | 'reliefs' | 'payments'>): MemberDuesFacts {
  return {
    owing: r.owing.map(([from, to]) => ({ from, to })),
    bases: r.bases.map(([category, baseFen, fromMonth]) => ({ category, baseFen, fromMonth })),
    reliefs: r.reliefs.map(([kind, monthlyFen, fromMonth, toMonth]) => ({
      kind,
      monthlyFen,
      fromMonth,
      toMonth,
    })),
    payments: r.payments.map(([id, fromMonth, toMonth, amountFen, paidOn]) => ({
      id,
      fromMonth,
      toMonth,
      amountFen,
      paidOn,
    })),
  };
}

// ------------------------------------------------------------------------------------------------ a subtree

/** Does a member line pass a filter of the status list? */
function passes(m: DuesStatus['members'][number], filter: DuesLineFilter | null | undefined): boolean {
  if (!filter) return true;
  if (filter === 'short') return m.state === 'partial' || m.state === 'unpaid';
  if (filter === 'flagged') return m.flag !== null;
  if (filter === 'unknown') return m.state === 'unknown';
  return m.recheckDue;
}

/**
 * The dues of every member of the subtree for a month, as of a date (today by default); optionally only the lines
 * passing a filter, and a page of them (`matching` counts them all). Today's month as of today is read from the
 * maintained rollup (decision 0031); any other month or day is judged live from the records.
 */
export async function getDuesStatus(
  ctx: Ctx,
  orgCode: string,
  q: {
    month: Month;
    asOf?: IsoDate | null | undefined;
    filter?: DuesLineFilter | null | undefined;
    limit?: number | null | undefined;
    offset?: number | null | undefined;
  },
): Promise<DuesStatus> {
  const asOf = checkAsOf(ctx, q.asOf);
  checkMonthAsOf(q.month, asOf);
  const o = await requireOrg(ctx, ctx.db, orgCode);
  const today = ctx.clock.today();
  if (asOf === today && q.month === monthOfDate(today) && (await duesReady(ctx.db, today)))
    return statusFromRollup(ctx, o, q.month, asOf, q);
  const [rows, settingsAt] = await Promise.all([
    duesFacts(ctx.db, o.path, q.month, q.month, asOf),
    duesSettingsAt(ctx.db),
  ]);
  const asOfMonth = monthOfDate(asOf);
  const recheckMonths = settingsAt(asOf).duesRecheckMonths;
  const out: DuesStatus = {
    org: o.code,
    orgName: o.name,
    month: q.month,
    asOf,
    totals: { due: 0, paid: 0, arrears: 0 },
    counts: { members: 0, unknown: 0, threeMonths: 0, sixMonths: 0, short: 0, recheck: 0 },
    members: [],
    matching: 0,
  };
  for (const r of rows) {
    if (!readsOrg(ctx, r.orgPath)) continue;
    const f = factsOf(r);
    const j = judgeDues(f, { asOf, month: q.month, rulesAt, settingsAt });
    const m = monthIn(j, q.month) ?? {
      ...dueIn(f, q.month, { rulesAt, settingsAt }),
      paid: 0,
      status: 'unknown',
    };
    const state = m.status === 'not_owed' || m.due !== null ? m.status : 'unknown';
    // the basis in force in the month, and whether it is older than the re-check period (每年核定)
    const basis = [...f.bases].reverse().find((b) => b.fromMonth <= q.month) ?? null;
    out.members.push({
      id: r.memberId,
      name: r.name,
      idNumber: maskIdNumber(r.idNumber),
      orgCode: r.orgCode,
      orgName: r.orgName,
      category: m.category,
      baseFen: m.baseFen,
      relief: m.relief,
      due: m.due,
      paid: m.paid,
      arrearsMonths: j.arrearsMonths,
      arrears: j.arrears,
      flag: j.flag,
      state,
      basisFrom: basis?.fromMonth ?? null,
      recheckDue: basis !== null && monthsBetween(basis.fromMonth, asOfMonth) >= recheckMonths,
    });
    out.totals.due += m.due ?? 0;
    out.totals.paid += m.paid;
    out.totals.arrears += j.arrears;
    out.counts.members++;
    if (state === 'unknown') out.counts.unknown++;
    if (j.flag === 'three_months') out.counts.threeMonths++;
    if (j.flag === 'six_months') out.counts.sixMonths++;
  }
  out.counts.short = out.members.filter((m) => passes(m, 'short')).length;
  out.counts.recheck = out.members.filter((m) => m.recheckDue).length;
  out.members = out.members.filter((m) => passes(m, q.filter));
  out.matching = out.members.length;
  if (q.limit) {
    const from = q.offset ?? 0;
    out.members = out.members.slice(from, from + q.limit);
  }
  return out;
}

/** Today's month as of today from the rollup: the subtree's totals from its cells, the members from their lines. */
async function statusFromRollup(
  ctx: Ctx,
  o: { id: number; code: string; name: string; path: string },
  month: Month,
  asOf: IsoDate,
  q: {
    filter?: DuesLineFilter | null | undefined;
    limit?: number | null | undefined;
    offset?: number | null;
  },
): Promise<DuesStatus> {
  const [lines, totals] = await Promise.all([
    duesLines(ctx.db, o.path, { filter: q.filter ?? null, limit: q.limit ?? null, offset: q.offset ?? 0 }),
    duesTotals(ctx.db, [o.id], month, month),
  ]);
  const t = totals[0];
  return {
    org: o.code,
    orgName: o.name,
    month,
    asOf,
    totals: { due: t?.due ?? 0, paid: t?.paid ?? 0, arrears: t?.arrears ?? 0 },
    counts: {
      members: t?.members ?? 0,
      unknown: t?.unknown ?? 0,
      threeMonths: t?.threeMonths ?? 0,
      sixMonths: t?.sixMonths ?? 0,
      short: t?.short ?? 0,
      recheck: lines.recheck,
    },
    members: lines.rows
      .filter((r) => readsOrg(ctx, r.orgPath))
      .map((r) => ({
        id: r.memberId,
        name: r.name,
        idNumber: maskIdNumber(r.idNumber),
        orgCode: r.orgCode,
        orgName: r.orgName,
        category: r.category,
        baseFen: r.baseFen,
        relief: r.relief,
        due: r.due,
        paid: r.paid,
        arrearsMonths: r.arrearsMonths,
        arrears: r.arrears,
        flag: r.flag,
        state: r.state,
        basisFrom: r.basisFrom,
        recheckDue: r.recheckDue,
      })),
    matching: lines.total,
  };
}

interface Line {
  due: number;
  paid: number;
  arrears: number;
  members: number;
  unknown: number;
  threeMonths: number;
  sixMonths: number;
}
function addLine(line: Line, c: DuesCell): void {
  line.due += c.due;
  line.paid += c.paid;
  line.arrears += c.arrears;
  line.members += c.members;
  line.unknown += c.unknown;
  line.threeMonths += c.threeMonths;
  line.sixMonths += c.sixMonths;
}
const emptyLine = (): Line => ({
  due: 0,
  paid: 0,
  arrears: 0,
  members: 0,
  unknown: 0,
  threeMonths: 0,
  sixMonths: 0,
});

/**
 * A subtree's dues for a month by org (the org's own roster and each org directly below it, with its subtree),
 * the months of the year to it, and the reconciliation of what was collected, due and remitted.
 */
export async function getDuesSummary(
  ctx: Ctx,
  orgCode: string,
  q: { month: Month; asOf?: IsoDate | null | undefined },
): Promise<DuesSummary> {
  const asOf = checkAsOf(ctx, q.asOf);
  checkMonthAsOf(q.month, asOf);
  const o = await requireOrg(ctx, ctx.db, orgCode);
  const first = `${q.month.slice(0, 4)}-01`;
  const today = ctx.clock.today();
  const state = asOf === today ? await duesReady(ctx.db, today) : null;
  const fromRollup = state !== null && first >= state.fromMonth;
  const [rows, settingsAt, collected, remittances, children] = await Promise.all([
    fromRollup ? Promise.resolve([]) : duesFacts(ctx.db, o.path, first, q.month, asOf),
    duesSettingsAt(ctx.db),
    collectedIn(
      ctx.db,
      o.path,
      monthStart(q.month),
      monthEnd(q.month),
      rulesAt(asOf).dues.voluntaryToCentreFen,
    ),
    remittancesIn(ctx.db, o.path, q.month, q.month),
    childOrgsOf(ctx, o),
  ]);
  const months = monthsFromTo(first, q.month).map((month) => ({ month, due: 0, paid: 0, unknown: 0 }));
  const total = emptyLine();
  const byOrg = new Map<string, Line & { code: string; name: string; own: boolean }>();
  byOrg.set(o.path, { ...emptyLine(), code: o.code, name: o.name, own: true });
  for (const c of children) byOrg.set(c.path, { ...emptyLine(), code: c.code, name: c.name, own: false });
  const lineOf = (path: string) => {
    for (const c of children) if (path.startsWith(c.path)) return byOrg.get(c.path)!;
    return byOrg.get(o.path)!;
  };
  if (fromRollup) {
    // the cells of the org (its subtree) for the year's months, and of each child (its subtree) and its own roster
    const ids = [o.id, ...children.map((c) => c.id)];
    const [cells, own] = await Promise.all([
      duesTotals(ctx.db, ids, first, q.month),
      duesOwnCell(ctx.db, o.id, q.month),
    ]);
    const pathOf = new Map<number, string>([[o.id, o.path], ...children.map((c) => [c.id, c.path] as const)]);
    for (const c of cells) {
      if (c.orgId === o.id) {
        const mm = months.find((x) => x.month === c.month);
        if (mm) {
          mm.due = c.due;
          mm.paid = c.paid;
          mm.unknown = c.unknown;
        }
      }
      if (c.month !== q.month) continue;
      const line = c.orgId === o.id ? total : byOrg.get(pathOf.get(c.orgId)!)!;
      addLine(line, c);
    }
    if (own) addLine(byOrg.get(o.path)!, own);
  }
  for (const r of rows) {
    if (!readsOrg(ctx, r.orgPath)) continue;
    const f = factsOf(r);
    const j: DuesJudgement = judgeDues(f, { asOf, month: q.month, rulesAt, settingsAt });
    for (const mm of months) {
      const m = monthIn(j, mm.month);
      // a month owed before the member's first record is not judged: 未核定, as in the org lines
      if (!m && owesIn(f.owing, mm.month)) mm.unknown++;
      if (!m || m.status === 'not_owed') continue;
      if (m.due === null) mm.unknown++;
      mm.due += m.due ?? 0;
      mm.paid += m.paid;
    }
    const m = monthIn(j, q.month);
    const owed = r.owing.some(([f, t]) => f < monthEnd(q.month) && (t === null || t > monthStart(q.month)));
    if (!owed) continue;
    for (const line of [total, lineOf(r.orgPath)]) {
      line.members++;
      line.due += m?.due ?? 0;
      line.paid += m?.paid ?? 0;
      line.arrears += j.arrears;
      if (!m || m.due === null) line.unknown++;
      if (j.flag === 'three_months') line.threeMonths++;
      if (j.flag === 'six_months') line.sixMonths++;
    }
  }
  const sum = (xs: readonly { amountFen: number }[]) => xs.reduce((a, x) => a + x.amountFen, 0);
  return {
    org: o.code,
    orgName: o.name,
    month: q.month,
    asOf,
    total,
    orgs: [...byOrg.values()].filter((l) => !l.own || l.members > 0 || children.length === 0),
    months,
    reconciliation: {
      collected: collected.amountFen,
      voluntary: collected.voluntaryFen,
      toCentre: collected.toCentreFen,
      due: total.due,
      remitted: sum(remittances.filter((t) => t.orgPath === o.path)),
    },
  };
}

async function childOrgsOf(
  ctx: Ctx,
  o: { id: number; path: string },
): Promise<{ id: number; code: string; name: string; path: string }[]> {
  return (await childrenOf(ctx.db, o.id, false)).filter((c) => readsOrg(ctx, c.path));
}

// ------------------------------------------------------------------------------------------------ one member

async function requireMemberRead(ctx: Ctx, db: Db, id: number): Promise<MemberRow> {
  const m = await memberById(db, id, '/');
  if (!m || !readsMember(ctx, { id: m.id, orgPath: m.orgPath })) throw new AppError('MEMBER_NOT_FOUND');
  return m;
}

async function requireMemberWrite(ctx: Ctx, db: Db, id: number): Promise<MemberRow> {
  const m = await requireMemberRead(ctx, db, id);
  if (!allowed(ctx, 'dues.write', memberResource({ id: m.id, orgPath: m.orgPath })))
    throw new AppError('FORBIDDEN', '您没有权限记录该党员的党费');
  return m;
}

function paymentView(p: PaymentRow): DuesPayment {
  return {
    id: p.id,
    memberId: p.memberId,
    fromMonth: p.fromMonth,
    toMonth: p.toMonth,
    amountFen: p.amountFen,
    voluntaryFen: p.voluntaryFen,
    toCentre: toCentre(p.voluntaryFen, rulesAt(p.paidOn).dues),
    paidOn: p.paidOn,
    method: p.method,
    channel: p.channel,
    paidBy: p.paidBy,
    note: p.note,
    createdAt: p.createdAt,
    verification: p.verification,
  };
}

/** A member's dues records, month by month, and their arrears and flag as of a date. */
export async function getMemberDues(
  ctx: Ctx,
  memberId: number,
  asOfIn?: IsoDate | null,
): Promise<MemberDues> {
  const asOf = checkAsOf(ctx, asOfIn);
  const m = await requireMemberRead(ctx, ctx.db, memberId);
  const [owing, bases, reliefs, payments, settingsAt] = await Promise.all([
    owingSpans(ctx.db, m.id),
    basesOf(ctx.db, m.id),
    reliefsOf(ctx.db, m.id),
    paymentsOf(ctx.db, m.id),
    duesSettingsAt(ctx.db),
  ]);
  const j = judgeDues(
    {
      owing,
      bases,
      reliefs,
      payments: payments.map((p) => ({ ...p })),
    },
    { asOf, rulesAt, settingsAt },
  );
  const asOfMonth = monthOfDate(asOf);
  const current = [...bases].reverse().find((b) => b.fromMonth <= asOfMonth) ?? null;
  const recheckMonths = settingsAt(asOf).duesRecheckMonths;
  return {
    memberId: m.id,
    name: m.name,
    asOf,
    current,
    recheckDue: current !== null && monthsBetween(current.fromMonth, asOfMonth) >= recheckMonths,
    arrearsMonths: j.arrearsMonths,
    arrears: j.arrears,
    flag: j.flag,
    months: j.months.filter((x) => x.status !== 'not_owed').reverse(),
    bases: bases.map(({ memberId: _m, ...b }) => b),
    reliefs: reliefs.map(({ memberId: _m, ...r }) => r),
    payments: payments
      .filter((p) => p.paidOn <= asOf)
      .reverse()
      .map(paymentView),
  };
}

export async function recordBasis(ctx: Ctx, memberId: number, input: DuesBasisCreate): Promise<MemberDues> {
  await ctx.db.transaction(async (tx) => {
    const m = await requireMemberWrite(ctx, tx, memberId);
    const rules = rulesAt(monthStart(input.fromMonth)).dues;
    const withBase = needsBase(rules, input.category);
    if (withBase && (input.baseFen === null || input.baseFen === undefined))
      throw new AppError('DUES_BASE_REQUIRED', undefined, [
        { field: 'baseFen', code: 'DUES_BASE_REQUIRED', message: ERROR_BASE },
      ]);
    const latest = addMonthsTo(monthOfDate(ctx.clock.today()), rules.prepayMonths);
    if (input.fromMonth > latest) throw invalid('fromMonth', '执行起始月份不能晚于3个月之后');
    await upsertBasis(
      tx,
      {
        memberId: m.id,
        category: input.category,
        baseFen: withBase ? input.baseFen! : null,
        fromMonth: input.fromMonth,
        note: input.note || null,
      },
      actorId(ctx.actor),
    );
    await refreshDuesOfMembers(tx, [m.id]);
  });
  return getMemberDues(ctx, memberId);
}
const ERROR_BASE = '该类别按工资（收入）基数计算党费，请填写月基数';

export async function removeBasis(ctx: Ctx, memberId: number, basisId: number): Promise<MemberDues> {
  await ctx.db.transaction(async (tx) => {
    const m = await requireMemberWrite(ctx, tx, memberId);
    if (!(await deleteBasis(tx, m.id, basisId))) throw new AppError('NOT_FOUND', '没有找到该党费基数记录');
    await refreshDuesOfMembers(tx, [m.id]);
  });
  return getMemberDues(ctx, memberId);
}

export async function recordRelief(ctx: Ctx, memberId: number, input: DuesReliefCreate): Promise<MemberDues> {
  await ctx.db.transaction(async (tx) => {
    const m = await requireMemberWrite(ctx, tx, memberId);
    if (input.kind === 'reduced' && !input.monthlyFen)
      throw invalid('monthlyFen', '经批准少交的，请填写每月交纳金额');
    if (input.toMonth && input.toMonth < input.fromMonth)
      throw invalid('toMonth', '结束月份不能早于开始月份');
    if (input.approvedOn > ctx.clock.today()) throw invalid('approvedOn', '批准日期不能晚于今天');
    await insertRelief(
      tx,
      {
        memberId: m.id,
        kind: input.kind,
        monthlyFen: input.kind === 'reduced' ? input.monthlyFen! : null,
        fromMonth: input.fromMonth,
        toMonth: input.toMonth ?? null,
        approvedBy: input.approvedBy,
        approvedOn: input.approvedOn,
        reason: input.reason || null,
      },
      actorId(ctx.actor),
    );
    await refreshDuesOfMembers(tx, [m.id]);
  });
  return getMemberDues(ctx, memberId);
}

export async function removeRelief(ctx: Ctx, memberId: number, reliefId: number): Promise<MemberDues> {
  await ctx.db.transaction(async (tx) => {
    const m = await requireMemberWrite(ctx, tx, memberId);
    if (!(await deleteRelief(tx, m.id, reliefId)))
      throw new AppError('NOT_FOUND', '没有找到该少交、免交记录');
    await refreshDuesOfMembers(tx, [m.id]);
  });
  return getMemberDues(ctx, memberId);
}

/**
 * Checks one payment of a member against their records (refusals thrown) and returns what it would owe for the
 * months it covers (null where unknown) with the warnings.
 */
export async function planPayment(
  db: Db,
  today: IsoDate,
  memberId: number,
  p: PaymentInput,
  settingsAt: (d: IsoDate) => DuesSettings,
): Promise<{ problems: DuesProblem[]; warnings: DuesWarning[] }> {
  const rules = rulesAt(p.paidOn).dues;
  const [owing, bases, reliefs] = await Promise.all([
    owingSpans(db, memberId),
    basesOf(db, memberId),
    reliefsOf(db, memberId),
  ]);
  const problems = paymentProblems(p, { today, owing, rules });
  if (problems.length) return { problems, warnings: [] };
  let dueFen: number | null = 0;
  for (const m of monthsFromTo(p.fromMonth, p.toMonth)) {
    const d = dueIn({ owing, bases, reliefs }, m, { rulesAt, settingsAt }).due;
    dueFen = d === null || dueFen === null ? null : dueFen + d;
  }
  return { problems, warnings: paymentWarnings(p, { rules, dueFen }) };
}

export async function recordPayment(
  ctx: Ctx,
  memberId: number,
  input: DuesPaymentCreate,
): Promise<DuesPaymentResult> {
  return ctx.db.transaction(async (tx) => {
    const m = await requireMemberWrite(ctx, tx, memberId);
    const p: PaymentInput = {
      fromMonth: input.fromMonth,
      toMonth: input.toMonth ?? input.fromMonth,
      amountFen: input.amountFen,
      voluntaryFen: input.voluntaryFen ?? 0,
      paidOn: input.paidOn,
    };
    const { problems, warnings } = await planPayment(
      tx,
      ctx.clock.today(),
      m.id,
      p,
      await duesSettingsAt(tx),
    );
    if (problems.length) throw problemError(problems[0]!);
    const id = await insertPayment(
      tx,
      {
        memberId: m.id,
        orgId: m.orgId,
        ...p,
        method: input.method,
        channel: 'branch',
        paidBy: input.paidBy || null,
        note: input.note || null,
      },
      actorId(ctx.actor),
    );
    await refreshDuesOfMembers(tx, [m.id]);
    const all = await paymentsOf(tx, m.id);
    const row =
      all.find((x) => x.id === id) ??
      all.find(
        (x) =>
          x.fromMonth === p.fromMonth &&
          x.toMonth === p.toMonth &&
          x.paidOn === p.paidOn &&
          x.amountFen === p.amountFen &&
          x.voluntaryFen === p.voluntaryFen,
      )!;
    return { payment: paymentView(row), created: id !== null, warnings: id === null ? [] : warnings };
  });
}

/** A branch records a month's dues at once: every item a payment of a member of the org's subtree. All or nothing. */
export async function recordBatch(
  ctx: Ctx,
  orgCode: string,
  input: DuesBatch,
): Promise<{
  created: number;
  duplicates: number;
  warnings: (DuesWarning & { memberId: number; name: string })[];
}> {
  return ctx.db.transaction(async (tx) => {
    const o = await requireOrg(ctx, tx, orgCode);
    const settingsAt = await duesSettingsAt(tx);
    const out = {
      created: 0,
      duplicates: 0,
      warnings: [] as (DuesWarning & { memberId: number; name: string })[],
    };
    const seen = new Set<number>();
    for (const item of input.items) {
      if (seen.has(item.memberId)) throw invalid('items', '同一名党员在一次记录中只能出现一次');
      seen.add(item.memberId);
      const m = await requireMemberWrite(ctx, tx, item.memberId);
      if (!m.orgPath.startsWith(o.path)) throw new AppError('MEMBER_NOT_FOUND');
      if (item.amountFen === 0) continue;
      const p: PaymentInput = {
        fromMonth: input.fromMonth,
        toMonth: input.toMonth ?? input.fromMonth,
        amountFen: item.amountFen,
        voluntaryFen: 0,
        paidOn: input.paidOn,
      };
      const { problems, warnings } = await planPayment(tx, ctx.clock.today(), m.id, p, settingsAt);
      if (problems.length) {
        const e = problems[0]!;
        throw new AppError(e.code as ErrorCode, `${m.name}：${e.message}`, [
          { field: `items.${m.id}`, code: e.code, message: `${m.name}：${e.message}` },
        ]);
      }
      const id = await insertPayment(
        tx,
        {
          memberId: m.id,
          orgId: m.orgId,
          ...p,
          method: input.method,
          channel: 'branch',
          paidBy: item.paidBy || null,
          note: null,
        },
        actorId(ctx.actor),
      );
      if (id === null) out.duplicates++;
      else {
        out.created++;
        for (const w of warnings) out.warnings.push({ ...w, memberId: m.id, name: m.name });
      }
    }
    await refreshDuesOfMembers(tx, [...seen]);
    return out;
  });
}

export async function removePayment(ctx: Ctx, id: number): Promise<{ deleted: true }> {
  return ctx.db.transaction(async (tx) => {
    const p = await paymentById(tx, id);
    if (!p || !readsOrg(ctx, p.orgPath)) throw new AppError('NOT_FOUND', '没有找到该缴费记录，或您无权查看');
    if (!allowed(ctx, 'dues.write', orgResource(p.orgPath)))
      throw new AppError('FORBIDDEN', '您没有权限修改该党组织的党费记录');
    // a payment drawn for on-site verification is kept with its history, as a drawn meeting is (decision 0038)
    if (await wasDrawn(tx, 'dues_payment', id))
      throw new AppError(
        'SAMPLING_REFUSED',
        '该缴费记录已被抽查，不能删除；如有错误请补记一笔更正的缴费并在备注中说明',
      );
    await deletePayment(tx, id);
    await refreshDuesOfMembers(tx, [p.memberId]);
    return { deleted: true as const };
  });
}

// ------------------------------------------------------------------------------------------------ remittances

function remittanceView(t: RemittanceRow) {
  return {
    id: t.id,
    orgCode: t.orgCode,
    orgName: t.orgName,
    month: t.month,
    remittedOn: t.remittedOn,
    amountFen: t.amountFen,
    note: t.note,
    createdAt: t.createdAt,
  };
}

/** The remittances of an org and the orgs below it in a year. */
export async function listRemittances(ctx: Ctx, orgCode: string, year: number) {
  const o = await requireOrg(ctx, ctx.db, orgCode);
  const rows = await remittancesIn(ctx.db, o.path, `${year}-01`, `${year}-12`);
  return rows.filter((t) => readsOrg(ctx, t.orgPath)).map(remittanceView);
}

export async function recordRemittance(ctx: Ctx, orgCode: string, input: DuesRemittanceCreate) {
  return ctx.db.transaction(async (tx) => {
    const o = await requireOrg(ctx, tx, orgCode);
    if (!allowed(ctx, 'dues.write', orgResource(o.path)))
      throw new AppError('FORBIDDEN', '您没有权限记录该党组织的党费上缴');
    if (input.remittedOn > ctx.clock.today()) throw invalid('remittedOn', '上缴日期不能晚于今天');
    if (input.month > monthOfDate(ctx.clock.today())) throw invalid('month', '所属月份不能晚于本月');
    const id = await insertRemittance(
      tx,
      {
        orgId: o.id,
        month: input.month,
        remittedOn: input.remittedOn,
        amountFen: input.amountFen,
        note: input.note || null,
      },
      actorId(ctx.actor),
    );
    return remittanceView((await remittanceById(tx, id))!);
  });
}

export async function removeRemittance(ctx: Ctx, id: number): Promise<{ deleted: true }> {
  return ctx.db.transaction(async (tx) => {
    const t = await remittanceById(tx, id);
    if (!t || !readsOrg(ctx, t.orgPath)) throw new AppError('NOT_FOUND', '没有找到该上缴记录，或您无权查看');
    if (!allowed(ctx, 'dues.write', orgResource(t.orgPath)))
      throw new AppError('FORBIDDEN', '您没有权限修改该党组织的党费记录');
    await deleteRemittance(tx, id);
    return { deleted: true as const };
  });
}

// ------------------------------------------------------------------------------------------------ collection sheet

/** The monthly collection sheet: each member's due, paid and arrears, and the payments covering the month. */
export async function collectionSheet(ctx: Ctx, orgCode: string, q: { month: Month; asOf?: IsoDate | null }) {
  const status = await getDuesStatus(ctx, orgCode, q);
  const o = await requireOrg(ctx, ctx.db, orgCode);
  const payments = (await paymentsForMonth(ctx.db, o.path, q.month)).filter((p) => p.paidOn <= status.asOf);
  return { status, payments: payments.map((p) => ({ ...paymentView(p), name: p.name, orgCode: p.orgCode })) };
}

const STATE_ZH: Record<string, string> = {
  not_owed: '不需交纳',
  unknown: '未核定',
  nothing_due: '免交',
  paid: '已交清',
  partial: '未交足',
  unpaid: '未交',
};
const FLAG_ZH = { three_months: '连续3个月以上未交', six_months: '连续6个月以上未交，需研究处理' } as const;

/** The monthly collection sheet as an .xlsx (收缴登记表): one row per member, yuan with two decimals. */
export async function collectionSheetXlsx(
  ctx: Ctx,
  orgCode: string,
  q: { month: Month; asOf?: IsoDate | null },
  target: XlsxTarget,
): Promise<{ rows: number }> {
  const s = await getDuesStatus(ctx, orgCode, q);
  const rows = s.members.map((m, i) => ({
    no: i + 1,
    name: m.name,
    org: m.orgName,
    category: labelOf(DUES_CATEGORIES, m.category),
    base: m.baseFen === null ? '' : yuan(m.baseFen),
    due: m.due === null ? '未核定' : yuan(m.due),
    paid: yuan(m.paid),
    state: STATE_ZH[m.state] ?? m.state,
    arrears: m.arrearsMonths ? `${m.arrearsMonths}个月 ${yuan(m.arrears)}元` : '',
    flag: m.flag ? FLAG_ZH[m.flag] : '',
    sign: '',
  }));
  rows.push({
    no: '' as unknown as number,
    name: '合计',
    org: '',
    category: '',
    base: '',
    due: yuan(s.totals.due),
    paid: yuan(s.totals.paid),
    state: '',
    arrears: yuan(s.totals.arrears),
    flag: '',
    sign: '',
  });
  return writeXlsx(
    target,
    {
      name: '党费收缴',
      title: `${s.orgName} ${monthZh(s.month)}党费收缴登记表（截至${s.asOf}，金额单位：元）`,
      columns: [
        { header: '序号', key: 'no', kind: 'number', width: 6 },
        { header: '姓名', key: 'name', width: 10 },
        { header: '所在党组织', key: 'org', width: 24 },
        { header: '党员类别', key: 'category', width: 16 },
        { header: '月基数', key: 'base', width: 12 },
        { header: '应交', key: 'due', width: 10 },
        { header: '实交', key: 'paid', width: 10 },
        { header: '本月情况', key: 'state', width: 10 },
        { header: '累计欠交', key: 'arrears', width: 16 },
        { header: '提示', key: 'flag', width: 26 },
        { header: '党员签字', key: 'sign', width: 12 },
      ],
    },
    rows,
  );
}

// ------------------------------------------------------------------------------------------------ 党统 table 2

/**
 * The 党统 table 2 dues counts for a year, as of a date (the year's end, or today while it runs): members who owed
 * dues in it; 按时按标准交纳 — every owed month up to the date known, fully paid and without a relief; 经批准少交
 * and 免交 — a relief in force in an owed month; 自愿一次性多交1000元以上 — a voluntary payment of 1000 yuan or more
 * paid in the year.
 */
export async function duesPartyStats(
  ctx: Ctx,
  orgCode: string,
  q: { year: number; asOf?: IsoDate | null },
): Promise<DuesPartyStats> {
  const today = ctx.clock.today();
  const yearEnd = `${q.year}-12-31`;
  const asOf = checkAsOf(ctx, q.asOf ?? (yearEnd < today ? yearEnd : today));
  if (q.year < 1900 || `${q.year}-01-01` > asOf) throw invalid('year', '年度不能晚于截至日期');
  const o = await requireOrg(ctx, ctx.db, orgCode);
  const last = asOf < yearEnd ? monthOfDate(asOf) : `${q.year}-12`;
  const [rows, settingsAt] = await Promise.all([
    duesFacts(ctx.db, o.path, `${q.year}-01`, last, asOf),
    duesSettingsAt(ctx.db),
  ]);
  const out: DuesPartyStats = {
    org: o.code,
    year: q.year,
    asOf,
    members: 0,
    paidInFull: 0,
    reduced: 0,
    exempt: 0,
    voluntaryOver1000: 0,
    unknown: 0,
  };
  const from = `${q.year}-01-01`;
  const end = addDays(yearEnd, 1);
  for (const r of rows) {
    if (!readsOrg(ctx, r.orgPath)) continue;
    const j = judgeDues(factsOf(r), { asOf, month: last, rulesAt, settingsAt });
    const months = j.months.filter(
      (m) => m.month >= `${q.year}-01` && m.month <= last && m.status !== 'not_owed',
    );
    if (!months.length && !r.owing.some(([f, t]) => f < end && (t === null || t > from))) continue;
    out.members++;
    const unknown = months.length === 0 || months.some((m) => m.status === 'unknown');
    if (unknown) out.unknown++;
    const reduced = months.some((m) => m.relief === 'reduced');
    const exempt = months.some((m) => m.relief === 'exempt');
    if (reduced) out.reduced++;
    if (exempt) out.exempt++;
    if (!unknown && !reduced && !exempt && months.every((m) => m.status === 'paid')) out.paidInFull++;
    const limit = rulesAt(asOf).dues.voluntaryToCentreFen;
    if (r.payments.some(([, , , , paidOn, vol]) => paidOn >= from && paidOn < end && vol >= limit))
      out.voluntaryOver1000++;
  }
  return out;
}
