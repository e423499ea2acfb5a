/**
 * `/orgs/:code/reviews/:year/:secretaryOrg`: one secretary's 述职评议 (decision 0037) — the written report (entered
 * once), the democratic assessment's votes per grade with the grade the local rule suggests (the same
 * `suggestGrade` the server uses), the grade decided (a reason when it departs from the suggestion), the problems
 * pointed out and the rectification items (one a line), and the follow-ups the grade calls for, each recorded by a
 * person (约谈, 调整意见, 是否列为软弱涣散). One column on a phone.
 */
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  List,
  Radio,
  Space,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { suggestGrade, REVIEW_GRADES, type Tally } from '../../domain/reviews/secretary-review.js';
import { REVIEW_GRADE_LABELS, type ReviewEntryView, type ReviewGradeCode } from '../../shared/reviews.js';
import { errorMessage } from '../api/client.js';
import { reviewsApi } from '../api/reviews.js';
import { useRequest } from '../api/hooks.js';
import { PageError, PageSkeleton } from '../components/PageState.js';
import { DATE_FORMAT, notFuture, toIso, zhDate } from '../lib/format.js';
import { GradeTag } from './ReviewRoundPage.js';

interface Values {
  report: string;
  tally: Partial<Tally>;
  grade: ReviewGradeCode | null;
  gradeNote: string;
  problems: string;
  rectification: string;
}

const fullTally = (t: Partial<Tally> | undefined): Tally | null =>
  t && REVIEW_GRADES.some((g) => typeof t[g] === 'number')
    ? { good: t.good ?? 0, fairly_good: t.fairly_good ?? 0, average: t.average ?? 0, poor: t.poor ?? 0 }
    : null;

export default function ReviewEntryPage() {
  const { code = '', year: y = '', secretaryOrg = '' } = useParams();
  const year = Number(y);
  const { message } = App.useApp();
  const res = useRequest((s) => reviewsApi.entry(code, year, secretaryOrg, s), [code, year, secretaryOrg]);
  const round = useRequest((s) => reviewsApi.round(code, year, s), [code, year]);
  const [entry, setEntry] = useState<ReviewEntryView | undefined>(undefined);
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const tally = Form.useWatch('tally', form);
  const grade = Form.useWatch('grade', form);

  useEffect(() => {
    if (res.data) setEntry(res.data);
  }, [res.data]);

  if (res.error) return <PageError error={res.error} onRetry={res.reload} />;
  if (!entry || !round.data) return <PageSkeleton rows={10} />;
  const e = entry;
  const canManage = round.data.canManage;
  const settings = round.data.settings;
  const t = fullTally(tally);
  const suggested = t ? suggestGrade(t, settings.majorityPercent) : null;
  const back = `/orgs/${encodeURIComponent(code)}/reviews?year=${year}`;

  const save = async (v: Values) => {
    setSaving(true);
    setError(null);
    try {
      const r = await reviewsApi.saveEntry(code, year, secretaryOrg, {
        report: v.report ?? '',
        tally: fullTally(v.tally),
        grade: v.grade ?? null,
        gradeNote: v.gradeNote ?? '',
        problems: v.problems ?? '',
        rectification: (v.rectification ?? '')
          .split('\n')
          .map((x) => x.trim())
          .filter(Boolean),
      });
      setEntry(r);
      message.success('已保存');
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="jc-page">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {year}年度述职评议 · {e.orgName} {e.name}
      </Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <Link to={back}>返回述职名单</Link>
        <span>
          当前等次 <GradeTag grade={e.grade} />
        </span>
        {round.data.round?.heldOn ? (
          <Typography.Text type="secondary">评议会议 {zhDate(round.data.round.heldOn)}</Typography.Text>
        ) : (
          <Typography.Text type="warning">评议会议尚未记录：记录后才能评定等次</Typography.Text>
        )}
      </Space>

      {e.followUps.length > 0 && (
        <FollowUps
          e={e}
          canManage={canManage}
          onChange={setEntry}
          send={(body) => reviewsApi.followUp(code, year, secretaryOrg, body)}
        />
      )}

      <Card variant="borderless" title="述职与评定">
        <Form
          form={form}
          layout="vertical"
          disabled={!canManage}
          onFinish={save}
          initialValues={{
            report: e.report,
            tally: e.tally ?? {},
            grade: e.grade,
            gradeNote: e.gradeNote,
            problems: e.problems,
            rectification: e.rectification.join('\n'),
          }}
        >
          <Form.Item name="report" label="述职报告">
            <Input.TextArea
              autoSize={{ minRows: 5, maxRows: 16 }}
              aria-label="述职报告"
              placeholder="书记抓基层党建工作述职报告全文"
            />
          </Form.Item>
          <Typography.Text strong>民主测评票数（可不填）</Typography.Text>
          <Space wrap style={{ margin: '8px 0 4px' }}>
            {REVIEW_GRADES.map((g) => (
              <Form.Item
                key={g}
                name={['tally', g]}
                label={REVIEW_GRADE_LABELS[g]}
                style={{ marginBottom: 0 }}
              >
                <InputNumber
                  min={0}
                  precision={0}
                  aria-label={`${REVIEW_GRADE_LABELS[g]}票数`}
                  style={{ width: 90 }}
                />
              </Form.Item>
            ))}
          </Space>
          <div style={{ marginBottom: 12 }}>
            {suggested ? (
              <Typography.Text>
                按本县口径（某等次及以上票数超过 {settings.majorityPercent}%）建议等次：
                <GradeTag grade={suggested} />
              </Typography.Text>
            ) : (
              <Typography.Text type="secondary">录入票数后显示建议等次；等次由党组织评定。</Typography.Text>
            )}
          </div>
          <Form.Item name="grade" label="评定等次">
            <Radio.Group
              aria-label="评定等次"
              optionType="button"
              options={REVIEW_GRADES.map((g) => ({ value: g, label: REVIEW_GRADE_LABELS[g] }))}
            />
          </Form.Item>
          {grade && suggested && grade !== suggested && (
            <Form.Item
              name="gradeNote"
              label="与建议等次不同的理由"
              rules={[{ required: true, whitespace: true, message: '请说明理由' }]}
            >
              <Input.TextArea autoSize={{ minRows: 2 }} aria-label="与建议等次不同的理由" />
            </Form.Item>
          )}
          <Form.Item name="problems" label="指出的问题">
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} aria-label="指出的问题" />
          </Form.Item>
          <Form.Item name="rectification" label="整改事项（每行一条）">
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 10 }} aria-label="整改事项" />
          </Form.Item>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
          {canManage && (
            <Button type="primary" htmlType="submit" loading={saving}>
              保存
            </Button>
          )}
        </Form>
      </Card>
    </div>
  );
}

