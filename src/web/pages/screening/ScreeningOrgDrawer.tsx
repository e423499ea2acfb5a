/**
 * One screened org in a drawer (decision 0033): the types its records suggest with every piece of evidence, the
 * dated observations, petition counts and satisfaction surveys with their authors (a township officer adds them),
 * and the county's confirmation (multi-label types, reason, main problems, date) — never limited by the ratio.
 */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import {
  Alert,
  App,
  Button,
  Checkbox,
  DatePicker,
  Divider,
  Drawer,
  Empty,
  Form,
  Grid,
  Input,
  InputNumber,
  Segmented,
  Select,
  Space,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import {
  OBSERVATION_KIND_ZH,
  type ObservationKindName,
  type ObservationView,
  type ScreeningOrg,
  type WeakTypeView,
} from '../../../shared/screening.js';
import { api, errorMessage } from '../../api/client.js';
import { screeningApi } from '../../api/screening.js';
import { useRequest } from '../../api/hooks.js';
import { useCan } from '../../auth/context.js';
import { DATE_FORMAT, notFuture, toIso, zhDate } from '../../lib/format.js';
import { StageTag, TypeTags } from './common.js';

export function ScreeningOrgDrawer({
  org,
  year,
  types,
  ratioPercent,
  onClose,
  onChanged,
}: {
  org: ScreeningOrg;
  year: number;
  types: readonly WeakTypeView[];
  ratioPercent: number;
  onClose: () => void;
  onChanged: () => void;
}) {
  const screens = Grid.useBreakpoint();
  const view = useRequest((s) => api.org(org.code, s), [org.code]);
  const obs = useRequest((s) => screeningApi.observations(org.code, year, s), [org.code, year]);
  const mayObserve = useCan('screening.observe', view.data ?? null);
  const mayDecide = useCan('screening.decide', view.data ?? null);
  const mine = (obs.data?.observations ?? []).filter((o) => o.orgCode === org.code);
  return (
    <Drawer
      open
      onClose={onClose}
      size={screens.md ? 640 : '100%'}
      title={`${org.name}${org.township ? ` · ${org.township}` : ''}`}
      destroyOnHidden
    >
      <Typography.Title level={5}>建议类型及依据</Typography.Title>
      {org.suggested.length === 0 ? (
        <Typography.Paragraph type="secondary">
          系统没有建议类型（指标、信访、测评和走访记录均未指向）。
        </Typography.Paragraph>
      ) : (
        <ul className="jc-plain-list" aria-label="建议类型及依据">
          {org.suggested.map((s) => (
            <li key={s.type} style={{ marginBottom: 8 }}>
              <TypeTags types={[s.type]} all={types} color="orange" />
              <ul>
                {s.evidence.map((e) => (
                  <li key={e}>{e}</li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
      <Divider />
      <Typography.Title level={5}>走访、信访和测评记录（{year}年）</Typography.Title>
      {obs.error ? (
        <Alert type="error" showIcon title={errorMessage(obs.error)} />
      ) : mine.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="本年度还没有记录" />
      ) : (
        <ul className="jc-plain-list" aria-label="走访、信访和测评记录">
          {mine.map((o) => (
            <li key={o.id} style={{ marginBottom: 6 }}>
              <ObservationLine o={o} types={types} />
            </li>
          ))}
        </ul>
      )}
      {mayObserve && (
        <ObservationForm
          code={org.code}
          types={types}
          onDone={() => {
            obs.reload();
            onChanged();
          }}
        />
      )}
      <Divider />
      <Typography.Title level={5}>县委组织部认定</Typography.Title>
      {org.confirmed.length > 0 ? (
        <Space orientation="vertical" size={4} style={{ marginBottom: 12 }}>
          <span>
            已认定：
            <TypeTags types={org.confirmed} all={types} color="red" />
          </span>
          {org.confirmedOn && <span>认定日期：{zhDate(org.confirmedOn)}</span>}
          {org.reason && <span>认定理由：{org.reason}</span>}
          {org.caseId && (
            <span>
              一村一策：<Link to={`/rectification/${org.caseId}`}>查看整顿方案</Link>{' '}
              <StageTag stage={org.stage} />
            </span>
          )}
        </Space>
      ) : (
        <Typography.Paragraph type="secondary">尚未认定。</Typography.Paragraph>
      )}
      {mayDecide && (
        <ConfirmForm org={org} year={year} types={types} ratioPercent={ratioPercent} onDone={onChanged} />
      )}
    </Drawer>
  );
}

function ObservationLine({ o, types }: { o: ObservationView; types: readonly WeakTypeView[] }) {
  const what =
    o.kind === 'petition'
      ? `信访 ${o.count ?? 0} 件次`
      : o.kind === 'survey'
        ? `满意度 ${o.satisfaction ?? '—'}%（${o.satisfied ?? 0}/${o.respondents ?? 0}人满意）`
        : null;
  return (
    <div>
      <Typography.Text strong>
        {zhDate(o.observedOn)} · {OBSERVATION_KIND_ZH[o.kind]}
      </Typography.Text>
      {o.weakType != null && (
        <span style={{ marginLeft: 8 }}>
          <TypeTags types={[o.weakType]} all={types} />
        </span>
      )}
      <div>
        {what && <span>{what}。</span>}
        {o.note}
        <Typography.Text type="secondary">（记录人：{o.author}）</Typography.Text>
      </div>
    </div>
  );
}

interface ObservationValues {
  observedOn: Dayjs;
  weakType?: number;
  count?: number;
  respondents?: number;
  satisfied?: number;
  note?: string;
}

function ObservationForm({
  code,
  types,
  onDone,
}: {
  code: string;
  types: readonly WeakTypeView[];
  onDone: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<ObservationValues>();
  const [kind, setKind] = useState<ObservationKindName>('observation');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const submit = async (v: ObservationValues) => {
    setSaving(true);
    setError(null);
    try {
      await screeningApi.observe(code, {
        kind,
        observedOn: toIso(v.observedOn)!,
        weakType: kind === 'observation' ? (v.weakType ?? null) : null,
        count: kind === 'petition' ? (v.count ?? 0) : null,
        respondents: kind === 'survey' ? (v.respondents ?? null) : null,
        satisfied: kind === 'survey' ? (v.satisfied ?? null) : null,
        note: v.note ?? '',
      });
      message.success('已记录');
      form.resetFields();
      onDone();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Form
      form={form}
      layout="vertical"
      aria-label="添加记录"
      initialValues={{ observedOn: dayjs() }}
      onFinish={submit}
      className="jc-screening-form"
    >
      <Form.Item label="记录类别">
        <Segmented
          aria-label="记录类别"
          value={kind}
          onChange={(v) => setKind(v as ObservationKindName)}
          options={(Object.keys(OBSERVATION_KIND_ZH) as ObservationKindName[]).map((k) => ({
            value: k,
            label: OBSERVATION_KIND_ZH[k],
          }))}
        />
      </Form.Item>
      <Form.Item name="observedOn" label="日期" rules={[{ required: true, message: '请选择日期' }]}>
        <DatePicker format={DATE_FORMAT} disabledDate={notFuture} inputReadOnly style={{ width: '100%' }} />
      </Form.Item>
      {kind === 'observation' && (
        <Form.Item name="weakType" label="指向的类型（可不选）">
          <Select
            aria-label="指向的类型"
            allowClear
            options={types.map((t) => ({ value: t.type, label: `${t.type}. ${t.short}` }))}
          />
        </Form.Item>
      )}
      {kind === 'petition' && (
        <Form.Item name="count" label="信访件次" rules={[{ required: true, message: '请填写件次' }]}>
          <InputNumber aria-label="信访件次" min={0} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      )}
      {kind === 'survey' && (
        <Space wrap>
          <Form.Item
            name="respondents"
            label="参加测评人数"
            rules={[{ required: true, message: '请填写人数' }]}
          >
            <InputNumber aria-label="参加测评人数" min={1} precision={0} />
          </Form.Item>
          <Form.Item name="satisfied" label="满意人数" rules={[{ required: true, message: '请填写人数' }]}>
            <InputNumber aria-label="满意人数" min={0} precision={0} />
          </Form.Item>
        </Space>
      )}
      <Form.Item
        name="note"
        label="情况说明"
        rules={kind === 'observation' ? [{ required: true, message: '请写明走访发现的情况' }] : []}
      >
        <Input.TextArea aria-label="情况说明" rows={2} maxLength={1000} />
      </Form.Item>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Button htmlType="submit" loading={saving}>
        保存记录
      </Button>
    </Form>
  );
}

interface ConfirmValues {
  types: number[];
  reason: string;
  problems?: string;
  confirmedOn: Dayjs;
}

function ConfirmForm({
  org,
  year,
  types,
  ratioPercent,
  onDone,
}: {
  org: ScreeningOrg;
  year: number;
  types: readonly WeakTypeView[];
  ratioPercent: number;
  onDone: () => void;
}) {
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const submit = async (v: ConfirmValues) => {
    setSaving(true);
    setError(null);
    try {
      await screeningApi.confirm(org.code, year, {
        types: v.types,
        reason: v.reason,
        problems: v.problems ?? '',
        confirmedOn: toIso(v.confirmedOn),
      });
      message.success(org.confirmed.length ? '已更正认定' : '已认定，并建立一村一策整顿方案');
      onDone();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  const initial = org.confirmed.length ? org.confirmed : org.suggested.map((s) => s.type);
  return (
    <Form<ConfirmValues>
      layout="vertical"
      aria-label="认定"
      initialValues={{
        types: initial,
        reason: org.reason ?? '',
        confirmedOn: dayjs(),
      }}
      onFinish={submit}
      className="jc-screening-form"
    >
      <Typography.Paragraph type="secondary">
        {ratioPercent > 0 ? `本县参考比例${ratioPercent}%仅供参考，认定不受比例限制。` : '本县不设排查比例。'}
        一个组织可认定为多个类型。
      </Typography.Paragraph>
      <Form.Item
        name="types"
        label="软弱涣散类型"
        rules={[{ required: true, message: '请至少选择一个类型' }]}
      >
        <Checkbox.Group aria-label="软弱涣散类型" className="jc-type-checks">
          {types.map((t) => (
            <Checkbox key={t.type} value={t.type}>
              {t.type}. {t.zh}
            </Checkbox>
          ))}
        </Checkbox.Group>
      </Form.Item>
      <Form.Item
        name="reason"
        label="认定理由"
        rules={[{ required: true, whitespace: true, message: '请写明认定理由' }]}
      >
        <Input.TextArea aria-label="认定理由" rows={2} maxLength={1000} />
      </Form.Item>
      <Form.Item name="problems" label="主要问题（可不填）">
        <Input.TextArea aria-label="主要问题" rows={2} maxLength={2000} />
      </Form.Item>
      <Form.Item name="confirmedOn" label="认定日期" rules={[{ required: true, message: '请选择日期' }]}>
        <DatePicker format={DATE_FORMAT} disabledDate={notFuture} inputReadOnly style={{ width: '100%' }} />
      </Form.Item>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Button type="primary" htmlType="submit" loading={saving}>
        {org.confirmed.length ? '更正认定' : '认定为软弱涣散'}
      </Button>
    </Form>
  );
}
