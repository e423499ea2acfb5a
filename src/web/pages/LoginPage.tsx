/** `/login`: sign in with a username and password; `?next=` is where to go afterwards. */
import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, Button, theme } from 'antd';
// the two inputs alone: antd's Input entry brings the text area, search and one-time-code inputs along
import Input from 'antd/es/input/Input';
import Password from 'antd/es/input/Password';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import type { SessionUser } from '../../shared/schemas.js';
import { api, errorMessage } from '../api/client.js';
import { AuthShell } from '../auth/AuthShell.js';
import { FullPageSpinner } from '../auth/FullPageSpinner.js';
import { homePath, safeNext, useAuth } from '../auth/context.js';

/** After signing in: `next` when it is a page this account can use, else its home. */
function target(user: SessionUser, next: string | null): string {
  const home = homePath(user);
  if (!next) return home;
  // a member's account sees only its own record (and the orgs granted to it, decision 0010)
  if (user.role === 'member' && !user.capabilities.grants.length && !next.startsWith(home)) return home;
  return next;
}

/**
 * One labelled field laid out as antd's vertical form item (label above, the message below). The sign-in form is
 * plain React state rather than antd's Form: Form with its validator and label tooltips would add about 20 KB
 * (compressed) to the sign-in page's download (docs/benchmarks.md, web load), for two required fields.
 */
function Field({
  id,
  label,
  error,
  children,
}: {
  id: string;
  label: string;
  error: string | null;
  children: ReactNode;
}) {
  const { token } = theme.useToken();
  return (
    <div
      style={{
        marginBottom: error ? 0 : token.marginLG,
        fontSize: token.fontSize,
        lineHeight: token.lineHeight,
      }}
    >
      <label
        htmlFor={id}
        style={{ display: 'block', paddingBottom: token.paddingXS, color: token.colorText }}
      >
        {label}
      </label>
      {children}
      {error && (
        <div
          id={`${id}-error`}
          style={{ color: token.colorError, minHeight: token.marginLG, lineHeight: 1.5715 }}
        >
          {error}
        </div>
      )}
    </div>
  );
}

/**
 * Once the sign-in page is on screen and the browser is idle, fetch the signed-in part of the app (layout, menus,
 * the org page) into the cache, so that the first page after signing in does not wait for it (issue 10 #2). It
 * costs the sign-in page nothing: it starts after the form is usable and only when the network is not saving data.
 */
function usePrefetchSignedIn() {
  useEffect(() => {
    const conn = (navigator as Navigator & { connection?: { saveData?: boolean } }).connection;
    if (conn?.saveData) return;
    const load = () => {
      void import('../layout/SignedIn.js').catch(() => undefined);
      void import('./OrgPage.js').catch(() => undefined);
    };
    // Safari has no requestIdleCallback
    const idle = 'requestIdleCallback' in window;
    const handle = idle ? window.requestIdleCallback(load) : window.setTimeout(load, 1500);
    return () => (idle ? window.cancelIdleCallback(handle) : window.clearTimeout(handle));
  }, []);
}

export default function LoginPage() {
  usePrefetchSignedIn();
  const auth = useAuth();
  const navigate = useNavigate();
  const [sp] = useSearchParams();
  const next = safeNext(sp.get('next'));
  const id = useId();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState({ username: false, password: false });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (auth.status === 'loading') return <FullPageSpinner />;
  if (auth.user && !busy) return <Navigate to={target(auth.user, next)} replace />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const name = username.trim();
    const gaps = { username: !name, password: !password };
    setMissing(gaps);
    if (gaps.username || gaps.password || busy) return;
    setError(null);
    setBusy(true);
    try {
      const { user } = await api.login(name, password);
      auth.signedIn(user);
      navigate(target(user, next), { replace: true });
    } catch (err) {
      setError(errorMessage(err));
      setPassword('');
      setBusy(false);
    }
  };
  const changed = () => error && setError(null);

  return (
    <AuthShell
      title="登录"
      subtitle={next ? '登录后将回到您刚才访问的页面。' : '请使用县委组织部分配的账号登录。'}
    >
      <form name="login" noValidate onSubmit={(e) => void submit(e)}>
        <Field id={`${id}-username`} label="用户名" error={missing.username ? '请输入用户名' : null}>
          <Input
            id={`${id}-username`}
            size="large"
            autoComplete="username"
            autoFocus
            value={username}
            status={missing.username ? 'error' : undefined}
            aria-invalid={missing.username || undefined}
            aria-describedby={missing.username ? `${id}-username-error` : undefined}
            onChange={(e) => {
              setUsername(e.target.value);
              if (e.target.value.trim()) setMissing((m) => ({ ...m, username: false }));
              changed();
            }}
            prefix={<UserOutlined aria-hidden className="jc-muted" />}
          />
        </Field>
        <Field id={`${id}-password`} label="密码" error={missing.password ? '请输入密码' : null}>
          <Password
            id={`${id}-password`}
            size="large"
            autoComplete="current-password"
            value={password}
            status={missing.password ? 'error' : undefined}
            aria-invalid={missing.password || undefined}
            aria-describedby={missing.password ? `${id}-password-error` : undefined}
            onChange={(e) => {
              setPassword(e.target.value);
              if (e.target.value) setMissing((m) => ({ ...m, password: false }));
              changed();
            }}
            prefix={<LockOutlined aria-hidden className="jc-muted" />}
          />
        </Field>
        {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 16 }} />}
        <Button type="primary" htmlType="submit" size="large" block loading={busy}>
          登录
        </Button>
      </form>
    </AuthShell>
  );
}
