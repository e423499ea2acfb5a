/**
 * 发展党员 on the org page (issue 13 items 1–2, decision 0025). A branch: a board by stage — each person with the
 * next step and its deadline (overdue in red, due within 30 days in orange) — with 登记入党申请人 and 记录下一步 in
 * dialogs that work on a phone; a step the rules refuse is shown with the rule and its source. A township or the
 * county: counts by stage, admissions this year, the median days of each stage, overdue steps and, per branch, the
 * last admission and the years since (branches over the setting's years listed apart).
 */
import { useState } from 'react';
import dayjs from 'dayjs';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Row,
  Select,
  Space,
  Statistic,
  Tag,
  Typography,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { ResponsiveTable } from '../../components/ResponsiveTable.js';
import { VerificationTag } from '../../components/VerificationTag.js';
import type { OrgView } from '../../../shared/schemas.js';
import type { BoardCard, NextStepView, StepCreate } from '../../../shared/recruitment.js';
import { STEP_KINDS, type StepKind } from '../../../shared/recruitment-codes.js';
import { ETHNICITIES, BRANCH_KINDS, OCCUPATIONS } from '../../../shared/codes.js';
import { api, errorMessage } from '../../api/client.js';
import { useRequest } from '../../api/hooks.js';
import { DATE_FORMAT, notFuture, toIso, zhDate } from '../../lib/format.js';

const STAGES = [
  { key: 'applicant', zh: '入党申请人' },
  { key: 'activist', zh: '入党积极分子' },
  { key: 'candidate', zh: '发展对象' },
  { key: 'probationary', zh: '预备党员' },
] as const;

const STEP_ZH: Record<StepKind, string> = {
  apply: '递交入党申请书',
  talk: '党组织派人谈话',
  activist: '确定入党积极分子',
  activist_filed: '报上级党委备案（积极分子）',
  mentors: '指定培养联系人',
  review: '培养教育考察',
  candidate_notice: '发展对象公示',
  candidate: '确定发展对象',
  candidate_filed: '报上级党委备案（发展对象）',
  sponsors: '确定入党介绍人',
  political_review: '进行政治审查',
  training: '开展集中培训',
  committee_review: '支部委员会审查',
  pre_review: '上级党委预审',
  application_form: '填写入党志愿书',
  admission_vote: '支部大会讨论接收预备党员',
  higher_talk: '上级党委派人谈话',
  admission_approval: '上级党委审批',
  admission_filed: '再上一级党委组织部门备案',
  assigned: '编入党支部和党小组',
  oath: '入党宣誓',
  probation_review: '继续教育考察',
  confirmation_request: '提出转正申请',
  confirmation_vote: '支部大会讨论转正',
  confirmation_approval: '上级党委审批转正',
  archived: '材料归档',
};

const ORG_STEPS: readonly StepKind[] = [
  'activist_filed',
  'candidate_filed',
  'pre_review',
  'admission_approval',
  'confirmation_approval',
];
const PEOPLE_STEPS: readonly StepKind[] = ['mentors', 'sponsors'];
const VOTE_STEPS: readonly StepKind[] = ['admission_vote', 'confirmation_vote'];

function NextTag({ n }: { n: NextStepView }) {
  const when = n.due ? `期限 ${zhDate(n.due)}` : n.earliest ? `${zhDate(n.earliest)}起` : '';
  const color = n.overdue ? 'red' : n.dueSoon ? 'orange' : 'blue';
  return (
    <div className="jc-recruit-next">
      <Tag color={color}>{n.overdue ? '已逾期' : n.dueSoon ? '即将到期' : '下一步'}</Tag>
      <span>{n.zh}</span>
      {when && <span className="jc-muted"> · {when}</span>}
    </div>
  );
}

export function OrgRecruitment({ org, mayRecord }: { org: OrgView; mayRecord: boolean }) {
  const isBranch = BRANCH_KINDS.includes(org.kind);
  return isBranch ? <BranchBoard org={org} mayRecord={mayRecord} /> : <RecruitmentOverview org={org} />;
}

