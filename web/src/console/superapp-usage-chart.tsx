// An app's daily usage (ECharts: opens and users as bars, the error rate as a line), loaded lazily
// by the app's supervision page so ECharts stays out of the console's first load.
import { useTranslation } from 'react-i18next';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { AppUsage } from '../shared/api/superapp-supervision';
import { EChart, type ChartOption } from './echart';

echarts.use([LineChart, BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export default function UsageChart({ usage }: { usage: AppUsage }) {
  const { t } = useTranslation();
  const option: ChartOption = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 48, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: usage.days.map((d) => d.day.slice(5)) },
    yAxis: [{ type: 'value' }, { type: 'value', axisLabel: { formatter: '{value}%' } }],
    series: [
      { name: t('appSupervision.usageSeries.opens'), type: 'bar', data: usage.days.map((d) => d.opens) },
      { name: t('appSupervision.usageSeries.users'), type: 'bar', data: usage.days.map((d) => d.users) },
      { name: t('appSupervision.usageSeries.errors'), type: 'bar', data: usage.days.map((d) => d.errors) },
      {
        name: t('appSupervision.usageSeries.errorRate'),
        type: 'line',
        yAxisIndex: 1,
        data: usage.days.map((d) => Math.round(d.errorRate * 1000) / 10),
      },
    ],
  };
  return <EChart option={option} testId="app-usage-chart" height={280} />;
}
