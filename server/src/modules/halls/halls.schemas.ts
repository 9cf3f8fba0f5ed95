/** TypeBox schemas of halls' routes. */
import { Type, type Static } from 'typebox';
import { DateTime, Enum, LocalText, Nullable, Obj, Uuid } from '../../platform/http.ts';

export const DAY_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';
const Day = () => Type.String({ pattern: DAY_PATTERN, description: 'A date (YYYY-MM-DD) in the city’s time zone' });
const ItemCode = () => Type.String({ minLength: 1, maxLength: 80 });

export const ItemRef = Obj({ code: Type.String(), name: LocalText }, { title: 'HallItem' });
export const Interval = Obj({ open: Type.String(), close: Type.String() }, { title: 'OpeningInterval' });

export const HallSummary = Obj(
  {
    id: Uuid(),
    code: Type.String(),
    name: LocalText,
    address: LocalText,
    lat: Type.Number(),
    lng: Type.Number(),
    openToday: Type.Boolean({ description: 'Whether the hall opens today (working-day calendar)' }),
    waitingNow: Type.Integer({ minimum: 0 }),
  },
  { title: 'HallSummary' },
);

export const HallWindow = Obj(
  {
    id: Uuid(),
    number: Type.Integer(),
    name: LocalText,
    departmentCode: Type.String(),
    comprehensive: Type.Boolean({ description: '综合窗口: handles every item of the hall' }),
    items: Type.Array(ItemRef),
    open: Type.Boolean(),
  },
  { title: 'HallWindow' },
);

export const HallDetail = Obj(
  {
    ...HallSummary.properties,
    hours: Type.Array(Type.Array(Interval), {
      description: 'Opening intervals, Sunday first',
      minItems: 7,
      maxItems: 7,
    }),
    slotMinutes: Type.Integer(),
    noShowAfterRecalls: Type.Integer(),
    windows: Type.Array(HallWindow),
    items: Type.Array(ItemRef, { description: 'What can be booked here' }),
    openDays: Type.Array(Day(), { description: 'The next days the hall opens' }),
  },
  { title: 'HallDetail' },
);

export const HallParams = Obj({ hall: Type.String({ minLength: 2, maxLength: 40, description: 'The hall’s code' }) });
export const SlotsQuery = Obj({ itemCode: ItemCode(), day: Day() });
export const Slot = Obj(
  {
    startAt: DateTime(),
    endAt: DateTime(),
    capacity: Type.Integer(),
    booked: Type.Integer(),
    available: Type.Integer({ minimum: 0 }),
  },
  { title: 'AppointmentSlot' },
);

export const APPOINTMENT_STATUSES = ['booked', 'cancelled', 'checked_in'] as const;
export const TICKET_STATUSES = ['waiting', 'called', 'serving', 'done', 'no_show'] as const;
export const TICKET_KINDS = ['appointment', 'walk_in'] as const;

export const TicketBrief = Obj(
  { id: Uuid(), number: Type.String(), status: Enum('TicketStatus', TICKET_STATUSES) },
  { title: 'TicketBrief' },
);

export const Appointment = Obj(
  {
    id: Uuid(),
    hall: Obj({ id: Uuid(), code: Type.String(), name: LocalText, address: LocalText }),
    item: ItemRef,
    day: Day(),
    startAt: DateTime(),
    endAt: DateTime(),
    status: Enum('AppointmentStatus', APPOINTMENT_STATUSES),
    ticket: Nullable(TicketBrief),
  },
  { title: 'Appointment' },
);

export const BookBody = Obj(
  { hall: Type.String({ minLength: 2, maxLength: 40 }), itemCode: ItemCode(), startAt: DateTime() },
  { title: 'AppointmentBooking' },
);
export const ChangeBody = Obj({ startAt: DateTime() }, { title: 'AppointmentChange' });

