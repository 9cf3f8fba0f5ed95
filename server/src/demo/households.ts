/**
 * The demo city's people as the population registry sees them: the demo citizen's family
 * (陈晓明, his wife and their newborn daughter) followed by the synthetic residents of
 * `generateResidents`, grouped into households (户) with a head (户主) and relations.
 *
 * Households are formed deterministically inside fixed windows of consecutive residents
 * (HOUSEHOLD_WINDOW), among the residents of one community: adults are paired into married
 * couples of plausible ages, children join a couple (or a single adult) of a plausible
 * parental age, some older people join a younger household as the head's parent, the rest
 * live alone. A household's registered address (户籍地址) is its head's address. Changing
 * the resident count only changes the households of the last, partial window.
 */
import { makeCitizenId } from '../platform/id-numbers.ts';
import { createRng, type Rng } from '../platform/prng.ts';
import { DEMO_CITIZEN } from './accounts.ts';
import { DEMO_CITY_CODE } from './city.ts';
import { DEMO_REFERENCE_DATE, generateResidents, type DemoResident } from './population.ts';

/** A resident of the demo city: a generated resident (with its index) or a member of the demo family. */
export type DemoPerson = Omit<DemoResident, 'phone'> & {
  phone: string | null;
  /** Index into `generateResidents(seed, count)`; null for the demo family. */
  residentIndex: number | null;
};

/** Relation to the head of household (户口簿「与户主关系」). */
export type HouseholdRelation = '户主' | '配偶' | '子' | '女' | '父亲' | '母亲' | '其他';

export type DemoHousehold = {
  /** 户号: the community's last three digits and a six-digit sequence. */
  id: string;
  address: string;
  communityCode: string;
  members: { person: DemoPerson; relation: HouseholdRelation }[];
  /** The married couple heading the household, if any (husband, wife). */
  couple: { husband: DemoPerson; wife: DemoPerson } | null;
};

/** Residents per household-forming window. */
export const HOUSEHOLD_WINDOW = 10_000;

// ---------------------------------------------------------------------------------------
// Dates (whole days since 1970-01-01, UTC)
// ---------------------------------------------------------------------------------------

const DAY_MS = 86_400_000;
export const toDay = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
export const toIso = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
export const REFERENCE_DAY = toDay(DEMO_REFERENCE_DATE);

