import { lazy } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router-dom';
import { AppLayout } from './layout/AppLayout.js';
import { NotFoundPage } from './components/PageState.js';
import { RootRedirect } from './pages/RootRedirect.js';
import { AuthRoot } from './auth/AuthRoot.js';
import { RequireAuth, RequirePermission } from './auth/RequireAuth.js';
import LoginPage from './pages/LoginPage.js';

// each page is its own chunk; the layout and the tree load first
const OrgPage = lazy(() => import('./pages/OrgPage.js'));
const OrgEditPage = lazy(() => import('./pages/OrgEditPage.js'));
const RosterPage = lazy(() => import('./pages/RosterPage.js'));
const MemberDetailPage = lazy(() => import('./pages/MemberDetailPage.js'));
const MemberFormPage = lazy(() => import('./pages/MemberFormPage.js'));
const ImportPage = lazy(() => import('./pages/ImportPage.js'));
const UsersPage = lazy(() => import('./pages/UsersPage.js'));
const AuditPage = lazy(() => import('./pages/AuditPage.js'));
const SettingsPage = lazy(() => import('./pages/SettingsPage.js'));

const router = createBrowserRouter([
  {
    element: <AuthRoot />,
    children: [
      { path: '/login', element: <LoginPage /> },
      {
        path: '/',
        element: (
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        ),
        children: [
          { index: true, element: <RootRedirect /> },
          { path: 'orgs/:code', element: <OrgPage /> },
          {
            path: 'orgs/:code/edit',
            element: (
              <RequirePermission need="write">
                <OrgEditPage />
              </RequirePermission>
            ),
          },
          { path: 'orgs/:code/members', element: <RosterPage /> },
          {
            path: 'orgs/:code/members/new',
            element: (
              <RequirePermission need="write">
                <MemberFormPage mode="create" />
              </RequirePermission>
            ),
          },
          { path: 'members/:id', element: <MemberDetailPage /> },
          {
            path: 'members/:id/edit',
            element: (
              <RequirePermission need="write">
                <MemberFormPage mode="edit" />
              </RequirePermission>
            ),
          },
          {
            path: 'import',
            element: (
              <RequirePermission need="import">
                <ImportPage />
              </RequirePermission>
            ),
          },
          {
            path: 'users',
            element: (
              <RequirePermission need="manageUsers">
                <UsersPage />
              </RequirePermission>
            ),
          },
          {
            path: 'audit',
            element: (
              <RequirePermission need="audit">
                <AuditPage />
              </RequirePermission>
            ),
          },
          {
            path: 'settings',
            element: (
              <RequirePermission need="settings">
                <SettingsPage />
              </RequirePermission>
            ),
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);

export function AppRouter() {
  return <RouterProvider router={router} />;
}
