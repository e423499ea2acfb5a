/**
 * Request and response schemas shared by the server (validation, OpenAPI) and the web app (forms, client types).
 * Field names are the glossary's English names in camelCase.
 */
import { z } from 'zod';
import {
  ATTENDANCE_STATUSES,
  COMMITTEE_POSTS,
  EDUCATIONS,
  ETHNICITIES,
  MEETING_KINDS,
  MEMBER_STATUSES,
  OCCUPATIONS,
  ORG_KINDS,
  ORG_STATUSES,
  SECTORS,
  SEXES,
  codesOf,
} from './codes.js';
import { isIsoDate } from './dates.js';
import { CapabilitiesSchema } from './capabilities.js';
import { CLASSIFIED_FIELDS, RAW_MAX } from './classification.js';

// validation messages a branch secretary can read, in the server and in the browser alike
z.config(z.locales.zhCN());

export const IsoDateSchema = z
  .string()
  .refine(isIsoDate, { message: '日期格式应为 YYYY-MM-DD' })
  .describe('date as YYYY-MM-DD');
const optText = (max: number) => z.string().trim().max(max).nullish();

export const OrgKindSchema = z.enum(codesOf(ORG_KINDS));
export const SectorSchema = z.enum(codesOf(SECTORS));
export const OrgStatusSchema = z.enum(codesOf(ORG_STATUSES));
export const SexSchema = z.enum(codesOf(SEXES));
export const MemberStatusSchema = z.enum(codesOf(MEMBER_STATUSES));
export const EthnicitySchema = z.enum(ETHNICITIES.map((e) => e.code) as [string, ...string[]]);
export const EducationSchema = z.enum(EDUCATIONS.map((e) => e.code) as [string, ...string[]]);
export const OccupationSchema = z.enum(codesOf(OCCUPATIONS));
export const CommitteePostSchema = z.enum(codesOf(COMMITTEE_POSTS));

/** 组织编码: letters, digits, '-' and '_' (most counties use the 党统 code or the division code plus a suffix). */
export const OrgCodeSchema = z
  .string()
  .trim()
  .min(1, '组织编码不能为空')
  .max(40, '组织编码不能超过40个字符')
  .regex(/^[A-Za-z0-9_-]+$/, '组织编码只能包含字母、数字、-和_');

export const DivisionCodeSchema = z
  .string()
  .regex(/^(\d{6}|\d{9}|\d{12})$/, '行政区划代码应为6位、9位或12位数字');

// ------------------------------------------------------------------------------------------------ orgs
export const OrgCreateSchema = z.object({
  code: OrgCodeSchema,
  name: z.string().trim().min(1, '组织名称不能为空').max(100),
  shortName: optText(40),
  kind: OrgKindSchema,
  /** blank only for the committees of an area: derived or "不区分领域" (domain/org/write.ts planOrgSector) */
  sector: SectorSchema.nullish(),
  parentCode: OrgCodeSchema.nullish(),
  divisionCode: DivisionCodeSchema.nullish(),
  foundedOn: IsoDateSchema.nullish(),
  address: optText(200),
  contactPhone: optText(40),
  /** date the org was set up in the system's history; defaults to foundedOn or today */
  effectiveOn: IsoDateSchema.nullish(),
});
export type OrgCreate = z.infer<typeof OrgCreateSchema>;

export const OrgUpdateSchema = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  shortName: optText(40),
  kind: OrgKindSchema.optional(),
  sector: SectorSchema.optional(),
  divisionCode: DivisionCodeSchema.nullish(),
  foundedOn: IsoDateSchema.nullish(),
  address: optText(200),
  contactPhone: optText(40),
  /** date a rename / change of kind or sector took effect (for the dated history); defaults to today */
  effectiveOn: IsoDateSchema.nullish(),
  rowVersion: z.number().int().min(0).max(2_147_483_647).optional(),
});
export type OrgUpdate = z.infer<typeof OrgUpdateSchema>;

export const OrgMoveSchema = z.object({ parentCode: OrgCodeSchema, effectiveOn: IsoDateSchema.nullish() });
export const OrgDissolveSchema = z.object({ effectiveOn: IsoDateSchema.nullish() });
export const OrgElectionSchema = z.object({
  electedOn: IsoDateSchema,
  termYears: z.number().int().min(1).max(10).nullish(),
  note: optText(500),
});
export const CommitteeSchema = z.object({
  effectiveOn: IsoDateSchema.nullish(),
  posts: z
    .array(
      z.object({
        memberId: z.number().int().positive().max(2_147_483_647),
        post: CommitteePostSchema,
        title: optText(40),
      }),
    )
    .max(15),
});

export const TermSchema = z.object({
  electedOn: IsoDateSchema,
  termYears: z.number(),
  termEndsOn: IsoDateSchema,
});
export const CommitteePostViewSchema = z.object({
  memberId: z.number(),
  memberName: z.string(),
  post: CommitteePostSchema,
  title: z.string().nullable(),
  startOn: IsoDateSchema,
});

export const OrgNodeSchema = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  kind: OrgKindSchema,
  sector: SectorSchema,
  status: OrgStatusSchema,
  parentId: z.number().nullable(),
  depth: z.number(),
  childCount: z.number(),
  /** members on the roster in the whole subtree */
  memberCount: z.number(),
});
export type OrgNode = z.infer<typeof OrgNodeSchema>;

