/**
 * The Yiwang bridge SDK (一网 JS-SDK) a mini-app loads. Inside the super app (a parent frame
 * that answers the hello) every call goes to the host page by postMessage; outside it (a plain
 * web page) sign-in is the standard OIDC redirect (authorization code + PKCE at /oidc/auth) and
 * the rest does what a plain page can. See sdk/README.md.
 */
import { BridgeError, Channel } from './channel.ts';
import { pkcePair, randomString } from './pkce.ts';
import type { LoginAnswer, PayAnswer, PayParams, Settings, TrackParams } from './protocol.ts';

export { BridgeError } from './channel.ts';
export type { Settings, SafeArea, PayAnswer, PayParams } from './protocol.ts';

export interface Config {
  /** The app's OIDC client id (`app-<slug>`): needed outside the super app. */
  clientId?: string;
  /** Where the platform sends the person back (one of the manifest's redirect URIs); default: this page's URL without its query. */
  redirectUri?: string;
  /** Request time-out (ms) for quick calls; login, scanning and payment wait for the person. */
  timeoutMs?: number;
}

/** What `login` gives the app: the code, and the verifier its backend (or `exchangeCode`) sends with it. */
export interface LoginResult {
  code: string;
  codeVerifier: string;
  redirectUri: string;
  nonce: string;
  /** Where the code came from: the super app's bridge, or the OIDC redirect. */
  via: 'bridge' | 'redirect';
}

export interface TokenSet {
  access_token: string;
  token_type: string;
  expires_in?: number;
  id_token?: string;
  refresh_token?: string;
  scope?: string;
}

const PENDING_KEY = 'yiwang.oidc.pending';
const WAIT = { login: 300_000, scan: 120_000, pay: 600_000, hello: 1_500 };

