import { expect as baseExpect, test, type Page } from '@playwright/test';
import { minimalPng } from '../server/test/fixtures.ts';
import { api, ok } from './api.ts';
import { signInStaffApi } from './callers.ts';
import { chooseOption, CITIZEN_LOGIN, DEMO_PASSWORD } from './helpers.ts';

// Random inspections (双随机一公开) end to end: a supervisor commits a draw in the console (the
// demo citizen's enterprise's industry, all of it), sees the commitment and makes the draw once
// the transparency log has a later checkpoint, and sees the teams; a drawn inspector enters the
// result on a phone-sized console page with a photo and a rectification order; the demo citizen,
// acting for the enterprise in the citizen app, sees and answers it; the public credit record
// shows the result, the answer and the lowered grade.

const expect = baseExpect.configure({ timeout: 15_000 });
const PHONE = { width: 390, height: 844 };

async function fitsPhone(page: Page): Promise<void> {
  const { scroll, width } = await page.evaluate(() => ({
    scroll: document.scrollingElement!.scrollWidth,
    width: window.innerWidth,
  }));
  expect(scroll).toBeLessThanOrEqual(width);
}

test('draw in the console → result on the phone → the enterprise answers → the credit record', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(60_000);
  // The demo citizen's enterprise and its industry (its public credit record).
  const citizenContext = await browser.newContext({ baseURL, viewport: PHONE });
  const citizen = api(citizenContext.request);
  await ok(citizen.POST('/api/auth/login', { body: { login: CITIZEN_LOGIN, password: DEMO_PASSWORD } }));
  const { uscc } = (await ok(citizen.GET('/api/me/enterprises'))).items[0]!;
  const { industry } = await ok(citizen.GET('/api/inspections/credit/{uscc}', { params: { path: { uscc } } }));

  // 1. The supervisor commits and makes the draw in the console.
  const consoleContext = await browser.newContext({ baseURL });
  await signInStaffApi(consoleContext.request, 'supervisor01');
  const desk = await consoleContext.newPage();
  await desk.goto('/console/inspections?tab=new');
  await chooseOption(desk, 'draw-item', 'AMR-SJ-001');
  await desk.getByTestId('draw-industries').locator('input').fill(industry);
  await desk.keyboard.press('Enter');
  await desk.locator('input[data-testid=draw-ratio], [data-testid=draw-ratio] input').fill('100');
  await desk.getByTestId('draw-commit').click();
  await expect(desk.getByTestId('draw-commitment')).toHaveText(/^[0-9a-f]{64}$/);
  const drawId = new URL(desk.url()).searchParams.get('draw')!;
  await expect(desk.getByTestId('draw-public')).toHaveAttribute('href', `/inspections/draws/${drawId}`);
  // While the draw waits for the log's next checkpoint after the commitment (a few seconds), the
  // market department's three inspectors sign in on phones; the drawn one goes on below.
  const phones = Promise.all(
    [1, 2, 3].map(async (n) => {
      const c = await browser.newContext({ baseURL, viewport: PHONE, isMobile: true, hasTouch: true });
      await signInStaffApi(c.request, `amr-inspector${n}`);
      return c;
    }),
  );
  await expect(async () => {
    if (await desk.getByTestId('draw-run').isVisible()) await desk.getByTestId('draw-run').click();
    await expect(desk.getByTestId('draw-status')).toHaveText('已抽取', { timeout: 1_500 });
  }).toPass({ timeout: 30_000, intervals: [500, 1_000] });
  const team = desk.getByTestId(`draw-team-${uscc}`);
  await expect(team).toContainText('AMR');
  const published = await ok(
    api(consoleContext.request).GET('/api/inspections/draws/{id}', { params: { path: { id: drawId } } }),
  );
  const code = published.result!.targets.find((t) => t.id === uscc)!.inspectors[0]!;

  // 2. A drawn inspector enters the result on a phone.
  const phoneContexts = await phones;
  const phone = await phoneContexts[Number(code.slice(-1)) - 1]!.newPage();
  await phone.goto('/console/inspections/tasks');
  await phone.getByTestId(`task-enter-${uscc}`).click();
  await phone.getByTestId('result-outcome-issues').click();
  await phone.getByTestId('result-findings').fill('经营场所未公示营业执照');
  await phone
    .getByTestId('result-form')
    .locator('input[type=file]')
    .setInputFiles({ name: 'site.png', mimeType: 'image/png', buffer: minimalPng() });
  await expect(phone.getByTestId('result-form')).toContainText('site.png');
  await phone.getByTestId('result-rectification').fill('责令5个工作日内在经营场所醒目位置公示营业执照');
  await fitsPhone(phone);
  await phone.getByTestId('result-submit').click();
  await expect(phone.getByTestId(`task-${uscc}`)).toContainText('发现问题');
  await expect(phone.getByTestId(`task-${uscc}`)).toContainText('现场照片 1');
  await fitsPhone(phone);

  // 3. The enterprise (the demo citizen acting for it) sees and answers it in the citizen app.
  const app = await citizenContext.newPage();
  await app.goto('/me/inspections');
  await app.getByTestId('inspections-act-as').first().click();
  await expect(app.getByTestId('inspections-acting')).toBeVisible();
  await expect(app.getByText('经营场所未公示营业执照').first()).toBeVisible();
  await app.getByTestId('inspection-answer-input').first().locator('textarea').fill('已于当日公示营业执照');
  await app.getByTestId('inspection-answer-submit').first().click();
  await expect(app.getByTestId('inspection-answer').first()).toContainText('已于当日公示营业执照');

  // 4. The public credit record shows it, without sign-in.
  const publicContext = await browser.newContext({ baseURL, viewport: PHONE });
  const record = await publicContext.newPage();
  await record.goto(`/credit/${uscc}`);
  await expect(record.getByTestId('credit-grade')).toContainText(/^[CD]/);
  await expect(record.getByTestId('credit-record')).toContainText(uscc);
  await expect(record.getByText('已于当日公示营业执照')).toBeVisible();
  await fitsPhone(record);
  for (const c of [citizenContext, consoleContext, ...phoneContexts, publicContext]) await c.close();
});
