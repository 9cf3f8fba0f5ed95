/**
 * Queue numbers (取号) and the window (窗口): a booked citizen checks in at the hall and gets
 * an A-number; a clerk takes a B-number for a walk-in. A clerk opens a window of their
 * department, calls the next number (transfers to the window first, then appointments due
 * within the tolerance, then first come first served), recalls, serves, transfers to another
 * window, marks a no-show after the hall's number of recalls, and finishes. Each step is
 * audited, and the hall's calling screens hear of it after the commit.
 */
import { principalActor, type Principal, type RequestOrigin } from '../../platform/auth.ts';
import { command } from '../../platform/context.ts';
import { scoped } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { ticketNotFound, windowNotFound, type HallsContext } from './halls.context.ts';
import { policy } from './halls.policy.ts';
import * as repo from './halls.repository.ts';
import type { HallRow, TicketRow, WindowRow } from './halls.repository.ts';
import type { TicketT } from './halls.schemas.ts';
import type { HallsTables, TicketKind, TicketStatus } from './halls.tables.ts';

/** Kiosk numbers one address may take in an hour (a hall's kiosk machine is one address). */
const KIOSK_PER_ADDRESS_PER_HOUR = 120;

/** How early before the appointment a citizen may check in. */
const CHECK_IN_EARLY_MS = 60 * 60_000;
const PREFIX: Record<TicketKind, string> = { appointment: 'A', walk_in: 'B' };
const TRANSFER_PRIORITY = 2;

const ticketState = () => new AppError(409, 'TICKET_STATE', 'That queue number has changed since');
type Db = ReturnType<typeof scoped<HallsTables>>;

export class Queue {
  private readonly c: HallsContext;
  constructor(c: HallsContext) {
    this.c = c;
  }

  private async newTicket(
    db: Db,
    h: { id: string; region_code: string },
    t: {
      kind: TicketKind;
      appointmentId: string | null;
      accountId: string | null;
      itemCode: string;
      dueAt: Date | null;
    },
    at: Date,
  ): Promise<string> {
    const day = this.c.calendar.dateOf(at);
    const n = await repo.nextNumber(db, h.id, day, PREFIX[t.kind]);
    const id = uuidv7(at.getTime());
    await repo.insertTicket(db, {
      id,
      hallId: h.id,
      regionCode: h.region_code,
      day,
      number: `${PREFIX[t.kind]}${String(n).padStart(3, '0')}`,
      ...t,
      at,
    });
    return id;
  }

  /** Check in for an appointment (on its day, from an hour before it): the booking becomes a queue number. */
  async checkIn(p: Principal | null, appointmentId: string, origin: RequestOrigin): Promise<TicketT> {
    const principal = policy.citizen(p);
    const notFound = () => new AppError(404, 'APPOINTMENT_NOT_FOUND', 'No such appointment');
    const a0 = await repo.appointmentById(this.c.db, appointmentId);
    if (!a0 || a0.account_id !== principal.accountId) throw notFound();
    const h = await this.c.hallById(a0.hall_id);
    const { ticketId, hallId } = await command(this.c.p, principalActor(principal, origin), async (w) => {
      const db = scoped<HallsTables>(w.tx);
      const a = (await repo.lockAppointment(db, appointmentId))!;
      if (a.status === 'checked_in' && a.ticket_id) return { ticketId: a.ticket_id, hallId: a.hall_id };
      if (a.status !== 'booked') throw new AppError(422, 'APPOINTMENT_CLOSED', 'That appointment was cancelled');
      const now = w.now.getTime();
      const tolerance = h.call_tolerance_minutes * 60_000;
      if (
        now < a.start_at.getTime() - CHECK_IN_EARLY_MS ||
        now > a.start_at.getTime() + h.slot_minutes * 60_000 + tolerance
      )
        throw new AppError(422, 'CHECK_IN_NOT_OPEN', 'Check in within the hour before your appointment');
      const id = await this.newTicket(
        db,
        h,
        { kind: 'appointment', appointmentId: a.id, accountId: a.account_id, itemCode: a.item_code, dueAt: a.start_at },
        w.now,
      );
      await repo.updateAppointment(db, a.id, { status: 'checked_in', ticketId: id }, w.now);
      await w.audit({
        action: 'halls.ticket.checked-in',
        resourceType: 'ticket',
        resourceId: id,
        regionCode: h.region_code,
        detail: { appointment: a.id },
      });
      return { ticketId: id, hallId: h.id };
    });
    this.c.changed(hallId);
    return this.citizenTicket(principal, ticketId);
  }

