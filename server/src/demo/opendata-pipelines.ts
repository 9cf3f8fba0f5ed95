/**
 * The demo city's publishing pipelines (公共数据开放): each a query over the platform's own data,
 * a de-identification spec, a schedule and the dataset it feeds. A real city edits these or
 * ships its own; the read-only role runs the queries, the department's data officer reviews them.
 */
import type { PipelineDefinition } from '../modules/opendata/index.ts';
import { DEMO_CITY_CODE } from './city.ts';

/** The demo city's bounding box (WGS 84): west, south, east, north. */
const BBOX: [number, number, number, number] = [120.53, 27.48, 120.63, 27.56];

const dataset = (
  d: Pick<
    PipelineDefinition['dataset'],
    'name' | 'title' | 'titleEn' | 'notes' | 'notesEn' | 'themes' | 'tags' | 'updateFrequency'
  > & {
    liveApi?: boolean;
  },
): PipelineDefinition['dataset'] => ({
  licenceId: 'cc-by-4.0',
  spatial: { regionCode: DEMO_CITY_CODE, bbox: BBOX },
  temporal: { start: null, end: null },
  contactEmail: null,
  liveApi: d.liveApi ?? true,
  ...d,
});

const month = { kind: 'time', unit: 'month' } as const;
const quarter = { kind: 'time', unit: 'quarter' } as const;
const year = { kind: 'time', unit: 'year' } as const;

export const SERVICE_VOLUMES: PipelineDefinition = {
  key: 'service-volumes',
  departmentCode: 'ASB',
  title: '政务服务办件量与办理时长（按事项、月份）',
  titleEn: 'Service volumes and handling times by item and month',
  dataset: dataset({
    name: 'service-volumes-monthly',
    title: '政务服务办件量与办理时长',
    titleEn: 'Government service volumes and handling times',
    notes: '按事项和月份统计的申请件数、办结件数和平均办理天数。少于 5 件的单元格不公布。',
    notesEn:
      'Applications, completions and mean handling days by service item and month. Cells under 5 are not published.',
    themes: ['gove'],
    tags: ['政务服务', 'service volumes'],
    updateFrequency: 'monthly',
  }),
  source: {
    sql: `select c.item_code as item, c.title_zh as item_name, c.department_code as department,
        c.submitted_at as month,
        case when c.status = 'completed' then 1 else 0 end as completed,
        case when c.status = 'completed' and c.closed_at is not null
          then (extract(epoch from (c.closed_at - c.submitted_at)) / 86400.0)::float8 end as handling_days,
        c.applicant_name_masked as applicant, c.case_number as case_number
      from applications.cases c where c.kind = 'item'`,
    requires: ['applications.cases'],
  },
  deid: {
    mode: 'aggregate',
    directIdentifiers: ['applicant', 'case_number'],
    quasiIdentifiers: [
      { column: 'item', ladder: [] },
      { column: 'item_name', ladder: [] },
      { column: 'department', ladder: [] },
      { column: 'month', ladder: [month, quarter, year] },
    ],
    measures: [
      { name: 'applications', op: 'count' },
      { name: 'completed', op: 'sum', column: 'completed', decimals: 0 },
      { name: 'mean_handling_days', op: 'avg', column: 'handling_days', decimals: 1 },
    ],
    k: 5,
    maxSuppression: 0.4,
  },
  columns: {
    item: { title: '事项编码', titleEn: 'Item code' },
    item_name: { title: '事项名称', titleEn: 'Item' },
    department: { title: '部门', titleEn: 'Department' },
    month: { title: '时间', titleEn: 'Period' },
    applications: { title: '申请件数', titleEn: 'Applications' },
    completed: { title: '办结件数', titleEn: 'Completed', type: 'integer' },
    mean_handling_days: { title: '平均办理天数', titleEn: 'Mean handling days' },
  },
  schedule: 'monthly',
};

