/**
 * The org page's 党费 tab (issue 12, decisions 0020 and 0022): a month of the subtree's dues. A branch sees each
 * member — category and base, due this month, paid, months and amount in arrears, the 3- and 6-month flags — with
 * the month's totals reconciled to the fen; a township or the county sees the same totals by org below it (who is
 * behind), and may list the members. Collected vs due vs remitted, the year's remittances, the collection sheet
 * (.xlsx). Buttons only for an account that may record dues here (`dues.write`); the server checks again.
 */
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Segmented,
  Space,
  Statistic,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import {
  DeleteOutlined,
  DownloadOutlined,
  EditOutlined,
  PlusOutlined,
  WalletOutlined,
} from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import type { DuesLineFilter, DuesMemberLine, DuesStatus, DuesSummary } from '../../../shared/dues.js';
import type { OrgView } from '../../../shared/schemas.js';
import { errorMessage } from '../../api/client.js';
import { duesApi, type DuesRemittance } from '../../api/dues.js';
import { useRequest } from '../../api/hooks.js';
import { ResponsiveTable } from '../../components/ResponsiveTable.js';
import { DATE_FORMAT, notFuture, toIso, today, zhDate } from '../../lib/format.js';
import {
  FLAG_SHORT,
  FLAG_ZH,
  categoryLabel,
  flagColor,
  fromMonth,
  money,
  monthLabel,
  notFutureMonth,
  parseAmount,
  reconcile,
  reliefLabel,
  stateZh,
  thisMonth,
  toMonth,
} from '../../lib/dues.js';
import { BasisModal } from '../member/DuesTab.js';

type Filter = 'all' | 'owing' | 'flagged' | 'unknown' | 'recheck';
/** The server's name of each filter (a subtree's list is filtered and paged there). */
const SERVER_FILTER: Record<Filter, DuesLineFilter | undefined> = {
  all: undefined,
  owing: 'short',
  flagged: 'flagged',
  unknown: 'unknown',
  recheck: 'recheck',
};
const PAGE_SIZE = 50;
const FILTERS: { value: Filter; label: string; test: (m: DuesMemberLine) => boolean }[] = [
  { value: 'all', label: '全部', test: () => true },
  { value: 'owing', label: '本月未交清', test: (m) => m.state === 'unpaid' || m.state === 'partial' },
  { value: 'flagged', label: '连续3个月以上未交', test: (m) => m.flag !== null },
  { value: 'unknown', label: '未核定基数', test: (m) => m.state === 'unknown' },
  { value: 'recheck', label: '基数待重新核定', test: (m) => m.recheckDue },
];

