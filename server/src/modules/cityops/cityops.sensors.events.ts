/** The sensors part's module event: a device's live status changed (the city screen follows it). */
import { Type } from 'typebox';
import { defineEvents } from '../../platform/outbox.ts';

export const SENSOR_CHANGED = 'cityops.sensor.changed';

const Status = Type.Enum(['normal', 'alert', 'silent']);

export const sensorEvents = defineEvents({
  [SENSOR_CHANGED]: Type.Object({
    sensorId: Type.String(),
    type: Type.String(),
    status: Status,
    previousStatus: Status,
    /** The rule whose raise or clear changed the status. */
    ruleId: Type.String(),
    /** The rules raised now. */
    raised: Type.Array(Type.String()),
    eventId: Type.Union([Type.String(), Type.Null()]),
    regionCode: Type.String(),
    communityCode: Type.Union([Type.String(), Type.Null()]),
    lat: Type.Number(),
    lng: Type.Number(),
    value: Type.Union([Type.Number(), Type.Null()]),
    at: Type.String({ format: 'date-time' }),
  }),
});
export type SensorEvents = typeof sensorEvents;
