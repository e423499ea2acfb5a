import { createContext, useContext } from 'react';
import { ROLES, type Role } from '../../domain/access/policy.js';
import type { SessionUser } from '../../shared/schemas.js';
import type { ActionName, Capabilities } from '../../shared/capabilities.js';
import { permissionsOf, type Permissions } from './permissions.js';

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
export { permissionsOf, type Permissions } from './permissions.js';

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
