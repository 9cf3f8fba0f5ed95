import { expect, test, type Browser, type Page } from '@playwright/test';
import { api, ok } from './api.ts';
import { fileIdRenewal } from './fees.ts';
import { CITIZEN_LOGIN, DEMO_PASSWORD } from './helpers.ts';

/**
 * Every citizen page fits a phone: at 360 and 390 px wide, in Chinese, in English (longer
 * words) and in elder mode (larger type), no page scrolls sideways. Each page is loaded once per
 * mode and checked at each width by resizing the viewport (the layout reflows as on a phone).
 */
const WIDTHS = [360, 390] as const;
const MODES = [
  { name: 'zh-CN', lang: 'zh-CN', elder: '0' },
  { name: 'English', lang: 'en', elder: '0' },
  { name: 'elder mode', lang: 'zh-CN', elder: '1' },
] as const;

interface Targets {
  itemCode: string;
  caseId: string;
  /** A case with a fee to pay (the payment card on the case page). */
  feeCaseId: string;
  /** The demo citizen's enterprise (its public credit record; its inspections when acting for it). */
  enterprise: { enterpriseId: string; uscc: string };
  /** A city problem the demo citizen reported (随手拍), for 我的随手拍. */
  reportId: string;
  /** A proposal and a consultation of the demo citizen's community (共治). */
  proposalId: string;
  consultationId: string;
}

async function signIn(page: Page): Promise<void> {
  await ok(api(page.request).POST('/api/auth/login', { body: { login: CITIZEN_LOGIN, password: DEMO_PASSWORD } }));
}

/** The widest thing on the page, for the failure message. */
async function overflow(page: Page): Promise<{ scroll: number; width: number; widest: string }> {
  return page.evaluate(() => {
    const width = window.innerWidth;
    let widest = '';
    let right = width;
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      const r = el.getBoundingClientRect();
      if (r.right > right + 0.5 && r.width > 0) {
        right = r.right;
        widest = `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${(el.textContent ?? '').trim().slice(0, 40)}" → ${Math.round(r.right)}px`;
      }
    }
    return { scroll: document.scrollingElement!.scrollWidth, width, widest };
  });
}

async function fits(page: Page, url: string | null, ready: string | RegExp): Promise<void> {
  if (url) await page.goto(url);
  await expect(page.getByTestId(ready).first()).toBeVisible();
  await page.waitForLoadState('networkidle');
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 780 });
    const o = await overflow(page);
    expect(
      o.scroll,
      `${modeOf.get(page)}: ${url ?? page.url()} scrolls sideways at ${width} px: ${o.widest}`,
    ).toBeLessThanOrEqual(o.width);
  }
}

/** Applying: the preview of shared data first (unless a draft is continued), then the form. */
async function fitsApply(page: Page, url: string): Promise<void> {
  await fits(page, url, /^apply-(preview|form)$/);
  if (await page.getByTestId('apply-preview').isVisible()) {
    await page.waitForLoadState('networkidle');
    await page.getByTestId('preview-self').click();
    await fits(page, null, 'apply-form');
  }
}

/** The mode each page shows (for failure messages). */
const modeOf = new WeakMap<Page, string>();

