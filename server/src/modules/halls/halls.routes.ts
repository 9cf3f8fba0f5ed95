/** HTTP routes of halls: the public hall pages and calling screen, and the citizen's appointments. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { RequestOrigin } from '../../platform/auth.ts';
import { IdParams, Items, NoContent, PUBLIC, errorAnswers } from '../../platform/http.ts';
import * as S from './halls.schemas.ts';
import type { HallsService } from './halls.service.ts';

export const origin = (r: FastifyRequest): RequestOrigin => ({ requestId: String(r.id), ip: r.ip });

/** How often a calling screen gets a fresh picture even without a change heard on this node. */
const SCREEN_REFRESH_MS = 10_000;

export function hallsRoutes(service: HallsService) {
  const tags = ['halls'];
  return async function plugin(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    // Open calling-screen streams, ended when the server closes.
    const streams = new Set<() => void>();
    fastify.addHook('preClose', async () => {
      for (const end of streams) end();
      streams.clear();
    });

    app.get(
      '/halls',
      {
        schema: {
          tags,
          ...PUBLIC,
          summary: 'Service halls (政务服务中心, 便民服务中心)',
          response: { 200: Items(S.HallSummary) },
        },
      },
      async (request) => service.list(request.principal),
    );
    app.get(
      '/halls/:hall',
      {
        schema: {
          tags,
          ...PUBLIC,
          summary: 'A hall: address, map position, opening hours, windows and the items each handles',
          params: S.HallParams,
          response: { 200: S.HallDetail },
        },
      },
      async (request) => service.detail(request.principal, request.params.hall),
    );
    app.get(
      '/halls/:hall/slots',
      {
        schema: {
          tags,
          ...PUBLIC,
          summary: 'Appointment slots of a day for an item, with the places left',
          params: S.HallParams,
          querystring: S.SlotsQuery,
          response: { 200: Items(S.Slot), ...errorAnswers(422) },
        },
      },
      async (request) => service.slots(request.principal, request.params.hall, request.query),
    );
    app.get(
      '/halls/:hall/stats',
      {
        schema: {
          tags,
          ...PUBLIC,
          summary: 'Waiting-time figures of a day (today by default)',
          params: S.HallParams,
          querystring: S.StatsQuery,
          response: { 200: S.HallStats },
        },
      },
      async (request) => service.stats(request.principal, request.params.hall, request.query.day),
    );
    app.post(
      '/halls/:hall/kiosk/tickets',
      {
        schema: {
          tags,
          ...PUBLIC,
          summary: 'Take a walk-in number at the hall’s kiosk (自助取号): no sign-in, while the hall is open',
          params: S.HallParams,
          body: S.WalkInBody,
          response: { 201: S.Ticket, ...errorAnswers(404, 422, 429) },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.kiosk(request.params.hall, request.body, origin(request))),
    );
    app.get(
      '/halls/:hall/screen',
      {
        schema: {
          tags,
          ...PUBLIC,
          summary: 'The calling screen (叫号屏): the latest calls and how many wait',
          params: S.HallParams,
          response: { 200: S.Screen },
        },
      },
      async (request) => service.screen(request.params.hall),
    );
    app.get(
      '/halls/:hall/screen/events',
      {
        schema: {
          tags,
          ...PUBLIC,
          summary: 'The calling screen, live: Server-Sent Events, each `screen` event a CallingScreen',
          params: S.HallParams,
          response: {
            200: { description: 'An event stream', content: { 'text/event-stream': { schema: Type.String() } } },
          },
        },
      },
      async (request, reply) => {
        const first = await service.screen(request.params.hall);
        const hallId = first.hall.id;
        reply.hijack();
        const res = reply.raw;
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(reply.getHeaders())) if (v !== undefined) headers[k] = String(v);
        res.writeHead(200, {
          ...headers,
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-store',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
        });
        let sending = false;
        let again = false;
        const send = async () => {
          if (sending) {
            again = true;
            return;
          }
          sending = true;
          try {
            do {
              again = false;
              const screen = await service.screenOf(hallId);
              res.write(`event: screen\ndata: ${JSON.stringify(screen)}\n\n`);
            } while (again);
          } catch (err) {
            request.log.warn({ err }, 'calling screen update failed');
          } finally {
            sending = false;
          }
        };
        res.write(`retry: 3000\nevent: screen\ndata: ${JSON.stringify(first)}\n\n`);
        const onChange = (id: string) => {
          if (id === hallId) void send();
        };
        service.context.live.on('changed', onChange);
        const timer = setInterval(() => void send(), SCREEN_REFRESH_MS);
        const stop = () => {
          clearInterval(timer);
          service.context.live.off('changed', onChange);
        };
        const end = () => {
          stop();
          res.end();
        };
        streams.add(end);
        request.raw.on('close', () => {
          stop();
          streams.delete(end);
        });
      },
    );

    // ------------------------------------------------------------ appointments (the citizen's own)

    app.post(
      '/halls/appointments',
      {
        schema: {
          tags,
          summary: 'Book an appointment (预约): a slot of a hall for an item',
          body: S.BookBody,
          response: { 201: S.Appointment, ...errorAnswers(404, 422) },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.book(request.principal, request.body, origin(request))),
    );
    app.get(
      '/me/appointments',
      { schema: { tags, summary: 'My appointments, latest first', response: { 200: Items(S.Appointment) } } },
      async (request) => service.mine(request.principal),
    );
    app.get(
      '/halls/appointments/:id',
      { schema: { tags, summary: 'One of my appointments', params: IdParams, response: { 200: S.Appointment } } },
      async (request) => service.get(request.principal, request.params.id),
    );
    app.put(
      '/halls/appointments/:id',
      {
        schema: {
          tags,
          summary: 'Move my appointment to another slot',
          params: IdParams,
          body: S.ChangeBody,
          response: { 200: S.Appointment, ...errorAnswers(422) },
        },
      },
      async (request) => service.change(request.principal, request.params.id, request.body, origin(request)),
    );
    app.delete(
      '/halls/appointments/:id',
      {
        schema: {
          tags,
          summary: 'Cancel my appointment',
          params: IdParams,
          response: { 204: NoContent, ...errorAnswers(422) },
        },
      },
      async (request, reply) => {
        await service.cancel(request.principal, request.params.id, origin(request));
        return reply.status(204).send(null);
      },
    );
    app.post(
      '/halls/appointments/:id/check-in',
      {
        schema: {
          tags,
          summary: 'Check in at the hall (取号): my appointment becomes a queue number',
          params: IdParams,
          response: { 200: S.Ticket, ...errorAnswers(422) },
        },
      },
      async (request) => service.checkIn(request.principal, request.params.id, origin(request)),
    );
    app.get(
      '/halls/tickets/:id',
      { schema: { tags, summary: 'My queue number', params: IdParams, response: { 200: S.Ticket } } },
      async (request) => service.citizenTicket(request.principal, request.params.id),
    );
  };
}
