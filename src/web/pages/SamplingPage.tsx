/**
 * `/sampling` and `/sampling/:drawId`: 抽查核实 (issue 14 part 6, decision 0038) for the county and township
 * accounts. The draw form (scope, period, kinds of record, how many), the list of draws (who, when, progress), and a
 * draw's records — each with what it said when drawn, the weight it was drawn with and why, its mark and its
 * verification history — with the buttons 属实 / 部分属实 / 不属实 that record an on-site verification. A phone shows
 * cards.
 */
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Space,
  Tag,
  Typography,
} from 'antd';
import {
  RESULT_LABELS,
  SAMPLE_KIND_LABELS,
  type DrawSummary,
  type DrawView,
  type ResultName,
  type SampleItemView,
  type SampleKindName,
} from '../../shared/sampling.js';
import { api, errorMessage } from '../api/client.js';
import { samplingApi } from '../api/sampling.js';
import { useRequest } from '../api/hooks.js';
import { PageError, PageSkeleton } from '../components/PageState.js';
import { ResponsiveTable } from '../components/ResponsiveTable.js';
import { VerificationTag } from '../components/VerificationTag.js';
import { useAuth } from '../auth/context.js';
import { today, zhDate } from '../lib/format.js';

const KINDS: SampleKindName[] = ['meeting', 'dues_payment', 'recruitment_step'];

export default function SamplingPage() {
  const { drawId } = useParams();
  return drawId ? <DrawDetail id={Number(drawId)} /> : <DrawHome />;
}

function DrawHome() {
  const { user } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const root = useRequest((s) => api.rootOrg(s), [], !user?.orgCode);
  const list = useRequest((s) => samplingApi.list(s), []);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  const year = today().slice(0, 4);
  const defaultOrg = user?.orgCode ?? root.data?.code ?? '';
  if (list.error) return <PageError error={list.error} onRetry={list.reload} />;
  if (!list.data || (!user?.orgCode && !root.data)) return <PageSkeleton />;
  const submit = async (v: {
    orgCode: string;
    from: string;
    to: string;
    kinds: SampleKindName[];
    size: number;
  }) => {
    setBusy(true);
    try {
      const d = await samplingApi.draw(v);
      message.success(`已抽取 ${d.records.length} 条记录`);
      navigate(`/sampling/${d.id}`);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        抽查核实
      </Typography.Title>
      <Card title="新的抽查" size="small">
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          从本组织及下级某一期间的记录中随机抽取，到现场核实。有一致性疑点的记录（补录、会议记录内容雷同、同一党员同一时间出席两个会议、集中补录等）及其所在组织的记录被抽中的机会更大。随机种子由系统生成并记录，每次抽取都留存，不能重抽或删除。
        </Typography.Paragraph>
        <Form
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{
            orgCode: defaultOrg,
            from: `${year}-01-01`,
            to: today(),
            kinds: ['meeting'],
            size: 10,
          }}
          className="jc-sample-form"
        >
          <Space wrap size={[16, 0]} align="start">
            <Form.Item
              name="orgCode"
              label="范围（党组织编码，含全部下级）"
              rules={[{ required: true, message: '请填写党组织编码' }]}
            >
              <Input style={{ width: 200 }} />
            </Form.Item>
            <Form.Item name="from" label="期间起" rules={[{ required: true, message: '请选择日期' }]}>
              <Input type="date" style={{ width: 160 }} />
            </Form.Item>
            <Form.Item name="to" label="期间止" rules={[{ required: true, message: '请选择日期' }]}>
              <Input type="date" style={{ width: 160 }} />
            </Form.Item>
            <Form.Item name="size" label="抽取数量" rules={[{ required: true, message: '请填写数量' }]}>
              <InputNumber min={1} max={200} style={{ width: 120 }} />
            </Form.Item>
          </Space>
          <Form.Item name="kinds" label="记录类别" rules={[{ required: true, message: '请至少选择一类' }]}>
            <Checkbox.Group options={KINDS.map((k) => ({ value: k, label: SAMPLE_KIND_LABELS[k] }))} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            抽取
          </Button>
        </Form>
      </Card>
      <Card title="抽查记录" size="small">
        <ResponsiveTable<DrawSummary>
          rowKey="id"
          size="middle"
          dataSource={list.data.draws}
          pagination={false}
          onRow={(r) => ({ onClick: () => navigate(`/sampling/${r.id}`), style: { cursor: 'pointer' } })}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有抽查" /> }}
          cardTitle={(r) => (
            <Link to={`/sampling/${r.id}`}>
              第{r.id}次抽查 · {r.orgName}
            </Link>
          )}
          cardHidden={['id', 'orgName']}
          columns={[
            {
              title: '编号',
              dataIndex: 'id',
              width: 80,
              render: (id: number) => <Link to={`/sampling/${id}`}>第{id}次</Link>,
            },
            { title: '范围', dataIndex: 'orgName' },
            {
              title: '期间',
              key: 'period',
              render: (_: unknown, r) => `${zhDate(r.from)} 至 ${zhDate(r.to)}`,
            },
            {
              title: '类别',
              dataIndex: 'kinds',
              render: (ks: SampleKindName[]) => ks.map((k) => SAMPLE_KIND_LABELS[k]).join('、'),
            },
            {
              title: '核实进度',
              key: 'progress',
              render: (_: unknown, r) => (
                <span>
                  {r.verified}/{r.items}
                  {r.falseCount > 0 && (
                    <Tag color="red" style={{ marginLeft: 8 }}>
                      不属实 {r.falseCount}
                    </Tag>
                  )}
                </span>
              ),
            },
            { title: '抽取人', key: 'by', render: (_: unknown, r) => `${r.drawnBy}（${r.drawnAt}）` },
          ]}
        />
      </Card>
    </Space>
  );
}

