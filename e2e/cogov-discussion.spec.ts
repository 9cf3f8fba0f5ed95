import { expect as baseExpect, test, type Browser, type Page } from '@playwright/test';
import { minimalPng } from '../server/test/fixtures.ts';
import { api, ok, type Api } from './api.ts';
import { signInStaffApi } from './callers.ts';
import { CITIZEN_LOGIN, DEMO_PASSWORD } from './helpers.ts';
import { tapInGrid } from './map.ts';

// 居民提议 in English, end to end, in the demo citizen's community (龙江社区):
// (a) the citizen proposes with a photo and a point tapped on the map, sees both on the
//     proposal's page, and changes it while no one supports it yet;
// (b) on the demo's library proposal the citizen replies to a neighbour's comment (threaded
//     under it), comments, follows it, and flags an advert; the city's moderator (moderator01)
//     hides the advert in the console's moderation page (in English too), and the phone shows
//     it hidden, pending review. Every page fits 360 px.

const expect = baseExpect.configure({ timeout: 15_000 });
const COMMUNITY = '330383000001';
const GRID = '33038300000101';
const LIBRARY = '每周六开放社区图书角';
const ADVERT = '二手家具低价转让';

async function englishPhone(browser: Browser, baseURL: string | undefined): Promise<{ caller: Api; page: Page }> {
  const context = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 } });
  await context.addInitScript(() => localStorage.setItem('yw.lang', 'en'));
  const caller = api(context.request);
  await ok(caller.POST('/api/auth/login', { body: { login: CITIZEN_LOGIN, password: DEMO_PASSWORD } }));
  return { caller, page: await context.newPage() };
}

test('in English, a proposal with a photo and a place, changed by its author', async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const { caller, page } = await englishPhone(browser, baseURL);
  const noScroll = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  await page.goto('/cogov');
  await expect(page.getByTestId('cogov-page')).toContainText('Govern together');
  await page.getByTestId('cogov-section-proposals').click();
  await expect(page.getByTestId('cogov-proposals-page')).toContainText('Proposals');
  await page.getByTestId('proposal-new').click();

  const title = `Bike racks by the east gate ${Date.now()}`;
  await page.getByTestId('proposal-title').locator('input').fill(title);
  await page
    .getByTestId('proposal-body')
    .locator('textarea')
    .fill('Bicycles block the east gate path; a covered rack would keep it clear.');
  await page.getByTestId('proposal-category-traffic').click();
  await page.getByTestId('report-photo-input').setInputFiles({
    name: 'gate.png',
    mimeType: 'image/png',
    buffer: minimalPng(),
  });
  await expect(page.getByTestId('report-photo')).toHaveCount(1);
  await page.getByTestId('report-community').selectOption(COMMUNITY);
  await tapInGrid(page, caller, GRID);
  await expect(page.getByTestId('report-picked')).toHaveAttribute('data-grid', GRID);
  await page.getByTestId('report-address').locator('input').fill('East gate, Longjiang');
  expect(await noScroll()).toBe(true);
  await page.getByTestId('proposal-submit').click();

  const detail = page.getByTestId('proposal-detail');
  await expect(detail).toContainText(title);
  await expect(page.getByTestId('proposal-status')).toHaveText('Gathering support');
  const photo = page.getByTestId('proposal-photos').locator('img');
  await expect(photo).toHaveCount(1);
  await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  await expect(page.getByTestId('proposal-place')).toContainText('Where: East gate, Longjiang');
  await expect(page.getByTestId('proposal-place').locator('path.yw-map-point')).toHaveCount(1);

  // Its author changes it while no one supports it.
  await page.getByTestId('proposal-edit').click();
  await expect(page.getByTestId('proposal-form')).toContainText('until someone supports it');
  await page.getByTestId('proposal-title').locator('input').fill(`${title} (covered)`);
  await page.getByTestId('proposal-submit').click();
  await expect(detail).toContainText(`${title} (covered)`);
  await expect(detail).toContainText('edited');
  await page.setViewportSize({ width: 360, height: 780 });
  expect(await noScroll()).toBe(true);
});

test('in English, comments are threaded and flagged; the moderator hides the flagged one in the console', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(150_000);
  const { page } = await englishPhone(browser, baseURL);
  await page.setViewportSize({ width: 360, height: 780 });
  const noScroll = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  await page.goto('/cogov/proposals');
  await page.getByTestId('proposal').filter({ hasText: LIBRARY }).click();
  const thread = page.getByTestId('proposal-comments');
  await expect(thread).toContainText('Comments (3)');

  // A reply threads under the comment it answers.
  const first = page.getByTestId('proposal-comment').filter({ hasText: '孩子们周末才有空' });
  await first.getByTestId('comment-reply').click();
  const reply = `Saturday mornings suit us too ${Date.now()}`;
  await first.getByTestId('reply-input').locator('textarea').fill(reply);
  await first.getByTestId('reply-send').click();
  await expect(page.getByText('Comment posted')).toBeVisible();
  const nested = page.locator('li', { has: first }).locator('.yw-votes-replies');
  await expect(nested.getByTestId('comment-body').filter({ hasText: reply })).toBeVisible();

  // A comment of one's own, shown as chosen (masked), and following the proposal.
  const mine = `Could the library lend board games as well? ${Date.now()}`;
  await page.getByTestId('comment-box').locator('textarea').fill(mine);
  await page.getByTestId('comment-send').click();
  await expect(thread.getByTestId('comment-body').filter({ hasText: mine })).toBeVisible();
  await expect(thread).toContainText('陈*明');
  const follow = page.getByTestId('proposal-follow');
  await expect(follow).toHaveText('Follow');
  await follow.click();
  await expect(follow).toHaveText('Unfollow');

  // Flag the advert, once.
  const advert = page.getByTestId('proposal-comment').filter({ hasText: ADVERT });
  await advert.getByTestId('comment-flag').click();
  await advert.getByTestId('flag-reason-offtopic').click();
  await advert.getByTestId('flag-send').click();
  await expect(advert.getByTestId('comment-flag')).toHaveText('Flagged');
  await expect(advert.getByTestId('comment-flag')).toBeDisabled();
  expect(await noScroll()).toBe(true);

  // The city's moderator hides it, with a reason, in the console (in English).
  const deskContext = await browser.newContext({ baseURL, viewport: { width: 1280, height: 900 } });
  await deskContext.addInitScript(() => localStorage.setItem('yw.lang', 'en'));
  await signInStaffApi(deskContext.request, 'moderator01');
  const desk = await deskContext.newPage();
  await desk.goto('/console/cogov/moderation');
  await expect(desk.getByTestId('cogov-moderation-page')).toContainText('Moderation');
  const row = desk.getByTestId('moderation-pending').locator('tr').filter({ hasText: ADVERT });
  await expect(row).toContainText('Comment on a proposal');
  await row.getByTestId('moderation-hide').click();
  await desk.getByTestId('moderation-reason').fill('Advertising is not allowed in proposals.');
  await desk.getByRole('button', { name: 'Submit' }).click();
  await expect(row).toHaveCount(0);
  await desk.getByRole('tab', { name: 'Hidden' }).click();
  await expect(desk.getByTestId('moderation-hidden').locator('tr').filter({ hasText: ADVERT })).toBeVisible();

  // The phone shows it hidden, pending review.
  await page.reload();
  await expect(advert).toHaveCount(0);
  await expect(thread.getByTestId('comment-hidden')).toHaveText('Hidden after flags, awaiting review');
  expect(await noScroll()).toBe(true);
});
