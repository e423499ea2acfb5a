/**
 * The org page's 党小组 tab (issue 11 item 2, decision 0018): a branch's party groups with their leader and
 * members today; set one up, rename it or change its leader, move members in and out, dissolve it. Each change is
 * dated (today by default). Cards stack on a phone.
 */
import { useEffect, useState } from 'react';
import dayjs from 'dayjs';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { OrgView, PartyGroupList, PartyGroupView } from '../../../shared/schemas.js';
import { api, errorMessage } from '../../api/client.js';
import { useRequest } from '../../api/hooks.js';
import { DATE_FORMAT, notFuture, toIso, zhDate } from '../../lib/format.js';

type Dialog =
  | { kind: 'create' }
  | { kind: 'edit'; group: PartyGroupView }
  | { kind: 'members'; group: PartyGroupView }
  | { kind: 'dissolve'; group: PartyGroupView }
  | null;

export function OrgGroups({ org, mayWrite }: { org: OrgView; mayWrite: boolean }) {
  const list = useRequest((s) => api.groups(org.code, undefined, s), [org.code]);
  const [dialog, setDialog] = useState<Dialog>(null);
  const { message } = App.useApp();
  const canChange = mayWrite && org.status === 'active';
  const done = (text: string) => {
    setDialog(null);
    message.success(text);
    list.reload();
  };
  const data = list.data;
  return (
    <div className="jc-groups">
      <div className="jc-life-head">
        <Typography.Text type="secondary">
          党小组会一般每月召开1次（《中国共产党支部工作条例（试行）》第十三条），设有党小组的月份计入组织生活落实情况。
        </Typography.Text>
        {canChange && (
          <Button
            type="primary"
            icon={<PlusOutlined aria-hidden />}
            onClick={() => setDialog({ kind: 'create' })}
          >
            新建党小组
          </Button>
        )}
      </div>
      {list.error ? <Alert type="error" showIcon title={errorMessage(list.error)} /> : null}
      {data && data.groups.length === 0 && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="本支部还没有设立党小组" />
      )}
      <div className="jc-group-cards">
        {data?.groups.map((g) => (
          <Card
            key={g.id}
            size="small"
            className="jc-group-card"
            title={
              <span>
                {g.name}
                <span className="jc-muted" style={{ fontWeight: 'normal', marginLeft: 8 }}>
                  {g.members.length} 人
                </span>
              </span>
            }
            extra={
              canChange && (
                <Space size={0} wrap>
                  <Button type="link" size="small" onClick={() => setDialog({ kind: 'members', group: g })}>
                    调整成员
                  </Button>
                  <Button type="link" size="small" onClick={() => setDialog({ kind: 'edit', group: g })}>
                    改名/组长
                  </Button>
                  <Button
                    type="link"
                    size="small"
                    danger
                    onClick={() => setDialog({ kind: 'dissolve', group: g })}
                  >
                    撤销
                  </Button>
                </Space>
              )
            }
          >
            <div className="jc-muted" style={{ marginBottom: 8 }}>
              组长：{g.leaderName ?? '未指定'} · {zhDate(g.createdOn)}成立
            </div>
            <Space size={[4, 6]} wrap aria-label={`${g.name}成员`}>
              {g.members.map((m) => (
                <Tag key={m.memberId} color={m.memberId === g.leaderMemberId ? 'red' : undefined}>
                  {m.name}
                  {!m.onRoster && '（已不在本支部）'}
                </Tag>
              ))}
              {g.members.length === 0 && <span className="jc-muted">还没有成员</span>}
            </Space>
          </Card>
        ))}
      </div>
      {data && data.groups.length > 0 && data.ungrouped.length > 0 && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
          未编入党小组（{data.ungrouped.length} 人）：{data.ungrouped.map((m) => m.name).join('、')}
        </Typography.Paragraph>
      )}
      {data && (
        <GroupDialog org={org} data={data} dialog={dialog} onClose={() => setDialog(null)} onDone={done} />
      )}
    </div>
  );
}

interface Values {
  name?: string;
  leaderMemberId?: number | null;
  memberIds?: number[];
  on?: dayjs.Dayjs | null;
}

