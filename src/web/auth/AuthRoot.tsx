/**
 * The root of every route: knows who is signed in (`/auth/me`), reacts when the server says the session ended
 * (→ sign-in page, see RequireAuth) or that the password must be changed first (→ the password form).
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Outlet } from 'react-router-dom';
import type { SessionUser } from '../../shared/schemas.js';
import { ApiError, api, onAuthProblem } from '../api/client.js';
import { AuthContext, permissionsOf, type AuthApi, type AuthStatus } from './context.js';
import { SIGNED_IN_USER } from '../login/assets.js';

interface State {
  status: AuthStatus;
  user: SessionUser | null;
  error: unknown;
}

export function AuthRoot() {
  const [state, setState] = useState<State>(() => {
    // started by the static sign-in page (decision 0017): it has just been told who signed in
    const handed = (window as unknown as Record<string, unknown>)[SIGNED_IN_USER] as SessionUser | undefined;
    delete (window as unknown as Record<string, unknown>)[SIGNED_IN_USER];
    return handed
      ? { status: 'signed-in', user: handed, error: null }
      : { status: 'loading', user: null, error: null };
  });

  const refresh = useCallback(async () => {
    try {
      const user = await api.me();
      setState({ status: 'signed-in', user, error: null });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'UNAUTHENTICATED') {
        setState({ status: 'anonymous', user: null, error: null });
      } else {
        setState((s) => (s.user ? s : { status: 'error', user: null, error: e }));
      }
    }
  }, []);

  useEffect(() => {
    if (state.status === 'loading') void refresh();
    // (only on mount: a later refresh is asked for through the context)
  }, [refresh]);

  useEffect(() => {
    onAuthProblem((code) => {
      if (code === 'UNAUTHENTICATED') {
        setState({ status: 'anonymous', user: null, error: null });
      } else {
        setState((s) => (s.user ? { ...s, user: { ...s.user, mustChangePassword: true } } : s));
      }
    });
    return () => onAuthProblem(null);
  }, []);

  const signedIn = useCallback(
    (user: SessionUser) => setState({ status: 'signed-in', user, error: null }),
    [],
  );

  const signOut = useCallback(async () => {
    try {
      await api.logout();
    } catch {
      // the session may already be gone; the sign-in page is the right place either way
    }
    // a full load drops everything the previous account had on screen or in memory
    window.location.assign('/login');
  }, []);

  const value = useMemo<AuthApi>(
    () => ({
      status: state.status,
      user: state.user,
      error: state.error,
      perms: permissionsOf(state.user),
      signedIn,
      refresh,
      signOut,
    }),
    [state, signedIn, refresh, signOut],
  );

  return (
    <AuthContext.Provider value={value}>
      <Outlet />
    </AuthContext.Provider>
  );
}
