/** HTTP routes of public comment on draft policies (政策意见征集) and of patrols (网格巡查). */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RequestOrigin } from '../../platform/auth.ts';
import { IdParams, Items, PUBLIC, errorAnswers } from '../../platform/http.ts';
import * as S from './cogov.civic.schemas.ts';
import type { Comments } from './cogov.comments.ts';
import type { Patrols } from './cogov.patrols.ts';

const origin = (r: FastifyRequest): RequestOrigin => ({ requestId: String(r.id), ip: r.ip });

export function commentsRoutes(s: { comments: Comments; patrols: Patrols }) {
  const tags = ['cogov'];
  return async function plugin(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/cogov/policy-drafts',
      {
        schema: {
          tags,
          ...PUBLIC,
          summary: 'Drafts for public comment and their response reports, newest first',
          response: { 200: Items(S.PolicyDraftSummary) },
        },
      },
      async () => s.comments.list(),
    );
    app.get(
      '/cogov/policy-drafts/:id',
      {
        schema: {
          tags,
          ...PUBLIC,
          summary: 'A draft by article with its comments (authors masked) and, once published, the response report',
          params: IdParams,
          response: { 200: S.PolicyDraft },
        },
      },
      async (request) => s.comments.get(request.principal, request.params.id),
    );
    app.post(
      '/cogov/policy-drafts',
      {
        schema: {
          tags,
          summary: 'Publish a draft for comment (the department’s admin)',
          body: S.NewPolicyDraft,
          response: { 201: S.PolicyDraft, ...errorAnswers(422) },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await s.comments.publish(request.principal, request.body, origin(request))),
    );
    app.get(
      '/cogov/staff/policy-drafts',
      {
        schema: { tags, summary: "The department admin's drafts", response: { 200: Items(S.PolicyDraftSummary) } },
      },
      async (request) => s.comments.ofDepartment(request.principal),
    );
    app.post(
      '/cogov/policy-drafts/:id/comments',
      {
        schema: {
          tags,
          summary:
            'Comment on one article while the draft is open (verified by real name, or acting for an enterprise). The same Idempotency-Key answers the comment made the first time.',
          params: IdParams,
          headers: S.IdempotencyKeyHeader,
          body: S.NewPolicyComment,
          response: { 201: S.PolicyComment },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await s.comments.comment(
              request.principal,
              request.params.id,
              request.body,
              request.headers['idempotency-key'],
              origin(request),
            ),
          ),
    );
    app.post(
      '/cogov/policy-drafts/:id/response',
      {
        schema: {
          tags,
          summary:
            'Publish the response report after the period: each comment adopted, partly or not, with the reason when not',
          params: IdParams,
          body: S.PolicyResponse,
          response: { 200: S.PolicyDraft, ...errorAnswers(422) },
        },
      },
      async (request) => s.comments.respond(request.principal, request.params.id, request.body, origin(request)),
    );
    app.post(
      '/cogov/patrols',
      {
        schema: {
          tags,
          summary:
            "Log a patrol of one's grid (route, time, findings); each finding becomes a city event (巡查上报). The same Idempotency-Key answers the patrol logged the first time.",
          headers: S.IdempotencyKeyHeader,
          body: S.NewPatrol,
          response: { 201: S.Patrol, ...errorAnswers(404, 422) },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await s.patrols.log(request.principal, request.body, request.headers['idempotency-key'], origin(request)),
          ),
    );
    app.get(
      '/cogov/patrols',
      {
        schema: {
          tags,
          summary: "A grid worker's patrols; community staff see their communities'",
          response: { 200: Items(S.Patrol) },
        },
      },
      async (request) => s.patrols.list(request.principal),
    );
  };
}
