/**
 * `/warnings?org=CODE&indicator=KEY&level=red&view=list|tree|analysis`: 预警 (issue 14 part 2, decisions 0032, 0039)
 * for a township or county account: how many orgs of the subtree have a red or amber warning open, per indicator (a
 * click filters the list), and the warnings in tree order — never ranked (burden-reduction rules) — each with its
 * evidence in Chinese, since when, and its explanation; a click opens the org's 健康 tab. 组织树 shows the org tree
 * coloured by each org's worst level; 分析 (the county administrator only, when the local setting is on) the
 * indicators' distribution by township. A phone shows cards.
 */
import { Link, useSearchParams } from 'react-router-dom';
import {
  Alert,
  Button,
  Card,
  Col,
  Empty,
  Row,
  Segmented,
  Select,
  Space,
  Statistic,
  Tag,
  Typography,
} from 'antd';
import { FileSearchOutlined, FlagOutlined } from '@ant-design/icons';
import type { WarningRowView } from '../../shared/warnings.js';
import { api } from '../api/client.js';
import { warningsApi } from '../api/warnings.js';
import { useRequest } from '../api/hooks.js';
import { PageError, PageSkeleton } from '../components/PageState.js';
import { ResponsiveTable } from '../components/ResponsiveTable.js';
import { useAuth } from '../auth/context.js';
import { dateTime, zhDate } from '../lib/format.js';
import { EXPLAIN_KIND, LevelTag, RelapseTag } from './org/OrgHealth.js';
import { WarningTreeView } from './warnings/WarningTreeView.js';
import { WarningAnalysisView } from './warnings/WarningAnalysisView.js';

const enc = encodeURIComponent;
const healthTab = (code: string) => `/orgs/${enc(code)}?tab=health`;

