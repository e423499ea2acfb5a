/**
 * A member's 党费 (issue 12, decisions 0020 and 0022): their basis (category, monthly base, from which month),
 * what is due each month and what they paid, their arrears and flag — what a member sees of their own dues on a
 * phone. An account that may record dues for the member (`dues.write`) also changes the basis (effective-dated),
 * records an approved 少交 / 免交 with the approving org and day, a single payment (make-up, quarterly prepayment,
 * 代交, voluntary extra), and deletes a record entered by mistake. Money in fen from the API, yuan on screen.
 */
import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Radio,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined, WalletOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import type { MemberDues } from '../../../shared/dues.js';
import { errorMessage } from '../../api/client.js';
import { duesApi } from '../../api/dues.js';
import { useRequest } from '../../api/hooks.js';
import { ResponsiveTable } from '../../components/ResponsiveTable.js';
import { VerificationTag } from '../../components/VerificationTag.js';
import { DATE_FORMAT, fromIso, notFuture, toIso, today, zhDate } from '../../lib/format.js';
import {
  BASE_CATEGORIES,
  CATEGORY_OPTIONS,
  FLAG_ZH,
  METHOD_OPTIONS,
  addMonthsTo,
  categoryLabel,
  fromMonth,
  methodLabel,
  money,
  monthLabel,
  parseAmount,
  reliefLabel,
  stateZh,
  thisMonth,
  toMonth,
} from '../../lib/dues.js';

type Dialog = 'basis' | 'relief' | 'payment' | null;
type MonthLine = MemberDues['months'][number];
type PaymentLine = MemberDues['payments'][number];