export const OrgViewSchema = OrgNodeSchema.extend({
  shortName: z.string().nullable(),
  parentCode: z.string().nullable(),
  parentName: z.string().nullable(),
  /** root-to-self chain for breadcrumbs */
  ancestors: z.array(z.object({ code: z.string(), name: z.string() })),
  divisionCode: z.string().nullable(),
  foundedOn: z.string().nullable(),
  dissolvedOn: z.string().nullable(),
  address: z.string().nullable(),
  contactPhone: z.string().nullable(),
  directMemberCount: z.number(),
  directFullMemberCount: z.number(),
  currentTerm: TermSchema.nullable(),
  defaultTermYears: z.number().nullable(),
  committee: z.array(CommitteePostViewSchema),
  rowVersion: z.number(),
  /** problems the rule set sees in this org's setup (e.g. fewer than 3 full members) — warnings, not verdicts */
  notices: z.array(z.object({ code: z.string(), message: z.string() })),
});
export type OrgView = z.infer<typeof OrgViewSchema>;

export const OrgEventViewSchema = z.object({
  id: z.number(),
  kind: z.string(),
  effectiveOn: z.string(),
  data: z.record(z.string(), z.unknown()),
  recordedAt: z.string(),
});

/**
 * A yes/no query parameter. Only these spellings are accepted: `z.coerce.boolean()` would read the string "false"
 * as true (any non-empty string is truthy), which once turned `full=false` into a full export.
 */
export const QueryBoolSchema = z
  .enum(['true', 'false', '1', '0'], { message: '只能是 true 或 false' })
  .transform((v) => v === 'true' || v === '1');

/** A database row id in a path or query: a positive integer that fits the database's integer type. */
export const DbIdSchema = z.coerce
  .number({ message: '编号必须是正整数' })
  .int('编号必须是正整数')
  .positive('编号必须是正整数')
  .max(2_147_483_647, '编号超出范围');

/** A page number: large enough for any real list, small enough that its offset cannot overflow. */
export const PageNumberSchema = z.coerce.number().int().min(1).max(1_000_000).default(1);

