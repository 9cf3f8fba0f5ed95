import { expect, test, type APIRequestContext } from '@playwright/test';
import type { ItemSummary } from '../web/src/shared/contract.ts';
import { api, ok } from './api.ts';
import { bodyFontSize, docScreenshot, signInStaff } from './helpers.ts';

// The service catalogue: the citizen app's home, search, service guide and life-event
// pages, and the staff console's catalogue. Expected data is read from the API, not
// hard-coded, so the tests follow the demo catalogue.

const departments = (request: APIRequestContext) => ok(api(request).GET('/api/org/departments')).then((r) => r.items);

const items = (request: APIRequestContext, q?: string) =>
  ok(api(request).GET('/api/catalog/items', { params: { query: { q, page: 1, pageSize: 100 } } })).then((r) => r.items);

const bundles = (request: APIRequestContext) => ok(api(request).GET('/api/catalog/bundles')).then((r) => r.items);

/** The first item found by "公积金" (the item the English search must find too). */
async function fundItem(request: APIRequestContext): Promise<ItemSummary> {
  const item = (await items(request, '公积金')).find((i) => i.name.zh.includes('公积金'));
  expect(item, 'a demo item named 公积金').toBeDefined();
  return item!;
}

/** The code of an item with a material shared between departments (the 公积金 item's first if it has one). */
async function itemWithSharedMaterial(request: APIRequestContext, prefer: string): Promise<string> {
  const all = await items(request);
  const codes = [prefer, ...all.map((i) => i.code).filter((c) => c !== prefer)];
  for (const code of codes) {
    const d = await ok(api(request).GET('/api/catalog/items/{code}', { params: { path: { code } } }));
    if (d.item.materials.some((m) => m.source === 'shared')) return code;
  }
  throw new Error('no demo item has a shared material');
}

test.describe('citizen', () => {
  test.use({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });

  test('home shows popular services and life events; search 公积金, open its guide', async ({ page }) => {
    const lifeEvents = await bundles(page.request);
    expect(lifeEvents.length).toBeGreaterThan(0);
    const fund = await fundItem(page.request);

    await page.goto('/?elder=0');
    await expect(page.getByTestId('home-page')).toBeVisible();
    await expect(page.getByTestId('popular-item').first()).toBeVisible();
    expect(await page.getByTestId('popular-item').count()).toBeLessThanOrEqual(8);
    await expect(page.getByTestId('life-event')).toHaveCount(lifeEvents.length);
    for (const b of lifeEvents) await expect(page.getByTestId('life-events')).toContainText(b.name.zh);
    await expect(page.getByTestId('theme-link').first()).toBeVisible();
    await docScreenshot(page, 'citizen-home.png');

    // search: results appear while typing
    await page.getByTestId('home-search').click();
    await expect(page.getByTestId('search-page')).toBeVisible();
    await page.getByTestId('search-input').locator('input').fill('公积金');
    await expect(page).toHaveURL(/q=%E5%85%AC%E7%A7%AF%E9%87%91/);
    const results = page.getByTestId('search-result');
    await expect(results.first()).toContainText('公积金');
    const hit = page.locator(`[data-testid="search-result"][data-code="${fund.code}"]`);
    await expect(hit).toBeVisible();
    await expect(hit.getByTestId('result-limit')).toHaveText(
      /^(承诺时限 \d+ 个(工作日|自然日)|承诺时限 \d+ 小时|即办)$/,
    );
    await expect(hit.getByTestId('result-visits')).toHaveText(/^(零跑动|跑动 \d+ 次)$/);
    await expect(hit.getByTestId('result-department')).not.toHaveText(fund.departmentCode);
    await docScreenshot(page, 'citizen-search.png');

    // nothing found: the empty state
    await page.getByTestId('search-input').locator('input').fill('蓝鲸火星签证不存在');
    await expect(page.getByTestId('search-empty')).toBeVisible();
    await page.getByTestId('search-input').locator('input').fill('公积金');
    await expect(hit).toBeVisible();

    // the guide
    await hit.click();
    await expect(page.getByTestId('guide-page')).toBeVisible();
    await expect(page.getByTestId('guide-name')).toHaveText(fund.name.zh);
    await expect(page.getByTestId('guide-promised')).toHaveText(
      /^(承诺时限 \d+ 个(工作日|自然日)|承诺时限 \d+ 小时|即办)$/,
    );
    await expect(page.getByTestId('guide-materials')).toBeVisible();
    await expect(page.getByTestId('guide-version')).toHaveText(/^第\d+版 自\d{4}-\d{2}-\d{2}起施行$/);
    const apply = page.getByTestId('apply-button');
    await expect(apply).toBeEnabled();
    await expect(apply).toHaveText('在线申办');
    await docScreenshot(page, 'citizen-guide.png');

    // a material shared between departments: nothing to submit
    const sharedCode = await itemWithSharedMaterial(page.request, fund.code);
    if (sharedCode !== fund.code) await page.goto(`/services/${sharedCode}`);
    const shared = page.locator('[data-testid="material"][data-source="shared"]').first();
    await expect(shared).toBeVisible();
    await expect(shared.getByTestId('material-shared')).toContainText('部门共享');

    // elder mode: bigger type, fewer popular services
    await page.goto('/?elder=1');
    await expect(page.getByTestId('popular-item').first()).toBeVisible();
    expect(await bodyFontSize(page)).toBeGreaterThanOrEqual(20);
    expect(await page.getByTestId('popular-item').count()).toBeLessThanOrEqual(4);
    await page.goto('/?elder=0');
  });

  test('in English, "provident" finds the same item', async ({ page }) => {
    const fund = await fundItem(page.request);
    await page.goto('/settings?elder=0');
    await page.getByTestId('lang-en').click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');

    await page.goto('/services');
    await expect(page.getByTestId('search-page')).toContainText('Search services');
    await page.getByTestId('search-input').locator('input').fill('provident');
    await expect(page).toHaveURL(/q=provident/);
    const hit = page.locator(`[data-testid="search-result"][data-code="${fund.code}"]`);
    await expect(hit).toBeVisible();
    await expect(hit).toContainText(fund.name.en);
    await expect(hit.getByTestId('result-limit')).toHaveText(/^(Promised within \d+ .+|On the spot)$/);

    // the person / business toggle narrows the results
    await page.getByTestId('target-enterprise').click();
    await expect(page).toHaveURL(/targetUser=enterprise/);
    await page.getByTestId('target-all').click();
    await expect(page).not.toHaveURL(/targetUser=/);
    await expect(hit).toBeVisible();

    await hit.click();
    await expect(page.getByTestId('guide-name')).toHaveText(fund.name.en);
    await expect(page.getByTestId('apply-button')).toHaveText('Apply online');
  });

  test('a life-event page shows one merged form, one set of materials and the departments', async ({ page }) => {
    const code = (await bundles(page.request))[0]!.code;
    const detail = await ok(api(page.request).GET('/api/catalog/bundles/{code}', { params: { path: { code } } }));
    const fields = detail.form.sections.reduce((n, s) => n + s.fields.length, 0);
    const depts = await departments(page.request);

    await page.goto('/?elder=0');
    await page.locator(`[data-testid="life-event"][data-code="${code}"]`).click();
    await expect(page.getByTestId('bundle-page')).toBeVisible();
    await expect(page.getByTestId('bundle-name')).toHaveText(detail.name.zh);
    await expect(page.getByTestId('bundle-form').locator('h2')).toHaveText(`一张表单，${fields} 项信息，只填一次`);
    await expect(page.getByTestId('bundle-field')).toHaveCount(fields);
    await expect(page.getByTestId('bundle-item')).toHaveCount(detail.items.length);
    await expect(page.getByTestId('bundle-department')).toHaveCount(detail.departments.length);
    for (const d of detail.departments) {
      const name = depts.find((x) => x.code === d)?.name ?? d;
      await expect(page.getByTestId('bundle-departments')).toContainText(name);
    }
    await expect(page.getByTestId('bundle-materials').getByTestId('material')).toHaveCount(detail.materials.length);
    if (detail.materials.some((m) => m.source === 'shared')) {
      await expect(page.getByTestId('bundle-materials').getByTestId('material-shared').first()).toContainText(
        '部门共享',
      );
    }
    await expect(page.getByTestId('apply-button')).toBeEnabled();
    await docScreenshot(page, 'citizen-bundle.png');
  });
});

