/**
 * 健康 on the org page (issue 14 part 2, decision 0032): every indicator that applies to the org with its level
 * (正常 / 黄色预警 / 红色预警), its evidence in Chinese, since when a warning is open and its explanation; an
 * explanation can be added (经批准延期 / 有据可查的原因), which keeps the warning visible but marks it 已说明; and the
 * last twelve months as a grid of levels at each month's end. The org's own figures only: no ranking.
 */
import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  Modal,
  Radio,
  Space,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { CheckCircleOutlined, ExclamationCircleOutlined, WarningOutlined } from '@ant-design/icons';
import type { OrgView } from '../../../shared/schemas.js';
import type { OrgHealth as Health, RelapseMark } from '../../../shared/warnings.js';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../api/client.js';
import { warningsApi } from '../../api/warnings.js';
import { screeningApi } from '../../api/screening.js';
import { useRequest } from '../../api/hooks.js';
import { zhDate } from '../../lib/format.js';

type Level = 'green' | 'amber' | 'red';
export const LEVEL: Record<Level, { zh: string; color: string; cell: string }> = {
  green: { zh: '正常', color: 'green', cell: '#4f9d69' },
  amber: { zh: '黄色预警', color: 'gold', cell: '#e8a33d' },
  red: { zh: '红色预警', color: 'red', cell: '#c81623' },
};

export function LevelTag({ level }: { level: Level }) {
  const icon =
    level === 'red' ? (
      <ExclamationCircleOutlined aria-hidden />
    ) : level === 'amber' ? (
      <WarningOutlined aria-hidden />
    ) : (
      <CheckCircleOutlined aria-hidden />
    );
  return (
    <Tag color={LEVEL[level].color} icon={icon}>
      {LEVEL[level].zh}
    </Tag>
  );
}

/** A red warning opened in a closed case's follow-up watch (跟踪期内反弹, decision 0033), linking to the case. */
export function RelapseTag({ mark }: { mark: RelapseMark }) {
  return (
    <Link to={`/rectification/${mark.caseId}`}>
      <Tag color="magenta">跟踪期内反弹（{zhDate(mark.closedOn)}销号）</Tag>
    </Link>
  );
}

/** The org's weak-org screening and rectification case, when it has one (decision 0033). */
function ScreeningState({ code }: { code: string }) {
  const cases = useRequest((s) => screeningApi.cases(code, s), [code]);
  const own = (cases.data?.cases ?? []).filter((c) => c.orgCode === code);
  if (own.length === 0) return null;
  return (
    <Alert
      type={own.some((c) => c.stage === 'relapsed') ? 'error' : 'info'}
      showIcon
      title="软弱涣散整顿"
      description={
        <ul className="jc-plain-list" aria-label="软弱涣散整顿">
          {own.map((c) => (
            <li key={c.id}>
              {c.year}年度认定为软弱涣散（第{c.types.join('、')}类）· 一村一策：
              <Link to={`/rectification/${c.id}`}>{c.stageZh}</Link>
              {c.overdue > 0 ? `，${c.overdue}项措施逾期` : ''}
            </li>
          ))}
        </ul>
      }
    />
  );
}

export const EXPLAIN_KIND = { postponement: '经批准延期', reason: '有据可查的原因' } as const;

