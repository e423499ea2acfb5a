/**
 * 谈心谈话 on the org page's 组织生活 tab (issue 11 item 6, decision 0018): this year's talks, who on the roster has
 * had none with a committee member, and 记录谈心谈话 — a date, the people (two or more), an optional note — in a
 * dialog that works on a phone.
 */
import { useEffect, useState } from 'react';
import dayjs from 'dayjs';
import { Alert, App, Button, DatePicker, Form, Input, Modal, Select, Space, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { OrgView } from '../../../shared/schemas.js';
import { api, errorMessage } from '../../api/client.js';
import { useRequest } from '../../api/hooks.js';
import { DATE_FORMAT, notFuture, toIso, today, zhDate } from '../../lib/format.js';

export function OrgHeartTalks({ org, mayRecord }: { org: OrgView; mayRecord: boolean }) {
  const list = useRequest((s) => api.heartTalks(org.code, undefined, s), [org.code]);
  const [open, setOpen] = useState(false);
  const { message } = App.useApp();
  const d = list.data;
  return (
    <section aria-label="谈心谈话" style={{ marginBottom: 16 }}>
      <div className="jc-life-head">
        <Typography.Title level={5} style={{ margin: 0 }}>
          谈心谈话{d ? `（${d.year}年 ${d.talks.length} 次）` : ''}
        </Typography.Title>
        {mayRecord && org.status === 'active' && (
          <Button icon={<PlusOutlined aria-hidden />} onClick={() => setOpen(true)}>
            记录谈心谈话
          </Button>
        )}
      </div>
      {list.error ? <Alert type="error" showIcon title={errorMessage(list.error)} /> : null}
      {d && (
        <>
          {d.missing.length > 0 ? (
            <div className="jc-life-missing" aria-label="今年还没有与支委谈心谈话的党员">
              今年还没有与支委谈心谈话（{d.missing.length} 人）：
              <Space size={[4, 4]} wrap>
                {d.missing.slice(0, 60).map((m) => (
                  <Tag key={m.memberId} color="orange">
                    {m.name}
                  </Tag>
                ))}
                {d.missing.length > 60 && <span className="jc-muted">等</span>}
              </Space>
            </div>
          ) : (
            <div className="jc-muted">名册上的党员今年都已与支委谈心谈话。</div>
          )}
          {d.talks.length > 0 && (
            <ul className="jc-vote-list" aria-label="谈心谈话记录">
              {d.talks.slice(0, 5).map((t) => (
                <li key={t.id}>
                  {zhDate(t.heldOn)} · {t.people.map((p) => p.name).join('、')}
                  {t.note ? <span className="jc-muted"> · {t.note}</span> : null}
                </li>
              ))}
            </ul>
          )}
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '4px 0 0' }}>
            支委与党员之间每年一般不少于1次（《中国共产党支部工作条例（试行）》）。全年都在名册上的党员都与支委谈过，当年才算完成。
          </Typography.Paragraph>
        </>
      )}
      <TalkDialog
        org={org}
        open={open}
        onClose={() => setOpen(false)}
        onDone={() => {
          setOpen(false);
          message.success('已记录谈心谈话');
          list.reload();
        }}
      />
    </section>
  );
}

function TalkDialog({
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
  const [form] = Form.useForm<{ heldOn: dayjs.Dayjs; memberIds: number[]; note?: string }>();
  const [day, setDay] = useState(today());
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const people = useRequest(
    (s) => api.attendanceTemplate(org.code, day, ['theme_day'], s),
    [org.code, day],
    open,
  );
  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue({ heldOn: dayjs(), memberIds: [] });
    setDay(today());
  }, [open, form]);
  const options = (people.data?.people ?? []).map((p) => ({
    value: p.memberId,
    label: p.post
      ? `${p.name}（${p.post === 'secretary' ? '书记' : p.post === 'deputy_secretary' ? '副书记' : '委员'}）`
      : p.name,
  }));
  const submit = async (v: { heldOn: dayjs.Dayjs; memberIds: number[]; note?: string }) => {
    setSaving(true);
    setError(null);
    try {
      await api.recordHeartTalk(org.code, {
        heldOn: toIso(v.heldOn) ?? today(),
        memberIds: v.memberIds,
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
      title="记录谈心谈话"
      open={open}
      onCancel={onClose}
      onOk={() => form.validateFields().then(submit, () => undefined)}
      okText="保存"
      cancelText="取消"
      confirmLoading={saving}
      forceRender
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form name="heart-talk" form={form} layout="vertical">
        <Form.Item name="heldOn" label="谈话日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker
            style={{ width: '100%' }}
            format={DATE_FORMAT}
            disabledDate={notFuture}
            inputReadOnly
            allowClear={false}
            onChange={(d) => setDay(toIso(d) ?? today())}
          />
        </Form.Item>
        <Form.Item
          name="memberIds"
          label="谈话人员（两人以上；支委与党员谈话计入每年的要求）"
          rules={[{ required: true, type: 'array', min: 2, message: '请至少选择两人' }]}
        >
          <Select
            mode="multiple"
            showSearch
            optionFilterProp="label"
            options={options}
            placeholder="选择谈话人员"
            aria-label="谈话人员"
            loading={people.loading}
          />
        </Form.Item>
        <Form.Item name="note" label="谈话要点（可不填）">
          <Input.TextArea rows={2} maxLength={500} aria-label="谈话要点" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
