/**
 * The flat structure of the demo city (15 departments, 92 communities with grids), the
 * staff directory, staff posts and their roles, the community roster and its reveal.
 */
import { sql } from 'kysely';
import type { CommunitySummary, Department, Me, PostBody, paths } from '../../../contract/openapi.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_COMMUNITIES, DEMO_DEPARTMENTS, gridsOf } from '../../src/demo/city.ts';
import { PII } from '../../src/platform/pii.ts';
import {
  client,
  createStaff,
  createTestApp,
  errorCode,
  ok,
  query,
  registerCitizen,
  signInCitizen,
  signInStaff,
  type Client,
  type TestContext,
} from '../helpers.ts';

let ctx: TestContext;
let sysadmin: Client;
let departments: Department[];
const dept = (code: string) => departments.find((d) => d.code === code)!;
let community1: CommunitySummary;
let community2: CommunitySummary;

type CommunitiesQuery = NonNullable<paths['/api/org/communities']['get']['parameters']['query']>;
type StaffQuery = NonNullable<paths['/api/org/staff']['get']['parameters']['query']>;
type RosterQuery = NonNullable<paths['/api/org/communities/{id}/residents']['get']['parameters']['query']>;
const anon = () => client(ctx, '10.6.9.9');
const byId = (id: string) => ({ params: { path: { id } } });
const departmentList = async () => ok(await anon().GET('/api/org/departments')).items;
const communities = async (query: CommunitiesQuery) =>
  ok(await anon().GET('/api/org/communities', { params: { query } }));
const community = (id: string) => anon().GET('/api/org/communities/{id}', byId(id));
const staffDirectory = (c: Client, query: StaffQuery) => c.GET('/api/org/staff', { params: { query } });
const givePost = (c: Client, body: PostBody) => c.POST('/api/org/posts', { body });
const endPost = (c: Client, id: string) => c.DELETE('/api/org/posts/{id}', byId(id));
const roster = (c: Client, id: string, query: RosterQuery) =>
  c.GET('/api/org/communities/{id}/residents', { params: { path: { id }, query } });
const reveal = (c: Client, id: string, purpose: string) =>
  c.POST('/api/org/residents/{id}/reveal', { ...byId(id), body: { purpose } });
const meOf = async (c: Client) => ok(await c.GET('/api/me'));
const dataAccess = (c: Client) => c.GET('/api/me/data-access');

beforeAll(async () => {
  ctx = await createTestApp({ residents: 400 });
  sysadmin = await signInStaff(ctx, 'sysadmin', '10.6.0.1');
  departments = await departmentList();
  const page = (await communities({ page: 1, pageSize: 2 })).items;
  community1 = page[0]!;
  community2 = page[1]!;
});
afterAll(async () => {
  await ctx.teardown();
});

const withoutRequestId = (body: { error: Record<string, unknown> } | undefined) => {
  const { requestId: _r, ...rest } = body!.error;
  return rest;
};

