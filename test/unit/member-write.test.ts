/**
 * The member write rules (domain/member/write.ts, decision 0012): one check of the org a member goes into, one plan
 * of a re-imported row, used by the single write and the import alike — so their codes and Chinese messages are
 * the same on both paths (the integration tests of the import and of the single creation check them there).
 */
import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, type Actor, type Role } from '../../src/domain/access/policy.js';
import {
  checkMemberOrg,
  duplicateInFile,
  NO_WAY_BACK_TO_PROBATION,
  planReimport,
} from '../../src/domain/member/write.js';
import { MEMBER_COMPARED_FIELDS } from '../../src/shared/member-fields.js';
import { planAdmission } from '../../src/domain/member/memberships.js';

const DAY = '2026-11-22';
const user = (role: Role, orgPath: string): Actor => ({
  kind: 'user',
  userId: 1,
  username: 'u',
  role,
  orgId: Number(orgPath.split('/').filter(Boolean).pop()),
  orgPath,
  memberId: null,
  grants: [],
  day: DAY,
});
const branch = { name: '甲村党支部', kind: 'branch' as const, path: '/1/2/3/', status: 'active' as const };

describe('checkMemberOrg', () => {
  it('accepts an active branch in the writer’s scope', () => {
    expect(checkMemberOrg(SYSTEM_ACTOR, 'V1', branch)).toBeNull();
    expect(checkMemberOrg(user('township_officer', '/1/2/'), 'V1', branch)).toBeNull();
  });

  it('refuses, in this order: missing or out of scope, dissolved, not holding members, not writable', () => {
    expect(checkMemberOrg(SYSTEM_ACTOR, 'NOPE', null)).toEqual({
      code: 'ORG_NOT_FOUND',
      field: 'orgCode',
      message: '党组织编码 NOPE 不存在，或不在您的管理范围内',
    });
    // outside the scope reads exactly like missing
    expect(checkMemberOrg(user('township_officer', '/1/9/'), 'V1', branch)).toEqual(
      checkMemberOrg(user('township_officer', '/1/9/'), 'V1', null),
    );
    expect(checkMemberOrg(SYSTEM_ACTOR, 'V1', { ...branch, status: 'dissolved' })).toMatchObject({
      code: 'ORG_DISSOLVED',
      message: '党组织 甲村党支部 已撤销，不能编入党员',
    });
    expect(
      checkMemberOrg(SYSTEM_ACTOR, 'C', { ...branch, kind: 'local_committee', name: '县委' }),
    ).toMatchObject({ code: 'MEMBER_ORG_NOT_BRANCH' });
    expect(checkMemberOrg(user('viewer', '/1/'), 'V1', branch)).toMatchObject({
      code: 'FORBIDDEN',
      message: '该党组织不在您的管理范围内',
    });
  });
});

describe('planReimport', () => {
  const stored = {
    status: 'probationary' as const,
    orgId: 3,
    name: '张三',
    sex: 'male' as const,
    birthDate: '1990-01-01',
    ethnicity: '01',
    education: null,
    occupation: 'farmer' as const,
    nativePlace: null,
    phone: '13800000000',
    address: null,
    workUnit: null,
    jobTitle: null,
    joinedOn: '2026-03-01',
    confirmedOn: null,
    isMobile: false,
  };

  it('corrects what the row gives and differs, confirms and moves as the row says', () => {
    expect(
      planReimport(
        stored,
        { status: 'full', confirmedOn: '2027-03-01', phone: '13900000000', education: null },
        4,
        MEMBER_COMPARED_FIELDS,
        DAY,
      ),
    ).toEqual({ patch: { phone: '13900000000' }, confirmOn: '2027-03-01', move: true });
    expect(
      planReimport(stored, { status: 'probationary', name: '张三' }, 3, MEMBER_COMPARED_FIELDS, DAY),
    ).toEqual({ patch: {}, confirmOn: null, move: false });
    // confirmed without a date: today
    expect(planReimport(stored, { status: 'full' }, 3, MEMBER_COMPARED_FIELDS, DAY)).toMatchObject({
      confirmOn: DAY,
    });
  });

  it('refuses a full member made probationary and a suspended member, with the single path’s words', () => {
    expect(
      planReimport({ ...stored, status: 'full' }, { status: 'probationary' }, 3, MEMBER_COMPARED_FIELDS, DAY),
    ).toEqual({ problem: NO_WAY_BACK_TO_PROBATION });
    // a returning member after a transfer out meets the same rule and message
    expect(
      planAdmission(
        true,
        {
          status: 'transferred_out',
          joinedOn: '2005-07-01',
          confirmedOn: '2006-07-01',
          statusSince: '2020-01-01',
        },
        { status: 'probationary', joinedOn: '2005-07-01' },
        DAY,
      ),
    ).toEqual({ kind: 'refused', problem: NO_WAY_BACK_TO_PROBATION });
    expect(
      planReimport({ ...stored, status: 'suspended' }, { status: 'full' }, 3, MEMBER_COMPARED_FIELDS, DAY),
    ).toMatchObject({ problem: { code: 'MEMBER_NOT_ACTIVE', field: 'idNumber' } });
  });

  it('names the first row of a duplicated ID number', () => {
    expect(duplicateInFile(7)).toEqual({
      code: 'DUPLICATE_IN_FILE',
      field: 'idNumber',
      message: '与第7行的身份证号重复',
    });
  });
});
