/** The dated changes of a member's standing (转正, 转接, 转出, 停止/恢复党籍, 出党, 取消资格, 去世). */
import { useEffect, useState } from 'react';
import { Alert, App, DatePicker, Form, Input, Modal, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { addYears } from '../../../shared/dates.js';
import {
  MemberEventCreateSchema,
  REMOVAL_KINDS,
  type MemberDetail,
  type MemberEventKind,
} from '../../../shared/schemas.js';
import { api } from '../../api/client.js';
import { OrgPicker } from '../../components/OrgPicker.js';
import { applyIssues, submitErrorText, text, zodIssues } from '../../lib/forms.js';
import { DATE_FORMAT, fromIso, notFuture, options, toIso, today, zhDate } from '../../lib/format.js';

export interface EventAction {
  kind: MemberEventKind;
  /** button text */
  button: string;
  dateLabel: string;
  danger?: boolean;
}

export const EVENT_ACTIONS: Record<MemberEventKind, EventAction> = {
  confirm: { kind: 'confirm', button: '转正', dateLabel: '转正日期' },
  move: { kind: 'move', button: '转到其他组织', dateLabel: '转接日期' },
  transfer_out: { kind: 'transfer_out', button: '转出', dateLabel: '转出日期' },
  suspend: { kind: 'suspend', button: '停止党籍', dateLabel: '停止党籍日期', danger: true },
  reinstate: { kind: 'reinstate', button: '恢复党籍', dateLabel: '恢复党籍日期' },
  remove: { kind: 'remove', button: '出党', dateLabel: '出党日期', danger: true },
  revoke: { kind: 'revoke', button: '取消预备党员资格', dateLabel: '取消资格日期', danger: true },
  decease: { kind: 'decease', button: '去世', dateLabel: '去世日期', danger: true },
};

/**
 * Which changes make sense for a member in a given status (the server has the final word). 停止/恢复党籍、出党和去世
 * are status decisions with their deciding and approving orgs (党籍处置, decision 0026), not plain events.
 */
export const ACTIONS_BY_STATUS: Record<string, MemberEventKind[]> = {
  probationary: ['confirm', 'move', 'transfer_out', 'revoke'],
  full: ['move', 'transfer_out'],
  suspended: [],
};

const TITLES: Record<MemberEventKind, string> = {
  confirm: '预备党员转为正式党员',
  move: '转到本县其他党组织',
  transfer_out: '组织关系转出（转往县外）',
  suspend: '停止党籍',
  reinstate: '恢复党籍',
  remove: '出党',
  revoke: '取消预备党员资格',
  decease: '党员去世',
};

interface Values {
  effectiveOn?: Dayjs | null;
  orgCode?: string | null;
  removalKind?: string;
  note?: string;
}

const FIELDS = ['kind', 'effectiveOn', 'orgCode', 'removalKind', 'note'];

export function MemberEventModal({
  member,
  kind,
  onClose,
  onDone,
}: {
  member: MemberDetail;
  kind: MemberEventKind | null;
  onClose: () => void;
  onDone: (m: MemberDetail) => void;
}) {
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const { message } = App.useApp();
  const action = kind ? EVENT_ACTIONS[kind] : null;
  // each opening starts from a clean form (the form store outlives the hidden modal)
  useEffect(() => {
    if (kind) form.resetFields();
  }, [kind, form]);

  // a probationary year ends one year after joining: offer that date when it has passed
  const confirmDue = addYears(member.joinedOn, 1);
  const defaultDate = kind === 'confirm' && confirmDue <= today() ? fromIso(confirmDue) : dayjs();

  const submit = async () => {
    if (!kind || !action) return;
    const v = form.getFieldsValue(true) as Values;
    const body = {
      kind,
      effectiveOn: toIso(v.effectiveOn) ?? '',
      orgCode: kind === 'move' ? (v.orgCode ?? null) : null,
      removalKind: kind === 'remove' ? (v.removalKind ?? null) : null,
      note: text(v.note),
    };
    const parsed = MemberEventCreateSchema.safeParse(body);
    if (!parsed.success) {
      const rest = applyIssues(form, zodIssues(parsed.error), FIELDS);
      if (rest.length) message.error(rest.join('；'));
      return;
    }
    setSaving(true);
    try {
      const m = await api.memberEvent(member.id, parsed.data);
      message.success(`已办理：${action.button}`);
      onDone(m);
    } catch (e) {
      const t = submitErrorText(form, e, FIELDS);
      if (t) message.error(t);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      title={kind ? `${TITLES[kind]} · ${member.name}` : ''}
      open={kind !== null}
      onCancel={onClose}
      onOk={() => form.validateFields().then(submit, () => undefined)}
      okText="确定"
      okButtonProps={{ danger: action?.danger }}
      confirmLoading={saving}
      destroyOnHidden
      forceRender
    >
      {kind === 'confirm' && (
        <Typography.Paragraph type="secondary">
          {zhDate(member.joinedOn)}入党，预备期至{zhDate(confirmDue)}。转正日期一般为预备期满之日。
        </Typography.Paragraph>
      )}
      {(kind === 'remove' || kind === 'revoke' || kind === 'suspend') && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title="请依据党组织的决定办理，并在备注中填写决定文号。"
        />
      )}
      <Form
        form={form}
        name="member-event"
        layout="vertical"
        initialValues={{ effectiveOn: defaultDate }}
        key={kind ?? 'none'}
      >
        <Form.Item
          name="effectiveOn"
          label={action?.dateLabel ?? '生效日期'}
          rules={[{ required: true, message: '请选择日期' }]}
        >
          <DatePicker style={{ width: '100%' }} format={DATE_FORMAT} disabledDate={notFuture} />
        </Form.Item>
        {kind === 'move' && (
          <Form.Item
            name="orgCode"
            label="转入的党组织"
            rules={[{ required: true, message: '请选择转入的党组织' }]}
            extra={`当前所在：${member.orgName}。只能转到您有权管理的党组织，转往范围以外的组织请由上级党（工）委办理。`}
          >
            <OrgPicker
              aria-label="转入的党组织"
              exclude={(o) => o.code === member.orgCode}
              emptyHint="只能转到您有权管理的党组织；支部书记只管理本支部，转往其他支部请由上级党（工）委办理"
            />
          </Form.Item>
        )}
        {kind === 'remove' && (
          <Form.Item
            name="removalKind"
            label="出党方式"
            rules={[{ required: true, message: '请选择出党方式' }]}
          >
            <Select options={options(REMOVAL_KINDS)} placeholder="请选择" />
          </Form.Item>
        )}
        <Form.Item
          name="note"
          label={kind === 'transfer_out' ? '转往单位（去向）' : '备注（决定文号等）'}
          rules={
            kind === 'transfer_out' ? [{ required: true, message: '请填写转往的党组织或单位' }] : undefined
          }
        >
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
