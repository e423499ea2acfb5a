/**
 * `/assessment?org=CODE&year=YYYY`: 分类考核 (decision 0036) for a township or county account — the orgs of the
 * subtree the county gave a category, by stars (five first; the same stars by org code, never ranked against each
 * other), with the year's sum of monthly scores, the monthly average and this month's score; the star lines and the
 * low-star suggestion (a county setting, off by default) above. A click opens the org's months. A phone shows cards.
 */
import { Link, useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Col, Empty, Rate, Row, Space, Statistic, Tag } from 'antd';
import { SettingOutlined } from '@ant-design/icons';
import type { AssessmentList } from '../../shared/assessment.js';
import { api } from '../api/client.js';
import { assessmentApi } from '../api/assessment.js';
import { useRequest } from '../api/hooks.js';
import { PageError, PageSkeleton } from '../components/PageState.js';
import { ResponsiveTable } from '../components/ResponsiveTable.js';
import { useAuth } from '../auth/context.js';
import { today } from '../lib/format.js';
import { AssessmentHead, YearSelect, bandsText, monthZh } from './assessment/common.js';

const enc = encodeURIComponent;
type Row = AssessmentList['orgs'][number];

export default function AssessmentPage() {
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const root = useRequest((s) => api.rootOrg(s), [], !params.get('org') && !user?.orgCode);
  const code = params.get('org') ?? user?.orgCode ?? root.data?.code ?? '';
  const thisYear = Number(today().slice(0, 4));
  const year = Number(params.get('year') ?? thisYear);
  const res = useRequest((s) => assessmentApi.list(code, year, s), [code, year], !!code);
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    next.set(k, v);
    setParams(next, { replace: true });
  };
  if (res.error || root.error) return <PageError error={res.error ?? root.error} onRetry={res.reload} />;
  const d = res.data;
  if (!d) return <PageSkeleton />;
  const orgLink = (o: Row) => `/assessment/orgs/${enc(o.code)}?year=${year}`;
  const columns = [
    {
      key: 'org',
      title: '党组织',
      render: (_: unknown, o: Row) => <Link to={orgLink(o)}>{o.name}</Link>,
    },
    { key: 'category', title: '考核类别', render: (_: unknown, o: Row) => o.category ?? '—' },
    {
      key: 'stars',
      title: '星级',
      render: (_: unknown, o: Row) => (
        <Space size={6} wrap>
          {o.stars > 0 ? (
            <Rate disabled count={5} value={o.stars} aria-label={o.starsZh} style={{ fontSize: 14 }} />
          ) : (
            <span className="jc-muted">未评星</span>
          )}
          {o.rectifySuggested && <Tag color="orange">建议列入排查参考</Tag>}
        </Space>
      ),
    },
    {
      key: 'average',
      title: '月均得分',
      render: (_: unknown, o: Row) => (o.average === null ? '—' : `${o.average}分`),
    },
    {
      key: 'total',
      title: '全年累计',
      render: (_: unknown, o: Row) => `${o.total}分（${o.months}个月）`,
    },
    {
      key: 'last',
      title: '最近一月',
      render: (_: unknown, o: Row) =>
        o.lastMonth ? `${monthZh(o.lastMonth.month)} ${o.lastMonth.score}分` : '—',
    },
  ];
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <AssessmentHead
        title={`分类考核 · ${d.orgName}`}
        sub="每月按考核方案从已录入的记录计分，人工评分项目由乡镇评定；全年结果为各月得分之和，按月均得分评定星级。"
      >
        <Space wrap>
          <YearSelect year={year} onChange={(v) => set('year', String(v))} />
          <Link to="/assessment/scheme">
            <Button icon={<SettingOutlined aria-hidden />}>考核方案</Button>
          </Link>
        </Space>
      </AssessmentHead>
      <Row gutter={[12, 12]}>
        {d.byStars.map((b) => (
          <Col xs={8} md={4} key={b.stars}>
            <Card size="small" variant="borderless">
              <Statistic title={b.zh} value={b.count} suffix="个" />
            </Card>
          </Col>
        ))}
      </Row>
      <Alert
        type="info"
        showIcon
        title={`星级按全年月均得分评定：${bandsText(d.bands)}。${
          d.rectifyBelowStars > 0
            ? `本县设置：低于${d.rectifyBelowStars}星的党组织在软弱涣散排查中作为参考提示（不是认定）。`
            : '本县未设置低星级列入整顿提示。'
        }`}
      />
      <Card size="small" variant="borderless" title={`已设考核类别的党组织（${d.orgs.length}个）`}>
        {d.orgs.length === 0 ? (
          <Empty description="本级及下级还没有设置考核类别的党组织（由县委组织部在党组织的考核页设置）" />
        ) : (
          <ResponsiveTable
            rowKey="code"
            columns={columns}
            dataSource={d.orgs}
            pagination={{ pageSize: 20, showSizeChanger: false }}
            size="small"
            cardTitle={(o) => <Link to={orgLink(o)}>{o.name}</Link>}
            cardHidden={['org']}
          />
        )}
      </Card>
    </Space>
  );
}
