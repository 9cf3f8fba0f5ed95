/**
 * supervision — service ratings (好差评) and their rectification (差评整改), with the published
 * figures. Efficiency supervision and credit records join this module later (their files
 * `supervision.<part>.*`); random inspections live in `inspections`.
 */
import type { Kysely, Transaction } from 'kysely';
import { defineModule } from '../../platform/module.ts';
import { applicationsEvents, CASE_CHANGED } from '../applications/index.ts';
import type { ApplicationsService } from '../applications/index.ts';
import type { CatalogService } from '../catalog/index.ts';
import type { NotifyInput } from '../notify/index.ts';
import type { OrgService } from '../org/index.ts';
import { supervisionMigrations } from './migrations/index.ts';
import { OVERDUE_JOB, TELL_JOB, type OverdueJob, type SupervisionDeps, type TellJob } from './supervision.context.ts';
import { registerDeadlines } from './supervision.deadlines.ts';
import { supervisionErrors } from './supervision.errors.ts';
import { supervisionPermissions } from './supervision.policy.ts';
import { supervisionRoutes } from './supervision.routes.ts';
import { supervisionService, type SupervisionService } from './supervision.service.ts';

export type { SupervisionService } from './supervision.service.ts';
export type { SupervisionDeps, SupervisionSettings } from './supervision.context.ts';
export type { SeedItem as SupervisionSeedItem } from './supervision.seed.ts';
export { FEED_VERSION } from './supervision.figures.ts';
export { anomalySources, type AnomalySources } from './supervision.anomaly-sources.ts';

export interface SupervisionApi {
  service: SupervisionService;
}

/** What app.ts hands over: the other modules' created parts and the city's settings. */
export interface SupervisionWiring {
  catalog: { api: { service: CatalogService } };
  applications: {
    api: {
      service: Pick<
        ApplicationsService,
        'deadlineLines' | 'deadlineLinesOf' | 'deadlineLinesOfCases' | 'caseFacts' | 'caseFactsPage'
      >;
    };
  };
  org: { api: { service: OrgService } };
  notify: {
    api: {
      notifyAccount(tx: Transaction<object> | Kysely<object>, input: NotifyInput, at: Date): Promise<string | null>;
    };
  };
  config: { regionCode: string; timeZone: string; supervision: SupervisionDeps['settings'] };
}

/** The module's dependencies from app.ts's parts (the wiring stays here, not in app.ts). */
export const supervisionDeps = (w: SupervisionWiring): SupervisionDeps => ({
  catalog: w.catalog.api.service,
  org: w.org.api.service,
  applications: w.applications.api.service,
  cases: w.applications.api.service,
  notifyAccount: (tx, input, at) => w.notify.api.notifyAccount(tx, input, at),
  settings: w.config.supervision,
  regionCode: w.config.regionCode,
  timeZone: w.config.timeZone,
});

export const supervisionModule = defineModule<SupervisionApi, SupervisionDeps>({
  name: 'supervision',
  migrations: supervisionMigrations,
  permissions: supervisionPermissions,
  events: {},
  errors: supervisionErrors,
  create(platform, deps) {
    const service = supervisionService(platform, deps);
    platform.outbox.subscribe(applicationsEvents, CASE_CHANGED, 'supervision.rating-invitation', (e) =>
      service.onCaseChanged(e),
    );
    platform.outbox.subscribeMany(applicationsEvents, CASE_CHANGED, 'supervision.cases', (events) =>
      service.casesChanged(events),
    );
    platform.outbox.subscribe(applicationsEvents, CASE_CHANGED, 'supervision.anomalies', (e) =>
      service.anomalies.onCaseChanged(e),
    );
    platform.jobs.register<OverdueJob>(OVERDUE_JOB, (job) => service.onOverdue(job));
    platform.jobs.register<TellJob>(TELL_JOB, (job) => service.onTell(job));
    registerDeadlines(platform, service.deadlines);
    return { plugin: supervisionRoutes(service), api: { service } };
  },
});
