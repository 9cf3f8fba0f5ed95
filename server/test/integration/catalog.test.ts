/** The service catalogue: search, guides, versioned editing by the competent department, bundles. */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BUNDLES, DEMO_ITEMS } from '../../src/demo/items.ts';
import type { ServiceItemData } from '../../src/modules/catalog/index.ts';
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
let deptadmin: Client;
beforeAll(async () => {
  ctx = await createTestApp({ residents: 10 });
  deptadmin = await signInStaff(ctx, 'deptadmin01', '10.7.0.1');
});
afterAll(async () => {
  await ctx.teardown();
});

const asbItem = DEMO_ITEMS.find((i) => i.departmentCode === 'ASB')!;
const otherItem = DEMO_ITEMS.find((i) => i.departmentCode !== 'ASB')!;
const anon = () => client(ctx, '10.7.9.9');
const search = async (query: {
  q?: string;
  targetUser?: 'person' | 'enterprise';
  department?: string;
  lifeEvent?: string;
  page?: number;
  pageSize?: number;
}) => ok(await anon().GET('/api/catalog/items', { params: { query } }));
const guide = (code: string, version?: number) =>
  anon().GET('/api/catalog/items/{code}', { params: { path: { code }, query: version ? { version } : {} } });
const versionsOf = (code: string) => anon().GET('/api/catalog/items/{code}/versions', { params: { path: { code } } });
const publish = (c: Client, code: string, item: ServiceItemData) =>
  c.PUT('/api/catalog/items/{code}', { params: { path: { code } }, body: item });

describe('search', () => {
  it('lists every demo item, and finds by Chinese, synonym and English', async () => {
    const all = await search({ pageSize: 100 });
    expect(all.total).toBe(DEMO_ITEMS.length);
    const hpf = await search({ q: '公积金' });
    expect(hpf.total).toBeGreaterThan(0);
    for (const it of hpf.items) expect(JSON.stringify(it.name)).toMatch(/公积金|provident/i);
    const id = await search({ q: '身份证' });
    expect(id.items.some((it) => it.name.zh.includes('居民身份证'))).toBe(true);
    const en = await search({ q: 'business' });
    expect(en.total).toBeGreaterThan(0);
  });

  it('answers a life event with its bundle first: 出生, 开办企业, and the everyday words for them', async () => {
    for (const [q, bundle] of [
      ['出生', 'birth'],
      ['生孩子', 'birth'],
      ['开办企业', 'open-business'],
      ['开公司', 'open-business'],
    ] as const) {
      const res = await search({ q });
      expect(res.bundles.map((b) => b.code)[0], q).toBe(bundle);
      expect(res.items.length, q).toBeGreaterThan(0);
    }
    // A query about something else brings no bundle, and a later page none either.
    expect((await search({ q: '居住证' })).bundles).toEqual([]);
    expect((await search({ q: '出生', page: 2 })).bundles).toEqual([]);
  });

  it('finds what people type: everyday words, pinyin and initials; English by every word', async () => {
    const names = async (q: string) => (await search({ q })).items.map((i) => i.name.zh);
    expect(await names('结婚')).toContain('内地居民结婚登记');
    expect((await names('上户口'))[0]).toBe('出生登记（户口申报）');
    expect((await names('生孩子')).slice(0, 4)).toContain('出生医学证明首次签发');
    expect((await names('shebao')).some((n) => n.includes('社会保险') || n.includes('社会保障'))).toBe(true);
    expect((await names('gongjijin')).every((n) => n.includes('公积金'))).toBe(true);
    expect((await names('gongjijin')).length).toBeGreaterThan(0);
    expect(await names('gjj')).toEqual(await names('gongjijin'));
    expect(await names('sb')).toContain('社会保障卡申领');
    // "residence permit" is the residence permit, not every permit (许可).
    expect(await names('residence permit')).toEqual(['居住证申领']);
  });

  it('filters by target user, department and life event', async () => {
    const biz = await search({ targetUser: 'enterprise', pageSize: 100 });
    expect(biz.total).toBe(DEMO_ITEMS.filter((i) => i.targetUsers.includes('enterprise')).length);
    const dep = await search({ department: otherItem.departmentCode, pageSize: 100 });
    expect(dep.items.every((i) => i.departmentCode === otherItem.departmentCode)).toBe(true);
    const birth = await search({ lifeEvent: 'birth', pageSize: 100 });
    expect(birth.total).toBe(DEMO_ITEMS.filter((i) => i.lifeEvents.includes('birth')).length);
  });

  it('refuses bad queries with a stable code', async () => {
    const res = await anon().GET('/api/catalog/items', { params: { query: { pageSize: 1000 } } });
    expect(res.response.status).toBe(400);
    expect(errorCode(res)).toBe('VALIDATION_FAILED');
  });
});

