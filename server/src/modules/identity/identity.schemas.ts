import { Type } from 'typebox';
import { ASSURANCE_LEVELS, POST_ROLES, ROLES, SEPARATED_ROLES } from '../../platform/auth.ts';
import { DateTime, Enum, Nullable, Obj, Uuid, Uscc } from '../../platform/http.ts';

export const RoleSchema = Enum('Role', ROLES);
/** Roles held through a staff post (org). */
export const PostRoleSchema = Enum('PostRole', POST_ROLES);
/** 三员分立: the account-level roles of which no account may hold two. */
export const SeparatedRoleSchema = Enum('SeparatedRole', SEPARATED_ROLES);
/** 实名认证等级 */
export const AssuranceLevelSchema = Enum('AssuranceLevel', ASSURANCE_LEVELS);
export const AccountKind = Enum('AccountKind', ['citizen', 'staff']);
export const AccountStatus = Enum('AccountStatus', ['active', 'disabled', 'frozen']);
/** How a person acts for an enterprise: its legal representative (法定代表人) or an authorised agent (经办人). */
export const EnterpriseRelation = Enum('EnterpriseRelation', ['legal_rep', 'agent']);
export const PostSchema = Obj(
  {
    id: Uuid(),
    departmentId: Nullable(Uuid()),
    departmentCode: Nullable(Type.String()),
    departmentName: Nullable(Type.String()),
    regionCode: Type.String(),
    communityId: Nullable(Uuid()),
    communityName: Nullable(Type.String()),
    gridId: Nullable(Uuid()),
    title: Type.String(),
    roles: Type.Array(PostRoleSchema),
  },
  { title: 'Post' },
);

