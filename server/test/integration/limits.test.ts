/**
 * The smaller gaps of issue 8: wrong current passwords count against the sign-in throttle,
 * registration is limited per address, and drafts are capped per account (count and size).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FormValues } from '../../../contract/openapi.ts';
import { DEMO_ITEMS } from '../../src/demo/items.ts';
import {
  TEST_PASSWORD,
  client,
  createTestApp,
  errorCode,
  newPerson,
  ok,
  register,
  registerCitizen,
  type Client,
  type TestContext,
} from '../helpers.ts';

const MAX_DRAFTS = 3;
const MAX_DRAFT_BYTES = 20_000;
const REGISTRATIONS_PER_HOUR = 3;

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp({
    residents: 20,
    config: {
      identity: { registrationsPerAddressPerHour: REGISTRATIONS_PER_HOUR },
      applications: { draftMaxCount: MAX_DRAFTS, draftMaxTotalBytes: MAX_DRAFT_BYTES },
    },
  });
});
afterAll(async () => {
  await ctx.teardown();
});

describe('changing the password', () => {
  it('wrong current passwords count against the sign-in throttle, and a locked account is refused both', async () => {
    const who = await registerCitizen(ctx, { ip: '10.6.0.1' });
    const change = (currentPassword: string) =>
      who.client.POST('/api/me/password', { body: { currentPassword, newPassword: 'Another#2026x' } });
    const max = ctx.config.identity.loginMaxFailuresPerAccount;
    for (let i = 0; i < max; i++) {
      const wrong = await change(`Wrong#${i}guess`);
      expect(wrong.response.status).toBe(403);
      expect(errorCode(wrong)).toBe('PASSWORD_WRONG');
    }
    // Locked: even the right current password is refused, for a while, with Retry-After.
    const locked = await change(TEST_PASSWORD);
    expect(locked.response.status).toBe(429);
    expect(errorCode(locked)).toBe('LOGIN_THROTTLED');
    expect(Number(locked.response.headers.get('retry-after'))).toBeGreaterThan(0);
    // And signing in with any login of the account is locked too (from another address).
    for (const login of [who.phone, who.idNumber]) {
      const signIn = await client(ctx, '10.6.0.2').POST('/api/auth/login', {
        body: { login, password: TEST_PASSWORD },
      });
      expect(signIn.response.status).toBe(429);
      expect(errorCode(signIn)).toBe('LOGIN_THROTTLED');
    }
    ctx.clock.advance((ctx.config.identity.loginLockMinutes + 1) * 60_000);
    const again = await client(ctx, '10.6.0.3').POST('/api/auth/login', {
      body: { login: who.phone, password: TEST_PASSWORD },
    });
    expect(again.response.status).toBe(200);
  });
});

describe('registration', () => {
  it('is limited per address: 429 RATE_LIMITED with Retry-After, other addresses unaffected, free again after the hour', async () => {
    const ip = '10.6.1.1';
    for (let i = 0; i < REGISTRATIONS_PER_HOUR; i++) {
      const { res } = await register(ctx, newPerson(), { ip });
      expect(res.response.status, JSON.stringify(res.error)).toBe(201);
    }
    const over = await register(ctx, newPerson(), { ip });
    expect(over.res.response.status).toBe(429);
    expect(errorCode(over.res)).toBe('RATE_LIMITED');
    expect(Number(over.res.response.headers.get('retry-after'))).toBeGreaterThan(0);
    // Attempts that would fail count too: the limit is on trying, so it cannot be used to probe.
    const probe = await register(ctx, { ...newPerson(), phone: '13800138000' }, { ip });
    expect(probe.res.response.status).toBe(429);
    expect((await register(ctx, newPerson(), { ip: '10.6.1.2' })).res.response.status).toBe(201);
    ctx.clock.advance(61 * 60_000);
    expect((await register(ctx, newPerson(), { ip })).res.response.status).toBe(201);
  });
});

describe('drafts', () => {
  const itemCode = DEMO_ITEMS.find((i) => i.name.zh === '公共场所卫生许可')!.handlingItemCode;
  const byId = (id: string) => ({ params: { path: { id } } });
  const create = (c: Client, form: FormValues) => c.POST('/api/applications/drafts', { body: { itemCode, form } });
  const save = (c: Client, id: string, form: FormValues) =>
    c.PUT('/api/applications/drafts/{id}', { ...byId(id), body: { form, materials: [] } });

  it('are capped per account by count, with a clear code; deleting one makes room', async () => {
    const who = await registerCitizen(ctx, { ip: '10.6.2.1' });
    const ids: string[] = [];
    for (let i = 0; i < MAX_DRAFTS; i++) {
      const res = await create(who.client, { note: `draft ${i}` });
      expect(res.response.status, JSON.stringify(res.error)).toBe(201);
      ids.push(ok(res).id);
    }
    const over = await create(who.client, { note: 'one more' });
    expect(over.response.status).toBe(422);
    expect(errorCode(over)).toBe('DRAFT_LIMIT_REACHED');
    expect(over.error?.error.details?.[0]).toMatchObject({ code: 'DRAFT_COUNT' });
    // Saving an existing draft is not a new one.
    expect((await save(who.client, ids[0]!, { note: 'x' })).response.status).toBe(200);
    // Another account has its own allowance.
    const other = await registerCitizen(ctx, { ip: '10.6.2.2' });
    expect((await create(other.client, {})).response.status).toBe(201);
    expect((await who.client.DELETE('/api/applications/drafts/{id}', byId(ids[1]!))).response.status).toBe(204);
    expect((await create(who.client, { note: 'now' })).response.status).toBe(201);
  });

  it('are capped per account by total size, on creating and on saving', async () => {
    const who = await registerCitizen(ctx, { ip: '10.6.3.1' });
    const big = (n: number) => ({ note: 'x'.repeat(n) });
    const first = await create(who.client, big(12_000));
    expect(first.response.status).toBe(201);
    const tooBig = await create(who.client, big(12_000));
    expect(tooBig.response.status).toBe(422);
    expect(errorCode(tooBig)).toBe('DRAFT_LIMIT_REACHED');
    expect(tooBig.error?.error.details?.[0]).toMatchObject({ code: 'DRAFT_SIZE' });
    const small = await create(who.client, big(10));
    expect(small.response.status).toBe(201);
    const smallId = ok(small).id;
    // Growing the small one past the total is refused; the draft keeps what it had.
    const grow = await save(who.client, smallId, big(9_000));
    expect(grow.response.status).toBe(422);
    expect(grow.error?.error.details?.[0]).toMatchObject({ code: 'DRAFT_SIZE' });
    expect(ok(await who.client.GET('/api/applications/drafts/{id}', byId(smallId))).form).toEqual(big(10));
    // Shrinking the big one makes room.
    expect((await save(who.client, ok(first).id, big(100))).response.status).toBe(200);
    expect((await save(who.client, smallId, big(9_000))).response.status).toBe(200);
  });
});
