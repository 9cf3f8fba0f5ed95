/**
 * The bridge's server side: the host's view of an app (nothing to open when suspended), mini-app
 * payments through the payment sheet (the sandbox provider's hosted page and signed callback,
 * the public look-up the app's backend checks, one trade per order, another person refused),
 * and the SDK's script served to other origins with caching headers.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  errorCode,
  query,
  signInCitizen,
  signInStaff,
  registerCitizen,
  type TestContext,
} from '../helpers.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(() => ctx.teardown());

const setStatus = (slug: string, status: string) =>
  query(ctx, sql`update superapp.apps set status = ${status} where slug = ${slug}`);

/** The sandbox's hosted page: press a button (what the payer does in the payment sheet). */
async function pressOnPayPage(payUrl: string, outcome: 'pay' | 'fail' | 'timeout') {
  const url = new URL(payUrl, 'http://x');
  const res = await ctx.app.inject({
    method: 'POST',
    url: url.pathname,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ token: url.searchParams.get('token')!, outcome }).toString(),
  });
  expect(res.statusCode).toBe(200);
}

describe('the host view of an app', () => {
  it('gives the entry URL and origin of an approved app, and nothing to open when suspended', async () => {
    const anyone = await ctx.app.inject('/api/superapp/apps/water-bills/host');
    expect(anyone.statusCode).toBe(200);
    const app = anyone.json();
    expect(app).toMatchObject({ slug: 'water-bills', usable: true, origin: 'http://localhost:8091' });
    expect(app.entryUrl).toBe('http://localhost:8091/');
    await setStatus('water-bills', 'suspended');
    try {
      const now = (await ctx.app.inject('/api/superapp/apps/water-bills/host')).json();
      expect(now).toMatchObject({ usable: false, entryUrl: null, origin: null, status: 'suspended' });
    } finally {
      await setStatus('water-bills', 'approved');
    }
    expect((await ctx.app.inject('/api/superapp/apps/no-such-app/host')).statusCode).toBe(404);
  });

  it('the demo seed is idempotent and follows a changed port', async () => {
    const before = (await ctx.app.inject('/api/superapp/apps/bus-card/host')).json();
    const bridge = ctx.modules.superapp.parts.bridge;
    await bridge.seed!();
    expect((await ctx.app.inject('/api/superapp/apps/bus-card/host')).json()).toEqual(before);
    bridge.api.useMiniappOrigins(new Map([['bus-card', 'http://localhost:9193']]));
    await bridge.seed!();
    expect((await ctx.app.inject('/api/superapp/apps/bus-card/host')).json().entryUrl).toBe('http://localhost:9193/');
  });
});

