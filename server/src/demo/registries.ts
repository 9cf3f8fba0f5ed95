/**
 * The demo city's base registries (基础库), consistent with its residents and enterprises:
 * the same people, addresses and legal representatives as `population.ts`, households from
 * `households.ts`, per-person records from `registry-person.ts`.
 *
 * `generateRegistryRecords(seed, { residents, enterprises })` streams every record of every
 * registry: per household, each member's population record, ID card and household-register
 * entry and their other records (social insurance, housing fund, driving licence and
 * vehicle, education, with the licence's and the diploma's documents), the head's real
 * property and its title certificate, the couple's marriage records and
 * certificates, newborns' birth certificates; then each enterprise's registry record and
 * business licence. Same seed, same output. Memory stays small: one household window and the
 * enterprise list (60,000 for the full city) at a time.
 *
 * The demo citizen 陈晓明 heads the first household: married to 林婉清, their daughter
 * 陈语桐 born 2024-12-18 with a birth certificate, insured by his enterprise (enterprise 0,
 * of which he is the legal representative), with a housing fund account, a C1 licence and a
 * car, a flat at his address and a bachelor's degree.
 */
import { generateEnterprises, type DemoEnterprise } from './population.ts';
import {
  ageOf,
  dayBetween,
  DEMO_FAMILY,
  generateHouseholds,
  plusYears,
  REFERENCE_DAY,
  toDay,
  toIso,
  type DemoHousehold,
  type DemoPerson,
} from './households.ts';
import {
  driving,
  education,
  housingFund,
  laterOf,
  Numbering,
  personRng,
  realProperty,
  socialInsurance,
  type DemoRegistryRecord,
  type PersonContext,
} from './registry-person.ts';

export type { DemoRegistryCode, DemoRegistryRecord, RegistrySubject, RegistryValue } from './registry-person.ts';
export {
  DEMO_CITIZEN_ID,
  DEMO_FAMILY,
  demoPeople,
  generateHouseholds,
  type DemoHousehold,
  type DemoPerson,
} from './households.ts';

export const ISSUERS = {
  psb: '龙港市公安局',
  amr: '龙港市市场监督管理局',
  cab: '龙港市民政局',
  nrp: '龙港市自然资源和规划局',
  traffic: '温州市公安局交通警察支队',
} as const;
const HOSPITALS = ['龙港市人民医院', '龙港市中医院', '龙港市妇幼保健院'] as const;
const pad = (n: number, width: number) => String(n).padStart(width, '0');
const LAST_DAY = toIso(REFERENCE_DAY - 1);

export interface RegistryOptions {
  /** Generated residents (`generateResidents(seed, residents)`), besides the demo family. */
  residents: number;
  /** Enterprises (`generateEnterprises(seed, enterprises, residents)`). */
  enterprises: number;
}

function document(
  p: { kind: 'person'; idNumber: string } | { kind: 'enterprise'; uscc: string },
  documentType: string,
  fields: { number: string; holderName: string; issuedBy: string; issuedOn: string; validUntil: string | null },
): DemoRegistryRecord {
  return {
    registry: 'documents',
    recordType: documentType,
    subject: p,
    issuedOn: fields.issuedOn,
    data: { documentType, ...fields },
  };
}

/** The resident ID card: valid 5 years under 16, 10 to 25, 20 to 45, for life (长期) from 46. */
function idCard(p: DemoPerson, ctx: PersonContext): DemoRegistryRecord {
  const age = ageOf(p.birthDate);
  const period = age < 16 ? 5 : age < 26 ? 10 : age < 46 ? 20 : null;
  const issuedOn =
    period === null
      ? dayBetween(ctx.rng, plusYears(p.birthDate, 46), LAST_DAY)
      : dayBetween(ctx.rng, laterOf(p.birthDate, toIso(REFERENCE_DAY - Math.floor(period * 365.2425) + 1)), LAST_DAY);
  return document({ kind: 'person', idNumber: p.idNumber }, 'id_card', {
    number: p.idNumber,
    holderName: p.name,
    issuedBy: ISSUERS.psb,
    issuedOn,
    validUntil: period === null ? null : plusYears(issuedOn, period),
  });
}

