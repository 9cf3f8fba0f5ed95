/**
 * The demo city's event categories (事件分类), also its Open311 services (code = service_code):
 * who handles them (a department of city.ts) and in what time (urgent ones in working hours).
 * Synthetic but modelled on 12345 and 城市管理 classifications.
 */
import type { SeedCategory } from '../modules/cityops/index.ts';

const days = (value: number) => ({ value, unit: 'working_days' as const });
const hours = (value: number) => ({ value, unit: 'hours' as const });

const APPEARANCE = ['市容环境', 'City appearance'] as const;
const ROADS = ['道路交通', 'Roads and traffic'] as const;
const FACILITIES = ['市政设施', 'Public facilities'] as const;
const ENVIRONMENT = ['生态环境', 'Environment'] as const;
const SAFETY = ['公共安全', 'Public safety'] as const;
const SENSORS = ['物联感知', 'Sensor alerts'] as const;

type Group = readonly [string, string];
const cat = (
  code: string,
  group: Group,
  name: string,
  nameEn: string,
  department: string,
  opts: {
    urgent?: boolean;
    limit: { value: number; unit: 'working_days' | 'hours' };
    anonymous?: boolean;
    keywords: string[];
    description: string;
    descriptionEn: string;
    sensorType?: string;
    attributes?: unknown[];
  },
): SeedCategory => ({
  code,
  name,
  nameEn,
  groupName: group[0],
  groupNameEn: group[1],
  description: opts.description,
  descriptionEn: opts.descriptionEn,
  departmentCode: department,
  urgent: opts.urgent ?? false,
  timeLimit: opts.limit,
  anonymousAllowed: opts.anonymous ?? true,
  keywords: opts.keywords,
  attributes: opts.attributes ?? [],
  sensorType: opts.sensorType ?? null,
});

const SIZE_ATTRIBUTE = {
  variable: true,
  code: 'size',
  datatype: 'singlevaluelist',
  required: false,
  datatype_description: null,
  order: 1,
  description: '破损面积 Damaged area',
  values: [
    { key: 'small', name: '小于1平方米 Under 1 m²' },
    { key: 'medium', name: '1至5平方米 1 to 5 m²' },
    { key: 'large', name: '大于5平方米 Over 5 m²' },
  ],
};