function DrawDetail({ id }: { id: number }) {
  const res = useRequest((s) => samplingApi.get(id, s), [id]);
  const [data, setData] = useState<DrawView | null>(null);
  const [verifying, setVerifying] = useState<{ item: SampleItemView; result: ResultName } | null>(null);
  if (res.error) return <PageError error={res.error} onRetry={res.reload} />;
  const d = data && data.id === id ? data : res.data;
  if (!d) return <PageSkeleton />;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space wrap>
        <Link to="/sampling">← 抽查核实</Link>
      </Space>
      <Typography.Title level={3} style={{ margin: 0 }}>
        第{d.id}次抽查 · {d.orgName}
      </Typography.Title>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, lg: 3 }}
        items={[
          { key: 'period', label: '期间', children: `${zhDate(d.from)} 至 ${zhDate(d.to)}` },
          { key: 'kinds', label: '类别', children: d.kinds.map((k) => SAMPLE_KIND_LABELS[k]).join('、') },
          { key: 'n', label: '抽取', children: `候选 ${d.candidates} 条，抽取 ${d.records.length} 条` },
          { key: 'by', label: '抽取人', children: `${d.drawnBy}（${d.drawnAt}）` },
          { key: 'seed', label: '随机种子', children: <Typography.Text code>{d.seed}</Typography.Text> },
          { key: 'w', label: '加权规则', children: d.weighting },
          {
            key: 'progress',
            label: '核实进度',
            children: `已核实 ${d.verified} 条，不属实 ${d.falseCount} 条`,
          },
        ]}
      />
      <ResponsiveTable<SampleItemView>
        rowKey="id"
        size="middle"
        dataSource={d.records}
        pagination={false}
        scroll={{ x: 900 }}
        cardTitle={(r) => (
          <span>
            {r.position}. {r.kindZh} · {r.orgName}
          </span>
        )}
        cardHidden={['position', 'kindZh', 'orgName']}
        columns={[
          { title: '序号', dataIndex: 'position', width: 60 },
          { title: '类别', dataIndex: 'kindZh', width: 110 },
          {
            title: '组织',
            dataIndex: 'orgName',
            width: 160,
            render: (n: string, r) => (
              <Link to={`/orgs/${encodeURIComponent(r.orgCode)}${r.kind === 'meeting' ? '?tab=life' : ''}`}>
                {n}
              </Link>
            ),
          },
          {
            title: '记录',
            dataIndex: 'summary',
            render: (s: string, r) => (
              <span>
                {s}
                {!r.exists && <Tag style={{ marginLeft: 8 }}>已删除</Tag>}
              </span>
            ),
          },
          {
            title: '抽中依据',
            key: 'why',
            width: 200,
            render: (_: unknown, r) => (
              <Space orientation="vertical" size={2}>
                <span className="jc-muted">权重 {r.weight}</span>
                {r.signals.map((x) => (
                  <Tag key={x.code} color="gold" style={{ whiteSpace: 'normal' }}>
                    {x.zh}
                  </Tag>
                ))}
              </Space>
            ),
          },
          {
            title: '核实结果',
            key: 'mark',
            width: 220,
            render: (_: unknown, r) =>
              r.history.length ? (
                <Space orientation="vertical" size={2}>
                  <VerificationTag mark={r.mark} short />
                  {r.history
                    .slice()
                    .reverse()
                    .map((h, i) => (
                      <span key={h.id} className="jc-muted" style={{ fontSize: 12 }}>
                        {i > 0 ? '（此前）' : ''}
                        {h.resultZh} · {h.verifier} · {zhDate(h.verifiedOn)}
                        {h.note ? `：${h.note}` : ''}
                      </span>
                    ))}
                </Space>
              ) : (
                <span className="jc-muted">未核实</span>
              ),
          },
          {
            title: '核实',
            key: 'actions',
            width: 230,
            render: (_: unknown, r) =>
              r.exists ? (
                <Space size={4} wrap>
                  {(['true', 'partly', 'false'] as const).map((result) => (
                    <Button
                      key={result}
                      size="small"
                      danger={result === 'false'}
                      onClick={() => setVerifying({ item: r, result })}
                      aria-label={`第${r.position}条核实为${RESULT_LABELS[result]}`}
                    >
                      {RESULT_LABELS[result]}
                    </Button>
                  ))}
                </Space>
              ) : null,
          },
        ]}
      />
      {verifying && (
        <VerifyModal
          item={verifying.item}
          result={verifying.result}
          onClose={() => setVerifying(null)}
          onDone={(v) => {
            setData(v);
            setVerifying(null);
          }}
        />
      )}
    </Space>
  );
}

