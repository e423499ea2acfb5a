/**
 * An account's grants by assignment as the API shows and takes them (decision 0010). Plain schemas, read by the
 * server and the web; the decisions are the policy's (src/domain/access/policy.ts), whose grantable actions these
 * mirror (a unit test keeps them equal).
 */
import { z } from 'zod';
import { IsoDateSchema, OrgCodeSchema } from './schemas.js';
import { ActionSchema } from './capabilities.js';

export { ActionSchema };

export const GrantableActionSchema = z.enum([
  'read',
  'reveal',
  'write',
  'meetings.write',
  'dues.write',
  'recruitment.write',
  'screening.observe',
  'assessment.rate',
  'import',
  'audit.read',
]);
export type GrantableActionName = z.infer<typeof GrantableActionSchema>;

/** The Chinese name of each action an assignment may carry, in the order forms list them. */
export const GRANT_ACTION_LABELS: Readonly<Record<GrantableActionName, string>> = {
  read: '查看',
  reveal: '查看完整身份证号、电话和住址',
  write: '修改组织和党员信息',
  'meetings.write': '记录组织生活（会议）',
  'dues.write': '记录党费（基数、缴纳、上缴）',
  'recruitment.write': '记录发展党员各步骤',
  'screening.observe': '记录软弱涣散排查情况、整顿措施和进展',
  'assessment.rate': '分类考核人工评分',
  import: '导入台账',
  'audit.read': '查看操作记录',
};

/** Ready-made sets of actions, named like the roles they resemble. */
export const GRANT_PRESETS: readonly { key: string; label: string; actions: GrantableActionName[] }[] = [
  { key: 'viewer', label: '只读查看', actions: ['read'] },
  {
    key: 'staff',
    label: '如同支部书记（查看、修改、记录会议和党费、导入）',
    actions: [
      'read',
      'reveal',
      'write',
      'meetings.write',
      'dues.write',
      'recruitment.write',
      'import',
      'audit.read',
    ],
  },
];

/** The actions a grant on one transfer may carry (decision 0034): review it, or handle it for the receiving end. */
export const TRANSFER_GRANT_ACTIONS = ['read', 'write'] as const satisfies readonly GrantableActionName[];

export const GrantViewSchema = z.object({
  id: z.number(),
  /** the org of a grant on a subtree; null for a grant on one transfer */
  orgCode: z.string().nullable(),
  orgName: z.string().nullable(),
  /** a grant on one transfer (decision 0034): the transfer and its two ends as its letter names them */
  transfer: z
    .object({
      id: z.number(),
      name: z.string(),
      fromOrgName: z.string().nullable(),
      toOrgName: z.string().nullable(),
    })
    .nullable(),
  actions: z.array(GrantableActionSchema),
  validFrom: z.string(),
  /** exclusive: the first day it no longer holds; null: until ended */
  validTo: z.string().nullable(),
  /** on today's date */
  state: z.enum(['future', 'current', 'ended']),
  grantedByName: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
});
export type GrantView = z.infer<typeof GrantViewSchema>;

export const GrantCreateSchema = z.object({
  /** the org whose subtree the grant reaches; or, instead, `transferId` */
  orgCode: OrgCodeSchema.nullish(),
  /** a grant on one transfer instead of an org (decision 0034): `read` and `write` only */
  transferId: z.number().int().positive().nullish(),
  actions: z.array(GrantableActionSchema).min(1, '请至少选择一项权限').max(9),
  /** omitted: from today */
  validFrom: IsoDateSchema.nullish(),
  /** exclusive; omitted: until ended */
  validTo: IsoDateSchema.nullish(),
  note: z.string().trim().max(200).nullish(),
});
export type GrantCreate = z.infer<typeof GrantCreateSchema>;

export const GrantEndSchema = z.object({
  /** the first day the grant no longer holds; omitted: today */
  on: IsoDateSchema.nullish(),
});
