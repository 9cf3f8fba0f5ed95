import { expect, test, type Frame, type Page } from '@playwright/test';
import { api, ok } from './api.ts';
import { CITIZEN_LOGIN, CITIZEN_NAME, DEMO_PASSWORD, signInStaff } from './helpers.ts';

/**
 * The super app's bridge (docs/superapp-bridge.md): the demo mini-apps (miniapps/, each its own
 * site on its own port, started with the server) open in /apps/:slug signed in through the
 * bridge's login code; in their sandboxed iframe they cannot read the super app's cookies or
 * storage; the host answers only the app's registered origin from its own iframe; a bill is paid
 * through the payment sheet (the sandbox provider).
 */

async function signedIn(page: Page, consentTo?: { slug: string; scopes: string[] }) {
  const c = api(page.request);
  await ok(c.POST('/api/auth/login', { body: { login: CITIZEN_LOGIN, password: DEMO_PASSWORD } }));
  if (consentTo)
    await ok(
      c.PUT('/api/superapp/me/apps/{slug}/consent', {
        params: { path: { slug: consentTo.slug } },
        body: { scopes: consentTo.scopes as never },
      }),
    );
  return c;
}

/** The mini-app's frame once its page has loaded. */
async function appFrame(page: Page, origin: string): Promise<Frame> {
  await expect.poll(() => page.frames().some((f) => f.url().startsWith(origin))).toBe(true);
  return page.frames().find((f) => f.url().startsWith(origin))!;
}

test('a mini-app opens signed in, in a sandboxed iframe that cannot read the super app', async ({ page }) => {
  const c = await signedIn(page, { slug: 'water-bills', scopes: ['openid', 'profile', 'address'] });
  const host = await ok(c.GET('/api/superapp/apps/{slug}/host', { params: { path: { slug: 'water-bills' } } }));
  expect(host.usable).toBe(true);
  await page.goto('/apps/water-bills');
  const iframe = page.getByTestId('miniapp-frame');
  await expect(iframe).toHaveAttribute('sandbox', 'allow-scripts allow-forms allow-same-origin');
  const app = page.frameLocator('[data-testid="miniapp-frame"]');
  await expect(app.getByTestId('greeting')).toContainText(CITIZEN_NAME);
  // the title the app set through the bridge
  await expect(page.getByTestId('miniapp-title')).toHaveText('水电缴费');

  // Isolation: another origin. The super app's session cookie, storage and document are out of reach.
  const frame = await appFrame(page, host.origin!);
  const seen = await frame.evaluate(async (platform) => {
    const tryIt = (fn: () => unknown) => {
      try {
        return { ok: true, value: String(fn()) };
      } catch (e) {
        return { ok: false, value: (e as Error).name };
      }
    };
    const apiMe = await fetch(`${platform}/api/me`, { credentials: 'include' }).then(
      (r) => `status ${r.status}`,
      (e: Error) => e.name,
    );
    return {
      cookie: document.cookie,
      parentStorage: tryIt(() => window.parent.localStorage.getItem('yw.lang')),
      parentDocument: tryIt(() => window.parent.document.cookie),
      parentLocation: tryIt(() => window.parent.location.href),
      ownStorage: tryIt(() => localStorage.getItem('yw.elder')),
      apiMe,
    };
  }, new URL(page.url()).origin);
  expect(seen.cookie).not.toContain('yw_session');
  expect(seen.parentStorage.ok).toBe(false);
  expect(seen.parentDocument.ok).toBe(false);
  expect(seen.parentLocation.ok).toBe(false);
  expect(seen.ownStorage).toEqual({ ok: true, value: 'null' });
  expect(seen.apiMe).toBe('TypeError'); // CORS: the platform's API never answers another origin's page

  // A bill paid through the payment sheet (the sandbox provider's hosted page).
  await app.getByTestId('pay-water').click();
  await expect(page.getByTestId('pay-amount')).toBeVisible();
  await page.frameLocator('[data-testid="pay-frame"]').getByRole('button', { name: '确认支付 Pay' }).click();
  await expect(app.getByTestId('bill-water').getByTestId('paid')).toBeVisible();
});

