/**
 * Usage and error statistics of mini-apps: the bridge's batches of SDK events (signed in or
 * anonymous), validated and limited, rolled up per day as they arrive; the figures read the
 * roll-up (opens, distinct users, events, errors, error rate).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppUsageEvent } from '../../../contract/openapi.ts';
import { libraryManifest } from '../../src/modules/superapp/superapp.supervision.seed.ts';
import type { Manifest } from '../../src/modules/superapp/index.ts';
import {
  client,
  createTestApp,
  errorCode,
  ok,
  query,
  signInCitizen,
  signInStaff,
  type Client,
  type TestContext,
} from '../helpers.ts';

let ctx: TestContext;
let citizen: Client;
let reviewer: Client;
let app: { id: string; slug: string };

const send = (c: Client, events: AppUsageEvent[], slug = app.slug) =>
  c.POST('/api/superapp/apps/{slug}/usage', { params: { path: { slug } }, body: { events } });

beforeAll(async () => {
  ctx = await createTestApp();
  citizen = await signInCitizen(ctx, undefined, undefined, '10.32.0.1');
  reviewer = await signInStaff(ctx, 'appreviewer01', '10.32.0.2');
  const a = await ctx.modules.superapp.context.directory.putApproved(
    {
      manifest: {
        ...libraryManifest(),
        slug: 'usage-clinic',
        name: { zh: '预约挂号', en: 'Hospital booking' },
      } as Manifest,
      ownerUscc: '913303830000000002',
      ownerName: '龙港市人民医院',
    },
    ctx.clock.now(),
  );
  app = { id: a.id, slug: a.slug };
});
afterAll(async () => {
  await ctx.teardown();
});

describe('usage events', () => {
  it('are accepted from the signed-in and the anonymous, and rolled up per day', async () => {
    const anonymous = client(ctx, '10.32.0.9');
    expect(
      (
        await send(citizen, [
          { kind: 'open', name: 'home' },
          { kind: 'view', name: 'doctors' },
          { kind: 'action', name: 'book', detail: { department: 'cardiology' } },
        ])
      ).response.status,
    ).toBe(202);
    ok(
      await send(citizen, [
        { kind: 'open', name: 'home' },
        { kind: 'error', name: 'api.500', detail: { status: 500 } },
      ]),
    );
    ok(
      await send(anonymous, [
        { kind: 'open', name: 'home' },
        { kind: 'view', name: 'doctors' },
      ]),
    );
    const figures = ok(
      await reviewer.GET('/api/superapp/supervision/apps/{id}/usage', { params: { path: { id: app.id }, query: {} } }),
    );
    const today = figures.days.at(-1)!;
    expect(today).toMatchObject({ opens: 3, views: 2, actions: 1, errors: 1, events: 7, users: 2 });
    expect(today.errorRate).toBeCloseTo(1 / 7, 3);
    expect(figures.totals).toMatchObject({ opens: 3, errors: 1, userDays: 2 });
    expect(figures.recentErrors[0]).toMatchObject({ name: 'api.500', detail: { status: 500 } });
    // The list sums the same roll-up.
    const list = ok(await reviewer.GET('/api/superapp/supervision/apps')).items.find((x) => x.app.id === app.id)!;
    expect(list.usage).toMatchObject({ opens: 3, events: 7, errors: 1 });
    // Only the roll-up is read: one row for the day, one per distinct user.
    const rows = await query<{ n: number }>(
      ctx,
      sql`select count(*)::int as n from superapp.usage_daily_users where app_id = ${app.id}`,
    );
    expect(rows[0]!.n).toBe(2);
  });

  it('a citizen cannot read an app’s figures', async () => {
    const res = await citizen.GET('/api/superapp/supervision/apps/{id}/usage', {
      params: { path: { id: app.id }, query: {} },
    });
    expect(res.response.status).toBe(403);
  });

  it('are validated, with stable codes', async () => {
    const tooMany = Array.from({ length: 51 }, () => ({ kind: 'view' as const, name: 'p' }));
    expect(errorCode(await send(citizen, tooMany))).toBe('VALIDATION_FAILED');
    expect(errorCode(await send(citizen, []))).toBe('VALIDATION_FAILED');
    const badKind = await citizen.raw('POST', `/api/superapp/apps/${app.slug}/usage`, {
      events: [{ kind: 'click', name: 'x' }],
    });
    expect(badKind.statusCode).toBe(400);
    expect(errorCode(badKind)).toBe('VALIDATION_FAILED');
    const badName = await send(citizen, [{ kind: 'view', name: 'a page with spaces' }]);
    expect(errorCode(badName)).toBe('VALIDATION_FAILED');
    const big = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, 'x'.repeat(150)]));
    const large = await send(citizen, [{ kind: 'error', name: 'e', detail: big }]);
    expect(large.response.status).toBe(422);
    expect(errorCode(large)).toBe('SUPERAPP_USAGE_DETAIL_TOO_LARGE');
    expect(errorCode(await send(citizen, [{ kind: 'open', name: 'x' }], 'no-such-app'))).toBe('APP_NOT_FOUND');
    const range = await reviewer.GET('/api/superapp/supervision/apps/{id}/usage', {
      params: { path: { id: app.id }, query: { from: '2025-01-01', to: '2026-12-01' } },
    });
    expect(errorCode(range)).toBe('VALIDATION_FAILED');
  });

  it('are limited per address when anonymous (429 RATE_LIMITED), other addresses unaffected', async () => {
    const limit = ctx.config.superapp.usageBatchesPerMinute;
    const one = client(ctx, '10.32.0.77');
    for (let i = 0; i < limit; i++) expect((await send(one, [{ kind: 'view', name: 'p' }])).response.status).toBe(202);
    const refused = await send(one, [{ kind: 'view', name: 'p' }]);
    expect(refused.response.status).toBe(429);
    expect(errorCode(refused)).toBe('RATE_LIMITED');
    expect(refused.response.headers.get('retry-after')).toBeTruthy();
    expect((await send(client(ctx, '10.32.0.78'), [{ kind: 'view', name: 'p' }])).response.status).toBe(202);
  });

  it('of a suspended app are refused', async () => {
    await ctx.modules.superapp.parts.supervision.api.suspendAfterFailedRecheck(app.id, {
      passed: false,
      problems: ['CSP missing'],
    });
    expect(errorCode(await send(citizen, [{ kind: 'open', name: 'home' }]))).toBe('APP_NOT_AVAILABLE');
  });
});