export function DuesTab({ memberId, mayWrite, own }: { memberId: number; mayWrite: boolean; own: boolean }) {
  const { message } = App.useApp();
  const dues = useRequest((s) => duesApi.member(memberId, s), [memberId]);
  const [dialog, setDialog] = useState<Dialog>(null);
  if (dues.error) return <Alert type="error" showIcon title={errorMessage(dues.error)} />;
  const d = dues.data;
  if (!d) return <Typography.Paragraph type="secondary">正在加载…</Typography.Paragraph>;
  const current = d.months.find((m) => m.month === thisMonth());
  const changed = (next: MemberDues, text: string) => {
    dues.setData(next);
    setDialog(null);
    message.success(text);
  };
  const remove = (p: Promise<MemberDues | { deleted: true }>) =>
    p.then(
      (next) => {
        if ('memberId' in next) dues.setData(next);
        else dues.reload();
        message.success('已删除');
      },
      (e: unknown) => message.error(errorMessage(e)),
    );

  return (
    <div className="jc-member-dues">
      {d.flag && (
        <Alert
          type={d.flag === 'six_months' ? 'error' : 'warning'}
          showIcon
          style={{ marginBottom: 12 }}
          title={`${FLAG_ZH[d.flag]}（欠交 ${d.arrearsMonths} 个月，共 ${money(d.arrears)}）`}
          description={
            own
              ? '请尽快向所在党支部交纳党费；如有困难，可向支部申请少交或免交。'
              : d.flag === 'six_months'
                ? '按党章第九条，连续6个月不交纳党费且没有正当理由的，支部应研究处理。系统只提示，不改变党员状态。'
                : '请支部提醒该党员按时交纳。'
          }
        />
      )}
      <div className="jc-dues-cards">
        <div className="jc-dues-card">
          <div className="jc-dues-card-title">本月应交</div>
          <div className="jc-dues-card-value">
            {current ? money(current.due) : d.current ? money(null) : '未核定'}
          </div>
        </div>
        <div className="jc-dues-card">
          <div className="jc-dues-card-title">本月已交</div>
          <div className="jc-dues-card-value">{money(current?.paid ?? 0)}</div>
        </div>
        <div className={`jc-dues-card${d.arrears > 0 ? ' is-warn' : ''}`}>
          <div className="jc-dues-card-title">欠交</div>
          <div className="jc-dues-card-value">
            {d.arrearsMonths > 0 ? `${d.arrearsMonths}个月 ${money(d.arrears)}` : '无'}
          </div>
        </div>
      </div>
      <Descriptions
        size="small"
        style={{ marginTop: 12 }}
        column={{ xs: 1, sm: 2, lg: 3 }}
        items={[
          {
            key: 'cat',
            label: '党员类别',
            children: d.current ? (
              categoryLabel(d.current.category)
            ) : (
              <span className="jc-muted">未核定</span>
            ),
          },
          {
            key: 'base',
            label: '月基数',
            children:
              d.current?.baseFen != null ? money(d.current.baseFen) : <span className="jc-muted">—</span>,
          },
          {
            key: 'from',
            label: '执行起始月份',
            children: d.current ? (
              <Space size={6}>
                {monthLabel(d.current.fromMonth)}
                {d.recheckDue && <Tag color="purple">待重新核定</Tag>}
              </Space>
            ) : (
              '—'
            ),
          },
        ]}
      />
      {mayWrite && (
        <Space wrap style={{ margin: '4px 0 12px' }}>
          <Button type="primary" icon={<WalletOutlined aria-hidden />} onClick={() => setDialog('payment')}>
            记录缴费
          </Button>
          <Button icon={<EditOutlined aria-hidden />} onClick={() => setDialog('basis')}>
            核定基数
          </Button>
          <Button icon={<PlusOutlined aria-hidden />} onClick={() => setDialog('relief')}>
            少交 / 免交
          </Button>
        </Space>
      )}

      <Typography.Title level={5} style={{ marginTop: 8 }}>
        逐月应交与实交
      </Typography.Title>
      <ResponsiveTable<MonthLine>
        rowKey="month"
        size="small"
        dataSource={d.months}
        pagination={d.months.length > 12 ? { pageSize: 12, showSizeChanger: false } : false}
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={own ? '支部还没有录入您的党费记录' : '还没有党费记录（先核定基数）'}
            />
          ),
        }}
        cardTitle={(m) => (
          <Space size={6}>
            {monthLabel(m.month)}
            <Tag color={stateZh(m.status).color}>{stateZh(m.status).zh}</Tag>
          </Space>
        )}
        cardHidden={['month', 'status']}
        columns={[
          { title: '月份', dataIndex: 'month', width: 110, render: (m: string) => monthLabel(m) },
          {
            title: '应交',
            dataIndex: 'due',
            width: 100,
            align: 'right',
            render: (f: number | null) => money(f),
          },
          { title: '已交', dataIndex: 'paid', width: 100, align: 'right', render: (f: number) => money(f) },
          {
            title: '状态',
            dataIndex: 'status',
            width: 100,
            render: (s: string) => <Tag color={stateZh(s).color}>{stateZh(s).zh}</Tag>,
          },
          {
            title: '依据',
            key: 'basis',
            render: (_: unknown, m) =>
              m.category ? (
                <span className="jc-muted">
                  {categoryLabel(m.category)}
                  {m.baseFen !== null ? ` · 基数${money(m.baseFen)}` : ''}
                  {m.rateBp !== null ? ` × ${m.rateBp / 100}%` : ''}
                  {m.relief ? ` · ${reliefLabel(m.relief)}` : ''}
                </span>
              ) : (
                <span className="jc-muted">{m.relief ? reliefLabel(m.relief) : '未核定'}</span>
              ),
          },
        ]}
      />

      <Typography.Title level={5} style={{ marginTop: 16 }}>
        缴费记录
      </Typography.Title>
      <ResponsiveTable<PaymentLine>
        rowKey="id"
        size="small"
        dataSource={d.payments}
        pagination={d.payments.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有缴费记录" /> }}
        cardTitle={(p) => `${zhDate(p.paidOn)} · ${money(p.amountFen + p.voluntaryFen)}`}
        cardHidden={['paidOn']}
        columns={[
          { title: '缴纳日期', dataIndex: 'paidOn', width: 130, render: (s: string) => zhDate(s) },
          {
            title: '所交月份',
            key: 'months',
            width: 170,
            render: (_: unknown, p) =>
              p.fromMonth === p.toMonth
                ? monthLabel(p.fromMonth)
                : `${monthLabel(p.fromMonth)}—${monthLabel(p.toMonth)}`,
          },
          {
            title: '金额',
            dataIndex: 'amountFen',
            width: 100,
            align: 'right',
            render: (f: number) => money(f),
          },
          {
            title: '自愿多交',
            dataIndex: 'voluntaryFen',
            width: 120,
            align: 'right',
            render: (f: number, p) =>
              f ? (
                <span>
                  {money(f)}
                  {p.toCentre && (
                    <Tag color="red" style={{ marginLeft: 4 }}>
                      上缴中央
                    </Tag>
                  )}
                </span>
              ) : (
                <span className="jc-muted">—</span>
              ),
          },
          {
            title: '方式',
            key: 'method',
            width: 140,
            render: (_: unknown, p) => (
              <span>
                {methodLabel(p.method)}
                {p.paidBy ? <span className="jc-muted">（{p.paidBy}代交）</span> : null}
                {p.channel === 'import' ? <span className="jc-muted">（台账导入）</span> : null}
              </span>
            ),
          },
          // the mark of an on-site verification (抽查核实), when any payment has one
          ...(d.payments.some((p) => p.verification)
            ? [
                {
                  title: '抽查核实',
                  key: 'verification',
                  width: 110,
                  render: (_: unknown, p: PaymentLine) =>
                    p.verification ? (
                      <VerificationTag mark={p.verification} short />
                    ) : (
                      <span className="jc-muted">—</span>
                    ),
                },
              ]
            : []),
          ...(mayWrite
            ? [
                {
                  title: '操作',
                  key: 'actions',
                  width: 80,
                  // a payment verified on site is kept with its history (the server refuses it too)
                  render: (_: unknown, p: PaymentLine) =>
                    p.verification ? (
                      <span className="jc-muted">已抽查</span>
                    ) : (
                      <Popconfirm
                        title="删除这笔缴费记录？"
                        description="仅用于更正记错的缴费（操作记录会保留）。"
                        okText="删除"
                        cancelText="取消"
                        okButtonProps={{ danger: true }}
                        onConfirm={() => remove(duesApi.removePayment(p.id))}
                      >
                        <Button type="link" danger size="small" icon={<DeleteOutlined aria-hidden />}>
                          删除
                        </Button>
                      </Popconfirm>
                    ),
                },
              ]
            : []),
        ]}
      />

      <Typography.Title level={5} style={{ marginTop: 16 }}>
        基数核定与少交免交
      </Typography.Title>
      {d.bases.length === 0 && d.reliefs.length === 0 ? (
        <Typography.Paragraph type="secondary">还没有核定党费基数。</Typography.Paragraph>
      ) : (
        <ul className="jc-dues-records">
          {[...d.bases].reverse().map((b) => (
            <li key={`b${b.id}`}>
              <span>
                {monthLabel(b.fromMonth)}起：{categoryLabel(b.category)}
                {b.baseFen !== null ? `，月基数 ${money(b.baseFen)}` : ''}
                {b.note ? <span className="jc-muted">（{b.note}）</span> : null}
              </span>
              {mayWrite && (
                <Popconfirm
                  title="删除这条基数核定？"
                  okText="删除"
                  cancelText="取消"
                  okButtonProps={{ danger: true }}
                  onConfirm={() => remove(duesApi.removeBasis(memberId, b.id))}
                >
                  <Button
                    type="link"
                    danger
                    size="small"
                    aria-label={`删除${monthLabel(b.fromMonth)}的基数核定`}
                  >
                    删除
                  </Button>
                </Popconfirm>
              )}
            </li>
          ))}
          {d.reliefs.map((r) => (
            <li key={`r${r.id}`}>
              <span>
                <Tag color="blue">{reliefLabel(r.kind)}</Tag>
                {monthLabel(r.fromMonth)}至{r.toMonth ? monthLabel(r.toMonth) : '今'}
                {r.monthlyFen !== null ? `，每月 ${money(r.monthlyFen)}` : ''}，{r.approvedBy}
                {zhDate(r.approvedOn)}批准
                {r.reason ? <span className="jc-muted">（{r.reason}）</span> : null}
              </span>
              {mayWrite && (
                <Popconfirm
                  title="删除这条少交免交记录？"
                  okText="删除"
                  cancelText="取消"
                  okButtonProps={{ danger: true }}
                  onConfirm={() => remove(duesApi.removeRelief(memberId, r.id))}
                >
                  <Button type="link" danger size="small" aria-label="删除少交免交记录">
                    删除
                  </Button>
                </Popconfirm>
              )}
            </li>
          ))}
        </ul>
      )}

      {mayWrite && (
        <>
          <BasisModal
            memberId={memberId}
            memberName={d.name}
            open={dialog === 'basis'}
            initial={{ category: d.current?.category ?? null, baseFen: d.current?.baseFen ?? null }}
            onClose={() => setDialog(null)}
            onDone={(next) => changed(next, '已核定党费基数')}
          />
          <ReliefModal
            memberId={memberId}
            open={dialog === 'relief'}
            onClose={() => setDialog(null)}
            onDone={(next) => changed(next, '已记录少交、免交')}
          />
          <PaymentModal
            memberId={memberId}
            dues={d}
            open={dialog === 'payment'}
            onClose={() => setDialog(null)}
            onDone={(warnings) => {
              setDialog(null);
              dues.reload();
              if (warnings.length) message.warning(`已记录。${warnings.join('；')}`, 8);
              else message.success('已记录缴费');
            }}
          />
        </>
      )}
    </div>
  );
}

