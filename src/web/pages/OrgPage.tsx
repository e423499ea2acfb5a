/** `/orgs/:code`: an org's profile, setup notices, statistics (as of a date), child orgs and history. */
import { Suspense, useCallback, useDeferredValue, useEffect, useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Empty,
  Row,
  Skeleton,
  Space,
  Statistic,
  Tabs,
  Tag,
  Timeline,
  Tooltip,
  Typography,
} from 'antd';
import {
  ApartmentOutlined,
  CalendarOutlined,
  DeleteOutlined,
  DownloadOutlined,
  EditOutlined,
  PlusOutlined,
  SwapOutlined,
  TeamOutlined,
  TrophyOutlined,
} from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { COMMITTEE_POSTS, labelOf } from '../../shared/codes.js';
import type { OrgNode, OrgView, Stats } from '../../shared/schemas.js';
import { UNCLASSIFIED } from '../../shared/classification.js';
import { api, errorMessage, type OrgEvent } from '../api/client.js';
import { useRequest } from '../api/hooks.js';
import { AuditTable } from '../components/AuditTable.js';
import { OrgBreadcrumb } from '../components/OrgBreadcrumb.js';
import { PageError, PageSkeleton } from '../components/PageState.js';
import { useShell } from '../layout/context.js';
import { useAuth, useCan } from '../auth/context.js';
import { useTermEndingSoonMonths } from '../settings/context.js';
import {
  DATE_FORMAT,
  dateTime,
  fieldList,
  fromIso,
  kindLabel,
  notFuture,
  orgEventLabel,
  percent,
  sectorLabel,
  termState,
  toIso,
  today,
  zhDate,
} from '../lib/format.js';
import { kindOptions } from './org/OrgFields.js';
import { CreateChildOrgModal, DissolveOrgModal, ElectionModal, MoveOrgModal } from './org/OrgActionModals.js';
import { OrgTerms } from './org/OrgTerms.js';
import { ResponsiveTable } from '../components/ResponsiveTable.js';
import { OrgLife } from './org/OrgLife.js';
import { OrgReviews } from './org/OrgReviews.js';
import { OrgGroups } from './org/OrgGroups.js';
import { OrgDues } from './org/OrgDues.js';
import { OrgTransfers } from './lifecycle/OrgTransfers.js';
import { OrgRecruitment } from './org/OrgRecruitment.js';
import { OrgHealth } from './org/OrgHealth.js';
import { preloadable } from '../lib/preloadable.js';

/** the charts' module, loaded with the page's and drawn without suspending once loaded (decision 0017) */
const StatsCharts = preloadable(() => import('../components/StatsCharts.js'));
void StatsCharts.preload().catch(() => undefined);

type Dialog = 'create' | 'move' | 'dissolve' | 'elect' | null;