function VerifyModal({
  item,
  result,
  onClose,
  onDone,
}: {
  item: SampleItemView;
  result: ResultName;
  onClose: () => void;
  onDone: (d: DrawView) => void;
}) {
  const { user } = useAuth();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const submit = async (v: { note?: string; verifier: string; verifiedOn: string }) => {
    setBusy(true);
    try {
      const d = await samplingApi.verify(item.id, {
        result,
        note: v.note ?? '',
        verifier: v.verifier,
        verifiedOn: v.verifiedOn,
      });
      message.success(`已记录：${RESULT_LABELS[result]}`);
      onDone(d);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={`核实为“${RESULT_LABELS[result]}”`}
      okText="保存"
      cancelText="取消"
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph>{item.summary}</Typography.Paragraph>
      {result === 'false' && item.kind === 'meeting' && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title="核实为不属实后，该会议不再计入组织生活落实情况；记录保留，并在会议列表中标明。"
        />
      )}
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ verifier: user?.displayName ?? '', verifiedOn: today() }}
      >
        <Form.Item
          name="note"
          label="核实情况"
          rules={result === 'true' ? [] : [{ required: true, message: '请写明核实情况' }]}
        >
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Form.Item name="verifier" label="核实人" rules={[{ required: true, message: '请填写核实人' }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="verifiedOn" label="核实日期" rules={[{ required: true, message: '请选择日期' }]}>
          <Input type="date" max={today()} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
