/**
 * `/users` (账号管理, county administrators): the accounts within scope, opening new ones (a generated password
 * is shown once), disabling and enabling, and resetting a password (the new one is shown once).
 */
import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Radio,
  Row,
  Select,
  Space,
  Tag,
  Tooltip,
  Typography,
  type TableProps,
} from 'antd';
import { CopyOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { ROLES, type Role } from '../../domain/access/policy.js';
import { GrantsDrawer } from './users/GrantsDrawer.js';
import type { MemberListItem, UserView } from '../../shared/schemas.js';
import { PasswordSchema, UserCreateSchema, UsernameSchema } from '../../shared/schemas.js';
import { api, errorMessage } from '../api/client.js';
import { useDebounced, useRequest } from '../api/hooks.js';
import { OrgPicker } from '../components/OrgPicker.js';
import { PageError } from '../components/PageState.js';
import { roleLabel, useAuth } from '../auth/context.js';
import { applyIssues, submitErrorText, zodIssues } from '../lib/forms.js';
import { sexLabel, shanghaiTime, count } from '../lib/format.js';
import { ResponsiveTable } from '../components/ResponsiveTable.js';

type Status = 'active' | 'disabled' | 'locked';

function statusOf(u: UserView): Status {
  if (u.disabled) return 'disabled';
  if (u.locked) return 'locked';
  return 'active';
}

const STATUS: Record<Status, { zh: string; color: string }> = {
  active: { zh: '正常', color: 'green' },
  disabled: { zh: '已停用', color: 'default' },
  locked: { zh: '已锁定', color: 'orange' },
};

const ROLE_COLORS: Record<Role, string> = {
  county_admin: 'red',
  township_officer: 'volcano',
  branch_secretary: 'gold',
  viewer: 'blue',
  member: 'default',
};

/** What the person who got a new password is told, and the password itself, shown once. */
interface OncePassword {
  title: string;
  user: UserView;
  password: string;
}

export default function UsersPage() {
  const { message } = App.useApp();
  const { user: me } = useAuth();
  const users = useRequest((s) => api.users(s), []);
  const [text, setText] = useState('');
  const [role, setRole] = useState<Role | undefined>(undefined);
  const [status, setStatus] = useState<Status | undefined>(undefined);
  const [creating, setCreating] = useState(false);
  const [once, setOnce] = useState<OncePassword | null>(null);
  const [granting, setGranting] = useState<UserView | null>(null);
  const [busy, setBusy] = useState<number | null>(null);

  const replace = (u: UserView) => {
    if (users.data) users.setData(users.data.map((x) => (x.id === u.id ? u : x)));
  };

  const shown = useMemo(() => {
    const t = text.trim().toLowerCase();
    return (users.data ?? []).filter(
      (u) =>
        (!role || u.role === role) &&
        (!status || statusOf(u) === status) &&
        (!t ||
          u.username.toLowerCase().includes(t) ||
          u.displayName.toLowerCase().includes(t) ||
          (u.orgName ?? '').includes(t)),
    );
  }, [users.data, text, role, status]);

  const act = async (u: UserView, what: 'disable' | 'enable' | 'reset') => {
    setBusy(u.id);
    try {
      if (what === 'reset') {
        const r = await api.resetPassword(u.id);
        replace(r.user);
        setOnce({ title: '密码已重置', user: r.user, password: r.password });
      } else {
        const r = what === 'disable' ? await api.disableUser(u.id) : await api.enableUser(u.id);
        replace(r);
        message.success(what === 'disable' ? `已停用账号：${u.username}` : `已启用账号：${u.username}`);
      }
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  if (users.error) return <PageError error={users.error} onRetry={users.reload} />;

  const columns: TableProps<UserView>['columns'] = [
    {
      title: '用户名',
      dataIndex: 'username',
      width: 170,
      render: (v: string, u) => (
        <Space size={6}>
          <span className="jc-mono">{v}</span>
          {u.id === me?.id && <Tag color="red">本人</Tag>}
        </Space>
      ),
      sorter: (a, b) => a.username.localeCompare(b.username),
    },
    {
      title: '姓名',
      dataIndex: 'displayName',
      width: 140,
      ellipsis: { showTitle: true },
    },
    {
      title: '角色',
      dataIndex: 'role',
      width: 160,
      render: (r: Role) => <Tag color={ROLE_COLORS[r]}>{roleLabel(r)}</Tag>,
    },
    {
      title: '所属组织',
      dataIndex: 'orgName',
      ellipsis: { showTitle: true },
      render: (v: string | null) => v ?? <span className="jc-muted">全部党组织（系统管理员）</span>,
    },
    {
      title: '状态',
      key: 'status',
      width: 120,
      render: (_: unknown, u) => {
        const s = STATUS[statusOf(u)];
        return (
          <Space size={4} wrap>
            <Tag color={s.color}>{s.zh}</Tag>
            {u.mustChangePassword && !u.disabled && (
              <Tooltip title="首次登录或密码被重置，登录后须先修改密码">
                <Tag variant="outlined">待改密</Tag>
              </Tooltip>
            )}
          </Space>
        );
      },
    },
    {
      title: '最近登录',
      dataIndex: 'lastLoginAt',
      width: 140,
      render: (v: string | null) =>
        v ? (
          <span className="jc-nowrap" title={shanghaiTime(v)}>
            {shanghaiTime(v).slice(0, 16)}
          </span>
        ) : (
          <span className="jc-muted">从未登录</span>
        ),
    },
    {
      title: '操作',
      key: 'actions',
      width: 190,
      fixed: 'right',
      render: (_: unknown, u) => {
        const self = u.id === me?.id;
        return (
          <Space size={0}>
            {u.disabled ? (
              <Button
                type="link"
                size="small"
                loading={busy === u.id}
                onClick={() => act(u, 'enable')}
                aria-label={`启用账号 ${u.username}`}
              >
                启用
              </Button>
            ) : (
              <Popconfirm
                title={`停用账号 ${u.username}？`}
                description="停用后该账号不能登录，已登录的会话立即失效。"
                okText="停用"
                cancelText="取消"
                okButtonProps={{ danger: true }}
                onConfirm={() => act(u, 'disable')}
                disabled={self}
              >
                <Tooltip title={self ? '不能停用自己的账号' : undefined}>
                  <Button
                    type="link"
                    size="small"
                    danger
                    disabled={self}
                    loading={busy === u.id}
                    aria-label={`停用账号 ${u.username}`}
                  >
                    停用
                  </Button>
                </Tooltip>
              </Popconfirm>
            )}
            <Button
              type="link"
              size="small"
              onClick={() => setGranting(u)}
              aria-label={`${u.username} 的授权`}
            >
              授权
            </Button>
            <Popconfirm
              title={`重置 ${u.username} 的密码？`}
              description="原密码立即失效并解除锁定，系统生成新的临时密码，对方登录后须修改。"
              okText="重置"
              cancelText="取消"
              onConfirm={() => act(u, 'reset')}
              disabled={self}
            >
              <Tooltip title={self ? '请在右上角“修改密码”中修改自己的密码' : undefined}>
                <Button type="link" size="small" disabled={self} aria-label={`重置 ${u.username} 的密码`}>
                  重置密码
                </Button>
              </Tooltip>
            </Popconfirm>
          </Space>
        );
      },
    },
  ];

  const filtering = !!(text.trim() || role || status);

  return (
    <div>
      <div className="jc-page-head">
        <Typography.Title level={3} className="jc-page-title">
          账号管理
        </Typography.Title>
        <Typography.Text type="secondary">
          为{me?.orgName ?? '各级党组织'}
          及其下级组织的工作人员和党员开设账号。账号只能查看和管理所属组织及其下级组织的数据。
        </Typography.Text>
      </div>
      <Card variant="borderless">
        <div className="jc-toolbar" style={{ marginBottom: 12 }}>
          <Input
            aria-label="搜索账号"
            placeholder="用户名 / 姓名 / 组织名称"
            allowClear
            prefix={<SearchOutlined aria-hidden className="jc-muted" />}
            value={text}
            onChange={(e) => setText(e.target.value)}
            style={{ width: 260 }}
          />
          <Select
            aria-label="角色"
            placeholder="全部角色"
            allowClear
            style={{ width: 200 }}
            value={role}
            onChange={(v?: Role) => setRole(v)}
            options={ROLES.map((r) => ({ value: r.code, label: r.zh }))}
          />
          <Select
            aria-label="状态"
            placeholder="全部状态"
            allowClear
            style={{ width: 120 }}
            value={status}
            onChange={(v?: Status) => setStatus(v)}
            options={(Object.keys(STATUS) as Status[]).map((k) => ({ value: k, label: STATUS[k].zh }))}
          />
          <div style={{ flex: 1 }} />
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setCreating(true)}>
            新建账号
          </Button>
        </div>
        <ResponsiveTable<UserView>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={shown}
          loading={users.loading}
          scroll={{ x: 980 }}
          rowClassName={(u) => (u.disabled ? 'jc-row-disabled' : '')}
          locale={{
            // while the first answer is on its way the spinner stands alone
            emptyText: users.loading ? (
              <div style={{ height: 160 }} />
            ) : (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={filtering ? '没有符合条件的账号' : '还没有账号，点击“新建账号”开设'}
              />
            ),
          }}
          pagination={{
            pageSize: 20,
            showSizeChanger: false,
            hideOnSinglePage: true,
            showTotal: (n) => `共 ${count(n)} 个账号`,
          }}
        />
      </Card>

      <CreateUserModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(u, password) => {
          setCreating(false);
          users.setData([...(users.data ?? []), u]);
          if (password) setOnce({ title: '账号已开设', user: u, password });
          else message.success(`已开设账号：${u.username}`);
        }}
      />
      <PasswordOnceModal value={once} onClose={() => setOnce(null)} />
      <GrantsDrawer user={granting} onClose={() => setGranting(null)} />
    </div>
  );
}

// ------------------------------------------------------------------------------------------------ password once

async function copyText(t: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(t);
    return true;
  } catch {
    // older browsers or an insecure origin: copy through a temporary text box
    const el = document.createElement('textarea');
    el.value = t;
    el.setAttribute('readonly', '');
    el.style.position = 'fixed';
    el.style.opacity = '0';
    document.body.appendChild(el);
    el.select();
    const ok = document.execCommand('copy');
    el.remove();
    return ok;
  }
}

