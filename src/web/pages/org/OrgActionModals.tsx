/** The org page's action dialogs: 新建下级组织, 移动到…, 撤销, 换届. Each returns the updated OrgView. */
import { useEffect, useState } from 'react';
import { Alert, App, DatePicker, Form, Input, InputNumber, Modal, Typography } from 'antd';
import dayjs from 'dayjs';
import type { OrgView } from '../../../shared/schemas.js';
import { OrgCreateSchema } from '../../../shared/schemas.js';
import { addYears } from '../../../shared/dates.js';
import { AREA_SECTORS } from '../../../domain/org/write.js';
import { api, errorMessage } from '../../api/client.js';
import { applyIssues, submitErrorText, text, zodIssues } from '../../lib/forms.js';
import { DATE_FORMAT, notFuture, toIso, zhDate } from '../../lib/format.js';
import { OrgPicker } from '../../components/OrgPicker.js';
import { ORG_FIELD_NAMES, OrgFields, kindOptions, type OrgFormValues } from './OrgFields.js';

interface ModalProps {
  org: OrgView;
  open: boolean;
  onClose: () => void;
  onDone: (view: OrgView) => void;
}

/** The usual child: a branch under a general branch, else whatever is the only choice. */
function defaultKind(parent: string, kinds: { value: string }[]): string | undefined {
  if (kinds.length === 1) return kinds[0]!.value;
  if (parent === 'general_branch' && kinds.some((k) => k.value === 'branch')) return 'branch';
  return undefined;
}

export function CreateChildOrgModal({ org, open, onClose, onDone }: ModalProps) {
  const [form] = Form.useForm<OrgFormValues>();
  const [saving, setSaving] = useState(false);
  const { message } = App.useApp();
  // each opening starts from a clean form (the form store outlives the hidden modal)
  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);
  const kinds = kindOptions(org.kind);

  const submit = async () => {
    const v = form.getFieldsValue(true) as OrgFormValues;
    const body = {
      code: (v.code ?? '').trim(),
      name: (v.name ?? '').trim(),
      shortName: text(v.shortName),
      kind: v.kind,
      sector: v.sector,
      parentCode: org.code,
      divisionCode: text(v.divisionCode),
      foundedOn: toIso(v.foundedOn),
      address: text(v.address),
      contactPhone: text(v.contactPhone),
      effectiveOn: toIso(v.effectiveOn),
    };
    const parsed = OrgCreateSchema.safeParse(body);
    if (!parsed.success) {
      const rest = applyIssues(form, zodIssues(parsed.error), ORG_FIELD_NAMES);
      if (rest.length) message.error(rest.join('；'));
      return;
    }
    setSaving(true);
    try {
      const view = await api.createOrg(parsed.data);
      message.success(`已新建：${view.name}`);
      form.resetFields();
      onDone(view);
    } catch (e) {
      const t = submitErrorText(form, e, ORG_FIELD_NAMES);
      if (t) message.error(t);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      title={`新建下级组织 · ${org.name}`}
      open={open}
      onCancel={onClose}
      onOk={() => form.validateFields().then(submit, () => undefined)}
      okText="保存"
      confirmLoading={saving}
      width={720}
      destroyOnHidden
      forceRender
    >
      {kinds.length === 0 ? (
        <Alert type="warning" showIcon title="党支部下不能再设下级组织。" />
      ) : (
        <Form
          name="org-create"
          form={form}
          layout="vertical"
          initialValues={{
            // an area committee's own sector (乡镇, 城市街道 …) is not its children's
            sector: AREA_SECTORS.includes(org.sector) ? undefined : org.sector,
            kind: defaultKind(org.kind, kinds),
          }}
          requiredMark
        >
          <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
            上级党组织：{org.name}（{org.code}）
          </Typography.Paragraph>
          <OrgFields mode="create" parentKind={org.kind} />
        </Form>
      )}
    </Modal>
  );
}

