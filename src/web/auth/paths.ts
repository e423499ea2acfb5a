/**
 * Where an account goes after signing in. Pure (no React, no antd): the static sign-in page (src/web/login/) and
 * the app share it.
 */
import type { SessionUser } from '../../shared/schemas.js';

/** Roles whose landing is 本月待办 (`/home`, decision 0019): those who hold and record the meetings. */
export const HOME_ROLES: readonly string[] = ['branch_secretary', 'township_officer'];

/**
 * Where an account lands after signing in (and at `/`): a branch secretary's or township officer's 本月待办; else the
 * root of its tree; for an account whose binding reaches no org (a member's own account) its first granted org when
 * it holds a grant (decision 0010), else its own record.
 */
export function homePath(user: SessionUser): string {
  if (HOME_ROLES.includes(user.role) && user.orgCode) return '/home';
  if (!user.capabilities.binding.subtree) {
    const granted = user.capabilities.grants[0];
    if (granted) return `/orgs/${encodeURIComponent(granted.orgCode)}`;
    if (user.memberId != null) return `/members/${user.memberId}`;
  }
  return '/';
}

/** A `?next=` value that stays inside this app (no other origins, no protocol-relative URLs). */
export function safeNext(next: string | null | undefined): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null;
  if (next.startsWith('/login')) return null;
  return next;
}

/** After signing in: `next` when it is a page this account can use, else its home. */
export function afterSignIn(user: SessionUser, next: string | null): string {
  const home = homePath(user);
  if (!next) return home;
  // a member's account sees only its own record (and the orgs granted to it, decision 0010)
  if (user.role === 'member' && !user.capabilities.grants.length && !next.startsWith(home)) return home;
  return next;
}
