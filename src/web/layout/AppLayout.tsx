import { Suspense, useCallback, useMemo, useState, type ReactNode } from 'react';
import { Link, Outlet, useLocation, useMatch, useNavigate } from 'react-router-dom';
import { App, Button, Drawer, Dropdown, Grid, Layout, Skeleton, Space, type MenuProps } from 'antd';
import {
  ApiOutlined,
  ApartmentOutlined,
  AuditOutlined,
  CloudUploadOutlined,
  FileExcelOutlined,
  InfoCircleOutlined,
  MenuOutlined,
  TagsOutlined,
  QuestionCircleOutlined,
  ReadOutlined,
  SettingOutlined,
  TeamOutlined,
  HeatMapOutlined,
  AlertOutlined,
  FlagOutlined,
  StarOutlined,
  ScheduleOutlined,
  WalletOutlined,
} from '@ant-design/icons';
import { API_DOCS_URL, api, errorMessage } from '../api/client.js';
import { ShellContext, type ShellApi } from './context.js';
import { useRequest } from '../api/hooks.js';
import { settingsApi } from '../api/settings.js';
import { SettingsContext, type SettingsApi } from '../settings/context.js';
import { OrgTreePanel } from './OrgTree.js';
import { UserMenu } from './UserMenu.js';
import { ErrorBoundary } from '../components/ErrorBoundary.js';
import { BrandMark, PRODUCT_NAME } from '../components/BrandMark.js';
import { HOME_ROLES, useAuth } from '../auth/context.js';

const { Header, Sider, Content } = Layout;

