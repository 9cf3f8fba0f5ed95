/** The city screen's (城市运行大屏) answers: the first load's figures and the live stream's messages. */
import { Type, type Static } from 'typebox';
import { DateTime, Enum, Nullable, Obj, Uuid } from '../../platform/http.ts';

export const SCREEN_STATUSES = ['open', 'dispatched', 'processing', 'closed', 'merged', 'returned'] as const;
export const ScreenEventStatus = Enum('ScreenEventStatus', [...SCREEN_STATUSES]);
export type ScreenEventStatusT = (typeof SCREEN_STATUSES)[number];

export const ScreenQuery = Obj({
  days: Type.Optional(
    Type.Integer({ minimum: 7, maximum: 90, default: 30, description: 'The window of the trend, categories and heat' }),
  ),
});

const StatusCounts = Obj(
  {
    open: Type.Integer(),
    dispatched: Type.Integer(),
    processing: Type.Integer(),
    closed: Type.Integer(),
    merged: Type.Integer(),
    returned: Type.Integer(),
  },
  { title: 'ScreenStatusCounts' },
);

export const ScreenEvent = Obj(
  {
    id: Uuid(),
    number: Type.String(),
    status: ScreenEventStatus,
    categoryCode: Type.String(),
    source: Type.String(),
    urgent: Type.Boolean(),
    lat: Type.Number(),
    lng: Type.Number(),
    openedAt: DateTime(),
    deadlineAt: Nullable(DateTime()),
  },
  { title: 'ScreenEvent', description: 'An unfinished event on the map (no reporter, no contact: nothing personal)' },
);
export type ScreenEventT = Static<typeof ScreenEvent>;

export const ScreenSummary = Obj(
  {
    regionCode: Type.String(),
    at: DateTime(),
    days: Type.Integer(),
    counts: StatusCounts,
    total: Type.Integer(),
    today: Obj({ opened: Type.Integer(), closed: Type.Integer() }),
    compliance: Obj(
      {
        closed: Type.Integer({ description: 'Events closed in the window that had a deadline' }),
        onTime: Type.Integer({ description: 'Of those, closed by their deadline' }),
        rate: Nullable(Type.Number({ description: 'onTime / closed; null when nothing closed' })),
        overdueNow: Type.Integer({ description: 'Unfinished events past their deadline now' }),
      },
      { title: 'ScreenCompliance' },
    ),
    categories: Type.Array(
      Obj(
        { code: Type.String(), name: Type.String(), nameEn: Type.String(), count: Type.Integer() },
        { title: 'ScreenCategory' },
      ),
    ),
    trend: Type.Array(
      Obj(
        { day: Type.String({ format: 'date' }), opened: Type.Integer(), closed: Type.Integer() },
        { title: 'ScreenDay' },
      ),
    ),
    sources: Type.Array(Obj({ source: Type.String(), count: Type.Integer() }, { title: 'ScreenSource' })),
    heat: Type.Array(
      Obj(
        { lat: Type.Number(), lng: Type.Number(), count: Type.Integer() },
        { title: 'ScreenHeatCell', description: 'Events opened in the window in a cell of about 200 m' },
      ),
    ),
    events: Type.Array(ScreenEvent, { description: 'The latest unfinished events with a position (at most 500)' }),
    unfinished: Type.Integer({ description: 'All unfinished events (the map shows the latest 500)' }),
    hotline: Nullable(
      Obj(
        {
          today: Type.Integer(),
          window: Type.Integer({ description: 'Calls in the window' }),
          answeredOnSpot: Type.Integer({ description: 'Of those, answered on the spot (enquiries closed at once)' }),
          repeatCallers: Type.Integer(),
          byType: Type.Array(Obj({ type: Type.String(), count: Type.Integer() })),
        },
        { title: 'ScreenHotline', description: '12345 figures; null where the hotline desk is not installed' },
      ),
    ),
  },
  { title: 'ScreenSummary' },
);
export type ScreenSummaryT = Static<typeof ScreenSummary>;

/** One live message: an event opened or changed (from `cityops.event.changed`). */
export const ScreenChange = Obj(
  {
    eventId: Uuid(),
    number: Type.String(),
    status: ScreenEventStatus,
    previousStatus: Nullable(ScreenEventStatus),
    source: Type.String(),
    categoryCode: Type.String(),
    lat: Nullable(Type.Number()),
    lng: Nullable(Type.Number()),
    at: DateTime(),
  },
  { title: 'ScreenChange' },
);
export type ScreenChangeT = Static<typeof ScreenChange>;

/** The stream's messages, by SSE event name; published so the web's types come from the contract. */
export const ScreenStreamMessages = Obj(
  {
    event: ScreenChange,
    sensor: Obj(
      {
        sensorId: Type.String(),
        type: Type.String(),
        status: Type.String({ description: 'normal, alert or silent' }),
        lat: Type.Number(),
        lng: Type.Number(),
        value: Nullable(Type.Number()),
        eventId: Nullable(Type.String()),
        at: DateTime(),
      },
      { title: 'ScreenSensorChange' },
    ),
    call: Obj({ at: DateTime() }, { title: 'ScreenCallChange' }),
  },
  { title: 'ScreenStreamMessages', description: 'What each named SSE event of the screen stream carries (JSON)' },
);
export type ScreenStreamMessagesT = Static<typeof ScreenStreamMessages>;
