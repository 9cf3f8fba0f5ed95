/** org — regions (行政区划), departments, communities and grids, staff posts. The community roster is the exchange's. */
import { defineModule } from '../../platform/module.ts';
import { orgErrors } from './org.errors.ts';
import type { IdentityService } from '../identity/index.ts';
import { orgMigrations } from './migrations/index.ts';
import { orgPermissions } from './org.policy.ts';
import { orgRoutes } from './org.routes.ts';
import { orgEvents, type OrgEvents } from './org.events.ts';
import { OrgSeeder, OrgService } from './org.service.ts';

export { OrgService, type OrgSeeder, type SeedPost, type SeedStructure } from './org.service.ts';
export { orgEvents, type OrgEvents } from './org.events.ts';

export interface OrgApi {
  service: OrgService;
  /** Loads a city's structure and staff posts (a seed; one seeder per load, it remembers the ids it made). */
  seeder(): OrgSeeder;
}

export const orgModule = defineModule<OrgApi, { identity: IdentityService }, OrgEvents>({
  name: 'org',
  migrations: orgMigrations,
  permissions: orgPermissions,
  events: orgEvents,
  errors: orgErrors,
  create(platform, deps) {
    const service = new OrgService(platform, deps.identity);
    deps.identity.setPostSource((accountId) => service.postsOf(accountId));
    return { plugin: orgRoutes(service), api: { service, seeder: () => new OrgSeeder(platform) } };
  },
});
