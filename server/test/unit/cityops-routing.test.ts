/**
 * cityops' pure parts: the shipped polygons tile the city (every point of the outline lies in
 * exactly one community and one of its grids), address routing, and the access rules (an
 * operator sees only their city's events, a grid worker only their grid's, a department only
 * what is assigned or co-assigned to it, a supervisor reads and does not act).
 */
import { describe, expect, it } from 'vitest';
import type { Post, Principal } from '../../src/platform/auth.ts';
import { DEMO_COMMUNITIES, gridsOf } from '../../src/demo/city.ts';
import { CommunityMap, inRing } from '../../src/modules/cityops/cityops.routing.ts';
import { policy, scopeOf, standingOf, type Reach } from '../../src/modules/cityops/cityops.policy.ts';
import { createRng } from '../../src/platform/prng.ts';

const map = CommunityMap.load();
const features = map.geojson.features;

describe('the community polygons', () => {
  it('have one feature per community and grid of the demo city', () => {
    const codes = new Set(features.map((f) => f.properties.code));
    for (const c of DEMO_COMMUNITIES) {
      expect(codes.has(c.code), c.code).toBe(true);
      for (const g of gridsOf(c)) expect(codes.has(g.code), g.code).toBe(true);
    }
  });

  it('tile the city: a point of the outline is in exactly one community and exactly one of its grids', () => {
    const city = features.find((f) => f.properties.kind === 'city')!.geometry.coordinates[0]!;
    const communities = features.filter((f) => f.properties.kind === 'community');
    const grids = features.filter((f) => f.properties.kind === 'grid');
    const rng = createRng('cityops-tiling');
    let checked = 0;
    while (checked < 2_000) {
      const lng = 120.45 + rng.next() * 0.22;
      const lat = 27.47 + rng.next() * 0.16;
      if (!inRing(city, lng, lat)) continue;
      checked++;
      const inCommunities = communities.filter((f) => inRing(f.geometry.coordinates[0]!, lng, lat));
      expect(inCommunities, `${lat},${lng}`).toHaveLength(1);
      const inGrids = grids.filter((f) => inRing(f.geometry.coordinates[0]!, lng, lat));
      expect(inGrids, `${lat},${lng}`).toHaveLength(1);
      expect(inGrids[0]!.properties.communityCode).toBe(inCommunities[0]!.properties.code);
      expect(map.locate(lat, lng)).toEqual({
        communityCode: inCommunities[0]!.properties.code,
        gridCode: inGrids[0]!.properties.code,
      });
    }
  });

  it('route an address by the community it names, else nowhere', () => {
    expect(map.byAddress('龙港市龙江社区江滨路1号')).toBe('330383000001');
    expect(map.byAddress('龙江路1号')).toBe('330383000001');
    expect(map.byAddress('北京市海淀区')).toBeNull();
  });

  it('give a point inside every grid (for seeds and tests)', () => {
    for (const c of DEMO_COMMUNITIES.slice(0, 10))
      for (const g of gridsOf(c)) {
        const p = map.pointIn(g.code)!;
        expect(map.locate(p.lat, p.lng)?.gridCode).toBe(g.code);
      }
  });
});

const post = (x: Partial<Post>): Post => ({
  id: 'post',
  departmentId: null,
  departmentCode: null,
  departmentName: null,
  regionCode: '330383',
  communityId: null,
  communityName: null,
  gridId: null,
  title: '',
  roles: [],
  ...x,
});
const principal = (posts: Post[], accountId = 'a1'): Principal => ({
  accountId,
  kind: posts.length ? 'staff' : 'citizen',
  displayName: 'x',
  roles: new Set(posts.flatMap((p) => p.roles)),
  posts,
  assuranceLevel: 'id_verified',
  actingAs: null,
  sessionId: 's',
  csrfToken: 'c',
});
const event: Reach = {
  region_code: '330383',
  grid_id: 'g1',
  department_id: 'd1',
  co_department_ids: ['d2'],
  reporter_account_id: 'citizen1',
};
const standing = (p: Principal, e: Reach = event, following = false) => standingOf(scopeOf(p), e, following);

describe('access to an event', () => {
  it("lets an operator see and dispatch their city's events, not another city's", () => {
    const op = principal([post({ roles: ['city_operator'] })]);
    expect(standing(op)).toMatchObject({ operator: true, staff: true });
    expect(() => policy.dispatch(standing(op))).not.toThrow();
    const elsewhere = standing(op, { ...event, region_code: '330302' });
    expect(elsewhere.staff).toBe(false);
    expect(() => policy.dispatch(elsewhere)).toThrow();
  });

  it("lets a grid worker see their grid's events only, and not dispatch", () => {
    const worker = principal([post({ roles: ['grid_worker'], gridId: 'g1' })]);
    expect(standing(worker)).toMatchObject({ gridWorker: true, staff: true });
    expect(() => policy.close(standing(worker))).not.toThrow();
    expect(() => policy.dispatch(standing(worker))).toThrow();
    const other = principal([post({ roles: ['grid_worker'], gridId: 'g2' })]);
    expect(standing(other).staff).toBe(false);
  });

  it('lets a department see what is assigned or co-assigned; only the responsible one closes', () => {
    const main = principal([post({ roles: ['clerk'], departmentId: 'd1' })]);
    const co = principal([post({ roles: ['reviewer'], departmentId: 'd2' })]);
    const none = principal([post({ roles: ['approver'], departmentId: 'd3' })]);
    expect(() => policy.close(standing(main))).not.toThrow();
    expect(standing(co)).toMatchObject({ coDepartment: true, staff: true });
    expect(() => policy.handle(standing(co))).not.toThrow();
    expect(() => policy.close(standing(co))).toThrow();
    expect(standing(none).staff).toBe(false);
  });

  it('lets a supervisor read the region and do nothing', () => {
    const sup = principal([post({ roles: ['supervisor'] })]);
    const st = standing(sup);
    expect(st).toMatchObject({ supervisor: true, staff: true });
    for (const check of [policy.dispatch, policy.handle, policy.close, policy.giveBack, policy.reporter])
      expect(() => check(st)).toThrow();
  });

  it('lets the reporter and followers rate and reopen; another citizen sees nothing', () => {
    expect(standing(principal([], 'citizen1')).follower).toBe(true);
    expect(standing(principal([], 'citizen2'), event, true).follower).toBe(true);
    const stranger = standing(principal([], 'citizen3'));
    expect(stranger.follower || stranger.staff).toBe(false);
    expect(() => policy.reporter(stranger)).toThrow();
  });
});