export const RATINGS: PipelineDefinition = {
  key: 'ratings-by-department',
  departmentCode: 'ASB',
  title: '好差评（按部门、月份）',
  titleEn: 'Service ratings by department and month',
  dataset: dataset({
    name: 'service-ratings-by-department',
    title: '政务服务好差评统计',
    titleEn: 'Government service ratings',
    notes: '按部门、渠道和月份统计的评价数、平均分和好评率。评价人和评价内容不公布；少于 5 条的单元格不公布。',
    notesEn:
      'Ratings, mean score and share of good ratings by department, channel and month. Raters and comments are not published; cells under 5 are not.',
    themes: ['gove'],
    tags: ['好差评', 'ratings'],
    updateFrequency: 'monthly',
  }),
  source: {
    sql: `select r.department_code as department, d.name as department_name, r.channel as channel,
        r.rated_at as month, r.score::float8 as score, case when r.score >= 4 then 1 else 0 end as good,
        r.rater_account_id::text as rater, r.comment as comment, r.case_number as case_number
      from supervision.ratings r join org.departments d on d.code = r.department_code
      where r.kind = 'rating'`,
    requires: ['supervision.ratings', 'org.departments'],
  },
  deid: {
    mode: 'aggregate',
    directIdentifiers: ['rater', 'comment', 'case_number'],
    quasiIdentifiers: [
      { column: 'department', ladder: [] },
      { column: 'department_name', ladder: [] },
      { column: 'channel', ladder: [{ kind: 'keep' }, { kind: 'suppress' }] },
      { column: 'month', ladder: [month, quarter, year] },
    ],
    measures: [
      { name: 'ratings', op: 'count' },
      { name: 'mean_score', op: 'avg', column: 'score', decimals: 2 },
      { name: 'good_rate', op: 'avg', column: 'good', decimals: 3 },
    ],
    k: 5,
    maxSuppression: 0.2,
  },
  columns: {
    department: { title: '部门编码', titleEn: 'Department code' },
    department_name: { title: '部门', titleEn: 'Department' },
    channel: { title: '渠道', titleEn: 'Channel' },
    month: { title: '时间', titleEn: 'Period' },
    ratings: { title: '评价数', titleEn: 'Ratings' },
    mean_score: { title: '平均分', titleEn: 'Mean score' },
    good_rate: { title: '好评率', titleEn: 'Share of good ratings' },
  },
  schedule: 'monthly',
};

export const CITY_EVENTS: PipelineDefinition = {
  key: 'city-events',
  departmentCode: 'CLE',
  title: '城市事件（按类别、社区、周）',
  titleEn: 'City events by category, community and week',
  dataset: dataset({
    name: 'city-events-weekly',
    title: '城市事件统计',
    titleEn: 'City events',
    notes:
      '按事件类别、社区和周统计的城市事件数，位置取单元格内事件的平均位置并粗化到约 1 公里。少于 5 件的单元格不公布；件数加入几何分布噪声（差分隐私，ε = 1）。',
    notesEn:
      'City events by category, community and week; the location is the mean of the cell, coarsened to about 1 km. Cells under 5 are not published; counts carry geometric noise (differential privacy, ε = 1).',
    themes: ['regi', 'just'],
    tags: ['城市事件', 'city events', '一网统管'],
    updateFrequency: 'weekly',
  }),
  source: {
    sql: `select cat.name as category, cat.group_name as category_group,
        coalesce(com.name, '未定位') as community, e.opened_at as week, e.lat as lat, e.lng as lng,
        e.address as address
      from cityops.events e
      join cityops.categories cat on cat.code = e.category_code
      left join org.communities com on com.id = e.community_id
      where e.status <> 'merged'`,
    requires: ['cityops.events', 'cityops.categories', 'org.communities'],
  },
  deid: {
    mode: 'aggregate',
    directIdentifiers: ['address'],
    quasiIdentifiers: [
      {
        column: 'category',
        ladder: [{ kind: 'keep' }, { kind: 'from', column: 'category_group', label: 'category group' }],
      },
      { column: 'community', ladder: [{ kind: 'keep' }, { kind: 'suppress' }] },
      { column: 'week', ladder: [{ kind: 'time', unit: 'week' }, month] },
    ],
    measures: [
      { name: 'events', op: 'count' },
      { name: 'lat', op: 'avg', column: 'lat', decimals: 2 },
      { name: 'lng', op: 'avg', column: 'lng', decimals: 2 },
    ],
    k: 5,
    maxSuppression: 0.3,
    noise: { mechanism: 'geometric', epsilon: 1 },
  },
  columns: {
    category: { title: '类别', titleEn: 'Category' },
    community: { title: '社区', titleEn: 'Community' },
    week: { title: '时间', titleEn: 'Period' },
    events: { title: '事件数', titleEn: 'Events' },
    lat: { title: '纬度（粗化）', titleEn: 'Latitude (coarsened)' },
    lng: { title: '经度（粗化）', titleEn: 'Longitude (coarsened)' },
  },
  geo: { lat: 'lat', lng: 'lng' },
  schedule: 'weekly',
};

