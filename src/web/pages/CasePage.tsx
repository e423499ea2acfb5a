/**
 * `/rectification/:caseId`: 一村一策 (issue 14 item 4, decision 0033). The confirmation it came from; the plan
 * (problems, liaison county leader, pairing unit, first secretary with a 1–3 year term, resident cadres); the
 * measures with responsible person and deadline (overdue ones marked); progress entries; acceptance — the score and
 * votes recorded, the local scheme's suggestion shown, the decision made by people (a decision against the
 * suggestion needs a note); close-out (销号) and the follow-up watch, with a relapse (跟踪期内反弹) shown with the
 * warning's evidence. Township officers plan and follow (`screening.observe`), the county accepts and closes
 * (`screening.decide`).
 */
import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import type { CaseView } from '../../shared/screening.js';
import { judgeAcceptance } from '../../domain/screening/rectification.js';
import { api, errorMessage } from '../api/client.js';
import { screeningApi } from '../api/screening.js';
import { useRequest } from '../api/hooks.js';
import { useCan } from '../auth/context.js';
import { PageError, PageSkeleton } from '../components/PageState.js';
import { ResponsiveTable } from '../components/ResponsiveTable.js';
import { DATE_FORMAT, fromIso, notFuture, toIso, zhDate } from '../lib/format.js';
import { StageTag, TypeTags } from './screening/common.js';

const enc = encodeURIComponent;
type Dialog = 'plan' | 'measure' | 'progress' | 'accept' | 'close' | null;

