/** HTTP routes of the window (窗口): walk-in numbers, opening a window, calling and serving. Clerks only. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** A PDF made in memory, sent as bytes (not serialised as JSON). */
const sendPdf = (reply: FastifyReply, pdf: Buffer, fileName: string) =>
  reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `inline; filename="${fileName}"`)
    .header('cache-control', 'private, no-store')
    .send(pdf);
import { Type } from 'typebox';
import { IdParams, Items, NoContent, errorAnswers } from '../../platform/http.ts';
import { IdempotencyKeyHeader } from '../../platform/idempotency.ts';
import { origin } from './halls.routes.ts';
import * as S from './halls.schemas.ts';
import type { HallsService } from './halls.service.ts';

export function windowRoutes(service: HallsService) {
  const tags = ['halls'];
  return async function plugin(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      '/halls/:hall/tickets',
      {
        schema: {
          tags,
          summary: 'Take a walk-in number (取号) for the applicant at the desk',
          params: S.HallParams,
          body: S.WalkInBody,
          response: { 201: S.Ticket, ...errorAnswers(422) },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await service.walkIn(request.principal, request.params.hall, request.body, origin(request))),
    );
    app.get(
      '/halls/:hall/windows/mine',
      {
        schema: {
          tags,
          summary: 'The windows of a hall I may open (my department’s)',
          params: S.HallParams,
          response: { 200: Items(S.HallWindow) },
        },
      },
      async (request) => service.windowsFor(request.principal, request.params.hall),
    );
    app.get(
      '/halls/windows/:id',
      {
        schema: {
          tags,
          summary: 'A window: who has it, the number it is on, how many wait',
          params: S.WindowParams,
          response: { 200: S.WindowView },
        },
      },
      async (request) => service.window(request.principal, request.params.id),
    );
    app.post(
      '/halls/windows/:id/open',
      {
        schema: { tags, summary: 'Open a window (sit at it)', params: S.WindowParams, response: { 200: S.WindowView } },
      },
      async (request) => service.open(request.principal, request.params.id, origin(request)),
    );
    app.post(
      '/halls/windows/:id/close',
      { schema: { tags, summary: 'Close my window', params: S.WindowParams, response: { 204: NoContent } } },
      async (request, reply) => {
        await service.close(request.principal, request.params.id, origin(request));
        return reply.status(204).send(null);
      },
    );
    app.post(
      '/halls/windows/:id/call-next',
      {
        schema: {
          tags,
          summary: 'Call the next number to my window (transfers, then appointments due, then first come)',
          params: S.WindowParams,
          response: { 200: S.Ticket, ...errorAnswers(422) },
        },
      },
      async (request) => service.callNext(request.principal, request.params.id, origin(request)),
    );
    for (const [path, summary, run] of [
      ['recall', 'Call the number again', service.recall],
      ['serve', 'The applicant is at the window: serve them', service.serve],
      ['finish', 'Done with this applicant', service.finish],
      ['no-show', 'Nobody came after the recalls (过号)', service.noShow],
    ] as const) {
      app.post(
        `/halls/tickets/:id/${path}`,
        { schema: { tags, summary, params: IdParams, response: { 200: S.Ticket, ...errorAnswers(422) } } },
        async (request) => run(request.principal, request.params.id, origin(request)),
      );
    }
    app.post(
      '/halls/windows/:id/filings',
      {
        schema: {
          tags,
          summary:
            'File a case at the window (一窗受理) for the applicant being served, their ID card checked in person. The same Idempotency-Key answers the case filed the first time.',
          params: S.WindowParams,
          headers: IdempotencyKeyHeader,
          body: S.CounterFilingBody,
          response: { 201: S.CounterFiled, ...errorAnswers(404, 422) },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await service.file(
              request.principal,
              request.params.id,
              request.body,
              request.headers['idempotency-key'],
              origin(request),
            ),
          ),
    );
    app.get(
      '/halls/receipts/:id',
      {
        schema: {
          tags,
          summary:
            'The acceptance receipt (受理回执) of a case filed at a window, as PDF: for the filing clerk, the applicant and staff of the case’s departments',
          params: IdParams,
          response: {
            200: {
              description: 'The receipt',
              content: { 'application/pdf': { schema: Type.String({ format: 'binary' }) } },
            },
            ...errorAnswers(404),
          },
        },
      },
      async (request, reply) => {
        const r = await service.receipt(request.principal, request.params.id);
        return sendPdf(reply, r.pdf, `receipt-${r.caseNumber}.pdf`);
      },
    );
    app.post(
      '/halls/tickets/:id/transfer',
      {
        schema: {
          tags,
          summary: 'Send the number to another window of the hall',
          params: IdParams,
          body: S.TransferBody,
          response: { 200: S.Ticket },
        },
      },
      async (request) => service.transfer(request.principal, request.params.id, request.body, origin(request)),
    );
  };
}