describe('service guide and versions', () => {
  it('serves the current version of a guide, and 404 for an unknown code', async () => {
    const res = await guide(asbItem.handlingItemCode);
    expect(res.response.status).toBe(200);
    expect(ok(res)).toMatchObject({ version: 1, current: true, status: 'published', item: { name: asbItem.name } });
    const missing = await guide('NOPE123');
    expect(missing.response.status).toBe(404);
    expect(errorCode(missing)).toBe('ITEM_NOT_FOUND');
  });

  it('a department admin publishes a new version; the old one stays readable; search follows', async () => {
    const edited = {
      ...asbItem,
      name: { zh: `${asbItem.name.zh}（新版）`, en: `${asbItem.name.en} (new)` },
      keywords: [...asbItem.keywords, '蓝鲸测试词'],
    };
    const res = await publish(deptadmin, asbItem.handlingItemCode, edited);
    expect(res.response.status, JSON.stringify(res.error)).toBe(200);
    expect(ok(res)).toMatchObject({ version: 2, current: true });
    const v1 = ok(await guide(asbItem.handlingItemCode, 1));
    expect(v1).toMatchObject({ version: 1, current: false, item: { name: asbItem.name } });
    expect(v1.effectiveTo).not.toBeNull();
    const versions = ok(await versionsOf(asbItem.handlingItemCode)).items;
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
    const found = await search({ q: '蓝鲸测试词' });
    expect(found.items.map((i) => i.code)).toEqual([asbItem.handlingItemCode]);
    const audit = await query<{ actor_id: string; detail: { version: number } }>(
      ctx,
      sql`select actor_id, detail from platform.audit_log where action = 'catalog.item.published' and resource_id = ${asbItem.handlingItemCode}`,
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.detail.version).toBe(2);
  });

  it("another department's admin, a clerk, a citizen cannot edit; anonymous must sign in", async () => {
    const res = await publish(deptadmin, otherItem.handlingItemCode, otherItem);
    expect(res.response.status).toBe(403);
    const moved = await publish(deptadmin, otherItem.handlingItemCode, { ...otherItem, departmentCode: 'ASB' });
    expect(moved.response.status).toBe(409);
    expect(errorCode(moved)).toBe('DEPARTMENT_CHANGE');
    const clerk = await signInStaff(ctx, 'clerk01', '10.7.0.2');
    expect((await publish(clerk, asbItem.handlingItemCode, asbItem)).response.status).toBe(403);
    const citizen = await signInCitizen(ctx, undefined, undefined, '10.7.0.3');
    expect((await publish(citizen, asbItem.handlingItemCode, asbItem)).response.status).toBe(403);
    expect((await publish(anon(), asbItem.handlingItemCode, asbItem)).response.status).toBe(401);
    const versions = ok(await versionsOf(otherItem.handlingItemCode)).items;
    expect(versions).toHaveLength(1);
  });

  it('refuses an invalid item with field paths, and a code that does not match the URL', async () => {
    const bad = await publish(deptadmin, asbItem.handlingItemCode, { ...asbItem, visits: -1, channels: [] });
    expect(bad.response.status).toBe(400);
    const paths = bad.error!.error.details!.map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['/visits', '/channels']));
    const mismatch = await publish(deptadmin, 'OTHER-CODE', asbItem);
    expect(mismatch.response.status).toBe(400);
    expect(mismatch.error!.error.details![0]!.code).toBe('CODE_MISMATCH');
    // raw: a process the contract does not list (ItemProcessCode), refused before any case could run it.
    const noProcess = await deptadmin.raw('PUT', `/api/catalog/items/${asbItem.handlingItemCode}`, {
      ...asbItem,
      processCode: 'no_such_process',
    });
    expect(noProcess.statusCode).toBe(400);
    expect(errorCode(noProcess)).toBe('VALIDATION_FAILED');
    expect(noProcess.json().error.details).toContainEqual(expect.objectContaining({ path: '/processCode' }));
  });

  it('retiring takes an item out of the catalogue but keeps its versions readable', async () => {
    const inBundle = new Set(DEMO_BUNDLES.flatMap((b) => b.itemCodes));
    const item = DEMO_ITEMS.find(
      (i) =>
        i.handlingItemCode !== asbItem.handlingItemCode &&
        !inBundle.has(i.handlingItemCode) &&
        i.departmentCode === 'ASB',
    )!;
    expect(item).toBeTruthy();
    const retired = await deptadmin.DELETE('/api/catalog/items/{code}', {
      params: { path: { code: item.handlingItemCode } },
    });
    expect(retired.response.status).toBe(204);
    expect((await guide(item.handlingItemCode)).response.status).toBe(404);
    expect((await guide(item.handlingItemCode, 1)).response.status).toBe(200);
    const all = await search({ pageSize: 100 });
    expect(all.items.map((i) => i.code)).not.toContain(item.handlingItemCode);
  });
});

describe('life-event bundles', () => {
  it('joins items of several departments with one merged form and one set of materials', async () => {
    const list = ok(await anon().GET('/api/catalog/bundles')).items;
    expect(list.map((b) => b.code).sort()).toEqual(DEMO_BUNDLES.map((b) => b.code).sort());
    const bundle = (code: string) => anon().GET('/api/catalog/bundles/{code}', { params: { path: { code } } });
    for (const b of DEMO_BUNDLES) {
      const detail = ok(await bundle(b.code));
      expect(detail.items).toHaveLength(b.itemCodes.length);
      expect(detail.departments.length).toBeGreaterThanOrEqual(3);
      const keys = detail.form.sections.flatMap((s) => s.fields.map((f) => f.key));
      expect(new Set(keys).size).toBe(keys.length);
      const asked = new Set(
        DEMO_ITEMS.filter((i) => b.itemCodes.includes(i.handlingItemCode)).flatMap((i) =>
          i.form.sections.flatMap((s) => s.fields.map((f) => f.key)),
        ),
      );
      expect(new Set(keys)).toEqual(asked);
    }
    expect((await bundle('nope')).response.status).toBe(404);
  });
});
