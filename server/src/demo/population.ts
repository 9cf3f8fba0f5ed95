/**
 * Synthetic residents and enterprises of the demo city (Longgang 龙港市, 330383).
 *
 * Nobody here is real. Everything is generated deterministically from a seed, as
 * streams, so the whole city (about 460,000 residents) can be seeded without holding it
 * in memory. Only small bookkeeping is kept while streaming: one counter per
 * (birth date, sex) for ID sequence numbers, and one counter per (industry, entity type)
 * for enterprise names.
 *
 * Guarantees (checked by the unit tests):
 * - every ID number has a valid check character, division code 330383, a birth date on or
 *   before DEMO_REFERENCE_DATE in a realistic age pyramid (ages 0-95), and a sequence
 *   whose parity matches the resident's sex; no two residents share an ID number or a
 *   phone number (the generator supports up to 100 million residents);
 * - the first N residents of a stream are the same whatever `count` is;
 * - every USCC is valid (both check characters), unique, authority '9' (market
 *   regulation) with entity type '1' (company) or '2' (individual business);
 * - `legalRepResidentIndex` points into `generateResidents(seed, residentCount)` with the
 *   same seed, at a resident who was 18 or older when the enterprise was registered.
 */
import { citizenIdCheckChar, makeUscc, USCC_ALPHABET } from '../platform/id-numbers.ts';
import { createRng, cyrb128, weightedTable, type Rng } from '../platform/prng.ts';
import { DEMO_CITY_CODE, DEMO_COMMUNITIES, type DemoCommunity } from './city.ts';

/** All ages are computed at this date, so the data does not change with the calendar. */
export const DEMO_REFERENCE_DATE = '2025-01-01';
/** Suggested full-size demo: roughly Longgang's resident population. */
export const DEMO_RESIDENT_COUNT = 460_000;
/** Suggested number of market entities for the full-size demo. */
export const DEMO_ENTERPRISE_COUNT = 60_000;

export type DemoResident = {
  idNumber: string;
  name: string;
  gender: 'M' | 'F';
  /** YYYY-MM-DD */
  birthDate: string;
  phone: string;
  communityCode: string;
  gridCode: string;
  address: string;
};

export type DemoEnterprise = {
  uscc: string;
  name: string;
  nameEn: string;
  /** Industry (GB/T 4754-2017 division name), e.g. 印刷和记录媒介复制业. */
  industry: string;
  /** GB/T 4754-2017 section letter + division number, e.g. C23. */
  industryCode: string;
  /** '1' company 企业, '2' individual business 个体工商户 (USCC entity type). */
  entityType: '1' | '2';
  /** YYYY-MM-DD */
  registeredOn: string;
  /** Index into `generateResidents(seed, residentCount)`: the legal representative. */
  legalRepResidentIndex: number;
  address: string;
  communityCode: string;
};

// ---------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------

const DAY_MS = 86_400_000;
const REFERENCE_DAY = Date.parse(`${DEMO_REFERENCE_DATE}T00:00:00Z`) / DAY_MS;
const dateCache = new Map<number, string>();

/** Day number (days since 1970-01-01) → YYYY-MM-DD, cached (a few tens of thousands). */
function dayToIso(day: number): string {
  let s = dateCache.get(day);
  if (s === undefined) {
    s = new Date(day * DAY_MS).toISOString().slice(0, 10);
    dateCache.set(day, s);
  }
  return s;
}

function isoToDay(iso: string): number {
  return Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
}

