/** The 12345 desk's module event: a call was recorded (the city screen's 12345 figures follow it). */
import { Type } from 'typebox';
import { defineEvents } from '../../platform/outbox.ts';
import { CALL_TYPES } from './cityops.hotline.tables.ts';

export const CALL_RECORDED = 'cityops.call.recorded';

export const hotlineEvents = defineEvents({
  [CALL_RECORDED]: Type.Object({
    callId: Type.String(),
    regionCode: Type.String(),
    type: Type.Enum(CALL_TYPES),
    /** Answered on the spot from the knowledge base, or an event opened. */
    outcome: Type.Enum(['answered', 'event']),
    repeatCaller: Type.Boolean(),
    eventId: Type.Union([Type.String(), Type.Null()]),
    at: Type.String({ format: 'date-time' }),
  }),
});
export type HotlineEvents = typeof hotlineEvents;
