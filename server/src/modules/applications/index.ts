/** applications — cases (办件): drafts, submission, materials, the workflow engine, time limits, inbox, history. */
import { defineModule } from '../../platform/module.ts';
import { PII } from '../../platform/pii.ts';
import { applicationsMigrations } from './migrations/index.ts';
import { applicationsPermissions } from './applications.policy.ts';
import { applicationsRoutes } from './applications.routes.ts';
import {
  APPLICATION_EVENTS,
  ApplicationsService,
  DEADLINE_JOB,
  type ApplicationsDeps,
} from './applications.service.ts';
import { seedDemoHistory, type DemoHistoryOptions } from './demo-history.ts';

export { ApplicationsService, APPLICATION_EVENTS, formatCaseNumber } from './applications.service.ts';

export type { DemoApplicant, DemoHistoryOptions } from './demo-history.ts';
export { sampleAnswers, samplePdf } from './sample-answers.ts';

export interface ApplicationsApi {
  service: ApplicationsService;
  /** The demo city's case history, played through the service on a clock that walks the past. */
  seedHistory(opts: DemoHistoryOptions): Promise<number>;
}

export const applicationsModule = defineModule<ApplicationsApi, ApplicationsDeps>({
  name: 'applications',
  migrations: applicationsMigrations,
  permissions: applicationsPermissions,
  events: APPLICATION_EVENTS,
  // The contexts applications.service.ts seals with (the rotation test opens every one of them).
  sealed: [
    { table: 'applications.drafts', key: ['id'], column: 'form_sealed', context: 'applications.draft.form' },
    { table: 'applications.cases', key: ['id'], column: 'form_sealed', context: 'applications.case.form' },
    {
      table: 'applications.cases',
      key: ['id'],
      column: 'applicant_name_sealed',
      context: 'applications.case.applicant-name',
    },
    { table: 'applications.cases', key: ['id'], copiedBlindIndex: 'applicant_subject_index', context: PII.citizenId },
  ],
  create(platform, deps) {
    const service = new ApplicationsService(platform, deps);
    platform.jobs.register<{ caseId: string; branch: string; seq: number }>(DEADLINE_JOB, (job) =>
      service.onDeadline(job),
    );
    return {
      plugin: applicationsRoutes(service, deps.uploadLimitBytes),
      api: { service, seedHistory: (opts) => seedDemoHistory(platform, deps, opts) },
    };
  },
});
