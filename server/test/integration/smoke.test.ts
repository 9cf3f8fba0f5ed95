import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, createTestApp, errorCode, ok, signInCitizen, signInStaff, type TestContext } from '../helpers.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(async () => {
  await ctx.teardown();
});

describe('smoke', () => {
  it('serves health, readiness and the demo structure', async () => {
    const anon = client(ctx);
    expect(ok(await anon.GET('/healthz'))).toEqual({ status: 'ok' });
    expect(ok(await anon.GET('/readyz')).status).toBe('ready');
    expect(ok(await anon.GET('/api/org/departments')).items).toHaveLength(15);
  });

  it('signs a citizen in and a staff member in with TOTP', async () => {
    const c = await signInCitizen(ctx);
    const me = ok(await c.GET('/api/me'));
    expect(me.kind).toBe('citizen');
    expect(me.idNumberMasked).toMatch(/^330383\*{8}\w{4}$/);
    const s = await signInStaff(ctx, 'clerk01');
    const staffMe = ok(await s.GET('/api/me'));
    expect(staffMe.roles).toContain('clerk');
    expect(staffMe.posts[0]!.departmentName).toBeTruthy();
    const anon = await client(ctx).GET('/api/me');
    expect(anon.response.status).toBe(401);
    expect(errorCode(anon)).toBe('UNAUTHENTICATED');
    expect(anon.error?.error.code).toBe('UNAUTHENTICATED');
  });
});
