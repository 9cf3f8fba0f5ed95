/** HTTP routes of the data tracker: a citizen's and an enterprise's reads, and hiding a read (law enforcement). */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { IdParams } from '../../platform/http.ts';
import * as S from './exchange.tracker.schemas.ts';
import type { Tracker } from './exchange.tracker.ts';

const origin = (r: FastifyRequest) => ({ requestId: String(r.id), ip: r.ip });

export function trackerRoutes(tracker: Tracker) {
  const tags = ['exchange'];
  return async function plugin(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/exchange/tracker',
      {
        schema: {
          tags,
          summary: '谁查了我的数据: reads of my data by others, newest first (filters; keyset pages)',
          querystring: S.TrackerQuery,
          response: { 200: S.TrackerPage },
        },
      },
      async (request) => tracker.mine(request.principal, request.query),
    );

    app.get(
      '/exchange/tracker/enterprises/:enterpriseId',
      {
        schema: {
          tags,
          summary: "Reads of an enterprise's data, for its legal representative and authorised agents",
          params: S.EnterpriseParams,
          querystring: S.TrackerQuery,
          response: { 200: S.TrackerPage },
        },
      },
      async (request) => tracker.ofEnterprise(request.principal, request.params.enterpriseId, request.query),
    );

    app.post(
      '/exchange/access-log/:id/hiding',
      {
        schema: {
          tags,
          summary: "Hide a read by one's law-enforcement department from the person until a date (audited)",
          params: IdParams,
          body: S.HideBody,
          response: { 200: S.HideResult },
        },
      },
      async (request) => tracker.hide(request.principal, request.params.id, request.body, origin(request)),
    );
  };
}
