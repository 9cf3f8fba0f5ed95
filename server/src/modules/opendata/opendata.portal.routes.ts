/**
 * The portal part's routes: a citizen's API keys (/api/opendata/keys) and data requests
 * (/api/opendata/requests/mine); the department's queue of requests and its datasets, with
 * withdrawal (the console).
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RequestOrigin } from '../../platform/auth.ts';
import { errorAnswers, IdParams, Items } from '../../platform/http.ts';
import type { Catalogue } from './opendata.catalogue.ts';
import type { ApiKeys } from './opendata.keys.ts';
import type { DataRequests } from './opendata.requests.ts';
import * as S from './opendata.portal.schemas.ts';
import { Dataset, NameParams } from './opendata.schemas.ts';

const origin = (r: FastifyRequest): RequestOrigin => ({ requestId: String(r.id), ip: r.ip });

export function portalRoutes(s: { keys: ApiKeys; requests: DataRequests; catalogue: Catalogue }) {
  const tags = ['opendata'];
  return async function plugin(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/opendata/keys',
      {
        schema: {
          tags,
          summary:
            'Your API keys for the live endpoints (or your enterprise’s, when acting for it), with their use and the rate limit',
          response: { 200: S.ApiKeyList },
        },
      },
      async (request) => s.keys.list(request.principal),
    );
    app.post(
      '/opendata/keys',
      {
        schema: {
          tags,
          summary: 'Ask for an API key (a signed-in citizen or enterprise): the key is in this answer only',
          body: S.NewApiKey,
          response: { 201: S.IssuedApiKey },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await s.keys.issue(request.principal, request.body, origin(request))),
    );
    app.post(
      '/opendata/keys/:id/revoke',
      {
        schema: {
          tags,
          summary: 'Revoke one of your API keys: the live endpoints refuse it from then on',
          params: IdParams,
          response: { 200: S.ApiKey },
        },
      },
      async (request) => s.keys.revoke(request.principal, request.params.id, origin(request)),
    );

    app.post(
      '/opendata/requests',
      {
        schema: {
          tags,
          summary:
            'Ask a department for data not yet published (公共数据开放申请); the same Idempotency-Key answers the same request',
          headers: S.IdempotencyHeaders,
          body: S.NewDataRequest,
          response: { 201: S.DataRequest, ...errorAnswers(422) },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await s.requests.submit(
              request.principal,
              request.body,
              request.headers['idempotency-key'] ?? null,
              origin(request),
            ),
          ),
    );
    app.get(
      '/opendata/requests/mine',
      {
        schema: {
          tags,
          summary: 'Your data requests (or your enterprise’s), newest first, with their answers',
          response: { 200: Items(S.DataRequest) },
        },
      },
      async (request) => ({ items: await s.requests.mine(request.principal) }),
    );
    app.get(
      '/opendata/requests',
      {
        schema: {
          tags,
          summary:
            'The data requests to the departments whose data officer (or admin) you are: open ones first, then the newest',
          querystring: S.QueueQuery,
          response: { 200: Items(S.DataRequest) },
        },
      },
      async (request) => ({ items: await s.requests.queue(request.principal, request.query.status) }),
    );
    app.post(
      '/opendata/requests/:id/answer',
      {
        schema: {
          tags,
          summary:
            'Answer or decline a data request to your department (the requester sees it and is told in the inbox)',
          params: IdParams,
          body: S.RequestAnswer,
          response: { 200: S.DataRequest, ...errorAnswers(422) },
        },
      },
      async (request) => s.requests.answer(request.principal, request.params.id, request.body, origin(request)),
    );

    app.get(
      '/opendata/department-datasets',
      {
        schema: {
          tags,
          summary: 'Every dataset (draft, active, withdrawn) of the departments whose data officer (or admin) you are',
          response: { 200: Items(Dataset) },
        },
      },
      async (request) => ({ items: await s.catalogue.departmentDatasets(request.principal) }),
    );
    app.post(
      '/opendata/datasets/:name/withdraw',
      {
        schema: {
          tags,
          summary:
            'Withdraw a dataset from the public catalogue, with the reason (its department’s data officer or admin; audited)',
          params: NameParams,
          body: S.Withdrawal,
          response: { 200: Dataset },
        },
      },
      async (request) =>
        s.catalogue.withdraw(request.principal, request.params.name, request.body.reason, origin(request)),
    );
    app.post(
      '/opendata/datasets/:name/reinstate',
      {
        schema: {
          tags,
          summary:
            'Put a withdrawn dataset back in the public catalogue, with the reason (its department’s data officer or admin; audited)',
          description: 'A dataset that is not withdrawn: 409 DATASET_NOT_WITHDRAWN.',
          params: NameParams,
          body: S.Withdrawal,
          response: { 200: Dataset, ...errorAnswers(404, 409) },
        },
      },
      async (request) =>
        s.catalogue.reinstate(request.principal, request.params.name, request.body.reason, origin(request)),
    );
  };
}
