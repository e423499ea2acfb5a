import { lazy } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router-dom';
import { AppLayout } from './layout/AppLayout.js';
import { NotFoundPage } from './components/PageState.js';
import { RootRedirect } from './pages/RootRedirect.js';

// each page is its own chunk; the layout and the tree load first
const OrgPage = lazy(() => import('./pages/OrgPage.js'));
const OrgEditPage = lazy(() => import('./pages/OrgEditPage.js'));
const RosterPage = lazy(() => import('./pages/RosterPage.js'));
const MemberDetailPage = lazy(() => import('./pages/MemberDetailPage.js'));
const MemberFormPage = lazy(() => import('./pages/MemberFormPage.js'));
const ImportPage = lazy(() => import('./pages/ImportPage.js'));

const router = createBrowserRouter([
  {
    path: '/',
    element: <AppLayout />,
    children: [
      { index: true, element: <RootRedirect /> },
      { path: 'orgs/:code', element: <OrgPage /> },
      { path: 'orgs/:code/edit', element: <OrgEditPage /> },
      { path: 'orgs/:code/members', element: <RosterPage /> },
      { path: 'orgs/:code/members/new', element: <MemberFormPage mode="create" /> },
      { path: 'members/:id', element: <MemberDetailPage /> },
      { path: 'members/:id/edit', element: <MemberFormPage mode="edit" /> },
      { path: 'import', element: <ImportPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

export function AppRouter() {
  return <RouterProvider router={router} />;
}
