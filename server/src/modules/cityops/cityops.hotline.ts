/**
 * The 12345 hotline part of cityops, assembled: the desk on the catalogue (its knowledge base)
 * and the events service; its routes plugin, its sealed columns (key rotation) and its seed.
 */
import type { Platform } from '../../platform/context.ts';
import type { SealedField } from '../../platform/module.ts';
import type { EventMap } from '../../platform/outbox.ts';
import { PII } from '../../platform/pii.ts';
import { Desk, type HotlineEvents } from './cityops.hotline.desk.ts';
import { Knowledge, type CatalogReads } from './cityops.hotline.knowledge.ts';
import { hotlineRoutes } from './cityops.hotline.routes.ts';

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
  /** The events service (calls that are not answered on the spot open events). */
  events: () => HotlineEvents;
  timeZone: string;
}

export function createHotline(platform: Platform<EventMap>, deps: HotlineDeps) {
  const desk = new Desk(platform, {
    knowledge: new Knowledge(deps.catalog),
    events: {
      open: (p, input, opts) => deps.events().open(p, input, opts),
      get: (p, id) => deps.events().get(p, id),
    },
    timeZone: deps.timeZone,
  });
  return { desk, plugin: hotlineRoutes(desk) };
}
