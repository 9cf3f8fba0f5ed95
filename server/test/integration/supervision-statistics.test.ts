/**
 * Efficiency statistics (统计分析, supervision): the counters kept incrementally from
 * applications' events and from ratings equal the backfill's set-based recomputation; a
 * redelivered event adds nothing; the backfill is idempotent; the dashboard's figures match the
 * cases themselves (p90 within its histogram's 20%); who sees what (supervisor: every department;
 * department head: theirs, 403 for another; clerk: 403).
 */
import { sql, type RawBuilder } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseChangedPayload } from '../../src/modules/applications/index.ts';
import type { DomainEvent } from '../../src/platform/outbox.ts';
import {
  bucketOf,
  BUCKET_BOUNDS_HOURS,
  isoWeek,
  quantile,
  weekOf,
} from '../../src/modules/supervision/supervision.statistics.ts';
import {
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
let head: Client; // hrss-admin
let supervisor: Client;
let clerk: Client;

beforeAll(async () => {
  ctx = await createTestApp({ residents: 30, fullStaff: true, cases: 24 });
  citizen = await signInCitizen(ctx, undefined, undefined, '10.81.0.1');
  head = await signInStaff(ctx, 'hrss-admin', '10.81.0.2');
  supervisor = await signInStaff(ctx, 'supervisor01', '10.81.0.3');
  clerk = await signInStaff(ctx, 'clerk01', '10.81.0.4');
}, 180_000);
afterAll(async () => {
  await ctx.teardown();
});

/** Every counter row, floats rounded (sums added in another order differ in the last bits). */
const snapshot = async () =>
  (
    await query<Record<string, unknown>>(
      ctx,
      sql`select region_code, department_code, item_code, to_char(week, 'YYYY-MM-DD') as week, submitted, closed, decided,
        completed, round(handling_hours::numeric, 6)::text as handling_hours, limited,
        round(limit_hours::numeric, 6)::text as limit_hours, on_time, zero_visit, fully_online, hist::text as hist,
        ratings, good, bad
      from supervision.stat_weeks order by region_code, department_code, item_code, week`,
    )
  ).map((r) => JSON.stringify(r));

async function one<R>(q: RawBuilder<R>): Promise<R> {
  const [row] = await query<R>(ctx, q);
  if (!row) throw new Error('no row');
  return row;
}
const service = () => ctx.modules.supervision.service;
const week = (iso: string) => weekOf(new Date(iso), ctx.config.timeZone);
const range = { from: '2026-10-01', to: '2026-12-31' };

describe('histogram and weeks', () => {
  it('buckets as width_bucket counts, and a quantile within 20% of the value', () => {
    expect(bucketOf(0)).toBe(0);
    expect(bucketOf(0.5)).toBe(1);
    expect(bucketOf(BUCKET_BOUNDS_HOURS[10]! - 1e-9)).toBe(10);
    expect(bucketOf(1e9)).toBe(BUCKET_BOUNDS_HOURS.length);
    const values = Array.from({ length: 1000 }, (_, i) => 1 + ((i * 7919) % 1000) * 0.37);
    const hist = new Array<number>(BUCKET_BOUNDS_HOURS.length + 1).fill(0);
    for (const v of values) hist[bucketOf(v)]!++;
    const exact = [...values].sort((a, b) => a - b)[899]!;
    expect(Math.abs(quantile(hist, 0.9)! - exact) / exact).toBeLessThan(0.2);
    expect(quantile(new Array<number>(5).fill(0), 0.9)).toBeNull();
  });

  it('weeks start on Monday in the city and carry their ISO number', () => {
    // 2026-11-30 is a Monday; Sunday 23:30 in Shanghai is still the week before.
    expect(week('2026-12-02T03:00:00Z')).toBe('2026-11-30');
    expect(week('2026-11-29T15:30:00Z')).toBe('2026-11-23');
    expect(isoWeek('2026-11-30')).toBe('2026-W49');
    expect(isoWeek('2026-12-28')).toBe('2026-W53');
    expect(isoWeek('2027-01-04')).toBe('2027-W01');
  });
});

describe('counters', () => {
  it('the seeded history is counted; the backfill recomputes the same counters, twice', async () => {
    const incremental = await snapshot();
    const n = (await one<{ n: number }>(sql`select count(*)::int as n from applications.cases`)).n;
    expect(n).toBeGreaterThan(0);
    const s = (
      await one<{ s: number }>(sql`select sum(submitted)::int as s from supervision.stat_weeks where item_code <> '*'`)
    ).s;
    expect(s).toBe(n);
    const once = await service().backfillStatistics();
    expect(once.cases).toBe(n);
    expect(await snapshot()).toEqual(incremental);
    await service().backfillStatistics();
    expect(await snapshot()).toEqual(incremental);
  });

  it('a rating counts in its own transaction; the incremental counters equal a recomputation', async () => {
    await ctx.platform.outbox.flush();
    const open = ok(await citizen.GET('/api/supervision/invitations')).items;
    expect(open.length).toBeGreaterThan(0);
    const before = await snapshot();
    const inv = open[0]!;
    ok(
      await citizen.POST('/api/supervision/cases/{caseId}/rating', {
        params: { path: { caseId: inv.caseId } },
        body: { score: 2, indicators: { efficiency: 2 }, comment: '太慢' },
      }),
    );
    const after = await snapshot();
    expect(after).not.toEqual(before);
    const r = (
      await one<{ r: number }>(sql`select sum(ratings)::int as r from supervision.stat_weeks where item_code <> '*'`)
    ).r;
    const k = (await one<{ k: number }>(sql`select count(*)::int as k from supervision.ratings where kind = 'rating'`))
      .k;
    expect(r).toBe(k);
    await service().backfillStatistics();
    expect(await snapshot()).toEqual(after);
  });

  it('a redelivered event adds nothing, alone or in a round of events (the same case twice in it)', async () => {
    const rows = await query<{ id: string; payload: CaseChangedPayload; created_at: Date }>(
      ctx,
      sql`select id, payload, created_at from platform.outbox where topic = 'applications.case.changed'
        and payload->>'status' in ('completed', 'rejected') order by created_at limit 3`,
    );
    expect(rows.length).toBeGreaterThan(0);
    const events = rows.map((e): DomainEvent<CaseChangedPayload> => ({
      id: e.id,
      topic: 'applications.case.changed',
      payload: e.payload,
      regionCode: e.payload.regionCode,
      createdAt: e.created_at,
    }));
    const before = await snapshot();
    const jobs = sql<{
      n: number;
    }>`select count(*)::int as n from platform.jobs where kind = 'supervision.deadline-warning'`;
    const [jobsBefore] = await query(ctx, jobs);
    for (const event of events) {
      await service().statisticsOnCaseChanged(event);
      await service().statisticsOnCaseChanged(event);
    }
    await service().casesChanged([...events, ...events]);
    expect(await snapshot()).toEqual(before);
    expect(await query(ctx, jobs)).toEqual([jobsBefore]);
  });
});

describe('dashboard', () => {
  it("the supervisor's city-wide figures match the cases", async () => {
    const d = ok(await supervisor.GET('/api/supervision/statistics', { params: { query: range } }));
    expect(d.department).toBeNull();
    expect(d.departments.length).toBeGreaterThan(1);
    const [c] = await query<{ submitted: number; decided: number; completed: number; open: number }>(
      ctx,
      sql`select count(*)::int as submitted, (count(*) filter (where status in ('completed', 'rejected')))::int as decided,
        (count(*) filter (where status = 'completed'))::int as completed,
        (count(*) filter (where closed_at is null))::int as open
      from applications.cases`,
    );
    expect(d.totals).toMatchObject({ submitted: c!.submitted, decided: c!.decided, completed: c!.completed });
    expect(d.totals.backlog).toBe(c!.open);
    expect(d.weeks.at(-1)!.backlog).toBe(c!.open);
    expect(d.weeks.reduce((a, w) => a + w.submitted, 0)).toBe(c!.submitted);
    expect(d.departments.reduce((a, x) => a + x.decided, 0)).toBe(c!.decided);
    // The city-wide view lists departments; a department's view lists its items.
    expect(d.items).toEqual([]);
    const [region] = await query<{ s: number }>(
      ctx,
      sql`select coalesce(sum(submitted), 0)::int as s from supervision.stat_weeks where department_code = '*'`,
    );
    expect(region!.s).toBe(c!.submitted);

    const hours = (
      await query<{ h: number }>(
        ctx,
        sql`select extract(epoch from closed_at - last_submitted_at)::float8 / 3600 as h from applications.cases
          where status in ('completed', 'rejected') order by 1`,
      )
    ).map((x) => x.h);
    expect(hours.length).toBe(c!.decided);
    const mean = hours.reduce((a, b) => a + b, 0) / hours.length / 24;
    expect(d.totals.avgHandlingDays).toBeCloseTo(mean, 1);
    const exact = hours[Math.ceil(0.9 * hours.length) - 1]! / 24;
    expect(Math.abs(d.totals.p90HandlingDays! - exact)).toBeLessThanOrEqual(exact * 0.2 + 0.5 / 24);
    const [o] = await query<{ online: number }>(
      ctx,
      sql`select (count(*) filter (where channel = 'online'))::int as online from applications.cases
        where status in ('completed', 'rejected')`,
    );
    expect(d.totals.zeroVisitRate! * c!.decided).toBeLessThanOrEqual(o!.online + 0.01);
    const [rt] = await query<{ n: number; good: number }>(
      ctx,
      sql`select count(*)::int as n, (count(*) filter (where score >= 3))::int as good from supervision.ratings
        where kind = 'rating' and rated_at >= '2026-09-28T00:00:00+08:00'`,
    );
    expect(d.totals.ratings).toBe(rt!.n);
    expect(d.totals.goodReviewRate).toBeCloseTo(rt!.good / rt!.n, 3);
  });

  it('a department head sees only their department; another department is 403; a clerk sees none', async () => {
    const own = ok(await head.GET('/api/supervision/statistics', { params: { query: range } }));
    expect(own.departments.map((x) => x.code)).toEqual(own.departments.length ? ['HRSS'] : []);
    expect(own.items.every((i) => i.departmentCode === 'HRSS')).toBe(true);
    const named = ok(
      await head.GET('/api/supervision/statistics', { params: { query: { ...range, department: 'HRSS' } } }),
    );
    expect(named.totals).toEqual(own.totals);
    expect(
      errorCode(await head.GET('/api/supervision/statistics', { params: { query: { ...range, department: 'PSB' } } })),
    ).toBe('FORBIDDEN');
    expect(errorCode(await clerk.GET('/api/supervision/statistics', { params: { query: range } }))).toBe('FORBIDDEN');
    expect(errorCode(await citizen.GET('/api/supervision/statistics', { params: { query: range } }))).toBe('FORBIDDEN');

    const all = ok(await supervisor.GET('/api/supervision/statistics', { params: { query: range } }));
    const hrss = all.departments.find((x) => x.code === 'HRSS');
    const scoped = ok(
      await supervisor.GET('/api/supervision/statistics', { params: { query: { ...range, department: 'HRSS' } } }),
    );
    expect(scoped.totals.submitted).toBe(hrss?.submitted ?? 0);
    expect(scoped.departments.every((x) => x.code === 'HRSS')).toBe(true);
    expect(scoped.items.reduce((a, x) => a + x.submitted, 0)).toBe(scoped.totals.submitted);
  });

  it('a reversed or too long range is refused with its code', async () => {
    const bad = await supervisor.GET('/api/supervision/statistics', {
      params: { query: { from: '2026-12-01', to: '2026-11-01' } },
    });
    expect(errorCode(bad)).toBe('STATISTICS_RANGE_INVALID');
    const long = await supervisor.GET('/api/supervision/statistics', {
      params: { query: { from: '2023-01-01', to: '2026-11-01' } },
    });
    expect(errorCode(long)).toBe('STATISTICS_RANGE_INVALID');
    const dflt = ok(await supervisor.GET('/api/supervision/statistics'));
    expect(dflt.weeks).toHaveLength(12);
    expect(dflt.to).toBe(week(ctx.clock.now().toISOString()));
  });
});
