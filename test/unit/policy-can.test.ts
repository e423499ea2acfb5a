/** The one authorisation decision (decision 0010): bindings, dated assignments, and the lists that agree with it. */
import { describe, expect, it } from 'vitest';
import {
  ACTIONS,
  can,
  canSomewhere,
  deployment,
  GRANTABLE_ACTIONS,
  memberResource,
  orgResource,
  scopesFor,
  SYSTEM_ACTOR,
  transferResource,
  type Actor,
  type Grant,
  type Role,
} from '../../src/domain/access/policy.js';
import { ActionSchema } from '../../src/shared/capabilities.js';
import { GrantableActionSchema } from '../../src/shared/grants.js';

const DAY = '2026-11-22';
const user = (role: Role, orgPath: string, grants: Grant[] = [], memberId: number | null = null): Actor => ({
  kind: 'user',
  userId: 1,
  username: 'u',
  role,
  orgId: orgPath === '/' ? null : Number(orgPath.split('/').filter(Boolean).pop()),
  orgPath,
  memberId,
  grants,
  day: DAY,
});
const grant = (
  path: string,
  actions: Grant['actions'],
  validFrom = '2026-11-01',
  validTo: string | null = null,
) => ({
  id: 1,
  on: { kind: 'org' as const, orgId: Number(path.split('/').filter(Boolean).pop()), path },
  actions,
  validFrom,
  validTo,
});

// county /1/, townships /1/2/ and /1/3/, villages /1/2/5/, /1/2/6/, /1/3/9/
describe('can: bindings', () => {
  it('gives a role its actions over its subtree and nothing above or beside it', () => {
    const officer = user('township_officer', '/1/2/');
    expect(can(officer, 'write', orgResource('/1/2/5/'))).toBe(true);
    expect(can(officer, 'write', orgResource('/1/2/'))).toBe(true);
    expect(can(officer, 'read', orgResource('/1/'))).toBe(false);
    expect(can(officer, 'read', orgResource('/1/3/9/'))).toBe(false);
    expect(can(officer, 'accounts.manage', orgResource('/1/2/5/'))).toBe(false);
    const viewer = user('viewer', '/1/2/');
    expect(can(viewer, 'read', memberResource({ id: 8, orgPath: '/1/2/6/' }))).toBe(true);
    expect(can(viewer, 'write', orgResource('/1/2/6/'))).toBe(false);
    expect(can(viewer, 'reveal', memberResource({ id: 8, orgPath: '/1/2/6/' }))).toBe(false);
  });

  it('lets a member account read and reveal its own record only', () => {
    const m = user('member', '/1/2/5/', [], 7);
    expect(can(m, 'reveal', memberResource({ id: 7, orgPath: '/1/2/5/' }))).toBe(true);
    expect(can(m, 'read', memberResource({ id: 8, orgPath: '/1/2/5/' }))).toBe(false);
    expect(can(m, 'read', orgResource('/1/2/5/'))).toBe(false);
    expect(scopesFor(m, 'read')).toEqual([]);
  });

  it('decides the deployment (settings) for deployment-wide and root-bound administrators only', () => {
    expect(can(user('county_admin', '/'), 'settings.manage', deployment)).toBe(true);
    expect(can(user('county_admin', '/1/'), 'settings.manage', deployment)).toBe(true);
    expect(can(user('county_admin', '/1/2/'), 'settings.manage', deployment)).toBe(false);
    expect(can(user('township_officer', '/1/'), 'settings.manage', deployment)).toBe(false);
    // accounts of no org: a deployment-wide administrator only
    expect(can(user('county_admin', '/'), 'accounts.manage', { kind: 'account', orgPath: null })).toBe(true);
    expect(can(user('county_admin', '/1/'), 'accounts.manage', { kind: 'account', orgPath: null })).toBe(
      false,
    );
    expect(can(SYSTEM_ACTOR, 'settings.manage', deployment)).toBe(true);
  });
});

