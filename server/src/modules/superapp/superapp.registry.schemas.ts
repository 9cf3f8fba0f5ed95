/** The registry's schemas at the edge (TypeBox): the manifest body, apps, versions, the review queue. */
import { Type, type Static } from 'typebox';
import { DateTime, Enum, Nullable, Obj, Uuid } from '../../platform/http.ts';
import { ManifestSchema } from './superapp.manifest.ts';
import { PreReviewReport } from './superapp.registry.prereview.ts';
import { CATEGORIES, SCOPE_NAMES } from './superapp.scopes.ts';

/** The manifest as a request body part: the published schema without its `$id` (routes compile it once each). */
export const ManifestBody = Type.Object(ManifestSchema.properties, {
  additionalProperties: false,
  title: 'MiniAppManifest',
  description: 'The mini-app manifest (docs/superapp-manifest.schema.json)',
});
export const SubmitBody = Obj({ manifest: ManifestBody });

const ScopeName = Enum('SuperappScope', [...SCOPE_NAMES]);
const Category = Enum('SuperappCategory', [...CATEGORIES]);
const AppStatus = Enum('SuperappAppStatus', ['in_review', 'approved', 'rejected', 'suspended', 'taken_down']);

export const AppVersion = Obj(
  {
    version: Type.Integer(),
    status: Enum('SuperappVersionStatus', ['in_review', 'approved', 'rejected', 'superseded']),
    manifest: ManifestBody,
    /** Scopes this version asks for that the live version does not (in review only). */
    addedScopes: Type.Array(ScopeName),
    preReview: Nullable(PreReviewReport),
    submittedAt: DateTime(),
    decidedAt: Nullable(DateTime()),
    reason: Nullable(Type.String()),
  },
  { title: 'SuperappAppVersion' },
);
export type AppVersionT = Static<typeof AppVersion>;

export const AppDetail = Obj(
  {
    id: Uuid(),
    slug: Type.String(),
    clientId: Type.String(),
    ownerUscc: Type.String(),
    ownerName: Type.String(),
    status: AppStatus,
    statusReason: Nullable(Type.String()),
    liveVersion: Nullable(Type.Integer()),
    createdAt: DateTime(),
    updatedAt: DateTime(),
    versions: Type.Array(AppVersion),
  },
  { title: 'SuperappAppDetail' },
);
export type AppDetailT = Static<typeof AppDetail>;

export const AppRowSchema = Obj(
  {
    id: Uuid(),
    slug: Type.String(),
    ownerUscc: Type.String(),
    ownerName: Type.String(),
    status: AppStatus,
    statusReason: Nullable(Type.String()),
    liveVersion: Nullable(Type.Integer()),
    updatedAt: DateTime(),
  },
  { title: 'SuperappAppRow' },
);

export const QueueItem = Obj(
  {
    appId: Uuid(),
    slug: Type.String(),
    name: Obj({ zh: Type.String(), en: Type.String() }),
    ownerName: Type.String(),
    ownerUscc: Type.String(),
    appStatus: AppStatus,
    liveVersion: Nullable(Type.Integer()),
    version: Type.Integer(),
    addedScopes: Type.Array(ScopeName),
    preReviewOutcome: Nullable(Enum('SuperappPreReviewOutcome', ['pass', 'fail', 'not-run'])),
    submittedAt: DateTime(),
  },
  { title: 'SuperappReviewQueueItem' },
);

export const PublicApp = Obj(
  {
    slug: Type.String(),
    name: Obj({ zh: Type.String(), en: Type.String() }),
    description: Obj({ zh: Type.String(), en: Type.String() }),
    icon: Type.String(),
    category: Category,
    ownerName: Type.String(),
    elderMode: Type.Boolean(),
    languages: Type.Array(Type.String()),
  },
  { title: 'SuperappPublicApp' },
);
export type PublicAppT = Static<typeof PublicApp>;

export const PublicAppsQuery = Obj({
  category: Type.Optional(Category),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
});
export const ReviewAppsQuery = Obj({ status: Type.Optional(AppStatus) });
export const AppIdParams = Obj({ id: Uuid() });
export const VersionParams = Obj({ id: Uuid(), version: Type.Integer({ minimum: 1, maximum: 100_000 }) });
export const ReasonBody = Obj({ reason: Type.String({ minLength: 2, maxLength: 1000, pattern: '\\S' }) });
export const ApproveBody = Obj({ note: Type.Optional(Type.String({ maxLength: 1000 })) });
