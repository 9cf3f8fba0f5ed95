/**
 * The roster's part of the exchange module: its sealed columns, its migrations, the start-up
 * step that seals names moved from org, the registration check and the routes. index.ts
 * assembles it with the rest of the exchange.
 */
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/context.ts';
import type { SealedField } from '../../platform/module.ts';
import { PII } from '../../platform/pii.ts';
import { identityEvents, type IdentityService } from '../identity/index.ts';
import type { OrgService } from '../org/index.ts';
import { rosterRoutes } from './exchange.roster-routes.ts';
import { RosterService } from './exchange.roster.ts';
import { ExchangeSeeder } from './exchange.seed.ts';

const key = ['region_code', 'id'];
export const rosterSealed: readonly SealedField[] = [
  {
    table: 'exchange.residents',
    key,
    column: 'id_number_enc',
    context: PII.citizenId,
    blindIndex: 'id_number_index',
  },
  { table: 'exchange.residents', key, column: 'name_enc', context: PII.name },
  { table: 'exchange.residents', key, column: 'phone_enc', context: PII.phone },
  { table: 'exchange.residents', key, column: 'address_enc', context: PII.address },
];

/** Builds the roster: verification against it subscribes to identity's registrations. */
export function createRoster(
  platform: Platform,
  deps: {
    identity: Pick<IdentityService, 'identityFacts' | 'markIdVerified'>;
    org: Pick<OrgService, 'placeIds' | 'setResidentCounts'>;
  },
  /** Brings the registry catalogue into the database (records refer to it). */
  syncCatalogue: () => Promise<void>,
) {
  const roster = new RosterService(platform, deps.identity);
  platform.outbox.subscribe(identityEvents, 'identity.account.registered', 'org.verify-against-roster', (event) =>
    roster.verifyRegistration(event.payload.accountId),
  );
  const routes = rosterRoutes(roster);
  return {
    roster,
    seeder: () => new ExchangeSeeder(platform, deps.org, syncCatalogue),
    /** The roster's routes; first, names moved from org by the migration are sealed. */
    plugin: async (fastify: FastifyInstance) => {
      await roster.sealImported();
      await routes(fastify);
    },
  };
}