/** The date `years` calendar years after `iso` (29 February → 28 February). */
export function plusYears(iso: string, years: number): string {
  const y = Number(iso.slice(0, 4)) + years;
  let md = iso.slice(5);
  if (md === '02-29' && !((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0)) md = '02-28';
  return `${String(y).padStart(4, '0')}-${md}`;
}

/** Age in whole years at the reference date. */
export function ageOf(birthDate: string): number {
  let age = Number(DEMO_REFERENCE_DATE.slice(0, 4)) - Number(birthDate.slice(0, 4));
  if (birthDate.slice(5) > DEMO_REFERENCE_DATE.slice(5)) age -= 1;
  return age;
}

/** A uniformly chosen day in [from, to] (ISO dates); `from` when the range is empty. */
export function dayBetween(rng: Rng, from: string, to: string): string {
  const a = toDay(from);
  const b = toDay(to);
  return b <= a ? toIso(a) : toIso(a + Math.floor(rng.next() * (b - a + 1)));
}

// ---------------------------------------------------------------------------------------
// The demo citizen's family
// ---------------------------------------------------------------------------------------

export const DEMO_CITIZEN_ID = makeCitizenId(DEMO_CITY_CODE, DEMO_CITIZEN.idNumberBirth, DEMO_CITIZEN.idSequence);

/** 陈晓明, his wife and their daughter born a fortnight before the reference date. */
export const DEMO_FAMILY: readonly DemoPerson[] = [
  {
    idNumber: DEMO_CITIZEN_ID,
    name: DEMO_CITIZEN.name,
    gender: 'M',
    birthDate: DEMO_CITIZEN.idNumberBirth,
    phone: DEMO_CITIZEN.phone,
    communityCode: DEMO_CITIZEN.communityCode,
    gridCode: DEMO_CITIZEN.gridCode,
    address: DEMO_CITIZEN.address,
    residentIndex: null,
  },
  {
    idNumber: makeCitizenId(DEMO_CITY_CODE, '1990-03-08', 382),
    name: '林婉清',
    gender: 'F',
    birthDate: '1990-03-08',
    phone: '13800138001',
    communityCode: DEMO_CITIZEN.communityCode,
    gridCode: DEMO_CITIZEN.gridCode,
    address: DEMO_CITIZEN.address,
    residentIndex: null,
  },
  {
    idNumber: makeCitizenId(DEMO_CITY_CODE, '2024-12-18', 42),
    name: '陈语桐',
    gender: 'F',
    birthDate: '2024-12-18',
    phone: null,
    communityCode: DEMO_CITIZEN.communityCode,
    gridCode: DEMO_CITIZEN.gridCode,
    address: DEMO_CITIZEN.address,
    residentIndex: null,
  },
];

const FAMILY_IDS = new Set(DEMO_FAMILY.map((p) => p.idNumber));
const FAMILY_PHONES = new Set(DEMO_FAMILY.map((p) => p.phone).filter((p) => p !== null));

/** The demo family's household (户号 001000001). */
export function demoFamilyHousehold(): DemoHousehold {
  const [husband, wife, child] = DEMO_FAMILY as [DemoPerson, DemoPerson, DemoPerson];
  return {
    id: `${DEMO_CITIZEN.communityCode.slice(-3)}000001`,
    address: DEMO_CITIZEN.address,
    communityCode: DEMO_CITIZEN.communityCode,
    members: [
      { person: husband, relation: '户主' },
      { person: wife, relation: '配偶' },
      { person: child, relation: '女' },
    ],
    couple: { husband, wife },
  };
}

/**
 * Everyone in the demo city: the demo family, then `generateResidents(seed, count)`
 * without the (rare) residents whose ID number or phone a family member already has.
 */
export function* demoPeople(seed: string, count: number): Generator<DemoPerson> {
  yield* DEMO_FAMILY;
  let i = 0;
  for (const r of generateResidents(seed, count)) {
    const index = i++;
    if (FAMILY_IDS.has(r.idNumber) || FAMILY_PHONES.has(r.phone)) continue;
    yield { ...r, residentIndex: index };
  }
}

// ---------------------------------------------------------------------------------------
// Households
// ---------------------------------------------------------------------------------------

type Draft = {
  head: DemoPerson;
  members: { person: DemoPerson; relation: HouseholdRelation }[];
  couple: DemoHousehold['couple'];
};

/** Chance that a man of this age is married. */
function marriedShare(age: number): number {
  if (age < 25) return 0.2;
  if (age < 35) return 0.65;
  if (age < 70) return 0.88;
  return 0.7;
}

const yearsBetween = (older: DemoPerson, younger: DemoPerson) =>
  (toDay(younger.birthDate) - toDay(older.birthDate)) / 365.2425;

/** Households of one community's people in one window. */
function householdsOf(people: DemoPerson[], rng: Rng): Draft[] {
  const byBirth = [...people].sort((a, b) => (a.birthDate < b.birthDate ? -1 : a.birthDate > b.birthDate ? 1 : 0));
  const taken = new Set<DemoPerson>();
  const drafts: Draft[] = [];
  // Couples: men oldest first, each with the first free woman 3 years older to 10 years younger.
  for (const man of byBirth) {
    const age = ageOf(man.birthDate);
    if (man.gender !== 'M' || age < 22 || !rng.chance(marriedShare(age))) continue;
    const wife = byBirth.find((w) => {
      if (w.gender !== 'F' || taken.has(w) || ageOf(w.birthDate) < 20) return false;
      const d = yearsBetween(man, w);
      return d >= -3 && d <= 10;
    });
    if (!wife) continue;
    taken.add(man).add(wife);
    const wifeHeads = rng.chance(0.15);
    drafts.push({
      head: wifeHeads ? wife : man,
      members: [
        { person: wifeHeads ? wife : man, relation: '户主' },
        { person: wifeHeads ? man : wife, relation: '配偶' },
      ],
      couple: { husband: man, wife },
    });
  }
  const couples = drafts.length;
  // Children (under 18, and most young adults under 25) join a couple of parental age.
  const dependants = byBirth
    .filter((p) => !taken.has(p))
    .filter((p) => ageOf(p.birthDate) < 18 || (ageOf(p.birthDate) < 25 && rng.chance(0.6)))
    .reverse();
  const childRelation = (p: DemoPerson): HouseholdRelation => (p.gender === 'M' ? '子' : '女');
  for (const child of dependants) {
    const start = couples > 0 ? rng.int(0, couples - 1) : 0;
    for (let k = 0; k < couples; k++) {
      const d = drafts[(start + k) % couples]!;
      const { husband, wife } = d.couple!;
      const mother = yearsBetween(wife, child);
      const father = yearsBetween(husband, child);
      const children = d.members.filter((m) => m.relation === '子' || m.relation === '女').length;
      if (mother >= 20 && mother <= 45 && father >= 22 && father <= 55 && children < 3) {
        d.members.push({ person: child, relation: childRelation(child) });
        taken.add(child);
        break;
      }
    }
  }
  // Everyone left: the oldest may join a younger household as a parent of its head; the rest
  // head their own household, where children still without one join a single adult of parental age.
  for (const p of byBirth) {
    if (taken.has(p)) continue;
    const age = ageOf(p.birthDate);
    if (age >= 60 && rng.chance(0.4)) {
      const relation: HouseholdRelation = p.gender === 'M' ? '父亲' : '母亲';
      const home = drafts.find((d) => {
        const gap = yearsBetween(p, d.head);
        return gap >= 20 && gap <= 45 && !d.members.some((m) => m.relation === relation);
      });
      if (home) {
        home.members.push({ person: p, relation });
        taken.add(p);
        continue;
      }
    }
    if (age < 16) {
      const parent = drafts.find((d) => {
        const gap = yearsBetween(d.head, p);
        return d.couple === null && gap >= 18 && gap <= 45 && d.members.length < 4;
      });
      if (parent) {
        parent.members.push({ person: p, relation: childRelation(p) });
        taken.add(p);
        continue;
      }
      const any = drafts[0];
      if (any) {
        any.members.push({ person: p, relation: '其他' });
        taken.add(p);
        continue;
      }
    }
    drafts.push({ head: p, members: [{ person: p, relation: '户主' }], couple: null });
    taken.add(p);
  }
  return drafts;
}

/**
 * Streams the demo city's households: the demo family first, then households formed from
 * `demoPeople(seed, count)` window by window. Every person is in exactly one household.
 */
export function* generateHouseholds(seed: string, count: number): Generator<DemoHousehold> {
  yield demoFamilyHousehold();
  const sequence = new Map<string, number>([[DEMO_CITIZEN.communityCode, 1]]);
  let window: DemoPerson[] = [];
  let current = 0;
  const flush = function* (windowNo: number): Generator<DemoHousehold> {
    const byCommunity = new Map<string, DemoPerson[]>();
    for (const p of window) {
      const list = byCommunity.get(p.communityCode);
      if (list) list.push(p);
      else byCommunity.set(p.communityCode, [p]);
    }
    window = [];
    const rng = createRng(`${seed}/households/${windowNo}`);
    for (const [communityCode, people] of byCommunity) {
      for (const d of householdsOf(people, rng)) {
        const n = (sequence.get(communityCode) ?? 0) + 1;
        sequence.set(communityCode, n);
        yield {
          id: `${communityCode.slice(-3)}${String(n).padStart(6, '0')}`,
          address: d.head.address,
          communityCode,
          members: d.members,
          couple: d.couple,
        };
      }
    }
  };
  for (const p of demoPeople(seed, count)) {
    if (p.residentIndex === null) continue; // the demo family is its own household
    const w = Math.floor(p.residentIndex / HOUSEHOLD_WINDOW);
    if (w !== current) {
      yield* flush(current);
      current = w;
    }
    window.push(p);
  }
  yield* flush(current);
}
