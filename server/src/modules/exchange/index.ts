/**
 * exchange — once-only data sharing (数据共享): the base registries the departments own, with
 * versioned schemas and a sensitivity class per field; sharing grants; consents; the one
 * read path that checks them and logs every read and refusal for the person's data tracker.
 */
import type { FastifyInstance } from 'fastify';
import { defineModule } from '../../platform/module.ts';
import { PII } from '../../platform/pii.ts';
import type { IdentityService } from '../identity/index.ts';
import { ExchangeContext, RECORD_CONTEXT, type ExchangeDeps } from './exchange.context.ts';
import { exchangeErrors } from './exchange.errors.ts';
import { exchangeEvents, GRANT_CHANGED, type ExchangeEvents } from './exchange.events.ts';
import { exchangePermissions } from './exchange.policy.ts';
import { syncRegistries } from './exchange.registry-sync.ts';
import { exchangeRoutes } from './exchange.routes.ts';
import { exchangeService, type ExchangeService } from './exchange.service.ts';
import { exchangeMigrations } from './migrations/index.ts';

export type { ExchangeService } from './exchange.service.ts';
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

export interface ExchangeApi {
  service: ExchangeService;
}

export const exchangeModule = defineModule<
  ExchangeApi,
  ExchangeDeps & { identity: Pick<IdentityService, 'valuesOf'> },
  ExchangeEvents
>({
  name: 'exchange',
  migrations: exchangeMigrations,
  permissions: exchangePermissions,
  events: exchangeEvents,
  errors: exchangeErrors,
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
  ],
  create(platform, deps) {
    const context = new ExchangeContext(platform, deps);
    const service = exchangeService(context, deps.identity);
    // Another node's grant change: drop this node's cached grants of that registry.
    platform.outbox.subscribe(exchangeEvents, GRANT_CHANGED, 'exchange.grant-cache', async (e) => {
      context.dropGrants(e.payload.registry);
    });
    const routes = exchangeRoutes(service);
    return {
      plugin: async (fastify: FastifyInstance) => {
        await routes(fastify);
        fastify.addHook('onReady', async () => {
          await syncRegistries(context);
        });
      },
      api: { service },
    };
  },
});
