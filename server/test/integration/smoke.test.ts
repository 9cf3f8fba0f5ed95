import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, signInCitizen, signInStaff, type TestContext } from '../helpers.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(async () => {
  await ctx.teardown();
});

describe('smoke', () => {
  it('serves health, readiness and the demo structure', async () => {
    expect((await ctx.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = (await ctx.app.inject('/readyz')).json();
    expect(ready.status).toBe('ready');
    const deps = (await ctx.app.inject('/api/org/departments')).json();
    expect(deps.items).toHaveLength(15);
  });

  it('signs a citizen in and a staff member in with TOTP', async () => {
    const c = await signInCitizen(ctx);
    const me = (await c.get('/api/me')).json();
    expect(me.kind).toBe('citizen');
    expect(me.idNumberMasked).toMatch(/^330383\*{8}\w{4}$/);
    const s = await signInStaff(ctx, 'clerk01');
    const staffMe = (await s.get('/api/me')).json();
    expect(staffMe.roles).toContain('clerk');
    expect(staffMe.posts[0].departmentName).toBeTruthy();
    const anon = await ctx.app.inject('/api/me');
    expect(anon.statusCode).toBe(401);
    expect(errorCode(anon)).toBe('UNAUTHENTICATED');
  });
});