describe('structure (public)', () => {
  it('lists the 15 departments with codes, names and valid USCCs', async () => {
    const items = await departmentList();
    expect(items).toHaveLength(15);
    expect(items.map((d) => d.code).sort()).toEqual(DEMO_DEPARTMENTS.map((d) => d.code).sort());
    for (const d of items) {
      expect(d.regionCode).toBe('330383');
      expect(d.uscc).toMatch(/^11330383[0-9A-Z]{10}$/);
    }
    expect(items.find((d) => d.code === 'ASB')!.staffCount).toBeGreaterThanOrEqual(5);
  });

  it('pages through the 92 communities', async () => {
    const first = await communities({ page: 1, pageSize: 20 });
    expect(first.total).toBe(92);
    expect(first.items).toHaveLength(20);
    expect(first.items[0]!.code).toBe('330383000001');
    const last = await communities({ page: 5, pageSize: 20 });
    expect(last.total).toBe(92);
    expect(last.items).toHaveLength(12);
    expect(last.items.at(-1)!.code).toBe('330383000092');
    const beyond = await communities({ page: 6, pageSize: 20 });
    expect(beyond.items).toEqual([]);
    expect(beyond.total).toBe(92);
    const all = (await communities({ page: 1, pageSize: 200 })).items;
    expect(new Set(all.map((c) => c.code)).size).toBe(92);
    const expectedGrids = DEMO_COMMUNITIES.reduce((n, c) => n + c.gridCount, 0);
    expect(all.reduce((n, c) => n + c.gridCount, 0)).toBe(expectedGrids);
  });

  it('searches communities by name and by code', async () => {
    const target = DEMO_COMMUNITIES[41]!;
    const search = (q: string) => communities({ page: 1, pageSize: 50, q });
    const byName = await search(target.name);
    expect(byName.items.map((c) => c.code)).toContain(target.code);
    for (const c of byName.items) expect(c.name).toContain(target.name);
    const byCode = await search(target.code);
    expect(byCode.total).toBe(1);
    expect(byCode.items[0]!.name).toBe(target.name);
    const byPrefix = await search('33038300001');
    expect(byPrefix.total).toBe(10); // 010 … 019
    const byEnglish = await search(target.nameEn.toUpperCase());
    expect(byEnglish.items.map((c) => c.code)).toContain(target.code);
    const none = await search('zzzz-nothing');
    expect(none).toEqual({ items: [], total: 0 });
  });

  it('treats % and _ typed into the search as plain characters, not LIKE wildcards', async () => {
    const pct = await communities({ page: 1, pageSize: 50, q: '%' });
    expect(pct.total).toBe(0);
    const underscore = await communities({ page: 1, pageSize: 50, q: '3303830000_1' });
    expect(underscore.total).toBe(0);
  });

  it('shows a community with its grids', async () => {
    const res = await community(community1.id);
    expect(res.response.status).toBe(200);
    const c = ok(res);
    const demo = DEMO_COMMUNITIES[0]!;
    expect(c.code).toBe(demo.code);
    expect(c.name).toBe(demo.name);
    expect(c.grids.map((g) => g.code)).toEqual(gridsOf(demo).map((g) => g.code));
    expect(c.grids.reduce((n, g) => n + g.residentCount, 0)).toBeLessThanOrEqual(c.residentCount);
    expect(c.residentCount).toBeGreaterThan(0);
    const missing = await community('0192f5a0-0000-7000-8000-000000000000');
    expect(missing.response.status).toBe(404);
    expect(errorCode(missing)).toBe('COMMUNITY_NOT_FOUND');
  });
});

describe('staff directory', () => {
  it('is for staff only: anonymous 401, citizen 403', async () => {
    const nobody = await staffDirectory(client(ctx), { page: 1, pageSize: 10 });
    expect(nobody.response.status).toBe(401);
    const citizen = await signInCitizen(ctx, undefined, undefined, '10.6.0.2');
    const res = await staffDirectory(citizen, { page: 1, pageSize: 10 });
    expect(res.response.status).toBe(403);
    expect(errorCode(res)).toBe('FORBIDDEN');
  });

  it('lists staff with their posts, filtered by department, with phone numbers masked', async () => {
    const withPhone = await createStaff(ctx, sysadmin, 'phone.person', { phone: '13912345678' });
    const post = await givePost(sysadmin, {
      accountId: withPhone.accountId,
      departmentId: dept('ASB').id,
      title: '窗口受理员',
      roles: ['clerk'],
    });
    expect(post.response.status, JSON.stringify(post.error)).toBe(201);
    const clerk = await signInStaff(ctx, 'clerk01', '10.6.0.3');
    const res = await staffDirectory(clerk, { page: 1, pageSize: 200, departmentId: dept('ASB').id });
    expect(res.response.status).toBe(200);
    expect(JSON.stringify(res.data)).not.toContain('13912345678');
    const { items, total } = ok(res);
    expect(items.length).toBe(total);
    for (const s of items) expect(s.posts.some((p) => p.departmentId === dept('ASB').id)).toBe(true);
    expect(items.map((s) => s.username)).toEqual(
      expect.arrayContaining(['clerk01', 'reviewer01', 'approver01', 'deptadmin01', 'supervisor01', 'phone.person']),
    );
    expect(items.find((s) => s.username === 'phone.person')!.phoneMasked).toBe('139****5678');
    expect(items.map((s) => s.username)).not.toContain('operator01'); // CLE
  });

  it('searches the staff directory by q', async () => {
    const clerk = await signInStaff(ctx, 'clerk01', '10.6.0.4');
    const res = await staffDirectory(clerk, { page: 1, pageSize: 200, q: 'reviewer01' });
    expect(res.response.status).toBe(200);
    // A substring: the app reviewer (appreviewer01) is in the same department.
    expect(ok(res).items.map((s) => s.username)).toEqual(['reviewer01', 'appreviewer01']);
  });
});

