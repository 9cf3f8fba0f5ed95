import { expect, test } from '@playwright/test';
import { api } from './api.ts';
import { bodyFontSize, CITIZEN_LOGIN, CITIZEN_NAME, DEMO_PASSWORD, docScreenshot, idCheckChar } from './helpers.ts';

test.use({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });

test('citizen signs in, sees the masked ID, switches to English and elder mode, signs out', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('home-page')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByTestId('greeting')).toHaveText('你好');
  await expect(page.getByTestId('popular-item').first()).toBeVisible();
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute('href', '/manifest.webmanifest');
  await docScreenshot(page, 'citizen-home.png');

  // sign in with the phone number
  await page.getByTestId('home-signin').click();
  await page.getByTestId('login-login').locator('input').fill(CITIZEN_LOGIN);
  await page.getByTestId('login-password').locator('input').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();

  // the "me" page: name, masked ID number and phone, assurance label
  await expect(page.getByTestId('me-page')).toBeVisible();
  await expect(page.getByTestId('me-name')).toHaveText(CITIZEN_NAME);
  const idNumber = page.getByTestId('me-id-number');
  await expect(idNumber).toHaveText(/\*/);
  await expect(idNumber).not.toHaveText(/^\d{17}[\dX]$/);
  await expect(page.getByTestId('me-phone')).toHaveText(/\*/);
  await expect(page.getByTestId('assurance-level')).toHaveText(/^(已注册|已实名认证|已线下核验)$/);
  await expect(page.getByTestId('session-item').first()).toBeVisible();

  // settings: English
  await page.getByTestId('to-settings').click();
  await expect(page.getByTestId('settings-page')).toBeVisible();
  await page.getByTestId('lang-en').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByTestId('settings-page')).toContainText('Elder mode');

  // elder mode: the base font grows to at least 20px
  const before = await bodyFontSize(page);
  await page.getByTestId('elder-switch').click();
  await expect(page.locator('html')).toHaveClass(/\belder\b/);
  const after = await bodyFontSize(page);
  expect(after).toBeGreaterThan(before);
  expect(after).toBeGreaterThanOrEqual(20);

  // both choices are remembered
  await page.reload();
  await expect(page.locator('html')).toHaveClass(/\belder\b/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  // back to "me" and sign out
  await page.goBack();
  await expect(page.getByTestId('me-page')).toBeVisible();
  await expect(page.getByTestId('me-name')).toHaveText(CITIZEN_NAME);
  await page.getByTestId('sign-out').click();
  await page.locator('.adm-dialog').getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByTestId('home-page')).toBeVisible();
  await expect(page.getByTestId('greeting')).toHaveText('Hello');
  expect((await api(page.request).GET('/api/me')).response.status).toBe(401);
});

test('registration shows the server field error for a wrong ID check character', async ({ page }) => {
  await page.goto('/?elder=0');
  await page.getByTestId('home-register').click();
  await expect(page.getByTestId('register-page')).toBeVisible();

  const month = String(1 + Math.floor(Math.random() * 12)).padStart(2, '0');
  const day = String(1 + Math.floor(Math.random() * 28)).padStart(2, '0');
  const first17 = `110105198${Math.floor(Math.random() * 10)}${month}${day}${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`;
  const good = idCheckChar(first17);
  const bad = good === '1' ? '2' : '1';
  const phone = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

  const field = (name: string) => page.getByTestId(`field-${name}`);
  await field('name').locator('input').fill('林测试');
  await field('idNumber')
    .locator('input')
    .fill(first17 + bad);
  await field('phone').locator('input').fill(phone);
  await field('password').locator('input').fill('Zhuce2026pass');
  await page.getByTestId('register-submit').click();

  await expect(field('idNumber').locator('.adm-form-item-feedback-error')).toContainText('校验位');
  await expect(field('phone').locator('.adm-form-item-feedback-error')).toHaveCount(0);
  await expect(field('name').locator('.adm-form-item-feedback-error')).toHaveCount(0);

  // with the right check character the account is created and signed in
  await field('idNumber')
    .locator('input')
    .fill(first17 + good);
  await page.getByTestId('register-submit').click();
  await expect(page.getByTestId('me-page')).toBeVisible();
  await expect(page.getByTestId('me-name')).toHaveText('林测试');
  await expect(page.getByTestId('assurance-level')).toHaveText('已注册');
});
