/**
 * The audit log as a table (操作记录): time in Beijing time, who, from where, what and on which record; a row
 * expands to the fields the entry changed, before → after. Used by /audit, the org page and the member page.
 */
import { useState, type Key, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Button, Empty, Tag, Typography, type TableProps } from 'antd';
import { ArrowRightOutlined } from '@ant-design/icons';
import { api, errorMessage, type AuditEntry, type AuditQuery } from '../api/client.js';
import { useRequest } from '../api/hooks.js';
import {
  actionColor,
  actionLabel,
  changedFields,
  recordName,
  recordOrgCode,
  shanghaiTime,
  valueText,
  type FieldChange,
} from '../lib/audit.js';
import { ResponsiveTable } from './ResponsiveTable.js';
import { count } from '../lib/format.js';

const ROW_ACTIONS = new Set(['insert', 'update', 'delete']);

function actorText(label: string): string {
  if (label.startsWith('system:') || label.startsWith('db:')) return '系统';
  return label;
}

function rec(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** A one-line summary of what an entry did, for the table. */
function summary(e: AuditEntry, changes: FieldChange[]): string {
  const a = rec(e.after);
  switch (e.action) {
    case 'update': {
      const labels = [...new Set(changes.map((c) => c.label))];
      if (!labels.length) return '';
      return `修改了${labels.slice(0, 4).join('、')}${labels.length > 4 ? `等${labels.length}项` : ''}`;
    }
    case 'insert':
    case 'delete': {
      if (e.entity !== 'member_event' && e.entity !== 'org_event') return '';
      const kind = rec(e.after ?? e.before).kind;
      if (typeof kind !== 'string') return '';
      const data = rec(rec(e.after ?? e.before).data);
      const fields = Array.isArray(data.fields) ? valueText(e.entity, 'fields', data.fields) : '';
      return `${valueText(e.entity, 'kind', kind)}${fields ? `：${fields}` : ''}`;
    }
    case 'read_sensitive':
      return a.field ? `查看了完整的${valueText(e.entity, 'field', a.field)}` : '';
    case 'export':
    case 'export_sensitive':
      return typeof a.rows === 'number' ? `导出${a.rows}条记录` : '';
    case 'bulk_insert':
      return typeof a.count === 'number'
        ? `写入${a.count}条记录${a.source ? `（${valueText(e.entity, 'source', a.source)}）` : ''}`
        : '';
    case 'login_failed': {
      // the person signing in is told only 用户名或密码不正确; administrators see why
      const why: Record<string, string> = {
        unknown_user: '用户名不存在',
        wrong_password: '密码不正确',
        disabled: '账号已停用',
        locked: '账号锁定期间尝试登录',
      };
      const reason =
        typeof a.reason === 'string' ? (why[a.reason] ?? '用户名或密码不正确') : '用户名或密码不正确';
      const count = typeof a.failures === 'number' ? `（连续第${a.failures}次）` : '';
      return `${reason}${count}${a.locked === true && a.reason === 'wrong_password' ? '，账号已锁定' : ''}`;
    }
    default:
      return '';
  }
}

function Changes({ entry, changes }: { entry: AuditEntry; changes: FieldChange[] }) {
  const isUpdate = entry.action === 'update';
  const rowAction = ROW_ACTIONS.has(entry.action);
  const valueTitle = !rowAction ? '内容' : entry.action === 'delete' ? '删除的内容' : '新增的内容';
  const dash = <span className="jc-muted">（空）</span>;
  return (
    <div className="jc-audit-changes">
      <ResponsiveTable<FieldChange>
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={changes}
        aria-label={isUpdate ? '修改前后对比' : '记录内容'}
        columns={
          isUpdate
            ? [
                { title: '字段', dataIndex: 'label', width: 160 },
                {
                  title: '修改前',
                  dataIndex: 'before',
                  render: (v: string) => (v ? <span className="jc-audit-before">{v}</span> : dash),
                },
                {
                  title: '',
                  key: 'arrow',
                  width: 36,
                  align: 'center',
                  render: () => <ArrowRightOutlined aria-label="改为" className="jc-muted" />,
                },
                {
                  title: '修改后',
                  dataIndex: 'after',
                  render: (v: string) => (v ? <span className="jc-audit-after">{v}</span> : dash),
                },
              ]
            : [
                { title: rowAction ? '字段' : '项目', dataIndex: 'label', width: 160 },
                {
                  title: valueTitle,
                  key: 'value',
                  render: (_: unknown, c) => (entry.action === 'delete' ? c.before : c.after) || dash,
                },
              ]
        }
      />
    </div>
  );
}

export function AuditTable({
  orgCode,
  memberId,
  mine = false,
  pageSize: initialPageSize = 20,
  /** hides the 对象 link to the member whose page this is */
  onMemberPage = false,
}: {
  orgCode?: string | undefined;
  memberId?: number | undefined;
  mine?: boolean;
  pageSize?: number;
  onMemberPage?: boolean;
}) {
  // another filter starts again on the first page, with nothing expanded
  const filterKey = JSON.stringify([orgCode ?? null, memberId ?? null, mine]);
  const [view, setView] = useState<{ key: string; page: number; expanded: readonly Key[] }>({
    key: filterKey,
    page: 1,
    expanded: [],
  });
  const current = view.key === filterKey ? view : { key: filterKey, page: 1, expanded: [] as readonly Key[] };
  const { page, expanded } = current;
  const [pageSize, setPageSize] = useState(initialPageSize);
  const setPage = (p: number) => setView({ key: filterKey, page: p, expanded: [] });
  const setExpanded = (keys: readonly Key[]) => setView({ ...current, expanded: keys });

  const q: AuditQuery = {
    page,
    pageSize,
    ...(orgCode ? { orgCode } : {}),
    ...(memberId ? { memberId } : {}),
    ...(mine ? { actor: 'me' as const } : {}),
  };
  const list = useRequest((s) => api.audit(q, s), [orgCode, memberId, mine, page, pageSize]);

  if (list.error) {
    return (
      <Alert
        type="error"
        showIcon
        title="操作记录加载失败"
        description={errorMessage(list.error)}
        action={
          <Button size="small" onClick={list.reload}>
            重试
          </Button>
        }
      />
    );
  }

  const changesOf = new Map<number, FieldChange[]>();
  for (const e of list.data?.items ?? []) changesOf.set(e.id, changedFields(e.entity, e.before, e.after));

  const columns: TableProps<AuditEntry>['columns'] = [
    {
      title: '时间',
      dataIndex: 'at',
      width: 172,
      render: (at: string) => <span className="jc-nowrap">{shanghaiTime(at)}</span>,
    },
    {
      title: '操作人',
      dataIndex: 'actorLabel',
      width: 140,
      ellipsis: true,
      render: (v: string) => actorText(v),
    },
    {
      title: '来源IP',
      dataIndex: 'ip',
      width: 130,
      render: (v: string | null) =>
        v ? <span className="jc-mono">{v}</span> : <span className="jc-muted">—</span>,
    },
    {
      title: '操作',
      dataIndex: 'action',
      width: 120,
      render: (a: string) => <Tag color={actionColor(a)}>{actionLabel(a)}</Tag>,
    },
    {
      title: '对象',
      key: 'entity',
      width: 240,
      render: (_: unknown, e) => {
        // a sign-in or own password change concerns the account that did it
        const name =
          recordName(e.before, e.after) ??
          (e.action === 'login' || e.action === 'password_changed' ? actorText(e.actorLabel) : null);
        const code = recordOrgCode(e.entity, e.before, e.after);
        let target: ReactNode = name;
        if (e.memberId && !onMemberPage) {
          target = <Link to={`/members/${e.memberId}`}>{name ?? '查看党员'}</Link>;
        } else if (code && e.entity === 'org') {
          target = <Link to={`/orgs/${encodeURIComponent(code)}`}>{name ?? code}</Link>;
        }
        return (
          <span>
            <span>{e.entityLabel}</span>
            {target && (
              <>
                <span className="jc-muted"> · </span>
                {target}
              </>
            )}
            {e.orgName && e.entity !== 'org' && <span className="jc-muted">（{e.orgName}）</span>}
          </span>
        );
      },
    },
    {
      title: '内容',
      key: 'summary',
      render: (_: unknown, e) => {
        const s = summary(e, changesOf.get(e.id) ?? []);
        return s ? <span>{s}</span> : <span className="jc-muted">—</span>;
      },
    },
  ];

  return (
    <ResponsiveTable<AuditEntry>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={list.data?.items ?? []}
      loading={list.loading}
      scroll={{ x: 1000 }}
      expandable={{
        expandedRowKeys: expanded,
        onExpandedRowsChange: (keys) => setExpanded(keys),
        rowExpandable: (e) => (changesOf.get(e.id)?.length ?? 0) > 0,
        expandedRowRender: (e) => <Changes entry={e} changes={changesOf.get(e.id) ?? []} />,
        expandRowByClick: false,
        columnTitle: <span className="jc-sr-only">展开</span>,
      }}
      locale={{
        // while the first answer is on its way the spinner stands alone
        emptyText: list.loading ? (
          <div style={{ height: 160 }} />
        ) : (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={mine ? '暂无您本人的操作记录' : '暂无操作记录'}
          />
        ),
      }}
      pagination={{
        current: page,
        pageSize,
        total: list.data?.total ?? 0,
        showSizeChanger: true,
        pageSizeOptions: [20, 50, 100],
        showTotal: (n) => `共 ${count(n)} 条记录`,
        onChange: (p, ps) => {
          setPage(ps !== pageSize ? 1 : p);
          setPageSize(ps);
        },
      }}
      footer={
        list.data && list.data.total > 0
          ? () => (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                时间为北京时间。身份证号、电话、住址在记录中已脱敏。点击行首的“+”查看修改前后的内容。
              </Typography.Text>
            )
          : undefined
      }
    />
  );
}
