/** Test data builders: valid ID numbers and a small county tree. */
import { checkChar } from '../../src/shared/id-number.js';
import { createOrg } from '../../src/services/orgs.js';
import { createMember } from '../../src/services/members.js';
import type { Ctx } from '../../src/services/context.js';
import type { MemberCreate, OrgCreate } from '../../src/shared/schemas.js';

let seq = 0;

/** A valid 18-character ID number for a birth date and sex. */
export function idNumber(birth: string, sex: 'male' | 'female', prefix = '420525'): string {
  seq = (seq + 1) % 500;
  const s = seq * 2 + (sex === 'male' ? 1 : 0);
  const first17 = prefix + birth.replace(/-/g, '') + String(s).padStart(3, '0');
  return first17 + checkChar(first17);
}

export async function org(
  ctx: Ctx,
  code: string,
  name: string,
  parentCode: string | null,
  extra: Partial<OrgCreate> = {},
) {
  return createOrg(ctx, {
    code,
    name,
    parentCode,
    kind: parentCode === null ? 'local_committee' : 'branch',
    sector: 'village',
    foundedOn: '2000-01-01',
    ...extra,
  });
}

export async function member(
  ctx: Ctx,
  orgCode: string,
  name: string,
  extra: Partial<MemberCreate> & { birth?: string; sex?: 'male' | 'female' } = {},
) {
  const birth = extra.birth ?? '1970-05-20';
  const sex = extra.sex ?? 'male';
  return createMember(ctx, {
    orgCode,
    name,
    status: 'full',
    idNumber: idNumber(birth, sex),
    ethnicity: '01',
    education: '71',
    occupation: 'farmer',
    joinedOn: '2005-07-01',
    confirmedOn: '2006-07-01',
    ...extra,
  });
}

/** 县委 → 2 townships → 2 villages each. */
export async function smallCounty(ctx: Ctx) {
  await org(ctx, 'C', '中共测试县委员会', null, { sector: 'government' });
  await org(ctx, 'T1', '中共甲镇委员会', 'C', { kind: 'township_committee' });
  await org(ctx, 'T2', '中共乙镇委员会', 'C', { kind: 'township_committee' });
  await org(ctx, 'V11', '甲村党支部', 'T1');
  await org(ctx, 'V12', '乙村党支部', 'T1');
  await org(ctx, 'V21', '丙村党支部', 'T2');
  await org(ctx, 'V22', '丁社区党支部', 'T2', { sector: 'community' });
}
