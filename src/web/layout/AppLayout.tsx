import { Suspense, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
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
  AppstoreOutlined,
  ControlOutlined,
  DownOutlined,
  EyeOutlined,
  FileSearchOutlined,
  FlagOutlined,
  SolutionOutlined,
  StarOutlined,
  ScheduleOutlined,
  WalletOutlined,
} from '@ant-design/icons';
import { API_DOCS_URL, api, errorMessage } from '../api/client.js';
import { createLatch, ShellContext, type ShellApi } from './context.js';
import { useRequest } from '../api/hooks.js';
import { settingsApi } from '../api/settings.js';
import { SettingsContext, type SettingsApi } from '../settings/context.js';
import { OrgTreePanel } from './OrgTree.js';
import { UserMenu } from './UserMenu.js';
import { ErrorBoundary } from '../components/ErrorBoundary.js';
import { BrandMark, PRODUCT_NAME } from '../components/BrandMark.js';
import { useAuth } from '../auth/context.js';
import { isHere, navGroups, phoneNav, type NavEntry, type NavGroupKey, type NavKey } from './nav.js';

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
  // The side bar's tree is drawn after the page's first screen when the app opens on an org page (its figures
  // report it; decision 0017's session 11 addendum), at once on any other page, and in any case after 3 s or on a
  // person's first touch of the tree's panel.
  const [treeLatch] = useState(() => createLatch(!ORG_PAGE_OR_ROOT.test(location.pathname)));
  useEffect(() => {
    const t = setTimeout(treeLatch.open, 3000);
    return () => clearTimeout(t);
  }, [treeLatch]);
  // `/` goes on to the account's org page (held) or to 本月待办 (not held); so does any other page
  useEffect(() => {
    if (!ORG_PAGE_OR_ROOT.test(location.pathname)) treeLatch.open();
  }, [location.pathname, treeLatch]);
  const shell = useMemo<ShellApi>(
    () => ({ refreshTree, focusOrg, compact, pageDrawn: treeLatch.open }),
    [refreshTree, focusOrg, compact, treeLatch],
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
    <OrgTreePanel
      focusCode={focusCode}
      version={treeVersion}
      latch={treeLatch}
      onNavigate={() => setDrawerOpen(false)}
    />
  ) : null;

  const groups = navGroups(user, perms);
  const go = (to: string) => navigate(to);
  const entryButton = (e: NavEntry) => (
    <Button
      key={e.key}
      type="text"
      icon={NAV_ICONS[e.key]}
      aria-label={e.label}
      aria-current={isHere(location, e.to) ? 'page' : undefined}
      className={isHere(location, e.to) ? 'is-active' : undefined}
      onClick={() => go(e.to)}
    >
      {compact ? null : e.label}
    </Button>
  );
  const menuItems = (entries: NavEntry[]): NonNullable<MenuProps['items']> =>
    entries.map((e) => ({ key: e.key, icon: NAV_ICONS[e.key], label: e.label, onClick: () => go(e.to) }));
  const selectedKeys = groups
    .flatMap((g) => g.entries)
    .filter((e) => isHere(location, e.to))
    .map((e) => e.key);
  // desktop: a group of one entry is that entry's button, a larger group a drop-down; a phone: 本月待办 and 党费 as
  // icons, everything else in one 菜单 (with the groups' names as headings)
  const phone = phoneNav(groups);
  const inPhoneMenu = phone.menu.some((g) => g.entries.some((e) => selectedKeys.includes(e.key)));
  const navItems = compact
    ? [
        ...phone.direct.map(entryButton),
        ...(phone.menu.length
          ? [
              <Dropdown
                key="menu"
                trigger={['click']}
                placement="bottomRight"
                menu={{
                  selectable: true,
                  selectedKeys,
                  items: phone.menu.map((g) =>
                    g.entries.length === 1
                      ? menuItems(g.entries)[0]!
                      : {
                          key: g.key,
                          type: 'group' as const,
                          label: g.label,
                          children: menuItems(g.entries),
                        },
                  ),
                }}
              >
                <Button
                  type="text"
                  icon={<AppstoreOutlined aria-hidden />}
                  aria-label="菜单"
                  aria-haspopup="menu"
                  className={inPhoneMenu ? 'is-active' : undefined}
                />
              </Dropdown>,
            ]
          : []),
      ]
    : groups.map((g) => {
        if (g.entries.length === 1) return entryButton(g.entries[0]!);
        const here = g.entries.some((e) => selectedKeys.includes(e.key));
        return (
          <Dropdown
            key={g.key}
            trigger={['click']}
            placement="bottomLeft"
            menu={{ selectable: true, selectedKeys, items: menuItems(g.entries) }}
          >
            <Button
              type="text"
              icon={GROUP_ICONS[g.key]}
              aria-label={g.label}
              aria-haspopup="menu"
              className={here ? 'is-active' : undefined}
            >
              {g.label}
              <DownOutlined aria-hidden className="jc-nav-caret" />
            </Button>
          </Dropdown>
        );
      });

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
              <Space size={4}>{navItems}</Space>
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

/** `/` and an org's page: where the tree waits for the figures */
const ORG_PAGE_OR_ROOT = /^\/(orgs\/[^/]+\/?)?$/;

const NAV_ICONS: Record<NavKey, ReactNode> = {
  home: <ScheduleOutlined aria-hidden />,
  dues: <WalletOutlined aria-hidden />,
  compliance: <HeatMapOutlined aria-hidden />,
  warnings: <AlertOutlined aria-hidden />,
  screening: <FlagOutlined aria-hidden />,
  assessment: <StarOutlined aria-hidden />,
  reviews: <SolutionOutlined aria-hidden />,
  sampling: <FileSearchOutlined aria-hidden />,
  import: <CloudUploadOutlined aria-hidden />,
  users: <TeamOutlined aria-hidden />,
  audit: <AuditOutlined aria-hidden />,
  settings: <SettingOutlined aria-hidden />,
  classify: <TagsOutlined aria-hidden />,
};

const GROUP_ICONS: Record<NavGroupKey, ReactNode> = {
  home: NAV_ICONS.home,
  life: NAV_ICONS.compliance,
  dues: NAV_ICONS.dues,
  supervision: <EyeOutlined aria-hidden />,
  admin: <ControlOutlined aria-hidden />,
};