export function OrgDues({
  org,
  mayWrite,
  initialMonth,
}: {
  org: OrgView;
  mayWrite: boolean;
  initialMonth?: string | null;
}) {
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [month, setMonth] = useState<string>(
    initialMonth && /^\d{4}-\d{2}$/.test(initialMonth) && initialMonth <= thisMonth()
      ? initialMonth
      : thisMonth(),
  );
  const hasBelow = org.childCount > 0;
  const [view, setView] = useState<'orgs' | 'members'>(hasBelow ? 'orgs' : 'members');
  const showMembers = !hasBelow || view === 'members';
  const summary = useRequest((s) => duesApi.summary(org.code, month, s), [org.code, month]);
  // an org with orgs below may have tens of thousands of members: its list is filtered and paged on the server
  const paged = hasBelow;
  const [filter, setFilter] = useState<Filter>('all');
  const [page, setPage] = useState(1);
  const status = useRequest(
    (s) =>
      duesApi.status(
        org.code,
        month,
        s,
        paged
          ? { filter: SERVER_FILTER[filter], limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }
          : undefined,
      ),
    [org.code, month, paged, filter, page],
    showMembers,
  );
  const year = Number(month.slice(0, 4));
  const remittances = useRequest((s) => duesApi.remittances(org.code, year, s), [org.code, year]);
  const [remitOpen, setRemitOpen] = useState(false);
  const collects = org.directMemberCount > 0 && org.status === 'active';
  const payLink = `/orgs/${encodeURIComponent(org.code)}/dues/pay?month=${month}`;

  const sheet = () => {
    const hide = message.loading('正在生成收缴登记表…', 0);
    duesApi.downloadSheet(org.code, month, `${org.name}${month}党费收缴登记表.xlsx`).then(
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
    <div className="jc-dues">
      <div className="jc-life-head">
        <Space wrap size={8}>
          <Typography.Title level={5} style={{ margin: 0 }}>
            党费收缴
          </Typography.Title>
          <DatePicker
            picker="month"
            aria-label="选择月份"
            allowClear={false}
            value={fromMonth(month)}
            disabledDate={notFutureMonth}
            format="YYYY年M月"
            onChange={(d) => {
              setMonth(toMonth(d) ?? thisMonth());
              setPage(1);
            }}
          />
        </Space>
        <Space wrap size={8}>
          {mayWrite && collects && (
            <Button type="primary" icon={<WalletOutlined aria-hidden />} onClick={() => navigate(payLink)}>
              记录缴费
            </Button>
          )}
          <Button icon={<DownloadOutlined aria-hidden />} onClick={sheet}>
            收缴登记表
          </Button>
        </Space>
      </div>

      <SummaryCards summary={summary.data} error={summary.error} />

      {hasBelow && (
        <Segmented
          style={{ margin: '16px 0 8px' }}
          value={view}
          onChange={(v) => setView(v as 'orgs' | 'members')}
          options={[
            { value: 'orgs', label: '按组织' },
            { value: 'members', label: '按党员' },
          ]}
        />
      )}
      {showMembers ? (
        <MemberLines
          org={org}
          month={month}
          status={status.data}
          error={status.error}
          loading={status.loading}
          paged={paged}
          filter={filter}
          onFilter={(f) => {
            setFilter(f);
            setPage(1);
          }}
          page={page}
          onPage={setPage}
          mayWrite={mayWrite}
          onChanged={() => {
            status.reload();
            summary.reload();
          }}
        />
      ) : (
        <OrgLines summary={summary.data} month={month} />
      )}

      <Reconciliation
        summary={summary.data}
        remittances={remittances.data}
        error={remittances.error}
        mayWrite={mayWrite && org.status === 'active'}
        onRemit={() => setRemitOpen(true)}
        onRemoved={() => {
          remittances.reload();
          summary.reload();
        }}
      />
      <RemitModal
        org={org}
        month={month}
        open={remitOpen}
        collected={summary.data?.reconciliation.collected ?? null}
        onClose={() => setRemitOpen(false)}
        onDone={() => {
          setRemitOpen(false);
          message.success('已记录上缴');
          remittances.reload();
          summary.reload();
        }}
      />
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '12px 0 0' }}>
        按《关于中国共产党党费收缴、使用和管理的规定》（中组发〔2008〕3号）：应交金额由党费基数和类别算出，不可手填；入党（预备党员经支部大会通过）当月起交纳，离开、去世或停止党籍后不再交纳；连续3个月以上未交提醒支部，连续6个月以上未交按党章第九条需研究处理（系统只提示，不改变党员状态）。未核定基数的党员不计欠交。
      </Typography.Paragraph>
    </div>
  );
}

