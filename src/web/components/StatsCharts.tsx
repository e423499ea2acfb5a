/** The org page's charts (loaded lazily: ECharts is only fetched when an org page shows statistics). */
import { useEffect, useMemo } from 'react';
import { Card, Col, Empty, Row, Skeleton } from 'antd';
import { EDUCATION_GROUPS, OCCUPATIONS, type CodeEntry } from '../../shared/codes.js';
import type { Stats } from '../../shared/schemas.js';
import { UNCLASSIFIED, UNCLASSIFIED_ZH } from '../../shared/classification.js';
import { standingEntries, thousands } from '../lib/format.js';
import { useRuleBands } from '../settings/context.js';
import { EChart, warmCharts, type ChartOption } from './EChart.js';

const OTHER_LABELS: Record<string, string> = {
  none: '未填写',
  unknown: '未填写',
  null: '未填写',
  other: '其他',
  // a value imported in a wording no code table knew, until it is mapped (decision 0013)
  [UNCLASSIFIED]: UNCLASSIFIED_ZH,
};

/** Rows in the code table's order, then any keys the server sent that the table does not know. */
function rows(list: readonly CodeEntry[], counts: Record<string, number>): { name: string; value: number }[] {
  const out = list.map((e) => ({ name: e.zh, value: counts[e.code] ?? 0 }));
  for (const [k, v] of Object.entries(counts)) {
    if (!list.some((e) => e.code === k) && v > 0) out.push({ name: OTHER_LABELS[k] ?? k, value: v });
  }
  return out;
}

function summary(title: string, data: { name: string; value: number }[]): string {
  return `${title}：${data.map((d) => `${d.name}${d.value}人`).join('，')}`;
}

/** 1,234: the thousands separator the headline figures and the axes use, also on bar values and tooltips. */
const fmt = (n: unknown): string => (typeof n === 'number' ? thousands(n) : String(n));

function barOption(data: { name: string; value: number }[], horizontal: boolean): ChartOption {
  const names = data.map((d) => d.name);
  const values = data.map((d) => d.value);
  const series = {
    type: 'bar' as const,
    data: values,
    barMaxWidth: 28,
    itemStyle: { borderRadius: horizontal ? [0, 3, 3, 0] : [3, 3, 0, 0] },
    label: {
      show: true,
      position: horizontal ? ('right' as const) : ('top' as const),
      fontSize: 11,
      formatter: (p: { value?: unknown }) => fmt(p.value),
    },
  };
  const category = {
    type: 'category' as const,
    data: names,
    axisTick: { show: false },
    axisLabel: horizontal
      ? // long names (企事业单位、社会组织专业技术人员) wrap onto a second line instead of ending in "…"
        { width: 120, overflow: 'break' as const, lineHeight: 14, fontSize: 11 }
      : { interval: 0, rotate: 30, fontSize: 11 },
  };
  const value = {
    type: 'value' as const,
    minInterval: 1,
    // a narrow chart gets fewer ticks, and labels that would touch are dropped ("3,0006,0009,000" on a phone)
    splitNumber: horizontal ? 3 : 4,
    axisLabel: { formatter: fmt, hideOverlap: true, fontSize: 11 },
    splitLine: { lineStyle: { color: '#f0f0f0' } },
  };
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => `${fmt(v)} 人` },
    grid: { left: 8, right: horizontal ? 48 : 12, top: 24, bottom: 8, containLabel: true },
    xAxis: horizontal ? value : category,
    yAxis: horizontal ? { ...category, inverse: true } : value,
    series: [series],
  };
}

