/** HTTP routes of random inspections: public draws and credit records; staff, inspector and enterprise writes. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RequestOrigin } from '../../platform/auth.ts';
import { IdParams, Items, PUBLIC, errorAnswers } from '../../platform/http.ts';
import type { Draws } from './inspections.draws.ts';
import type { Directory } from './inspections.directory.ts';
import type { Results } from './inspections.results.ts';
import * as S from './inspections.schemas.ts';

const origin = (r: FastifyRequest): RequestOrigin => ({ requestId: String(r.id), ip: r.ip });

export function inspectionsRoutes(s: { draws: Draws; results: Results; directory: Directory }) {
  const tags = ['inspections'];
  return async function plugin(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/inspections/items',
      {
        schema: {
          tags,
          ...PUBLIC,
          summary: 'The inspection items (抽查事项清单) of every department, with their legal basis',
          response: { 200: Items(S.InspectionItem) },
        },
      },
      async () => s.draws.items(),
    );
    app.get(
      '/inspections/draws',
      {
        schema: { tags, ...PUBLIC, summary: 'Draws, newest first', response: { 200: Items(S.DrawSummary) } },
      },
      async () => s.draws.list(),
    );
    app.get(
      '/inspections/draws/:id',
      {
        schema: {
          tags,
          ...PUBLIC,
          summary:
            'A draw as published: pools, algorithm and seed commitment; after the draw the beacon, secret, seed and result (docs/verify-draw.ts checks it)',
          params: IdParams,
          response: { 200: S.PublishedDraw },
        },
      },
      async (request) => s.draws.published(request.params.id),
    );
    app.post(
      '/inspections/draws',
      {
        schema: {
          tags,
          summary:
            "Commit a draw: publish the pools and the commitment to the seed (a supervisor, or the item's department admin)",
          body: S.NewDraw,
          response: { 201: S.PublishedDraw, ...errorAnswers(404, 422) },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await s.draws.commit(request.principal, request.body, origin(request))),
    );
    app.post(
      '/inspections/draws/:id/draw',
      {
        schema: {
          tags,
          summary: "Make a committed draw with the transparency log's latest checkpoint as the public beacon",
          params: IdParams,
          response: { 200: S.PublishedDraw },
        },
      },
      async (request) => s.draws.draw(request.principal, request.params.id, origin(request)),
    );
    app.get(
      '/inspections/draws/:id/tasks',
      {
        schema: {
          tags,
          summary: "A draw's targets with their teams and results (a supervisor, or the item's department admin)",
          params: IdParams,
          response: { 200: Items(S.DrawTask) },
        },
      },
      async (request) => s.draws.tasks(request.principal, request.params.id),
    );
    app.post(
      '/inspections/directory/sync',
      {
        schema: {
          tags,
          summary: 'Bring the target directory (检查对象名录库) up to date with the enterprise registry (a supervisor)',
          response: { 200: S.SyncResult },
        },
      },
      async (request) => s.directory.sync(request.principal, origin(request)),
    );
    app.post(
      '/inspections/relations',
      {
        schema: {
          tags,
          summary: 'An inspector declares a relation with an enterprise (利害关系申报): never drawn for it',
          body: S.RelationInput,
          response: { 200: S.Relation, ...errorAnswers(404) },
        },
      },
      async (request) => s.directory.declareRelation(request.principal, request.body, origin(request)),
    );
    app.get(
      '/inspections/relations',
      {
        schema: {
          tags,
          summary: "The signed-in inspector's declared relations (利害关系申报)",
          response: { 200: Items(S.DeclaredRelation) },
        },
      },
      async (request) => s.directory.myRelations(request.principal),
    );
    app.get(
      '/inspections/tasks',
      { schema: { tags, summary: "The signed-in inspector's tasks", response: { 200: S.InspectorTasks } } },
      async (request) => s.results.myTasks(request.principal),
    );
    app.post(
      '/inspections/tasks/:id/result',
      {
        schema: {
          tags,
          summary:
            "An inspector of the task enters its result (photos: ids of images uploaded with PUT /api/applications/uploads); published on the enterprise's credit record",
          params: IdParams,
          body: S.ResultInput,
          response: { 200: S.InspectionTask, ...errorAnswers(422) },
        },
      },
      async (request) => s.results.submit(request.principal, request.params.id, request.body, origin(request)),
    );
    app.get(
      '/inspections/enterprise/tasks',
      {
        schema: {
          tags,
          summary: 'Inspection results of the enterprise the principal acts for',
          response: { 200: Items(S.InspectionTask) },
        },
      },
      async (request) => s.results.ofEnterprise(request.principal),
    );
    app.post(
      '/inspections/tasks/:id/answer',
      {
        schema: {
          tags,
          summary: 'The inspected enterprise answers a result (陈述说明)',
          params: IdParams,
          body: S.AnswerInput,
          response: { 200: S.InspectionTask },
        },
      },
      async (request) => s.results.answer(request.principal, request.params.id, request.body.answer, origin(request)),
    );
    app.get(
      '/inspections/credit/:uscc',
      {
        schema: {
          tags,
          ...PUBLIC,
          summary: "An enterprise's public credit record (信用记录): credit grade and published inspection results",
          params: S.UsccParams,
          response: { 200: S.CreditRecord },
        },
      },
      async (request) => s.results.creditRecord(request.params.uscc),
    );
  };
}