/** The dialog that adds an explanation to a warning. */
export function ExplainDialog({
  warningId,
  title,
  onClose,
  onDone,
}: {
  warningId: number;
  title: string;
  onClose: () => void;
  onDone: () => void;
}) {
  const { message } = App.useApp();
  const [kind, setKind] = useState<'postponement' | 'reason'>('reason');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const submit = async () => {
    setSaving(true);
    setError(null);
    try {
      await warningsApi.explain(warningId, { kind, note });
      message.success('已添加说明，预警仍显示并标为“已说明”');
      onDone();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title={`添加说明：${title}`}
      okText="保存说明"
      cancelText="取消"
      onOk={submit}
      onCancel={onClose}
      confirmLoading={saving}
      okButtonProps={{ disabled: note.trim().length < 2 }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        说明不会解除预警：原因消除后预警自动解除；说明只表明情况已知、已有处理。
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form layout="vertical" component="div">
        <Form.Item label="说明类别">
          <Radio.Group value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
            <Radio value="reason">{EXPLAIN_KIND.reason}</Radio>
            <Radio value="postponement">{EXPLAIN_KIND.postponement}</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item label="说明" required>
          <Input.TextArea
            aria-label="说明"
            rows={3}
            maxLength={500}
            showCount
            value={note}
            onChange={(e) => setNote(e.target.value)}
            placeholder="如：经镇党委批准延期换届（文号）；原书记调任，新书记人选已报批"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function Trend({ trend }: { trend: Health['trend'] }) {
  if (trend.rows.length === 0) return null;
  return (
    <div className="jc-health-trend" role="table" aria-label="近12个月各指标等级">
      <div role="row" className="jc-health-trend-row">
        <span role="columnheader" className="jc-health-trend-name">
          指标
        </span>
        {trend.days.map((d, i) => (
          <span role="columnheader" key={d} className="jc-health-trend-head">
            {i === trend.days.length - 1 ? '今' : `${Number(d.slice(5, 7))}月`}
          </span>
        ))}
      </div>
      {trend.rows.map((r) => (
        <div role="row" key={r.key} className="jc-health-trend-row">
          <span role="rowheader" className="jc-health-trend-name">
            {r.zh}
          </span>
          {r.levels.map((l, i) => (
            <Tooltip key={trend.days[i]} title={`${zhDate(trend.days[i]!)}：${LEVEL[l].zh}`}>
              <span
                role="cell"
                aria-label={`${zhDate(trend.days[i]!)} ${LEVEL[l].zh}`}
                className="jc-health-trend-cell"
                style={{ background: LEVEL[l].cell }}
              />
            </Tooltip>
          ))}
        </div>
      ))}
    </div>
  );
}

export function OrgHealth({ org, mayWrite }: { org: OrgView; mayWrite: boolean }) {
  const [version, setVersion] = useState(0);
  const res = useRequest((s) => warningsApi.health(org.code, s), [org.code, version]);
  const [explaining, setExplaining] = useState<{ id: number; title: string } | null>(null);
  if (res.error) return <Alert type="error" showIcon title={errorMessage(res.error)} />;
  const h = res.data;
  if (!h) return <Card loading variant="borderless" />;
  const order: Record<Level, number> = { red: 0, amber: 1, green: 2 };
  const items = [...h.indicators].sort((a, b) => order[a.level] - order[b.level]);
  const red = items.filter((i) => i.level === 'red').length;
  const amber = items.filter((i) => i.level === 'amber').length;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Text>
        截至{zhDate(h.asOf)}：{red > 0 || amber > 0 ? `红色预警${red}项，黄色预警${amber}项` : '各项指标正常'}
        （共{items.length}项适用指标）
      </Typography.Text>
      <ScreeningState code={org.code} />
      {items.length === 0 && <Empty description="本组织没有适用的健康指标" />}
      <div className="jc-health-list">
        {items.map((i) => (
          <Card
            key={i.key}
            size="small"
            className={`jc-health-item jc-health-${i.level}`}
            title={
              <Space wrap size={6}>
                <span>{i.zh}</span>
                <LevelTag level={i.level} />
                {i.warning?.explanation && <Tag color="blue">已说明</Tag>}
                {i.warning?.relapse && <RelapseTag mark={i.warning.relapse} />}
              </Space>
            }
            aria-label={`${i.zh} ${LEVEL[i.level].zh}`}
          >
            {i.evidence.length > 0 ? (
              <ul className="jc-health-evidence">
                {i.evidence.map((e) => (
                  <li key={e}>{e}</li>
                ))}
              </ul>
            ) : (
              <Typography.Text type="secondary">无</Typography.Text>
            )}
            {i.warning && (
              <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
                预警自{zhDate(i.warning.since)}起
                {i.warning.explanation &&
                  `；${EXPLAIN_KIND[i.warning.explanation.kind]}（${zhDate(i.warning.explanation.explainedOn)}）：${i.warning.explanation.note}`}
              </Typography.Paragraph>
            )}
            <Typography.Paragraph type="secondary" className="jc-health-source">
              依据：{i.source}
            </Typography.Paragraph>
            {mayWrite && i.warning?.id != null && (
              <Button
                size="small"
                onClick={() => setExplaining({ id: i.warning!.id!, title: i.zh })}
                style={{ marginTop: 4 }}
              >
                {i.warning.explanation ? '补充说明' : '添加说明'}
              </Button>
            )}
          </Card>
        ))}
      </div>
      <Card size="small" title="近12个月趋势（每月末）" variant="outlined">
        <Trend trend={h.trend} />
        <Space size={12} wrap style={{ marginTop: 8 }}>
          {(['green', 'amber', 'red'] as const).map((l) => (
            <span key={l} className="jc-muted">
              <span className="jc-health-trend-cell jc-legend" style={{ background: LEVEL[l].cell }} />{' '}
              {LEVEL[l].zh}
            </span>
          ))}
        </Space>
      </Card>
      {explaining && (
        <ExplainDialog
          warningId={explaining.id}
          title={explaining.title}
          onClose={() => setExplaining(null)}
          onDone={() => {
            setExplaining(null);
            setVersion((v) => v + 1);
          }}
        />
      )}
    </Space>
  );
}