export const OrgListQuerySchema = z.object({
  q: z.string().trim().max(50).optional(),
  kind: OrgKindSchema.optional(),
  sector: SectorSchema.optional(),
  includeDissolved: QueryBoolSchema.optional(),
  asOf: IsoDateSchema.optional(),
  page: PageNumberSchema,
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export type OrgListQuery = z.infer<typeof OrgListQuerySchema>;

// ------------------------------------------------------------------------------------------------ members
const memberFields = {
  name: z.string().trim().min(1, '姓名不能为空').max(50),
  idNumber: z.string().trim().min(1, '身份证号不能为空').max(30),
  sex: SexSchema.nullish(),
  birthDate: IsoDateSchema.nullish(),
  ethnicity: EthnicitySchema,
  education: EducationSchema.nullish(),
  occupation: OccupationSchema.nullish(),
  nativePlace: optText(100),
  phone: z
    .string()
    .trim()
    .regex(/^[0-9+\- ]{5,20}$/, '联系电话只能包含数字、+、-')
    .nullish(),
  address: optText(200),
  workUnit: optText(100),
  jobTitle: optText(100),
  joinedOn: IsoDateSchema,
  confirmedOn: IsoDateSchema.nullish(),
  isMobile: z.boolean().nullish(),
};

export const MemberCreateSchema = z.object({
  orgCode: OrgCodeSchema,
  status: z.enum(['full', 'probationary']),
  ...memberFields,
});
export type MemberCreate = z.infer<typeof MemberCreateSchema>;

const rawText = z.string().trim().min(1).max(RAW_MAX).optional();
/**
 * A member row of an import file (issue 9 #3, decision 0013): a MemberCreate whose classification fields may be
 * unclassified — the field left out and its text kept in `<field>Raw`. Only the importer makes one: a person
 * entering a member chooses from the code tables (MemberCreateSchema).
 */
export const MemberImportSchema = MemberCreateSchema.extend({
  ethnicity: EthnicitySchema.nullish(),
  ethnicityRaw: rawText,
  educationRaw: rawText,
  occupationRaw: rawText,
}).refine((v) => v.ethnicity != null || v.ethnicityRaw !== undefined, {
  path: ['ethnicity'],
  message: '民族不能为空',
});
export type MemberImport = z.infer<typeof MemberImportSchema>;

export const MemberUpdateSchema = z.object({
  name: memberFields.name.optional(),
  idNumber: memberFields.idNumber.optional(),
  sex: memberFields.sex,
  birthDate: memberFields.birthDate,
  ethnicity: EthnicitySchema.optional(),
  education: memberFields.education,
  occupation: memberFields.occupation,
  nativePlace: memberFields.nativePlace,
  phone: memberFields.phone,
  address: memberFields.address,
  workUnit: memberFields.workUnit,
  jobTitle: memberFields.jobTitle,
  joinedOn: IsoDateSchema.optional(),
  confirmedOn: memberFields.confirmedOn,
  isMobile: z.boolean().optional(),
  rowVersion: z.number().int().min(0).max(2_147_483_647).optional(),
});
export type MemberUpdate = z.infer<typeof MemberUpdateSchema>;

export const MEMBER_EVENT_KINDS = [
  { code: 'confirm', zh: '转为正式党员' },
  { code: 'move', zh: '转到本县其他组织' },
  { code: 'transfer_out', zh: '组织关系转出' },
  { code: 'suspend', zh: '停止党籍' },
  { code: 'reinstate', zh: '恢复党籍' },
  { code: 'remove', zh: '出党' },
  { code: 'revoke', zh: '取消预备党员资格' },
  { code: 'decease', zh: '去世' },
] as const;
export const MemberEventKindSchema = z.enum(codesOf(MEMBER_EVENT_KINDS));
export type MemberEventKind = z.infer<typeof MemberEventKindSchema>;

export const REMOVAL_KINDS = [
  { code: 'struck_off', zh: '除名' },
  { code: 'withdrawal', zh: '退党' },
  { code: 'persuaded_out', zh: '劝退' },
  { code: 'expelled', zh: '开除党籍' },
] as const;

export const MemberEventCreateSchema = z.object({
  kind: MemberEventKindSchema,
  effectiveOn: IsoDateSchema,
  /** target org for `move` */
  orgCode: OrgCodeSchema.nullish(),
  removalKind: z.enum(codesOf(REMOVAL_KINDS)).nullish(),
  /** where the member is going (transfer_out) or the decision document */
  note: optText(500),
});
export type MemberEventCreate = z.infer<typeof MemberEventCreateSchema>;

export const MEMBER_RECORD_KINDS = [
  { code: 'post', zh: '职务' },
  { code: 'reward', zh: '奖励' },
  { code: 'punishment', zh: '惩处' },
  { code: 'hardship', zh: '困难情况' },
  { code: 'family', zh: '家庭成员' },
  { code: 'training', zh: '培训' },
] as const;
export const MemberRecordKindSchema = z.enum(codesOf(MEMBER_RECORD_KINDS));
export const MemberRecordCreateSchema = z.object({
  kind: MemberRecordKindSchema,
  startOn: IsoDateSchema.nullish(),
  endOn: IsoDateSchema.nullish(),
  /** 职务/奖惩名称, 家庭成员姓名, 培训班名称 … */
  title: z.string().trim().min(1, '请填写名称').max(100),
  /** 单位/批准机关/称谓/主办单位 … */
  party: optText(100),
  detail: optText(500),
  /** training hours */
  hours: z.number().min(0).max(10000).nullish(),
});
export type MemberRecordCreate = z.infer<typeof MemberRecordCreateSchema>;
export const MemberRecordViewSchema = MemberRecordCreateSchema.extend({ id: z.number() });

export const MemberListItemSchema = z.object({
  id: z.number(),
  /** the person whose membership this is (decision 0011) */
  personId: z.number(),
  name: z.string(),
  sex: SexSchema,
  birthDate: z.string(),
  age: z.number(),
  idNumberMasked: z.string(),
  phoneMasked: z.string(),
  /** null only while unclassified (ethnicityRaw then holds the text as imported) */
  ethnicity: z.string().nullable(),
  education: z.string().nullable(),
  occupation: z.string().nullable(),
  /** the text of a classification field no code table knew, kept as imported and shown as 未归类（原文：…） */
  ethnicityRaw: z.string().nullable(),
  educationRaw: z.string().nullable(),
  occupationRaw: z.string().nullable(),
  status: MemberStatusSchema,
  joinedOn: z.string(),
  confirmedOn: z.string().nullable(),
  orgId: z.number(),
  orgCode: z.string(),
  orgName: z.string(),
  /** a past-date roster's member whom the account may no longer see today: only identity and history shown */
  leftScope: z.boolean().optional(),
});
export type MemberListItem = z.infer<typeof MemberListItemSchema>;

export const MemberDetailSchema = MemberListItemSchema.extend({
  nativePlace: z.string().nullable(),
  address: z.string().nullable(),
  workUnit: z.string().nullable(),
  jobTitle: z.string().nullable(),
  isMobile: z.boolean(),
  partyStanding: z.number().nullable(),
  rowVersion: z.number(),
  events: z.array(
    z.object({
      id: z.number(),
      kind: z.string(),
      effectiveOn: z.string(),
      data: z.record(z.string(), z.unknown()),
      recordedAt: z.string(),
    }),
  ),
  records: z.array(MemberRecordViewSchema),
  posts: z.array(
    z.object({ orgCode: z.string(), orgName: z.string(), post: z.string(), startOn: z.string() }),
  ),
  /**
   * 历次党籍: every membership of the person with its periods, oldest first, when there is more than one (else
   * empty); `orgName` is null for an org outside the account's scope.
   */
  memberships: z.array(
    z.object({
      id: z.number(),
      joinedOn: z.string(),
      status: MemberStatusSchema,
      endedOn: z.string().nullable(),
      periods: z.array(
        z.object({
          orgName: z.string().nullable(),
          status: MemberStatusSchema,
          from: z.string(),
          to: z.string().nullable(),
        }),
      ),
    }),
  ),
});
export type MemberDetail = z.infer<typeof MemberDetailSchema>;

export const MemberListQuerySchema = z.object({
  q: z.string().trim().max(50).optional(),
  status: z.enum(['full', 'probationary']).optional(),
  sex: SexSchema.optional(),
  ageBand: z.string().max(10).optional(),
  education: z.string().max(30).optional(),
  occupation: OccupationSchema.optional(),
  /** only this org's own members (not the subtree) */
  direct: QueryBoolSchema.optional(),
  asOf: IsoDateSchema.optional(),
  page: PageNumberSchema,
  pageSize: z.coerce.number().int().min(1).max(500).default(20),
  /** the roster's order: by name (pinyin, syllable by syllable; decision 0014) unless another is asked for */
  sort: z.enum(['name', 'joinedOn', 'birthDate', 'org']).default('name'),
});
export type MemberListQuery = z.infer<typeof MemberListQuerySchema>;

export function pageOf<T extends z.ZodTypeAny>(item: T) {
  return z.object({
    total: z.number(),
    /**
     * true when `total` is a lower bound: the count stopped there (a roster filtered beyond what the maintained
     * statistics tell, decision 0051 — shown as "超过 10,000 名"); absent when the total is exact
     */
    totalIsLowerBound: z.boolean().optional(),
    page: z.number(),
    pageSize: z.number(),
    items: z.array(item),
  });
}
export interface Page<T> {
  total: number;
  /** true when `total` is a lower bound (the count stopped there); absent when exact */
  totalIsLowerBound?: boolean;
  page: number;
  pageSize: number;
  items: T[];
}

// ------------------------------------------------------------------------------------------------ stats
const counts = z.record(z.string(), z.number());
export const StatsSchema = z.object({
  org: z.string(),
  orgName: z.string(),
  asOf: z.string(),
  /** 'rollup' when served from the maintained aggregates, 'live' when counted from history */
  source: z.enum(['rollup', 'live']),
  members: z.object({ total: z.number(), full: z.number(), probationary: z.number() }),
  sex: z.object({ male: z.number(), female: z.number() }),
  ageBands: counts,
  /** `unclassified`: members whose ethnicity was imported in a wording no table knows (未归类, decision 0013) */
  ethnicity: z.object({ han: z.number(), minority: z.number(), unclassified: z.number() }),
  education: counts,
  occupation: counts,
  standing: counts,
  /** the standing bands `standing` is counted in: the local setting in force on `asOf` */
  standingBands: z.array(z.object({ key: z.string(), zh: z.string() })),
  joinPeriod: counts,
  orgs: z.object({ total: z.number(), byKind: counts, bySector: counts }),
});
export type Stats = z.infer<typeof StatsSchema>;

// ------------------------------------------------------------------------------------------------ import
export const ImportRejectionSchema = z.object({
  row: z.number(),
  column: z.string(),
  code: z.string(),
  message: z.string(),
});
export type ImportRejection = z.infer<typeof ImportRejectionSchema>;

/**
 * Something about an imported row that did not stop it (issue 9 #3): `UNCLASSIFIED` — a classification field's
 * text no code table or synonym knows; the member is imported with the text kept and counted as 未归类.
 */
export const ImportWarningSchema = ImportRejectionSchema.extend({
  /** the member field (ethnicity, education, occupation) */
  field: z.string(),
  /** the text as the file has it */
  value: z.string(),
});
export type ImportWarning = z.infer<typeof ImportWarningSchema>;

/** The warnings of one cause over all its rows: one (column, value), one line. */
export const ImportWarningGroupSchema = z.object({
  code: z.string(),
  column: z.string(),
  field: z.string(),
  value: z.string(),
  /** "611 行的工作岗位为“企事业单位管理人员”，无法对应标准类别" */
  message: z.string(),
  count: z.number(),
  rows: z.array(z.number()),
});
export type ImportWarningGroup = z.infer<typeof ImportWarningGroupSchema>;

/** One problem of an import, over all the rows that have it: one line of the summary. */
export const ImportProblemSchema = z.object({
  code: z.string(),
  column: z.string(),
  message: z.string(),
  /** rows with this problem (all of them, listed or not) */
  count: z.number(),
  /** the first few of those rows */
  rows: z.array(z.number()),
  /** rows rejected only because a row they depend on was rejected (e.g. their parent org's row) */
  dependent: z.boolean(),
});
export type ImportProblem = z.infer<typeof ImportProblemSchema>;

export const ImportResultSchema = z.object({
  total: z.number(),
  inserted: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  /** every rejection (a row can have several) */
  rejectedTotal: z.number(),
  /** distinct rows with at least one rejection */
  badRows: z.number(),
  /**
   * the report in one sentence: each cause and its rows, then the rows not imported only because of them ("16 行
   * “所在领域”为空；另有 791 行因其上级组织未能导入而未导入"); empty without problems (shared/import-summary.ts)
   */
  headline: z.string().optional(),
  /** the problems, one line each: causes most frequent first, then the rows rejected because of them */
  summary: z.array(ImportProblemSchema),
  /** the rejections kept, in row order: at most a few hundred of each problem (`rejectedTotal` counts them all) */
  rejected: z.array(ImportRejectionSchema),
  /** every warning of the rows imported (a row can have several), however many are listed */
  warningTotal: z.number(),
  /** the warnings grouped by column and value, most frequent first */
  warningSummary: z.array(ImportWarningGroupSchema),
  /** the warnings kept, in row order: at most a few hundred per group */
  warnings: z.array(ImportWarningSchema),
});
export type ImportResult = z.infer<typeof ImportResultSchema>;

/** An import job's result as the status endpoint gives it: without the rejections (paged separately). */
export const ImportJobResultSchema = ImportResultSchema.omit({ rejected: true }).extend({
  /** how many of the rejections are kept and can be paged through */
  rejectedListed: z.number(),
});
export type ImportJobResult = z.infer<typeof ImportJobResultSchema>;

export const ImportRejectionQuerySchema = z.object({
  page: PageNumberSchema,
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
  /** only the rejections of this problem code */
  code: z
    .string()
    .trim()
    .max(60)
    .regex(/^[A-Z0-9_]+$/, '问题代码只能包含大写字母、数字和_')
    .optional(),
});
export type ImportRejectionQuery = z.infer<typeof ImportRejectionQuerySchema>;

export const ImportRejectionPageSchema = pageOf(ImportRejectionSchema).extend({
  /** rejections matching the filter, listed or not (more than `total` when some were only counted) */
  rejectedTotal: z.number(),
});
export type ImportRejectionPage = z.infer<typeof ImportRejectionPageSchema>;

export const ImportKindSchema = z.enum([
  'orgs',
  'members',
  'meetings',
  'dues-bases',
  'dues',
  'applicants',
  'screening',
]);
export type ImportKind = z.infer<typeof ImportKindSchema>;

export const ImportJobSchema = z.object({
  id: z.string(),
  kind: ImportKindSchema,
  fileName: z.string(),
  state: z.enum(['parsing', 'validated', 'applying', 'applied', 'failed']),
  /** rows read so far (for the progress bar) and the total once known */
  progress: z.object({ done: z.number(), total: z.number().nullable() }),
  /** the dry-run result (preview) or, after apply, what was written; the rejections are paged separately */
  result: ImportJobResultSchema.nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type ImportJob = z.infer<typeof ImportJobSchema>;

export const ErrorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

// ------------------------------------------------------------------------------------------------ accounts
export const RoleSchema = z.enum([
  'county_admin',
  'township_officer',
  'branch_secretary',
  'viewer',
  'member',
]);
export const UsernameSchema = z
  .string()
  .trim()
  .min(3, '用户名至少3个字符')
  .max(40)
  .regex(/^[A-Za-z0-9_.-]+$/, '用户名只能包含字母、数字、_ . -');
/** At least 10 characters with letters and digits (checked again on the server). */
export const PasswordSchema = z
  .string()
  .min(10, '密码至少10位')
  .max(200)
  .refine((p) => /[A-Za-z]/.test(p) && /\d/.test(p), { message: '密码须同时包含字母和数字' });

export const LoginSchema = z.object({
  username: z.string().trim().min(1).max(40),
  password: z.string().min(1).max(200),
});
export const SessionUserSchema = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  orgCode: z.string().nullable(),
  orgName: z.string().nullable(),
  memberId: z.number().nullable(),
  mustChangePassword: z.boolean(),
  /** what the account may do today, as the server's policy decides it (decision 0010) */
  capabilities: CapabilitiesSchema,
});
export type SessionUser = z.infer<typeof SessionUserSchema>;

export const PasswordChangeSchema = z.object({
  oldPassword: z.string().min(1).max(200),
  newPassword: PasswordSchema,
});

export const UserCreateSchema = z.object({
  username: UsernameSchema,
  displayName: z.string().trim().min(1, '请填写姓名').max(50),
  role: RoleSchema,
  /** required except for a deployment-wide administrator */
  orgCode: OrgCodeSchema.nullish(),
  /** for the member role */
  memberId: z.number().int().positive().max(2_147_483_647).nullish(),
  /** omitted: a random password is generated and returned once */
  password: PasswordSchema.nullish(),
});
export type UserCreate = z.infer<typeof UserCreateSchema>;

export const UserViewSchema = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  orgCode: z.string().nullable(),
  orgName: z.string().nullable(),
  memberId: z.number().nullable(),
  disabled: z.boolean(),
  locked: z.boolean(),
  mustChangePassword: z.boolean(),
  lastLoginAt: z.string().nullable(),
});
export type UserView = z.infer<typeof UserViewSchema>;

