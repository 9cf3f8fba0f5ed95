/** applications — cases (办件): drafts, submission, materials, the workflow engine, time limits, inbox, history. */
import type { Clock } from '../../platform/clock.ts';
import { defineModule } from '../../platform/module.ts';
import { applicationsErrors } from './applications.errors.ts';
import { PII } from '../../platform/pii.ts';
import { applicationsMigrations } from './migrations/index.ts';
import { applicationsPermissions } from './applications.policy.ts';
import { applicationsRoutes } from './applications.routes.ts';
import type { ApplicationsDeps } from './applications.context.ts';
import { applicationsEvents, type ApplicationsEvents } from './applications.events.ts';
import { DEADLINE_JOB, type DeadlineJob } from './applications.progress.ts';
import { applicationsService, type ApplicationsService } from './applications.service.ts';

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

export type { CaseViewT } from './applications.schemas.ts';
export type { CaseFact } from './applications.facts.ts';
export type { EvidenceExchange, EvidenceRecord, EvidenceSubject, FeeGate } from './applications.context.ts';
export type { DecisionFacts } from './applications.decision-facts.ts';
export type { CounterFilingInput, FiledAtCounter } from './applications.counter-filing.ts';
export type { DeadlineLine } from './applications.deadline-lines.ts';

export interface ApplicationsApi {
  service: ApplicationsService;
  /**
   * The same service on another clock (with the same fee gate): a seed files a case history on a
   * clock that walks through the past.
   */
  serviceOn(clock: Clock): ApplicationsService;
}

export const applicationsModule = defineModule<ApplicationsApi, ApplicationsDeps, ApplicationsEvents>({
  name: 'applications',
  migrations: applicationsMigrations,
  permissions: applicationsPermissions,
  events: applicationsEvents,
  errors: applicationsErrors,
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
    {
      table: 'applications.case_versions',
      key: ['case_id', 'seq'],
      column: 'form_sealed',
      context: 'applications.case.form',
    },
    { table: 'applications.cases', key: ['id'], column: 'lookup_sealed', context: 'applications.case.lookup' },
    {
      table: 'applications.case_evidence',
      key: ['case_id', 'material_code', 'record_id'],
      column: 'values_sealed',
      context: 'applications.case.evidence',
    },
    { table: 'applications.cases', key: ['id'], copiedBlindIndex: 'applicant_subject_index', context: PII.citizenId },
  ],
  create(platform, deps) {
    // One set of hooks: a service on another clock honours the fee gate set on this one.
    const hooks = { feeGate: null };
    const service = applicationsService(platform, deps, hooks);
    platform.jobs.register<DeadlineJob>(DEADLINE_JOB, (job) => service.onDeadline(job));
    return {
      plugin: applicationsRoutes(service, deps.uploadLimitBytes),
      api: { service, serviceOn: (clock) => applicationsService({ ...platform, clock }, deps, hooks) },
    };
  },
});
