import { expect, test } from '@playwright/test';
import { signInStaff } from './helpers.ts';

test.use({ viewport: { width: 1366, height: 860 } });

test('a city operator issues an Open311 API key, an app reports with it, and revoking it stops the app', async ({
  page,
  baseURL,
}) => {
  await signInStaff(page, 'operator01');
  await page.getByTestId('menu-open311-keys').click();
  await expect(page.getByTestId('open311-keys-page')).toBeVisible();

  const name = `E2E 随手拍 App ${Date.now().toString(36)}`;
  await page.getByTestId('open311-issue').click();
  await page.getByTestId('open311-name').fill(name);
  await page.getByTestId('open311-contact').fill('王工 13900000000');
  await page.getByTestId('open311-save').click();
  const key = await page.getByTestId('open311-issued-key').inputValue();
  expect(key).toMatch(/^o311_/);
  // Close the dialog that shows the key once; on a busy machine a click during its opening
  // animation can be lost, leaving it over the table: click again until no dialog is open.
  await expect(async () => {
    const close = page.getByTestId('open311-issued-close');
    if (await close.isVisible()) await close.click({ timeout: 2_000 });
    await expect(page.locator('.ant-modal-wrap:visible')).toHaveCount(0, { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  const row = page.getByTestId('open311-keys-table').locator('tbody tr.ant-table-row').filter({ hasText: name });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('open311-key-status')).toHaveText('有效');
  // The list shows the key's prefix only.
  await expect(row).not.toContainText(key);

  // An Open311 client reports with the key (form-encoded, JSON answer).
  const services = (await (await page.request.get(`${baseURL}/open311/v2/services.json`)).json()) as {
    service_code: string;
    metadata: boolean;
  }[];
  const service = services.find((s) => !s.metadata)!.service_code;
  const form = { api_key: key, service_code: service, lat: '27.599396', long: '120.493069', description: '路灯不亮' };
  const created = await page.request.post(`${baseURL}/open311/v2/requests.json`, { form });
  expect(created.status()).toBe(200);
  expect(((await created.json()) as { service_request_id: string }[])[0]!.service_request_id).toMatch(/^SJ/);

  await row.getByTestId('open311-revoke').click();
  await page.getByTestId('open311-revoke-ok').click();
  await expect(row.getByTestId('open311-key-status')).toHaveText('已吊销');
  const refused = await page.request.post(`${baseURL}/open311/v2/requests.xml`, { form });
  expect(refused.status()).toBe(403);
  expect(await refused.text()).toContain('<errors><error><code>403</code>');
});
