/** Callers and people the API-driven browser tests share. */
import type { APIRequestContext, Browser } from '@playwright/test';
import { DEMO_CITIZEN } from '../server/src/demo/accounts.ts';
import { makeCitizenId } from '../server/src/platform/id-numbers.ts';
import { api, ok, type Api } from './api.ts';
import { DEMO_PASSWORD, totpFor } from './helpers.ts';

/** The demo citizen as a form's sample answers take them. */
export const DEMO_OWN = {
  name: DEMO_CITIZEN.name,
  idNumber: makeCitizenId('330383', DEMO_CITIZEN.idNumberBirth, DEMO_CITIZEN.idSequence),
  phone: DEMO_CITIZEN.phone,
  address: DEMO_CITIZEN.address,
};

/** A staff member's API caller (password, then the TOTP code). */
export async function staffApi(browser: Browser, baseURL: string, username: string): Promise<Api> {
  return signInStaffApi((await browser.newContext({ baseURL })).request, username);
}

/**
 * Sign a staff member in on a request context (password, then the TOTP code): a page of the same
 * browser context then has the session, without the console's sign-in screens (which need a
 * desktop-wide side menu).
 */
export async function signInStaffApi(request: APIRequestContext, username: string): Promise<Api> {
  const caller = api(request);
  const first = await ok(caller.POST('/api/auth/login', { body: { login: username, password: DEMO_PASSWORD } }));
  if (first.status !== 'totp_required') throw new Error(`${username}: expected the TOTP step`);
  await ok(caller.POST('/api/auth/totp', { body: { challenge: first.challenge, code: await totpFor(username) } }));
  return caller;
}
