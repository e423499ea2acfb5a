/**
 * 授权: an account's grants by assignment (decision 0010) — dated grants of some actions on one more org and its
 * subtree, or on one transfer of a member's organisational relation (decision 0034: 审阅 reads it, 办理 also accepts,
 * returns or receipts it). Lists them as cards (no wide table: it must read on a phone), adds one (org or transfer,
 * actions, from/to), ends one. The server decides everything again; messages come from it.
 */
import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Drawer,
  Empty,
  Form,
  Grid,
  Input,
  List,
  Popconfirm,
  Radio,
  Segmented,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { api } from '../../api/client.js';
import { useRequest } from '../../api/hooks.js';
import { lifecycleApi } from '../../api/lifecycle.js';
import { useAuth } from '../../auth/context.js';
import { TRANSFER_STATUSES } from '../../../shared/lifecycle.js';
import { labelOf } from '../../../shared/codes.js';
import { OrgPicker } from '../../components/OrgPicker.js';
import { DATE_FORMAT, toIso } from '../../lib/format.js';
import type { UserView } from '../../../shared/schemas.js';
import {
  GRANT_ACTION_LABELS,
  GRANT_PRESETS,
  type GrantableActionName,
  type GrantView,
} from '../../../shared/grants.js';
import { chinaToday } from '../../../shared/dates.js';

const STATE: Record<GrantView['state'], { label: string; color: string }> = {
  current: { label: '有效', color: 'green' },
  future: { label: '未开始', color: 'blue' },
  ended: { label: '已结束', color: 'default' },
};

const ACTION_OPTIONS = (Object.keys(GRANT_ACTION_LABELS) as GrantableActionName[]).map((a) => ({
  value: a,
  label: GRANT_ACTION_LABELS[a],
  // every grant includes 查看
  disabled: a === 'read',
}));

interface FormValues {
  orgCode: string | null;
  transferId: number | null;
  /** a grant on a transfer: 审阅 (read) or 办理 (read and write) */
  handle: 'read' | 'write';
  actions: GrantableActionName[];
  validFrom: Dayjs | null;
  validTo: Dayjs | null;
  note?: string;
}

/** What a grant is on, as its card's title says it. */
function grantTarget(g: GrantView): string {
  if (g.transfer)
    return `组织关系转接：${g.transfer.name}（${g.transfer.fromOrgName ?? '外单位'} → ${g.transfer.toOrgName ?? '外单位'}）`;
  return `${g.orgName ?? ''}（${g.orgCode ?? ''}）`;
}

const OPEN_TRANSFER = new Set(['pending', 'in_transit', 'overdue']);

/**
 * The transfers still open that the signing-in administrator sees at either end (its own org's, or the whole
 * county's for an account bound to none), to pick one for a grant.
 */
function TransferPicker({
  id,
  value,
  onChange,
}: {
  /** the form item's id, so that its label names the field */
  id?: string;
  value?: number | null;
  onChange?: (v: number) => void;
}) {
  const { user } = useAuth();
  const root = useRequest((s) => api.rootOrg(s), [], !user?.orgCode);
  const code = user?.orgCode ?? root.data?.code ?? null;
  const list = useRequest((s) => lifecycleApi.transfers(code!, s), [code], !!code);
  const seen = new Set<number>();
  const options = [...(list.data?.outgoing ?? []), ...(list.data?.incoming ?? [])]
    .filter((t) => OPEN_TRANSFER.has(t.status) && !seen.has(t.id) && !!seen.add(t.id))
    .map((t) => ({
      value: t.id,
      label: `${t.name}：${t.fromOrg?.name ?? '外单位'} → ${t.toOrg?.name ?? t.externalOrg ?? '外单位'}（${labelOf(TRANSFER_STATUSES, t.status)}，${t.issuedOn}）`,
    }));
  return (
    <Select
      id={id}
      value={value ?? undefined}
      onChange={onChange}
      options={options}
      loading={!list.data && !list.error}
      showSearch={{ optionFilterProp: 'label' }}
      placeholder="选择一项未办结的转接（可按姓名或组织搜索）"
      notFoundContent={list.data ? '没有未办结的组织关系转接' : undefined}
    />
  );
}

function period(g: GrantView): string {
  return `${g.validFrom} 起${g.validTo ? `，${g.validTo} 止（当天起失效）` : '，长期有效'}`;
}

