/** The exchange's API shapes. */
import { Type } from 'typebox';
import { CitizenIdNumber, DateTime, Enum, Items, LocalText, Nullable, Obj, Uscc, Uuid } from '../../platform/http.ts';
import { REGISTRY_CODES, SENSITIVITIES } from './exchange.registries.ts';

/** A base registry the exchange holds. */
export const RegistryCodeSchema = Enum('RegistryCode', [...REGISTRY_CODES]);
export const SensitivitySchema = Enum('Sensitivity', [...SENSITIVITIES], {
  description: 'public, internal (government use), personal, sensitive personal information',
});
export const SubjectKindSchema = Enum('SubjectKind', ['person', 'enterprise']);
/** A record's standing: an issued certificate revoked or suspended by its issuer is no valid evidence. */
export const RecordStatusSchema = Enum('RecordStatus', ['valid', 'suspended', 'revoked'], {
  description: 'valid, or suspended / revoked by its issuer (an issued certificate): then no valid evidence',
});
export const GrantStateSchema = Enum('GrantState', ['active', 'scheduled', 'ended', 'revoked']);

export const Registry = Obj(
  {
    code: RegistryCodeSchema,
    ownerDepartment: Type.String({ description: 'The owning department’s code' }),
    name: LocalText,
    subjects: Type.Array(SubjectKindSchema),
    version: Type.Integer({ description: 'The schema version' }),
    recordTypes: Type.Array(Type.String()),
    fields: Type.Array(
      Obj({ key: Type.String(), label: LocalText, sensitivity: SensitivitySchema }, { title: 'RegistryFieldInfo' }),
    ),
  },
  { title: 'Registry' },
);

const FieldKey = Type.String({ pattern: '^[a-zA-Z][a-zA-Z0-9]{0,63}$' });
const Purpose = Type.String({ minLength: 2, maxLength: 200 });

export const Grant = Obj(
  {
    id: Uuid(),
    registry: RegistryCodeSchema,
    ownerDepartment: Type.String(),
    granteeDepartment: Nullable(Type.String()),
    granteeItem: Nullable(Type.String()),
    granteeSystem: Nullable(Type.String()),
    fields: Type.Array(Type.String()),
    purpose: Type.String(),
    legalBasis: Type.String(),
    statutory: Type.Boolean({ description: 'Read under a statutory duty: no consent needed (still logged)' }),
    startsAt: DateTime(),
    endsAt: Nullable(DateTime()),
    revokedAt: Nullable(DateTime()),
    createdAt: DateTime(),
    state: GrantStateSchema,
  },
  { title: 'SharingGrant' },
);

export const NewGrantBody = Obj(
  {
    registry: RegistryCodeSchema,
    granteeDepartment: Type.Optional(Type.String({ pattern: '^[A-Z][A-Z0-9]{1,15}$' })),
    granteeItem: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    granteeSystem: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    fields: Type.Array(FieldKey, { minItems: 1, maxItems: 50 }),
    purpose: Purpose,
    legalBasis: Type.String({ minLength: 2, maxLength: 500 }),
    statutory: Type.Boolean(),
    startsAt: Type.Optional(DateTime()),
    endsAt: Type.Optional(DateTime()),
  },
  { title: 'NewSharingGrant' },
);

export const GrantsQuery = Obj({
  registry: Type.Optional(RegistryCodeSchema),
  state: Type.Optional(GrantStateSchema),
});

export const Consent = Obj(
  {
    id: Uuid(),
    subjectKind: SubjectKindSchema,
    enterpriseId: Nullable(Uuid()),
    itemCode: Type.String(),
    purpose: Type.String(),
    fields: Type.Array(Type.String({ description: '<registry>.<field>' })),
    version: Type.Integer(),
    givenAt: DateTime(),
    withdrawnAt: Nullable(DateTime()),
  },
  { title: 'Consent' },
);

export const NewConsentBody = Obj(
  {
    itemCode: Type.String({ minLength: 1, maxLength: 64 }),
    purpose: Purpose,
    fields: Type.Array(Type.String({ pattern: '^[a-z][a-z-]{1,40}\\.[a-zA-Z][a-zA-Z0-9]{0,63}$' }), {
      minItems: 1,
      maxItems: 100,
    }),
  },
  { title: 'NewConsent' },
);

export const RegistryList = Items(Registry);
export const GrantList = Items(Grant);
export const ConsentList = Items(Consent);

export const SubjectSchema = Type.Union(
  [Obj({ idNumber: CitizenIdNumber }, { title: 'PersonSubject' }), Obj({ uscc: Uscc }, { title: 'EnterpriseSubject' })],
  { title: 'DataSubject', description: 'Whose records: a person by ID number, an enterprise by USCC' },
);

export const StaffReadBody = Obj(
  {
    department: Type.String({
      pattern: '^[A-Z][A-Z0-9]{1,15}$',
      description: 'The department you read for (X-Road: the client)',
    }),
    registry: RegistryCodeSchema,
    subject: SubjectSchema,
    fields: Type.Array(FieldKey, { minItems: 1, maxItems: 50 }),
    purpose: Purpose,
    recordType: Type.Optional(Type.String({ maxLength: 64 })),
    caseNumber: Type.Optional(
      Type.String({ maxLength: 64, description: 'The case the read is for (X-Road: the issue)' }),
    ),
    itemCode: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { title: 'RegistryReadRequest' },
);

const RecordValue = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]);
export const RegistryRecord = Obj(
  {
    registry: RegistryCodeSchema,
    recordId: Uuid(),
    recordType: Type.String(),
    version: Type.Integer({ description: 'The registry schema version the record follows' }),
    values: Type.Record(Type.String(), RecordValue),
    digest: Type.String({ description: 'sha256 (hex) of the canonical JSON of the whole record' }),
    issuedAt: DateTime(),
    status: RecordStatusSchema,
    readAt: DateTime(),
    grantId: Uuid(),
  },
  { title: 'RegistryRecord' },
);
export const RegistryReadAnswer = Obj({ records: Type.Array(RegistryRecord) }, { title: 'RegistryReadAnswer' });
