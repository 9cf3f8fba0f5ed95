/**
 * Signing in to an app: the interaction (the provider sent the browser to the citizen app's
 * page `/sso/<uid>`, which reads it here, and the person agrees or declines), and the bridge's
 * login code (a mini-app inside the super app gets an authorization code for its client without
 * a redirect, when the person's consent already covers the scopes).
 *
 * The interaction is finished by its uid (as `provider.interactionResult` does by cookie): the
 * person's session must be the one signing in, and the browser resumes it at `returnTo`, which
 * the provider accepts only with its own resume cookie set when the flow began.
 */
import { Type, type Static } from 'typebox';
import type Provider from 'oidc-provider';
import { requirePrincipal, type Principal, type RequestOrigin } from '../../platform/auth.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { SuperappContext } from './superapp.context.ts';
import type { RegisteredApp } from './superapp.directory.ts';
import type { Claims } from './superapp.oidc.claims.ts';
import { scopesOf, type AppConsents } from './superapp.oidc.consents.ts';
import type { LoginCodeRequest, ScopeView } from './superapp.oidc.schemas.ts';
import { SCOPES, type Scope } from './superapp.scopes.ts';

const epoch = () => Math.floor(Date.now() / 1000);
const interactionGone = () =>
  notFound('SUPERAPP_INTERACTION_NOT_FOUND', 'This sign-in request has expired; sign in again from the app');

export const ConsentRequired = Type.Object({
  error: Type.Object({
    code: Type.Literal('SUPERAPP_CONSENT_REQUIRED'),
    message: Type.String(),
    requestId: Type.String(),
    /** The citizen app's consent page for these scopes. */
    consentUrl: Type.String(),
  }),
});

export type LoginCodeAnswer = { code: string } | { consentUrl: string };

export class SignIns {
  private readonly c: SuperappContext;
  private readonly consents: AppConsents;
  private readonly claims: Claims;

  constructor(context: SuperappContext, consents: AppConsents, claims: Claims) {
    this.c = context;
    this.consents = consents;
    this.claims = claims;
  }

  /** Each scope with what it releases and the purpose the app declared for it. */
  scopeViews(app: RegisteredApp, scopes: readonly Scope[]): Static<typeof ScopeView>[] {
    const declared = new Map<string, { zh: string; en: string }>(
      app.manifest?.scopes.map((s) => [s.scope, s.purpose]) ?? [],
    );
    return scopes.map((s) => ({
      scope: s,
      label: { zh: SCOPES[s].zh, en: SCOPES[s].en },
      claims: [...(SCOPES[s].claims as readonly string[])],
      purpose: declared.get(s) ?? { zh: '', en: '' },
    }));
  }

  appView(app: RegisteredApp) {
    return {
      slug: app.slug,
      name: app.manifest!.name,
      icon: app.manifest!.icon,
      ownerName: app.ownerName,
      audience: app.audience,
      privacyPolicyUrl: app.manifest!.privacyPolicyUrl,
    };
  }

  private async interaction(provider: Provider, uid: string) {
    const i = await provider.Interaction.find(uid);
    if (!i || i.exp <= epoch() || i.result) throw interactionGone();
    const app = await this.c.directory.byClientId(String(i.params.client_id ?? ''));
    if (!app) throw interactionGone();
    if (!app.usable) throw new AppError(403, 'APP_NOT_AVAILABLE', 'This app is suspended or taken down');
    const requested = this.consents.checkScopes(app, scopesOf(i.params.scope as string | undefined));
    return { i, app, requested };
  }

  /** What the consent page shows: the app, each requested scope with its purpose, and whether consent is already given. */
  async details(p: Principal | null, provider: Provider, uid: string) {
    const principal = requirePrincipal(p);
    const { i, app, requested } = await this.interaction(provider, uid);
    const accountFits = principal.kind === app.audience;
    const live = accountFits ? await this.consents.covering(principal.accountId, app, requested) : null;
    const promptConsent = String(i.params.prompt ?? '')
      .split(' ')
      .includes('consent');
    return {
      uid,
      app: this.appView(app),
      scopes: this.scopeViews(app, requested),
      accountFits,
      consented: live !== null,
      continueWithoutAsking: live !== null && !promptConsent,
    };
  }

