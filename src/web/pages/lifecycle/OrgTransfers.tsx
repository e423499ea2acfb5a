/**
 * The org page's 组织关系 tab (decision 0026): the transfer inbox (转入) and outbox (转出) of the org and its
 * subtree with accept / return / receipt, the members away (流动党员) with their flags and the members from
 * elsewhere it hosts, and the members out of contact (失联党员). Each end sees only what its scope allows.
 */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import dayjs from 'dayjs';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Empty,
  Form,
  Input,
  Modal,
  Segmented,
  Space,
  Tag,
  Typography,
} from 'antd';
import type { OrgView } from '../../../shared/schemas.js';
import {
  ABSENCE_FLAGS,
  TRANSFER_KINDS,
  TRANSFER_STATUSES,
  type AbsenceFlag,
  type LostLine,
  type MobileLine,
  type TransferStatus,
  type TransferView,
} from '../../../shared/lifecycle.js';
import { labelOf } from '../../../shared/codes.js';
import { errorMessage } from '../../api/client.js';
import { useRequest } from '../../api/hooks.js';
import { lifecycleApi } from '../../api/lifecycle.js';
import { ResponsiveTable } from '../../components/ResponsiveTable.js';
import { DATE_FORMAT, notFuture, toIso, today, zhDate } from '../../lib/format.js';

const STATUS_COLOR: Record<TransferStatus, string> = {
  pending: 'blue',
  in_transit: 'blue',
  accepted: 'green',
  returned: 'default',
  overdue: 'red',
};

export function StatusTag({ status }: { status: TransferStatus }) {
  return <Tag color={STATUS_COLOR[status]}>{labelOf(TRANSFER_STATUSES, status)}</Tag>;
}

export function FlagTags({ flags }: { flags: readonly AbsenceFlag[] }) {
  return (
    <Space size={[4, 4]} wrap>
      {flags.map((f) => (
        <Tag key={f} color={f === 'lost_notice' ? 'orange' : 'red'}>
          {labelOf(ABSENCE_FLAGS, f)}
        </Tag>
      ))}
    </Space>
  );
}

export type TransferAction = { kind: 'accept' | 'return' | 'receipt'; t: TransferView } | null;

