/**
 * `/screening?org=CODE&year=YYYY`: 软弱涣散排查 (issue 14 item 3, decision 0033) for a township or county account:
 * every village-level org of the subtree screened for the year, with the types its records suggest and the evidence;
 * a click opens the org's drawer where a township officer records dated observations, petition counts and
 * satisfaction surveys and the county confirms (multi-label, reason, main problems, date). The screening ratio is a
 * local setting shown as information only. Below, the 党统 table 整顿软弱涣散基层党组织情况 (count and percent by type,
 * measures columns, .xlsx) and the rectification cases (一村一策) with their overdue measures. A phone shows cards.
 */
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Row,
  Segmented,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import type { CaseList, ScreeningOrg, ScreeningView, WeakTypeView } from '../../shared/screening.js';
import { api, download, errorMessage } from '../api/client.js';
import { screeningApi } from '../api/screening.js';
import { assessmentApi } from '../api/assessment.js';
import { useRequest } from '../api/hooks.js';
import { PageError, PageSkeleton } from '../components/PageState.js';
import { ResponsiveTable } from '../components/ResponsiveTable.js';
import { useAuth } from '../auth/context.js';
import { today, zhDate } from '../lib/format.js';
import { ScreeningOrgDrawer } from './screening/ScreeningOrgDrawer.js';
import { StageTag, TypeTags } from './screening/common.js';

const enc = encodeURIComponent;

type Filter = 'flagged' | 'confirmed' | 'all';

