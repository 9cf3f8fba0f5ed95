/**
 * The OpenID Connect provider against an independent client (openid-client) on a real port:
 * discovery, a full sign-in with PKCE through the consent page, userinfo, refresh with rotation,
 * introspection, revocation, RP-initiated logout; pairwise subjects; live consent; releases
 * and the data tracker.
 */
import { sql } from 'kysely';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  errorCode,
  query,
  registerCitizen,
  signInCitizen,
  type Client,
  type TestContext,
} from '../helpers.ts';
import {
  Browser,
  discover,
  listening,
  OWNER,
  putApp,
  redeem,
  signInThroughBrowser,
  startFlow,
} from '../superapp-oidc-helpers.ts';

let ctx: TestContext;
let base: string;
let citizen: Client;
let water: oidc.Configuration;

beforeAll(async () => {
  ctx = await createTestApp();
  await putApp(ctx, 'oidc-water', ['openid', 'profile', 'id_number_masked', 'phone', 'address', 'offline_access']);
  await putApp(ctx, 'oidc-bus', ['openid', 'profile']);
  base = await listening(ctx);
  citizen = await signInCitizen(ctx);
  water = await discover(base, 'app-oidc-water');
}, 120_000);

afterAll(async () => {
  await ctx?.teardown();
});

describe('discovery and keys', () => {
  it('publishes the provider metadata and a JWKS of public keys only', async () => {
    const meta = water.serverMetadata();
    expect(meta.issuer).toBe(`${base}/oidc`);
    expect(meta.code_challenge_methods_supported).toEqual(['S256']);
    expect(meta.subject_types_supported).toEqual(['pairwise']);
    expect(meta.scopes_supported).toEqual(expect.arrayContaining(['openid', 'profile', 'id_number', 'enterprise']));
    const jwks = (await (await fetch(meta.jwks_uri!)).json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys.length).toBeGreaterThan(0);
    for (const k of jwks.keys) {
      expect(k.kty).toBe('EC');
      expect(k.d).toBeUndefined();
    }
    const [row] = await query<{ sealed: string }>(
      ctx,
      sql`select sealed from superapp.oidc_keys where kind = 'signing'`,
    );
    expect(row!.sealed).not.toContain('"d"');
  });
});

