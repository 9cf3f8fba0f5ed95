/**
 * Appointments (预约): a citizen books a slot of a hall for an item, changes it to another
 * slot, cancels it, and is reminded the day before (a durable job; the reminder is an event
 * notify turns into a message). A slot's places are taken by a conditional update of its row,
 * so concurrent bookings never pass its capacity; one person holds one live booking per
 * item and day (a partial unique index).
 */
import type { Job } from '../../platform/jobs.ts';
import { cancelJob, scheduleJob } from '../../platform/jobs.ts';
import { principalActor, type Principal, type RequestOrigin } from '../../platform/auth.ts';
import { systemActor } from '../../platform/audit.ts';
import { command } from '../../platform/context.ts';
import { scoped } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import type { HallsContext } from './halls.context.ts';
import { APPOINTMENT_REMINDER } from './halls.events.ts';
import { policy } from './halls.policy.ts';
import * as repo from './halls.repository.ts';
import type { AppointmentRow, HallRow } from './halls.repository.ts';
import type { AppointmentT } from './halls.schemas.ts';
import type { HallsTables } from './halls.tables.ts';

export const REMINDER_JOB = 'halls.appointment-reminder';
export interface ReminderJob {
  appointmentId: string;
}
/** Reminders go out at this time (city time) the day before. */
const REMINDER_TIME = '18:00';

const appointmentNotFound = () => new AppError(404, 'APPOINTMENT_NOT_FOUND', 'No such appointment');
const slotFull = () => new AppError(409, 'SLOT_FULL', 'That time is fully booked');
const slotUnavailable = () => new AppError(422, 'SLOT_UNAVAILABLE', 'That time cannot be booked');

export class Booking {
  private readonly c: HallsContext;
  constructor(c: HallsContext) {
    this.c = c;
  }

  /** Check that `startAt` is a future slot of the hall for the item; answers the slot's day, group and capacity. */
  private async slotFor(h: HallRow, itemCode: string, startAt: Date) {
    const windows = await repo.windowsOf(this.c.db, h.id);
    const item = await this.c.item(itemCode);
    if (!item || !windows.some((w) => this.c.handles(w, itemCode)))
      throw new AppError(422, 'ITEM_NOT_HANDLED', 'This hall does not handle that service');
    const day = this.c.calendar.dateOf(startAt);
    const isSlot = this.c.slotStarts(h, day).some((t) => t.getTime() === startAt.getTime());
    if (!isSlot || startAt.getTime() <= this.c.p.clock.now().getTime()) throw slotUnavailable();
    return { day, group: item.departmentCode, capacity: this.c.capacityFor(h, windows, itemCode), item };
  }

  private reminderAt(day: string): Date {
    return this.c.calendar.instantOf(this.c.calendar.addDays(day, -1), REMINDER_TIME);
  }

  private async scheduleReminder(tx: Parameters<typeof scheduleJob>[0], a: { id: string; day: string }, at: Date) {
    const runAt = this.reminderAt(a.day);
    const key = `${REMINDER_JOB}:${a.id}`;
    if (runAt.getTime() <= at.getTime()) {
      await cancelJob(tx, key);
      return;
    }
    await scheduleJob(
      tx,
      { kind: REMINDER_JOB, key, payload: { appointmentId: a.id } satisfies ReminderJob, runAt, replace: true },
      at,
    );
  }

  async book(
    p: Principal | null,
    input: { hall: string; itemCode: string; startAt: string },
    origin: RequestOrigin,
  ): Promise<AppointmentT> {
    const principal = policy.citizen(p);
    const h = await this.c.hall(input.hall);
    const startAt = new Date(input.startAt);
    const slot = await this.slotFor(h, input.itemCode, startAt);
    const id = await command(this.c.p, principalActor(principal, origin), async (w) => {
      const db = scoped<HallsTables>(w.tx);
      const appointmentId = uuidv7(w.now.getTime());
      const inserted = await repo.insertAppointment(db, {
        id: appointmentId,
        hall_id: h.id,
        region_code: h.region_code,
        account_id: principal.accountId,
        item_code: input.itemCode,
        group_code: slot.group,
        day: slot.day,
        start_at: startAt,
        status: 'booked',
        ticket_id: null,
        created_at: w.now,
        updated_at: w.now,
      });
      if (!inserted) throw new AppError(409, 'ALREADY_BOOKED', 'You already have an appointment for this that day');
      await repo.ensureSlot(db, { hallId: h.id, startAt, group: slot.group, day: slot.day, capacity: slot.capacity });
      if (!(await repo.takeSlot(db, h.id, startAt, slot.group))) throw slotFull();
      await this.scheduleReminder(w.tx, { id: appointmentId, day: slot.day }, w.now);
      await w.audit({
        action: 'halls.appointment.booked',
        resourceType: 'appointment',
        resourceId: appointmentId,
        regionCode: h.region_code,
        detail: { hall: h.code, item: input.itemCode, startAt: startAt.toISOString() },
      });
      return appointmentId;
    });
    return this.view(principal, id);
  }

  /** The caller's own appointment, locked in `db`; anyone else's answers like one that does not exist. */
  private async own(db: Parameters<typeof repo.lockAppointment>[0], principal: Principal, id: string) {
    const a = await repo.lockAppointment(db, id);
    if (!a || a.account_id !== principal.accountId) throw appointmentNotFound();
    return a;
  }

