/** Schemas of the 12345 desk's routes. */
import { Type } from 'typebox';
import { DateTime, Enum, LocalText, Nullable, Obj, PageQuery, Paged, Uuid } from '../../platform/http.ts';
import { CALL_TYPES } from './cityops.hotline.tables.ts';

/** 咨询 enquiry, 求助 request for help, 投诉 complaint, 举报 report, 建议 suggestion. */
export const CallType = Enum('CallType', [...CALL_TYPES]);
/** answered: an enquiry answered from the knowledge base, closed on the spot; event: an event was opened. */
export const CallOutcome = Enum('CallOutcome', ['answered', 'event']);
/** A mobile or fixed-line number as the caller gives it (digits, an optional +, dashes). */
export const CallerPhone = Type.String({
  pattern: '^\\+?[0-9][0-9 -]{4,23}$',
  title: 'CallerPhone',
  description: "The caller's number: a mobile or a fixed line (区号-号码)",
});

export const KnowledgeQuery = Obj({ q: Type.String({ minLength: 1, maxLength: 200 }) });
export const KnowledgeEntry = Obj(
  {
    itemCode: Type.String(),
    itemName: LocalText,
    departmentCode: Type.String(),
    kind: Enum('KnowledgeKind', ['guide', 'faq']),
    faqIndex: Nullable(Type.Integer()),
    question: LocalText,
    answer: LocalText,
  },
  { title: 'KnowledgeEntry' },
);
export const KnowledgeEntries = Obj({ items: Type.Array(KnowledgeEntry) }, { title: 'KnowledgeEntryList' });

export const NewCall = Obj(
  {
    type: CallType,
    callerPhone: CallerPhone,
    callerName: Type.Optional(Type.String({ minLength: 1, maxLength: 30 })),
    summary: Type.String({ minLength: 2, maxLength: 2000, description: 'What the caller said (诉求内容)' }),
    /** An enquiry answered from the knowledge base: the entry read to the caller. */
    answer: Type.Optional(
      Obj(
        {
          itemCode: Type.String({ minLength: 1, maxLength: 80 }),
          faqIndex: Nullable(Type.Integer({ minimum: 0, maximum: 49 })),
        },
        { title: 'CallAnswer' },
      ),
    ),
    /** For an event: its category (cityops.categories) and where. */
    categoryCode: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    address: Type.Optional(Type.String({ minLength: 2, maxLength: 200 })),
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  },
  { title: 'NewCall' },
);
export const CallSummary = Obj(
  {
    id: Uuid(),
    number: Type.String(),
    type: CallType,
    callerPhoneMasked: Type.String(),
    summary: Type.String(),
    outcome: CallOutcome,
    categoryCode: Nullable(Type.String()),
    eventId: Nullable(Uuid()),
    eventNumber: Nullable(Type.String()),
    repeatCaller: Type.Boolean(),
    receivedAt: DateTime(),
    closedAt: Nullable(DateTime()),
  },
  { title: 'CallSummary' },
);
export const CallView = Obj(
  {
    id: Uuid(),
    number: Type.String(),
    regionCode: Type.String(),
    type: CallType,
    callerPhoneMasked: Type.String(),
    callerNameMasked: Nullable(Type.String()),
    summary: Type.String(),
    outcome: CallOutcome,
    categoryCode: Nullable(Type.String()),
    address: Nullable(Type.String()),
    lat: Nullable(Type.Number()),
    lng: Nullable(Type.Number()),
    knowledge: Nullable(
      Obj(
        { itemCode: Type.String(), faqIndex: Nullable(Type.Integer()), answer: Type.String() },
        { title: 'CallKnowledge' },
      ),
    ),
    eventId: Nullable(Uuid()),
    eventNumber: Nullable(Type.String()),
    repeatCaller: Type.Boolean(),
    operatorAccountId: Uuid(),
    receivedAt: DateTime(),
    closedAt: Nullable(DateTime()),
  },
  { title: 'CallView' },
);
export const CallList = Paged(CallSummary);
export const CallListQuery = Obj({
  ...PageQuery,
  type: Type.Optional(CallType),
  outcome: Type.Optional(CallOutcome),
  repeatOnly: Type.Optional(Type.Boolean()),
});

export const CallerLookup = Obj({ phone: CallerPhone }, { title: 'CallerLookup' });
export const CallerHistory = Obj(
  {
    callerPhoneMasked: Type.String(),
    /** Calls from this number in the last 30 days before now: a repeated caller (重复来电). */
    repeatCaller: Type.Boolean(),
    totalCalls: Type.Integer(),
    calls: Type.Array(CallSummary),
    events: Type.Array(
      Obj(
        {
          id: Uuid(),
          number: Type.String(),
          status: Type.String(),
          categoryCode: Type.String(),
          openedAt: Nullable(DateTime()),
        },
        { title: 'CallerEvent' },
      ),
    ),
  },
  { title: 'CallerHistory' },
);

export const FiguresQuery = Obj({
  days: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 366, default: 30, description: 'The last N days, today included' }),
  ),
});
export const HotlineFigures = Obj(
  {
    from: Type.String({ format: 'date' }),
    to: Type.String({ format: 'date' }),
    total: Type.Integer(),
    answeredOnSpot: Type.Integer(),
    /** answeredOnSpot / total (0 when no calls). */
    answeredOnSpotRate: Type.Number(),
    eventsOpened: Type.Integer(),
    /** Distinct callers who called more than once in the period. */
    repeatCallers: Type.Integer(),
    /** Calls recognised as a repeated caller's when taken. */
    repeatCalls: Type.Integer(),
    byType: Type.Array(Obj({ type: CallType, count: Type.Integer() }, { title: 'CallTypeCount' })),
    byDay: Type.Array(
      Obj(
        {
          date: Type.String({ format: 'date' }),
          total: Type.Integer(),
          answered: Type.Integer(),
          enquiry: Type.Integer(),
          help: Type.Integer(),
          complaint: Type.Integer(),
          report: Type.Integer(),
          suggestion: Type.Integer(),
        },
        { title: 'HotlineDay' },
      ),
    ),
  },
  { title: 'HotlineFigures' },
);
