import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { api, ok } from './api.ts';
import { CITIZEN_LOGIN, DEMO_PASSWORD, signInStaff } from './helpers.ts';

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
    .split(/\r?\n/);
  expect(csv.length).toBeGreaterThan(1);
  expect(csv[0]!.split(',')).toHaveLength(headers.length);
  // The file is what the table previews: its first row is the table's first row, cell for cell.
  expect(csv[1]!.split(',').map((v) => v.replace(/^"(.*)"$/, '$1'))).toEqual(firstRow);
  await context.close();
});

/**
 * The portal's API keys and request form, at 360px: the demo citizen asks for an API key (shown
 * once), tries the city-events live endpoint with it on the page and calls it directly, revokes
 * it (then the endpoint refuses it); files a request for data not yet published to 综合行政执法局,
 * whose data officer answers it in the console; the citizen sees the answer under "my requests".
 */
test('a citizen gets an API key, calls the live endpoint with it, and asks for data a department then answers', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ baseURL, viewport: { width: 360, height: 780 }, locale: 'zh-CN' });
  await ok(api(context.request).POST('/api/auth/login', { body: { login: CITIZEN_LOGIN, password: DEMO_PASSWORD } }));
  const page = await context.newPage();
  await page.goto('/opendata');
  await page.getByTestId('opendata-link-keys').click();
  await expect(page.getByTestId('opendata-keys')).toBeVisible();

  const name = `交通研究 ${Date.now()}`;
  await page.getByTestId('opendata-key-name').locator('input').fill(name);
  await page.getByTestId('opendata-key-purpose').locator('textarea').fill('分析城市事件与道路的关系');
  await page.getByTestId('opendata-key-submit').click();
  const key = (await page.getByTestId('opendata-key-value').textContent())!;
  expect(key).toMatch(/^ywod_/);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

  // Tried on the page: the city events' live endpoint answers with the new key.
  await page.getByTestId('opendata-try-city-events-weekly').click();
  await expect(page.getByTestId('opendata-try-result')).toContainText('调用成功');
  const shown = Number(/共 (\d+) 行/.exec((await page.getByTestId('opendata-try-result').textContent())!)![1]);
  // And called directly, as a program would, with the key in X-API-Key.
  const dataset = await ok(
    api(context.request).GET('/api/opendata/datasets/{name}', { params: { path: { name: 'city-events-weekly' } } }),
  );
  const livePath = dataset.resources.find((r) => r.format === 'API')!.path;
  const direct = await context.request.get(`${livePath}?limit=2`, { headers: { 'X-API-Key': key } });
  expect(direct.status()).toBe(200);
  expect(direct.headers()['x-ratelimit-limit']).toBeTruthy();
  const body = (await direct.json()) as { total: number; rows: unknown[] };
  expect(body.total).toBe(shown);
  expect(body.rows).toHaveLength(Math.min(2, shown));
  await page.getByTestId('opendata-key-done').click();
  await expect(page.getByTestId('opendata-key-value')).toHaveCount(0);

  // Revoked on the page: the endpoint refuses the key from then on.
  const item = page.getByTestId('opendata-key').filter({ hasText: name });
  await item.getByTestId('opendata-key-revoke').click();
  await page.locator('.adm-dialog').getByRole('button', { name: '吊销' }).click();
  await expect(item.getByTestId('opendata-key-status')).toHaveText('已吊销');
  const refused = await context.request.get(livePath, { headers: { 'X-API-Key': key } });
  expect(refused.status()).toBe(403);
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('OPENDATA_KEY_INVALID');

  // A request for data not yet published, to 综合行政执法局.
  await page.goto('/opendata/requests');
  const title = `共享单车停放点 ${Date.now()}`;
  await page.getByTestId('opendata-request-title').locator('input').fill(title);
  await page.getByTestId('opendata-request-description').locator('textarea').fill('各社区共享单车停放点的位置和车位数');
  await page.getByTestId('opendata-request-purpose').locator('textarea').fill('研究停放秩序');
  await page.getByTestId('opendata-request-department').selectOption('CLE');
  await page.getByTestId('opendata-request-submit').click();
  const mine = page.getByTestId('opendata-request').filter({ hasText: title });
  await expect(mine.getByTestId('opendata-request-status')).toHaveText('待答复');

  // The department's data officer answers it in the console.
  const staffContext = await browser.newContext({ baseURL, locale: 'zh-CN' });
  const desk = await staffContext.newPage();
  await signInStaff(desk, 'dataofficer01');
  await desk.getByTestId('menu-od-requests').click();
  const row = desk.getByTestId('odreq-table').locator('tr', { hasText: title });
  await row.getByTestId('odreq-answer').click();
  await desk.getByTestId('odreq-answer-text').fill('已列入下季度开放计划');
  await desk.getByTestId('odreq-save').click();
  await expect(desk.getByTestId('odreq-table').locator('tr', { hasText: title })).toHaveCount(0);
  await staffContext.close();

  await page.reload();
  await expect(mine.getByTestId('opendata-request-status')).toHaveText('已答复');
  await expect(mine.getByTestId('opendata-request-answer')).toContainText('已列入下季度开放计划');
  await context.close();
});

test('the data officer withdraws a dataset with the reason in the console, and reinstates it', async ({
  browser,
  baseURL,
  request,
}) => {
  const context = await browser.newContext({ baseURL, locale: 'zh-CN' });
  const desk = await context.newPage();
  await signInStaff(desk, 'dataofficer01');
  await desk.getByTestId('menu-od-datasets').click();
  const state = desk.getByTestId('oddataset-state-city-events-weekly');
  await expect(state).toHaveText('已开放');
  const shown = async () =>
    ((await (await request.get('/api/3/action/package_show?id=city-events-weekly')).json()) as { success: boolean })
      .success;

  await desk.getByTestId('oddataset-withdraw-city-events-weekly').click();
  await desk.getByTestId('oddataset-withdraw-reason').fill('发现位置粗化不足，重新处理后再发布');
  await desk.getByTestId('oddataset-withdraw-ok').click();
  await expect(state).toHaveText('已撤回');
  await expect(desk.getByTestId('oddatasets-table')).toContainText('发现位置粗化不足');
  expect(await shown()).toBe(false);

  await desk.getByTestId('oddataset-reinstate-city-events-weekly').click();
  await desk.getByTestId('oddataset-withdraw-reason').fill('位置已重新粗化，复核通过');
  await desk.getByTestId('oddataset-withdraw-ok').click();
  await expect(state).toHaveText('已开放');
  expect(await shown()).toBe(true);
  await context.close();
});
