/**
 * The city screen's part of cityops, assembled: the figures, the live feed (fed from the module
 * events of cityops and its parts, on whichever node the outbox delivers them) and the demo
 * activity seed. index.ts adds it with one line each for the api and the routes.
 */
import { systemActor } from '../../platform/audit.ts';
import { command, type Platform } from '../../platform/context.ts';
import { scoped } from '../../platform/db.ts';
import type { EventMap } from '../../platform/outbox.ts';
import type { Categories } from './cityops.categories.ts';
import type { CityopsContext } from './cityops.context.ts';
import { cityopsEvents, EVENT_CHANGED } from './cityops.events.ts';
import { CALL_RECORDED } from './cityops.hotline.events.ts';
import { built, rebuild } from './cityops.screen.counters.ts';
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
  /**
   * Compute the screen's per-day counters afresh from the events (after a bulk load or a
   * restore; `yiwang cityops-screen-backfill`), audited. Answers the events counted.
   */
  rebuildCounters(log?: (m: string) => void): Promise<number>;
}

export function createScreen<E extends EventMap>(
  platform: Platform<E>,
  c: CityopsContext,
  categories: Categories,
  opts: { hotline?: HotlineFigures } = {},
) {
  const db = scoped<ScreenTables>(platform.db);
  const live = new ScreenLive(db, platform.clock, platform.log);
  const timeZone = c.deps.timeZone;
  const rebuildCounters = async (onlyIfMissing: boolean, log: (m: string) => void = () => {}) => {
    const t0 = performance.now();
    const events = await command(platform, systemActor(), async (w) => {
      const n = await rebuild(w.tx, timeZone, w.now, onlyIfMissing);
      if (n !== null)
        await w.audit({
          action: 'cityops.screen.counters_rebuilt',
          resourceType: 'cityops.screen_counts',
          resourceId: null,
          regionCode: c.deps.regionCode,
          detail: { events: n },
        });
      return n;
    });
    if (events !== null)
      log(`cityops: the screen's counters from ${events} events (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    return events ?? 0;
  };
  // Built once where missing (the first start after the migration): the first figures wait for it.
  let ready: Promise<void> | null = null;
  const ensure = (): Promise<void> => {
    ready ??= (async () => {
      if (!(await built(platform.db))) await rebuildCounters(true, (m) => platform.log.info(m));
    })().catch((err: unknown) => {
      ready = null;
      throw err;
    });
    return ready;
  };
  const screen = new Screen(db, platform.clock, live, { timeZone, hotline: opts.hotline, counters: { ensure } });
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
  // A 12345 call was recorded: the screens reload their 12345 figures.
  platform.outbox.subscribe(cityopsEvents, CALL_RECORDED, 'cityops.screen-calls', async (e) => {
    await live.publish({ kind: 'call', regionCode: e.payload.regionCode, data: { at: e.payload.at } });
  });
  const api: ScreenApi = {
    screen,
    live,
    seed: new ScreenSeed(c, categories),
    rebuildCounters: (log) => rebuildCounters(false, log),
  };
  return { api, routes: screenRoutes(screen) };
}
