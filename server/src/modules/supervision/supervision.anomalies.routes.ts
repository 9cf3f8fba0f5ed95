/** HTTP routes of supervision's anomaly flags (异常预警): flags, findings, the rule set, the full pass, declarations. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { IdParams, errorAnswers } from '../../platform/http.ts';
import * as S from './supervision.anomalies.schemas.ts';
import type { Anomalies } from './supervision.anomalies.ts';

const origin = (r: FastifyRequest) => ({ requestId: String(r.id), ip: r.ip });

export function anomalyRoutes(anomalies: Anomalies) {
  const tags = ['supervision'];
  return async function plugin(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/supervision/anomalies',
      {
        schema: {
          tags,
          summary:
            "Anomaly flags (异常预警) in the caller's scope: a supervisor's region; a department head's department, read-only (not flags naming the head)",
          querystring: S.FlagQuery,
          response: { 200: S.FlagPage },
        },
      },
      async (request) => anomalies.flags(request.principal, request.query),
    );

    app.get(
      '/supervision/anomalies/:id',
      {
        schema: {
          tags,
          summary: 'One anomaly flag',
          params: IdParams,
          response: { 200: S.Flag, ...errorAnswers(404) },
        },
      },
      async (request) => anomalies.flag(request.principal, request.params.id),
    );

    app.post(
      '/supervision/anomalies/:id/review',
      {
        schema: {
          tags,
          summary: "A supervisor's finding on a flag: no issue, or referral to discipline inspection (audited, logged)",
          params: IdParams,
          body: S.ReviewBody,
          response: { 200: S.Flag, ...errorAnswers(404, 409) },
        },
      },
      async (request) => anomalies.review(request.principal, request.params.id, request.body, origin(request)),
    );

    app.get(
      '/supervision/anomaly-rules',
      {
        schema: {
          tags,
          summary: "The region's anomaly rules in force (a JSON rule language) and their versions",
          response: { 200: S.RulesView },
        },
      },
      async (request) => anomalies.rules(request.principal),
    );

    app.put(
      '/supervision/anomaly-rules',
      {
        schema: {
          tags,
          summary: 'A supervisor saves a new version of the rules (optimistic: expectedVersion)',
          body: S.RulesBody,
          response: { 200: S.RulesView, ...errorAnswers(409, 422) },
        },
      },
      async (request) => anomalies.saveRules(request.principal, request.body, origin(request)),
    );

    app.post(
      '/supervision/anomalies/full-pass',
      {
        schema: {
          tags,
          summary:
            'A supervisor runs every rule over every decided case of their region (set-based); flags are raised once',
          response: { 200: S.FullPassResult },
        },
      },
      async (request) => anomalies.fullPassOfRegion(request.principal, origin(request)),
    );

    app.put(
      '/supervision/relations',
      {
        schema: {
          tags,
          summary:
            "A staff member's declaration (利害关系申报): own ID number (for the registered address), relatives' ID numbers, related enterprises; only keyed hashes are kept",
          body: S.DeclarationBody,
          response: { 200: S.Declaration },
        },
      },
      async (request) => anomalies.declare(request.principal, request.body, origin(request)),
    );
  };
}
