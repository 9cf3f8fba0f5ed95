import { describe, expect, it } from 'vitest';
import { validateCitizenId, validateUscc } from '../../src/platform/id-numbers.ts';
import { DEMO_CITIZEN } from '../../src/demo/accounts.ts';
import { generateEnterprises, generateResidents } from '../../src/demo/population.ts';
import { demoGrants } from '../../src/demo/grants.ts';
import { DEMO_ITEMS } from '../../src/demo/items.ts';
import { EVIDENCE_SOURCES, registryOf } from '../../src/modules/exchange/index.ts';
import {
  DEMO_CITIZEN_ID,
  DEMO_FAMILY,
  demoPeople,
  generateHouseholds,
  generateRegistryRecords,
  type DemoRegistryRecord,
} from '../../src/demo/registries.ts';

const SEED = 'registries-test';
const RESIDENTS = 3_000;
const ENTERPRISES = 150;
const records = [...generateRegistryRecords(SEED, { residents: RESIDENTS, enterprises: ENTERPRISES })];
const people = [...demoPeople(SEED, RESIDENTS)];
const byId = new Map(people.map((p) => [p.idNumber, p]));
const of = (registry: string, type?: string) =>
  records.filter((r) => r.registry === registry && (type === undefined || r.recordType === type));
const subjectId = (r: DemoRegistryRecord) => (r.subject.kind === 'person' ? r.subject.idNumber : r.subject.uscc);
const bySubject = new Map<string, DemoRegistryRecord[]>();
for (const r of records) bySubject.set(subjectId(r), [...(bySubject.get(subjectId(r)) ?? []), r]);
const forPerson = (idNumber: string, registry: string, type?: string) =>
  (bySubject.get(idNumber) ?? []).filter(
    (r) => r.registry === registry && (type === undefined || r.recordType === type),
  );

