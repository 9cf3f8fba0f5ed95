/**
 * 实名认证 from data the government already holds: a registration whose ID number, name and
 * (code-proven) phone are on a community roster is raised to id_verified by the org module,
 * through the outbox.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateResidents } from '../../src/demo/population.ts';
import { DEMO_SEED } from '../../src/demo/seed.ts';
import { client, createTestApp, ok, phoneCode, query, TEST_PASSWORD, type TestContext } from '../helpers.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp({ residents: 40 });
});
afterAll(async () => {
  await ctx.teardown();
});

// Residents of the seeded roster (the demo seed streams the same generator).
const residents = [...generateResidents(DEMO_SEED, 40)].slice(1, 5);

async function register(person: { name: string; idNumber: string }, phone: string) {
  const c = client(ctx, `10.9.0.${phone.slice(-2)}`);
  const res = await c.POST('/api/auth/register', {
    body: {
      name: person.name,
      idNumber: person.idNumber,
      phone,
      phoneCode: await phoneCode(ctx, c, phone, 'register'),
      password: TEST_PASSWORD,
    },
  });
  expect(res.response.status, JSON.stringify(res.error)).toBe(201);
  expect(ok(res).me.assuranceLevel).toBe('registered');
  return c;
}

describe('verification against the community roster', () => {
  it('raises a matching registration to id_verified after commit, with an audit record', async () => {
    const person = residents[0]!;
    const c = await register(person, person.phone);
    await ctx.platform.outbox.flush();
    ctx.clock.advance(5_000); // past the session cache
    const me = ok(await c.GET('/api/me'));
    expect(me.assuranceLevel).toBe('id_verified');
    const audit = await query<{ actor_kind: string; detail: { source: string } }>(
      ctx,
      sql`select actor_kind, detail from platform.audit_log where action = 'identity.assurance.raised' and resource_id = ${me.id}`,
    );
    expect(audit).toEqual([{ actor_kind: 'system', detail: { to: 'id_verified', source: 'org.community-roster' } }]);
  });

  it('leaves a registration whose name does not match the roster at registered', async () => {
    const person = { ...residents[1]!, name: residents[1]!.name === '王小明' ? '李小明' : '王小明' };
    const c = await register(person, person.phone);
    await ctx.platform.outbox.flush();
    ctx.clock.advance(5_000);
    expect(ok(await c.GET('/api/me')).assuranceLevel).toBe('registered');
  });

  it('leaves a registration with the roster’s ID number and name but another phone at registered', async () => {
    // An ID number and a name are easy to learn (a legal representative's are public); the phone is the person's own.
    const person = residents[3]!;
    const c = await register(person, '13912340004');
    await ctx.platform.outbox.flush();
    ctx.clock.advance(5_000);
    expect(ok(await c.GET('/api/me')).assuranceLevel).toBe('registered');
  });

  it('delivering the event twice changes nothing more (the handler is idempotent)', async () => {
    const person = residents[2]!;
    const c = await register(person, person.phone);
    await ctx.platform.outbox.flush();
    const { id } = ok(await c.GET('/api/me'));
    await ctx.modules.exchange.roster.verifyRegistration(id);
    const audit = await query<{ n: number }>(
      ctx,
      sql`select count(*)::int as n from platform.audit_log where action = 'identity.assurance.raised' and resource_id = ${id}`,
    );
    expect(audit[0]!.n).toBe(1);
  });
});
