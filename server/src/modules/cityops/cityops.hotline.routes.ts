/** HTTP routes of the 12345 desk: knowledge base, calls, caller look-up, figures (operators; figures also supervisors). */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RequestOrigin } from '../../platform/auth.ts';
import { IdParams, errorAnswers } from '../../platform/http.ts';
import { IdempotencyKeyHeader } from '../../platform/idempotency.ts';
import type { Desk } from './cityops.hotline.desk.ts';
import * as S from './cityops.hotline.schemas.ts';

const origin = (r: FastifyRequest): RequestOrigin => ({ requestId: String(r.id), ip: r.ip });

export function hotlineRoutes(desk: Desk) {
  const tags = ['cityops'];
  return async function plugin(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/cityops/hotline/knowledge',
      {
        schema: {
          tags,
          summary:
            "Search the desk's knowledge base (知识库): the catalogue's service guides (办事指南) and their FAQ (a city operator)",
          querystring: S.KnowledgeQuery,
          response: { 200: S.KnowledgeEntries },
        },
      },
      async (request) => desk.knowledge(request.principal, request.query.q),
    );
    app.post(
      '/cityops/hotline/calls',
      {
        schema: {
          tags,
          summary:
            'Record a 12345 call (a city operator): an enquiry answered from the knowledge base closes on the spot; the rest open an event (source hotline). The same Idempotency-Key answers the call recorded the first time.',
          headers: IdempotencyKeyHeader,
          body: S.NewCall,
          response: { 201: S.CallView, ...errorAnswers(404, 422) },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await desk.record(request.principal, request.body, request.headers['idempotency-key'], origin(request)),
          ),
    );
    app.get(
      '/cityops/hotline/calls',
      {
        schema: {
          tags,
          summary: "The calls of the operator's region, newest first",
          querystring: S.CallListQuery,
          response: { 200: S.CallList },
        },
      },
      async (request) =>
        desk.list(request.principal, {
          page: request.query.page ?? 1,
          pageSize: request.query.pageSize ?? 20,
          type: request.query.type,
          outcome: request.query.outcome,
          repeatOnly: request.query.repeatOnly,
        }),
    );
    app.get(
      '/cityops/hotline/calls/:id',
      {
        schema: { tags, summary: 'One call', params: IdParams, response: { 200: S.CallView } },
      },
      async (request) => desk.get(request.principal, request.params.id),
    );
    app.post(
      '/cityops/hotline/callers/lookup',
      {
        schema: {
          tags,
          summary:
            "A caller's earlier calls and their events (重复来电识别), by the number's blind index; the number is sent in the body, never in a URL (audited)",
          body: S.CallerLookup,
          response: { 200: S.CallerHistory },
        },
      },
      async (request) => desk.caller(request.principal, request.body.phone, origin(request)),
    );
    app.get(
      '/cityops/hotline/figures',
      {
        schema: {
          tags,
          summary:
            '12345 figures for the city screen: calls by type and day, answered on the spot, repeat callers (city operators and supervisors of the region)',
          querystring: S.FiguresQuery,
          response: { 200: S.HotlineFigures },
        },
      },
      async (request) => desk.figures(request.principal, request.query.days ?? 30),
    );
  };
}
