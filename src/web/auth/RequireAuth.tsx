/** Guards the app: a spinner while the session is checked, the sign-in page without one, the password form when due. */
import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { Button, Card, Result } from 'antd';
import { errorMessage } from '../api/client.js';
import { useAuth, type Permissions } from './context.js';
import { FullPageSpinner } from './FullPageSpinner.js';

export { FullPageSpinner };

// the password form (and the validation rules it shares with the server) loads only when a password change is due
const ForcedPasswordPage = lazy(() =>
  import('./PasswordForm.js').then((m) => ({ default: m.ForcedPasswordPage })),
);

export function loginPath(pathname: string, search: string): string {
  const here = pathname + search;
  return here === '/' || here === '' ? '/login' : `/login?next=${encodeURIComponent(here)}`;
}

export function RequireAuth({ children }: { children: ReactNode }) {
  const auth = useAuth();
  const location = useLocation();
  if (auth.status === 'loading') return <FullPageSpinner />;
  if (auth.status === 'error') {
    return (
      <div className="jc-auth-page">
        <Card variant="borderless" style={{ maxWidth: 480 }}>
          <Result
            status="error"
            title="无法连接服务器"
            subTitle={errorMessage(auth.error)}
            extra={
              <Button type="primary" onClick={() => window.location.reload()}>
                重新加载
              </Button>
            }
          />
        </Card>
      </div>
    );
  }
  if (!auth.user) return <Navigate to={loginPath(location.pathname, location.search)} replace />;
  if (auth.user.mustChangePassword)
    return (
      <Suspense fallback={<FullPageSpinner />}>
        <ForcedPasswordPage />
      </Suspense>
    );
  return <>{children}</>;
}

const DENIED: Record<keyof Permissions, string> = {
  write: '您的账号是只读账号，不能修改数据。',
  meetings: '您的账号不能记录组织生活。',
  dues: '您的账号不能记录党费。',
  import: '您的账号不能导入数据。',
  reveal: '您的账号不能查看完整的敏感信息。',
  audit: '您的账号不能查看操作记录。',
  manageUsers: '只有组织部管理员可以管理账号。',
  settings: '党员本人账号不能查看本县设置。',
  classify: '只有全县的组织部管理员可以归类。',
  sampling: '只有组织部和乡镇（街道）组织委员可以抽查核实。',
  selfOnly: '',
};

/** A page only some roles may open: others see a Chinese “no permission” page. */
export function RequirePermission({ need, children }: { need: keyof Permissions; children: ReactNode }) {
  const { perms } = useAuth();
  if (perms[need]) return <>{children}</>;
  return <NoPermission message={DENIED[need]} />;
}

export function NoPermission({ message }: { message: string }) {
  const navigate = useNavigate();
  return (
    <Card variant="borderless">
      <Result
        status="403"
        title="无权访问"
        subTitle={message}
        extra={
          <Button type="primary" onClick={() => navigate('/')}>
            返回首页
          </Button>
        }
      />
    </Card>
  );
}
