/**
 * `/settings` (本县设置): every local setting with its value in force today, its default and where that default
 * was seen, changes scheduled for later and the history of changes; the official statistics rules (read-only).
 * Every account except a member's own may read the page; only a county administrator of the whole county (the
 * API's `canManage`) sees the 修改 buttons and the dialog.
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Divider,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Space,
  Switch,
  Tag,
  Typography,
  type TableProps,
} from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined, UndoOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { Link } from 'react-router-dom';
import {
  bandsFromUpperBounds,
  checkSettingValue,
  isSettingKey,
  sameSettingValue,
  type StandingBand,
} from '../../policy/settings.js';
import { addYears } from '../../shared/dates.js';
import type { SettingChange, SettingView, SettingsView } from '../../shared/schemas.js';
import { ApiError, errorMessage } from '../api/client.js';
import { useRequest } from '../api/hooks.js';
import { settingsApi } from '../api/settings.js';
import { PageError, PageSkeleton } from '../components/PageState.js';
import { useSettings } from '../settings/context.js';
import { DATE_FORMAT, fromIso, shanghaiTime, toIso, zhDate } from '../lib/format.js';
import { ResponsiveTable } from '../components/ResponsiveTable.js';
import { DivisionsCard } from './DivisionsCard.js';

const STATE: Record<SettingChange['state'], { zh: string; color: string }> = {
  in_force: { zh: '生效中', color: 'green' },
  scheduled: { zh: '待生效', color: 'blue' },
  superseded: { zh: '已被取代', color: 'default' },
};

const isBands = (v: unknown): v is StandingBand[] => Array.isArray(v);

export default function SettingsPage() {
  const { view, error, reload } = useSettings();
  const history = useRequest((s) => settingsApi.history(s), []);
  const [editing, setEditing] = useState<SettingView | null>(null);

  // the layout loaded the settings at sign-in: read them again, another administrator may have changed them
  useEffect(() => reload(), [reload]);

  if (error && !view) return <PageError error={error} onRetry={reload} />;
  if (!view) return <PageSkeleton rows={12} />;

  return (
    <div>
      <div className="jc-page-head">
        <Typography.Title level={3} className="jc-page-title">
          本县设置
        </Typography.Title>
        <Typography.Text type="secondary">
          以下是本县可以按本地规定调整的口径和数值。每次修改都从“生效日期”起适用，此前的日期仍按当时的设置计算；党内统计口径为全国统一规定，只读。
        </Typography.Text>
      </div>
      {!view.canManage && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title="您可以查看本县设置；只有县级（根组织）的组织部管理员可以修改。"
        />
      )}

      {view.groups.map((g) => (
        <Card key={g.code} variant="borderless" title={g.zh} style={{ marginBottom: 16 }}>
          {view.settings
            .filter((s) => s.group === g.code)
            .map((s, i) => (
              <div key={s.key}>
                {i > 0 && <Divider style={{ margin: '16px 0' }} />}
                <SettingItem setting={s} canManage={view.canManage} onEdit={() => setEditing(s)} />
              </div>
            ))}
        </Card>
      ))}

      {view.canManage && <DivisionsCard />}

      <RulesCard rules={view.rules} />

      <Card variant="borderless" title="修改记录" style={{ marginTop: 16 }}>
        <HistoryTable data={history.data} loading={history.loading} error={history.error} />
      </Card>

      <EditSettingModal
        setting={editing}
        today={view.today}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          reload();
          history.reload();
        }}
      />
    </div>
  );
}

// ------------------------------------------------------------------------------------------------ one setting

function ValueView({ value, unit }: { value: unknown; unit: string }) {
  if (typeof value === 'boolean') return <span className="jc-setting-number">{value ? '开启' : '关闭'}</span>;
  if (isBands(value))
    return (
      <Space wrap size={[6, 6]}>
        {value.map((b) => (
          <Tag key={b.key} className="jc-band-tag">
            {b.zh}
          </Tag>
        ))}
      </Space>
    );
  return (
    <span>
      <span className="jc-setting-number">{String(value)}</span>
      <span className="jc-setting-unit">{unit}</span>
    </span>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function SettingItem({
  setting: s,
  canManage,
  onEdit,
}: {
  setting: SettingView;
  canManage: boolean;
  onEdit: () => void;
}) {
  const id = `setting-${s.key.replace(/\W/g, '-')}`;
  return (
    <section className="jc-setting" aria-labelledby={id}>
      <div className="jc-setting-head">
        <Space size={8} wrap>
          <Typography.Title level={5} id={id} style={{ margin: 0 }}>
            {s.label}
          </Typography.Title>
          {s.changed ? <Tag color="orange">已修改</Tag> : <Tag>默认值</Tag>}
        </Space>
        {canManage && s.key === 'assessment.scheme' ? (
          // the scheme's categories, items and bands are edited on their own page (decision 0036)
          <Link to="/assessment/scheme">
            <Button icon={<EditOutlined aria-hidden />} aria-label={`修改${s.label}`}>
              在考核方案页修改
            </Button>
          </Link>
        ) : (
          canManage && (
            <Button icon={<EditOutlined aria-hidden />} onClick={onEdit} aria-label={`修改${s.label}`}>
              修改
            </Button>
          )
        )}
      </div>
      <div className="jc-setting-value" aria-label={`${s.label}的当前值`}>
        {typeof s.value === 'object' && !isBands(s.value) ? (
          <span>{s.valueText}</span>
        ) : (
          <ValueView value={s.value} unit={s.unit} />
        )}
      </div>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {s.description}
      </Typography.Paragraph>
      <dl className="jc-facts">
        <Fact label="默认值">{s.defaultText}</Fact>
        <Fact label="生效日期">
          {s.current ? (
            <>
              {zhDate(s.current.effectiveFrom)}起
              <span className="jc-muted">
                （{s.current.changedBy ?? '命令行'}修改{s.current.note ? `：${s.current.note}` : ''}）
              </span>
            </>
          ) : (
            <span className="jc-muted">未修改，使用默认值</span>
          )}
        </Fact>
        <Fact label="默认值出处">
          <span className="jc-muted">{s.source}</span>
        </Fact>
      </dl>
      {s.scheduled.map((n) => (
        <Alert
          key={n.id}
          type="info"
          showIcon
          style={{ marginTop: 8 }}
          title={`将于${zhDate(n.effectiveFrom)}起改为：${n.valueText}`}
          description={n.note ?? undefined}
        />
      ))}
    </section>
  );
}

// ------------------------------------------------------------------------------------------------ official rules

function joinRange(from: string | null, before: string | null): string {
  if (from && before) return `${zhDate(from)}至${zhDate(before)}前`;
  if (before) return `${zhDate(before)}前`;
  if (from) return `${zhDate(from)}起`;
  return '';
}

function RulesCard({ rules }: { rules: SettingsView['rules'] }) {
  return (
    <Card
      variant="borderless"
      title={
        <Space size={8} wrap>
          党内统计口径
          <Tag>全国统一 · 只读</Tag>
        </Space>
      }
    >
      <dl className="jc-facts">
        <Fact label="年龄段">
          <Space wrap size={[6, 6]}>
            {rules.ageBands.map((b) => (
              <Tag key={b.key} className="jc-band-tag">
                {b.zh}
              </Tag>
            ))}
          </Space>
        </Fact>
        <Fact label="入党时间">
          <ul className="jc-plain-list">
            {rules.joinPeriods.map((p) => (
              <li key={p.key}>
                {p.zh}
                <span className="jc-muted">（{joinRange(p.from, p.before)}）</span>
              </li>
            ))}
          </ul>
        </Fact>
        <Fact label="施行日期">{zhDate(rules.effectiveFrom)}</Fact>
        <Fact label="依据">
          <span className="jc-muted">{rules.source}</span>
        </Fact>
      </dl>
    </Card>
  );
}

// ------------------------------------------------------------------------------------------------ history

function HistoryTable({
  data,
  loading,
  error,
}: {
  data: SettingChange[] | undefined;
  loading: boolean;
  error: unknown;
}) {
  if (error) return <Alert type="error" showIcon title={errorMessage(error)} />;
  const columns: TableProps<SettingChange>['columns'] = [
    {
      title: '生效日期',
      dataIndex: 'effectiveFrom',
      width: 130,
      render: (d: string) => <span className="jc-nowrap">{zhDate(d)}</span>,
    },
    { title: '设置项', dataIndex: 'label', width: 170 },
    { title: '值', dataIndex: 'valueText', ellipsis: { showTitle: true } },
    {
      title: '状态',
      dataIndex: 'state',
      width: 100,
      render: (st: SettingChange['state']) => <Tag color={STATE[st].color}>{STATE[st].zh}</Tag>,
    },
    {
      title: '说明',
      dataIndex: 'note',
      width: 220,
      ellipsis: { showTitle: true },
      render: (n: string | null) => n ?? <span className="jc-muted">—</span>,
    },
    {
      title: '修改人',
      dataIndex: 'changedBy',
      width: 130,
      render: (u: string | null) => (u ? <span className="jc-mono">{u}</span> : '命令行'),
    },
    {
      title: '修改时间',
      dataIndex: 'changedAt',
      width: 160,
      render: (t: string) => <span className="jc-nowrap">{shanghaiTime(t).slice(0, 16)}</span>,
    },
  ];
  return (
    <ResponsiveTable<SettingChange>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={data ?? []}
      loading={loading && !data}
      scroll={{ x: 1040 }}
      rowClassName={(r) => (r.state === 'superseded' ? 'jc-muted' : '')}
      pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
      locale={{
        emptyText: loading ? (
          <div style={{ height: 80 }} />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有修改记录，各项设置均为默认值" />
        ),
      }}
    />
  );
}

// ------------------------------------------------------------------------------------------------ edit dialog

/** The band list edited by its upper bounds: each band starts right after the one before, names follow. */
function BandsEditor({
  value,
  onChange,
  badRows,
}: {
  value: StandingBand[];
  onChange: (v: StandingBand[]) => void;
  /** rows whose end is what a problem is about */
  badRows: ReadonlySet<number>;
}) {
  const maxes = value.slice(0, -1).map((b) => b.max ?? b.min);
  const set = (next: number[]) => onChange(bandsFromUpperBounds(next));
  return (
    <div className="jc-bands-editor">
      {value.map((b, i) => (
        <div className="jc-band-row" key={i}>
          <span className="jc-band-no">第{i + 1}段</span>
          <span className="jc-nowrap">{b.min}年至</span>
          {b.max === null ? (
            <span className="jc-band-open">及以上</span>
          ) : (
            <InputNumber
              size="small"
              precision={0}
              value={b.max}
              status={badRows.has(i) ? 'error' : undefined}
              suffix="年"
              style={{ width: 96 }}
              aria-label={`第${i + 1}段的终点（年）`}
              onChange={(v) => set(maxes.map((m, j) => (j === i ? (typeof v === 'number' ? v : m) : m)))}
            />
          )}
          <Tag className="jc-band-tag">{b.zh}</Tag>
          {b.max !== null && value.length > 2 && (
            <Button
              type="text"
              size="small"
              danger
              icon={<DeleteOutlined aria-hidden />}
              aria-label={`删除第${i + 1}段`}
              onClick={() => set(maxes.filter((_, j) => j !== i))}
            />
          )}
        </div>
      ))}
      <Button
        size="small"
        icon={<PlusOutlined aria-hidden />}
        onClick={() => set([...maxes, (maxes.at(-1) ?? -1) + 10])}
        disabled={value.length >= 20}
      >
        增加一段
      </Button>
    </div>
  );
}

