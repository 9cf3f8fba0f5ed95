/**
 * cogov — co-governance (一网共治): residents' standing, proposals (居民提议), consultations and
 * secret-ballot votes (议事协商), public comment on draft policies, volunteers and points,
 * patrols and notices, moderation. Several parts build it (/work/wt/COGOV.md, docs/cogov.md):
 * each adds ONE line below for its errors, ONE for its part in `parts`, its migrations file to
 * migrations/index.ts and a permissions block to cogov.policy.ts.
 */
import type { FastifyInstance } from 'fastify';
import { defineErrors } from '../../platform/errors.ts';
import { defineModule } from '../../platform/module.ts';
import { photoContentOfFacility, uploadOfFacility, type UploadFacility } from '../../platform/photos.ts';
import type { IdentityService } from '../identity/index.ts';
import type { NotifyApi } from '../notify/index.ts';
import type { OrgService } from '../org/org.service.ts';
import type { RosterService } from '../exchange/exchange.roster.ts';
import { CogovContext, type CogovPart } from './cogov.context.ts';
import { cogovErrors } from './cogov.errors.ts';
import { cogovEvents } from './cogov.events.ts';
import { createMe } from './cogov.me.ts';
import { createProposals } from './cogov.proposals.routes.ts';
import { createConsultations } from './cogov.consultations.routes.ts';
import { createModeration } from './cogov.moderation.ts';
import { createCivic } from './cogov.civic.ts';
import { coreDemo } from './cogov.core.seed.ts';
import { cogovCivicErrors } from './cogov.civic.errors.ts';
import { cogovPermissions } from './cogov.policy.ts';
import { cogovMigrations } from './migrations/index.ts';

export { cogovEvents, type CogovEvents } from './cogov.events.ts';
export type { Standing, Eligibility, Residence } from './cogov.standing.ts';
export type { ContentType, ContentFacts } from './cogov.content-types.ts';

/** The module's error catalogue: the core's codes and each part's (one line each). */
const errors = defineErrors('cogov', {
  ...cogovErrors.codes,
  ...cogovCivicErrors.codes,
});

export interface CogovDependencies {
  identity: Pick<IdentityService, 'identityFacts' | 'verifiedAccountsOf'>;
  roster: Pick<RosterService, 'residenceOf' | 'countResidents' | 'residentIndexes'>;
  org: Pick<OrgService, 'placeNames'>;
  /** The city's community polygons (cityops): a proposal's point lies in them. */
  map: { inCity(lat: number, lng: number): boolean };
  notify: { api: Pick<NotifyApi, 'notifyAccount'> };
  /** The platform's upload facility (applications): the photos of proposals. */
  applications: { api: { service: UploadFacility } };
  config: { regionCode: string; timeZone: string };
}

/** Every part of cogov, made from the shared context: ONE line each. */
function createParts(c: CogovContext) {
  const consultations = createConsultations(c);
  const civic = createCivic(c);
  return {
    me: createMe(c),
    proposals: createProposals(c),
    consultations,
    moderation: createModeration(c),
    civic,
    // The core's demo proposals and consultations (in the demo citizen's community, found through civic's sources).
    coreDemo: coreDemo(c, consultations, civic),
  } satisfies Record<string, CogovPart>;
}

export const cogovModule = defineModule<
  { context: CogovContext; parts: ReturnType<typeof createParts> },
  CogovDependencies,
  typeof cogovEvents
>({
  name: 'cogov',
  migrations: cogovMigrations,
  permissions: cogovPermissions,
  events: cogovEvents,
  errors,
  create(platform, deps) {
    const context = new CogovContext(platform, {
      regionCode: deps.config.regionCode,
      timeZone: deps.config.timeZone,
      identityFacts: (id) => deps.identity.identityFacts(id),
      residenceOf: (region, indexes) => deps.roster.residenceOf(region, indexes),
      countResidents: (f) => deps.roster.countResidents(f),
      placeNames: (communityId, gridId) => deps.org.placeNames(communityId, gridId),
      inCity: (lat, lng) => deps.map.inCity(lat, lng),
      notifyAccount: (tx, input, at) => deps.notify.api.notifyAccount(tx, input, at),
      uploadOf: uploadOfFacility(deps.applications.api.service),
      photoContent: photoContentOfFacility(deps.applications.api.service),
      // The roster's residents of the place, a page at a time, by their verified accounts.
      residentAccounts: async (audience, after, limit) => {
        const residents = await deps.roster.residentIndexes(audience, after, limit);
        const accountIds = await deps.identity.verifiedAccountsOf(residents.map((r) => r.idNumberIndex));
        return { accountIds, next: residents.length === limit ? residents.at(-1)!.residentId : null };
      },
    });
    const parts = createParts(context);
    return {
      plugin: async (fastify: FastifyInstance) => {
        for (const part of Object.values(parts) as CogovPart[]) await part.plugin(fastify);
      },
      api: { context, parts },
      seed: async () => {
        for (const part of Object.values(parts) as CogovPart[]) await part.seed?.();
      },
    };
  },
});
