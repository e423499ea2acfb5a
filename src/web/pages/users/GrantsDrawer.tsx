/**
 * 授权: an account's grants by assignment (decision 0010) — dated grants of some actions on one more org and its
 * subtree. Lists them as cards (no wide table: it must read on a phone), adds one (org, actions, from/to), ends one.
 * The server decides everything again; messages come from it.
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
  Space,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { api } from '../../api/client.js';
import { useRequest } from '../../api/hooks.js';
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
  actions: GrantableActionName[];
  validFrom: Dayjs | null;
  validTo: Dayjs | null;
  note?: string;
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
  const grants = useRequest((s) => (user ? api.grants(user.id, s) : Promise.resolve([])), [user?.id]);
  const today = chinaToday();

  const add = async (v: FormValues) => {
    if (!user || !v.orgCode) return;
    setSaving(true);
    try {
      const g = await api.addGrant(user.id, {
        orgCode: v.orgCode,
        actions: [...new Set<GrantableActionName>(['read', ...v.actions])],
        validFrom: toIso(v.validFrom),
        validTo: toIso(v.validTo),
        note: v.note?.trim() || null,
      });
      grants.setData([g, ...(grants.data ?? [])]);
      message.success(`已授权：${g.orgName}`);
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
      message.success(`已结束授权：${g.orgName}`);
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
        授权让账号在其绑定组织之外的一个党组织（含下级组织）上，于指定期间内拥有所选权限，例如县领导联系薄弱村、选派的驻村第一书记。授权和结束授权都记入操作记录。
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
            initialValues={{ actions: ['read'], validFrom: null, validTo: null }}
            onFinish={add}
          >
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
                  <Button key={p.key} size="small" onClick={() => form.setFieldValue('actions', p.actions)}>
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
                        title={`结束对 ${g.orgName} 的授权？`}
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
                    <span>
                      {g.orgName}（{g.orgCode}）
                    </span>
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