export const DEMO_CITYOPS_CATEGORIES: readonly SeedCategory[] = [
  cat('garbage', APPEARANCE, '垃圾堆放', 'Dumped rubbish', 'CLE', {
    limit: days(1),
    keywords: ['垃圾', '乱扔', '清运', 'rubbish'],
    description: '生活垃圾、建筑垃圾乱堆乱放或未及时清运',
    descriptionEn: 'Rubbish or rubble dumped or not collected',
  }),
  cat('street-vendors', APPEARANCE, '占道经营', 'Street vending', 'CLE', {
    limit: days(2),
    keywords: ['摊贩', '占道', '流动摊'],
    description: '流动摊贩、店外经营占用道路',
    descriptionEn: 'Stalls or shops occupying the street',
  }),
  cat('illegal-ads', APPEARANCE, '乱张贴乱涂画', 'Illegal posters and graffiti', 'CLE', {
    limit: days(3),
    keywords: ['小广告', '涂鸦', '张贴'],
    description: '墙面、设施上的小广告和涂画',
    descriptionEn: 'Posters and graffiti on walls and facilities',
  }),
  cat('illegal-construction', APPEARANCE, '违法建设', 'Unauthorised building', 'CLE', {
    limit: days(5),
    anonymous: false,
    keywords: ['违建', '搭建', '违章'],
    description: '未经许可的搭建、加层、圈占',
    descriptionEn: 'Building, extension or enclosure without permission',
  }),
  cat('illegal-parking', ROADS, '违章停车', 'Illegal parking', 'PSB', {
    limit: days(1),
    keywords: ['停车', '占道停车', '堵车'],
    description: '机动车、非机动车乱停乱放堵塞通行',
    descriptionEn: 'Vehicles parked so that they block the way',
  }),
  cat('road-damage', ROADS, '道路破损', 'Damaged road', 'TRB', {
    limit: days(3),
    keywords: ['坑洼', '路面', '破损', 'pothole'],
    description: '路面坑洼、塌陷、开裂',
    descriptionEn: 'Potholes, subsidence or cracks in the road',
    attributes: [SIZE_ATTRIBUTE],
  }),
  cat('traffic-signal', ROADS, '交通信号故障', 'Traffic signal fault', 'PSB', {
    urgent: true,
    limit: hours(2),
    keywords: ['红绿灯', '信号灯'],
    description: '红绿灯不亮、常亮或时序异常',
    descriptionEn: 'Traffic lights dark, stuck or mistimed',
  }),
  cat('road-subsidence', ROADS, '路面塌陷', 'Road collapse', 'HUD', {
    urgent: true,
    limit: hours(2),
    keywords: ['塌陷', '坑', '下沉'],
    description: '路面突然塌陷、出现深坑，危及通行安全',
    descriptionEn: 'A sudden collapse or deep hole endangering traffic',
  }),
  cat('street-lighting', FACILITIES, '路灯损坏', 'Street light out', 'HUD', {
    limit: days(2),
    keywords: ['路灯', '不亮', '照明'],
    description: '路灯不亮、白天常亮或灯杆损坏',
    descriptionEn: 'Street lights dark, on by day, or a damaged pole',
  }),
  cat('manhole-cover', FACILITIES, '井盖缺失破损', 'Missing or broken manhole cover', 'HUD', {
    urgent: true,
    limit: hours(4),
    keywords: ['井盖', '窨井', '下水道'],
    description: '井盖缺失、破损、移位，有坠落危险',
    descriptionEn: 'A missing, broken or displaced cover: someone may fall in',
  }),
  cat('water-supply', FACILITIES, '供水管网漏水', 'Water main leak', 'HUD', {
    urgent: true,
    limit: hours(4),
    keywords: ['漏水', '爆管', '停水'],
    description: '供水管道破裂、漏水或大面积停水',
    descriptionEn: 'A burst or leaking main, or a wide water cut',
  }),
  cat('drainage', FACILITIES, '排水不畅积水', 'Blocked drain and flooding', 'HUD', {
    limit: days(2),
    keywords: ['积水', '堵塞', '排水'],
    description: '雨水口堵塞、道路积水、污水外溢',
    descriptionEn: 'Blocked gullies, standing water or sewage overflow',
  }),
  cat('greenery', FACILITIES, '园林绿化', 'Trees and green spaces', 'HUD', {
    limit: days(5),
    keywords: ['树木', '绿化', '倒伏', '草坪'],
    description: '树木倒伏、枝叶遮挡、绿地损毁',
    descriptionEn: 'Fallen trees, overgrown branches, damaged green spaces',
  }),
  cat('public-toilet', FACILITIES, '公共厕所', 'Public toilets', 'CLE', {
    limit: days(2),
    keywords: ['公厕', '厕所'],
    description: '公厕脏乱、设施损坏或未开放',
    descriptionEn: 'Dirty, broken or closed public toilets',
  }),
  cat('noise-nuisance', ENVIRONMENT, '噪声扰民', 'Noise nuisance', 'EEB', {
    limit: days(2),
    keywords: ['噪音', '噪声', '扰民', '施工'],
    description: '施工、商业、娱乐等噪声扰民',
    descriptionEn: 'Noise from building work, shops or entertainment',
  }),
  cat('air-pollution', ENVIRONMENT, '大气污染', 'Air pollution', 'EEB', {
    limit: days(3),
    keywords: ['烟尘', '焚烧', '异味', '扬尘'],
    description: '露天焚烧、扬尘、油烟、异味',
    descriptionEn: 'Open burning, dust, cooking fumes, odours',
  }),
  cat('water-pollution', ENVIRONMENT, '河道污染', 'River pollution', 'EEB', {
    limit: days(3),
    keywords: ['河道', '排污', '水体', '黑臭'],
    description: '河道漂浮物、偷排污水、水体黑臭',
    descriptionEn: 'Floating rubbish, illegal discharge, black and smelly water',
  }),
  cat('safety-hazard', SAFETY, '安全隐患', 'Safety hazard', 'EMB', {
    urgent: true,
    limit: hours(4),
    keywords: ['隐患', '危险', '坠落', '倒塌'],
    description: '危房、高空坠物、广告牌松动等安全隐患',
    descriptionEn: 'Unsafe buildings, falling objects, loose signs',
  }),
  cat('fire-hazard', SAFETY, '消防隐患', 'Fire hazard', 'EMB', {
    urgent: true,
    limit: hours(4),
    keywords: ['消防', '通道', '电动车', '充电'],
    description: '堵塞消防通道、楼道违规充电、消防设施损坏',
    descriptionEn: 'Blocked fire lanes, charging in stairwells, broken fire equipment',
  }),
  cat('food-safety', SAFETY, '食品安全', 'Food safety', 'AMR', {
    limit: days(3),
    anonymous: false,
    keywords: ['食品', '过期', '卫生'],
    description: '无证经营、过期食品、餐饮卫生问题',
    descriptionEn: 'Unlicensed food sales, expired food, poor hygiene',
  }),
  cat('public-order', SAFETY, '治安问题', 'Public order', 'PSB', {
    limit: days(1),
    anonymous: false,
    keywords: ['治安', '打架', '聚集'],
    description: '影响社会治安的问题（紧急情况请拨打110）',
    descriptionEn: 'Public order problems (in an emergency call 110)',
  }),
  // One per sensor type: the sensors part opens these (source 'sensor').
  cat('water-level', SENSORS, '水位超警', 'Water level alert', 'HUD', {
    urgent: true,
    limit: hours(2),
    keywords: ['水位', '内涝'],
    description: '河道、易涝点水位传感器超过警戒水位',
    descriptionEn: 'A river or flood-point water level sensor above its warning level',
    sensorType: 'water-level',
  }),
  cat('air-quality', SENSORS, '空气质量超标', 'Air quality alert', 'EEB', {
    limit: days(1),
    keywords: ['PM2.5', '空气质量'],
    description: '空气质量监测点数值超标',
    descriptionEn: 'An air quality station above its limit',
    sensorType: 'air-quality',
  }),
  cat('manhole-tilt', SENSORS, '井盖倾斜告警', 'Manhole cover tilt alert', 'HUD', {
    urgent: true,
    limit: hours(4),
    keywords: ['井盖', '倾斜'],
    description: '智能井盖传感器检测到倾斜或移位',
    descriptionEn: 'A smart cover sensor detects tilt or displacement',
    sensorType: 'manhole-tilt',
  }),
  cat('streetlight-fault', SENSORS, '路灯故障告警', 'Street light fault alert', 'HUD', {
    limit: days(2),
    keywords: ['路灯', '故障'],
    description: '单灯控制器上报故障或失联',
    descriptionEn: 'A lamp controller reports a fault or goes silent',
    sensorType: 'streetlight-fault',
  }),
  cat('noise', SENSORS, '噪声超标告警', 'Noise level alert', 'EEB', {
    limit: days(1),
    keywords: ['噪声', '分贝'],
    description: '噪声监测点超过功能区限值',
    descriptionEn: 'A noise monitor above its zone limit',
    sensorType: 'noise',
  }),
  cat('hydrant-pressure', SENSORS, '消火栓水压异常', 'Hydrant pressure alert', 'EMB', {
    urgent: true,
    limit: hours(4),
    keywords: ['消火栓', '水压'],
    description: '市政消火栓压力过低或异常泄压',
    descriptionEn: 'A fire hydrant with low or falling pressure',
    sensorType: 'hydrant-pressure',
  }),
];
