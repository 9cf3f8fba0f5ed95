/** cityops core's HTTP shapes. */
import { Type } from 'typebox';
import { DateTime, Enum, LocalText, Nullable, Obj, PageQuery, Uuid } from '../../platform/http.ts';
import { PhotoIds } from '../../platform/photos.ts';
import { EVENT_SOURCES, EVENT_STATUSES, UPDATE_KINDS } from './cityops.tables.ts';

/** citizen: 随手拍; hotline: 12345; open311: GeoReport v2; sensor: 物联感知; patrol: 网格员巡查上报 */
export const EventSource = Enum('CityEventSource', [...EVENT_SOURCES]);
export const EventStatus = Enum('CityEventStatus', [...EVENT_STATUSES], {
  description:
    'open: 待派遣; dispatched: 已派遣; processing: 处置中; closed: 已办结; merged: 已合并; returned: 已退回 (awaiting re-dispatch)',
});
export const UpdateKind = Enum('CityEventUpdateKind', [...UPDATE_KINDS]);

const CategoryCode = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,63}$' });
const Lat = Type.Number({ minimum: -90, maximum: 90 });
const Lng = Type.Number({ minimum: -180, maximum: 180 });
const Note = Type.String({ minLength: 1, maxLength: 2000 });
const Photos = PhotoIds();

export const Category = Obj(
  {
    code: CategoryCode,
    name: LocalText,
    group: LocalText,
    description: LocalText,
    departmentCode: Type.String(),
    urgent: Type.Boolean(),
    timeLimit: Obj({ value: Type.Integer(), unit: Type.String() }),
    anonymousAllowed: Type.Boolean(),
    keywords: Type.Array(Type.String()),
    sensorType: Nullable(Type.String()),
  },
  { title: 'CityEventCategory' },
);

const Place = Obj(
  { id: Uuid(), code: Type.String(), name: Type.String(), nameEn: Type.String() },
  { title: 'CityPlace' },
);
const Department = Obj(
  { id: Uuid(), code: Type.String(), name: Type.String(), nameEn: Type.String() },
  { title: 'CityDepartment' },
);

export const ReportInput = Obj(
  {
    categoryCode: CategoryCode,
    description: Type.String({ minLength: 1, maxLength: 2000 }),
    lat: Type.Optional(Lat),
    lng: Type.Optional(Lng),
    address: Type.Optional(Type.String({ minLength: 2, maxLength: 200 })),
    photos: Type.Optional(Photos),
    anonymous: Type.Optional(Type.Boolean()),
    contact: Type.Optional(
      Obj({
        name: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
        phone: Type.Optional(Type.String({ pattern: '^[0-9+\\- ]{5,20}$' })),
        email: Type.Optional(Type.String({ format: 'email', maxLength: 200 })),
      }),
    ),
    idempotencyKey: Type.Optional(Type.String({ minLength: 8, maxLength: 100 })),
  },
  { title: 'CityReportInput' },
);

export const PatrolInput = Obj(
  {
    categoryCode: CategoryCode,
    description: Type.String({ minLength: 1, maxLength: 2000 }),
    lat: Type.Optional(Lat),
    lng: Type.Optional(Lng),
    address: Type.Optional(Type.String({ minLength: 2, maxLength: 200 })),
    photos: Type.Optional(Photos),
    idempotencyKey: Type.Optional(Type.String({ minLength: 8, maxLength: 100 })),
  },
  { title: 'CityPatrolInput' },
);

export const OpenedEvent = Obj(
  {
    id: Uuid(),
    number: Type.String(),
    token: Nullable(Type.String()),
    status: EventStatus,
    categoryCode: Type.String(),
    communityId: Nullable(Type.String()),
    gridId: Nullable(Type.String()),
    departmentId: Nullable(Type.String()),
    deadlineAt: Nullable(DateTime()),
    openedAt: DateTime(),
  },
  { title: 'OpenedCityEvent' },
);

export const EventSummary = Obj(
  {
    id: Uuid(),
    number: Type.String(),
    status: EventStatus,
    source: EventSource,
    category: Obj({ code: Type.String(), name: LocalText }),
    description: Type.String(),
    lat: Nullable(Type.Number()),
    lng: Nullable(Type.Number()),
    address: Nullable(Type.String()),
    community: Nullable(Place),
    grid: Nullable(Place),
    department: Nullable(Department),
    urgent: Type.Boolean(),
    deadlineAt: Nullable(DateTime()),
    overdue: Type.Boolean(),
    openedAt: DateTime(),
    updatedAt: DateTime(),
    closedAt: Nullable(DateTime()),
    rating: Nullable(Type.Integer()),
  },
  { title: 'CityEventSummary' },
);

