import { expect, test, type Page } from '@playwright/test';
import { api, ok } from './api.ts';
import { CITIZEN_LOGIN, DEMO_PASSWORD, signInStaff } from './helpers.ts';

// Both web apps work under the Content-Security-Policy the server sends (pages, API answers),
// with no violation reported: every `securitypolicyviolation` event and every console error
// is collected from the first script on, across navigations.

interface Problems {
  violations: string[];
  consoleErrors: string[];
}

async function watch(page: Page): Promise<Problems> {
  const problems: Problems = { violations: [], consoleErrors: [] };
  await page.exposeFunction('__reportCspViolation', (v: string) => problems.violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { __reportCspViolation: (v: string) => void }).__reportCspViolation;
      void report(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  page.on('console', (m) => {
    // Before sign-in the apps ask GET /api/me and get 401: the browser logs that answer as an error.
    if (m.type() === 'error' && !/^Failed to load resource: the server responded with a status of 401\b/.test(m.text()))
      problems.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => problems.consoleErrors.push(e.message));
  return problems;
}

test('the citizen app under its CSP: home, sign-in, a service guide', async ({ page }) => {
  const problems = await watch(page);
  const home = await page.goto('/');
  const policy = home!.headers()['content-security-policy'] ?? '';
  expect(policy).toContain("script-src 'self'");
  expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  // the super app frames its own consent sheet, and mini-apps from their origins (docs/superapp-bridge.md)
  expect(policy).toContain("frame-ancestors 'self'");
  await expect(page.getByTestId('home-page')).toBeVisible();
  await expect(page.getByTestId('popular-item').first()).toBeVisible();

  await page.getByTestId('home-signin').click();
  await page.getByTestId('login-login').locator('input').fill(CITIZEN_LOGIN);
  await page.getByTestId('login-password').locator('input').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('me-page')).toBeVisible();

  const items = await ok(api(page.request).GET('/api/catalog/items', { params: { query: { page: 1, pageSize: 1 } } }));
  await page.goto(`/services/${items.items[0]!.code}`);
  await expect(page.getByTestId('guide-page')).toBeVisible();
  // the service worker registered (worker-src 'self'); not cross-origin isolated: it embeds mini-apps from other origins
  expect(await page.evaluate(() => window.crossOriginIsolated)).toBe(false);

  expect(problems.violations).toEqual([]);
  expect(problems.consoleErrors).toEqual([]);
});

test('the staff console under its CSP: sign-in and the inbox', async ({ page }) => {
  const problems = await watch(page);
  await signInStaff(page, 'clerk01');
  await page.getByTestId('menu-inbox').click();
  await expect(page.getByTestId('inbox-page')).toBeVisible();
  await expect(page.locator('.ant-table-row').first()).toBeVisible();
  expect(problems.violations).toEqual([]);
  expect(problems.consoleErrors).toEqual([]);
});
