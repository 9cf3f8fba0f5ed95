/**
 * The city screen (城市运行大屏): who may watch it; its figures against the events they count
 * (90 days of seeded activity in every state); the live stream hearing an event as it opens;
 * the live feed between two nodes sharing the database.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planCityopsActivity } from '../../src/demo/cityops-activity.ts';
import { CommunityMap, ScreenLive, type LiveMessage } from '../../src/modules/cityops/index.ts';
import { scoped } from '../../src/platform/db.ts';
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
let operator: Client;
let supervisor: Client;
let seeded = 0;

// 2026-11-25 is a Wednesday; 09:50Z is 17:50 in the city.
const NOW = '2026-11-25T09:50:00Z';

beforeAll(async () => {
  ctx = await createTestApp({ residents: 10, clockStart: NOW });
  seeded = await ctx.modules.cityops.screen.seed.seedActivity(
    planCityopsActivity({ now: ctx.clock.now(), days: 90, perDay: 6 }),
  );
  operator = await signInStaff(ctx, 'operator01');
  supervisor = await signInStaff(ctx, 'supervisor01');
}, 120_000);
afterAll(async () => ctx.teardown());

const screen = (c: Client, days?: number) =>
  c.GET('/api/cityops/screen', { params: { query: days === undefined ? {} : { days } } });

describe('who may watch', () => {
  it('the operations centre and the supervisors; not a citizen, a clerk, a grid worker, nor anyone signed out', async () => {
    expect(ok(await screen(operator)).regionCode).toBe('330383');
    expect(ok(await screen(supervisor)).regionCode).toBe('330383');
    expect(errorCode(await screen(client(ctx)))).toBe('UNAUTHENTICATED');
    for (const other of [await signInCitizen(ctx), await signInStaff(ctx, 'clerk01'), await signInStaff(ctx, 'grid01')])
      expect((await screen(other)).response.status).toBe(403);
    const stream = await ctx.app.inject({ url: '/api/cityops/screen/stream', headers: {} });
    expect(stream.statusCode).toBe(401);
  });
});

describe('the figures', () => {
  it('count the seeded events: every state, the window, compliance, categories, heat, the map', async () => {
    expect(seeded).toBeGreaterThan(400);
    // A second seed leaves a city that has its activity alone.
    expect(
      await ctx.modules.cityops.screen.seed.seedActivity(
        planCityopsActivity({ now: ctx.clock.now(), days: 5, perDay: 3 }),
      ),
    ).toBe(0);
    const s = ok(await screen(operator, 30));
    const [all] = await query<{ n: number }>(ctx, sql`select count(*)::int as n from cityops.events`);
    expect(s.total).toBe(all!.n);
    for (const status of ['open', 'dispatched', 'processing', 'closed', 'merged', 'returned'] as const)
      expect(s.counts[status], status).toBeGreaterThan(0);
    expect(s.unfinished).toBe(s.counts.open + s.counts.dispatched + s.counts.processing + s.counts.returned);

    expect(s.trend).toHaveLength(30);
    expect(s.trend.at(-1)!.day).toBe('2026-11-25');
    const since = new Date('2026-10-26T16:00:00Z'); // 2026-10-27 00:00 in the city
    const [window] = await query<{ n: number; placed: number }>(
      ctx,
      sql`select count(*)::int as n, count(lat)::int as placed from cityops.events where opened_at >= ${since}`,
    );
    expect(s.trend.reduce((a, d) => a + d.opened, 0)).toBe(window!.n);
    expect(s.sources.reduce((a, d) => a + d.count, 0)).toBe(window!.n);
    expect(s.heat.reduce((a, h) => a + h.count, 0)).toBe(window!.placed);
    const [closed] = await query<{ n: number; on_time: number }>(
      ctx,
      sql`select count(*)::int as n, count(*) filter (where closed_at <= deadline_at)::int as on_time
          from cityops.events where closed_at >= ${since} and deadline_at is not null`,
    );
    expect(s.compliance.closed).toBe(closed!.n);
    expect(s.compliance.onTime).toBe(closed!.on_time);
    expect(s.compliance.rate).toBeCloseTo(closed!.on_time / closed!.n, 6);
    expect(s.compliance.onTime).toBeLessThan(s.compliance.closed); // some were late
    expect(s.compliance.overdueNow).toBeGreaterThan(0); // some are stuck past their deadline

    expect(s.categories.length).toBeGreaterThan(3);
    expect(s.categories.length).toBeLessThanOrEqual(10);
    for (let i = 1; i < s.categories.length; i++)
      expect(s.categories[i - 1]!.count).toBeGreaterThanOrEqual(s.categories[i]!.count);
    expect(s.categories[0]!.name).not.toBe(s.categories[0]!.code);

    expect(s.events.length).toBe(Math.min(500, s.unfinished));
    for (const e of s.events) expect(['open', 'dispatched', 'processing', 'returned']).toContain(e.status);
    // Nothing personal on the screen: no reporter, no contact.
    expect(Object.keys(s.events[0]!).sort()).toEqual(
      ['categoryCode', 'deadlineAt', 'id', 'lat', 'lng', 'number', 'openedAt', 'source', 'status', 'urgent'].sort(),
    );
  });

  it('a wider window counts more days', async () => {
    const s = ok(await screen(operator, 90));
    expect(s.trend).toHaveLength(90);
    const start = new Date(`${s.trend[0]!.day}T00:00:00+08:00`);
    const [window] = await query<{ n: number }>(
      ctx,
      sql`select count(*)::int as n from cityops.events where opened_at >= ${start}`,
    );
    expect(s.trend.reduce((a, d) => a + d.opened, 0)).toBe(window!.n);
    expect(window!.n).toBeGreaterThan(seeded * 0.95);
    expect((await screen(operator, 3)).response.status).toBe(400);
  });
});

describe('the counters', () => {
  const counters = async () =>
    (
      await query<{ k: string; n: string }>(
        ctx,
        sql`select region_code || '|' || metric || '|' || day || '|' || key as k, n::text as n
            from cityops.screen_counts where n <> 0 order by 1`,
      )
    ).map((r) => `${r.k}=${r.n}`);

  it('every change of an event keeps them what a rebuild from the events gives', async () => {
    let citizen = await signInCitizen(ctx);
    let grid = await signInStaff(ctx, 'grid01');
    const path = (id: string) => ({ params: { path: { id } } });
    const report = async (description: string) =>
      ok(
        await citizen.POST('/api/cityops/reports', {
          body: { categoryCode: 'garbage', description, ...CommunityMap.load().pointIn('33038300000101')! },
        }),
      );
    const before = ok(await screen(operator));
    const first = await report('垃圾桶满溢');
    const second = await report('同一处垃圾桶满溢');
    ok(await operator.POST('/api/cityops/events/{id}/escalate', { ...path(first.id), body: {} }));
    ok(await grid.POST('/api/cityops/events/{id}/accept', { ...path(first.id), body: {} }));
    ctx.clock.advance(26 * 3_600_000); // the next day in the city: closed late (escalated: 4 working hours)
    [citizen, grid, operator] = [
      await signInCitizen(ctx),
      await signInStaff(ctx, 'grid01'),
      await signInStaff(ctx, 'operator01'),
    ];
    ok(await grid.POST('/api/cityops/events/{id}/close', { ...path(first.id), body: { note: '已清运' } }));
    ok(await citizen.POST('/api/cityops/events/{id}/reopen', { ...path(first.id), body: { reason: '又满了' } }));
    ok(await operator.POST('/api/cityops/events/{id}/merge', { ...path(second.id), body: { intoId: first.id } }));
    ok(await grid.POST('/api/cityops/events/{id}/close', { ...path(first.id), body: { note: '已清运并加桶' } }));

    const kept = await counters();
    expect(await ctx.modules.cityops.screen.rebuildCounters()).toBeGreaterThan(seeded);
    expect(await counters()).toEqual(kept);

    ctx.modules.cityops.screen.screen.invalidate('330383');
    const after = ok(await screen(operator));
    expect(after.total).toBe(before.total + 2);
    expect(after.counts.closed).toBe(before.counts.closed + 1);
    expect(after.counts.merged).toBe(before.counts.merged + 1);
    expect(after.today.closed).toBe(2); // the closing and the merge, both today
    const [due] = await query<{ n: number }>(
      ctx,
      sql`select count(*)::int as n from cityops.events
          where status in ('open', 'dispatched', 'processing', 'returned') and deadline_at < ${ctx.clock.now()}`,
    );
    expect(after.compliance.overdueNow).toBe(due!.n);
  });
});

describe('the 12345 figures', () => {
  it('show on the screen, and a recorded call reaches its stream', async () => {
    const heard: LiveMessage[] = [];
    const stop = ctx.modules.cityops.screen.screen.listen({ regionCode: '330383' }, (m) => heard.push(m));
    const before = ok(await screen(operator)).hotline!;
    expect(before.byType.map((t) => t.type).sort()).toEqual(['complaint', 'enquiry', 'help', 'report', 'suggestion']);
    const call = (type: 'complaint' | 'help') =>
      operator.POST('/api/cityops/hotline/calls', {
        body: {
          type,
          callerPhone: '13912340000',
          summary: '小区路灯不亮',
          categoryCode: 'street-lighting',
          address: '柳堤社区',
        },
        params: { header: { 'idempotency-key': `screen-${type}` } },
      });
    ok(await call('complaint'));
    ok(await call('help'));
    await expect.poll(() => heard.filter((m) => m.kind === 'call').length).toBe(2);
    stop();
    const after = ok(await screen(operator)).hotline!;
    expect(after.today).toBe(before.today + 2);
    expect(after.window).toBe(before.window + 2);
    expect(after.repeatCallers).toBe(before.repeatCallers + 1); // the same number twice
    expect(after.byType.find((t) => t.type === 'complaint')!.count).toBe(
      before.byType.find((t) => t.type === 'complaint')!.count + 1,
    );
    // Supervisors see them too (the screen's policy), and the figures carry no caller.
    supervisor = await signInStaff(ctx, 'supervisor01'); // signed in again: the clock moved a day on
    expect(JSON.stringify(ok(await screen(supervisor)).hotline)).not.toContain('1391234');
  });
});

describe('live', () => {
  it('the stream tells the screen of an event as it opens, without its reporter', async () => {
    const address = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const stop = new AbortController();
    const cookie = [...operator.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(`${address}/api/cityops/screen/stream`, { headers: { cookie }, signal: stop.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const next = async (): Promise<{ event: string; data: Record<string, unknown> }> => {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = block.split('\n').find((l) => l.startsWith('event: '));
          const data = block.split('\n').find((l) => l.startsWith('data: '));
          if (event && data)
            return { event: event.slice(7), data: JSON.parse(data.slice(6)) as Record<string, unknown> };
          continue;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('the stream ended');
        buffer += decoder.decode(value, { stream: true });
      }
    };
    // The first bytes (a comment) mean the stream listens.
    const first = await reader.read();
    buffer += decoder.decode(first.value, { stream: true });
    const before = ok(await screen(operator));

    const citizen = await signInCitizen(ctx);
    const opened = ok(
      await citizen.POST('/api/cityops/reports', {
        body: {
          categoryCode: 'garbage',
          description: '小区门口垃圾堆放',
          lat: 27.5525,
          lng: 120.5532,
          contact: { name: '陈晓明', phone: '13800138000' },
        },
      }),
    );
    let heard = await next();
    while (heard.data.number !== opened.number) heard = await next();
    expect(heard.event).toBe('event');
    expect(heard.data).toMatchObject({ eventId: opened.id, source: 'citizen', categoryCode: 'garbage', lat: 27.5525 });
    expect(JSON.stringify(heard.data)).not.toContain('13800138000');
    expect(JSON.stringify(heard.data)).not.toContain('陈晓明');
    // The figures heard it too (the cached ones were dropped).
    const after = ok(await screen(operator));
    expect(after.total).toBe(before.total + 1);
    expect(after.events.some((e) => e.id === opened.id)).toBe(true);
    stop.abort();
  });

  it('reaches the screens of another node through the feed, once, and only their region', async () => {
    const db = scoped<object>(ctx.platform.db);
    const a = new ScreenLive(scoped(db), ctx.clock, ctx.platform.log);
    const b = new ScreenLive(scoped(db), ctx.clock, ctx.platform.log);
    const heardA: LiveMessage[] = [];
    const heardB: LiveMessage[] = [];
    const stopA = a.listen((m) => heardA.push(m));
    const stopB = b.listen((m) => heardB.push(m));
    await b.poll(); // b's reading starts at the feed's head
    const message: LiveMessage = {
      kind: 'sensor',
      regionCode: '330383',
      data: {
        sensorId: 'WL-0001',
        type: 'water-level',
        status: 'alert',
        lat: 27.55,
        lng: 120.55,
        value: 4.2,
        eventId: null,
        at: NOW,
      },
    };
    // The app's own node may append to the same feed meanwhile (its outbox delivering the file's
    // earlier changes): count this message's copies only.
    const copies = (heard: LiveMessage[]) => heard.filter((m) => JSON.stringify(m) === JSON.stringify(message));
    await a.publish(message);
    expect(copies(heardA)).toEqual([message]);
    for (let i = 0; i < 50 && copies(heardB).length === 0; i++) await b.poll();
    expect(copies(heardB)).toEqual([message]);
    await a.poll();
    await b.poll();
    expect(copies(heardA)).toHaveLength(1); // a wrote it: a does not hear it again from the feed
    expect(copies(heardB)).toHaveLength(1);
    stopA();
    stopB();
    a.stop();
    b.stop();
  });
});
