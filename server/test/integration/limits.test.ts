/**
 * The smaller gaps of issue 8: wrong current passwords count against the sign-in throttle,
 * registration is limited per address, and drafts are capped per account (count and size).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ITEMS } from '../../src/demo/items.ts';
import {
  TEST_PASSWORD,
  client,
  createTestApp,
  errorCode,
  newPerson,
  register,
  registerCitizen,
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
      who.client.raw('POST', '/api/me/password', { currentPassword, newPassword: 'Another#2026x' });
    const max = ctx.config.identity.loginMaxFailuresPerAccount;
    for (let i = 0; i < max; i++) {
      const wrong = await change(`Wrong#${i}guess`);
      expect(wrong.statusCode).toBe(403);
      expect(errorCode(wrong)).toBe('PASSWORD_WRONG');
    }
    // Locked: even the right current password is refused, for a while, with Retry-After.
    const locked = await change(TEST_PASSWORD);
    expect(locked.statusCode).toBe(429);
    expect(errorCode(locked)).toBe('LOGIN_THROTTLED');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // And signing in with any login of the account is locked too (from another address).
    for (const login of [who.phone, who.idNumber]) {
      const signIn = await client(ctx, '10.6.0.2').raw('POST', '/api/auth/login', { login, password: TEST_PASSWORD });
      expect(signIn.statusCode).toBe(429);
      expect(errorCode(signIn)).toBe('LOGIN_THROTTLED');
    }
    ctx.clock.advance((ctx.config.identity.loginLockMinutes + 1) * 60_000);
    const again = await client(ctx, '10.6.0.3').raw('POST', '/api/auth/login', {
      login: who.phone,
      password: TEST_PASSWORD,
    });
    expect(again.statusCode).toBe(200);
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

  it('are capped per account by count, with a clear code; deleting one makes room', async () => {
    const who = await registerCitizen(ctx, { ip: '10.6.2.1' });
    const ids: string[] = [];
    for (let i = 0; i < MAX_DRAFTS; i++) {
      const res = await who.client.raw('POST', '/api/applications/drafts', { itemCode, form: { note: `draft ${i}` } });
      expect(res.statusCode, res.body).toBe(201);
      ids.push(res.json().id);
    }
    const over = await who.client.raw('POST', '/api/applications/drafts', { itemCode, form: { note: 'one more' } });
    expect(over.statusCode).toBe(422);
    expect(errorCode(over)).toBe('DRAFT_LIMIT_REACHED');
    expect(over.json().error.details[0]).toMatchObject({ code: 'DRAFT_COUNT' });
    // Saving an existing draft is not a new one.
    expect(
      (await who.client.raw('PUT', `/api/applications/drafts/${ids[0]}`, { form: { note: 'x' }, materials: [] }))
        .statusCode,
    ).toBe(200);
    // Another account has its own allowance.
    const other = await registerCitizen(ctx, { ip: '10.6.2.2' });
    expect((await other.client.raw('POST', '/api/applications/drafts', { itemCode, form: {} })).statusCode).toBe(201);
    expect((await who.client.raw('DELETE', `/api/applications/drafts/${ids[1]}`)).statusCode).toBe(204);
    expect(
      (await who.client.raw('POST', '/api/applications/drafts', { itemCode, form: { note: 'now' } })).statusCode,
    ).toBe(201);
  });

  it('are capped per account by total size, on creating and on saving', async () => {
    const who = await registerCitizen(ctx, { ip: '10.6.3.1' });
    const big = (n: number) => ({ note: 'x'.repeat(n) });
    const first = await who.client.raw('POST', '/api/applications/drafts', { itemCode, form: big(12_000) });
    expect(first.statusCode).toBe(201);
    const tooBig = await who.client.raw('POST', '/api/applications/drafts', { itemCode, form: big(12_000) });
    expect(tooBig.statusCode).toBe(422);
    expect(errorCode(tooBig)).toBe('DRAFT_LIMIT_REACHED');
    expect(tooBig.json().error.details[0]).toMatchObject({ code: 'DRAFT_SIZE' });
    const small = await who.client.raw('POST', '/api/applications/drafts', { itemCode, form: big(10) });
    expect(small.statusCode).toBe(201);
    // Growing the small one past the total is refused; the draft keeps what it had.
    const grow = await who.client.raw('PUT', `/api/applications/drafts/${small.json().id}`, {
      form: big(9_000),
      materials: [],
    });
    expect(grow.statusCode).toBe(422);
    expect(grow.json().error.details[0]).toMatchObject({ code: 'DRAFT_SIZE' });
    expect((await who.client.raw('GET', `/api/applications/drafts/${small.json().id}`)).json().form).toEqual(big(10));
    // Shrinking the big one makes room.
    expect(
      (await who.client.raw('PUT', `/api/applications/drafts/${first.json().id}`, { form: big(100), materials: [] }))
        .statusCode,
    ).toBe(200);
    expect(
      (await who.client.raw('PUT', `/api/applications/drafts/${small.json().id}`, { form: big(9_000), materials: [] }))
        .statusCode,
    ).toBe(200);
  });
});
