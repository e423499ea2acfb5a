/**
 * `/orgs/:code/reviews?year=`: a committee's 书记抓基层党建述职评议 of a year (issue 14 item 5, decision 0037) — the
 * county committee its township secretaries, a township committee its branch secretaries. The secretaries in post
 * on the list day with their report status and grade, the review meeting (day, how many took part), the follow-ups
 * the grades call for as to-dos (people record them on the secretary's page), and the rounds of the committees
 * below. One column of cards on a phone.
 */
import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  InputNumber,
  List,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { REVIEW_GRADE_LABELS, type ReviewEntryView, type ReviewGradeCode } from '../../shared/reviews.js';
import { errorMessage } from '../api/client.js';
import { reviewsApi } from '../api/reviews.js';
import { useRequest } from '../api/hooks.js';
import { PageError, PageSkeleton } from '../components/PageState.js';
import { ResponsiveTable } from '../components/ResponsiveTable.js';
import { DATE_FORMAT, fromIso, notFuture, toIso, today, zhDate } from '../lib/format.js';

const GRADE_COLOR: Record<ReviewGradeCode, string> = {
  good: 'green',
  fairly_good: 'blue',
  average: 'orange',
  poor: 'red',
};

export function GradeTag({ grade }: { grade: ReviewGradeCode | null }) {
  return grade ? <Tag color={GRADE_COLOR[grade]}>{REVIEW_GRADE_LABELS[grade]}</Tag> : <Tag>未评定</Tag>;
}

