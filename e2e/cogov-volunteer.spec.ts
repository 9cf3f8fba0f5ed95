import { expect as baseExpect, test } from '@playwright/test';
import { api, ok } from './api.ts';
import { signInStaffApi } from './callers.ts';
import { CITIZEN_LOGIN, DEMO_PASSWORD } from './helpers.ts';

// Volunteers (志愿服务) end to end: the community's staff post a task (API); the demo citizen, a
// resident of 龙江社区, signs up on the phone (390 px, then the elder mode at 360 px) and is
// shown a check-in code; the organiser types that code in the console's check-in dialog, checks
// the volunteer in and, later, out; the phone shows 已签到, then the hours. The 共治 tab's other
// civic pages (points, notices, drafts for comment) fit the phone in elder mode.

const expect = baseExpect.configure({ timeout: 15_000 });
test('a volunteer signs up and is checked in', async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  // The organiser: grid01 holds a post in 龙江社区 (community staff).
  const staffContext = await browser.newContext({ baseURL, viewport: { width: 1280, height: 900 } });
  const staff = await signInStaffApi(staffContext.request, 'grid01');
  const me = await ok(staff.GET('/api/me'));
  const communityId = me.posts.find((p) => p.communityName && p.communityId)!.communityId!;
  const title = `社区花园除草 ${Date.now()}`;
  const now = Date.now();
  await ok(
    staff.POST('/api/cogov/volunteer/tasks', {
      body: {
        communityId,
        title,
        description: '给社区花园除草、浇水',
        place: '龙江社区花园',
        skills: ['园艺'],
        startsAt: new Date(now - 10 * 60_000).toISOString(),
        endsAt: new Date(now + 3 * 3_600_000).toISOString(),
        slots: 3,
      },
    }),
  );

  // 1. The resident signs up on the phone and is shown the check-in code.
  const phoneContext = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 } });
  await ok(
    api(phoneContext.request).POST('/api/auth/login', { body: { login: CITIZEN_LOGIN, password: DEMO_PASSWORD } }),
  );
  const phone = await phoneContext.newPage();
  await phone.goto('/cogov/volunteer');
  const card = phone.getByTestId('volunteer-task').filter({ hasText: title });
  await expect(card).toBeVisible();
  await card.getByTestId('volunteer-sign-up').click();
  await expect(card.getByTestId('volunteer-status')).toHaveAttribute('data-status', 'signed_up');
  const code = (await card.getByTestId('checkin-code-text').innerText()).trim();
  expect(code).toMatch(/^[A-Z2-9]{8}$/);
  await expect(card.getByTestId('checkin-code').locator('img')).toBeVisible();
  const noScroll = () => phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  expect(await noScroll()).toBe(true);

  // 2. The organiser checks the volunteer in with the code, in the console.
  const desk = await staffContext.newPage();
  await desk.goto('/console/cogov/community');
  const row = desk.getByTestId('staff-tasks').locator('tr').filter({ hasText: title });
  await row.getByTestId('task-roster').click();
  await desk.getByTestId('checkin-code-input').fill(code);
  await desk.getByTestId('checkin-submit').click();
  await expect(desk.getByTestId('roster-status')).toHaveText(/已签到/);

  // 3. The phone shows it, in the elder mode at 360 px too.
  await phone.setViewportSize({ width: 360, height: 780 });
  await phone.goto('/cogov/volunteer?elder=1');
  const checked = phone.getByTestId('volunteer-task').filter({ hasText: title });
  await expect(checked.getByTestId('volunteer-status')).toHaveAttribute('data-status', 'checked_in');
  expect(await noScroll()).toBe(true);

  // 4. Checked out: the minutes go on the record.
  await desk.getByTestId('roster-check-out').click();
  await expect(desk.getByTestId('roster-status')).toHaveText(/已签退/);
  await phone.reload();
  await expect(phone.getByTestId('my-volunteering')).toContainText(title);

  // 5. The other civic pages of the 共治 tab fit the phone in elder mode too: no horizontal scroll.
  for (const [path, testId] of [
    ['/cogov/points', 'my-points'],
    ['/cogov/notices', 'notices'],
    ['/cogov/drafts', 'drafts'],
  ] as const) {
    await phone.goto(path);
    await expect(phone.getByTestId(testId)).toBeVisible();
    expect(await noScroll(), path).toBe(true);
  }
  await phone.getByTestId('draft').first().click();
  await expect(phone.getByTestId('draft-article').first()).toBeVisible();
  expect(await noScroll()).toBe(true);
  await phoneContext.close();
  await staffContext.close();
});