export const AuditViewSchema = z.object({
  id: z.number(),
  at: z.string(),
  actorLabel: z.string(),
  ip: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  /** the entity's Chinese name (table registry, src/shared/tables.ts) */
  entityLabel: z.string(),
  entityId: z.string().nullable(),
  memberId: z.number().nullable(),
  /** the name of the org the entry concerns (its org path's last org); null for entries of the whole deployment */
  orgName: z.string().nullable(),
  /** a changed row under its domain field names (bookkeeping left out, sensitive values masked), or an event's data */
  before: z.unknown(),
  after: z.unknown(),
});
export type AuditView = z.infer<typeof AuditViewSchema>;

// ------------------------------------------------------------------------------------------------ local settings
/** A local setting's key (src/policy/settings.ts lists them). */
export const SettingKeyParamSchema = z.object({
  key: z
    .string()
    .max(60)
    .regex(/^[A-Za-z][A-Za-z0-9.]*$/, '设置项名称不正确'),
});

/** A stored value of a setting: what it is, from when, who changed it and why. */
export const SettingChangeSchema = z.object({
  id: z.number(),
  key: z.string(),
  /** the setting's Chinese name */
  label: z.string(),
  value: z.unknown(),
  /** the value as a person reads it ('5次', '5年及以下、6至10年、…') */
  valueText: z.string(),
  effectiveFrom: z.string(),
  changedAt: z.string(),
  /** the account's username; null when changed from the command line */
  changedBy: z.string().nullable(),
  note: z.string().nullable(),
  /** in force today, replaced by a later one, or taking effect after today */
  state: z.enum(['in_force', 'superseded', 'scheduled']),
});
export type SettingChange = z.infer<typeof SettingChangeSchema>;

