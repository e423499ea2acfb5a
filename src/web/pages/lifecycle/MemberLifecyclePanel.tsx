/**
 * The member page's 转接与党籍 tab (decision 0026): today's flags, the member's transfers, flow-out registrations,
 * lost-contact records and status decisions, and the forms that start a transfer, register a flow-out or a
 * return, record a contact, mark lost contact or its end, and enter a status decision with its deciding and
 * approving orgs (the only way a status is changed by hand).
 */
import { useRef, useState } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import {
  Alert,
  App,
  Button,
  Checkbox,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import type { MemberDetail } from '../../../shared/schemas.js';
import {
  DECIDING_BODIES,
  DECISION_GROUNDS,
  DECISION_KINDS,
  TRANSFER_KINDS,
  type MemberLifecycle,
} from '../../../shared/lifecycle.js';
import { labelOf } from '../../../shared/codes.js';
import { errorMessage } from '../../api/client.js';
import { useRequest } from '../../api/hooks.js';
import { lifecycleApi } from '../../api/lifecycle.js';
import { DATE_FORMAT, notFuture, toIso, today, zhDate } from '../../lib/format.js';
import { FlagTags, StatusTag } from './OrgTransfers.js';

type Dialog = 'transfer' | 'mobile' | 'mobileEnd' | 'contact' | 'lost' | 'lostEnd' | 'decision' | null;

const TITLES: Record<Exclude<Dialog, null>, string> = {
  transfer: '发起组织关系转接',
  mobile: '流动党员外出登记',
  mobileEnd: '登记返回',
  contact: '记录联系',
  lost: '登记失联',
  lostEnd: '恢复联系',
  decision: '党籍处置决定',
};

/** Which decisions a member in a status may get (the server has the final word). */
const DECISIONS_BY_STATUS: Record<string, string[]> = {
  full: ['suspend', 'strike_off', 'persuade_out', 'withdraw', 'expel', 'decease'],
  probationary: ['strike_off', 'persuade_out', 'withdraw', 'expel', 'decease'],
  suspended: ['reinstate', 'strike_off', 'withdraw', 'expel', 'decease'],
};

export function MemberLifecyclePanel({
  m,
  mayWrite,
  onChanged,
}: {
  m: MemberDetail;
  mayWrite: boolean;
  onChanged: () => void;
}) {
  const data = useRequest((s) => lifecycleApi.member(m.id, s), [m.id, m.rowVersion]);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [answer, setAnswer] = useState<{ id: number; approve: boolean } | null>(null);
  const d = data.data;
  if (data.error) return <Alert type="error" showIcon title={errorMessage(data.error)} />;
  if (!d) return null;
  const current = m.status === 'full' || m.status === 'probationary' || m.status === 'suspended';
  const onRoster = m.status === 'full' || m.status === 'probationary';
  const openTransfer = d.transfers.some(
    (t) => t.status === 'pending' || t.status === 'in_transit' || t.status === 'overdue',
  );
  const openMobile = d.mobile.some((r) => r.endedOn === null);
  const openLost = d.lostContact.some((l) => l.foundOn === null);
  return (
    <div className="jc-lifecycle">
      {d.flags.length > 0 && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={<FlagTags flags={d.flags} />} />
      )}
      {mayWrite && current && (
        <div className="jc-toolbar" role="toolbar" aria-label="转接与党籍操作" style={{ marginBottom: 12 }}>
          {onRoster && !openTransfer && <Button onClick={() => setDialog('transfer')}>发起转接</Button>}
          {!openMobile ? (
            <Button onClick={() => setDialog('mobile')}>外出登记</Button>
          ) : (
            <>
              <Button onClick={() => setDialog('contact')}>记录联系</Button>
              <Button onClick={() => setDialog('mobileEnd')}>登记返回</Button>
            </>
          )}
          {!openLost ? (
            <Button onClick={() => setDialog('lost')}>登记失联</Button>
          ) : (
            <Button onClick={() => setDialog('lostEnd')}>恢复联系</Button>
          )}
          <Button danger onClick={() => setDialog('decision')}>
            党籍处置
          </Button>
        </div>
      )}

      <Typography.Title level={5}>组织关系转接</Typography.Title>
      {d.transfers.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有转接记录" />
      ) : (
        <ul className="jc-vote-list">
          {d.transfers.map((t) => (
            <li key={t.id}>
              {zhDate(t.issuedOn)} · {labelOf(TRANSFER_KINDS, t.kind)} · {t.fromOrg?.name ?? t.externalOrg} →{' '}
              {t.toOrg?.name ?? t.externalOrg} <StatusTag status={t.status} />
              {t.reason ? <span className="jc-muted">退回原因：{t.reason}</span> : null}
            </li>
          ))}
        </ul>
      )}

      <Typography.Title level={5} style={{ marginTop: 16 }}>
        外出与联系
      </Typography.Title>
      {d.mobile.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有外出登记" />
      ) : (
        <ul className="jc-vote-list">
          {d.mobile.map((r) => (
            <li key={r.id}>
              {zhDate(r.since)}
              {r.endedOn ? ` 至 ${zhDate(r.endedOn)}` : ' 起'} · {r.place}
              {r.abroad ? '（国（境）外）' : r.fixedPlace ? '（地点固定）' : ''}
              {r.hostOrg ? ` · 流入地党组织：${r.hostOrg}` : ''}
              {r.contact ? ` · ${r.contact}` : ''}
            </li>
          ))}
          {d.contacts.slice(0, 5).map((c) => (
            <li key={`c${c.id}`} className="jc-muted">
              {zhDate(c.contactedOn)} 联系{c.note ? `：${c.note}` : ''}
            </li>
          ))}
        </ul>
      )}

      <Typography.Title level={5} style={{ marginTop: 16 }}>
        失联登记
      </Typography.Title>
      {d.lostContact.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有失联登记" />
      ) : (
        <ul className="jc-vote-list">
          {d.lostContact.map((l) => (
            <li key={l.id}>
              {zhDate(l.since)} 起失联{l.foundOn ? `，${zhDate(l.foundOn)} 恢复联系` : ''}
              {l.note ? <span className="jc-muted"> · {l.note}</span> : null}
            </li>
          ))}
        </ul>
      )}

      <Typography.Title level={5} style={{ marginTop: 16 }}>
        党籍处置决定
      </Typography.Title>
      {d.decisions.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有党籍处置决定" />
      ) : (
        d.decisions.map((x) => (
          <Descriptions
            key={x.id}
            bordered
            size="small"
            column={{ xs: 1, sm: 2 }}
            style={{ marginBottom: 8 }}
            items={[
              {
                key: 'k',
                label: '决定',
                children: (
                  <Space size={4} wrap>
                    {labelOf(DECISION_KINDS, x.kind)}
                    {x.state === 'pending' ? <Tag color="orange">待上级批准（党籍状态未变）</Tag> : null}
                    {x.state === 'refused' ? <Tag>未批准</Tag> : null}
                  </Space>
                ),
              },
              {
                key: 'e',
                label: '生效日期',
                children:
                  x.state === 'pending'
                    ? '批准之日起生效'
                    : x.state === 'refused'
                      ? `${zhDate(x.refusedOn)}不批准：${x.refusalReason ?? ''}`
                      : zhDate(x.effectiveOn),
              },
              {
                key: 'd',
                label: '作出决定',
                children: `${x.decidingOrgName ?? ''}${labelOf(DECIDING_BODIES, x.decidingBody)}（${zhDate(x.decidedOn)}）`,
              },
              {
                key: 'a',
                label: '批准（备案）',
                children: x.approvingOrgName ? `${x.approvingOrgName}（${zhDate(x.approvedOn)}）` : '—',
              },
              { key: 'g', label: '事由', children: x.grounds ? labelOf(DECISION_GROUNDS, x.grounds) : '—' },
              { key: 'n', label: '文号', children: x.documentNo ?? '—' },
              ...(x.answeredByName ? [{ key: 'w', label: '办理人', children: x.answeredByName }] : []),
              ...(x.mayAnswer
                ? [
                    {
                      key: 'x',
                      label: '批准',
                      children: (
                        <Space size={4}>
                          <Button
                            size="small"
                            type="primary"
                            onClick={() => setAnswer({ id: x.id, approve: true })}
                          >
                            批准
                          </Button>
                          <Button size="small" onClick={() => setAnswer({ id: x.id, approve: false })}>
                            不批准
                          </Button>
                        </Space>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        ))
      )}
      <AnswerDialog
        answer={answer}
        onClose={() => setAnswer(null)}
        onDone={(next) => {
          setAnswer(null);
          data.setData(next);
          onChanged();
        }}
      />

      <LifecycleDialog
        dialog={dialog}
        m={m}
        d={d}
        onClose={() => setDialog(null)}
        onDone={(next) => {
          setDialog(null);
          if (next) data.setData(next);
          else data.reload();
          onChanged();
        }}
      />
    </div>
  );
}

/** The approving org approves or refuses a pending decision (decision 0034). */
function AnswerDialog({
  answer,
  onClose,
  onDone,
}: {
  answer: { id: number; approve: boolean } | null;
  onClose: () => void;
  onDone: (next: MemberLifecycle) => void;
}) {
  const [form] = Form.useForm<{ on?: Dayjs; documentNo?: string; reason?: string }>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    if (!answer) return;
    const v = await form.validateFields();
    setSaving(true);
    setError(null);
    try {
      const on = toIso(v.on) ?? today();
      const next = answer.approve
        ? await lifecycleApi.approveDecision(answer.id, { approvedOn: on, documentNo: v.documentNo ?? null })
        : await lifecycleApi.refuseDecision(answer.id, { refusedOn: on, reason: v.reason ?? '' });
      form.resetFields();
      onDone(next);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open={!!answer}
      title={answer?.approve ? '批准党籍处置决定' : '不批准党籍处置决定'}
      okText={answer?.approve ? '批准' : '不批准'}
      onOk={() => void submit()}
      confirmLoading={saving}
      onCancel={() => {
        form.resetFields();
        setError(null);
        onClose();
      }}
      destroyOnHidden
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical" initialValues={{ on: dayjs() }}>
        <Form.Item
          name="on"
          label={answer?.approve ? '批准日期（党籍状态自该日改变）' : '日期'}
          rules={[{ required: true, message: '请选择日期' }]}
        >
          <DatePicker format={DATE_FORMAT} disabledDate={notFuture} style={{ width: '100%' }} />
        </Form.Item>
        {answer?.approve ? (
          <Form.Item name="documentNo" label="批准文号">
            <Input maxLength={60} />
          </Form.Item>
        ) : (
          <Form.Item
            name="reason"
            label="不批准的理由"
            rules={[{ required: true, whitespace: true, message: '请填写不批准的理由' }]}
          >
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

interface Values {
  kind?: string;
  toOrgCode?: string;
  externalOrg?: string;
  letterNo?: string;
  on?: Dayjs | null;
  place?: string;
  fixedPlace?: boolean;
  abroad?: boolean;
  contact?: string;
  hostOrgCode?: string;
  hostOrgName?: string;
  note?: string;
  decision?: string;
  grounds?: string;
  decidingOrgCode?: string;
  decidingBody?: string;
  approvingOrgCode?: string;
  approvedOn?: Dayjs | null;
  documentNo?: string;
  reason?: string;
}

function LifecycleDialog({
  dialog,
  m,
  d,
  onClose,
  onDone,
}: {
  dialog: Dialog;
  m: MemberDetail;
  d: MemberLifecycle;
  onClose: () => void;
  onDone: (next: MemberLifecycle | null) => void;
}) {
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [dest, setDest] = useState<{ value: string; label: string }[]>([]);
  const { message } = App.useApp();
  const kind = Form.useWatch('kind', form) ?? 'internal';
  const decision = Form.useWatch('decision', form);
  // answers to earlier keystrokes that arrive late are dropped
  const latest = useRef(0);
  const search = async (q: string) => {
    if (!q.trim()) return;
    const n = ++latest.current;
    try {
      const r = await lifecycleApi.destinations(q);
      if (n === latest.current) setDest(r.map((o) => ({ value: o.code, label: `${o.name}（${o.code}）` })));
    } catch {
      if (n === latest.current) setDest([]);
    }
  };
  const submit = async () => {
    if (!dialog) return;
    const v = await form.validateFields();
    setSaving(true);
    setError(null);
    const on = toIso(v.on) ?? today();
    try {
      let next: MemberLifecycle | null = null;
      if (dialog === 'transfer') {
        await lifecycleApi.start(m.id, {
          kind: v.kind === 'outgoing' ? 'outgoing' : 'internal',
          toOrgCode: v.kind === 'outgoing' ? null : (v.toOrgCode ?? null),
          externalOrg: v.kind === 'outgoing' ? (v.externalOrg ?? null) : null,
          letterNo: v.letterNo ?? null,
          issuedOn: on,
          note: v.note ?? null,
        });
        message.success('已发起转接，等待接收方办理');
      } else if (dialog === 'mobile')
        next = await lifecycleApi.registerMobile(m.id, {
          since: on,
          place: v.place ?? '',
          fixedPlace: !!v.fixedPlace,
          abroad: !!v.abroad,
          contact: v.contact ?? null,
          hostOrgCode: v.hostOrgCode ?? null,
          hostOrgName: v.hostOrgName ?? null,
          note: v.note ?? null,
        });
      else if (dialog === 'mobileEnd')
        next = await lifecycleApi.endMobile(m.id, { on, note: v.note ?? null });
      else if (dialog === 'contact')
        next = await lifecycleApi.contact(m.id, { contactedOn: on, note: v.note ?? null });
      else if (dialog === 'lost')
        next = await lifecycleApi.markLost(m.id, { since: on, note: v.note ?? null });
      else if (dialog === 'lostEnd') next = await lifecycleApi.endLost(m.id, { on, note: v.note ?? null });
      else {
        next = await lifecycleApi.decide(m.id, {
          kind: v.decision as 'suspend',
          grounds: (v.grounds as 'other' | undefined) ?? null,
          decidingOrgCode: v.decidingOrgCode ?? '',
          decidingBody: (v.decidingBody as 'general_meeting' | undefined) ?? 'general_meeting',
          decidedOn: on,
          approvingOrgCode: v.approvingOrgCode ?? null,
          approvedOn: toIso(v.approvedOn),
          documentNo: v.documentNo ?? null,
          reason: v.reason ?? null,
        });
        message.success('已登记党籍处置决定');
      }
      form.resetFields();
      onDone(next);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  const dateLabel =
    dialog === 'transfer'
      ? '介绍信开具日期'
      : dialog === 'mobile'
        ? '外出日期'
        : dialog === 'mobileEnd'
          ? '返回日期'
          : dialog === 'contact'
            ? '联系日期'
            : dialog === 'lost'
              ? '失联日期'
              : dialog === 'lostEnd'
                ? '恢复联系日期'
                : '决定日期';
  const orgOptions = d.decidingOrgs.map((o) => ({ value: o.code, label: o.name }));
  return (
    <Modal
      open={!!dialog}
      title={dialog ? `${TITLES[dialog]} · ${m.name}` : ''}
      okText="保存"
      onOk={() => void submit()}
      confirmLoading={saving}
      onCancel={() => {
        form.resetFields();
        setError(null);
        onClose();
      }}
      destroyOnHidden
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          kind: 'internal',
          on: dayjs(),
          decidingOrgCode: m.orgCode,
          decidingBody: 'general_meeting',
          decision: (DECISIONS_BY_STATUS[m.status] ?? [])[0],
        }}
      >
        {dialog === 'transfer' && (
          <>
            <Form.Item name="kind" label="转往">
              <Radio.Group
                options={[
                  { value: 'internal', label: '本县其他党组织' },
                  { value: 'outgoing', label: '县外（开具介绍信）' },
                ]}
              />
            </Form.Item>
            {kind === 'internal' ? (
              <Form.Item
                name="toOrgCode"
                label="接收的党组织"
                rules={[{ required: true, message: '请选择接收的党组织' }]}
              >
                <Select
                  showSearch
                  filterOption={false}
                  onSearch={(q) => void search(q)}
                  options={dest}
                  placeholder="输入组织名称或编码查找"
                  notFoundContent={null}
                />
              </Form.Item>
            ) : (
              <Form.Item
                name="externalOrg"
                label="介绍信抬头（转往的党组织）"
                rules={[{ required: true, whitespace: true, message: '请填写转往的党组织' }]}
              >
                <Input maxLength={100} />
              </Form.Item>
            )}
            <Form.Item name="letterNo" label="介绍信编号">
              <Input maxLength={40} />
            </Form.Item>
          </>
        )}
        {dialog === 'decision' && (
          <>
            <Form.Item name="decision" label="决定" rules={[{ required: true, message: '请选择' }]}>
              <Select
                options={(DECISIONS_BY_STATUS[m.status] ?? []).map((k) => ({
                  value: k,
                  label: labelOf(DECISION_KINDS, k),
                }))}
              />
            </Form.Item>
            {decision !== 'decease' && (
              <Form.Item name="grounds" label="事由">
                <Select allowClear options={DECISION_GROUNDS.map((g) => ({ value: g.code, label: g.zh }))} />
              </Form.Item>
            )}
            <Form.Item
              name="decidingOrgCode"
              label="作出决定的党组织"
              rules={[{ required: true, message: '请选择' }]}
            >
              <Select options={orgOptions} />
            </Form.Item>
            <Form.Item name="decidingBody" label="决定机构">
              <Select options={DECIDING_BODIES.map((b) => ({ value: b.code, label: b.zh }))} />
            </Form.Item>
          </>
        )}
        <Form.Item name="on" label={dateLabel} rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker format={DATE_FORMAT} disabledDate={notFuture} style={{ width: '100%' }} />
        </Form.Item>
        {dialog === 'decision' && decision !== 'decease' && (
          <>
            <Form.Item
              name="approvingOrgCode"
              label={decision === 'withdraw' ? '备案的上级党组织' : '批准的上级党组织'}
            >
              <Select allowClear options={orgOptions} />
            </Form.Item>
            <Form.Item
              name="approvedOn"
              label={decision === 'withdraw' ? '备案日期' : '批准日期'}
              extra={
                decision === 'withdraw' || decision === 'decease'
                  ? undefined
                  : '尚未批准的可不填：决定将等待上级党组织批准，批准前党籍状态不变'
              }
            >
              <DatePicker format={DATE_FORMAT} disabledDate={notFuture} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="documentNo" label="文号">
              <Input maxLength={60} />
            </Form.Item>
            <Form.Item name="reason" label="情况说明">
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              停止党籍、除名、劝退等须由党组织研究决定并报上级党组织批准，退党报上级党组织备案；系统只登记已作出的决定。
            </Typography.Paragraph>
          </>
        )}
        {dialog === 'mobile' && (
          <>
            <Form.Item
              name="place"
              label="外出地点"
              rules={[{ required: true, whitespace: true, message: '请填写外出地点' }]}
            >
              <Input maxLength={200} placeholder="如：浙江省杭州市某区（务工）" />
            </Form.Item>
            <Space>
              <Form.Item name="fixedPlace" valuePropName="checked">
                <Checkbox>地点相对固定</Checkbox>
              </Form.Item>
              <Form.Item name="abroad" valuePropName="checked">
                <Checkbox>国（境）外</Checkbox>
              </Form.Item>
            </Space>
            <Form.Item name="contact" label="联系方式">
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item name="hostOrgCode" label="流入地党组织（本县内）">
              <Select
                allowClear
                showSearch
                filterOption={false}
                onSearch={(q) => void search(q)}
                options={dest}
                placeholder="输入组织名称或编码查找"
                notFoundContent={null}
              />
            </Form.Item>
            <Form.Item name="hostOrgName" label="流入地党组织（县外，如已知）">
              <Input maxLength={100} />
            </Form.Item>
          </>
        )}
        {dialog !== 'decision' && (
          <Form.Item name="note" label="备注">
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