export default function OrgPage() {
  const { code = '' } = useParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const shell = useShell();
  const [asOf, setAsOf] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  // a dialog (and its form) is built the first time it opens, not with the page; kept afterwards for its closing
  const [built, setBuilt] = useState<ReadonlySet<Dialog>>(() => new Set());
  const openDialog = (d: Exclude<Dialog, null>) => {
    setBuilt((b) => (b.has(d) ? b : new Set(b).add(d)));
    setDialog(d);
  };
  const [search] = useSearchParams();
  const [chosenTab, setTab] = useState<string | null>(search.get('tab'));
  // a link to another tab of the page shown (the menu's 党费) switches to it
  const linkedTab = search.get('tab');
  useEffect(() => {
    if (linkedTab) setTab(linkedTab);
  }, [linkedTab]);
  const { user } = useAuth();

  const org = useRequest((s) => api.org(code, s), [code]);
  // on this org, by the capabilities the server sent (its binding or a grant, decision 0010)
  const mayWrite = useCan('write', org.data ?? null);
  const mayAudit = useCan('audit.read', org.data ?? null);
  const mayRecord = useCan('meetings.write', org.data ?? null);
  const mayDues = useCan('dues.write', org.data ?? null);
  const mayRecruit = useCan('recruitment.write', org.data ?? null);
  const stats = useRequest((s) => api.orgStats(code, asOf ?? undefined, s), [code, asOf]);
  const children = useRequest((s) => api.orgChildren(code, undefined, s), [code]);
  const events = useRequest((s) => api.orgEvents(code, s), [code]);
  // The tabs below the figures (sub-organisations, organisational life, history …) are drawn once the figures are,
  // in a render React may interrupt: the head, the profile and the figures come first. If the figures cannot be
  // drawn (an error) or take long, the tabs come anyway.
  const [figuresDrawn, setFiguresDrawn] = useState(false);
  // what comes after the figures (the tabs) starts once the frame showing them has been painted: a frame, the
  // next one, then a task after it
  // (and the side bar's tree, held back by the layout until then)
  const { pageDrawn } = shell;
  const onFiguresDrawn = useCallback(() => {
    requestAnimationFrame(() =>
      requestAnimationFrame(() =>
        setTimeout(() => {
          setFiguresDrawn(true);
          pageDrawn();
        }, 0),
      ),
    );
  }, [pageDrawn]);
  const orgLoaded = org.data !== undefined;
  useEffect(() => {
    if (!orgLoaded) return;
    const t = setTimeout(onFiguresDrawn, 2500);
    return () => clearTimeout(t);
  }, [orgLoaded, onFiguresDrawn]);
  const showTabs = useDeferredValue(orgLoaded && (figuresDrawn || !!stats.error), false);

  if (org.error) return <PageError error={org.error} onRetry={org.reload} />;
  if (!org.data) return <PageSkeleton rows={12} />;
  const o = org.data;
  const active = o.status === 'active';
  const canHaveChildren = kindOptions(o.kind).length > 0;
  // the top of the account's scope cannot be moved or dissolved from inside it
  const scopeTop = o.code === user?.orgCode;
  // a branch (which cannot have sub-organisations) opens on its history, not on an empty 下级组织 tab
  const showChildren = canHaveChildren || o.childCount > 0;
  const tab = chosenTab ?? (showChildren ? 'children' : 'history');
  // party groups belong to the orgs that hold branch life (decision 0018)
  const hasGroups = ['branch', 'joint_branch', 'temporary_branch', 'general_branch'].includes(o.kind);

  const afterChange = (view: OrgView, opts: { structural?: boolean } = {}) => {
    setDialog(null);
    org.setData(view);
    events.reload();
    stats.reload();
    if (opts.structural) {
      children.reload();
      shell.refreshTree();
    }
  };

  const exportFile = (what: 'members' | 'orgs') => {
    const p =
      what === 'members'
        ? api.downloadMembers(o.code, {}, `${o.name}党员名册.xlsx`)
        : api.downloadOrgs(o.code, `${o.name}下级组织.xlsx`);
    const hide = message.loading('正在生成文件…', 0);
    p.then(
      (name) => {
        hide();
        message.success(`已下载：${name}`);
      },
      (e: unknown) => {
        hide();
        message.error(errorMessage(e));
      },
    );
  };

  return (
    <div>
      <div className="jc-page-head">
        <OrgBreadcrumb ancestors={o.ancestors} self={{ code: o.code, name: o.name }} />
        <Typography.Title level={3} className="jc-page-title">
          {o.name}
          <Tag color="red" variant="outlined">
            {kindLabel(o.kind)}
          </Tag>
          <Tag>{sectorLabel(o.sector)}</Tag>
          {!active && <Tag color="default">已撤销{o.dissolvedOn ? `（${zhDate(o.dissolvedOn)}）` : ''}</Tag>}
        </Typography.Title>
        <div className="jc-toolbar" role="toolbar" aria-label="党组织操作">
          <Button
            type="primary"
            icon={<TeamOutlined aria-hidden />}
            onClick={() => navigate(`/orgs/${encodeURIComponent(o.code)}/members`)}
          >
            党员名册
          </Button>
          {mayRecord && active && !canHaveChildren && (
            <Button
              icon={<CalendarOutlined aria-hidden />}
              onClick={() => navigate(`/orgs/${encodeURIComponent(o.code)}/meetings/new?kinds=theme_day`)}
            >
              记录会议
            </Button>
          )}
          {mayWrite && (
            <>
              <Tooltip title={active && !canHaveChildren ? '党支部下不能再设下级组织' : undefined}>
                <Button
                  icon={<PlusOutlined aria-hidden />}
                  disabled={!active || !canHaveChildren}
                  onClick={() => openDialog('create')}
                >
                  新建下级组织
                </Button>
              </Tooltip>
              <Button
                icon={<EditOutlined aria-hidden />}
                disabled={!active}
                onClick={() => navigate(`/orgs/${encodeURIComponent(o.code)}/edit`)}
              >
                编辑
              </Button>
              <Button
                icon={<SwapOutlined aria-hidden />}
                disabled={!active || !o.parentCode || scopeTop}
                onClick={() => openDialog('move')}
              >
                移动到…
              </Button>
              <Button
                icon={<TrophyOutlined aria-hidden />}
                disabled={!active}
                onClick={() => openDialog('elect')}
              >
                换届
              </Button>
            </>
          )}
          <Button icon={<DownloadOutlined aria-hidden />} onClick={() => exportFile('members')}>
            导出名册
          </Button>
          {showChildren && (
            <Button icon={<DownloadOutlined aria-hidden />} onClick={() => exportFile('orgs')}>
              导出下级组织
            </Button>
          )}
          {mayWrite && (
            <Button
              danger
              icon={<DeleteOutlined aria-hidden />}
              disabled={!active || !o.parentCode || scopeTop}
              onClick={() => openDialog('dissolve')}
            >
              撤销
            </Button>
          )}
        </div>
      </div>

      {o.notices.length > 0 && (
        <Space orientation="vertical" style={{ width: '100%', marginBottom: 16 }} size={8}>
          {o.notices.map((n) => (
            <Alert key={n.code} type="warning" showIcon title={n.message} />
          ))}
        </Space>
      )}

      <Card variant="borderless" style={{ marginBottom: 16 }} title="基本情况">
        <OrgProfile org={o} />
      </Card>
      <OrgTerms org={o} mayWrite={mayWrite} onChanged={org.reload} />

      <StatsSection
        stats={stats.data}
        loading={stats.loading}
        error={stats.error}
        onRetry={stats.reload}
        asOf={asOf}
        onAsOf={setAsOf}
        onDrawn={onFiguresDrawn}
      />

      {!showTabs ? (
        <Card variant="borderless" style={{ marginTop: 16 }}>
          <Skeleton active paragraph={{ rows: 4 }} />
        </Card>
      ) : (
        <Card variant="borderless" style={{ marginTop: 16 }} styles={{ body: { paddingTop: 4 } }}>
          <Tabs
            activeKey={tab}
            onChange={setTab}
            tabBarExtraContent={
              tab === 'children' &&
              mayWrite &&
              active &&
              canHaveChildren && (
                <Button type="link" icon={<PlusOutlined aria-hidden />} onClick={() => openDialog('create')}>
                  新建下级组织
                </Button>
              )
            }
            items={[
              ...(showChildren
                ? [
                    {
                      key: 'children',
                      label: `下级组织（${o.childCount}）`,
                      children: (
                        <ChildOrgTable
                          data={children.data}
                          loading={children.loading}
                          error={children.error}
                        />
                      ),
                    },
                  ]
                : []),
              {
                key: 'life',
                label: '组织生活',
                children: <OrgLife org={o} mayRecord={mayRecord} />,
              },
              {
                key: 'dues',
                label: '党费',
                children: <OrgDues org={o} mayWrite={mayDues} initialMonth={search.get('month')} />,
              },
              ...(hasGroups
                ? [
                    {
                      key: 'groups',
                      label: '党小组',
                      children: <OrgGroups org={o} mayWrite={mayWrite} />,
                    },
                  ]
                : []),
              {
                key: 'transfers',
                label: '组织关系',
                children: <OrgTransfers org={o} mayWrite={mayWrite} />,
              },
              {
                key: 'recruitment',
                label: '发展党员',
                children: <OrgRecruitment org={o} mayRecord={mayRecruit} />,
              },
              {
                key: 'health',
                label: '健康',
                children: <OrgHealth org={o} mayWrite={mayWrite} />,
              },
              {
                key: 'reviews',
                label: '述职评议',
                children: <OrgReviews org={o} />,
              },
              {
                key: 'history',
                label: '组织沿革',
                children: <OrgHistory events={events.data} loading={events.loading} error={events.error} />,
              },
              ...(mayAudit
                ? [
                    {
                      key: 'audit',
                      label: '操作记录',
                      children: <AuditTable orgCode={o.code} />,
                    },
                  ]
                : []),
            ]}
          />
        </Card>
      )}

      {built.has('create') && (
        <CreateChildOrgModal
          org={o}
          open={dialog === 'create'}
          onClose={() => setDialog(null)}
          onDone={(view) => {
            setDialog(null);
            children.reload();
            stats.reload();
            org.reload();
            shell.refreshTree();
            navigate(`/orgs/${encodeURIComponent(view.code)}`);
          }}
        />
      )}
      {built.has('move') && (
        <MoveOrgModal
          org={o}
          open={dialog === 'move'}
          onClose={() => setDialog(null)}
          onDone={(v) => afterChange(v, { structural: true })}
        />
      )}
      {built.has('dissolve') && (
        <DissolveOrgModal
          org={o}
          open={dialog === 'dissolve'}
          onClose={() => setDialog(null)}
          onDone={(v) => afterChange(v, { structural: true })}
        />
      )}
      {built.has('elect') && (
        <ElectionModal
          org={o}
          open={dialog === 'elect'}
          onClose={() => setDialog(null)}
          onDone={(v) => afterChange(v)}
        />
      )}
    </div>
  );
}