describe('can: assignments', () => {
  const liaison = user('viewer', '/1/3/', [grant('/1/2/5/', ['write'], '2026-11-01', '2026-12-01')]);

  it('gives the granted actions (and read) on the org and its subtree, while in force', () => {
    expect(can(liaison, 'write', orgResource('/1/2/5/'))).toBe(true);
    expect(can(liaison, 'read', orgResource('/1/2/5/'))).toBe(true);
    expect(can(liaison, 'write', orgResource('/1/2/5/77/'))).toBe(true);
    expect(can(liaison, 'write', memberResource({ id: 3, orgPath: '/1/2/5/' }))).toBe(true);
    expect(can(liaison, 'reveal', memberResource({ id: 3, orgPath: '/1/2/5/' }))).toBe(false);
    // the sibling and the parent
    expect(can(liaison, 'read', orgResource('/1/2/6/'))).toBe(false);
    expect(can(liaison, 'read', orgResource('/1/2/'))).toBe(false);
    // its binding stays read-only
    expect(can(liaison, 'write', orgResource('/1/3/9/'))).toBe(false);
    expect(can(liaison, 'read', orgResource('/1/3/9/'))).toBe(true);
  });

  it('is judged on the date: valid_from inclusive, valid_to exclusive', () => {
    const r = orgResource('/1/2/5/');
    expect(can(liaison, 'write', r, '2026-10-31')).toBe(false);
    expect(can(liaison, 'write', r, '2026-11-01')).toBe(true);
    expect(can(liaison, 'write', r, '2026-11-30')).toBe(true);
    expect(can(liaison, 'write', r, '2026-12-01')).toBe(false);
    expect(canSomewhere(liaison, 'write', '2026-12-01')).toBe(false);
    expect(canSomewhere(liaison, 'write')).toBe(true);
    expect(canSomewhere(liaison, 'import')).toBe(false);
  });

  it('never reaches the deployment or accounts', () => {
    const g = user('viewer', '/1/3/', [grant('/1/', ['write', 'reveal', 'import', 'audit.read'])]);
    expect(can(g, 'write', orgResource('/1/2/5/'))).toBe(true);
    expect(can(g, 'write', deployment)).toBe(false);
    expect(can(g, 'read', { kind: 'account', orgPath: '/1/2/' })).toBe(false);
  });

  it('a case grant reaches that case only', () => {
    const reviewer = user('township_officer', '/1/3/', [
      {
        id: 2,
        on: { kind: 'case', caseKind: 'transfer', caseId: 42 },
        actions: ['read', 'write'],
        validFrom: '2026-01-01',
        validTo: null,
      },
    ]);
    expect(
      can(reviewer, 'write', { kind: 'case', caseKind: 'transfer', caseId: 42, orgPath: '/1/2/5/' }),
    ).toBe(true);
    expect(
      can(reviewer, 'write', { kind: 'case', caseKind: 'transfer', caseId: 43, orgPath: '/1/2/5/' }),
    ).toBe(false);
    expect(can(reviewer, 'read', orgResource('/1/2/5/'))).toBe(false);
    // its own township's cases by its binding
    expect(
      can(reviewer, 'write', { kind: 'case', caseKind: 'transfer', caseId: 44, orgPath: '/1/3/9/' }),
    ).toBe(true);
    // the same transfer from its other end (outside the binding) is reached by the grant alone
    expect(can(reviewer, 'read', transferResource(42, '/1/3/9/'))).toBe(true);
    expect(can(reviewer, 'read', transferResource(42, '/1/4/'))).toBe(true);
    // not once the grant has ended, nor for an action it does not carry
    expect(can(reviewer, 'write', transferResource(42, '/1/2/5/'), '2025-12-31')).toBe(false);
    expect(can(reviewer, 'reveal', transferResource(42, '/1/2/5/'))).toBe(false);
    // it lists no org: the transfer is read by its id, not found under an org
    expect(scopesFor(reviewer, 'write')).toEqual(['/1/3/']);
  });
});

describe('scopesFor agrees with can', () => {
  const paths = ['/1/', '/1/2/', '/1/3/', '/1/2/5/', '/1/2/6/', '/1/3/9/', '/1/2/5/77/'];
  const actors: Actor[] = [
    SYSTEM_ACTOR,
    user('county_admin', '/1/'),
    user('township_officer', '/1/2/'),
    user('viewer', '/1/3/', [grant('/1/2/5/', ['write'], '2026-11-01', '2026-12-01')]),
    user('branch_secretary', '/1/2/5/', [grant('/1/2/', ['read'])]),
    user('viewer', '/1/3/', [grant('/1/2/5/', ['write'], '2027-01-01')]),
    user('member', '/1/2/5/', [], 7),
  ];
  it('for every action, org and day', () => {
    for (const a of actors)
      for (const action of ACTIONS)
        for (const day of ['2026-10-01', DAY, '2026-12-01', '2027-06-01'])
          for (const p of paths) {
            const listed = scopesFor(a, action, day).some((s) => p.startsWith(s));
            expect(listed, `${JSON.stringify(a).slice(0, 60)} ${action} ${p} ${day}`).toBe(
              can(a, action, orgResource(p), day),
            );
          }
  });
  it('lists no subtree inside another', () => {
    expect(scopesFor(user('branch_secretary', '/1/2/5/', [grant('/1/2/', ['read'])]), 'read')).toEqual([
      '/1/2/',
    ]);
  });
});

it('the API schemas name the policy’s actions', () => {
  expect(ActionSchema.options).toEqual([...ACTIONS]);
  expect(GrantableActionSchema.options).toEqual([...GRANTABLE_ACTIONS]);
});
