/**
 * `/assessment/orgs/CODE?year=YYYY`: one org's 分类考核 (decision 0036) — its category, the months of the year with
 * each item's score and evidence (the warnings behind a computed item, the note of a rating), the year's sum, the
 * monthly average and the stars. A township officer (`assessment.rate`) rates the rated items with a reason; the
 * county (`assessment.manage`) sets the category from a date.
 */
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Rate,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { AssessmentView } from '../../shared/assessment.js';
import { api, errorMessage } from '../api/client.js';
import { assessmentApi } from '../api/assessment.js';
import { useRequest } from '../api/hooks.js';
import { PageError, PageSkeleton } from '../components/PageState.js';
import { ResponsiveTable } from '../components/ResponsiveTable.js';
import { useCan } from '../auth/context.js';
import { fromIso, notFuture, toIso, today, zhDate } from '../lib/format.js';
import { AssessmentHead, YearSelect, bandsText, monthZh } from './assessment/common.js';

type Month = AssessmentView['months'][number];
type Item = Month['items'][number];

const LEVEL_TAG: Record<string, { color: string; zh: string }> = {
  green: { color: 'green', zh: '正常' },
  amber: { color: 'gold', zh: '黄色预警' },
  red: { color: 'red', zh: '红色预警' },
};

function ItemList({ items }: { items: Item[] }) {
  return (
    <Table
      rowKey="key"
      size="small"
      pagination={false}
      dataSource={items}
      columns={[
        { key: 'zh', title: '考核项目', render: (_: unknown, i: Item) => i.zh, width: 120 },
        {
          key: 'score',
          title: '得分',
          width: 110,
          render: (_: unknown, i: Item) => (
            <Space size={4}>
              <span>
                {i.score}/{i.points}
              </span>
              {i.level && <Tag color={LEVEL_TAG[i.level]!.color}>{LEVEL_TAG[i.level]!.zh}</Tag>}
              {i.kind === 'rated' && <Tag>人工评分</Tag>}
            </Space>
          ),
        },
        {
          key: 'evidence',
          title: '依据',
          render: (_: unknown, i: Item) => (
            <div className="jc-assessment-evidence">
              {i.evidence.map((e) => (
                <div key={e}>{e}</div>
              ))}
            </div>
          ),
        },
      ]}
    />
  );
}