/** 已到期 / 即将到期 / 任期内; "soon" is the county's 换届提醒提前期 (a local setting). */
function TermTag({ endsOn }: { endsOn: string }) {
  const months = useTermEndingSoonMonths();
  if (months === undefined) return null;
  const hint = `届满前${months}个月内显示“即将到期”（本县设置）`;
  switch (termState(endsOn, today(), months)) {
    case 'ended':
      return <Tag color="red">已到期</Tag>;
    case 'soon':
      return (
        <Tooltip title={hint}>
          <Tag color="orange">即将到期</Tag>
        </Tooltip>
      );
    case 'running':
      return (
        <Tooltip title={hint}>
          <Tag color="green">任期内</Tag>
        </Tooltip>
      );
  }
}

function OrgProfile({ org: o }: { org: OrgView }) {
  const committee: ReactNode =
    o.committee.length === 0 ? (
      <span className="jc-muted">未录入班子成员</span>
    ) : (
      <Space wrap size={[12, 4]}>
        {o.committee.map((c) => (
          <span key={`${c.memberId}-${c.post}`}>
            <span className="jc-muted">{c.title || labelOf(COMMITTEE_POSTS, c.post)}：</span>
            <Link to={`/members/${c.memberId}`}>{c.memberName}</Link>
          </span>
        ))}
      </Space>
    );
  return (
    <Descriptions
      size="small"
      column={{ xs: 1, sm: 2, lg: 3 }}
      items={[
        { key: 'code', label: '组织编码', children: <span className="jc-mono">{o.code}</span> },
        { key: 'division', label: '行政区划代码', children: o.divisionCode ?? '—' },
        { key: 'founded', label: '成立日期', children: o.foundedOn ? zhDate(o.foundedOn) : '—' },
        {
          key: 'parent',
          label: '上级党组织',
          children: o.parentCode ? (
            <Link to={`/orgs/${encodeURIComponent(o.parentCode)}`}>{o.parentName}</Link>
          ) : (
            (o.parentName ?? '—')
          ),
        },
        {
          key: 'direct',
          label: '直属党员',
          children: `${o.directMemberCount}名（正式党员${o.directFullMemberCount}名）`,
        },
        { key: 'short', label: '简称', children: o.shortName ?? '—' },
        {
          key: 'term',
          label: '本届任期',
          span: { xs: 1, sm: 2, lg: 3 },
          children: o.currentTerm ? (
            <Space wrap size={8}>
              <span>
                {zhDate(o.currentTerm.electedOn)}选举产生，任期{o.currentTerm.termYears}年，
                {zhDate(o.currentTerm.termEndsOn)}届满
              </span>
              <TermTag endsOn={o.currentTerm.termEndsOn} />
            </Space>
          ) : (
            <span className="jc-muted">
              未录入换届信息{o.defaultTermYears ? `（该类组织每届任期${o.defaultTermYears}年）` : ''}
            </span>
          ),
        },
        { key: 'committee', label: '班子成员', span: { xs: 1, sm: 2, lg: 3 }, children: committee },
        { key: 'address', label: '地址', children: o.address ?? '—' },
        { key: 'phone', label: '联系电话', children: o.contactPhone ?? '—' },
      ]}
    />
  );
}