describe('demo base registries', () => {
  it('is deterministic: the same seed gives the same records', () => {
    const again = [...generateRegistryRecords(SEED, { residents: RESIDENTS, enterprises: ENTERPRISES })];
    expect(again).toEqual(records);
    const other = [...generateRegistryRecords('another-seed', { residents: 200, enterprises: 10 })];
    expect(other.slice(0, 50)).not.toEqual(records.slice(0, 50));
  });

  it('has the demo family and then the generated residents, each once', () => {
    expect(people.slice(0, 3).map((p) => p.name)).toEqual(['陈晓明', '林婉清', '陈语桐']);
    expect(people[0]!.idNumber).toBe(DEMO_CITIZEN_ID);
    expect(byId.size).toBe(people.length);
    expect(people.length).toBeGreaterThanOrEqual(RESIDENTS); // 3 family members, at most 3 clashes skipped
    const generated = [...generateResidents(SEED, RESIDENTS)];
    for (const p of people.slice(3)) expect(generated[p.residentIndex!]!.idNumber).toBe(p.idNumber);
  });

  it('puts every person in exactly one household, with one head, at the head’s address', () => {
    const seen = new Map<string, string>();
    for (const h of generateHouseholds(SEED, RESIDENTS)) {
      expect(h.members.filter((m) => m.relation === '户主')).toHaveLength(1);
      const head = h.members.find((m) => m.relation === '户主')!.person;
      expect(h.address).toBe(head.address);
      expect(h.id).toMatch(/^\d{9}$/);
      expect(h.id.slice(0, 3)).toBe(h.communityCode.slice(-3));
      for (const m of h.members) {
        expect(seen.has(m.person.idNumber)).toBe(false);
        seen.set(m.person.idNumber, h.id);
        expect(m.person.communityCode).toBe(h.communityCode);
      }
      if (h.couple) {
        expect(h.couple.husband.gender).toBe('M');
        expect(h.couple.wife.gender).toBe('F');
      }
    }
    expect(seen.size).toBe(people.length);
    const sizes = [...generateHouseholds(SEED, RESIDENTS)].map((h) => h.members.length);
    expect(sizes.filter((s) => s >= 3).length).toBeGreaterThan(50); // families, not only singles
  });

  it('has exactly one population record per person, matching the resident', () => {
    const population = of('population-registry', 'person');
    expect(population).toHaveLength(people.length);
    for (const r of population) {
      const p = byId.get(subjectId(r))!;
      expect(p).toBeTruthy();
      expect(r.data).toMatchObject({
        name: p.name,
        idNumber: p.idNumber,
        birthDate: p.birthDate,
        gender: p.gender,
        communityCode: p.communityCode,
        gridCode: p.gridCode,
        phone: p.phone,
      });
      expect(r.data.address).toMatch(/^龙港市/);
    }
  });

  it('names only people of the population and valid ID numbers and USCCs', () => {
    const usccs = new Set(of('enterprise-registry').map((r) => subjectId(r)));
    expect(usccs.size).toBe(ENTERPRISES);
    for (const r of records) {
      if (r.subject.kind === 'person') {
        expect(byId.has(r.subject.idNumber), `${r.registry} ${r.subject.idNumber}`).toBe(true);
        expect(validateCitizenId(r.subject.idNumber).ok).toBe(true);
      } else {
        expect(validateUscc(r.subject.uscc).ok).toBe(true);
        expect(usccs.has(r.subject.uscc)).toBe(true);
      }
      for (const [key, value] of Object.entries(r.data)) {
        if (/IdNumber$/.test(key) && value !== null) expect(byId.has(String(value)), key).toBe(true);
        if (key === 'employerUscc' && value !== null) expect(usccs.has(String(value))).toBe(true);
      }
      expect(r.issuedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(r.issuedOn <= '2025-01-01').toBe(true);
    }
  });

  it('marries adults in pairs that point at each other', () => {
    const marriages = of('marriage-registry');
    expect(marriages.length).toBeGreaterThan(200);
    for (const r of marriages) {
      const self = byId.get(subjectId(r))!;
      const spouse = byId.get(String(r.data.spouseIdNumber))!;
      expect(spouse.name).toBe(r.data.spouseName);
      expect(spouse.gender).not.toBe(self.gender);
      const back = forPerson(spouse.idNumber, 'marriage-registry');
      expect(back).toHaveLength(1);
      expect(back[0]!.data.spouseIdNumber).toBe(self.idNumber);
      expect(back[0]!.data.certificateNumber).toBe(r.data.certificateNumber);
      const legalAge = self.gender === 'M' ? 22 : 20;
      expect(
        Number(String(r.data.registeredOn).slice(0, 4)) - Number(self.birthDate.slice(0, 4)),
      ).toBeGreaterThanOrEqual(legalAge - 1);
      expect(forPerson(self.idNumber, 'documents', 'marriage_certificate')[0]!.data.number).toBe(
        r.data.certificateNumber,
      );
    }
  });

  it('names each enterprise’s legal representative as generated, the demo citizen for enterprise 0', () => {
    const enterprises = [...generateEnterprises(SEED, ENTERPRISES, RESIDENTS)];
    const generated = [...generateResidents(SEED, RESIDENTS)];
    const registry = of('enterprise-registry');
    expect(registry.map((r) => r.data.uscc)).toEqual(enterprises.map((e) => e.uscc));
    registry.forEach((r, i) => {
      const e = enterprises[i]!;
      expect(r.data).toMatchObject({ name: e.name, address: e.address, registeredOn: e.registeredOn, status: '存续' });
      const rep =
        i === 0 ? { name: DEMO_CITIZEN.name, idNumber: DEMO_CITIZEN_ID } : generated[e.legalRepResidentIndex]!;
      expect(r.data.legalRepIdNumber).toBe(rep.idNumber);
      expect(r.data.legalRepName).toBe(rep.name);
      const licence = records.find((d) => d.recordType === 'business_licence' && subjectId(d) === e.uscc)!;
      expect(licence.data).toMatchObject({ number: e.uscc, holderName: e.name, issuedBy: '龙港市市场监督管理局' });
    });
  });

  it('issues an ID card and a household-register entry to every resident', () => {
    const cards = of('documents', 'id_card');
    const books = of('documents', 'household_book');
    expect(cards).toHaveLength(people.length);
    expect(books).toHaveLength(people.length);
    const households = new Map(of('population-registry').map((r) => [subjectId(r), r.data.householdId]));
    for (const c of cards) {
      expect(c.data.number).toBe(subjectId(c));
      expect(c.data.holderName).toBe(byId.get(subjectId(c))!.name);
    }
    for (const b of books) expect(b.data.number).toBe(households.get(subjectId(b)));
  });

  it('gives children under two a birth certificate naming their parents in the household', () => {
    const certs = of('birth-certificates');
    const children = new Set(certs.map((r) => String(r.data.certificateNumber)));
    expect(children.size).toBeGreaterThan(10);
    for (const number of children) {
      const copies = certs.filter((r) => r.data.certificateNumber === number);
      const d = copies[0]!.data;
      const child = byId.get(people.find((p) => p.name === d.childName && p.birthDate === d.birthDate)!.idNumber)!;
      expect(copies.map(subjectId)).toContain(child.idNumber);
      for (const c of copies) expect(c.data).toEqual(d);
      if (d.motherIdNumber) {
        expect(byId.get(String(d.motherIdNumber))!.gender).toBe('F');
        expect(byId.get(String(d.motherIdNumber))!.name).toBe(d.motherName);
        expect(copies.map(subjectId)).toContain(d.motherIdNumber);
      }
      if (d.fatherIdNumber) expect(byId.get(String(d.fatherIdNumber))!.gender).toBe('M');
      const docs = records.filter((r) => r.recordType === 'birth_certificate' && r.registry === 'documents');
      const holders = docs.filter((r) => r.data.number === number);
      expect(holders.map(subjectId).sort()).toEqual(copies.map(subjectId).sort());
      for (const d of holders) expect(d.data.holderName).toBe(child.name);
    }
  });

  it('gives the demo citizen a rich record', () => {
    const me = DEMO_CITIZEN_ID;
    const [, wife, child] = DEMO_FAMILY;
    expect(forPerson(me, 'population-registry')[0]!.data).toMatchObject({
      address: DEMO_CITIZEN.address,
      householdRelation: '户主',
      phone: DEMO_CITIZEN.phone,
    });
    expect(forPerson(me, 'marriage-registry')[0]!.data).toMatchObject({
      status: '已婚',
      spouseName: wife!.name,
      spouseIdNumber: wife!.idNumber,
    });
    const birth = forPerson(me, 'birth-certificates')[0]!.data;
    expect(birth).toMatchObject({
      childName: child!.name,
      motherIdNumber: wife!.idNumber,
      fatherIdNumber: me,
      fatherName: DEMO_CITIZEN.name,
    });
    expect(forPerson(wife!.idNumber, 'birth-certificates')).toHaveLength(1);
    expect(forPerson(child!.idNumber, 'documents', 'birth_certificate')).toHaveLength(1);
    expect(forPerson(me, 'documents', 'birth_certificate')[0]!.data.holderName).toBe(child!.name);
    expect(forPerson(child!.idNumber, 'social-insurance')).toEqual([]); // enrolled by the birth bundle
    const enterprise0 = of('enterprise-registry')[0]!;
    expect(forPerson(me, 'social-insurance')[0]!.data).toMatchObject({
      insured: true,
      employerUscc: enterprise0.data.uscc,
    });
    expect(forPerson(me, 'housing-fund')[0]!.data).toMatchObject({ employerUscc: enterprise0.data.uscc });
    expect(forPerson(me, 'driving-licences', 'driving_licence')[0]!.data).toMatchObject({
      licenceNumber: me,
      class: 'C1',
    });
    expect(forPerson(me, 'driving-licences', 'vehicle')[0]!.data.plate).toMatch(/^浙C/);
    expect(forPerson(me, 'real-estate-registry')[0]!.data).toMatchObject({
      address: DEMO_CITIZEN.address,
      use: '住宅',
    });
    expect(forPerson(me, 'education-records')[0]!.data).toMatchObject({ level: '本科', degree: '学士' });
    for (const type of ['id_card', 'household_book', 'marriage_certificate'])
      expect(forPerson(me, 'documents', type), type).toHaveLength(1);
  });

  it('hands out unique numbers', () => {
    const unique = (registry: string, key: string, type?: string) => {
      const values = of(registry, type).map((r) => r.data[key]);
      expect(new Set(values).size, `${registry}.${key}`).toBe(values.length);
    };
    unique('social-insurance', 'cardNumber');
    unique('housing-fund', 'accountNumber');
    unique('driving-licences', 'plate', 'vehicle');
    unique('driving-licences', 'licenceNumber', 'driving_licence');
    unique('real-estate-registry', 'certificateNumber');
    unique('education-records', 'certificateNumber');
    unique('documents', 'number', 'id_card');
    for (const registry of [
      'social-insurance',
      'housing-fund',
      'real-estate-registry',
      'education-records',
      'driving-licences',
    ])
      expect(of(registry).length, registry).toBeGreaterThan(100);
  });

  it('keeps the first households when the city grows (windows of residents)', () => {
    const small = [...generateHouseholds(SEED, 10_000)].slice(0, 40);
    const large = [...generateHouseholds(SEED, 12_000)].slice(0, 40);
    expect(large).toEqual(small);
  });

  it('follows the registry catalogue: registries, record types and fields', () => {
    for (const r of records) {
      const registry = registryOf(r.registry)!;
      expect(registry, r.registry).toBeTruthy();
      expect(registry.recordTypes as readonly string[]).toContain(r.recordType);
      const keys = new Set<string>(registry.fields.map((f) => f.key));
      for (const key of Object.keys(r.data)) expect(keys.has(key), `${r.registry}.${key}`).toBe(true);
    }
  });

  it('grants items the evidence their shared materials need, and names real items and fields', () => {
    const grants = demoGrants();
    const items = new Set(DEMO_ITEMS.map((i) => i.handlingItemCode));
    for (const g of grants) {
      expect(g.purpose.length).toBeGreaterThan(4);
      expect(g.legalBasis).toMatch(/《.+》/);
      expect((g.itemCode === undefined) !== (g.departmentCode === undefined)).toBe(true);
      if (g.itemCode) expect(items.has(g.itemCode)).toBe(true);
      const keys = new Set<string>(registryOf(g.registry)!.fields.map((f) => f.key));
      for (const f of g.fields) expect(keys.has(f), `${g.registry}.${f}`).toBe(true);
    }
    for (const i of DEMO_ITEMS)
      for (const m of i.materials) {
        const source = m.source === 'shared' ? EVIDENCE_SOURCES[m.code] : undefined;
        if (!source) continue;
        const grant = grants.find((g) => g.itemCode === i.handlingItemCode && g.registry === source.registry);
        expect(grant?.statutory, `${i.name.zh}: ${m.code}`).toBe(true);
      }
  });
});
