/**
 * The contract of the preview before applying (数据共享 预览): each value the platform would use,
 * where it comes from and why, the documents shared instead of uploaded (or why not), and the
 * consent it needs; and agreeing to it.
 */
import { Type, type Static } from 'typebox';
import { DateTime, Enum, LocalText, Nullable, Obj, Uuid } from '../../platform/http.ts';

const Code = Type.String({ minLength: 1, maxLength: 80, pattern: '^[A-Za-z0-9_-]+$' });

/** An item or a bundle (exactly one). */
export const PreviewTarget = Obj(
  { itemCode: Type.Optional(Code), bundleCode: Type.Optional(Code) },
  { title: 'PreviewTarget' },
);

const Source = {
  registry: Type.String(),
  registryName: LocalText,
  ownerDepartmentCode: Type.String(),
  ownerDepartmentName: LocalText,
};

const Why = {
  purpose: Type.String(),
  legalBasis: Type.String(),
  /** Read under a statutory duty: no consent needed (still logged). */
  statutory: Type.Boolean(),
};

export const PreviewValue = Obj(
  {
    /** The form field it fills. */
    fieldKey: Type.String(),
    label: LocalText,
    /** registry:<registry>.<field> (a RegistryPrefill). */
    source: Type.String(),
    field: Type.String(),
    fieldLabel: LocalText,
    ...Source,
    /** The value for the form (the applicant's own). */
    value: Type.String(),
    /** As shown: masked where the field is sensitive. */
    shown: Type.String(),
    sensitivity: Enum('FieldSensitivity', ['public', 'internal', 'personal', 'sensitive']),
    recordId: Uuid(),
    recordVersion: Type.Integer(),
    ...Why,
  },
  { title: 'PreviewValue' },
);

export const PreviewMissing = Obj(
  {
    fieldKey: Type.String(),
    label: LocalText,
    source: Type.String(),
    ...Source,
    /** no_record: the registry holds none; no_subject: an enterprise's register, and no enterprise is acted for. */
    reason: Enum('PreviewMissingReason', ['no_record', 'no_subject']),
  },
  { title: 'PreviewMissing' },
);

export const PreviewEvidence = Obj(
  {
    materialCode: Type.String(),
    name: LocalText,
    ...Source,
    /**
     * fetched: shared when the case is filed, nothing to upload; upload: the applicant uploads it
     * (`reason` says why); not_granted: no grant lets the department read it (it checks it itself).
     */
    outcome: Enum('PreviewEvidenceOutcome', ['fetched', 'upload', 'not_granted']),
    /**
     * no_record: the registry holds no record of the applicant; revoked / suspended: it holds only
     * a certificate its issuer revoked or suspended (no valid evidence); subject_in_form: another person's
     * record (by the ID number the form gives), checked when filed; no_subject: an enterprise's, and
     * no enterprise is acted for.
     */
    reason: Nullable(
      Enum('PreviewEvidenceReason', ['no_record', 'revoked', 'suspended', 'subject_in_form', 'no_subject']),
    ),
    ...Why,
  },
  { title: 'PreviewEvidence' },
);

/** One consent the preview asks for: an item, a purpose, the registry fields (<registry>.<field>). */
export const ConsentAsk = Obj(
  {
    itemCode: Type.String(),
    purpose: Type.String(),
    fields: Type.Array(Type.String()),
    /** The applicant's consent already given for it, if any (its version). */
    given: Nullable(Obj({ id: Uuid(), version: Type.Integer(), givenAt: DateTime() }, { title: 'ConsentGiven' })),
  },
  { title: 'ConsentAsk' },
);

export const SharedDataPreview = Obj(
  {
    /** Whose data: the applicant, or the enterprise acted for (masked). */
    subject: Obj(
      { kind: Enum('PreviewSubjectKind', ['person', 'enterprise']), name: Type.String() },
      { title: 'PreviewSubject' },
    ),
    values: Type.Array(PreviewValue),
    missing: Type.Array(PreviewMissing),
    evidence: Type.Array(PreviewEvidence),
    /** The consents the values and the documents need (none when every read is statutory). */
    consents: Type.Array(ConsentAsk),
  },
  { title: 'SharedDataPreview' },
);

export const PreviewAgreed = Obj(
  {
    consents: Type.Array(
      Obj(
        { id: Uuid(), itemCode: Type.String(), purpose: Type.String(), version: Type.Integer() },
        { title: 'ConsentGivenRef' },
      ),
    ),
  },
  { title: 'PreviewAgreed' },
);

export type SharedDataPreviewT = Static<typeof SharedDataPreview>;
export type PreviewValueT = Static<typeof PreviewValue>;
export type PreviewEvidenceT = Static<typeof PreviewEvidence>;
export type PreviewMissingT = Static<typeof PreviewMissing>;
export type ConsentAskT = Static<typeof ConsentAsk>;
export type PreviewTargetT = Static<typeof PreviewTarget>;
