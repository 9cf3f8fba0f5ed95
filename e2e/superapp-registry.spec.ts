import { expect as baseExpect, test } from '@playwright/test';
import { api, ok } from './api.ts';
import { signInStaffApi } from './callers.ts';
import { CITIZEN_LOGIN, DEMO_PASSWORD } from './helpers.ts';

// The mini-app registry end to end: the demo citizen, acting for their enterprise, registers a
// bus-card app (through the API, as 我的应用 does); the app reviewer (appreviewer01) opens it in
// the console's review queue, sees the manifest and the pre-review report, and approves it; the
// app then shows in the citizen app's app centre (交通出行) and in its search, linking to /apps/<slug>.

const expect = baseExpect.configure({ timeout: 15_000 });

test('a reviewer approves an app in the console; it appears in the app centre and in search', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const token = Math.random().toString(36).slice(2, 8);
  const slug = `bus-${token}`;
  const origin = `https://bus-${token}.example.cn`;

  // The enterprise's agent registers the app.
  const phoneContext = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 } });
  const agent = api(phoneContext.request);
  await ok(agent.POST('/api/auth/login', { body: { login: CITIZEN_LOGIN, password: DEMO_PASSWORD } }));
  const enterprise = (await ok(agent.GET('/api/me/enterprises'))).items[0]!;
  await ok(agent.POST('/api/me/acting-as', { body: { enterpriseId: enterprise.enterpriseId } }));
  const icon = `data:image/svg+xml,${encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48"><rect width="48" height="48" rx="10" fill="#52c41a"/></svg>',
  )}`;
  await ok(
    agent.POST('/api/superapp/registry/apps', {
      body: {
        manifest: {
          slug,
          name: { zh: `公交卡充值${token}`, en: `Bus card top-up ${token}` },
          description: { zh: '为公交卡充值、查询余额', en: 'Top up your bus card and see its balance' },
          icon,
          category: 'transport',
          entryUrl: `${origin}/`,
          redirectUris: [`${origin}/callback`],
          scopes: [{ scope: 'openid', purpose: { zh: '登录', en: 'Sign you in' } }],
          privacyPolicyUrl: `${origin}/privacy`,
          support: { phone: '0577-88886666' },
          elderMode: true,
          languages: ['zh-CN', 'en'],
        },
      },
    }),
  );
  await ok(agent.POST('/api/me/acting-as', { body: { enterpriseId: null } }));

  // The reviewer approves it in the console.
  const deskContext = await browser.newContext({ baseURL, viewport: { width: 1280, height: 900 } });
  await signInStaffApi(deskContext.request, 'appreviewer01');
  const desk = await deskContext.newPage();
  await desk.goto('/console/');
  await desk.getByTestId('menu-app-review').click();
  await desk.locator(`[data-testid="review-open"][data-slug="${slug}"]`).click();
  await expect(desk.getByTestId('review-manifest')).toContainText(`${origin}/callback`);
  await expect(desk.getByTestId('pre-review-report')).toBeVisible();
  await desk.getByTestId('review-approve').click();
  await desk.getByTestId('review-reason').fill('符合规范');
  await desk.getByTestId('review-confirm').click();
  await expect(desk.getByTestId('review-app-status')).toHaveText('已上线');

  // The citizen finds it in the app centre, under transport, and in search.
  const phone = await phoneContext.newPage();
  await phone.goto('/');
  await phone.getByTestId('home-app-centre').click();
  await phone.locator('[data-testid="app-category"][data-category="transport"]').click();
  const tile = phone.locator(`[data-testid="app-tile"][data-slug="${slug}"]`);
  await expect(tile).toContainText(`公交卡充值${token}`);
  await expect(tile).toContainText(enterprise.name);
  await phone.goto(`/services?q=${encodeURIComponent(`公交卡充值${token}`)}`);
  const found = phone.getByTestId('search-apps').locator(`[data-slug="${slug}"]`);
  // It opens in the bridge's host page.
  await expect(found).toHaveAttribute('href', `/apps/${slug}`);
});