describe('sign-in with PKCE, tokens, userinfo, refresh, introspection, revocation, logout', () => {
  let tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers;
  let sub: string;

  it('signs in through the consent page and exchanges the code with the verifier', async () => {
    // offline_access asks for consent every time (OpenID Connect Core 11).
    const flow = await startFlow(water, 'openid profile id_number_masked phone address offline_access', {
      prompt: 'consent',
    });
    const callback = await signInThroughBrowser(base, citizen, flow);
    tokens = await redeem(water, callback, flow);
    const claims = tokens.claims()!;
    sub = claims.sub;
    expect(claims.acr).toBe((await citizen.GET('/api/me')).data!.assuranceLevel);
    expect(claims.name).toBeUndefined();
    expect(tokens.expires_in).toBeLessThanOrEqual(300);
    expect(tokens.refresh_token).toBeTruthy();
    // The consent is in the exchange's records, with the claims as its fields.
    const consents = await citizen.GET('/api/exchange/consents');
    const consent = consents.data!.items.find((x) => x.itemCode === 'app:oidc-water')!;
    expect(consent.withdrawnAt).toBeNull();
    expect(consent.fields).toEqual(
      expect.arrayContaining(['sub', 'name', 'id_number_masked', 'phone_number', 'address']),
    );
  });

  it('answers userinfo with the consented claims only', async () => {
    const info = await oidc.fetchUserInfo(water, tokens.access_token, sub);
    expect(info.name).toBeTruthy();
    expect(String(info.id_number_masked)).toMatch(/^\d{6}\*+\d{3}[\dX]$/);
    expect(info.id_number).toBeUndefined();
    expect(info.phone_number).toMatch(/^1\d{10}$/);
    expect(info.enterprise).toBeUndefined();
  });

  it('introspects for the token’s own app', async () => {
    const r = await oidc.tokenIntrospection(water, tokens.access_token);
    expect(r.active).toBe(true);
    expect(r.sub).toBe(sub);
    expect(r.client_id).toBe('app-oidc-water');
  });

  it('rotates the refresh token: the old one is refused', async () => {
    const old = tokens.refresh_token!;
    const next = await oidc.refreshTokenGrant(water, old);
    expect(next.refresh_token).toBeTruthy();
    expect(next.refresh_token).not.toBe(old);
    await expect(oidc.refreshTokenGrant(water, old)).rejects.toMatchObject({ error: 'invalid_grant' });
    // A rotated token used again is a stolen one: the whole grant ends, the new token with it.
    await expect(oidc.refreshTokenGrant(water, next.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('revokes an access token (only its own app can)', async () => {
    const flow = await startFlow(water, 'openid profile offline_access', { prompt: 'consent' });
    const signedIn = await redeem(water, await signInThroughBrowser(base, citizen, flow), flow);
    const fresh = await oidc.refreshTokenGrant(water, signedIn.refresh_token!);
    // Another app cannot revoke it: the request is answered (RFC 7009) and the token still works.
    await oidc.tokenRevocation(await discover(base, 'app-oidc-bus'), fresh.access_token);
    expect((await oidc.fetchUserInfo(water, fresh.access_token, sub)).sub).toBe(sub);
    await oidc.tokenRevocation(water, fresh.access_token);
    await expect(oidc.fetchUserInfo(water, fresh.access_token, sub)).rejects.toMatchObject({ status: 401 });
    expect((await oidc.tokenIntrospection(water, fresh.access_token)).active).toBe(false);
    tokens = fresh;
  });

  it('records every release in superapp.releases and in the person’s data tracker', async () => {
    const rows = await query<{ via: string; claims: string[] }>(
      ctx,
      sql`select r.via, r.claims from superapp.releases r join superapp.apps a on a.id = r.app_id where a.slug = 'oidc-water'`,
    );
    const vias = new Set(rows.map((r) => r.via));
    expect(vias).toEqual(new Set(['id_token', 'userinfo', 'introspection']));
    expect(rows.find((r) => r.via === 'userinfo')!.claims).toEqual(expect.arrayContaining(['name', 'phone_number']));
    const tracker = await citizen.GET('/api/exchange/tracker', { params: { query: {} } });
    const entries = tracker.data!.items.filter((e) => e.resourceType === 'superapp.app');
    expect(entries.length).toBeGreaterThanOrEqual(3);
    expect(entries[0]!.organisation).toBe(OWNER.ownerName);
    expect(entries[0]!.accessor).toEqual({ kind: 'system', name: '测试应用oidc-water' });
    expect(entries.some((e) => e.fields.includes('phone_number'))).toBe(true);
  });

  it('ends the session at the OP on RP-initiated logout, and the platform session with it', async () => {
    const other = await signInCitizen(ctx);
    const flow = await startFlow(water, 'openid profile');
    const callback = await signInThroughBrowser(base, other, flow);
    const t = await redeem(water, callback, flow);
    const browser = new Browser(other);
    // The browser holds the OP's session cookie from the sign-in above.
    await browser.follow(base, flow.url.href, 'http://127.0.0.1:5399/');
    const end = oidc.buildEndSessionUrl(water, {
      id_token_hint: t.id_token!,
      post_logout_redirect_uri: 'http://127.0.0.1:5399/bye',
      state: 'bye',
    });
    const page = await browser.go(end.href);
    expect(page.status).toBe(200);
    const html = await page.text();
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1];
    const action = /action="([^"]+)"/.exec(html)?.[1];
    expect(xsrf && action).toBeTruthy();
    const confirmed = await browser.go(new URL(action!, base).href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ xsrf: xsrf!, logout: 'yes' }).toString(),
    });
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get('location')).toBe('http://127.0.0.1:5399/bye?state=bye');
    expect((await other.GET('/api/me')).response.status).toBe(401);
  });
});

