// The city screen's charts (ECharts 6, only the parts used), loaded with React.lazy by
// pages/CityScreen.tsx, so ECharts is in neither the console's first load nor the screen's chunk.
import { useTranslation } from 'react-i18next';
import * as echarts from 'echarts/core';
import { BarChart, GaugeChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { ScreenSummary } from '../../shared/api/cityops-screen';
import { SCREEN_STATUSES } from '../../shared/api/cityops-screen';
import { EChart as Chart, type ChartOption } from '../echart';
import { STATUS_COLOURS } from './colours';

echarts.use([
  LineChart,
  BarChart,
  PieChart,
  GaugeChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  CanvasRenderer,
]);

type Option = ChartOption;

const TEXT = '#cbd5e1';
const AXIS = { axisLine: { lineStyle: { color: '#334155' } }, axisLabel: { color: TEXT }, splitLine: { show: false } };

function Panel({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="yw-cs-panel">
      <h3>{title}</h3>
      {children}
    </section>
  );
}

/** Which side of the map: the left column (status, compliance, sources) or the right (trend, categories, 12345). */
export default function ScreenCharts({ data, side }: { data: ScreenSummary; side: 'left' | 'right' }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const tooltip = { trigger: 'item' as const };

  if (side === 'left') {
    const status: Option = {
      tooltip,
      series: [
        {
          type: 'pie',
          radius: ['45%', '72%'],
          label: { color: TEXT, formatter: '{b}\n{c}' },
          data: SCREEN_STATUSES.map((s) => ({
            name: t(`screen.status.${s}`),
            value: data.counts[s],
            itemStyle: { color: STATUS_COLOURS[s] },
          })),
        },
      ],
    };
    const rate = data.compliance.rate === null ? 0 : Math.round(data.compliance.rate * 1000) / 10;
    const compliance: Option = {
      series: [
        {
          type: 'gauge',
          min: 0,
          max: 100,
          progress: { show: true, width: 12 },
          axisLine: { lineStyle: { width: 12, color: [[1, '#1e293b']] } },
          axisTick: { show: false },
          splitLine: { show: false },
          axisLabel: { show: false },
          pointer: { show: false },
          detail: { valueAnimation: true, formatter: '{value}%', color: '#f8fafc', fontSize: 24, offsetCenter: [0, 0] },
          itemStyle: { color: rate >= 90 ? '#22c55e' : rate >= 75 ? '#eab308' : '#ef4444' },
          data: [{ value: rate }],
        },
      ],
    };
    const sources: Option = {
      tooltip,
      series: [
        {
          type: 'pie',
          radius: '68%',
          label: { color: TEXT },
          data: data.sources.map((s) => ({
            name: t(`screen.source.${s.source}`, { defaultValue: s.source }),
            value: s.count,
          })),
        },
      ],
    };
    return (
      <>
        <Panel title={t('screen.charts.status')}>
          <Chart option={status} testId="screen-chart-status" height={200} />
        </Panel>
        <Panel title={t('screen.charts.compliance')}>
          <Chart option={compliance} testId="screen-chart-compliance" height={160} />
        </Panel>
        <Panel title={t('screen.charts.sources')}>
          <Chart option={sources} testId="screen-chart-sources" height={190} />
        </Panel>
      </>
    );
  }

  const trend: Option = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, textStyle: { color: TEXT } },
    grid: { left: 36, right: 12, top: 28, bottom: 24 },
    xAxis: { type: 'category', data: data.trend.map((d) => d.day.slice(5)), ...AXIS },
    yAxis: { type: 'value', ...AXIS, splitLine: { lineStyle: { color: '#1e293b' } } },
    series: [
      {
        name: t('screen.charts.opened'),
        type: 'line',
        smooth: true,
        areaStyle: { opacity: 0.15 },
        itemStyle: { color: '#f97316' },
        data: data.trend.map((d) => d.opened),
      },
      {
        name: t('screen.charts.closed'),
        type: 'line',
        smooth: true,
        itemStyle: { color: '#22c55e' },
        data: data.trend.map((d) => d.closed),
      },
    ],
  };
  const top = [...data.categories].reverse();
  const categories: Option = {
    tooltip: { trigger: 'axis' },
    grid: { left: 96, right: 24, top: 8, bottom: 20 },
    xAxis: { type: 'value', ...AXIS },
    yAxis: { type: 'category', data: top.map((c) => (en ? c.nameEn : c.name)), ...AXIS },
    series: [{ type: 'bar', barWidth: 10, itemStyle: { color: '#38bdf8' }, data: top.map((c) => c.count) }],
  };
  const hotline = data.hotline;
  const calls: Option | null = hotline && {
    tooltip: { trigger: 'axis' },
    grid: { left: 40, right: 12, top: 8, bottom: 20 },
    xAxis: {
      type: 'category',
      data: hotline.byType.map((b) => t(`screen.callType.${b.type}`, { defaultValue: b.type })),
      ...AXIS,
    },
    yAxis: { type: 'value', ...AXIS },
    series: [{ type: 'bar', barWidth: 14, itemStyle: { color: '#a78bfa' }, data: hotline.byType.map((b) => b.count) }],
  };
  return (
    <>
      <Panel title={`${t('screen.charts.trend')} · ${t('screen.window', { count: data.days })}`}>
        <Chart option={trend} testId="screen-chart-trend" height={200} />
      </Panel>
      <Panel title={t('screen.charts.categories')}>
        <Chart option={categories} testId="screen-chart-categories" height={230} />
      </Panel>
      <Panel title={t('screen.charts.hotline')}>
        {hotline && calls ? (
          <>
            <div className="yw-cs-figures" data-testid="screen-hotline">
              <Figure label={t('screen.hotline.today')} value={hotline.today} />
              <Figure label={t('screen.hotline.window')} value={hotline.window} />
              <Figure label={t('screen.hotline.answeredOnSpot')} value={hotline.answeredOnSpot} />
              <Figure label={t('screen.hotline.repeatCallers')} value={hotline.repeatCallers} />
            </div>
            <Chart option={calls} testId="screen-chart-hotline" height={130} />
          </>
        ) : (
          <p className="yw-cs-muted">{t('screen.hotline.none')}</p>
        )}
      </Panel>
    </>
  );
}

function Figure({ label, value }: { label: string; value: number }) {
  return (
    <div className="yw-cs-figure">
      <b>{value.toLocaleString()}</b>
      <span>{label}</span>
    </div>
  );
}
