import { expect, test, type Page } from '@playwright/test';

/**
 * index.html paints the citizen home page's frame before the scripts run (docs/benchmarks.md,
 * the first load on slow 4G). Here the scripts never arrive, so what shows is the static shell
 * alone: its inline script ran under the server's CSP (it marks <html>), its text is in the
 * stored language, elder mode is applied, and it shows only at /. Once the app runs it replaces it.
 */
async function withoutScripts(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && m.text().includes('Content Security Policy')) violations.push(m.text());
  });
  await page.route('**/assets/*.js', (route) => route.abort());
  return violations;
}

test.use({ serviceWorkers: 'block' });

test('before the scripts run, / shows the home frame in zh-CN', async ({ page }) => {
  const violations = await withoutScripts(page);
  await page.goto('/');
  const shell = page.locator('.yw-shell');
  await expect(shell).toBeVisible();
  await expect(shell.locator('.yw-greeting')).toHaveText('你好', { useInnerText: true });
  await expect(shell.locator('.yw-search')).toContainText('搜索服务', { useInnerText: true });
  await expect(shell.locator('h2').first()).toContainText('热门服务', { useInnerText: true });
  await expect(shell.locator('.yw-popular li:visible')).toHaveCount(8);
  expect(violations).toEqual([]);
});

test('the frame follows the stored language and elder mode, and shows nowhere but /', async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => {
    localStorage.setItem('yw.lang', 'en');
    localStorage.setItem('yw.elder', '1');
  });
  const violations = await withoutScripts(page);
  await page.goto('/');
  const shell = page.locator('.yw-shell');
  await expect(shell.locator('.yw-greeting')).toHaveText('Hello', { useInnerText: true });
  await expect(shell.locator('h2').first()).toContainText('Popular services', { useInnerText: true });
  await expect(page.locator('html')).toHaveClass(/\belder\b/);
  await expect(shell.locator('.yw-tagline')).toBeHidden();
  await expect(shell.locator('.yw-popular li:visible')).toHaveCount(4);

  await page.goto('/lookup');
  await expect(shell).toBeHidden();
  expect(violations).toEqual([]);
});

test('the app replaces the frame when it mounts', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('home-page')).toBeVisible();
  await expect(page.locator('.yw-shell')).toHaveCount(0);
});