function GroupDialog({
  org,
  data,
  dialog,
  onClose,
  onDone,
}: {
  org: OrgView;
  data: PartyGroupList;
  dialog: Dialog;
  onClose: () => void;
  onDone: (text: string) => void;
}) {
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const group = dialog && dialog.kind !== 'create' ? dialog.group : null;
  useEffect(() => {
    if (!dialog) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue({
      name: group?.name ?? '',
      leaderMemberId: group?.leaderMemberId ?? null,
      memberIds: group?.members.map((m) => m.memberId) ?? [],
      on: dayjs(),
    });
  }, [dialog, group, form]);

  // everyone on the roster today: in a group or not
  const people = [
    ...data.ungrouped.map((m) => ({ ...m, group: null as string | null })),
    ...data.groups.flatMap((g) => g.members.filter((m) => m.onRoster).map((m) => ({ ...m, group: g.name }))),
  ];
  const options = people.map((p) => ({
    value: p.memberId,
    label: p.group && p.group !== group?.name ? `${p.name}（${p.group}）` : p.name,
  }));

  const submit = async (v: Values) => {
    setSaving(true);
    setError(null);
    const on = toIso(v.on) ?? undefined;
    try {
      if (dialog?.kind === 'create') {
        await api.createGroup(org.code, {
          name: v.name ?? '',
          createdOn: on,
          leaderMemberId: v.leaderMemberId ?? null,
          memberIds: v.memberIds ?? [],
        });
        onDone(`已设立：${v.name}`);
      } else if (dialog?.kind === 'edit') {
        await api.updateGroup(dialog.group.id, {
          name: v.name,
          leaderMemberId: v.leaderMemberId ?? null,
          rowVersion: dialog.group.rowVersion,
        });
        onDone(`已保存：${v.name}`);
      } else if (dialog?.kind === 'members') {
        const g = dialog.group;
        const want = new Set(v.memberIds ?? []);
        const had = new Set(g.members.map((m) => m.memberId));
        const add = [...want].filter((id) => !had.has(id));
        const drop = [...had].filter((id) => !want.has(id));
        if (drop.length) await api.removeGroupMembers(g.id, { memberIds: drop, on });
        if (add.length) await api.addGroupMembers(g.id, { memberIds: add, on });
        onDone(`已调整${g.name}成员：编入 ${add.length} 人，调出 ${drop.length} 人`);
      } else if (dialog?.kind === 'dissolve') {
        await api.dissolveGroup(dialog.group.id, on ?? dayjs().format(DATE_FORMAT));
        onDone(`已撤销：${dialog.group.name}`);
      }
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const title =
    dialog?.kind === 'create'
      ? '新建党小组'
      : dialog?.kind === 'edit'
        ? `修改党小组 · ${group?.name}`
        : dialog?.kind === 'members'
          ? `调整成员 · ${group?.name}`
          : `撤销党小组 · ${group?.name}`;
  const kind = dialog?.kind;
  return (
    <Modal
      title={title}
      open={!!dialog}
      onCancel={onClose}
      onOk={() => form.validateFields().then(submit, () => undefined)}
      okText={kind === 'dissolve' ? '撤销' : '保存'}
      cancelText="取消"
      okButtonProps={{ danger: kind === 'dissolve' }}
      confirmLoading={saving}
      forceRender
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form name="party-group" form={form} layout="vertical">
        {(kind === 'create' || kind === 'edit') && (
          <Form.Item
            name="name"
            label="名称"
            rules={[{ required: true, whitespace: true, message: '请填写党小组名称' }]}
          >
            <Input placeholder="如：第一党小组" maxLength={40} />
          </Form.Item>
        )}
        {(kind === 'create' || kind === 'edit') && (
          <Form.Item name="leaderMemberId" label="组长（可不指定）">
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              options={options}
              placeholder="选择组长"
              aria-label="组长"
            />
          </Form.Item>
        )}
        {(kind === 'create' || kind === 'members') && (
          <Form.Item
            name="memberIds"
            label="成员（已在其他党小组的，当日起调入本小组）"
            extra="一名党员同一时间只能在一个党小组。"
          >
            <Select
              mode="multiple"
              allowClear
              showSearch
              optionFilterProp="label"
              options={options}
              placeholder="选择党员"
              aria-label="党小组成员"
            />
          </Form.Item>
        )}
        {kind === 'dissolve' && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            title="撤销后该党小组的成员当日起不再属于任何党小组，历史记录保留。"
          />
        )}
        {kind !== 'edit' && (
          <Form.Item
            name="on"
            label={kind === 'create' ? '成立日期' : kind === 'dissolve' ? '撤销日期' : '调整日期'}
            rules={[{ required: true, message: '请选择日期' }]}
          >
            <DatePicker
              style={{ width: '100%' }}
              format={DATE_FORMAT}
              disabledDate={notFuture}
              inputReadOnly
              allowClear={false}
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
