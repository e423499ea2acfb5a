/**
 * `/assessment/scheme`: the county's assessment scheme (decision 0036) — each category's items (computed from which
 * health indicators, or rated by a person) and their points a month, the star lines and the low-star suggestion.
 * Everyone signed in reads it; a county administrator (the settings' `canManage`) edits names, points and star
 * lines, adds or removes items, and saves from a date — two local settings (`assessment.scheme`,
 * `assessment.rectifyBelowStars`), effective-dated and audited like every setting.
 */
import { useEffect, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Input,
  InputNumber,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import type { AssessmentSchemeView } from '../../shared/assessment.js';
import { assessmentApi } from '../api/assessment.js';
import { settingsApi } from '../api/settings.js';
import { errorMessage } from '../api/client.js';
import { useRequest } from '../api/hooks.js';
import { PageError, PageSkeleton } from '../components/PageState.js';
import { ResponsiveTable } from '../components/ResponsiveTable.js';
import { fromIso, toIso, today } from '../lib/format.js';

type Scheme = AssessmentSchemeView['scheme'];
type Item = Scheme['categories'][number]['items'][number];
const STARS = ['', '一星', '二星', '三星', '四星', '五星'];

export default function AssessmentSchemePage() {
  const { message } = App.useApp();
  const res = useRequest((s) => assessmentApi.scheme(s), []);
  const settings = useRequest((s) => settingsApi.get(s), []);
  const [draft, setDraft] = useState<Scheme | null>(null);
  const [below, setBelow] = useState(0);
  const [from, setFrom] = useState<Dayjs | null>(fromIso(today()));
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (res.data) {
      setDraft(structuredClone(res.data.scheme));
      setBelow(res.data.rectifyBelowStars);
    }
  }, [res.data]);
  if (res.error) return <PageError error={res.error} onRetry={res.reload} />;
  if (!res.data || !draft) return <PageSkeleton />;
  const edit = !!settings.data?.canManage;
  const indicatorZh = new Map(res.data.indicators.map((i) => [i.key, i.zh]));
  const change = (ci: number, fn: (items: Item[]) => Item[]) =>
    setDraft({
      ...draft,
      categories: draft.categories.map((c, n) => (n === ci ? { ...c, items: fn([...c.items]) } : c)),
    });

  const save = async () => {
    const effectiveFrom = toIso(from) ?? today();
    if (effectiveFrom < today() && !note.trim()) {
      message.error('生效日期早于今天时必须填写说明');
      return;
    }
    setSaving(true);
    try {
      await settingsApi.change('assessment.scheme', {
        value: draft,
        effectiveFrom,
        note: note.trim() || null,
      });
      if (below !== res.data!.rectifyBelowStars)
        await settingsApi.change('assessment.rectifyBelowStars', {
          value: below,
          effectiveFrom,
          note: note.trim() || null,
        });
      message.success('已保存考核方案');
      res.reload();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <div>
        <Typography.Title level={3} style={{ marginBottom: 4 }}>
          分类考核方案
        </Typography.Title>
        <Typography.Text type="secondary">
          按记录计算的项目：当月所列健康指标均无预警得满分，最重为黄色预警得一半（向下取整），有红色预警不得分；人工评分项目由乡镇评定，评分沿用至下次评分。每类每月合计100分。不设打卡、在线时长或个人积分排名，照片不计分。
        </Typography.Text>
      </div>
      {!edit && <Alert type="info" showIcon title="您可以查看考核方案；只有县级组织部管理员可以修改。" />}
      {draft.categories.map((c, ci) => {
        const total = c.items.reduce((s, i) => s + i.points, 0);
        return (
          <Card
            key={c.key}
            size="small"
            variant="borderless"
            title={
              edit ? (
                <Input
                  aria-label={`类别名称 ${c.zh}`}
                  value={c.zh}
                  style={{ maxWidth: 220 }}
                  onChange={(e) =>
                    setDraft({
                      ...draft,
                      categories: draft.categories.map((x, n) =>
                        n === ci ? { ...x, zh: e.target.value } : x,
                      ),
                    })
                  }
                />
              ) : (
                c.zh
              )
            }
            extra={<Tag color={total === 100 ? 'green' : 'red'}>合计{total}分</Tag>}
          >
            <ResponsiveTable<Item>
              rowKey="key"
              size="small"
              pagination={false}
              scroll={{ x: 'max-content' }}
              dataSource={c.items}
              columns={[
                {
                  key: 'zh',
                  title: '考核项目',
                  render: (_: unknown, i: Item, n: number) =>
                    edit ? (
                      <Input
                        aria-label={`${c.zh} 项目名称 ${n + 1}`}
                        value={i.zh}
                        style={{ width: 140 }}
                        onChange={(e) =>
                          change(ci, (items) =>
                            items.map((x, k) => (k === n ? { ...x, zh: e.target.value } : x)),
                          )
                        }
                      />
                    ) : (
                      i.zh
                    ),
                },
                {
                  key: 'kind',
                  title: '计分方式',
                  render: (_: unknown, i: Item) =>
                    i.kind === 'rated' ? (
                      <Tag>人工评分</Tag>
                    ) : (
                      <span>按记录：{i.indicators.map((k) => indicatorZh.get(k) ?? k).join('、')}</span>
                    ),
                },
                {
                  key: 'points',
                  title: '每月分值',
                  render: (_: unknown, i: Item, n: number) =>
                    edit ? (
                      <InputNumber
                        aria-label={`${c.zh} ${i.zh} 分值`}
                        min={1}
                        max={100}
                        precision={0}
                        value={i.points}
                        onChange={(v) =>
                          change(ci, (items) => items.map((x, k) => (k === n ? { ...x, points: v ?? 0 } : x)))
                        }
                      />
                    ) : (
                      `${i.points}分`
                    ),
                },
                ...(edit
                  ? [
                      {
                        key: 'actions',
                        title: '',
                        render: (_: unknown, i: Item, n: number) => (
                          <Button
                            size="small"
                            icon={<DeleteOutlined aria-hidden />}
                            aria-label={`删除${i.zh}`}
                            onClick={() => change(ci, (items) => items.filter((_x, k) => k !== n))}
                          />
                        ),
                      },
                    ]
                  : []),
              ]}
            />
            {edit && (
              <Button
                style={{ marginTop: 8 }}
                icon={<PlusOutlined aria-hidden />}
                onClick={() =>
                  change(ci, (items) => [
                    ...items,
                    {
                      key: `rated_${items.length + 1}_${Date.now() % 10000}`,
                      zh: '新增评分项目',
                      points: 5,
                      kind: 'rated',
                      indicators: [],
                    },
                  ])
                }
              >
                增加人工评分项目
              </Button>
            )}
          </Card>
        );
      })}
      <Card size="small" variant="borderless" title="星级与整顿提示">
        <Space orientation="vertical" size={8}>
          {[...draft.bands]
            .sort((a, b) => b.stars - a.stars)
            .map((b) => (
              <Space key={b.stars}>
                <span style={{ width: 48, display: 'inline-block' }}>{STARS[b.stars]}</span>
                <span>月均</span>
                {edit ? (
                  <InputNumber
                    aria-label={`${STARS[b.stars]}分数线`}
                    min={0}
                    max={100}
                    precision={0}
                    value={b.min}
                    onChange={(v) =>
                      setDraft({
                        ...draft,
                        bands: draft.bands.map((x) => (x.stars === b.stars ? { ...x, min: v ?? 0 } : x)),
                      })
                    }
                  />
                ) : (
                  <strong>{b.min}</strong>
                )}
                <span>分以上</span>
              </Space>
            ))}
          <Space wrap>
            <span>低星级列入软弱涣散排查提示：</span>
            {edit ? (
              <Select
                aria-label="低星级列入整顿提示"
                value={below}
                style={{ width: 160 }}
                onChange={setBelow}
                options={[0, 1, 2, 3, 4, 5].map((n) => ({
                  value: n,
                  label: n === 0 ? '不提示' : `低于${STARS[n]}`,
                }))}
              />
            ) : (
              <strong>{below === 0 ? '不提示' : `低于${STARS[below]}`}</strong>
            )}
          </Space>
        </Space>
      </Card>
      {edit && (
        <Card size="small" variant="borderless" title="保存">
          <Space wrap>
            <DatePicker aria-label="生效日期" value={from} onChange={setFrom} />
            <Input
              aria-label="修改说明"
              placeholder="说明（生效日期早于今天时必填）"
              value={note}
              onChange={(e) => setNote(e.target.value)}
              style={{ width: 280 }}
            />
            <Button type="primary" loading={saving} onClick={save}>
              保存考核方案
            </Button>
          </Space>
        </Card>
      )}
    </Space>
  );
}
