/** Routes of proposals (居民提议). */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { errorAnswers, IdParams } from '../../platform/http.ts';
import type { CogovContext, CogovPart } from './cogov.context.ts';
import { Proposals } from './cogov.proposals.ts';
import * as S from './cogov.proposals.schemas.ts';
import { metaOf } from './cogov.schemas.ts';

export function createProposals(c: CogovContext): CogovPart<Proposals> {
  const proposals = new Proposals(c);
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
            summary: 'Propose something for my community (a verified resident on the roster)',
            body: S.NewProposal,
            response: { 201: S.ProposalDetail, ...errorAnswers(422) },
          },
        },
        async (request, reply) => {
          reply.code(201);
          return proposals.create(request.principal, request.body, metaOf(request));
        },
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
        async (request) => proposals.comment(request.principal, request.params.id, request.body, metaOf(request)),
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
