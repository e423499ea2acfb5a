/**
 * The rules of writing a member, as pure plan/check functions used by both write paths: the single write
 * (services/members.ts create, update, dated events) and the bulk one (services/bulk.ts applyMemberChunk, for
 * imports and the demo). Each rule and its Chinese message exists here once (decision 0012, like
 * domain/org/write.ts for orgs). A check returns the problem (or null); the single path throws it
 * (memberProblemError in services/members.ts), the bulk path reports it against the row.
 */
import type { MemberStatus, OrgKind, OrgStatus } from '../../shared/codes.js';
import type { IsoDate } from '../../shared/dates.js';
import { ERROR_CODES } from '../../shared/errors.js';
import { can, orgResource, type Actor } from '../access/policy.js';
import { mayHoldMembers } from '../org/rules.js';
import type { MemberComparedField, MemberValues } from '../../shared/member-fields.js';

/** One broken rule: its code (an error code, or an import code such as DUPLICATE_IN_FILE), the field, the message. */
export interface MemberProblem {
  code: string;
  field: 'orgCode' | 'idNumber' | 'status' | 'joinedOn' | 'confirmedOn';
  message: string;
}

/** What the rules need to know of the org a member is entered into or moved to. */
export interface MemberOrgFacts {
  name: string;
  kind: OrgKind;
  path: string;
  status: OrgStatus;
}

/**
 * Whether members may be entered into (or moved to) the org a write names by `code`, as found (null: no such org):
 * it must exist where the actor may read (else it reads as missing), be active, be a kind that holds members, and
 * be where the actor may write (the policy's `can`, decision 0010).
 */
export function checkMemberOrg(actor: Actor, code: string, org: MemberOrgFacts | null): MemberProblem | null {
  if (!org || !can(actor, 'read', orgResource(org.path)))
    return {
      code: 'ORG_NOT_FOUND',
      field: 'orgCode',
      message: `党组织编码 ${code} 不存在，或不在您的管理范围内`,
    };
  if (org.status !== 'active')
    return { code: 'ORG_DISSOLVED', field: 'orgCode', message: `党组织 ${org.name} 已撤销，不能编入党员` };
  if (!mayHoldMembers(org.kind))
    return { code: 'MEMBER_ORG_NOT_BRANCH', field: 'orgCode', message: ERROR_CODES.MEMBER_ORG_NOT_BRANCH.zh };
  if (!can(actor, 'write', orgResource(org.path)))
    return { code: 'FORBIDDEN', field: 'orgCode', message: '该党组织不在您的管理范围内' };
  return null;
}

/** The second row of a file with an ID number seen before. */
export function duplicateInFile(firstRow: number): MemberProblem {
  return { code: 'DUPLICATE_IN_FILE', field: 'idNumber', message: `与第${firstRow}行的身份证号重复` };
}

/** A full member entered again as probationary (a re-import, a return after a transfer out). */
export const NO_WAY_BACK_TO_PROBATION: MemberProblem = {
  code: 'MEMBER_STATUS_TRANSITION',
  field: 'status',
  message: '已是正式党员，人员类别不能改为预备党员',
};

/** What a re-imported row of a member with a current membership changes. */
export interface ReimportPlan {
  /** the compared fields the row gives and that differ from the stored member: a correction */
  patch: Partial<Pick<MemberValues, MemberComparedField>>;
  /** a probationary member the row says is full: confirmed on this date */
  confirmOn: IsoDate | null;
  /** the row names another org: moved there today */
  move: boolean;
}

/**
 * The plan for a row of a member who has a current membership, or the problem that refuses it: a suspended
 * member is restored by a dated event on their page, not by an import; a full member cannot become probationary.
 * Fields the row leaves blank keep their stored values; a probationary member's confirmation date is not compared
 * (confirming is the dated event the plan asks for).
 */
export function planReimport(
  stored: { status: MemberStatus; orgId: number } & Pick<MemberValues, MemberComparedField>,
  row: { status: 'full' | 'probationary'; confirmedOn?: IsoDate | null | undefined } & Partial<
    Record<MemberComparedField, unknown>
  >,
  orgId: number,
  compared: readonly MemberComparedField[],
  today: IsoDate,
): ReimportPlan | { problem: MemberProblem } {
  if (stored.status !== 'full' && stored.status !== 'probationary')
    return {
      problem: {
        code: 'MEMBER_NOT_ACTIVE',
        field: 'idNumber',
        message: '该党员已停止党籍，不能通过导入恢复；请在其档案中办理恢复党籍',
      },
    };
  if (stored.status === 'full' && row.status === 'probationary') return { problem: NO_WAY_BACK_TO_PROBATION };
  const patch: ReimportPlan['patch'] = {};
  for (const k of compared) {
    const v = row[k];
    if (v === undefined || v === null) continue;
    if (k === 'confirmedOn' && stored.status === 'probationary') continue;
    if (v !== stored[k]) (patch as Record<string, unknown>)[k] = v;
  }
  return {
    patch,
    confirmOn: stored.status === 'probationary' && row.status === 'full' ? (row.confirmedOn ?? today) : null,
    move: orgId !== stored.orgId,
  };
}
