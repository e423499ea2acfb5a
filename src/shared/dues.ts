/**
 * Dues (党费, decision 0020) as the API shows and takes them: plain zod schemas read by the server and the web.
 * Money is integer fen everywhere.
 */
import { z } from 'zod';
import { DUES_CATEGORIES, DUES_METHODS, DUES_RELIEF_KINDS, codesOf } from './codes.js';
import { IsoDateSchema } from './schemas.js';
import { ResultSchema } from './sampling.js';

export const MonthSchema = z
  .string()
  .regex(/^(19|20|21)\d{2}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM')
  .describe('month as YYYY-MM');

const Fen = z.number().int('金额以分为单位，应为整数');
const FenNonNeg = Fen.min(0, '金额不能为负数').max(2_000_000_000, '金额过大');

export const DuesCategorySchema = z.enum(codesOf(DUES_CATEGORIES));
export const DuesReliefKindSchema = z.enum(codesOf(DUES_RELIEF_KINDS));
export const DuesMethodSchema = z.enum(codesOf(DUES_METHODS));
export const DuesFlagSchema = z.enum(['three_months', 'six_months']).nullable();
export const DuesChannelSchema = z.enum(['branch', 'import', 'online']);

export const DuesStatusQuerySchema = z.object({
  month: MonthSchema,
  /** default today */
  asOf: IsoDateSchema.optional(),
});

/** The member lines a status lists: all (the default), or those short this month, flagged, 未核定, due for re-check. */
export const DuesLineFilterSchema = z.enum(['short', 'flagged', 'unknown', 'recheck']);
export type DuesLineFilter = z.infer<typeof DuesLineFilterSchema>;

/** The status query with a page of the member lines (a county's 按党员 list is paged on the server). */
export const DuesStatusPageQuerySchema = DuesStatusQuerySchema.extend({
  filter: DuesLineFilterSchema.optional(),
  /** at most this many member lines (all when absent) */
  limit: z.coerce.number().int().min(1).max(500).optional(),
  offset: z.coerce.number().int().min(0).optional(),
});

/**
 * One member in a subtree's dues for a month: the `jiceng dues --json` contract's fields (`id`, `name`, `idNumber`
 * masked, `due`, `paid`, `arrearsMonths`, `arrears`, `flag`) and what the web shows besides (`jiceng dues --detail`).
 */
export const DuesMemberLineSchema = z.object({
  id: z.number(),
  name: z.string(),
  /** masked as in lists */
  idNumber: z.string(),
  orgCode: z.string(),
  orgName: z.string(),
  category: DuesCategorySchema.nullable(),
  baseFen: z.number().nullable(),
  relief: DuesReliefKindSchema.nullable(),
  /** fen due for the month; null: 未核定 (no basis) or not owed that month */
  due: z.number().nullable(),
  /** fen paid toward the month by the as-of date */
  paid: z.number(),
  /** months up to and including the as-of month owed and not fully paid */
  arrearsMonths: z.number(),
  /** fen owed for them */
  arrears: z.number(),
  flag: DuesFlagSchema,
  /** the month's state: not_owed | unknown | nothing_due | paid | partial | unpaid */
  state: z.string(),
  /** the first month of the basis in force in the month (YYYY-MM), null when none is recorded */
  basisFrom: z.string().nullable(),
  /** that basis is older than the county's re-check period by the as-of month (每年核定: 待重新核定) */
  recheckDue: z.boolean(),
});
export type DuesMemberLine = z.infer<typeof DuesMemberLineSchema>;

export const DuesTotalsSchema = z.object({ due: z.number(), paid: z.number(), arrears: z.number() });

export const DuesStatusSchema = z.object({
  org: z.string(),
  orgName: z.string(),
  month: z.string(),
  asOf: z.string(),
  totals: DuesTotalsSchema,
  /** members 未核定 (no basis) in the month, flagged three and six months */
  counts: z.object({
    members: z.number(),
    unknown: z.number(),
    threeMonths: z.number(),
    sixMonths: z.number(),
    /** members whose month is partly or not paid (本月未交清) */
    short: z.number(),
    /** members whose basis is due for the yearly re-check (待重新核定) */
    recheck: z.number(),
  }),
  members: z.array(DuesMemberLineSchema),
  /** how many member lines match the filter (members lists them all, or the page asked for) */
  matching: z.number(),
});
export type DuesStatus = z.infer<typeof DuesStatusSchema>;

/**
 * The `jiceng dues --json` contract of issue 12: `{"org","month","totals":{"due","paid","arrears"},"members":[{"id",
 * "name","due","paid","arrearsMonths","arrears","flag"}]}`, with the ID number masked as in lists (the contract names
 * it). The rest of the API's answer is printed only with `--detail` (decision 0022).
 */
export function duesContract(s: DuesStatus) {
  return {
    org: s.org,
    month: s.month,
    totals: { due: s.totals.due, paid: s.totals.paid, arrears: s.totals.arrears },
    members: s.members.map((m) => ({
      id: m.id,
      name: m.name,
      idNumber: m.idNumber,
      due: m.due,
      paid: m.paid,
      arrearsMonths: m.arrearsMonths,
      arrears: m.arrears,
      flag: m.flag,
    })),
  };
}

/** Totals of a subtree by org (the org itself and each org below it that has members) and by month. */
export const DuesSummaryQuerySchema = z.object({
  month: MonthSchema,
  asOf: IsoDateSchema.optional(),
});

const SummaryLine = z.object({
  due: z.number(),
  paid: z.number(),
  arrears: z.number(),
  members: z.number(),
  unknown: z.number(),
  threeMonths: z.number(),
  sixMonths: z.number(),
});
export const DuesSummarySchema = z.object({
  org: z.string(),
  orgName: z.string(),
  month: z.string(),
  asOf: z.string(),
  total: SummaryLine,
  /** the direct children of the org (their whole subtrees) and the org's own roster */
  orgs: z.array(SummaryLine.extend({ code: z.string(), name: z.string(), own: z.boolean() })),
  /** the months of the year to the month asked: due and paid toward each month, by the as-of date */
  months: z.array(z.object({ month: z.string(), due: z.number(), paid: z.number(), unknown: z.number() })),
  /** collected (by day paid in the month), due for the month, remitted for the month, by the subtree's orgs */
  reconciliation: z.object({
    collected: z.number(),
    voluntary: z.number(),
    toCentre: z.number(),
    due: z.number(),
    remitted: z.number(),
  }),
});
export type DuesSummary = z.infer<typeof DuesSummarySchema>;

export const DuesMonthSchema = z.object({
  month: z.string(),
  status: z.string(),
  due: z.number().nullable(),
  paid: z.number(),
  category: DuesCategorySchema.nullable(),
  baseFen: z.number().nullable(),
  rateBp: z.number().nullable(),
  relief: DuesReliefKindSchema.nullable(),
});

export const DuesBasisSchema = z.object({
  id: z.number(),
  category: DuesCategorySchema,
  baseFen: z.number().nullable(),
  fromMonth: z.string(),
  note: z.string().nullable(),
  createdAt: z.string(),
});

export const DuesReliefSchema = z.object({
  id: z.number(),
  kind: DuesReliefKindSchema,
  monthlyFen: z.number().nullable(),
  fromMonth: z.string(),
  toMonth: z.string().nullable(),
  approvedBy: z.string(),
  approvedOn: z.string(),
  reason: z.string().nullable(),
  createdAt: z.string(),
});

export const DuesPaymentSchema = z.object({
  id: z.number(),
  memberId: z.number(),
  fromMonth: z.string(),
  toMonth: z.string(),
  amountFen: z.number(),
  voluntaryFen: z.number(),
  /** a one-off voluntary payment of 1000 yuan or more: all of it goes to the centre (第十一条) */
  toCentre: z.boolean(),
  paidOn: z.string(),
  method: DuesMethodSchema,
  channel: DuesChannelSchema,
  paidBy: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
  /** the mark of its latest on-site verification (抽查核实): a payment marked 不属实 keeps counting until people correct it */
  verification: ResultSchema.nullable(),
});
export type DuesPayment = z.infer<typeof DuesPaymentSchema>;

/** A member's dues: their records, month by month, and their arrears and flag as of a date. */
export const MemberDuesSchema = z.object({
  memberId: z.number(),
  name: z.string(),
  asOf: z.string(),
  current: DuesBasisSchema.nullable(),
  /** the basis is older than the county's re-check period (每年核定) */
  recheckDue: z.boolean(),
  arrearsMonths: z.number(),
  arrears: z.number(),
  flag: DuesFlagSchema,
  /** every month from the first with a record, newest first */
  months: z.array(DuesMonthSchema),
  bases: z.array(DuesBasisSchema),
  reliefs: z.array(DuesReliefSchema),
  payments: z.array(DuesPaymentSchema),
});
export type MemberDues = z.infer<typeof MemberDuesSchema>;

export const DuesBasisCreateSchema = z.object({
  category: DuesCategorySchema,
  /** the monthly base in fen, for the categories computed from one */
  baseFen: FenNonNeg.nullish(),
  fromMonth: MonthSchema,
  note: z.string().trim().max(200).nullish(),
});
export type DuesBasisCreate = z.infer<typeof DuesBasisCreateSchema>;

export const DuesReliefCreateSchema = z.object({
  kind: DuesReliefKindSchema,
  /** 少交: the approved monthly amount */
  monthlyFen: Fen.positive('少交金额应大于0').nullish(),
  fromMonth: MonthSchema,
  toMonth: MonthSchema.nullish(),
  approvedBy: z.string().trim().min(1, '请填写批准的党组织').max(100),
  approvedOn: IsoDateSchema,
  reason: z.string().trim().max(200).nullish(),
});
export type DuesReliefCreate = z.infer<typeof DuesReliefCreateSchema>;

export const DuesPaymentCreateSchema = z.object({
  fromMonth: MonthSchema,
  /** default: fromMonth */
  toMonth: MonthSchema.nullish(),
  amountFen: FenNonNeg,
  voluntaryFen: FenNonNeg.nullish(),
  paidOn: IsoDateSchema,
  method: DuesMethodSchema,
  paidBy: z.string().trim().max(50).nullish(),
  note: z.string().trim().max(200).nullish(),
});
export type DuesPaymentCreate = z.infer<typeof DuesPaymentCreateSchema>;

export const DuesWarningSchema = z.object({ code: z.string(), message: z.string() });

export const DuesPaymentResultSchema = z.object({
  payment: DuesPaymentSchema,
  /** false: the same payment was already recorded (nothing written) */
  created: z.boolean(),
  warnings: z.array(DuesWarningSchema),
});
export type DuesPaymentResult = z.infer<typeof DuesPaymentResultSchema>;

/** A branch records a month's dues at once: who paid what, on one day, one way. */
export const DuesBatchSchema = z.object({
  fromMonth: MonthSchema,
  toMonth: MonthSchema.nullish(),
  paidOn: IsoDateSchema,
  method: DuesMethodSchema,
  items: z
    .array(
      z.object({
        memberId: z.number().int().positive(),
        amountFen: FenNonNeg,
        paidBy: z.string().trim().max(50).nullish(),
      }),
    )
    .min(1, '请至少填写一名党员的缴费')
    .max(500),
});
export type DuesBatch = z.infer<typeof DuesBatchSchema>;

export const DuesBatchResultSchema = z.object({
  created: z.number(),
  duplicates: z.number(),
  warnings: z.array(DuesWarningSchema.extend({ memberId: z.number(), name: z.string() })),
});

export const DuesRemittanceSchema = z.object({
  id: z.number(),
  orgCode: z.string(),
  orgName: z.string(),
  month: z.string(),
  remittedOn: z.string(),
  amountFen: z.number(),
  note: z.string().nullable(),
  createdAt: z.string(),
});

export const DuesRemittanceCreateSchema = z.object({
  month: MonthSchema,
  remittedOn: IsoDateSchema,
  amountFen: Fen.positive('上缴金额应大于0').max(2_000_000_000),
  note: z.string().trim().max(200).nullish(),
});
export type DuesRemittanceCreate = z.infer<typeof DuesRemittanceCreateSchema>;

/** 党统 table 2 counts for a year (by the as-of date), derived from the records. */
export const DuesPartyStatsSchema = z.object({
  org: z.string(),
  year: z.number(),
  asOf: z.string(),
  /** members who owed dues in the year */
  members: z.number(),
  /** 按时按标准交纳: every owed month of the year up to the as-of date known and fully paid, no relief */
  paidInFull: z.number(),
  /** 经批准少交 */
  reduced: z.number(),
  /** 免交 */
  exempt: z.number(),
  /** 自愿一次性多交1000元以上 */
  voluntaryOver1000: z.number(),
  /** 未核定: members with an owed month of the year whose amount is not known */
  unknown: z.number(),
});
export type DuesPartyStats = z.infer<typeof DuesPartyStatsSchema>;
