/**
 * Routes of external systems: the console's registration (/api/exchange/systems) and the
 * exchange API the systems call (/api/exchange/external/token, /api/exchange/external/read),
 * which authenticate by client assertion and bearer token rather than a session (the app
 * exempts /api/exchange/external/ from the CSRF check; no cookie is ever read there).
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { IdParams, PUBLIC, errorAnswers } from '../../platform/http.ts';
import { AppError } from '../../platform/errors.ts';
import * as S from './exchange.external.schemas.ts';
import { OAUTH_ERROR, type TokenRefusal } from './exchange.systems.errors.ts';
import type { ExternalSystems } from './exchange.systems.ts';
import type { SystemRef, SystemTokens } from './exchange.token.ts';

export const TOKEN_PATH = '/api/exchange/external/token';
export const EXTERNAL_PREFIX = '/api/exchange/external/';

/** The read the external API goes through: the exchange's one read path, for a system. */
export type ExternalRead = (
  system: SystemRef,
  input: S.ExternalReadBodyT,
  requestId: string,
) => Promise<{ records: Array<Static<typeof S.ExternalRecord>> }>;

const origin = (r: FastifyRequest) => ({ requestId: String(r.id), ip: r.ip });
const isRefusal = (code: string): code is TokenRefusal => code in OAUTH_ERROR;

export interface ExternalDeps {
  systems: ExternalSystems;
  tokens: SystemTokens;
  read: ExternalRead;
  /** The platform's public URL (configuration), if set: the token endpoint's audience. */
  publicUrl: string | null;
}

export function externalRoutes(deps: ExternalDeps) {
  const tags = ['exchange'];
  const { systems, tokens } = deps;
  /** The token endpoint's URL as the client may have known it: from the public URL and as requested. */
  const audiences = (r: FastifyRequest): string[] => {
    const out = [`${r.protocol}://${r.host}${TOKEN_PATH}`];
    if (deps.publicUrl) out.unshift(`${deps.publicUrl.replace(/\/+$/, '')}${TOKEN_PATH}`);
    return out;
  };
  return async function plugin(fastify: FastifyInstance): Promise<void> {
    // OAuth token requests are form-encoded (RFC 6749 §4.4.2); this parser stays inside this plugin.
    fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    });
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const parentErrors = fastify.errorHandler;

    app.post(
      '/exchange/external/token',
      {
        schema: {
          tags,
          ...PUBLIC,
          summary:
            'An access token for an external system (client credentials; client authentication by a JWT assertion, RFC 7523)',
          description:
            'Form-encoded (or JSON): grant_type=client_credentials, client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer, ' +
            'client_assertion=<JWT signed by the registered key: iss = sub = client id, aud = this URL, exp at most 5 minutes ahead, a jti used once>. ' +
            'Refusals answer in the OAuth 2.0 error format (RFC 6749 §5.2) with Yiwang’s stable code.',
          body: S.TokenBody,
          response: { 200: S.TokenAnswer, 400: S.OAuthError, 401: S.OAuthError },
        },
        // A body that does not parse or fails the schema is an OAuth invalid_request too.
        errorHandler: (err, request, reply) => {
          const status = (err as { statusCode?: number }).statusCode ?? 500;
          if (status >= 500) return parentErrors.call(fastify, err, request, reply);
          return reply
            .code(400)
            .header('cache-control', 'no-store')
            .send({
              error: 'invalid_request',
              error_description: err.message,
              code: err.validation ? 'VALIDATION_FAILED' : 'BAD_REQUEST',
            });
        },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
        try {
          return await tokens.issue(request.body, audiences(request), origin(request));
        } catch (err) {
          if (!(err instanceof AppError) || !isRefusal(err.code)) throw err;
          if (err.status === 401) reply.header('www-authenticate', 'Bearer error="invalid_client"');
          return reply
            .code(err.status === 400 ? 400 : 401)
            .send({ error: OAUTH_ERROR[err.code], error_description: err.message, code: err.code });
        }
      },
    );

    app.post(
      '/exchange/external/read',
      {
        schema: {
          tags,
          security: [{ exchangeToken: [] }],
          summary:
            'Read registry fields for an external system, under its grants (X-Road-like: client from the token, user and case in the body)',
          description:
            'Every read and every refusal is logged for the person or enterprise to see (谁查了我的数据), with the system, the user at the client, the case and the purpose.',
          body: S.ExternalReadBody,
          response: { 200: S.ExternalReadAnswer, ...errorAnswers(404, 422) },
        },
      },
      async (request) => {
        const system = await tokens.authenticate(request.headers.authorization);
        const { records } = await deps.read(system, request.body, String(request.id));
        return {
          client: system.clientId,
          caseNumber: request.body.caseNumber,
          userId: request.body.userId,
          requestId: String(request.id),
          records,
        };
      },
    );

    app.get(
      '/exchange/systems',
      {
        schema: {
          tags,
          summary: 'External systems (all for a system admin; a department admin’s department’s)',
          response: { 200: S.ExternalSystemList },
        },
      },
      async (request) => ({ items: await systems.list(request.principal) }),
    );

    app.post(
      '/exchange/systems',
      {
        schema: {
          tags,
          summary: 'Register an external system with its public key',
          body: S.SystemBody,
          response: { 201: S.ExternalSystem, ...errorAnswers(422) },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await systems.register(request.principal, request.body, origin(request))),
    );

    app.get(
      '/exchange/systems/:id',
      { schema: { tags, summary: 'One external system', params: IdParams, response: { 200: S.ExternalSystem } } },
      async (request) => systems.get(request.principal, request.params.id),
    );

    app.post(
      '/exchange/systems/:id/status',
      {
        schema: {
          tags,
          summary: 'Disable an external system (its tokens stop working) or enable it again',
          params: IdParams,
          body: S.SystemStatusBody,
          response: { 200: S.ExternalSystem },
        },
      },
      async (request) => systems.setStatus(request.principal, request.params.id, request.body.status, origin(request)),
    );

    app.put(
      '/exchange/systems/:id/key',
      {
        schema: {
          tags,
          summary: "Replace an external system's public key",
          params: IdParams,
          body: S.SystemKeyBody,
          response: { 200: S.ExternalSystem, ...errorAnswers(422) },
        },
      },
      async (request) => systems.rekey(request.principal, request.params.id, request.body.publicJwk, origin(request)),
    );

    app.get(
      '/exchange/systems/:id/sign-ins',
      {
        schema: {
          tags,
          summary: "An external system's latest token requests, issued and refused",
          params: IdParams,
          response: { 200: S.SystemSignInList },
        },
      },
      async (request) => ({ items: await systems.signIns(request.principal, request.params.id) }),
    );
  };
}
