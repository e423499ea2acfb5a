/**
 * Importing the two dues ledgers (decision 0020): 党费基数 and 党费缴纳. The members import's shape — parse every
 * row, check it, apply in one transaction, `dryRun` rolls back, `allOrNothing` writes nothing when any row is bad,
 * the same result with `warnings` — with the members named by ID number read in one statement for the whole file
 * and the rows written set-based. A row naming an unknown ID number (or one outside the account's scope), a name
 * that does not match, a bad amount or month, a month the member owed no dues is rejected with its reason; a
 * payment different from the amount due or a make-up older than six months is kept with a warning. Re-importing the
 * same file changes nothing: a basis is one per member and month, a payment's identity is member, months, day and
 * amounts (a unique index).
 */
import type { Ctx } from './context.js';
import type { ImportResult, ImportWarning } from '../shared/schemas.js';
import type { TableSource } from '../io/read-table.js';
import { fieldsOf, type SheetKind } from '../io/headers.js';
import {
  parseDuesBasisRows,
  parseDuesPaymentRows,
  type DuesBasisImport,
  type DuesPaymentImport,
  type ParsedRow,
} from '../io/parse-sheet.js';
import { ImportTally } from './import-rejections.js';
import {
  insertPayments,
  ledgerMembers,
  lockPaymentKeys,
  markDuesDirty,
  upsertBases,
  type LedgerMemberRow,
  type NewPayment,
} from '../db/repositories/dues.js';
import { allowed } from './access.js';
import { actorId, memberResource } from '../domain/access/policy.js';
import { rulesAt } from '../policy/rules.js';
import { dueIn, type MemberDuesFacts, type OwingSpan } from '../domain/dues/ledger.js';
import { monthsFromTo } from '../domain/dues/months.js';
import { paymentProblems, paymentWarnings } from '../domain/dues/payment.js';
import { duesSettingsAt, factsOf as duesFactsOf } from './dues.js';
import { refreshDuesOfMembers } from './dues-rollup.js';
import { maySkipRowTriggers, setBulkWrite } from '../db/repositories/bulk.js';
import { writeAudit } from './audit.js';
import { commonPath } from './bulk.js';
import { AppError } from '../shared/errors.js';
import type { ImportOptions } from './imports.js';

class Rollback extends Error {}

export async function inTransaction(
  ctx: Ctx,
  opts: ImportOptions,
  work: (tx: Ctx) => Promise<ImportTally>,
): Promise<ImportResult> {
  let out: ImportTally | null = null;
  try {
    await ctx.db.transaction(async (db) => {
      out = await work({ ...ctx, db });
      if (opts.dryRun || (opts.allOrNothing && out.rejectedTotal)) throw new Rollback();
    });
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
  }
  const result = (out as ImportTally | null)!.toResult();
  if (!opts.dryRun && opts.allOrNothing && result.rejectedTotal)
    return { ...result, inserted: 0, updated: 0, unchanged: 0 };
  return result;
}

/** Reads every row, then the members the good rows name (one statement), and checks each row against its member. */
async function readLedger<T extends { idNumber: string; name: string }>(
  ctx: Ctx,
  kind: SheetKind,
  rows: AsyncIterable<ParsedRow<T>>,
  tally: ImportTally,
): Promise<{ good: { row: number; value: T; member: LedgerMemberRow }[]; col: (key: string) => string }> {
  const parsed: { row: number; value: T }[] = [];
  for await (const r of rows) {
    tally.total++;
    if (r.errors.length || !r.value) {
      for (const e of r.errors) tally.reject(e);
      continue;
    }
    parsed.push({ row: r.row, value: r.value });
  }
  const canonical = new Map(fieldsOf(kind).map((f) => [f.key, f.header]));
  const col = (key: string) => canonical.get(key) ?? key;
  const members = new Map(
    (await ledgerMembers(ctx.db, [...new Set(parsed.map((p) => p.value.idNumber))])).map((m) => [
      m.idNumber,
      m,
    ]),
  );
  const good: { row: number; value: T; member: LedgerMemberRow }[] = [];
  for (const p of parsed) {
    const m = members.get(p.value.idNumber);
    if (!m || !allowed(ctx, 'dues.write', memberResource({ id: m.memberId, orgPath: m.orgPath }))) {
      tally.reject({
        row: p.row,
        column: col('idNumber'),
        code: 'MEMBER_NOT_FOUND',
        message: `没有身份证号为 ${p.value.idNumber.slice(0, 6)}…${p.value.idNumber.slice(-4)} 的党员，或不在您的管理范围内`,
      });
      continue;
    }
    if (m.name !== p.value.name) {
      tally.reject({
        row: p.row,
        column: col('name'),
        code: 'NAME_MISMATCH',
        message: `姓名“${p.value.name}”与身份证号对应的党员姓名“${m.name}”不一致`,
      });
      continue;
    }
    good.push({ ...p, member: m });
  }
  return { good, col };
}