function BranchBoard({ org, mayRecord }: { org: OrgView; mayRecord: boolean }) {
  const board = useRequest((s) => api.recruitmentBoard(org.code, s), [org.code]);
  const [applying, setApplying] = useState(false);
  const [stepFor, setStepFor] = useState<BoardCard | null>(null);
  const d = board.data;
  return (
    <section aria-label="发展党员">
      <div className="jc-life-head">
        <Typography.Title level={5} style={{ margin: 0 }}>
          发展党员{d ? `（按${d.rules === '2026' ? '2026年修订细则' : '2014年细则'}检查）` : ''}
        </Typography.Title>
        {mayRecord && org.status === 'active' && (
          <Button icon={<PlusOutlined aria-hidden />} onClick={() => setApplying(true)}>
            登记入党申请人
          </Button>
        )}
      </div>
      {board.error ? <Alert type="error" showIcon title={errorMessage(board.error)} /> : null}
      {d && (
        <Row gutter={[12, 12]}>
          {STAGES.map((st) => (
            <Col key={st.key} xs={24} md={12} xl={6}>
              <Card size="small" title={`${st.zh}（${d.stages[st.key].length}）`} className="jc-recruit-col">
                {d.stages[st.key].length === 0 && (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无" />
                )}
                {d.stages[st.key].map((c) => (
                  <div key={c.id} className="jc-recruit-card" aria-label={c.name}>
                    <div className="jc-recruit-name">
                      <strong>{c.name}</strong>
                      <span className="jc-muted jc-mono"> {c.idNumber}</span>
                    </div>
                    <div className="jc-muted" style={{ fontSize: 12 }}>
                      自 {zhDate(c.since)}
                    </div>
                    {c.next.map((n) => (
                      <NextTag key={n.kind} n={n} />
                    ))}
                    {mayRecord && (
                      <Button
                        size="small"
                        type="link"
                        style={{ paddingInline: 0 }}
                        onClick={() => setStepFor(c)}
                      >
                        记录下一步
                      </Button>
                    )}
                  </div>
                ))}
              </Card>
            </Col>
          ))}
        </Row>
      )}
      <ApplicantModal
        org={org}
        open={applying}
        onClose={() => setApplying(false)}
        onDone={() => {
          setApplying(false);
          board.reload();
        }}
      />
      <StepModal
        org={org}
        card={stepFor}
        onClose={() => setStepFor(null)}
        onDone={() => {
          setStepFor(null);
          board.reload();
        }}
      />
    </section>
  );
}

function ApplicantModal({
  org,
  open,
  onClose,
  onDone,
}: {
  org: OrgView;
  open: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const [form] = Form.useForm();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { message } = App.useApp();
  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    setError(null);
    try {
      await api.openRecruitmentCase({
        orgCode: org.code,
        name: v.name,
        idNumber: v.idNumber,
        ethnicity: v.ethnicity,
        phone: v.phone || null,
        appliedOn: toIso(v.appliedOn)!,
      });
      message.success('已登记入党申请人');
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
      title="登记入党申请人"
      open={open}
      onCancel={onClose}
      onOk={submit}
      okText="登记"
      cancelText="取消"
      confirmLoading={saving}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ ethnicity: '01' }}>
        <Form.Item name="name" label="姓名" rules={[{ required: true, message: '请填写姓名' }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="idNumber" label="身份证号" rules={[{ required: true, message: '请填写身份证号' }]}>
          <Input maxLength={18} />
        </Form.Item>
        <Form.Item name="ethnicity" label="民族" rules={[{ required: true, message: '请选择民族' }]}>
          <Select
            showSearch
            optionFilterProp="label"
            options={ETHNICITIES.map((e) => ({ value: e.code, label: e.zh }))}
          />
        </Form.Item>
        <Form.Item name="phone" label="联系电话">
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item
          name="appliedOn"
          label="递交入党申请书日期"
          rules={[{ required: true, message: '请选择日期' }]}
        >
          <DatePicker format={DATE_FORMAT} disabledDate={notFuture} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} role="alert" />}
    </Modal>
  );
}

