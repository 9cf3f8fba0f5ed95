/** HTTP routes of the transparency log: public, cacheable, read-only. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { Items, Obj, PUBLIC, PageQuery, Paged, errorAnswers } from '../../platform/http.ts';
import * as S from './transparency.schemas.ts';
import type { TransparencyService } from './transparency.service.ts';

/** Checkpoints change every few seconds; entries and proofs for a fixed tree size never do. */
const SHORT = 'public, max-age=5, stale-while-revalidate=30';
const FOREVER = 'public, max-age=31536000, immutable';
const origin = (r: FastifyRequest) => ({ requestId: String(r.id), ip: r.ip });

export function transparencyRoutes(service: TransparencyService) {
  const tags = ['transparency'];
  return async function plugin(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/transparency/checkpoint',
      {
        schema: {
          tags,
          ...PUBLIC,
          summary: "The log's latest signed checkpoint (a C2SP signed note: origin, tree size, root hash, time)",
          response: {
            200: { description: 'The signed note', content: { 'text/plain': { schema: Type.String() } } },
            ...errorAnswers(404),
          },
        },
      },
      async (_request, reply) => {
        const c = await service.latestCheckpoint();
        void reply.header('content-type', 'text/plain; charset=utf-8').header('cache-control', SHORT);
        void reply.header('etag', `"${c.treeSize}-${c.keyHash}"`);
        return c.note;
      },
    );
    app.get(
      '/transparency/checkpoints',
      {
        schema: {
          tags,
          ...PUBLIC,
          summary: 'Every checkpoint the log has signed, newest first',
          querystring: Obj(PageQuery),
          response: { 200: Paged(S.LogCheckpoint) },
        },
      },
      async (request, reply) => {
        void reply.header('cache-control', SHORT);
        return service.checkpoints(request.query.page ?? 1, request.query.pageSize ?? 20);
      },
    );
    app.get(
      '/transparency/keys',
      {
        schema: { tags, ...PUBLIC, summary: "The log's signature verifier keys", response: { 200: Items(S.LogKey) } },
      },
      async () => service.keys(),
    );
    app.get(
      '/transparency/entries/:index',
      {
        schema: {
          tags,
          ...PUBLIC,
          summary: 'One entry of the log',
          params: S.EntryParams,
          response: { 200: S.LogEntry },
        },
      },
      async (request, reply) => {
        const e = await service.entry(request.params.index);
        void reply.header('cache-control', FOREVER);
        return e;
      },
    );
    app.get(
      '/transparency/cases',
      {
        schema: {
          tags,
          ...PUBLIC,
          summary:
            "The log's entries about a case (its decisions and other acts of public power; no personal-data read), by case number",
          querystring: S.CaseEntriesQuery,
          response: { 200: Items(S.LogEntry), ...errorAnswers(404, 429) },
        },
      },
      async (request) => service.caseEntries(request.query.caseNumber, origin(request)),
    );
    app.get(
      '/transparency/certificates',
      {
        schema: {
          tags,
          ...PUBLIC,
          summary:
            "The log's entries about an electronic certificate (its issuance, revocation, suspension, reinstatement), by its id or number",
          querystring: S.CertificateEntriesQuery,
          response: { 200: S.CertificateEntries, ...errorAnswers(404, 429) },
        },
      },
      async (request) => service.certificateEntries(request.query.certificate, origin(request)),
    );
    app.get(
      '/transparency/proof/inclusion',
      {
        schema: {
          tags,
          ...PUBLIC,
          summary:
            'An inclusion proof (RFC 9162) of an entry, by index or audit record id, in a tree size (default: the latest checkpoint)',
          querystring: S.InclusionQuery,
          response: { 200: S.InclusionProof, ...errorAnswers(404, 422) },
        },
      },
      async (request, reply) => {
        const proof = await service.inclusion(request.query);
        void reply.header('cache-control', request.query.treeSize ? FOREVER : SHORT);
        return proof;
      },
    );
    app.get(
      '/transparency/proof/consistency',
      {
        schema: {
          tags,
          ...PUBLIC,
          summary: 'A consistency proof (RFC 9162) between two tree sizes',
          querystring: S.ConsistencyQuery,
          response: { 200: S.ConsistencyProof, ...errorAnswers(422) },
        },
      },
      async (request, reply) => {
        void reply.header('cache-control', FOREVER);
        return service.consistency(request.query.from, request.query.to);
      },
    );
  };
}
