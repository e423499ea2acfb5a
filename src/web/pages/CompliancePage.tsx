/**
 * `/compliance?org=CODE&year=2026&kind=theme_day&township=T1`: 组织生活落实情况 (issue 11 item 10, decision 0024) for
 * a township or county account: every branch of the subtree that owed the kind in the year, month by month (or
 * quarter by quarter) held, missing, still running or not owed — an ECharts heat map on a desktop, a list of cards
 * on a phone — filterable by township and kind, exportable to .xlsx with the same figures; a click opens the
 * branch's 组织生活 tab. Rows in tree order: no ranking (burden-reduction rules).
 */
import { useMemo } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { App, Button, Card, Col, Empty, Row, Select, Space, Statistic, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { MEETING_KINDS } from '../../shared/codes.js';
import type { ComplianceMap } from '../../shared/schemas.js';
import { api, download } from '../api/client.js';
import { useRequest } from '../api/hooks.js';
import { PageError, PageSkeleton } from '../components/PageState.js';
import { EChart, type ChartOption } from '../components/EChart.js';
import { ResponsiveTable } from '../components/ResponsiveTable.js';
import { useAuth } from '../auth/context.js';
import { useShell } from '../layout/context.js';
import { today, zhDate } from '../lib/format.js';
import { meetingKindLabel, periodLabel } from './org/OrgLife.js';

type MapRow = ComplianceMap['rows'][number];

const KIND_OPTIONS = [
  ...MEETING_KINDS.map((k) => ({ value: k.code as string, label: k.zh })),
  { value: 'heart_talk', label: '谈心谈话' },
];

/** The states' colours: held green, missing the theme's red, running amber, not owed a light grey. */
const STATE = [
  { value: 0, label: '无需召开', color: '#eeeeee' },
  { value: 1, label: '已开', color: '#4f9d69' },
  { value: 2, label: '未开', color: '#c81623' },
  { value: 3, label: '本期进行中', color: '#f0c36c' },
] as const;
const STATE_VALUE = { held: 1, missing: 2, pending: 3 } as const;

const enc = encodeURIComponent;
const lifeTab = (code: string) => `/orgs/${enc(code)}?tab=life`;

export default function CompliancePage() {
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const thisYear = Number(today().slice(0, 4));
  const year = Number(params.get('year') ?? thisYear) || thisYear;
  const kind = params.get('kind') ?? 'theme_day';
  const township = params.get('township') ?? undefined;
  const root = useRequest((s) => api.rootOrg(s), [], !params.get('org') && !user?.orgCode);
  const code = params.get('org') ?? user?.orgCode ?? root.data?.code ?? '';
  const map = useRequest(
    (s) => api.complianceMap(code, { year, kind, ...(township ? { within: township } : {}) }, s),
    [code, year, kind, township],
    !!code,
  );
  const set = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v === undefined || v === '') next.delete(k);
    else next.set(k, v);
    setParams(next, { replace: true });
  };
  const { message } = App.useApp();

  if (map.error) return <PageError error={map.error} onRetry={map.reload} />;
  if (root.error) return <PageError error={root.error} onRetry={root.reload} />;
  const m = map.data;
  const rate = m && m.totals.expected ? Math.round((m.totals.held / m.totals.expected) * 1000) / 10 : null;
  const exportXlsx = async () => {
    try {
      await download(
        `/orgs/${enc(code)}/compliance/map.xlsx`,
        { year: String(year), kind, ...(township ? { within: township } : {}) },
        `${code}-${year}-组织生活落实情况.xlsx`,
      );
    } catch {
      void message.error('导出失败，请稍后再试');
    }
  };

  return (
    <div className="jc-compliance">
      <div className="jc-home-head">
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            组织生活落实情况
          </Typography.Title>
          <Typography.Text type="secondary">
            {m ? `${m.orgName} · 截至${zhDate(m.asOf)}` : '　'}
            {m?.source === 'live' ? ' · 按记录实时计算' : ''}
          </Typography.Text>
        </div>
        <Button icon={<DownloadOutlined aria-hidden />} onClick={() => void exportXlsx()} disabled={!m}>
          导出 Excel
        </Button>
      </div>
      <Space wrap style={{ margin: '12px 0' }} aria-label="筛选">
        <Select
          aria-label="年份"
          value={year}
          style={{ width: 110 }}
          options={[thisYear, thisYear - 1, thisYear - 2].map((y) => ({ value: y, label: `${y}年` }))}
          onChange={(v) => set('year', String(v))}
        />
        <Select
          aria-label="会议类型"
          value={kind}
          style={{ width: 150 }}
          options={KIND_OPTIONS}
          onChange={(v) => set('kind', v)}
        />
        {m && (m.townships.length > 0 || township) && (
          <Select
            aria-label="乡镇（下级组织）"
            value={township ?? ''}
            style={{ width: 240 }}
            options={[
              { value: '', label: '全部乡镇（下级组织）' },
              ...m.townships.map((t) => ({ value: t.code, label: t.name })),
            ]}
            onChange={(v) => set('township', v || undefined)}
          />
        )}
      </Space>
      {!m ? (
        <PageSkeleton rows={8} />
      ) : (
        <>
          <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title="应开的党组织" value={m.totals.orgs} suffix="个" />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={`已开 / 应开（期）`} value={`${m.totals.held} / ${m.totals.expected}`} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic
                  title="未开（期）"
                  value={m.totals.missing}
                  valueStyle={m.totals.missing ? { color: '#c81623' } : undefined}
                />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title="落实率" value={rate ?? '—'} suffix={rate === null ? undefined : '%'} />
              </Card>
            </Col>
          </Row>
          {m.rows.length === 0 ? (
            <Empty
              style={{ marginTop: 32 }}
              description={`${year}年没有应开${meetingKindLabel(kind)}的党组织`}
            />
          ) : (
            <>
              <HeatMap map={m} />
              <MissingList map={m} />
            </>
          )}
        </>
      )}
    </div>
  );
}