describe('staff posts', () => {
  it('the system admin gives a post; its roles reach GET /api/me on the next request; ending it removes them', async () => {
    const staff = await createStaff(ctx, sysadmin, 'new.post.holder');
    expect((await meOf(staff.client)).roles).toEqual([]);
    const before = dept('CLE').staffCount;
    const res = await givePost(sysadmin, {
      accountId: staff.accountId,
      departmentId: dept('CLE').id,
      title: '值班员',
      roles: ['city_operator', 'supervisor'],
    });
    expect(res.response.status, JSON.stringify(res.error)).toBe(201);
    const post = ok(res);
    expect(post.departmentId).toBe(dept('CLE').id);
    expect(post.departmentName).toBe(dept('CLE').name);
    expect(post.regionCode).toBe('330383');
    expect(post.roles).toEqual(['city_operator', 'supervisor']);
    const me = await meOf(staff.client);
    expect(me.roles).toEqual(['city_operator', 'supervisor']);
    expect(me.posts.map((p) => p.id)).toEqual([post.id]);
    const deps = await departmentList();
    expect(deps.find((d) => d.code === 'CLE')!.staffCount).toBe(before + 1);

    expect((await endPost(sysadmin, post.id)).response.status).toBe(204);
    const after = await meOf(staff.client);
    expect(after.roles).toEqual([]);
    expect(after.posts).toEqual([]);
    const again = await endPost(sysadmin, post.id);
    expect(again.response.status).toBe(404);
    expect(errorCode(again)).toBe('POST_NOT_FOUND');
    const audit = await query<{ n: number }>(
      ctx,
      sql`select count(*)::int as n from platform.audit_log where resource_id = ${post.id} and action in ('org.post.created', 'org.post.ended')`,
    );
    expect(audit[0]!.n).toBe(2);
  });

  it('a department admin gives clerk posts in their own department only', async () => {
    const deptadmin = await signInStaff(ctx, 'deptadmin01', '10.6.0.5');
    const staff = await createStaff(ctx, sysadmin, 'asb.newcomer');
    const given = await givePost(deptadmin, {
      accountId: staff.accountId,
      departmentId: dept('ASB').id,
      title: '综合窗口',
      roles: ['clerk'],
    });
    expect(given.response.status, JSON.stringify(given.error)).toBe(201);
    expect((await meOf(staff.client)).roles).toEqual(['clerk']);

    const otherDept = await givePost(deptadmin, {
      accountId: staff.accountId,
      departmentId: dept('CLE').id,
      title: '跨部门',
      roles: ['clerk'],
    });
    expect(otherDept.response.status).toBe(403);
    expect(errorCode(otherDept)).toBe('FORBIDDEN');
    const adminRole = await givePost(deptadmin, {
      accountId: staff.accountId,
      departmentId: dept('ASB').id,
      title: '副管理员',
      roles: ['department_admin'],
    });
    expect(adminRole.response.status).toBe(403);
    const mixed = await givePost(deptadmin, {
      accountId: staff.accountId,
      departmentId: dept('ASB').id,
      title: '混合',
      roles: ['clerk', 'grid_worker'],
    });
    expect(mixed.response.status).toBe(403);
    const community = await givePost(deptadmin, {
      accountId: staff.accountId,
      departmentId: null,
      communityId: community1.id,
      title: '网格',
      roles: ['clerk'],
    });
    expect(community.response.status).toBe(403);
    expect((await meOf(staff.client)).roles).toEqual(['clerk']);

    // a clerk cannot give posts at all, a citizen neither
    const clerk = await signInStaff(ctx, 'clerk01', '10.6.0.6');
    expect(
      (
        await givePost(clerk, {
          accountId: staff.accountId,
          departmentId: dept('ASB').id,
          title: 'x',
          roles: ['clerk'],
        })
      ).response.status,
    ).toBe(403);
    const citizen = await signInCitizen(ctx, undefined, undefined, '10.6.0.7');
    expect(
      (
        await givePost(citizen, {
          accountId: staff.accountId,
          departmentId: dept('ASB').id,
          title: 'x',
          roles: ['clerk'],
        })
      ).response.status,
    ).toBe(403);

    // the department admin may end the clerk post, but not a post in another department
    expect((await endPost(clerk, ok(given).id)).response.status).toBe(403);
    expect((await endPost(deptadmin, ok(given).id)).response.status).toBe(204);
    expect((await meOf(staff.client)).roles).toEqual([]);
    const cle = await givePost(sysadmin, {
      accountId: staff.accountId,
      departmentId: dept('CLE').id,
      title: '外部',
      roles: ['clerk'],
    });
    expect((await endPost(deptadmin, ok(cle).id)).response.status).toBe(403);
  });

  it('checks the account, the department, the community and its grid', async () => {
    const citizen = await registerCitizen(ctx);
    const notStaff = await givePost(sysadmin, {
      accountId: citizen.id,
      departmentId: dept('ASB').id,
      title: 'x',
      roles: ['clerk'],
    });
    expect(notStaff.response.status).toBe(404);
    expect(errorCode(notStaff)).toBe('ACCOUNT_NOT_FOUND');
    const staff = await createStaff(ctx, sysadmin, 'placement.test');
    const noDept = await givePost(sysadmin, {
      accountId: staff.accountId,
      departmentId: '0192f5a0-0000-7000-8000-000000000000',
      title: 'x',
      roles: ['clerk'],
    });
    expect(errorCode(noDept)).toBe('DEPARTMENT_NOT_FOUND');
    const nowhere = await givePost(sysadmin, {
      accountId: staff.accountId,
      departmentId: null,
      title: 'x',
      roles: ['clerk'],
    });
    expect(nowhere.response.status).toBe(400);
    expect(errorCode(nowhere)).toBe('POST_NEEDS_PLACE');
    const grid2 = ok(await community(community2.id)).grids[0]!.id;
    const wrongGrid = await givePost(sysadmin, {
      accountId: staff.accountId,
      departmentId: null,
      communityId: community1.id,
      gridId: grid2,
      title: 'x',
      roles: ['grid_worker'],
    });
    expect(errorCode(wrongGrid)).toBe('GRID_NOT_IN_COMMUNITY');
    const gridOnly = await givePost(sysadmin, {
      accountId: staff.accountId,
      departmentId: null,
      gridId: grid2,
      title: 'x',
      roles: ['grid_worker'],
    });
    expect(errorCode(gridOnly)).toBe('GRID_NEEDS_COMMUNITY');
    const dupRoles = await givePost(sysadmin, {
      accountId: staff.accountId,
      departmentId: dept('ASB').id,
      title: 'x',
      roles: ['clerk', 'clerk'],
    });
    expect(dupRoles.response.status).toBe(400);
    expect((await meOf(staff.client)).posts).toEqual([]);
  });
});