function SummaryCards({ summary, error }: { summary: DuesSummary | undefined; error: unknown }) {
  if (error) return <Alert type="error" showIcon title={errorMessage(error)} />;
  const t = summary?.total;
  const outstanding = t ? Math.max(0, t.due - t.paid) : 0;
  const cards = [
    { key: 'due', title: `${summary ? monthLabel(summary.month) : ''}应交`, value: money(t?.due) },
    { key: 'paid', title: '已交（该月）', value: money(t?.paid) },
    { key: 'out', title: '未交', value: money(t ? outstanding : null), warn: outstanding > 0 },
    { key: 'arrears', title: '累计欠交', value: money(t?.arrears), warn: (t?.arrears ?? 0) > 0 },
    {
      key: 'flags',
      title: '连续3/6个月以上未交',
      value: t ? `${t.threeMonths + t.sixMonths} 人` : '—',
      hint: t ? `3至5个月 ${t.threeMonths} 人，6个月以上 ${t.sixMonths} 人` : undefined,
      warn: (t?.sixMonths ?? 0) > 0,
    },
    { key: 'unknown', title: '未核定基数', value: t ? `${t.unknown} 人` : '—' },
  ];
  return (
    <div className="jc-dues-cards" aria-label="本月党费合计">
      {cards.map((c) => (
        <Tooltip key={c.key} title={c.hint}>
          <div className={`jc-dues-card${c.warn ? ' is-warn' : ''}`}>
            <Statistic title={c.title} value={c.value} loading={!summary} />
          </div>
        </Tooltip>
      ))}
    </div>
  );
}

