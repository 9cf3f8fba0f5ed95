import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import * as OTPAuth from 'otpauth';
import { DEMO_TOTP_SECRET } from '../server/src/demo/accounts.ts';

export const DEMO_PASSWORD = 'Yiwang@2026';
export const CITIZEN_LOGIN = '13800138000';
export const CITIZEN_NAME = '陈晓明';

/** The current TOTP code of the demo staff accounts. */
export function demoTotp(timestamp = Date.now()): string {
  const totp = new OTPAuth.TOTP({
    secret: OTPAuth.Secret.fromBase32(DEMO_TOTP_SECRET),
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
  });
  return totp.generate({ timestamp });
}

/**
 * The last TOTP time step each account was signed in with, kept in the run's data directory:
 * Playwright starts a new worker after a failed test, and a map in memory would forget that the
 * account's current step is used (the next test would then fail on a replay, hiding its own result).
 */
const stepsFile = join(process.env.YIWANG_E2E_DATA_DIR ?? '.', 'totp-steps.json');
function lastSteps(): Record<string, number> {
  try {
    return JSON.parse(readFileSync(stepsFile, 'utf8')) as Record<string, number>;
  } catch {
    return {};
  }
}

/**
 * A TOTP code for signing `username` in now. The server refuses a code from a time step the
 * account has used already (replay), so when this run signed the account in during the current
 * 30-second step, wait for the next one. All browser tests run in one worker at a time.
 */
export async function totpFor(username: string): Promise<string> {
  let step = Math.floor(Date.now() / 30_000);
  const steps = lastSteps();
  if ((steps[username] ?? -1) >= step) {
    await new Promise((resolve) => setTimeout(resolve, (step + 1) * 30_000 - Date.now() + 200));
    step = Math.floor(Date.now() / 30_000);
  }
  writeFileSync(stepsFile, JSON.stringify({ ...steps, [username]: step }));
  return demoTotp(step * 30_000 + 1_000);
}

/** A 6-digit code that is not valid now nor in the adjacent 30-second windows. */
export function wrongTotp(): string {
  const now = Date.now();
  const valid = new Set([-30_000, 0, 30_000].map((d) => demoTotp(now + d)));
  let n = (Number(demoTotp(now)) + 500_001) % 1_000_000;
  while (valid.has(String(n).padStart(6, '0'))) n = (n + 7) % 1_000_000;
  return String(n).padStart(6, '0');
}

/** The current code of any TOTP secret (a staff member enrolling a new authenticator). */
export function totpOf(secret: string, timestamp = Date.now()): string {
  return new OTPAuth.TOTP({
    secret: OTPAuth.Secret.fromBase32(secret),
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
  }).generate({
    timestamp,
  });
}

/**
 * The newest one-time code the development SMS sink "sent" to `phone` (the e2e server runs with
 * YIWANG_DEV_MESSAGES_API=true), newer than `after` codes already seen. The text goes out from
 * a job shortly after the request, so this polls.
 */
export async function sentCode(page: Page, phone: string, seen = 0): Promise<string> {
  let code = '';
  await expect
    .poll(
      async () => {
        const res = await page.request.get(`/api/dev/messages?phone=${phone}`);
        const items = ((await res.json()) as { items: { body: string }[] }).items;
        code = items.length > seen ? (/验证码 (\d{6})/.exec(items[0]!.body)?.[1] ?? '') : '';
        return code;
      },
      { timeout: 15_000 },
    )
    .toMatch(/^\d{6}$/);
  return code;
}

/** A mobile number not used before (random: the e2e server keeps its data for the whole run). */
export const freshPhone = (): string => `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

/** The check character of an 18-character citizen ID number (GB 11643, ISO 7064 MOD 11-2). */
export function idCheckChar(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * weights[i]!;
  return '10X98765432'[sum % 11]!;
}

/** Saves a screenshot for the docs when SCREENSHOTS is set. */
export async function docScreenshot(page: Page, name: string): Promise<void> {
  if (!process.env.SCREENSHOTS) return;
  const path = `docs/screenshots/${name}`;
  mkdirSync(dirname(path), { recursive: true });
  await page.screenshot({ path, fullPage: false, animations: 'disabled' });
}

/** Font size (px) of the body text. */
export function bodyFontSize(page: Page): Promise<number> {
  return page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
}

/** The console's first sign-in step (username and password), up to the TOTP step. */
export async function passwordStep(page: Page, username: string): Promise<void> {
  await page.goto('/console/');
  await expect(page.getByTestId('password-step')).toBeVisible();
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-next').click();
  await expect(page.getByTestId('totp-step')).toBeVisible();
}

/** Sign a demo staff member into the console in `page` (password, then a fresh TOTP code). */
export async function signInStaff(page: Page, username: string): Promise<void> {
  await passwordStep(page, username);
  await page.getByTestId('totp-code').locator('input').first().click();
  await page.keyboard.type(await totpFor(username));
  await expect(page.getByTestId('side-menu')).toBeVisible();
}

/**
 * Choose the option showing `text` in the antd Select with test id `testId`, and wait until
 * the select shows it. Opening and clicking retry together: a click that lands while the
 * dropdown is still animating (or before its options load) is simply tried again.
 */
export async function chooseOption(page: Page, testId: string, text: string): Promise<void> {
  const select = page.getByTestId(testId);
  await expect(async () => {
    if ((await select.textContent())?.includes(text)) return;
    await select.click();
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: text })
      .first()
      .click({ timeout: 3000 });
    await expect(select).toContainText(text, { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
}

/** A small, well-formed one-page PDF showing `text` (ASCII), for uploads. */
export function pdf(text: string): Buffer {
  const content = `BT /F1 18 Tf 72 760 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
