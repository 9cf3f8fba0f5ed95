/**
 * The live endpoint's route, GET /api/opendata/live/{resourceId}: the API key first (onRequest:
 * 401 OPENDATA_KEY_REQUIRED, 403 OPENDATA_KEY_INVALID), then the key's rate limit
 * (`@fastify/rate-limit`, counted per key in the database: 429 RATE_LIMITED with Retry-After,
 * and X-RateLimit-Limit/-Remaining/-Reset on every answer), then the rows. Registered in a
 * plugin of its own, so the limiter touches this route alone. Pages on other sites call it
 * too: a CORS pre-flight allows the X-API-Key header, and the rate-limit headers are exposed.
 */
import rateLimit from '@fastify/rate-limit';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Clock } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { errorAnswers, IdParams } from '../../platform/http.ts';
import type { Db } from './opendata.context.ts';
import type { ApiKeys } from './opendata.keys.ts';
import type { Live } from './opendata.live.ts';
import { usageStore } from './opendata.live.limit.ts';
import * as S from './opendata.portal.schemas.ts';

/** What a page on another site may read of an answer besides the body. */
const EXPOSED = 'X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Retry-After';

export function liveRoutes(s: { live: Live; keys: ApiKeys; db: Db; clock: Clock; perMinute: number }) {
  const keyOf = new WeakMap<FastifyRequest, string>();
  return async function plugin(fastify: FastifyInstance): Promise<void> {
    await fastify.register(rateLimit, {
      global: false,
      hook: 'preHandler',
      store: usageStore(s.db, s.clock),
      keyGenerator: (request) => keyOf.get(request) ?? 'none',
      errorResponseBuilder: (_request, context) => {
        const seconds = Math.max(1, Math.ceil(context.ttl / 1000));
        return new AppError(429, 'RATE_LIMITED', `At most ${context.max} requests a minute with one API key`, {
          headers: { 'retry-after': String(seconds) },
          details: [{ path: 'header:/x-api-key', code: 'RETRY_AFTER', message: String(seconds) }],
        });
      },
    });
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    // CORS pre-flight: a page on another site may send its key in the X-API-Key header (no
    // cookies: the key is the only credential), and read the rate-limit headers.
    app.options('/opendata/live/:id', { schema: { hide: true } }, async (_request, reply) =>
      reply
        .code(204)
        .header('access-control-allow-origin', '*')
        .header('access-control-allow-methods', 'GET')
        .header('access-control-allow-headers', 'X-API-Key')
        .header('access-control-max-age', '86400')
        .send(),
    );
    app.get(
      '/opendata/live/:id',
      {
        config: { rateLimit: { max: s.perMinute, timeWindow: 60_000 } },
        onRequest: async (request, reply) => {
          reply.header('access-control-allow-origin', '*');
          reply.header('access-control-expose-headers', EXPOSED);
          reply.header('cache-control', 'no-store');
          const query = request.query as Record<string, unknown>;
          keyOf.set(request, await s.keys.authenticate(request.headers['x-api-key'], query.api_key));
        },
        schema: {
          tags: ['opendata'],
          security: [{ opendataKey: [] }, { opendataKeyQuery: [] }],
          summary:
            "A live endpoint: the latest release's rows of a dataset as JSON, filtered by its columns (?column=value) and paged (limit ≤ 1000, offset)",
          description:
            'Needs an API key (X-API-Key header, or ?api_key=) from the portal (/api/opendata/keys): none 401 OPENDATA_KEY_REQUIRED, ' +
            'unknown or revoked 403 OPENDATA_KEY_INVALID. Each key may make a configured number of requests a minute ' +
            '(X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset); past it 429 RATE_LIMITED with Retry-After. ' +
            'A parameter that is not a column: 400 OPENDATA_LIVE_FILTER_INVALID. A release still loading: 409 OPENDATA_LIVE_NOT_READY.',
          params: IdParams,
          querystring: S.LiveQuery,
          response: { 200: S.LiveAnswer, ...errorAnswers(404, 409, 429) },
        },
      },
      async (request) => s.live.query(request.params.id, request.query),
    );
  };
}
