/** The service catalogue: search, guides, versioned editing by the competent department, bundles. */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BUNDLES, DEMO_ITEMS } from '../../src/demo/items.ts';
import {
  client,
  createTestApp,
  errorCode,
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

describe('search', () => {
  it('lists every demo item, and finds by Chinese, synonym and English', async () => {
    const all = (await anon().get('/api/catalog/items?pageSize=100')).json();
    expect(all.total).toBe(DEMO_ITEMS.length);
    const hpf = (await anon().get(`/api/catalog/items?q=${encodeURIComponent('公积金')}`)).json();
    expect(hpf.total).toBeGreaterThan(0);
    for (const it of hpf.items) expect(JSON.stringify(it.name)).toMatch(/公积金|provident/i);
    const id = (await anon().get(`/api/catalog/items?q=${encodeURIComponent('身份证')}`)).json();
    expect(id.items.some((it: { name: { zh: string } }) => it.name.zh.includes('居民身份证'))).toBe(true);
    const en = (await anon().get('/api/catalog/items?q=business')).json();
    expect(en.total).toBeGreaterThan(0);
  });

  it('answers a life event with its bundle first: 出生, 开办企业, and the everyday words for them', async () => {
    const search = async (q: string) =>
      (await anon().get(`/api/catalog/items?q=${encodeURIComponent(q)}`)).json() as {
        items: { name: { zh: string } }[];
        bundles: { code: string; name: { zh: string } }[];
      };
    for (const [q, bundle] of [
      ['出生', 'birth'],
      ['生孩子', 'birth'],
      ['开办企业', 'open-business'],
      ['开公司', 'open-business'],
    ] as const) {
      const res = await search(q);
      expect(res.bundles.map((b) => b.code)[0], q).toBe(bundle);
      expect(res.items.length, q).toBeGreaterThan(0);
    }
    // A query about something else brings no bundle, and a later page none either.
    expect((await search('居住证')).bundles).toEqual([]);
    expect((await anon().get(`/api/catalog/items?q=${encodeURIComponent('出生')}&page=2`)).json().bundles).toEqual([]);
  });

  it('finds what people type: everyday words, pinyin and initials; English by every word', async () => {
    const names = async (q: string) =>
      (
        (await anon().get(`/api/catalog/items?q=${encodeURIComponent(q)}`)).json().items as { name: { zh: string } }[]
      ).map((i) => i.name.zh);
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
    const biz = (await anon().get('/api/catalog/items?targetUser=enterprise&pageSize=100')).json();
    expect(biz.total).toBe(DEMO_ITEMS.filter((i) => i.targetUsers.includes('enterprise')).length);
    const dep = (await anon().get(`/api/catalog/items?department=${otherItem.departmentCode}&pageSize=100`)).json();
    expect(dep.items.every((i: { departmentCode: string }) => i.departmentCode === otherItem.departmentCode)).toBe(
      true,
    );
    const birth = (await anon().get('/api/catalog/items?lifeEvent=birth&pageSize=100')).json();
    expect(birth.total).toBe(DEMO_ITEMS.filter((i) => i.lifeEvents.includes('birth')).length);
  });

  it('refuses bad queries with a stable code', async () => {
    const res = await anon().get('/api/catalog/items?pageSize=1000');
    expect(res.statusCode).toBe(400);
    expect(errorCode(res)).toBe('VALIDATION_FAILED');
  });
});

describe('service guide and versions', () => {
  it('serves the current version of a guide, and 404 for an unknown code', async () => {
    const res = await anon().get(`/api/catalog/items/${asbItem.handlingItemCode}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ version: 1, current: true, status: 'published', item: { name: asbItem.name } });
    const missing = await anon().get('/api/catalog/items/NOPE123');
    expect(missing.statusCode).toBe(404);
    expect(errorCode(missing)).toBe('ITEM_NOT_FOUND');
  });

  it('a department admin publishes a new version; the old one stays readable; search follows', async () => {
    const edited = {
      ...asbItem,
      name: { zh: `${asbItem.name.zh}（新版）`, en: `${asbItem.name.en} (new)` },
      keywords: [...asbItem.keywords, '蓝鲸测试词'],
    };
    const res = await deptadmin.put(`/api/catalog/items/${asbItem.handlingItemCode}`, edited);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ version: 2, current: true });
    const v1 = (await anon().get(`/api/catalog/items/${asbItem.handlingItemCode}?version=1`)).json();
    expect(v1).toMatchObject({ version: 1, current: false, item: { name: asbItem.name } });
    expect(v1.effectiveTo).not.toBeNull();
    const versions = (await anon().get(`/api/catalog/items/${asbItem.handlingItemCode}/versions`)).json().items;
    expect(versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const found = (await anon().get(`/api/catalog/items?q=${encodeURIComponent('蓝鲸测试词')}`)).json();
    expect(found.items.map((i: { code: string }) => i.code)).toEqual([asbItem.handlingItemCode]);
    const audit = await query<{ actor_id: string; detail: { version: number } }>(
      ctx,
      sql`select actor_id, detail from platform.audit_log where action = 'catalog.item.published' and resource_id = ${asbItem.handlingItemCode}`,
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.detail.version).toBe(2);
  });

  it("another department's admin, a clerk, a citizen cannot edit; anonymous must sign in", async () => {
    const res = await deptadmin.put(`/api/catalog/items/${otherItem.handlingItemCode}`, otherItem);
    expect(res.statusCode).toBe(403);
    const moved = await deptadmin.put(`/api/catalog/items/${otherItem.handlingItemCode}`, {
      ...otherItem,
      departmentCode: 'ASB',
    });
    expect(moved.statusCode).toBe(409);
    expect(errorCode(moved)).toBe('DEPARTMENT_CHANGE');
    const clerk = await signInStaff(ctx, 'clerk01', '10.7.0.2');
    expect((await clerk.put(`/api/catalog/items/${asbItem.handlingItemCode}`, asbItem)).statusCode).toBe(403);
    const citizen = await signInCitizen(ctx, undefined, undefined, '10.7.0.3');
    expect((await citizen.put(`/api/catalog/items/${asbItem.handlingItemCode}`, asbItem)).statusCode).toBe(403);
    expect((await anon().put(`/api/catalog/items/${asbItem.handlingItemCode}`, asbItem)).statusCode).toBe(401);
    const versions = (await anon().get(`/api/catalog/items/${otherItem.handlingItemCode}/versions`)).json().items;
    expect(versions).toHaveLength(1);
  });

  it('refuses an invalid item with field paths, and a code that does not match the URL', async () => {
    const bad = await deptadmin.put(`/api/catalog/items/${asbItem.handlingItemCode}`, {
      ...asbItem,
      visits: -1,
      channels: [],
    });
    expect(bad.statusCode).toBe(400);
    const paths = bad.json().error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['/visits', '/channels']));
    const mismatch = await deptadmin.put('/api/catalog/items/OTHER-CODE', asbItem);
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.json().error.details[0].code).toBe('CODE_MISMATCH');
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
    expect((await deptadmin.del(`/api/catalog/items/${item.handlingItemCode}`)).statusCode).toBe(204);
    expect((await anon().get(`/api/catalog/items/${item.handlingItemCode}`)).statusCode).toBe(404);
    expect((await anon().get(`/api/catalog/items/${item.handlingItemCode}?version=1`)).statusCode).toBe(200);
    const all = (await anon().get('/api/catalog/items?pageSize=100')).json();
    expect(all.items.map((i: { code: string }) => i.code)).not.toContain(item.handlingItemCode);
  });
});

describe('life-event bundles', () => {
  it('joins items of several departments with one merged form and one set of materials', async () => {
    const list = (await anon().get('/api/catalog/bundles')).json().items;
    expect(list.map((b: { code: string }) => b.code).sort()).toEqual(DEMO_BUNDLES.map((b) => b.code).sort());
    for (const b of DEMO_BUNDLES) {
      const detail = (await anon().get(`/api/catalog/bundles/${b.code}`)).json();
      expect(detail.items).toHaveLength(b.itemCodes.length);
      expect(detail.departments.length).toBeGreaterThanOrEqual(3);
      const keys = detail.form.sections.flatMap((s: { fields: { key: string }[] }) => s.fields.map((f) => f.key));
      expect(new Set(keys).size).toBe(keys.length);
      const asked = new Set(
        DEMO_ITEMS.filter((i) => b.itemCodes.includes(i.handlingItemCode)).flatMap((i) =>
          i.form.sections.flatMap((s) => s.fields.map((f) => f.key)),
        ),
      );
      expect(new Set(keys)).toEqual(asked);
    }
    expect((await anon().get('/api/catalog/bundles/nope')).statusCode).toBe(404);
  });
});