function MemberLines({
  org,
  month,
  status,
  error,
  loading,
  paged,
  filter,
  onFilter: setFilter,
  page,
  onPage,
  mayWrite,
  onChanged,
}: {
  org: OrgView;
  month: string;
  status: DuesStatus | undefined;
  error: unknown;
  loading: boolean;
  /** the status holds one page of the lines passing the filter (the server's), not all of them */
  paged: boolean;
  filter: Filter;
  onFilter: (f: Filter) => void;
  page: number;
  onPage: (p: number) => void;
  mayWrite: boolean;
  onChanged: () => void;
}) {
  const [basisFor, setBasisFor] = useState<DuesMemberLine | null>(null);
  const { message } = App.useApp();
  const members = useMemo(() => {
    if (paged) return status?.members ?? [];
    const test = FILTERS.find((f) => f.value === filter)!.test;
    return (status?.members ?? []).filter((m) => m.state !== 'not_owed' || filter === 'all').filter(test);
  }, [status, filter, paged]);
  if (error) return <Alert type="error" showIcon title={errorMessage(error)} />;
  // the reconciliation to the fen needs every line: a branch's list (a subtree's is in 收缴对账 below)
  const r = status && !paged ? reconcile(status.members) : null;
  const counts = (f: Filter) => {
    if (!status) return 0;
    const c = status.counts;
    if (f === 'all') return c.members;
    if (f === 'owing') return c.short;
    if (f === 'flagged') return c.threeMonths + c.sixMonths;
    if (f === 'unknown') return c.unknown;
    return c.recheck;
  };
  const several = paged || new Set(status?.members.map((m) => m.orgCode)).size > 1;
  return (
    <section aria-label="党员党费明细" style={{ marginTop: 16 }}>
      {r && (
        <Typography.Paragraph className="jc-dues-reconcile" aria-label="本月核对">
          本月核对：应交 {money(r.due)} − 未交 {money(r.short)}
          {r.over > 0 ? ` + 多交 ${money(r.over)}` : ''}
          {r.unknownPaid > 0 ? ` + 未核定党员已交 ${money(r.unknownPaid)}` : ''} = 已交 {money(r.paid)}
        </Typography.Paragraph>
      )}
      {status && (counts('unknown') > 0 || counts('recheck') > 0) && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={[
            counts('unknown') ? `${counts('unknown')} 名党员未核定党费基数（应交金额未知，不计欠交）` : null,
            counts('recheck') ? `${counts('recheck')} 名党员的基数已满一年，应重新核定` : null,
          ]
            .filter(Boolean)
            .join('；')}
          action={
            <Button size="small" onClick={() => setFilter(counts('unknown') ? 'unknown' : 'recheck')}>
              查看名单
            </Button>
          }
        />
      )}
      <Segmented
        className="jc-dues-filter"
        value={filter}
        onChange={(v) => setFilter(v as Filter)}
        options={FILTERS.map((f) => ({
          value: f.value,
          label: status ? `${f.label}（${counts(f.value)}）` : f.label,
        }))}
      />
      <ResponsiveTable<DuesMemberLine>
        rowKey="id"
        size="middle"
        style={{ marginTop: 8 }}
        loading={loading}
        dataSource={members}
        pagination={
          paged
            ? (status?.matching ?? 0) > PAGE_SIZE && {
                current: page,
                pageSize: PAGE_SIZE,
                total: status?.matching ?? 0,
                showSizeChanger: false,
                onChange: onPage,
              }
            : members.length > PAGE_SIZE && { pageSize: PAGE_SIZE, showSizeChanger: false }
        }
        scroll={{ x: 980 }}
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={filter === 'all' ? `${monthLabel(month)}没有应交党费的党员` : '没有符合条件的党员'}
            />
          ),
        }}
        cardTitle={(m) => (
          <Space size={6} wrap>
            <Link to={`/members/${m.id}?tab=dues`}>{m.name}</Link>
            <Tag color={stateZh(m.state).color}>{stateZh(m.state).zh}</Tag>
            {m.flag && <Tag color={flagColor(m.flag)}>{FLAG_SHORT[m.flag]}</Tag>}
          </Space>
        )}
        cardHidden={['name', 'state']}
        columns={[
          {
            title: '姓名',
            dataIndex: 'name',
            width: 110,
            fixed: 'left',
            render: (n: string, m) => <Link to={`/members/${m.id}?tab=dues`}>{n}</Link>,
          },
          ...(several ? [{ title: '所在组织', dataIndex: 'orgName', width: 200, ellipsis: true }] : []),
          {
            title: '类别与基数',
            key: 'basis',
            width: 210,
            render: (_: unknown, m) => (
              <span>
                {m.category ? categoryLabel(m.category) : <span className="jc-muted">未核定</span>}
                {m.baseFen !== null && <span className="jc-muted"> · 基数{money(m.baseFen)}</span>}
                {m.relief && (
                  <Tag color="blue" style={{ marginLeft: 6 }}>
                    {reliefLabel(m.relief)}
                  </Tag>
                )}
                {m.recheckDue && (
                  <Tooltip title={`基数自${m.basisFrom ? monthLabel(m.basisFrom) : ''}起执行，已满一年`}>
                    <Tag color="purple" style={{ marginLeft: 6 }}>
                      待重新核定
                    </Tag>
                  </Tooltip>
                )}
              </span>
            ),
          },
          {
            title: '本月应交',
            dataIndex: 'due',
            width: 100,
            align: 'right',
            render: (f: number | null) => money(f),
          },
          {
            title: '本月已交',
            dataIndex: 'paid',
            width: 100,
            align: 'right',
            render: (f: number) => money(f),
          },
          {
            title: '状态',
            dataIndex: 'state',
            width: 100,
            render: (s: string) => <Tag color={stateZh(s).color}>{stateZh(s).zh}</Tag>,
          },
          {
            title: '欠交',
            key: 'arrears',
            width: 150,
            render: (_: unknown, m) =>
              m.arrearsMonths > 0 ? (
                <span>
                  {m.arrearsMonths}个月 · {money(m.arrears)}
                </span>
              ) : (
                <span className="jc-muted">无</span>
              ),
          },
          {
            title: '提示',
            dataIndex: 'flag',
            width: 150,
            render: (f: DuesMemberLine['flag']) =>
              f ? <Tag color={flagColor(f)}>{FLAG_ZH[f]}</Tag> : <span className="jc-muted">—</span>,
          },
          ...(mayWrite
            ? [
                {
                  title: '操作',
                  key: 'actions',
                  width: 110,
                  // (the table is wider than a 1366 px screen's content: the action stays in view)
                  fixed: 'right' as const,
                  render: (_: unknown, m: DuesMemberLine) => (
                    <Button
                      type="link"
                      size="small"
                      icon={<EditOutlined aria-hidden />}
                      aria-label={`核定${m.name}的党费基数`}
                      onClick={() => setBasisFor(m)}
                    >
                      核定基数
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {status && status.members.length > 0 && org.childCount === 0 && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8 }}>
          点击姓名查看该党员的逐月缴费记录{mayWrite ? '、记录少交免交或单笔补交' : ''}。
        </Typography.Paragraph>
      )}
      {basisFor && (
        <BasisModal
          memberId={basisFor.id}
          memberName={basisFor.name}
          open
          initial={{ category: basisFor.category, baseFen: basisFor.baseFen }}
          onClose={() => setBasisFor(null)}
          onDone={() => {
            setBasisFor(null);
            message.success('已核定党费基数');
            onChanged();
          }}
        />
      )}
    </section>
  );
}

type OrgLine = DuesSummary['orgs'][number];

function OrgLines({ summary, month }: { summary: DuesSummary | undefined; month: string }) {
  const [q, setQ] = useState('');
  const all = summary?.orgs ?? [];
  const rows = q.trim() ? all.filter((r) => r.name.includes(q.trim()) || r.code.startsWith(q.trim())) : all;
  return (
    <>
      {all.length > 10 && (
        <Input.Search
          allowClear
          aria-label="查找组织"
          placeholder="查找组织（名称或编码）"
          style={{ maxWidth: 320, marginBottom: 8 }}
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
      )}
      <ResponsiveTable<OrgLine>
        rowKey="code"
        size="middle"
        loading={!summary}
        dataSource={rows}
        pagination={rows.length > 30 ? { pageSize: 30, showSizeChanger: false } : false}
        scroll={{ x: 900 }}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="下级组织没有应交党费的党员" />,
        }}
        rowClassName={(r) => (r.sixMonths > 0 ? 'jc-dues-row-warn' : '')}
        columns={[
          {
            title: '组织',
            dataIndex: 'name',
            render: (n: string, r) =>
              r.own ? (
                <span>{n}（本级直属党员）</span>
              ) : (
                <Link to={`/orgs/${encodeURIComponent(r.code)}?tab=dues&month=${month}`}>{n}</Link>
              ),
          },
          { title: '党员', dataIndex: 'members', width: 80, align: 'right' },
          { title: '应交', dataIndex: 'due', width: 110, align: 'right', render: (f: number) => money(f) },
          { title: '已交', dataIndex: 'paid', width: 110, align: 'right', render: (f: number) => money(f) },
          {
            title: '收缴率',
            key: 'rate',
            width: 90,
            align: 'right',
            render: (_: unknown, r) =>
              r.due > 0 ? `${Math.floor((Math.min(r.paid, r.due) * 100) / r.due)}%` : '—',
          },
          {
            title: '累计欠交',
            dataIndex: 'arrears',
            width: 120,
            align: 'right',
            render: (f: number) => money(f),
          },
          {
            title: '3/6个月未交',
            key: 'flags',
            width: 130,
            render: (_: unknown, r) =>
              r.threeMonths + r.sixMonths === 0 ? (
                <span className="jc-muted">无</span>
              ) : (
                <Space size={4}>
                  {r.threeMonths > 0 && <Tag color="orange">3个月 {r.threeMonths}人</Tag>}
                  {r.sixMonths > 0 && <Tag color="red">6个月 {r.sixMonths}人</Tag>}
                </Space>
              ),
          },
          {
            title: '未核定',
            dataIndex: 'unknown',
            width: 80,
            align: 'right',
            render: (n: number) => (n ? `${n}人` : <span className="jc-muted">0</span>),
          },
        ]}
      />
    </>
  );
}

