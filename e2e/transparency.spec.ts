import { expect, test, type Page } from '@playwright/test';
import { api, ok, type Api } from './api.ts';
import { CITIZEN_LOGIN, DEMO_PASSWORD } from './helpers.ts';

/**
 * 公开透明日志 (/transparency), signed out: a completed case of the seeded demo city, opened by a
 * link with its number, shows the signed checkpoint verified (Ed25519, in the browser) and each
 * of the case's entries proved in it (leaf recomputed, audit path folded, root = signed root);
 * on the next visit the browser checks the log only grew. A certificate from the citizen's
 * wallet is looked up by its number. An unknown number reads as not found; a proof of another
 * entry served in place of the right one reads as not verified.
 *
 * The sequencer runs on an interval: the test waits, through the API, until the log's latest
 * checkpoint covers the entries it looks up (expect.poll), never by sleeping.
 */

/** The log's entries of a case or certificate, once the latest signed checkpoint covers them all. */
async function logged(caller: Api, query: { caseNumber: string } | { certificate: string }) {
  let count = 0;
  await expect
    .poll(
      async () => {
        const entries =
          'caseNumber' in query
            ? (await caller.GET('/api/transparency/cases', { params: { query } })).data?.items
            : (await caller.GET('/api/transparency/certificates', { params: { query } })).data?.items;
        const cp = (await caller.GET('/api/transparency/checkpoints', { params: { query: { pageSize: 1 } } })).data
          ?.items[0];
        count = entries?.length ?? 0;
        return !!cp && count > 0 && entries!.every((e) => e.index < cp.treeSize);
      },
      { timeout: 20_000, message: 'the latest checkpoint covers the entries' },
    )
    .toBe(true);
  return count;
}

async function expectAllVerified(page: Page, count: number) {
  await expect(page.getByTestId('log-checkpoint')).toHaveAttribute('data-state', 'verified');
  await expect(page.getByTestId('log-signature')).toHaveAttribute('data-ok', 'true');
  const entries = page.getByTestId('log-entry');
  await expect(entries).toHaveCount(count);
  await expect(page.locator('[data-testid="log-entry"][data-state="verified"]')).toHaveCount(count);
  await expect(page.locator('[data-testid="log-entry-root"][data-ok="true"]')).toHaveCount(count);
}

test('a case decision and a certificate issuance are found in the log and verified in the browser', async ({
  page,
  browser,
  baseURL,
}) => {
  const caller = api(page.request);
  await ok(caller.POST('/api/auth/login', { body: { login: CITIZEN_LOGIN, password: DEMO_PASSWORD } }));
  const done = await ok(
    caller.GET('/api/applications/cases', { params: { query: { status: 'completed', pageSize: 20 } } }),
  );
  const theCase = done.items[0];
  expect(theCase, 'the demo citizen has a completed case').toBeDefined();
  const certificates = await ok(caller.GET('/api/credentials/mine'));
  const cert = certificates.items[0];
  expect(cert, 'the demo citizen holds a certificate').toBeDefined();
  await page.context().clearCookies();

  const caseCount = await logged(caller, { caseNumber: theCase!.caseNumber });
  await page.goto(`/transparency?case=${encodeURIComponent(theCase!.caseNumber)}`);
  await expect(page.getByTestId('transparency-page')).toBeVisible();
  await expectAllVerified(page, caseCount);
  await expect(page.getByTestId('log-consistency')).toHaveAttribute('data-state', 'first');
  await expect(
    page.locator('[data-testid="log-entry"][data-action="applications.case.complete"]').first(),
  ).toContainText('已验证');

  // The next visit: the browser proves the log only grew since the checkpoint it remembers.
  await page.reload();
  await expectAllVerified(page, caseCount);
  await expect(page.getByTestId('log-consistency')).toHaveAttribute('data-state', /^(same|consistent)$/);

  // A certificate, by its number typed in the search box.
  const certCount = await logged(caller, { certificate: cert!.number });
  await page.getByTestId('log-search-input').locator('input').fill(cert!.number);
  await page.getByTestId('log-search-submit').click();
  await expect(page.getByTestId('log-results')).toHaveAttribute('data-kind', 'certificate');
  await expectAllVerified(page, certCount);
  await expect(page.getByTestId('log-entry').first()).toHaveAttribute('data-action', 'credentials.certificate.issued');

  // An unknown number: not found.
  await page.getByTestId('log-search-input').locator('input').fill('330383-20991231-99999999');
  await page.getByTestId('log-search-submit').click();
  await expect(page.getByTestId('log-not-found')).toBeVisible();
  await expect(page.getByTestId('log-entry')).toHaveCount(0);

  // A proof of another entry served in place of each right one: the browser's check fails.
  const tampered = await (await browser.newContext({ baseURL })).newPage();
  await tampered.route('**/api/transparency/proof/inclusion?*', async (route) => {
    const url = new URL(route.request().url());
    const index = Number(url.searchParams.get('index'));
    url.searchParams.set('index', String(index === 0 ? 1 : index - 1));
    await route.continue({ url: url.toString() });
  });
  await tampered.goto(`/transparency?case=${encodeURIComponent(theCase!.caseNumber)}`);
  await expect(tampered.getByTestId('log-checkpoint')).toHaveAttribute('data-state', 'verified');
  await expect(tampered.locator('[data-testid="log-entry"][data-state="failed"]')).toHaveCount(caseCount);
  await expect(tampered.locator('[data-testid="log-entry-root"][data-ok="false"]')).toHaveCount(caseCount);
  await expect(tampered.getByTestId('log-entry').first()).toContainText('验证未通过');
});
