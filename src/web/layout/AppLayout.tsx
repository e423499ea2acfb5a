import { Suspense, useCallback, useMemo, useState } from 'react';
import { Link, Outlet, useLocation, useMatch, useNavigate } from 'react-router-dom';
import { App, Button, Drawer, Dropdown, Grid, Layout, Skeleton, Space, type MenuProps } from 'antd';
import {
  ApiOutlined,
  ApartmentOutlined,
  CloudUploadOutlined,
  FileExcelOutlined,
  InfoCircleOutlined,
  MenuOutlined,
  QuestionCircleOutlined,
} from '@ant-design/icons';
import { API_DOCS_URL, api, errorMessage } from '../api/client.js';
import { ShellContext, type ShellApi } from './context.js';
import { OrgTreePanel } from './OrgTree.js';
import { ErrorBoundary } from '../components/ErrorBoundary.js';

const { Header, Sider, Content } = Layout;

export function BrandMark() {
  return (
    <svg className="jc-brand-mark" viewBox="0 0 32 32" aria-hidden="true">
      <rect width="32" height="32" rx="6" fill="rgba(255,255,255,0.16)" />
      <path d="M16 6l2.9 6.2 6.8.8-5 4.6 1.3 6.7L16 21l-6 3.3 1.3-6.7-5-4.6 6.8-.8z" fill="#ffd54f" />
    </svg>
  );
}

export function AppLayout() {
  const screens = Grid.useBreakpoint();
  // before the first measurement `md` is undefined: assume a laptop
  const compact = screens.md === false;
  const { message, modal } = App.useApp();
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

  const downloadTemplate = (kind: 'orgs' | 'members') => {
    api.downloadTemplate(kind).then(
      (name) => message.success(`已下载：${name}`),
      (e: unknown) => message.error(errorMessage(e)),
    );
  };

  const helpItems: MenuProps['items'] = [
    {
      key: 'docs',
      icon: <ApiOutlined aria-hidden />,
      label: (
        <a href={API_DOCS_URL} target="_blank" rel="noreferrer">
          接口文档（OpenAPI）
        </a>
      ),
    },
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
    { type: 'divider' },
    {
      key: 'about',
      icon: <InfoCircleOutlined aria-hidden />,
      label: '关于本系统',
      onClick: () =>
        modal.info({
          title: '基层党建 · 组织管理',
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

  const tree = (
    <OrgTreePanel focusCode={focusCode} version={treeVersion} onNavigate={() => setDrawerOpen(false)} />
  );

  return (
    <ShellContext.Provider value={shell}>
      <Layout style={{ minHeight: '100vh' }}>
        <Header className="jc-header" role="banner">
          {compact && (
            <Button
              type="text"
              icon={<MenuOutlined aria-hidden />}
              aria-label="打开党组织树"
              onClick={() => setDrawerOpen(true)}
            />
          )}
          <Link to="/" className="jc-brand">
            <BrandMark />
            <span>基层党建 · 组织管理</span>
          </Link>
          <div className="jc-header-spacer" />
          <Space size={4}>
            <Button
              type="text"
              icon={<CloudUploadOutlined aria-hidden />}
              aria-label="数据导入"
              onClick={() => navigate('/import')}
            >
              {compact ? null : '数据导入'}
            </Button>
            <Dropdown menu={{ items: helpItems }} placement="bottomRight" trigger={['click']}>
              <Button type="text" icon={<QuestionCircleOutlined aria-hidden />} aria-label="帮助">
                {compact ? null : '帮助'}
              </Button>
            </Dropdown>
          </Space>
        </Header>
        <Layout>
          {!compact && (
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
        {compact && (
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
    </ShellContext.Provider>
  );
}
