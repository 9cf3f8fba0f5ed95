/**
 * HTTP routes of supervision (ratings part): the applicant's invitations, ratings and call-backs;
 * the window's 评价器; the staff pages' ratings and rectification tickets; the public figures.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { IdParams, PUBLIC, errorAnswers } from '../../platform/http.ts';
import { deadlinesRoutes } from './supervision.deadlines.routes.ts';
import { anomalyRoutes } from './supervision.anomalies.routes.ts';
import * as S from './supervision.schemas.ts';
import type { SupervisionService } from './supervision.service.ts';
import { statisticsRoutes } from './supervision.statistics.routes.ts';

const origin = (r: FastifyRequest) => ({ requestId: String(r.id), ip: r.ip });

export function supervisionRoutes(service: SupervisionService) {
  const tags = ['supervision'];
  return async function plugin(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    await app.register(deadlinesRoutes(service.deadlines));
    await statisticsRoutes(service)(fastify);
    await anomalyRoutes(service.anomalies)(fastify);

    app.get(
      '/supervision/figures',
      {
        schema: {
          tags,
          ...PUBLIC,
          summary:
            'Published rating figures (好差评公开): per department and service item, good-review, active-rating and rectification rates, rectification time, ranking. A stable JSON feed (version 1)',
          response: { 200: S.Figures },
        },
      },
      async (_request, reply) => {
        void reply.header('cache-control', 'public, max-age=60');
        return service.published();
      },
    );

    app.get(
      '/supervision/invitations',
      {
        schema: {
          tags,
          summary: "The signed-in applicant's cases awaiting a rating (optional; 30 days after closing)",
          response: { 200: S.InvitationList },
        },
      },
      async (request) => ({ items: await service.invitations(request.principal) }),
    );

    app.post(
      '/supervision/cases/:caseId/rating',
      {
        schema: {
          tags,
          summary: 'Rate a closed case (one rating per case; it cannot be changed)',
          params: S.CaseParams,
          body: S.RatingBody,
          response: { 201: S.RatingRecorded, ...errorAnswers(404, 409, 422) },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await service.rate(request.principal, request.params.caseId, request.body, origin(request))),
    );

    app.get(
      '/supervision/callbacks',
      {
        schema: {
          tags,
          summary: "The signed-in rater's rectified bad reviews awaiting their call-back rating (回访)",
          response: { 200: S.CallbackList },
        },
      },
      async (request) => ({ items: await service.callbacks(request.principal) }),
    );

    app.post(
      '/supervision/tickets/:id/callback',
      {
        schema: {
          tags,
          summary: "The rater rates the unit's fix (回访); the ticket closes",
          params: IdParams,
          body: S.CallbackBody,
          response: { 201: S.RatingRecorded, ...errorAnswers(404, 409) },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await service.callback(request.principal, request.params.id, request.body, origin(request))),
    );

    app.post(
      '/supervision/window-visits',
      {
        schema: {
          tags,
          summary: 'The window 评价器: record a visit the applicant then rates on the device',
          body: S.VisitBody,
          response: { 201: S.Visit, ...errorAnswers(422) },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.recordVisit(request.principal, request.body, origin(request))),
    );

    app.post(
      '/supervision/window-visits/:id/rating',
      {
        schema: {
          tags,
          summary: 'The applicant taps the rating of a window visit (anonymous; once per visit)',
          params: IdParams,
          body: S.RatingBody,
          response: { 201: S.RatingRecorded, ...errorAnswers(409, 422) },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await service.rateVisit(request.principal, request.params.id, request.body, origin(request))),
    );

    app.get(
      '/supervision/ratings',
      {
        schema: {
          tags,
          summary:
            "Ratings in the caller's scope (supervisor: all departments; department head: theirs). No rater identity",
          response: { 200: S.StaffRatingList },
        },
      },
      async (request) => ({ items: await service.list(request.principal) }),
    );

    app.get(
      '/supervision/tickets',
      {
        schema: {
          tags,
          summary: "Rectification tickets (差评整改) in the caller's scope",
          querystring: S.TicketQuery,
          response: { 200: S.TicketList },
        },
      },
      async (request) => ({ items: await service.tickets(request.principal, request.query.status ?? null) }),
    );

    app.get(
      '/supervision/tickets/:id',
      { schema: { tags, summary: 'One rectification ticket', params: IdParams, response: { 200: S.Ticket } } },
      async (request) => service.get(request.principal, request.params.id),
    );

    app.post(
      '/supervision/tickets/:id/fix',
      {
        schema: {
          tags,
          summary: "The unit's fix and explanation; the rater is called back",
          params: IdParams,
          body: S.FixBody,
          response: { 200: S.Ticket },
        },
      },
      async (request) => service.fix(request.principal, request.params.id, request.body.explanation, origin(request)),
    );

    app.post(
      '/supervision/tickets/:id/appeal',
      {
        schema: {
          tags,
          summary: 'The unit appeals a wrongful rating to a supervisor, with evidence',
          params: IdParams,
          body: S.AppealBody,
          response: { 200: S.Ticket },
        },
      },
      async (request) => service.appeal(request.principal, request.params.id, request.body, origin(request)),
    );

    app.post(
      '/supervision/tickets/:id/decision',
      {
        schema: {
          tags,
          summary: 'A supervisor decides an appeal: upheld voids the ticket, dismissed reopens it',
          params: IdParams,
          body: S.DecisionBody,
          response: { 200: S.Ticket },
        },
      },
      async (request) => service.decide(request.principal, request.params.id, request.body, origin(request)),
    );
  };
}