export const MeSchema = Obj(
  {
    id: Uuid(),
    kind: AccountKind,
    displayName: Type.String(),
    username: Nullable(Type.String()),
    idNumberMasked: Nullable(Type.String({ description: '脱敏: first 6 and last 4 characters' })),
    phoneMasked: Nullable(Type.String()),
    assuranceLevel: AssuranceLevelSchema,
    roles: Type.Array(RoleSchema),
    posts: Type.Array(PostSchema),
    actingAs: Nullable(Obj({ enterpriseId: Uuid(), name: Type.String(), uscc: Uscc }, { title: 'ActingAs' })),
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

/** What an account holds that a form field may be prefilled from (its `prefill`): identity.own-data.ts fills them. */
export const PREFILL_SOURCES = [
  'person.name',
  'person.idNumber',
  'person.birthDate',
  'person.gender',
  'person.phone',
  'enterprise.name',
  'enterprise.uscc',
  'enterprise.address',
  'enterprise.legalRepName',
] as const;
export type PrefillSource = (typeof PREFILL_SOURCES)[number];
export const PrefillSourceSchema = Enum('PrefillSource', PREFILL_SOURCES, {
  description: "What a form field may be prefilled from (its `prefill`): the account's own data",
});

export const OwnData = Obj(
  {
    values: Type.Record(Type.String(), Type.String(), {
      description: "prefill source (a PrefillSource, e.g. person.idNumber) → the account's own value",
    }),
    fixed: Type.Array(PrefillSourceSchema, {
      description: "The sources that are the applicant's identity: a form field prefilled from one must equal it",
    }),
  },
  { title: 'OwnData' },
);

export const LoginBody = Obj(
  {
    login: Type.String({
      minLength: 1,
      maxLength: 64,
      description: 'Phone number, citizen ID number or staff username',
    }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { title: 'LoginBody' },
);

export const OkMe = Obj({ status: Type.Literal('ok'), me: MeSchema }, { title: 'OkMe' });

export const LoginReply = Type.Union(
  [
    OkMe,
    Obj(
      {
        status: Type.Literal('totp_required'),
        challenge: Type.String(),
        /** At the first sign-in: the new second factor to enrol. */
        enrol: Type.Optional(Obj({ secret: Type.String(), otpauthUri: Type.String() }, { title: 'TotpEnrolment' })),
      },
      { title: 'TotpRequired' },
    ),
  ],
  { title: 'LoginResult' },
);

/** After the second factor, when the security admin reset the password: set a new one (POST /auth/new-password). */
export const NewPasswordRequired = Obj(
  { status: Type.Literal('password_change_required'), challenge: Type.String() },
  { title: 'NewPasswordRequired' },
);
export const TotpReply = Type.Union([OkMe, NewPasswordRequired], { title: 'TotpResult' });

export const NewPasswordBody = Obj(
  {
    challenge: Type.String({ minLength: 10, maxLength: 100 }),
    newPassword: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { title: 'NewPasswordBody' },
);

const PhoneCode = Type.String({ pattern: '^\\d{6}$', description: 'The 6-digit code sent to the phone' });

export const PhoneCodePurpose = Enum('PhoneCodePurpose', ['register', 'recover']);
export const PhoneCodeBody = Obj(
  {
    phone: Type.String({ minLength: 1, maxLength: 20 }),
    purpose: PhoneCodePurpose,
  },
  { title: 'PhoneCodeBody' },
);
export const PhoneCodeReply = Obj(
  {
    expiresInSeconds: Type.Integer(),
    resendInSeconds: Type.Integer(),
  },
  { title: 'PhoneCodeSent', description: 'The same answer whether or not the phone has an account' },
);

export const PasswordResetBody = Obj(
  {
    phone: Type.String({ minLength: 1, maxLength: 20 }),
    code: PhoneCode,
    newPassword: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { title: 'PasswordResetBody' },
);

export const TotpBody = Obj(
  {
    challenge: Type.String({ minLength: 10, maxLength: 100 }),
    code: Type.String({ minLength: 6, maxLength: 8 }),
  },
  { title: 'TotpBody' },
);

export const RegisterBody = Obj(
  {
    name: Type.String({ minLength: 1, maxLength: 60 }),
    idNumber: Type.String({ minLength: 1, maxLength: 32 }),
    phone: Type.String({ minLength: 1, maxLength: 20 }),
    phoneCode: Type.String({ pattern: '^\\d{6}$', description: 'The code sent to the phone (POST /auth/phone-codes)' }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { title: 'RegisterBody' },
);

export const PasswordBody = Obj(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 256 }),
    newPassword: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { title: 'PasswordBody' },
);

export const SessionItem = Obj(
  {
    id: Uuid(),
    createdAt: DateTime(),
    lastSeenAt: DateTime(),
    userAgent: Nullable(Type.String()),
    ip: Nullable(Type.String()),
    current: Type.Boolean(),
  },
  { title: 'Session' },
);

export const EnterpriseItem = Obj(
  {
    enterpriseId: Uuid(),
    name: Type.String(),
    uscc: Uscc,
    relation: EnterpriseRelation,
  },
  { title: 'EnterpriseLink' },
);
export const ActingAsBody = Obj({ enterpriseId: Nullable(Uuid()) }, { title: 'ActingAsBody' });

export const AgentItem = Obj(
  {
    accountId: Uuid(),
    displayName: Type.String(),
    relation: EnterpriseRelation,
    grantedAt: DateTime(),
    validUntil: Nullable(DateTime()),
    revoked: Type.Boolean(),
  },
  { title: 'Agent' },
);
export const GrantAgentBody = Obj(
  {
    idNumber: Type.String({ minLength: 1, maxLength: 32 }),
    validUntil: Type.Optional(Nullable(DateTime())),
  },
  { title: 'GrantAgentBody' },
);

export const CreateStaffBody = Obj(
  {
    username: Type.String({ minLength: 1, maxLength: 32 }),
    displayName: Type.String({ minLength: 1, maxLength: 60 }),
    phone: Type.Optional(Type.String({ maxLength: 20 })),
    regionCode: Type.String({ pattern: '^\\d{6}(\\d{3}){0,2}$' }),
  },
  { title: 'CreateStaffBody' },
);
export const CreateStaffReply = Obj({ accountId: Uuid(), initialPassword: Type.String() }, { title: 'CreatedStaff' });
export const RecoveryReply = Obj(
  {
    temporaryPassword: Type.String({
      description: 'Shown once: hand it over in person; it must be changed at the next sign-in',
    }),
  },
  { title: 'StaffRecovery' },
);

export const AccountItem = Obj(
  {
    id: Uuid(),
    kind: AccountKind,
    username: Nullable(Type.String()),
    displayName: Type.String(),
    status: AccountStatus,
    assuranceLevel: AssuranceLevelSchema,
    phoneMasked: Nullable(Type.String()),
    totpEnabled: Type.Boolean(),
    createdAt: DateTime(),
  },
  { title: 'Account' },
);
export const AccountQuery = Obj({
  q: Type.Optional(Type.String({ maxLength: 60 })),
  kind: Type.Optional(AccountKind),
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
});
export const StatusBody = Obj(
  {
    status: Enum('AccountStatusChange', ['active', 'disabled']),
    reason: Type.String({ minLength: 2, maxLength: 500 }),
  },
  { title: 'AccountStatusBody' },
);
/** Account-level roles granted by the security admin; operational roles come with staff posts (org). */
export const RoleParams = Obj({ id: Uuid(), role: SeparatedRoleSchema });

export const DataAccessItem = Obj(
  {
    id: Uuid(),
    at: DateTime(),
    accessorName: Type.String(),
    organisation: Nullable(Type.String()),
    purpose: Type.String(),
    fields: Type.Array(Type.String()),
    resourceType: Type.String(),
  },
  { title: 'DataAccess' },
);