export const SettingViewSchema = z.object({
  key: z.string(),
  group: z.string(),
  label: z.string(),
  description: z.string(),
  /** where the default was seen */
  source: z.string(),
  unit: z.string(),
  default: z.unknown(),
  defaultText: z.string(),
  /** the value in force today */
  value: z.unknown(),
  valueText: z.string(),
  /** whether the value in force differs from the default */
  changed: z.boolean(),
  /** the stored change in force today; null while the default applies */
  current: SettingChangeSchema.nullable(),
  /** stored changes taking effect after today, soonest first */
  scheduled: z.array(SettingChangeSchema),
});
export type SettingView = z.infer<typeof SettingViewSchema>;

export const SettingsViewSchema = z.object({
  today: z.string(),
  /** whether the signed-in account may change the settings (a deployment-wide or root-bound administrator) */
  canManage: z.boolean(),
  groups: z.array(z.object({ code: z.string(), zh: z.string() })),
  settings: z.array(SettingViewSchema),
  /** the official rule set in force today (src/policy/rules.ts): read-only */
  rules: z.object({
    id: z.string(),
    effectiveFrom: z.string(),
    source: z.string(),
    ageBands: z.array(
      z.object({ key: z.string(), zh: z.string(), min: z.number().nullable(), max: z.number().nullable() }),
    ),
    joinPeriods: z.array(
      z.object({
        key: z.string(),
        zh: z.string(),
        from: z.string().nullable(),
        before: z.string().nullable(),
      }),
    ),
  }),
});
export type SettingsView = z.infer<typeof SettingsViewSchema>;

export const SettingUpdateSchema = z.object({
  /** checked against the setting's own schema by the service (messages in Chinese) */
  value: z.unknown().refine((v) => v !== undefined && v !== null, { message: '请填写新的值' }),
  /** the date the value takes effect; before today it re-judges history from then and needs a note */
  effectiveFrom: IsoDateSchema,
  note: z.string().trim().max(200, '说明不能超过200个字').nullish(),
});
export type SettingUpdate = z.infer<typeof SettingUpdateSchema>;

// ------------------------------------------------------------------------------------------------ classification
export const ClassifiedFieldSchema = z.enum(CLASSIFIED_FIELDS);

