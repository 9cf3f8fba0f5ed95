/** HTTP routes of dispatch and handling: operator actions, handler actions, the reporter's rating and reopening. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Readable } from 'node:stream';
import { Type } from 'typebox';
import { IdParams, Items, Obj, Uuid, errorAnswers } from '../../platform/http.ts';
import type { Events } from './cityops.events-service.ts';
import type { Handling } from './cityops.handling.ts';
import { origin } from './cityops.routes.ts';
import * as S from './cityops.schemas.ts';

const bytes = Type.String({ format: 'binary' });
const PhotoBytes = {
  description: 'The image, with its own Content-Type',
  content: { 'image/jpeg': { schema: bytes }, 'image/png': { schema: bytes } },
};

/** The bytes of a photo, streamed with its own media type (not serialised as JSON). */
function sendPhoto(reply: FastifyReply, f: { stream: Readable; mediaType: string; size: number }) {
  return reply
    .header('content-type', f.mediaType)
    .header('content-length', String(f.size))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(f.stream);
}

export function cityopsHandlingRoutes(s: { events: Events; handling: Handling }) {
  const tags = ['cityops'];
  return async function plugin(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const answer = { 200: S.EventDetail, ...errorAnswers(409) };
    app.post(
      '/cityops/events/:id/reassign',
      {
        schema: {
          tags,
          summary: 'An operator dispatches (派遣) or reassigns (改派) the event to a grid and/or department',
          params: IdParams,
          body: S.ReassignInput,
          response: { ...answer, ...errorAnswers(422) },
        },
      },
      async (r) => s.handling.reassign(r.principal, r.params.id, r.body, origin(r)),
    );
    app.post(
      '/cityops/events/:id/return',
      {
        schema: {
          tags,
          summary: 'The handler returns a wrongly routed event to the operators, with the reason (退回)',
          params: IdParams,
          body: S.ReasonInput,
          response: answer,
        },
      },
      async (r) => s.handling.giveBack(r.principal, r.params.id, r.body.reason, origin(r)),
    );
    app.post(
      '/cityops/events/:id/escalate',
      {
        schema: {
          tags,
          summary: 'An operator escalates the event (督办): urgent, due within 4 working hours',
          params: IdParams,
          body: S.OptionalNote,
          response: answer,
        },
      },
      async (r) => s.handling.escalate(r.principal, r.params.id, r.body.note, origin(r)),
    );
    app.post(
      '/cityops/events/:id/co-assign',
      {
        schema: {
          tags,
          summary: 'An operator co-assigns departments for a joint disposal (联合处置)',
          params: IdParams,
          body: S.CoAssignInput,
          response: { ...answer, ...errorAnswers(422) },
        },
      },
      async (r) => s.handling.coAssign(r.principal, r.params.id, r.body, origin(r)),
    );
    app.post(
      '/cityops/events/:id/accept',
      {
        schema: {
          tags,
          summary: 'The grid worker or department accepts the event (受理): it is being handled',
          params: IdParams,
          body: S.OptionalNote,
          response: answer,
        },
      },
      async (r) => s.handling.accept(r.principal, r.params.id, r.body.note, origin(r)),
    );
    app.post(
      '/cityops/events/:id/notes',
      {
        schema: {
          tags,
          summary: "A handler's note: internal, or public (shown to the reporter and Open311)",
          params: IdParams,
          body: S.NoteInput,
          response: answer,
        },
      },
      async (r) => s.handling.note(r.principal, r.params.id, r.body, origin(r)),
    );
    app.post(
      '/cityops/events/:id/close',
      {
        schema: {
          tags,
          summary: 'The handler closes the event (办结) with a note and photos; the reporter is told',
          params: IdParams,
          body: S.CloseInput,
          response: { ...answer, ...errorAnswers(422) },
        },
      },
      async (r) => s.handling.close(r.principal, r.params.id, r.body, origin(r)),
    );
    app.post(
      '/cityops/events/:id/rate',
      {
        schema: {
          tags,
          summary: 'The reporter rates the handling of a closed event (once)',
          params: IdParams,
          body: S.RateInput,
          response: answer,
        },
      },
      async (r) => s.handling.rate(r.principal, r.params.id, r.body, origin(r)),
    );
    app.post(
      '/cityops/events/:id/reopen',
      {
        schema: {
          tags,
          summary: 'An unhappy reporter reopens a closed event within 7 days of its closing',
          params: IdParams,
          body: S.ReasonInput,
          response: answer,
        },
      },
      async (r) => s.handling.reopen(r.principal, r.params.id, r.body.reason, origin(r)),
    );
    app.post(
      '/cityops/events/:id/merge',
      {
        schema: {
          tags,
          summary: 'An operator merges a near-duplicate into another open event; its reporters follow that one',
          params: IdParams,
          body: S.MergeInput,
          response: { ...answer, ...errorAnswers(422) },
        },
      },
      async (r) => s.handling.merge(r.principal, r.params.id, r.body, origin(r)),
    );
    app.get(
      '/cityops/events/:id/duplicates',
      {
        schema: {
          tags,
          summary: 'Near-duplicates of the event: the same category within 200 m and 72 hours, still open',
          params: IdParams,
          response: { 200: Items(S.Duplicate) },
        },
      },
      async (r) => s.handling.duplicates(r.principal, r.params.id),
    );
    app.get(
      '/cityops/events/:id/photos/:photoId',
      {
        schema: {
          tags,
          summary: "A photo of the event (the report's, the closing's or a history entry's): to whoever sees the event",
          params: Obj({ id: Uuid(), photoId: Uuid() }),
          response: { 200: PhotoBytes },
        },
      },
      async (r, reply) => sendPhoto(reply, await s.events.photo(r.principal, r.params.id, r.params.photoId)),
    );
  };
}
