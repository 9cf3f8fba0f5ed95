/** HTTP routes of dispatch and handling: operator actions, handler actions, the reporter's rating and reopening. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Static, TSchema } from 'typebox';
import type { Principal, RequestOrigin } from '../../platform/auth.ts';
import { IdParams, Items, Obj, Uuid, errorAnswers } from '../../platform/http.ts';
import { PhotoBytes, sendPhoto } from '../../platform/photos.ts';
import type { Events } from './cityops.events-service.ts';
import type { Handling } from './cityops.handling.ts';
import { origin } from './cityops.routes.ts';
import * as S from './cityops.schemas.ts';

export function cityopsHandlingRoutes(s: { events: Events; handling: Handling }) {
  const tags = ['cityops'];
  const h = s.handling;
  return async function plugin(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    /** POST /cityops/events/:id/<name>: one action on the event, answered with the event as it now is. */
    function action<B extends TSchema>(
      name: string,
      summary: string,
      body: B,
      run: (
        p: Principal | null,
        id: string,
        body: Static<B>,
        o: RequestOrigin,
      ) => Promise<Static<typeof S.EventDetail>>,
      checksInput = false,
    ) {
      app.post(
        `/cityops/events/:id/${name}`,
        {
          schema: {
            tags,
            summary,
            params: IdParams,
            body,
            response: { 200: S.EventDetail, ...errorAnswers(409), ...(checksInput ? errorAnswers(422) : {}) },
          },
        },
        async (r) => run(r.principal, r.params.id, r.body as Static<B>, origin(r)),
      );
    }
    action(
      'reassign',
      'An operator dispatches (派遣) or reassigns (改派) the event to a grid and/or department',
      S.ReassignInput,
      (p, id, b, o) => h.reassign(p, id, b, o),
      true,
    );
    action(
      'return',
      'The handler returns a wrongly routed event to the operators, with the reason (退回)',
      S.ReasonInput,
      (p, id, b, o) => h.giveBack(p, id, b.reason, o),
    );
    action(
      'escalate',
      'An operator escalates the event (督办): urgent, due within 4 working hours',
      S.OptionalNote,
      (p, id, b, o) => h.escalate(p, id, b.note, o),
    );
    action(
      'co-assign',
      'An operator co-assigns departments for a joint disposal (联合处置)',
      S.CoAssignInput,
      (p, id, b, o) => h.coAssign(p, id, b, o),
      true,
    );
    action(
      'accept',
      'The grid worker or department accepts the event (受理): it is being handled',
      S.OptionalNote,
      (p, id, b, o) => h.accept(p, id, b.note, o),
    );
    action(
      'notes',
      "A handler's note: internal, or public (shown to the reporter and Open311)",
      S.NoteInput,
      (p, id, b, o) => h.note(p, id, b, o),
    );
    action(
      'close',
      'The handler closes the event (办结) with a note and photos; the reporter is told',
      S.CloseInput,
      (p, id, b, o) => h.close(p, id, b, o),
      true,
    );
    action('rate', 'The reporter rates the handling of a closed event (once)', S.RateInput, (p, id, b, o) =>
      h.rate(p, id, b, o),
    );
    action(
      'reopen',
      'An unhappy reporter reopens a closed event within 7 days of its closing',
      S.ReasonInput,
      (p, id, b, o) => h.reopen(p, id, b.reason, o),
    );
    action(
      'merge',
      'An operator merges a near-duplicate into another open event; its reporters follow that one',
      S.MergeInput,
      (p, id, b, o) => h.merge(p, id, b, o),
      true,
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
