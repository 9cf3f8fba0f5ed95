/**
 * Per-person records of the demo city's base registries: social insurance, the housing
 * provident fund, driving licences and vehicles, real property and education. Each person's
 * draws come from a generator seeded by (seed, ID number), so a person's records do not
 * depend on where they are in the stream; only the running numbers (card, account, plate and
 * certificate numbers) are handed out in stream order, which keeps them unique.
 */
import { createRng, type Rng } from '../platform/prng.ts';
import { DEMO_REFERENCE_DATE } from './population.ts';
import { ageOf, dayBetween, plusYears, REFERENCE_DAY, toDay, toIso, type DemoPerson } from './households.ts';

export type RegistryValue = string | number | boolean | null;

export type DemoRegistryCode =
  | 'population-registry'
  | 'enterprise-registry'
  | 'marriage-registry'
  | 'social-insurance'
  | 'housing-fund'
  | 'driving-licences'
  | 'real-estate-registry'
  | 'education-records'
  | 'birth-certificates'
  | 'documents';

export type RegistrySubject = { kind: 'person'; idNumber: string } | { kind: 'enterprise'; uscc: string };

/** One record of a base registry, as a department would hand it to the exchange. */
export interface DemoRegistryRecord {
  registry: DemoRegistryCode;
  recordType: string;
  subject: RegistrySubject;
  /** YYYY-MM-DD: when the department issued or registered it. */
  issuedOn: string;
  data: Record<string, RegistryValue>;
}

/** Running numbers handed out in stream order. */
export class Numbering {
  private readonly counters = new Map<string, number>();
  next(kind: string): number {
    const n = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, n);
    return n;
  }
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const person = (p: DemoPerson): RegistrySubject => ({ kind: 'person', idNumber: p.idNumber });
const max = (a: string, b: string) => (a > b ? a : b);
const LAST_DAY = toIso(REFERENCE_DAY - 1);

/** What the generator decides about one person's working life (shared by several registries). */
export type PersonContext = {
  rng: Rng;
  /** The employer's USCC, or null (not employed by a registered enterprise). */
  employerUscc: string | null;
  /** Fixed records for the demo family (the demo citizen's record must be rich). */
  demo: boolean;
};

export function personRng(seed: string, p: DemoPerson): Rng {
  return createRng(`${seed}/registries/${p.idNumber}`);
}

// ---------------------------------------------------------------------------------------
// Social insurance (HRSS) and the housing provident fund (HUD)
// ---------------------------------------------------------------------------------------

const EMPLOYEE_SCHEMES = '职工基本养老保险,职工基本医疗保险,失业保险,工伤保险,生育保险';
const RESIDENT_SCHEMES = '城乡居民基本养老保险,城乡居民基本医疗保险';
const CHILD_SCHEMES = '城乡居民基本医疗保险';

export function socialInsurance(p: DemoPerson, c: PersonContext, n: Numbering): DemoRegistryRecord | null {
  const age = ageOf(p.birthDate);
  let schemes: string;
  let since: string;
  if (c.employerUscc) {
    schemes = EMPLOYEE_SCHEMES;
    since = dayBetween(c.rng, max(plusYears(p.birthDate, 18), '1995-01-01'), LAST_DAY);
  } else if (age >= 16 && c.rng.chance(0.9)) {
    schemes = RESIDENT_SCHEMES;
    since = dayBetween(c.rng, max(plusYears(p.birthDate, 16), '2010-01-01'), LAST_DAY);
  } else if (age >= 2 && age < 16 && c.rng.chance(0.95)) {
    schemes = CHILD_SCHEMES;
    since = dayBetween(c.rng, max(plusYears(p.birthDate, 1), '2010-01-01'), LAST_DAY);
  } else {
    return null; // newborns are enrolled by the birth bundle (出生一件事)
  }
  const k = n.next('social-security-card');
  const cardNumber = `${'ABCDEFGH'[Math.floor(k / 1e8) % 8]}${pad(k % 1e8, 8)}`;
  return {
    registry: 'social-insurance',
    recordType: 'insurance',
    subject: person(p),
    issuedOn: since,
    data: { insured: true, schemes, employerUscc: c.employerUscc, since, cardNumber },
  };
}

