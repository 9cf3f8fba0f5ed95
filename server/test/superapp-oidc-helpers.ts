/**
 * The OIDC tests' tools: test apps put in place through the app directory, the platform
 * listening on a real port, an independent OpenID Connect client (openid-client) configured by
 * discovery, and a browser-like fetch that keeps cookies and stops at each redirect.
 */
import * as oidc from 'openid-client';
import type { Manifest } from '../src/modules/superapp/index.ts';
import type { Scope } from '../src/modules/superapp/superapp.scopes.ts';
import type { Client, TestContext } from './helpers.ts';

export const OWNER = { ownerUscc: '91330300MA2A0TEST1', ownerName: '测试水务有限公司' };

export function manifestOf(slug: string, scopes: Scope[], port = 5399): Manifest {
  const origin = `http://127.0.0.1:${port}`;
  // Static<ManifestSchema> types `category` and `scope` as never (unions built by map): the value is checked at run time.
  const manifest = {
    slug,
    name: { zh: `测试应用${slug}`, en: `Test app ${slug}` },
    description: { zh: '测试用应用', en: 'An app for tests' },
    icon: `${origin}/icon.png`,
    category: 'utilities',
    entryUrl: `${origin}/`,
    redirectUris: [`${origin}/cb`],
    postLogoutRedirectUris: [`${origin}/bye`],
    scopes: scopes.map((scope) => ({ scope, purpose: { zh: `用于${scope}`, en: `For ${scope}` } })),
    privacyPolicyUrl: `${origin}/privacy`,
    support: { phone: '0577-12345' },
    elderMode: true,
    languages: ['zh-CN', 'en'],
  };
  return manifest as unknown as Manifest;
}

export async function putApp(
  ctx: TestContext,
  slug: string,
  scopes: Scope[],
  audience: 'citizen' | 'staff' = 'citizen',
) {
  return ctx.modules.superapp.context.directory.putApproved(
    { manifest: manifestOf(slug, scopes), ...OWNER, audience },
    ctx.clock.now(),
  );
}

/** Listen on a free port; answers the base URL. */
export async function listening(ctx: TestContext): Promise<string> {
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  const addr = ctx.app.server.address();
  if (!addr || typeof addr === 'string') throw new Error('not listening');
  return `http://127.0.0.1:${addr.port}`;
}

export async function discover(base: string, clientId: string): Promise<oidc.Configuration> {
  return oidc.discovery(new URL(`${base}/oidc`), clientId, undefined, oidc.None(), {
    execute: [oidc.allowInsecureRequests],
  });
}

/** A browser: cookies by name (one host), no automatic redirects. Starts with the platform session of `c`. */
export class Browser {
  readonly cookies: Map<string, string>;
  constructor(c?: Client) {
    this.cookies = new Map(c?.cookies ?? []);
  }
  async go(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const [name, ...value] = pair!.split('=');
      const expired = attrs.some((a) => /expires=Thu, 01 Jan 1970/i.test(a)) || value.join('=') === '';
      if (expired) this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value.join('='));
    }
    return res;
  }
  /** Follow redirects (relative to `base`) until one leaves for `stopAt` or a page answers. */
  async follow(base: string, url: string, stopAt: string): Promise<{ url: string; res: Response | null }> {
    let next = url;
    for (let i = 0; i < 10; i++) {
      if (next.startsWith(stopAt)) return { url: next, res: null };
      const res = await this.go(new URL(next, base).href);
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location) return { url: next, res };
      next = new URL(location, new URL(next, base)).href;
    }
    throw new Error('too many redirects');
  }
}

export interface Flow {
  verifier: string;
  state: string;
  nonce: string;
  url: URL;
}

export async function startFlow(
  config: oidc.Configuration,
  scope: string,
  extra: Record<string, string> = {},
): Promise<Flow> {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: 'http://127.0.0.1:5399/cb',
    scope,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...extra,
  });
  return { verifier, state, nonce, url };
}

/** The interaction uid of a redirect to the citizen app's sign-in page (`/sso/<uid>`). */
export function interactionUid(url: string): string | null {
  return /\/sso\/([A-Za-z0-9_-]+)$/.exec(new URL(url, 'http://x').pathname)?.[1] ?? null;
}

/**
 * The whole front channel: authorize, the consent page's decision (through the API as the
 * citizen app calls it), resume, back at the redirect URI. Answers the callback URL.
 */
export async function signInThroughBrowser(
  base: string,
  citizen: Client,
  flow: Flow,
  decision: 'allow' | 'deny' = 'allow',
): Promise<URL> {
  const browser = new Browser(citizen);
  const first = await browser.follow(base, flow.url.href, 'http://127.0.0.1:5399/');
  if (first.url.startsWith('http://127.0.0.1:5399/')) return new URL(first.url);
  const uid = interactionUid(first.url);
  if (!uid)
    throw new Error(`not sent to the sign-in page: ${first.url} ${first.res?.status} ${await first.res?.text()}`);
  const decided = await citizen.POST('/api/superapp/oidc/interactions/{uid}', {
    params: { path: { uid } },
    body: { decision },
  });
  if (!decided.data) throw new Error(`decision refused: ${JSON.stringify(decided.error)}`);
  const done = await browser.follow(base, decided.data.redirectTo, 'http://127.0.0.1:5399/');
  if (!done.url.startsWith('http://127.0.0.1:5399/'))
    throw new Error(`did not come back: ${done.url} ${done.res?.status}`);
  return new URL(done.url);
}

/** Exchange the code at the callback with the flow's verifier, state and nonce checked. */
export const redeem = (config: oidc.Configuration, callback: URL, flow: Flow) =>
  oidc.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: flow.verifier,
    expectedState: flow.state,
    expectedNonce: flow.nonce,
  });
