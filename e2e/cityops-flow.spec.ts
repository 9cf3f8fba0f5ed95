import { expect as baseExpect, test } from '@playwright/test';
import { minimalPng } from '../server/test/fixtures.ts';
import { api, ok } from './api.ts';
import { signInStaffApi } from './callers.ts';
import { CITIZEN_LOGIN, DEMO_PASSWORD } from './helpers.ts';
import { tapInGrid } from './map.ts';

// City operations (一网统管) end to end: the demo citizen reports a problem on the phone (随手拍)
// with a photo and a point tapped on the map in grid 33038300000101; the event reaches that
// grid's worker (grid01), who closes it on the phone with a photo and a note; the citizen sees
// the result and rates it; the operator sees the event, rated, in the console, and merges two
// near-duplicate reports after escalating the surviving one.

const expect = baseExpect.configure({ timeout: 15_000 });
const PHONE = { width: 390, height: 844 };
const GRID = '33038300000101';
const COMMUNITY = '330383000001';

test('a citizen reports with a photo and a map point → the grid worker closes it with a photo → the citizen rates it', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const citizenContext = await browser.newContext({ baseURL, viewport: PHONE });
  const citizen = api(citizenContext.request);
  await ok(citizen.POST('/api/auth/login', { body: { login: CITIZEN_LOGIN, password: DEMO_PASSWORD } }));
  const phone = await citizenContext.newPage();

  // 1. 随手拍: type, description, a photo, a point in grid 01 of 龙江社区.
  await phone.goto('/');
  await phone.getByTestId('home-report').click();
  await expect(phone.getByTestId('report-form')).toBeVisible();
  await phone.getByTestId('report-category-garbage').click();
  const description = `龙江社区路口垃圾堆放 ${Date.now()}`;
  await phone.getByTestId('report-description').locator('textarea').fill(description);
  await phone.getByTestId('report-photo-input').setInputFiles({
    name: 'rubbish.png',
    mimeType: 'image/png',
    buffer: minimalPng(),
  });
  await expect(phone.getByTestId('report-photo')).toHaveCount(1);
  await phone.getByTestId('report-community').selectOption(COMMUNITY);
  await tapInGrid(phone, citizen, GRID);
  await expect(phone.getByTestId('report-picked')).toHaveAttribute('data-grid', GRID);
  await phone.getByTestId('report-submit').click();
  await expect(phone.getByTestId('report-detail')).toBeVisible();
  const eventId = new URL(phone.url()).pathname.split('/').pop()!;
  const number = (await phone.getByTestId('report-number').innerText()).trim();
  await expect(phone.getByTestId('report-place')).toContainText('第1网格');
  await expect(phone.getByTestId('report-photos-view').locator('img')).toHaveCount(1);

  // 2. The grid worker's phone: the event is in grid01's list; closed on the spot with a photo.
  const gridContext = await browser.newContext({ baseURL, viewport: PHONE });
  await signInStaffApi(gridContext.request, 'grid01');
  const worker = await gridContext.newPage();
  await worker.goto('/console/');
  await expect(worker.getByTestId('grid-tasks-page')).toBeVisible();
  const task = worker.getByTestId(`grid-task-${number}`);
  await expect(task).toContainText(description);
  await task.getByTestId('grid-close').click();
  const dialog = worker.getByTestId('action-dialog');
  await dialog.getByTestId('action-note').fill('已清运，现场恢复整洁');
  await dialog.locator('input[type=file]').setInputFiles({
    name: 'cleaned.png',
    mimeType: 'image/png',
    buffer: minimalPng(),
  });
  await expect(dialog.locator('.ant-upload-list-item')).toContainText('cleaned.png');
  await dialog.getByTestId('action-submit').click();
  await expect(task).toHaveCount(0);

  // 3. The citizen sees the result with its photo and rates it.
  await phone.reload();
  await expect(phone.getByTestId('report-status')).toHaveAttribute('data-status', 'closed');
  await expect(phone.getByTestId('report-result')).toContainText('已清运');
  await expect(phone.getByTestId('report-close-photos').locator('img')).toHaveCount(1);
  await expect(phone.getByTestId('report-history')).toContainText('已办结');
  await phone.getByTestId('report-rate-5').click();
  await phone.getByTestId('report-rate-comment').locator('textarea').fill('处理很及时');
  await phone.getByTestId('report-rate-submit').click();
  await expect(phone.getByTestId('report-rating')).toHaveAttribute('data-rating', '5');
  await expect(phone.getByTestId('report-rate')).toHaveCount(0);
  await phone.getByTestId('report-reopen-open').waitFor();

  // 4. The operator's console: the event, routed to the grid, closed and rated.
  const opContext = await browser.newContext({ baseURL });
  const operator = await signInStaffApi(opContext.request, 'operator01');
  const desk = await opContext.newPage();
  await desk.goto(`/console/cityops/events?status=closed&number=${number}`);
  await desk.getByTestId(`event-link-${number}`).click();
  await expect(desk.getByTestId('event-grid')).toHaveAttribute('data-code', GRID);
  await expect(desk.getByTestId('event-rating')).toHaveText('★★★★★');
  await expect(desk.getByTestId('event-history')).toContainText('办结');

  // 5. Two reports of the same problem a few metres apart: the operator merges one into the other.
  const at = { lat: 27.6021, lng: 120.4901 };
  const first = await ok(
    citizen.POST('/api/cityops/reports', {
      body: { categoryCode: 'garbage', description: `重复上报一 ${Date.now()}`, ...at },
    }),
  );
  const second = await ok(
    citizen.POST('/api/cityops/reports', {
      body: {
        categoryCode: 'garbage',
        description: `重复上报二 ${Date.now()}`,
        lat: at.lat + 0.0001,
        lng: at.lng,
      },
    }),
  );
  await desk.goto(`/console/cityops/events/${first.id}`);
  // 督办 first: urgent from now on, with the operator's note in the history.
  await desk.getByTestId('action-escalate').click();
  await desk.getByTestId('action-dialog').getByTestId('action-note').fill('群众反复反映，请加快处置');
  await desk.getByTestId('action-dialog').getByTestId('action-submit').click();
  await expect(desk.getByTestId('event-history')).toContainText('群众反复反映');
  const dup = desk.getByTestId(`duplicate-${second.number}`);
  await dup.getByTestId('duplicate-merge').click();
  await desk.locator('.ant-modal-confirm .ant-btn-primary').click();
  await expect(dup).toHaveCount(0);
  const merged = await ok(operator.GET('/api/cityops/events/{id}', { params: { path: { id: second.id } } }));
  expect(merged.status).toBe('merged');
  expect(merged.mergedInto?.id).toBe(first.id);
  expect(eventId).toMatch(/^[0-9a-f-]{36}$/);

  await Promise.all([citizenContext.close(), gridContext.close(), opContext.close()]);
});
