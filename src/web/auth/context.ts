import { createContext, useContext } from 'react';
import { ROLES, type Role } from '../../domain/access/policy.js';
import type { SessionUser } from '../../shared/schemas.js';
import type { ActionName, Capabilities } from '../../shared/capabilities.js';

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
  /** 记录组织生活 (meetings) somewhere */
  meetings: boolean;
  /** 记录党费 somewhere */
  dues: boolean;
  /** browse 操作记录 */
  audit: boolean;
  /** 账号管理 */
  manageUsers: boolean;
  /** 抽查核实 (decision 0038): draw samples and record on-site verification */
  sampling: boolean;
  /** 本县设置 (to read; the settings API says who may change them) */
  settings: boolean;
  /** 归类: map the values no code table knew (an administrator of the whole county) */
  classify: boolean;
  /** a member's own account: only their own record, no org tree */
  selfOnly: boolean;
}

/**
 * What the menus and buttons show, read from the capabilities the server sent with the session (decision 0010):
 * the actions the account may ask for somewhere today. Whether it may on a given org is `canOn`.
 */
export function permissionsOf(user: SessionUser | null): Permissions {
  const may = (a: ActionName) => !!user?.capabilities.actions.includes(a);
  const selfOnly = !!user && !user.capabilities.binding.subtree;
  return {
    write: may('write'),
    meetings: may('meetings.write'),
    dues: may('dues.write'),
    import: may('import'),
    reveal: may('reveal'),
    audit: may('audit.read'),
    manageUsers: may('accounts.manage'),
    settings: !!user && !selfOnly,
    classify: may('classify'),
    sampling: may('sampling'),
    selfOnly,
  };
}

/**
 * May the account perform the action on this org, by the server's capabilities? `org` is the org's code and the
 * codes of its ancestors the account sees (an org view's `ancestors`): its binding reaches the org when its own org
 * is among them (or it is deployment-wide), a grant when the granted org is.
 */
export function canOn(
  caps: Capabilities | undefined,
  action: ActionName,
  org: { code: string; ancestors?: readonly { code: string }[] },
): boolean {
  if (!caps) return false;
  const codes = new Set([org.code, ...(org.ancestors ?? []).map((a) => a.code)]);
  const b = caps.binding;
  if (b.subtree && b.actions.includes(action) && (b.orgCode === null || codes.has(b.orgCode))) return true;
  return caps.grants.some((g) => g.actions.includes(action) && codes.has(g.orgCode));
}

/** `canOn` for the signed-in account. */
export function useCan(
  action: ActionName,
  org: { code: string; ancestors?: readonly { code: string }[] } | null,
) {
  const { user } = useAuth();
  return !!org && canOn(user?.capabilities, action, org);
}

export function roleLabel(role: Role | string | null | undefined): string {
  return ROLES.find((r) => r.code === role)?.zh ?? '';
}

export { HOME_ROLES, homePath, safeNext, afterSignIn } from './paths.js';

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
