/** HTTP shapes of supervision: what apps obtained, complaints, usage events and figures. */
import { Type, type Static } from 'typebox';
import { DateTime, Enum, LocalText, Nullable, Obj, Uuid } from '../../platform/http.ts';

export { IdempotencyKeyHeader } from '../../platform/idempotency.ts';

export const SlugParams = Obj({ slug: Type.String({ pattern: '^[a-z][a-z0-9-]{2,39}$' }) });
const Day = () => Type.String({ format: 'date', description: 'A calendar day of the city (YYYY-MM-DD)' });

export const ComplaintCategory = Enum('AppComplaintCategory', ['privacy', 'fraud', 'broken', 'content', 'other']);
export const ComplaintStatus = Enum('AppComplaintStatus', ['open', 'upheld', 'dismissed']);
export const AppStatus = Enum('SupervisedAppStatus', ['in_review', 'approved', 'rejected', 'suspended', 'taken_down']);

export const AppRef = Obj(
  {
    id: Uuid(),
    slug: Type.String(),
    name: LocalText,
    icon: Nullable(Type.String()),
    ownerName: Type.String(),
    status: AppStatus,
    /** Why it is suspended or taken down (shown to the person and the owner). */
    statusReason: Nullable(Type.String()),
  },
  { title: 'SupervisedAppRef' },
);

export const AppConsent = Obj(
  { id: Uuid(), givenAt: DateTime(), withdrawnAt: Nullable(DateTime()) },
  { title: 'AppConsentState', description: 'The exchange consent record of the app (item code `app:<slug>`)' },
);

// ---- the citizen's view (我的应用授权)
export const MyApp = Obj(
  {
    app: AppRef,
    /** Every claim the app received about me (OIDC claim names). */
    claims: Type.Array(Type.String()),
    releases: Type.Integer(),
    firstAt: DateTime(),
    lastAt: DateTime(),
    consent: Nullable(AppConsent),
  },
  { title: 'MyAppData' },
);

export const MyRelease = Obj(
  {
    id: Uuid(),
    claims: Type.Array(Type.String()),
    via: Enum('AppReleaseVia', ['id_token', 'userinfo', 'introspection']),
    consentId: Nullable(Uuid()),
    at: DateTime(),
  },
  { title: 'MyAppRelease' },
);

export const Complaint = Obj(
  {
    id: Uuid(),
    app: AppRef,
    category: ComplaintCategory,
    text: Type.String(),
    status: ComplaintStatus,
    /** The reviewer's reason, once decided. */
    reason: Nullable(Type.String()),
    createdAt: DateTime(),
    decidedAt: Nullable(DateTime()),
  },
  { title: 'AppComplaint' },
);

export const MyAppDetail = Obj(
  {
    app: AppRef,
    claims: Type.Array(Type.String()),
    /** The newest releases first (at most 100). */
    releases: Type.Array(MyRelease),
    consent: Nullable(AppConsent),
    complaints: Type.Array(Complaint),
  },
  { title: 'MyAppDataDetail' },
);

export const Withdrawn = Obj(
  {
    /** The consent records withdrawn. */
    consentIds: Type.Array(Uuid()),
    withdrawnAt: DateTime(),
  },
  { title: 'AppConsentWithdrawn' },
);

export const NewComplaint = Obj(
  { category: ComplaintCategory, text: Type.String({ minLength: 5, maxLength: 2000 }) },
  { title: 'NewAppComplaint' },
);

// ---- usage events (the bridge forwards the SDK's)
export const UsageEvent = Obj(
  {
    kind: Enum('AppUsageKind', ['open', 'view', 'action', 'error']),
    name: Type.String({ pattern: '^[A-Za-z0-9_.:/-]{1,64}$', description: 'A page, an action or an error code' }),
    detail: Type.Optional(
      Type.Record(
        Type.String({ pattern: '^[A-Za-z0-9_]{1,32}$' }),
        Type.Union([Type.String({ maxLength: 300 }), Type.Number(), Type.Boolean()]),
        { maxProperties: 10, description: 'At most 10 values and 1,000 characters as JSON; never personal data' },
      ),
    ),
  },
  { title: 'AppUsageEvent' },
);
export type UsageEventT = Static<typeof UsageEvent>;
export const UsageBatch = Obj(
  { events: Type.Array(UsageEvent, { minItems: 1, maxItems: 50 }) },
  { title: 'AppUsageBatch' },
);
export const UsageAccepted = Obj({ accepted: Type.Integer() }, { title: 'AppUsageAccepted' });

