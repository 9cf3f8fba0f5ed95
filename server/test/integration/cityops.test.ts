/**
 * City events (一网统管), the core: the community map and routing, citizen reports (随手拍) down
 * to the right grid worker and department, access (a grid worker sees only their grid, an
 * operator only their city, a department its own), anonymous reporters never shown to handlers,
 * idempotent submissions, and the module event on every change.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommunityMap } from '../../src/modules/cityops/index.ts';
import { deadlineFor } from '../../src/platform/calendar.ts';
import { minimalPng } from '../fixtures.ts';
import {
  client,
  createTestApp,
  errorCode,
  ok,
  query,
  signInCitizen,
  signInStaff,
  upload,
  type Client,
  type TestContext,
} from '../helpers.ts';

let ctx: TestContext;
let citizen: Client;
let grid01: Client;
let otherGrid: Client;
let operator: Client;
let hud: Client;
let asb: Client;
const map = CommunityMap.load();
const GRID = '33038300000101';
const point = map.pointIn(GRID)!;

beforeAll(async () => {
  ctx = await createTestApp({ residents: 20, fullStaff: true });
  citizen = await signInCitizen(ctx);
  grid01 = await signInStaff(ctx, 'grid01');
  otherGrid = await signInStaff(ctx, 'grid-002');
  operator = await signInStaff(ctx, 'operator01');
  hud = await signInStaff(ctx, 'hud-clerk');
  asb = await signInStaff(ctx, 'clerk01');
});
afterAll(async () => {
  await ctx?.teardown();
});

describe('the community map', () => {
  it('tiles the city: 92 communities and their grids, served as GeoJSON to anyone', async () => {
    const res = await client(ctx).GET('/api/cityops/map/communities');
    const body = ok(res);
    expect(res.response.headers.get('cache-control')).toContain('public');
    const kinds = body.features.map((f) => f.properties.kind);
    expect(kinds.filter((k) => k === 'community')).toHaveLength(92);
    expect(kinds.filter((k) => k === 'grid').length).toBeGreaterThan(92 * 3 - 1);
    // Every community's centre lies in that community, in one of its grids.
    for (const f of body.features.filter((x) => x.properties.kind === 'community')) {
      const [lng, lat] = f.properties.centre!;
      const place = map.locate(lat!, lng!);
      expect(place?.communityCode).toBe(f.properties.code);
      expect(place?.gridCode?.startsWith(f.properties.code)).toBe(true);
    }
    expect(map.locate(point.lat, point.lng)).toEqual({ communityCode: GRID.slice(0, 12), gridCode: GRID });
    expect(map.locate(27.3, 120.2)).toBeNull();
    expect(map.byAddress('龙港市柳堤社区建设路12号')).toBe('330383000089');
  });

  it('lists the categories publicly, with the sensor ones', async () => {
    const { items } = ok(await client(ctx).GET('/api/cityops/categories'));
    expect(items.length).toBeGreaterThanOrEqual(26);
    expect(items.find((c) => c.code === 'water-level')?.sensorType).toBe('water-level');
    expect(items.find((c) => c.code === 'manhole-cover')).toMatchObject({
      urgent: true,
      timeLimit: { value: 4, unit: 'hours' },
      departmentCode: 'HUD',
    });
  });
});

describe('a citizen report (随手拍)', () => {
  let eventId: string;

  it('routes a point to its community, grid and department, with photos, and dispatches it', async () => {
    const photo = ok(await upload(citizen, minimalPng(), 'hole.png', 'image/png'));
    const opened = ok(
      await citizen.POST('/api/cityops/reports', {
        body: {
          categoryCode: 'manhole-cover',
          description: '人行道井盖缺失，很危险',
          lat: point.lat,
          lng: point.lng,
          photos: [photo.id],
          contact: { name: '陈晓明', phone: '13800138000' },
          idempotencyKey: 'report-0001',
        },
      }),
    );
    eventId = opened.id;
    expect(opened.status).toBe('dispatched');
    expect(opened.number).toMatch(/^SJ\d{8}\d{6}$/);
    expect(opened.gridId).not.toBeNull();
    expect(opened.departmentId).not.toBeNull();
    // Urgent: 4 working hours, from Wednesday about 16:00 (Asia/Shanghai) to Thursday about 12:00.
    expect(opened.deadlineAt).toBe(deadlineFor(new Date(opened.openedAt), { value: 4, unit: 'hours' }).toISOString());
    expect(opened.deadlineAt!.slice(0, 13)).toBe('2026-11-26T04');
    // A retry is harmless: the same event.
    const again = ok(
      await citizen.POST('/api/cityops/reports', {
        body: {
          categoryCode: 'manhole-cover',
          description: '人行道井盖缺失，很危险',
          lat: point.lat,
          lng: point.lng,
          idempotencyKey: 'report-0001',
        },
      }),
    );
    expect(again.id).toBe(eventId);
    const [n] = await query<{ n: string | number }>(
      ctx,
      sql`select count(*) as n from cityops.events where category_code = 'manhole-cover'`,
    );
    expect(Number(n!.n)).toBe(1);
  });

  it('reaches the right grid worker and department; another grid worker and department cannot see it', async () => {
    const mine = ok(await grid01.GET('/api/cityops/grid/events'));
    expect(mine.items.map((e) => e.id)).toContain(eventId);
    expect(mine.items[0]!.grid?.code).toBe(GRID);
    const other = ok(await otherGrid.GET('/api/cityops/grid/events'));
    expect(other.items.map((e) => e.id)).not.toContain(eventId);
    const denied = await otherGrid.GET('/api/cityops/events/{id}', { params: { path: { id: eventId } } });
    expect(denied.response.status).toBe(404);
    expect(errorCode(denied)).toBe('CITYOPS_EVENT_NOT_FOUND');
    const byDept = ok(await hud.GET('/api/cityops/events'));
    expect(byDept.items.map((e) => e.id)).toContain(eventId);
    expect(ok(await asb.GET('/api/cityops/events')).items.map((e) => e.id)).not.toContain(eventId);
    expect((await asb.GET('/api/cityops/events/{id}', { params: { path: { id: eventId } } })).response.status).toBe(
      404,
    );
  });

  it('shows the operator every event of the city, the reporter masked', async () => {
    const list = ok(await operator.GET('/api/cityops/events', { params: { query: { status: 'dispatched,open' } } }));
    expect(list.items.map((e) => e.id)).toContain(eventId);
    const detail = ok(await operator.GET('/api/cityops/events/{id}', { params: { path: { id: eventId } } }));
    expect(detail.contact).toEqual({ name: '陈*明', phone: '138****8000', email: null });
    expect(detail.viewer).toMatchObject({ staff: true, reporter: false, mayDispatch: true });
    expect(detail.token).toBeNull();
  });

  it("gives the citizen their reports and the event's public history", async () => {
    const mine = ok(await citizen.GET('/api/cityops/reports'));
    expect(mine.items.map((e) => e.id)).toContain(eventId);
    const detail = ok(await citizen.GET('/api/cityops/events/{id}', { params: { path: { id: eventId } } }));
    expect(detail.contact).toEqual({ name: '陈晓明', phone: '13800138000', email: null });
    expect(detail.viewer.reporter).toBe(true);
    expect(detail.photos).toHaveLength(1);
    const history = ok(await citizen.GET('/api/cityops/events/{id}/history', { params: { path: { id: eventId } } }));
    expect(history.items.map((u) => u.kind)).toEqual(['opened', 'dispatched']);
    // Nobody else's citizen account sees it.
    const stranger = await client(ctx).GET('/api/cityops/events/{id}', { params: { path: { id: eventId } } });
    expect(stranger.response.status).toBe(401);
  });

  it('emits cityops.event.changed for the opening and the dispatch', async () => {
    const rows = await query<{ payload: string | { eventId: string; status: string } }>(
      ctx,
      sql`select payload from platform.outbox where topic = 'cityops.event.changed' order by created_at, id`,
    );
    const payloads = rows.map((r) => (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload));
    const mine = payloads.filter((p: { eventId: string }) => p.eventId === eventId);
    expect(mine.map((p: { status: string }) => p.status)).toEqual(['open', 'dispatched']);
    expect(mine[1]).toMatchObject({ previousStatus: 'open', source: 'citizen', categoryCode: 'manhole-cover' });
  });
});

describe('refused reports', () => {
  it('refuses a point outside the city, no place at all, an unknown category, a photo not the reporter’s', async () => {
    const outside = await citizen.POST('/api/cityops/reports', {
      body: { categoryCode: 'garbage', description: '垃圾', lat: 27.3, lng: 120.2 },
    });
    expect(errorCode(outside)).toBe('CITYOPS_LOCATION_OUTSIDE');
    const nowhere = await citizen.POST('/api/cityops/reports', { body: { categoryCode: 'garbage', description: 'x' } });
    expect(errorCode(nowhere)).toBe('CITYOPS_LOCATION_REQUIRED');
    const unknown = await citizen.POST('/api/cityops/reports', {
      body: { categoryCode: 'no-such-thing', description: 'x', address: '柳堤社区' },
    });
    expect(errorCode(unknown)).toBe('CITYOPS_CATEGORY_NOT_FOUND');
    const photo = ok(await upload(operator, minimalPng(), 'x.png', 'image/png'));
    const notMine = await citizen.POST('/api/cityops/reports', {
      body: { categoryCode: 'garbage', description: 'x', address: '柳堤社区', photos: [photo.id] },
    });
    expect(errorCode(notMine)).toBe('CITYOPS_PHOTO_INVALID');
    const named = await citizen.POST('/api/cityops/reports', {
      body: { categoryCode: 'food-safety', description: 'x', address: '柳堤社区', anonymous: true },
    });
    expect(errorCode(named)).toBe('CITYOPS_ANONYMOUS_NOT_ALLOWED');
  });
});

describe('an anonymous report', () => {
  it('is routed by the address, followed by its reporter, and never shows the reporter to a handler', async () => {
    const opened = ok(
      await citizen.POST('/api/cityops/reports', {
        body: {
          categoryCode: 'noise-nuisance',
          description: '夜间施工噪音',
          address: '柳堤社区东门',
          anonymous: true,
          contact: { phone: '13800138000' },
        },
      }),
    );
    expect(opened.communityId).not.toBeNull();
    expect(opened.gridId).toBeNull();
    const [row] = await query<{ reporter_account_id: string | null }>(
      ctx,
      sql`select reporter_account_id from cityops.events where id = ${opened.id}`,
    );
    expect(row!.reporter_account_id).toBeNull();
    const staffView = ok(await operator.GET('/api/cityops/events/{id}', { params: { path: { id: opened.id } } }));
    expect(staffView.anonymous).toBe(true);
    expect(staffView.contact).toBeNull();
    const history = ok(await operator.GET('/api/cityops/events/{id}/history', { params: { path: { id: opened.id } } }));
    expect(JSON.stringify(history)).not.toContain('13800138000');
    const own = ok(await citizen.GET('/api/cityops/events/{id}', { params: { path: { id: opened.id } } }));
    expect(own.viewer.reporter).toBe(true);
    expect(own.contact?.phone).toBe('13800138000');
    expect(ok(await citizen.GET('/api/cityops/reports')).items.map((e) => e.id)).toContain(opened.id);
  });
});
