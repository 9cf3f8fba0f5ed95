/**
 * Personal data sealed at rest: after seeding a small city (its roster, every base registry,
 * a case history) and some reads of people's data, the raw rows of every table of the exchange
 * schema, of org, and of the personal-data access log hold no ID number, phone number or name
 * of any seeded person in clear text.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SEED } from '../../src/demo/seed.ts';
import { generateRegistryRecords } from '../../src/demo/registries.ts';
import { createTestApp, ok, query, signInStaff, type TestContext } from '../helpers.ts';

const RESIDENTS = 120;
let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestApp({ residents: RESIDENTS, cases: 12 });
  // Reads of people's data, so the access log has rows: a grid worker reveals residents of their grid,
  // a department reads registry records under the seeded grants.
  const grid = await signInStaff(ctx, 'grid01', '10.11.0.1');
  const me = ok(await grid.GET('/api/me'));
  const post = me.posts[0]!;
  const roster = ok(
    await grid.GET('/api/org/communities/{id}/residents', {
      params: { path: { id: post.communityId! }, query: { page: 1, pageSize: 5, gridId: post.gridId! } },
    }),
  );
  for (const r of roster.items)
    ok(
      await grid.POST('/api/org/residents/{id}/reveal', {
        params: { path: { id: r.id } },
        body: { purpose: '入户走访核实信息' },
      }),
    );
  const subjects = new Set<string>();
  for (const r of generateRegistryRecords(DEMO_SEED, { residents: RESIDENTS, enterprises: 5 })) {
    if (r.registry === 'population-registry' && r.subject.kind === 'person') subjects.add(r.subject.idNumber);
    if (subjects.size >= 5) break;
  }
  for (const idNumber of subjects)
    await ctx.modules.exchange.service.read(
      { kind: 'system', system: 'asb-window', name: '综合窗口受理系统', departmentCode: 'ASB' },
      {
        registry: 'population-registry',
        subject: { idNumber },
        fields: ['name', 'idNumber', 'address'],
        purpose: '综合窗口受理核验身份',
      },
    );
});
afterAll(async () => {
  await ctx.teardown();
});

/** Every person and enterprise the seed wrote, with the values that must never be stored in clear. */
function seededSecrets(): { idNumbers: Set<string>; phones: Set<string>; names: Set<string> } {
  const idNumbers = new Set<string>();
  const phones = new Set<string>();
  const names = new Set<string>();
  for (const r of generateRegistryRecords(DEMO_SEED, { residents: RESIDENTS, enterprises: 5 })) {
    if (r.registry !== 'population-registry') continue;
    idNumbers.add(String(r.data.idNumber));
    if (r.data.phone) phones.add(String(r.data.phone));
    names.add(String(r.data.name));
  }
  return { idNumbers, phones, names };
}

describe('the raw tables', () => {
  it('hold no ID number, phone number or name of a seeded person in clear text', async () => {
    const tables = await query<{ schema: string; name: string }>(
      ctx,
      sql`select table_schema as schema, table_name as name from information_schema.tables
          where table_type = 'BASE TABLE' and (table_schema in ('exchange', 'org')
            or (table_schema = 'platform' and table_name = 'personal_data_access'))
          order by 1, 2`,
    );
    const names = tables.map((t) => `${t.schema}.${t.name}`);
    for (const t of ['exchange.records', 'exchange.residents', 'exchange.grants', 'org.communities'])
      expect(names).toContain(t);
    expect(names).toContain('platform.personal_data_access');

    const { idNumbers, phones, names: people } = seededSecrets();
    expect(idNumbers.size).toBeGreaterThanOrEqual(RESIDENTS);
    let rowsSeen = 0;
    for (const t of tables) {
      const rows = await query<Record<string, unknown>>(ctx, sql`select * from ${sql.table(`${t.schema}.${t.name}`)}`);
      rowsSeen += rows.length;
      // Staff (the readers in the access log) are people too, but not the seeded residents: their names
      // appear where the log says who read; a resident who shares a staff name is told apart by ID number.
      const staffNames = new Set(rows.map((r) => r.accessor_name).filter((n): n is string => typeof n === 'string'));
      const text = rows.map((r) => JSON.stringify(r)).join('\n');
      const digits = new Set(text.match(/\d{17}[\dX]|1[3-9]\d{9}/g) ?? []);
      for (const id of idNumbers) expect(digits.has(id), `${t.schema}.${t.name}: an ID number`).toBe(false);
      for (const phone of phones) expect(digits.has(phone), `${t.schema}.${t.name}: a phone number`).toBe(false);
      for (const name of people) {
        if (staffNames.has(name)) continue;
        expect(text.includes(name), `${t.schema}.${t.name}: the name ${name}`).toBe(false);
      }
    }
    const access = await query<{ n: number }>(ctx, sql`select count(*)::int as n from platform.personal_data_access`);
    expect(access[0]!.n).toBeGreaterThan(5);
    expect(rowsSeen).toBeGreaterThan(1000);
  });
});
