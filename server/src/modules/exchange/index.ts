/** exchange — the base registries, the community roster (moved from org). */
import { defineErrors } from '../../platform/errors.ts';
import { defineModule } from '../../platform/module.ts';
import type { IdentityService } from '../identity/index.ts';
import type { OrgService } from '../org/index.ts';
import { createRoster, rosterSealed } from './exchange.roster-module.ts';
import type { RosterService } from './exchange.roster.ts';
import type { ExchangeSeeder } from './exchange.seed.ts';
import { rosterMigrations } from './migrations/roster.ts';

export type { SeedResident } from './exchange.seed.ts';

export interface ExchangeApi {
  roster: RosterService;
  seeder(): ExchangeSeeder;
}

export const exchangeModule = defineModule<ExchangeApi, { identity: IdentityService; org: OrgService }>({
  name: 'exchange',
  migrations: rosterMigrations,
  permissions: [],
  events: {},
  errors: defineErrors('exchange', {}),
  sealed: rosterSealed,
  create(platform, deps) {
    const r = createRoster(platform, deps);
    return { plugin: r.plugin, api: { roster: r.roster, seeder: r.seeder } };
  },
});
