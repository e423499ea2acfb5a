/**
 * Changing one's own password: the form (原密码, 新密码, 确认新密码, checked with the shared PasswordSchema), the
 * full-page version shown while a change is required, and the modal behind the header's 修改密码.
 */
import { useState } from 'react';
import { Alert, App, Button, Form, Input, Modal, Space } from 'antd';
import { LockOutlined } from '@ant-design/icons';
import { PasswordSchema } from '../../shared/schemas.js';
import { ApiError, api, errorMessage } from '../api/client.js';
import { AuthShell } from './AuthShell.js';
import { useAuth } from './context.js';

interface Values {
  oldPassword?: string;
  newPassword?: string;
  confirm?: string;
}

const RULE_HINT = '至少10位，须同时包含字母和数字';

function PasswordFields({
  onDone,
  onCancel,
  cancelText,
  submitText = '确认修改',
}: {
  onDone: () => void;
  onCancel?: () => void;
  cancelText?: string;
  submitText?: string;
}) {
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (v: Values) => {
    setError(null);
    setSaving(true);
    try {
      await api.changePassword(v.oldPassword ?? '', v.newPassword ?? '');
      onDone();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'AUTH_FAILED') {
        form.setFields([{ name: 'oldPassword', errors: [e.message] }]);
      } else if (e instanceof ApiError && e.code === 'PASSWORD_WEAK') {
        form.setFields([{ name: 'newPassword', errors: [e.message] }]);
      } else {
        setError(errorMessage(e));
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form<Values> form={form} layout="vertical" onFinish={submit} requiredMark={false} name="password-change">
      <Form.Item name="oldPassword" label="原密码" rules={[{ required: true, message: '请输入原密码' }]}>
        <Input.Password autoComplete="current-password" prefix={<LockOutlined aria-hidden />} />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label="新密码"
        extra={RULE_HINT}
        rules={[
          { required: true, message: '请输入新密码' },
          {
            validator: async (_r, value: string | undefined) => {
              if (!value) return;
              const r = PasswordSchema.safeParse(value);
              if (!r.success) throw new Error(r.error.issues[0]?.message ?? RULE_HINT);
              if (value === form.getFieldValue('oldPassword')) throw new Error('新密码不能与原密码相同');
            },
          },
        ]}
      >
        <Input.Password autoComplete="new-password" prefix={<LockOutlined aria-hidden />} />
      </Form.Item>
      <Form.Item
        name="confirm"
        label="确认新密码"
        dependencies={['newPassword']}
        rules={[
          { required: true, message: '请再次输入新密码' },
          {
            validator: async (_r, value: string | undefined) => {
              if (value && value !== form.getFieldValue('newPassword'))
                throw new Error('两次输入的新密码不一致');
            },
          },
        ]}
      >
        <Input.Password autoComplete="new-password" prefix={<LockOutlined aria-hidden />} />
      </Form.Item>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Space style={{ marginTop: 8 }}>
        <Button type="primary" htmlType="submit" loading={saving}>
          {submitText}
        </Button>
        {onCancel && <Button onClick={onCancel}>{cancelText ?? '取消'}</Button>}
      </Space>
    </Form>
  );
}

/** Shown instead of the app while the account must change its password (first sign-in, after a reset). */
export function ForcedPasswordPage() {
  const auth = useAuth();
  const { message } = App.useApp();
  return (
    <AuthShell
      title="请先修改密码"
      subtitle={`${auth.user?.displayName ?? ''}，您的账号是首次登录或密码刚被重置，请设置一个只有您知道的新密码后继续使用。`}
    >
      <PasswordFields
        submitText="修改密码并继续"
        onDone={() => {
          message.success('密码已修改');
          void auth.refresh();
        }}
        cancelText="退出登录"
        onCancel={() => void auth.signOut()}
      />
    </AuthShell>
  );
}

/** The header's 修改密码. */
export function ChangePasswordModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { message } = App.useApp();
  return (
    <Modal title="修改密码" open={open} onCancel={onClose} footer={null} destroyOnHidden width={440}>
      <div style={{ paddingTop: 8 }}>
        <PasswordFields
          onDone={() => {
            message.success('密码已修改，下次登录请使用新密码');
            onClose();
          }}
          onCancel={onClose}
        />
      </div>
    </Modal>
  );
}