/** The texts still unclassified and the local synonyms (the mapping screen, `jiceng classify list`). */
export const ClassificationOverviewSchema = z.object({
  fields: z.array(
    z.object({
      field: ClassifiedFieldSchema,
      zh: z.string(),
      /** the categories a text can be mapped to */
      codes: z.array(z.object({ code: z.string(), zh: z.string() })),
      /** the texts no table or synonym knows, most frequent first */
      values: z.array(
        z.object({
          raw: z.string(),
          /** persons who hold the text (all are reclassified by a mapping) */
          persons: z.number(),
          /** of them, members on the roster */
          onRoster: z.number(),
        }),
      ),
    }),
  ),
  /** the deployment's local synonyms */
  synonyms: z.array(
    z.object({
      id: z.number(),
      field: ClassifiedFieldSchema,
      raw: z.string(),
      code: z.string(),
      codeZh: z.string(),
      mappedBy: z.string().nullable(),
      updatedAt: z.string(),
    }),
  ),
});
export type ClassificationOverview = z.infer<typeof ClassificationOverviewSchema>;

export const ClassificationMapSchema = z.object({
  field: ClassifiedFieldSchema,
  raw: z.string().trim().min(1, '原文不能为空').max(RAW_MAX),
  code: z.string().trim().min(1, '请选择标准类别').max(10),
});
export type ClassificationMap = z.infer<typeof ClassificationMapSchema>;

export const ClassificationMapResultSchema = z.object({
  field: ClassifiedFieldSchema,
  raw: z.string(),
  code: z.string(),
  codeZh: z.string(),
  /** the code the local synonym had before (null: new) */
  previousCode: z.string().nullable(),
  /** persons given the category */
  reclassified: z.number(),
  /** of them, members on the roster (their statistics moved from 未归类 to the category) */
  onRoster: z.number(),
});
export type ClassificationMapResult = z.infer<typeof ClassificationMapResultSchema>;

// ------------------------------------------------------------------------------------------------ organisational life
// Meetings and their attendance, compliance (issue 11, decision 0015).

export const MeetingKindSchema = z.enum(codesOf(MEETING_KINDS));
export const AttendanceStatusSchema = z.enum(codesOf(ATTENDANCE_STATUSES));

/** A time of day, 'HH:MM'. */
export const TimeOfDaySchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:MM（如 09:30）');

export const AttendanceInputSchema = z
  .object({
    memberId: z.number().int().positive(),
    status: AttendanceStatusSchema,
    /** required when excused (请假须说明原因) */
    reason: z.string().trim().max(100, '原因不能超过100个字').nullish(),
  })
  .refine((a) => a.status !== 'excused' || !!a.reason, { message: '请假须填写原因', path: ['reason'] });
export type AttendanceInput = z.infer<typeof AttendanceInputSchema>;

const voteCount = z.number().int('票数须为整数').min(0, '票数不能为负').max(100000);
export const VoteInputSchema = z.object({
  subject: z.string().trim().min(1, '请填写表决事项').max(200, '表决事项不能超过200个字'),
  yes: voteCount,
  no: voteCount,
  abstain: voteCount,
});
export type VoteInput = z.infer<typeof VoteInputSchema>;

export const VoteViewSchema = VoteInputSchema.extend({
  /** full members on the org's roster on the meeting's day (probationary members have no vote) */
  entitled: z.number(),
  /** of them, those present */
  presentVoters: z.number(),
  outcome: z.enum(['passed', 'rejected', 'invalid']),
  /** why, citing the rule */
  reason: z.string(),
});
export type VoteView = z.infer<typeof VoteViewSchema>;

const meetingFields = {
  kinds: z
    .array(MeetingKindSchema)
    .min(1, '请至少选择一种会议类型')
    .max(MEETING_KINDS.length)
    .refine((k) => new Set(k).size === k.length, '会议类型不能重复'),
  heldOn: IsoDateSchema,
  startsAt: TimeOfDaySchema.nullish(),
  place: optText(100),
  topic: z.string().trim().min(1, '会议主题不能为空').max(200, '会议主题不能超过200个字'),
  host: optText(40),
  recorder: optText(40),
  /** 党课: who lectured */
  lecturer: optText(40),
  minutes: optText(20000),
  resolutions: optText(5000),
  /** 列席: names of people who attended but are not members of the org */
  guests: z.array(z.string().trim().min(1).max(40)).max(100).nullish(),
  /** 党小组会: the group that met (its members that day are expected; decision 0018) */
  partyGroupId: z.number().int().positive().nullish(),
  /**
   * 表决 (general meetings only; decision 0018): the counts of each vote on a resolution. Who was entitled and
   * present is worked out from the roster and the attendance; omitted on an edit: the votes recorded stay (and are
   * judged again against the new attendance).
   */
  votes: z.array(VoteInputSchema).max(20).nullish(),
  /**
   * Attendance of the members expected (the org's roster that day; a committee meeting: the committee). Members
   * expected but not listed are recorded present; omitted altogether: everyone present.
   */
  attendance: z.array(AttendanceInputSchema).max(2000).nullish(),
  /**
   * 流入党员: members of other orgs registered as away with this org as their host that day who took part (一方隶属、
   * 参加多重组织生活). Not in the expected/present figures and without a vote here; their own branch's 党章 第九条
   * months count the meeting. Omitted on an edit: those recorded stay.
   */
  visitors: z.array(z.number().int().positive()).max(500).nullish(),
};

export const MeetingCreateSchema = z.object(meetingFields);
export type MeetingCreate = z.infer<typeof MeetingCreateSchema>;

export const MeetingUpdateSchema = z.object(meetingFields).partial().extend({
  /** the version read; a stale one is refused (STALE_VERSION) */
  rowVersion: z.number().int().optional(),
});
export type MeetingUpdate = z.infer<typeof MeetingUpdateSchema>;

