/**
 * Part 2 of superapp, the mini-app registry: registration and versions (an organisation's agent),
 * review (the app reviewer), the automated pre-review in headless Chromium (a background job on
 * each submission, and on demand), and the app centre's public list. Its api for supervision:
 * `suspend(appId, reason, actor)` and `recheck(appId)`.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ActorRef } from '../../platform/audit.ts';
import { errorAnswers, Items, PUBLIC } from '../../platform/http.ts';
import type { SuperappContext, SuperappPart } from './superapp.context.ts';
import { PreReviewer, PreReviewReport, type PreReviewReportT } from './superapp.registry.prereview.ts';
import { Review } from './superapp.registry.review.ts';
import {
  AppDetail,
  AppIdParams,
  AppRowSchema,
  ApproveBody,
  PublicApp,
  PublicAppsQuery,
  QueueItem,
  ReasonBody,
  ReviewAppsQuery,
  SubmitBody,
  VersionParams,
} from './superapp.registry.schemas.ts';
import {
  PREREVIEW_JOB,
  RECHECK_JOB,
  Registry,
  type PreReviewJob,
  type RecheckJob,
} from './superapp.registry.service.ts';

export interface RegistryApi {
  registry: Registry;
  review: Review;
  /** Suspend an approved app (supervision: upheld complaints, a failed re-check); audited as `actor`. */
  suspend(appId: string, reason: string, actor: ActorRef): Promise<unknown>;
  /** Run the pre-review on the live version again: its report (also kept on the version). */
  recheck(appId: string): Promise<PreReviewReportT>;
}

const origin = (r: FastifyRequest) => ({ requestId: String(r.id), ip: r.ip });

export function createRegistry(c: SuperappContext): SuperappPart<RegistryApi> {
  const preReviewer = new PreReviewer({
    chromiumPath: c.deps.registry.chromiumPath,
    platformUrl: c.deps.config.publicUrl,
  });
  const registry = new Registry(c, preReviewer);
  const review = new Review(c, registry);
  c.platform.jobs.register<PreReviewJob>(PREREVIEW_JOB, (job) => registry.onPreReviewJob(job));
  c.platform.jobs.register<RecheckJob>(RECHECK_JOB, (job) => registry.onRecheckJob(job));
  return {
    api: {
      registry,
      review,
      suspend: (appId, reason, actor) => review.suspendAs(actor, actor.accountId, appId, reason),
      recheck: (appId) => registry.recheck(appId),
    },
    async plugin(fastify: FastifyInstance) {
      const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
      const tags = ['superapp'];
      app.get(
        '/superapp/apps',
        {
          schema: {
            tags,
            summary: 'Approved mini-apps (the app centre and search), by category and words',
            ...PUBLIC,
            querystring: PublicAppsQuery,
            response: { 200: Items(PublicApp) },
          },
        },
        async (request) => registry.live(request.query),
      );
      app.post(
        '/superapp/registry/apps',
        {
          schema: {
            tags,
            summary: 'Register a mini-app for the enterprise I act for (version 1, in review)',
            body: SubmitBody,
            response: { 201: AppDetail, ...errorAnswers(422) },
          },
        },
        async (request, reply) => {
          reply.code(201);
          return registry.register(request.principal, request.body.manifest, origin(request));
        },
      );
      app.get(
        '/superapp/registry/apps',
        { schema: { tags, summary: 'The apps of the enterprise I act for', response: { 200: Items(AppDetail) } } },
        async (request) => registry.mine(request.principal),
      );
      app.get(
        '/superapp/registry/apps/:id',
        {
          schema: {
            tags,
            summary: 'An app with its versions, pre-review reports and decisions (its owner or the app reviewer)',
            params: AppIdParams,
            response: { 200: AppDetail },
          },
        },
        async (request) => registry.get(request.principal, request.params.id),
      );
      app.post(
        '/superapp/registry/apps/:id/versions',
        {
          schema: {
            tags,
            summary: 'Submit a new version (reviewed; the live version keeps serving meanwhile)',
            params: AppIdParams,
            body: SubmitBody,
            response: { 201: AppDetail, ...errorAnswers(422) },
          },
        },
        async (request, reply) => {
          reply.code(201);
          return registry.submitVersion(request.principal, request.params.id, request.body.manifest, origin(request));
        },
      );
      app.get(
        '/superapp/review/queue',
        { schema: { tags, summary: 'Versions waiting for review, oldest first', response: { 200: Items(QueueItem) } } },
        async (request) => registry.queue(request.principal),
      );
      app.get(
        '/superapp/review/apps',
        {
          schema: {
            tags,
            summary: 'Every registered app (the app reviewer)',
            querystring: ReviewAppsQuery,
            response: { 200: Items(AppRowSchema) },
          },
        },
        async (request) => registry.apps(request.principal, request.query.status),
      );
      app.post(
        '/superapp/review/apps/:id/versions/:version/pre-review',
        {
          schema: {
            tags,
            summary: 'Run the automated pre-review of a version now (headless Chromium)',
            params: VersionParams,
            response: { 200: PreReviewReport },
          },
        },
        async (request) => registry.preReview(request.principal, request.params.id, request.params.version),
      );
      app.post(
        '/superapp/review/apps/:id/versions/:version/approve',
        {
          schema: {
            tags,
            summary: 'Approve a version: it goes live (audited; the owner is told)',
            params: VersionParams,
            body: ApproveBody,
            response: { 200: AppDetail },
          },
        },
        async (request) =>
          review.approve(
            request.principal,
            request.params.id,
            request.params.version,
            request.body.note,
            origin(request),
          ),
      );
      app.post(
        '/superapp/review/apps/:id/versions/:version/reject',
        {
          schema: {
            tags,
            summary: 'Reject a version with reasons (audited; the owner is told)',
            params: VersionParams,
            body: ReasonBody,
            response: { 200: AppDetail },
          },
        },
        async (request) =>
          review.reject(
            request.principal,
            request.params.id,
            request.params.version,
            request.body.reason,
            origin(request),
          ),
      );
      for (const [path, summary, act] of [
        ['suspend', 'Suspend an approved app, with a reason', review.suspend],
        ['reinstate', 'Reinstate a suspended app', review.reinstate],
        ['take-down', 'Take an app down for good, with a reason', review.takeDown],
      ] as const)
        app.post(
          `/superapp/review/apps/:id/${path}`,
          {
            schema: {
              tags,
              summary: `${summary} (audited; the owner is told)`,
              params: AppIdParams,
              body: ReasonBody,
              response: { 200: AppDetail },
            },
          },
          async (request) =>
            act.call(review, request.principal, request.params.id, request.body.reason, origin(request)),
        );
    },
  };
}
