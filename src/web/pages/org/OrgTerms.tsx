/**
 * 换届 on the org page (issue 11 item 7, decision 0023): when the election is due (the term's end, or the day an
 * approved postponement or advance moved it to), the warning it is under, the elections recorded, and the actions
 * 记录选举结果 (the election form) and 延期或提前换届 (a dialog: the approving org and its document number).
 */
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import dayjs from 'dayjs';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Modal,
  Radio,
  Space,
  Tag,
  Typography,
} from 'antd';
import { FieldTimeOutlined, TrophyOutlined } from '@ant-design/icons';
import type { OrgView } from '../../../shared/schemas.js';
import type { OrgTerm, TermStatusCode } from '../../../shared/life.js';
import { api, errorMessage } from '../../api/client.js';
import { useRequest } from '../../api/hooks.js';
import { DATE_FORMAT, notFuture, toIso, zhDate } from '../../lib/format.js';

const STATUS: Record<TermStatusCode, { zh: string; color: string }> = {
  ok: { zh: '任期内', color: 'green' },
  due_6m: { zh: '半年内到期', color: 'gold' },
  due_3m: { zh: '三个月内到期', color: 'orange' },
  due_1m: { zh: '一个月内到期', color: 'volcano' },
  overdue: { zh: '已逾期未换届', color: 'red' },
  postponed: { zh: '经批准延期', color: 'blue' },
  none: { zh: '未记录任期', color: 'default' },
};

export function TermStatusTag({ status }: { status: TermStatusCode }) {
  const s = STATUS[status];
  return <Tag color={s.color}>{s.zh}</Tag>;
}

/** 应于2026年12月10日前换届（经中共甲镇委员会批准延期，甲组〔2026〕5号） */
export function termDueText(t: OrgTerm): string {
  if (!t.termEnds) return '未记录本届任期';
  const moved = t.change
    ? `（法定届满${zhDate(t.statutoryEnd)}，经${t.change.approvedBy}批准${t.change.kind === 'postpone' ? '延期' : '提前'}，${t.change.documentNo}）`
    : '';
  return `应于${zhDate(t.termEnds)}前完成换届${moved}`;
}

const METHOD_ZH = { general_meeting: '党员大会', congress: '党员代表大会' } as const;

export function OrgTerms({
  org,
  mayWrite,
  onChanged,
}: {
  org: OrgView;
  mayWrite: boolean;
  onChanged: () => void;
}) {
  const navigate = useNavigate();
  const res = useRequest((s) => api.orgElections(org.code, s), [org.code, org.currentTerm?.electedOn]);
  const [moving, setMoving] = useState(false);
  // the dialog (a form with two date pickers) is built the first time it opens, not with the page: drawn hidden with
  // the figures it cost the county page a long task and antd's modal styles before its charts (issue 10)
  const [movingBuilt, setMovingBuilt] = useState(false);
  const d = res.data;
  if (!org.currentTerm && org.defaultTermYears === null) return null;
  return (
    <Card variant="borderless" style={{ marginBottom: 16 }} title="换届" aria-label="换届">
      {res.error ? <Alert type="error" showIcon title={errorMessage(res.error)} /> : null}
      {d && (
        <Space orientation="vertical" size={8} style={{ width: '100%' }}>
          <Space wrap size={8}>
            <TermStatusTag status={d.term.status} />
            <Typography.Text strong>{termDueText(d.term)}</Typography.Text>
          </Space>
          {mayWrite && org.status === 'active' && (
            <Space wrap>
              <Button
                type="primary"
                icon={<TrophyOutlined aria-hidden />}
                onClick={() => navigate(`/orgs/${encodeURIComponent(org.code)}/elections/new`)}
              >
                记录选举结果
              </Button>
              {d.term.electedOn && (
                <Button
                  icon={<FieldTimeOutlined aria-hidden />}
                  onClick={() => {
                    setMovingBuilt(true);
                    setMoving(true);
                  }}
                >
                  延期或提前换届
                </Button>
              )}
            </Space>
          )}
          {d.elections.length > 0 && (
            <ul className="jc-vote-list" aria-label="历次换届选举">
              {d.elections.slice(0, 3).map((e) => (
                <li key={e.id}>
                  <Space wrap size={[8, 2]}>
                    <span>
                      {zhDate(e.heldOn)} · {METHOD_ZH[e.method]} · 应到{e.entitled}人，实到{e.present}人
                    </span>
                    {e.valid ? <Tag color="green">有效</Tag> : <Tag color="red">无效</Tag>}
                  </Space>
                  <div className="jc-muted">
                    {e.valid
                      ? `当选：${
                          e.candidates
                            .filter((c) => c.elected)
                            .map((c) => c.name)
                            .join('、') || '无'
                        }`
                      : e.reason}
                  </div>
                  {e.warnings.map((w) => (
                    <div key={w} className="jc-muted" style={{ color: '#d46b08' }}>
                      {w}
                    </div>
                  ))}
                </li>
              ))}
            </ul>
          )}
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: 0 }}>
            支部委员会、总支部委员会每届一般3年，党委和村、社区党组织每届5年；届满应按期换届，延期或提前须经上级党组织批准，一般不超过1年（《中国共产党基层组织选举工作条例》第三条）。
          </Typography.Paragraph>
        </Space>
      )}
      {d && movingBuilt && (
        <TermChangeModal
          org={org}
          term={d.term}
          open={moving}
          onClose={() => setMoving(false)}
          onDone={() => {
            setMoving(false);
            res.reload();
            onChanged();
          }}
        />
      )}
    </Card>
  );
}

