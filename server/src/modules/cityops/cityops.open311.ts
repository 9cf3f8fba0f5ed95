/**
 * The Open311 part of cityops, assembled: its API keys, the GeoReport v2 service over the
 * events (opening them through the events service, as `open311:<key id>`), the
 * servicerequestupdates extension (acting through the handling service), the root plugin
 * for /open311/v2 and the console's key routes. index.ts creates it with one line; app.ts
 * mounts `rootPlugin` at OPEN311_PREFIX.
 */
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/context.ts';
import { Open311Keys } from './cityops.open311.keys.ts';
import { open311KeyRoutes, open311Plugin, OPEN311_PREFIX } from './cityops.open311.routes.ts';
import { Open311, type Open311Deps, type OpenInput, type Opened } from './cityops.open311.service.ts';
import { Open311Updates, type UpdatesDeps } from './cityops.open311.updates.ts';

export { OPEN311_PREFIX };

export interface Open311PartDeps {
  regionCode: string;
  publicUrl: string | null;
  bodyLimitBytes: number;
  /** The events service's `open` for a system caller (cityops' Events.open with p null). */
  open(input: OpenInput, system: string): Promise<Opened>;
  departments: Open311Deps['departments'];
  /** The handling service's action by a system (cityops' Handling.bySystem): POST servicerequestupdates. */
  act: UpdatesDeps['act'];
}

export interface Open311Part {
  keys: Open311Keys;
  service: Open311;
  updates: Open311Updates;
  /** GeoReport v2: register with `{ prefix: OPEN311_PREFIX }`. */
  rootPlugin: (app: FastifyInstance) => Promise<void>;
  /** The console's key routes (under the module's /api prefix). */
  keyRoutes: (app: FastifyInstance) => Promise<void>;
}

export function open311Part(platform: Platform, deps: Open311PartDeps): Open311Part {
  const keys = new Open311Keys(platform, deps.regionCode);
  const jurisdictions = [deps.regionCode, ...(deps.publicUrl ? [new URL(deps.publicUrl).host] : [])];
  const service = new Open311(platform, {
    jurisdictions,
    keys,
    open: deps.open,
    departments: deps.departments,
  });
  const updates = new Open311Updates(platform, {
    keys,
    checkJurisdiction: (q) => service.checkJurisdiction(q),
    act: deps.act,
  });
  return {
    keys,
    service,
    updates,
    rootPlugin: open311Plugin(service, updates, deps.publicUrl, deps.bodyLimitBytes),
    keyRoutes: open311KeyRoutes(keys),
  };
}