  async change(p: Principal | null, id: string, input: { startAt: string }, origin: RequestOrigin) {
    const principal = policy.citizen(p);
    const before = await this.ownRow(principal, id);
    if (before.status !== 'booked')
      throw new AppError(422, 'APPOINTMENT_CLOSED', 'That appointment can no longer change');
    const h = await this.c.hallById(before.hall_id);
    const startAt = new Date(input.startAt);
    const slot = await this.slotFor(h, before.item_code, startAt);
    await command(this.c.p, principalActor(principal, origin), async (w) => {
      const db = scoped<HallsTables>(w.tx);
      const a = await this.own(db, principal, id);
      if (a.status !== 'booked') throw new AppError(422, 'APPOINTMENT_CLOSED', 'That appointment can no longer change');
      if (a.start_at.getTime() === startAt.getTime()) return;
      if (
        slot.day !== a.day &&
        (await repo.otherLiveBooking(db, { id, accountId: a.account_id, itemCode: a.item_code, day: slot.day }))
      )
        throw new AppError(409, 'ALREADY_BOOKED', 'You already have an appointment for this that day');
      await repo.ensureSlot(db, { hallId: h.id, startAt, group: a.group_code, day: slot.day, capacity: slot.capacity });
      if (!(await repo.takeSlot(db, h.id, startAt, a.group_code))) throw slotFull();
      await repo.releaseSlot(db, h.id, a.start_at, a.group_code);
      await repo.updateAppointment(db, id, { startAt, day: slot.day }, w.now);
      await this.scheduleReminder(w.tx, { id, day: slot.day }, w.now);
      await w.audit({
        action: 'halls.appointment.changed',
        resourceType: 'appointment',
        resourceId: id,
        regionCode: a.region_code,
        detail: { from: a.start_at.toISOString(), to: startAt.toISOString() },
      });
    });
    return this.view(principal, id);
  }

  async cancel(p: Principal | null, id: string, origin: RequestOrigin): Promise<void> {
    const principal = policy.citizen(p);
    await command(this.c.p, principalActor(principal, origin), async (w) => {
      const db = scoped<HallsTables>(w.tx);
      const a = await this.own(db, principal, id);
      if (a.status === 'cancelled') return;
      if (a.status !== 'booked') throw new AppError(422, 'APPOINTMENT_CLOSED', 'That appointment can no longer change');
      await repo.updateAppointment(db, id, { status: 'cancelled' }, w.now);
      await repo.releaseSlot(db, a.hall_id, a.start_at, a.group_code);
      await cancelJob(w.tx, `${REMINDER_JOB}:${id}`);
      await w.audit({
        action: 'halls.appointment.cancelled',
        resourceType: 'appointment',
        resourceId: id,
        regionCode: a.region_code,
      });
    });
  }

  private async ownRow(principal: Principal, id: string): Promise<AppointmentRow> {
    const a = await repo.appointmentById(this.c.db, id);
    if (!a || a.account_id !== principal.accountId) throw appointmentNotFound();
    return a;
  }

  async get(p: Principal | null, id: string): Promise<AppointmentT> {
    const principal = policy.citizen(p);
    return this.view(principal, id);
  }

  async mine(p: Principal | null): Promise<{ items: AppointmentT[] }> {
    const principal = policy.citizen(p);
    const rows = await repo.appointmentsOf(this.c.db, principal.accountId);
    return { items: await Promise.all(rows.map((a) => this.viewOf(a))) };
  }

  private async view(principal: Principal, id: string): Promise<AppointmentT> {
    return this.viewOf(await this.ownRow(principal, id));
  }

  async viewOf(a: AppointmentRow): Promise<AppointmentT> {
    const h = await this.c.hallById(a.hall_id);
    const t = a.ticket_id ? await repo.ticketById(this.c.db, a.ticket_id) : undefined;
    return {
      id: a.id,
      hall: {
        id: h.id,
        code: h.code,
        name: { zh: h.name_zh, en: h.name_en },
        address: { zh: h.address_zh, en: h.address_en },
      },
      item: { code: a.item_code, name: await this.c.itemName(a.item_code) },
      day: a.day,
      startAt: a.start_at.toISOString(),
      endAt: new Date(a.start_at.getTime() + h.slot_minutes * 60_000).toISOString(),
      status: a.status,
      ticket: t ? { id: t.id, number: t.number, status: t.status } : null,
    };
  }

  /** The day-before reminder: still booked (not cancelled, not moved to another day) → the event notify delivers. */
  async remind(job: Job<ReminderJob>): Promise<void> {
    const a0 = await repo.appointmentById(this.c.db, job.payload.appointmentId);
    if (!a0) return;
    const h = await this.c.hallById(a0.hall_id);
    const item = await this.c.itemName(a0.item_code);
    await command(this.c.p, systemActor(), async (w) => {
      const db = scoped<HallsTables>(w.tx);
      const a = await repo.lockAppointment(db, job.payload.appointmentId);
      if (!a || a.status !== 'booked') return;
      if (this.reminderAt(a.day).getTime() > w.now.getTime()) return;
      await w.emit(
        APPOINTMENT_REMINDER,
        {
          appointmentId: a.id,
          accountId: a.account_id,
          regionCode: a.region_code,
          hall: { zh: h.name_zh, en: h.name_en },
          address: { zh: h.address_zh, en: h.address_en },
          item,
          startAt: a.start_at.toISOString(),
        },
        a.region_code,
      );
    });
  }
}
