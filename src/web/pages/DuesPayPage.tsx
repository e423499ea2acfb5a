/**
 * `/orgs/:code/dues/pay?month=`: 记录党费 on a phone (issue 12, decision 0022). A branch secretary ticks the members
 * who paid — each pre-filled with what the month (or the months paid ahead, up to a quarter) still owes by the
 * computed amount — changes an amount for a partial or larger payment, and saves them all at once (one day, one
 * way; all or nothing on the server). A bad amount is named on its row in Chinese; a refusal from the server names
 * the member; nothing typed is lost. Afterwards the branch's arrears before and after.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Collapse,
  DatePicker,
  Empty,
  Input,
  Result,
  Segmented,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { ArrowLeftOutlined, CheckOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import type { DuesMemberLine } from '../../shared/dues.js';
import { ApiError, api, errorMessage } from '../api/client.js';
import { duesApi, type DuesBatchResult } from '../api/dues.js';
import { useRequest } from '../api/hooks.js';
import { NoPermission } from '../auth/RequireAuth.js';
import { useCan } from '../auth/context.js';
import { PageError, PageSkeleton } from '../components/PageState.js';
import { DATE_FORMAT, fromIso, notFuture, toIso, today } from '../lib/format.js';
import {
  FLAG_SHORT,
  METHOD_OPTIONS,
  addMonthsTo,
  categoryLabel,
  flagColor,
  fromMonth,
  money,
  monthLabel,
  notFutureMonth,
  parseAmount,
  stateZh,
  thisMonth,
  toMonth,
} from '../lib/dues.js';

interface Row {
  on: boolean;
  amount: string;
}

/** What a member still owes for `n` months from the month shown, by the month's computed amount. */
function owed(m: DuesMemberLine, n: number): number {
  if (m.due === null) return 0;
  return Math.max(0, m.due * n - m.paid);
}

