import { randomUUID } from 'node:crypto';
import { expect as baseExpect, test } from '@playwright/test';
import { sampleAnswers } from '../server/src/demo/sample-answers.ts';
import type { ActionInput, CaseView, ItemDetail } from '../web/src/shared/contract.ts';
import { api, ok, upload, type Api } from './api.ts';
import { DEMO_OWN, staffApi } from './callers.ts';
import { CITIZEN_LOGIN, DEMO_PASSWORD, pdf, signInStaff } from './helpers.ts';

// Electronic certificates end to end: the demo citizen, acting for their enterprise, applies for
// 企业设立登记 (AMR); the AMR staff accept, review, approve and complete it through the API; the
// business licence (营业执照) appears in the citizen's card wallet (卡包) and on the case; the
// citizen shares it; the shared page (opened by someone not signed in) verifies it as valid,
// naming the issuer. The AMR clerk pastes it into the console, revokes it with a reason and a
// legal basis, and the shared page then says revoked.

const expect = baseExpect.configure({ timeout: 20_000 });
const ITEM_NAME = '企业设立登记';
const OWN = DEMO_OWN;

async function fileCompanyRegistration(citizen: Api): Promise<CaseView> {
  const found = await ok(
    citizen.GET('/api/catalog/items', { params: { query: { q: ITEM_NAME, page: 1, pageSize: 20 } } }),
  );
  const summary = found.items.find((i) => i.name.zh === ITEM_NAME && i.departmentCode === 'AMR');
  expect(summary, ITEM_NAME).toBeDefined();
  const item: ItemDetail = await ok(
    citizen.GET('/api/catalog/items/{code}', { params: { path: { code: summary!.code } } }),
  );
  const company = (await ok(citizen.GET('/api/me/enterprises'))).items[0]!;
  const materials = [];
  for (const m of item.item.materials.filter((x) => x.source === 'applicant')) {
    const res = await upload(citizen, `${m.code}.pdf`, pdf(`${m.code} ${randomUUID()}`));
    expect(res.response.status).toBe(201);
    materials.push({ code: m.code, uploadId: res.data!.id });
  }
  const res = await citizen.POST('/api/applications/cases', {
    params: { header: { 'idempotency-key': `e2e-cert-${randomUUID()}` } },
    body: { itemCode: item.code, form: sampleAnswers(item.item.form, { ...OWN, company }), materials },
  });
  expect(res.response.status, JSON.stringify(res.error)).toBe(201);
  return res.data!;
}

