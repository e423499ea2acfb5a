/**
 * Member lifecycle (issue 13 items 3–5, decision 0026) as the API shows and takes it: transfers (组织关系转接),
 * mobile members (流动党员), lost contact (失联党员) and status decisions (党籍处置). Plain zod schemas read by the
 * server and the web.
 */
import { z } from 'zod';
import {
  IsoDateSchema,
  MemberCreateSchema,
  OrgCodeSchema,
  SexSchema,
  MemberStatusSchema,
} from './schemas.js';

const text = (max: number) => z.string().trim().max(max).nullish();
const required = (label: string, max: number) =>
  z.string().trim().min(1, `${label}不能为空`).max(max, `${label}不能超过${max}个字`);

// ------------------------------------------------------------------------------------------------ transfers

export const TRANSFER_KINDS = [
  { code: 'internal', zh: '本县内转接' },
  { code: 'outgoing', zh: '转往县外' },
  { code: 'incoming', zh: '从县外转入' },
] as const;
export const TransferKindSchema = z.enum(['internal', 'outgoing', 'incoming']);
export type TransferKind = z.infer<typeof TransferKindSchema>;

/** A transfer's status on a date: the `jiceng transfers` contract. */
export const TRANSFER_STATUSES = [
  { code: 'pending', zh: '待接收' },
  { code: 'accepted', zh: '已接收' },
  { code: 'returned', zh: '已退回' },
  { code: 'in_transit', zh: '在途' },
  { code: 'overdue', zh: '已超期' },
] as const;
export const TransferStatusSchema = z.enum(['pending', 'accepted', 'returned', 'in_transit', 'overdue']);
export type TransferStatus = z.infer<typeof TransferStatusSchema>;

/** One transfer as an end sees it: the letter's contents, never more of the member than the letter says. */
export const TransferViewSchema = z.object({
  id: z.number(),
  kind: TransferKindSchema,
  status: TransferStatusSchema,
  memberId: z.number(),
  /** whether the reader may open the member's record today (the other end's member: no) */
  memberReadable: z.boolean(),
  name: z.string(),
  sex: SexSchema,
  /** masked as in lists */
  idNumber: z.string(),
  memberStatus: MemberStatusSchema,
  joinedOn: z.string(),
  confirmedOn: z.string().nullable(),
  fromOrg: z.object({ code: z.string(), name: z.string() }).nullable(),
  toOrg: z.object({ code: z.string(), name: z.string() }).nullable(),
  externalOrg: z.string().nullable(),
  letterNo: z.string().nullable(),
  issuedOn: z.string(),
  validUntil: z.string(),
  decidedOn: z.string().nullable(),
  reason: z.string().nullable(),
  note: z.string().nullable(),
  /**
   * whether the reader may act on it today while it is open: accept or return (an internal transfer's receiving
   * end), record the receipt or the return of an outgoing letter (its sending end) — by scope or by a grant on this
   * transfer (decision 0034)
   */
  mayAct: z.boolean(),
});
export type TransferView = z.infer<typeof TransferViewSchema>;

export const TransferListSchema = z.object({
  org: z.string(),
  orgName: z.string(),
  asOf: z.string(),
  outgoing: z.array(TransferViewSchema),
  incoming: z.array(TransferViewSchema),
});
export type TransferList = z.infer<typeof TransferListSchema>;

export const TransferQuerySchema = z.object({ asOf: IsoDateSchema.optional() });

/** The sending org starts a transfer: to an org of Jiceng, or a letter to an org outside. */
export const TransferStartSchema = z
  .object({
    kind: z.enum(['internal', 'outgoing']),
    /** internal: the receiving org */
    toOrgCode: OrgCodeSchema.nullish(),
    /** outgoing: the destination org (抬头单位) */
    externalOrg: text(100),
    letterNo: text(40),
    /** the letter's date; default today */
    issuedOn: IsoDateSchema.nullish(),
    note: text(500),
  })
  .refine((v) => v.kind !== 'internal' || !!v.toOrgCode, {
    path: ['toOrgCode'],
    message: '请选择接收的党组织',
  })
  .refine((v) => v.kind !== 'outgoing' || !!v.externalOrg, {
    path: ['externalOrg'],
    message: '请填写转往的党组织（介绍信抬头）',
  });
export type TransferStart = z.infer<typeof TransferStartSchema>;

export const TransferAcceptSchema = z.object({
  /** the day the member moves; default today */
  acceptedOn: IsoDateSchema.nullish(),
  note: text(500),
});
export type TransferAccept = z.infer<typeof TransferAcceptSchema>;

export const TransferReturnSchema = z.object({
  returnedOn: IsoDateSchema.nullish(),
  reason: required('退回原因', 500),
});
export type TransferReturn = z.infer<typeof TransferReturnSchema>;

/** The receipt (回执) of an outgoing letter: the member leaves the roster on the day it says. */
export const TransferReceiptSchema = z.object({
  receivedOn: IsoDateSchema,
  note: text(500),
});
export type TransferReceipt = z.infer<typeof TransferReceiptSchema>;