export default function AssessmentOrgPage() {
  const { code = '' } = useParams();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const thisYear = Number(today().slice(0, 4));
  const year = Number(params.get('year') ?? thisYear);
  const res = useRequest((s) => assessmentApi.of(code, year, s), [code, year], !!code);
  const org = useRequest((s) => api.org(code, s), [code], !!code);
  const scheme = useRequest((s) => assessmentApi.scheme(s), []);
  const mayRate = useCan('assessment.rate', org.data ?? null);
  const mayManage = useCan('assessment.manage', org.data ?? null);
  const [rateForm] = Form.useForm();
  const [catForm] = Form.useForm();
  const [saving, setSaving] = useState(false);
  if (res.error) return <PageError error={res.error} onRetry={res.reload} />;
  const d = res.data;
  if (!d) return <PageSkeleton />;
  const months = [...d.months].reverse();
  const thisMonth = today().slice(0, 7);
  const monthOptions = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`)
    .filter((m) => m <= thisMonth)
    .reverse()
    .map((m) => ({ value: m, label: monthZh(m) }));

  const submitRating = async () => {
    const v = (await rateForm.validateFields()) as {
      item: string;
      month: string;
      score: number;
      note: string;
    };
    setSaving(true);
    try {
      await assessmentApi.rate(code, v);
      message.success(`已评分：${monthZh(v.month)}起按${v.score}分计`);
      rateForm.resetFields(['score', 'note']);
      res.reload();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  const submitCategory = async () => {
    const v = (await catForm.validateFields()) as {
      category: string;
      from: Parameters<typeof toIso>[0];
      note?: string;
    };
    setSaving(true);
    try {
      await assessmentApi.setCategory(code, {
        category: v.category,
        effectiveFrom: toIso(v.from) ?? today(),
        note: v.note ?? '',
      });
      message.success('已设置考核类别');
      res.reload();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const r = d.result;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <AssessmentHead
        title={`分类考核 · ${d.orgName}`}
        sub={
          <>
            {d.category ? `考核类别：${d.category.zh}` : '尚未设置考核类别'} ·{' '}
            <Link to={`/orgs/${encodeURIComponent(d.org)}?tab=health`}>健康指标与预警</Link>
          </>
        }
      >
        <YearSelect
          year={year}
          onChange={(v) => {
            const next = new URLSearchParams(params);
            next.set('year', String(v));
            setParams(next, { replace: true });
          }}
        />
      </AssessmentHead>
      <Row gutter={[12, 12]}>
        <Col xs={12} md={6}>
          <Card size="small" variant="borderless">
            <Statistic title={`全年累计（${r.months}个月）`} value={r.total} suffix={`/ ${r.max}分`} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small" variant="borderless">
            <Statistic title="月均得分" value={r.average ?? '—'} suffix={r.average === null ? '' : '分'} />
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card size="small" variant="borderless">
            <div className="ant-statistic-title">星级</div>
            <Space size={8} wrap>
              {r.stars > 0 ? <Rate disabled value={r.stars} aria-label={r.starsZh} /> : null}
              <Typography.Text strong>{r.starsZh}</Typography.Text>
            </Space>
          </Card>
        </Col>
      </Row>
      {r.rectifySuggested && (
        <Alert
          type="warning"
          showIcon
          title={`全年星级低于本县设置的${d.rectifyBelowStars}星：在软弱涣散排查中作为参考提示，是否认定由县委组织部决定。`}
        />
      )}
      <Typography.Text type="secondary">星级线：{bandsText(d.bands)}。</Typography.Text>
      <Card size="small" variant="borderless" title="逐月得分">
        {months.length === 0 ? (
          <Empty description={d.category ? '本年度还没有可考核的月份' : '尚未设置考核类别，暂无考核月份'} />
        ) : (
          <ResponsiveTable
            rowKey="month"
            size="small"
            pagination={false}
            dataSource={months}
            expandable={{
              expandedRowRender: (m: Month) => <ItemList items={m.items} />,
              defaultExpandedRowKeys: months.length ? [months[0]!.month] : [],
            }}
            columns={[
              {
                key: 'month',
                title: '月份',
                render: (_: unknown, m: Month) =>
                  `${monthZh(m.month)}${m.through.slice(0, 7) === thisMonth ? `（截至${zhDate(m.through)}）` : ''}`,
              },
              { key: 'category', title: '类别', render: (_: unknown, m: Month) => m.category.zh },
              { key: 'score', title: '得分', render: (_: unknown, m: Month) => `${m.score}分` },
              {
                key: 'items',
                title: '未得满分的项目',
                render: (_: unknown, m: Month) =>
                  m.items
                    .filter((i) => i.score < i.points)
                    .map((i) => `${i.zh}${i.score}/${i.points}`)
                    .join('、') || '无',
              },
            ]}
          />
        )}
      </Card>
      {mayRate && d.ratedItems.length > 0 && (
        <Card size="small" variant="borderless" title="人工评分">
          <Typography.Paragraph type="secondary">
            评分自所选月份起有效，直到下一次评分；须写明理由，记入操作记录。只对党组织评分，不对个人排名。
          </Typography.Paragraph>
          <Form form={rateForm} layout="vertical" initialValues={{ month: monthOptions[0]?.value }}>
            <Row gutter={12}>
              <Col xs={24} md={8}>
                <Form.Item
                  name="item"
                  label="考核项目"
                  rules={[{ required: true, message: '请选择考核项目' }]}
                >
                  <Select
                    aria-label="考核项目"
                    options={d.ratedItems.map((i) => ({
                      value: i.key,
                      label: `${i.zh}（满分${i.points}分）`,
                    }))}
                  />
                </Form.Item>
              </Col>
              <Col xs={12} md={8}>
                <Form.Item name="month" label="月份" rules={[{ required: true, message: '请选择月份' }]}>
                  <Select aria-label="评分月份" options={monthOptions} />
                </Form.Item>
              </Col>
              <Col xs={12} md={8}>
                <Form.Item name="score" label="得分" rules={[{ required: true, message: '请填写得分' }]}>
                  <InputNumber aria-label="得分" min={0} max={100} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item
              name="note"
              label="评分理由"
              rules={[{ required: true, whitespace: true, message: '请填写评分理由' }]}
            >
              <Input.TextArea aria-label="评分理由" rows={2} maxLength={300} />
            </Form.Item>
            <Button type="primary" onClick={submitRating} loading={saving}>
              保存评分
            </Button>
          </Form>
        </Card>
      )}
      <Card size="small" variant="borderless" title="考核类别">
        {d.categories.length > 0 ? (
          <Descriptions size="small" column={1}>
            {d.categories.map((c) => (
              <Descriptions.Item key={c.id} label={`${zhDate(c.effectiveFrom)}起`}>
                {c.zh}（{c.author}
                {c.note ? `：${c.note}` : ''}）
              </Descriptions.Item>
            ))}
          </Descriptions>
        ) : (
          <Typography.Paragraph type="secondary">尚未设置考核类别。</Typography.Paragraph>
        )}
        {mayManage && scheme.data && (
          <Form form={catForm} layout="vertical" initialValues={{ from: fromIso(today()) }}>
            <Row gutter={12}>
              <Col xs={24} md={8}>
                <Form.Item
                  name="category"
                  label="考核类别"
                  rules={[{ required: true, message: '请选择考核类别' }]}
                >
                  <Select
                    aria-label="考核类别"
                    options={scheme.data.scheme.categories.map((c) => ({ value: c.key, label: c.zh }))}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item
                  name="from"
                  label="生效日期"
                  rules={[{ required: true, message: '请选择生效日期' }]}
                >
                  <DatePicker aria-label="生效日期" disabledDate={notFuture} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="note" label="说明">
                  <Input aria-label="说明" maxLength={200} />
                </Form.Item>
              </Col>
            </Row>
            <Button onClick={submitCategory} loading={saving}>
              设置考核类别
            </Button>
          </Form>
        )}
      </Card>
    </Space>
  );
}