export default function ScreeningPage() {
  const { user } = useAuth();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const root = useRequest((s) => api.rootOrg(s), [], !params.get('org') && !user?.orgCode);
  const code = params.get('org') ?? user?.orgCode ?? root.data?.code ?? '';
  const thisYear = Number(today().slice(0, 4));
  const year = Number(params.get('year') ?? thisYear);
  const filter = (params.get('show') ?? 'flagged') as Filter;
  const open = params.get('open');
  const res = useRequest((s) => screeningApi.screening(code, year, s), [code, year], !!code);
  const types = useRequest((s) => screeningApi.types(s), []);
  const cases = useRequest((s) => screeningApi.cases(code, s), [code], !!code);
  // 分类考核 (decision 0036): when the county turned the low-star suggestion on, such orgs are tagged (a reference)
  const assessed = useRequest((s) => assessmentApi.list(code, year, s), [code, year], !!code);
  const lowStars = new Map(
    (assessed.data?.orgs ?? []).filter((o) => o.rectifySuggested).map((o) => [o.code, o.starsZh]),
  );
  const belowStars = assessed.data?.rectifyBelowStars ?? 0;
  const [exporting, setExporting] = useState(false);
  const set = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v === undefined || v === '') next.delete(k);
    else next.set(k, v);
    setParams(next, { replace: true });
  };
  if (res.error || root.error) return <PageError error={res.error ?? root.error} onRetry={res.reload} />;
  const d = res.data;
  if (!d || !types.data) return <PageSkeleton />;
  const typeList = types.data;
  const rows = d.orgs.filter((o) =>
    filter === 'all'
      ? true
      : filter === 'confirmed'
        ? o.confirmed.length > 0
        : o.confirmed.length > 0 || o.suggested.length > 0 || lowStars.has(o.code),
  );
  const flagged = d.orgs.filter((o) => o.suggested.length > 0 && o.confirmed.length === 0).length;
  const chosen = open ? d.orgs.find((o) => o.code === open) : undefined;
  const exportTable = async () => {
    setExporting(true);
    try {
      await download(
        `/orgs/${enc(code)}/screening/table.xlsx`,
        { year },
        `${code}-${year}-整顿软弱涣散基层党组织情况.xlsx`,
      );
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setExporting(false);
    }
  };
  const columns = [
    {
      key: 'org',
      title: '党组织',
      render: (_: unknown, o: ScreeningOrg) => (
        <Space orientation="vertical" size={0}>
          <Link to={`/orgs/${enc(o.code)}?tab=health`}>{o.name}</Link>
          {o.township && <Typography.Text type="secondary">{o.township}</Typography.Text>}
        </Space>
      ),
    },
    {
      key: 'suggested',
      title: '建议类型（依据）',
      render: (_: unknown, o: ScreeningOrg) =>
        o.suggested.length === 0 && !lowStars.has(o.code) ? (
          <span className="jc-muted">无</span>
        ) : (
          <div>
            {lowStars.has(o.code) && (
              <div className="jc-screening-suggestion">
                <Link to={`/assessment/orgs/${enc(o.code)}?year=${year}`}>
                  <Tag color="gold">
                    考核低于{belowStars}星（{lowStars.get(o.code)}，参考）
                  </Tag>
                </Link>
              </div>
            )}
            {o.suggested.map((s) => (
              <div key={s.type} className="jc-screening-suggestion">
                <TypeTags types={[s.type]} all={typeList} color="orange" />
                <Typography.Text type="secondary">
                  {s.evidence[0]}
                  {s.evidence.length > 1 ? ` 等${s.evidence.length}条` : ''}
                </Typography.Text>
              </div>
            ))}
          </div>
        ),
    },
    {
      key: 'confirmed',
      title: '县委认定',
      render: (_: unknown, o: ScreeningOrg) =>
        o.confirmed.length ? (
          <Space orientation="vertical" size={2}>
            <TypeTags types={o.confirmed} all={typeList} color="red" />
            {o.confirmedOn && <Typography.Text type="secondary">{zhDate(o.confirmedOn)}认定</Typography.Text>}
          </Space>
        ) : (
          <span className="jc-muted">未认定</span>
        ),
    },
    {
      key: 'case',
      title: '一村一策',
      render: (_: unknown, o: ScreeningOrg) =>
        o.caseId ? (
          <Link to={`/rectification/${o.caseId}`}>
            <StageTag stage={o.stage} />
          </Link>
        ) : (
          <span className="jc-muted">—</span>
        ),
    },
    {
      key: 'actions',
      title: '操作',
      render: (_: unknown, o: ScreeningOrg) => (
        <Button size="small" onClick={() => set('open', o.code)} aria-label={`${o.name} 依据与认定`}>
          依据与认定
        </Button>
      ),
    },
  ];
  const years = [thisYear, thisYear - 1, thisYear - 2];
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <div className="jc-home-head">
        <div>
          <Typography.Title level={3} style={{ marginBottom: 4 }}>
            软弱涣散排查 · {d.orgName}
          </Typography.Title>
          <Typography.Text type="secondary">
            按健康指标、信访、满意度测评和乡镇走访记录提出建议类型，由县委组织部逐个认定；名单按组织顺序排列，不排名。
          </Typography.Text>
        </div>
        <Space wrap>
          <Select
            aria-label="排查年度"
            value={year}
            style={{ width: 120 }}
            onChange={(v) => set('year', String(v))}
            options={years.map((y) => ({ value: y, label: `${y}年度` }))}
          />
          <Link to={`/assessment?org=${enc(code)}&year=${year}`}>
            <Button>分类考核</Button>
          </Link>
        </Space>
      </div>
      {!d.indicatorsAvailable && (
        <Alert
          type="info"
          showIcon
          title="健康指标尚未评估：第1、4类暂无系统建议，其余类型依据走访、信访和测评记录。"
        />
      )}
      <Row gutter={[12, 12]}>
        <Col xs={12} md={6}>
          <Card size="small" variant="borderless">
            <Statistic title="排查村（社区）党组织" value={d.table.screened} suffix="个" />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small" variant="borderless">
            <Statistic
              title="有建议类型、待认定"
              value={flagged}
              suffix="个"
              styles={{ content: { color: '#b7791f' } }}
            />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small" variant="borderless">
            <Statistic
              title="已认定软弱涣散"
              value={d.table.confirmed}
              suffix="个"
              styles={{ content: { color: '#c81623' } }}
            />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small" variant="borderless">
            <Statistic title="整顿提升（已验收或销号）" value={d.table.measures.rectified} suffix="个" />
          </Card>
        </Col>
      </Row>
      <Alert
        type="info"
        showIcon
        title={
          d.ratioPercent > 0
            ? `本县设置的排查参考比例为${d.ratioPercent}%，按此比例约 ${d.ratioReference ?? 0} 个（仅供参考）。认定以实际情况为准，不按比例凑数，也不受比例限制。`
            : '本县不设排查比例：认定以实际情况为准。'
        }
      />
      <Card size="small" variant="borderless" title={`排查名单（${rows.length}个）`}>
        {/* (in the card, not its title bar: on a phone the choices took the title's count) */}
        <Segmented
          aria-label="显示范围"
          value={filter}
          onChange={(v) => set('show', String(v))}
          options={[
            { value: 'flagged', label: '有建议或已认定' },
            { value: 'confirmed', label: '已认定' },
            { value: 'all', label: '全部' },
          ]}
          style={{ marginBottom: 12 }}
        />
        {rows.length === 0 ? (
          <Empty description={filter === 'all' ? '本级及下级没有村（社区）党组织' : '没有符合条件的组织'} />
        ) : (
          <ResponsiveTable
            rowKey="code"
            columns={columns}
            dataSource={rows}
            pagination={{ pageSize: 20, showSizeChanger: false }}
            size="small"
            cardTitle={(o) => (
              <Link to={`/orgs/${enc(o.code)}?tab=health`}>
                {o.name}
                {o.township ? ` · ${o.township}` : ''}
              </Link>
            )}
            cardHidden={['org']}
          />
        )}
      </Card>
      <CasesCard cases={cases.data} error={cases.error} />
      <TableCard view={d} types={typeList} onExport={exportTable} exporting={exporting} />
      {chosen && (
        <ScreeningOrgDrawer
          org={chosen}
          year={year}
          types={typeList}
          ratioPercent={d.ratioPercent}
          onClose={() => set('open', undefined)}
          onChanged={() => {
            res.reload();
            cases.reload();
          }}
        />
      )}
    </Space>
  );
}

