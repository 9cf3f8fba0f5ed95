import { describe, it, expect } from 'vitest';
import { validateCitizenId, validateDivisionCode, validateUscc } from '../../src/platform/id-numbers.ts';
import { DEMO_CITY_CODE, DEMO_COMMUNITIES, DEMO_DEPARTMENTS, DEMO_REGIONS, gridsOf } from '../../src/demo/city.ts';
import {
  DEMO_REFERENCE_DATE,
  demoResidentBirthDate,
  generateEnterprises,
  generateResidents,
  type DemoResident,
} from '../../src/demo/population.ts';

describe('demo city (Longgang 龙港市)', () => {
  it('has the province → prefecture → county-level city chain', () => {
    expect(DEMO_REGIONS.map((r) => [r.code, r.level, r.parentCode])).toEqual([
      ['330000', 'province', null],
      ['330300', 'prefecture', '330000'],
      ['330383', 'county', '330300'],
    ]);
    for (const r of DEMO_REGIONS) {
      expect(validateDivisionCode(r.code)).toMatchObject({ ok: true, level: r.level, parentCode: r.parentCode });
    }
  });

  it('has exactly 15 departments with unique codes and valid government-body USCCs', () => {
    expect(DEMO_DEPARTMENTS).toHaveLength(15);
    expect(new Set(DEMO_DEPARTMENTS.map((d) => d.code)).size).toBe(15);
    expect(new Set(DEMO_DEPARTMENTS.map((d) => d.name)).size).toBe(15);
    expect(new Set(DEMO_DEPARTMENTS.map((d) => d.uscc)).size).toBe(15);
    for (const d of DEMO_DEPARTMENTS) {
      expect(d.code).toMatch(/^[A-Z]{2,6}$/);
      expect(validateUscc(d.uscc)).toMatchObject({
        ok: true,
        registrationAuthority: '1',
        entityType: '1',
        divisionCode: DEMO_CITY_CODE,
      });
    }
    expect(DEMO_DEPARTMENTS.map((d) => d.code)).toContain('PSB');
  });

  it('has exactly 92 communities with unique valid codes directly under the city', () => {
    expect(DEMO_COMMUNITIES).toHaveLength(92);
    expect(new Set(DEMO_COMMUNITIES.map((c) => c.code)).size).toBe(92);
    expect(new Set(DEMO_COMMUNITIES.map((c) => c.name)).size).toBe(92);
    expect(new Set(DEMO_COMMUNITIES.map((c) => c.nameEn)).size).toBe(92);
    DEMO_COMMUNITIES.forEach((c, i) => {
      expect(c.code).toBe(`330383000${String(i + 1).padStart(3, '0')}`);
      expect(validateDivisionCode(c.code)).toEqual({ ok: true, value: c.code, level: 'village', parentCode: '330383' });
      expect(c.name).toMatch(/^[\u4e00-\u9fff]{2,4}社区$/);
      expect(c.nameEn).toMatch(/^[A-Z][a-z]+ Community$/);
      expect(c.centre.lat).toBeGreaterThan(27.45);
      expect(c.centre.lat).toBeLessThan(27.65);
      expect(c.centre.lng).toBeGreaterThan(120.45);
      expect(c.centre.lng).toBeLessThan(120.68);
      expect(c.gridCount).toBeGreaterThanOrEqual(3);
      expect(c.gridCount).toBeLessThanOrEqual(8);
    });
  });

  it('derives grids from communities', () => {
    const c = DEMO_COMMUNITIES[0]!;
    const grids = gridsOf(c);
    expect(grids).toHaveLength(c.gridCount);
    expect(grids[0]).toEqual({ code: `${c.code}01`, name: '第1网格', nameEn: 'Grid 1' });
    const all = DEMO_COMMUNITIES.flatMap(gridsOf).map((g) => g.code);
    expect(new Set(all).size).toBe(all.length);
  });
});