describe('community roster (实有人口)', () => {
  let grid01: Client;
  let grid01Me: Me;

  beforeAll(async () => {
    grid01 = await signInStaff(ctx, 'grid01', '10.6.1.1');
    grid01Me = await meOf(grid01);
  });

  it('grid01 sees the roster of their grid, masked', async () => {
    const post = grid01Me.posts[0]!;
    expect(post.communityId).toBe(community1.id);
    const res = await roster(grid01, community1.id, { page: 1, pageSize: 200, gridId: post.gridId! });
    expect(res.response.status, JSON.stringify(res.error)).toBe(200);
    const body = ok(res);
    // The rows' ids left out: a UUID's random digits can read like a phone number.
    const text = JSON.stringify(body, (key, value: unknown) => (key === 'id' || key === 'gridId' ? undefined : value));
    expect(body.total).toBeGreaterThan(0);
    expect(body.items).toHaveLength(body.total);
    for (const r of body.items) {
      expect(r.gridId).toBe(post.gridId);
      expect(r.idNumberMasked).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
      if (r.phoneMasked) expect(r.phoneMasked).toMatch(/^\d{3}\*{4}\d{4}$/);
      expect(r.nameMasked).toContain('*');
    }
    expect(text).not.toMatch(/\d{17}[\dX]/); // no full ID number anywhere
    expect(text).not.toMatch(/1[3-9]\d{9}/); // no full mobile number anywhere
    expect(text).not.toContain('陈晓明'); // the demo citizen lives here, unmasked name nowhere
  });

  it('a grid-level worker asking for the community sees only their own grid, and never another grid', async () => {
    const myGrid = grid01Me.posts[0]!.gridId!;
    const whole = await roster(grid01, community1.id, { page: 1, pageSize: 200 });
    expect(whole.response.status).toBe(200);
    const detail = ok(await community(community1.id));
    const mine = detail.grids.find((g) => g.id === myGrid)!;
    expect(ok(whole).total).toBe(mine.residentCount);
    expect(ok(whole).total).toBeLessThan(detail.residentCount);
    for (const r of ok(whole).items) expect(r.gridId).toBe(myGrid);
    const otherGrid = detail.grids.find((g) => g.id !== myGrid)!;
    const other = await roster(grid01, community1.id, { page: 1, pageSize: 20, gridId: otherGrid.id });
    expect(other.response.status).toBe(404);
    expect(errorCode(other)).toBe('COMMUNITY_NOT_FOUND');
  });

  it('a community-level worker sees the whole community, masked', async () => {
    const staff = await createStaff(ctx, sysadmin, 'community.worker');
    expect(
      (
        await givePost(sysadmin, {
          accountId: staff.accountId,
          departmentId: null,
          communityId: community1.id,
          title: '社区专干',
          roles: ['grid_worker'],
        })
      ).response.status,
    ).toBe(201);
    const res = await roster(staff.client, community1.id, { page: 1, pageSize: 200 });
    expect(res.response.status).toBe(200);
    const detail = ok(await community(community1.id));
    expect(ok(res).total).toBe(detail.residentCount);
    for (const r of ok(res).items) expect(r.idNumberMasked).toMatch(/\*{8}/);
    expect(JSON.stringify(res.data)).not.toMatch(/\d{17}[\dX]/);
  });

  it("another community's roster, a clerk, a citizen: 404 as if it did not exist; anonymous 401", async () => {
    const page = { page: 1, pageSize: 20 };
    const other = await roster(grid01, community2.id, page);
    expect(other.response.status).toBe(404);
    expect(errorCode(other)).toBe('COMMUNITY_NOT_FOUND');
    const missing = await roster(grid01, '0192f5a0-0000-7000-8000-000000000000', page);
    expect(withoutRequestId(missing.error)).toEqual(withoutRequestId(other.error));
    const clerk = await signInStaff(ctx, 'clerk01', '10.6.1.2');
    const byClerk = await roster(clerk, community1.id, { ...page, gridId: grid01Me.posts[0]!.gridId! });
    expect(byClerk.response.status).toBe(404);
    expect(errorCode(byClerk)).toBe('COMMUNITY_NOT_FOUND');
    const citizen = await signInCitizen(ctx, undefined, undefined, '10.6.1.3');
    expect((await roster(citizen, community1.id, page)).response.status).toBe(404);
    expect((await roster(client(ctx), community1.id, page)).response.status).toBe(401);
  });

  it('reveals one resident for a stated purpose, audited and logged for the person', async () => {
    const rows = ok(
      await roster(grid01, community1.id, { page: 1, pageSize: 200, gridId: grid01Me.posts[0]!.gridId! }),
    );
    const target = rows.items[0]!;
    const short = await reveal(grid01, target.id, '看');
    expect(short.response.status).toBe(400);
    const res = await reveal(grid01, target.id, '入户走访核实信息');
    expect(res.response.status, JSON.stringify(res.error)).toBe(200);
    const full = ok(res);
    expect(full.id).toBe(target.id);
    expect(full.idNumber).toMatch(/^\d{17}[\dX]$/);
    expect(full.idNumber.slice(0, 6)).toBe(target.idNumberMasked.slice(0, 6));
    expect(full.idNumber.slice(-4)).toBe(target.idNumberMasked.slice(-4));
    expect(full.name).not.toContain('*');

    const audits = await query<{ actor_id: string; request_id: string; detail: { purpose: string } }>(
      ctx,
      sql`select actor_id, request_id, detail from platform.audit_log where action = 'org.resident.revealed' and resource_id = ${target.id}`,
    );
    expect(audits).toHaveLength(1);
    expect(audits[0]!.actor_id).toBe(grid01Me.id);
    expect(audits[0]!.request_id).toBe(res.response.headers.get('x-request-id'));
    expect(audits[0]!.detail).toEqual({ purpose: '入户走访核实信息' });
    expect(JSON.stringify(audits[0]!.detail)).not.toContain(full.idNumber);

    const subjectIndex = ctx.platform.protector.blindIndex(full.idNumber, PII.citizenId);
    const access = await query<{
      subject_index: string;
      accessor_id: string;
      accessor_name: string;
      organisation: string;
      purpose: string;
      fields: string[];
      resource_id: string;
      request_id: string;
    }>(
      ctx,
      sql`select subject_index, accessor_id, accessor_name, organisation, purpose, fields, resource_id, request_id from platform.personal_data_access where resource_id = ${target.id}`,
    );
    expect(access).toHaveLength(1);
    expect(access[0]!.subject_index).toBe(subjectIndex);
    expect(access[0]!.accessor_id).toBe(grid01Me.id);
    expect(access[0]!.accessor_name).toBe('杨帆');
    expect(access[0]!.organisation).toBe(DEMO_COMMUNITIES[0]!.name);
    expect(access[0]!.purpose).toBe('入户走访核实信息');
    expect(access[0]!.fields).toEqual(['name', 'idNumber', 'phone', 'address']);
    expect(access[0]!.request_id).toBe(res.response.headers.get('x-request-id'));
  });

  it('the person sees who read their data and why; another person sees nothing of it', async () => {
    const citizen = await signInCitizen(ctx, undefined, undefined, '10.6.1.5');
    const me = await meOf(citizen);
    const before = ok(await dataAccess(citizen)).items;
    const rows = ok(await roster(grid01, community1.id, { page: 1, pageSize: 200 }));
    const row = rows.items.find((r) => r.idNumberMasked === me.idNumberMasked)!;
    expect(row).toBeTruthy();
    expect((await reveal(grid01, row.id, '核实独居老人关爱名单')).response.status).toBe(200);
    const seen = ok(await dataAccess(citizen)).items;
    expect(seen).toHaveLength(before.length + 1);
    expect(seen[0]).toMatchObject({
      accessorName: '杨帆',
      purpose: '核实独居老人关爱名单',
      organisation: DEMO_COMMUNITIES[0]!.name,
      fields: ['name', 'idNumber', 'phone', 'address'],
    });
    const other = await registerCitizen(ctx);
    expect(ok(await dataAccess(other.client)).items).toEqual([]);
    expect((await dataAccess(client(ctx))).response.status).toBe(401);
  });

  it('a reveal the caller may not make answers exactly like a resident that does not exist, and logs nothing', async () => {
    const rows = ok(await roster(grid01, community1.id, { page: 1, pageSize: 1, gridId: grid01Me.posts[0]!.gridId! }));
    const target = rows.items[0]!.id;
    const clerk = await signInStaff(ctx, 'clerk01', '10.6.1.4');
    const forbidden = await reveal(clerk, target, '好奇看看而已');
    const missing = await reveal(clerk, '0192f5a0-0000-7000-8000-000000000000', '好奇看看而已');
    expect(forbidden.response.status).toBe(404);
    expect(missing.response.status).toBe(404);
    const logged = await query<{ n: number }>(
      ctx,
      sql`select count(*)::int as n from platform.personal_data_access where purpose = '好奇看看而已'`,
    );
    expect(logged[0]!.n).toBe(0);
    expect(withoutRequestId(forbidden.error)).toEqual(withoutRequestId(missing.error));
  });
});