interface Problems {
  value?: { path: (string | number)[]; message: string }[];
  effectiveFrom?: string;
  note?: string;
  other?: string;
}

function EditSettingModal({
  setting,
  today,
  onClose,
  onSaved,
}: {
  setting: SettingView | null;
  today: string;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { message } = App.useApp();
  const [value, setValue] = useState<unknown>(null);
  const [from, setFrom] = useState(today);
  const [note, setNote] = useState('');
  const [problems, setProblems] = useState<Problems>({});
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!setting) return;
    setValue(setting.value);
    setFrom(today);
    setNote('');
    setProblems({});
  }, [setting, today]);

  const past = from < today;
  const latest = useMemo(() => addYears(today, 5), [today]);
  // a band whose start is wrong is fixed at the end of the band before it (the editor derives starts from ends)
  const badRows = useMemo(
    () =>
      new Set(
        (problems.value ?? []).flatMap((p) =>
          typeof p.path[0] === 'number'
            ? [p.path[1] === 'min' && p.path[0] > 0 ? p.path[0] - 1 : p.path[0]]
            : [],
        ),
      ),
    [problems.value],
  );
  if (!setting) return null;
  const key = setting.key;
  const unchanged = isSettingKey(key) && sameSettingValue(key, value, setting.value) && from === today;

  const submit = async () => {
    setProblems({});
    if (!isSettingKey(key)) return;
    const checked = checkSettingValue(key, value);
    const found: Problems = {};
    if (!checked.ok) found.value = checked.issues;
    if (past && !note.trim()) found.note = '生效日期早于今天时必须填写说明';
    if (!checked.ok || found.note) {
      setProblems(found);
      return;
    }
    setSaving(true);
    try {
      await settingsApi.change(key, {
        value: checked.value,
        effectiveFrom: from,
        note: note.trim() || null,
      });
      message.success(
        from > today
          ? `已保存：「${setting.label}」将于${zhDate(from)}起生效`
          : `已保存：「${setting.label}」自${zhDate(from)}起生效`,
      );
      onSaved();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VALIDATION_FAILED' && e.fieldIssues.length) {
        const next: Problems = {};
        for (const i of e.fieldIssues) {
          if (i.path[0] === 'value') next.value = [...(next.value ?? []), { ...i, path: i.path.slice(1) }];
          else if (i.path[0] === 'note') next.note = i.message;
          else if (i.path[0] === 'effectiveFrom') next.effectiveFrom = i.message;
          else next.other = i.message;
        }
        setProblems(next);
      } else setProblems({ other: errorMessage(e) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={`修改：${setting.label}`}
      onCancel={onClose}
      onOk={submit}
      okText="保存"
      cancelText="取消"
      okButtonProps={{ disabled: unchanged }}
      confirmLoading={saving}
      destroyOnHidden
      width={isBands(setting.value) ? 640 : 520}
    >
      <Typography.Paragraph type="secondary">{setting.description}</Typography.Paragraph>
      <Form layout="vertical" component="div">
        <Form.Item
          label="新的值"
          validateStatus={problems.value && !isBands(value) ? 'error' : undefined}
          help={
            problems.value ? (
              <div role="alert" className="jc-error-text">
                {problems.value.map((p) => (
                  <div key={p.message}>{p.message}</div>
                ))}
              </div>
            ) : undefined
          }
          extra={
            isBands(value) ? '填写每一段的终点，下一段从其后一年开始；名称按起止年数自动生成。' : undefined
          }
        >
          <div className="jc-setting-editor">
            {isBands(value) ? (
              <BandsEditor value={value} onChange={setValue} badRows={badRows} />
            ) : typeof setting.default === 'boolean' ? (
              <Switch
                checked={value === true}
                onChange={(v) => setValue(v)}
                checkedChildren="开启"
                unCheckedChildren="关闭"
                aria-label={setting.label}
              />
            ) : (
              <InputNumber
                precision={0}
                value={typeof value === 'number' ? value : null}
                onChange={(v) => setValue(v)}
                suffix={setting.unit}
                style={{ width: 200 }}
                aria-label={setting.label}
              />
            )}
            <Button
              type="link"
              size="small"
              icon={<UndoOutlined aria-hidden />}
              onClick={() => setValue(setting.default)}
              disabled={isSettingKey(key) && sameSettingValue(key, value, setting.default)}
              style={{ paddingInline: 0 }}
            >
              {isBands(setting.default) ? '恢复默认分段' : `恢复默认值（${setting.defaultText}）`}
            </Button>
          </div>
        </Form.Item>
        <Form.Item
          label="生效日期"
          validateStatus={problems.effectiveFrom ? 'error' : undefined}
          help={problems.effectiveFrom}
          extra={from > today ? '到生效日期之前，仍按当前的值执行。' : undefined}
        >
          <DatePicker
            aria-label="生效日期"
            allowClear={false}
            format={DATE_FORMAT}
            value={fromIso(from)}
            onChange={(d: Dayjs | null) => setFrom(toIso(d) ?? today)}
            disabledDate={(d: Dayjs) => d.format(DATE_FORMAT) > latest}
            style={{ width: 200 }}
          />
        </Form.Item>
        {past && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title={`生效日期早于今天：${zhDate(from)}以来的历史（如当时的统计）将按新的值重新计算。`}
            description="请在说明中写明依据（如文件文号），该修改会记入操作记录。"
          />
        )}
        <Form.Item
          label={past ? '说明（必填）' : '说明'}
          validateStatus={problems.note ? 'error' : undefined}
          help={problems.note}
        >
          <Input.TextArea
            aria-label="说明"
            value={note}
            onChange={(e) => setNote(e.target.value)}
            maxLength={200}
            showCount
            rows={2}
            placeholder="如：依据县委组织部〔2026〕1号文件"
          />
        </Form.Item>
      </Form>
      {problems.other && <Alert type="error" showIcon title={problems.other} />}
    </Modal>
  );
}
