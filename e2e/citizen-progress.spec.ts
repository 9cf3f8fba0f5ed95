import { expect, test, type Page } from '@playwright/test';
import type { CaseSummary } from '../web/src/shared/contract.ts';
import { api, ok } from './api.ts';
import { CITIZEN_LOGIN, DEMO_PASSWORD } from './helpers.ts';

/**
 * What a citizen reads about time and progress, and how the pages reach the phone: no 401 on
 * signed-out pages, times in the city's zone on a device set to another, unambiguous dates and
 * no full-width colon in English, overdue cases said so in days, a life event's bundle first in
 * search, and the app's files compressed and cached.
 */

async function signIn(page: Page): Promise<void> {
  await ok(api(page.request).POST('/api/auth/login', { body: { login: CITIZEN_LOGIN, password: DEMO_PASSWORD } }));
}

const openCases = async (page: Page): Promise<CaseSummary[]> =>
  (await ok(api(page.request).GET('/api/applications/cases', { params: { query: { status: 'open', pageSize: 100 } } })))
    .items;

test('signed-out pages learn that nobody is signed in without a 401', async ({ page }) => {
  const unauthorised: string[] = [];
  const meCalls: string[] = [];
  page.on('response', (r) => {
    if (r.status() === 401) unauthorised.push(r.url());
  });
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/api/me') meCalls.push(r.url());
  });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  for (const url of ['/', '/services', '/services?q=%E7%A4%BE%E4%BF%9D', '/bundles/birth', '/login']) {
    await page.goto(url);
    await page.waitForLoadState('networkidle');
  }
  await expect(page.getByTestId('login-page')).toBeVisible();
  expect(unauthorised).toEqual([]);
  expect(meCalls).toEqual([]);
  expect(errors.filter((e) => /401|Unauthorized/i.test(e))).toEqual([]);
});

test.describe('on a phone set to UTC, in English', () => {
  test.use({ timezoneId: 'UTC', locale: 'en-GB' });

  test("shows times in the city's zone, dates that read one way, and an English colon", async ({ page }) => {
    await page.addInitScript(() => localStorage.setItem('yw.lang', 'en'));
    await signIn(page);
    // A case filed in the evening in China is already the next day there: 02:38 on 2 Dec in
    // Longgang is 18:38 on 1 Dec in UTC. Its number carries the date in China.
    const c = (await openCases(page)).find((x) => x.status === 'in_progress')!;
    expect(c).toBeDefined();
    const inCity = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(new Date(c.submittedAt));
    await page.goto(`/cases/${c.id}`);
    const submitted = page.getByTestId('case-submitted');
    await expect(submitted).toHaveText(inCity);
    const [, ymd] = /^\d{6}-(\d{8})-/.exec(c.caseNumber)!;
    const month = new Date(Date.UTC(2000, Number(ymd!.slice(4, 6)) - 1, 1)).toLocaleString('en-GB', {
      month: 'short',
      timeZone: 'UTC',
    });
    await expect(submitted).toContainText(`${Number(ymd!.slice(6, 8))} ${month} ${ymd!.slice(0, 4)}`);
    await expect(submitted).not.toContainText('/');
    await expect(page.locator('.yw-timeline-now .yw-timeline-title')).toHaveText(/^Now: /);
    await expect(page.getByTestId('case-view')).not.toContainText('Now：');
  });
});

test('an overdue case says 已超期 N 天 in my cases and on the case', async ({ page }) => {
  await signIn(page);
  const overdue = (await openCases(page)).find((x) => x.overdueDays !== null);
  expect(overdue, 'the demo history has an overdue case').toBeDefined();
  await page.goto('/cases');
  const row = page.locator(`[data-testid="case-row"][data-case-number="${overdue!.caseNumber}"]`);
  await expect(row.getByTestId('case-overdue')).toHaveText(`已超期 ${overdue!.overdueDays} 天`);
  await expect(row).not.toContainText('预计');
  await row.click();
  await expect(page.getByTestId('case-due')).toContainText(`已超期 ${overdue!.overdueDays} 天（承诺`);
});

