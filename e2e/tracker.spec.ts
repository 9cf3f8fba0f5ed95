import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { api, ok, type Api } from './api.ts';
import { CITIZEN_LOGIN, DEMO_PASSWORD, chooseOption, signInStaff, totpFor } from './helpers.ts';

/**
 * The data tracker (谁查了我的数据): a staff member opens the demo citizen's case, and the
 * citizen sees that read, with the department and the case, filters it, and the page fits a
 * phone in Chinese, English and elder mode. 我的授权 and 下载我的数据 too. In the console, a
 * department admin creates, reviews and revokes a data-sharing grant (数据共享授权).
 */

async function citizen(request: APIRequestContext): Promise<Api> {
  const c = api(request);
  await ok(c.POST('/api/auth/login', { body: { login: CITIZEN_LOGIN, password: DEMO_PASSWORD } }));
  return c;
}

async function staff(request: APIRequestContext, username: string): Promise<Api> {
  const s = api(request);
  const login = await ok(s.POST('/api/auth/login', { body: { login: username, password: DEMO_PASSWORD } }));
  if (login.status !== 'totp_required') throw new Error(`${username} signs in with a second factor`);
  await ok(s.POST('/api/auth/totp', { body: { challenge: login.challenge, code: await totpFor(username) } }));
  return s;
}

/** The demo citizen files a correction of their population record; PSB's clerk opens it. */
async function staffRead(browser: Browser): Promise<string> {
  const mine = await browser.newContext();
  const caller = await citizen(mine.request);
  const found = await ok(
    caller.GET('/api/catalog/items', {
      params: { query: { q: '个人信息更正', department: 'PSB', page: 1, pageSize: 5 } },
    }),
  );
  const itemCode = found.items[0]!.code;
  const own = await ok(caller.GET('/api/me/prefill'));
  const filed = await ok(
    caller.POST('/api/applications/cases', {
      params: { header: { 'idempotency-key': `tracker-e2e-${Date.now()}` } },
      body: {
        itemCode,
        form: {
          applicant_name: own.values['person.name']!,
          applicant_id_number: own.values['person.idNumber']!,
          applicant_phone: own.values['person.phone']!,
          registry_code: 'population-registry',
          record_field: '住址',
          correct_value: '龙港市龙跃路88号3幢503室',
          correction_reason: '门牌号登记有误',
        },
        materials: [],
      },
    }),
  );
  await mine.close();
  const other = await browser.newContext();
  const clerk = await staff(other.request, 'psb-clerk');
  await ok(clerk.GET('/api/applications/cases/{id}', { params: { path: { id: filed.id } } }));
  await other.close();
  return filed.caseNumber;
}

async function noSidewaysScroll(page: Page) {
  const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  expect(scroll, 'page width').toBeLessThanOrEqual(width);
}

test('the citizen sees who read their data, with the department and the case, and filters it', async ({ browser }) => {
  test.setTimeout(120_000);
  const caseNumber = await staffRead(browser);
  for (const mode of [
    { lang: 'zh-CN', elder: '0', width: 360 },
    { lang: 'en', elder: '0', width: 390 },
    { lang: 'zh-CN', elder: '1', width: 360 },
  ]) {
    const ctx = await browser.newContext({ viewport: { width: mode.width, height: 780 }, locale: 'zh-CN' });
    await ctx.addInitScript(
      ([lang, elder]) => {
        localStorage.setItem('yw.lang', lang);
        localStorage.setItem('yw.elder', elder);
      },
      [mode.lang, mode.elder] as const,
    );
    const page = await ctx.newPage();
    await citizen(page.request);
    await page.goto('/me');
    await page.getByTestId('to-data-access').click();
    await expect(page.getByTestId('tracker-page')).toBeVisible();
    const entry = page.getByTestId('tracker-entry').filter({ hasText: caseNumber }).first();
    await expect(entry).toBeVisible();
    await expect(entry.getByTestId('entry-case')).toHaveText(caseNumber);
    await expect(entry.getByTestId('entry-department')).toHaveText(mode.lang === 'en' ? /Public Security/i : /公安/);
    await noSidewaysScroll(page);

    // Filters: by case number, then refused reads only (there are none of that case).
    await page.getByTestId('tracker-filters-toggle').click();
    await page.getByTestId('filter-case').locator('input').fill(caseNumber);
    await page.getByTestId('filter-apply').click();
    await expect(page.getByTestId('tracker-entry').first()).toBeVisible();
    for (const e of await page.getByTestId('entry-case').all()) await expect(e).toHaveText(caseNumber);
    await page
      .getByTestId('filter-outcome')
      .getByText(mode.lang === 'en' ? 'Refused' : '已拒绝')
      .click();
    await page.getByTestId('filter-apply').click();
    await expect(page.getByTestId('tracker-empty')).toBeVisible();
    await noSidewaysScroll(page);
    await page.getByTestId('filter-clear').click();
    await expect(page.getByTestId('tracker-entry').first()).toBeVisible();
    await ctx.close();
  }
});

