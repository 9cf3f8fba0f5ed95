import { expect as baseExpect, test } from '@playwright/test';
import { ok } from './api.ts';
import { staffApi } from './callers.ts';
import { chooseOption, signInStaff } from './helpers.ts';

// 统计分析: the supervisor opens the statistics page from the menu; the four ECharts charts draw on
// canvas and the weekly table shows the same numbers the API answers; a department narrows them.

const expect = baseExpect.configure({ timeout: 15_000 });

test('the statistics page draws its charts and lists the numbers in a table', async ({ page, browser, baseURL }) => {
  const supervisor = await staffApi(browser, baseURL!, 'supervisor01');
  const from = new Date(Date.now() - 11 * 7 * 86_400_000).toISOString().slice(0, 10);
  const figures = await ok(supervisor.GET('/api/supervision/statistics', { params: { query: { from } } }));
  expect(figures.totals.submitted).toBeGreaterThan(0);

  await signInStaff(page, 'supervisor01');
  await page.getByTestId('menu-statistics').click();
  await expect(page.getByTestId('statistics-page')).toBeVisible();
  for (const chart of ['volumes', 'handling', 'shares', 'ratings'])
    await expect(page.getByTestId(`chart-${chart}`).locator('canvas')).toHaveCount(1);

  const table = page.getByTestId('statistics-weeks-table');
  const busiest = figures.weeks.reduce((a, w) => (w.submitted > a.submitted ? w : a));
  const row = table.locator('tr', { hasText: busiest.week });
  await expect(row).toContainText(String(busiest.submitted));
  await expect(row).toContainText(String(busiest.backlog));
  await expect(page.getByTestId('statistics-departments-table')).toContainText(figures.departments[0]!.code);

  const dept = figures.departments.find((d) => d.submitted > 0)!;
  await chooseOption(page, 'statistics-department', dept.name.zh);
  await expect(page.getByTestId('statistics-departments-table')).toHaveCount(0);
  await expect(page.getByTestId('statistics-items-table')).toContainText(dept.code);
  await expect(page.getByTestId('chart-volumes').locator('canvas')).toHaveCount(1);
});
