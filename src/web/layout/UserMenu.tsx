/** The header's account block: who is signed in (name, role, bound org) and 修改密码 / 退出登录. */
import { useState } from 'react';
import { Avatar, Dropdown, type MenuProps } from 'antd';
import { DownOutlined, KeyOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { roleLabel, useAuth } from '../auth/context.js';
import { ChangePasswordModal } from '../auth/PasswordForm.js';

export function UserMenu({ compact }: { compact: boolean }) {
  const { user, signOut } = useAuth();
  const [changing, setChanging] = useState(false);
  // the dialog is built the first time it opens: drawn closed with the header, antd generated its modal styles
  // before the first page's figures (issue 10, decision 0017's session 12 addendum)
  const [built, setBuilt] = useState(false);
  if (!user) return null;
  const role = roleLabel(user.role);
  const scope = user.orgName ?? '全部党组织';

  const items: MenuProps['items'] = [
    {
      key: 'who',
      type: 'group',
      label: (
        <div className="jc-user-card">
          <div className="jc-user-card-name">{user.displayName}</div>
          <div className="jc-muted">用户名：{user.username}</div>
          <div className="jc-muted">角色：{role}</div>
          <div className="jc-muted">所属组织：{scope}</div>
        </div>
      ),
    },
    { type: 'divider' },
    {
      key: 'password',
      icon: <KeyOutlined aria-hidden />,
      label: '修改密码',
      onClick: () => {
        setBuilt(true);
        setChanging(true);
      },
    },
    { key: 'logout', icon: <LogoutOutlined aria-hidden />, label: '退出登录', onClick: () => void signOut() },
  ];

  return (
    <>
      <Dropdown menu={{ items }} placement="bottomRight" trigger={['click']}>
        <button
          type="button"
          className="jc-user-button"
          aria-label={`当前账号：${user.displayName}，${role}`}
        >
          <Avatar size={30} className="jc-user-avatar" icon={<UserOutlined aria-hidden />} />
          {!compact && (
            <span className="jc-user-text">
              <span className="jc-user-name">{user.displayName}</span>
              <span className="jc-user-meta">
                {role} · {scope}
              </span>
            </span>
          )}
          <DownOutlined aria-hidden className="jc-user-caret" />
        </button>
      </Dropdown>
      {built && <ChangePasswordModal open={changing} onClose={() => setChanging(false)} />}
    </>
  );
}