function StepModal({
  org,
  card,
  onClose,
  onDone,
}: {
  org: OrgView;
  card: BoardCard | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const [form] = Form.useForm();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [warnings, setWarnings] = useState<string[]>([]);
  const kind = Form.useWatch('kind', form) as StepKind | undefined;
  const members = useRequest(
    (s) => (card ? api.members(org.code, { pageSize: 200 }, s) : Promise.resolve(null)),
    [org.code, card?.id],
  );
  const history = useRequest(
    (s) => (card ? api.recruitmentCase(card.id, s) : Promise.resolve(null)),
    [card?.id],
  );
  const above = (org.ancestors ?? []).slice().reverse();
  const { message } = App.useApp();
  const close = () => {
    setError(null);
    setWarnings([]);
    form.resetFields();
    onClose();
  };
  const submit = async () => {
    if (!card) return;
    const v = await form.validateFields();
    const body: StepCreate = { kind: v.kind, takenOn: toIso(v.takenOn)! };
    if (ORG_STEPS.includes(v.kind)) body.orgCode = v.orgCode;
    if (PEOPLE_STEPS.includes(v.kind)) body.memberIds = v.memberIds;
    if (VOTE_STEPS.includes(v.kind))
      body.vote = {
        present: v.present ?? 0,
        yes: v.yes ?? 0,
        no: v.no ?? 0,
        abstain: v.abstain ?? 0,
        writtenYes: v.writtenYes ?? 0,
        writtenNo: v.writtenNo ?? 0,
        ballot: v.ballot,
      };
    if (
      v.kind === 'political_review' ||
      v.kind === 'admission_approval' ||
      v.kind === 'confirmation_approval'
    )
      body.outcome = v.outcome;
    if (v.kind === 'confirmation_vote') {
      body.decision = v.decision;
      if (v.decision === 'extend') body.extendMonths = v.extendMonths;
    }
    if (v.kind === 'training') {
      body.days = v.days ?? null;
      body.hours = v.hours ?? null;
    }
    if (v.cause) body.cause = v.cause;
    setSaving(true);
    setError(null);
    try {
      const r = await api.recordRecruitmentStep(card.id, body);
      const w = (r.recordedWarnings ?? []).map((x) => x.message);
      message.success(`已记录“${STEP_ZH[v.kind as StepKind]}”`);
      if (w.length) {
        setWarnings(w);
        message.warning(w.join('；'));
      }
      form.resetFields();
      onDone();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  const suggested = card?.next[0]?.kind;
  return (
    <Modal
      title={card ? `记录下一步：${card.name}` : ''}
      open={!!card}
      onCancel={close}
      onOk={submit}
      okText="记录"
      cancelText="取消"
      confirmLoading={saving}
      destroyOnHidden
    >
      {card && history.data && (
        <details className="jc-recruit-history">
          <summary>已记录的步骤（{history.data.steps.length}）</summary>
          <ol>
            {history.data.steps.map((st) => (
              <li key={st.id}>
                <span className="jc-muted">{zhDate(st.takenOn)}</span> {STEP_ZH[st.kind]}
                <VerificationTag mark={st.verification} stillCounts />
                {st.warnings.map((w) => (
                  <Tag key={w.rule} color="orange" style={{ marginLeft: 4, whiteSpace: 'normal' }}>
                    {w.message}
                  </Tag>
                ))}
              </li>
            ))}
          </ol>
        </details>
      )}
      {card && (
        <Form
          form={form}
          layout="vertical"
          initialValues={{ kind: suggested, ballot: 'secret', outcome: undefined, takenOn: dayjs() }}
          onValuesChange={() => setError(null)}
        >
          <Form.Item name="kind" label="步骤" rules={[{ required: true, message: '请选择步骤' }]}>
            <Select
              aria-label="步骤"
              options={STEP_KINDS.filter((k) => k !== 'apply').map((k) => ({
                value: k,
                label: `${STEP_ZH[k]}${card.next.some((n) => n.kind === k) ? '（待办）' : ''}`,
              }))}
            />
          </Form.Item>
          <Form.Item name="takenOn" label="日期" rules={[{ required: true, message: '请选择日期' }]}>
            <DatePicker
              aria-label="步骤日期"
              format={DATE_FORMAT}
              disabledDate={notFuture}
              style={{ width: '100%' }}
            />
          </Form.Item>
          {kind && ORG_STEPS.includes(kind) && (
            <Form.Item
              name="orgCode"
              label="上级党委"
              rules={[{ required: true, message: '请选择上级党委' }]}
            >
              <Select aria-label="上级党委" options={above.map((a) => ({ value: a.code, label: a.name }))} />
            </Form.Item>
          )}
          {kind && PEOPLE_STEPS.includes(kind) && (
            <Form.Item
              name="memberIds"
              label={kind === 'mentors' ? '培养联系人（1至2名正式党员）' : '入党介绍人（2名正式党员）'}
              rules={[{ required: true, message: '请选择' }]}
            >
              <Select
                mode="multiple"
                aria-label="党员"
                optionFilterProp="label"
                options={(members.data?.items ?? [])
                  .filter((m) => m.status === 'full')
                  .map((m) => ({ value: m.id, label: m.name }))}
              />
            </Form.Item>
          )}
          {kind && VOTE_STEPS.includes(kind) && (
            <>
              <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
                应到会有表决权人数按当天本支部正式党员计算；因故不到会党员会前提交的书面意见计入票数。
              </Typography.Paragraph>
              <Space wrap>
                {(
                  [
                    ['present', '到会有表决权人数'],
                    ['yes', '赞成'],
                    ['no', '反对'],
                    ['abstain', '弃权'],
                    ['writtenYes', '书面同意'],
                    ['writtenNo', '书面不同意'],
                  ] as const
                ).map(([k, zh]) => (
                  <Form.Item key={k} name={k} label={zh} style={{ marginBottom: 8 }}>
                    <InputNumber min={0} precision={0} aria-label={zh} style={{ width: 110 }} />
                  </Form.Item>
                ))}
              </Space>
              <Form.Item name="ballot" label="表决方式">
                <Radio.Group
                  options={[
                    { value: 'secret', label: '无记名投票' },
                    { value: 'show_of_hands', label: '举手表决' },
                  ]}
                />
              </Form.Item>
            </>
          )}
          {kind === 'confirmation_vote' && (
            <>
              <Form.Item name="decision" label="决议" rules={[{ required: true, message: '请选择决议' }]}>
                <Radio.Group
                  options={[
                    { value: 'confirm', label: '按期转正' },
                    { value: 'extend', label: '延长预备期' },
                    { value: 'cancel', label: '取消预备党员资格' },
                  ]}
                />
              </Form.Item>
              <Form.Item name="extendMonths" label="延长月数（6至12个月）">
                <InputNumber min={0} max={24} precision={0} />
              </Form.Item>
            </>
          )}
          {(kind === 'political_review' ||
            kind === 'admission_approval' ||
            kind === 'confirmation_approval') && (
            <Form.Item name="outcome" label="结论" rules={[{ required: true, message: '请选择结论' }]}>
              <Radio.Group
                options={
                  kind === 'political_review'
                    ? [
                        { value: 'passed', label: '合格' },
                        { value: 'failed', label: '不合格' },
                      ]
                    : [
                        { value: 'approved', label: '批准' },
                        { value: 'not_approved', label: '不批准' },
                      ]
                }
              />
            </Form.Item>
          )}
          {(kind === 'admission_approval' || kind === 'confirmation_approval') && (
            <Form.Item name="cause" label="超过3个月审批的特殊情况（如有）">
              <Input maxLength={200} />
            </Form.Item>
          )}
          {kind === 'training' && (
            <Space wrap>
              <Form.Item name="days" label="培训天数">
                <InputNumber min={0} max={365} aria-label="培训天数" />
              </Form.Item>
              <Form.Item name="hours" label="学时">
                <InputNumber min={0} max={10000} aria-label="学时" />
              </Form.Item>
            </Space>
          )}
        </Form>
      )}
      {error && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title="不能记录该步骤"
          description={error}
          className="jc-step-refused"
        />
      )}
      {warnings.length > 0 && <Alert type="warning" showIcon title={warnings.join('；')} />}
    </Modal>
  );
}

function RecruitmentOverview({ org }: { org: OrgView }) {
  const sum = useRequest((s) => api.recruitment(org.code, undefined, s), [org.code]);
  const d = sum.data;
  if (sum.error) return <Alert type="error" showIcon title={errorMessage(sum.error)} />;
  if (!d) return null;
  const days = (n: number | null) => (n === null ? '—' : `${n}天`);
  return (
    <section aria-label="发展党员">
      <Row gutter={[12, 12]}>
        {STAGES.map((st) => (
          <Col key={st.key} xs={12} md={6}>
            <Card size="small">
              <Statistic title={st.zh} value={d.stages[st.key]} suffix="人" />
              <div className="jc-muted" style={{ fontSize: 12 }}>
                本阶段用时中位数 {days(d.stageDays[st.key])}
              </div>
            </Card>
          </Col>
        ))}
      </Row>
      <Typography.Paragraph style={{ marginTop: 12 }}>
        逾期步骤{' '}
        <Typography.Text type={d.overdue.length ? 'danger' : undefined}>{d.overdue.length}</Typography.Text>{' '}
        个；
        {d.idleYears}年以上未发展党员的支部 {d.branchesWithoutAdmission.length} 个。
      </Typography.Paragraph>
      {d.overdue.length > 0 && (
        <Card size="small" title="逾期步骤" style={{ marginBottom: 12 }}>
          <ResponsiveTable
            size="small"
            rowKey={(r) => `${r.caseId}-${r.step}`}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            dataSource={d.overdue}
            scroll={{ x: 520 }}
            columns={[
              { title: '姓名', dataIndex: 'person' },
              { title: '党组织', dataIndex: 'orgName' },
              { title: '步骤', dataIndex: 'stepZh' },
              { title: '期限', dataIndex: 'due', render: (v: string) => <Tag color="red">{zhDate(v)}</Tag> },
            ]}
          />
        </Card>
      )}
      <RecruitmentStatsCard org={org} />
      <Card size="small" title="各支部">
        <ResponsiveTable
          size="small"
          rowKey="code"
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          dataSource={d.orgs}
          scroll={{ x: 720 }}
          columns={[
            { title: '支部', dataIndex: 'name', fixed: 'left', width: 180 },
            { title: '申请人', dataIndex: 'applicant', width: 70 },
            { title: '积极分子', dataIndex: 'activist', width: 80 },
            { title: '发展对象', dataIndex: 'candidate', width: 80 },
            { title: '预备党员', dataIndex: 'probationary', width: 80 },
            {
              title: '逾期',
              dataIndex: 'overdue',
              width: 60,
              render: (v: number) => (v ? <Tag color="red">{v}</Tag> : 0),
            },
            {
              title: '最近一次接收',
              dataIndex: 'lastAdmitted',
              width: 130,
              render: (v: string | null, r) =>
                v ? (
                  <span>
                    {zhDate(v)}
                    {r.years !== null && r.years >= d.idleYears && (
                      <Tag color="orange" style={{ marginLeft: 4 }}>
                        {r.years}年未发展
                      </Tag>
                    )}
                  </span>
                ) : (
                  <Tag color="orange">无记录</Tag>
                ),
            },
          ]}
        />
      </Card>
    </section>
  );
}

/** 发展党员统计 by the party statistics' categories, the last five years (a table; cards on a phone). */
function RecruitmentStatsCard({ org }: { org: OrgView }) {
  const stats = useRequest((s) => api.recruitmentStats(org.code, s), [org.code]);
  const d = stats.data;
  if (stats.error) return <Alert type="error" showIcon title={errorMessage(stats.error)} />;
  if (!d) return null;
  const pct = (n: number, of: number) => (of ? `${n}（${Math.round((n / of) * 100)}%）` : String(n));
  const occ = (o: Record<string, number>) =>
    OCCUPATIONS.filter((x) => o[x.code])
      .map((x) => `${x.zh.replace(/（.*）/, '')} ${o[x.code]}`)
      .concat(o.unknown ? [`未填 ${o.unknown}`] : [])
      .join('，') || '—';
  return (
    <Card size="small" title="发展党员统计（党内统计口径）" style={{ marginBottom: 12 }}>
      <ResponsiveTable
        size="small"
        rowKey="year"
        pagination={false}
        dataSource={[...d.years].reverse()}
        scroll={{ x: 900 }}
        columns={[
          { title: '年度', dataIndex: 'year', width: 70, render: (v: number) => `${v}年` },
          { title: '发展党员', dataIndex: 'admitted', width: 80 },
          { title: '女性', dataIndex: 'women', width: 90, render: (v: number, r) => pct(v, r.admitted) },
          {
            title: '少数民族',
            dataIndex: 'minorities',
            width: 90,
            render: (v: number, r) => pct(v, r.admitted),
          },
          {
            title: '35岁及以下',
            dataIndex: 'young',
            width: 100,
            render: (v: number, r) => pct(v, r.admitted),
          },
          {
            title: '大专及以上',
            dataIndex: 'college',
            width: 100,
            render: (v: number, r) => pct(v, r.admitted),
          },
          {
            title: '生产工作一线',
            dataIndex: 'frontLine',
            width: 110,
            render: (v: number, r) => pct(v, r.admitted),
          },
          { title: '职业', dataIndex: 'occupations', render: occ },
          { title: '转正', dataIndex: 'confirmed', width: 60 },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
        按党员名册统计：支部大会通过之日接收为预备党员，计入接收时所在的党组织；年龄按通过之日计算；生产工作一线指工人、农牧渔民和企事业单位、社会组织的专业技术人员与管理人员。
      </Typography.Paragraph>
    </Card>
  );
}