export function housingFund(p: DemoPerson, c: PersonContext, n: Numbering): DemoRegistryRecord | null {
  if (!c.employerUscc || !(c.demo || c.rng.chance(0.7))) return null;
  const since = dayBetween(c.rng, max(plusYears(p.birthDate, 18), '2000-01-01'), LAST_DAY);
  const monthlyDeposit = c.demo ? 1_860 : 20 * c.rng.int(15, 150);
  const months = Math.max(1, Math.floor((REFERENCE_DAY - toDay(since)) / 30.44));
  // Withdrawals (rent, a mortgage) leave part of what was paid in.
  const balance = Math.round(monthlyDeposit * months * (c.demo ? 0.42 : c.rng.next() * 0.9 + 0.1) * 100) / 100;
  return {
    registry: 'housing-fund',
    recordType: 'fund_account',
    subject: person(p),
    issuedOn: since,
    data: {
      accountNumber: `3303830${pad(n.next('housing-fund-account'), 8)}`,
      status: '正常缴存',
      employerUscc: c.employerUscc,
      monthlyDeposit,
      balance,
    },
  };
}

// ---------------------------------------------------------------------------------------
// Driving licences and vehicles (PSB traffic police)
// ---------------------------------------------------------------------------------------

const LICENCE_CLASSES: readonly (readonly [string, number])[] = [
  ['C1', 80],
  ['C2', 8],
  ['B2', 5],
  ['A2', 3],
  ['A1', 2],
  ['D', 2],
];
const MAKES: readonly string[] = [
  '比亚迪 秦PLUS',
  '比亚迪 宋PLUS',
  '大众 朗逸',
  '大众 帕萨特',
  '丰田 卡罗拉',
  '丰田 凯美瑞',
  '本田 雅阁',
  '日产 轩逸',
  '吉利 帝豪',
  '吉利 星越L',
  '长安 CS75',
  '哈弗 H6',
  '零跑 C11',
  '特斯拉 Model 3',
  '理想 L6',
  '五菱 宏光MINI EV',
];
/** Plate letters: the alphabet without I and O. */
const PLATE_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';

/** 浙C (Wenzhou) plates: one letter and four digits, then two letters and three digits. */
function plate(k: number): string {
  const single = PLATE_LETTERS.length * 10_000;
  if (k < single) {
    const p = (k * 7_919 + 1_234) % single; // 7919 is prime and coprime to 240,000
    return `浙C${PLATE_LETTERS[Math.floor(p / 10_000)]}${pad(p % 10_000, 4)}`;
  }
  const j = k - single;
  const double = PLATE_LETTERS.length ** 2 * 1_000;
  if (j >= double) throw new RangeError('Too many vehicles for the demo plates');
  const p = (j * 7_919 + 4_321) % double;
  const letters = Math.floor(p / 1_000);
  return `浙C${PLATE_LETTERS[Math.floor(letters / PLATE_LETTERS.length)]}${PLATE_LETTERS[letters % PLATE_LETTERS.length]}${pad(p % 1_000, 3)}`;
}

function drivingShare(p: DemoPerson, age: number): number {
  const base = age < 18 ? 0 : age < 30 ? 0.45 : age < 60 ? 0.6 : age <= 75 ? 0.25 : 0;
  return p.gender === 'M' ? Math.min(1, base + 0.15) : Math.max(0, base - 0.1);
}

