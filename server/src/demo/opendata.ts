/**
 * The demo city's open data (公共数据开放): a few datasets with one release each, published through
 * the catalogue's interface as their departments' pipelines would (OPENDATA.md). The figures are
 * synthetic and already aggregated (no cell below 5). Idempotent: datasets by name, releases by key.
 * When the pipelines part publishes city events itself, its releases become later versions.
 */
import type {
  Catalogue,
  DatasetInput,
  DeidentificationReport,
  Publisher,
  ReleaseFile,
} from '../modules/opendata/index.ts';
import { createRng } from '../platform/prng.ts';
import { DEMO_CITY_CODE, DEMO_COMMUNITIES } from './city.ts';

const DEMO_PIPELINE = '01930000-0000-7000-8000-00000000d0da';

const aggregated = (over: Partial<DeidentificationReport> = {}): DeidentificationReport => ({
  steps: ['remove-identifiers', 'aggregate'],
  removedIdentifiers: ['contact_name', 'contact_phone', 'contact_email', 'address'],
  quasiIdentifiers: [],
  kRequired: null,
  kReached: null,
  minCellSize: 5,
  cellsSuppressed: 0,
  rowsSuppressed: 0,
  generalisations: [],
  lDiversity: [],
  epsilon: null,
  passed: true,
  ...over,
});

const csvOf = (header: string[], rows: (string | number)[][]): Uint8Array =>
  Buffer.from(
    [header, ...rows]
      .map((r) => r.map((v) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : v)).join(','))
      .join('\n') + '\n',
  );