export const AttendanceViewSchema = z.object({
  memberId: z.number(),
  name: z.string(),
  status: AttendanceStatusSchema,
  reason: z.string().nullable(),
});
export type AttendanceView = z.infer<typeof AttendanceViewSchema>;

export const MeetingSummarySchema = z.object({
  id: z.number(),
  orgCode: z.string(),
  orgName: z.string(),
  kinds: z.array(MeetingKindSchema),
  heldOn: z.string(),
  startsAt: z.string().nullable(),
  topic: z.string(),
  place: z.string().nullable(),
  host: z.string().nullable(),
  /** members expected, and how many came, were excused or were absent */
  expected: z.number(),
  present: z.number(),
  excused: z.number(),
  absent: z.number(),
  /**
   * the latest on-site verification of the record (抽查核实, decision 0038): 'true' 属实, 'partly' 部分属实, 'false'
   * 不属实 (the meeting no longer counts toward compliance), null never verified
   */
  verification: z.enum(['true', 'partly', 'false']).nullable(),
});
export type MeetingSummary = z.infer<typeof MeetingSummarySchema>;

export const MeetingViewSchema = MeetingSummarySchema.extend({
  recorder: z.string().nullable(),
  lecturer: z.string().nullable(),
  minutes: z.string().nullable(),
  resolutions: z.string().nullable(),
  guests: z.array(z.string()),
  partyGroupId: z.number().nullable(),
  partyGroupName: z.string().nullable(),
  attendance: z.array(AttendanceViewSchema),
  /** 流入党员 who took part (see MeetingCreate.visitors) */
  visitors: z.array(z.object({ memberId: z.number(), name: z.string(), homeOrgName: z.string() })),
  votes: z.array(VoteViewSchema),
  rowVersion: z.number(),
  createdAt: z.string(),
});
export type MeetingView = z.infer<typeof MeetingViewSchema>;

export const MeetingListQuerySchema = z.object({
  page: PageNumberSchema,
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  /** only meetings held on or after / on or before these days */
  from: IsoDateSchema.optional(),
  to: IsoDateSchema.optional(),
});
export type MeetingListQuery = z.infer<typeof MeetingListQuerySchema>;

/** Who is expected at a meeting of these kinds on a day: the form pre-fills them present. */
export const AttendanceTemplateSchema = z.object({
  heldOn: z.string(),
  people: z.array(
    z.object({
      memberId: z.number(),
      name: z.string(),
      /** full / probationary that day */
      memberStatus: MemberStatusSchema,
      /** the committee post held that day, if any */
      post: CommitteePostSchema.nullable(),
      /** on the org's own roster that day (else only a committee member from a branch below): may vote there */
      onOwnRoster: z.boolean(),
    }),
  ),
  /** 流入党员 hosted by the org that day: they may be recorded as visitors */
  hosted: z.array(
    z.object({
      memberId: z.number(),
      name: z.string(),
      homeOrgName: z.string(),
      memberStatus: MemberStatusSchema,
    }),
  ),
});
export type AttendanceTemplate = z.infer<typeof AttendanceTemplateSchema>;

export const ComplianceQuerySchema = z.object({
  from: IsoDateSchema,
  to: IsoDateSchema,
  /** the day the figures are as of (default: today); later meetings are not counted, later periods not judged */
  asOf: IsoDateSchema.optional(),
});

export const ComplianceItemSchema = z.object({
  /** a meeting kind, or `heart_talk` (decision 0018) */
  type: z.enum([...codesOf(MEETING_KINDS), 'heart_talk']),
  /** periods owed and judged */
  expected: z.number(),
  /** of those, the periods in which at least one meeting of the kind was held */
  held: z.number(),
  /** the periods that ended without one: `2026-03`, `2026-Q2`, `2026` */
  missing: z.array(z.string()),
});

/** The `jiceng compliance --json` contract, and the API's answer. */
export const ComplianceSchema = z.object({
  org: z.string(),
  from: z.string(),
  to: z.string(),
  orgs: z.array(z.object({ code: z.string(), name: z.string(), items: z.array(ComplianceItemSchema) })),
});
export type Compliance = z.infer<typeof ComplianceSchema>;

/** The compliance heat map (decision 0024): one kind, one year, the orgs of a subtree (or of one township in it). */
export const LifeItemTypeSchema = z.enum([...codesOf(MEETING_KINDS), 'heart_talk']);
export const ComplianceMapQuerySchema = z.object({
  year: z.coerce.number().int().min(2000).max(2100),
  kind: LifeItemTypeSchema.default('theme_day'),
  /** one org of the subtree (a township): only its subtree */
  within: z.string().min(1).max(40).optional(),
});
export type ComplianceMapQuery = z.infer<typeof ComplianceMapQuerySchema>;
export const PeriodStateSchema = z.enum(['held', 'missing', 'pending']);
export const ComplianceMapSchema = z.object({
  org: z.string(),
  orgName: z.string(),
  asOf: z.string(),
  year: z.number(),
  kind: LifeItemTypeSchema,
  within: z.string().nullable(),
  /** `rollup`: today's figures from the maintained rollup; `live`: computed from the records */
  source: z.enum(['rollup', 'live']),
  /** the columns: `2026-03`, `2026-Q2`, `2026` */
  periods: z.array(z.string()),
  /** the township filter's choices: the orgs directly under the org that have orgs owing below or are owing */
  townships: z.array(z.object({ code: z.string(), name: z.string() })),
  totals: z.object({
    orgs: z.number(),
    expected: z.number(),
    held: z.number(),
    missing: z.number(),
    pending: z.number(),
  }),
  /** one per org that owed the kind in the year, in tree order */
  rows: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      /** the org directly under the map's org it lies in (null: the map's org or an org directly under it) */
      township: z.string().nullable(),
      /** per column: held, missing, pending (running, not met yet), or null (not owed) */
      cells: z.array(PeriodStateSchema.nullable()),
      expected: z.number(),
      held: z.number(),
      missing: z.array(z.string()),
    }),
  ),
});
export type ComplianceMap = z.infer<typeof ComplianceMapSchema>;

