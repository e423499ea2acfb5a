import { createContext, useContext } from 'react';
import { ROLES, type Role } from '../../domain/access/policy.js';
import type { SessionUser } from '../../shared/schemas.js';

export type AuthStatus = 'loading' | 'error' | 'anonymous' | 'signed-in';

export interface AuthApi {
  status: AuthStatus;
  /** the signed-in account (null until known, or when signed out) */
  user: SessionUser | null;
  /** why /auth/me failed when status is 'error' (network down, server error) */
  error: unknown;
  perms: Permissions;
  /** after a successful sign-in */
  signedIn: (user: SessionUser) => void;
  /** read /auth/me again (after a password change) */
  refresh: () => Promise<void>;
  /** ends the session and opens the sign-in page with a clean slate */
  signOut: () => Promise<void>;
}

/** What the signed-in account may do, for showing or hiding actions (the server checks again). */
export interface Permissions {
  /** create, edit, move, dissolve, elections, member events and records */
  write: boolean;
  /** spreadsheet imports */
  import: boolean;
  /** 查看 the full ID number, phone and address (each time logged) */
  reveal: boolean;
  /** browse 操作记录 */
  audit: boolean;
  /** 账号管理 */
  manageUsers: boolean;
  /** 本县设置 (to read; the settings API says who may change them) */
  settings: boolean;
  /** a member's own account: only their own record, no org tree */
  selfOnly: boolean;
}

export function permissionsOf(user: SessionUser | null): Permissions {
  const role = user?.role;
  const staff = role === 'county_admin' || role === 'township_officer' || role === 'branch_secretary';
  return {
    write: staff,
    import: staff,
    reveal: staff || role === 'member',
    audit: staff,
    manageUsers: role === 'county_admin',
    settings: !!role && role !== 'member',
    selfOnly: role === 'member',
  };
}

export function roleLabel(role: Role | string | null | undefined): string {
  return ROLES.find((r) => r.code === role)?.zh ?? '';
}

/** Where an account lands after signing in (and at `/`). */
export function homePath(user: SessionUser): string {
  if (user.role === 'member' && user.memberId != null) return `/members/${user.memberId}`;
  return '/';
}

/** A `?next=` value that stays inside this app (no other origins, no protocol-relative URLs). */
export function safeNext(next: string | null | undefined): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null;
  if (next.startsWith('/login')) return null;
  return next;
}

export const AuthContext = createContext<AuthApi>({
  status: 'loading',
  user: null,
  error: null,
  perms: permissionsOf(null),
  signedIn: () => undefined,
  refresh: async () => undefined,
  signOut: async () => undefined,
});

export function useAuth(): AuthApi {
  return useContext(AuthContext);
}
