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
  if (toHome) return <Navigate to="/home" replace />;
  if (user && perms.selfOnly) return <Navigate to={homePath(user)} replace />;
  return <ToOwnOrg />;
}

/**
 * `/reviews` (the menu's 述职评议) → the round page of the account's own committee (`/orgs/:code/reviews`), which
 * lists the secretaries it reviews and the rounds of the committees below it (decision 0037).
 */
export function ReviewsRedirect() {
  return <ToOwnOrg suffix="/reviews" />;
}

/** The account's own org (`suffix` appended): the org it is bound to without asking, else the server's top org. */
function ToOwnOrg({ suffix = '' }: { suffix?: string }) {
  const { user, perms } = useAuth();
  // an account bound to an org starts on it (the top of its scope) without asking the server which org that is
  const bound = !!user && !perms.selfOnly ? user.orgCode : null;
  const root = useRequest((signal) => api.rootOrg(signal), [], !bound);
  const to = (code: string) => `/orgs/${encodeURIComponent(code)}${suffix}`;
  if (bound) return <Navigate to={to(bound)} replace />;
  if (root.data) return <Navigate to={to(root.data.code)} replace />;
  if (root.error) return <PageError error={root.error} onRetry={root.reload} />;
  return <PageSkeleton />;
}
