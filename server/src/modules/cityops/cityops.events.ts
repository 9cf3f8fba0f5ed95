/**
 * The events the cityops module emits (DESIGN.md §3.9), published in its `index.ts`: the screen's
 * live map, notifications and statistics subscribe to them. Each payload is checked against its
 * schema when it is written. Other parts add their topics here, one block each.
 */
import { Type, type Static } from 'typebox';
import { defineEvents } from '../../platform/outbox.ts';
import { EVENT_SOURCES, EVENT_STATUSES } from './cityops.tables.ts';
import { sensorEvents } from './cityops.sensors.events.ts';
import { hotlineEvents } from './cityops.hotline.events.ts';

export const EVENT_CHANGED = 'cityops.event.changed';

const NullableString = Type.Union([Type.String(), Type.Null()]);
const NullableNumber = Type.Union([Type.Number(), Type.Null()]);

/** `cityops.event.changed`: an event was opened, or its status, assignment or handling changed. */
export const EventChangedPayload = Type.Object({
  eventId: Type.String({ minLength: 1 }),
  number: Type.String({ minLength: 1 }),
  status: Type.Enum(EVENT_STATUSES),
  previousStatus: Type.Union([Type.Enum(EVENT_STATUSES), Type.Null()]),
  source: Type.Enum(EVENT_SOURCES),
  categoryCode: Type.String({ minLength: 1 }),
  regionCode: Type.String({ minLength: 1 }),
  communityId: NullableString,
  gridId: NullableString,
  departmentId: NullableString,
  lat: NullableNumber,
  lng: NullableNumber,
  /** ISO 8601 time of the change. */
  at: Type.String({ minLength: 1 }),
  /** What happened (the history entry's kind: opened, dispatched, closed, ...). */
  kind: Type.Optional(Type.String()),
  urgent: Type.Optional(Type.Boolean()),
  /** ISO 8601 deadline, or null when none. */
  deadlineAt: Type.Optional(NullableString),
});
export type EventChangedPayload = Static<typeof EventChangedPayload>;

export const cityopsEvents = defineEvents({
  [EVENT_CHANGED]: EventChangedPayload,
  ...sensorEvents, // sensors: cityops.sensor.changed
  ...hotlineEvents, // the 12345 desk: cityops.call.recorded
});
export type CityopsEvents = typeof cityopsEvents;
