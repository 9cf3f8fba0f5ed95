import { expect, test, type APIRequestContext } from '@playwright/test';
import { api, ok } from './api.ts';
import { CITIZEN_LOGIN, DEMO_PASSWORD, signInStaff } from './helpers.ts';

/**
 * Supervision of mini-apps: the demo citizen opens 我的应用授权, sees an app that received data
 * about them (also in the data tracker, linked to the app's page), complains about it; the app
 * reviewer upholds the complaint in the console; the citizen sees the outcome on the app's page.
 */

async function signInCitizen(request: APIRequestContext) {
  await ok(api(request).POST('/api/auth/login', { body: { login: CITIZEN_LOGIN, password: DEMO_PASSWORD } }));
}

test('a citizen complains about an app, the reviewer upholds it, the citizen sees the outcome', async ({ browser }) => {
  test.setTimeout(120_000);
  const text = `浏览器测试：未经同意读取手机号 ${Date.now()}`;

  const citizenCtx = await browser.newContext({ viewport: { width: 390, height: 800 } });
  const page = await citizenCtx.newPage();
  await signInCitizen(page.request);
  await page.goto('/me');
  await page.getByTestId('to-my-apps').click();
  await expect(page.getByTestId('my-apps-page')).toBeVisible();
  const first = page.getByTestId('my-app').first();
  await expect(first).toBeVisible();
  await first.click();
  await expect(page.getByTestId('my-app-page')).toBeVisible();
  const appName = (await page.getByTestId('my-app-name').textContent())!;
  await expect(page.getByTestId('my-app-claims')).not.toHaveText('—');
  const appPath = new URL(page.url()).pathname;

  await page.getByTestId('my-app-complain').click();
  await page.getByTestId('complaint-category').getByText('侵犯隐私').click();
  await page.getByTestId('complaint-text').locator('textarea').fill(text);
  await page.getByTestId('complaint-submit').click();
  const mine = page.getByTestId('my-complaint').filter({ hasText: text });
  await expect(mine).toHaveAttribute('data-status', 'open');

  // The data tracker names the app and links to its page.
  await page.goto('/me/data-access');
  const entry = page.getByTestId('tracker-entry').filter({ hasText: appName }).first();
  await expect(entry).toBeVisible();
  await entry.getByTestId('entry-app-link').click();
  await expect(page).toHaveURL(new RegExp(`${appPath}$`));

  // The app reviewer upholds it in the console.
  const staffCtx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const console_ = await staffCtx.newPage();
  await signInStaff(console_, 'appreviewer01');
  await console_.getByTestId('menu-app-complaints').click();
  await expect(console_.getByTestId('app-complaints-page')).toBeVisible();
  const row = console_.locator('tr').filter({ hasText: text });
  await row.getByTestId('complaint-uphold').click();
  await console_.getByTestId('complaint-reason').fill('经核实，应用超范围读取手机号');
  await console_
    .getByRole('button', { name: /成\s*立/ })
    .last()
    .click();
  await expect(console_.locator('tr').filter({ hasText: text })).toHaveCount(0); // left the open queue
  // The app's page: its figures and the decided complaint.
  await console_.getByTestId('menu-app-supervision').click();
  await console_.getByTestId('supervised-app-link').filter({ hasText: appName }).click();
  await expect(console_.getByTestId('app-supervision-detail')).toBeVisible();
  await expect(console_.getByTestId('app-usage-chart')).toBeVisible();
  await expect(console_.locator('tr').filter({ hasText: text })).toContainText('成立');
  await staffCtx.close();

  // The citizen sees the outcome with the reason.
  await page.goto(appPath);
  const decided = page.getByTestId('my-complaint').filter({ hasText: text });
  await expect(decided).toHaveAttribute('data-status', 'upheld');
  await expect(decided.getByTestId('my-complaint-reason')).toContainText('超范围读取手机号');
  await citizenCtx.close();
});
