/** org — regions (行政区划), departments, communities and grids, staff posts, the community roster. */
import { defineModule } from '../../platform/module.ts';
import { PII } from '../../platform/pii.ts';
import type { IdentityService } from '../identity/index.ts';
import { orgMigrations } from './migrations/index.ts';
import { orgPermissions } from './org.policy.ts';
import { orgRoutes } from './org.routes.ts';
import { OrgService } from './org.service.ts';

export { OrgService } from './org.service.ts';

export const ORG_EVENTS = ['org.post.created', 'org.post.ended'] as const;

export const orgModule = defineModule<{ service: OrgService }, { identity: IdentityService }>({
  name: 'org',
  migrations: orgMigrations,
  permissions: orgPermissions,
  events: ORG_EVENTS,
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
    platform.outbox.subscribe('identity.account.registered', 'org.verify-against-roster', async (event) => {
      await service.verifyRegistration((event.payload as { accountId: string }).accountId);
    });
    return { plugin: orgRoutes(service), api: { service } };
  },
});
