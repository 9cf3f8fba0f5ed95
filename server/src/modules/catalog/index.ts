/** catalog — service items (政务服务事项) with versions, life-event bundles, search. */
import { defineModule } from '../../platform/module.ts';
import { catalogMigrations } from './migrations/index.ts';
import { catalogPermissions } from './catalog.policy.ts';
import { catalogRoutes } from './catalog.routes.ts';
import { CatalogService } from './catalog.service.ts';

export { CatalogService, mergeForms, mergeMaterials } from './catalog.service.ts';

export const CATALOG_EVENTS = ['catalog.item.published', 'catalog.item.retired'] as const;

export const catalogModule = defineModule<{ service: CatalogService }, { regionCode: string }>({
  name: 'catalog',
  migrations: catalogMigrations,
  permissions: catalogPermissions,
  events: CATALOG_EVENTS,
  create(platform, deps) {
    const service = new CatalogService(platform, deps.regionCode);
    return { plugin: catalogRoutes(service), api: { service } };
  },
});