export const INSPECTION_RESULTS: PipelineDefinition = {
  key: 'inspection-results',
  departmentCode: 'AMR',
  title: '双随机抽查结果（按企业）',
  titleEn: 'Random inspection results by enterprise',
  dataset: dataset({
    name: 'inspection-results',
    title: '双随机、一公开抽查结果',
    titleEn: 'Random inspection results (双随机一公开)',
    notes:
      '依法公示的抽查结果，按企业逐条公布（统一社会信用代码、企业名称、抽查事项、结论、整改期限）。检查人员不公布。',
    notesEn:
      'Inspection results published by law, one row per enterprise and inspection. Inspectors are not published.',
    themes: ['econ', 'just'],
    tags: ['双随机一公开', 'inspections', '信用'],
    updateFrequency: 'daily',
  }),
  source: {
    sql: `select t.uscc as uscc, en.name as enterprise, en.industry as industry, i.name as item,
        t.department_code as department, t.outcome as outcome, t.rectify_by as rectify_by,
        ((t.published_at + interval '8 hours')::date)::text as published_on
      from inspections.tasks t
      join inspections.entities en on en.uscc = t.uscc
      join inspections.draws d on d.id = t.draw_id
      join inspections.items i on i.id = d.item_id
      where t.published_at is not null`,
    requires: ['inspections.tasks', 'inspections.entities', 'inspections.draws', 'inspections.items'],
  },
  deid: {
    mode: 'records',
    directIdentifiers: [],
    quasiIdentifiers: [],
    keep: ['uscc', 'enterprise', 'industry', 'item', 'department', 'outcome', 'rectify_by', 'published_on'],
    // Public by law (政府信息公开): the enterprise is named; no person is.
    k: 1,
    maxSuppression: 0,
  },
  columns: {
    uscc: { title: '统一社会信用代码', titleEn: 'USCC' },
    enterprise: { title: '企业名称', titleEn: 'Enterprise' },
    industry: { title: '行业', titleEn: 'Industry' },
    item: { title: '抽查事项', titleEn: 'Inspection item' },
    department: { title: '部门', titleEn: 'Department' },
    outcome: { title: '抽查结论', titleEn: 'Outcome' },
    rectify_by: { title: '整改期限', titleEn: 'Rectify by' },
    published_on: { title: '公示日期', titleEn: 'Published on' },
  },
  schedule: 'daily',
};

/** Tallied consultations of 一网共治 (cogov): the votes per option, never a voter. Like every pipeline, it says which of its tables are missing rather than fail (a deployment without cogov). */
export const CONSULTATION_RESULTS: PipelineDefinition = {
  key: 'consultation-results',
  departmentCode: 'CAB',
  title: '社区协商结果',
  titleEn: 'Consultation results',
  dataset: dataset({
    name: 'consultation-results',
    title: '社区协商与投票结果',
    titleEn: 'Community consultation results',
    notes: '已计票的协商的各选项票数。投票不记名，不公布投票人。',
    notesEn: 'Votes per option of tallied consultations. Ballots are secret; no voter is published.',
    themes: ['soci', 'gove'],
    tags: ['一网共治', 'consultations'],
    updateFrequency: 'daily',
  }),
  source: {
    sql: `select c.title as consultation, coalesce(com.name, '全市') as community,
        ((c.closes_at + interval '8 hours')::date)::text as closed_on, b.choice as choice
      from cogov.consultations c
      join cogov.ballots b on b.consultation_id = c.id
      left join org.communities com on com.id = c.community_id
      where c.tallied_at is not null`,
    requires: ['cogov.consultations', 'cogov.ballots', 'org.communities'],
  },
  deid: {
    mode: 'aggregate',
    directIdentifiers: [],
    quasiIdentifiers: [
      { column: 'consultation', ladder: [] },
      { column: 'community', ladder: [] },
      { column: 'closed_on', ladder: [] },
      { column: 'choice', ladder: [] },
    ],
    measures: [{ name: 'votes', op: 'count' }],
    // Tallies are announced in full (a consultation's result is public); ballots stay secret in cogov.
    k: 1,
    maxSuppression: 0,
  },
  columns: {
    consultation: { title: '协商事项', titleEn: 'Consultation' },
    community: { title: '社区', titleEn: 'Community' },
    closed_on: { title: '截止日期', titleEn: 'Closed on' },
    choice: { title: '选项', titleEn: 'Option' },
    votes: { title: '票数', titleEn: 'Votes' },
  },
  schedule: 'daily',
};