function marriageRecords(h: DemoHousehold, seed: string, n: Numbering): DemoRegistryRecord[] {
  const { husband, wife } = h.couple!;
  const rng = personRng(seed, husband).fork('marriage');
  // Married after both reached the legal age (22 and 20), before their eldest child was born.
  const from = laterOf(plusYears(husband.birthDate, 22), plusYears(wife.birthDate, 20));
  const children = h.members.filter((m) => m.relation === '子' || m.relation === '女').map((m) => m.person.birthDate);
  const eldest = children.length > 0 ? children.sort()[0]! : null;
  const to = eldest && toIso(toDay(eldest) - 300) > from ? toIso(toDay(eldest) - 300) : LAST_DAY;
  const registeredOn = husband.idNumber === DEMO_FAMILY[0]!.idNumber ? '2018-05-20' : dayBetween(rng, from, to);
  const certificateNumber = `J330383-${registeredOn.slice(0, 4)}-${pad(n.next('marriage'), 6)}`;
  const out: DemoRegistryRecord[] = [];
  for (const [self, spouse] of [
    [husband, wife],
    [wife, husband],
  ] as const) {
    out.push({
      registry: 'marriage-registry',
      recordType: 'marriage',
      subject: { kind: 'person', idNumber: self.idNumber },
      issuedOn: registeredOn,
      data: {
        status: '已婚',
        spouseName: spouse.name,
        spouseIdNumber: spouse.idNumber,
        registeredOn,
        certificateNumber,
      },
    });
    out.push(
      document({ kind: 'person', idNumber: self.idNumber }, 'marriage_certificate', {
        number: certificateNumber,
        holderName: self.name,
        issuedBy: ISSUERS.cab,
        issuedOn: registeredOn,
        validUntil: null,
      }),
    );
  }
  return out;
}

/** 出生医学证明 of a child under two (record and document), indexed by the child and by each parent in the household. */
function birthRecords(h: DemoHousehold, child: DemoPerson, seed: string, n: Numbering): DemoRegistryRecord[] {
  const heads = h.members.filter((m) => m.relation === '户主' || m.relation === '配偶').map((m) => m.person);
  const mother = heads.find((p) => p.gender === 'F') ?? null;
  const father = heads.find((p) => p.gender === 'M') ?? null;
  const rng = personRng(seed, child).fork('birth');
  const birthPlace = child.idNumber === DEMO_FAMILY[2]!.idNumber ? HOSPITALS[2] : rng.pick(HOSPITALS);
  const certificateNumber = `R33${pad(n.next('birth-certificate'), 8)}`;
  const issuedOn = toIso(Math.min(toDay(child.birthDate) + rng.int(1, 5), REFERENCE_DAY - 1));
  const data = {
    childName: child.name,
    childGender: child.gender,
    birthDate: child.birthDate,
    birthPlace,
    motherName: mother?.name ?? null,
    motherIdNumber: mother?.idNumber ?? null,
    fatherName: father?.name ?? null,
    fatherIdNumber: father?.idNumber ?? null,
    certificateNumber,
  };
  const out: DemoRegistryRecord[] = [];
  for (const subject of [child, mother, father]) {
    if (!subject) continue;
    out.push({
      registry: 'birth-certificates',
      recordType: 'birth',
      subject: { kind: 'person', idNumber: subject.idNumber },
      issuedOn,
      data,
    });
  }
  // The certificate as an issued document: the child's, and found by each parent too (who files for the child).
  for (const subject of [child, mother, father]) {
    if (!subject) continue;
    out.push(
      document({ kind: 'person', idNumber: subject.idNumber }, 'birth_certificate', {
        number: certificateNumber,
        holderName: child.name,
        issuedBy: birthPlace,
        issuedOn,
        validUntil: null,
      }),
    );
  }
  return out;
}

/** A plausible business scope (经营范围) for an enterprise's industry. */
function scopeOf(e: DemoEnterprise): string {
  return `${e.industry}相关产品和服务的生产、销售；技术服务、技术开发、技术咨询（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）`;
}