export default function CasePage() {
  const id = Number(useParams().caseId);
  const res = useRequest((s) => screeningApi.getCase(id, s), [id], Number.isInteger(id));
  const types = useRequest((s) => screeningApi.types(s), []);
  const org = useRequest((s) => api.org(res.data!.orgCode, s), [res.data?.orgCode], !!res.data);
  const mayFollow = useCan('screening.observe', org.data ?? null);
  const mayDecide = useCan('screening.decide', org.data ?? null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const { message } = App.useApp();
  if (res.error) return <PageError error={res.error} onRetry={res.reload} />;
  const c = res.data;
  if (!c || !types.data) return <PageSkeleton />;
  const open = !c.closedOn;
  const done = (next: CaseView, text: string) => {
    res.setData(next);
    setDialog(null);
    message.success(text);
  };
  const markDone = async (measureId: number) => {
    try {
      done(await screeningApi.measureDone(c.id, measureId, dayjs().format(DATE_FORMAT)), '已标记完成');
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const lastAcceptance = c.acceptances.at(-1);
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <div>
        <Typography.Title level={3} style={{ marginBottom: 4 }}>
          一村一策 · {c.orgName}
        </Typography.Title>
        <Space wrap size={8}>
          <StageTag stage={c.stage} />
          <Typography.Text type="secondary">
            {c.year}年度软弱涣散排查 · {zhDate(c.confirmedOn)}认定
          </Typography.Text>
          <Link to={`/orgs/${enc(c.orgCode)}?tab=health`}>健康指标</Link>
          <Link to={`/screening?org=${enc(c.orgCode)}&year=${c.year}&show=all`}>排查情况</Link>
        </Space>
      </div>
      {c.stage === 'relapsed' && (
        <Alert
          type="error"
          showIcon
          title={`跟踪问效期内反弹（${zhDate(c.relapsedOn)}）`}
          description={
            <span>
              {c.relapseNote} <Link to={`/orgs/${enc(c.orgCode)}?tab=health`}>查看预警依据</Link>
            </span>
          }
        />
      )}
      <Card size="small" variant="borderless" title="认定情况">
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2 }}
          items={[
            {
              key: 'types',
              label: '类型',
              children: <TypeTags types={c.types} all={types.data} color="red" />,
            },
            { key: 'on', label: '认定日期', children: zhDate(c.confirmedOn) },
            { key: 'reason', label: '认定理由', span: { xs: 1, md: 2 }, children: c.reason },
          ]}
        />
      </Card>
      <Card
        size="small"
        variant="borderless"
        title="整顿方案"
        extra={
          mayFollow &&
          open && (
            <Button onClick={() => setDialog('plan')} aria-label="编辑整顿方案">
              编辑
            </Button>
          )
        }
      >
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2 }}
          items={[
            { key: 'problems', label: '主要问题', span: { xs: 1, md: 2 }, children: c.problems || '—' },
            { key: 'leader', label: '县级联系领导', children: c.liaisonLeader ?? '—' },
            { key: 'pairing', label: '结对帮扶单位', children: c.pairingUnit ?? '—' },
            {
              key: 'first',
              label: '第一书记',
              children: c.firstSecretary
                ? `${c.firstSecretary}${c.firstSecretaryUnit ? `（${c.firstSecretaryUnit}）` : ''}，任期${zhDate(c.firstSecretaryFrom)}至${zhDate(c.firstSecretaryTo)}`
                : '—',
            },
            {
              key: 'cadres',
              label: '驻村干部',
              children: c.residentCadres.length ? c.residentCadres.join('、') : '—',
            },
          ]}
        />
      </Card>
      <Card
        size="small"
        variant="borderless"
        title={`整改措施（${c.measures.filter((m) => m.doneOn).length}/${c.measures.length} 项完成）`}
        extra={
          mayFollow &&
          open && (
            <Button type="primary" onClick={() => setDialog('measure')}>
              添加措施
            </Button>
          )
        }
      >
        {c.measures.length === 0 ? (
          <Empty description="还没有整改措施：制定方案时逐项写明责任人和完成期限" />
        ) : (
          <ResponsiveTable
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={c.measures}
            columns={[
              { key: 'content', title: '措施', dataIndex: 'content' },
              { key: 'responsible', title: '责任人', dataIndex: 'responsible' },
              {
                key: 'due',
                title: '完成期限',
                render: (_: unknown, m: CaseView['measures'][number]) => zhDate(m.dueOn),
              },
              {
                key: 'state',
                title: '完成情况',
                render: (_: unknown, m: CaseView['measures'][number]) =>
                  m.doneOn ? (
                    <Tag color="green">{zhDate(m.doneOn)}完成</Tag>
                  ) : m.overdue ? (
                    <Tag color="red">已逾期</Tag>
                  ) : (
                    <Tag>进行中</Tag>
                  ),
              },
              {
                key: 'actions',
                title: '操作',
                render: (_: unknown, m: CaseView['measures'][number]) =>
                  mayFollow && open && !m.doneOn ? (
                    <Button
                      size="small"
                      onClick={() => void markDone(m.id)}
                      aria-label={`${m.content} 标记完成`}
                    >
                      标记完成
                    </Button>
                  ) : null,
              },
            ]}
          />
        )}
      </Card>
      <Card
        size="small"
        variant="borderless"
        title="整顿进展"
        extra={mayFollow && open && <Button onClick={() => setDialog('progress')}>记录进展</Button>}
      >
        {c.progress.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有进展记录" />
        ) : (
          <Timeline
            items={c.progress.map((p) => ({
              key: p.id,
              content: (
                <div>
                  <Typography.Text strong>{zhDate(p.notedOn)}</Typography.Text> {p.content}
                  <Typography.Text type="secondary">（{p.author}）</Typography.Text>
                </div>
              ),
            }))}
          />
        )}
      </Card>
      <Card
        size="small"
        variant="borderless"
        title="验收与销号"
        extra={
          mayDecide &&
          open && (
            <Space wrap>
              <Button onClick={() => setDialog('accept')} disabled={c.measures.length === 0}>
                记录验收
              </Button>
              {c.stage === 'accepted' && (
                <Button type="primary" onClick={() => setDialog('close')}>
                  销号
                </Button>
              )}
            </Space>
          )
        }
      >
        <Typography.Paragraph type="secondary">
          本县验收办法：综合得分{c.scheme.passScore}分以上为合格；不满意票超过
          {c.scheme.dissatisfiedMaxPercent}
          %直接认定为不合格。系统只给出建议，由验收组认定。销号后跟踪问效{c.scheme.watchMonths}个月。
        </Typography.Paragraph>
        {c.acceptances.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未验收" />
        ) : (
          <ul className="jc-plain-list" aria-label="验收记录">
            {c.acceptances.map((a) => (
              <li key={a.id} style={{ marginBottom: 8 }}>
                <Space wrap size={6}>
                  <Typography.Text strong>{zhDate(a.heldOn)}</Typography.Text>
                  <span>
                    得分{a.score}分，测评{a.voters}票、不满意{a.dissatisfied}票
                  </span>
                  <Tag color={a.decision === 'passed' ? 'green' : 'red'}>
                    认定{a.decision === 'passed' ? '合格' : '不合格'}
                  </Tag>
                  {(a.suggested === 'pass') !== (a.decision === 'passed') && (
                    <Tag color="orange">与建议不同</Tag>
                  )}
                </Space>
                <div>
                  <Typography.Text type="secondary">
                    系统建议{a.suggested === 'pass' ? '合格' : '不合格'}：{a.reasons.join('；')}
                  </Typography.Text>
                </div>
                <div>
                  验收组：{a.deciders}
                  {a.note ? `；说明：${a.note}` : ''}
                </div>
              </li>
            ))}
          </ul>
        )}
        {lastAcceptance?.decision === 'failed' && open && (
          <Alert type="warning" showIcon title="最近一次验收不合格：继续整顿后重新验收" />
        )}
        {c.closedOn && (
          <Alert
            type={c.stage === 'relapsed' ? 'error' : 'success'}
            showIcon
            title={`${zhDate(c.closedOn)}销号，跟踪问效至${zhDate(c.watchUntil)}`}
            description={
              c.stage === 'relapsed'
                ? '跟踪期内健康指标再次变红，已重新预警。'
                : '跟踪期内任一健康指标变红，将重新预警并标为“跟踪期内反弹”。'
            }
          />
        )}
      </Card>
      {dialog === 'plan' && <PlanDialog c={c} onClose={() => setDialog(null)} onDone={done} />}
      {dialog === 'measure' && <MeasureDialog c={c} onClose={() => setDialog(null)} onDone={done} />}
      {dialog === 'progress' && <ProgressDialog c={c} onClose={() => setDialog(null)} onDone={done} />}
      {dialog === 'accept' && <AcceptDialog c={c} onClose={() => setDialog(null)} onDone={done} />}
      {dialog === 'close' && <CloseDialog c={c} onClose={() => setDialog(null)} onDone={done} />}
    </Space>
  );
}