// ------------------------------------------------------------------------------------------------ party groups
// 党小组 (issue 11 item 2, decision 0018).

const GroupNameSchema = z.string().trim().min(1, '党小组名称不能为空').max(40, '党小组名称不能超过40个字');

export const PartyGroupCreateSchema = z.object({
  name: GroupNameSchema,
  /** the day it was set up (default: today) */
  createdOn: IsoDateSchema.nullish(),
  /** 组长 (optional): a member of the branch */
  leaderMemberId: z.number().int().positive().nullish(),
  /** members to put in it from the day it was set up */
  memberIds: z.array(z.number().int().positive()).max(500).nullish(),
});
export type PartyGroupCreate = z.infer<typeof PartyGroupCreateSchema>;

export const PartyGroupUpdateSchema = z.object({
  name: GroupNameSchema.optional(),
  leaderMemberId: z.number().int().positive().nullish(),
  rowVersion: z.number().int().optional(),
});
export type PartyGroupUpdate = z.infer<typeof PartyGroupUpdateSchema>;

export const PartyGroupDissolveSchema = z.object({ dissolvedOn: IsoDateSchema.nullish() });

/** Members join (or leave) a group on a day; joining ends the membership of another group that day. */
export const PartyGroupMembersSchema = z.object({
  memberIds: z.array(z.number().int().positive()).min(1, '请至少选择一名党员').max(500),
  /** the day (default: today) */
  on: IsoDateSchema.nullish(),
});
export type PartyGroupMembers = z.infer<typeof PartyGroupMembersSchema>;

export const PartyGroupViewSchema = z.object({
  id: z.number(),
  orgCode: z.string(),
  name: z.string(),
  createdOn: z.string(),
  dissolvedOn: z.string().nullable(),
  leaderMemberId: z.number().nullable(),
  leaderName: z.string().nullable(),
  rowVersion: z.number(),
  /** the members that day */
  members: z.array(
    z.object({
      memberId: z.number(),
      name: z.string(),
      since: z.string(),
      /** still on the branch's roster that day (one who left the branch stays listed until taken out) */
      onRoster: z.boolean(),
    }),
  ),
});
export type PartyGroupView = z.infer<typeof PartyGroupViewSchema>;

/** The `jiceng groups --json` contract, and the API's answer. */
export const PartyGroupListSchema = z.object({
  org: z.string(),
  asOf: z.string(),
  groups: z.array(PartyGroupViewSchema),
  /** members on the branch's roster that day who are in no group */
  ungrouped: z.array(z.object({ memberId: z.number(), name: z.string() })),
});
export type PartyGroupList = z.infer<typeof PartyGroupListSchema>;
/** One meeting owed in a running period (the home's 本月待办): held already, or still to hold by `lastDay`. */
export const DueItemSchema = z.object({
  type: z.enum([...codesOf(MEETING_KINDS), 'heart_talk']),
  unit: z.enum(['month', 'quarter', 'year']),
  /** `2026-03`, `2026-Q2`, `2026` */
  period: z.string(),
  held: z.boolean(),
  lastDay: IsoDateSchema,
});
export type DueItem = z.infer<typeof DueItemSchema>;

/** The home of a branch secretary or township officer (issue 11 item 9, decision 0019). */
export const HomeSchema = z.object({
  org: z.string(),
  orgName: z.string(),
  asOf: IsoDateSchema,
  /** the running month and quarter: `2026-12`, `2026-Q4` */
  month: z.string(),
  quarter: z.string(),
  /** each org of the subtree that owes anything now or missed a period since the previous quarter began */
  orgs: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      due: z.array(DueItemSchema),
      /** periods missed since the start of the previous quarter, per kind */
      missing: z.array(
        z.object({ type: z.enum([...codesOf(MEETING_KINDS), 'heart_talk']), periods: z.array(z.string()) }),
      ),
      lastMeeting: z.object({ heldOn: IsoDateSchema, topic: z.string() }).nullable(),
      /** the end of the committee's latest term (换届), when one is recorded */
      termEndsOn: IsoDateSchema.nullable(),
    }),
  ),
});
export type Home = z.infer<typeof HomeSchema>;

// ------------------------------------------------------------------------------------------------ heart talks
// 谈心谈话 (issue 11 item 6, decision 0018).

export const HeartTalkCreateSchema = z.object({
  heldOn: IsoDateSchema,
  /** who talked: two or more members of the org's roster (or committee) that day */
  memberIds: z
    .array(z.number().int().positive())
    .min(2, '谈心谈话至少两人')
    .max(50)
    .refine((ids) => new Set(ids).size === ids.length, '人员不能重复'),
  note: optText(500),
});
export type HeartTalkCreate = z.infer<typeof HeartTalkCreateSchema>;

export const HeartTalkViewSchema = z.object({
  id: z.number(),
  orgCode: z.string(),
  heldOn: z.string(),
  note: z.string().nullable(),
  people: z.array(z.object({ memberId: z.number(), name: z.string(), post: CommitteePostSchema.nullable() })),
  /** a committee member (a post holder that day) took part: the talk counts toward the yearly obligation */
  withCommittee: z.boolean(),
});
export type HeartTalkView = z.infer<typeof HeartTalkViewSchema>;

/** The `jiceng heart-talks --json` contract, and the API's answer. */
export const HeartTalkListSchema = z.object({
  org: z.string(),
  year: z.string(),
  talks: z.array(HeartTalkViewSchema),
  /** members on the roster (today, or the year's last day) who have had no heart talk with a committee member */
  missing: z.array(z.object({ memberId: z.number(), name: z.string() })),
});
export type HeartTalkList = z.infer<typeof HeartTalkListSchema>;
