/**
 * exchange — once-only data sharing (数据共享): the base registries the departments own, with
 * versioned schemas and a sensitivity class per field; sharing grants; consents; the one
 * read path that checks them and logs every read and refusal for the person's data tracker;
 * the community roster (实有人口, moved from org) and the seeding of the registries.
 */
import type { FastifyInstance } from 'fastify';
import { defineModule } from '../../platform/module.ts';
import { PII } from '../../platform/pii.ts';
import type { IdentityService } from '../identity/index.ts';
import type { OrgService } from '../org/index.ts';
import { EnterpriseDirectory } from './exchange.directory.ts';
import { EvidenceReads } from './exchange.evidence.ts';
import type { PreviewDeps } from './exchange.preview-deps.ts';
import { previewRoutes } from './exchange.preview-routes.ts';
import { SharedDataPreviews } from './exchange.preview.ts';
import { ExchangeContext, RECORD_CONTEXT, type ExchangeDeps } from './exchange.context.ts';
import { exchangeErrors } from './exchange.errors.ts';
import { exchangeEvents, GRANT_CHANGED, type ExchangeEvents } from './exchange.events.ts';
import { exchangePermissions } from './exchange.policy.ts';
import { syncRegistries } from './exchange.registry-sync.ts';
import { exchangeRoutes } from './exchange.routes.ts';
import { exchangeService, type ExchangeService } from './exchange.service.ts';
import { exchangeMigrations } from './migrations/index.ts';
import { externalRoutes } from './exchange.external.routes.ts';
import { exchangeSystemsErrors } from './exchange.systems.errors.ts';
import { ExternalSystems } from './exchange.systems.ts';
import { SystemTokens } from './exchange.token.ts';
import { createRoster, rosterSealed } from './exchange.roster-module.ts';
import type { RosterService } from './exchange.roster.ts';
import type { ExchangeSeeder } from './exchange.seed.ts';
import { SubjectData } from './exchange.subject-data.ts';
import { trackerRoutes } from './exchange.tracker.routes.ts';
import { Tracker } from './exchange.tracker.ts';

export type { ExchangeService } from './exchange.service.ts';
export type { SeedGrant, SeedResident } from './exchange.seed.ts';
export type { Requester, ReadRequest, RecordView, RecordValue, RefusalCode } from './exchange.read.ts';
export type { Subject } from './exchange.context.ts';
export { exchangeEvents, GRANT_CHANGED, CONSENT_CHANGED, type ExchangeEvents } from './exchange.events.ts';
export {
  REGISTRIES,
  REGISTRY_CODES,
  EVIDENCE_SOURCES,
  registryOf,
  qualifiedField,
  type RegistryCode,
  type EvidenceSource,
} from './exchange.registries.ts';
export { recordRow, digestOf, type NewRecord } from './exchange.records.ts';
export type { RecordStatus } from './exchange.tables.ts';
export type { DocumentRef } from './exchange.documents.ts';
export { TrackerEntry, type TrackerEntryT } from './exchange.tracker.schemas.ts';
export { LAW_ENFORCEMENT_DEPARTMENTS } from './exchange.tracker.ts';
export type { OwnRecordView } from './exchange.subject-data.ts';

export { REGISTRY_PREFILL_SOURCES } from './exchange.prefill.ts';
export type { EvidenceReads } from './exchange.evidence.ts';
export type { EnterpriseDirectory, DirectoryEnterprise } from './exchange.directory.ts';
export type { ExternalSystems, SystemInput } from './exchange.systems.ts';

export interface ExchangeApi {
  service: ExchangeService;
  /** External systems (another city's platform, a hospital): registration, for the console and the seed. */
  systems: ExternalSystems;
  /** The community roster: its verification of registrations (the routes are the module's). */
  roster: RosterService;
  /** Loads a city's roster, registry records and grants (a seed). */
  seeder(): ExchangeSeeder;
  /** For filing a case: shared materials read as evidence (the applications module's EvidenceExchange). */
  evidence: EvidenceReads;
  /** The data tracker (谁查了我的数据) and what the exchange holds about a person, for their own eyes. */
  subjectData: SubjectData;
  /** The enterprise registry's public fields, page by page (random inspections' target pool). */
  directory: EnterpriseDirectory;
}

export const exchangeModule = defineModule<
  ExchangeApi,
  ExchangeDeps & {
    identity: Pick<IdentityService, 'valuesOf' | 'identityFacts' | 'enterprisesOfAccount' | 'markIdVerified'>;
    org: Pick<OrgService, 'placeIds' | 'setResidentCounts'>;
    /** The platform's public URL, if configured: external systems' assertions name its token endpoint. */
    publicUrl: string | null;
  } & PreviewDeps,
  ExchangeEvents
>({
  name: 'exchange',
  migrations: exchangeMigrations,
  permissions: exchangePermissions,
  events: exchangeEvents,
  errors: { module: 'exchange', codes: { ...exchangeErrors.codes, ...exchangeSystemsErrors.codes } },
  sealed: [
    { table: 'exchange.records', key: ['id'], column: 'data_enc', context: RECORD_CONTEXT },
    {
      table: 'exchange.records',
      key: ['id'],
      column: 'subject_enc',
      context: PII.citizenId,
      blindIndex: 'subject_index',
    },
    { table: 'exchange.consents', key: ['id'], copiedBlindIndex: 'subject_index', context: PII.citizenId },
    ...rosterSealed,
  ],
  create(platform, deps) {
    const context = new ExchangeContext(platform, deps);
    const service = exchangeService(context, deps.identity);
    // Another node's grant change: drop this node's cached grants of that registry.
    platform.outbox.subscribe(exchangeEvents, GRANT_CHANGED, 'exchange.grant-cache', async (e) => {
      context.dropGrants(e.payload.registry);
    });
    const routes = exchangeRoutes(service);
    // External systems read through the same read path, as a system requester (exchange.external.routes.ts).
    const tokens = new SystemTokens(platform.db, platform.clock);
    const systems = new ExternalSystems(
      platform,
      tokens,
      async (code) => (await deps.org.departmentNames()).has(code),
      () => syncRegistries(context),
    );
    const external = externalRoutes({
      systems,
      tokens,
      publicUrl: deps.publicUrl,
      read: (system, body, requestId) =>
        service.read(
          {
            kind: 'system',
            system: system.id,
            name: `${system.name} · ${body.userId}`,
            departmentCode: system.departmentCode,
          },
          {
            registry: body.registry,
            subject: body.subject,
            fields: body.fields,
            recordType: body.recordType,
            purpose: body.purpose,
            caseNumber: body.caseNumber,
            requestId,
          },
        ),
    });
    const roster = createRoster(platform, deps, () => syncRegistries(context));
    const previews = previewRoutes(new SharedDataPreviews(context, service, deps));
    const tracker = new Tracker(platform, {
      identity: deps.identity,
      org: deps.org,
      enterpriseIndexes: (uscc) => platform.protector.blindIndexes(uscc, PII.citizenId),
    });
    return {
      plugin: async (fastify: FastifyInstance) => {
        await routes(fastify);
        // Its own encapsulated context: the form-encoded token requests' parser stays there.
        await fastify.register(external);
        await trackerRoutes(tracker)(fastify);
        await roster.plugin(fastify);
        await previews(fastify);
        fastify.addHook('onReady', async () => {
          await syncRegistries(context);
        });
      },
      api: {
        service,
        evidence: new EvidenceReads(context, service),
        systems,
        subjectData: new SubjectData(service, tracker),
        directory: new EnterpriseDirectory(context),
        roster: roster.roster,
        seeder: roster.seeder,
      },
    };
  },
});
