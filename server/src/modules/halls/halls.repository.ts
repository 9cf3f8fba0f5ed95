/** All of halls' SQL. */
import { sql, type Kysely } from 'kysely';
import type { AppointmentStatus, HallsTables, TicketKind, TicketStatus, WeekHours } from './halls.tables.ts';

type Db = Kysely<HallsTables>;

export type HallRow = HallsTables['halls.halls'] & { hours: WeekHours };
export type WindowRow = HallsTables['halls.windows'];
export type AppointmentRow = HallsTables['halls.appointments'];
export type TicketRow = Omit<HallsTables['halls.tickets'], 'priority' | 'recalls'> & {
  priority: number;
  recalls: number;
};

// ---------------------------------------------------------------- halls and windows

export const halls = async (db: Db): Promise<HallRow[]> =>
  (await db.selectFrom('halls.halls').selectAll().orderBy('code').execute()) as HallRow[];

export const hallByCode = async (db: Db, code: string): Promise<HallRow | undefined> =>
  (await db.selectFrom('halls.halls').selectAll().where('code', '=', code).executeTakeFirst()) as HallRow | undefined;

export const hallById = async (db: Db, id: string): Promise<HallRow | undefined> =>
  (await db.selectFrom('halls.halls').selectAll().where('id', '=', id).executeTakeFirst()) as HallRow | undefined;

export const isSeeded = async (db: Db): Promise<boolean> =>
  (await db.selectFrom('halls.halls').select('id').limit(1).executeTakeFirst()) !== undefined;

export async function insertHall(db: Db, h: Omit<HallRow, 'hours'> & { hours: WeekHours }): Promise<void> {
  await db
    .insertInto('halls.halls')
    .values({ ...h, hours: JSON.stringify(h.hours) })
    .execute();
}

export async function insertWindow(db: Db, w: WindowRow): Promise<void> {
  await db.insertInto('halls.windows').values(w).execute();
}

export const windowsOf = (db: Db, hallId: string): Promise<WindowRow[]> =>
  db.selectFrom('halls.windows').selectAll().where('hall_id', '=', hallId).orderBy('number').execute();

export const windowById = (db: Db, id: string): Promise<WindowRow | undefined> =>
  db.selectFrom('halls.windows').selectAll().where('id', '=', id).executeTakeFirst();

export const lockWindow = (db: Db, id: string): Promise<WindowRow | undefined> =>
  db.selectFrom('halls.windows').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

export async function setWindowClerk(db: Db, id: string, clerk: string | null, at: Date | null): Promise<void> {
  await db.updateTable('halls.windows').set({ clerk_account_id: clerk, opened_at: at }).where('id', '=', id).execute();
}

// ---------------------------------------------------------------- slots

/** Make the slot row unless it exists (its capacity is fixed when first booked). */
export async function ensureSlot(
  db: Db,
  s: { hallId: string; startAt: Date; group: string; day: string; capacity: number },
): Promise<void> {
  await db
    .insertInto('halls.slots')
    .values({ hall_id: s.hallId, start_at: s.startAt, group_code: s.group, day: s.day, capacity: s.capacity })
    .onConflict((oc) => oc.columns(['hall_id', 'start_at', 'group_code']).doNothing())
    .execute();
}

