/**
 * The city screen's part of cityops, assembled: the figures, the live feed (fed from the module
 * events of cityops and its parts, on whichever node the outbox delivers them) and the demo
 * activity seed. index.ts adds it with one line each for the api and the routes.
 */
import type { Platform } from '../../platform/context.ts';
import { scoped } from '../../platform/db.ts';
import type { EventMap } from '../../platform/outbox.ts';
import type { Categories } from './cityops.categories.ts';
import type { CityopsContext } from './cityops.context.ts';
import { cityopsEvents, EVENT_CHANGED } from './cityops.events.ts';
import { SENSOR_CHANGED } from './cityops.sensors.events.ts';
import { ScreenLive } from './cityops.screen.live.ts';
import { screenRoutes } from './cityops.screen.routes.ts';
import type { ScreenEventStatusT } from './cityops.screen.schemas.ts';
import { ScreenSeed } from './cityops.screen.seed.ts';
import type { ScreenTables } from './cityops.screen.tables.ts';
import { Screen, type HotlineFigures } from './cityops.screen.ts';

export { ScreenLive, type LiveMessage } from './cityops.screen.live.ts';
export type { PlannedEvent } from './cityops.screen.seed.ts';

export interface ScreenApi {
  screen: Screen;
  live: ScreenLive;
  seed: ScreenSeed;
}

export function createScreen<E extends EventMap>(
  platform: Platform<E>,
  c: CityopsContext,
  categories: Categories,
  opts: { hotline?: HotlineFigures } = {},
) {
  const db = scoped<ScreenTables>(platform.db);
  const live = new ScreenLive(db, platform.clock, platform.log);
  const screen = new Screen(db, platform.clock, live, { timeZone: c.deps.timeZone, hotline: opts.hotline });
  platform.outbox.subscribe(cityopsEvents, EVENT_CHANGED, 'cityops.screen-live', async (e) => {
    const p = e.payload;
    await live.publish({
      kind: 'event',
      regionCode: p.regionCode,
      data: {
        eventId: p.eventId,
        number: p.number,
        status: p.status as ScreenEventStatusT,
        previousStatus: p.previousStatus as ScreenEventStatusT | null,
        source: p.source,
        categoryCode: p.categoryCode,
        lat: p.lat,
        lng: p.lng,
        at: p.at,
      },
    });
  });
  // A device's live status changed (a threshold crossed, or cleared, or gone silent).
  platform.outbox.subscribe(cityopsEvents, SENSOR_CHANGED, 'cityops.screen-sensors', async (e) => {
    const p = e.payload;
    await live.publish({
      kind: 'sensor',
      regionCode: p.regionCode,
      data: {
        sensorId: p.sensorId,
        type: p.type,
        status: p.status,
        lat: p.lat,
        lng: p.lng,
        value: p.value,
        eventId: p.eventId,
        at: p.at,
      },
    });
  });
  const api: ScreenApi = { screen, live, seed: new ScreenSeed(c, categories) };
  return { api, routes: screenRoutes(screen) };
}