export const UsageQuery = Obj({ from: Type.Optional(Day()), to: Type.Optional(Day()) });

const UsageFigures = {
  opens: Type.Integer(),
  views: Type.Integer(),
  actions: Type.Integer(),
  errors: Type.Integer(),
  /** opens + views + actions + errors */
  events: Type.Integer(),
  /** errors / events (0 when there were none). */
  errorRate: Type.Number(),
};
export const UsageDay = Obj(
  { day: Day(), ...UsageFigures, users: Type.Integer({ description: 'Distinct users that day' }) },
  { title: 'AppUsageDay' },
);
export const UsageTotals = Obj(
  { ...UsageFigures, userDays: Type.Integer({ description: 'The sum of each day’s distinct users' }) },
  { title: 'AppUsageTotals' },
);
export const AppUsage = Obj(
  {
    from: Day(),
    to: Day(),
    days: Type.Array(UsageDay),
    totals: UsageTotals,
    /** The newest error events (at most 20): their names and details, never who. */
    recentErrors: Type.Array(
      Obj({ name: Type.String(), detail: Nullable(Type.Unknown()), at: DateTime() }, { title: 'AppUsageError' }),
    ),
  },
  { title: 'AppUsage' },
);

// ---- the reviewer's and the owner's views
const ComplaintCounts = Obj(
  { open: Type.Integer(), upheld: Type.Integer(), dismissed: Type.Integer() },
  { title: 'AppComplaintCounts' },
);
export const ClaimTotal = Obj({ claim: Type.String(), count: Type.Integer() }, { title: 'AppClaimTotal' });

export const SupervisedApp = Obj(
  {
    app: AppRef,
    releases: Type.Integer(),
    people: Type.Integer({ description: 'Distinct persons the app obtained data about' }),
    complaints: ComplaintCounts,
    /** The last 30 days. */
    usage: UsageTotals,
  },
  { title: 'SupervisedApp' },
);

export const ReviewerRelease = Obj(
  {
    id: Uuid(),
    /** The person, masked (陈**). */
    person: Type.String(),
    claims: Type.Array(Type.String()),
    via: Type.String(),
    consentId: Nullable(Uuid()),
    at: DateTime(),
  },
  { title: 'AppReleaseForReview' },
);

export const ReviewerComplaint = Obj(
  {
    id: Uuid(),
    app: AppRef,
    /** The complainant, masked. */
    complainant: Type.String(),
    category: ComplaintCategory,
    text: Type.String(),
    status: ComplaintStatus,
    reason: Nullable(Type.String()),
    createdAt: DateTime(),
    decidedAt: Nullable(DateTime()),
  },
  { title: 'AppComplaintForReview' },
);

export const AppSupervision = Obj(
  {
    app: AppRef,
    releases: Type.Integer(),
    people: Type.Integer(),
    claimTotals: Type.Array(ClaimTotal),
    /** The newest releases (at most 50). */
    recentReleases: Type.Array(ReviewerRelease),
    complaints: Type.Array(ReviewerComplaint),
    /** Upheld complaints that count towards automatic suspension, and the setting. */
    upheldTowardsSuspension: Type.Integer(),
    suspendAfterUpheld: Type.Integer(),
  },
  { title: 'AppSupervision' },
);

export const OwnerFigures = Obj(
  {
    app: AppRef,
    releases: Type.Integer(),
    people: Type.Integer(),
    claimTotals: Type.Array(ClaimTotal),
    complaints: ComplaintCounts,
  },
  { title: 'AppOwnerFigures', description: 'Aggregate figures only: no persons' },
);

export const ComplaintQueueQuery = Obj({ status: Type.Optional(ComplaintStatus) });

export const Decision = Obj(
  {
    outcome: Enum('AppComplaintOutcome', ['upheld', 'dismissed']),
    reason: Type.String({ minLength: 2, maxLength: 1000 }),
  },
  { title: 'AppComplaintDecision' },
);
export const DecisionAnswer = Obj(
  {
    complaint: ReviewerComplaint,
    /** True when this decision suspended the app (the configured number of upheld complaints). */
    suspended: Type.Boolean(),
  },
  { title: 'AppComplaintDecided' },
);
