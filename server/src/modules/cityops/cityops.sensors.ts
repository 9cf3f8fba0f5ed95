/**
 * The sensors part of cityops (物联感知), assembled: ingestion (MQTT, rules, incidents), the
 * service and its routes. cityops' index.ts creates it; app.ts starts it after the outbox and
 * stops it before the database closes.
 */
import type { SensorsSettings } from '../../config.ts';
import type { Platform } from '../../platform/context.ts';
import { cityopsEvents, EVENT_CHANGED } from './cityops.events.ts';
import type { SensorEvents } from './cityops.sensors.events.ts';
import type { OpenSensorEvent } from './cityops.sensors.incidents.ts';
import { SensorIngest } from './cityops.sensors.ingest.ts';
import { sensorsRoutes } from './cityops.sensors.routes.ts';
import { Sensors } from './cityops.sensors.service.ts';

export type { SensorDevice } from './cityops.sensors.service.ts';
export type { OpenSensorEvent, SensorEventInput } from './cityops.sensors.incidents.ts';

export function createSensorsPart(
  platform: Platform<SensorEvents>,
  deps: { settings: SensorsSettings; openEvent: OpenSensorEvent | null },
) {
  const ingest = new SensorIngest(platform, deps.settings, deps.openEvent);
  const service = new Sensors(platform, ingest);
  // An incident ends with its event (closed or merged by its handler): the next raise opens a new one.
  platform.outbox.subscribe(cityopsEvents, EVENT_CHANGED, 'cityops.sensors.event-ended', async (e) => {
    const { source, status, eventId, at } = e.payload;
    if (source === 'sensor' && (status === 'closed' || status === 'merged'))
      await ingest.eventEnded(eventId, new Date(at));
  });
  return {
    ingest,
    service,
    plugin: sensorsRoutes(service),
    start: () => ingest.start(),
    stop: () => ingest.stop(),
  };
}
export type SensorsPart = ReturnType<typeof createSensorsPart>;