export default function ReviewRoundPage() {
  const { code = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const thisYear = Number(today().slice(0, 4));
  const year = Number(search.get('year') ?? thisYear) || thisYear;
  const navigate = useNavigate();
  const { message } = App.useApp();
  const res = useRequest((s) => reviewsApi.round(code, year, s), [code, year]);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ asOf: Dayjs | null; heldOn: Dayjs | null; participants: number | null }>();

  if (res.error) return <PageError error={res.error} onRetry={res.reload} />;
  const d = res.data;
  if (!d) return <PageSkeleton rows={8} />;

  const save = async (v: { asOf: Dayjs | null; heldOn: Dayjs | null; participants: number | null }) => {
    setSaving(true);
    setError(null);
    try {
      await reviewsApi.open(code, {
        year,
        asOf: toIso(v.asOf),
        heldOn: toIso(v.heldOn),
        participants: v.participants ?? null,
      });
      message.success(d.round ? '已保存评议会议' : `已开始${year}年度书记述职评议`);
      res.reload();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const years = Array.from({ length: 5 }, (_, i) => thisYear - i);
  const open = (s: ReviewEntryView) =>
    navigate(`/orgs/${encodeURIComponent(code)}/reviews/${year}/${encodeURIComponent(s.orgCode)}`);

  return (
    <div className="jc-page">
      <Space wrap style={{ justifyContent: 'space-between', width: '100%', marginBottom: 12 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          书记述职评议 · {d.orgName}
        </Typography.Title>
        <Select
          aria-label="评议年度"
          value={year}
          style={{ width: 120 }}
          options={years.map((y) => ({ value: y, label: `${y}年度` }))}
          onChange={(y) => setSearch({ year: String(y) })}
        />
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
        {d.source}
      </Typography.Paragraph>
      {!d.reviewing && (
        <Alert
          type="info"
          showIcon
          title="书记述职评议由县委、乡镇（街道）党（工）委组织，评议其直接下级党组织的书记。"
          style={{ marginBottom: 16 }}
        />
      )}

      {d.reviewing && (
        <Card variant="borderless" title={`${year}年度评议`} style={{ marginBottom: 16 }}>
          {d.round ? (
            <Descriptions
              size="small"
              column={{ xs: 1, sm: 2, lg: 4 }}
              items={[
                { key: 'asOf', label: '述职名单日期', children: zhDate(d.round.asOf) },
                {
                  key: 'held',
                  label: '评议会议',
                  children: d.round.heldOn ? zhDate(d.round.heldOn) : '尚未召开',
                },
                {
                  key: 'people',
                  label: '参加人数',
                  children: d.round.participants === null ? '—' : `${d.round.participants}人`,
                },
                {
                  key: 'counts',
                  label: '进度',
                  children: `述职 ${d.counts.reported}/${d.counts.reporters} 人，已评定 ${d.counts.graded} 人`,
                },
              ]}
            />
          ) : (
            <Typography.Paragraph>
              {year}年度书记述职评议尚未开始。开始后，按名单日期在任的书记列出述职名单。
            </Typography.Paragraph>
          )}
          {d.canManage && (
            <Form
              // remounted once the round is opened (and per year), so the new fields take their initial values
              key={`${year}-${d.round ? 'open' : 'new'}`}
              form={form}
              layout="inline"
              onFinish={save}
              style={{ marginTop: 12, rowGap: 8 }}
              initialValues={{
                asOf: fromIso(d.round?.asOf ?? (year === thisYear ? today() : `${year}-12-31`)),
                // an opened round without its meeting yet: today, for the person to confirm or change
                heldOn: fromIso(d.round ? (d.round.heldOn ?? (year === thisYear ? today() : null)) : null),
                participants: d.round?.participants ?? null,
              }}
            >
              <Form.Item name="asOf" label="述职名单日期" rules={[{ required: true, message: '请选择日期' }]}>
                <DatePicker
                  format={DATE_FORMAT}
                  disabledDate={notFuture}
                  inputReadOnly
                  aria-label="述职名单日期"
                />
              </Form.Item>
              {d.round && (
                <>
                  <Form.Item name="heldOn" label="评议会议日期">
                    <DatePicker
                      format={DATE_FORMAT}
                      disabledDate={notFuture}
                      inputReadOnly
                      aria-label="评议会议日期"
                    />
                  </Form.Item>
                  <Form.Item name="participants" label="参加人数">
                    <InputNumber min={1} precision={0} aria-label="参加人数" />
                  </Form.Item>
                </>
              )}
              <Form.Item>
                <Button type="primary" htmlType="submit" loading={saving}>
                  {d.round ? '保存评议会议' : `开始${year}年度述职评议`}
                </Button>
              </Form.Item>
            </Form>
          )}
          {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
        </Card>
      )}

      {d.toDos.length > 0 && (
        <Card variant="borderless" title={`结果运用待办（${d.toDos.length}）`} style={{ marginBottom: 16 }}>
          <List
            size="small"
            dataSource={d.toDos}
            renderItem={(t) => (
              <List.Item>
                <Link
                  to={`/orgs/${encodeURIComponent(code)}/reviews/${year}/${encodeURIComponent(t.orgCode)}`}
                >
                  {t.orgName} {t.name}
                </Link>
                ：{t.zh}
              </List.Item>
            )}
          />
          <Typography.Text type="secondary">
            只作提示：约谈、整改、是否列为软弱涣散、书记调整，均由党组织研究决定后在此记录。
          </Typography.Text>
        </Card>
      )}

      {d.reviewing && (
        <Card variant="borderless" title="述职名单" style={{ marginBottom: 16 }}>
          <ResponsiveTable<ReviewEntryView>
            rowKey="orgCode"
            dataSource={d.secretaries}
            pagination={false}
            cardTitle={(s) => `${s.orgName} · ${s.name ?? '书记空缺'}`}
            columns={[
              { key: 'org', title: '党组织', dataIndex: 'orgName' },
              { key: 'name', title: '书记', render: (_, s) => s.name ?? <Tag>书记空缺</Tag> },
              {
                key: 'report',
                title: '述职报告',
                render: (_, s) => (s.report.trim() ? <Tag color="green">已录入</Tag> : <Tag>未录入</Tag>),
              },
              { key: 'grade', title: '等次', render: (_, s) => <GradeTag grade={s.grade} /> },
              {
                key: 'followUps',
                title: '结果运用',
                render: (_, s) =>
                  s.followUps.length === 0
                    ? '—'
                    : `${s.followUps.filter((f) => f.done).length}/${s.followUps.length} 项已办`,
              },
              {
                key: 'act',
                title: '',
                render: (_, s) =>
                  s.memberId !== null && d.round ? (
                    <Button size="small" aria-label={`${s.orgName} 述职与评定`} onClick={() => open(s)}>
                      {d.canManage ? '述职与评定' : '查看'}
                    </Button>
                  ) : null,
              },
            ]}
          />
        </Card>
      )}

      {d.below.length > 0 && (
        <Card variant="borderless" title="下级党委的评议">
          <ResponsiveTable
            rowKey="orgCode"
            dataSource={d.below}
            pagination={false}
            columns={[
              {
                key: 'org',
                title: '党委',
                render: (_, b) => (
                  <Link to={`/orgs/${encodeURIComponent(b.orgCode)}/reviews?year=${year}`}>{b.orgName}</Link>
                ),
              },
              {
                key: 'held',
                title: '评议会议',
                render: (_, b) => (b.heldOn ? zhDate(b.heldOn) : '尚未召开'),
              },
              { key: 'n', title: '述职', render: (_, b) => `${b.entries}人` },
              {
                key: 'grades',
                title: '等次',
                render: (_, b) => `好 ${b.good} · 较好 ${b.fairlyGood} · 一般 ${b.average} · 差 ${b.poor}`,
              },
            ]}
          />
        </Card>
      )}
    </div>
  );
}
