import { expect as baseExpect, test, type Browser } from '@playwright/test';
import { api, ok } from './api.ts';
import { signInStaffApi } from './callers.ts';
import { CITIZEN_LOGIN, DEMO_PASSWORD } from './helpers.ts';

// Proposals and consultations (居民提议, 议事协商) end to end, on the demo city's seed in 龙江社区:
// (a) the demo citizen's support takes a proposal to its threshold, the committee (committee01)
//     answers it in the console, the phone shows the answer;
// (b) the citizen votes on the phone (the ballot key made in the browser), changes the vote,
//     and after the close finds the receipt in the published result, counted for the last choice.

const expect = baseExpect.configure({ timeout: 15_000 });

async function phoneOf(browser: Browser, baseURL: string | undefined) {
  const context = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 } });
  await ok(api(context.request).POST('/api/auth/login', { body: { login: CITIZEN_LOGIN, password: DEMO_PASSWORD } }));
  const page = await context.newPage();
  const noScroll = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  return { page, noScroll };
}

test('a proposal reaches its threshold and the committee answers it', async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const { page: phone, noScroll } = await phoneOf(browser, baseURL);
  await phone.goto('/cogov/proposals');
  const card = phone.getByTestId('proposal').filter({ hasText: '南门增设非机动车停放棚' });
  await card.click();
  const count = phone.getByTestId('proposal-support-count');
  const [before, threshold] = (await count.innerText()).match(/\d+/gu)!.map(Number);
  expect(before).toBe(threshold! - 1);
  await phone.getByTestId('proposal-support').click();
  await expect(phone.getByTestId('proposal-status')).toHaveText('待答复');
  await expect(count).toContainText(`${threshold}/${threshold}`);
  expect(await noScroll()).toBe(true);

  // The committee answers in the console.
  const deskContext = await browser.newContext({ baseURL, viewport: { width: 1280, height: 900 } });
  await signInStaffApi(deskContext.request, 'committee01');
  const desk = await deskContext.newPage();
  await desk.goto('/console/cogov/committee');
  const row = desk.getByTestId('committee-proposals').locator('tr').filter({ hasText: '南门增设非机动车停放棚' });
  await row.getByTestId('proposal-answer').click();
  await desk.getByTestId('answer-text').fill('采纳。在南门东侧增设停放棚和充电桩。');
  await desk.getByTestId('answer-plan').fill('下月完成选址，两个月内建成。');
  await desk.getByTestId('answer-submit').click();
  await expect(row).toContainText('已采纳');

  // The phone shows the answer (elder mode, 360 px).
  await phone.setViewportSize({ width: 360, height: 780 });
  await phone.goto(`${phone.url().split('?')[0]}?elder=1`);
  await expect(phone.getByTestId('proposal-answer')).toContainText('在南门东侧增设停放棚');
  await expect(phone.getByTestId('proposal-status')).toHaveText('已采纳');
  expect(await noScroll()).toBe(true);
});

test('a resident votes, changes the vote and finds the receipt in the published result', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const committee = await signInStaffApi((await browser.newContext({ baseURL })).request, 'committee01');
  const me = await ok(committee.GET('/api/me'));
  const communityId = me.posts.find((p) => p.roles.includes('committee') && p.communityId)!.communityId!;
  const now = Date.now();
  const title = `社区活动室开放时段 ${now}`;
  const c = await ok(
    committee.POST('/api/cogov/consultations', {
      body: {
        scope: 'community',
        communityId,
        title,
        background: '社区活动室拟调整开放时段，请居民选择。',
        options: [
          { key: 'am', label: '上午开放', labelEn: 'Mornings' },
          { key: 'pm', label: '下午开放', labelEn: 'Afternoons' },
        ],
        opensAt: new Date(now - 60_000).toISOString(),
        closesAt: new Date(now + 30_000).toISOString(),
      },
    }),
  );

  const { page: phone, noScroll } = await phoneOf(browser, baseURL);
  await phone.goto('/cogov/votes');
  await phone.getByTestId('consultation').filter({ hasText: title }).click();
  await phone.getByTestId('vote-option-am').click();
  await phone.getByTestId('vote-submit').click();
  const receipt = phone.getByTestId('vote-receipt');
  await expect(receipt).toHaveText(/^[0-9a-f]{4}(-[0-9a-f]{4}){4}$/u);
  const first = (await receipt.innerText()).trim();
  await expect(phone.getByTestId('voted')).toBeVisible();
  expect(await noScroll()).toBe(true);

  // Change the vote: the same key (kept in this browser) replaces the ballot; the receipt stays.
  await phone.getByTestId('vote-option-pm').click();
  await phone.getByTestId('vote-submit').click();
  await expect(phone.getByText('投票已修改')).toBeVisible();
  await expect(receipt).toHaveText(first);

  // After the close the result is published (reading it publishes when due).
  await expect
    .poll(
      async () => (await ok(committee.GET('/api/cogov/consultations/{id}', { params: { path: { id: c.id } } }))).state,
      { timeout: 60_000, intervals: [1_000] },
    )
    .toBe('published');
  await phone.reload();
  await expect(phone.getByTestId('result')).toBeVisible();
  await expect(phone.getByTestId('result-pm')).toContainText('1 票');
  await expect(phone.getByTestId('result-am')).toContainText('0 票');
  await expect(phone.getByTestId('receipt-input').locator('input')).toHaveValue(first);
  await phone.getByTestId('receipt-check').click();
  await expect(phone.getByTestId('receipt-outcome')).toContainText('下午开放');
  expect(await noScroll()).toBe(true);
});
