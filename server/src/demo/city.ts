/**
 * The demo city: Longgang 龙港市 (Wenzhou, Zhejiang; division code 330383).
 *
 * Longgang became a county-level city in 2019 with a deliberately flat structure: about
 * fifteen departments manage its 92 communities directly, with no township layer
 * (大部制、扁平化, 市管社区). The data here is pure and deterministic; department and
 * community names are plausible but synthetic, and the coordinates are placed on a
 * jittered lattice over the Longgang area (about 27.49-27.61 N, 120.47-120.65 E), so the
 * map looks right without claiming to be surveyed.
 *
 * Community codes follow the 12-digit statistical division code: county code `330383`,
 * a 3-digit township segment and a 3-digit community number. Because Longgang has no
 * township layer, the township segment is always `000` (DEMO_TOWNSHIP_SEGMENT), which
 * `validateDivisionCode` reads as "directly under 330383"; community numbers run
 * 001-092, inside the 001-199 range the statistical codes use for urban residents'
 * committees (居委会). Grid codes append a 2-digit grid number to the community code.
 *
 * The USCCs and the community table were produced once with `createRng` /
 * `makeUscc` and are committed literally; tests check that they stay valid.
 */

export type DemoRegionLevel = 'province' | 'prefecture' | 'county';

export type DemoRegion = {
  code: string;
  name: string;
  nameEn: string;
  level: DemoRegionLevel;
  parentCode: string | null;
};

export type DemoDepartment = {
  /** Short stable code used in service item codes, routes and seeds. */
  code: string;
  name: string;
  nameEn: string;
  shortName: string;
  /** USCC of a government body 机关: authority '1', entity type '1', division 330383. */
  uscc: string;
};

export type DemoCommunity = {
  /** 12-digit division code: 330383 + '000' + community number. */
  code: string;
  name: string;
  nameEn: string;
  centre: { lat: number; lng: number };
  /** Number of grids 网格 in the community, 3..8. */
  gridCount: number;
};

export type DemoGrid = {
  /** Community code + 2-digit grid number (14 digits). */
  code: string;
  name: string;
  nameEn: string;
};

export const DEMO_PROVINCE_CODE = '330000';
export const DEMO_PREFECTURE_CODE = '330300';
export const DEMO_CITY_CODE = '330383';
/** Township segment of every community code: Longgang has no township layer. */
export const DEMO_TOWNSHIP_SEGMENT = '000';

export const DEMO_REGIONS: readonly DemoRegion[] = [
  { code: '330000', name: '浙江省', nameEn: 'Zhejiang', level: 'province', parentCode: null },
  { code: '330300', name: '温州市', nameEn: 'Wenzhou', level: 'prefecture', parentCode: '330000' },
  { code: '330383', name: '龙港市', nameEn: 'Longgang', level: 'county', parentCode: '330300' },
];

/** The city's departments: each manages the communities directly. */
export const DEMO_DEPARTMENTS: readonly DemoDepartment[] = [
  {
    code: 'ASB',
    name: '龙港市行政审批局',
    nameEn: 'Longgang Administrative Approval Bureau',
    shortName: '行政审批局',
    uscc: '11330383MB1413034M',
  },
  {
    code: 'PSB',
    name: '龙港市公安局',
    nameEn: 'Longgang Public Security Bureau',
    shortName: '公安局',
    uscc: '11330383MB149222X4',
  },
  {
    code: 'HRSS',
    name: '龙港市人力资源和社会保障局',
    nameEn: 'Longgang Human Resources and Social Security Bureau',
    shortName: '人社局',
    uscc: '11330383MB1571411K',
  },
  {
    code: 'HSA',
    name: '龙港市医疗保障局',
    nameEn: 'Longgang Healthcare Security Administration',
    shortName: '医保局',
    uscc: '11330383MB16506030',
  },
  {
    code: 'HUD',
    name: '龙港市住房和城乡建设局',
    nameEn: 'Longgang Housing and Urban-Rural Development Bureau',
    shortName: '住建局',
    uscc: '11330383MB17297928',
  },
  {
    code: 'AMR',
    name: '龙港市市场监督管理局',
    nameEn: 'Longgang Administration for Market Regulation',
    shortName: '市场监管局',
    uscc: '11330383MB1808984L',
  },
  {
    code: 'TAX',
    name: '国家税务总局龙港市税务局',
    nameEn: 'Longgang Taxation Bureau, State Taxation Administration',
    shortName: '税务局',
    uscc: '11330383MB1888179K',
  },
  {
    code: 'NRP',
    name: '龙港市自然资源和规划局',
    nameEn: 'Longgang Natural Resources and Planning Bureau',
    shortName: '资规局',
    uscc: '11330383MB1967360X',
  },
  {
    code: 'EDU',
    name: '龙港市教育局',
    nameEn: 'Longgang Education Bureau',
    shortName: '教育局',
    uscc: '11330383MB1446557A',
  },
  {
    code: 'CAB',
    name: '龙港市民政局',
    nameEn: 'Longgang Civil Affairs Bureau',
    shortName: '民政局',
    uscc: '11330383MB1525749N',
  },
  {
    code: 'TRB',
    name: '龙港市交通运输局',
    nameEn: 'Longgang Transport Bureau',
    shortName: '交通运输局',
    uscc: '11330383MB16049301',
  },
  {
    code: 'HCB',
    name: '龙港市卫生健康局',
    nameEn: 'Longgang Health Commission Bureau',
    shortName: '卫健局',
    uscc: '11330383MB16841250',
  },
  {
    code: 'EEB',
    name: '温州市生态环境局龙港分局',
    nameEn: 'Longgang Branch, Wenzhou Ecology and Environment Bureau',
    shortName: '生态环境分局',
    uscc: '11330383MB1763317C',
  },
  {
    code: 'EMB',
    name: '龙港市应急管理局',
    nameEn: 'Longgang Emergency Management Bureau',
    shortName: '应急管理局',
    uscc: '11330383MB1842509Q',
  },
  {
    code: 'CLE',
    name: '龙港市综合行政执法局',
    nameEn: 'Longgang Comprehensive Administrative Law Enforcement Bureau',
    shortName: '综合执法局',
    uscc: '11330383MB1921696A',
  },
];