function Reconciliation({
  summary,
  remittances,
  error,
  mayWrite,
  onRemit,
  onRemoved,
}: {
  summary: DuesSummary | undefined;
  remittances: DuesRemittance[] | undefined;
  error: unknown;
  mayWrite: boolean;
  onRemit: () => void;
  onRemoved: () => void;
}) {
  const { message } = App.useApp();
  const rec = summary?.reconciliation;
  return (
    <section aria-label="收缴与上缴" style={{ marginTop: 24 }}>
      <div className="jc-life-head">
        <Typography.Title level={5} style={{ margin: 0 }}>
          收缴与上缴{summary ? `（${monthLabel(summary.month)}）` : ''}
        </Typography.Title>
        {mayWrite && (
          <Button icon={<PlusOutlined aria-hidden />} onClick={onRemit}>
            记录上缴
          </Button>
        )}
      </div>
      {rec && (
        <div className="jc-dues-cards is-small">
          {[
            ['当月收缴', rec.collected, '本月缴纳日期在本月的全部缴费（含补交、预交）'],
            ['其中自愿多交', rec.voluntary, ''],
            ['应上缴中央', rec.toCentre, '一次自愿多交1000元以上，全部上缴中央（第十一条）'],
            ['该月应交', rec.due, ''],
            ['已上缴', rec.remitted, '本组织记录的该月上缴'],
          ].map(([t, v, hint]) => (
            <Tooltip key={t as string} title={hint || undefined}>
              <div className="jc-dues-card">
                <Statistic title={t as string} value={money(v as number)} />
              </div>
            </Tooltip>
          ))}
        </div>
      )}
      {error ? (
        <Alert type="error" showIcon title={errorMessage(error)} />
      ) : (
        <ResponsiveTable<DuesRemittance>
          rowKey="id"
          size="small"
          style={{ marginTop: 8 }}
          loading={!remittances}
          dataSource={remittances ?? []}
          pagination={false}
          locale={{
            emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="本年还没有上缴记录" />,
          }}
          columns={[
            { title: '所属月份', dataIndex: 'month', width: 110, render: (m: string) => monthLabel(m) },
            { title: '组织', dataIndex: 'orgName', ellipsis: true },
            { title: '上缴日期', dataIndex: 'remittedOn', width: 140, render: (d: string) => zhDate(d) },
            {
              title: '金额',
              dataIndex: 'amountFen',
              width: 110,
              align: 'right',
              render: (f: number) => money(f),
            },
            { title: '备注', dataIndex: 'note', ellipsis: true, render: (n: string | null) => n ?? '' },
            ...(mayWrite
              ? [
                  {
                    title: '操作',
                    key: 'actions',
                    width: 80,
                    render: (_: unknown, r: DuesRemittance) => (
                      <Popconfirm
                        title="删除这条上缴记录？"
                        okText="删除"
                        cancelText="取消"
                        okButtonProps={{ danger: true }}
                        onConfirm={() =>
                          duesApi
                            .removeRemittance(r.id)
                            .then(onRemoved, (e: unknown) => message.error(errorMessage(e)))
                        }
                      >
                        <Button
                          type="link"
                          danger
                          size="small"
                          icon={<DeleteOutlined aria-hidden />}
                          aria-label="删除上缴记录"
                        >
                          删除
                        </Button>
                      </Popconfirm>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
    </section>
  );
}

function RemitModal({
  org,
  month,
  open,
  collected,
  onClose,
  onDone,
}: {
  org: OrgView;
  month: string;
  open: boolean;
  collected: number | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const [form] = Form.useForm<{ on: Dayjs | null; amount: string; note?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    const v = await form.validateFields();
    const amount = parseAmount(v.amount);
    if ('error' in amount) {
      form.setFields([{ name: 'amount', errors: [amount.error] }]);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await duesApi.recordRemittance(org.code, {
        month,
        remittedOn: toIso(v.on) ?? today(),
        amountFen: amount.fen,
        note: v.note || null,
      });
      form.resetFields();
      onDone();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={`记录${monthLabel(month)}党费上缴`}
      okText="保存"
      cancelText="取消"
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ amount: collected ? (collected / 100).toFixed(2) : '' }}
      >
        <Form.Item name="on" label="上缴日期" rules={[{ required: true, message: '请选择上缴日期' }]}>
          <DatePicker format={DATE_FORMAT} disabledDate={notFuture} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="amount" label="金额（元）" rules={[{ required: true, message: '请填写金额' }]}>
          <Input inputMode="decimal" placeholder="如 312.50" />
        </Form.Item>
        <Form.Item name="note" label="备注">
          <Input maxLength={200} placeholder="如：交乡镇党委组织办" />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}
