import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { Type } from 'typebox';
import { IdParams, Items, NoContent, Obj, Paged, PUBLIC, Uuid, errorAnswers } from '../../platform/http.ts';
import { IdempotencyKeyHeader } from '../../platform/idempotency.ts';
import * as S from './applications.schemas.ts';
import type { ApplicationsService } from './applications.service.ts';

/** The bytes of a file, sent as a stream with its own media type (not serialised as JSON). */
const bytes = Type.String({ format: 'binary' });
const UPLOAD_TYPES = ['application/pdf', 'image/jpeg', 'image/png'];
const FileBytes = {
  description: 'The file, with its own Content-Type (uploads are PDF, JPEG or PNG)',
  content: { 'application/pdf': { schema: bytes }, 'image/jpeg': { schema: bytes }, 'image/png': { schema: bytes } },
};
const meta = (r: FastifyRequest) => ({ requestId: String(r.id), ip: r.ip });

async function sendFile(
  reply: FastifyReply,
  f: { stream: Readable; mediaType: string; fileName: string; size: number },
) {
  return reply
    .header('content-type', f.mediaType)
    .header('content-length', String(f.size))
    .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(f.fileName)}`)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(f.stream);
}

export function applicationsRoutes(service: ApplicationsService, uploadLimitBytes: number) {
  const tags = ['applications'];
  return async function plugin(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    // Uploads stream straight into the blob store, which stops reading past the size limit.
    // Whatever type the browser declares (or none), the content decides (magic bytes): a
    // HEIC photo or a Word file is answered FILE_TYPE_NOT_ALLOWED, not a generic 415. JSON
    // bodies still go to the JSON parser; other bodies to this module's JSON routes fail validation.
    app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

    app.put(
      '/applications/uploads',
      {
        bodyLimit: uploadLimitBytes + 1,
        schema: {
          tags,
          summary: 'Upload a material (PDF, JPEG or PNG; the type is read from the content)',
          querystring: S.UploadQuery,
          response: { 201: S.Upload },
        },
        // The body is the file's bytes, streamed to the blob store (not validated as JSON): described for the document only.
        config: {
          swaggerTransform: ({ schema, url }) => ({
            url,
            schema: { ...schema, consumes: UPLOAD_TYPES, body: { ...bytes, description: "The file's bytes" } },
          }),
        },
      },
      async (request, reply) => {
        const upload = await service.upload(
          request.principal,
          request.query.fileName,
          request.body as Readable,
          meta(request),
        );
        return reply.status(201).send(upload);
      },
    );

    app.get(
      '/applications/uploads/:id',
      {
        schema: {
          tags,
          summary: "One of the applicant's uploads (the bytes)",
          params: IdParams,
          response: { 200: FileBytes },
        },
      },
      async (request, reply) => sendFile(reply, await service.uploadContent(request.principal, request.params.id)),
    );

    app.get(
      '/applications/drafts',
      {
        schema: {
          tags,
          summary: "The applicant's drafts",
          response: { 200: Items(S.DraftSummary) },
        },
      },
      async (request) => ({ items: await service.drafts(request.principal) }),
    );

    app.post(
      '/applications/drafts',
      {
        schema: {
          tags,
          summary: 'Start a draft for a service item or a bundle',
          body: S.DraftBody,
          response: { 201: S.Draft, ...errorAnswers(404, 422) },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.createDraft(request.principal, request.body, meta(request))),
    );

    app.get(
      '/applications/drafts/:id',
      {
        schema: { tags, summary: 'A draft', params: IdParams, response: { 200: S.Draft } },
      },
      async (request) => service.draft(request.principal, request.params.id),
    );

    app.put(
      '/applications/drafts/:id',
      {
        schema: {
          tags,
          summary: 'Save a draft (as the applicant types)',
          params: IdParams,
          body: S.DraftUpdate,
          response: { 200: S.Draft, ...errorAnswers(422) },
        },
      },
      async (request) => service.saveDraft(request.principal, request.params.id, request.body, meta(request)),
    );

    app.delete(
      '/applications/drafts/:id',
      {
        schema: { tags, summary: 'Delete a draft', params: IdParams, response: { 204: NoContent } },
      },
      async (request, reply) => {
        await service.deleteDraft(request.principal, request.params.id);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/applications/cases',
      {
        schema: {
          tags,
          summary: 'Submit an application (办件). The same Idempotency-Key returns the case filed the first time.',
          headers: IdempotencyKeyHeader,
          body: S.SubmitBody,
          response: { 200: S.CaseView, 201: S.CaseView, ...errorAnswers(404, 422) },
        },
      },
      async (request, reply) => {
        const { view, replayed } = await service.submit(
          request.principal,
          request.body,
          request.headers['idempotency-key'],
          meta(request),
        );
        return reply.status(replayed ? 200 : 201).send(view);
      },
    );

    app.get(
      '/applications/cases',
      {
        schema: {
          tags,
          summary: "The applicant's cases, or for staff their departments' cases",
          querystring: S.CaseListQuery,
          response: { 200: Paged(S.CaseSummary) },
        },
      },
      async (request) =>
        service.list(request.principal, {
          ...request.query,
          page: request.query.page ?? 1,
          pageSize: request.query.pageSize ?? 20,
        }),
    );

    app.get(
      '/applications/cases/:id',
      {
        schema: {
          tags,
          summary: 'A case with its history and what the viewer may do',
          params: IdParams,
          response: { 200: S.CaseView },
        },
      },
      async (request) => service.get(request.principal, request.params.id, meta(request)),
    );

    app.post(
      '/applications/cases/:id/actions',
      {
        schema: {
          tags,
          summary: 'Take a workflow action on a case',
          params: IdParams,
          body: S.ActionBody,
          response: { 200: S.CaseView, ...errorAnswers(422) },
        },
      },
      async (request) => service.act(request.principal, request.params.id, request.body, meta(request)),
    );

    app.post(
      '/applications/cases/:id/claim',
      {
        schema: {
          tags,
          summary: 'Claim a case (or one department part of it)',
          params: IdParams,
          body: S.ClaimBody,
          response: { 200: S.CaseView, ...errorAnswers(422) },
        },
      },
      async (request) => service.claim(request.principal, request.params.id, request.body.branch, meta(request)),
    );

    app.post(
      '/applications/cases/:id/release',
      {
        schema: {
          tags,
          summary: 'Release a claimed case',
          params: IdParams,
          body: S.ClaimBody,
          response: { 200: S.CaseView, ...errorAnswers(422) },
        },
      },
      async (request) => service.release(request.principal, request.params.id, request.body.branch, meta(request)),
    );

    app.get(
      '/applications/cases/:id/materials/:code',
      {
        schema: {
          tags,
          summary: "A case's material (the bytes)",
          params: Obj({ id: Uuid(), code: Type.String({ pattern: '^[0-9A-Za-z_-]{1,64}$' }) }),
          response: { 200: FileBytes },
        },
      },
      async (request, reply) =>
        sendFile(
          reply,
          await service.material(request.principal, request.params.id, request.params.code, meta(request)),
        ),
    );

    app.get(
      '/applications/cases/:id/results/:fileId',
      {
        schema: {
          tags,
          summary: "A file of a case's result (办结文书; the bytes): the applicant's, and its departments' staff",
          params: Obj({ id: Uuid(), fileId: Uuid() }),
          response: { 200: FileBytes },
        },
      },
      async (request, reply) =>
        sendFile(reply, await service.resultFile(request.principal, request.params.id, request.params.fileId)),
    );

    app.post(
      '/applications/lookup',
      {
        schema: {
          ...PUBLIC,
          tags,
          summary:
            'Look a case up without signing in (办件查询): its number, the applicant’s name and the last 4 of the ID number or USCC. Wrong facts answer as an unknown number does.',
          body: S.CaseLookupBody,
          response: { 200: S.CaseLookup, ...errorAnswers(404, 429) },
        },
      },
      async (request) => service.lookup(request.body, meta(request)),
    );

    app.get(
      '/applications/inbox',
      {
        schema: {
          tags,
          summary: 'Open work (待办) the staff member may act on',
          querystring: S.InboxQuery,
          response: { 200: S.InboxPage },
        },
      },
      async (request) =>
        service.inbox(request.principal, {
          ...request.query,
          page: request.query.page ?? 1,
          pageSize: request.query.pageSize ?? 20,
        }),
    );
  };
}
