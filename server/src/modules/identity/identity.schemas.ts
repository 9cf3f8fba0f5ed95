import { Type } from 'typebox';
import { ASSURANCE_LEVELS, POST_ROLES, ROLES, SEPARATED_ROLES } from '../../platform/auth.ts';
import { DateTime, Nullable, Obj, Uuid } from '../../platform/http.ts';

export const RoleSchema = Type.Enum(ROLES);
export const PostSchema = Obj({
  id: Uuid(),
  departmentId: Nullable(Uuid()),
  departmentCode: Nullable(Type.String()),
  departmentName: Nullable(Type.String()),
  regionCode: Type.String(),
  communityId: Nullable(Uuid()),
  communityName: Nullable(Type.String()),
  gridId: Nullable(Uuid()),
  title: Type.String(),
  roles: Type.Array(Type.Enum(POST_ROLES)),
});

export const MeSchema = Obj(
  {
    id: Uuid(),
    kind: Type.Enum(['citizen', 'staff'] as const),
    displayName: Type.String(),
    username: Nullable(Type.String()),
    idNumberMasked: Nullable(Type.String({ description: '脱敏: first 6 and last 4 characters' })),
    phoneMasked: Nullable(Type.String()),
    assuranceLevel: Type.Enum(ASSURANCE_LEVELS),
    roles: Type.Array(RoleSchema),
    posts: Type.Array(PostSchema),
    actingAs: Nullable(Obj({ enterpriseId: Uuid(), name: Type.String(), uscc: Type.String() })),
    totpEnabled: Type.Boolean(),
  },
  { title: 'Me' },
);

export const SessionState = Obj(
  {
    signedIn: Type.Boolean(),
    /** Who is signed in; null when nobody is. */
    me: Nullable(MeSchema),
  },
  { title: 'SessionState' },
);

export const OwnData = Obj(
  {
    values: Type.Record(Type.String(), Type.String(), {
      description: "prefill source (a form field's `prefill`, e.g. person.idNumber) → the account's own value",
    }),
    fixed: Type.Array(Type.String(), {
      description: "The sources that are the applicant's identity: a form field prefilled from one must equal it",
    }),
  },
  { title: 'OwnData' },
);

export const LoginBody = Obj({
  login: Type.String({ minLength: 1, maxLength: 64, description: 'Phone number, citizen ID number or staff username' }),
  password: Type.String({ minLength: 1, maxLength: 256 }),
});

export const LoginReply = Type.Union([
  Obj({ status: Type.Literal('ok'), me: MeSchema }),
  Obj({
    status: Type.Literal('totp_required'),
    challenge: Type.String(),
    enrol: Type.Optional(Obj({ secret: Type.String(), otpauthUri: Type.String() })),
  }),
]);

export const OkMe = Obj({ status: Type.Literal('ok'), me: MeSchema });

export const TotpBody = Obj({
  challenge: Type.String({ minLength: 10, maxLength: 100 }),
  code: Type.String({ minLength: 6, maxLength: 8 }),
});

export const RegisterBody = Obj({
  name: Type.String({ minLength: 1, maxLength: 60 }),
  idNumber: Type.String({ minLength: 1, maxLength: 32 }),
  phone: Type.String({ minLength: 1, maxLength: 20 }),
  password: Type.String({ minLength: 1, maxLength: 256 }),
});

export const PasswordBody = Obj({
  currentPassword: Type.String({ minLength: 1, maxLength: 256 }),
  newPassword: Type.String({ minLength: 1, maxLength: 256 }),
});

export const SessionItem = Obj({
  id: Uuid(),
  createdAt: DateTime(),
  lastSeenAt: DateTime(),
  userAgent: Nullable(Type.String()),
  ip: Nullable(Type.String()),
  current: Type.Boolean(),
});

export const EnterpriseItem = Obj({
  enterpriseId: Uuid(),
  name: Type.String(),
  uscc: Type.String(),
  relation: Type.Enum(['legal_rep', 'agent'] as const),
});
export const ActingAsBody = Obj({ enterpriseId: Nullable(Uuid()) });

export const AgentItem = Obj({
  accountId: Uuid(),
  displayName: Type.String(),
  relation: Type.Enum(['legal_rep', 'agent'] as const),
  grantedAt: DateTime(),
  validUntil: Nullable(DateTime()),
  revoked: Type.Boolean(),
});
export const GrantAgentBody = Obj({
  idNumber: Type.String({ minLength: 1, maxLength: 32 }),
  validUntil: Type.Optional(Nullable(DateTime())),
});

export const CreateStaffBody = Obj({
  username: Type.String({ minLength: 1, maxLength: 32 }),
  displayName: Type.String({ minLength: 1, maxLength: 60 }),
  phone: Type.Optional(Type.String({ maxLength: 20 })),
  regionCode: Type.String({ pattern: '^\\d{6}(\\d{3}){0,2}$' }),
});
export const CreateStaffReply = Obj({ accountId: Uuid(), initialPassword: Type.String() });

export const AccountItem = Obj({
  id: Uuid(),
  kind: Type.Enum(['citizen', 'staff'] as const),
  username: Nullable(Type.String()),
  displayName: Type.String(),
  status: Type.Enum(['active', 'disabled'] as const),
  assuranceLevel: Type.Enum(ASSURANCE_LEVELS),
  phoneMasked: Nullable(Type.String()),
  totpEnabled: Type.Boolean(),
  createdAt: DateTime(),
});
export const AccountQuery = Obj({
  q: Type.Optional(Type.String({ maxLength: 60 })),
  kind: Type.Optional(Type.Enum(['citizen', 'staff'] as const)),
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
});
export const StatusBody = Obj({
  status: Type.Enum(['active', 'disabled'] as const),
  reason: Type.String({ minLength: 2, maxLength: 500 }),
});
/** Account-level roles granted by the security admin; operational roles come with staff posts (org). */
export const RoleParams = Obj({ id: Uuid(), role: Type.Enum(SEPARATED_ROLES) });

export const DataAccessItem = Obj({
  id: Uuid(),
  at: DateTime(),
  accessorName: Type.String(),
  organisation: Nullable(Type.String()),
  purpose: Type.String(),
  fields: Type.Array(Type.String()),
  resourceType: Type.String(),
});