test.describe('console', () => {
  test.use({ viewport: { width: 1366, height: 860 } });

  test('a department admin browses the catalogue, filters by department, opens versions', async ({ page }) => {
    const all = await items(page.request);
    const deptCode = all[0]!.departmentCode;
    const inDept = all.filter((i) => i.departmentCode === deptCode);
    const dept = (await departments(page.request)).find((d) => d.code === deptCode)!;

    await signInStaff(page, 'deptadmin01');
    await page.getByTestId('menu-catalog').click();
    await expect(page.getByTestId('catalog-page')).toBeVisible();
    const rows = page.getByTestId('catalog-table').locator('tbody tr.ant-table-row');
    await expect(rows.first()).toBeVisible();

    // filter by department
    await page.getByTestId('catalog-department').click();
    await page.keyboard.type(dept.name); // the option list is virtualised: narrow it to the department
    await page.locator('.ant-select-item-option').filter({ hasText: dept.name }).first().click();
    await expect(rows).toHaveCount(Math.min(inDept.length, 20));
    for (const row of await rows.all()) await expect(row).toContainText(dept.name);

    // search narrows it further
    const first = inDept[0]!;
    const search = page.getByTestId('catalog-search').locator('input');
    await search.fill(first.name.zh);
    await search.press('Enter');
    await expect(rows.first()).toContainText(first.name.zh);

    // versions and details in a drawer
    await rows.filter({ hasText: first.code }).first().getByTestId('view-item').click();
    const drawer = page.getByTestId('item-drawer');
    await expect(drawer).toBeVisible();
    await expect(drawer.getByTestId('versions-table').locator('tbody tr.ant-table-row').first()).toBeVisible();
    await expect(drawer.getByTestId('version-link').first()).toHaveText(/^v\d+$/);
    await expect(drawer.getByTestId('item-details')).toContainText(first.name.zh);
    await expect(drawer.getByTestId('item-details')).toContainText(/第\d+版 自\d{4}-\d{2}-\d{2}起施行/);
    await docScreenshot(page, 'console-catalog.png');
  });
});
