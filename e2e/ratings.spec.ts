import { randomUUID } from 'node:crypto';
import { expect as baseExpect, test } from '@playwright/test';
import { DEMO_CITIZEN } from '../server/src/demo/accounts.ts';
import { sampleAnswers } from '../server/src/demo/sample-answers.ts';
import type { ActionInput, ItemDetail } from '../web/src/shared/contract.ts';
import { api, ok, upload, type Api } from './api.ts';
import { DEMO_OWN, staffApi } from './callers.ts';
import { CITIZEN_LOGIN, DEMO_PASSWORD, pdf, signInStaff } from './helpers.ts';

// 好差评 end to end: the demo citizen's 社会保障卡申领 is completed by HRSS; the citizen rates it
// 非常不满意 in the app; the ticket reaches HRSS's head in the console, who reports the fix; the
// citizen rates the fix (回访); the public figures page (no sign-in) shows HRSS's new counts.

const expect = baseExpect.configure({ timeout: 15_000 });
const ITEM_NAME = '社会保障卡申领';
const OWN = DEMO_OWN;

const pct = (n: number, d: number) => `${((n / d) * 100).toFixed(1)}%`;

test('a 差评 becomes a ticket, the unit fixes it, the rater rates the fix, the public figures change', async ({
  browser,
  baseURL,
}) => {
  const anonymous = api((await browser.newContext({ baseURL })).request);
  const hrssOf = async () =>
    (await ok(anonymous.GET('/api/supervision/figures'))).departments.find((d) => d.code === 'HRSS');
  const before = await hrssOf();

  // The citizen files; HRSS accepts, passes, approves and completes.
  const citizenContext = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  const citizen = api(citizenContext.request);
  await ok(citizen.POST('/api/auth/login', { body: { login: CITIZEN_LOGIN, password: DEMO_PASSWORD } }));
  const found = await ok(
    citizen.GET('/api/catalog/items', { params: { query: { q: ITEM_NAME, page: 1, pageSize: 20 } } }),
  );
  const code = found.items.find((i) => i.name.zh === ITEM_NAME)!.code;
  const item: ItemDetail = await ok(citizen.GET('/api/catalog/items/{code}', { params: { path: { code } } }));
  const materials = [];
  for (const m of item.item.materials.filter((x) => x.source === 'applicant')) {
    const res = await upload(citizen, `${m.code}.pdf`, pdf(`${m.code} ${randomUUID()}`));
    materials.push({ code: m.code, uploadId: res.data!.id });
  }
  const filed = await ok(
    citizen.POST('/api/applications/cases', {
      params: { header: { 'idempotency-key': `e2e-rating-${randomUUID()}` } },
      body: { itemCode: code, form: sampleAnswers(item.item.form, OWN), materials },
    }),
  );
  const [clerk, reviewer, approver] = [
    await staffApi(browser, baseURL!, 'hrss-clerk'),
    await staffApi(browser, baseURL!, 'hrss-reviewer'),
    await staffApi(browser, baseURL!, 'hrss-approver'),
  ];
  const act = (who: Api, body: ActionInput) =>
    ok(who.POST('/api/applications/cases/{id}/actions', { params: { path: { id: filed.id } }, body }));
  await act(clerk, { action: 'accept', expectedSeq: 0 });
  await act(reviewer, { action: 'pass', expectedSeq: 1, comment: '符合条件' });
  await act(approver, { action: 'approve', expectedSeq: 2, comment: '同意' });
  await act(clerk, { action: 'complete', expectedSeq: 3, result: { note: '社保卡已制发' } });

  // The invitation arrives (from the case's event); the citizen rates it 非常不满意.
  const page = await citizenContext.newPage();
  const invitation = page.getByTestId('rating-invitation').filter({ hasText: filed.caseNumber });
  await expect(async () => {
    await page.goto('/ratings');
    await expect(invitation).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await invitation.getByText('非常不满意').click();
  await invitation.getByTestId('rating-form-comment').locator('textarea').fill('等候时间太长');
  await invitation.getByTestId('rating-form-submit').click();
  await expect(page.getByText('感谢您的评价')).toBeVisible();

  // HRSS's head sees the ticket (case, score, comment; never the rater) and reports the fix.
  const staffPage = await (await browser.newContext({ baseURL })).newPage();
  await signInStaff(staffPage, 'hrss-admin');
  await staffPage.getByTestId('menu-supervision').click();
  const row = staffPage.locator('tr').filter({ hasText: filed.caseNumber });
  await expect(row).toContainText('非常不满意');
  await expect(row).toContainText('等候时间太长');
  await expect(row).not.toContainText(DEMO_CITIZEN.name);
  await row.getByRole('button', { name: '整改反馈' }).click();
  await staffPage.getByTestId('ticket-dialog-text').fill('已增设自助终端，高峰时段增开窗口');
  await staffPage.getByTestId('ticket-dialog-submit').click();
  await expect(row).toContainText('已整改待回访');

  // The citizen is called back and rates the fix.
  await page.goto('/ratings');
  const callback = page.getByTestId('rating-callback').filter({ hasText: filed.caseNumber });
  await expect(callback).toContainText('已增设自助终端');
  await callback.getByText('满意', { exact: true }).click();
  await callback.getByTestId('callback-form-submit').click();
  await expect(page.getByText('感谢您的评价')).toBeVisible();

  // The public page, signed out: HRSS has one more bad review, rectified.
  const bad = (before?.badReviews ?? 0) + 1;
  const tickets = (before?.rectificationTickets ?? 0) + 1;
  const rectified = (before?.rectified ?? 0) + 1;
  const publicPage = await (await browser.newContext({ baseURL, viewport: { width: 390, height: 844 } })).newPage();
  await publicPage.goto('/');
  await publicPage.getByTestId('home-ratings').click();
  await expect(publicPage.getByTestId('rating-figures')).toBeVisible();
  const line = publicPage.getByTestId('figures-dept-HRSS');
  await expect(line).toContainText(`差评数 ${bad}`);
  await expect(publicPage.getByTestId('figures-dept-HRSS-rect')).toHaveText(pct(rectified, tickets));
});