export function AppLayout() {
  const screens = Grid.useBreakpoint();
  // before the first measurement `md` is undefined: assume a laptop
  const compact = screens.md === false;
  const { message, modal } = App.useApp();
  const { perms, user } = useAuth();
  // a member's own account sees only their record: no org tree, unless it holds a grant on an org (decision 0010)
  const showTree = !perms.selfOnly || !!user?.capabilities.grants.length;
  const location = useLocation();
  const navigate = useNavigate();
  const orgMatch = useMatch('/orgs/:code/*');
  const [treeVersion, setTreeVersion] = useState(0);
  const [focused, setFocused] = useState<string | null>(null);
  const [drawerOpen, setDrawerOpen] = useState(false);

  const routeCode = orgMatch?.params.code ?? null;
  const onMemberPage = location.pathname.startsWith('/members/');
  const focusCode = routeCode ?? (onMemberPage ? focused : null);

  const refreshTree = useCallback(() => setTreeVersion((v) => v + 1), []);
  const focusOrg = useCallback((code: string | null) => setFocused(code), []);
  const shell = useMemo<ShellApi>(
    () => ({ refreshTree, focusOrg, compact }),
    [refreshTree, focusOrg, compact],
  );
  // the local settings and the rule set in force, for every page (bands, the term window)
  const settingsReq = useRequest((s) => settingsApi.get(s), []);
  const settings = useMemo<SettingsApi>(
    () => ({ view: settingsReq.data, error: settingsReq.error, reload: settingsReq.reload }),
    [settingsReq.data, settingsReq.error, settingsReq.reload],
  );

  const downloadTemplate = (kind: 'orgs' | 'members') => {
    api.downloadTemplate(kind).then(
      (name) => message.success(`已下载：${name}`),
      (e: unknown) => message.error(errorMessage(e)),
    );
  };

  const helpItems: MenuProps['items'] = [
    {
      key: 'guide',
      icon: <ReadOutlined aria-hidden />,
      label: '使用指南',
      onClick: () => navigate('/help'),
    },
    {
      key: 'docs',
      icon: <ApiOutlined aria-hidden />,
      label: (
        <a href={API_DOCS_URL} target="_blank" rel="noreferrer">
          接口文档（OpenAPI）
        </a>
      ),
    },
    ...(perms.import
      ? ([
          { type: 'divider' },
          {
            key: 'tpl-orgs',
            icon: <FileExcelOutlined aria-hidden />,
            label: '下载党组织导入模板',
            onClick: () => downloadTemplate('orgs'),
          },
          {
            key: 'tpl-members',
            icon: <FileExcelOutlined aria-hidden />,
            label: '下载党员导入模板',
            onClick: () => downloadTemplate('members'),
          },
        ] satisfies MenuProps['items'])
      : []),
    { type: 'divider' },
    {
      key: 'about',
      icon: <InfoCircleOutlined aria-hidden />,
      label: '关于本系统',
      onClick: () =>
        modal.info({
          title: PRODUCT_NAME,
          content: (
            <div style={{ lineHeight: 1.8 }}>
              <p>用于县委组织部、乡镇（街道）党（工）委和党支部管理党组织设置、党员名册和组织关系变动。</p>
              <p>
                党员身份证号、联系电话、家庭住址在列表中脱敏显示；点击“查看”显示完整信息，该操作会被记录。
              </p>
              <p className="jc-muted">统计口径：年龄段、入党时间段依照党内统计口径；党龄段为本县设置。</p>
            </div>
          ),
          okText: '知道了',
        }),
    },
  ];

  const tree = showTree ? (
    <OrgTreePanel focusCode={focusCode} version={treeVersion} onNavigate={() => setDrawerOpen(false)} />
  ) : null;

  const nav: { key: string; label: string; icon: ReactNode; to: string; show: boolean }[] = [
    {
      key: 'home',
      label: '本月待办',
      icon: <ScheduleOutlined aria-hidden />,
      to: '/home',
      show: !!user && HOME_ROLES.includes(user.role) && !!user.orgCode,
    },
    {
      // 党费 (decision 0022): a secretary's or officer's org page on its 党费 tab; a member's own dues
      key: 'dues',
      label: perms.selfOnly ? '我的党费' : '党费',
      icon: <WalletOutlined aria-hidden />,
      to: perms.selfOnly
        ? `/members/${user?.memberId ?? ''}?tab=dues`
        : `/orgs/${encodeURIComponent(user?.orgCode ?? '')}?tab=dues`,
      show:
        !!user && (perms.selfOnly ? user.memberId != null : HOME_ROLES.includes(user.role) && !!user.orgCode),
    },
    {
      // the heat map of a subtree: for accounts over more than one branch (decision 0024)
      key: 'compliance',
      label: '组织生活',
      icon: <HeatMapOutlined aria-hidden />,
      to: '/compliance',
      show: !!user && !perms.selfOnly && user.role !== 'branch_secretary',
    },
    {
      // early warnings of a subtree (decision 0032): for township and county accounts, never pushed to branches
      key: 'warnings',
      label: '预警',
      icon: <AlertOutlined aria-hidden />,
      to: '/warnings',
      show: !!user && !perms.selfOnly && user.role !== 'branch_secretary',
    },
    {
      // weak-org screening and rectification cases (decision 0033): township and county accounts; a phone's bar
      // has no room for one more icon — there it is reached from 预警 (a button on that page)
      key: 'screening',
      label: '软弱涣散',
      icon: <FlagOutlined aria-hidden />,
      to: '/screening',
      show: !!user && !perms.selfOnly && user.role !== 'branch_secretary' && !compact,
    },
    {
      // classified assessment (decision 0036): township and county accounts on a desktop; a phone reaches it from
      // 软弱涣散排查 (itself reached from 预警)
      key: 'assessment',
      label: '分类考核',
      icon: <StarOutlined aria-hidden />,
      to: '/assessment',
      show: !!user && !perms.selfOnly && user.role !== 'branch_secretary' && !compact,
    },
    {
      key: 'import',
      label: '数据导入',
      icon: <CloudUploadOutlined aria-hidden />,
      to: '/import',
      show: perms.import,
    },
    {
      key: 'users',
      label: '账号管理',
      icon: <TeamOutlined aria-hidden />,
      to: '/users',
      show: perms.manageUsers,
    },
    { key: 'audit', label: '操作记录', icon: <AuditOutlined aria-hidden />, to: '/audit', show: perms.audit },
    {
      key: 'settings',
      label: '本县设置',
      icon: <SettingOutlined aria-hidden />,
      to: '/settings',
      show: perms.settings,
    },
    {
      key: 'classify',
      label: '归类',
      icon: <TagsOutlined aria-hidden />,
      to: '/classify',
      show: perms.classify,
    },
  ];

  return (
    <ShellContext.Provider value={shell}>
      <SettingsContext.Provider value={settings}>
        <Layout style={{ minHeight: '100vh' }}>
          <Header className="jc-header" role="banner">
            {compact && showTree && (
              <Button
                type="text"
                icon={<MenuOutlined aria-hidden />}
                aria-label="打开党组织树"
                onClick={() => setDrawerOpen(true)}
              />
            )}
            <Link to="/" className="jc-brand">
              <BrandMark onRed />
              <span>{PRODUCT_NAME}</span>
            </Link>
            <div className="jc-header-spacer" />
            <nav aria-label="主菜单">
              <Space size={4}>
                {nav
                  .filter((n) => n.show)
                  .map((n) => (
                    <Button
                      key={n.key}
                      type="text"
                      icon={n.icon}
                      aria-label={n.label}
                      aria-current={isHere(location, n.to) ? 'page' : undefined}
                      className={isHere(location, n.to) ? 'is-active' : undefined}
                      onClick={() => navigate(n.to)}
                    >
                      {compact ? null : n.label}
                    </Button>
                  ))}
              </Space>
            </nav>
            <Space size={4}>
              <Dropdown menu={{ items: helpItems }} placement="bottomRight" trigger={['click']}>
                <Button type="text" icon={<QuestionCircleOutlined aria-hidden />} aria-label="帮助">
                  {compact ? null : '帮助'}
                </Button>
              </Dropdown>
              <UserMenu compact={compact} />
            </Space>
          </Header>
          <Layout>
            {!compact && tree && (
              <Sider
                width={screens.xl ? 320 : 280}
                className="jc-sider"
                style={{ position: 'sticky', top: 56, height: 'calc(100vh - 56px)', alignSelf: 'flex-start' }}
                aria-label="党组织导航"
              >
                {tree}
              </Sider>
            )}
            <Content className="jc-content" role="main">
              <ErrorBoundary resetKey={location.pathname}>
                <Suspense fallback={<Skeleton active paragraph={{ rows: 10 }} />}>
                  <Outlet />
                </Suspense>
              </ErrorBoundary>
            </Content>
          </Layout>
          {compact && tree && (
            <Drawer
              placement="left"
              open={drawerOpen}
              onClose={() => setDrawerOpen(false)}
              size={Math.min(340, Math.round(window.innerWidth * 0.88))}
              title={
                <Space>
                  <ApartmentOutlined aria-hidden />
                  党组织
                </Space>
              }
              styles={{ body: { padding: 0, display: 'flex', flexDirection: 'column' } }}
            >
              {tree}
            </Drawer>
          )}
        </Layout>
      </SettingsContext.Provider>
    </ShellContext.Provider>
  );
}

/** Is the menu entry `to` (a path, perhaps with `?tab=`) the page shown? */
function isHere(location: { pathname: string; search: string }, to: string): boolean {
  const [path = '', query] = to.split('?');
  if (!query) return location.pathname.startsWith(path);
  return (
    location.pathname === path &&
    new URLSearchParams(location.search).get('tab') === new URLSearchParams(query).get('tab')
  );
}