describe('two apps, one person', () => {
  it('gives each app its own subject identifier', async () => {
    const bus = await discover(base, 'app-oidc-bus');
    const subs: string[] = [];
    for (const config of [water, bus]) {
      const flow = await startFlow(config, 'openid profile');
      const callback = await signInThroughBrowser(base, citizen, flow);
      const t = await redeem(config, callback, flow);
      subs.push(t.claims()!.sub);
    }
    expect(subs[0]).not.toBe(subs[1]);
    const me = await citizen.GET('/api/me');
    expect(subs).not.toContain(me.data!.id);
  });
});

describe('consent is checked live', () => {
  const signedIn = async (who: Client) => {
    const flow = await startFlow(water, 'openid profile offline_access', { prompt: 'consent' });
    const callback = await signInThroughBrowser(base, who, flow);
    return redeem(water, callback, flow);
  };

  it('another user cannot withdraw someone’s consent', async () => {
    const t = await signedIn(citizen);
    const stranger = (await registerCitizen(ctx)).client;
    const res = await stranger.DELETE('/api/superapp/me/apps/{slug}/consent', {
      params: { path: { slug: 'oidc-water' } },
    });
    expect(res.response.status).toBe(409);
    expect(errorCode(res)).toBe('SUPERAPP_NO_CONSENT');
    const consentId = (await citizen.GET('/api/exchange/consents')).data!.items.find(
      (x) => x.itemCode === 'app:oidc-water' && !x.withdrawnAt,
    )!.id;
    const viaExchange = await stranger.POST('/api/exchange/consents/{id}/withdraw', {
      params: { path: { id: consentId } },
    });
    expect(viaExchange.response.status).toBe(404);
    expect((await oidc.fetchUserInfo(water, t.access_token, t.claims()!.sub)).sub).toBe(t.claims()!.sub);
  });

  it('withdrawing here stops the next userinfo and refresh', async () => {
    const t = await signedIn(citizen);
    const res = await citizen.DELETE('/api/superapp/me/apps/{slug}/consent', {
      params: { path: { slug: 'oidc-water' } },
    });
    expect(res.response.status).toBe(204);
    await expect(oidc.fetchUserInfo(water, t.access_token, t.claims()!.sub)).rejects.toMatchObject({ status: 401 });
    await expect(oidc.refreshTokenGrant(water, t.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    const [audit] = await query<{ n: number }>(
      ctx,
      sql`select count(*)::int as n from platform.audit_log where action = 'superapp.consent.withdrawn'`,
    );
    expect(audit!.n).toBeGreaterThanOrEqual(1);
  });

  it('withdrawing on the exchange’s consents page stops the next userinfo too, and removes the stored grants', async () => {
    const t = await signedIn(citizen);
    const consentId = (await citizen.GET('/api/exchange/consents')).data!.items.find(
      (x) => x.itemCode === 'app:oidc-water' && !x.withdrawnAt,
    )!.id;
    const grants = () =>
      query<{ n: number }>(
        ctx,
        sql`select count(*)::int as n from superapp.oidc_payloads where model = 'Grant' and payload->>'clientId' = 'app-oidc-water'`,
      ).then((r) => r[0]!.n);
    expect(await grants()).toBeGreaterThan(0);
    const res = await citizen.POST('/api/exchange/consents/{id}/withdraw', { params: { path: { id: consentId } } });
    expect(res.response.status).toBe(200);
    await expect(oidc.fetchUserInfo(water, t.access_token, t.claims()!.sub)).rejects.toMatchObject({ status: 401 });
    // The exchange's event reaches superapp: the app's stored grants for the person go, with their tokens.
    await ctx.platform.outbox.flush();
    expect(await grants()).toBe(0);
  });
});