  /** A walk-in number, taken by a clerk of the hall's region for the applicant at the desk. */
  async walkIn(p: Principal | null, hallCode: string, input: { itemCode: string }, origin: RequestOrigin) {
    const h = await this.c.hall(hallCode);
    const principal = policy.clerkOfRegion(p, h.region_code);
    return this.issueWalkIn(h, input.itemCode, principalActor(principal, origin), 'halls.ticket.walk-in');
  }

  /**
   * A walk-in number from the hall's kiosk (自助取号机): public, no sign-in, only while the hall is
   * open (`HALL_CLOSED`), limited per address (identity's rate limit: 429 RATE_LIMITED).
   */
  async kiosk(hallCode: string, input: { itemCode: string }, origin: RequestOrigin) {
    const h = await this.c.hall(hallCode);
    await this.c.deps.identity.rateLimit(
      [
        {
          key: `kiosk:ip:${origin.ip ?? 'unknown'}`,
          max: KIOSK_PER_ADDRESS_PER_HOUR,
          windowMinutes: 60,
          lockMinutes: 60,
        },
      ],
      '/itemCode',
    );
    const now = this.c.p.clock.now().getTime();
    const day = this.c.today();
    const open = this.c
      .intervalsOn(h, day)
      .some(
        ([from, to]) =>
          now >= this.c.calendar.instantOf(day, from).getTime() && now < this.c.calendar.instantOf(day, to).getTime(),
      );
    if (!open) throw new AppError(422, 'HALL_CLOSED', 'The hall is closed now');
    const actor = { accountId: null, kind: 'anonymous', requestId: origin.requestId, ip: origin.ip } as const;
    return this.issueWalkIn(h, input.itemCode, actor, 'halls.ticket.kiosk');
  }

  /** A walk-in number (B…) for a service the hall handles, audited as taken by `actor` (a clerk, or the kiosk). */
  private async issueWalkIn(
    h: HallRow,
    itemCode: string,
    actor: Parameters<typeof command>[1],
    action: 'halls.ticket.walk-in' | 'halls.ticket.kiosk',
  ) {
    const windows = await repo.windowsOf(this.c.db, h.id);
    if (!(await this.c.item(itemCode)) || !windows.some((w) => this.c.handles(w, itemCode)))
      throw new AppError(422, 'ITEM_NOT_HANDLED', 'This hall does not handle that service');
    const id = await command(this.c.p, actor, async (w) => {
      const db = scoped<HallsTables>(w.tx);
      const ticketId = await this.newTicket(
        db,
        h,
        { kind: 'walk_in', appointmentId: null, accountId: null, itemCode, dueAt: null },
        w.now,
      );
      await w.audit({
        action,
        resourceType: 'ticket',
        resourceId: ticketId,
        regionCode: h.region_code,
        detail: { item: itemCode },
      });
      return ticketId;
    });
    this.c.changed(h.id);
    return this.c.ticketView((await repo.ticketById(this.c.db, id))!, h.code);
  }

  /** A citizen's own queue number (where it stands, which window called it). */
  async citizenTicket(p: Principal | null, id: string): Promise<TicketT> {
    const principal = policy.citizen(p);
    const t = await repo.ticketById(this.c.db, id);
    if (!t || t.account_id !== principal.accountId) throw ticketNotFound();
    return this.c.ticketView(t);
  }

  // ---------------------------------------------------------------- the window

  private async windowRow(id: string): Promise<WindowRow> {
    const w = await repo.windowById(this.c.db, id);
    if (!w) throw windowNotFound();
    return w;
  }

