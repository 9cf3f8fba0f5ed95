/** A dataset's page (/opendata/:name): metadata, table preview, chart, downloads, API documentation, versions. */
import { List, Tabs } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import {
  csvPreview,
  opendataDatasetQuery,
  opendataReleasesQuery,
  type OpenDataset,
  type OpenResource,
} from '../../shared/api/opendata';
import { addText } from '../../shared/i18n';
import { SubPage } from '../components';
import { opendataText } from '../text-opendata';

addText('opendata', opendataText);
echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

const PREVIEW_ROWS = 50;

/** The chart: the first numeric column summed by the column with the fewest distinct values. */
function chartSpec(r: OpenResource, header: string[], rows: string[][]) {
  const numeric = r.columns.find((c) => c.type === 'integer' || c.type === 'number');
  const texts = r.columns.filter((c) => c.type === 'string');
  if (!numeric || texts.length === 0) return null;
  const vi = header.indexOf(numeric.name);
  const by = texts
    .map((c) => ({ c, i: header.indexOf(c.name), n: new Set(rows.map((x) => x[header.indexOf(c.name)])).size }))
    .filter((x) => x.i >= 0 && x.n > 1)
    .sort((a, b) => a.n - b.n)[0];
  if (vi < 0 || !by) return null;
  const sums = new Map<string, number>();
  for (const row of rows) sums.set(row[by.i]!, (sums.get(row[by.i]!) ?? 0) + Number(row[vi]));
  return { by: by.c, value: numeric, labels: [...sums.keys()], values: [...sums.values()] };
}

function Chart({ spec }: { spec: NonNullable<ReturnType<typeof chartSpec>> }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: 'canvas' });
    c.setOption({
      grid: { left: 40, right: 10, top: 10, bottom: 60 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: spec.labels, axisLabel: { rotate: 40, fontSize: 10 } },
      yAxis: { type: 'value' },
      series: [{ type: 'bar', data: spec.values }],
    });
    const resize = () => c.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      c.dispose();
    };
  }, [spec]);
  return <div ref={el} style={{ width: '100%', height: 280 }} data-testid="opendata-chart" />;
}

