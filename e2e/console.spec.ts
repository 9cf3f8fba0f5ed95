import { expect, test, type Page } from '@playwright/test';
import type { ErrorAnswer } from '../web/src/shared/contract.ts';
import { api, errorText } from './api.ts';
import { docScreenshot, passwordStep, totpFor, wrongTotp } from './helpers.ts';

test.use({ viewport: { width: 1366, height: 860 } });

async function typeCode(page: Page, code: string) {
  await page.getByTestId('totp-code').locator('input').first().click();
  await page.keyboard.type(code);
}

test('staff signs in with password and TOTP, browses the organisation, signs out', async ({ page }) => {
  await passwordStep(page, 'clerk01');
  await typeCode(page, await totpFor('clerk01'));

  await expect(page.getByTestId('side-menu')).toBeVisible();
  await expect(page.getByTestId('current-user')).toBeVisible();
  // A clerk lands on the inbox (待办), the page they work from, not on the organisation.
  await expect(page).toHaveURL(/\/console\/inbox$/);
  await expect(page.getByTestId('inbox-page')).toBeVisible();

  // departments: 15 rows
  await page.getByTestId('menu-departments').click();
  const departments = page.getByTestId('departments-table').locator('tbody tr.ant-table-row');
  await expect(departments).toHaveCount(15);
  await docScreenshot(page, 'console-org.png');

  // communities: paginated, with a drawer of grids
  await page.getByTestId('menu-communities').click();
  const communities = page.getByTestId('communities-table').locator('tbody tr.ant-table-row');
  await expect(communities.first()).toBeVisible();
  const firstPageFirstRow = await communities.first().innerText();
  const pagination = page.getByTestId('communities-table').locator('.ant-pagination');
  await pagination.locator('.ant-pagination-item-2').click();
  await expect(pagination.locator('.ant-pagination-item-active')).toHaveText('2');
  await expect(communities.first()).not.toHaveText(firstPageFirstRow);

  await communities.first().getByTestId('view-grids').click();
  const drawer = page.getByTestId('grids-drawer-body');
  await expect(drawer).toBeVisible();
  await expect(drawer.getByTestId('grids-table').locator('tbody tr.ant-table-row').first()).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();

  // search narrows the list
  const name = (await communities.first().locator('td').nth(1).innerText()).trim();
  const search = page.getByTestId('communities-search').locator('input');
  await search.fill(name);
  await search.press('Enter');
  await expect(communities.first().locator('td').nth(1)).toHaveText(name);

  // staff: masked phones, role labels in Chinese
  await page.getByTestId('menu-staff').click();
  const staff = page.getByTestId('staff-table').locator('tbody tr.ant-table-row');
  await expect(staff.first()).toBeVisible();
  await expect(page.getByTestId('staff-table')).toContainText('窗口受理');

  // account, then sign out
  await page.getByTestId('menu-account').click();
  await expect(page.getByTestId('account-name')).toBeVisible();
  await expect(page.getByTestId('account-page').locator('[data-role="clerk"]').first()).toHaveText('窗口受理');
  await page.getByTestId('sign-out').click();
  await page.locator('.ant-popconfirm').getByRole('button', { name: '退出登录' }).click();
  await expect(page.getByTestId('password-step')).toBeVisible();
  expect((await api(page.request).GET('/api/me')).response.status).toBe(401);
});

test('each role lands on the page it works from after signing in', async ({ page }) => {
  for (const [username, path] of [
    ['deptadmin01', /\/console\/catalog$/],
    ['sysadmin', /\/console\/org\/staff$/],
  ] as const) {
    await passwordStep(page, username);
    await typeCode(page, await totpFor(username));
    await expect(page).toHaveURL(path);
    await page.context().clearCookies();
  }
});

test('a wrong TOTP code is refused', async ({ page }) => {
  await passwordStep(page, 'reviewer01');
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/auth/totp'));
  await typeCode(page, wrongTotp());
  const refused = await answer;
  expect(refused.status()).toBe(401);
  const { error } = (await refused.json()) as ErrorAnswer<'/api/auth/totp', 'post'>;
  expect(error.code).toBe('TOTP_INVALID');
  // The message of the error catalogue for the code, in Chinese (the server's own until it lists it).
  await expect(page.getByTestId('login-error')).toContainText(errorText(error.code, error.message));
  await expect(page.getByTestId('totp-step')).toBeVisible();
  await expect(page.getByTestId('side-menu')).toHaveCount(0);
  expect((await api(page.request).GET('/api/me')).response.status).toBe(401);
});