/** Streams every record of every base registry of the demo city. */
export function* generateRegistryRecords(seed: string, opts: RegistryOptions): Generator<DemoRegistryRecord> {
  const n = new Numbering();
  const enterprises = opts.residents > 0 ? [...generateEnterprises(seed, opts.enterprises, opts.residents)] : [];
  // Legal representatives work for their own enterprise; the demo citizen for enterprise 0.
  const ownEnterprise = new Map<number, string>();
  enterprises.forEach((e, i) => {
    if (i > 0 && !ownEnterprise.has(e.legalRepResidentIndex)) ownEnterprise.set(e.legalRepResidentIndex, e.uscc);
  });
  const legalReps = new Map<number, { name: string; idNumber: string }>();
  const demoCitizen = DEMO_FAMILY[0]!;

  for (const h of generateHouseholds(seed, opts.residents)) {
    for (const { person: p, relation } of h.members) {
      const demo = p.residentIndex === null;
      if (p.residentIndex !== null && ownEnterprise.has(p.residentIndex)) {
        legalReps.set(p.residentIndex, { name: p.name, idNumber: p.idNumber });
      }
      const rng = personRng(seed, p);
      const age = ageOf(p.birthDate);
      const own = p.residentIndex === null ? undefined : ownEnterprise.get(p.residentIndex);
      let employerUscc: string | null = null;
      if (p === demoCitizen) employerUscc = enterprises[0]?.uscc ?? null;
      else if (own) employerUscc = own;
      else if (age >= 18 && age < 60 && enterprises.length > 0 && rng.chance(0.55))
        employerUscc = enterprises[rng.int(0, enterprises.length - 1)]!.uscc;
      // The demo citizen's records are fixed; his wife's and daughter's follow the usual draws.
      const ctx: PersonContext = { rng, employerUscc, demo: demo && p === demoCitizen };
      yield {
        registry: 'population-registry',
        recordType: 'person',
        subject: { kind: 'person', idNumber: p.idNumber },
        issuedOn: p.birthDate,
        data: {
          name: p.name,
          idNumber: p.idNumber,
          birthDate: p.birthDate,
          gender: p.gender,
          address: h.address,
          householdId: h.id,
          householdRelation: relation,
          communityCode: p.communityCode,
          gridCode: p.gridCode,
          phone: p.phone,
        },
      };
      yield idCard(p, ctx);
      yield document({ kind: 'person', idNumber: p.idNumber }, 'household_book', {
        number: h.id,
        holderName: p.name,
        issuedBy: ISSUERS.psb,
        issuedOn: laterOf(p.birthDate, '2005-01-01'),
        validUntil: null,
      });
      const insurance = socialInsurance(p, ctx, n);
      if (insurance) yield insurance;
      const fund = housingFund(p, ctx, n);
      if (fund) yield fund;
      const holder = { kind: 'person' as const, idNumber: p.idNumber };
      for (const r of driving(p, ctx, n)) {
        yield r;
        if (r.recordType === 'driving_licence')
          yield document(holder, 'driving_licence', {
            number: String(r.data.licenceNumber),
            holderName: p.name,
            issuedBy: ISSUERS.traffic,
            issuedOn: r.issuedOn,
            validUntil: r.data.validUntil as string | null,
          });
      }
      const property = relation === '户主' ? realProperty(p, h.address, ctx, n) : null;
      if (property) {
        yield property;
        yield document(holder, 'property_certificate', {
          number: String(property.data.certificateNumber),
          holderName: p.name,
          issuedBy: ISSUERS.nrp,
          issuedOn: property.issuedOn,
          validUntil: null,
        });
      }
      const school = education(p, ctx, n);
      if (school) {
        yield school;
        yield document(holder, 'degree', {
          number: String(school.data.certificateNumber),
          holderName: p.name,
          issuedBy: String(school.data.school),
          issuedOn: school.issuedOn,
          validUntil: null,
        });
      }
    }
    if (h.couple) yield* marriageRecords(h, seed, n);
    for (const { person: child, relation } of h.members) {
      if ((relation === '子' || relation === '女') && ageOf(child.birthDate) < 2)
        yield* birthRecords(h, child, seed, n);
    }
  }

  for (const [i, e] of enterprises.entries()) {
    const rep = i === 0 ? demoCitizen : (legalReps.get(e.legalRepResidentIndex) ?? DEMO_FAMILY[0]!);
    const subject = { kind: 'enterprise' as const, uscc: e.uscc };
    yield {
      registry: 'enterprise-registry',
      recordType: 'enterprise',
      subject,
      issuedOn: e.registeredOn,
      data: {
        uscc: e.uscc,
        name: e.name,
        legalRepName: rep.name,
        legalRepIdNumber: rep.idNumber,
        address: e.address,
        status: '存续',
        scope: scopeOf(e),
        registeredOn: e.registeredOn,
        industry: e.industry,
      },
    };
    yield document(subject, 'business_licence', {
      number: e.uscc,
      holderName: e.name,
      issuedBy: ISSUERS.amr,
      issuedOn: e.registeredOn,
      validUntil: null,
    });
  }
}
