/**
 * The portal part, assembled for the module's index.ts: API keys, the live endpoints with their
 * per-key rate limit, data requests, and the routes (withdrawal is the catalogue's own method).
 */
import type { FastifyInstance } from 'fastify';
import type { Catalogue } from './opendata.catalogue.ts';
import type { OpendataContext } from './opendata.context.ts';
import { ApiKeys } from './opendata.keys.ts';
import { Live } from './opendata.live.ts';
import { liveRoutes } from './opendata.live.routes.ts';
import { portalRoutes } from './opendata.portal.routes.ts';
import { DataRequests } from './opendata.requests.ts';

export { portalErrors } from './opendata.portal.errors.ts';
export type { ApiKeys } from './opendata.keys.ts';
export type { Live } from './opendata.live.ts';
export type { DataRequests } from './opendata.requests.ts';

export interface Portal {
  keys: ApiKeys;
  live: Live;
  requests: DataRequests;
}

export function createPortal(
  c: OpendataContext,
  catalogue: Catalogue,
): { api: Portal; routes: (fastify: FastifyInstance) => Promise<void> } {
  const keys = new ApiKeys(c);
  const live = new Live(c);
  live.start();
  const requests = new DataRequests(c);
  return {
    api: { keys, live, requests },
    routes: async (fastify) => {
      await portalRoutes({ keys, requests, catalogue })(fastify);
      await fastify.register(
        liveRoutes({ live, keys, db: c.db, clock: c.p.clock, perMinute: c.deps.settings.liveRequestsPerMinute }),
      );
    },
  };
}