function StatsSection({
  stats,
  loading,
  error,
  onRetry,
  asOf,
  onAsOf,
  onDrawn,
}: {
  stats: Stats | undefined;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  asOf: string | null;
  onAsOf: (d: string | null) => void;
  /** once the figures are drawn */
  onDrawn: () => void;
}) {
  const cards: { key: string; title: string; value: string | number; suffix?: string; hint?: string }[] =
    stats
      ? [
          { key: 'total', title: '党员总数', value: stats.members.total, suffix: '名' },
          { key: 'full', title: '正式党员', value: stats.members.full, suffix: '名' },
          { key: 'prob', title: '预备党员', value: stats.members.probationary, suffix: '名' },
          {
            key: 'women',
            title: '女党员占比',
            value: percent(stats.sex.female, stats.members.total),
            hint: `女党员${stats.sex.female}名`,
          },
          {
            key: 'minority',
            title: '少数民族党员占比',
            value: percent(stats.ethnicity.minority, stats.members.total),
            hint: `少数民族党员${stats.ethnicity.minority}名`,
          },
          { key: 'orgs', title: '党组织', value: stats.orgs.total, suffix: '个' },
        ]
      : [];
  return (
    <section aria-label="统计概况">
      <Card
        variant="borderless"
        title="统计概况"
        extra={
          <Space wrap>
            <span className="jc-muted">统计截至日期</span>
            <DatePicker
              aria-label="统计截至日期"
              placeholder="今天"
              format={DATE_FORMAT}
              value={fromIso(asOf)}
              disabledDate={notFuture}
              onChange={(d: Dayjs | null) => onAsOf(toIso(d))}
              allowClear
            />
          </Space>
        }
        style={{ marginBottom: 16 }}
      >
        {error ? (
          <Alert
            type="error"
            showIcon
            title="统计数据加载失败"
            description={errorMessage(error)}
            action={
              <Button size="small" onClick={onRetry}>
                重试
              </Button>
            }
          />
        ) : !stats ? (
          <Skeleton active paragraph={{ rows: 2 }} />
        ) : (
          <>
            <Row gutter={[16, 16]}>
              {cards.map((c) => {
                const card = (
                  <Statistic
                    className="jc-stat-card"
                    title={c.title}
                    value={c.value}
                    suffix={c.suffix}
                    loading={loading}
                  />
                );
                // a tooltip only where there is a hint (each one is a trigger React builds before the charts)
                return (
                  <Col key={c.key} xs={12} sm={8} xl={4}>
                    {c.hint ? <Tooltip title={c.hint}>{card}</Tooltip> : card}
                  </Col>
                );
              })}
            </Row>
            <div className="jc-muted" style={{ marginTop: 12, fontSize: 12 }}>
              统计截至 {zhDate(stats.asOf)}
              {stats.source === 'live' ? '，按历史记录实时统计' : ''}
            </div>
            <UnclassifiedNote stats={stats} />
          </>
        )}
      </Card>
      {stats && !error && (
        <Suspense fallback={<Skeleton active paragraph={{ rows: 6 }} />}>
          <StatsCharts stats={stats} onDrawn={onDrawn} />
        </Suspense>
      )}
    </section>
  );
}