export function OrgTransfers({ org, mayWrite }: { org: OrgView; mayWrite: boolean }) {
  const [view, setView] = useState<'incoming' | 'outgoing'>('incoming');
  const list = useRequest((s) => lifecycleApi.transfers(org.code, s), [org.code]);
  const mobile = useRequest((s) => lifecycleApi.mobile(org.code, s), [org.code]);
  const lost = useRequest((s) => lifecycleApi.lost(org.code, s), [org.code]);
  const [action, setAction] = useState<TransferAction>(null);
  const d = list.data;
  const rows = d ? d[view] : [];
  const open = (t: TransferView) =>
    t.status === 'pending' || t.status === 'in_transit' || t.status === 'overdue';
  const counts = d && {
    incoming: d.incoming.filter(open).length,
    outgoing: d.outgoing.filter(open).length,
  };
  return (
    <div className="jc-lifecycle">
      <section aria-label="组织关系转接">
        <div className="jc-life-head">
          <Typography.Title level={5} style={{ margin: 0 }}>
            组织关系转接
          </Typography.Title>
          <Segmented
            value={view}
            onChange={(v) => setView(v as 'incoming' | 'outgoing')}
            options={[
              { value: 'incoming', label: `转入${counts ? `（待办 ${counts.incoming}）` : ''}` },
              { value: 'outgoing', label: `转出${counts ? `（未办结 ${counts.outgoing}）` : ''}` },
            ]}
          />
        </div>
        {list.error ? <Alert type="error" showIcon title={errorMessage(list.error)} /> : null}
        <ResponsiveTable<TransferView>
          rowKey="id"
          size="middle"
          loading={list.loading && !d}
          dataSource={rows}
          pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={view === 'incoming' ? '没有转入本组织的组织关系' : '没有转出的组织关系'}
              />
            ),
          }}
          columns={[
            {
              title: '姓名',
              dataIndex: 'name',
              render: (n: string, t) =>
                t.memberReadable ? <Link to={`/members/${t.memberId}`}>{n}</Link> : <span>{n}</span>,
            },
            {
              title: view === 'incoming' ? '转出组织' : '接收组织',
              key: 'other',
              render: (_: unknown, t) =>
                view === 'incoming' ? (t.fromOrg?.name ?? t.externalOrg) : (t.toOrg?.name ?? t.externalOrg),
            },
            { title: '类型', dataIndex: 'kind', render: (k: string) => labelOf(TRANSFER_KINDS, k) },
            { title: '介绍信', dataIndex: 'letterNo', render: (v: string | null) => v ?? '—' },
            { title: '开具日期', dataIndex: 'issuedOn', render: (v: string) => zhDate(v) },
            { title: '有效期至', dataIndex: 'validUntil', render: (v: string) => zhDate(v) },
            {
              title: '状态',
              dataIndex: 'status',
              render: (s: TransferStatus, t) => (
                <Space size={4} wrap>
                  <StatusTag status={s} />
                  {t.reason ? <span className="jc-muted">{t.reason}</span> : null}
                </Space>
              ),
            },
            ...(mayWrite
              ? [
                  {
                    title: '操作',
                    key: 'actions',
                    render: (_: unknown, t: TransferView) =>
                      !open(t) || !t.mayAct ? null : view === 'incoming' && t.kind === 'internal' ? (
                        <Space size={4}>
                          <Button
                            size="small"
                            type="primary"
                            onClick={() => setAction({ kind: 'accept', t })}
                          >
                            接收
                          </Button>
                          <Button size="small" onClick={() => setAction({ kind: 'return', t })}>
                            退回
                          </Button>
                        </Space>
                      ) : view === 'outgoing' && t.kind === 'outgoing' ? (
                        <Space size={4}>
                          <Button size="small" onClick={() => setAction({ kind: 'receipt', t })}>
                            登记回执
                          </Button>
                          <Button size="small" onClick={() => setAction({ kind: 'return', t })}>
                            介绍信退回
                          </Button>
                        </Space>
                      ) : view === 'outgoing' ? (
                        <span className="jc-muted">等待接收方办理</span>
                      ) : null,
                  },
                ]
              : []),
          ]}
        />
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '4px 0 0' }}>
          接收前党员仍在转出组织的名册上，由转出组织负责管理；超过介绍信有效期仍未接收的显示为“已超期”（有效期见本县设置）。
        </Typography.Paragraph>
      </section>

      <section aria-label="流动党员" style={{ marginTop: 24 }}>
        <Typography.Title level={5}>
          流动党员{mobile.data ? `（外出 ${mobile.data.outflow.length} 人）` : ''}
        </Typography.Title>
        {mobile.error ? <Alert type="error" showIcon title={errorMessage(mobile.error)} /> : null}
        <ResponsiveTable<MobileLine>
          rowKey="registrationId"
          size="middle"
          loading={mobile.loading && !mobile.data}
          dataSource={mobile.data?.outflow ?? []}
          pagination={
            (mobile.data?.outflow.length ?? 0) > 20 ? { pageSize: 20, showSizeChanger: false } : false
          }
          locale={{
            emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有登记外出的党员" />,
          }}
          columns={[
            {
              title: '姓名',
              dataIndex: 'name',
              render: (n: string, r) => <Link to={`/members/${r.memberId}`}>{n}</Link>,
            },
            { title: '所在组织', dataIndex: 'orgName' },
            {
              title: '外出地点',
              dataIndex: 'place',
              render: (p: string, r) => (r.abroad ? `${p}（国（境）外）` : p),
            },
            { title: '外出日期', dataIndex: 'since', render: (v: string) => zhDate(v) },
            {
              title: '最近联系',
              dataIndex: 'lastContactOn',
              render: (v: string | null) => (v ? zhDate(v) : '—'),
            },
            { title: '提示', dataIndex: 'flags', render: (f: AbsenceFlag[]) => <FlagTags flags={f} /> },
          ]}
        />
        {(mobile.data?.hosted.length ?? 0) > 0 && (
          <div style={{ marginTop: 12 }} aria-label="在本组织参加组织生活的外地党员">
            <Typography.Text strong>
              在本组织参加组织生活的外地党员（不享有表决权、选举权和被选举权）：
            </Typography.Text>
            <ul className="jc-vote-list">
              {mobile.data!.hosted.map((h) => (
                <li key={h.memberId}>
                  {h.name} · {h.homeOrgName} · {zhDate(h.since)} 起 · {h.hostOrgName}
                </li>
              ))}
            </ul>
          </div>
        )}
      </section>

      <section aria-label="失联党员" style={{ marginTop: 24 }}>
        <Typography.Title level={5}>
          失联党员{lost.data ? `（${lost.data.members.length} 人）` : ''}
        </Typography.Title>
        {lost.error ? <Alert type="error" showIcon title={errorMessage(lost.error)} /> : null}
        <ResponsiveTable<LostLine>
          rowKey="lostContactId"
          size="middle"
          loading={lost.loading && !lost.data}
          dataSource={lost.data?.members ?? []}
          pagination={false}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有失联党员" /> }}
          columns={[
            {
              title: '姓名',
              dataIndex: 'name',
              render: (n: string, r) => <Link to={`/members/${r.memberId}`}>{n}</Link>,
            },
            { title: '所在组织', dataIndex: 'orgName' },
            { title: '失联日期', dataIndex: 'since', render: (v: string) => zhDate(v) },
            { title: '失联时长', dataIndex: 'months', render: (m: number) => `${m} 个月` },
            {
              title: '停止党籍',
              dataIndex: 'suspendedSince',
              render: (v: string | null) => (v ? zhDate(v) : '—'),
            },
            { title: '提示', dataIndex: 'flags', render: (f: AbsenceFlag[]) => <FlagTags flags={f} /> },
          ]}
        />
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '4px 0 0' }}>
          提示只供支部研究，系统不会自动改变党员的党籍状态；停止党籍、除名须由党组织作出决定并报批（《中国共产党党员教育管理工作条例》第二十四条）。
        </Typography.Paragraph>
      </section>

      <TransferActionModal
        action={action}
        onClose={() => setAction(null)}
        onDone={() => {
          setAction(null);
          list.reload();
        }}
      />
    </div>
  );
}