describe('demo population', () => {
  it('is deterministic and prefix-stable', () => {
    const a = [...generateResidents('test-seed', 50)];
    const b = [...generateResidents('test-seed', 80)].slice(0, 50);
    expect(a).toEqual(b);
    expect([...generateResidents('other-seed', 5)]).not.toEqual(a.slice(0, 5));
  });

  it('pins the first resident of the default seed (changing the generator changes the demo)', () => {
    const [first] = generateResidents('demo', 1);
    expect(first).toEqual({
      idNumber: '330383199105126035',
      name: '王锋',
      gender: 'M',
      birthDate: '1991-05-12',
      phone: '18219676126',
      communityCode: '330383000089',
      gridCode: '33038300008903',
      address: '龙港市柳堤社区龙祥路300号902室',
    });
  });

  it('200,000 residents: valid and unique IDs and phones, consistent gender, realistic ages', () => {
    const communities = new Map(DEMO_COMMUNITIES.map((c) => [c.code, c]));
    const ids = new Set<string>();
    const phones = new Set<string>();
    let males = 0;
    let children = 0;
    let elderly = 0;
    let n = 0;
    for (const r of generateResidents('demo', 200_000)) {
      n++;
      const check = validateCitizenId(r.idNumber, DEMO_REFERENCE_DATE);
      if (
        !check.ok ||
        check.gender !== r.gender ||
        check.birthDate !== r.birthDate ||
        check.divisionCode !== '330383'
      ) {
        throw new Error(`Bad resident ${JSON.stringify(r)}: ${JSON.stringify(check)}`);
      }
      ids.add(r.idNumber);
      phones.add(r.phone);
      if (!/^1(3\d|5[0-35-9]|8\d|9[1356789])\d{8}$/.test(r.phone)) throw new Error(`Bad phone ${r.phone}`);
      const community = communities.get(r.communityCode);
      if (!community || !r.gridCode.startsWith(r.communityCode) || !r.address.startsWith(`龙港市${community.name}`)) {
        throw new Error(`Bad place ${JSON.stringify(r)}`);
      }
      const grid = Number(r.gridCode.slice(12));
      if (r.gridCode.length !== 14 || grid < 1 || grid > community.gridCount) throw new Error(`Bad grid ${r.gridCode}`);
      if (r.gender === 'M') males++;
      const year = Number(r.birthDate.slice(0, 4));
      if (year >= 2011) children++;
      if (year < 1960) elderly++;
      if (year < 1928) throw new Error(`Too old: ${r.birthDate}`);
    }
    expect(n).toBe(200_000);
    expect(ids.size).toBe(n);
    expect(phones.size).toBe(n);
    expect(males / n).toBeGreaterThan(0.48);
    expect(males / n).toBeLessThan(0.53);
    expect(children / n).toBeGreaterThan(0.12);
    expect(children / n).toBeLessThan(0.22);
    expect(elderly / n).toBeGreaterThan(0.12);
    expect(elderly / n).toBeLessThan(0.3);
  });

  it('names look Chinese: a surname and a one- or two-character given name', () => {
    for (const r of generateResidents('names', 2000)) {
      expect(r.name).toMatch(/^[\u4e00-\u9fff]{2,4}$/);
    }
  });

  it('enterprises: valid unique USCCs, adult legal representatives, plausible names', () => {
    const residents: DemoResident[] = [...generateResidents('ent', 5000)];
    const usccs = new Set<string>();
    const names = new Set<string>();
    let companies = 0;
    let n = 0;
    for (const e of generateEnterprises('ent', 20_000, residents.length)) {
      n++;
      const check = validateUscc(e.uscc);
      if (
        !check.ok ||
        check.registrationAuthority !== '9' ||
        check.divisionCode !== '330383' ||
        check.entityType !== e.entityType
      ) {
        throw new Error(`Bad USCC ${JSON.stringify(e)}`);
      }
      usccs.add(e.uscc);
      names.add(e.name);
      if (e.entityType === '1') {
        companies++;
        expect(e.name).toMatch(/^龙港市[\u4e00-\u9fff]+有限公司$/);
        expect(e.nameEn).toMatch(/^Longgang [A-Z][a-z]+ .+ Co\., Ltd\.$/);
      } else {
        expect(e.entityType).toBe('2');
        expect(e.name).toMatch(/^龙港市[\u4e00-\u9fff]+$/);
      }
      const rep = residents[e.legalRepResidentIndex];
      if (!rep) throw new Error(`Bad legal rep index ${e.legalRepResidentIndex}`);
      expect(demoResidentBirthDate('ent', e.legalRepResidentIndex)).toBe(rep.birthDate);
      const adultFrom = `${Number(rep.birthDate.slice(0, 4)) + 18}${rep.birthDate.slice(4)}`;
      if (!(adultFrom <= e.registeredOn && e.registeredOn >= '1984-06-01' && e.registeredOn < DEMO_REFERENCE_DATE)) {
        throw new Error(`Bad registration date ${e.registeredOn} for a rep born ${rep.birthDate}`);
      }
      expect(DEMO_COMMUNITIES.some((c) => c.code === e.communityCode)).toBe(true);
    }
    expect(usccs.size).toBe(n);
    expect(names.size).toBe(n);
    expect(companies / n).toBeGreaterThan(0.35);
    expect(companies / n).toBeLessThan(0.45);
    const sample = [...generateEnterprises('ent', 3, 5000)];
    expect(sample).toEqual([...generateEnterprises('ent', 3, 5000)]);
  });
});