function PasswordOnceModal({ value, onClose }: { value: OncePassword | null; onClose: () => void }) {
  const { message } = App.useApp();
  const [copied, setCopied] = useState(false);
  useEffect(() => setCopied(false), [value]);
  return (
    <Modal
      open={!!value}
      title={value?.title}
      onCancel={onClose}
      maskClosable={false}
      keyboard={false}
      destroyOnHidden
      footer={
        <Button type="primary" onClick={onClose}>
          我已记下
        </Button>
      }
    >
      {value && (
        <>
          <Typography.Paragraph>
            请将初始密码告知 <strong>{value.user.displayName}</strong>（用户名{' '}
            <span className="jc-mono">{value.user.username}</span>）。对方登录后须先修改密码。
          </Typography.Paragraph>
          <div className="jc-once-password">
            <span className="jc-mono" aria-label="初始密码">
              {value.password}
            </span>
            <Button
              icon={<CopyOutlined aria-hidden />}
              onClick={async () => {
                if (await copyText(value.password)) {
                  setCopied(true);
                  message.success('密码已复制');
                } else {
                  message.error('复制失败，请手动选择密码复制');
                }
              }}
            >
              {copied ? '已复制' : '复制密码'}
            </Button>
          </div>
          <Alert
            type="warning"
            showIcon
            title="密码只显示这一次，关闭后无法再次查看。"
            description="如果遗失，请重置密码。请通过当面或电话等安全方式告知，不要在群聊中发送。"
          />
        </>
      )}
    </Modal>
  );
}

