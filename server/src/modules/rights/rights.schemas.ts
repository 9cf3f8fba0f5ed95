/** Schemas of data-subject rights: the personal data export (下载我的数据) and correction targets (申请更正). */
import { Type, type Static } from 'typebox';
import { DateTime, Enum, LocalText, Nullable, Obj, Uuid } from '../../platform/http.ts';
import { TrackerEntry } from '../exchange/index.ts';

export const RegistryValue = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()], {
  title: 'RegistryValue',
});

export const OwnRecord = Obj(
  {
    registry: Type.String(),
    registryName: LocalText,
    ownerDepartment: Type.String(),
    recordId: Uuid(),
    recordType: Type.String(),
    version: Type.Integer(),
    /** field key → value, as the registry holds it. */
    values: Type.Record(Type.String(), RegistryValue),
    /** field key → its name. */
    labels: Type.Record(Type.String(), LocalText),
    digest: Type.String(),
    issuedAt: DateTime(),
  },
  { title: 'OwnRegistryRecord' },
);
export type OwnRecordT = Static<typeof OwnRecord>;

export const OwnConsent = Obj(
  {
    id: Uuid(),
    itemCode: Type.String(),
    purpose: Type.String(),
    fields: Type.Array(Type.String()),
    version: Type.Integer(),
    givenAt: DateTime(),
    withdrawnAt: Nullable(DateTime()),
  },
  { title: 'ExportConsent' },
);
export type OwnConsentT = Static<typeof OwnConsent>;

const ExportAccount = Obj(
  {
    accountId: Uuid(),
    name: Type.String(),
    idNumber: Nullable(Type.String()),
    phone: Nullable(Type.String()),
    birthDate: Nullable(Type.String()),
    gender: Nullable(Type.String()),
    regionCode: Nullable(Type.String()),
    assuranceLevel: Nullable(Type.String()),
  },
  { title: 'ExportAccount' },
);

const ExportCase = Obj(
  {
    id: Uuid(),
    caseNumber: Type.String(),
    title: LocalText,
    department: LocalText,
    status: Type.String(),
    submittedAt: DateTime(),
    closedAt: Nullable(DateTime()),
    /** The form as filed. */
    form: Type.Record(Type.String(), Type.Unknown()),
    materials: Type.Array(
      Obj(
        { code: Type.String(), name: LocalText, fileName: Type.String(), sha256: Type.String() },
        { title: 'ExportMaterial' },
      ),
    ),
    history: Type.Array(
      Obj(
        { at: DateTime(), action: LocalText, by: Type.String(), comment: Nullable(Type.String()) },
        { title: 'ExportCaseStep' },
      ),
    ),
  },
  { title: 'ExportCase' },
);

const ExportMessage = Obj(
  { id: Uuid(), title: LocalText, body: LocalText, createdAt: DateTime(), readAt: Nullable(DateTime()) },
  { title: 'ExportMessage' },
);

const ExportRating = Obj(
  {
    id: Uuid(),
    kind: Enum('ExportRatingKind', ['rating', 'callback']),
    channel: Enum('ExportRatingChannel', ['app', 'window']),
    caseNumber: Type.String(),
    itemName: LocalText,
    score: Type.Integer({ minimum: 1, maximum: 5 }),
    indicators: Type.Record(Type.String(), Type.Integer()),
    comment: Nullable(Type.String()),
    ratedAt: DateTime(),
  },
  {
    title: 'ExportRating',
    description: 'A service rating (好差评) the person gave, or their call-back rating of a fix',
  },
);

export const PersonalDataExport = Obj(
  {
    format: Type.Literal('yiwang.personal-data-export'),
    formatVersion: Type.Literal(1),
    generatedAt: DateTime(),
    /** What the archive holds, in words (zh-CN and English), one line per part. */
    summary: Obj({ zh: Type.Array(Type.String()), en: Type.Array(Type.String()) }, { title: 'ExportSummary' }),
    account: ExportAccount,
    enterprises: Type.Array(
      Obj(
        {
          enterpriseId: Uuid(),
          name: Type.String(),
          uscc: Type.String(),
          relation: Enum('ExportEnterpriseRelation', ['legal_rep', 'agent']),
        },
        { title: 'ExportEnterprise' },
      ),
    ),
    registryRecords: Type.Array(OwnRecord),
    cases: Type.Array(ExportCase),
    consents: Type.Array(OwnConsent),
    accessLog: Type.Array(TrackerEntry),
    messages: Type.Array(ExportMessage),
    ratings: Type.Array(ExportRating),
  },
  { title: 'PersonalDataExport' },
);
export type PersonalDataExportT = Static<typeof PersonalDataExport>;

export const CorrectionTarget = Obj(
  {
    registry: Type.String(),
    registryName: LocalText,
    ownerDepartment: Obj({ code: Type.String(), name: LocalText }, { title: 'CorrectionDepartment' }),
    /** The owner's correction item (file it with the registry, record and field); null when it offers none. */
    itemCode: Nullable(Type.String()),
    records: Type.Array(OwnRecord),
  },
  { title: 'CorrectionTarget' },
);
export type CorrectionTargetT = Static<typeof CorrectionTarget>;
