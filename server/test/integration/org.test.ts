/**
 * The flat structure of the demo city (15 departments, 92 communities with grids), the
 * staff directory, staff posts and their roles, the community roster and its reveal.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_COMMUNITIES, DEMO_DEPARTMENTS, gridsOf } from '../../src/demo/city.ts';
import { PII } from '../../src/platform/pii.ts';
import {
  client,
  createStaff,
  createTestApp,
  errorCode,
  query,
  registerCitizen,
  signInCitizen,
  signInStaff,
  type Client,
  type TestContext,
} from '../helpers.ts';

let ctx: TestContext;
let sysadmin: Client;
let departments: { id: string; code: string; name: string; staffCount: number }[];
const dept = (code: string) => departments.find((d) => d.code === code)!;
let community1: { id: string; code: string };
let community2: { id: string; code: string };

beforeAll(async () => {
  ctx = await createTestApp({ residents: 400 });
  sysadmin = await signInStaff(ctx, 'sysadmin', '10.6.0.1');
  departments = (await ctx.app.inject('/api/org/departments')).json().items;
  const page = (await ctx.app.inject('/api/org/communities?page=1&pageSize=2')).json().items;
  community1 = page[0];
  community2 = page[1];
});
afterAll(async () => {
  await ctx.teardown();
});

const withoutRequestId = (body: { error: Record<string, unknown> }) => {
  const { requestId: _r, ...rest } = body.error;
  return rest;
};

describe('structure (public)', () => {
  it('lists the 15 departments with codes, names and valid USCCs', async () => {
    const res = await ctx.app.inject('/api/org/departments');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as {
      code: string;
      name: string;
      uscc: string;
      regionCode: string;
      staffCount: number;
    }[];
    expect(items).toHaveLength(15);
    expect(items.map((d) => d.code).sort()).toEqual(DEMO_DEPARTMENTS.map((d) => d.code).sort());
    for (const d of items) {
      expect(d.regionCode).toBe('330383');
      expect(d.uscc).toMatch(/^11330383[0-9A-Z]{10}$/);
    }
    expect(items.find((d) => d.code === 'ASB')!.staffCount).toBeGreaterThanOrEqual(5);
  });

  it('pages through the 92 communities', async () => {
    const first = (await ctx.app.inject('/api/org/communities?page=1&pageSize=20')).json();
    expect(first.total).toBe(92);
    expect(first.items).toHaveLength(20);
    expect(first.items[0].code).toBe('330383000001');
    const last = (await ctx.app.inject('/api/org/communities?page=5&pageSize=20')).json();
    expect(last.total).toBe(92);
    expect(last.items).toHaveLength(12);
    expect(last.items.at(-1).code).toBe('330383000092');
    const beyond = (await ctx.app.inject('/api/org/communities?page=6&pageSize=20')).json();
    expect(beyond.items).toEqual([]);
    expect(beyond.total).toBe(92);
    const all = (await ctx.app.inject('/api/org/communities?page=1&pageSize=200')).json().items as {
      code: string;
      gridCount: number;
    }[];
    expect(new Set(all.map((c) => c.code)).size).toBe(92);
    const expectedGrids = DEMO_COMMUNITIES.reduce((n, c) => n + c.gridCount, 0);
    expect(all.reduce((n, c) => n + c.gridCount, 0)).toBe(expectedGrids);
  });

  it('searches communities by name and by code', async () => {
    const target = DEMO_COMMUNITIES[41]!;
    const byName = (
      await ctx.app.inject(`/api/org/communities?page=1&pageSize=50&q=${encodeURIComponent(target.name)}`)
    ).json();
    expect(byName.items.map((c: { code: string }) => c.code)).toContain(target.code);
    for (const c of byName.items) expect(c.name).toContain(target.name);
    const byCode = (await ctx.app.inject(`/api/org/communities?page=1&pageSize=50&q=${target.code}`)).json();
    expect(byCode.total).toBe(1);
    expect(byCode.items[0].name).toBe(target.name);
    const byPrefix = (await ctx.app.inject('/api/org/communities?page=1&pageSize=50&q=33038300001')).json();
    expect(byPrefix.total).toBe(10); // 010 … 019
    const byEnglish = (
      await ctx.app.inject(
        `/api/org/communities?page=1&pageSize=50&q=${encodeURIComponent(target.nameEn.toUpperCase())}`,
      )
    ).json();
    expect(byEnglish.items.map((c: { code: string }) => c.code)).toContain(target.code);
    const none = (await ctx.app.inject('/api/org/communities?page=1&pageSize=50&q=zzzz-nothing')).json();
    expect(none).toEqual({ items: [], total: 0 });
  });

  it('treats % and _ typed into the search as plain characters, not LIKE wildcards', async () => {
    const pct = (await ctx.app.inject('/api/org/communities?page=1&pageSize=50&q=%25')).json();
    expect(pct.total).toBe(0);
    const underscore = (await ctx.app.inject('/api/org/communities?page=1&pageSize=50&q=3303830000_1')).json();
    expect(underscore.total).toBe(0);
  });

  it('shows a community with its grids', async () => {
    const res = await ctx.app.inject(`/api/org/communities/${community1.id}`);
    expect(res.statusCode).toBe(200);
    const c = res.json();
    const demo = DEMO_COMMUNITIES[0]!;
    expect(c.code).toBe(demo.code);
    expect(c.name).toBe(demo.name);
    expect(c.grids.map((g: { code: string }) => g.code)).toEqual(gridsOf(demo).map((g) => g.code));
    expect(c.grids.reduce((n: number, g: { residentCount: number }) => n + g.residentCount, 0)).toBeLessThanOrEqual(
      c.residentCount,
    );
    expect(c.residentCount).toBeGreaterThan(0);
    const missing = await ctx.app.inject('/api/org/communities/0192f5a0-0000-7000-8000-000000000000');
    expect(missing.statusCode).toBe(404);
    expect(errorCode(missing)).toBe('COMMUNITY_NOT_FOUND');
  });
});

describe('staff directory', () => {
  it('is for staff only: anonymous 401, citizen 403', async () => {
    const anon = await client(ctx).get('/api/org/staff?page=1&pageSize=10');
    expect(anon.statusCode).toBe(401);
    const citizen = await signInCitizen(ctx, undefined, undefined, '10.6.0.2');
    const res = await citizen.get('/api/org/staff?page=1&pageSize=10');
    expect(res.statusCode).toBe(403);
    expect(errorCode(res)).toBe('FORBIDDEN');
  });

  it('lists staff with their posts, filtered by department, with phone numbers masked', async () => {
    const withPhone = await createStaff(ctx, sysadmin, 'phone.person', { phone: '13912345678' });
    const post = await sysadmin.post('/api/org/posts', {
      accountId: withPhone.accountId,
      departmentId: dept('ASB').id,
      title: '窗口受理员',
      roles: ['clerk'],
    });
    expect(post.statusCode, post.body).toBe(201);
    const clerk = await signInStaff(ctx, 'clerk01', '10.6.0.3');
    const res = await clerk.get(`/api/org/staff?page=1&pageSize=200&departmentId=${dept('ASB').id}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('13912345678');
    const items = res.json().items as {
      accountId: string;
      username: string;
      phoneMasked: string | null;
      posts: { departmentId: string }[];
    }[];
    expect(items.length).toBe(res.json().total);
    for (const s of items) expect(s.posts.some((p) => p.departmentId === dept('ASB').id)).toBe(true);
    expect(items.map((s) => s.username)).toEqual(
      expect.arrayContaining(['clerk01', 'reviewer01', 'approver01', 'deptadmin01', 'supervisor01', 'phone.person']),
    );
    expect(items.find((s) => s.username === 'phone.person')!.phoneMasked).toBe('139****5678');
    expect(items.map((s) => s.username)).not.toContain('operator01'); // CLE
  });

  it('searches the staff directory by q', async () => {
    const clerk = await signInStaff(ctx, 'clerk01', '10.6.0.4');
    const res = await clerk.get('/api/org/staff?page=1&pageSize=200&q=reviewer01');
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((s: { username: string }) => s.username)).toEqual(['reviewer01']);
  });
});

describe('staff posts', () => {
  it('the system admin gives a post; its roles reach GET /api/me on the next request; ending it removes them', async () => {
    const staff = await createStaff(ctx, sysadmin, 'new.post.holder');
    expect((await staff.client.get('/api/me')).json().roles).toEqual([]);
    const before = dept('CLE').staffCount;
    const res = await sysadmin.post('/api/org/posts', {
      accountId: staff.accountId,
      departmentId: dept('CLE').id,
      title: '值班员',
      roles: ['city_operator', 'supervisor'],
    });
    expect(res.statusCode, res.body).toBe(201);
    const post = res.json();
    expect(post.departmentId).toBe(dept('CLE').id);
    expect(post.departmentName).toBe(dept('CLE').name);
    expect(post.regionCode).toBe('330383');
    expect(post.roles).toEqual(['city_operator', 'supervisor']);
    const me = (await staff.client.get('/api/me')).json();
    expect(me.roles).toEqual(['city_operator', 'supervisor']);
    expect(me.posts.map((p: { id: string }) => p.id)).toEqual([post.id]);
    const deps = (await ctx.app.inject('/api/org/departments')).json().items as { code: string; staffCount: number }[];
    expect(deps.find((d) => d.code === 'CLE')!.staffCount).toBe(before + 1);

    expect((await sysadmin.del(`/api/org/posts/${post.id}`)).statusCode).toBe(204);
    const after = (await staff.client.get('/api/me')).json();
    expect(after.roles).toEqual([]);
    expect(after.posts).toEqual([]);
    const again = await sysadmin.del(`/api/org/posts/${post.id}`);
    expect(again.statusCode).toBe(404);
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
    const ok = await deptadmin.post('/api/org/posts', {
      accountId: staff.accountId,
      departmentId: dept('ASB').id,
      title: '综合窗口',
      roles: ['clerk'],
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect((await staff.client.get('/api/me')).json().roles).toEqual(['clerk']);

    const otherDept = await deptadmin.post('/api/org/posts', {
      accountId: staff.accountId,
      departmentId: dept('CLE').id,
      title: '跨部门',
      roles: ['clerk'],
    });
    expect(otherDept.statusCode).toBe(403);
    expect(errorCode(otherDept)).toBe('FORBIDDEN');
    const adminRole = await deptadmin.post('/api/org/posts', {
      accountId: staff.accountId,
      departmentId: dept('ASB').id,
      title: '副管理员',
      roles: ['department_admin'],
    });
    expect(adminRole.statusCode).toBe(403);
    const mixed = await deptadmin.post('/api/org/posts', {
      accountId: staff.accountId,
      departmentId: dept('ASB').id,
      title: '混合',
      roles: ['clerk', 'grid_worker'],
    });
    expect(mixed.statusCode).toBe(403);
    const community = await deptadmin.post('/api/org/posts', {
      accountId: staff.accountId,
      departmentId: null,
      communityId: community1.id,
      title: '网格',
      roles: ['clerk'],
    });
    expect(community.statusCode).toBe(403);
    expect((await staff.client.get('/api/me')).json().roles).toEqual(['clerk']);

    // a clerk cannot give posts at all, a citizen neither
    const clerk = await signInStaff(ctx, 'clerk01', '10.6.0.6');
    expect(
      (
        await clerk.post('/api/org/posts', {
          accountId: staff.accountId,
          departmentId: dept('ASB').id,
          title: 'x',
          roles: ['clerk'],
        })
      ).statusCode,
    ).toBe(403);
    const citizen = await signInCitizen(ctx, undefined, undefined, '10.6.0.7');
    expect(
      (
        await citizen.post('/api/org/posts', {
          accountId: staff.accountId,
          departmentId: dept('ASB').id,
          title: 'x',
          roles: ['clerk'],
        })
      ).statusCode,
    ).toBe(403);

    // the department admin may end the clerk post, but not a post in another department
    expect((await clerk.del(`/api/org/posts/${ok.json().id}`)).statusCode).toBe(403);
    expect((await deptadmin.del(`/api/org/posts/${ok.json().id}`)).statusCode).toBe(204);
    expect((await staff.client.get('/api/me')).json().roles).toEqual([]);
    const cle = await sysadmin.post('/api/org/posts', {
      accountId: staff.accountId,
      departmentId: dept('CLE').id,
      title: '外部',
      roles: ['clerk'],
    });
    expect((await deptadmin.del(`/api/org/posts/${cle.json().id}`)).statusCode).toBe(403);
  });

  it('checks the account, the department, the community and its grid', async () => {
    const citizen = await registerCitizen(ctx);
    const notStaff = await sysadmin.post('/api/org/posts', {
      accountId: citizen.id,
      departmentId: dept('ASB').id,
      title: 'x',
      roles: ['clerk'],
    });
    expect(notStaff.statusCode).toBe(404);
    expect(errorCode(notStaff)).toBe('ACCOUNT_NOT_FOUND');
    const staff = await createStaff(ctx, sysadmin, 'placement.test');
    const noDept = await sysadmin.post('/api/org/posts', {
      accountId: staff.accountId,
      departmentId: '0192f5a0-0000-7000-8000-000000000000',
      title: 'x',
      roles: ['clerk'],
    });
    expect(errorCode(noDept)).toBe('DEPARTMENT_NOT_FOUND');
    const nowhere = await sysadmin.post('/api/org/posts', {
      accountId: staff.accountId,
      departmentId: null,
      title: 'x',
      roles: ['clerk'],
    });
    expect(nowhere.statusCode).toBe(400);
    expect(errorCode(nowhere)).toBe('POST_NEEDS_PLACE');
    const grid2 = (await ctx.app.inject(`/api/org/communities/${community2.id}`)).json().grids[0].id as string;
    const wrongGrid = await sysadmin.post('/api/org/posts', {
      accountId: staff.accountId,
      departmentId: null,
      communityId: community1.id,
      gridId: grid2,
      title: 'x',
      roles: ['grid_worker'],
    });
    expect(errorCode(wrongGrid)).toBe('GRID_NOT_IN_COMMUNITY');
    const gridOnly = await sysadmin.post('/api/org/posts', {
      accountId: staff.accountId,
      departmentId: null,
      gridId: grid2,
      title: 'x',
      roles: ['grid_worker'],
    });
    expect(errorCode(gridOnly)).toBe('GRID_NEEDS_COMMUNITY');
    const dupRoles = await sysadmin.post('/api/org/posts', {
      accountId: staff.accountId,
      departmentId: dept('ASB').id,
      title: 'x',
      roles: ['clerk', 'clerk'],
    });
    expect(dupRoles.statusCode).toBe(400);
    expect((await staff.client.get('/api/me')).json().posts).toEqual([]);
  });
});

describe('community roster (实有人口)', () => {
  let grid01: Client;
  let grid01Me: { id: string; posts: { communityId: string; gridId: string }[] };

  beforeAll(async () => {
    grid01 = await signInStaff(ctx, 'grid01', '10.6.1.1');
    grid01Me = (await grid01.get('/api/me')).json();
  });

  it('grid01 sees the roster of their grid, masked', async () => {
    const post = grid01Me.posts[0]!;
    expect(post.communityId).toBe(community1.id);
    const res = await grid01.get(
      `/api/org/communities/${community1.id}/residents?page=1&pageSize=200&gridId=${post.gridId}`,
    );
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.total).toBeGreaterThan(0);
    expect(body.items).toHaveLength(body.total);
    for (const r of body.items) {
      expect(r.gridId).toBe(post.gridId);
      expect(r.idNumberMasked).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
      if (r.phoneMasked) expect(r.phoneMasked).toMatch(/^\d{3}\*{4}\d{4}$/);
      expect(r.nameMasked).toContain('*');
    }
    expect(res.body).not.toMatch(/\d{17}[\dX]/); // no full ID number anywhere
    expect(res.body).not.toMatch(/1[3-9]\d{9}/); // no full mobile number anywhere
    expect(res.body).not.toContain('陈晓明'); // the demo citizen lives here, unmasked name nowhere
  });

  it('a grid-level worker asking for the community sees only their own grid, and never another grid', async () => {
    const myGrid = grid01Me.posts[0]!.gridId!;
    const whole = await grid01.get(`/api/org/communities/${community1.id}/residents?page=1&pageSize=200`);
    expect(whole.statusCode).toBe(200);
    const detail = (await ctx.app.inject(`/api/org/communities/${community1.id}`)).json();
    const mine = detail.grids.find((g: { id: string }) => g.id === myGrid);
    expect(whole.json().total).toBe(mine.residentCount);
    expect(whole.json().total).toBeLessThan(detail.residentCount);
    for (const r of whole.json().items) expect(r.gridId).toBe(myGrid);
    const otherGrid = (detail.grids as { id: string }[]).find((g) => g.id !== myGrid)!;
    const other = await grid01.get(
      `/api/org/communities/${community1.id}/residents?page=1&pageSize=20&gridId=${otherGrid.id}`,
    );
    expect(other.statusCode).toBe(404);
    expect(errorCode(other)).toBe('COMMUNITY_NOT_FOUND');
  });

  it('a community-level worker sees the whole community, masked', async () => {
    const staff = await createStaff(ctx, sysadmin, 'community.worker');
    expect(
      (
        await sysadmin.post('/api/org/posts', {
          accountId: staff.accountId,
          departmentId: null,
          communityId: community1.id,
          title: '社区专干',
          roles: ['grid_worker'],
        })
      ).statusCode,
    ).toBe(201);
    const res = await staff.client.get(`/api/org/communities/${community1.id}/residents?page=1&pageSize=200`);
    expect(res.statusCode).toBe(200);
    const detail = (await ctx.app.inject(`/api/org/communities/${community1.id}`)).json();
    expect(res.json().total).toBe(detail.residentCount);
    for (const r of res.json().items) expect(r.idNumberMasked).toMatch(/\*{8}/);
    expect(res.body).not.toMatch(/\d{17}[\dX]/);
  });

  it("another community's roster, a clerk, a citizen: 404 as if it did not exist; anonymous 401", async () => {
    const other = await grid01.get(`/api/org/communities/${community2.id}/residents?page=1&pageSize=20`);
    expect(other.statusCode).toBe(404);
    expect(errorCode(other)).toBe('COMMUNITY_NOT_FOUND');
    const missing = await grid01.get(
      '/api/org/communities/0192f5a0-0000-7000-8000-000000000000/residents?page=1&pageSize=20',
    );
    expect(withoutRequestId(missing.json())).toEqual(withoutRequestId(other.json()));
    const clerk = await signInStaff(ctx, 'clerk01', '10.6.1.2');
    const byClerk = await clerk.get(
      `/api/org/communities/${community1.id}/residents?page=1&pageSize=20&gridId=${grid01Me.posts[0]!.gridId}`,
    );
    expect(byClerk.statusCode).toBe(404);
    expect(errorCode(byClerk)).toBe('COMMUNITY_NOT_FOUND');
    const citizen = await signInCitizen(ctx, undefined, undefined, '10.6.1.3');
    expect((await citizen.get(`/api/org/communities/${community1.id}/residents?page=1&pageSize=20`)).statusCode).toBe(
      404,
    );
    expect(
      (await client(ctx).get(`/api/org/communities/${community1.id}/residents?page=1&pageSize=20`)).statusCode,
    ).toBe(401);
  });

  it('reveals one resident for a stated purpose, audited and logged for the person', async () => {
    const roster = (
      await grid01.get(
        `/api/org/communities/${community1.id}/residents?page=1&pageSize=200&gridId=${grid01Me.posts[0]!.gridId}`,
      )
    ).json();
    const target = roster.items[0] as { id: string; idNumberMasked: string };
    const short = await grid01.post(`/api/org/residents/${target.id}/reveal`, { purpose: '看' });
    expect(short.statusCode).toBe(400);
    const res = await grid01.post(`/api/org/residents/${target.id}/reveal`, { purpose: '入户走访核实信息' });
    expect(res.statusCode, res.body).toBe(200);
    const full = res.json();
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
    expect(audits[0]!.request_id).toBe(res.headers['x-request-id']);
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
    expect(access[0]!.request_id).toBe(res.headers['x-request-id']);
  });

  it('the person sees who read their data and why; another person sees nothing of it', async () => {
    const citizen = await signInCitizen(ctx, undefined, undefined, '10.6.1.5');
    const me = (await citizen.get('/api/me')).json() as { idNumberMasked: string };
    const before = (await citizen.get('/api/me/data-access')).json().items as unknown[];
    const roster = (await grid01.get(`/api/org/communities/${community1.id}/residents?page=1&pageSize=200`)).json();
    const row = (roster.items as { id: string; idNumberMasked: string }[]).find(
      (r) => r.idNumberMasked === me.idNumberMasked,
    )!;
    expect(row).toBeTruthy();
    expect(
      (await grid01.post(`/api/org/residents/${row.id}/reveal`, { purpose: '核实独居老人关爱名单' })).statusCode,
    ).toBe(200);
    const seen = (await citizen.get('/api/me/data-access')).json().items as {
      accessorName: string;
      purpose: string;
      organisation: string;
      fields: string[];
    }[];
    expect(seen).toHaveLength(before.length + 1);
    expect(seen[0]).toMatchObject({
      accessorName: '杨帆',
      purpose: '核实独居老人关爱名单',
      organisation: DEMO_COMMUNITIES[0]!.name,
      fields: ['name', 'idNumber', 'phone', 'address'],
    });
    const other = await registerCitizen(ctx);
    expect((await other.client.get('/api/me/data-access')).json().items).toEqual([]);
    expect((await client(ctx).get('/api/me/data-access')).statusCode).toBe(401);
  });

  it('a reveal the caller may not make answers exactly like a resident that does not exist, and logs nothing', async () => {
    const roster = (
      await grid01.get(
        `/api/org/communities/${community1.id}/residents?page=1&pageSize=1&gridId=${grid01Me.posts[0]!.gridId}`,
      )
    ).json();
    const target = roster.items[0].id as string;
    const clerk = await signInStaff(ctx, 'clerk01', '10.6.1.4');
    const forbidden = await clerk.post(`/api/org/residents/${target}/reveal`, { purpose: '好奇看看而已' });
    const missing = await clerk.post('/api/org/residents/0192f5a0-0000-7000-8000-000000000000/reveal', {
      purpose: '好奇看看而已',
    });
    expect(forbidden.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    const logged = await query<{ n: number }>(
      ctx,
      sql`select count(*)::int as n from platform.personal_data_access where purpose = '好奇看看而已'`,
    );
    expect(logged[0]!.n).toBe(0);
    expect(withoutRequestId(forbidden.json())).toEqual(withoutRequestId(missing.json()));
  });
});
