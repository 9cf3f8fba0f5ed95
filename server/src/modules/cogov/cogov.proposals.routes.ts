/** Routes of proposals (居民提议). */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { errorAnswers, IdParams, Obj, Uuid } from '../../platform/http.ts';
import { IdempotencyKeyHeader } from '../../platform/idempotency.ts';
import { PhotoBytes, sendPhoto } from '../../platform/photos.ts';
import type { CogovContext, CogovPart } from './cogov.context.ts';
import { Proposals } from './cogov.proposals.ts';
import { ProposalWriting } from './cogov.proposals.writing.ts';
import * as S from './cogov.proposals.schemas.ts';
import { metaOf } from './cogov.schemas.ts';

export function createProposals(c: CogovContext): CogovPart<Proposals> {
  const proposals = new Proposals(c);
  const writing = new ProposalWriting(c, proposals);
  return {
    api: proposals,
    async plugin(fastify: FastifyInstance) {
      const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
      const tags = ['cogov'];
      app.get(
        '/cogov/proposals',
        {
          schema: {
            tags,
            summary:
              "Proposals: a resident's own community's; a committee's, a moderator's or (city-wide, escalated) a department's",
            querystring: S.ProposalQuery,
            response: { 200: S.ProposalPage, ...errorAnswers(404) },
          },
        },
        async (request) =>
          proposals.list(request.principal, {
            ...request.query,
            page: request.query.page ?? 1,
            pageSize: request.query.pageSize ?? 20,
          }),
      );
      app.post(
        '/cogov/proposals',
        {
          schema: {
            tags,
            summary:
              'Propose something for my community (a verified resident on the roster): text, category, up to 6 photos, a point or an address. The same Idempotency-Key answers the proposal filed the first time.',
            headers: IdempotencyKeyHeader,
            body: S.NewProposal,
            response: { 200: S.ProposalDetail, 201: S.ProposalDetail, ...errorAnswers(422) },
          },
        },
        async (request, reply) => {
          const { value, replayed } = await writing.create(
            request.principal,
            request.body,
            request.headers['idempotency-key'],
            metaOf(request),
          );
          return reply.code(replayed ? 200 : 201).send(value);
        },
      );
      app.put(
        '/cogov/proposals/:id',
        {
          schema: {
            tags,
            summary: 'Change what my proposal says (its author, while no one supports it yet)',
            params: IdParams,
            body: S.EditProposal,
            response: { 200: S.ProposalDetail, ...errorAnswers(409, 422) },
          },
        },
        async (request) => writing.edit(request.principal, request.params.id, request.body, metaOf(request)),
      );
      app.get(
        '/cogov/proposals/:id/photos/:photoId',
        {
          schema: {
            tags,
            summary: 'A photo of a proposal, to whoever may read the proposal',
            params: Obj({ id: Uuid(), photoId: Uuid() }),
            response: { 200: PhotoBytes },
          },
        },
        async (request, reply) =>
          sendPhoto(reply, await proposals.photo(request.principal, request.params.id, request.params.photoId)),
      );
      app.get(
        '/cogov/proposals/:id',
        {
          schema: {
            tags,
            summary: 'A proposal, its answer and its comments',
            params: IdParams,
            response: { 200: S.ProposalDetail },
          },
        },
        async (request) => proposals.get(request.principal, request.params.id),
      );
      app.post(
        '/cogov/proposals/:id/support',
        {
          schema: {
            tags,
            summary: 'Support a proposal of my community (once per resident)',
            params: IdParams,
            response: { 200: S.ProposalDetail },
          },
        },
        async (request) => proposals.support(request.principal, request.params.id, metaOf(request)),
      );
      app.put(
        '/cogov/proposals/:id/follow',
        { schema: { tags, summary: 'Follow a proposal', params: IdParams, response: { 200: S.ProposalDetail } } },
        async (request) => proposals.follow(request.principal, request.params.id, true),
      );
      app.delete(
        '/cogov/proposals/:id/follow',
        {
          schema: { tags, summary: 'Stop following a proposal', params: IdParams, response: { 200: S.ProposalDetail } },
        },
        async (request) => proposals.follow(request.principal, request.params.id, false),
      );
      app.post(
        '/cogov/proposals/:id/comments',
        {
          schema: {
            tags,
            summary: 'Comment on a proposal (or reply to a comment)',
            params: IdParams,
            body: S.NewComment,
            response: { 200: S.ProposalDetail, ...errorAnswers(422) },
          },
        },
        async (request) => writing.comment(request.principal, request.params.id, request.body, metaOf(request)),
      );
      app.post(
        '/cogov/proposals/:id/answer',
        {
          schema: {
            tags,
            summary: "The committee's answer: accepted with a plan, or declined with reasons",
            params: IdParams,
            body: S.Answer,
            response: { 200: S.ProposalDetail },
          },
        },
        async (request) => proposals.answer(request.principal, request.params.id, request.body, metaOf(request)),
      );
      app.put(
        '/cogov/proposals/:id/link',
        {
          schema: {
            tags,
            summary: 'Link a proposal to the city-ops event or the case it led to (the committee)',
            params: IdParams,
            body: S.Link,
            response: { 200: S.ProposalDetail },
          },
        },
        async (request) => proposals.link(request.principal, request.params.id, request.body, metaOf(request)),
      );
    },
  };
}