test('the citizen sees and withdraws a consent, and downloads their data', async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'zh-CN' });
  const page = await ctx.newPage();
  const caller = await citizen(page.request);
  // Its own purpose: a retry gives a consent again, and the first one is still listed.
  const purpose = `浏览器测试的授权 ${Date.now()}`;
  const found = await ok(
    caller.GET('/api/catalog/items', {
      params: { query: { q: '个人信息更正', department: 'PSB', page: 1, pageSize: 5 } },
    }),
  );
  await ok(
    caller.POST('/api/exchange/consents', {
      body: { itemCode: found.items[0]!.code, purpose, fields: ['population-registry.address'] },
    }),
  );
  await page.goto('/me/consents');
  const item = page.getByTestId('consent-item').filter({ hasText: purpose });
  await expect(item).toHaveAttribute('data-state', 'active');
  await noSidewaysScroll(page);
  await item.getByTestId('consent-withdraw').click();
  // (the dialog's button, not the list's of the same name: the dialog may still be opening)
  await page.locator('.adm-dialog').getByRole('button', { name: '撤回授权' }).click();
  await expect(item).toHaveAttribute('data-state', 'withdrawn');

  await page.goto('/me/data');
  const download = page.waitForEvent('download');
  await page.getByTestId('export-download').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^yiwang-my-data-\d{8}\.json$/);
  await expect(page.getByTestId('export-summary')).toContainText('谁查了我的数据');
  await noSidewaysScroll(page);
  await ctx.close();
});

test('a department admin creates, reviews and revokes a data-sharing grant', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1366, height: 860 });
  await signInStaff(page, 'psb-admin');
  await page.getByTestId('menu-grants').click();
  await expect(page.getByTestId('grants-page')).toBeVisible();
  await page.getByTestId('grant-create').click();
  await chooseOption(page, 'grant-registry', '人口');
  await chooseOption(page, 'grant-department', '民政');
  await page.getByTestId('grant-field-name').click();
  await page.getByTestId('grant-field-address').click();
  const purpose = `浏览器测试：婚姻登记核验住址 ${Date.now()}`; // its own, so that a retry finds its grant alone
  await page.getByTestId('grant-purpose').fill(purpose);
  await page.getByTestId('grant-legal-basis').fill('《婚姻登记条例》');
  await page.getByTestId('grant-save').click();
  const row = page.getByTestId('grants-owned').locator('tr', { hasText: purpose });
  await expect(row.getByTestId('grant-state')).toHaveText('有效');

  await row.getByTestId('grant-review').click();
  await expect(page.getByTestId('grant-details')).toContainText('《婚姻登记条例》');
  await page.keyboard.press('Escape');

  // (a click on the confirmation while it opens can be lost: try again until the grant is revoked)
  await expect(async () => {
    if ((await row.getByTestId('grant-state').textContent()) !== '已撤销') {
      await row.getByTestId('grant-revoke').click({ timeout: 3000 });
      await page.getByTestId('grant-revoke-ok').click({ timeout: 3000 });
    }
    await expect(row.getByTestId('grant-state')).toHaveText('已撤销', { timeout: 3000 });
  }).toPass({ timeout: 30_000 });
});