const owingOf = (m: LedgerMemberRow): OwingSpan[] => m.owing.map(([from, to]) => ({ from, to }));

export async function importDuesBases(
  ctx: Ctx,
  source: TableSource,
  opts: ImportOptions = {},
): Promise<ImportResult> {
  return inTransaction(ctx, opts, async (tx) => {
    const tally = new ImportTally();
    const rows = parseDuesBasisRows(source, opts.onProgress ? { onProgress: opts.onProgress } : {});
    const { good, col } = await readLedger<DuesBasisImport>(tx, 'dues-bases', rows, tally);
    const seen = new Map<string, number>();
    const write: {
      memberId: number;
      category: DuesBasisImport['category'];
      baseFen: number | null;
      fromMonth: string;
    }[] = [];
    for (const g of good) {
      const owing = owingOf(g.member);
      // a basis from a month after the member left (or before any membership) is a mistake
      const lastDay = `${g.value.fromMonth}-01`;
      if (!owing.some((s) => s.to === null || s.to > lastDay)) {
        tally.reject({
          row: g.row,
          column: col('fromMonth'),
          code: 'DUES_NOT_OWED',
          message: `${g.value.fromMonth}该党员已不在党籍，不再交纳党费`,
        });
        continue;
      }
      const key = `${g.member.memberId}|${g.value.fromMonth}`;
      const first = seen.get(key);
      if (first !== undefined) {
        tally.reject({
          row: g.row,
          column: col('fromMonth'),
          code: 'DUPLICATE_IN_FILE',
          message: `与第${first}行是同一党员同一起始月份的基数`,
        });
        continue;
      }
      seen.set(key, g.row);
      write.push({
        memberId: g.member.memberId,
        category: g.value.category,
        baseFen: g.value.baseFen,
        fromMonth: g.value.fromMonth,
      });
    }
    const r = await upsertBases(tx.db, write, actorId(ctx.actor));
    tally.inserted = r.inserted;
    tally.updated = r.updated;
    tally.unchanged = write.length - r.inserted - r.updated;
    // the dues rollup of the members' orgs, in the same transaction (decision 0031)
    if (r.inserted + r.updated) await refreshDuesOfMembers(tx.db, [...new Set(write.map((w) => w.memberId))]);
    return tally;
  });
}

/** A payments ledger naming more members than this leaves the dues rollup to the next read. */
const BIG_LEDGER_MEMBERS = 3000;

const WARNING_CODE = {
  late_make_up: 'DUES_LATE_MAKE_UP',
  amount_differs: 'DUES_AMOUNT_DIFFERS',
  to_centre: 'DUES_TO_CENTRE',
} as const;