const isoWeek = (d: Date): string => {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const year = t.getUTCFullYear();
  const week = Math.ceil(((t.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
};

interface DemoDataset {
  input: Omit<DatasetInput, 'spatial' | 'contactEmail'>;
  file: (now: Date) => { file: ReleaseFile; start: string; end: string };
  report: DeidentificationReport;
  notes: [string, string];
}

const BBOX: [number, number, number, number] = [120.45, 27.5, 120.65, 27.65];
const CATEGORIES = ['道路破损', '占道经营', '垃圾堆放', '违章停车', '噪声扰民'];

export const DEMO_OPEN_DATASETS: readonly DemoDataset[] = [
  {
    input: {
      name: 'city-events-weekly',
      departmentCode: 'CLE',
      title: '城市事件周报（按类别、社区和周）',
      titleEn: 'City events by category, community and week',
      notes:
        '市民随手拍、12345 热线和物联感知上报的城市事件，按事件类别、社区和周汇总；位置已粗化到社区，少于 5 件的单元格已抑制。',
      notesEn:
        'City events reported by citizens, the 12345 hotline and sensors, counted by category, community and week; locations coarsened to the community, cells under 5 suppressed.',
      licenceId: 'cc-by-4.0',
      themes: ['regi', 'soci'],
      tags: ['城市事件', '一网统管', 'city-events'],
      updateFrequency: 'weekly',
      temporal: { start: null, end: null },
      liveApi: true,
    },
    notes: ['首次发布：近 12 周', 'First release: the last 12 weeks'],
    report: aggregated({
      steps: ['remove-identifiers', 'aggregate', 'k-anonymity'],
      quasiIdentifiers: ['community', 'week', 'category'],
      kRequired: 5,
      kReached: 5,
      cellsSuppressed: 0,
      generalisations: [
        { attribute: 'location', rule: 'point → community' },
        { attribute: 'reported_at', rule: 'time → ISO week' },
      ],
    }),
    file: (now) => {
      const rng = createRng('opendata-city-events');
      const rows: (string | number)[][] = [];
      const communities = DEMO_COMMUNITIES.slice(0, 12);
      let first = '';
      for (let w = 12; w >= 1; w--) {
        const day = new Date(now.getTime() - w * 7 * 86_400_000);
        const week = isoWeek(day);
        if (!first) first = day.toISOString().slice(0, 10);
        for (const c of communities)
          for (const cat of CATEGORIES) {
            const n = rng.int(0, 30);
            if (n >= 5) rows.push([week, c.name, cat, n]);
          }
      }
      return {
        start: first,
        end: new Date(now.getTime() - 7 * 86_400_000).toISOString().slice(0, 10),
        file: {
          name: '城市事件周报',
          nameEn: 'Weekly city events',
          description: '每行一个（周、社区、类别）单元格',
          format: 'CSV',
          content: csvOf(['week', 'community', 'category', 'count'], rows),
          columns: [
            { name: 'week', type: 'string', title: '周', titleEn: 'Week' },
            { name: 'community', type: 'string', title: '社区', titleEn: 'Community' },
            { name: 'category', type: 'string', title: '事件类别', titleEn: 'Category' },
            { name: 'count', type: 'integer', title: '件数', titleEn: 'Events' },
          ],
          rowCount: rows.length,
        },
      };
    },
  },
  {
    input: {
      name: 'service-volumes-monthly',
      departmentCode: 'ASB',
      title: '政务服务办件量和办理时长（按月）',
      titleEn: 'Government service volumes and handling times by month',
      notes: '各政务服务事项每月的办件量与平均办理工作日。',
      notesEn: 'Applications and mean handling time in working days per service item and month.',
      licenceId: 'cc-by-4.0',
      themes: ['gove'],
      tags: ['政务服务', '一网通办', 'service-volumes'],
      updateFrequency: 'monthly',
      temporal: { start: null, end: null },
      liveApi: false,
    },
    notes: ['首次发布', 'First release'],
    report: aggregated(),
    file: (now) => {
      const rng = createRng('opendata-service-volumes');
      const items = ['个体工商户设立登记', '不动产转移登记', '城乡居民医保参保登记', '义务教育入学报名', '生育登记'];
      const rows: (string | number)[][] = [];
      for (let m = 6; m >= 1; m--) {
        const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - m, 1));
        for (const it of items)
          rows.push([d.toISOString().slice(0, 7), it, rng.int(20, 400), (rng.int(5, 60) / 10).toFixed(1)]);
      }
      return {
        start: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 6, 1)).toISOString().slice(0, 10),
        end: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0)).toISOString().slice(0, 10),
        file: {
          name: '月度办件量',
          nameEn: 'Monthly volumes',
          description: '',
          format: 'CSV',
          content: csvOf(['month', 'item', 'applications', 'mean_days'], rows),
          columns: [
            { name: 'month', type: 'string', title: '月份', titleEn: 'Month' },
            { name: 'item', type: 'string', title: '事项', titleEn: 'Item' },
            { name: 'applications', type: 'integer', title: '办件量', titleEn: 'Applications' },
            { name: 'mean_days', type: 'number', title: '平均办理工作日', titleEn: 'Mean working days' },
          ],
          rowCount: rows.length,
        },
      };
    },
  },
  {
    input: {
      name: 'air-quality-hourly',
      departmentCode: 'EEB',
      title: '空气质量小时数据',
      titleEn: 'Air quality, hourly',
      notes: '各监测站每小时的 PM2.5 浓度和空气质量指数。',
      notesEn: 'PM2.5 and the air quality index per monitoring station and hour.',
      licenceId: 'cc0-1.0',
      themes: ['envi'],
      tags: ['空气质量', '物联感知', 'air-quality'],
      updateFrequency: 'hourly',
      temporal: { start: null, end: null },
      liveApi: true,
    },
    notes: ['首次发布：近 24 小时', 'First release: the last 24 hours'],
    report: aggregated({ steps: [], removedIdentifiers: [], minCellSize: null }),
    file: (now) => {
      const rng = createRng('opendata-air-quality');
      const rows: (string | number)[][] = [];
      for (let h = 24; h >= 1; h--) {
        const t = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000 - h * 3_600_000)
          .toISOString()
          .slice(0, 13);
        for (const s of ['龙港城区站', '舥艚站', '芦浦站']) {
          const pm = rng.int(8, 75);
          rows.push([`${t}:00:00Z`, s, pm, Math.round(pm * 1.4)]);
        }
      }
      const day = now.toISOString().slice(0, 10);
      return {
        start: day,
        end: day,
        file: {
          name: '空气质量小时值',
          nameEn: 'Hourly readings',
          description: '',
          format: 'CSV',
          content: csvOf(['time', 'station', 'pm25', 'aqi'], rows),
          columns: [
            { name: 'time', type: 'datetime', title: '时间', titleEn: 'Time' },
            { name: 'station', type: 'string', title: '监测站', titleEn: 'Station' },
            { name: 'pm25', type: 'integer', title: 'PM2.5（μg/m³）', titleEn: 'PM2.5 (μg/m³)' },
            { name: 'aqi', type: 'integer', title: '空气质量指数', titleEn: 'AQI' },
          ],
          rowCount: rows.length,
        },
      };
    },
  },
];

/** Publish the demo datasets' first releases (as their departments' pipelines); idempotent. */
export async function seedOpenData(catalogue: Catalogue, now: Date, log: (msg: string) => void): Promise<void> {
  let published = 0;
  for (const d of DEMO_OPEN_DATASETS) {
    const known = await catalogue.dataset(null, d.input.name).catch(() => null);
    if (known?.version) continue;
    const by: Publisher = { kind: 'pipeline', pipelineId: DEMO_PIPELINE, departmentCode: d.input.departmentCode };
    const ds = await catalogue.saveDataset(by, {
      ...d.input,
      spatial: { regionCode: DEMO_CITY_CODE, bbox: BBOX },
      contactEmail: `opendata@${d.input.departmentCode.toLowerCase()}.longgang.example.gov.cn`,
    });
    if (ds.version !== null) continue;
    const { file, start, end } = d.file(now);
    await catalogue.publishRelease(by, ds.id, {
      version: null,
      notes: d.notes[0],
      notesEn: d.notes[1],
      files: [file],
      report: d.report,
      pipelineId: DEMO_PIPELINE,
      releaseKey: `demo:${d.input.name}:1`,
      temporal: { start, end },
    });
    published++;
  }
  if (published) log(`opendata: ${published} demo datasets published`);
}
