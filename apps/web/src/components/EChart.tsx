import { BarChart, HeatmapChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only the charts and components the dashboards draw: the rest of ECharts stays out of the bundle.
echarts.use([
  BarChart,
  LineChart,
  HeatmapChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

export type ChartOption = echarts.EChartsCoreOption;

/** What was clicked: a category of a category axis (its index), or a data item of a series. */
export interface ChartClick {
  categoryIndex?: number;
  dataIndex?: number;
  seriesIndex?: number;
  value?: unknown;
}

/**
 * One ECharts chart in a React tree: created once, given each new option whole (notMerge, so a
 * series or category that went away does not linger), resized with its box, disposed on unmount.
 *
 * A canvas says nothing to a screen reader, so the chart is an image with `summary` as its name;
 * the screens offer the table behind each chart beside it for reading and for the keyboard.
 *
 * `clickCategories`: a click anywhere in a category's band of the grid counts as a click on that
 * category (its `categoryIndex`), not only a click on the bar, so a department whose bar is short
 * or zero can still be opened.
 */
export function EChart({
  option,
  summary,
  height,
  onClick,
  clickCategories,
  testId,
}: {
  option: ChartOption;
  summary: string;
  height: number;
  onClick?: (click: ChartClick) => void;
  clickCategories?: 'x' | 'y';
  testId?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clicked = useRef(onClick);
  clicked.current = onClick;

  useEffect(() => {
    const instance = echarts.init(box.current, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const resize = new ResizeObserver(() => instance.resize());
    resize.observe(box.current!);
    instance.on('click', (params) => {
      if (clickCategories) return; // the band click below answers for the whole category
      clicked.current?.({ dataIndex: params.dataIndex, seriesIndex: params.seriesIndex, value: params.value });
    });
    if (clickCategories) {
      instance.getZr().on('click', (event) => {
        const point = [event.offsetX, event.offsetY];
        if (!instance.containPixel({ gridIndex: 0 }, point)) return;
        const [x, y] = instance.convertFromPixel({ gridIndex: 0 }, point);
        const index = Math.round(clickCategories === 'x' ? x : y);
        if (Number.isFinite(index)) clicked.current?.({ categoryIndex: index });
      });
    }
    return () => {
      resize.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [clickCategories]);

  useEffect(() => {
    // Screenshots and users who asked for less motion get the chart at once, not growing bars.
    const still = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    chart.current?.setOption({ animation: !still, ...option }, { notMerge: true });
  }, [option]);

  return (
    <div
      ref={box}
      role="img"
      aria-label={summary}
      data-testid={testId}
      style={{ width: '100%', height, cursor: onClick ? 'pointer' : undefined }}
    />
  );
}
