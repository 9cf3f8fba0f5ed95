/** HTTP shapes of the civic parts: public comment, volunteers and points, patrols, notices. */
import { Type } from 'typebox';
import { DateTime, Enum, Nullable, Obj, Uuid } from '../../platform/http.ts';
import { POINT_KINDS } from './cogov.civic.tables.ts';

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
export { OptionalIdempotencyKeyHeader as IdempotencyKeyHeader } from '../../platform/idempotency.ts';

// ---- notices (通知公告)
export const Notice = Obj(
  {
    id: Uuid(),
    communityId: Uuid(),
    title: Type.String(),
    body: Type.String(),
    important: Type.Boolean(),
    publisher: Type.String(),
    publishedAt: DateTime(),
    withdrawn: Type.Boolean(),
    read: Nullable(Type.Boolean({ description: 'For a resident: whether they have opened it' })),
    readers: Nullable(Type.Integer({ description: 'For staff: how many residents have opened it' })),
  },
  { title: 'CommunityNotice' },
);
export const MyNotices = Obj(
  { communityId: Nullable(Uuid()), unread: Type.Integer(), items: Type.Array(Notice) },
  { title: 'MyNotices' },
);
export const NewNotice = Obj(
  { communityId: Uuid(), title: Text(100), body: Text(5000), important: Type.Optional(Type.Boolean()) },
  { title: 'NewNotice' },
);

// ---- volunteers (志愿服务)
export const SignupStatus = Enum('VolunteerSignupStatus', ['signed_up', 'withdrawn', 'checked_in', 'checked_out']);
export const VolunteerTask = Obj(
  {
    id: Uuid(),
    communityId: Uuid(),
    title: Type.String(),
    description: Type.String(),
    place: Type.String(),
    skills: Type.Array(Type.String()),
    startsAt: DateTime(),
    endsAt: DateTime(),
    slots: Type.Integer(),
    taken: Type.Integer(),
    status: Enum('VolunteerTaskStatus', ['open', 'cancelled']),
    organiser: Type.String(),
    myStatus: Nullable(SignupStatus),
    myCode: Nullable(
      Type.String({ description: 'The code the organiser scans at check-in (the app shows it as a QR code)' }),
    ),
  },
  { title: 'VolunteerTask' },
);
export const ResidentTasks = Obj(
  { communityId: Nullable(Uuid()), items: Type.Array(VolunteerTask) },
  { title: 'ResidentVolunteerTasks' },
);
export const NewVolunteerTask = Obj(
  {
    communityId: Uuid(),
    title: Text(100),
    description: Text(2000),
    place: Text(200),
    skills: Type.Optional(Type.Array(Text(30), { maxItems: 10 })),
    startsAt: DateTime(),
    endsAt: DateTime(),
    slots: Type.Integer({ minimum: 1, maximum: 1000 }),
  },
  { title: 'NewVolunteerTask' },
);
export const VolunteerSignup = Obj(
  {
    name: Type.String({ description: 'Masked' }),
    code: Type.String(),
    status: SignupStatus,
    signedUpAt: DateTime(),
    checkedInAt: Nullable(DateTime()),
    checkedOutAt: Nullable(DateTime()),
    minutes: Nullable(Type.Integer()),
  },
  { title: 'VolunteerSignup' },
);
export const TaskRoster = Obj(
  { task: VolunteerTask, signups: Type.Array(VolunteerSignup) },
  { title: 'VolunteerTaskRoster' },
);
export const CheckBody = Obj(
  { code: Type.String({ minLength: 4, maxLength: 16, pattern: '^[A-Za-z0-9]+$' }) },
  { title: 'VolunteerCheckBody' },
);
export const MyVolunteering = Obj(
  {
    totalMinutes: Type.Integer(),
    items: Type.Array(
      Obj({
        taskId: Uuid(),
        title: Type.String(),
        place: Type.String(),
        startsAt: DateTime(),
        endsAt: DateTime(),
        organiser: Type.String(),
        status: SignupStatus,
        taskStatus: Type.String(),
        code: Nullable(Type.String()),
        checkedInAt: Nullable(DateTime()),
        checkedOutAt: Nullable(DateTime()),
        minutes: Nullable(Type.Integer()),
      }),
    ),
  },
  { title: 'MyVolunteering' },
);