export default function DuesPayPage() {
  const { code = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const navigate = useNavigate();
  const q = search.get('month');
  const month = q && /^\d{4}-(0[1-9]|1[0-2])$/.test(q) && q <= thisMonth() ? q : thisMonth();
  const org = useRequest((s) => api.org(code, s), [code]);
  const mayWrite = useCan('dues.write', org.data ?? null);
  const status = useRequest((s) => duesApi.status(code, month, s), [code, month]);
  const [months, setMonths] = useState(1);
  const [paidOn, setPaidOn] = useState<string>(today());
  const [method, setMethod] = useState('cash');
  const [rows, setRows] = useState<Record<number, Row>>({});
  const [errors, setErrors] = useState<Record<number, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ result: DuesBatchResult; before: number; count: number } | null>(null);
  const errorRef = useRef<HTMLDivElement>(null);

  // a new month or number of months: the pre-filled amounts follow (ticks stay)
  useEffect(() => {
    if (!status.data) return;
    setRows((prev) => {
      const next: Record<number, Row> = {};
      for (const m of status.data!.members) {
        const fen = owed(m, months);
        next[m.id] = { on: prev[m.id]?.on ?? false, amount: fen ? (fen / 100).toFixed(2) : '' };
      }
      return next;
    });
    setErrors({});
  }, [status.data, months]);

  const groups = useMemo(() => {
    const all = (status.data?.members ?? []).filter((m) => m.state !== 'not_owed');
    return {
      owing: all.filter((m) => m.state === 'unpaid' || m.state === 'partial'),
      done: all.filter((m) => m.state === 'paid' || m.state === 'nothing_due'),
      unknown: all.filter((m) => m.state === 'unknown'),
    };
  }, [status.data]);

  if (org.error) return <PageError error={org.error} onRetry={org.reload} />;
  if (!org.data || (!status.data && !status.error)) return <PageSkeleton rows={10} />;
  if (!mayWrite) return <NoPermission message="您的账号不能为该组织记录党费。" />;
  if (status.error) return <PageError error={status.error} onRetry={status.reload} />;
  const o = org.data;
  const s = status.data!;
  const back = `/orgs/${encodeURIComponent(o.code)}?tab=dues&month=${month}`;
  // members paid ahead for the following months too: the later months are owed only where the member owes them
  const payable = [...groups.owing, ...(months > 1 ? groups.done : [])];
  const chosen = payable.filter((m) => rows[m.id]?.on);
  const total = chosen.reduce((sum, m) => {
    const a = parseAmount(rows[m.id]?.amount ?? '');
    return 'fen' in a ? sum + a.fen : sum;
  }, 0);

  const set = (id: number, patch: Partial<Row>) => {
    setRows((r) => ({ ...r, [id]: { ...(r[id] ?? { on: false, amount: '' }), ...patch } }));
    setErrors((e) => {
      if (!(id in e)) return e;
      const { [id]: _gone, ...rest } = e;
      return rest;
    });
  };

  const submit = async () => {
    setFailure(null);
    const problems: Record<number, string> = {};
    const items: { memberId: number; amountFen: number }[] = [];
    for (const m of chosen) {
      const a = parseAmount(rows[m.id]?.amount ?? '');
      if ('error' in a) problems[m.id] = a.error;
      else if (a.fen === 0) problems[m.id] = '金额不能为0（未交的请不要勾选）';
      else items.push({ memberId: m.id, amountFen: a.fen });
    }
    setErrors(problems);
    if (Object.keys(problems).length) {
      setFailure(`有 ${Object.keys(problems).length} 名党员的金额需要更正，请看标红的行。`);
      errorRef.current?.scrollIntoView({ block: 'center' });
      return;
    }
    setBusy(true);
    try {
      const result = await duesApi.recordBatch(o.code, {
        fromMonth: month,
        toMonth: addMonthsTo(month, months - 1),
        paidOn,
        method: method as never,
        items,
      });
      setDone({ result, before: s.totals.arrears, count: items.length });
      setRows({});
      status.reload();
    } catch (e) {
      // the server names the member it refused (all or nothing: nothing was written)
      if (e instanceof ApiError && Array.isArray(e.details)) {
        const rowErrors: Record<number, string> = {};
        for (const d of e.details as { field?: string; message?: string }[]) {
          const id = /^items\.(\d+)$/.exec(d.field ?? '')?.[1];
          if (id) rowErrors[Number(id)] = d.message ?? errorMessage(e);
        }
        setErrors(rowErrors);
      }
      setFailure(`没有保存：${errorMessage(e)}。已填写的内容都还在，更正后再保存。`);
      errorRef.current?.scrollIntoView({ block: 'center' });
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    const after = status.data && !status.loading ? status.data.totals.arrears : null;
    return (
      <Card variant="borderless" className="jc-pay-done">
        <Result
          status="success"
          title={`已记录 ${done.result.created} 笔党费`}
          subTitle={
            <Space orientation="vertical" size={4}>
              <span>
                {o.name} · {monthLabel(month)}
                {done.result.duplicates ? `（${done.result.duplicates} 笔此前已记录，未重复记录）` : ''}
              </span>
              <span aria-label="欠交变化">
                全支部累计欠交：{money(done.before)} → {after === null ? '…' : money(after)}
              </span>
            </Space>
          }
          extra={[
            <Button key="back" type="primary" onClick={() => navigate(back)}>
              查看本月党费
            </Button>,
            <Button key="more" onClick={() => setDone(null)}>
              继续记录
            </Button>,
          ]}
        />
        {done.result.warnings.length > 0 && (
          <Alert
            type="warning"
            showIcon
            title="已记录，以下情况请核实"
            description={
              <ul className="jc-plain-list">
                {done.result.warnings.map((w, i) => (
                  <li key={i}>
                    {w.name}：{w.message}
                  </li>
                ))}
              </ul>
            }
          />
        )}
      </Card>
    );
  }

  const line = (m: DuesMemberLine, selectable: boolean) => {
    const r = rows[m.id] ?? { on: false, amount: '' };
    const err = errors[m.id];
    return (
      <li key={m.id} className={`jc-pay-row${r.on ? ' is-on' : ''}${err ? ' is-error' : ''}`}>
        <Checkbox
          className="jc-pay-check"
          checked={r.on}
          disabled={!selectable}
          onChange={(e) => set(m.id, { on: e.target.checked })}
          aria-label={`${m.name}已交`}
        >
          <span className="jc-pay-name">{m.name}</span>
          <span className="jc-pay-meta">
            {categoryLabel(m.category)} · 应交{money(m.due)}
            {m.paid > 0 ? ` · 已交${money(m.paid)}` : ''}
          </span>
          <span className="jc-pay-tags">
            <Tag color={stateZh(m.state).color}>{stateZh(m.state).zh}</Tag>
            {m.arrearsMonths > 0 && <Tag>欠{m.arrearsMonths}个月</Tag>}
            {m.flag && <Tag color={flagColor(m.flag)}>{FLAG_SHORT[m.flag]}</Tag>}
          </span>
        </Checkbox>
        {r.on && (
          <div className="jc-pay-amount">
            <Input
              inputMode="decimal"
              prefix="¥"
              value={r.amount}
              status={err ? 'error' : undefined}
              aria-label={`${m.name}交纳金额（元）`}
              onChange={(e) => set(m.id, { amount: e.target.value })}
            />
            {err && (
              <div className="jc-pay-error" role="alert">
                {err}
              </div>
            )}
          </div>
        )}
      </li>
    );
  };

  const allOwingOn = groups.owing.length > 0 && groups.owing.every((m) => rows[m.id]?.on);

  return (
    <div className="jc-pay">
      <div className="jc-page-head">
        <Link to={back} className="jc-muted">
          <ArrowLeftOutlined aria-hidden /> {o.name}
        </Link>
        <Typography.Title level={3} className="jc-page-title">
          记录党费
        </Typography.Title>
      </div>
      <Card variant="borderless" size="small" className="jc-pay-settings">
        <div className="jc-field-row">
          <label className="jc-field">
            <span className="jc-field-label">所交月份</span>
            <DatePicker
              picker="month"
              allowClear={false}
              format="YYYY年M月"
              value={fromMonth(month)}
              disabledDate={notFutureMonth}
              onChange={(d: Dayjs | null) =>
                setSearch({ month: toMonth(d) ?? thisMonth() }, { replace: true })
              }
              aria-label="所交月份"
            />
          </label>
          <div className="jc-field jc-field-months">
            <span className="jc-field-label">交几个月</span>
            <Segmented
              value={months}
              onChange={(v) => setMonths(Number(v))}
              options={[
                { value: 1, label: '1个月' },
                { value: 2, label: '2个月' },
                { value: 3, label: '一季度' },
              ]}
              aria-label="交几个月"
            />
          </div>
          <label className="jc-field">
            <span className="jc-field-label">缴纳日期</span>
            <DatePicker
              allowClear={false}
              format={DATE_FORMAT}
              value={fromIso(paidOn)}
              disabledDate={notFuture}
              onChange={(d: Dayjs | null) => setPaidOn(toIso(d) ?? today())}
              aria-label="缴纳日期"
            />
          </label>
          <label className="jc-field">
            <span className="jc-field-label">缴纳方式</span>
            <Select value={method} onChange={setMethod} options={METHOD_OPTIONS} aria-label="缴纳方式" />
          </label>
        </div>
        {months > 1 && (
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            按季度预交须经支部同意；记录{monthLabel(month)}至{monthLabel(addMonthsTo(month, months - 1))}
            ，金额按本月应交预填。
          </Typography.Text>
        )}
      </Card>

      <div ref={errorRef}>
        {failure && <Alert type="error" showIcon title={failure} style={{ margin: '12px 0' }} />}
      </div>

      <Card
        variant="borderless"
        size="small"
        style={{ marginTop: 12 }}
        title={`${monthLabel(month)}未交清（${groups.owing.length}人）`}
        extra={
          groups.owing.length > 0 && (
            <Button
              size="small"
              icon={<CheckOutlined aria-hidden />}
              onClick={() => groups.owing.forEach((m) => set(m.id, { on: !allOwingOn }))}
            >
              {allOwingOn ? '全不选' : '全选'}
            </Button>
          )
        }
      >
        {groups.owing.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={`${monthLabel(month)}的党费都已交清`} />
        ) : (
          <ul className="jc-pay-list" aria-label="未交清的党员">
            {groups.owing.map((m) => line(m, true))}
          </ul>
        )}
      </Card>

      {(groups.done.length > 0 || groups.unknown.length > 0) && (
        <Collapse
          style={{ marginTop: 12 }}
          items={[
            ...(groups.done.length
              ? [
                  {
                    key: 'done',
                    label: `已交清（${groups.done.length}人）${months > 1 ? '：可预交以后月份' : ''}`,
                    children: <ul className="jc-pay-list">{groups.done.map((m) => line(m, months > 1))}</ul>,
                  },
                ]
              : []),
            ...(groups.unknown.length
              ? [
                  {
                    key: 'unknown',
                    label: `未核定基数（${groups.unknown.length}人）`,
                    children: (
                      <>
                        <Typography.Paragraph type="secondary">
                          应交金额未知，请先在党员的“党费”页核定基数，再记录缴费。
                        </Typography.Paragraph>
                        <ul className="jc-plain-list">
                          {groups.unknown.map((m) => (
                            <li key={m.id}>
                              <Link to={`/members/${m.id}?tab=dues`}>{m.name}</Link>
                            </li>
                          ))}
                        </ul>
                      </>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}

      <div className="jc-pay-bar">
        <span>
          已选 <b>{chosen.length}</b> 人 · 合计 <b>{money(total)}</b>
        </span>
        <Button
          type="primary"
          size="large"
          loading={busy}
          disabled={chosen.length === 0}
          onClick={() => void submit()}
        >
          保存
        </Button>
      </div>
    </div>
  );
}
