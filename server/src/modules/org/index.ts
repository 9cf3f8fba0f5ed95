/** org — regions (行政区划), departments, communities and grids, staff posts, the community roster. */
import { defineModule } from '../../platform/module.ts';
import { orgErrors } from './org.errors.ts';
import { PII } from '../../platform/pii.ts';
import { identityEvents, type IdentityService } from '../identity/index.ts';
import { orgMigrations } from './migrations/index.ts';
import { orgPermissions } from './org.policy.ts';
import { orgRoutes } from './org.routes.ts';
import { orgEvents, type OrgEvents } from './org.events.ts';
import { OrgSeeder, OrgService } from './org.service.ts';

export { OrgService, type OrgSeeder, type SeedPost, type SeedResident, type SeedStructure } from './org.service.ts';
export { orgEvents, type OrgEvents } from './org.events.ts';

export interface OrgApi {
  service: OrgService;
  /** Loads a city's structure, roster and staff posts (a seed; one seeder per load, it remembers the ids it made). */
  seeder(): OrgSeeder;
}

export const orgModule = defineModule<OrgApi, { identity: IdentityService }, OrgEvents>({
  name: 'org',
  migrations: orgMigrations,
  permissions: orgPermissions,
  events: orgEvents,
  errors: orgErrors,
  sealed: [
    {
      table: 'org.residents',
      key: ['region_code', 'id'],
      column: 'id_number_enc',
      context: PII.citizenId,
      blindIndex: 'id_number_index',
    },
    { table: 'org.residents', key: ['region_code', 'id'], column: 'phone_enc', context: PII.phone },
    { table: 'org.residents', key: ['region_code', 'id'], column: 'address_enc', context: PII.address },
  ],
  create(platform, deps) {
    const service = new OrgService(platform, deps.identity);
    deps.identity.setPostSource((accountId) => service.postsOf(accountId));
    platform.outbox.subscribe(identityEvents, 'identity.account.registered', 'org.verify-against-roster', (event) =>
      service.verifyRegistration(event.payload.accountId),
    );
    return { plugin: orgRoutes(service), api: { service, seeder: () => new OrgSeeder(platform) } };
  },
});
