/**
 * One Apache ECharts chart, tree-shaken through `echarts/core` (bar and line charts only, grid, tooltip
 * and legend, drawn as SVG) and loaded with the regulator's pages only. The chart is an image to assistive
 * technology (role="img" with a sentence of every number); the page shows the same numbers as a table.
 */
import { useEffect, useRef } from 'react';
import { init, use, type EChartsCoreOption, type EChartsType } from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export function EChart({
  option,
  label,
  height = 260,
  testId,
}: {
  option: EChartsCoreOption;
  label: string;
  height?: number;
  testId?: string;
}) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | undefined>(undefined);

  useEffect(() => {
    const el = element.current;
    if (!el) return;
    const instance = init(el, undefined, { renderer: 'svg' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = undefined;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={element} role="img" aria-label={label} data-testid={testId} style={{ width: '100%', height }} />;
}

export default EChart;
