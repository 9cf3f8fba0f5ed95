/** HTTP routes of 时限监督 (deadlines), registered by supervision.routes.ts. Supervisors and department heads only. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Deadlines } from './supervision.deadlines.ts';
import * as S from './supervision.deadlines.schemas.ts';

export function deadlinesRoutes(deadlines: Deadlines) {
  const tags = ['supervision'];
  return async function plugin(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/supervision/deadlines',
      {
        schema: {
          tags,
          summary:
            "时限监督: cases at risk and overdue in the caller's scope (supervisor: the region; department head: theirs), by department, service item and staff member, with the lines of a drill-down and their 黄牌/红牌",
          querystring: S.DeadlineQuery,
          response: { 200: S.DeadlineView },
        },
      },
      async (request) => deadlines.view(request.principal, request.query),
    );

    app.get(
      '/supervision/deadlines/cards',
      {
        schema: {
          tags,
          summary: "黄牌 (at the deadline) and 红牌 (N working days later) issued in the caller's scope, newest first",
          querystring: S.CardQuery,
          response: { 200: S.DeadlineCardList },
        },
      },
      async (request) => ({ items: await deadlines.cards(request.principal, request.query.color ?? null) }),
    );
  };
}
