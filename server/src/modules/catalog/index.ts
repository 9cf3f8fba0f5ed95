/** catalog — service items (政务服务事项) with versions, life-event bundles, search. */
import { defineModule } from '../../platform/module.ts';
import { catalogErrors } from './catalog.errors.ts';
import { catalogMigrations } from './migrations/index.ts';
import { catalogPermissions } from './catalog.policy.ts';
import { catalogRoutes } from './catalog.routes.ts';
import { catalogEvents, type CatalogEvents } from './catalog.events.ts';
import { CatalogService } from './catalog.service.ts';

export { CatalogService, mergeForms, mergeMaterials } from './catalog.service.ts';
export { catalogEvents, type CatalogEvents } from './catalog.events.ts';
export type { BundleData, BundleOrder } from './catalog.tables.ts';
export type {
  Channel,
  FormDefinition,
  FormField,
  ItemType,
  LocalText,
  Material,
  ServiceItemData,
  TimeLimit,
} from './catalog.types.ts';

export interface CatalogDeps {
  regionCode: string;
  /** What a form field may be prefilled from: identity's PrefillSource and the exchange's RegistryPrefill values. */
  prefillSources?: readonly string[];
}

export const catalogModule = defineModule<{ service: CatalogService }, CatalogDeps, CatalogEvents>({
  name: 'catalog',
  migrations: catalogMigrations,
  permissions: catalogPermissions,
  events: catalogEvents,
  errors: catalogErrors,
  create(platform, deps) {
    const service = new CatalogService(platform, deps.regionCode, deps.prefillSources ?? null);
    return { plugin: catalogRoutes(service), api: { service } };
  },
});