/** The heat map (desktop): one row per org, one column per period; a click opens the org's 组织生活 tab. */
function HeatMap({ map }: { map: ComplianceMap }) {
  const { compact } = useShell();
  const navigate = useNavigate();
  const option = useMemo<ChartOption>(() => {
    const data: [number, number, number][] = [];
    map.rows.forEach((r, y) => r.cells.forEach((c, x) => data.push([x, y, c ? STATE_VALUE[c] : 0])));
    return {
      tooltip: {
        formatter: (p: unknown) => {
          const [x, y, v] = (p as { value: [number, number, number] }).value;
          const r = map.rows[y]!;
          return `${r.name}<br/>${periodLabel(map.periods[x]!)}：${STATE[v]!.label}<br/>（点击查看组织生活记录）`;
        },
      },
      grid: { left: 8, right: 16, top: 44, bottom: 8, containLabel: true },
      xAxis: {
        type: 'category',
        data: map.periods.map(periodLabel),
        position: 'top',
        splitArea: { show: true },
        axisTick: { show: false },
      },
      yAxis: {
        type: 'category',
        data: map.rows.map((r) => r.name),
        inverse: true,
        axisTick: { show: false },
        axisLabel: { width: 180, overflow: 'truncate' },
      },
      visualMap: {
        type: 'piecewise',
        orient: 'horizontal',
        left: 'center',
        top: 0,
        dimension: 2,
        pieces: STATE.map((s) => ({ value: s.value, label: s.label, color: s.color })),
      },
      series: [
        {
          type: 'heatmap',
          name: meetingKindLabel(map.kind),
          data,
          itemStyle: { borderColor: '#fff', borderWidth: 2 },
          emphasis: { itemStyle: { borderColor: '#333', borderWidth: 1 } },
        },
      ],
    };
  }, [map]);
  if (compact) return null;
  const height = Math.max(220, map.rows.length * 26 + 90);
  return (
    <Card size="small" title={`${map.year}年${meetingKindLabel(map.kind)}（每格一期，点击查看该组织）`}>
      <div style={{ maxHeight: 640, overflowY: 'auto' }}>
        <EChart
          option={option}
          height={height}
          label={`${map.orgName}${map.year}年各党组织${meetingKindLabel(map.kind)}落实情况热力图`}
          onClick={(e) => {
            const r = map.rows[(e.value as number[])[1]!];
            if (r) navigate(lifeTab(r.code));
          }}
        />
      </div>
    </Card>
  );
}

/** The orgs with their missing periods: a table on a desktop, cards on a phone (the phone's main view). */
function MissingList({ map }: { map: ComplianceMap }) {
  const township = new Map(map.townships.map((t) => [t.code, t.name]));
  return (
    <Card size="small" title="各党组织未开情况" style={{ marginTop: 12 }}>
      <ResponsiveTable<MapRow>
        rowKey="code"
        size="small"
        dataSource={map.rows}
        pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
        columns={[
          {
            title: '党组织',
            key: 'name',
            render: (_: unknown, r: MapRow) => <Link to={lifeTab(r.code)}>{r.name}</Link>,
          },
          ...(map.townships.length
            ? [
                {
                  title: '所属',
                  key: 'township',
                  render: (_: unknown, r: MapRow) => (r.township ? township.get(r.township) : '—'),
                },
              ]
            : []),
          {
            title: '已开 / 应开',
            key: 'held',
            width: 110,
            render: (_: unknown, r: MapRow) => `${r.held} / ${r.expected}`,
          },
          {
            title: '未开',
            key: 'missing',
            render: (_: unknown, r: MapRow) =>
              r.missing.length ? (
                <Space size={[4, 4]} wrap>
                  {r.missing.map((p) => (
                    <Tag key={p} color="red" style={{ marginInlineEnd: 0 }}>
                      {periodLabel(p)}
                    </Tag>
                  ))}
                </Space>
              ) : (
                <Tag color="green">无</Tag>
              ),
          },
        ]}
      />
    </Card>
  );
}