/** The six charts of an org's figures, in the page's order. */
function chartList(stats: Stats, ageBands: readonly CodeEntry[], joinPeriods: readonly CodeEntry[]) {
  const sex = [
    { name: '男', value: stats.sex.male },
    { name: '女', value: stats.sex.female },
  ];
  const age = rows(ageBands, stats.ageBands);
  const edu = rows(EDUCATION_GROUPS, stats.education);
  const occ = rows(OCCUPATIONS, stats.occupation);
  // the bands the answer was counted in: the local setting in force on its date
  const standing = rows(standingEntries(stats.standingBands), stats.standing);
  const join = rows(joinPeriods, stats.joinPeriod);
  const sexOption: ChartOption = {
    tooltip: { trigger: 'item', formatter: '{b}：{c}人（{d}%）' },
    legend: { bottom: 0, icon: 'circle' },
    color: ['#c81623', '#f0a020'],
    series: [
      {
        type: 'pie',
        radius: ['42%', '68%'],
        center: ['50%', '45%'],
        avoidLabelOverlap: true,
        // one decimal, as the headline's 女党员占比 (32.1 %, not 32.07 %)
        percentPrecision: 1,
        itemStyle: { borderColor: '#fff', borderWidth: 2 },
        label: {
          // 34.0 %, as the headline's 女党员占比 writes it (ECharts' {d} would drop the trailing zero)
          formatter: (p: { name?: string; percent?: number }) =>
            `${p.name ?? ''}\n${(p.percent ?? 0).toFixed(1)}%`,
        },
        data: sex,
      },
    ],
  };
  return [
    { key: 'sex', title: '性别构成', option: sexOption, label: summary('性别构成', sex) },
    { key: 'age', title: '年龄结构', option: barOption(age, false), label: summary('年龄结构', age) },
    { key: 'edu', title: '学历结构', option: barOption(edu, false), label: summary('学历结构', edu) },
    { key: 'occ', title: '职业分布', option: barOption(occ, true), label: summary('职业分布', occ) },
    {
      key: 'standing',
      title: '党龄结构',
      option: barOption(standing, false),
      label: summary('党龄结构', standing),
    },
    { key: 'join', title: '入党时间', option: barOption(join, true), label: summary('入党时间', join) },
  ];
}

/**
 * Draws the six charts once, off the document, with made-up figures (the sign-in page, while the person types:
 * login/style-warmup.tsx), so that the county page's real charts find ECharts' code compiled and most label widths
 * measured.
 */
export function warmStatsCharts(): void {
  const counts = (list: readonly CodeEntry[]) =>
    Object.fromEntries(list.map((e, i) => [e.code, 1234 * (i + 1)]));
  const bands = (zh: readonly string[]) => zh.map((z, i) => ({ code: String(i), zh: z, key: String(i) }));
  // the official bands and the default local ones (the real labels: their widths are what is cached)
  const age = bands([
    '30岁及以下',
    '31至35岁',
    '36至40岁',
    '41至45岁',
    '46至50岁',
    '51至55岁',
    '56至60岁',
    '61岁及以上',
  ]);
  const join = bands([
    '新中国成立前',
    '新中国成立后至党的十一届三中全会前',
    '党的十一届三中全会后至党的十八大前',
    '党的十八大以来',
  ]);
  const standing = bands([
    '5年及以下',
    '6至10年',
    '11至20年',
    '21至30年',
    '31至40年',
    '41至50年',
    '51年及以上',
  ]);
  const stats = {
    sex: { male: 12345, female: 6789 },
    ageBands: counts(age),
    education: counts(EDUCATION_GROUPS),
    occupation: counts(OCCUPATIONS),
    standingBands: standing,
    standing: counts(standing),
    joinPeriod: counts(join),
  } as unknown as Stats;
  warmCharts(chartList(stats, age, join));
}

export default function StatsCharts({ stats, onDrawn }: { stats: Stats; onDrawn?: () => void }) {
  const { ageBands, joinPeriods, loaded } = useRuleBands();
  // the charts' own effects (drawing) run before this one: the page may now draw what comes below them
  const empty = stats.members.total === 0;
  useEffect(() => {
    if (loaded) onDrawn?.();
  }, [loaded, empty, onDrawn]);
  const charts = useMemo(() => chartList(stats, ageBands, joinPeriods), [stats, ageBands, joinPeriods]);

  // the band names come with the settings (loaded once after sign-in)
  if (!loaded) return <Skeleton active paragraph={{ rows: 6 }} />;

  if (empty) {
    return (
      <Card variant="borderless">
        <Empty description="截至该日期没有在册党员，暂无统计图表" />
      </Card>
    );
  }

  return (
    <Row gutter={[16, 16]}>
      {charts.map((c) => (
        <Col key={c.key} xs={24} lg={12} xxl={8}>
          <Card variant="borderless" title={c.title} size="small">
            <EChart option={c.option} label={c.label} tall={c.key === 'occ'} lazyBelow />
          </Card>
        </Col>
      ))}
    </Row>
  );
}
