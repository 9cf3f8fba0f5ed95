import { expect, test } from '@playwright/test';
import type { ErrorAnswer } from '../web/src/shared/contract.ts';
import { api, errorText } from './api.ts';
import { freshPhone, idCheckChar, sentCode, signInStaff, totpOf } from './helpers.ts';

test.describe('the citizen app', () => {
  test.use({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });

  test('a citizen who forgot the password gets back in with a code sent to the phone', async ({ page }) => {
    // Register through the app: the phone is proven with a code.
    const phone = freshPhone();
    const first17 = `330383199${Math.floor(Math.random() * 10)}0${1 + Math.floor(Math.random() * 9)}1${Math.floor(Math.random() * 10)}${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`;
    const field = (name: string) => page.getByTestId(`field-${name}`);
    await page.goto('/register');
    await field('name').locator('input').fill('林找回');
    await field('idNumber')
      .locator('input')
      .fill(first17 + idCheckChar(first17));
    await field('phone').locator('input').fill(phone);
    await page.getByTestId('send-code').click();
    await field('phoneCode')
      .locator('input')
      .fill(await sentCode(page, phone));
    await field('password').locator('input').fill('Zhuce2026pass');
    await page.getByTestId('register-submit').click();
    await expect(page.getByTestId('me-page')).toBeVisible();
    await page.getByTestId('sign-out').click();
    await page.locator('.adm-dialog').getByRole('button', { name: '退出登录' }).click();
    await expect(page.getByTestId('home-page')).toBeVisible();

    // 忘记密码 on the sign-in page.
    await page.goto('/login');
    await page.getByTestId('to-forgot').click();
    await expect(page.getByTestId('forgot-page')).toBeVisible();
    await expect(page.getByTestId('forgot-page')).toContainText('找回密码');
    await page.getByTestId('forgot-phone').locator('input').fill(phone);
    await page.getByTestId('send-code').click();
    await expect(page.getByTestId('send-code')).toBeDisabled();
    // A wrong code is refused on its field.
    await field('code').locator('input').fill('000000');
    await page.getByTestId('forgot-new-password').locator('input').fill('Zhaohui2026new');
    await page.getByTestId('forgot-confirm').locator('input').fill('Zhaohui2026new');
    const code = await sentCode(page, phone, 1);
    if (code !== '000000') {
      await page.getByTestId('forgot-submit').click();
      await expect(field('code').locator('.adm-form-item-feedback-error')).toContainText(
        errorText('CODE_INVALID', '验证码不正确'),
      );
    }
    await field('code').locator('input').fill(code);
    await page.getByTestId('forgot-submit').click();

    // Back at the sign-in page with the phone filled in; the new password works, the old one does not.
    await expect(page.getByTestId('login-page')).toBeVisible();
    await expect(page.getByTestId('login-login').locator('input')).toHaveValue(phone);
    await page.getByTestId('login-password').locator('input').fill('Zhuce2026pass');
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/auth/login'));
    await page.getByTestId('login-submit').click();
    const refused = await answer;
    expect(refused.status()).toBe(401);
    const { error } = (await refused.json()) as ErrorAnswer<'/api/auth/login', 'post'>;
    expect(error.code).toBe('INVALID_CREDENTIALS');
    // The catalogue's message for the code, in Chinese (the server's own until it lists it).
    await expect(page.getByTestId('form-error')).toContainText(errorText(error.code, error.message));
    await page.getByTestId('login-password').locator('input').fill('Zhaohui2026new');
    await page.getByTestId('login-submit').click();
    await expect(page.getByTestId('me-page')).toBeVisible();
    await expect(page.getByTestId('me-name')).toHaveText('林找回');
    // Signed in with the new password: the API knows the person.
    const me = await api(page.request).GET('/api/me');
    expect(me.data?.displayName).toBe('林找回');

    // The person is told in their messages.
    await page.goto('/messages');
    await expect(page.getByText('安全提醒：您的登录密码已重置')).toBeVisible();
  });
});

test('the security admin resets a staff member, who enrols a new authenticator and sets a new password', async ({
  page,
  browser,
}) => {
  // The auditor: no other browser test signs in as them, and after this one their password and
  // authenticator are new (the specs share one seeded server).
  await signInStaff(page, 'secadmin');
  await page.getByTestId('menu-accounts').click();
  await expect(page.getByTestId('accounts-page')).toBeVisible();
  await page.getByTestId('accounts-search').locator('input').fill('auditor');
  await page.getByTestId('accounts-search').locator('input').press('Enter');
  await page.getByTestId('reset-auditor').click();
  await page.getByTestId('reset-confirm').click();
  const temporary = (await page.getByTestId('temporary-password').innerText()).trim();
  expect(temporary).toMatch(/^Yw-/);
  await page.getByTestId('temporary-close').click();

  // The staff member, on their own browser.
  const other = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const staff = await other.newPage();
  await staff.goto('/console/');
  await staff.getByTestId('login-username').fill('auditor');
  await staff.getByTestId('login-password').fill(temporary);
  await staff.getByTestId('login-next').click();
  const secret = /[A-Z2-7]{16,}/.exec(await staff.getByTestId('totp-secret').innerText())![0];
  await staff.getByTestId('totp-code').locator('input').first().click();
  await staff.keyboard.type(totpOf(secret));
  await expect(staff.getByTestId('new-password-step')).toBeVisible();
  await staff.getByTestId('new-password').fill(temporary);
  await staff.getByTestId('confirm-password').fill(temporary);
  await staff.getByTestId('new-password-submit').click();
  await expect(staff.getByTestId('login-error').or(staff.locator('.ant-form-item-explain-error'))).toContainText(
    errorText('PASSWORD_REUSED', '不能与临时密码相同'),
  );
  await staff.getByTestId('new-password').fill('Jiancha2026new');
  await staff.getByTestId('confirm-password').fill('Jiancha2026new');
  await staff.getByTestId('new-password-submit').click();
  await expect(staff.getByTestId('side-menu')).toBeVisible();
  expect((await api(staff.request).GET('/api/me')).data?.username).toBe('auditor');
  await other.close();
});