// ------------------------------------------------------------------------------------------------ new account

interface Values {
  username?: string;
  displayName?: string;
  role?: Role;
  orgCode?: string | null;
  memberId?: number | null;
  passwordMode?: 'generate' | 'manual';
  password?: string;
}

const FIELDS = ['username', 'displayName', 'role', 'orgCode', 'memberId', 'password'];

function CreateUserModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (u: UserView, password: string | null) => void;
}) {
  const { user: me } = useAuth();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const role = Form.useWatch('role', form);
  const orgCode = Form.useWatch('orgCode', form);
  const passwordMode = Form.useWatch('passwordMode', form);
  // a deployment-wide administrator may open another one without an org
  const orgOptional = role === 'county_admin' && me?.orgCode == null;

  useEffect(() => {
    if (open) {
      form.resetFields();
      setError(null);
    }
  }, [open, form]);

  const submit = async () => {
    setError(null);
    const v = form.getFieldsValue(true) as Values;
    const body = {
      username: (v.username ?? '').trim(),
      displayName: (v.displayName ?? '').trim(),
      role: v.role,
      orgCode: v.orgCode ?? null,
      memberId: v.role === 'member' ? (v.memberId ?? null) : null,
      password: v.passwordMode === 'manual' ? (v.password ?? '') : null,
    };
    const parsed = UserCreateSchema.safeParse(body);
    if (!parsed.success) {
      const rest = applyIssues(form, zodIssues(parsed.error), FIELDS);
      if (rest.length) setError(rest.join('；'));
      return;
    }
    setSaving(true);
    try {
      const r = await api.createUser(parsed.data);
      onCreated(r.user, r.password);
    } catch (e) {
      const t = submitErrorText(form, e, FIELDS);
      if (t) setError(t);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title="新建账号"
      onCancel={onClose}
      okText="开设账号"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      destroyOnHidden
      width={560}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        name="user-create"
        onFinish={submit}
        initialValues={{ role: 'branch_secretary', passwordMode: 'generate' }}
        style={{ paddingTop: 8 }}
        onValuesChange={(changed: Values) => {
          if (error) setError(null);
          if ('orgCode' in changed || 'role' in changed) form.setFieldValue('memberId', null);
        }}
      >
        <Form.Item
          name="role"
          label="角色"
          rules={[{ required: true, message: '请选择角色' }]}
          extra={role ? ROLE_HINTS[role] : undefined}
        >
          <Select options={ROLES.map((r) => ({ value: r.code, label: r.zh }))} aria-label="角色" />
        </Form.Item>
        <Form.Item
          name="orgCode"
          label="所属组织"
          rules={orgOptional ? [] : [{ required: true, message: '请选择账号所属的党组织' }]}
          extra={
            orgOptional
              ? '不选择则为系统管理员，可管理全部党组织'
              : '账号只能查看和管理该组织及其下级组织的数据'
          }
        >
          <OrgPicker aria-label="所属组织" />
        </Form.Item>
        {role === 'member' && (
          <Form.Item
            name="memberId"
            label="对应党员"
            rules={[{ required: true, message: '请选择该账号对应的党员' }]}
            extra="党员本人账号只能查看自己的信息"
          >
            <MemberPicker
              orgCode={orgCode ?? null}
              onPicked={(m) => {
                if (m && !form.getFieldValue('displayName')) form.setFieldValue('displayName', m.name);
              }}
            />
          </Form.Item>
        )}
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="username"
              label="用户名"
              extra="字母、数字、_ . -，至少3个字符"
              rules={[
                { required: true, message: '请填写用户名' },
                {
                  validator: async (_r, v: string | undefined) => {
                    if (!v) return;
                    const r = UsernameSchema.safeParse(v);
                    if (!r.success) throw new Error(r.error.issues[0]?.message);
                  },
                },
              ]}
            >
              <Input autoComplete="off" className="jc-mono" maxLength={40} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="displayName" label="姓名" rules={[{ required: true, message: '请填写姓名' }]}>
              <Input autoComplete="off" maxLength={50} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="passwordMode" label="初始密码">
          <Radio.Group
            options={[
              { value: 'generate', label: '系统生成（推荐）' },
              { value: 'manual', label: '自行设置' },
            ]}
          />
        </Form.Item>
        {passwordMode === 'manual' ? (
          <Form.Item
            name="password"
            label="密码"
            extra="至少10位，须同时包含字母和数字"
            rules={[
              { required: true, message: '请设置密码' },
              {
                validator: async (_r, v: string | undefined) => {
                  if (!v) return;
                  const r = PasswordSchema.safeParse(v);
                  if (!r.success) throw new Error(r.error.issues[0]?.message);
                },
              },
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        ) : (
          <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
            开设后显示一次随机密码，对方首次登录时须修改。
          </Typography.Paragraph>
        )}
        {error && <Alert type="error" showIcon title={error} />}
      </Form>
    </Modal>
  );
}

const ROLE_HINTS: Record<Role, string> = {
  county_admin: '管理所属组织及下级的全部数据和账号',
  township_officer: '维护本乡镇（街道）及下级组织的党组织和党员信息',
  branch_secretary: '维护本支部的党员信息',
  viewer: '只能查看，不能修改；不能查看完整的身份证号和电话',
  member: '党员本人，只能查看自己的信息',
};

/** Searches the roster of the chosen org (by name, pinyin initials or the end of the ID number). */
function MemberPicker({
  orgCode,
  value,
  onChange,
  onPicked,
}: {
  orgCode: string | null;
  value?: number | null;
  onChange?: (id: number | null) => void;
  onPicked?: (m: MemberListItem | null) => void;
}) {
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 300);
  const [items, setItems] = useState<MemberListItem[]>([]);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    if (!orgCode || !q) {
      setItems((prev) => (value ? prev.filter((m) => m.id === value) : []));
      return;
    }
    const ctrl = new AbortController();
    setLoading(true);
    api
      .members(orgCode, { q, pageSize: 20 }, ctrl.signal)
      .then((p) => !ctrl.signal.aborted && setItems(p.items))
      .catch(() => !ctrl.signal.aborted && setItems([]))
      .finally(() => !ctrl.signal.aborted && setLoading(false));
    return () => ctrl.abort();
  }, [orgCode, q]);

  return (
    <Select
      aria-label="对应党员"
      disabled={!orgCode}
      placeholder={orgCode ? '输入姓名、拼音首字母或身份证号后几位搜索' : '请先选择所属组织'}
      showSearch={{ filterOption: false, onSearch: setText }}
      allowClear
      loading={loading}
      value={value ?? undefined}
      notFoundContent={q ? (loading ? '正在搜索…' : '没有找到匹配的党员') : '请输入姓名搜索'}
      options={items.map((m) => ({
        value: m.id,
        label: m.name,
        desc: [sexLabel(m.sex), `${m.age}岁`, m.orgName, m.idNumberMasked].filter(Boolean).join(' · '),
      }))}
      optionRender={(opt) => (
        <div style={{ lineHeight: 1.4 }}>
          <div>{opt.data.label}</div>
          <div className="jc-muted" style={{ fontSize: 12 }}>
            {opt.data.desc}
          </div>
        </div>
      )}
      onChange={(id: number | undefined) => {
        onChange?.(id ?? null);
        onPicked?.(items.find((m) => m.id === id) ?? null);
      }}
    />
  );
}
