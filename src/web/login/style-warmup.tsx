/**
 * Ahead-of-time styles for the first signed-in page (issue 10, decision 0017's addendum). antd writes each
 * component's style sheet at run time, the first time a component of that kind is drawn with the app's theme: on the
 * county page after signing in that was about a fifth of the main thread's work before the figures showed. The static
 * sign-in page calls this once the browser is idle while the person types: it draws one of each component the first
 * pages use (the layout and org tree, the org page's cards, figures, tabs and table) into an element that is never
 * put in the document, under the same ConfigProvider as the app, so that antd's style cache holds their sheets when
 * the app draws the real page. Nothing shows and nothing is sent; the tree stays mounted (its styles are reference
 * counted: unmounting it would drop them from the cache before the app draws). The org page's six charts are drawn
 * the same way once, with made-up figures (StatsCharts.tsx, `warmStatsCharts`).
 */
import { createRoot } from 'react-dom/client';
import {
  Alert,
  App,
  AutoComplete,
  Avatar,
  Badge,
  Breadcrumb,
  Button,
  Card,
  Col,
  ConfigProvider,
  DatePicker,
  Descriptions,
  Dropdown,
  Empty,
  Input,
  Layout,
  Row,
  Skeleton,
  Space,
  Spin,
  Statistic,
  Table,
  Tabs,
  Tag,
  Timeline,
  Tooltip,
  Tree,
  Typography,
} from 'antd';
import type { ConfigProviderProps } from 'antd';
import { SearchOutlined } from '@ant-design/icons';

function Components() {
  return (
    <App>
      <Layout>
        <Layout.Header>
          <Space size={4}>
            <Button type="text">帮助</Button>
            <Dropdown menu={{ items: [{ key: 'a', label: '甲' }] }}>
              <Avatar size="small">甲</Avatar>
            </Dropdown>
          </Space>
        </Layout.Header>
        <Layout>
          <Layout.Sider>
            <AutoComplete options={[]}>
              <Input prefix={<SearchOutlined />} allowClear />
            </AutoComplete>
            <Tree
              blockNode
              showLine={{ showLeafIcon: false }}
              defaultExpandAll
              treeData={[
                {
                  key: 'a',
                  title: <Badge count={1} showZero size="small" />,
                  children: [{ key: 'b', title: '乙', isLeaf: true }],
                },
              ]}
            />
          </Layout.Sider>
          <Layout.Content>
            <Breadcrumb items={[{ title: '甲' }, { title: '乙' }]} />
            <Typography.Title level={3}>
              甲<Tag color="red">乙</Tag>
            </Typography.Title>
            <Typography.Text type="secondary">丙</Typography.Text>
            <Button type="primary">甲</Button>
            <Button danger>乙</Button>
            <Button type="link">丙</Button>
            <Alert type="warning" showIcon title="甲" />
            <Card variant="borderless" title="甲" extra={<DatePicker />}>
              <Descriptions size="small" column={3} items={[{ key: 'a', label: '甲', children: '乙' }]} />
              <Row gutter={[16, 16]}>
                <Col xs={12} sm={8} xl={4}>
                  <Tooltip title="甲">
                    <Statistic title="甲" value={1} suffix="名" />
                  </Tooltip>
                </Col>
              </Row>
              <Skeleton active />
            </Card>
            <Card size="small" title="甲">
              <Spin />
            </Card>
            <Tabs
              items={[
                {
                  key: 'a',
                  label: '甲',
                  children: (
                    <Table
                      size="middle"
                      rowKey="k"
                      scroll={{ x: 640 }}
                      dataSource={[{ k: 1, a: '甲' }]}
                      pagination={{ pageSize: 1, total: 2, showSizeChanger: false }}
                      columns={[
                        { title: '甲', dataIndex: 'a' },
                        { title: '乙', dataIndex: 'k', align: 'right', sorter: true },
                      ]}
                    />
                  ),
                },
              ]}
            />
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
            <Timeline items={[{ title: '甲', content: '乙' }]} />
          </Layout.Content>
        </Layout>
      </Layout>
    </App>
  );
}

let done = false;

/** Draws the components once, off the document, under the app's ConfigProvider settings. */
export function warmStyles(config: ConfigProviderProps) {
  if (done) return;
  done = true;
  createRoot(document.createElement('div')).render(
    <ConfigProvider {...config}>
      <Components />
    </ConfigProvider>,
  );
  // then, at the next idle moment, the charts (ECharts' code compiled, the labels' widths measured)
  const idle = (f: () => void) =>
    'requestIdleCallback' in window ? requestIdleCallback(f) : setTimeout(f, 200);
  idle(
    () => void import('../components/StatsCharts.js').then((m) => m.warmStatsCharts()).catch(() => undefined),
  );
}