interface ChangeValues {
  kind: 'postpone' | 'advance';
  dueOn: dayjs.Dayjs;
  approvedBy: string;
  documentNo: string;
  approvedOn: dayjs.Dayjs;
  note?: string;
}

function TermChangeModal({
  org,
  term,
  open,
  onClose,
  onDone,
}: {
  org: OrgView;
  term: OrgTerm;
  open: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const [form] = Form.useForm<ChangeValues>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { message } = App.useApp();
  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue({ kind: 'postpone', approvedOn: dayjs(), approvedBy: org.parentName ?? '' });
  }, [open, form, org.parentName]);
  const submit = async (v: ChangeValues) => {
    setSaving(true);
    setError(null);
    try {
      await api.recordTermChange(org.code, {
        kind: v.kind,
        dueOn: toIso(v.dueOn)!,
        approvedBy: v.approvedBy,
        documentNo: v.documentNo,
        approvedOn: toIso(v.approvedOn)!,
        note: v.note?.trim() || null,
      });
      message.success('已记录');
      onDone();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      title="延期或提前换届"
      open={open}
      onCancel={onClose}
      onOk={() => form.validateFields().then(submit, () => undefined)}
      okText="保存"
      cancelText="取消"
      confirmLoading={saving}
      forceRender
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Typography.Paragraph type="secondary">
        本届任期{zhDate(term.statutoryEnd)}届满。延期或提前须报上级党组织批准，一般不超过1年。
      </Typography.Paragraph>
      <Form name="term-change" form={form} layout="vertical">
        <Form.Item name="kind" label="类型">
          <Radio.Group
            optionType="button"
            options={[
              { value: 'postpone', label: '延期换届' },
              { value: 'advance', label: '提前换届' },
            ]}
          />
        </Form.Item>
        <Form.Item name="dueOn" label="批准的换届期限" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker
            style={{ width: '100%' }}
            format={DATE_FORMAT}
            inputReadOnly
            aria-label="批准的换届期限"
          />
        </Form.Item>
        <Form.Item
          name="approvedBy"
          label="批准的上级党组织"
          rules={[{ required: true, message: '请填写批准组织' }]}
        >
          <Input maxLength={100} aria-label="批准的上级党组织" />
        </Form.Item>
        <Form.Item name="documentNo" label="批准文号" rules={[{ required: true, message: '请填写批准文号' }]}>
          <Input maxLength={60} placeholder="如：甲组〔2026〕5号" aria-label="批准文号" />
        </Form.Item>
        <Form.Item name="approvedOn" label="批准日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker style={{ width: '100%' }} format={DATE_FORMAT} disabledDate={notFuture} inputReadOnly />
        </Form.Item>
        <Form.Item name="note" label="备注（可不填）">
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
