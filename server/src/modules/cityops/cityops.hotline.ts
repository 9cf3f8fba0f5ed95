/**
 * The 12345 hotline part of cityops, assembled: the desk on the catalogue (its knowledge base)
 * and the events service; its routes plugin, its sealed columns (key rotation) and its seed.
 */
import type { Platform } from '../../platform/context.ts';
import type { SealedField } from '../../platform/module.ts';
import { PII } from '../../platform/pii.ts';
import type { Categories } from './cityops.categories.ts';
import { Desk, type HotlineEvents } from './cityops.hotline.desk.ts';
import type { HotlineEvents as HotlineTopics } from './cityops.hotline.events.ts';
import { Knowledge, type CatalogReads } from './cityops.hotline.knowledge.ts';
import { hotlineRoutes } from './cityops.hotline.routes.ts';
import { seedHotline } from './cityops.hotline.seed.ts';
import type { CommunityMap } from './cityops.routing.ts';

export { hotlineErrors } from './cityops.hotline.errors.ts';
export { hotlinePermissions } from './cityops.hotline.policy.ts';
export type { HotlineTables } from './cityops.hotline.tables.ts';
export { hotlineMigrations } from './migrations/hotline.ts';

/** The caller's number and name, sealed; the number's blind index recognises a repeated caller. */
export const hotlineSealed: readonly SealedField[] = [
  {
    table: 'cityops.calls',
    key: ['id'],
    column: 'caller_phone_enc',
    context: PII.phone,
    blindIndex: 'caller_phone_bidx',
  },
  { table: 'cityops.calls', key: ['id'], column: 'caller_name_enc', context: PII.name },
];

export interface HotlineDeps {
  catalog: CatalogReads;
  /** The events service: calls not answered on the spot open events (source 'hotline'). */
  events: HotlineEvents;
  categories: Pick<Categories, 'list'>;
  map: Pick<CommunityMap, 'geojson'>;
  timeZone: string;
}

export interface Hotline {
  desk: Desk;
  /**
   * The demo's calls: `days` days of about `callsPerDay` calls taken by the operator in the
   * region (none when there are calls already). Answers how many were written.
   */
  seed(o: {
    operatorAccountId: string;
    regionCode: string;
    days: number;
    callsPerDay: number;
    log: (m: string) => void;
  }): Promise<number>;
}

export function createHotline(platform: Platform<HotlineTopics>, deps: HotlineDeps) {
  const knowledge = new Knowledge(deps.catalog);
  const desk = new Desk(platform, { knowledge, events: deps.events, timeZone: deps.timeZone });
  const api: Hotline = {
    desk,
    seed: async (o) => {
      const categories = (await deps.categories.list()).filter((c) => !c.sensorType).map((c) => c.code);
      const communities = deps.map.geojson.features
        .filter((f) => f.properties.kind === 'community')
        .map((f) => f.properties.name);
      return seedHotline(platform, knowledge, {
        ...o,
        timeZone: deps.timeZone,
        categories,
        communities,
        openEvent: (call) =>
          deps.events.open(
            null,
            {
              source: 'hotline',
              categoryCode: call.categoryCode,
              description: call.summary,
              address: call.address,
              contact: { phone: call.phone },
              externalRef: call.id,
              idempotencyKey: `hotline-seed:${call.id}`,
            },
            { system: 'hotline' },
          ),
      });
    },
  };
  return { api, plugin: hotlineRoutes(desk) };
}
