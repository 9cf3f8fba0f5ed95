import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';

/**
 * 公共数据开放, signed out, on a phone: a citizen opens the portal, narrows the catalogue by the
 * 地区和城市 theme facet to the city-events dataset, opens it, previews it as a table and as an
 * ECharts chart, and downloads the CSV, whose header and rows are the table's.
 */
test('a citizen finds city events by facet, previews them as a table and a chart, and downloads the CSV', async ({
  browser,
  baseURL,
}) => {
  const context = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto('/opendata');
  // The demo datasets and the demo pipelines' ones: as many as the CKAN API lists.
  const listed = (await (await context.request.get('/api/3/action/package_list')).json()) as { result: string[] };
  await expect(page.getByTestId('opendata-total')).toHaveText(`共 ${listed.result.length} 个数据集`);

  // The theme facet 地区和城市 narrows the catalogue to its datasets, city events among them.
  const facet = page.getByTestId('facet-groups').getByText(/^地区和城市 \(\d+\)$/);
  const inTheme = Number((await facet.textContent())!.match(/\((\d+)\)/)![1]);
  expect(inTheme).toBeLessThan(listed.result.length);
  await facet.click();
  await expect(page.getByTestId('opendata-total')).toHaveText(`共 ${inTheme} 个数据集`);
  await expect(page).toHaveURL(/groups=regi/);
  await page.getByTestId('dataset-city-events-weekly').click();

  // The newest release: the demo pipeline's when it has run (the title and columns are its).
  const shown = (await (await context.request.get('/api/3/action/package_show?id=city-events-weekly')).json()) as {
    result: { title: string };
  };
  await expect(page.getByTestId('opendata-dataset')).toContainText(shown.result.title);
  const table = page.getByTestId('opendata-table');
  const headers = await table.locator('thead th').allTextContents();
  expect(headers.length).toBeGreaterThanOrEqual(3);
  const firstRow = await table.locator('tbody tr').first().locator('td').allTextContents();
  expect(firstRow).toHaveLength(headers.length);
  // No horizontal scroll on the phone: the table scrolls inside its own box.
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

  await page.getByRole('tab', { name: '图表' }).click();
  await expect(page.getByTestId('opendata-chart').locator('canvas')).toBeVisible();

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-CSV').click()]);
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  const csv = readFileSync((await download.path())!, 'utf8')
    .trim()
    .split('\n');
  expect(csv.length).toBeGreaterThan(1);
  expect(csv[0]!.split(',')).toHaveLength(headers.length);
  await context.close();
});