/**
 * How many of the subtree's members have a value kept as imported (未归类, decision 0013), with the way to the
 * mapping screen for an account that may map.
 */
function UnclassifiedNote({ stats }: { stats: Stats }) {
  const { perms } = useAuth();
  const parts = (
    [
      ['民族', stats.ethnicity.unclassified],
      ['学历', stats.education[UNCLASSIFIED] ?? 0],
      ['职业', stats.occupation[UNCLASSIFIED] ?? 0],
    ] as const
  ).filter(([, n]) => n > 0);
  if (!parts.length) return null;
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginTop: 12 }}
      title={`${parts.map(([zh, n]) => `${n} 名党员的${zh}`).join('、')}未归类（导入时无法对应标准类别，按原文保存）`}
      action={
        perms.classify ? (
          <Link to="/classify">
            <Button size="small">去归类</Button>
          </Link>
        ) : undefined
      }
    />
  );
}

function ChildOrgTable({
  data,
  loading,
  error,
}: {
  data: OrgNode[] | undefined;
  loading: boolean;
  error: unknown;
}) {
  if (error) return <Alert type="error" showIcon title={errorMessage(error)} />;
  return (
    <ResponsiveTable<OrgNode>
      rowKey="code"
      size="middle"
      loading={loading && !data}
      dataSource={data ?? []}
      pagination={(data?.length ?? 0) > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      scroll={{ x: 640 }}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有下级组织" /> }}
      rowClassName={(r) => (r.status === 'dissolved' ? 'jc-muted' : '')}
      columns={[
        {
          title: '组织名称',
          dataIndex: 'name',
          render: (name: string, r) => (
            <Space size={6}>
              <ApartmentOutlined aria-hidden className="jc-muted" />
              <Link to={`/orgs/${encodeURIComponent(r.code)}`}>{name}</Link>
              {r.status === 'dissolved' && <Tag>已撤销</Tag>}
            </Space>
          ),
        },
        { title: '组织类别', dataIndex: 'kind', width: 140, render: (k: string) => kindLabel(k) },
        { title: '单位领域', dataIndex: 'sector', width: 130, render: (s: string) => sectorLabel(s) },
        {
          title: '党员数',
          dataIndex: 'memberCount',
          width: 100,
          align: 'right',
          sorter: (a, b) => a.memberCount - b.memberCount,
        },
        {
          title: '下级组织数',
          dataIndex: 'childCount',
          width: 110,
          align: 'right',
          sorter: (a, b) => a.childCount - b.childCount,
        },
        {
          title: '操作',
          key: 'actions',
          width: 110,
          render: (_: unknown, r) => (
            <Link to={`/orgs/${encodeURIComponent(r.code)}/members`} aria-label={`${r.name}党员名册`}>
              党员名册
            </Link>
          ),
        },
      ]}
    />
  );
}

function describeOrgEvent(e: OrgEvent): string {
  const d = e.data;
  const s = (k: string) => (typeof d[k] === 'string' || typeof d[k] === 'number' ? String(d[k]) : null);
  switch (e.kind) {
    case 'renamed': {
      const before = (d.before ?? {}) as Record<string, unknown>;
      const after = (d.after ?? {}) as Record<string, unknown>;
      return [before.name, after.name].filter((x) => typeof x === 'string').join(' → ');
    }
    case 'updated':
      return d.after && typeof d.after === 'object' ? `修改了${fieldList(Object.keys(d.after))}` : '';
    case 'moved':
      return [
        s('fromName') ?? s('fromParentName') ?? s('from'),
        s('toName') ?? s('toParentName') ?? s('to') ?? s('parentName'),
      ]
        .filter(Boolean)
        .join(' → ');
    case 'elected': {
      const years = s('termYears');
      const ends = s('termEndsOn');
      return [years ? `任期${years}年` : null, ends ? `${zhDate(ends)}届满` : null, s('note')]
        .filter(Boolean)
        .join('，');
    }
    default:
      return s('note') ?? s('name') ?? '';
  }
}

function OrgHistory({
  events,
  loading,
  error,
}: {
  events: OrgEvent[] | undefined;
  loading: boolean;
  error: unknown;
}) {
  if (error) return <Alert type="error" showIcon title={errorMessage(error)} />;
  if (loading && !events) return <Skeleton active paragraph={{ rows: 3 }} />;
  if (!events || events.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无变动记录" />;
  const sorted = [...events].sort((a, b) =>
    a.effectiveOn < b.effectiveOn ? 1 : a.effectiveOn > b.effectiveOn ? -1 : b.id - a.id,
  );
  return (
    <Timeline
      titleSpan="128px"
      items={sorted.map((e) => ({
        key: `${e.kind}-${e.id}-${e.effectiveOn}`,
        color:
          e.kind === 'dissolved'
            ? 'gray'
            : e.kind === 'founded'
              ? 'green'
              : e.kind === 'elected'
                ? 'red'
                : 'blue',
        title: zhDate(e.effectiveOn),
        content: (
          <div>
            <strong>{orgEventLabel(e.kind)}</strong>
            {describeOrgEvent(e) && <span style={{ marginLeft: 8 }}>{describeOrgEvent(e)}</span>}
            <div className="jc-muted" style={{ fontSize: 12 }}>
              {e.recordedAt ? `登记于 ${dateTime(e.recordedAt)}` : null}
            </div>
          </div>
        ),
      }))}
    />
  );
}
