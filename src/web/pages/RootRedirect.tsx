import { Navigate } from 'react-router-dom';
import { api } from '../api/client.js';
import { useRequest } from '../api/hooks.js';
import { PageError, PageSkeleton } from '../components/PageState.js';
import { HOME_ROLES, homePath, useAuth } from '../auth/context.js';

/**
 * `/` → a branch secretary's or township officer's 本月待办 (`/home`); anyone else the signed-in account's root org:
 * the org it is bound to, or (an account bound to none) the top org the server finds for it (a member's account: its
 * first granted org, else their own record).
 */
export function RootRedirect() {
  const { user, perms } = useAuth();
  const toHome = !!user && HOME_ROLES.includes(user.role) && !!user.orgCode;
  // an account bound to an org starts on it (the top of its scope) without asking the server which org that is
  const bound = !!user && !perms.selfOnly && !toHome ? user.orgCode : null;
  const root = useRequest((signal) => api.rootOrg(signal), [], !perms.selfOnly && !toHome && !bound);
  if (toHome) return <Navigate to="/home" replace />;
  if (user && perms.selfOnly) return <Navigate to={homePath(user)} replace />;
  if (bound) return <Navigate to={`/orgs/${encodeURIComponent(bound)}`} replace />;
  if (root.data) return <Navigate to={`/orgs/${encodeURIComponent(root.data.code)}`} replace />;
  if (root.error) return <PageError error={root.error} onRetry={root.reload} />;
  return <PageSkeleton />;
}