function FollowUps({
  e,
  canManage,
  onChange,
  send,
}: {
  e: ReviewEntryView;
  canManage: boolean;
  onChange: (e: ReviewEntryView) => void;
  send: (body: {
    kind: 'talk' | 'adjust' | 'screen';
    on: string | null;
    note?: string | null;
  }) => Promise<ReviewEntryView>;
}) {
  const [editing, setEditing] = useState<'talk' | 'adjust' | 'screen' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ on: Dayjs | null; note: string }>();
  const recorded = (k: string) =>
    k === 'talk'
      ? e.talkOn && `${zhDate(e.talkOn)} 已约谈${e.talkNote ? `：${e.talkNote}` : ''}`
      : k === 'adjust'
        ? e.adjustOn && `${zhDate(e.adjustOn)}：${e.adjustNote ?? ''}`
        : k === 'screen'
          ? e.screenedConfirmed
            ? '县委组织部已认定为软弱涣散党组织'
            : e.screenOn && `${zhDate(e.screenOn)}：${e.screenNote ?? ''}`
          : e.rectification.length
            ? `已列整改事项 ${e.rectification.length} 条`
            : null;
  const submit = async (v: { on: Dayjs | null; note: string }) => {
    if (!editing) return;
    setError(null);
    try {
      onChange(await send({ kind: editing, on: toIso(v.on), note: v.note ?? '' }));
      setEditing(null);
      form.resetFields();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <Card variant="borderless" title="结果运用" style={{ marginBottom: 16 }}>
      <List
        size="small"
        dataSource={e.followUps}
        renderItem={(f) => (
          <List.Item
            actions={
              canManage && f.kind !== 'rectify' && !(f.kind === 'screen' && e.screenedConfirmed)
                ? [
                    <Button
                      key="r"
                      size="small"
                      onClick={() => setEditing(f.kind as 'talk' | 'adjust' | 'screen')}
                    >
                      记录
                    </Button>,
                  ]
                : []
            }
          >
            <Space direction="vertical" size={0}>
              <span>
                {f.done ? <Tag color="green">已办</Tag> : <Tag color="orange">待办</Tag>}
                {f.zh}
              </span>
              {recorded(f.kind) && <Typography.Text type="secondary">{recorded(f.kind)}</Typography.Text>}
              {f.kind === 'screen' && !f.done && (
                <Typography.Text type="secondary">
                  在<Link to="/screening">软弱涣散排查</Link>
                  中本组织已提示第2类（书记不胜任），由县委组织部认定。
                </Typography.Text>
              )}
            </Space>
          </List.Item>
        )}
      />
      {editing && (
        <Form form={form} layout="vertical" onFinish={submit} style={{ marginTop: 12 }}>
          <Form.Item name="on" label="日期" rules={[{ required: true, message: '请选择日期' }]}>
            <DatePicker format={DATE_FORMAT} disabledDate={notFuture} inputReadOnly aria-label="日期" />
          </Form.Item>
          <Form.Item
            name="note"
            label={editing === 'talk' ? '约谈情况' : editing === 'adjust' ? '调整意见' : '研究意见'}
          >
            <Input.TextArea autoSize={{ minRows: 2 }} aria-label="说明" />
          </Form.Item>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
          <Space>
            <Button type="primary" htmlType="submit">
              保存
            </Button>
            <Button onClick={() => setEditing(null)}>取消</Button>
          </Space>
        </Form>
      )}
    </Card>
  );
}
