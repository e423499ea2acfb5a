/** A member's information sets (职务, 奖惩, 困难情况, 家庭成员, 培训): a table per set with add and delete. */
import { useState } from 'react';
import {
  App,
  Button,
  DatePicker,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Radio,
  Tag,
} from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { MemberRecordCreateSchema, type MemberDetail } from '../../../shared/schemas.js';
import { api, errorMessage } from '../../api/client.js';
import { applyIssues, submitErrorText, text, zodIssues } from '../../lib/forms.js';
import { DATE_FORMAT, toIso } from '../../lib/format.js';
import { recordKindLabel } from '../../lib/member-labels.js';
import { ResponsiveTable } from '../../components/ResponsiveTable.js';

type RecordKind = 'post' | 'reward' | 'punishment' | 'hardship' | 'family' | 'training';
type RecordView = MemberDetail['records'][number];
type Field = 'title' | 'party' | 'startOn' | 'endOn' | 'detail' | 'hours';

export interface RecordSet {
  key: string;
  tab: string;
  kinds: RecordKind[];
  /** labels of the fields this set uses, in column order */
  labels: Partial<Record<Field, string>>;
  required?: Field[];
}

export const RECORD_SETS: RecordSet[] = [
  {
    key: 'post',
    tab: '职务',
    kinds: ['post'],
    labels: { title: '职务名称', party: '任职单位', startOn: '任职日期', endOn: '免职日期', detail: '说明' },
  },
  {
    key: 'rewards',
    tab: '奖惩',
    kinds: ['reward', 'punishment'],
    labels: {
      title: '奖惩名称',
      party: '批准机关',
      startOn: '批准日期',
      endOn: '撤销或影响期满日期',
      detail: '事由',
    },
  },
  {
    key: 'hardship',
    tab: '困难情况',
    kinds: ['hardship'],
    labels: {
      title: '困难类型',
      startOn: '登记日期',
      endOn: '解除日期',
      party: '帮扶责任人',
      detail: '情况说明',
    },
  },
  {
    key: 'family',
    tab: '家庭成员',
    kinds: ['family'],
    labels: { title: '姓名', party: '称谓', startOn: '出生日期', detail: '工作单位及职务' },
  },
  {
    key: 'training',
    tab: '培训',
    kinds: ['training'],
    labels: {
      title: '培训班名称',
      party: '主办单位',
      startOn: '开始日期',
      endOn: '结束日期',
      hours: '学时',
      detail: '培训内容',
    },
  },
];

interface Values {
  kind?: RecordKind;
  title?: string;
  party?: string;
  startOn?: Dayjs | null;
  endOn?: Dayjs | null;
  detail?: string;
  hours?: number | null;
}

const FIELD_NAMES = ['kind', 'title', 'party', 'startOn', 'endOn', 'detail', 'hours'];

