import { lazy, Suspense } from 'react';
import { BrowserRouter, useRoutes, type RouteObject } from 'react-router-dom';
import { AuthRoot } from './auth/AuthRoot.js';
import { FullPageSpinner } from './auth/FullPageSpinner.js';
import { ToSignIn } from './auth/ToSignIn.js';
import { preloadable } from './lib/preloadable.js';

// The sign-in page is a static page of its own (login.html, decision 0017). The first chunk is the router; the
// signed-in part (session guard, layout, org tree, menus) and each page are chunks of their own, fetched when first
// shown (the sign-in page fetches the first of them ahead; docs/benchmarks.md, web load).
const SignedIn = preloadable(() => import('./layout/SignedIn.js'));
const RequirePermission = lazy(() =>
  import('./auth/RequireAuth.js').then((m) => ({ default: m.RequirePermission })),
);
const RootRedirect = preloadable<object>(() =>
  import('./pages/RootRedirect.js').then((m) => ({ default: m.RootRedirect })),
);
const ReviewsRedirect = lazy(() =>
  import('./pages/RootRedirect.js').then((m) => ({ default: m.ReviewsRedirect })),
);
const NotFoundPage = lazy(() =>
  import('./components/PageState.js').then((m) => ({ default: m.NotFoundPage })),
);
const OrgPage = preloadable(() => import('./pages/OrgPage.js'));
const OrgEditPage = lazy(() => import('./pages/OrgEditPage.js'));
const RosterPage = lazy(() => import('./pages/RosterPage.js'));
const MemberDetailPage = lazy(() => import('./pages/MemberDetailPage.js'));
const MemberFormPage = lazy(() => import('./pages/MemberFormPage.js'));
const MeetingFormPage = lazy(() => import('./pages/MeetingFormPage.js'));
const DuesPayPage = lazy(() => import('./pages/DuesPayPage.js'));
const ElectionFormPage = lazy(() => import('./pages/ElectionFormPage.js'));
const AppraisalFormPage = lazy(() => import('./pages/AppraisalFormPage.js'));
const HomePage = preloadable(() => import('./pages/HomePage.js'));
const CompliancePage = lazy(() => import('./pages/CompliancePage.js'));
const WarningsPage = lazy(() => import('./pages/WarningsPage.js'));
const ScreeningPage = lazy(() => import('./pages/ScreeningPage.js'));
const ReviewRoundPage = lazy(() => import('./pages/ReviewRoundPage.js'));
const ReviewEntryPage = lazy(() => import('./pages/ReviewEntryPage.js'));
const SamplingPage = lazy(() => import('./pages/SamplingPage.js'));
const CasePage = lazy(() => import('./pages/CasePage.js'));
const AssessmentPage = lazy(() => import('./pages/AssessmentPage.js'));
const AssessmentOrgPage = lazy(() => import('./pages/AssessmentOrgPage.js'));
const AssessmentSchemePage = lazy(() => import('./pages/AssessmentSchemePage.js'));
const ImportPage = lazy(() => import('./pages/ImportPage.js'));
const UsersPage = lazy(() => import('./pages/UsersPage.js'));
const AuditPage = lazy(() => import('./pages/AuditPage.js'));
const SettingsPage = lazy(() => import('./pages/SettingsPage.js'));
const ClassifyPage = lazy(() => import('./pages/ClassifyPage.js'));
const GuidePage = lazy(() => import('./guide/GuidePage.js'));
const TransferPage = lazy(() => import('./pages/lifecycle/TransferPage.js'));

const routes: RouteObject[] = [
  {
    element: <AuthRoot />,
    children: [
      { path: '/login', element: <ToSignIn /> },
      {
        path: '/',
        element: (
          <Suspense fallback={<FullPageSpinner />}>
            <SignedIn />
          </Suspense>
        ),
        children: [
          { index: true, element: <RootRedirect /> },
          { path: 'home', element: <HomePage /> },
          { path: 'transfers/:transferId', element: <TransferPage /> },
          { path: 'compliance', element: <CompliancePage /> },
          { path: 'warnings', element: <WarningsPage /> },
          { path: 'screening', element: <ScreeningPage /> },
          ...['sampling', 'sampling/:drawId'].map((path) => ({
            path,
            element: (
              <RequirePermission need="sampling">
                <SamplingPage />
              </RequirePermission>
            ),
          })),
          { path: 'rectification/:caseId', element: <CasePage /> },
          { path: 'reviews', element: <ReviewsRedirect /> },
          { path: 'assessment', element: <AssessmentPage /> },
          { path: 'assessment/scheme', element: <AssessmentSchemePage /> },
          { path: 'assessment/orgs/:code', element: <AssessmentOrgPage /> },
          { path: 'orgs/:code', element: <OrgPage /> },
          {
            path: 'orgs/:code/edit',
            element: (
              <RequirePermission need="write">
                <OrgEditPage />
              </RequirePermission>
            ),
          },
          { path: 'orgs/:code/reviews', element: <ReviewRoundPage /> },
          { path: 'orgs/:code/reviews/:year/:secretaryOrg', element: <ReviewEntryPage /> },
          { path: 'orgs/:code/members', element: <RosterPage /> },
          {
            path: 'orgs/:code/members/new',
            element: (
              <RequirePermission need="write">
                <MemberFormPage mode="create" />
              </RequirePermission>
            ),
          },
          {
            path: 'orgs/:code/meetings/new',
            element: (
              <RequirePermission need="meetings">
                <MeetingFormPage mode="create" />
              </RequirePermission>
            ),
          },
          {
            path: 'orgs/:code/elections/new',
            element: (
              <RequirePermission need="write">
                <ElectionFormPage />
              </RequirePermission>
            ),
          },
          {
            path: 'meetings/:id/edit',
            element: (
              <RequirePermission need="meetings">
                <MeetingFormPage mode="edit" />
              </RequirePermission>
            ),
          },
          {
            path: 'meetings/:id/appraisal',
            element: (
              <RequirePermission need="meetings">
                <AppraisalFormPage />
              </RequirePermission>
            ),
          },
          {
            path: 'orgs/:code/dues/pay',
            element: (
              <RequirePermission need="dues">
                <DuesPayPage />
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
          {
            path: 'classify',
            element: (
              <RequirePermission need="classify">
                <ClassifyPage />
              </RequirePermission>
            ),
          },
          { path: 'help', element: <GuidePage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];

function AppRoutes() {
  return useRoutes(routes);
}

export function AppRouter() {
  return (
    <BrowserRouter>
      <AppRoutes />
    </BrowserRouter>
  );
}

/**
 * Loads the chunks of the pages the app draws first at `pathname` (the signed-in layout, and the org page `/` leads most accounts to, or 本月待办), so that they draw without suspending (lib/preloadable.tsx). On the sign-in page they are
 * already evaluated while the person types, and this answers at once.
 */
export function preloadFirstPages(pathname: string): Promise<unknown> {
  const first: { preload: () => Promise<unknown> }[] = [SignedIn];
  if (pathname === '/') first.push(RootRedirect, OrgPage);
  else if (pathname.startsWith('/orgs/') && !pathname.includes('/', 6)) first.push(OrgPage);
  else if (pathname === '/home') first.push(HomePage);
  return Promise.all(first.map((p) => p.preload()));
}
