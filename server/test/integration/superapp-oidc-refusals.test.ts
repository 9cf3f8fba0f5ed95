/**
 * What the provider refuses, with an independent client (openid-client) on a real port: a PKCE
 * downgrade (plain, or no challenge), a wrong redirect URI, a reused code, a wrong verifier, an
 * expired token (the platform's clock moved), a scope beyond consent; and the bridge's login
 * code, suspended apps, and staff single sign-on (residents and staff each to their own apps).
 */
import { sql } from 'kysely';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE } from '../../src/platform/clock.ts';
import {
  createTestApp,
  errorCode,
  query,
  signInCitizen,
  signInStaff,
  type Client,
  type TestContext,
} from '../helpers.ts';
import {
  Browser,
  discover,
  listening,
  putApp,
  redeem,
  signInThroughBrowser,
  startFlow,
} from '../superapp-oidc-helpers.ts';

let ctx: TestContext;
let base: string;
let citizen: Client;
let app: oidc.Configuration;

const CB = 'http://127.0.0.1:5399/cb';
const errorAt = (url: string) => new URL(url).searchParams.get('error');

beforeAll(async () => {
  ctx = await createTestApp();
  await putApp(ctx, 'hospital', ['openid', 'profile', 'phone', 'offline_access']);
  await putApp(ctx, 'dept-desk', ['openid', 'profile'], 'staff');
  await putApp(ctx, 'closed-app', ['openid', 'profile']);
  base = await listening(ctx);
  citizen = await signInCitizen(ctx);
  app = await discover(base, 'app-hospital');
  // The person consents to openid and profile only.
  const given = await citizen.PUT('/api/superapp/me/apps/{slug}/consent', {
    params: { path: { slug: 'hospital' } },
    body: { scopes: ['openid', 'profile'] },
  });
  expect(given.response.status).toBe(200);
}, 120_000);

afterAll(async () => {
  await ctx?.teardown();
});

/** Authorize in the browser (the person already consented): where the provider sends it. */
async function authorize(params: Record<string, string>): Promise<string> {
  const url = new URL(`${base}/oidc/auth`);
  for (const [k, v] of Object.entries({
    client_id: 'app-hospital',
    response_type: 'code',
    redirect_uri: CB,
    scope: 'openid profile',
    ...params,
  }))
    if (v !== '') url.searchParams.set(k, v);
  const r = await new Browser(citizen).follow(base, url.href, 'http://127.0.0.1:5399/');
  return r.res ? `${r.res.status} ${await r.res.text()}` : r.url;
}

