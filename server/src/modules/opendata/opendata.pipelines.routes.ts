/** HTTP routes of the pipelines part: the data officer's console (list, detail, preview, review, run). */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RequestOrigin } from '../../platform/auth.ts';
import { Items, errorAnswers } from '../../platform/http.ts';
import type { Pipelines } from './opendata.pipelines.service.ts';
import * as S from './opendata.pipelines.schemas.ts';

const origin = (r: FastifyRequest): RequestOrigin => ({ requestId: String(r.id), ip: r.ip });

export function pipelinesRoutes(pipelines: Pipelines) {
  const tags = ['opendata'];
  return async function plugin(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/opendata/pipelines',
      {
        schema: {
          tags,
          summary:
            "The publishing pipelines of the departments whose data officer (or admin) you are, with each one's last run",
          response: { 200: Items(S.PipelineSummary), ...errorAnswers(403) },
        },
      },
      async (request) => ({ items: await pipelines.list(request.principal) }),
    );
    app.get(
      '/opendata/pipelines/:key',
      {
        schema: {
          tags,
          summary:
            'A pipeline: its query, de-identification spec, output columns, reviews and runs (with their de-identification reports)',
          params: S.PipelineKeyParams,
          response: { 200: S.PipelineDetail, ...errorAnswers(403, 404) },
        },
      },
      async (request) => pipelines.show(request.principal, request.params.key),
    );
    app.post(
      '/opendata/pipelines/:key/preview',
      {
        schema: {
          tags,
          summary:
            'What a release would publish now (the first rows and the de-identification report, or the refusal), publishing nothing',
          params: S.PipelineKeyParams,
          response: { 200: S.PipelinePreview, ...errorAnswers(403, 404) },
        },
      },
      async (request) => pipelines.preview(request.principal, request.params.key),
    );
    app.post(
      '/opendata/pipelines/:key/reviews',
      {
        schema: {
          tags,
          summary:
            "Approve or reject the pipeline's current output schema (the department's data officer; schemaHash is the one reviewed: 409 PIPELINE_SCHEMA_CHANGED if it moved)",
          params: S.PipelineKeyParams,
          body: S.ReviewBody,
          response: { 200: S.PipelineDetail, ...errorAnswers(403, 404, 409) },
        },
      },
      async (request) => pipelines.review(request.principal, request.params.key, request.body, origin(request)),
    );
    app.post(
      '/opendata/pipelines/:key/runs',
      {
        schema: {
          tags,
          summary:
            'Run a release now: published, refused by the de-identification (stable errorCode such as OPENDATA_K_NOT_REACHED), held for review, or failed. The same Idempotency-Key answers the same run.',
          params: S.PipelineKeyParams,
          headers: S.RunHeaders,
          response: { 200: S.PipelineRun, ...errorAnswers(403, 404) },
        },
      },
      async (request) =>
        pipelines.run(
          request.principal,
          request.params.key,
          origin(request),
          request.headers['idempotency-key'] ?? null,
        ),
    );
  };
}