test('a business licence is issued, shared, verified, revoked, and the shared page says revoked', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  // The citizen, acting for their enterprise.
  const citizenContext = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  const citizen = api(citizenContext.request);
  await ok(citizen.POST('/api/auth/login', { body: { login: CITIZEN_LOGIN, password: DEMO_PASSWORD } }));
  const enterprise = (await ok(citizen.GET('/api/me/enterprises'))).items[0]!;
  await ok(citizen.POST('/api/me/acting-as', { body: { enterpriseId: enterprise.enterpriseId } }));
  const filed = await fileCompanyRegistration(citizen);

  // AMR handles it: accept → pass → approve → complete (simple_licence).
  const clerk = await staffApi(browser, baseURL!, 'amr-clerk');
  const reviewer = await staffApi(browser, baseURL!, 'amr-reviewer');
  const approver = await staffApi(browser, baseURL!, 'amr-approver');
  const act = (who: Api, input: ActionInput) =>
    ok(who.POST('/api/applications/cases/{id}/actions', { params: { path: { id: filed.id } }, body: input }));
  await act(clerk, { action: 'accept', expectedSeq: 0 });
  await act(reviewer, { action: 'pass', expectedSeq: 1, comment: '材料齐全，符合法定形式' });
  await act(approver, { action: 'approve', expectedSeq: 2, comment: '准予设立登记' });
  await act(clerk, { action: 'complete', expectedSeq: 3, result: { note: '准予设立登记，核发营业执照' } });

  // The licence arrives (issued from the case's event) in the wallet and on the case.
  const page = await citizenContext.newPage();
  await expect(async () => {
    await page.goto('/wallet');
    await expect(page.getByTestId('wallet-item').first()).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await page.goto(`/cases/${filed.id}`);
  await page.getByTestId('case-certificate').first().click();
  await expect(page.getByTestId('certificate')).toHaveAttribute('data-status', 'active');
  await expect(page.getByTestId('certificate')).toContainText('营业执照');
  await expect(page.getByTestId('certificate-qr')).toBeVisible();
  const number = (await page.getByTestId('certificate-number').textContent())!;
  // GB/T 36904: 1.2.156.3005.2.<type code, 21>.<issuer USCC>.<serial>.<version>.<check>
  expect(number).toMatch(/^1\.2\.156\.3005\.2\.[0-9A-Z]{18}001\.[0-9A-Z]{18}\.\d{7}\.001\.[0-9A-Z]$/);

  // Share it; the link opens the public page for someone not signed in.
  await page.getByTestId('share-create').click();
  const shareUrl = (await page.getByTestId('share-link').getAttribute('href'))!;
  expect(shareUrl).toMatch(/^\/verify\?share=/);
  const visitorContext = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  const visitor = await visitorContext.newPage();
  await visitor.goto(shareUrl);
  await expect(visitor.getByTestId('verify-outcome')).toHaveAttribute('data-outcome', 'valid');
  await expect(visitor.getByTestId('verify-issuer')).not.toBeEmpty();

  // At the AMR window: the clerk scans what the holder presents and revokes it.
  const jwt = (await ok(citizen.GET('/api/credentials/mine'))).items.find((c) => c.number === number)!;
  const detail = await ok(citizen.GET('/api/credentials/certificates/{id}', { params: { path: { id: jwt.id } } }));
  const consoleContext = await browser.newContext({ baseURL, viewport: { width: 1366, height: 860 }, locale: 'zh-CN' });
  const desk = await consoleContext.newPage();
  await signInStaff(desk, 'amr-clerk');
  await desk.getByTestId('menu-certificates').click();
  // The window's scanner (扫码枪) types the QR code's link into the focused field and ends with Enter.
  await expect(desk.getByTestId('console-verify-input')).toBeFocused();
  await desk.keyboard.type(new URL(shareUrl, baseURL).href);
  await desk.keyboard.press('Enter');
  await expect(desk.getByTestId('console-verify-outcome')).toHaveAttribute('data-outcome', 'valid');
  // The next scan replaces the last one (the field keeps the focus, its text selected).
  await desk.keyboard.type(detail.jwt);
  await desk.getByTestId('console-verify-submit').click();
  await expect(desk.getByTestId('console-verify-input')).toHaveValue(detail.jwt);
  await expect(desk.getByTestId('console-verify-outcome')).toHaveAttribute('data-outcome', 'valid');
  await desk.getByTestId('status-action-revoke').click();
  await desk.getByTestId('status-reason').fill('以欺骗手段取得登记，依法撤销');
  await desk.getByTestId('status-legal-basis').fill('《中华人民共和国市场主体登记管理条例》第四十条');
  await desk.getByTestId('status-submit').click();
  await expect(desk.getByTestId('console-verify-outcome')).toHaveAttribute('data-outcome', 'revoked');

  // The shared page, reloaded, says revoked.
  await visitor.reload();
  await expect(visitor.getByTestId('verify-outcome')).toHaveAttribute('data-outcome', 'revoked');
  await page.goto('/wallet');
  await expect(page.locator(`[data-testid="wallet-item"][data-number="${number}"]`)).toHaveAttribute(
    'data-status',
    'revoked',
  );
  for (const c of [citizenContext, visitorContext, consoleContext]) await c.close();
});
