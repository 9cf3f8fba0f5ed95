import { expect, test } from '@playwright/test';
import { makeCitizenId } from '../server/src/platform/id-numbers.ts';
import { api, ok } from './api.ts';
import { CITIZEN_LOGIN, DEMO_PASSWORD, signInStaff } from './helpers.ts';

/**
 * The service hall, end to end (issue 9): a citizen books an appointment at the 24-hour
 * self-service area (open whatever the time of the run), takes a number there (check-in), and
 * a second page showing the hall's calling screen sees the number appear as the clerk calls it;
 * the clerk serves them, then takes a number for a walk-in applicant, files the applicant's case
 * at the window with the ID card checked in person, and gets the acceptance receipt (PDF).
 */
const HALL = 'self-service';
const ITEM = '居住证申领';

test('book, check in, be called on the screen, be served; file for a walk-in and print the receipt', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  // The citizen books in the app.
  const citizenCtx = await browser.newContext();
  const citizen = await citizenCtx.newPage();
  await ok(api(citizen.request).POST('/api/auth/login', { body: { login: CITIZEN_LOGIN, password: DEMO_PASSWORD } }));
  await citizen.goto(`/halls/${HALL}`);
  await expect(citizen.getByTestId('hall-figures')).toBeVisible();
  await citizen.getByTestId('book-item').getByText(ITEM).click();
  // Today is chosen first: the 24-hour area has a free half hour ahead, or in its last half hour
  // of the day, tomorrow's first (a number is taken from an hour before the appointment).
  await expect(citizen.getByTestId('book-day').locator('.adm-selector-item-active')).toHaveCount(1);
  await expect(citizen.getByTestId('slots').or(citizen.getByTestId('slots-none'))).toBeVisible();
  if (await citizen.getByTestId('slots-none').isVisible())
    await citizen.getByTestId('book-day').locator('.adm-selector-item').nth(1).click();
  await citizen.getByTestId('slots').locator('button:not([disabled])').first().click();
  await citizen.getByTestId('book-confirm').click();
  await expect(citizen.getByTestId('appointments-page')).toBeVisible();
  // At the hall: take the number.
  await citizen.getByTestId('check-in').first().click();
  const number = (await citizen.getByTestId('ticket-number').first().textContent())!.trim();
  expect(number).toMatch(/^A\d{3}$/);

  // The calling screen, on a display in the hall (nobody signed in).
  const screenCtx = await browser.newContext();
  const screen = await screenCtx.newPage();
  await screen.goto(`/screen/${HALL}`);
  await expect(screen.getByTestId('screen-live')).toHaveText('实时');
  await expect(screen.getByTestId('screen-waiting')).toContainText('1');
  await expect(screen.getByTestId(`call-${number}`)).toHaveCount(0);

  // The clerk opens window 1 and calls the next number: the screen shows it at once.
  const clerkCtx = await browser.newContext();
  const clerk = await clerkCtx.newPage();
  await signInStaff(clerk, 'clerk01');
  await clerk.goto('/console/halls');
  await clerk.getByTestId('window-hall').click();
  await clerk.locator('.ant-select-item-option', { hasText: '24小时政务自助服务区' }).click();
  await clerk.getByTestId('open-window-1').click();
  await clerk.getByTestId('window-call-next').click();
  await expect(clerk.getByTestId('window-current')).toHaveText(number);
  await expect(screen.getByTestId(`call-${number}`)).toBeVisible();
  await expect(screen.getByTestId('screen-waiting')).toContainText('0');
  await clerk.getByTestId('window-serve').click();
  await expect(clerk.getByTestId('window-current-status')).toHaveText('办理中');
  await citizen.reload();
  await expect(citizen.getByTestId('ticket').first()).toContainText('办理中');
  await clerk.getByTestId('window-finish').click();
  await expect(clerk.getByTestId('window-call-next')).toBeVisible();

  // A walk-in: the clerk takes a number for them, calls and serves it.
  await clerk.getByTestId('walk-in-item').click();
  await clerk.locator('.ant-select-item-option', { hasText: ITEM }).first().click();
  await clerk.getByTestId('walk-in-take').click();
  await clerk.getByTestId('window-call-next').click();
  await expect(clerk.getByTestId('window-current')).toHaveText(/^B\d{3}$/);
  const walkIn = (await clerk.getByTestId('window-current').textContent())!.trim();
  await expect(screen.getByTestId(`call-${walkIn}`)).toBeVisible();
  await clerk.getByTestId('window-serve').click();

  // 一窗受理: the same form as online, the ID card checked in person, paper materials received.
  const filing = clerk.getByTestId('window-filing');
  await filing.getByTestId('filing-item').click();
  await clerk.locator('.ant-select-item-option', { hasText: ITEM }).last().click();
  await filing.getByTestId('filing-id-number').fill(makeCitizenId('330383', '1992-07-09', 258));
  await filing.getByTestId('filing-name').fill('周小芳');
  await filing.getByTestId('filing-field-applicant_phone').fill('13912340000');
  await filing.getByTestId('filing-field-applicant_address').fill('龙港市龙跃路 9 号');
  await filing.getByTestId('filing-field-household_address').fill('苍南县灵溪镇');
  for (const box of await filing.getByTestId('filing-paper').locator('input[type=checkbox]').all()) await box.check();
  await filing.getByTestId('filing-submit').click();
  await expect(clerk.getByTestId('window-filed')).toContainText('330383-');
  const href = await clerk.getByTestId('window-receipt').getAttribute('href');
  const receipt = await clerk.request.get(href!);
  expect(receipt.status()).toBe(200);
  expect(receipt.headers()['content-type']).toBe('application/pdf');
  expect((await receipt.body()).subarray(0, 5).toString()).toBe('%PDF-');

  await Promise.all([citizenCtx.close(), screenCtx.close(), clerkCtx.close()]);
});

test('a walk-in takes a number at the hall’s kiosk without signing in', async ({ browser }) => {
  const kioskCtx = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const kiosk = await kioskCtx.newPage();
  await kiosk.goto(`/kiosk/${HALL}`);
  await expect(kiosk.getByTestId('kiosk')).toContainText('24小时政务自助服务区');
  await kiosk.getByTestId('kiosk').getByRole('button', { name: ITEM }).click();
  await expect(kiosk.getByTestId('kiosk-number')).toHaveText(/^B\d{3}$/);
  const wide = await kiosk.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
  expect(wide).toBe(false);
  await kiosk.getByTestId('kiosk-done').click();
  await expect(kiosk.getByTestId('kiosk').getByRole('button', { name: ITEM })).toBeVisible();
});
