/**
 * Part 1 of superapp: the OpenID Connect provider (docs/superapp-oidc.md). Mounted at /oidc
 * outside /api (its own paths, bodies and errors, as the standard has them); its API under
 * /api/superapp for the citizen app's consent page, the bridge's login code and consents.
 *
 * The issuer is `<publicUrl>/oidc` when the platform's public URL is configured (production:
 * one issuer, whatever the Host header says). Without one (development, tests on a random port)
 * it is the request's origin (behind a trusted proxy, the forwarded one), one provider per
 * origin, at most a few: every provider shares the same storage, keys and consents.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import type { RequestOrigin } from '../../platform/auth.ts';
import { AppError } from '../../platform/errors.ts';
import { errorAnswers, NoContent } from '../../platform/http.ts';
import { CONSENT_CHANGED, exchangeEvents } from '../exchange/index.ts';
import type { SuperappContext, SuperappPart } from './superapp.context.ts';
import type { RegisteredApp } from './superapp.directory.ts';
import { OidcStore } from './superapp.oidc.adapter.ts';
import { Claims } from './superapp.oidc.claims.ts';
import { AppConsents } from './superapp.oidc.consents.ts';
import { loadOidcSecrets, type OidcSecrets } from './superapp.oidc.keys.ts';
import { createProvider } from './superapp.oidc.provider.ts';
import * as S from './superapp.oidc.schemas.ts';
import { ConsentRequired, SignIns } from './superapp.oidc.sso.ts';

export const OIDC_MOUNT = '/oidc';
const MAX_DEV_ISSUERS = 8;
/** How long a node keeps an app's directory entry for its provider: a suspension holds everywhere within it. */
const APP_CACHE_MS = 1_000;

const origin = (r: FastifyRequest): RequestOrigin => ({ requestId: String(r.id), ip: r.ip });

export interface OidcApi {
  /** Withdraw the person's consent to an app: its grants and tokens end; the next userinfo or refresh fails. */
  withdraw(principal: Parameters<AppConsents['withdraw']>[0], slug: string, origin: RequestOrigin): Promise<void>;
  /** The provider of an issuer's origin (tests, the bridge): made on first use. */
  providerFor(request: FastifyRequest): Promise<Provider>;
  store: OidcStore;
}

