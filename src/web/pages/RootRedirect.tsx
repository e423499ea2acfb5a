import { Navigate } from 'react-router-dom';
import { api } from '../api/client.js';
import { useRequest } from '../api/hooks.js';
import { PageError, PageSkeleton } from '../components/PageState.js';

/** `/` → the signed-in user's root org. */
export function RootRedirect() {
  const root = useRequest((signal) => api.rootOrg(signal), []);
  if (root.data) return <Navigate to={`/orgs/${encodeURIComponent(root.data.code)}`} replace />;
  if (root.error) return <PageError error={root.error} onRetry={root.reload} />;
  return <PageSkeleton />;
}