export function driving(p: DemoPerson, c: PersonContext, n: Numbering): DemoRegistryRecord[] {
  const age = ageOf(p.birthDate);
  if (age < 18 || !(c.demo || c.rng.chance(drivingShare(p, age)))) return [];
  const issuedOn = c.demo ? '2008-09-02' : dayBetween(c.rng, max(plusYears(p.birthDate, 18), '1990-01-01'), LAST_DAY);
  // A first licence is valid six years, the next ten, then for life (长期).
  const years = (REFERENCE_DAY - toDay(issuedOn)) / 365.2425;
  const validUntil = years < 6 ? plusYears(issuedOn, 6) : years < 16 ? plusYears(issuedOn, 16) : null;
  const out: DemoRegistryRecord[] = [
    {
      registry: 'driving-licences',
      recordType: 'driving_licence',
      subject: person(p),
      issuedOn,
      data: {
        licenceNumber: p.idNumber, // a Chinese driving licence's number is the holder's ID number
        class: c.demo ? 'C1' : c.rng.weighted(LICENCE_CLASSES),
        issuedOn,
        validUntil,
        points: c.demo || c.rng.chance(0.8) ? 0 : c.rng.int(1, 9),
      },
    },
  ];
  if (c.demo || c.rng.chance(0.55)) {
    const registeredOn = c.demo ? '2021-04-16' : dayBetween(c.rng, max(issuedOn, '2005-01-01'), LAST_DAY);
    out.push({
      registry: 'driving-licences',
      recordType: 'vehicle',
      subject: person(p),
      issuedOn: registeredOn,
      data: { plate: plate(n.next('plate') - 1), make: c.demo ? '比亚迪 汉EV' : c.rng.pick(MAKES), registeredOn },
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Real property (NRP) and education (EDU)
// ---------------------------------------------------------------------------------------

/** 不动产权证书 of a household head, at the household's registered address. */
export function realProperty(
  p: DemoPerson,
  address: string,
  c: PersonContext,
  n: Numbering,
): DemoRegistryRecord | null {
  const age = ageOf(p.birthDate);
  if (age < 25 || !(c.demo || c.rng.chance(0.7))) return null;
  // Unified real-property registration (不动产统一登记) began in 2015.
  const registeredOn = c.demo
    ? '2019-11-08'
    : dayBetween(c.rng, max('2015-03-01', plusYears(p.birthDate, 22)), LAST_DAY);
  return {
    registry: 'real-estate-registry',
    recordType: 'property',
    subject: person(p),
    issuedOn: registeredOn,
    data: {
      certificateNumber: `浙(${registeredOn.slice(0, 4)})龙港市不动产权第${pad(n.next('property'), 7)}号`,
      address,
      area: c.demo ? 118.6 : Math.round((50 + c.rng.next() * 130) * 10) / 10,
      use: '住宅',
      registeredOn,
    },
  };
}

type Level = {
  level: string;
  code: string;
  age: number;
  schools: readonly (readonly [string, string])[];
  degree: string | null;
};
const LEVELS: Record<string, Level> = {
  high: {
    level: '普通高中',
    code: '7',
    age: 18,
    schools: [
      ['龙港高级中学', '33871'],
      ['龙港市第二高级中学', '33872'],
    ],
    degree: null,
  },
  vocational: {
    level: '中等职业教育',
    code: '8',
    age: 18,
    schools: [['龙港市职业中等专业学校', '33873']],
    degree: null,
  },
  college: {
    level: '专科',
    code: '6',
    age: 21,
    schools: [
      ['温州职业技术学院', '12790'],
      ['浙江工贸职业技术学院', '12791'],
    ],
    degree: null,
  },
  bachelor: {
    level: '本科',
    code: '5',
    age: 22,
    schools: [
      ['温州大学', '10351'],
      ['温州医科大学', '10343'],
      ['浙江工业大学', '10337'],
      ['浙江师范大学', '10345'],
    ],
    degree: '学士',
  },
  master: {
    level: '硕士研究生',
    code: '4',
    age: 25,
    schools: [
      ['浙江大学', '10335'],
      ['宁波大学', '11646'],
    ],
    degree: '硕士',
  },
};
const LEVELS_BY_ERA: readonly (readonly (readonly [string | null, number])[])[] = [
  [
    [null, 70],
    ['high', 20],
    ['vocational', 5],
    ['college', 4],
    ['bachelor', 1],
  ],
  [
    [null, 40],
    ['high', 25],
    ['vocational', 12],
    ['college', 13],
    ['bachelor', 9],
    ['master', 1],
  ],
  [
    [null, 15],
    ['high', 20],
    ['vocational', 15],
    ['college', 22],
    ['bachelor', 24],
    ['master', 4],
  ],
];

/** The person's highest completed education with a certificate (初中 and below have none here). */
export function education(p: DemoPerson, c: PersonContext, n: Numbering): DemoRegistryRecord | null {
  const year = Number(p.birthDate.slice(0, 4));
  const key = c.demo ? 'bachelor' : c.rng.weighted(LEVELS_BY_ERA[year < 1970 ? 0 : year < 1990 ? 1 : 2]!);
  if (key === null) return null;
  const level = LEVELS[key]!;
  const graduatedOn = `${year + level.age}-06-30`;
  if (graduatedOn >= DEMO_REFERENCE_DATE) return null;
  const [school, schoolCode] = c.demo ? level.schools[0]! : c.rng.pick(level.schools);
  return {
    registry: 'education-records',
    recordType: 'education',
    subject: person(p),
    issuedOn: graduatedOn,
    data: {
      school,
      level: level.level,
      degree: level.degree,
      graduatedOn,
      // 学历证书编号: school code, year, level, running number.
      certificateNumber: `${schoolCode}${graduatedOn.slice(0, 4)}${level.code}${pad(n.next('education'), 8)}`,
    },
  };
}

export { max as laterOf };