export function createYiwang(platformOrigin: string) {
  let config: Config = {};
  let channel: Channel | null = null;
  let inside: Promise<boolean> | null = null;
  let current: Settings | null = null;
  const framed = typeof window !== 'undefined' && window.parent !== window;

  const redirectUri = () => config.redirectUri ?? `${location.origin}${location.pathname}`;

  const localSettings = (): Settings => {
    const q = new URLSearchParams(location.search);
    return {
      elder: q.get('elder') === '1',
      language: (q.get('lang') ?? navigator.language).toLowerCase().startsWith('en') ? 'en' : 'zh-CN',
      safeArea: { top: 0, right: 0, bottom: 0, left: 0 },
    };
  };

  function ch(): Channel {
    if (!channel) {
      channel = new Channel({ parent: window.parent, hostOrigin: platformOrigin, timeoutMs: config.timeoutMs });
      const c = channel;
      window.addEventListener('message', (e) => c.receive(e));
      c.onSettings((s) => {
        current = s;
      });
    }
    return channel;
  }

  /** Whether the page runs inside the super app (its host answered the hello). Cached. */
  function inSuperApp(): Promise<boolean> {
    inside ??= framed
      ? ch()
          .request<{ settings: Settings }>('hello', { version: 1 }, WAIT.hello)
          .then(
            (r) => {
              current = r.settings;
              return true;
            },
            () => false,
          )
      : Promise.resolve(false);
    return inside;
  }

  async function bridge<T>(method: Parameters<Channel['request']>[0], params?: unknown, wait?: number): Promise<T> {
    if (!(await inSuperApp())) throw new BridgeError('NOT_IN_SUPERAPP', `"${method}" works inside the super app only`);
    return ch().request<T>(method, params, wait);
  }

  function discovery(): Promise<{ authorization_endpoint: string; token_endpoint: string; userinfo_endpoint: string }> {
    return fetch(`${platformOrigin}/oidc/.well-known/openid-configuration`).then((r) => {
      if (!r.ok) throw new BridgeError('OIDC_DISCOVERY_FAILED', `Discovery answered ${r.status}`);
      return r.json() as Promise<{ authorization_endpoint: string; token_endpoint: string; userinfo_endpoint: string }>;
    });
  }

  const api = {
    /** The platform this SDK came from (the host's only accepted origin). */
    platformOrigin,
    configure(c: Config): void {
      config = { ...config, ...c };
    },
    inSuperApp,
    /**
     * A login code for the app's OIDC client, with the PKCE verifier to redeem it. Inside the
     * super app the host asks the platform (showing the consent sheet when the person has not
     * yet agreed); outside, the page is sent to the platform's sign-in (this call then never
     * resolves: `handleRedirect` picks the code up when the person comes back).
     */
    async login(opts: { scope: string; redirectUri?: string }): Promise<LoginResult> {
      const { verifier, challenge } = await pkcePair();
      const nonce = randomString(16);
      const uri = opts.redirectUri ?? redirectUri();
      if (await inSuperApp()) {
        const answer = await ch().request<LoginAnswer>(
          'login',
          { scope: opts.scope, codeChallenge: challenge, redirectUri: uri, nonce },
          WAIT.login,
        );
        return { code: answer.code, codeVerifier: verifier, redirectUri: answer.redirectUri, nonce, via: 'bridge' };
      }
      if (!config.clientId) throw new BridgeError('NOT_CONFIGURED', 'Yiwang.configure({ clientId }) first');
      const state = randomString(16);
      sessionStorage.setItem(PENDING_KEY, JSON.stringify({ state, verifier, nonce, redirectUri: uri }));
      const q = new URLSearchParams({
        client_id: config.clientId,
        response_type: 'code',
        redirect_uri: uri,
        scope: opts.scope,
        code_challenge: challenge,
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      location.assign(`${platformOrigin}/oidc/auth?${q}`);
      return new Promise<LoginResult>(() => undefined);
    },
    /** Back from the OIDC redirect: the code (and its verifier) when this page is the redirect's answer, else null. */
    handleRedirect(): LoginResult | null {
      const q = new URLSearchParams(location.search);
      const raw = sessionStorage.getItem(PENDING_KEY);
      if (!raw || (!q.has('code') && !q.has('error'))) return null;
      sessionStorage.removeItem(PENDING_KEY);
      const pending = JSON.parse(raw) as { state: string; verifier: string; nonce: string; redirectUri: string };
      history.replaceState(null, '', `${location.pathname}${location.hash}`);
      if (q.get('state') !== pending.state) throw new BridgeError('STATE_MISMATCH', 'The sign-in answer is not ours');
      if (q.has('error')) throw new BridgeError(q.get('error')!.toUpperCase(), q.get('error_description') ?? '');
      return {
        code: q.get('code')!,
        codeVerifier: pending.verifier,
        redirectUri: pending.redirectUri,
        nonce: pending.nonce,
        via: 'redirect',
      };
    },
    /** Redeem a code in the page itself (the app as a public client, PKCE); an app with a backend does this there. */
    async exchangeCode(login: LoginResult): Promise<TokenSet> {
      if (!config.clientId) throw new BridgeError('NOT_CONFIGURED', 'Yiwang.configure({ clientId }) first');
      const { token_endpoint } = await discovery();
      const r = await fetch(token_endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code: login.code,
          code_verifier: login.codeVerifier,
          redirect_uri: login.redirectUri,
          client_id: config.clientId,
        }),
      });
      const body = (await r.json()) as TokenSet & { error?: string; error_description?: string };
      if (!r.ok) throw new BridgeError((body.error ?? 'TOKEN_FAILED').toUpperCase(), body.error_description ?? '');
      return body;
    },
    /** The claims the person agreed to give the app, with an access token from `exchangeCode`. */
    async userInfo(tokens: Pick<TokenSet, 'access_token'>): Promise<Record<string, unknown>> {
      const { userinfo_endpoint } = await discovery();
      const r = await fetch(userinfo_endpoint, { headers: { authorization: `Bearer ${tokens.access_token}` } });
      if (!r.ok) throw new BridgeError('USERINFO_FAILED', `userinfo answered ${r.status}`);
      return (await r.json()) as Record<string, unknown>;
    },
    /** The UI settings: elder mode, language, safe areas (outside: from the address and the browser). */
    async settings(): Promise<Settings> {
      if (!(await inSuperApp())) return localSettings();
      return current ?? (await ch().request<Settings>('settings'));
    },
    /** Called with the new settings whenever the person changes them in the super app. */
    onSettingsChange(fn: (s: Settings) => void): () => void {
      return framed ? ch().onSettings(fn) : () => undefined;
    },
    async setTitle(title: string): Promise<void> {
      if (!(await inSuperApp())) document.title = title;
      else await ch().request('setTitle', { title: String(title).slice(0, 40) });
    },
    /** Open one of the platform's services (its item code) in the super app. */
    async openService(code: string): Promise<void> {
      if (!(await inSuperApp())) location.assign(`${platformOrigin}/services/${encodeURIComponent(code)}`);
      else await ch().request('openService', { code });
    },
    async close(): Promise<void> {
      if (!(await inSuperApp())) history.back();
      else await ch().request('close');
    },
    /** Scan a QR code with the super app's camera (or its manual entry): the text it holds. */
    scanQRCode(): Promise<{ text: string }> {
      return bridge('scanQRCode', undefined, WAIT.scan);
    },
    /** Pay one of the app's orders through the super app's payment sheet. */
    pay(order: PayParams): Promise<PayAnswer> {
      return bridge('pay', order, WAIT.pay);
    },
    /** A usage event (forwarded to the platform's statistics of the app); false outside the super app. */
    async track(event: string, data?: TrackParams['data'], kind: TrackParams['kind'] = 'action'): Promise<boolean> {
      if (!(await inSuperApp())) return false;
      await ch().request('track', { event, kind, ...(data ? { data } : {}) });
      return true;
    },
  };
  return api;
}

export type Yiwang = ReturnType<typeof createYiwang>;
