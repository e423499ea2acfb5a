/** `/orgs/:code/members`: the roster of an org's subtree with server-side filters, paging and sorting. */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import {
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Empty,
  Input,
  Select,
  Space,
  Tag,
  Popconfirm,
  Tooltip,
  Typography,
  type TableProps,
} from 'antd';
import { DownloadOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { EDUCATION_GROUPS, OCCUPATIONS, SEXES, type OrgKind } from '../../shared/codes.js';
import type { MemberListItem } from '../../shared/schemas.js';
import { mayHoldMembers } from '../../domain/org/rules.js';
import { api, errorMessage, type MemberQuery } from '../api/client.js';
import { useDebounced, useRequest } from '../api/hooks.js';
import { OrgBreadcrumb } from '../components/OrgBreadcrumb.js';
import { PageError } from '../components/PageState.js';
import { useCan } from '../auth/context.js';
import { useRuleBands } from '../settings/context.js';
import {
  DATE_FORMAT,
  educationLabel,
  ethnicityLabel,
  fromIso,
  notFuture,
  options,
  sexLabel,
  statusColor,
  statusLabel,
  toIso,
  zhDate,
  count,
} from '../lib/format.js';
import { ResponsiveTable } from '../components/ResponsiveTable.js';

type SortKey = NonNullable<MemberQuery['sort']>;
const SORT_KEYS: readonly SortKey[] = ['name', 'joinedOn', 'birthDate', 'org'];
const FILTER_KEYS = ['q', 'status', 'sex', 'ageBand', 'education', 'occupation', 'direct', 'asOf'] as const;
import { pagerTotal } from '../lib/pager.js';

const PAGE_SIZES = [20, 50, 100];

function readQuery(sp: URLSearchParams): MemberQuery {
  const num = (k: string, d: number) => {
    const n = Number(sp.get(k));
    return Number.isInteger(n) && n > 0 ? n : d;
  };
  const sort = sp.get('sort') as SortKey | null;
  return {
    q: sp.get('q') ?? undefined,
    status: sp.get('status') ?? undefined,
    sex: sp.get('sex') ?? undefined,
    ageBand: sp.get('ageBand') ?? undefined,
    education: sp.get('education') ?? undefined,
    occupation: sp.get('occupation') ?? undefined,
    direct: sp.get('direct') === 'true' ? true : undefined,
    asOf: sp.get('asOf') ?? undefined,
    page: num('page', 1),
    pageSize: Math.min(num('pageSize', 20), 500),
    // by name unless another column was chosen (the API's default too)
    sort: sort && SORT_KEYS.includes(sort) ? sort : 'name',
  };
}

export default function RosterPage() {
  const { code = '' } = useParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [sp, setSp] = useSearchParams();
  const { ageBands } = useRuleBands();
  const query = useMemo(() => readQuery(sp), [sp]);
  const queryKey = sp.toString();

  const org = useRequest((s) => api.org(code, s), [code]);
  const mayWrite = useCan('write', org.data ?? null);
  const mayReveal = useCan('reveal', org.data ?? null);
  const list = useRequest((s) => api.members(code, query, s), [code, queryKey]);

  // the search box updates the URL shortly after typing stops; back/forward or 清除筛选 update the box
  const [qText, setQText] = useState(query.q ?? '');
  const debouncedQ = useDebounced(qText.trim(), 400);
  const lastQ = useRef(query.q ?? '');
  useEffect(() => {
    if (debouncedQ === lastQ.current) return;
    lastQ.current = debouncedQ;
    patch({ q: debouncedQ || undefined });
  }, [debouncedQ]);
  useEffect(() => {
    const urlQ = query.q ?? '';
    if (urlQ === lastQ.current) return;
    lastQ.current = urlQ;
    setQText(urlQ);
  }, [query.q]);

  // filters live in the URL (shareable, back button works). Built from the live URL, and applied with
  // flushSync so the controls reflect a change at once and quick successive changes never drop each other.
  function patch(changes: Partial<Record<string, string | number | boolean | undefined>>, keepPage = false) {
    const next = new URLSearchParams(window.location.search);
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined || v === '' || v === false) next.delete(k);
      else next.set(k, String(v));
    }
    if (!keepPage) next.delete('page');
    setSp(next, { replace: true, flushSync: true });
  }

  const [exporting, setExporting] = useState(false);
  const exportXlsx = async (full = false) => {
    setExporting(true);
    try {
      const name = await api.downloadMembers(
        code,
        query,
        `${org.data?.name ?? code}党员名册${full ? '（可导入）' : ''}.xlsx`,
        full,
      );
      message.success(`已下载：${name}`);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setExporting(false);
    }
  };

  const filtersActive = FILTER_KEYS.some((k) => sp.has(k));
  const canAdd = org.data ? org.data.status === 'active' && mayHoldMembers(org.data.kind as OrgKind) : false;

  const sortOrder = (key: SortKey) => (query.sort === key ? ('ascend' as const) : null);
  const columns: TableProps<MemberListItem>['columns'] = [
    {
      title: '姓名',
      dataIndex: 'name',
      key: 'name',
      fixed: 'left',
      width: 96,
      sorter: true,
      sortOrder: sortOrder('name'),
      sortDirections: ['ascend'],
      render: (name: string, r) =>
        r.leftScope ? (
          <Tooltip title="该党员此后已转到您管理范围以外，这里只显示当时的身份和组织关系，不显示联系方式">
            <span>
              {name} <Tag>已调离</Tag>
            </span>
          </Tooltip>
        ) : (
          <Link to={`/members/${r.id}`}>{name}</Link>
        ),
    },
    { title: '性别', dataIndex: 'sex', width: 56, render: (s: string) => sexLabel(s) },
    {
      title: '年龄',
      dataIndex: 'age',
      key: 'birthDate',
      width: 68,
      sorter: true,
      sortOrder: sortOrder('birthDate'),
      sortDirections: ['ascend'],
      showSorterTooltip: { title: '按出生日期排序（年长在前）' },
    },
    {
      title: '民族',
      dataIndex: 'ethnicity',
      width: 72,
      // on a 1440 px screen the ID number and phone come first (issue 10 #7); 民族 is on the member page
      responsive: ['xxl'],
      render: (e: string | null, r: MemberListItem) => ethnicityLabel(e, r.ethnicityRaw),
    },
    {
      title: '学历',
      dataIndex: 'education',
      width: 110,
      ellipsis: true,
      render: (e: string | null, r: MemberListItem) =>
        educationLabel(e, r.educationRaw) || <span className="jc-muted">—</span>,
    },
    {
      title: '人员类别',
      dataIndex: 'status',
      width: 92,
      render: (s: string) => <Tag color={statusColor(s)}>{statusLabel(s)}</Tag>,
    },
    {
      title: '入党日期',
      dataIndex: 'joinedOn',
      key: 'joinedOn',
      width: 108,
      sorter: true,
      sortOrder: sortOrder('joinedOn'),
      sortDirections: ['ascend'],
    },
    {
      title: '所在组织',
      dataIndex: 'orgName',
      key: 'org',
      // takes what the other columns leave (at least the table's scroll width): no sideways scroll at 1440 px
      ellipsis: true,
      sorter: true,
      sortOrder: sortOrder('org'),
      sortDirections: ['ascend'],
      render: (name: string, r) => <Link to={`/orgs/${encodeURIComponent(r.orgCode)}`}>{name}</Link>,
    },
    {
      title: '身份证号',
      dataIndex: 'idNumberMasked',
      width: 200,
      render: (v: string) => (
        <span className="jc-mono" style={{ whiteSpace: 'nowrap' }}>
          {v}
        </span>
      ),
    },
    {
      title: '联系电话',
      dataIndex: 'phoneMasked',
      width: 124,
      render: (v: string) => (v ? <span className="jc-mono">{v}</span> : <span className="jc-muted">—</span>),
    },
  ];

  const onTableChange: TableProps<MemberListItem>['onChange'] = (pagination, _filters, sorter, extra) => {
    if (extra.action === 'sort') {
      const s = Array.isArray(sorter) ? sorter[0] : sorter;
      const key = s?.order ? (s.columnKey as SortKey) : 'name';
      patch({ sort: key === 'name' ? undefined : key });
      return;
    }
    const pageSize = pagination.pageSize ?? 20;
    patch(
      {
        page: pagination.current && pagination.current > 1 ? pagination.current : undefined,
        pageSize: pageSize !== 20 ? pageSize : undefined,
      },
      true,
    );
  };

  if (org.error) return <PageError error={org.error} onRetry={org.reload} />;
  const o = org.data;

  return (
    <div>
      <div className="jc-page-head">
        {o && (
          <OrgBreadcrumb
            ancestors={o.ancestors}
            self={{ code: o.code, name: o.name }}
            trail={[{ title: '党员名册' }]}
          />
        )}
        <Typography.Title level={3} className="jc-page-title">
          {o ? `${o.name} · 党员名册` : '党员名册'}
        </Typography.Title>
      </div>
      <Card variant="borderless">
        <div className="jc-toolbar" style={{ marginBottom: 12 }}>
          <Input.Search
            aria-label="搜索党员"
            placeholder="姓名 / 拼音 / 身份证号后几位"
            allowClear
            value={qText}
            onChange={(e) => setQText(e.target.value)}
            onSearch={(v) => {
              setQText(v);
              lastQ.current = v.trim();
              patch({ q: v.trim() || undefined });
            }}
            style={{ width: 300, maxWidth: '100%' }}
          />
          <Select
            aria-label="人员类别"
            placeholder="人员类别"
            allowClear
            style={{ width: 120 }}
            value={query.status}
            onChange={(v?: string) => patch({ status: v })}
            options={[
              { value: 'full', label: '正式党员' },
              { value: 'probationary', label: '预备党员' },
            ]}
          />
          <Select
            aria-label="性别"
            placeholder="性别"
            allowClear
            style={{ width: 90 }}
            value={query.sex}
            onChange={(v?: string) => patch({ sex: v })}
            options={options(SEXES)}
          />
          <Select
            aria-label="年龄段"
            placeholder="年龄段"
            allowClear
            style={{ width: 130 }}
            value={query.ageBand}
            onChange={(v?: string) => patch({ ageBand: v })}
            options={options(ageBands)}
          />
          <Select
            aria-label="学历"
            placeholder="学历"
            allowClear
            style={{ width: 130 }}
            value={query.education}
            onChange={(v?: string) => patch({ education: v })}
            options={options(EDUCATION_GROUPS)}
          />
          <Select
            aria-label="职业"
            placeholder="职业"
            allowClear
            style={{ width: 200 }}
            popupMatchSelectWidth={false}
            value={query.occupation}
            onChange={(v?: string) => patch({ occupation: v })}
            options={options(OCCUPATIONS)}
          />
          <Checkbox
            checked={query.direct === true}
            onChange={(e) => patch({ direct: e.target.checked || undefined })}
          >
            仅本组织
          </Checkbox>
          <DatePicker
            aria-label="名册截至日期"
            placeholder="截至今天"
            format={DATE_FORMAT}
            disabledDate={notFuture}
            value={fromIso(query.asOf)}
            onChange={(d) => patch({ asOf: toIso(d) ?? undefined })}
            style={{ width: 140 }}
          />
          {filtersActive && (
            <Button
              icon={<ReloadOutlined aria-hidden />}
              onClick={() => {
                setQText('');
                lastQ.current = '';
                const next = new URLSearchParams(window.location.search);
                for (const k of [...FILTER_KEYS, 'page']) next.delete(k);
                setSp(next, { replace: true, flushSync: true });
              }}
            >
              清除筛选
            </Button>
          )}
          <div style={{ flex: 1 }} />
          <Space wrap>
            <Button
              icon={<DownloadOutlined aria-hidden />}
              loading={exporting}
              onClick={() => void exportXlsx()}
            >
              导出Excel
            </Button>
            {mayReveal && (
              // the masked export cannot be imported again (issue 10 #3): this one can, and is logged as a full export
              <Popconfirm
                title="导出可再次导入的名册"
                description={
                  <div style={{ maxWidth: 300 }}>
                    文件含完整身份证号和联系电话，可在 Excel
                    中修改后通过“导入”更新名册。本次导出将记入操作日志，请妥善保管文件。
                  </div>
                }
                okText="导出"
                cancelText="取消"
                onConfirm={() => void exportXlsx(true)}
              >
                <Button icon={<DownloadOutlined aria-hidden />} loading={exporting}>
                  导出可导入的名册
                </Button>
              </Popconfirm>
            )}
            {mayWrite && (
              <Tooltip
                title={
                  o && !canAdd
                    ? o.status !== 'active'
                      ? '该组织已撤销'
                      : '请在党支部等基层组织下新增党员'
                    : undefined
                }
              >
                <Button
                  type="primary"
                  icon={<PlusOutlined aria-hidden />}
                  disabled={!canAdd}
                  onClick={() => navigate(`/orgs/${encodeURIComponent(code)}/members/new`)}
                >
                  新增党员
                </Button>
              </Tooltip>
            )}
          </Space>
        </div>
        {list.error ? (
          <PageError error={list.error} onRetry={list.reload} />
        ) : (
          <ResponsiveTable<MemberListItem>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={list.data?.items ?? []}
            loading={list.loading}
            onChange={onTableChange}
            scroll={{ x: 1000 }}
            sticky
            locale={{
              emptyText: (
                <Empty
                  image={Empty.PRESENTED_IMAGE_SIMPLE}
                  description={filtersActive ? '没有符合条件的党员，请调整筛选条件' : '该组织暂无在册党员'}
                />
              ),
            }}
            pagination={{
              current: query.page,
              pageSize: query.pageSize,
              total: pagerTotal(list.data, query.page ?? 1, query.pageSize ?? 20),
              showSizeChanger: true,
              pageSizeOptions: PAGE_SIZES,
              showQuickJumper: (list.data?.total ?? 0) > (query.pageSize ?? 20) * 5,
              // (a filtered total counted only up to a cap, decision 0051: the API says it is a lower bound)
              showTotal: () =>
                list.data?.totalIsLowerBound
                  ? `超过 ${count(list.data.total - 1)} 名党员`
                  : `共 ${count(list.data?.total ?? 0)} 名党员`,
            }}
          />
        )}
        {query.asOf && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            显示截至 {zhDate(query.asOf)} 的在册党员。
          </Typography.Paragraph>
        )}
      </Card>
    </div>
  );
}