test('the bridge answers only the registered origin from its own iframe', async ({ page }) => {
  const c = await signedIn(page, { slug: 'water-bills', scopes: ['openid', 'profile', 'address'] });
  const water = await ok(c.GET('/api/superapp/apps/{slug}/host', { params: { path: { slug: 'water-bills' } } }));
  const bus = await ok(c.GET('/api/superapp/apps/{slug}/host', { params: { path: { slug: 'bus-card' } } }));
  await page.goto('/apps/water-bills');
  const frame = await appFrame(page, water.origin!);
  await expect(page.frameLocator('[data-testid="miniapp-frame"]').getByTestId('greeting')).toBeVisible();

  const ask = (f: Frame) =>
    f.evaluate(
      (host) =>
        new Promise<string>((resolve) => {
          addEventListener('message', (e) => {
            if (e.origin === host && (e.data as { id?: string }).id === 'probe') resolve('answered');
          });
          parent.postMessage({ yiwang: 1, id: 'probe', method: 'hello' }, host);
          setTimeout(() => resolve('no answer'), 2000);
        }),
      new URL(page.url()).origin,
    );
  // the registered origin, from the app's iframe: answered
  expect(await ask(frame)).toBe('answered');

  // the same iframe moved to another origin (another app's, registered for that app only): no answer
  await frame.evaluate((to) => location.assign(to), `${bus.origin}/`);
  const moved = await appFrame(page, bus.origin!);
  await expect(page.frameLocator('[data-testid="miniapp-frame"]').getByTestId('signin')).toBeVisible();
  expect(await ask(moved)).toBe('no answer');
  await expect(page.getByTestId('miniapp-page')).not.toHaveAttribute('data-refused', '0');
});

test('a mini-app works as a plain web page through the standard OIDC redirect', async ({ page }) => {
  const c = await signedIn(page, {
    slug: 'hospital-booking',
    scopes: ['openid', 'profile', 'id_number_masked', 'phone'],
  });
  const host = await ok(c.GET('/api/superapp/apps/{slug}/host', { params: { path: { slug: 'hospital-booking' } } }));
  await page.goto(`${host.origin}/?lang=en`);
  await page.getByTestId('signin').click();
  await page.waitForURL(`${host.origin}/**`);
  // the platform's sign-in (the citizen's session) and consent already given: straight back with a code
  await expect(page.getByTestId('greeting')).toContainText(CITIZEN_NAME, { timeout: 20_000 });
  expect(new URL(page.url()).origin).toBe(host.origin);
});

test('an unknown app opens nothing', async ({ page }) => {
  await signedIn(page);
  await page.goto('/apps/no-such-app');
  await expect(page.getByTestId('miniapp-error')).toBeVisible();
  await expect(page.getByTestId('miniapp-frame')).toHaveCount(0);
});

test('a suspended app: the bridge refuses its calls and the super app closes it', async ({ page, browser }) => {
  const c = await signedIn(page, { slug: 'water-bills', scopes: ['openid', 'profile', 'address'] });
  const water = await ok(c.GET('/api/superapp/apps/{slug}/host', { params: { path: { slug: 'water-bills' } } }));
  await page.goto('/apps/water-bills');
  const frame = await appFrame(page, water.origin!);
  await expect(page.frameLocator('[data-testid="miniapp-frame"]').getByTestId('greeting')).toBeVisible();
  const login = () =>
    frame.evaluate(
      (host) =>
        new Promise<string>((resolve) => {
          addEventListener('message', (e) => {
            const d = e.data as { id?: string; ok?: boolean; error?: { code: string } };
            if (e.origin === host && d.id === 'after-suspension') resolve(d.ok ? 'ok' : (d.error?.code ?? 'error'));
          });
          const params = { scope: 'openid profile', codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM' };
          parent.postMessage({ yiwang: 1, id: 'after-suspension', method: 'login', params }, host);
          setTimeout(() => resolve('no answer'), 5000);
        }),
      new URL(page.url()).origin,
    );

  // The app reviewer suspends the app while it is open.
  const staffCtx = await browser.newContext();
  const reviewerPage = await staffCtx.newPage();
  await signInStaff(reviewerPage, 'appreviewer01');
  const reviewer = api(reviewerPage.request);
  const apps = await ok(reviewer.GET('/api/superapp/review/apps', { params: { query: {} } }));
  const id = apps.items.find((a) => a.slug === 'water-bills')!.id;
  await ok(
    reviewer.POST('/api/superapp/review/apps/{id}/suspend', {
      params: { path: { id } },
      body: { reason: '复检未通过' },
    }),
  );
  try {
    expect(await login()).toBe('APP_NOT_AVAILABLE');
    await expect(page.getByTestId('miniapp-unavailable')).toBeVisible();
    await expect(page.getByTestId('miniapp-frame')).toHaveCount(0);
  } finally {
    await ok(
      reviewer.POST('/api/superapp/review/apps/{id}/reinstate', {
        params: { path: { id } },
        body: { reason: '整改完成' },
      }),
    );
    await staffCtx.close();
  }
});