// ---- points (积分)
export const PointKind = Enum('PointKind', [...POINT_KINDS]);
export const MyPoints = Obj(
  {
    total: Type.Integer(),
    inRanking: Type.Boolean(),
    entries: Type.Array(Obj({ kind: PointKind, points: Type.Integer(), at: DateTime() })),
  },
  { title: 'MyPoints' },
);
export const Ranking = Obj(
  {
    communityId: Nullable(Uuid()),
    items: Type.Array(Obj({ rank: Type.Integer(), name: Type.String(), points: Type.Integer(), me: Type.Boolean() })),
  },
  { title: 'PointsRanking' },
);
export const PointRules = Obj(
  { items: Type.Array(Obj({ kind: PointKind, points: Type.Integer(), communityOwn: Type.Boolean() })) },
  { title: 'PointRules' },
);
export const SetPointRule = Obj(
  { communityId: Uuid(), kind: PointKind, points: Type.Integer({ minimum: 0, maximum: 1000 }) },
  { title: 'SetPointRule' },
);
export const CommunityQuery = Obj({ communityId: Type.Optional(Uuid()) });

// ---- public comment (政策意见征集)
export const DraftPhase = Enum('PolicyDraftPhase', ['not_open', 'open', 'closed', 'responded', 'withdrawn']);
export const CommentDecision = Enum('PolicyCommentDecision', ['adopted', 'partly_adopted', 'not_adopted']);
const draftSummaryProps = {
  id: Uuid(),
  department: Obj({ code: Type.String(), name: Type.String() }),
  title: Type.String(),
  summary: Type.String(),
  opensAt: DateTime(),
  closesAt: DateTime(),
  phase: DraftPhase,
  commentCount: Type.Integer(),
};
export const PolicyDraftSummary = Obj(draftSummaryProps, { title: 'PolicyDraftSummary' });
export const PolicyComment = Obj(
  {
    id: Uuid(),
    articleSeq: Type.Integer(),
    author: Type.String({ description: 'Masked name, or the enterprise’s name' }),
    byEnterprise: Type.Boolean(),
    body: Type.String(),
    createdAt: DateTime(),
    mine: Type.Boolean(),
    decision: Nullable(CommentDecision),
    decisionReason: Nullable(Type.String()),
  },
  { title: 'PolicyComment' },
);
export const PolicyDraft = Obj(
  {
    ...draftSummaryProps,
    articles: Type.Array(
      Obj({ seq: Type.Integer(), heading: Type.String(), body: Type.String(), comments: Type.Array(PolicyComment) }),
    ),
    report: Nullable(
      Obj({
        summary: Type.String(),
        respondedAt: DateTime(),
        adopted: Type.Integer(),
        partlyAdopted: Type.Integer(),
        notAdopted: Type.Integer(),
      }),
    ),
  },
  { title: 'PolicyDraft' },
);
export const NewPolicyDraft = Obj(
  {
    departmentCode: Type.String({ pattern: '^[A-Z]{2,8}$' }),
    title: Text(200),
    summary: Text(2000),
    opensAt: Type.Optional(DateTime()),
    closesAt: DateTime(),
    articles: Type.Array(Obj({ heading: Text(200), body: Text(5000) }), { minItems: 1, maxItems: 200 }),
  },
  { title: 'NewPolicyDraft' },
);
export const NewPolicyComment = Obj(
  { articleSeq: Type.Integer({ minimum: 1 }), body: Text(2000) },
  { title: 'NewPolicyComment' },
);
export const PolicyResponse = Obj(
  {
    summary: Text(5000),
    decisions: Type.Array(
      Obj({ commentId: Uuid(), decision: CommentDecision, reason: Type.Optional(Type.String({ maxLength: 2000 })) }),
      { maxItems: 10_000 },
    ),
  },
  { title: 'PolicyResponse' },
);

// ---- patrols (网格巡查)
const Point = Obj({
  lat: Type.Number({ minimum: -90, maximum: 90 }),
  lng: Type.Number({ minimum: -180, maximum: 180 }),
});
export const NewPatrol = Obj(
  {
    startedAt: DateTime(),
    endedAt: DateTime(),
    route: Type.Array(Point, { minItems: 2, maxItems: 5000 }),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    findings: Type.Optional(
      Type.Array(
        Obj({
          categoryCode: Type.String({ minLength: 1, maxLength: 40 }),
          description: Text(1000),
          lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
          lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
          photos: Type.Optional(Type.Array(Uuid(), { maxItems: 6 })),
        }),
        { maxItems: 50 },
      ),
    ),
  },
  { title: 'NewPatrol' },
);
export const Patrol = Obj(
  {
    id: Uuid(),
    gridId: Uuid(),
    worker: Type.String(),
    startedAt: DateTime(),
    endedAt: DateTime(),
    route: Type.Array(Point),
    distanceM: Type.Integer(),
    note: Nullable(Type.String()),
    findings: Type.Array(
      Obj({
        seq: Type.Integer(),
        categoryCode: Type.String(),
        description: Type.String(),
        lat: Nullable(Type.Number()),
        lng: Nullable(Type.Number()),
        eventId: Nullable(Uuid()),
        eventNumber: Nullable(Type.String()),
      }),
    ),
  },
  { title: 'Patrol' },
);