  /**
   * Agree (the consent is recorded, the grant holds exactly the consented scopes, and the person
   * is signed in with their platform session) or decline (the app gets access_denied).
   */
  async decide(
    p: Principal | null,
    provider: Provider,
    uid: string,
    decision: 'allow' | 'deny',
    origin: RequestOrigin,
  ): Promise<{ redirectTo: string }> {
    const principal = requirePrincipal(p);
    const { i, app, requested } = await this.interaction(provider, uid);
    this.consents.assertAudience(principal, app);
    if (decision === 'deny') {
      i.result = { error: 'access_denied', error_description: 'The person declined to sign in to the app' };
    } else {
      const live =
        (await this.consents.covering(principal.accountId, app, requested)) ??
        (await this.consents.give(principal, app.slug, requested, origin));
      const grant = new provider.Grant({ accountId: principal.accountId, clientId: app.clientId });
      grant.addOIDCScope(live.scopes.join(' '));
      const grantId = await grant.save();
      i.result = {
        login: {
          accountId: principal.accountId,
          acr: await this.claims.acrOf(principal),
          amr: principal.kind === 'staff' ? ['pwd', 'otp'] : ['pwd'],
          remember: false,
        },
        consent: { grantId },
      };
    }
    await i.save(Math.max(1, i.exp - epoch()));
    return { redirectTo: i.returnTo };
  }

  /** The consent page of the bridge (no interaction): the app and these scopes, and whether consent is given. */
  async consentRequest(p: Principal | null, slug: string, scope: string) {
    const principal = requirePrincipal(p);
    const app = await this.consents.usableApp(slug);
    this.consents.assertAudience(principal, app);
    const requested = this.consents.checkScopes(app, scopesOf(scope));
    const live = await this.consents.covering(principal.accountId, app, requested);
    return { app: this.appView(app), scopes: this.scopeViews(app, requested), consented: live !== null };
  }

  /**
   * The bridge's login code: an authorization code for the app's client (PKCE S256, a registered
   * redirect URI), when the person's live consent covers the scopes; else where to consent.
   */
  async loginCode(
    p: Principal | null,
    provider: Provider,
    slug: string,
    body: Static<typeof LoginCodeRequest>,
  ): Promise<LoginCodeAnswer> {
    const principal = requirePrincipal(p);
    const app = await this.consents.usableApp(slug);
    this.consents.assertAudience(principal, app);
    const scopes = this.consents.checkScopes(app, scopesOf(body.scope));
    if (!app.manifest!.redirectUris.includes(body.redirectUri))
      throw new AppError(
        422,
        'SUPERAPP_REDIRECT_URI_NOT_REGISTERED',
        'This redirect URI is not registered for the app',
      );
    const live = await this.consents.covering(principal.accountId, app, scopes);
    if (!live) {
      const q = new URLSearchParams({ scope: scopes.join(' ') });
      return { consentUrl: `/sso/apps/${app.slug}/consent?${q.toString()}` };
    }
    const client = await provider.Client.find(app.clientId);
    if (!client) throw new AppError(403, 'APP_NOT_AVAILABLE', 'This app is suspended or taken down');
    const grant = new provider.Grant({ accountId: principal.accountId, clientId: app.clientId });
    grant.addOIDCScope(live.scopes.join(' '));
    const grantId = await grant.save();
    const code = new provider.AuthorizationCode({
      accountId: principal.accountId,
      acr: await this.claims.acrOf(principal),
      amr: ['pwd'],
      authTime: epoch(),
      gty: 'authorization_code',
      client,
      grantId,
      scope: scopes.join(' '),
      redirectUri: body.redirectUri,
      codeChallenge: body.codeChallenge,
      codeChallengeMethod: 'S256',
      ...(body.nonce ? { nonce: body.nonce } : {}),
    });
    return { code: await code.save() };
  }
}
