/** Routes of consultations and secret-ballot votes (议事协商). */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { errorAnswers, IdParams, PUBLIC } from '../../platform/http.ts';
import { BallotBox } from './cogov.ballots.ts';
import type { CogovContext, CogovPart } from './cogov.context.ts';
import { Consultations } from './cogov.consultations.ts';
import * as S from './cogov.consultations.schemas.ts';
import { metaOf } from './cogov.schemas.ts';

export function createConsultations(c: CogovContext): CogovPart<{ consultations: Consultations; ballots: BallotBox }> {
  const consultations = new Consultations(c);
  const ballots = new BallotBox(c, consultations);
  return {
    api: { consultations, ballots },
    async plugin(fastify: FastifyInstance) {
      const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
      const tags = ['cogov'];
      app.get(
        '/cogov/consultations',
        {
          schema: {
            tags,
            summary: "Consultations: a resident's community's and the city's; a committee's or a department's",
            querystring: S.ConsultationQuery,
            response: { 200: S.ConsultationPage },
          },
        },
        async (request) =>
          consultations.list(request.principal, {
            page: request.query.page ?? 1,
            pageSize: request.query.pageSize ?? 20,
          }),
      );
      app.post(
        '/cogov/consultations',
        {
          schema: {
            tags,
            summary: 'Open a consultation (the community committee; a department for a city-wide one)',
            body: S.NewConsultation,
            response: { 201: S.ConsultationDetail, ...errorAnswers(422) },
          },
        },
        async (request, reply) => {
          reply.code(201);
          return consultations.create(request.principal, request.body, metaOf(request));
        },
      );
      app.get(
        '/cogov/consultations/:id',
        {
          schema: {
            tags,
            summary:
              'A consultation: background, options, state; whether I may vote and have voted; the result once published',
            params: IdParams,
            response: { 200: S.ConsultationDetail },
          },
        },
        async (request) => consultations.get(request.principal, request.params.id),
      );
      app.post(
        '/cogov/consultations/:id/ballot',
        {
          schema: {
            tags,
            summary:
              'Vote, or change my vote until the close (the same ballot key): answers the receipt to find in the published result',
            params: IdParams,
            body: S.Ballot,
            response: { 200: S.BallotReceipt, ...errorAnswers(422) },
          },
        },
        async (request) => ballots.cast(request.principal, request.params.id, request.body, metaOf(request)),
      );
      app.post(
        '/cogov/consultations/:id/decision',
        {
          schema: {
            tags,
            summary: "Record the committee's decision after the vote",
            params: IdParams,
            body: S.Decision,
            response: { 200: S.ConsultationDetail },
          },
        },
        async (request) =>
          consultations.decide(request.principal, request.params.id, request.body.decision, metaOf(request)),
      );
      app.get(
        '/cogov/consultations/:id/result',
        {
          schema: {
            tags,
            summary: 'The published result with turnout (anyone, after the close)',
            params: IdParams,
            response: { 200: S.PublicResult },
            ...PUBLIC,
          },
        },
        async (request) => ballots.publicResult(request.params.id),
      );
      app.get(
        '/cogov/consultations/:id/receipts.csv',
        {
          schema: {
            tags,
            summary:
              'Every receipt with its choice (CSV: receipt,choice), to find one’s own and to recount (anyone, after the close)',
            params: IdParams,
            response: {
              200: { description: 'The receipts file', content: { 'text/csv': { schema: Type.String() } } },
            },
            ...PUBLIC,
          },
        },
        async (request, reply) => {
          let file = '';
          for await (const chunk of await ballots.receipts(request.params.id)) file += chunk;
          reply
            .header('content-type', 'text/csv; charset=utf-8')
            .header('content-disposition', `attachment; filename="receipts-${request.params.id}.csv"`);
          return file;
        },
      );
    },
  };
}