/** [name, pinyin, lat, lng, gridCount], in community-number order (001-092). */
const COMMUNITY_TABLE: readonly (readonly [string, string, number, number, number])[] = [
  ['龙江社区', 'Longjiang', 27.599396, 120.493069, 4],
  ['海城社区', 'Haicheng', 27.606223, 120.51043, 8],
  ['新城社区', 'Xincheng', 27.605668, 120.521624, 8],
  ['白沙社区', 'Baisha', 27.605453, 120.539261, 8],
  ['湖前社区', 'Huqian', 27.601287, 120.554928, 4],
  ['沿江社区', 'Yanjiang', 27.601448, 120.565417, 3],
  ['芦浦社区', 'Lupu', 27.606947, 120.583433, 4],
  ['平等社区', 'Pingdeng', 27.601955, 120.597577, 6],
  ['云岩社区', 'Yunyan', 27.598125, 120.612319, 5],
  ['江山社区', 'Jiangshan', 27.605291, 120.630452, 7],
  ['港湾社区', 'Gangwan', 27.591283, 120.475047, 8],
  ['龙翔社区', 'Longxiang', 27.588177, 120.490431, 6],
  ['龙跃社区', 'Longyue', 27.587124, 120.510364, 3],
  ['世纪社区', 'Shiji', 27.584869, 120.519806, 8],
  ['华中社区', 'Huazhong', 27.591801, 120.535353, 3],
  ['站前社区', 'Zhanqian', 27.590239, 120.555649, 5],
  ['振兴社区', 'Zhenxing', 27.58749, 120.571198, 3],
  ['海港社区', 'Haigang', 27.590705, 120.582681, 8],
  ['鲸头社区', 'Jingtou', 27.588495, 120.599125, 7],
  ['兴港社区', 'Xinggang', 27.583045, 120.61436, 5],
  ['临港社区', 'Lingang', 27.591263, 120.629883, 3],
  ['东海社区', 'Donghai', 27.583253, 120.645308, 7],
  ['西湾社区', 'Xiwan', 27.57316, 120.477075, 5],
  ['南翔社区', 'Nanxiang', 27.570885, 120.491512, 7],
  ['北港社区', 'Beigang', 27.574257, 120.503053, 3],
  ['金港社区', 'Jingang', 27.571198, 120.521512, 7],
  ['银湖社区', 'Yinhu', 27.57571, 120.535174, 6],
  ['明珠社区', 'Mingzhu', 27.571611, 120.5542, 8],
  ['滨江社区', 'Binjiang', 27.57452, 120.570237, 5],
  ['环河社区', 'Huanhe', 27.570067, 120.582829, 6],
  ['河底社区', 'Hedi', 27.569316, 120.595401, 7],
  ['龙泉社区', 'Longquan', 27.572448, 120.615424, 3],
  ['龙溪社区', 'Longxi', 27.572283, 120.631671, 5],
  ['龙腾社区', 'Longteng', 27.576465, 120.646847, 3],
  ['龙华社区', 'Longhua', 27.55825, 120.475184, 8],
  ['江南社区', 'Jiangnan', 27.559646, 120.496431, 5],
  ['江滨社区', 'Jiangbin', 27.557801, 120.509518, 6],
  ['望海社区', 'Wanghai', 27.561968, 120.523658, 8],
  ['观澜社区', 'Guanlan', 27.556181, 120.533562, 8],
  ['海韵社区', 'Haiyun', 27.561317, 120.554614, 7],
  ['印艺社区', 'Yinyi', 27.559402, 120.570652, 3],
  ['彩虹社区', 'Caihong', 27.553171, 120.585013, 7],
  ['锦绣社区', 'Jinxiu', 27.55671, 120.598734, 8],
  ['新华社区', 'Xinhua', 27.558496, 120.614778, 8],
  ['新河社区', 'Xinhe', 27.553789, 120.62889, 6],
  ['新美社区', 'Xinmei', 27.559285, 120.646382, 6],
  ['新渡社区', 'Xindu', 27.541434, 120.473798, 3],
  ['东风社区', 'Dongfeng', 27.54123, 120.491363, 3],
  ['东升社区', 'Dongsheng', 27.546472, 120.509058, 3],
  ['西城社区', 'Xicheng', 27.540729, 120.520663, 8],
  ['南门社区', 'Nanmen', 27.544763, 120.54088, 7],
  ['北城社区', 'Beicheng', 27.542153, 120.555487, 6],
  ['凤凰社区', 'Fenghuang', 27.545123, 120.56513, 5],
  ['朝阳社区', 'Chaoyang', 27.54451, 120.583135, 6],
  ['瑞丰社区', 'Ruifeng', 27.540861, 120.593905, 3],
  ['宏兴社区', 'Hongxing', 27.544759, 120.613493, 8],
  ['富康社区', 'Fukang', 27.538576, 120.631053, 7],
  ['福田社区', 'Futian', 27.540192, 120.641688, 3],
  ['裕民社区', 'Yumin', 27.530669, 120.478192, 4],
  ['和平社区', 'Heping', 27.528751, 120.488527, 8],
  ['和谐社区', 'Hexie', 27.523971, 120.503639, 7],
  ['团结社区', 'Tuanjie', 27.529063, 120.52438, 5],
  ['建设社区', 'Jianshe', 27.530892, 120.538039, 7],
  ['人民社区', 'Renmin', 27.527247, 120.548106, 5],
  ['文化社区', 'Wenhua', 27.530336, 120.567419, 4],
  ['育才社区', 'Yucai', 27.531241, 120.578492, 6],
  ['学府社区', 'Xuefu', 27.531497, 120.593531, 4],
  ['体育社区', 'Tiyu', 27.523112, 120.614956, 7],
  ['双龙社区', 'Shuanglong', 27.528441, 120.625058, 4],
  ['三鑫社区', 'Sanxin', 27.528619, 120.643589, 4],
  ['万丰社区', 'Wanfeng', 27.514579, 120.476552, 7],
  ['百川社区', 'Baichuan', 27.512354, 120.489057, 8],
  ['千禧社区', 'Qianxi', 27.515954, 120.510177, 8],
  ['方岩社区', 'Fangyan', 27.51144, 120.526253, 6],
  ['白龙社区', 'Bailong', 27.510273, 120.537577, 5],
  ['金沙社区', 'Jinsha', 27.514402, 120.548401, 8],
  ['水门社区', 'Shuimen', 27.510138, 120.567183, 5],
  ['湖滨社区', 'Hubin', 27.514112, 120.578745, 8],
  ['渔港社区', 'Yugang', 27.515099, 120.600288, 4],
  ['渡口社区', 'Dukou', 27.508051, 120.61672, 8],
  ['桥头社区', 'Qiaotou', 27.508095, 120.625119, 3],
  ['河滨社区', 'Hebin', 27.513233, 120.640791, 8],
  ['鳌江社区', 'Aojiang', 27.497719, 120.493176, 4],
  ['松山社区', 'Songshan', 27.493518, 120.505844, 4],
  ['竹园社区', 'Zhuyuan', 27.496485, 120.518869, 6],
  ['梅溪社区', 'Meixi', 27.4934, 120.53999, 3],
  ['兰亭社区', 'Lanting', 27.496801, 120.551722, 5],
  ['桃源社区', 'Taoyuan', 27.501903, 120.563146, 5],
  ['柳堤社区', 'Liudi', 27.493007, 120.586691, 3],
  ['杏林社区', 'Xinglin', 27.497936, 120.595643, 3],
  ['芙蓉社区', 'Furong', 27.501478, 120.616111, 3],
  ['海丰社区', 'Haifeng', 27.495361, 120.623381, 8],
];

/** The 92 communities, coded 330383000001 ... 330383000092. */
export const DEMO_COMMUNITIES: readonly DemoCommunity[] = COMMUNITY_TABLE.map(
  ([name, pinyin, lat, lng, gridCount], i) => ({
    code: DEMO_CITY_CODE + DEMO_TOWNSHIP_SEGMENT + String(i + 1).padStart(3, '0'),
    name,
    nameEn: `${pinyin} Community`,
    centre: { lat, lng },
    gridCount,
  }),
);

/** The grids of a community: 第1网格 ... 第N网格, coded community code + 2 digits. */
export function gridsOf(community: Pick<DemoCommunity, 'code' | 'gridCount'>): DemoGrid[] {
  const grids: DemoGrid[] = [];
  for (let n = 1; n <= community.gridCount; n++) {
    grids.push({
      code: community.code + String(n).padStart(2, '0'),
      name: `第${n}网格`,
      nameEn: `Grid ${n}`,
    });
  }
  return grids;
}

/** Looks a community up by its 12-digit code. */
export function findDemoCommunity(code: string): DemoCommunity | undefined {
  return DEMO_COMMUNITIES.find((c) => c.code === code);
}
