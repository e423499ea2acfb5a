import { describe, expect, it } from 'vitest';
import {
  memberReadScope,
  memberViewAsOf,
  memberViews,
  withholdToday,
} from '../../src/domain/access/past-views.js';
import { can, memberResource, SYSTEM_ACTOR, type Actor, type Role } from '../../src/domain/access/policy.js';

const TODAY = '2026-11-22';

const user = (role: Role, orgPath: string, memberId: number | null = null): Actor => ({
  kind: 'user',
  userId: 1,
  username: 'u',
  role,
  orgId: Number(orgPath.split('/').filter(Boolean).pop()),
  orgPath,
  memberId,
  grants: [],
  day: TODAY,
});

const actors: Actor[] = [
  SYSTEM_ACTOR,
  user('county_admin', '/1/'),
  user('township_officer', '/1/2/'),
  user('branch_secretary', '/1/2/5/'),
  user('viewer', '/1/2/'),
  user('member', '/1/2/5/', 7),
  // a viewer of one township with a grant on a village of another
  {
    ...user('viewer', '/1/2/'),
    grants: [
      {
        id: 1,
        on: { kind: 'org', orgId: 9, path: '/1/3/9/' },
        actions: ['read'],
        validFrom: '2026-01-01',
        validTo: null,
      },
    ],
  } as Actor,
];
const members = [
  { id: 7, orgPath: '/1/2/5/' },
  { id: 8, orgPath: '/1/2/6/' },
  { id: 9, orgPath: '/1/3/9/' },
];

describe('past-date views (decision 0005)', () => {
  it('reads scope as data that agrees with can(read)', () => {
    for (const a of actors)
      for (const m of members) {
        const s = memberReadScope(a, TODAY);
        const bySql = s.orgPaths.some((p) => m.orgPath.startsWith(p)) || s.memberId === m.id;
        expect(bySql, `${a.kind === 'user' ? a.role : 'system'} × ${m.id}`).toBe(
          can(a, 'read', memberResource(m), TODAY),
        );
      }
  });

  it('asks once per org what it asks per member (a member account: per member)', () => {
    // members of one org in turn, the member account's own record among them, each asked twice
    const many = [...members, { id: 70, orgPath: '/1/2/5/' }, { id: 90, orgPath: '/1/3/9/' }];
    for (const a of actors)
      for (const on of [TODAY, '2025-12-31']) {
        const view = memberViews(a, on);
        for (const m of [...many, ...many])
          expect(view(m), `${a.kind === 'user' ? a.role : 'system'} × ${m.id} on ${on}`).toBe(
            memberViewAsOf(a, m, on),
          );
      }
  });

  it('shows the history only of members no longer readable today', () => {
    const officer = user('township_officer', '/1/2/');
    expect(memberViewAsOf(officer, { id: 8, orgPath: '/1/2/6/' }, TODAY)).toBe('current');
    expect(memberViewAsOf(officer, { id: 9, orgPath: '/1/3/9/' }, TODAY)).toBe('history');
    expect(memberViewAsOf(SYSTEM_ACTOR, { id: 9, orgPath: '/1/3/9/' }, TODAY)).toBe('current');
    expect(memberViewAsOf(actors.at(-1)!, { id: 9, orgPath: '/1/3/9/' }, TODAY)).toBe('current');
    expect(memberViewAsOf(actors.at(-1)!, { id: 9, orgPath: '/1/3/9/' }, '2025-12-31')).toBe('history');
  });

  it('withholds today’s contact and work data and masks the ID number', () => {
    const m = {
      name: '张三',
      birthDate: '1970-05-20',
      idNumber: '420525197005200197',
      phone: '13999998888',
      address: '乙镇丙村新居9号',
      workUnit: '乙镇茶厂',
      jobTitle: '厂长',
      isMobile: true,
      nativePlace: '湖北英山',
    };
    expect(withholdToday(m)).toEqual({
      name: '张三',
      birthDate: '1970-05-20',
      idNumber: '4205**********0197',
      phone: null,
      address: null,
      workUnit: null,
      jobTitle: null,
      isMobile: null,
      nativePlace: '湖北英山',
    });
  });
});
