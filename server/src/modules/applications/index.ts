/** applications — cases (办件): drafts, submission, materials, the workflow engine, time limits, inbox, history. */
import { defineModule } from '../../platform/module.ts';
import { applicationsMigrations } from './migrations/index.ts';
import { applicationsPermissions } from './applications.policy.ts';
import { applicationsRoutes } from './applications.routes.ts';
import type { ApplicationsDeps } from './applications.context.ts';
import { applicationsEvents, type ApplicationsEvents } from './applications.events.ts';
import { DEADLINE_JOB, type DeadlineJob } from './applications.progress.ts';
import { applicationsService, type ApplicationsService } from './applications.service.ts';
import { seedDemoHistory, type DemoHistoryOptions } from './demo-history.ts';

export type { ApplicationsService } from './applications.service.ts';
export { formatCaseNumber } from './applications.submission.ts';
export {
  applicationsEvents,
  CASE_CHANGED,
  CASE_OVERDUE,
  CaseChangedPayload,
  CaseOverduePayload,
  type ApplicationsEvents,
} from './applications.events.ts';

export type { DemoApplicant, DemoHistoryOptions } from './demo-history.ts';
export { sampleAnswers, samplePdf } from './sample-answers.ts';

export interface ApplicationsApi {
  service: ApplicationsService;
  /** The demo city's case history, played through the service on a clock that walks the past. */
  seedHistory(opts: DemoHistoryOptions): Promise<number>;
}

export const applicationsModule = defineModule<ApplicationsApi, ApplicationsDeps, ApplicationsEvents>({
  name: 'applications',
  migrations: applicationsMigrations,
  permissions: applicationsPermissions,
  events: applicationsEvents,
  create(platform, deps) {
    const service = applicationsService(platform, deps);
    platform.jobs.register<DeadlineJob>(DEADLINE_JOB, (job) => service.onDeadline(job));
    return {
      plugin: applicationsRoutes(service, deps.uploadLimitBytes),
      api: { service, seedHistory: (opts) => seedDemoHistory(platform, deps, opts) },
    };
  },
});
