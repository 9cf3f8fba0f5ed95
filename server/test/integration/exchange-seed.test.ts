/**
 * The seeded city's base registries: every generated record is stored (sealed, with its
 * digest), the roster and org's resident counts agree, the grants are in place, and the demo
 * citizen's records can be read under them — his family's birth certificate and documents for
 * the birth bundle by law (no consent), his enterprise's licence for the opening-business bundle.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZEN } from '../../src/demo/accounts.ts';
import { demoGrants } from '../../src/demo/grants.ts';
import { DEMO_ITEMS } from '../../src/demo/items.ts';
import { DEMO_CITIZEN_ID, DEMO_FAMILY, generateRegistryRecords } from '../../src/demo/registries.ts';
import { DEMO_SEED } from '../../src/demo/seed.ts';
import { digestOf, type Requester } from '../../src/modules/exchange/index.ts';
import { createTestApp, query, type TestContext } from '../helpers.ts';

const RESIDENTS = 80;
let ctx: TestContext;
const item = (zh: string) => DEMO_ITEMS.find((i) => i.name.zh === zh)!.handlingItemCode;
const filing = (departmentCode: string): Requester => ({
  kind: 'system',
  system: 'filing',
  name: '一网通办受理',
  departmentCode,
});

beforeAll(async () => {
  ctx = await createTestApp({ residents: RESIDENTS });
});
afterAll(async () => {
  await ctx.teardown();
});

describe('the seeded base registries', () => {
  it('store every generated record, sealed, with the digest of its values', async () => {
    const generated = [...generateRegistryRecords(DEMO_SEED, { residents: RESIDENTS, enterprises: 5 })];
    const rows = await query<{ registry_code: string; record_type: string; n: number }>(
      ctx,
      sql`select registry_code, record_type, count(*)::int as n from exchange.records group by 1, 2 order by 1, 2`,
    );
    const expected = new Map<string, number>();
    for (const r of generated)
      expected.set(`${r.registry}/${r.recordType}`, (expected.get(`${r.registry}/${r.recordType}`) ?? 0) + 1);
    expect(new Map(rows.map((r) => [`${r.registry_code}/${r.record_type}`, r.n]))).toEqual(expected);
    const digests = new Set(
      (await query<{ digest: string }>(ctx, sql`select digest from exchange.records`)).map((r) => r.digest),
    );
    for (const r of generated.slice(0, 50)) expect(digests.has(digestOf(r.data))).toBe(true);
  });

  it('keep the roster and org’s resident counts in step', async () => {
    const [roster] = await query<{ n: number }>(ctx, sql`select count(*)::int as n from exchange.residents`);
    const [population] = await query<{ n: number }>(
      ctx,
      sql`select count(*)::int as n from exchange.records where registry_code = 'population-registry'`,
    );
    expect(roster!.n).toBe(population!.n);
    const [counted] = await query<{ n: number }>(ctx, sql`select sum(resident_count)::int as n from org.communities`);
    expect(counted!.n).toBe(roster!.n);
    const [grids] = await query<{ n: number }>(ctx, sql`select sum(resident_count)::int as n from org.grids`);
    expect(grids!.n).toBe(roster!.n); // every seeded resident lives in a grid
  });

  it('hold the grants, each with a purpose and a legal basis', async () => {
    const rows = await query<{ n: number; statutory: number }>(
      ctx,
      sql`select count(*)::int as n, count(*) filter (where statutory)::int as statutory from exchange.grants
          where revoked_at is null and grantee_system_id is null`, // the example external system's grant is seeded apart
    );
    expect(rows[0]!.n).toBe(demoGrants().length);
    expect(rows[0]!.statutory).toBeGreaterThan(0);
    expect(rows[0]!.statutory).toBeLessThan(rows[0]!.n);
  });

  it('let the birth bundle’s items read the family’s records by law, without consent', async () => {
    const read = (registry: string, recordType: string, fields: string[], idNumber = DEMO_CITIZEN_ID) =>
      ctx.modules.exchange.service.read(filing('PSB'), {
        registry,
        recordType,
        subject: { idNumber },
        fields,
        purpose: '出生登记',
        itemCode: item('出生登记（户口申报）'),
        caseNumber: '330383-20261202-00000001',
      });
    const [, mother, child] = DEMO_FAMILY;
    const birth = await read('birth-certificates', 'birth', ['childName', 'motherIdNumber', 'fatherIdNumber']);
    expect(birth.records.map((r) => r.values)).toEqual([
      { childName: child!.name, motherIdNumber: mother!.idNumber, fatherIdNumber: DEMO_CITIZEN_ID },
    ]);
    const certificate = await read('documents', 'birth_certificate', ['number', 'holderName']);
    expect(certificate.records[0]!.values.holderName).toBe(child!.name);
    const book = await read('documents', 'household_book', ['number', 'holderName']);
    expect(book.records[0]!.values.holderName).toBe(DEMO_CITIZEN.name);
    const marriage = await read('documents', 'marriage_certificate', ['number']);
    expect(marriage.records).toHaveLength(1);
    const population = await read('population-registry', 'person', ['address', 'householdRelation']);
    expect(population.records[0]!.values).toEqual({ address: DEMO_CITIZEN.address, householdRelation: '户主' });
  });

  it('let the opening-business bundle read the demo enterprise’s licence', async () => {
    const [enterprise] = [...generateRegistryRecords(DEMO_SEED, { residents: RESIDENTS, enterprises: 5 })].filter(
      (r) => r.registry === 'enterprise-registry',
    );
    const uscc = String(enterprise!.data.uscc);
    const licence = await ctx.modules.exchange.service.read(filing('PSB'), {
      registry: 'documents',
      recordType: 'business_licence',
      subject: { uscc },
      fields: ['number', 'holderName', 'issuedBy'],
      purpose: '公章刻制备案',
      itemCode: item('公章刻制备案'),
    });
    expect(licence.records[0]!.values).toEqual({
      number: uscc,
      holderName: enterprise!.data.name,
      issuedBy: '龙港市市场监督管理局',
    });
    const registry = await ctx.modules.exchange.service.read(filing('PSB'), {
      registry: 'enterprise-registry',
      subject: { uscc },
      fields: ['legalRepName', 'legalRepIdNumber'],
      purpose: '公章刻制备案',
      itemCode: item('公章刻制备案'),
    });
    expect(registry.records[0]!.values).toEqual({ legalRepName: DEMO_CITIZEN.name, legalRepIdNumber: DEMO_CITIZEN_ID });
  });
});
