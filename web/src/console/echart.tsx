// One ECharts chart on canvas (ECharts 6 core), shared by the console's lazily loaded chart modules
// (statistics-charts.tsx, screen/screen-charts.tsx): it follows its box's size and takes each new
// option whole. Each chart module registers the chart types it uses (echarts.use), so ECharts stays
// out of the console's first load.
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';

export type ChartOption = Parameters<echarts.ECharts['setOption']>[0];

export function EChart({ option, testId, height }: { option: ChartOption; testId: string; height: number }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    const observer = new ResizeObserver(() => c.resize());
    observer.observe(el.current);
    return () => {
      observer.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);
  return <div ref={el} data-testid={testId} style={{ width: '100%', height }} />;
}
