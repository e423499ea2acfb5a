/**
 * Minimal ECharts wrapper on `echarts/core` with only the pieces the app uses (bar, pie, tooltip, grid,
 * legend, aria), so the chart chunk stays small.
 */
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, PieChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, PieSeriesOption } from 'echarts/charts';
import type {
  AriaComponentOption,
  GridComponentOption,
  LegendComponentOption,
  TooltipComponentOption,
} from 'echarts/components';

echarts.use([
  BarChart,
  PieChart,
  AriaComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  CanvasRenderer,
]);

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | PieSeriesOption
  | AriaComponentOption
  | GridComponentOption
  | LegendComponentOption
  | TooltipComponentOption
>;

/** Restrained reds and warm neutrals, first colour the theme's primary. */
export const CHART_COLORS = [
  '#c81623',
  '#f0a020',
  '#d9594c',
  '#8c1c13',
  '#f5c16c',
  '#b08968',
  '#e88b7d',
  '#6d6875',
];

function prefersReducedMotion(): boolean {
  return typeof window !== 'undefined' && window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
}

export function EChart({ option, label, height }: { option: ChartOption; label: string; height?: number }) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const c = echarts.init(el, null, { renderer: 'canvas' });
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(
      {
        color: CHART_COLORS,
        // people who asked their system for less motion get the final chart at once
        animation: !prefersReducedMotion(),
        aria: { enabled: true, label: { description: label } },
        textStyle: { fontFamily: 'inherit' },
        ...option,
      },
      { notMerge: true },
    );
  }, [option, label]);

  return (
    <div
      ref={ref}
      className="jc-chart"
      role="img"
      aria-label={label}
      style={height ? { height } : undefined}
    />
  );
}