/** Take one place in a slot; false when it is full. The row lock serialises concurrent bookings. */
export async function takeSlot(db: Db, hallId: string, startAt: Date, group: string): Promise<boolean> {
  const r = await db
    .updateTable('halls.slots')
    .set((eb) => ({ booked: eb('booked', '+', 1) }))
    .where('hall_id', '=', hallId)
    .where('start_at', '=', startAt)
    .where('group_code', '=', group)
    .where((eb) => eb('booked', '<', eb.ref('capacity')))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function releaseSlot(db: Db, hallId: string, startAt: Date, group: string): Promise<void> {
  await db
    .updateTable('halls.slots')
    .set((eb) => ({ booked: eb('booked', '-', 1) }))
    .where('hall_id', '=', hallId)
    .where('start_at', '=', startAt)
    .where('group_code', '=', group)
    .where('booked', '>', 0)
    .execute();
}

export const slotsOfDay = (db: Db, hallId: string, day: string, group: string) =>
  db
    .selectFrom('halls.slots')
    .select(['start_at', 'capacity', 'booked'])
    .where('hall_id', '=', hallId)
    .where('day', '=', day)
    .where('group_code', '=', group)
    .execute();

// ---------------------------------------------------------------- appointments

/** Insert an appointment; false when the person already holds one for the item that day. */
export async function insertAppointment(db: Db, a: AppointmentRow): Promise<boolean> {
  const r = await db
    .insertInto('halls.appointments')
    .values(a)
    .onConflict((oc) =>
      // A literal, not a parameter: PostgreSQL matches the partial unique index by its predicate
      // when it plans, and a prepared statement's generic plan cannot prove `status <> $1` implies it.
      oc.columns(['account_id', 'item_code', 'day']).where('status', '<>', sql.lit('cancelled')).doNothing(),
    )
    .returning('id')
    .executeTakeFirst();
  return r !== undefined;
}

export const appointmentById = (db: Db, id: string): Promise<AppointmentRow | undefined> =>
  db.selectFrom('halls.appointments').selectAll().where('id', '=', id).executeTakeFirst();

export const lockAppointment = (db: Db, id: string): Promise<AppointmentRow | undefined> =>
  db.selectFrom('halls.appointments').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

export const appointmentsOf = (db: Db, accountId: string): Promise<AppointmentRow[]> =>
  db
    .selectFrom('halls.appointments')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('start_at', 'desc')
    .limit(100)
    .execute();

/** Whether another live appointment of this person holds the item on that day. */
export const otherLiveBooking = async (db: Db, a: { id: string; accountId: string; itemCode: string; day: string }) =>
  (await db
    .selectFrom('halls.appointments')
    .select('id')
    .where('account_id', '=', a.accountId)
    .where('item_code', '=', a.itemCode)
    .where('day', '=', a.day)
    .where('status', '<>', 'cancelled')
    .where('id', '<>', a.id)
    .executeTakeFirst()) !== undefined;

export async function updateAppointment(
  db: Db,
  id: string,
  set: { status?: AppointmentStatus; startAt?: Date; day?: string; ticketId?: string },
  at: Date,
): Promise<void> {
  await db
    .updateTable('halls.appointments')
    .set({
      updated_at: at,
      ...(set.status ? { status: set.status } : {}),
      ...(set.startAt ? { start_at: set.startAt } : {}),
      ...(set.day ? { day: set.day } : {}),
      ...(set.ticketId ? { ticket_id: set.ticketId } : {}),
    })
    .where('id', '=', id)
    .execute();
}

// ---------------------------------------------------------------- tickets

/** The next number of a prefix in a hall on a day (1, 2, …). */
export async function nextNumber(db: Db, hallId: string, day: string, prefix: string): Promise<number> {
  const r = await db
    .insertInto('halls.ticket_counters')
    .values({ hall_id: hallId, day, prefix, last: 1 })
    .onConflict((oc) =>
      oc
        .columns(['hall_id', 'day', 'prefix'])
        .doUpdateSet((eb) => ({ last: eb('halls.ticket_counters.last', '+', 1) })),
    )
    .returning('last')
    .executeTakeFirstOrThrow();
  return r.last;
}

export async function insertTicket(
  db: Db,
  t: {
    id: string;
    hallId: string;
    regionCode: string;
    day: string;
    number: string;
    kind: TicketKind;
    appointmentId: string | null;
    accountId: string | null;
    itemCode: string;
    dueAt: Date | null;
    at: Date;
  },
): Promise<void> {
  await db
    .insertInto('halls.tickets')
    .values({
      id: t.id,
      hall_id: t.hallId,
      region_code: t.regionCode,
      day: t.day,
      number: t.number,
      kind: t.kind,
      appointment_id: t.appointmentId,
      account_id: t.accountId,
      item_code: t.itemCode,
      due_at: t.dueAt,
      status: 'waiting',
      window_id: null,
      case_id: null,
      created_at: t.at,
      called_at: null,
      served_at: null,
      finished_at: null,
    })
    .execute();
}

export const ticketById = async (db: Db, id: string): Promise<TicketRow | undefined> =>
  db.selectFrom('halls.tickets').selectAll().where('id', '=', id).executeTakeFirst();

export const lockTicket = async (db: Db, id: string): Promise<TicketRow | undefined> =>
  db.selectFrom('halls.tickets').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

export const ticketsByIds = async (db: Db, ids: string[]): Promise<TicketRow[]> =>
  ids.length === 0 ? [] : db.selectFrom('halls.tickets').selectAll().where('id', 'in', ids).execute();

/** The tickets a window may call: waiting in its hall today, for an item it handles (or sent to it). */
function callable(db: Db, w: WindowRow, day: string) {
  let q = db
    .selectFrom('halls.tickets')
    .where('hall_id', '=', w.hall_id)
    .where('day', '=', day)
    .where('status', '=', 'waiting')
    .where((eb) => eb.or([eb('window_id', 'is', null), eb('window_id', '=', w.id)]));
  if (!w.comprehensive) q = q.where('item_code', 'in', w.item_codes.length > 0 ? w.item_codes : ['']);
  return q;
}

export async function callableCount(db: Db, w: WindowRow, day: string): Promise<number> {
  const r = await callable(db, w, day)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * The next ticket for a window, locked: transfers to it first, then appointments due within
 * the tolerance, then everyone in the order they took their numbers. Skips tickets another
 * window is taking at this moment.
 */
export const nextForWindow = (db: Db, w: WindowRow, day: string, dueBy: Date): Promise<TicketRow | undefined> =>
  callable(db, w, day)
    .selectAll()
    .orderBy('priority', 'desc')
    .orderBy(sql`case when kind = 'appointment' and due_at <= ${dueBy} then 0 else 1 end`)
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();

export async function updateTicket(
  db: Db,
  id: string,
  set: Partial<
    Pick<
      TicketRow,
      'status' | 'window_id' | 'recalls' | 'priority' | 'called_at' | 'served_at' | 'finished_at' | 'case_id'
    >
  >,
): Promise<void> {
  await db.updateTable('halls.tickets').set(set).where('id', '=', id).execute();
}

/** The ticket a window is calling or serving now. */
export const currentOfWindow = (db: Db, windowId: string): Promise<TicketRow | undefined> =>
  db
    .selectFrom('halls.tickets')
    .selectAll()
    .where('window_id', '=', windowId)
    .where('status', 'in', ['called', 'serving'] satisfies TicketStatus[])
    .orderBy('called_at', 'desc')
    .limit(1)
    .executeTakeFirst();

export async function waitingCount(db: Db, hallId: string, day: string): Promise<number> {
  const r = await db
    .selectFrom('halls.tickets')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('hall_id', '=', hallId)
    .where('day', '=', day)
    .where('status', '=', 'waiting')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Waiting tickets of the hall that took their number before this one. */
export async function aheadOf(db: Db, t: TicketRow): Promise<number> {
  if (t.status !== 'waiting') return 0;
  const r = await db
    .selectFrom('halls.tickets')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('hall_id', '=', t.hall_id)
    .where('day', '=', t.day)
    .where('status', '=', 'waiting')
    .where('created_at', '<', t.created_at)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The latest calls of a hall's day (the calling screen). */
export const recentCalls = (db: Db, hallId: string, day: string, limit: number) =>
  db
    .selectFrom('halls.tickets')
    .innerJoin('halls.windows', 'halls.windows.id', 'halls.tickets.window_id')
    .select([
      'halls.tickets.number',
      'halls.tickets.status',
      'halls.tickets.called_at',
      'halls.tickets.recalls',
      'halls.windows.number as window_number',
      'halls.windows.name_zh',
      'halls.windows.name_en',
    ])
    .where('halls.tickets.hall_id', '=', hallId)
    .where('halls.tickets.day', '=', day)
    .where('halls.tickets.status', 'in', ['called', 'serving'] satisfies TicketStatus[])
    .orderBy('halls.tickets.called_at', 'desc')
    .limit(limit)
    .execute();

/** The times of a hall's day's tickets (waiting-time figures). */
export const dayTimes = (db: Db, hallId: string, day: string) =>
  db
    .selectFrom('halls.tickets')
    .select(['status', 'created_at', 'called_at', 'served_at', 'finished_at'])
    .where('hall_id', '=', hallId)
    .where('day', '=', day)
    .execute();

export async function waitingByHall(db: Db, day: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('halls.tickets')
    .select(['hall_id', (eb) => eb.fn.countAll<string>().as('n')])
    .where('day', '=', day)
    .where('status', '=', 'waiting')
    .groupBy('hall_id')
    .execute();
  return new Map(rows.map((r) => [r.hall_id, Number(r.n)]));
}

// ---------------------------------------------------------------- receipts

export type ReceiptRow = Omit<HallsTables['halls.receipts'], 'materials'> & {
  materials: { code: string; name: { zh: string; en: string } }[];
};

export async function insertReceipt(db: Db, r: ReceiptRow): Promise<void> {
  await db
    .insertInto('halls.receipts')
    .values({ ...r, materials: JSON.stringify(r.materials) })
    .onConflict((oc) => oc.column('case_id').doNothing())
    .execute();
}

export const receiptByCase = async (db: Db, caseId: string): Promise<ReceiptRow | undefined> =>
  (await db.selectFrom('halls.receipts').selectAll().where('case_id', '=', caseId).executeTakeFirst()) as
    ReceiptRow | undefined;
