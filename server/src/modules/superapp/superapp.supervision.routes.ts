/** HTTP routes of supervision: the citizen's apps and complaints, usage events, the reviewer's and owner's views. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RequestOrigin } from '../../platform/auth.ts';
import { IdParams, Items, PUBLIC, errorAnswers } from '../../platform/http.ts';
import * as S from './superapp.supervision.schemas.ts';
import type { Supervision } from './superapp.supervision.service.ts';

const origin = (r: FastifyRequest): RequestOrigin => ({ requestId: String(r.id), ip: r.ip });
/** A usage batch's body: 50 events of at most about 1 KB each. */
const USAGE_BODY_LIMIT = 64 * 1024;

export function supervisionRoutes(s: Supervision) {
  const tags = ['superapp'];
  return async function plugin(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    // ---- the citizen (我的应用授权)
    app.get(
      '/superapp/me/apps',
      {
        schema: {
          tags,
          summary: 'The apps that received data about me: which claims, when, under which consent',
          response: { 200: Items(S.MyApp) },
        },
      },
      async (request) => s.releases.mine(request.principal),
    );
    app.get(
      '/superapp/me/apps/:id',
      {
        schema: {
          tags,
          summary: 'One app: what it received about me (the newest 100 releases), my consent and my complaints',
          params: IdParams,
          response: { 200: S.MyAppDetail },
        },
      },
      async (request) => s.releases.mineOne(request.principal, request.params.id),
    );
    app.post(
      '/superapp/me/apps/:id/withdraw',
      {
        schema: {
          tags,
          summary: 'Withdraw my consent to the app (its next userinfo call is refused)',
          params: IdParams,
          response: { 200: S.Withdrawn },
        },
      },
      async (request) => s.releases.withdraw(request.principal, request.params.id, origin(request)),
    );
    app.get(
      '/superapp/me/complaints',
      {
        schema: { tags, summary: 'My complaints about apps and their outcomes', response: { 200: Items(S.Complaint) } },
      },
      async (request) => s.complaints.mine(request.principal),
    );
    app.post(
      '/superapp/apps/:slug/complaints',
      {
        schema: {
          tags,
          summary: 'Complain about an app (投诉). The same Idempotency-Key answers the complaint filed the first time.',
          params: S.SlugParams,
          headers: S.IdempotencyKeyHeader,
          body: S.NewComplaint,
          response: { 201: S.Complaint, ...errorAnswers(422) },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await s.complaints.file(
              request.principal,
              request.params.slug,
              request.body,
              request.headers['idempotency-key'],
              origin(request),
            ),
          ),
    );

    // ---- usage events (the bridge forwards the SDK's; signed in or anonymous)
    app.post(
      '/superapp/apps/:slug/usage',
      {
        bodyLimit: USAGE_BODY_LIMIT,
        schema: {
          tags,
          ...PUBLIC,
          summary:
            'Usage events of an app (open, view, action, error), at most 50 a batch; limited per account or address (429 RATE_LIMITED)',
          params: S.SlugParams,
          body: S.UsageBatch,
          response: { 202: S.UsageAccepted, ...errorAnswers(403, 422, 429) },
        },
      },
      async (request, reply) =>
        reply
          .status(202)
          .send(await s.usage.ingest(request.principal, request.params.slug, request.body.events, origin(request))),
    );

    // ---- the app reviewer, and the owner's agent
    app.get(
      '/superapp/supervision/apps',
      {
        schema: {
          tags,
          summary:
            "Every app's supervision figures: releases, persons, complaints, the last 30 days' usage (app reviewer)",
          response: { 200: Items(S.SupervisedApp) },
        },
      },
      async (request) => s.list(request.principal),
    );
    app.get(
      '/superapp/supervision/apps/:id',
      {
        schema: {
          tags,
          summary:
            'What the app obtained (totals by claim, the newest releases, persons masked) and its complaints (app reviewer)',
          params: IdParams,
          response: { 200: S.AppSupervision },
        },
      },
      async (request) => s.releases.forReviewer(request.principal, request.params.id, s.settings.suspendAfterUpheld),
    );
    app.get(
      '/superapp/supervision/apps/:id/usage',
      {
        schema: {
          tags,
          summary: "The app's daily usage and errors (the app reviewer, or the owner's agent)",
          params: IdParams,
          querystring: S.UsageQuery,
          response: { 200: S.AppUsage },
        },
      },
      async (request) => s.usage.figures(request.principal, request.params.id, request.query),
    );
    app.get(
      '/superapp/supervision/apps/:id/figures',
      {
        schema: {
          tags,
          summary: "The app's aggregate figures, no persons (the owner's agent, or the app reviewer)",
          params: IdParams,
          response: { 200: S.OwnerFigures },
        },
      },
      async (request) => s.releases.ownerFigures(request.principal, request.params.id),
    );
    app.get(
      '/superapp/supervision/complaints',
      {
        schema: {
          tags,
          summary: 'Complaints about apps: open ones oldest first, or decided ones newest first (app reviewer)',
          querystring: S.ComplaintQueueQuery,
          response: { 200: Items(S.ReviewerComplaint) },
        },
      },
      async (request) => s.complaints.queue(request.principal, request.query.status),
    );
    app.post(
      '/superapp/supervision/complaints/:id/decision',
      {
        schema: {
          tags,
          summary:
            'Decide a complaint: upheld or dismissed, with the reason the complainant is told; enough upheld ones suspend the app (app reviewer)',
          params: IdParams,
          body: S.Decision,
          response: { 200: S.DecisionAnswer },
        },
      },
      async (request) => s.complaints.decide(request.principal, request.params.id, request.body, origin(request)),
    );
  };
}
