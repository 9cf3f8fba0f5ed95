/**
 * City events: dispatch and handling (联勤联动). The closed loop (a grid worker accepts and closes
 * with a photo, the reporter is told, rates, and may reopen within 7 days), operator actions
 * (reassign, return, escalate, co-assign) with their audit records, near-duplicates and merging,
 * patrol reports, and "another user cannot" for each kind of actor.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommunityMap } from '../../src/modules/cityops/index.ts';
import { minimalPng } from '../fixtures.ts';
import {
  createTestApp,
  errorCode,
  ok,
  query,
  registerCitizen,
  signInCitizen,
  signInStaff,
  upload,
  type Client,
  type TestContext,
} from '../helpers.ts';

let ctx: TestContext;
let citizen: Client;
let stranger: Client;
let grid01: Client;
let grid02: Client;
let operator: Client;
let supervisor: Client;
let eeb: Client;
let hud: Client;
const map = CommunityMap.load();
const GRID = '33038300000101';
const GRID_002 = '33038300000201';
const point = map.pointIn(GRID)!;

const path = (id: string) => ({ params: { path: { id } } });
async function report(c: Client, body: Partial<{ categoryCode: string; lat: number; lng: number }> = {}) {
  return ok(
    await c.POST('/api/cityops/reports', {
      body: {
        categoryCode: 'garbage',
        description: '小区门口垃圾堆积多日',
        lat: point.lat,
        lng: point.lng,
        ...body,
      },
    }),
  );
}
const audits = (id: string) =>
  query<{ action: string; actor_id: string | null }>(
    ctx,
    sql`select action, actor_id from platform.audit_log where resource_id = ${id} order by at, id`,
  );

beforeAll(async () => {
  ctx = await createTestApp({ residents: 20, fullStaff: true });
  citizen = await signInCitizen(ctx);
  stranger = (await registerCitizen(ctx)).client;
  grid01 = await signInStaff(ctx, 'grid01');
  grid02 = await signInStaff(ctx, 'grid-002');
  operator = await signInStaff(ctx, 'operator01');
  supervisor = await signInStaff(ctx, 'supervisor01');
  eeb = await signInStaff(ctx, 'eeb-clerk');
  hud = await signInStaff(ctx, 'hud-clerk');
});
afterAll(async () => {
  await ctx?.teardown();
});

let loopId: string;

describe('the closed loop', () => {
  let id: string;
  let closePhoto: string;

  it('the grid worker accepts and closes with a photo and a note; the reporter is told', async () => {
    id = (await report(citizen)).id;
    loopId = id;
    const accepted = ok(await grid01.POST('/api/cityops/events/{id}/accept', { ...path(id), body: {} }));
    expect(accepted.status).toBe('processing');
    // Another grid worker cannot act on it (it is not even visible to them).
    const other = await grid02.POST('/api/cityops/events/{id}/close', { ...path(id), body: { note: '已清理' } });
    expect(other.response.status).toBe(404);
    // Nor can the reporter close it.
    const own = await citizen.POST('/api/cityops/events/{id}/close', { ...path(id), body: { note: '已清理' } });
    expect(own.response.status).toBe(403);
    closePhoto = ok(await upload(grid01, minimalPng(), 'after.png', 'image/png')).id;
    const closed = ok(
      await grid01.POST('/api/cityops/events/{id}/close', {
        ...path(id),
        body: { note: '垃圾已清运，路面已冲洗', photos: [closePhoto] },
      }),
    );
    expect(closed.status).toBe('closed');
    expect(closed.closePhotos).toEqual([closePhoto]);
    expect((await audits(id)).map((a) => a.action)).toEqual(
      expect.arrayContaining(['cityops.event.accepted', 'cityops.event.closed']),
    );
    const inbox = ok(await citizen.GET('/api/me/notifications'));
    expect(JSON.stringify(inbox)).toContain('垃圾已清运');
  });

  it('shows the closing photo to the reporter and the operator, not to another grid worker', async () => {
    const url = `/api/cityops/events/${id}/photos/${closePhoto}`;
    expect((await citizen.raw('GET', url)).statusCode).toBe(200);
    const res = await operator.raw('GET', url);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect((await grid02.raw('GET', url)).statusCode).toBe(404);
    expect((await stranger.raw('GET', url)).statusCode).toBe(404);
  });

  it('the reporter rates once; nobody else may rate', async () => {
    const detail = ok(await citizen.GET('/api/cityops/events/{id}', path(id)));
    expect(detail.viewer).toMatchObject({ mayRate: true, mayReopen: true });
    expect(
      (await stranger.POST('/api/cityops/events/{id}/rate', { ...path(id), body: { rating: 1 } })).response.status,
    ).toBe(404);
    expect(
      (await grid01.POST('/api/cityops/events/{id}/rate', { ...path(id), body: { rating: 5 } })).response.status,
    ).toBe(403);
    const rated = ok(
      await citizen.POST('/api/cityops/events/{id}/rate', { ...path(id), body: { rating: 5, comment: '很快' } }),
    );
    expect(rated.rating).toBe(5);
    const again = await citizen.POST('/api/cityops/events/{id}/rate', { ...path(id), body: { rating: 4 } });
    expect(errorCode(again)).toBe('CITYOPS_ALREADY_RATED');
    const history = ok(await citizen.GET('/api/cityops/events/{id}/history', path(id)));
    expect(history.items.map((u) => u.kind)).toEqual(['opened', 'dispatched', 'accepted', 'closed', 'rated']);
    expect(history.items.find((u) => u.kind === 'rated')?.by).toBe('reporter');
  });

  it('an unhappy reporter reopens within 7 days; it goes back to the grid worker', async () => {
    expect(
      (await stranger.POST('/api/cityops/events/{id}/reopen', { ...path(id), body: { reason: '又堆了' } })).response
        .status,
    ).toBe(404);
    const reopened = ok(
      await citizen.POST('/api/cityops/events/{id}/reopen', { ...path(id), body: { reason: '第二天又堆满了' } }),
    );
    expect(reopened.status).toBe('dispatched');
    expect(reopened.rating).toBeNull();
    expect(ok(await grid01.GET('/api/cityops/grid/events')).items.map((e) => e.id)).toContain(id);
  });
});

describe('operator actions', () => {
  let id: string;

  it('reassigns to another grid: the first grid worker no longer sees it, the new one does', async () => {
    id = (await report(citizen, { categoryCode: 'air-pollution' })).id;
    // A grid worker, a department clerk and a supervisor may not dispatch.
    for (const c of [grid01, supervisor])
      expect((await c.POST('/api/cityops/events/{id}/escalate', { ...path(id), body: {} })).response.status).toBe(403);
    const [target] = await query<{ id: string }>(ctx, sql`select id from org.grids where code = ${GRID_002}`);
    const moved = ok(
      await operator.POST('/api/cityops/events/{id}/reassign', {
        ...path(id),
        body: { gridId: target!.id, note: '实际位置在海城社区' },
      }),
    );
    expect(moved.grid?.code).toBe(GRID_002);
    expect((await grid01.GET('/api/cityops/events/{id}', path(id))).response.status).toBe(404);
    expect(ok(await grid02.GET('/api/cityops/grid/events')).items.map((e) => e.id)).toContain(id);
    const bad = await operator.POST('/api/cityops/events/{id}/reassign', {
      ...path(id),
      body: { gridId: '01234567-89ab-7def-8123-456789abcdef' },
    });
    expect(errorCode(bad)).toBe('CITYOPS_PLACE_NOT_FOUND');
  });

  it('the handler returns a wrongly routed event with a reason; the operator sees it returned', async () => {
    const back = ok(
      await grid02.POST('/api/cityops/events/{id}/return', { ...path(id), body: { reason: '不属于本网格' } }),
    );
    expect(back.status).toBe('returned');
    const returned = ok(await operator.GET('/api/cityops/events', { params: { query: { status: 'returned' } } }));
    expect(returned.items.map((e) => e.id)).toContain(id);
    // The return is internal: the reporter's history does not show it.
    const history = ok(await citizen.GET('/api/cityops/events/{id}/history', path(id)));
    expect(history.items.map((u) => u.kind)).not.toContain('returned');
  });

  it('escalates (urgent, 4 working hours) and co-assigns a department, which then sees and handles it', async () => {
    const up = ok(
      await operator.POST('/api/cityops/events/{id}/escalate', { ...path(id), body: { note: '群众反映强烈' } }),
    );
    expect(up.urgent).toBe(true);
    expect(ok(await hud.GET('/api/cityops/events')).items.map((e) => e.id)).not.toContain(id);
    const [dept] = await query<{ id: string }>(ctx, sql`select id from org.departments where code = 'HUD'`);
    const co = ok(
      await operator.POST('/api/cityops/events/{id}/co-assign', { ...path(id), body: { departmentIds: [dept!.id] } }),
    );
    expect(co.coDepartments.map((d) => d.code)).toEqual(['HUD']);
    expect(ok(await hud.GET('/api/cityops/events')).items.map((e) => e.id)).toContain(id);
    ok(await hud.POST('/api/cityops/events/{id}/notes', { ...path(id), body: { note: '住建局配合处置' } }));
    // The responsible department (EEB) sees it; a co-assigned one may not close it.
    expect(ok(await eeb.GET('/api/cityops/events')).items.map((e) => e.id)).toContain(id);
    expect(
      (await hud.POST('/api/cityops/events/{id}/close', { ...path(id), body: { note: 'x' } })).response.status,
    ).toBe(403);
    const actions = (await audits(id)).map((a) => a.action);
    for (const a of [
      'cityops.event.dispatched',
      'cityops.event.returned',
      'cityops.event.escalated',
      'cityops.event.co_assigned',
    ])
      expect(actions).toContain(a);
  });

  it('lets the supervisor read the region but not act', async () => {
    const detail = ok(await supervisor.GET('/api/cityops/events/{id}', path(id)));
    expect(detail.viewer).toMatchObject({ staff: true, mayDispatch: false, mayClose: false });
    expect((await supervisor.POST('/api/cityops/events/{id}/accept', { ...path(id), body: {} })).response.status).toBe(
      403,
    );
  });
});

describe('near-duplicates and merging', () => {
  it('suggests the same category nearby and merges; the reporters follow the surviving event', async () => {
    const first = await report(citizen, { categoryCode: 'street-lighting' });
    const second = await report(stranger, { categoryCode: 'street-lighting', lat: point.lat + 0.0005 });
    const far = await report(stranger, { categoryCode: 'street-lighting', lat: point.lat - 0.01 });
    const dupes = ok(await operator.GET('/api/cityops/events/{id}/duplicates', path(second.id)));
    expect(dupes.items.map((d) => d.event.id)).toEqual([first.id]);
    expect(dupes.items[0]!.distanceMetres).toBeGreaterThan(40);
    expect(dupes.items.map((d) => d.event.id)).not.toContain(far.id);
    // A citizen may not ask for duplicates, nor merge.
    expect((await stranger.GET('/api/cityops/events/{id}/duplicates', path(second.id))).response.status).toBe(404);
    expect(
      (await grid01.POST('/api/cityops/events/{id}/merge', { ...path(second.id), body: { intoId: first.id } })).response
        .status,
    ).toBe(403);
    const other = await report(citizen, { categoryCode: 'garbage' });
    const wrong = await operator.POST('/api/cityops/events/{id}/merge', {
      ...path(second.id),
      body: { intoId: other.id },
    });
    expect(errorCode(wrong)).toBe('CITYOPS_MERGE_INVALID');
    const merged = ok(
      await operator.POST('/api/cityops/events/{id}/merge', { ...path(second.id), body: { intoId: first.id } }),
    );
    expect(merged.status).toBe('merged');
    expect(merged.mergedInto).toEqual({ id: first.id, number: first.number });
    // The second reporter now follows the first event, and sees it in 我的上报.
    expect(ok(await stranger.GET('/api/cityops/reports')).items.map((e) => e.id)).toContain(first.id);
    expect(ok(await stranger.GET('/api/cityops/events/{id}', path(first.id))).viewer.reporter).toBe(true);
  });
});

describe('patrol reports (巡查上报)', () => {
  it("files a grid worker's finding in their grid; a citizen cannot patrol", async () => {
    const found = ok(
      await grid01.POST('/api/cityops/patrol', {
        body: { categoryCode: 'illegal-ads', description: '电线杆上小广告' },
      }),
    );
    const detail = ok(await grid01.GET('/api/cityops/events/{id}', path(found.id)));
    expect(detail).toMatchObject({ source: 'patrol', status: 'dispatched' });
    expect(detail.grid?.code).toBe(GRID);
    const refused = await citizen.POST('/api/cityops/patrol', {
      body: { categoryCode: 'illegal-ads', description: 'x' },
    });
    expect(refused.response.status).toBe(403);
  });
});

describe('after 7 days', () => {
  it('refuses a reopening', async () => {
    const id = loopId;
    ok(await grid01.POST('/api/cityops/events/{id}/close', { ...path(id), body: { note: '再次清运' } }));
    ctx.clock.advance(8 * 24 * 3600_000);
    const again = await signInCitizen(ctx);
    const late = await again.POST('/api/cityops/events/{id}/reopen', { ...path(id), body: { reason: '还是有' } });
    expect(errorCode(late)).toBe('CITYOPS_REOPEN_EXPIRED');
  });
});