interface DialogProps {
  c: CaseView;
  onClose: () => void;
  onDone: (c: CaseView, text: string) => void;
}

/** A form in a modal: saves through `save`, shows the server's refusal in Chinese. */
function FormDialog<V extends object>({
  title,
  okText,
  initial,
  save,
  onClose,
  onValuesChange,
  children,
}: {
  onValuesChange?: (all: Partial<V>) => void;
  title: string;
  okText: string;
  initial: Partial<V>;
  save: (v: V) => Promise<void>;
  onClose: () => void;
  children: ReactNode;
}) {
  const [form] = Form.useForm<V>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const submit = async () => {
    let v: V;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    setError(null);
    try {
      await save(v);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title={title}
      okText={okText}
      cancelText="取消"
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={saving}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={initial}
        component="div"
        onValuesChange={(_, all) => onValuesChange?.(all as Partial<V>)}
      >
        {children}
      </Form>
    </Modal>
  );
}

const dateField = (name: string, label: string, future = false) => (
  <Form.Item name={name} label={label} rules={[{ required: true, message: '请选择日期' }]}>
    <DatePicker
      format={DATE_FORMAT}
      disabledDate={future ? undefined : notFuture}
      inputReadOnly
      style={{ width: '100%' }}
      aria-label={label}
    />
  </Form.Item>
);

interface PlanValues {
  problems?: string;
  liaisonLeader?: string;
  pairingUnit?: string;
  firstSecretary?: string;
  firstSecretaryUnit?: string;
  firstSecretaryFrom?: Dayjs | null;
  firstSecretaryTo?: Dayjs | null;
  residentCadres?: string[];
}

function PlanDialog({ c, onClose, onDone }: DialogProps) {
  return (
    <FormDialog<PlanValues>
      title="整顿方案"
      okText="保存方案"
      onClose={onClose}
      initial={{
        problems: c.problems,
        liaisonLeader: c.liaisonLeader ?? '',
        pairingUnit: c.pairingUnit ?? '',
        firstSecretary: c.firstSecretary ?? '',
        firstSecretaryUnit: c.firstSecretaryUnit ?? '',
        firstSecretaryFrom: fromIso(c.firstSecretaryFrom),
        firstSecretaryTo: fromIso(c.firstSecretaryTo),
        residentCadres: c.residentCadres,
      }}
      save={async (v) =>
        onDone(
          await screeningApi.plan(c.id, {
            problems: v.problems ?? '',
            liaisonLeader: v.liaisonLeader || null,
            pairingUnit: v.pairingUnit || null,
            firstSecretary: v.firstSecretary || null,
            firstSecretaryUnit: v.firstSecretaryUnit || null,
            firstSecretaryFrom: toIso(v.firstSecretaryFrom),
            firstSecretaryTo: toIso(v.firstSecretaryTo),
            residentCadres: v.residentCadres ?? [],
          }),
          '已保存整顿方案',
        )
      }
    >
      <Form.Item name="problems" label="主要问题">
        <Input.TextArea aria-label="主要问题" rows={3} maxLength={2000} />
      </Form.Item>
      <Form.Item name="liaisonLeader" label="县级联系领导">
        <Input aria-label="县级联系领导" maxLength={60} />
      </Form.Item>
      <Form.Item name="pairingUnit" label="结对帮扶单位">
        <Input aria-label="结对帮扶单位" maxLength={100} />
      </Form.Item>
      <Form.Item name="firstSecretary" label="第一书记">
        <Input aria-label="第一书记" maxLength={30} />
      </Form.Item>
      <Form.Item name="firstSecretaryUnit" label="第一书记派出单位">
        <Input aria-label="第一书记派出单位" maxLength={100} />
      </Form.Item>
      <Space wrap>
        <Form.Item name="firstSecretaryFrom" label="任职起始">
          <DatePicker format={DATE_FORMAT} inputReadOnly aria-label="任职起始" />
        </Form.Item>
        <Form.Item name="firstSecretaryTo" label="任职期满（1至3年）">
          <DatePicker format={DATE_FORMAT} inputReadOnly aria-label="任职期满" />
        </Form.Item>
      </Space>
      <Form.Item name="residentCadres" label="驻村干部（输入姓名后回车）">
        <Select aria-label="驻村干部" mode="tags" open={false} tokenSeparators={['、', '，', ',']} />
      </Form.Item>
    </FormDialog>
  );
}

interface MeasureValues {
  content: string;
  responsible: string;
  dueOn: Dayjs;
}

function MeasureDialog({ c, onClose, onDone }: DialogProps) {
  return (
    <FormDialog<MeasureValues>
      title="添加整改措施"
      okText="保存措施"
      onClose={onClose}
      initial={{ dueOn: dayjs().add(3, 'month') }}
      save={async (v) =>
        onDone(
          await screeningApi.addMeasure(c.id, {
            content: v.content,
            responsible: v.responsible,
            dueOn: toIso(v.dueOn)!,
          }),
          '已添加措施',
        )
      }
    >
      <Form.Item
        name="content"
        label="措施内容"
        rules={[{ required: true, whitespace: true, message: '请填写措施' }]}
      >
        <Input.TextArea aria-label="措施内容" rows={2} maxLength={500} />
      </Form.Item>
      <Form.Item
        name="responsible"
        label="责任人"
        rules={[{ required: true, whitespace: true, message: '请填写责任人' }]}
      >
        <Input aria-label="责任人" maxLength={60} />
      </Form.Item>
      {dateField('dueOn', '完成期限', true)}
    </FormDialog>
  );
}

interface ProgressValues {
  notedOn: Dayjs;
  content: string;
  measureId?: number;
}

function ProgressDialog({ c, onClose, onDone }: DialogProps) {
  return (
    <FormDialog<ProgressValues>
      title="记录整顿进展"
      okText="保存进展"
      onClose={onClose}
      initial={{ notedOn: dayjs() }}
      save={async (v) =>
        onDone(
          await screeningApi.addProgress(c.id, {
            notedOn: toIso(v.notedOn)!,
            content: v.content,
            measureId: v.measureId ?? null,
          }),
          '已记录进展',
        )
      }
    >
      {dateField('notedOn', '日期')}
      <Form.Item name="measureId" label="对应措施（可不选）">
        <Select
          aria-label="对应措施"
          allowClear
          options={c.measures.map((m) => ({ value: m.id, label: m.content }))}
        />
      </Form.Item>
      <Form.Item
        name="content"
        label="进展情况"
        rules={[{ required: true, whitespace: true, message: '请填写进展' }]}
      >
        <Input.TextArea aria-label="进展情况" rows={3} maxLength={1000} />
      </Form.Item>
    </FormDialog>
  );
}

interface AcceptValues {
  heldOn: Dayjs;
  score: number;
  voters: number;
  dissatisfied: number;
  decision: 'passed' | 'failed';
  deciders: string;
  note?: string;
}

function AcceptDialog({ c, onClose, onDone }: DialogProps) {
  const [vals, setVals] = useState<Partial<AcceptValues>>({});
  const ready = vals.score != null && vals.voters != null && vals.dissatisfied != null;
  const suggestion = ready
    ? judgeAcceptance(
        { score: vals.score!, voters: vals.voters!, dissatisfied: vals.dissatisfied! },
        c.scheme,
      )
    : null;
  const against =
    !!suggestion && !!vals.decision && (suggestion.outcome === 'pass') !== (vals.decision === 'passed');
  return (
    <FormDialog<AcceptValues>
      title="记录验收"
      okText="保存验收"
      onClose={onClose}
      initial={{ heldOn: dayjs() }}
      onValuesChange={setVals}
      save={async (v) =>
        onDone(
          await screeningApi.accept(c.id, {
            heldOn: toIso(v.heldOn)!,
            score: v.score,
            voters: v.voters,
            dissatisfied: v.dissatisfied,
            decision: v.decision,
            deciders: v.deciders,
            note: v.note ?? '',
          }),
          '已记录验收',
        )
      }
    >
      {dateField('heldOn', '验收日期')}
      <Space wrap>
        <Form.Item
          name="score"
          label="综合得分（百分制）"
          rules={[{ required: true, message: '请填写得分' }]}
        >
          <InputNumber aria-label="综合得分" min={0} max={100} step={0.5} precision={1} />
        </Form.Item>
        <Form.Item name="voters" label="民主测评票数" rules={[{ required: true, message: '请填写票数' }]}>
          <InputNumber aria-label="民主测评票数" min={0} precision={0} />
        </Form.Item>
        <Form.Item name="dissatisfied" label="不满意票数" rules={[{ required: true, message: '请填写票数' }]}>
          <InputNumber aria-label="不满意票数" min={0} precision={0} />
        </Form.Item>
      </Space>
      {suggestion && (
        <Alert
          style={{ marginBottom: 12 }}
          type={suggestion.outcome === 'pass' ? 'success' : 'warning'}
          showIcon
          title={`按本县验收办法，建议认定为${suggestion.outcome === 'pass' ? '合格' : '不合格'}`}
          description={suggestion.reasons.join('；')}
        />
      )}
      <Form.Item name="decision" label="验收组认定" rules={[{ required: true, message: '请选择认定结果' }]}>
        <Radio.Group aria-label="验收组认定">
          <Radio value="passed">合格</Radio>
          <Radio value="failed">不合格</Radio>
        </Radio.Group>
      </Form.Item>
      <Form.Item
        name="deciders"
        label="验收组成员"
        rules={[{ required: true, whitespace: true, message: '请填写验收组成员' }]}
      >
        <Input aria-label="验收组成员" maxLength={200} />
      </Form.Item>
      <Form.Item
        name="note"
        label={against ? '与建议不同的理由（必填）' : '说明（可不填）'}
        rules={against ? [{ required: true, whitespace: true, message: '认定与建议不同，请说明理由' }] : []}
      >
        <Input.TextArea aria-label="说明" rows={2} maxLength={1000} />
      </Form.Item>
    </FormDialog>
  );
}

function CloseDialog({ c, onClose, onDone }: DialogProps) {
  return (
    <FormDialog<{ closedOn: Dayjs }>
      title="销号"
      okText="确认销号"
      onClose={onClose}
      initial={{ closedOn: dayjs() }}
      save={async (v) => onDone(await screeningApi.close(c.id, toIso(v.closedOn)!), '已销号，进入跟踪问效期')}
    >
      <Typography.Paragraph>
        销号后不能再添加措施；跟踪问效{c.scheme.watchMonths}
        个月，期间任一健康指标变红将重新预警并标为“跟踪期内反弹”。
      </Typography.Paragraph>
      {dateField('closedOn', '销号日期')}
    </FormDialog>
  );
}
