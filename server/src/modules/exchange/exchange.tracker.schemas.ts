/** Schemas of the data tracker's routes (谁查了我的数据). */
import { Type, type Static } from 'typebox';
import { DateTime, Enum, Nullable, Obj, Uuid } from '../../platform/http.ts';

export const AccessOutcome = Enum('AccessOutcome', ['read', 'refused']);

export const TrackerQuery = Obj(
  {
    department: Type.Optional(Type.String({ pattern: '^[A-Z0-9]{2,12}$', description: 'Department code' })),
    purpose: Type.Optional(Type.String({ minLength: 1, maxLength: 60, description: 'Part of the stated purpose' })),
    from: Type.Optional(DateTime()),
    to: Type.Optional(DateTime()),
    field: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, description: 'A field read: `<registry>.<field>`, or a case field' }),
    ),
    outcome: Type.Optional(AccessOutcome),
    caseNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    cursor: Type.Optional(Type.String({ maxLength: 200, description: 'nextCursor of the previous page' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  },
  { title: 'TrackerQuery' },
);
export type TrackerQueryT = Static<typeof TrackerQuery>;

export const TrackerEntry = Obj(
  {
    id: Uuid(),
    at: DateTime(),
    subjectKind: Enum('TrackerSubjectKind', ['person', 'enterprise']),
    department: Nullable(
      Obj({ code: Type.String(), name: Type.String(), nameEn: Type.String() }, { title: 'TrackerDepartment' }),
    ),
    /** Who read: a staff member (masked name) or a system (its registered name). */
    accessor: Obj(
      { kind: Enum('AccessorKind', ['staff', 'system']), name: Type.String() },
      { title: 'TrackerAccessor' },
    ),
    /** The organisation the reader acted for, when it is not a department (a community, an external system's owner). */
    organisation: Nullable(Type.String()),
    fields: Type.Array(Type.String()),
    purpose: Type.String(),
    legalBasis: Nullable(Type.String()),
    caseNumber: Nullable(Type.String()),
    outcome: AccessOutcome,
    /** Why a read was refused (an error code such as EXCHANGE_NO_GRANT). */
    refusal: Nullable(Type.String()),
    /** What was read through: a registry read, a case, a resident record. */
    resourceType: Type.String(),
    /** What was read through, by id (for `superapp.app`: the app, whose page the tracker links to). */
    resourceId: Nullable(Type.String()),
  },
  { title: 'TrackerEntry' },
);
export type TrackerEntryT = Static<typeof TrackerEntry>;

export const TrackerPage = Obj(
  {
    items: Type.Array(TrackerEntry),
    /** Pass as `cursor` for the next (older) page; null on the last page. */
    nextCursor: Nullable(Type.String()),
  },
  { title: 'TrackerPage' },
);

export const EnterpriseParams = Obj({ enterpriseId: Uuid() });

export const HideBody = Obj(
  {
    until: Type.String({ format: 'date-time', description: 'The entry stays hidden from the person until then' }),
    reason: Type.String({
      minLength: 2,
      maxLength: 500,
      description: 'Why telling the person now would harm the investigation',
    }),
  },
  { title: 'HideAccessBody' },
);

export const HideResult = Obj({ entryId: Uuid(), hiddenUntil: DateTime() }, { title: 'HideAccessResult' });