export function createOidc(c: SuperappContext): SuperappPart<OidcApi> {
  const store = new OidcStore(c.platform);
  const consents = new AppConsents(c, store);
  const claims = new Claims(c);
  const signIns = new SignIns(c, consents, claims);
  // A consent withdrawn anywhere (the exchange's consents page too) removes the app's stored grants.
  c.platform.outbox.subscribe(exchangeEvents, CONSENT_CHANGED, 'superapp.consent-withdrawn', (e) =>
    consents.onConsentChanged(e.payload),
  );
  let secrets: Promise<OidcSecrets> | null = null;
  // The app behind a client, kept for a second (every token and userinfo request asks).
  const apps = new Map<string, { at: number; app: Promise<RegisteredApp | null> }>();
  const appOf = (clientId: string): Promise<RegisteredApp | null> => {
    const now = performance.now();
    const kept = apps.get(clientId);
    if (kept && now - kept.at < APP_CACHE_MS) return kept.app;
    if (apps.size > 10_000) apps.clear();
    const app = c.directory.byClientId(clientId);
    apps.set(clientId, { at: now, app });
    app.catch(() => apps.delete(clientId));
    return app;
  };
  const providers = new Map<string, Promise<Provider>>();
  const callbacks = new WeakMap<Provider, ReturnType<Provider['callback']>>();

  const issuerOf = (request: FastifyRequest): string => {
    const base = c.deps.config.publicUrl ?? `${request.protocol}://${request.host}`;
    return `${base.replace(/\/+$/, '')}${OIDC_MOUNT}`;
  };
  const providerFor = (request: FastifyRequest): Promise<Provider> => {
    const issuer = issuerOf(request);
    let made = providers.get(issuer);
    if (!made) {
      if (providers.size >= MAX_DEV_ISSUERS)
        return Promise.reject(
          new AppError(400, 'BAD_URL', 'Too many host names for this provider; set the public URL'),
        );
      secrets ??= loadOidcSecrets(c.platform);
      const trustProxy = c.deps.config.trustProxy ?? false;
      made = secrets.then((s) => createProvider(issuer, { c, store, secrets: s, consents, claims, trustProxy, appOf }));
      made.catch(() => providers.delete(issuer));
      providers.set(issuer, made);
    }
    return made;
  };

  /** Hand the request to the provider (Koa) as it came: the body unread, the path below the mount. */
  const handOver = async (request: FastifyRequest, reply: FastifyReply) => {
    const provider = await providerFor(request);
    const raw = request.raw as typeof request.raw & { originalUrl?: string };
    raw.originalUrl = raw.url;
    raw.url = raw.url!.slice(OIDC_MOUNT.length) || '/';
    raw.headers['x-request-id'] = String(request.id);
    reply.hijack();
    let handle = callbacks.get(provider);
    if (!handle) callbacks.set(provider, (handle = provider.callback()));
    await handle(raw, reply.raw);
  };

  return {
    api: {
      withdraw: (p, slug, o) => consents.withdraw(p, slug, o),
      providerFor,
      store,
    },
    rootPlugin: async (fastify: FastifyInstance) => {
      await fastify.register(async (f) => {
        // oidc-provider reads its own bodies (form-encoded, JSON): no parser here consumes them.
        f.removeAllContentTypeParsers();
        f.addContentTypeParser('*', (_request, _payload, done) => done(null));
        for (const url of [OIDC_MOUNT, `${OIDC_MOUNT}/*`])
          f.route({ method: ['GET', 'POST', 'OPTIONS', 'HEAD'], url, schema: { hide: true }, handler: handOver });
      });
    },
    plugin: async (fastify: FastifyInstance) => {
      const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
      const tags = ['superapp'];
      app.get(
        '/superapp/oidc/interactions/:uid',
        {
          schema: {
            tags,
            summary:
              'A sign-in to an app in progress: the app and each requested scope with its declared purpose (the consent page)',
            params: S.UidParams,
            response: { 200: S.InteractionView, ...errorAnswers(422) },
          },
        },
        async (request) => signIns.details(request.principal, await providerFor(request), request.params.uid),
      );
      app.post(
        '/superapp/oidc/interactions/:uid',
        {
          schema: {
            tags,
            summary:
              'Agree (consent recorded, signed in) or decline (the app gets access_denied); answers where the browser goes on',
            params: S.UidParams,
            body: S.Decision,
            response: { 200: S.Redirect, ...errorAnswers(422) },
          },
        },
        async (request) =>
          signIns.decide(
            request.principal,
            await providerFor(request),
            request.params.uid,
            request.body.decision,
            origin(request),
          ),
      );
      app.get(
        '/superapp/apps/:slug/consent-request',
        {
          schema: {
            tags,
            summary:
              "The app's consent page without a sign-in in progress (the bridge): the scopes with their purposes",
            params: S.SlugParams,
            querystring: S.ConsentRequestQuery,
            response: { 200: S.ConsentRequestView, ...errorAnswers(422) },
          },
        },
        async (request) => signIns.consentRequest(request.principal, request.params.slug, request.query.scope),
      );
      app.put(
        '/superapp/me/apps/:slug/consent',
        {
          schema: {
            tags,
            summary:
              "Consent that the app receive these scopes' claims for its declared purposes (a new version of the consent)",
            params: S.SlugParams,
            body: S.GiveConsent,
            response: { 200: S.ConsentGiven, ...errorAnswers(422) },
          },
        },
        async (request) => {
          const given = await consents.give(
            request.principal,
            request.params.slug,
            request.body.scopes,
            origin(request),
          );
          return { consentId: given.consentId, scopes: given.scopes };
        },
      );
      app.delete(
        '/superapp/me/apps/:slug/consent',
        {
          schema: {
            tags,
            summary: 'Withdraw my consent to the app: its tokens end, the next userinfo and refresh are refused',
            params: S.SlugParams,
            response: { 204: NoContent },
          },
        },
        async (request, reply) => {
          await consents.withdraw(request.principal, request.params.slug, origin(request));
          return reply.status(204).send(null);
        },
      );
      app.post(
        '/superapp/apps/:slug/login-code',
        {
          schema: {
            tags,
            summary:
              "The bridge's login code: an authorization code for the app's client (PKCE S256) when my consent covers the scopes; else 409 with the consent page's URL",
            params: S.SlugParams,
            body: S.LoginCodeRequest,
            response: { 200: S.LoginCode, 409: ConsentRequired, ...errorAnswers(422) },
          },
        },
        async (request, reply) => {
          const provider = await providerFor(request);
          const answer = await signIns.loginCode(request.principal, provider, request.params.slug, request.body);
          if ('consentUrl' in answer)
            return reply.status(409).send({
              error: {
                code: 'SUPERAPP_CONSENT_REQUIRED' as const,
                message: 'Agree first that the app may receive this information',
                requestId: String(request.id),
                consentUrl: answer.consentUrl,
              },
            });
          return {
            code: answer.code,
            iss: provider.issuer,
            ...(request.body.state ? { state: request.body.state } : {}),
          };
        },
      );
    },
  };
}