  /** The window's page: is it mine, the number it is on, how many it may call. Clerks of its department. */
  async window(p: Principal | null, id: string) {
    const w = await this.windowRow(id);
    const h = await this.c.hallById(w.hall_id);
    const principal = policy.openWindow(p, { regionCode: h.region_code, departmentCode: w.department_code });
    const current = await repo.currentOfWindow(this.c.db, w.id);
    return {
      window: await this.c.windowView(w),
      hall: {
        id: h.id,
        code: h.code,
        name: { zh: h.name_zh, en: h.name_en },
        noShowAfterRecalls: h.no_show_after_recalls,
      },
      mine: w.clerk_account_id === principal.accountId,
      current: current ? await this.c.ticketView(current, h.code) : null,
      waiting: await repo.callableCount(this.c.db, w, this.c.today()),
    };
  }

  /** The windows a clerk may open in a hall (their department's). */
  async windowsFor(p: Principal | null, hallCode: string) {
    const h = await this.c.hall(hallCode);
    policy.clerkOfRegion(p, h.region_code);
    const mine = (await repo.windowsOf(this.c.db, h.id)).filter((w) => {
      try {
        policy.openWindow(p, { regionCode: h.region_code, departmentCode: w.department_code });
        return true;
      } catch {
        return false;
      }
    });
    return { items: await Promise.all(mine.map((w) => this.c.windowView(w))) };
  }

  async open(p: Principal | null, id: string, origin: RequestOrigin) {
    const w0 = await this.windowRow(id);
    const h = await this.c.hallById(w0.hall_id);
    const principal = policy.openWindow(p, { regionCode: h.region_code, departmentCode: w0.department_code });
    await command(this.c.p, principalActor(principal, origin), async (work) => {
      const db = scoped<HallsTables>(work.tx);
      const w = (await repo.lockWindow(db, id))!;
      if (w.clerk_account_id === principal.accountId) return;
      if (w.clerk_account_id !== null) throw new AppError(409, 'WINDOW_TAKEN', 'Another clerk has this window open');
      await repo.setWindowClerk(db, id, principal.accountId, work.now);
      await work.audit({
        action: 'halls.window.opened',
        resourceType: 'window',
        resourceId: id,
        regionCode: h.region_code,
      });
    });
    return this.window(p, id);
  }

  async close(p: Principal | null, id: string, origin: RequestOrigin): Promise<void> {
    const w0 = await this.windowRow(id);
    const h = await this.c.hallById(w0.hall_id);
    const principal = policy.atWindow(p, { clerkAccountId: w0.clerk_account_id });
    await command(this.c.p, principalActor(principal, origin), async (work) => {
      const db = scoped<HallsTables>(work.tx);
      const w = (await repo.lockWindow(db, id))!;
      policy.atWindow(p, { clerkAccountId: w.clerk_account_id });
      await repo.setWindowClerk(db, id, null, null);
      await work.audit({
        action: 'halls.window.closed',
        resourceType: 'window',
        resourceId: id,
        regionCode: h.region_code,
      });
    });
  }

  /** Call the next number to this window (the clerk who opened it; the window serves one number at a time). */
  async callNext(p: Principal | null, id: string, origin: RequestOrigin): Promise<TicketT> {
    const w0 = await this.windowRow(id);
    const principal = policy.atWindow(p, { clerkAccountId: w0.clerk_account_id });
    const h = await this.c.hallById(w0.hall_id);
    const ticketId = await command(this.c.p, principalActor(principal, origin), async (work) => {
      const db = scoped<HallsTables>(work.tx);
      const w = (await repo.lockWindow(db, id))!;
      policy.atWindow(p, { clerkAccountId: w.clerk_account_id });
      if (await repo.currentOfWindow(db, w.id))
        throw new AppError(409, 'TICKET_STATE', 'Finish, transfer or mark the current number first');
      const dueBy = new Date(work.now.getTime() + h.call_tolerance_minutes * 60_000);
      const t = await repo.nextForWindow(db, w, this.c.calendar.dateOf(work.now), dueBy);
      if (!t) throw new AppError(422, 'QUEUE_EMPTY', 'Nobody is waiting for this window');
      await repo.updateTicket(db, t.id, { status: 'called', window_id: w.id, called_at: work.now });
      await work.audit({
        action: 'halls.ticket.called',
        resourceType: 'ticket',
        resourceId: t.id,
        regionCode: h.region_code,
        detail: { window: w.number, number: t.number },
      });
      return t.id;
    });
    this.c.changed(h.id);
    return this.c.ticketView((await repo.ticketById(this.c.db, ticketId))!, h.code);
  }

