import { expect, test } from '@playwright/test';
import { DEMO_CITIZEN } from '../server/src/demo/accounts.ts';
import { makeCitizenId } from '../server/src/platform/id-numbers.ts';
import { api, ok } from './api.ts';
import { CITIZEN_LOGIN, DEMO_PASSWORD, docScreenshot } from './helpers.ts';

/**
 * 办件查询 without signing in: from the signed-out home page, a visitor enters a case's number,
 * the applicant's name and the last 4 of the ID number, and reads its progress in plain words;
 * a wrong last 4 reads as no such case.
 */
test('a signed-out visitor follows a case by its number, name and last 4 of the ID number', async ({ page }) => {
  // The demo citizen's own (personal) case, found while signed in; then the visitor signs out.
  await ok(api(page.request).POST('/api/auth/login', { body: { login: CITIZEN_LOGIN, password: DEMO_PASSWORD } }));
  const cases = await ok(
    api(page.request).GET('/api/applications/cases', { params: { query: { status: 'open', pageSize: 100 } } }),
  );
  const mine = cases.items.find((c) => c.applicantName.includes('*'));
  expect(mine, 'the demo citizen has a personal case in progress').toBeDefined();
  const view = await ok(api(page.request).GET('/api/applications/cases/{id}', { params: { path: { id: mine!.id } } }));
  await page.context().clearCookies();

  const tail = makeCitizenId('330383', DEMO_CITIZEN.idNumberBirth, DEMO_CITIZEN.idSequence).slice(-4);
  await page.goto('/');
  await page.getByTestId('home-lookup').click();
  await expect(page.getByTestId('lookup-page')).toBeVisible();

  const fill = async (idTail: string) => {
    await page.getByTestId('lookup-case-number').locator('input').fill(mine!.caseNumber);
    await page.getByTestId('lookup-name').locator('input').fill(DEMO_CITIZEN.name);
    await page.getByTestId('lookup-id-tail').locator('input').fill(idTail);
    await page.getByTestId('lookup-submit').click();
  };
  await fill(tail === '0000' ? '0001' : '0000');
  await expect(page.getByTestId('form-error')).toContainText('没有找到符合条件的办件');
  await expect(page.getByTestId('lookup-result')).toHaveCount(0);

  await fill(tail);
  const result = page.getByTestId('lookup-result');
  await expect(result).toBeVisible();
  await expect(page.getByTestId('form-error')).toHaveCount(0);
  await expect(page.getByTestId('lookup-headline')).toHaveText(view.headline.zh);
  await expect(page.getByTestId('lookup-applicant')).toHaveText(mine!.applicantName);
  await expect(result).not.toContainText(DEMO_CITIZEN.name);
  await docScreenshot(page, 'citizen-case-lookup.png');
});
