/**
 * People and their memberships (decision 0011): what entering a member record for a person who is known already
 * means, decided by how their last membership ended. Pure.
 *
 * - no membership yet (an applicant, issue 13) → a first membership of that person (`admit`);
 * - a current membership (probationary, full, suspended) → refused: the ID number is taken;
 * - the last membership ended by transfer out (转出) and the record's join date is that membership's → the same
 *   membership comes back with a transfer-in period from the return date (`return`); a join date after the
 *   transfer out means the person joined again elsewhere since, which is a new membership;
 * - it ended otherwise (出党, 取消预备党员资格) or the join date is later → a new membership of the same person with
 *   its own join date, which must be after the old one ended (`readmit`);
 * - the person died → refused.
 */
import { isCurrentMembership, type MemberStatus } from '../../shared/codes.js';
import type { IsoDate } from '../../shared/dates.js';
import { NO_WAY_BACK_TO_PROBATION, type MemberProblem } from './write.js';

/** What the planner needs of a person's last membership. */
export interface LastMembership {
  status: MemberStatus;
  joinedOn: IsoDate;
  confirmedOn: IsoDate | null;
  /** the day its current status began (for an ended membership: the day it ended) */
  statusSince: IsoDate;
}

/** The record entered for the person. */
export interface Entered {
  status: 'full' | 'probationary';
  joinedOn: IsoDate;
}

/** A refused admission: one of the member write rules (domain/member/write.ts). */
export type AdmissionProblem = MemberProblem;

export type AdmissionPlan =
  | { kind: 'new' }
  | { kind: 'admit' }
  | { kind: 'taken' }
  | { kind: 'return'; on: IsoDate }
  | { kind: 'readmit' }
  | { kind: 'refused'; problem: AdmissionProblem };

/**
 * How to enter a member record for an ID number: `person` is whether a person holds it, `last` their latest
 * membership (null when they have none). A return is dated `today` (the day the returning record is entered, as
 * an import's moves are).
 */
export function planAdmission(
  person: boolean,
  last: LastMembership | null,
  entered: Entered,
  today: IsoDate,
): AdmissionPlan {
  if (!person) return { kind: 'new' };
  if (!last) return { kind: 'admit' };
  if (isCurrentMembership(last.status)) return { kind: 'taken' };
  const ended = last.statusSince;
  if (last.status === 'deceased')
    return {
      kind: 'refused',
      problem: {
        field: 'idNumber',
        code: 'MEMBER_NOT_ACTIVE',
        message: `该身份证号登记的人员已于${ended}去世，不能再登记为党员`,
      },
    };
  if (last.status === 'transferred_out' && entered.joinedOn <= ended) {
    if (entered.joinedOn !== last.joinedOn)
      return {
        kind: 'refused',
        problem: {
          field: 'joinedOn',
          code: 'VALIDATION_FAILED',
          message: `该人员于${ended}转出，原入党日期为${last.joinedOn}；转回的党员请填写原入党日期`,
        },
      };
    if (last.confirmedOn && entered.status === 'probationary')
      return { kind: 'refused', problem: NO_WAY_BACK_TO_PROBATION };
    return { kind: 'return', on: today < ended ? ended : today };
  }
  if (entered.joinedOn <= ended)
    return {
      kind: 'refused',
      problem: {
        field: 'joinedOn',
        code: 'VALIDATION_FAILED',
        message: `该人员上一次的党籍已于${ended}终止，重新入党的日期应晚于该日期`,
      },
    };
  return { kind: 'readmit' };
}