export function GrantsDrawer({ user, onClose }: { user: UserView | null; onClose: () => void }) {
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<FormValues>();
  const [adding, setAdding] = useState(false);
  const [saving, setSaving] = useState(false);
  const [ending, setEnding] = useState<number | null>(null);
  const [on, setOn] = useState<'org' | 'transfer'>('org');
  const grants = useRequest((s) => (user ? api.grants(user.id, s) : Promise.resolve([])), [user?.id]);
  const today = chinaToday();

  const add = async (v: FormValues) => {
    if (!user) return;
    if (on === 'org' ? !v.orgCode : !v.transferId) return;
    setSaving(true);
    try {
      const g = await api.addGrant(user.id, {
        ...(on === 'org'
          ? {
              orgCode: v.orgCode,
              actions: [...new Set<GrantableActionName>(['read', ...v.actions])],
            }
          : {
              transferId: v.transferId,
              actions: v.handle === 'write' ? ['read', 'write'] : ['read'],
            }),
        validFrom: toIso(v.validFrom),
        validTo: toIso(v.validTo),
        note: v.note?.trim() || null,
      });
      grants.setData([g, ...(grants.data ?? [])]);
      message.success(`已授权：${grantTarget(g)}`);
      form.resetFields();
      setAdding(false);
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setSaving(false);
    }
  };

  const end = async (g: GrantView) => {
    if (!user) return;
    setEnding(g.id);
    try {
      const ended = await api.endGrant(user.id, g.id);
      grants.setData((grants.data ?? []).map((x) => (x.id === g.id ? ended : x)));
      message.success(`已结束授权：${grantTarget(g)}`);
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setEnding(null);
    }
  };

  return (
    <Drawer
      open={!!user}
      onClose={onClose}
      title={user ? `授权 · ${user.displayName}（${user.username}）` : '授权'}
      width={screens.md ? 560 : '100%'}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        授权让账号在其绑定组织之外的一个党组织（含下级组织）上，于指定期间内拥有所选权限，例如县领导联系薄弱村、选派的驻村第一书记；也可以只授权审阅或办理一项组织关系转接（如请另一乡镇协助审核）。授权和结束授权都记入操作记录。
      </Typography.Paragraph>
      {!adding ? (
        <Button type="primary" onClick={() => setAdding(true)} style={{ marginBottom: 16 }}>
          新增授权
        </Button>
      ) : (
        <Card size="small" title="新增授权" style={{ marginBottom: 16 }}>
          <Form<FormValues>
            form={form}
            layout="vertical"
            initialValues={{ actions: ['read'], handle: 'read', validFrom: null, validTo: null }}
            onFinish={add}
          >
            <Form.Item label="授权范围">
              <Segmented
                value={on}
                onChange={(v) => setOn(v as 'org' | 'transfer')}
                options={[
                  { value: 'org', label: '一个党组织' },
                  { value: 'transfer', label: '一项转接' },
                ]}
              />
            </Form.Item>
            {on === 'org' ? (
              <>
                <Form.Item
                  name="orgCode"
                  label="党组织（含下级）"
                  rules={[{ required: true, message: '请选择党组织' }]}
                >
                  <OrgPicker />
                </Form.Item>
                <Form.Item label="常用权限组合">
                  <Space wrap>
                    {GRANT_PRESETS.map((p) => (
                      <Button
                        key={p.key}
                        size="small"
                        onClick={() => form.setFieldValue('actions', p.actions)}
                      >
                        {p.label}
                      </Button>
                    ))}
                  </Space>
                </Form.Item>
                <Form.Item name="actions" label="权限">
                  <Checkbox.Group
                    options={ACTION_OPTIONS}
                    style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
                  />
                </Form.Item>
              </>
            ) : (
              <>
                <Form.Item
                  name="transferId"
                  label="组织关系转接"
                  rules={[{ required: true, message: '请选择一项组织关系转接' }]}
                >
                  <TransferPicker />
                </Form.Item>
                <Form.Item name="handle" label="权限">
                  <Radio.Group
                    options={[
                      { value: 'read', label: '审阅（查看介绍信内容）' },
                      { value: 'write', label: '办理（查看，并接收、退回或登记回执）' },
                    ]}
                    style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
                  />
                </Form.Item>
              </>
            )}
            <Space wrap style={{ width: '100%' }} size={12}>
              <Form.Item name="validFrom" label="开始日期" extra="不填为今天">
                <DatePicker
                  format={DATE_FORMAT}
                  disabledDate={(d) => d.format(DATE_FORMAT) < today}
                  placeholder="今天"
                />
              </Form.Item>
              <Form.Item name="validTo" label="结束日期" extra="当天起失效；不填为长期">
                <DatePicker
                  format={DATE_FORMAT}
                  disabledDate={(d) => d.format(DATE_FORMAT) <= today}
                  placeholder="长期"
                />
              </Form.Item>
            </Space>
            <Form.Item name="note" label="备注">
              <Input maxLength={200} placeholder="如：驻村第一书记、联系薄弱村" />
            </Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" loading={saving}>
                授权
              </Button>
              <Button onClick={() => setAdding(false)}>取消</Button>
            </Space>
          </Form>
        </Card>
      )}
      {grants.error ? (
        <Alert type="error" showIcon message={(grants.error as Error).message} />
      ) : (
        <List<GrantView>
          loading={!grants.data}
          dataSource={grants.data ?? []}
          locale={{ emptyText: <Empty description="该账号没有授权" /> }}
          renderItem={(g) => (
            <List.Item
              actions={
                g.state === 'ended'
                  ? []
                  : [
                      <Popconfirm
                        key="end"
                        title={`结束对 ${grantTarget(g)} 的授权？`}
                        description={g.state === 'future' ? '尚未开始的授权将被撤销。' : '自今天起不再有效。'}
                        okText="结束"
                        cancelText="取消"
                        okButtonProps={{ danger: true }}
                        onConfirm={() => end(g)}
                      >
                        <Button type="link" size="small" danger loading={ending === g.id}>
                          结束
                        </Button>
                      </Popconfirm>,
                    ]
              }
            >
              <List.Item.Meta
                title={
                  <Space wrap size={4}>
                    <span>{grantTarget(g)}</span>
                    <Tag color={STATE[g.state].color}>{STATE[g.state].label}</Tag>
                  </Space>
                }
                description={
                  <Space direction="vertical" size={2}>
                    <span>{g.actions.map((a) => GRANT_ACTION_LABELS[a]).join('、')}</span>
                    <span>{period(g)}</span>
                    {(g.note || g.grantedByName) && (
                      <span className="jc-muted">
                        {[g.note, g.grantedByName ? `授权人：${g.grantedByName}` : null]
                          .filter(Boolean)
                          .join('；')}
                      </span>
                    )}
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      )}
    </Drawer>
  );
}
