/** `/login`: sign in with a username and password; `?next=` is where to go afterwards. */
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, Button, Form, Input } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import type { SessionUser } from '../../shared/schemas.js';
import { api, errorMessage } from '../api/client.js';
import { AuthShell } from '../auth/AuthShell.js';
import { FullPageSpinner } from '../auth/RequireAuth.js';
import { homePath, safeNext, useAuth } from '../auth/context.js';

interface Values {
  username?: string;
  password?: string;
}

/** After signing in: `next` when it is a page this account can use, else its home. */
function target(user: SessionUser, next: string | null): string {
  const home = homePath(user);
  if (!next) return home;
  // a member's account sees only its own record
  if (user.role === 'member' && !next.startsWith(home)) return home;
  return next;
}

export default function LoginPage() {
  const auth = useAuth();
  const navigate = useNavigate();
  const [sp] = useSearchParams();
  const next = safeNext(sp.get('next'));
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (auth.status === 'loading') return <FullPageSpinner />;
  if (auth.user && !busy) return <Navigate to={target(auth.user, next)} replace />;

  const submit = async (v: Values) => {
    setError(null);
    setBusy(true);
    try {
      const { user } = await api.login((v.username ?? '').trim(), v.password ?? '');
      auth.signedIn(user);
      navigate(target(user, next), { replace: true });
    } catch (e) {
      setError(errorMessage(e));
      form.setFieldValue('password', '');
      setBusy(false);
    }
  };

  return (
    <AuthShell
      title="登录"
      subtitle={next ? '登录后将回到您刚才访问的页面。' : '请使用县委组织部分配的账号登录。'}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        name="login"
        requiredMark={false}
        onFinish={submit}
        onValuesChange={() => error && setError(null)}
      >
        <Form.Item name="username" label="用户名" rules={[{ required: true, message: '请输入用户名' }]}>
          <Input
            size="large"
            autoComplete="username"
            autoFocus
            prefix={<UserOutlined aria-hidden className="jc-muted" />}
          />
        </Form.Item>
        <Form.Item name="password" label="密码" rules={[{ required: true, message: '请输入密码' }]}>
          <Input.Password
            size="large"
            autoComplete="current-password"
            prefix={<LockOutlined aria-hidden className="jc-muted" />}
          />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 16 }} />}
        <Button type="primary" htmlType="submit" size="large" block loading={busy}>
          登录
        </Button>
      </Form>
    </AuthShell>
  );
}