/** The cases of the subtree with the measures past their deadline (the township's to-dos). */
function CasesCard({ cases, error }: { cases: CaseList | undefined; error: unknown }) {
  if (error) return <Alert type="error" showIcon title={errorMessage(error)} />;
  if (!cases) return null;
  return (
    <Card size="small" variant="borderless" title={`一村一策整顿方案（${cases.cases.length}个）`}>
      {cases.overdue.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={`${cases.overdue.length} 项整改措施已过期限未完成`}
          description={
            <ul className="jc-plain-list" aria-label="逾期整改措施">
              {cases.overdue.map((m) => (
                <li key={m.measureId}>
                  <Link to={`/rectification/${m.caseId}`}>{m.orgName}</Link>：{m.content}（{m.responsible}，
                  {zhDate(m.dueOn)}到期，已逾期{m.daysOverdue}天）
                </li>
              ))}
            </ul>
          }
        />
      )}
      {cases.cases.length === 0 ? (
        <Empty description="还没有整顿方案：县委认定后自动建立" />
      ) : (
        <ResponsiveTable
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={cases.cases}
          columns={[
            {
              key: 'org',
              title: '党组织',
              render: (_: unknown, c: CaseList['cases'][number]) => (
                <Link to={`/rectification/${c.id}`}>{c.orgName}</Link>
              ),
            },
            { key: 'year', title: '年度', render: (_: unknown, c: CaseList['cases'][number]) => `${c.year}` },
            {
              key: 'stage',
              title: '阶段',
              render: (_: unknown, c: CaseList['cases'][number]) => <StageTag stage={c.stage} />,
            },
            {
              key: 'measures',
              title: '整改措施',
              render: (_: unknown, c: CaseList['cases'][number]) => (
                <span>
                  {c.done}/{c.measures} 项完成
                  {c.overdue > 0 && (
                    <Tag color="red" style={{ marginLeft: 8 }}>
                      逾期 {c.overdue}
                    </Tag>
                  )}
                </span>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}

/** 整顿软弱涣散基层党组织情况: count and percent of the confirmed by type, and the measures columns. */
function TableCard({
  view,
  types,
  onExport,
  exporting,
}: {
  view: ScreeningView;
  types: readonly WeakTypeView[];
  onExport: () => void;
  exporting: boolean;
}) {
  const t = view.table;
  const short = new Map(types.map((x) => [x.type, x.short]));
  return (
    <Card
      size="small"
      variant="borderless"
      title="党内统计：整顿软弱涣散基层党组织情况"
      extra={
        <Button icon={<DownloadOutlined aria-hidden />} onClick={onExport} loading={exporting}>
          导出 Excel
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">
        排查 {t.screened} 个，认定 {t.confirmed} 个。一个组织可属多个类型，各类型比例之和可能超过100%。
      </Typography.Paragraph>
      <Table
        aria-label="按类型统计"
        rowKey="type"
        size="small"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={t.byType}
        columns={[
          {
            key: 'type',
            title: '主要类型',
            render: (_: unknown, r: (typeof t.byType)[number]) => (
              <span title={r.label}>
                {r.type}. {short.get(r.type) ?? r.label}
              </span>
            ),
          },
          { key: 'count', title: '个数', align: 'right', dataIndex: 'count' },
          {
            key: 'percent',
            title: '占认定数',
            align: 'right',
            render: (_: unknown, r: (typeof t.byType)[number]) => `${r.percent.toFixed(1)}%`,
          },
        ]}
      />
      <Descriptions
        size="small"
        style={{ marginTop: 12 }}
        column={{ xs: 1, sm: 2, lg: 3 }}
        title="整顿措施"
        items={[
          { key: 'pairing', label: '结对帮扶单位', children: `${t.measures.pairingUnits} 个` },
          { key: 'leaders', label: '县级联系领导', children: `${t.measures.liaisonLeaders} 名` },
          { key: 'first', label: '选派第一书记', children: `${t.measures.firstSecretaries} 名` },
          { key: 'cadres', label: '驻村干部', children: `${t.measures.residentCadres} 名` },
          { key: 'solved', label: '解决问题（已完成措施）', children: `${t.measures.problemsSolved} 个` },
          { key: 'rectified', label: '整顿提升（已验收或销号）', children: `${t.measures.rectified} 个` },
        ]}
      />
    </Card>
  );
}
