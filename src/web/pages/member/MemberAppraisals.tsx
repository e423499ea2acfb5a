/**
 * A member's democratic appraisal results by year on the member page's 组织生活 tab (issue 11 item 5, decision 0030):
 * the grade, the organisational disposal the branch recorded for a 不合格 result, and what the result still asks of
 * the branch. 记录组织处置 (限期改正 with its last day, 劝退, 除名) is a decision people took; the status change itself
 * stays 党籍处置.
 */
import { useEffect, useState } from 'react';
import dayjs from 'dayjs';
import { Link } from 'react-router-dom';
import { Alert, App, Button, DatePicker, Form, Input, Modal, Radio, Tag, Typography } from 'antd';
import { ResponsiveTable } from '../../components/ResponsiveTable.js';
import {
  FOLLOW_UP_ZH,
  FOLLOW_UPS,
  GRADE_ZH,
  TODO_ZH,
  type AppraisalFollowUp,
} from '../../../domain/member/appraisal.js';
import type { MemberAppraisalView } from '../../../shared/life.js';
import { api, errorMessage } from '../../api/client.js';
import { useRequest } from '../../api/hooks.js';
import { DATE_FORMAT, notFuture, toIso, today, zhDate } from '../../lib/format.js';

const GRADE_COLOR = {
  excellent: 'red',
  qualified: 'green',
  basically_qualified: 'orange',
  unqualified: 'volcano',
};

export function MemberAppraisals({ memberId }: { memberId: number }) {
  const res = useRequest((s) => api.memberAppraisals(memberId, s), [memberId]);
  const [editing, setEditing] = useState<MemberAppraisalView | null>(null);
  const { message } = App.useApp();
  const rows = res.data?.appraisals ?? [];
  return (
    <section aria-label="民主评议等次" style={{ marginTop: 16 }}>
      <Typography.Title level={5}>历年民主评议</Typography.Title>
      {res.error ? <Alert type="error" showIcon title={errorMessage(res.error)} /> : null}
      {res.data && rows.length === 0 && <div className="jc-muted">还没有民主评议等次记录。</div>}
      {rows.length > 0 && (
        <ResponsiveTable<MemberAppraisalView>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={rows}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: '年度', dataIndex: 'year', width: 70 },
            {
              title: '等次',
              dataIndex: 'grade',
              width: 110,
              render: (g: MemberAppraisalView['grade']) =>
                g ? (
                  <Tag color={GRADE_COLOR[g]}>{GRADE_ZH[g]}</Tag>
                ) : (
                  <span className="jc-muted">不评定（预备党员）</span>
                ),
            },
            {
              title: '评议会议',
              key: 'meeting',
              render: (_: unknown, r) => (
                <span>
                  {zhDate(r.heldOn)} · {r.orgName}
                </span>
              ),
            },
            {
              title: '结果运用',
              key: 'follow',
              render: (_: unknown, r) => (
                <div>
                  {r.followUp && (
                    <div>
                      {FOLLOW_UP_ZH[r.followUp]}（{zhDate(r.followUpOn!)}决定
                      {r.followUpUntil ? `，期限至${zhDate(r.followUpUntil)}` : ''}）
                      {r.followUpNote ? <span className="jc-muted"> {r.followUpNote}</span> : null}
                    </div>
                  )}
                  {r.toDo && <Tag color="orange">{TODO_ZH[r.toDo]}</Tag>}
                  {r.toDo === 'decision_due' && <span className="jc-muted">请在“党籍处置”中办理</span>}
                  {r.grade === 'unqualified' && r.canWrite && (
                    <Button size="small" type="link" onClick={() => setEditing(r)}>
                      {r.followUp ? '修改组织处置' : '记录组织处置'}
                    </Button>
                  )}
                  {!r.followUp && !r.toDo && r.grade !== 'unqualified' && <span className="jc-muted">—</span>}
                </div>
              ),
            },
            {
              title: '',
              key: 'actions',
              width: 90,
              render: (_: unknown, r) =>
                r.canWrite ? (
                  <Link to={`/meetings/${r.meetingId}/appraisal?from=member&member=${memberId}`}>评定表</Link>
                ) : null,
            },
          ]}
        />
      )}
      <FollowUpDialog
        appraisal={editing}
        onClose={() => setEditing(null)}
        onDone={() => {
          setEditing(null);
          message.success('已记录组织处置');
          res.reload();
        }}
      />
    </section>
  );
}

interface FollowUpForm {
  followUp: AppraisalFollowUp;
  on: dayjs.Dayjs;
  until?: dayjs.Dayjs;
  note?: string;
}

function FollowUpDialog({
  appraisal,
  onClose,
  onDone,
}: {
  appraisal: MemberAppraisalView | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const [form] = Form.useForm<FollowUpForm>();
  const kind = Form.useWatch('followUp', form);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!appraisal) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue({
      followUp: appraisal.followUp ?? 'rectify',
      on: dayjs(appraisal.followUpOn ?? today()),
      ...(appraisal.followUpUntil ? { until: dayjs(appraisal.followUpUntil) } : {}),
      note: appraisal.followUpNote ?? '',
    });
  }, [appraisal, form]);
  const submit = async (v: FollowUpForm) => {
    if (!appraisal) return;
    setSaving(true);
    setError(null);
    try {
      await api.recordFollowUp(appraisal.id, {
        followUp: v.followUp,
        on: toIso(v.on) ?? today(),
        until: v.followUp === 'rectify' ? (toIso(v.until ?? null) ?? null) : null,
        note: v.note?.trim() || null,
      });
      onDone();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      title="记录组织处置（不合格党员）"
      open={appraisal !== null}
      onCancel={onClose}
      onOk={() => form.validateFields().then(submit, () => undefined)}
      okText="保存"
      cancelText="取消"
      confirmLoading={saving}
      forceRender
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        记录支部研究作出的决定。劝退、除名还须在“党籍处置”中按程序办理，党员状态才会改变。
      </Typography.Paragraph>
      <Form name="appraisal-follow-up" form={form} layout="vertical">
        <Form.Item name="followUp" label="组织处置" rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={FOLLOW_UPS.map((f) => ({ value: f, label: FOLLOW_UP_ZH[f] }))}
          />
        </Form.Item>
        <Form.Item name="on" label="决定日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker
            style={{ width: '100%' }}
            format={DATE_FORMAT}
            disabledDate={notFuture}
            inputReadOnly
            allowClear={false}
          />
        </Form.Item>
        {kind === 'rectify' && (
          <Form.Item
            name="until"
            label="改正期限"
            rules={[{ required: true, message: '限期改正须写明期限' }]}
          >
            <DatePicker style={{ width: '100%' }} format={DATE_FORMAT} inputReadOnly />
          </Form.Item>
        )}
        <Form.Item name="note" label="说明（可不填）">
          <Input.TextArea rows={2} maxLength={500} aria-label="说明" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