const sensorPipeline = (
  key: string,
  type: 'air-quality' | 'water-level',
  departmentCode: string,
  title: string,
  titleEn: string,
): PipelineDefinition => ({
  key,
  departmentCode,
  title,
  titleEn,
  dataset: dataset({
    name: `${key}`,
    title,
    titleEn,
    notes: `${title}：每台设备每小时的平均值、最小值、最大值和读数个数。`,
    notesEn: `${titleEn}: per device and hour, the mean, minimum, maximum and number of readings.`,
    themes: ['envi'],
    tags: ['物联感知', 'sensors', type],
    updateFrequency: 'hourly',
  }),
  source: {
    sql: `select s.id as sensor, s.name as sensor_name, s.community_code as community,
        round(s.lat::numeric, 3)::float8 as lat, round(s.lng::numeric, 3)::float8 as lng,
        h.hour as hour, h.metric as metric, (h.total / h.n)::float8 as mean, h.min as min, h.max as max,
        h.n as readings
      from cityops.sensor_hourly h join cityops.sensors s on s.id = h.sensor_id
      where s.type = '${type}'`,
    requires: ['cityops.sensor_hourly', 'cityops.sensors'],
  },
  deid: {
    mode: 'records',
    directIdentifiers: [],
    quasiIdentifiers: [],
    // Devices, not people: published as measured.
    keep: ['sensor', 'sensor_name', 'community', 'lat', 'lng', 'hour', 'metric', 'mean', 'min', 'max', 'readings'],
    k: 1,
    maxSuppression: 0,
  },
  columns: {
    sensor: { title: '设备', titleEn: 'Device' },
    sensor_name: { title: '设备名称', titleEn: 'Device name' },
    community: { title: '社区代码', titleEn: 'Community code' },
    lat: { title: '纬度', titleEn: 'Latitude', type: 'number' },
    lng: { title: '经度', titleEn: 'Longitude', type: 'number' },
    hour: { title: '小时', titleEn: 'Hour', type: 'datetime' },
    metric: { title: '指标', titleEn: 'Metric' },
    mean: { title: '平均值', titleEn: 'Mean', type: 'number' },
    min: { title: '最小值', titleEn: 'Minimum', type: 'number' },
    max: { title: '最大值', titleEn: 'Maximum', type: 'number' },
    readings: { title: '读数个数', titleEn: 'Readings', type: 'integer' },
  },
  geo: { lat: 'lat', lng: 'lng' },
  schedule: 'hourly',
});

export const AIR_QUALITY = sensorPipeline(
  'air-quality-hourly',
  'air-quality',
  'EEB',
  '空气质量小时数据',
  'Air quality, hourly',
);
export const WATER_LEVEL = sensorPipeline(
  'water-level-hourly',
  'water-level',
  'EMB',
  '水位小时数据',
  'Water levels, hourly',
);

export const DEMO_PIPELINES: readonly PipelineDefinition[] = [
  SERVICE_VOLUMES,
  RATINGS,
  CITY_EVENTS,
  INSPECTION_RESULTS,
  CONSULTATION_RESULTS,
  AIR_QUALITY,
  WATER_LEVEL,
];

/** The departments whose pipelines the demo's data officer looks after (besides their own post). */
export const DEMO_PIPELINE_DEPARTMENTS = [...new Set(DEMO_PIPELINES.map((p) => p.departmentCode))];

export interface PipelineSeedApi {
  install(defs: readonly PipelineDefinition[]): Promise<void>;
  approveForSeed(key: string, officer: { accountId: string; name: string }, note: string): Promise<void>;
  runAsSystem(
    key: string,
    runKey: string,
  ): Promise<{ outcome: string; errorCode: string | null; rowsPublished: number | null }>;
}

/**
 * Install the demo pipelines, approve them as the demo's data officer and run each once, so the
 * portal opens with data. A pipeline whose source is missing (cogov not installed) is recorded as
 * failed with PIPELINE_SOURCE_MISSING and runs once its tables exist.
 */
export async function seedDemoPipelines(
  pipelines: PipelineSeedApi,
  officer: { accountId: string; name: string },
  log: (m: string) => void,
): Promise<void> {
  await pipelines.install(DEMO_PIPELINES);
  const outcomes: string[] = [];
  for (const def of DEMO_PIPELINES) {
    await pipelines.approveForSeed(def.key, officer, '演示城市：已审核输出结构与去标识化规则');
    const run = await pipelines.runAsSystem(def.key, `seed:${def.key}`);
    outcomes.push(
      `${def.key} ${run.outcome}${run.errorCode ? ` (${run.errorCode})` : ` (${run.rowsPublished ?? 0} rows)`}`,
    );
  }
  log(`opendata: pipelines ${outcomes.join(', ')}`);
}