/** An incoming letter from outside Jiceng: the member as the letter and the file describe them. */
export const TransferIncomingSchema = MemberCreateSchema.omit({ orgCode: true }).extend({
  externalOrg: required('转出的党组织', 100),
  letterNo: text(40),
  issuedOn: IsoDateSchema,
  note: text(500),
});
export type TransferIncoming = z.infer<typeof TransferIncomingSchema>;

/** An org a transfer may be addressed to (any active org of the deployment that may hold members). */
export const TransferDestinationSchema = z.object({ code: z.string(), name: z.string() });

// ------------------------------------------------------------------------------------------------ mobile, lost contact

export const MobileRegisterSchema = z.object({
  since: IsoDateSchema,
  place: required('外出地点', 200),
  fixedPlace: z.boolean().default(false),
  abroad: z.boolean().default(false),
  contact: text(100),
  /** the host org inside Jiceng, when known */
  hostOrgCode: OrgCodeSchema.nullish(),
  /** the host org outside Jiceng, when known */
  hostOrgName: text(100),
  note: text(500),
});
export type MobileRegister = z.infer<typeof MobileRegisterSchema>;

export const EndOnSchema = z.object({ on: IsoDateSchema, note: text(500) });
export type EndOn = z.infer<typeof EndOnSchema>;

export const ContactCreateSchema = z.object({ contactedOn: IsoDateSchema, note: text(500) });
export type ContactCreate = z.infer<typeof ContactCreateSchema>;

export const LostContactCreateSchema = z.object({ since: IsoDateSchema, note: text(500) });
export type LostContactCreate = z.infer<typeof LostContactCreateSchema>;

export const ABSENCE_FLAGS = [
  { code: 'must_transfer', zh: '外出满6个月且地点固定，应转移组织关系' },
  { code: 'contact_missed', zh: '出国（境）党员超过半年未联系' },
  { code: 'lost_notice', zh: '失联，请继续查找' },
  { code: 'suspension_due', zh: '失联满6个月，需研究是否停止党籍' },
  { code: 'strike_off_due', zh: '停止党籍满2年，需研究是否除名' },
] as const;
export const AbsenceFlagSchema = z.enum([
  'must_transfer',
  'contact_missed',
  'lost_notice',
  'suspension_due',
  'strike_off_due',
]);
export type AbsenceFlag = z.infer<typeof AbsenceFlagSchema>;

const AbsentMember = z.object({
  memberId: z.number(),
  name: z.string(),
  sex: SexSchema,
  memberStatus: MemberStatusSchema,
  orgCode: z.string(),
  orgName: z.string(),
});

export const MobileLineSchema = AbsentMember.extend({
  registrationId: z.number(),
  since: z.string(),
  place: z.string(),
  fixedPlace: z.boolean(),
  abroad: z.boolean(),
  /** masked as phones are in lists */
  contact: z.string().nullable(),
  hostOrg: z.string().nullable(),
  lastContactOn: z.string().nullable(),
  flags: z.array(AbsenceFlagSchema),
});
export type MobileLine = z.infer<typeof MobileLineSchema>;

/** A member from elsewhere taking part in the host org's life (no vote there). */
export const HostedLineSchema = z.object({
  memberId: z.number(),
  name: z.string(),
  sex: SexSchema,
  memberStatus: MemberStatusSchema,
  homeOrgName: z.string(),
  hostOrgCode: z.string(),
  hostOrgName: z.string(),
  since: z.string(),
  place: z.string(),
});

export const MobileListSchema = z.object({
  org: z.string(),
  orgName: z.string(),
  asOf: z.string(),
  outflow: z.array(MobileLineSchema),
  hosted: z.array(HostedLineSchema),
});
export type MobileList = z.infer<typeof MobileListSchema>;

export const LostLineSchema = AbsentMember.extend({
  lostContactId: z.number(),
  since: z.string(),
  months: z.number(),
  suspendedSince: z.string().nullable(),
  flags: z.array(AbsenceFlagSchema),
});
export type LostLine = z.infer<typeof LostLineSchema>;

export const LostListSchema = z.object({
  org: z.string(),
  orgName: z.string(),
  asOf: z.string(),
  members: z.array(LostLineSchema),
});
export type LostList = z.infer<typeof LostListSchema>;

// ------------------------------------------------------------------------------------------------ decisions

export const DECISION_KINDS = [
  { code: 'suspend', zh: '停止党籍' },
  { code: 'reinstate', zh: '恢复党籍' },
  { code: 'strike_off', zh: '除名' },
  { code: 'persuade_out', zh: '劝退' },
  { code: 'withdraw', zh: '退党' },
  { code: 'expel', zh: '开除党籍' },
  { code: 'decease', zh: '去世' },
] as const;
export const DecisionKindSchema = z.enum([
  'suspend',
  'reinstate',
  'strike_off',
  'persuade_out',
  'withdraw',
  'expel',
  'decease',
]);

