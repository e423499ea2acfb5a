/**
 * Minimal ECharts wrapper on `echarts/core` with only the pieces the app uses (bar, pie, tooltip, grid,
 * legend, aria), so the chart chunk stays small.
 */
import { useEffect, useLayoutEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart, PieChart } from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapPiecewiseComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { theme } from '../theme.js';
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, HeatmapSeriesOption, PieSeriesOption } from 'echarts/charts';
import type {
  AriaComponentOption,
  GridComponentOption,
  LegendComponentOption,
  TooltipComponentOption,
  VisualMapComponentOption,
} from 'echarts/components';

echarts.use([
  BarChart,
  HeatmapChart,
  PieChart,
  AriaComponent,
  VisualMapPiecewiseComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  CanvasRenderer,
]);

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | HeatmapSeriesOption
  | PieSeriesOption
  | VisualMapComponentOption
  | AriaComponentOption
  | GridComponentOption
  | LegendComponentOption
  | TooltipComponentOption
>;

const FONT_FAMILY = theme.token?.fontFamily ?? 'sans-serif';

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

function withDefaults(option: ChartOption, label: string): ChartOption {
  return {
    color: CHART_COLORS,
    // people who asked their system for less motion get the final chart at once
    animation: !prefersReducedMotion(),
    aria: { enabled: true, label: { description: label } },
    // the app's own font list: a canvas knows no 'inherit' (it kept its 10 px default, measured text in it, and
    // paid a failed font parse on every label)
    textStyle: { fontFamily: FONT_FAMILY },
    ...option,
  };
}

/**
 * Draws each option once into a canvas that is never put in the document, then drops it (the sign-in page, while
 * the person types: decision 0017's addenda). The first chart a page draws otherwise pays for compiling ECharts'
 * code and for measuring every label's text; the text widths stay in ZRender's cache for the real charts.
 */
export function warmCharts(options: readonly { option: ChartOption; label: string }[]): void {
  for (const { option, label } of options) {
    const c = echarts.init(document.createElement('div'), null, {
      renderer: 'canvas',
      width: 560,
      height: 300,
    });
    c.setOption(withDefaults(option, label), { notMerge: true });
    c.dispose();
  }
}

/** A click on a data item: its series' data index and value. */
export interface ChartClick {
  dataIndex: number;
  value: unknown;
}

export function EChart({
  option,
  label,
  height,
  onClick,
  tall,
  lazyBelow,
}: {
  option: ChartOption;
  label: string;
  height?: number;
  onClick?: (e: ChartClick) => void;
  /** many categories with two-line names (职业分布): more height, so that the names do not touch */
  tall?: boolean;
  /**
   * below the window when the page is drawn: drawn after the frame that shows the first screen (each chart in a
   * task of its own), or as soon as it scrolls into view
   */
  lazyBelow?: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;

  // The size is read while React commits, before any chart is drawn: all charts of a page read one layout. Left to
  // ECharts, each init asks for the computed style of its element after the previous chart has added its canvas,
  // which lays the whole page out again, once per chart.
  const size = useRef<{ width: number; height: number } | null>(null);
  const below = useRef(false);
  useLayoutEffect(() => {
    const el = ref.current;
    if (el && el.clientWidth > 0) size.current = { width: el.clientWidth, height: el.clientHeight };
    // the same layout: is the chart below the window?
    if (el && lazyBelow) below.current = el.getBoundingClientRect().top >= window.innerHeight;
  }, []);
  const optionRef = useRef({ option, label });
  optionRef.current = { option, label };

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let c: echarts.ECharts | null = null;
    let ro: ResizeObserver | null = null;
    const draw = () => {
      if (c) return;
      c = echarts.init(el, null, { renderer: 'canvas', ...size.current });
      const drawn = c;
      chart.current = drawn;
      drawn.on('click', (p) => clickRef.current?.({ dataIndex: p.dataIndex, value: p.value }));
      drawn.setOption(withDefaults(optionRef.current.option, optionRef.current.label), { notMerge: true });
      // An observer reports the size it first sees at once: redrawing then would draw every chart twice. Only a
      // size that differs from the one the chart was drawn at redraws it.
      ro = new ResizeObserver((entries) => {
        const box = entries[entries.length - 1]?.contentRect;
        // the size given (init's, or the last one) holds until another is given: the observer's is the element's
        if (
          box &&
          (Math.abs(box.width - drawn.getWidth()) >= 1 || Math.abs(box.height - drawn.getHeight()) >= 1)
        )
          drawn.resize({ width: box.width, height: box.height });
      });
      ro.observe(el);
    };
    let io: IntersectionObserver | null = null;
    let frame = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    if (!below.current) draw();
    else {
      io = new IntersectionObserver((entries) => {
        if (entries.some((e) => e.isIntersecting)) draw();
      });
      io.observe(el);
      // after the frame that shows the first screen: a frame, the next one, then a task of its own
      frame = requestAnimationFrame(() => {
        frame = requestAnimationFrame(() => {
          timer = setTimeout(draw, 0);
        });
      });
    }
    return () => {
      io?.disconnect();
      cancelAnimationFrame(frame);
      clearTimeout(timer);
      ro?.disconnect();
      c?.dispose();
      chart.current = null;
    };
  }, []);

  const first = useRef(true);
  useEffect(() => {
    // the first option is given when the chart is drawn
    if (first.current) {
      first.current = false;
      return;
    }
    chart.current?.setOption(withDefaults(option, label), { notMerge: true });
  }, [option, label]);

  return (
    <div
      ref={ref}
      className={tall ? 'jc-chart jc-chart-tall' : 'jc-chart'}
      role="img"
      aria-label={label}
      style={height ? { height } : undefined}
    />
  );
}