export const EventDetail = Obj(
  {
    ...EventSummary.properties,
    coDepartments: Type.Array(Department),
    photos: Type.Array(Uuid()),
    closeNote: Nullable(Type.String()),
    closePhotos: Type.Array(Uuid()),
    ratingComment: Nullable(Type.String()),
    reopenUntil: Nullable(DateTime()),
    mergedInto: Nullable(Obj({ id: Uuid(), number: Type.String() })),
    anonymous: Type.Boolean(),
    /** The reporter's contact: their own to the reporter, masked to handlers, null when anonymous or absent. */
    contact: Nullable(
      Obj({ name: Nullable(Type.String()), phone: Nullable(Type.String()), email: Nullable(Type.String()) }),
    ),
    /** The caller's relation to the event: what the console and the app offer. */
    viewer: Obj({
      staff: Type.Boolean(),
      reporter: Type.Boolean(),
      mayDispatch: Type.Boolean(),
      mayHandle: Type.Boolean(),
      mayClose: Type.Boolean(),
      mayRate: Type.Boolean(),
      mayReopen: Type.Boolean(),
    }),
    token: Nullable(Type.String()),
    version: Type.Integer(),
  },
  { title: 'CityEventDetail' },
);

export const EventUpdate = Obj(
  {
    id: Uuid(),
    at: DateTime(),
    kind: UpdateKind,
    statusAfter: EventStatus,
    note: Nullable(Type.String()),
    photos: Type.Array(Uuid()),
    public: Type.Boolean(),
    by: Enum('CityEventActor', ['reporter', 'staff', 'system']),
  },
  { title: 'CityEventUpdate' },
);

export const ListQuery = Obj({
  status: Type.Optional(
    Type.String({
      pattern: `^(${EVENT_STATUSES.join('|')})(,(${EVENT_STATUSES.join('|')})){0,5}$`,
      description: 'One status or several, comma-separated (open,dispatched)',
    }),
  ),
  categoryCode: Type.Optional(CategoryCode),
  source: Type.Optional(EventSource),
  communityId: Type.Optional(Uuid()),
  gridId: Type.Optional(Uuid()),
  departmentId: Type.Optional(Uuid()),
  number: Type.Optional(Type.String({ maxLength: 20 })),
  urgent: Type.Optional(Type.Boolean()),
  overdue: Type.Optional(Type.Boolean()),
  from: Type.Optional(DateTime()),
  to: Type.Optional(DateTime()),
  ...PageQuery,
});

export const MyListQuery = Obj({ ...PageQuery });

export const ReassignInput = Obj(
  {
    gridId: Type.Optional(Nullable(Uuid())),
    departmentId: Type.Optional(Uuid()),
    note: Type.Optional(Note),
  },
  { title: 'CityReassignInput' },
);
export const ReasonInput = Obj({ reason: Note }, { title: 'CityReasonInput' });
export const NoteInput = Obj({ note: Note, public: Type.Optional(Type.Boolean()) }, { title: 'CityNoteInput' });
export const OptionalNote = Obj({ note: Type.Optional(Note) }, { title: 'CityOptionalNote' });
export const CoAssignInput = Obj(
  { departmentIds: Type.Array(Uuid(), { minItems: 1, maxItems: 10 }), note: Type.Optional(Note) },
  { title: 'CityCoAssignInput' },
);
export const CloseInput = Obj({ note: Note, photos: Type.Optional(Photos) }, { title: 'CityCloseInput' });
export const RateInput = Obj(
  { rating: Type.Integer({ minimum: 1, maximum: 5 }), comment: Type.Optional(Type.String({ maxLength: 500 })) },
  { title: 'CityRateInput' },
);
export const MergeInput = Obj({ intoId: Uuid(), note: Type.Optional(Note) }, { title: 'CityMergeInput' });
export const Duplicate = Obj(
  { event: EventSummary, distanceMetres: Type.Integer(), hoursApart: Type.Number() },
  { title: 'CityEventDuplicate' },
);