export function MoveOrgModal({ org, open, onClose, onDone }: ModalProps) {
  const [form] = Form.useForm<{ parentCode?: string; effectiveOn?: dayjs.Dayjs | null }>();
  const [saving, setSaving] = useState(false);
  const { message } = App.useApp();
  // each opening starts from a clean form (the form store outlives the hidden modal)
  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);

  const submit = async (v: { parentCode?: string; effectiveOn?: dayjs.Dayjs | null }) => {
    if (!v.parentCode) return;
    setSaving(true);
    try {
      const view = await api.moveOrg(org.code, {
        parentCode: v.parentCode,
        effectiveOn: toIso(v.effectiveOn),
      });
      message.success(`已将 ${org.name} 移到新的上级组织`);
      onDone(view);
    } catch (e) {
      const t = submitErrorText(form, e, ['parentCode', 'effectiveOn']);
      if (t) message.error(t);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      title={`移动党组织 · ${org.name}`}
      open={open}
      onCancel={onClose}
      onOk={() => form.validateFields().then(submit, () => undefined)}
      okText="确认移动"
      confirmLoading={saving}
      destroyOnHidden
      forceRender
    >
      <Form name="org-move" form={form} layout="vertical" initialValues={{ effectiveOn: dayjs() }}>
        <Typography.Paragraph type="secondary">
          当前上级：{org.parentName ?? '无'}。移动后，该组织及其全部下级组织和党员随之调整隶属关系。
        </Typography.Paragraph>
        <Form.Item
          name="parentCode"
          label="新的上级党组织"
          rules={[{ required: true, message: '请选择新的上级党组织' }]}
        >
          <OrgPicker
            aria-label="新的上级党组织"
            exclude={(o) => o.code === org.code || o.code === org.parentCode}
          />
        </Form.Item>
        <Form.Item
          name="effectiveOn"
          label="生效日期"
          rules={[{ required: true, message: '请选择生效日期' }]}
        >
          <DatePicker style={{ width: '100%' }} format={DATE_FORMAT} disabledDate={notFuture} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function DissolveOrgModal({ org, open, onClose, onDone }: ModalProps) {
  const [form] = Form.useForm<{ effectiveOn?: dayjs.Dayjs | null }>();
  const [saving, setSaving] = useState(false);
  const { message } = App.useApp();
  // each opening starts from a clean form (the form store outlives the hidden modal)
  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);

  const submit = async (v: { effectiveOn?: dayjs.Dayjs | null }) => {
    setSaving(true);
    try {
      const view = await api.dissolveOrg(org.code, { effectiveOn: toIso(v.effectiveOn) });
      message.success(`已撤销：${org.name}`);
      onDone(view);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const blocked = org.childCount > 0 || org.directMemberCount > 0;
  return (
    <Modal
      title={`撤销党组织 · ${org.name}`}
      open={open}
      onCancel={onClose}
      onOk={() => form.validateFields().then(submit, () => undefined)}
      okText="确定"
      okButtonProps={{ danger: true }}
      confirmLoading={saving}
      destroyOnHidden
      forceRender
    >
      <Alert
        type={blocked ? 'error' : 'warning'}
        showIcon
        style={{ marginBottom: 16 }}
        title={
          blocked
            ? `该组织还有 ${org.childCount} 个下级组织、${org.directMemberCount} 名直属党员，需先撤销或移走下级组织、转出党员。`
            : '撤销后该组织不再出现在在册组织中，历史记录保留。此操作应依据上级党组织的批复。'
        }
      />
      <Form name="org-dissolve" form={form} layout="vertical" initialValues={{ effectiveOn: dayjs() }}>
        <Form.Item
          name="effectiveOn"
          label="撤销生效日期"
          rules={[{ required: true, message: '请选择撤销日期' }]}
        >
          <DatePicker style={{ width: '100%' }} format={DATE_FORMAT} disabledDate={notFuture} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface ElectionValues {
  electedOn?: dayjs.Dayjs | null;
  termYears?: number | null;
  note?: string;
}

export function ElectionModal({ org, open, onClose, onDone }: ModalProps) {
  const [form] = Form.useForm<ElectionValues>();
  const [saving, setSaving] = useState(false);
  const { message } = App.useApp();
  // each opening starts from a clean form (the form store outlives the hidden modal)
  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);
  const electedOn = Form.useWatch('electedOn', form);
  const termYears = Form.useWatch('termYears', form);
  const iso = toIso(electedOn);
  const endsOn = iso && termYears ? addYears(iso, termYears) : null;

  const submit = async (v: ElectionValues) => {
    const on = toIso(v.electedOn);
    if (!on) return;
    setSaving(true);
    try {
      const view = await api.electOrg(org.code, {
        electedOn: on,
        termYears: v.termYears ?? null,
        note: text(v.note),
      });
      message.success('已记录换届选举');
      onDone(view);
    } catch (e) {
      const t = submitErrorText(form, e, ['electedOn', 'termYears', 'note']);
      if (t) message.error(t);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      title={`换届选举 · ${org.name}`}
      open={open}
      onCancel={onClose}
      onOk={() => form.validateFields().then(submit, () => undefined)}
      okText="保存"
      confirmLoading={saving}
      destroyOnHidden
      forceRender
    >
      <Form
        name="org-elect"
        form={form}
        layout="vertical"
        initialValues={{ electedOn: dayjs(), termYears: org.defaultTermYears ?? undefined }}
      >
        {org.currentTerm && (
          <Typography.Paragraph type="secondary">
            本届：{zhDate(org.currentTerm.electedOn)}选举，任期{org.currentTerm.termYears}年，
            {zhDate(org.currentTerm.termEndsOn)}届满。
          </Typography.Paragraph>
        )}
        <Form.Item name="electedOn" label="选举日期" rules={[{ required: true, message: '请选择选举日期' }]}>
          <DatePicker style={{ width: '100%' }} format={DATE_FORMAT} disabledDate={notFuture} />
        </Form.Item>
        <Form.Item
          name="termYears"
          label="任期（年）"
          extra={
            org.defaultTermYears
              ? `按规定该类组织每届任期${org.defaultTermYears}年${endsOn ? `，本届将于${zhDate(endsOn)}届满` : ''}`
              : endsOn
                ? `本届将于${zhDate(endsOn)}届满`
                : '临时党支部一般不设任期'
          }
        >
          <InputNumber min={1} max={10} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="note" label="备注（批复文号等）">
          <Input.TextArea maxLength={500} rows={3} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
