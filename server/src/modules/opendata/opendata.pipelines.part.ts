/**
 * The pipelines part, assembled for the module's index.ts: the use cases on the module's
 * platform, the scheduled-run job's handler, and the routes.
 */
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/context.ts';
import { scoped } from '../../platform/db.ts';
import type { EventMap } from '../../platform/outbox.ts';
import type { PipelinesDeps } from './opendata.pipelines.run.ts';
import { pipelinesRoutes } from './opendata.pipelines.routes.ts';
import { Pipelines, RUN_JOB } from './opendata.pipelines.service.ts';
import type { PipelinesTables } from './opendata.pipelines.tables.ts';

export { Pipelines } from './opendata.pipelines.service.ts';
export { pipelinesErrors } from './opendata.pipelines.errors.ts';
export { pipelinesPermissions } from './opendata.pipelines.policy.ts';
export { pipelinesMigrations } from './migrations/pipelines.ts';

export function createPipelines(
  platform: Platform<EventMap>,
  deps: PipelinesDeps,
): { service: Pipelines; routes: (fastify: FastifyInstance) => Promise<void> } {
  const service = new Pipelines({ p: platform, db: scoped<PipelinesTables>(platform.db), deps });
  platform.jobs.register<{ pipelineId: string }>(RUN_JOB, (job) => service.onJob(job));
  return { service, routes: pipelinesRoutes(service) };
}
