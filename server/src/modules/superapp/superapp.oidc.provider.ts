/**
 * The OpenID Connect provider (oidc-provider) as the platform configures it:
 *
 * - clients are the apps of the directory (public clients: no secret, PKCE with S256 required);
 * - sign-in is the citizen app's own session (the `yw_session` cookie, resolved by identity): the
 *   login prompt asks again whenever that session has ended or is another account's, so signing
 *   out of the app ends single sign-on too; staff apps take staff sessions (password and TOTP);
 * - consent is the person's consent to the app in the exchange's records, checked live at every
 *   authorization, code, refresh, userinfo and introspection;
 * - subjects are pairwise per app; claims come only from consented scopes; acr is the real-name level;
 * - access tokens live 5 minutes, refresh tokens rotate at every use;
 * - every release of claims is recorded (superapp.oidc.claims.ts).
 */
import Provider, { interactionPolicy, type Account, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { SESSION_COOKIE } from '../identity/index.ts';
import type { SessionView } from '../identity/identity.service.ts';
import type { SuperappContext } from './superapp.context.ts';
import type { RegisteredApp } from './superapp.directory.ts';
import type { OidcStore } from './superapp.oidc.adapter.ts';
import type { Claims } from './superapp.oidc.claims.ts';
import { scopesOf, type AppConsents } from './superapp.oidc.consents.ts';
import type { OidcSecrets } from './superapp.oidc.keys.ts';
import { logoutPage, errorPage, loggedOutPage } from './superapp.oidc.pages.ts';
import { SCOPES, SCOPE_NAMES, type Scope } from './superapp.scopes.ts';

export const TTL = {
  AccessToken: 5 * 60,
  AuthorizationCode: 60,
  IdToken: 5 * 60,
  RefreshToken: 14 * 24 * 3600,
  Interaction: 10 * 60,
  Session: 12 * 3600,
  Grant: 14 * 24 * 3600,
};

export interface ProviderDeps {
  c: SuperappContext;
  store: OidcStore;
  secrets: OidcSecrets;
  consents: AppConsents;
  claims: Claims;
  trustProxy: boolean;
  /** The app of a client (the directory, kept a second: a suspension holds everywhere within it). */
  appOf(clientId: string): Promise<RegisteredApp | null>;
}

/** The citizen app's (or console's) session of this request, if any. */
export async function platformSession(c: SuperappContext, token: string | undefined): Promise<SessionView | null> {
  if (!token) return null;
  const cached = c.deps.identity.authenticateCached(token);
  return cached !== undefined ? cached : c.deps.identity.authenticate(token);
}

const sessionOf = (d: ProviderDeps, ctx: KoaContextWithOIDC) =>
  platformSession(d.c, ctx.cookies.get(SESSION_COOKIE, { signed: false }));

export function createProvider(issuer: string, d: ProviderDeps): Provider {
  const { c, consents } = d;
  const appOf = d.appOf;
  const appOfCtx = async (ctx: KoaContextWithOIDC): Promise<RegisteredApp | null> =>
    ctx.oidc.client ? appOf(ctx.oidc.client.clientId) : null;

  const policy = interactionPolicy.base();
  // Single sign-on is the platform's session: ask again when it ended, is another account's, or the wrong kind.
  policy.get('login')!.checks.add(
    new interactionPolicy.Check('platform_session', 'the platform session ended or changed', async (ctx) => {
      const view = await sessionOf(d, ctx);
      const app = await appOfCtx(ctx);
      if (!view || view.principal.accountId !== ctx.oidc.session?.accountId)
        return interactionPolicy.Check.REQUEST_PROMPT;
      if (app && view.principal.kind !== app.audience) return interactionPolicy.Check.REQUEST_PROMPT;
      return interactionPolicy.Check.NO_NEED_TO_PROMPT;
    }),
    0,
  );

  const claimsConfig: Record<string, string[]> = {};
  for (const s of SCOPE_NAMES) claimsConfig[s] = [...SCOPES[s].claims];

  const configuration: Configuration = {
    adapter: d.store.adapterClass({ appOfClient: appOf }),
    jwks: { keys: d.secrets.signing as never },
    cookies: {
      keys: d.secrets.cookieKeys,
      long: { signed: true, sameSite: 'lax' },
      short: { signed: true, sameSite: 'lax' },
    },
    claims: claimsConfig,
    scopes: SCOPE_NAMES,
    acrValues: ['registered', 'id_verified', 'in_person', 'staff_totp'],
    enabledJWA: { idTokenSigningAlgValues: ['ES256'] },
    subjectTypes: ['pairwise'],
    responseTypes: ['code'],
    pkce: { required: () => true },
    ttl: TTL,
    rotateRefreshToken: true,
    issueRefreshToken: async (_ctx, client, code) =>
      client.grantTypeAllowed('refresh_token') && code.scopes.has('offline_access'),
    pairwiseIdentifier: async (_ctx, accountId, client) => d.secrets.pairwise(client.clientId, accountId),
    clientBasedCORS: (_ctx, origin, client) => client.redirectUris?.some((u) => new URL(u).origin === origin) ?? false,
    interactions: { policy, url: (_ctx, interaction) => `/sso/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      introspection: {
        enabled: true,
        // Only the token's own app, and only while the person's consent holds (a release of `sub`: recorded).
        allowedPolicy: async (ctx, client, token) => {
          if (token.clientId !== client.clientId || !('accountId' in token) || !token.accountId) return false;
          const app = await appOf(client.clientId);
          if (!app?.usable) return false;
          const scopes = scopesOf(token.scope);
          const live = await consents.covering(token.accountId, app, scopes);
          if (!live) return false;
          await d.claims.release({
            app,
            accountId: token.accountId,
            claims: ['sub'],
            consentId: live.consentId,
            via: 'introspection',
            scopes: scopes as Scope[],
            requestId: ctx.get('x-request-id') || null,
          });
          return true;
        },
      },
      // An app revokes only its own tokens (all apps are public clients: another's token is ignored, RFC 7009 §2.2).
      revocation: { enabled: true, allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId },
      userinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.body = logoutPage(form, ctx.oidc.client?.clientName ?? null);
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.body = loggedOutPage();
        },
      },
    },
    // A token's account exists only while the person's consent still covers the token's scopes.
    findAccount: async (ctx, accountId, token): Promise<Account | undefined> => {
      const app = await appOfCtx(ctx);
      if (!app?.usable) return undefined;
      let live = null;
      if (token) {
        live = await consents.covering(accountId, app, token.scopes);
        if (!live) return undefined;
      }
      return {
        accountId,
        claims: async (use, scope) => {
          live ??= await consents.live(accountId, app);
          if (!live) return { sub: accountId };
          const granted = scopesOf(scope).filter((s): s is Scope => (live!.scopes as string[]).includes(s));
          // An ID token from the code flow carries sub and acr; the scopes' claims are for userinfo.
          const shown = use === 'id_token' ? granted.filter((s) => s === 'openid') : granted;
          const out = await d.claims.of(accountId, new Set(shown), live.actingEnterpriseId);
          await d.claims.release({
            app,
            accountId,
            claims: Object.keys(out),
            consentId: live.consentId,
            via: use === 'id_token' ? 'id_token' : 'userinfo',
            scopes: shown,
            requestId: ctx.get('x-request-id') || null,
          });
          return out as { sub: string };
        },
      };
    },
    // The grant is what the live consent covers: none without one (the consent page is shown).
    loadExistingGrant: async (ctx) => {
      const accountId = ctx.oidc.session?.accountId;
      const client = ctx.oidc.client;
      const app = await appOfCtx(ctx);
      if (!accountId || !client || !app?.usable) return undefined;
      const live = await consents.live(accountId, app);
      if (!live) return undefined;
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session?.grantIdFor(client.clientId);
      const kept = grantId ? await ctx.oidc.provider.Grant.find(grantId) : undefined;
      const same = (g: { openid?: { scope?: string } }) =>
        (g.openid?.scope ?? '').split(' ').sort().join(' ') === [...live.scopes].sort().join(' ');
      if (kept && kept.accountId === accountId && same(kept)) return kept;
      const grant = new ctx.oidc.provider.Grant({ accountId, clientId: client.clientId });
      grant.addOIDCScope(live.scopes.join(' '));
      await grant.save();
      return grant;
    },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = errorPage(out);
    },
  };
  const provider = new Provider(issuer, configuration);
  provider.proxy = d.trustProxy;
  // Ending the OIDC session at the OP (logout confirmed) ends the platform session it is: the person signs out.
  provider.use(async (ctx, next) => {
    await next();
    const oidc = (ctx as unknown as KoaContextWithOIDC).oidc;
    if (oidc?.route === 'end_session_confirm' && oidc.params?.logout && ctx.status < 400) {
      const view = await sessionOf(d, ctx as unknown as KoaContextWithOIDC);
      if (view) await c.deps.identity.logout(view.principal, String(ctx.get('x-request-id') || 'oidc'), ctx.ip);
    }
  });
  return provider;
}