  /**
   * One step on a ticket at the window that has it: the ticket must be in one of `from`
   * (what the clerk saw), and `apply` changes it in the same transaction.
   */
  private async step(
    p: Principal | null,
    ticketId: string,
    origin: RequestOrigin,
    action: string,
    from: readonly TicketStatus[],
    apply: (db: Db, t: TicketRow, now: Date, noShowAfter: number) => Promise<Record<string, unknown> | void>,
  ): Promise<TicketT> {
    const t0 = await repo.ticketById(this.c.db, ticketId);
    if (!t0?.window_id) throw ticketNotFound();
    const w0 = await this.windowRow(t0.window_id);
    const principal = policy.atWindow(p, { clerkAccountId: w0.clerk_account_id });
    const h = await this.c.hallById(t0.hall_id);
    await command(this.c.p, principalActor(principal, origin), async (work) => {
      const db = scoped<HallsTables>(work.tx);
      const t = (await repo.lockTicket(db, ticketId))!;
      if (t.window_id !== w0.id || !from.includes(t.status)) throw ticketState();
      const detail = await apply(db, t, work.now, h.no_show_after_recalls);
      await work.audit({
        action: `halls.ticket.${action}`,
        resourceType: 'ticket',
        resourceId: t.id,
        regionCode: h.region_code,
        detail: { window: w0.number, number: t.number, ...(detail ?? {}) },
      });
    });
    this.c.changed(h.id);
    return this.c.ticketView((await repo.ticketById(this.c.db, ticketId))!, h.code);
  }

  recall(p: Principal | null, id: string, origin: RequestOrigin) {
    return this.step(p, id, origin, 'recalled', ['called'], async (db, t, now) => {
      await repo.updateTicket(db, t.id, { recalls: t.recalls + 1, called_at: now });
      return { recalls: t.recalls + 1 };
    });
  }

  serve(p: Principal | null, id: string, origin: RequestOrigin) {
    return this.step(p, id, origin, 'serving', ['called'], async (db, t, now) => {
      await repo.updateTicket(db, t.id, { status: 'serving', served_at: now });
    });
  }

  finish(p: Principal | null, id: string, origin: RequestOrigin) {
    return this.step(p, id, origin, 'finished', ['serving'], async (db, t, now) => {
      await repo.updateTicket(db, t.id, { status: 'done', finished_at: now });
    });
  }

  noShow(p: Principal | null, id: string, origin: RequestOrigin) {
    return this.step(p, id, origin, 'no-show', ['called'], async (db, t, now, noShowAfter) => {
      if (t.recalls < noShowAfter)
        throw new AppError(422, 'NO_SHOW_TOO_EARLY', 'Call the number again before marking it a no-show');
      await repo.updateTicket(db, t.id, { status: 'no_show', finished_at: now });
    });
  }

  /** Send the number to another window of the same hall, where it is called first. */
  async transfer(p: Principal | null, id: string, input: { windowId: string }, origin: RequestOrigin) {
    const target = await repo.windowById(this.c.db, input.windowId);
    return this.step(p, id, origin, 'transferred', ['called', 'serving'], async (db, t) => {
      if (!target || target.hall_id !== t.hall_id || target.id === t.window_id) throw windowNotFound();
      await repo.updateTicket(db, t.id, {
        status: 'waiting',
        window_id: target.id,
        priority: TRANSFER_PRIORITY,
        called_at: null,
        served_at: null,
        recalls: 0,
      });
      return { to: target.number };
    });
  }

  /** The ticket being served at the clerk's window, for filing its applicant's case (一窗受理). */
  async servingAt(p: Principal | null, windowId: string): Promise<{ ticket: TicketRow; window: WindowRow }> {
    const w = await this.windowRow(windowId);
    policy.atWindow(p, { clerkAccountId: w.clerk_account_id });
    const t = await repo.currentOfWindow(this.c.db, w.id);
    if (!t || t.status !== 'serving') throw new AppError(409, 'TICKET_STATE', 'Serve a number at this window first');
    return { ticket: t, window: w };
  }
}