const TITLES = { accept: '接收组织关系', return: '退回组织关系转接', receipt: '登记介绍信回执' } as const;

export function TransferActionModal({
  action,
  onClose,
  onDone,
}: {
  action: TransferAction;
  onClose: () => void;
  onDone: () => void;
}) {
  const [form] = Form.useForm<{ on?: dayjs.Dayjs; reason?: string; note?: string }>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { message } = App.useApp();
  const submit = async () => {
    if (!action) return;
    const v = await form.validateFields();
    setSaving(true);
    setError(null);
    try {
      const on = toIso(v.on) ?? today();
      if (action.kind === 'accept')
        await lifecycleApi.accept(action.t.id, { acceptedOn: on, note: v.note ?? null });
      else if (action.kind === 'return')
        await lifecycleApi.giveBack(action.t.id, { returnedOn: on, reason: v.reason ?? '' });
      else await lifecycleApi.receipt(action.t.id, { receivedOn: on, note: v.note ?? null });
      message.success(action.kind === 'accept' ? `已接收，${action.t.name}已编入本组织` : '已办理');
      form.resetFields();
      onDone();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open={!!action}
      title={action ? TITLES[action.kind] : ''}
      okText={action?.kind === 'return' ? '退回' : '确定'}
      onOk={() => void submit()}
      confirmLoading={saving}
      onCancel={() => {
        form.resetFields();
        setError(null);
        onClose();
      }}
      destroyOnHidden
    >
      {action && (
        <Typography.Paragraph>
          {action.t.name}（{action.t.idNumber}），{action.t.fromOrg?.name ?? action.t.externalOrg} →{' '}
          {action.t.toOrg?.name ?? action.t.externalOrg}
        </Typography.Paragraph>
      )}
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical" initialValues={{ on: dayjs() }}>
        <Form.Item
          name="on"
          label={
            action?.kind === 'accept'
              ? '接收日期'
              : action?.kind === 'receipt'
                ? '回执所载接收日期'
                : '退回日期'
          }
          rules={[{ required: true, message: '请选择日期' }]}
        >
          <DatePicker format={DATE_FORMAT} disabledDate={notFuture} style={{ width: '100%' }} />
        </Form.Item>
        {action?.kind === 'return' ? (
          <Form.Item
            name="reason"
            label="退回原因"
            rules={[{ required: true, whitespace: true, message: '请填写退回原因' }]}
          >
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        ) : (
          <Form.Item name="note" label="备注">
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