/** The date `years` calendar years after `iso` (29 February → 28 February). */
function addYears(iso: string, years: number): string {
  const y = Number(iso.slice(0, 4)) + years;
  let md = iso.slice(5);
  if (md === '02-29' && !((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0)) md = '02-28';
  return `${String(y).padStart(4, '0')}-${md}`;
}

// ---------------------------------------------------------------------------------------
// Age pyramid (roughly China's 2020 census, five-year bands; the last band is 90-95)
// ---------------------------------------------------------------------------------------

const AGE_BANDS: readonly (readonly [readonly [number, number], number])[] = [
  [[0, 4], 4.9],
  [[5, 9], 6.1],
  [[10, 14], 6.2],
  [[15, 19], 5.6],
  [[20, 24], 5.4],
  [[25, 29], 6.3],
  [[30, 34], 8.6],
  [[35, 39], 7.3],
  [[40, 44], 6.7],
  [[45, 49], 8.1],
  [[50, 54], 8.6],
  [[55, 59], 7.4],
  [[60, 64], 5.6],
  [[65, 69], 5.3],
  [[70, 74], 3.7],
  [[75, 79], 2.3],
  [[80, 84], 1.4],
  [[85, 89], 0.7],
  [[90, 95], 0.25],
];
const pickAgeBand = weightedTable(AGE_BANDS);

/** Probability of being male by age: slightly above half, falling in old age. */
function maleShare(age: number): number {
  if (age < 60) return 0.515;
  if (age < 75) return 0.49;
  if (age < 85) return 0.44;
  return 0.38;
}

/**
 * The part of a resident that is a pure function of (seed, index): birth day and sex.
 * The enterprise generator re-derives it to pick adult legal representatives without
 * generating the resident stream.
 */
function residentCore(seed: string, index: number): { rng: Rng; birthDay: number; male: boolean } {
  const rng = createRng(`${seed}/resident/${index}`);
  const [lo, hi] = pickAgeBand(rng);
  const age = rng.int(lo, hi);
  const birthDay = REFERENCE_DAY - Math.floor((age + rng.next()) * 365.2425);
  const male = rng.chance(maleShare(age));
  return { rng, birthDay, male };
}

/**
 * The birth date (YYYY-MM-DD) of resident `index` of `generateResidents(seed, ...)`,
 * without generating the stream. (In the rare case a birth date's sequence numbers run
 * out, the stream moves that resident one day earlier; this then differs by a day.)
 */
export function demoResidentBirthDate(seed: string, index: number): string {
  return dayToIso(residentCore(seed, index).birthDay);
}

// ---------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------

/** Surnames with rough weights for southern Zhejiang (陈 and 林 are very common in Wenzhou). */
const SURNAMES: readonly (readonly [string, number])[] = [
  ['陈', 10],
  ['林', 5.5],
  ['王', 5],
  ['李', 4],
  ['张', 4],
  ['黄', 3.5],
  ['郑', 3],
  ['吴', 3],
  ['周', 2.5],
  ['杨', 2.4],
  ['金', 2],
  ['徐', 2],
  ['潘', 1.8],
  ['刘', 1.8],
  ['蔡', 1.6],
  ['朱', 1.5],
  ['叶', 1.5],
  ['苏', 1.4],
  ['谢', 1.3],
  ['胡', 1.2],
  ['孙', 1],
  ['董', 1],
  ['许', 0.9],
  ['薛', 0.9],
  ['章', 0.9],
  ['方', 0.9],
  ['余', 0.8],
  ['何', 0.8],
  ['高', 0.8],
  ['池', 0.6],
  ['姜', 0.6],
  ['卢', 0.6],
  ['缪', 0.5],
  ['温', 0.5],
  ['彭', 0.5],
  ['曾', 0.5],
  ['邱', 0.5],
  ['戴', 0.5],
  ['傅', 0.5],
  ['宋', 0.5],
  ['应', 0.4],
  ['白', 0.4],
  ['钱', 0.4],
  ['夏', 0.4],
  ['汤', 0.4],
  ['麻', 0.3],
  ['孔', 0.3],
  ['项', 0.3],
  ['欧阳', 0.08],
  ['司马', 0.03],
  ['诸葛', 0.03],
  ['上官', 0.03],
];
const pickSurname = weightedTable(SURNAMES);

/** Given-name characters by sex and generation (born before 1970, 1970-1999, 2000 on). */
const GIVEN_TEXT: Record<'M' | 'F', readonly [string, string, string]> = {
  M: [
    '国建明华志文德永金荣福海林忠平庆祥春友成根宝方生兴义',
    '伟强磊军勇杰涛斌超明华建峰辉波鹏飞俊东亮刚健松斌锋剑',
    '浩宇轩博睿泽铭晨阳哲涵航骏奕辰翔煜恒霖然凯逸宸楷瑞乐',
  ],
  F: [
    '秀英兰芳玉梅珍凤花桂美素月娥琴云霞菊香爱丽彩娟金莲萍',
    '丽娟敏静燕艳玲霞婷慧莹雪琳颖倩红丹洁晓蓉露佳瑶妮薇丽',
    '欣怡萱涵梓诗雨思语可馨悦彤瑶婧琪妍菲蕾一若依然紫清沁',
  ],
};

const GIVEN = {
  M: GIVEN_TEXT.M.map((pool) => [...new Set(pool)]),
  F: GIVEN_TEXT.F.map((pool) => [...new Set(pool)]),
};

function givenName(rng: Rng, male: boolean, birthYear: number): string {
  const era = birthYear < 1970 ? 0 : birthYear < 2000 ? 1 : 2;
  const pool = GIVEN[male ? 'M' : 'F'][era]!;
  const a = rng.pick(pool);
  if (rng.chance(era === 1 ? 0.3 : 0.15)) return a;
  let b = rng.pick(pool);
  if (b === a && rng.chance(0.8)) b = rng.pick(pool);
  return a + b;
}

// ---------------------------------------------------------------------------------------
// Places
// ---------------------------------------------------------------------------------------

const ROADS: readonly string[] = [
  '世纪大道',
  '龙跃路',
  '人民路',
  '站前路',
  '华中路',
  '建设路',
  '龙翔路',
  '新城路',
  '湖前大道',
  '白沙路',
  '环城路',
  '海港路',
  '江滨路',
  '体育路',
  '育才路',
  '同兴路',
  '龙祥路',
  '镇前路',
  '河底街',
  '印刷城路',
  '兴港路',
  '沿江路',
  '平等路',
  '龙江路',
  '通港路',
  '文卫路',
  '振兴街',
  '新渡路',
  '滨海大道',
  '东海路',
  '海城街',
  '芦浦路',
  '云岩路',
  '沿河路',
  '繁荣街',
  '和平路',
  '光明路',
  '金港路',
  '银湖街',
  '龙泉路',
];

/** Two or three roads per community, fixed by the community's position. */
function roadsOf(communityIndex: number): string[] {
  const n = ROADS.length;
  const roads = [ROADS[(communityIndex * 7) % n]!, ROADS[(communityIndex * 7 + 3) % n]!];
  if (communityIndex % 3 === 0) roads.push(ROADS[(communityIndex * 11 + 5) % n]!);
  return roads;
}

const COMMUNITY_ROADS: readonly string[][] = DEMO_COMMUNITIES.map((_, i) => roadsOf(i));
/** Residents per community in proportion to its grids (each grid has about 900 people). */
const pickCommunityIndex = weightedTable(DEMO_COMMUNITIES.map((c, i) => [i, c.gridCount] as const));

function street(rng: Rng, communityIndex: number, community: DemoCommunity): string {
  return `龙港市${community.name}${rng.pick(COMMUNITY_ROADS[communityIndex]!)}${rng.int(1, 320)}号`;
}

// ---------------------------------------------------------------------------------------
// Residents
// ---------------------------------------------------------------------------------------

/** Mobile prefixes (13x / 15x / 18x / 19x) with rough market weights. */
const PHONE_PREFIXES = weightedTable<string>([
  ...['130', '131', '132', '133', '134', '135', '136', '137', '138', '139'].map((p) => [p, 3] as const),
  ...['150', '151', '152', '153', '155', '156', '157', '158', '159'].map((p) => [p, 2] as const),
  ...['180', '181', '182', '183', '184', '185', '186', '187', '188', '189'].map((p) => [p, 2] as const),
  ...['191', '193', '195', '196', '197', '198', '199'].map((p) => [p, 1] as const),
]);
/** Odd and not a multiple of 5, so i → (i·A + B) mod 10^8 is a bijection. */
const PHONE_MULTIPLIER = 73_939_133;

/** Sequence slots per (birth date, sex): males 001, 003 ... 999; females 002 ... 998. */
const MALE_SLOTS = 500;
const FEMALE_SLOTS = 499;
/** Coprime to 500 and 499: spreads consecutive slots over the sequence range. */
const SLOT_STRIDE = 193;

/**
 * Streams `count` synthetic residents of Longgang. Deterministic in `seed`; the first N
 * residents do not depend on `count`.
 */
export function* generateResidents(seed: string, count: number): Generator<DemoResident> {
  if (!Number.isInteger(count) || count < 0 || count > 100_000_000) {
    throw new RangeError(`Invalid resident count: ${count}`);
  }
  const phoneOffset = cyrb128(`${seed}/phone`)[0] % 100_000_000;
  const used = new Map<number, number>(); // (birthDay * 2 + sex) → slots taken
  for (let i = 0; i < count; i++) {
    const core = residentCore(seed, i);
    const { rng, male } = core;
    let birthDay = core.birthDay;
    // Next free sequence slot for this birth date and sex (move a day earlier if full).
    let key = birthDay * 2 + (male ? 1 : 0);
    let k = used.get(key) ?? 0;
    while (k >= (male ? MALE_SLOTS : FEMALE_SLOTS)) {
      birthDay -= 1;
      key = birthDay * 2 + (male ? 1 : 0);
      k = used.get(key) ?? 0;
    }
    used.set(key, k + 1);
    const shift = (birthDay >>> 0) % 500;
    const sequence = male
      ? 2 * ((k * SLOT_STRIDE + shift) % MALE_SLOTS) + 1
      : 2 * ((k * SLOT_STRIDE + shift) % FEMALE_SLOTS) + 2;
    const birthDate = dayToIso(birthDay);
    const first17 = DEMO_CITY_CODE + birthDate.replaceAll('-', '') + String(sequence).padStart(3, '0');
    const idNumber = first17 + citizenIdCheckChar(first17);

    const name = pickSurname(rng) + givenName(rng, male, Number(birthDate.slice(0, 4)));
    const phone = PHONE_PREFIXES(rng) + String((i * PHONE_MULTIPLIER + phoneOffset) % 100_000_000).padStart(8, '0');
    const ci = pickCommunityIndex(rng);
    const community = DEMO_COMMUNITIES[ci]!;
    const gridNo = rng.int(1, community.gridCount);
    const room = rng.chance(0.7) ? `${rng.int(1, 18)}${String(rng.int(1, 4)).padStart(2, '0')}室` : '';
    yield {
      idNumber,
      name,
      gender: male ? 'M' : 'F',
      birthDate,
      phone,
      communityCode: community.code,
      gridCode: community.code + String(gridNo).padStart(2, '0'),
      address: street(rng, ci, community) + room,
    };
  }
}

// ---------------------------------------------------------------------------------------
// Enterprises
// ---------------------------------------------------------------------------------------

type Industry = {
  industry: string;
  industryCode: string;
  weight: number;
  /** Company name suffix (before 有限公司) and its English. */
  company: readonly [string, string];
  /** Individual business name suffix and its English. */
  shop: readonly [string, string];
};

/** Longgang is known for printing, packaging, plastics and recycled textiles. */
export const DEMO_INDUSTRIES: readonly Industry[] = [
  {
    industry: '印刷和记录媒介复制业',
    industryCode: 'C23',
    weight: 18,
    company: ['印刷', 'Printing'],
    shop: ['印刷厂', 'Printing Works'],
  },
  {
    industry: '造纸和纸制品业',
    industryCode: 'C22',
    weight: 14,
    company: ['包装', 'Packaging'],
    shop: ['包装制品厂', 'Packaging Works'],
  },
  {
    industry: '橡胶和塑料制品业',
    industryCode: 'C29',
    weight: 8,
    company: ['塑业', 'Plastics'],
    shop: ['塑料制品厂', 'Plastic Products Works'],
  },
  {
    industry: '纺织业',
    industryCode: 'C17',
    weight: 6,
    company: ['纺织', 'Textile'],
    shop: ['再生棉纺织厂', 'Recycled Cotton Mill'],
  },
  {
    industry: '文教、工美、体育和娱乐用品制造业',
    industryCode: 'C24',
    weight: 5,
    company: ['工艺礼品', 'Crafts and Gifts'],
    shop: ['礼品加工厂', 'Gift Workshop'],
  },
  {
    industry: '专用设备制造业',
    industryCode: 'C35',
    weight: 4,
    company: ['印刷机械', 'Printing Machinery'],
    shop: ['机械加工厂', 'Machining Workshop'],
  },
  {
    industry: '商务服务业',
    industryCode: 'L72',
    weight: 4,
    company: ['广告', 'Advertising'],
    shop: ['广告部', 'Advertising Studio'],
  },
  {
    industry: '批发业',
    industryCode: 'F51',
    weight: 7,
    company: ['商贸', 'Trading'],
    shop: ['贸易商行', 'Trading House'],
  },
  {
    industry: '零售业',
    industryCode: 'F52',
    weight: 9,
    company: ['百货', 'Department Store'],
    shop: ['便利店', 'Convenience Store'],
  },
  {
    industry: '餐饮业',
    industryCode: 'H62',
    weight: 10,
    company: ['餐饮管理', 'Catering Management'],
    shop: ['小吃店', 'Snack Bar'],
  },
  {
    industry: '建筑装饰、装修和其他建筑业',
    industryCode: 'E50',
    weight: 5,
    company: ['建筑装饰工程', 'Decoration Engineering'],
    shop: ['装潢工作室', 'Decoration Studio'],
  },
  {
    industry: '道路运输业',
    industryCode: 'G54',
    weight: 5,
    company: ['物流', 'Logistics'],
    shop: ['货运部', 'Freight Service'],
  },
  {
    industry: '软件和信息技术服务业',
    industryCode: 'I65',
    weight: 3,
    company: ['网络科技', 'Network Technology'],
    shop: ['电脑经营部', 'Computer Shop'],
  },
  {
    industry: '机动车、电子产品和日用产品修理业',
    industryCode: 'O81',
    weight: 3,
    company: ['汽车服务', 'Auto Services'],
    shop: ['汽车修理店', 'Auto Repair Shop'],
  },
  {
    industry: '居民服务业',
    industryCode: 'O80',
    weight: 3,
    company: ['家政服务', 'Household Services'],
    shop: ['美发店', 'Hair Salon'],
  },
];
const pickIndustry = weightedTable(DEMO_INDUSTRIES.map((d, i) => [i, d.weight] as const));

/** Characters for trade names 字号, with pinyin for English names. */
const TRADE_CHARS: readonly (readonly [string, string])[] = (
  '华hua 美mei 兴xing 盛sheng 达da 丰feng 泰tai 恒heng 鑫xin 宏hong 新xin 龙long 海hai 瑞rui 祥xiang ' +
  '隆long 金jin 通tong 顺shun 永yong 安an 康kang 和he 振zhen 远yuan 强qiang 晨chen 明ming 光guang 锦jin ' +
  '荣rong 益yi 佳jia 凯kai 旭xu 誉yu 博bo 创chuang 立li 正zheng 诚cheng 信xin 德de 嘉jia 源yuan 汇hui ' +
  '众zhong 力li 卓zhuo 越yue 腾teng 飞fei 骏jun 豪hao 亿yi 万wan 千qian 百bai 东dong 南nan 江jiang ' +
  '湖hu 山shan 天tian 宇yu 星xing 辰chen 阳yang 春chun 秋qiu 宝bao 玉yu 彩cai 虹hong 艺yi 文wen 雅ya ' +
  '精jing 工gong 前qian 进jin 合he 群qun 联lian 友you 宁ning 平ping 福fu 吉ji 利li 昌chang 茂mao 鸿hong ' +
  '浩hao 翔xiang 帆fan 港gang 湾wan 洋yang 波bo 涛tao 润run 泽ze 森sen 林lin 峰feng 松song 竹zhu ' +
  '梅mei 兰lan 丽li 乐le 欣xin 悦yue 欧ou 亚ya 奥ao 银yin 发fa 伟wei 俊jun'
)
  .split(' ')
  .filter((t) => /^[\u4e00-\u9fff][a-z]+$/.test(t))
  .map((t) => [t[0]!, t.slice(1)] as const);
const TC = TRADE_CHARS.length;

/**
 * The n-th trade name of a (industry, type) pair, distinct for distinct n: two characters
 * while they last (TC·(TC-1) names, spread by an affine permutation whose offset differs
 * per pair), then three.
 */
function tradeName(n: number, offset: number): [string, string] {
  const two = TC * (TC - 1);
  let digits: number[];
  if (n < two) {
    const p = (n * 7_919 + offset) % two; // 7919 is prime and > TC, so coprime to two
    const a = Math.floor(p / (TC - 1));
    let b = p % (TC - 1);
    if (b >= a) b += 1; // no doubled character
    digits = [a, b];
  } else {
    let p = n - two;
    digits = [p % TC, Math.floor(p / TC) % TC];
    p = Math.floor(p / (TC * TC));
    digits.push(p % TC);
    if (p >= TC) throw new RangeError('Too many enterprises for one industry');
  }
  const zh = digits.map((d) => TRADE_CHARS[d]![0]).join('');
  const py = digits.map((d) => TRADE_CHARS[d]![1]).join('');
  return [zh, py[0]!.toUpperCase() + py.slice(1)];
}

/** 31^6: the space of 6-character organisation code tails after 'MA'. */
const ORG_SPACE = 31 ** 6;
// 3^18: not a multiple of 31, so i → (i·M + offset) mod 31^6 is a bijection; i·M stays
// below 2^53 for the supported 10 million enterprises.
const ORG_MULTIPLIER = 387_420_489;

function orgCodeBody(i: number, offset: number): string {
  let p = (i * ORG_MULTIPLIER + offset) % ORG_SPACE;
  let tail = '';
  for (let k = 0; k < 6; k++) {
    tail = USCC_ALPHABET[p % 31]! + tail;
    p = Math.floor(p / 31);
  }
  return 'MA' + tail;
}

const FIRST_REGISTRATION_DAY = isoToDay('1984-06-01'); // Longgang town was founded in 1984

/**
 * Streams `count` synthetic enterprises (companies and individual businesses) registered
 * in Longgang. Legal representatives are adults taken from the first `residentCount`
 * residents of `generateResidents(seed, residentCount)`.
 */
export function* generateEnterprises(seed: string, count: number, residentCount: number): Generator<DemoEnterprise> {
  if (!Number.isInteger(count) || count < 0 || count > 10_000_000) {
    throw new RangeError(`Invalid enterprise count: ${count}`);
  }
  if (!Number.isInteger(residentCount) || residentCount < 1) {
    throw new RangeError('generateEnterprises needs at least one resident');
  }
  const rng = createRng(`${seed}/enterprises`);
  const orgOffset = cyrb128(`${seed}/org-codes`)[0] % ORG_SPACE;
  const nameCounters = new Map<string, { n: number; offset: number }>();
  for (let i = 0; i < count; i++) {
    const company = rng.chance(0.4);
    const entityType = company ? '1' : '2';
    const industry = DEMO_INDUSTRIES[pickIndustry(rng)]!;

    // An adult legal representative (18..80 at the reference date).
    let repIndex = -1;
    let repBirth = '';
    for (let attempt = 0; attempt < 200; attempt++) {
      const candidate = rng.int(0, residentCount - 1);
      const birth = demoResidentBirthDate(seed, candidate);
      if (addYears(birth, 18) <= DEMO_REFERENCE_DATE && addYears(birth, 80) > DEMO_REFERENCE_DATE) {
        repIndex = candidate;
        repBirth = birth;
        break;
      }
    }
    if (repIndex < 0) throw new RangeError('No adult resident found for a legal representative');

    // Registered after the founding of the town and once the representative was 18;
    // skewed towards recent years, individual businesses more so.
    const from = Math.max(FIRST_REGISTRATION_DAY, isoToDay(addYears(repBirth, 18)));
    const span = REFERENCE_DAY - 1 - from;
    const u = rng.next() ** (company ? 0.6 : 0.4);
    const registeredOn = dayToIso(from + Math.floor(u * span));

    const key = `${industry.industryCode}/${entityType}`;
    let counter = nameCounters.get(key);
    if (counter === undefined) {
      counter = { n: 0, offset: cyrb128(`${seed}/names/${key}`)[0] };
      nameCounters.set(key, counter);
    }
    const [tn, tnEn] = tradeName(counter.n++, counter.offset);
    const name = company ? `龙港市${tn}${industry.company[0]}有限公司` : `龙港市${tn}${industry.shop[0]}`;
    const nameEn = company
      ? `Longgang ${tnEn} ${industry.company[1]} Co., Ltd.`
      : `Longgang ${tnEn} ${industry.shop[1]}`;

    const ci = pickCommunityIndex(rng);
    const community = DEMO_COMMUNITIES[ci]!;
    yield {
      uscc: makeUscc('9', entityType, DEMO_CITY_CODE, orgCodeBody(i, orgOffset)),
      name,
      nameEn,
      industry: industry.industry,
      industryCode: industry.industryCode,
      entityType,
      registeredOn,
      legalRepResidentIndex: repIndex,
      address: street(rng, ci, community),
      communityCode: community.code,
    };
  }
}