export const DECISION_GROUNDS = [
  { code: 'lost_contact', zh: '失去联系' },
  { code: 'abroad_settled', zh: '出国（境）定居或超过5年未归' },
  { code: 'self_lapse', zh: '自行脱党（党章第九条）' },
  { code: 'refused_persuasion', zh: '劝而不退' },
  { code: 'other', zh: '其他' },
] as const;
export const DecisionGroundsSchema = z.enum([
  'lost_contact',
  'abroad_settled',
  'self_lapse',
  'refused_persuasion',
  'other',
]);

export const DECIDING_BODIES = [
  { code: 'general_meeting', zh: '支部党员大会' },
  { code: 'committee', zh: '支部委员会' },
  { code: 'higher_committee', zh: '上级党委' },
] as const;
export const DecidingBodySchema = z.enum(['general_meeting', 'committee', 'higher_committee']);

export const DecisionCreateSchema = z.object({
  kind: DecisionKindSchema,
  grounds: DecisionGroundsSchema.nullish(),
  decidingOrgCode: OrgCodeSchema,
  decidingBody: DecidingBodySchema,
  decidedOn: IsoDateSchema,
  approvingOrgCode: OrgCodeSchema.nullish(),
  approvedOn: IsoDateSchema.nullish(),
  documentNo: text(60),
  reason: text(500),
});
export type DecisionCreate = z.infer<typeof DecisionCreateSchema>;

export const DecisionViewSchema = z.object({
  id: z.number(),
  kind: DecisionKindSchema,
  grounds: z.string().nullable(),
  decidingOrgName: z.string().nullable(),
  decidingBody: z.string(),
  decidedOn: z.string(),
  approvingOrgName: z.string().nullable(),
  approvedOn: z.string().nullable(),
  /** null while pending approval or once refused (decision 0034) */
  effectiveOn: z.string().nullable(),
  documentNo: z.string().nullable(),
  reason: z.string().nullable(),
  /** `pending`: taken, waiting for the approving org — the member's status is unchanged until it approves */
  state: z.enum(['pending', 'approved', 'refused']),
  refusedOn: z.string().nullable(),
  refusalReason: z.string().nullable(),
  /** the account that recorded the approval or the refusal */
  answeredByName: z.string().nullable(),
  /** whether the reader may approve or refuse it today (writes on the approving org) */
  mayAnswer: z.boolean(),
});

/** The approving org approves a pending decision: the member's status changes on that day. */
export const DecisionApproveSchema = z.object({
  approvedOn: IsoDateSchema,
  documentNo: text(60),
});
export type DecisionApprove = z.infer<typeof DecisionApproveSchema>;

/** The approving org refuses a pending decision (the reason is required); the status never changed. */
export const DecisionRefuseSchema = z.object({
  refusedOn: IsoDateSchema,
  reason: z.string().trim().min(1, '请填写不批准的理由').max(500),
});
export type DecisionRefuse = z.infer<typeof DecisionRefuseSchema>;

/** A decision waiting for approval, as the approving org's to-do. */
export const PendingDecisionSchema = z.object({
  id: z.number(),
  kind: DecisionKindSchema,
  memberId: z.number(),
  name: z.string(),
  memberOrgName: z.string(),
  decidingOrgName: z.string(),
  decidedOn: z.string(),
  approvingOrg: z.object({ code: z.string(), name: z.string() }),
  /** days since it was taken */
  waitingDays: z.number(),
});
export type PendingDecision = z.infer<typeof PendingDecisionSchema>;

/**
 * What an org's subtree has to act on in the member lifecycle today (本月待办's 组织关系 card): transfers still open
 * that the reader may act on or that are overdue, members away with a flag, members out of contact, and status
 * decisions waiting for approval.
 */
export const LifecycleTodoSchema = z.object({
  org: z.string(),
  orgName: z.string(),
  asOf: z.string(),
  transfers: z.array(TransferViewSchema),
  mobile: z.array(MobileLineSchema),
  lost: z.array(LostLineSchema),
  decisions: z.array(PendingDecisionSchema),
});
export type LifecycleTodo = z.infer<typeof LifecycleTodoSchema>;
export type DecisionView = z.infer<typeof DecisionViewSchema>;

/** A member's lifecycle records for the member page. */
export const MemberLifecycleSchema = z.object({
  transfers: z.array(TransferViewSchema),
  mobile: z.array(
    z.object({
      id: z.number(),
      since: z.string(),
      endedOn: z.string().nullable(),
      place: z.string(),
      fixedPlace: z.boolean(),
      abroad: z.boolean(),
      contact: z.string().nullable(),
      hostOrg: z.string().nullable(),
    }),
  ),
  contacts: z.array(z.object({ id: z.number(), contactedOn: z.string(), note: z.string().nullable() })),
  lostContact: z.array(
    z.object({
      id: z.number(),
      since: z.string(),
      foundOn: z.string().nullable(),
      note: z.string().nullable(),
    }),
  ),
  decisions: z.array(DecisionViewSchema),
  flags: z.array(AbsenceFlagSchema),
  /** the orgs that may decide (the member's org and those above it) for the decision form */
  decidingOrgs: z.array(z.object({ code: z.string(), name: z.string() })),
});
export type MemberLifecycle = z.infer<typeof MemberLifecycleSchema>;
