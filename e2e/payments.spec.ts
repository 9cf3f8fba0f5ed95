import { readFileSync } from 'node:fs';
import { expect as baseExpect, test, type Browser, type Page } from '@playwright/test';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { api, ok, type Api } from './api.ts';
import { fileIdRenewal } from './fees.ts';
import { CITIZEN_LOGIN, DEMO_PASSWORD, signInStaff } from './helpers.ts';

// Fees and payment (统一公共支付) end to end: the demo citizen files 居民身份证换领 (¥20 工本费,
// due before acceptance) and pays it on the case page through the sandbox provider's hosted
// page: a failed payment first, then a retry whose callback the sandbox sends twice (paid
// once), then the electronic receipt is downloaded and read. In the console, finance staff
// reconcile the day after a mismatch is planted in the sandbox's own books, find it and
// resolve it with a note.

const expect = baseExpect.configure({ timeout: 20_000 });

async function citizenPage(browser: Browser, baseURL: string, width = 390): Promise<{ page: Page; api: Api }> {
  const context = await browser.newContext({
    baseURL,
    viewport: { width, height: 844 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const caller = api(context.request);
  await ok(caller.POST('/api/auth/login', { body: { login: CITIZEN_LOGIN, password: DEMO_PASSWORD } }));
  return { page, api: caller };
}

/** On the case page: Pay → the sandbox's hosted page → a button → its result page → back to the case. */
async function payOnPage(page: Page, button: 'pay' | 'fail' | 'twice') {
  await page.getByTestId('payment-pay').click();
  await expect(page).toHaveURL(/\/api\/payments\/sandbox\/pay\//);
  await expect(page.locator('#amount')).toContainText('¥20.00');
  await page.locator(`button[value="${button}"]`).click();
  await page.locator('#back').click();
  await expect(page.getByTestId('case-page')).toBeVisible();
}

test('pays a fee through the sandbox: a failed payment, a retry called back twice, and the receipt', async ({
  browser,
  baseURL,
}) => {
  const { page, api: caller } = await citizenPage(browser, baseURL!);
  const c = await fileIdRenewal(caller);
  await page.goto(`/cases/${c.id}`);
  const card = page.getByTestId('case-payment');
  await expect(card).toHaveAttribute('data-status', 'unpaid');
  await expect(card.getByTestId('payment-amount')).toHaveText('¥20.00');
  await expect(card).toContainText('贰拾元整');

  await payOnPage(page, 'fail');
  await expect(card).toHaveAttribute('data-status', 'failed');
  await expect(card.getByTestId('payment-status')).toHaveText('支付未成功');

  await payOnPage(page, 'twice');
  await expect(card).toHaveAttribute('data-status', 'paid');
  const receiptNumber = (await card.getByTestId('payment-receipt-number').textContent())!.trim();
  expect(receiptNumber).toMatch(/^330383\d{12}$/);
  // The doubled callback paid once: one order, paid, and one "缴费成功" message.
  const orders = await ok(caller.GET('/api/payments/cases/{caseId}/orders', { params: { path: { caseId: c.id } } }));
  expect(orders.items.map((o) => o.status)).toEqual(['paid']);
  const messages = await ok(caller.GET('/api/me/notifications', { params: { query: { pageSize: 100 } } }));
  expect(messages.items.filter((m) => m.link === `/cases/${c.id}` && m.title.zh.startsWith('缴费成功'))).toHaveLength(
    1,
  );
  // No horizontal scroll on a phone with the fee on the page.
  const scroll = await page.evaluate(() => document.scrollingElement!.scrollWidth);
  expect(scroll).toBeLessThanOrEqual(390);

  const download = page.waitForEvent('download');
  await card.getByTestId('payment-receipt').click();
  const file = await (await download).path();
  const bytes = readFileSync(file);
  expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const doc = await getDocument({ data: new Uint8Array(bytes) }).promise;
  const text = (await (await doc.getPage(1)).getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join('');
  expect(text).toContain(receiptNumber);
  expect(text).toContain('人民币贰拾元整');
  await page.context().close();
});

test('reconciliation in the console finds a mismatch planted in the sandbox and resolves it', async ({
  browser,
  baseURL,
}) => {
  const { page: citizen, api: caller } = await citizenPage(browser, baseURL!);
  const c = await fileIdRenewal(caller);
  await citizen.goto(`/cases/${c.id}`);
  await payOnPage(citizen, 'pay');
  await expect(citizen.getByTestId('case-payment')).toHaveAttribute('data-status', 'paid');
  await citizen.context().close();

  const context = await browser.newContext({ baseURL, viewport: { width: 1366, height: 860 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await signInStaff(page, 'finance01');
  const finance = api(context.request);
  const paid = await ok(finance.GET('/api/payments/orders', { params: { query: { status: 'paid', pageSize: 50 } } }));
  const order = paid.items.find((o) => o.caseId === c.id);
  expect(order, 'the paid order in the finance list').toBeDefined();
  const open = await ok(finance.GET('/api/payments/mismatches', { params: { query: {} } }));
  expect(open.items.some((m) => m.orderNumber === order!.orderNumber)).toBe(false);
  // The sandbox's merchant console changes its own books: ¥19.99 where the platform took ¥20.00.
  const tradeNo = order!.tradeNo!;
  const planted = await finance.PATCH('/api/payments/sandbox/ledger/{tradeNo}', {
    params: { path: { tradeNo } },
    body: { amountFen: 1999 },
  });
  expect(planted.response.status).toBe(204);

  await page.getByTestId('menu-finance').click();
  await page.getByTestId('tab-mismatches').click();
  await page.getByTestId('reconcile-run').click();
  const row = page.getByTestId('finance-mismatches').locator('tbody tr.ant-table-row', { hasText: tradeNo });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('mismatch-kind')).toHaveAttribute('data-kind', 'amount_differs');
  await expect(row).toContainText('¥19.99');
  await row.getByTestId('mismatch-resolve').click();
  await page.getByTestId('resolve-note').fill('渠道对账单金额有误，已与渠道核实');
  await page.getByTestId('resolve-confirm').click();
  await expect(row).toHaveCount(0);
  await context.close();
});
