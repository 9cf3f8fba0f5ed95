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
  await expect(page.getByTestId('opendata-total')).toHaveText('共 3 个数据集');

  // The theme facet 地区和城市 leaves the one dataset.
  await page.getByTestId('facet-groups').getByText('地区和城市 (1)').click();
  await expect(page.getByTestId('opendata-total')).toHaveText('共 1 个数据集');
  await expect(page).toHaveURL(/groups=regi/);
  await page.getByTestId('dataset-city-events-weekly').click();

  await expect(page.getByTestId('opendata-dataset')).toContainText('城市事件周报');
  const table = page.getByTestId('opendata-table');
  await expect(table.locator('thead th')).toHaveText(['周', '社区', '事件类别', '件数']);
  const firstRow = await table.locator('tbody tr').first().locator('td').allTextContents();
  expect(firstRow).toHaveLength(4);
  // No horizontal scroll on the phone: the table scrolls inside its own box.
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

  await page.getByRole('tab', { name: '图表' }).click();
  const chart = page.getByTestId('opendata-chart');
  await expect(chart.locator('canvas')).toBeVisible();
  await expect(page.getByText('按“事件类别”汇总“件数”')).toBeVisible();

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-CSV').click()]);
  expect(download.suggestedFilename()).toMatch(/^city-events-weekly-1\.0-0\.csv$/);
  const csv = readFileSync((await download.path())!, 'utf8').split('\n');
  expect(csv[0]).toBe('week,community,category,count');
  expect(csv[1]!.split(',')).toEqual(firstRow);
  await context.close();
});