describe('payments through the payment sheet', () => {
  const order = { orderId: 'W202612-test1', amountFen: 4227, subject: '水费 2026-12' };

  it('opens a trade, settles it from the signed callback, and the app reads the outcome', async () => {
    const citizen = await signInCitizen(ctx);
    const opened = await citizen.POST('/api/superapp/apps/{slug}/payments', {
      params: { path: { slug: 'water-bills' } },
      body: order,
    });
    expect(opened.response.status).toBe(201);
    const trade = opened.data!;
    expect(trade).toMatchObject({ status: 'pending', merchantName: '龙港市自来水有限公司', amountFen: 4227 });
    // the same order again: the same trade
    const again = await citizen.POST('/api/superapp/apps/{slug}/payments', {
      params: { path: { slug: 'water-bills' } },
      body: order,
    });
    expect(again.data!.tradeNo).toBe(trade.tradeNo);
    await pressOnPayPage(trade.payUrl, 'pay');
    const seen = (await ctx.app.inject(`/api/superapp/payments/${trade.tradeNo}`)).json();
    expect(seen).toMatchObject({ status: 'paid', app: 'water-bills', orderId: order.orderId, amountFen: 4227 });
    expect(seen.paidAt).toBeTruthy();
    const paidAgain = await citizen.POST('/api/superapp/apps/{slug}/payments', {
      params: { path: { slug: 'water-bills' } },
      body: order,
    });
    expect(errorCode(paidAgain)).toBe('SUPERAPP_ORDER_ALREADY_PAID');
    const audit = await query<{ action: string }>(
      ctx,
      sql`select action from platform.audit_log where action like 'superapp.payment.%' order by at`,
    );
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['superapp.payment.opened', 'superapp.payment.paid']),
    );
  });

  it('finds a trade paid without a callback by asking the provider', async () => {
    const citizen = await signInCitizen(ctx);
    const trade = (
      await citizen.POST('/api/superapp/apps/{slug}/payments', {
        params: { path: { slug: 'bus-card' } },
        body: { orderId: 'TU-timeout', amountFen: 2000, subject: '充值' },
      })
    ).data!;
    await pressOnPayPage(trade.payUrl, 'timeout');
    expect((await ctx.app.inject(`/api/superapp/payments/${trade.tradeNo}`)).json().status).toBe('paid');
  });

  it('another person cannot take over an order, staff cannot pay, nobody pays a suspended app', async () => {
    const citizen = await signInCitizen(ctx);
    await citizen.POST('/api/superapp/apps/{slug}/payments', {
      params: { path: { slug: 'bus-card' } },
      body: { orderId: 'TU-mine', amountFen: 5000, subject: '充值' },
    });
    const { client: other } = await registerCitizen(ctx);
    const taken = await other.POST('/api/superapp/apps/{slug}/payments', {
      params: { path: { slug: 'bus-card' } },
      body: { orderId: 'TU-mine', amountFen: 5000, subject: '充值' },
    });
    expect(errorCode(taken)).toBe('SUPERAPP_ORDER_MISMATCH');
    const staff = await signInStaff(ctx, 'clerk01');
    const byStaff = await staff.POST('/api/superapp/apps/{slug}/payments', {
      params: { path: { slug: 'bus-card' } },
      body: { orderId: 'TU-staff', amountFen: 5000, subject: '充值' },
    });
    expect(byStaff.response.status).toBe(403);
    const anonymous = await ctx.app.inject({
      method: 'POST',
      url: '/api/superapp/apps/bus-card/payments',
      payload: { orderId: 'TU-anon', amountFen: 5000, subject: '充值' },
    });
    expect([401, 403]).toContain(anonymous.statusCode);
    await setStatus('bus-card', 'suspended');
    try {
      const refused = await citizen.POST('/api/superapp/apps/{slug}/payments', {
        params: { path: { slug: 'bus-card' } },
        body: { orderId: 'TU-suspended', amountFen: 5000, subject: '充值' },
      });
      expect(errorCode(refused)).toBe('APP_NOT_AVAILABLE');
    } finally {
      await setStatus('bus-card', 'approved');
    }
  });

  it('refuses a callback with a wrong signature', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/superapp/payments/callbacks/sandbox',
      headers: { 'x-pay-signature': '0'.repeat(64) },
      payload: { tradeNo: 'SAxxxxxxxxxxxxxxxxxxxx', orderNumber: 'x', amountFen: 1, status: 'paid' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('SUPERAPP_CALLBACK_REJECTED');
  });
});

describe('the SDK script', () => {
  it('is served to any origin, cached and revalidated by ETag', async () => {
    for (const file of ['yiwang-bridge.js', 'yiwang-bridge.mjs']) {
      const res = await ctx.app.inject(`/sdk/${file}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/javascript');
      expect(res.headers['cache-control']).toContain('max-age=600');
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
      const etag = String(res.headers.etag);
      const again = await ctx.app.inject({ url: `/sdk/${file}`, headers: { 'if-none-match': etag } });
      expect(again.statusCode).toBe(304);
    }
    expect((await ctx.app.inject('/sdk/other.js')).statusCode).toBe(400);
  });
});