function Preview({ resource }: { resource: OpenResource }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const data = useQuery({
    queryKey: ['opendata', 'preview', resource.id],
    queryFn: () => csvPreview(resource.path, 5000),
  });
  if (!data.data) return null;
  const { header, rows } = data.data;
  const spec = chartSpec(resource, header, rows);
  const title = (name: string) => {
    const c = resource.columns.find((x) => x.name === name);
    return c ? (en ? c.titleEn : c.title) : name;
  };
  return (
    <Tabs>
      <Tabs.Tab title={t('opendata.tabs.table')} key="table">
        <p className="yw-muted">{t('opendata.previewNote', { n: Math.min(PREVIEW_ROWS, rows.length) })}</p>
        <div style={{ overflowX: 'auto', maxWidth: '100%' }}>
          <table className="yw-table" data-testid="opendata-table">
            <thead>
              <tr>
                {header.map((h) => (
                  <th key={h}>{title(h)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.slice(0, PREVIEW_ROWS).map((row, i) => (
                <tr key={i}>
                  {row.map((v, j) => (
                    <td key={j}>{v}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Tabs.Tab>
      {spec && (
        <Tabs.Tab title={t('opendata.tabs.chart')} key="chart">
          <p className="yw-muted">
            {t('opendata.chartOf', {
              by: en ? spec.by.titleEn : spec.by.title,
              value: en ? spec.value.titleEn : spec.value.title,
            })}
          </p>
          <Chart spec={spec} />
        </Tabs.Tab>
      )}
    </Tabs>
  );
}

function Meta({ d }: { d: OpenDataset }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  return (
    <List>
      <List.Item extra={en ? d.organisation.titleEn : d.organisation.title}>{t('opendata.meta.publisher')}</List.Item>
      <List.Item extra={d.licenceId}>{t('opendata.meta.licence')}</List.Item>
      <List.Item extra={t(`opendata.frequency.${d.updateFrequency}`)}>{t('opendata.meta.frequency')}</List.Item>
      <List.Item extra={`${d.temporal.start ?? '—'} ~ ${d.temporal.end ?? '—'}`}>
        {t('opendata.meta.coverage')}
      </List.Item>
      <List.Item extra={d.spatial.regionCode}>{t('opendata.meta.region')}</List.Item>
    </List>
  );
}

export default function OpenDatasetPage() {
  const { name = '' } = useParams();
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const dataset = useQuery(opendataDatasetQuery(name));
  const releases = useQuery(opendataReleasesQuery(name));
  const d = dataset.data;
  const csv = d?.resources.find((r) => r.format === 'CSV');
  const origin = typeof window === 'undefined' ? '' : window.location.origin;
  return (
    <SubPage title={d ? (en ? d.titleEn : d.title) : t('opendata.title')} testId="opendata-dataset" backTo="/opendata">
      {d && (
        <>
          <p>{en ? d.notesEn : d.notes}</p>
          <p className="yw-muted">
            {d.version && t('opendata.version', { v: d.version })} ·{' '}
            {d.releasedAt && t('opendata.updated', { at: d.releasedAt.slice(0, 10) })}
          </p>
          <Meta d={d} />
          {csv && <Preview resource={csv} />}
          <h3>{t('opendata.tabs.downloads')}</h3>
          <List data-testid="opendata-downloads">
            {d.resources
              .filter((r) => r.format !== 'API')
              .map((r) => (
                <List.Item
                  key={r.id}
                  extra={r.size !== null ? t('opendata.size', { kb: Math.max(1, Math.round(r.size / 1024)) }) : ''}
                >
                  <a href={r.path} download data-testid={`download-${r.format}`}>
                    {t('opendata.download', { format: r.format })} · {en ? r.nameEn : r.name}
                  </a>
                </List.Item>
              ))}
          </List>
          <h3>{t('opendata.tabs.api')}</h3>
          <List data-testid="opendata-api">
            <List.Item description={<code>{`${origin}/api/3/action/package_show?id=${d.name}`}</code>}>
              {t('opendata.api.ckan')}
            </List.Item>
            <List.Item description={<code>{`${origin}/api/opendata/dcat/datasets/${d.name}.ttl`}</code>}>
              {t('opendata.api.dcat')}
            </List.Item>
            {d.resources
              .filter((r) => r.format === 'API')
              .map((r) => (
                <List.Item key={r.id} description={<code>{`${origin}${r.path}?limit=100&offset=0`}</code>}>
                  {t('opendata.api.live')} · <Link to="/opendata/keys">{t('opendata.links.getKey')}</Link>
                </List.Item>
              ))}
          </List>
          <h3>{t('opendata.tabs.releases')}</h3>
          <List data-testid="opendata-releases">
            {(releases.data ?? []).map((v) => (
              <List.Item
                key={v.id}
                description={
                  <span>
                    {t('opendata.report.title')}:{' '}
                    {v.report.kRequired !== null &&
                      `${t('opendata.report.k', { required: v.report.kRequired, reached: v.report.kReached ?? '—' })}; `}
                    {t('opendata.report.cells', { n: v.report.cellsSuppressed })}
                    {v.report.removedIdentifiers.length > 0 &&
                      `; ${t('opendata.report.removed', { list: v.report.removedIdentifiers.join(', ') })}`}
                    {v.report.generalisations.length > 0 &&
                      `; ${t('opendata.report.generalised', { list: v.report.generalisations.map((g) => `${g.attribute}: ${g.rule}`).join(', ') })}`}
                    {v.report.epsilon !== null && `; ${t('opendata.report.epsilon', { e: v.report.epsilon })}`}
                  </span>
                }
              >
                {v.version} · {v.releasedAt.slice(0, 10)} · {en ? v.notesEn : v.notes}
              </List.Item>
            ))}
          </List>
        </>
      )}
    </SubPage>
  );
}