/** 核定党费基数: category and monthly base in yuan (stored in fen), from a month on (第十条). */
export function BasisModal({
  memberId,
  memberName,
  open,
  initial,
  onClose,
  onDone,
}: {
  memberId: number;
  memberName: string;
  open: boolean;
  initial: { category: string | null; baseFen: number | null };
  onClose: () => void;
  onDone: (next: MemberDues) => void;
}) {
  const [form] = Form.useForm<{ category: string; base?: string; from: Dayjs | null; note?: string }>();
  const category = Form.useWatch('category', form);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const needsBase = BASE_CATEGORIES.includes(category ?? '');
  const submit = async () => {
    const v = await form.validateFields();
    let baseFen: number | null = null;
    if (needsBase) {
      const a = parseAmount(v.base ?? '');
      if ('error' in a) {
        form.setFields([{ name: 'base', errors: [a.error] }]);
        return;
      }
      baseFen = a.fen;
    }
    setBusy(true);
    setError(null);
    try {
      onDone(
        await duesApi.recordBasis(memberId, {
          category: v.category as never,
          baseFen,
          fromMonth: toMonth(v.from) ?? thisMonth(),
          note: v.note || null,
        }),
      );
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={`核定党费基数：${memberName}`}
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
        initialValues={{
          category: initial.category ?? undefined,
          base: initial.baseFen !== null ? (initial.baseFen / 100).toFixed(2) : '',
          from: fromMonth(thisMonth()),
        }}
      >
        <Form.Item name="category" label="党员类别" rules={[{ required: true, message: '请选择党员类别' }]}>
          <Select options={CATEGORY_OPTIONS} placeholder="选择类别" />
        </Form.Item>
        {needsBase && (
          <Form.Item
            name="base"
            label={
              category === 'retired' ? '月基数（元，离退休费总额）' : '月基数（元，税后相对固定的经常性收入）'
            }
            rules={[{ required: true, message: '该类别按基数计算，请填写月基数' }]}
          >
            <Input inputMode="decimal" placeholder="如 4200.00" />
          </Form.Item>
        )}
        <Form.Item
          name="from"
          label="执行起始月份"
          extra="新基数从新收入开始的月份起执行（第十条）；同一月份再次核定即更正。"
          rules={[{ required: true, message: '请选择执行起始月份' }]}
        >
          <DatePicker picker="month" format="YYYY年M月" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="note" label="备注">
          <Input maxLength={200} placeholder="如：2026年度核定" />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}

function ReliefModal({
  memberId,
  open,
  onClose,
  onDone,
}: {
  memberId: number;
  open: boolean;
  onClose: () => void;
  onDone: (next: MemberDues) => void;
}) {
  const [form] = Form.useForm<{
    kind: 'reduced' | 'exempt';
    monthly?: string;
    from: Dayjs | null;
    to: Dayjs | null;
    approvedBy: string;
    approvedOn: Dayjs | null;
    reason?: string;
  }>();
  const kind = Form.useWatch('kind', form);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    const v = await form.validateFields();
    let monthlyFen: number | null = null;
    if (v.kind === 'reduced') {
      const a = parseAmount(v.monthly ?? '');
      if ('error' in a || a.fen === 0) {
        form.setFields([{ name: 'monthly', errors: ['error' in a ? a.error : '少交金额应大于0'] }]);
        return;
      }
      monthlyFen = a.fen;
    }
    const from = toMonth(v.from) ?? thisMonth();
    const to = toMonth(v.to);
    if (to && to < from) {
      form.setFields([{ name: 'to', errors: ['结束月份不能早于开始月份'] }]);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onDone(
        await duesApi.recordRelief(memberId, {
          kind: v.kind,
          monthlyFen,
          fromMonth: from,
          toMonth: to,
          approvedBy: v.approvedBy,
          approvedOn: toIso(v.approvedOn) ?? today(),
          reason: v.reason || null,
        }),
      );
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title="记录经批准的少交、免交"
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
        initialValues={{ kind: 'reduced', from: fromMonth(thisMonth()) }}
      >
        <Form.Item name="kind" label="类型">
          <Radio.Group
            optionType="button"
            options={[
              { value: 'reduced', label: '经批准少交' },
              { value: 'exempt', label: '经批准免交' },
            ]}
          />
        </Form.Item>
        {kind === 'reduced' && (
          <Form.Item
            name="monthly"
            label="批准的每月金额（元）"
            rules={[{ required: true, message: '请填写每月金额' }]}
          >
            <Input inputMode="decimal" placeholder="如 0.20" />
          </Form.Item>
        )}
        <Space.Compact block>
          <Form.Item
            name="from"
            label="自"
            rules={[{ required: true, message: '请选择开始月份' }]}
            style={{ flex: 1 }}
          >
            <DatePicker picker="month" format="YYYY年M月" style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="to" label="至（可空）" style={{ flex: 1 }}>
            <DatePicker picker="month" format="YYYY年M月" style={{ width: '100%' }} placeholder="长期" />
          </Form.Item>
        </Space.Compact>
        <Form.Item
          name="approvedBy"
          label="批准的党组织"
          rules={[{ required: true, message: '请填写批准的党组织' }]}
        >
          <Input maxLength={100} placeholder="如：中共温泉镇委员会" />
        </Form.Item>
        <Form.Item name="approvedOn" label="批准日期" rules={[{ required: true, message: '请选择批准日期' }]}>
          <DatePicker format={DATE_FORMAT} disabledDate={notFuture} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="reason" label="原因">
          <Input maxLength={200} placeholder="如：生活困难、长期患病" />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}

/** One payment of a member: months (make-up or quarterly prepayment), amount, voluntary extra, who paid, how. */
function PaymentModal({
  memberId,
  dues,
  open,
  onClose,
  onDone,
}: {
  memberId: number;
  dues: MemberDues;
  open: boolean;
  onClose: () => void;
  onDone: (warnings: string[]) => void;
}) {
  const [form] = Form.useForm<{
    from: Dayjs | null;
    months: number;
    amount: string;
    voluntary?: string;
    paidOn: Dayjs | null;
    method: string;
    paidBy?: string;
    note?: string;
  }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // the oldest month not fully paid, else this month; pre-filled with what those months still owe
  const owing = [...dues.months].reverse().find((m) => m.status === 'unpaid' || m.status === 'partial');
  const startMonth = owing?.month ?? thisMonth();
  const suggested = (from: string, n: number) => {
    let fen = 0;
    for (let i = 0; i < n; i++) {
      const m = dues.months.find((x) => x.month === addMonthsTo(from, i));
      const due = m?.due ?? dues.months.find((x) => x.month === thisMonth())?.due ?? null;
      if (due === null) return '';
      fen += Math.max(0, due - (m?.paid ?? 0));
    }
    return (fen / 100).toFixed(2);
  };
  const submit = async () => {
    const v = await form.validateFields();
    const amount = parseAmount(v.amount);
    if ('error' in amount) {
      form.setFields([{ name: 'amount', errors: [amount.error] }]);
      return;
    }
    let voluntaryFen = 0;
    if (v.voluntary?.trim()) {
      const vol = parseAmount(v.voluntary);
      if ('error' in vol) {
        form.setFields([{ name: 'voluntary', errors: [vol.error] }]);
        return;
      }
      voluntaryFen = vol.fen;
    }
    const from = toMonth(v.from) ?? thisMonth();
    setBusy(true);
    setError(null);
    try {
      const r = await duesApi.recordPayment(memberId, {
        fromMonth: from,
        toMonth: addMonthsTo(from, v.months - 1),
        amountFen: amount.fen,
        voluntaryFen,
        paidOn: toIso(v.paidOn) ?? today(),
        method: v.method as never,
        paidBy: v.paidBy || null,
        note: v.note || null,
      });
      if (!r.created) setError('这笔缴费已经记录过（同一月份、日期和金额），没有重复记录。');
      else onDone(r.warnings.map((w) => w.message));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={`记录缴费：${dues.name}`}
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
        initialValues={{
          from: fromMonth(startMonth),
          months: 1,
          amount: suggested(startMonth, 1),
          paidOn: fromIso(today()),
          method: 'cash',
        }}
        onValuesChange={(changed: { from?: Dayjs | null; months?: number }, all) => {
          if ('from' in changed || 'months' in changed)
            form.setFieldValue('amount', suggested(toMonth(all.from) ?? thisMonth(), all.months ?? 1));
        }}
      >
        <Space.Compact block>
          <Form.Item
            name="from"
            label="从"
            rules={[{ required: true, message: '请选择月份' }]}
            style={{ flex: 1 }}
          >
            <DatePicker picker="month" format="YYYY年M月" style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="months" label="月数" style={{ flex: 1 }}>
            <Select
              options={[1, 2, 3, 4, 5, 6].map((n) => ({
                value: n,
                label: n === 3 ? '3个月（一季度）' : `${n}个月`,
              }))}
            />
          </Form.Item>
        </Space.Compact>
        <Form.Item
          name="amount"
          label="金额（元）"
          extra="已按应交金额预填；少交、多交照实填写。"
          rules={[{ required: true, message: '请填写金额' }]}
        >
          <Input inputMode="decimal" />
        </Form.Item>
        <Form.Item
          name="voluntary"
          label="自愿多交（元，可空）"
          extra="一次自愿多交1000元以上的，全部上缴中央。"
        >
          <Input inputMode="decimal" />
        </Form.Item>
        <Space.Compact block>
          <Form.Item
            name="paidOn"
            label="缴纳日期"
            rules={[{ required: true, message: '请选择日期' }]}
            style={{ flex: 1 }}
          >
            <DatePicker format={DATE_FORMAT} disabledDate={notFuture} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="method" label="方式" style={{ flex: 1 }}>
            <Select options={METHOD_OPTIONS} />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="paidBy" label="代交人（可空）">
          <Input maxLength={50} placeholder="由亲属或其他党员代交时填写" />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}