export async function importDuesPayments(
  ctx: Ctx,
  source: TableSource,
  opts: ImportOptions = {},
): Promise<ImportResult> {
  return inTransaction(ctx, opts, async (tx) => {
    const tally = new ImportTally();
    const rows = parseDuesPaymentRows(source, opts.onProgress ? { onProgress: opts.onProgress } : {});
    const { good, col } = await readLedger<DuesPaymentImport>(tx, 'dues', rows, tally);
    const settingsAt = await duesSettingsAt(tx.db);
    const today = ctx.clock.today();
    const judge = { rulesAt, settingsAt };
    const facts = new Map<number, Pick<MemberDuesFacts, 'owing' | 'bases' | 'reliefs'>>();
    const factsOf = (m: LedgerMemberRow) => {
      let f = facts.get(m.memberId);
      if (!f) {
        f = duesFactsOf({ ...m, payments: [] });
        facts.set(m.memberId, f);
      }
      return f;
    };
    const monthDues = new Map<number, Map<string, number | null>>();
    const duesOf = (m: LedgerMemberRow) => {
      let d = monthDues.get(m.memberId);
      if (!d) monthDues.set(m.memberId, (d = new Map()));
      return d;
    };
    const seen = new Map<string, number>();
    const write: NewPayment[] = [];
    const warned: ImportWarning[] = [];
    for (const g of good) {
      const v = g.value;
      const owing = factsOf(g.member).owing;
      const input = {
        fromMonth: v.fromMonth,
        toMonth: v.toMonth,
        amountFen: v.amountFen,
        voluntaryFen: v.voluntaryFen,
        paidOn: v.paidOn,
      };
      const rules = rulesAt(v.paidOn).dues;
      const problems = paymentProblems(input, { today, owing, rules });
      if (problems.length) {
        for (const p of problems)
          tally.reject({
            row: g.row,
            column: col(p.field === 'paidOn' ? 'paidOn' : p.field === 'months' ? 'months' : 'amount'),
            code: p.code,
            message: p.message,
          });
        continue;
      }
      const key = `${g.member.memberId}|${v.fromMonth}|${v.toMonth}|${v.paidOn}|${v.amountFen}|${v.voluntaryFen}`;
      const first = seen.get(key);
      if (first !== undefined) {
        tally.reject({
          row: g.row,
          column: col('months'),
          code: 'DUPLICATE_IN_FILE',
          message: `与第${first}行是同一笔缴费（同一党员、月份、日期和金额）`,
        });
        continue;
      }
      seen.set(key, g.row);
      // a member's due of a month is judged once for all the rows naming it (a county's ledger names each
      // member's months a dozen times: monthly rows, quarters, re-imports)
      const dues = duesOf(g.member);
      let dueFen: number | null = 0;
      for (const m of monthsFromTo(v.fromMonth, v.toMonth)) {
        let d = dues.get(m);
        if (d === undefined) {
          d = dueIn(factsOf(g.member), m, judge).due;
          dues.set(m, d);
        }
        dueFen = d === null || dueFen === null ? null : dueFen + d;
      }
      for (const w of paymentWarnings(input, { rules, dueFen }))
        warned.push({
          row: g.row,
          column: col(w.code === 'late_make_up' ? 'months' : 'amount'),
          code: WARNING_CODE[w.code],
          message: w.message,
          field: w.code === 'late_make_up' ? 'months' : 'amount',
          value: '',
        });
      write.push({
        memberId: g.member.memberId,
        orgId: g.member.orgId,
        fromMonth: v.fromMonth,
        toMonth: v.toMonth,
        amountFen: v.amountFen,
        voluntaryFen: v.voluntaryFen,
        paidOn: v.paidOn,
        method: v.method,
        channel: 'import',
        paidBy: v.paidBy,
        note: null,
      });
    }
    // like the other bulk writes (decisions 0003, 0012): the rows skip the per-row audit triggers (one chained
    // entry records them) and, where the session may, the per-row foreign-key triggers (one check of every member
    // and org they name, key-share locked as each row's check would)
    const memberIds = [...new Set(write.map((w) => w.memberId))];
    const skip = write.length > 0 && (await maySkipRowTriggers(tx.db));
    if (
      skip &&
      !(await lockPaymentKeys(
        tx.db,
        memberIds,
        write.map((w) => w.orgId),
      ))
    )
      throw new AppError('CONFLICT', '导入期间党员或党组织被删除，请重新导入');
    await setBulkWrite(tx.db, true, skip);
    const r = await insertPayments(tx.db, write, actorId(ctx.actor));
    const inserted = r.n;
    const firstId = r.firstId;
    const lastId = r.lastId;
    await setBulkWrite(tx.db, false, skip);
    if (inserted)
      await writeAudit(ctx, tx.db, {
        action: 'bulk_insert',
        entity: 'dues_payment',
        entityId: null,
        orgPath: commonPath([...new Set(good.map((g) => g.member.orgPath))]),
        memberId: null,
        after: { count: inserted, firstId, lastId, tables: [{ table: 'dues_payment', rows: inserted }] },
      });
    // the statement triggers did not run under session_replication_role = replica: mark the orgs here
    if (skip && inserted) await markDuesDirty(tx.db, memberIds);
    tally.inserted = inserted;
    tally.unchanged = write.length - inserted;
    // the dues rollup of the members' orgs in the same transaction (decision 0031) — for a ledger of a few
    // branches; a county's ledger leaves its orgs marked, refreshed by the next read or the job (judging a whole
    // county is a rebuild's work, which the import should not wait for)
    if (inserted && memberIds.length <= BIG_LEDGER_MEMBERS) await refreshDuesOfMembers(tx.db, memberIds);
    // warnings only for payments written now (a re-import repeats none)
    if (inserted > 0) for (const w of warned) tally.warn(w);
    return tally;
  });
}