test('search answers a life event with its bundle first, and finds everyday words and pinyin', async ({ page }) => {
  for (const q of ['出生', '生孩子']) {
    await page.goto(`/services?q=${encodeURIComponent(q)}`);
    const bundle = page.getByTestId('search-bundle').first();
    await expect(bundle).toHaveAttribute('data-code', 'birth');
    const [bundleTop, itemTop] = await Promise.all([
      bundle.evaluate((e) => e.getBoundingClientRect().top),
      page
        .getByTestId('search-result')
        .first()
        .evaluate((e) => e.getBoundingClientRect().top),
    ]);
    expect(bundleTop).toBeLessThan(itemTop);
  }
  await page.goto('/services?q=shebao');
  await expect(page.getByTestId('search-results')).toContainText('社会保障卡申领');
  await page.goto('/services?q=%E7%BB%93%E5%A9%9A');
  await expect(page.getByTestId('search-results')).toContainText('结婚登记');
  // Nothing found: something to try instead.
  await page.goto('/services?q=zzqqxx');
  await expect(page.getByTestId('search-empty')).toBeVisible();
  await page.getByTestId('search-suggestion').first().click();
  await expect(page.getByTestId('search-result').first()).toBeVisible();
});

test("the app's files come precompressed; hashed ones are cached for a year, pages revalidated", async ({
  request,
}) => {
  const home = await request.get('/', { headers: { 'accept-encoding': 'br, gzip' } });
  expect(home.headers()['content-encoding']).toBe('br');
  expect(home.headers()['cache-control']).toBe('no-cache');
  const html = await home.text();
  const script = /<script type="module" crossorigin src="([^"]+)"/.exec(html)?.[1];
  expect(script).toMatch(/^\/assets\/.+\.js$/);
  const js = await request.get(script!, { headers: { 'accept-encoding': 'br, gzip' } });
  expect(js.headers()['content-encoding']).toBe('br');
  expect(js.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  const gz = await request.get(script!, { headers: { 'accept-encoding': 'gzip' } });
  expect(gz.headers()['content-encoding']).toBe('gzip');
  const consolePage = await request.get('/console/inbox', { headers: { 'accept-encoding': 'gzip' } });
  expect(consolePage.headers()['content-encoding']).toBe('gzip');
  expect(consolePage.headers()['cache-control']).toBe('no-cache');
});

test('acting for an enterprise: a banner says whom for, and my cases are the enterprise’s', async ({ page }) => {
  await signIn(page);
  const company = (await ok(api(page.request).GET('/api/me/enterprises'))).items[0]!;
  const actAs = async (enterpriseId: string | null) =>
    expect((await api(page.request).POST('/api/me/acting-as', { body: { enterpriseId } })).response.status).toBe(200);
  await actAs(company.enterpriseId);
  try {
    await page.goto('/');
    await expect(page.getByTestId('home-acting-as')).toContainText(company.name);
    await page.goto('/cases?tab=closed');
    await expect(page.getByTestId('cases-acting-as')).toContainText(company.name);
    const theirs = (
      await ok(
        api(page.request).GET('/api/applications/cases', { params: { query: { status: 'completed', pageSize: 20 } } }),
      )
    ).items.map((c) => c.caseNumber);
    expect(theirs.length, 'the demo enterprise has completed cases').toBeGreaterThan(0);
    await expect(page.getByTestId('case-row')).toHaveCount(theirs.length);
    const shown = await page
      .getByTestId('case-row')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-case-number')));
    expect(shown).toEqual(theirs);
  } finally {
    await actAs(null);
  }
  await page.goto('/');
  await expect(page.getByTestId('home-page')).toBeVisible();
  await expect(page.getByTestId('home-acting-as')).toHaveCount(0);
});
