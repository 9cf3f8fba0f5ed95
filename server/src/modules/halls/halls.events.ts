/**
 * The events the halls module emits, published in its `index.ts`: notify turns the reminder
 * into a message in the citizen's inbox (and an e-mail when they want one).
 */
import { Type } from 'typebox';
import { defineEvents } from '../../platform/outbox.ts';
import { UUID_PATTERN } from '../../platform/ids.ts';

const LocalText = Type.Object({ zh: Type.String(), en: Type.String() });

export const APPOINTMENT_REMINDER = 'halls.appointment.reminder';

/** `halls.appointment.reminder`: the day before a booked appointment. */
export const AppointmentReminderPayload = Type.Object({
  appointmentId: Type.String({ pattern: UUID_PATTERN }),
  accountId: Type.String({ pattern: UUID_PATTERN }),
  regionCode: Type.String({ minLength: 1 }),
  hall: LocalText,
  address: LocalText,
  item: LocalText,
  /** The appointment's start (ISO 8601). */
  startAt: Type.String({ minLength: 1 }),
});

export const hallsEvents = defineEvents({ [APPOINTMENT_REMINDER]: AppointmentReminderPayload });
export type HallsEvents = typeof hallsEvents;
