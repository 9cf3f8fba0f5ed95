// The statistics page's charts (ECharts 6, only the parts used: line and bar charts on canvas).
// Loaded with React.lazy by pages/Statistics.tsx, so ECharts is in neither the console's first
// load nor the page's own chunk until the charts render.
import { Card, Col, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { SupervisionStatistics } from '../shared/api/statistics';
import { lt } from '../shared/catalog';
import { EChart, type ChartOption } from './echart';

echarts.use([LineChart, BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

type Option = ChartOption;

const Chart = ({ option, testId }: { option: Option; testId: string }) => (
  <EChart option={option} testId={testId} height={280} />
);

const pct = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 10);

export default function StatisticsCharts({ data }: { data: SupervisionStatistics }) {
  const { t, i18n } = useTranslation();
  const weeks = data.weeks.map((w) => w.week);
  const legend = { top: 0 };
  const grid = { left: 48, right: 48, top: 36, bottom: 28 };
  const byDepartment = data.department === null && data.departments.length > 1;
  const groups = byDepartment
    ? data.departments.map((d) => ({ label: lt(d.name, i18n.language), ...d }))
    : data.items.map((d) => ({ label: lt(d.name, i18n.language), ...d }));

  const volumes: Option = {
    tooltip: { trigger: 'axis' },
    legend,
    grid,
    xAxis: { type: 'category', data: weeks },
    yAxis: { type: 'value' },
    series: (['submitted', 'decided', 'completed', 'backlog'] as const).map((k) => ({
      name: t(`statistics.col.${k}`),
      type: 'line',
      data: data.weeks.map((w) => w[k]),
    })),
  };
  const handling: Option = {
    tooltip: { trigger: 'axis' },
    legend,
    grid: { ...grid, bottom: 64 },
    xAxis: { type: 'category', data: groups.map((g) => g.label), axisLabel: { rotate: 30, interval: 0 } },
    yAxis: { type: 'value' },
    series: (['avgHandlingDays', 'p90HandlingDays', 'avgLimitDays'] as const).map((k) => ({
      name: t(`statistics.col.${k}`),
      type: 'bar',
      data: groups.map((g) => g[k]),
    })),
  };
  const shares: Option = {
    tooltip: { trigger: 'axis' },
    legend,
    grid,
    xAxis: { type: 'category', data: weeks },
    yAxis: { type: 'value', max: 100 },
    series: (['zeroVisitRate', 'onlineRate', 'onTimeRate'] as const).map((k) => ({
      name: t(`statistics.col.${k}`),
      type: 'line',
      connectNulls: true,
      data: data.weeks.map((w) => pct(w[k])),
    })),
  };
  const ratings: Option = {
    tooltip: { trigger: 'axis' },
    legend,
    grid,
    xAxis: { type: 'category', data: weeks },
    yAxis: [{ type: 'value' }, { type: 'value', max: 100 }],
    series: [
      { name: t('statistics.col.ratings'), type: 'bar', data: data.weeks.map((w) => w.ratings) },
      {
        name: t('statistics.col.goodReviewRate'),
        type: 'line',
        yAxisIndex: 1,
        connectNulls: true,
        data: data.weeks.map((w) => pct(w.goodReviewRate)),
      },
    ],
  };
  const charts = [
    { key: 'volumes', option: volumes },
    { key: 'handling', option: handling },
    { key: 'shares', option: shares },
    { key: 'ratings', option: ratings },
  ] as const;
  return (
    <Row gutter={[16, 16]}>
      {charts.map((c) => (
        <Col key={c.key} xs={24} xl={12}>
          <Card size="small" title={t(`statistics.charts.${c.key}`)}>
            <Chart option={c.option} testId={`chart-${c.key}`} />
          </Card>
        </Col>
      ))}
    </Row>
  );
}