export const Ticket = Obj(
  {
    id: Uuid(),
    hallCode: Type.String(),
    number: Type.String(),
    kind: Enum('TicketKind', TICKET_KINDS),
    item: ItemRef,
    status: Enum('TicketStatus', TICKET_STATUSES),
    window: Nullable(Obj({ id: Uuid(), number: Type.Integer(), name: LocalText })),
    recalls: Type.Integer(),
    ahead: Type.Integer({ minimum: 0, description: 'Numbers waiting before this one' }),
    caseId: Nullable(Uuid()),
    createdAt: DateTime(),
    calledAt: Nullable(DateTime()),
  },
  { title: 'Ticket' },
);

export const WalkInBody = Obj({ itemCode: ItemCode() }, { title: 'WalkInTicket' });
export const TransferBody = Obj({ windowId: Uuid() }, { title: 'TicketTransfer' });
export const WindowParams = Obj({ id: Uuid() });

export const WindowView = Obj(
  {
    window: HallWindow,
    hall: Obj({ id: Uuid(), code: Type.String(), name: LocalText, noShowAfterRecalls: Type.Integer() }),
    mine: Type.Boolean({ description: 'Whether the caller has this window open' }),
    current: Nullable(Ticket),
    waiting: Type.Integer({ minimum: 0, description: 'Numbers this window may call' }),
  },
  { title: 'WindowView' },
);

export const ScreenCall = Obj(
  {
    number: Type.String(),
    windowNumber: Type.Integer(),
    windowName: LocalText,
    status: Enum('TicketStatus', TICKET_STATUSES),
    calledAt: DateTime(),
    recalls: Type.Integer(),
  },
  { title: 'ScreenCall' },
);
export const Screen = Obj(
  {
    hall: Obj({ id: Uuid(), code: Type.String(), name: LocalText }),
    calls: Type.Array(ScreenCall),
    waiting: Type.Integer({ minimum: 0 }),
    at: DateTime(),
  },
  { title: 'CallingScreen' },
);

export const StatsQuery = Obj({ day: Type.Optional(Day()) });
export const HallStats = Obj(
  {
    day: Day(),
    waitingNow: Type.Integer({ minimum: 0 }),
    served: Type.Integer({ minimum: 0 }),
    noShows: Type.Integer({ minimum: 0 }),
    averageWaitMinutes: Nullable(Type.Number()),
    medianWaitMinutes: Nullable(Type.Number()),
    averageServeMinutes: Nullable(Type.Number()),
    medianServeMinutes: Nullable(Type.Number()),
  },
  { title: 'HallStats' },
);

export const CounterFilingBody = Obj(
  {
    itemCode: ItemCode(),
    form: Type.Record(Type.String(), Type.Unknown(), { description: 'The item’s form, as online' }),
    applicant: Obj(
      {
        idNumber: Type.String({ minLength: 18, maxLength: 18, description: 'As on the ID card checked in person' }),
        name: Type.String({ minLength: 2, maxLength: 30 }),
      },
      { title: 'CounterApplicant' },
    ),
    paperMaterials: Type.Array(Type.String({ maxLength: 80 }), {
      maxItems: 50,
      description: 'Codes of the materials received on paper',
    }),
  },
  { title: 'CounterFiling' },
);
export const CounterFiled = Obj(
  {
    caseId: Uuid(),
    caseNumber: Type.String(),
    title: LocalText,
    ticketId: Uuid(),
    applicantCreated: Type.Boolean({ description: 'Whether the applicant had no account and one was made' }),
    receipt: Type.String({ description: 'Where the acceptance receipt (PDF) is' }),
  },
  { title: 'CounterFiled' },
);
export type HallDetailT = Static<typeof HallDetail>;
export type TicketT = Static<typeof Ticket>;
export type AppointmentT = Static<typeof Appointment>;
export type ScreenT = Static<typeof Screen>;
export type HallStatsT = Static<typeof HallStats>;
export type HallWindowT = Static<typeof HallWindow>;