async function context(browser: Browser, mode: (typeof MODES)[number]) {
  const ctx = await browser.newContext({
    viewport: { width: WIDTHS[0], height: 780 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  await ctx.addInitScript(
    ([lang, elder]) => {
      localStorage.setItem('yw.lang', lang);
      localStorage.setItem('yw.elder', elder);
    },
    [mode.lang, mode.elder] as const,
  );
  ctx.on('page', (p) => modeOf.set(p, mode.name));
  return ctx;
}

let targets: Targets;

test.beforeAll(async ({ browser }) => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await signIn(page);
  const caller = api(page.request);
  const items = await ok(
    caller.GET('/api/catalog/items', { params: { query: { q: '居住证', page: 1, pageSize: 20 } } }),
  );
  const cases = await ok(caller.GET('/api/applications/cases', { params: { query: { pageSize: 1 } } }));
  const enterprise = (await ok(caller.GET('/api/me/enterprises'))).items[0]!;
  targets = {
    itemCode: items.items[0]!.code,
    caseId: cases.items[0]!.id,
    feeCaseId: (await fileIdRenewal(caller)).id,
    enterprise,
    reportId: (
      await ok(
        caller.POST('/api/cityops/reports', {
          body: {
            categoryCode: 'garbage',
            description: '小区门口垃圾堆放，已有两天没有清运，气味很大，影响居民出行和环境卫生。',
            lat: 27.5994,
            lng: 120.4931,
          },
        }),
      )
    ).id,
    proposalId: (await ok(caller.GET('/api/cogov/proposals', { params: { query: { pageSize: 1 } } }))).items[0]!.id,
    consultationId: (await ok(caller.GET('/api/cogov/consultations', { params: { query: { pageSize: 1 } } }))).items[0]!
      .id,
  };
  await ctx.close();
});

// The three modes side by side, each in its own browser contexts: most of a page's time is the
// wait for the network to settle, which they share.
test(`no citizen page scrolls sideways at ${WIDTHS.join(' or ')} px in ${MODES.map((m) => m.name).join(', ')}`, async ({
  browser,
}) => {
  test.setTimeout(240_000);
  await Promise.all(MODES.map((mode) => everyPage(browser, mode)));
});

async function everyPage(browser: Browser, mode: (typeof MODES)[number]): Promise<void> {
  const out = await context(browser, mode);
  const anonymous = await out.newPage();
  await fits(anonymous, '/', 'home-page');
  await fits(anonymous, '/login', 'login-page');
  await fits(anonymous, '/register', 'register-page');
  await fits(anonymous, '/services?q=%E5%87%BA%E7%94%9F', 'search-result');
  await fits(anonymous, '/services?q=zzzzqqq', 'search-empty');
  await fits(anonymous, `/services/${targets.itemCode}`, 'guide-page');
  await fits(anonymous, '/bundles/birth', 'bundle-page');
  await fits(anonymous, '/lookup', 'lookup-page');
  await fits(anonymous, '/ratings/figures', 'figures-dept');
  await fits(anonymous, '/halls', 'hall-city-centre');
  await fits(anonymous, '/halls/city-centre', 'hall-booking');
  await fits(anonymous, '/screen/city-centre', 'screen-waiting');
  await fits(anonymous, '/credit', 'credit-page');
  await fits(anonymous, `/credit/${targets.enterprise.uscc}`, 'credit-record');
  await out.close();

  const signedIn = await context(browser, mode);
  const page = await signedIn.newPage();
  await signIn(page);
  await fits(page, '/', 'home-page');
  await fits(page, '/me', 'me-page');
  await fits(page, '/cases', 'case-row');
  await fits(page, `/cases/${targets.caseId}`, 'case-headline');
  await fits(page, `/cases/${targets.feeCaseId}`, 'payment-pay');
  await fitsApply(page, `/apply/${targets.itemCode}`);
  await fitsApply(page, '/apply/bundle/birth');
  await fits(page, '/messages', 'messages-page');
  await fits(page, '/ratings', 'ratings-page');
  await fits(page, '/me/notifications', 'notify-settings-page');
  await fits(page, '/settings', 'settings-page');
  await fits(page, '/me/password', 'change-password-page');
  await fits(page, '/appointments', 'appointments-page');
  await fits(page, '/me/data-access', 'tracker');
  await fits(page, '/me/consents', 'consents-page');
  await fits(page, '/me/data', 'my-data-page');
  await fits(page, '/me/corrections', 'correction-page');
  await fits(page, '/report', 'report-form');
  await fits(page, '/me/reports', 'my-report');
  await fits(page, `/me/reports/${targets.reportId}`, 'report-history-item');
  // 一网共治: the tab and each of its pages.
  await fits(page, '/cogov', 'cogov-community');
  await fits(page, '/cogov/proposals', 'proposals');
  await fits(page, `/cogov/proposals/${targets.proposalId}`, 'proposal-detail');
  await fits(page, '/cogov/votes', 'consultations');
  await fits(page, `/cogov/votes/${targets.consultationId}`, 'consultation-detail');
  await fits(page, '/cogov/notices', 'notices');
  await fits(page, '/cogov/volunteer', 'volunteer-tasks');
  await fits(page, '/cogov/points', 'my-points');
  await fits(page, '/cogov/drafts', 'drafts');
  // 公共数据开放: the portal, a dataset with its table, API keys and the request form.
  await fits(page, '/opendata', 'opendata-total');
  await fits(page, '/opendata/city-events-weekly', 'opendata-table');
  await fits(page, '/opendata/keys', 'opendata-key-form');
  await fits(page, '/opendata/requests', 'opendata-request-form');
  await fits(page, '/me/inspections', 'inspections-act-as');
  await ok(api(page.request).POST('/api/me/acting-as', { body: { enterpriseId: targets.enterprise.enterpriseId } }));
  await fits(page, '/me/inspections', 'inspections-acting');
  await signedIn.close();
}