describe('PKCE', () => {
  it('refuses a request without a code challenge', async () => {
    expect(errorAt(await authorize({}))).toBe('invalid_request');
  });

  it('refuses the plain method', async () => {
    expect(errorAt(await authorize({ code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' }))).toBe(
      'invalid_request',
    );
  });

  it('refuses a code redeemed with the wrong verifier', async () => {
    const flow = await startFlow(app, 'openid profile');
    const callback = await signInThroughBrowser(base, citizen, flow);
    await expect(redeem(app, callback, { ...flow, verifier: oidc.randomPKCECodeVerifier() })).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });
});

describe('redirect URIs and codes', () => {
  it('refuses an unregistered redirect URI without redirecting to it', async () => {
    const answer = await authorize({
      redirect_uri: 'http://127.0.0.1:5399/evil',
      code_challenge: 'a'.repeat(43),
      code_challenge_method: 'S256',
    });
    expect(answer).toMatch(/^400 /);
    expect(answer).toContain('redirect_uri');
  });

  it('refuses a reused code', async () => {
    const flow = await startFlow(app, 'openid profile');
    const callback = await signInThroughBrowser(base, citizen, flow);
    const first = await redeem(app, callback, flow);
    expect(first.access_token).toBeTruthy();
    await expect(redeem(app, callback, flow)).rejects.toMatchObject({ error: 'invalid_grant' });
    // Reusing a code revokes what it gave.
    await expect(oidc.fetchUserInfo(app, first.access_token, first.claims()!.sub)).rejects.toMatchObject({
      status: 401,
    });
  });

  it('never lets two requests racing with one code both have it', async () => {
    const flow = await startFlow(app, 'openid profile');
    const callback = await signInThroughBrowser(base, citizen, flow);
    const both = await Promise.allSettled([redeem(app, callback, flow), redeem(app, callback, flow)]);
    // The code is taken by one of them; the other is a reuse, refused. A reuse also revokes what
    // the code gave (RFC 6749 4.1.2), which may come before the first has its tokens: then both fail.
    expect(both.filter((r) => r.status === 'fulfilled').length).toBeLessThanOrEqual(1);
    expect(both.find((r) => r.status === 'rejected')).toMatchObject({ reason: { error: 'invalid_grant' } });
  });
});

describe('expiry and scope', () => {
  it('refuses an access token once the platform’s clock has passed its 5 minutes', async () => {
    const flow = await startFlow(app, 'openid profile');
    const t = await redeem(app, await signInThroughBrowser(base, citizen, flow), flow);
    expect((await oidc.fetchUserInfo(app, t.access_token, t.claims()!.sub)).name).toBeTruthy();
    ctx.clock.advance(6 * MINUTE);
    await expect(oidc.fetchUserInfo(app, t.access_token, t.claims()!.sub)).rejects.toMatchObject({ status: 401 });
    expect((await oidc.tokenIntrospection(app, t.access_token)).active).toBe(false);
    // The expired rows are cleaned up.
    expect(await ctx.modules.superapp.parts.oidc.api!.store.cleanup()).toBeGreaterThan(0);
  });

  it('refuses a scope beyond consent without asking (prompt=none) and in the bridge', async () => {
    ctx.clock.advance(MINUTE);
    citizen = await signInCitizen(ctx);
    const flow = await startFlow(app, 'openid profile phone', { prompt: 'none' });
    const browser = new Browser(citizen);
    // A first sign-in (covered by consent) makes the OP session; then the wider request.
    const covered = await startFlow(app, 'openid profile');
    await browser.follow(base, (await signInThroughBrowser(base, citizen, covered)).href, 'http://127.0.0.1:5399/');
    const wide = await browser.follow(base, flow.url.href, 'http://127.0.0.1:5399/');
    expect(['consent_required', 'login_required', 'interaction_required']).toContain(errorAt(wide.url));
    const code = await citizen.POST('/api/superapp/apps/{slug}/login-code', {
      params: { path: { slug: 'hospital' } },
      body: {
        redirectUri: CB,
        codeChallenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
        scope: 'openid profile phone',
      },
    });
    expect(code.response.status).toBe(409);
    expect(errorCode(code)).toBe('SUPERAPP_CONSENT_REQUIRED');
    expect((code.error as { error: { consentUrl: string } }).error.consentUrl).toBe(
      '/sso/apps/hospital/consent?scope=openid+profile+phone',
    );
  });

  it('refuses a scope the app did not declare', async () => {
    const flow = await startFlow(app, 'openid profile id_number');
    const r = await new Browser(citizen).follow(base, flow.url.href, 'http://127.0.0.1:5399/');
    expect(errorAt(r.url)).toBe('invalid_scope');
  });
});

describe('the bridge’s login code', () => {
  it('mints a code the app redeems with its verifier, for the consented scopes', async () => {
    const verifier = oidc.randomPKCECodeVerifier();
    // As the bridge asks it: from the citizen app's origin (the issuer's), with the session and its CSRF token.
    const res = await new Browser(citizen).go(`${base}/api/superapp/apps/hospital/login-code`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': citizen.cookies.get('yw_csrf')! },
      body: JSON.stringify({
        redirectUri: CB,
        codeChallenge: await oidc.calculatePKCECodeChallenge(verifier),
        scope: 'openid profile',
        nonce: 'n-1',
        state: 's-1',
      }),
    });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { code: string; iss: string; state: string };
    expect(answer.state).toBe('s-1');
    expect(answer.iss).toBe(`${base}/oidc`);
    const t = await oidc.authorizationCodeGrant(app, new URL(`${CB}?${new URLSearchParams(answer)}`), {
      pkceCodeVerifier: verifier,
      expectedState: 's-1',
      expectedNonce: 'n-1',
    });
    expect((await oidc.fetchUserInfo(app, t.access_token, t.claims()!.sub)).phone_number).toBeUndefined();
  });

  it('refuses an unregistered redirect URI and a suspended app', async () => {
    const body = { redirectUri: 'http://127.0.0.1:5399/evil', codeChallenge: 'a'.repeat(43), scope: 'openid' };
    const wrong = await citizen.POST('/api/superapp/apps/{slug}/login-code', {
      params: { path: { slug: 'hospital' } },
      body,
    });
    expect(errorCode(wrong)).toBe('SUPERAPP_REDIRECT_URI_NOT_REGISTERED');
    await query(ctx, sql`update superapp.apps set status = 'suspended' where slug = 'closed-app'`);
    const closed = await citizen.POST('/api/superapp/apps/{slug}/login-code', {
      params: { path: { slug: 'closed-app' } },
      body: { ...body, redirectUri: CB },
    });
    expect(closed.response.status).toBe(403);
    expect(errorCode(closed)).toBe('APP_NOT_AVAILABLE');
    // A suspended app has no client: the provider refuses it too.
    const r = await fetch(
      `${base}/oidc/auth?client_id=app-closed-app&response_type=code&scope=openid&redirect_uri=${encodeURIComponent(CB)}`,
      { redirect: 'manual' },
    );
    expect(r.status).toBe(400);
    expect(await r.text()).toContain('invalid_client');
  });
});

describe('staff single sign-on', () => {
  it('signs staff in to a staff app with their console session, and refuses residents there', async () => {
    const desk = await discover(base, 'app-dept-desk');
    const staff = await signInStaff(ctx, 'clerk01');
    const flow = await startFlow(desk, 'openid profile');
    const t = await redeem(desk, await signInThroughBrowser(base, staff, flow), flow);
    expect(t.claims()!.acr).toBe('staff_totp');
    expect((await oidc.fetchUserInfo(desk, t.access_token, t.claims()!.sub)).name).toBeTruthy();
    const asResident = await startFlow(desk, 'openid profile');
    await expect(signInThroughBrowser(base, citizen, asResident)).rejects.toThrow(/SUPERAPP_WRONG_ACCOUNT_KIND/);
    const residentsApp = await startFlow(app, 'openid profile');
    await expect(signInThroughBrowser(base, staff, residentsApp)).rejects.toThrow(/SUPERAPP_WRONG_ACCOUNT_KIND/);
  });
});