export default function WarningsPage() {
  const { user, perms } = useAuth();
  const [params, setParams] = useSearchParams();
  const root = useRequest((s) => api.rootOrg(s), [], !params.get('org') && !user?.orgCode);
  const code = params.get('org') ?? user?.orgCode ?? root.data?.code ?? '';
  const res = useRequest((s) => warningsApi.summary(code, s), [code], !!code);
  const indicator = params.get('indicator') ?? undefined;
  const level = (params.get('level') ?? 'all') as 'all' | 'red' | 'amber';
  const viewParam = params.get('view');
  const view: 'list' | 'tree' | 'analysis' =
    viewParam === 'tree' ? 'tree' : viewParam === 'analysis' && res.data?.analysisView ? 'analysis' : 'list';
  // after the summary: a small subtree is evaluated by it first, the tree then reads what it left
  const tree = useRequest(
    (s) => warningsApi.tree(code, indicator, s),
    [code, indicator],
    !!code && view === 'tree' && !!res.data,
  );
  const analysis = useRequest((s) => warningsApi.analysis(code, s), [code], !!code && view === 'analysis');
  const set = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v === undefined || v === '' || v === 'all') next.delete(k);
    else next.set(k, v);
    setParams(next, { replace: true });
  };
  if (res.error || root.error) return <PageError error={res.error ?? root.error} />;
  const d = res.data;
  if (!d) return <PageSkeleton />;
  const zh = new Map(d.indicators.map((i) => [i.key, i.zh]));
  const rows = d.warnings.filter(
    (w) => (!indicator || w.indicator === indicator) && (level === 'all' || w.level === level),
  );
  const columns = [
    {
      key: 'org',
      title: '党组织',
      render: (_: unknown, w: WarningRowView) => <Link to={healthTab(w.org)}>{w.orgName}</Link>,
    },
    {
      key: 'indicator',
      title: '指标',
      render: (_: unknown, w: WarningRowView) => zh.get(w.indicator) ?? w.indicator,
    },
    {
      key: 'level',
      title: '等级',
      render: (_: unknown, w: WarningRowView) => (
        <Space size={4} wrap>
          <LevelTag level={w.level} />
          {w.explained && <Tag color="blue">已说明</Tag>}
          {w.relapse && <RelapseTag mark={w.relapse} />}
        </Space>
      ),
    },
    {
      key: 'since',
      title: '起始日期',
      render: (_: unknown, w: WarningRowView) => (
        <span style={{ whiteSpace: 'nowrap' }}>{zhDate(w.since)}</span>
      ),
    },
    {
      key: 'evidence',
      title: '依据',
      render: (_: unknown, w: WarningRowView) => (
        <div>
          {w.evidence.slice(0, 3).map((e) => (
            <div key={e}>{e}</div>
          ))}
          {w.evidence.length > 3 && (
            <Typography.Text type="secondary">等{w.evidence.length}条</Typography.Text>
          )}
          {w.explanation && (
            <Typography.Text type="secondary">
              {EXPLAIN_KIND[w.explanation.kind]}：{w.explanation.note}
            </Typography.Text>
          )}
        </div>
      ),
    },
  ];
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <div className="jc-home-head">
        <Typography.Title level={3} style={{ margin: 0 }}>
          预警 · {d.orgName}
        </Typography.Title>
        <Space wrap>
          <Link to={`/screening?org=${encodeURIComponent(d.org)}`}>
            <Button icon={<FlagOutlined aria-hidden />}>软弱涣散排查</Button>
          </Link>
          {perms.sampling && (
            <Link to="/sampling">
              <Button icon={<FileSearchOutlined aria-hidden />}>抽查核实</Button>
            </Link>
          )}
        </Space>
      </div>
      <div>
        <Typography.Text type="secondary">
          按各项健康指标自动评估，原因消除后预警自动解除；名单按组织顺序排列，不排名。
          {d.evaluatedAt ? `全县最近一次评估：${dateTime(d.evaluatedAt)}` : ''}
        </Typography.Text>
      </div>
      <Segmented
        aria-label="视图"
        value={view}
        onChange={(v) => set('view', String(v) === 'list' ? undefined : String(v))}
        options={[
          { value: 'list', label: '预警名单' },
          { value: 'tree', label: '组织树' },
          ...(d.analysisView ? [{ value: 'analysis', label: '分析' }] : []),
        ]}
      />
      <Row gutter={[12, 12]}>
        <Col xs={12} md={6}>
          <Card size="small" variant="borderless">
            <Statistic
              title="有红色预警的组织"
              value={d.orgs.red}
              suffix="个"
              styles={{ content: { color: '#c81623' } }}
            />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small" variant="borderless">
            <Statistic
              title="仅有黄色预警的组织"
              value={d.orgs.amber}
              suffix="个"
              styles={{ content: { color: '#b7791f' } }}
            />
          </Card>
        </Col>
      </Row>
      {view === 'analysis' &&
        (analysis.error ? (
          <PageError error={analysis.error} onRetry={analysis.reload} />
        ) : analysis.data ? (
          <Card size="small" variant="borderless" title={`预警分析 · ${analysis.data.orgName}`}>
            <WarningAnalysisView data={analysis.data} />
          </Card>
        ) : (
          <PageSkeleton rows={6} />
        ))}
      {view !== 'analysis' && (
        <Card size="small" title="各指标预警组织数" variant="borderless">
          {d.counts.length === 0 ? (
            <Empty description="没有未解除的预警" />
          ) : (
            <div className="jc-warning-counts" role="list" aria-label="各指标预警组织数">
              {d.counts.map((c) => (
                <button
                  type="button"
                  role="listitem"
                  key={c.indicator}
                  className={`jc-warning-count${indicator === c.indicator ? ' jc-selected' : ''}`}
                  onClick={() => set('indicator', indicator === c.indicator ? undefined : c.indicator)}
                  aria-pressed={indicator === c.indicator}
                >
                  <span className="jc-warning-count-name">{zh.get(c.indicator) ?? c.indicator}</span>
                  <span>
                    <span className="jc-red-text">红 {c.red}</span>
                    <span className="jc-amber-text">黄 {c.amber}</span>
                    {c.explained > 0 && <span className="jc-muted">已说明 {c.explained}</span>}
                  </span>
                </button>
              ))}
            </div>
          )}
        </Card>
      )}
      {view === 'tree' && (
        <Card
          size="small"
          variant="borderless"
          title={`组织树${indicator ? `（${zh.get(indicator) ?? indicator}）` : ''}`}
          extra={
            indicator ? (
              <Button size="small" onClick={() => set('indicator', undefined)}>
                全部指标
              </Button>
            ) : undefined
          }
        >
          {tree.error ? (
            <PageError error={tree.error} onRetry={tree.reload} />
          ) : tree.data ? (
            <WarningTreeView tree={tree.data} zh={(k) => zh.get(k) ?? k} />
          ) : (
            <PageSkeleton rows={6} />
          )}
        </Card>
      )}
      {view === 'list' && (
        <Card
          size="small"
          variant="borderless"
          title={`预警名单（${rows.length}条）`}
          extra={
            <Space wrap>
              <Select
                aria-label="指标"
                allowClear
                placeholder="全部指标"
                style={{ minWidth: 160 }}
                value={indicator}
                onChange={(v) => set('indicator', v)}
                options={d.counts.map((c) => ({
                  value: c.indicator,
                  label: zh.get(c.indicator) ?? c.indicator,
                }))}
              />
              <Segmented
                aria-label="等级"
                value={level}
                onChange={(v) => set('level', String(v))}
                options={[
                  { value: 'all', label: '全部' },
                  { value: 'red', label: '红色' },
                  { value: 'amber', label: '黄色' },
                ]}
              />
            </Space>
          }
        >
          {d.warnings.length > 0 && rows.length === 0 && (
            <Alert type="info" showIcon title="没有符合条件的预警" />
          )}
          <ResponsiveTable
            rowKey={(w) => `${w.org}:${w.indicator}`}
            columns={columns}
            dataSource={rows}
            pagination={{ pageSize: 20, showSizeChanger: false }}
            size="small"
            cardTitle={(w) => (
              <Link to={healthTab(w.org)}>
                {w.orgName} · {zh.get(w.indicator) ?? w.indicator}
              </Link>
            )}
            cardHidden={['org', 'indicator']}
          />
        </Card>
      )}
    </Space>
  );
}