export function RecordsTab({
  member,
  set,
  onChange,
  readOnly,
}: {
  member: MemberDetail;
  set: RecordSet;
  onChange: (m: MemberDetail) => void;
  readOnly?: boolean;
}) {
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [deleting, setDeleting] = useState<number | null>(null);
  const [form] = Form.useForm<Values>();
  const rows = member.records.filter((r) => (set.kinds as string[]).includes(r.kind));
  const L = set.labels;

  const submit = async () => {
    const v = form.getFieldsValue(true) as Values;
    const body = {
      kind: v.kind ?? set.kinds[0],
      title: (v.title ?? '').trim(),
      party: L.party ? text(v.party) : null,
      startOn: L.startOn ? toIso(v.startOn) : null,
      endOn: L.endOn ? toIso(v.endOn) : null,
      detail: L.detail ? text(v.detail) : null,
      hours: L.hours ? (v.hours ?? null) : null,
    };
    const parsed = MemberRecordCreateSchema.safeParse(body);
    if (!parsed.success) {
      const rest = applyIssues(form, zodIssues(parsed.error), FIELD_NAMES);
      if (rest.length) message.error(rest.join('；'));
      return;
    }
    setSaving(true);
    try {
      const m = await api.addMemberRecord(member.id, parsed.data);
      message.success(`已新增${set.tab}记录`);
      setOpen(false);
      onChange(m);
    } catch (e) {
      const t = submitErrorText(form, e, FIELD_NAMES);
      if (t) message.error(t);
    } finally {
      setSaving(false);
    }
  };

  const remove = async (r: RecordView) => {
    setDeleting(r.id);
    try {
      const m = await api.deleteMemberRecord(member.id, r.id);
      message.success('已删除');
      onChange(m);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setDeleting(null);
    }
  };

  const columns = [
    ...(set.kinds.length > 1
      ? [
          {
            title: '类别',
            dataIndex: 'kind',
            width: 80,
            render: (k: string) => (
              <Tag color={k === 'punishment' ? 'volcano' : 'red'}>{recordKindLabel(k)}</Tag>
            ),
          },
        ]
      : []),
    ...(Object.keys(L) as Field[]).map((f) => ({
      title: L[f],
      dataIndex: f,
      ellipsis: f === 'detail',
      width: f === 'startOn' || f === 'endOn' ? 118 : f === 'hours' ? 70 : undefined,
      render: (v: unknown) =>
        v === null || v === undefined || v === '' ? <span className="jc-muted">—</span> : String(v),
    })),
    ...(readOnly
      ? []
      : [
          {
            title: '操作',
            key: 'actions',
            width: 80,
            render: (_: unknown, r: RecordView) => (
              <Popconfirm
                title="确定删除这条记录？"
                okText="删除"
                okButtonProps={{ danger: true }}
                cancelText="取消"
                onConfirm={() => remove(r)}
              >
                <Button
                  type="link"
                  danger
                  size="small"
                  icon={<DeleteOutlined aria-hidden />}
                  loading={deleting === r.id}
                  aria-label={`删除${r.title}`}
                >
                  删除
                </Button>
              </Popconfirm>
            ),
          },
        ]),
  ];

  return (
    <div>
      {!readOnly && (
        <div style={{ marginBottom: 12 }}>
          <Button
            icon={<PlusOutlined aria-hidden />}
            onClick={() => {
              form.resetFields();
              setOpen(true);
            }}
          >
            新增{set.tab}
          </Button>
        </div>
      )}
      <ResponsiveTable<RecordView>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={rows}
        pagination={rows.length > 10 ? { pageSize: 10 } : false}
        scroll={{ x: 640 }}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={`暂无${set.tab}记录`} />,
        }}
      />
      <Modal
        title={`新增${set.tab} · ${member.name}`}
        open={open}
        onCancel={() => setOpen(false)}
        onOk={() => form.validateFields().then(submit, () => undefined)}
        okText="保存"
        confirmLoading={saving}
        forceRender
      >
        <Form form={form} name={`record-${set.key}`} layout="vertical" initialValues={{ kind: set.kinds[0] }}>
          {set.kinds.length > 1 && (
            <Form.Item name="kind" label="类别">
              <Radio.Group
                optionType="button"
                options={set.kinds.map((k) => ({ value: k, label: recordKindLabel(k) }))}
              />
            </Form.Item>
          )}
          <Form.Item name="title" label={L.title} rules={[{ required: true, message: `请填写${L.title}` }]}>
            <Input maxLength={100} />
          </Form.Item>
          {L.party && (
            <Form.Item name="party" label={L.party}>
              <Input maxLength={100} />
            </Form.Item>
          )}
          {L.startOn && (
            <Form.Item name="startOn" label={L.startOn}>
              <DatePicker style={{ width: '100%' }} format={DATE_FORMAT} />
            </Form.Item>
          )}
          {L.endOn && (
            <Form.Item name="endOn" label={L.endOn}>
              <DatePicker style={{ width: '100%' }} format={DATE_FORMAT} />
            </Form.Item>
          )}
          {L.hours && (
            <Form.Item name="hours" label={L.hours}>
              <InputNumber min={0} max={10000} style={{ width: '100%' }} />
            </Form.Item>
          )}
          {L.detail && (
            <Form.Item name="detail" label={L.detail}>
              <Input.TextArea rows={3} maxLength={500} showCount />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </div>
  );
}
