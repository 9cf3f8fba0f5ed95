import { expect as baseExpect, test } from '@playwright/test';
import { chooseOption, freshPhone, signInStaff } from './helpers.ts';

// The 12345 desk: an operator identifies the caller, answers an enquiry from the knowledge base
// (closed on the spot), then takes the same caller's complaint, recognised as a repeated
// caller, and dispatches it as an event.

const expect = baseExpect.configure({ timeout: 20_000 });

test('an operator answers an enquiry on the spot and dispatches a complaint as an event', async ({ page }) => {
  test.setTimeout(90_000);
  const phone = freshPhone();
  await signInStaff(page, 'operator01');
  await page.getByTestId('menu-hotline').click();
  await expect(page.getByTestId('hotline-page')).toBeVisible();

  await page.getByTestId('hotline-phone').fill(phone);
  await page.getByTestId('hotline-lookup').click();
  await expect(page.getByTestId('hotline-first')).toBeVisible();
  await page.getByTestId('hotline-summary').fill('来电咨询孩子出生后多久要申报户口');
  await page.getByTestId('hotline-kb-search').locator('input').fill('出生申报户口');
  await page.getByTestId('hotline-kb-search').locator('input').press('Enter');
  await page.getByTestId('hotline-kb-use').first().click();
  await expect(page.getByTestId('hotline-chosen')).toBeVisible();
  await expect(page.getByTestId('hotline-submit')).toHaveText(/答复并办结/);
  await page.getByTestId('hotline-submit').click();
  await expect(page.getByText(/已答复办结：RX\d{14}/)).toBeVisible();

  await page.getByTestId('hotline-phone').fill(phone);
  await page.getByTestId('hotline-lookup').click();
  await expect(page.getByTestId('hotline-repeat')).toBeVisible();
  await page.getByTestId('hotline-type').getByText('投诉').click();
  await page.getByTestId('hotline-summary').fill('龙江社区龙跃路夜间施工噪音扰民');
  await chooseOption(page, 'hotline-category', '噪声扰民');
  await page.getByTestId('hotline-address').fill('龙江社区龙跃路88号');
  await page.getByTestId('hotline-submit').click();
  await expect(page.getByText(/已生成事件 SJ\d{14}/)).toBeVisible();
  await expect(page.getByTestId('hotline-calls')).toContainText('已转事件');
});
