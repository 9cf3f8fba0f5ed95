/**
 * TypeBox schemas of the applications module: drafts, uploads, cases (办件), their
 * history and actions, and the staff inbox (待办). The web apps' types follow these.
 */
import { Type, type Static } from 'typebox';
import { DateTime, Enum, LocalText, Nullable, Obj, PageQuery, Uuid } from '../../platform/http.ts';
import { ActionDetails, CaseResult } from './workflow/engine.ts';

export { CaseResult };

const Text = LocalText;
const Code = Type.String({ pattern: '^[0-9A-Za-z_-]{1,64}$' });

/** Form values, keyed by the form field's `key`; validated against the item's form on the server. */
export const FormValues = Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$' }), Type.Unknown(), {
  maxProperties: 200,
  title: 'FormValues',
});

/** A material on a draft or a submission: the item's material code and an upload of the applicant's. */
export const MaterialRef = Obj({ code: Code, uploadId: Uuid() }, { title: 'MaterialRef' });

export const Upload = Obj(
  {
    id: Uuid(),
    fileName: Type.String(),
    mediaType: Type.String(),
    size: Type.Integer(),
    sha256: Type.String(),
    createdAt: DateTime(),
  },
  { title: 'Upload' },
);

/** What is applied for: one service item, or a life-event bundle. */
export const CaseKind = Enum('CaseKind', ['item', 'bundle']);

export const UploadQuery = Obj({ fileName: Type.String({ minLength: 1, maxLength: 200 }) });

/** What is being applied for: one service item, or a life-event bundle (一件事). Exactly one. */
const Target = {
  itemCode: Type.Optional(Code),
  bundleCode: Type.Optional(Code),
};

export const DraftBody = Obj(
  {
    ...Target,
    form: Type.Optional(FormValues),
    materials: Type.Optional(Type.Array(MaterialRef, { maxItems: 100 })),
  },
  { title: 'DraftBody' },
);

export const DraftUpdate = Obj(
  {
    form: FormValues,
    materials: Type.Array(MaterialRef, { maxItems: 100 }),
  },
  { title: 'DraftUpdate' },
);

export const MaterialView = Obj(
  {
    code: Type.String(),
    name: Text,
    uploadId: Type.String(),
    fileName: Type.String(),
    mediaType: Type.String(),
    size: Type.Integer(),
    sha256: Type.String(),
  },
  { title: 'MaterialView' },
);

export const Draft = Obj(
  {
    id: Uuid(),
    kind: CaseKind,
    itemCode: Nullable(Type.String()),
    bundleCode: Nullable(Type.String()),
    title: Text,
    form: FormValues,
    materials: Type.Array(MaterialView),
    createdAt: DateTime(),
    updatedAt: DateTime(),
  },
  { title: 'Draft' },
);

export const DraftSummary = Obj(
  {
    id: Uuid(),
    kind: CaseKind,
    itemCode: Nullable(Type.String()),
    bundleCode: Nullable(Type.String()),
    title: Text,
    updatedAt: DateTime(),
  },
  { title: 'DraftSummary' },
);

export const SubmitBody = Obj(
  {
    ...Target,
    form: FormValues,
    materials: Type.Array(MaterialRef, { maxItems: 100 }),
    /** The draft this submission came from; it is deleted in the same transaction. */
    draftId: Type.Optional(Uuid()),
  },
  { title: 'SubmitBody' },
);

export const CASE_STATUSES = ['in_progress', 'correction', 'completed', 'rejected', 'withdrawn'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const CaseStatusSchema = Enum('CaseStatus', CASE_STATUSES);

/** What a result file is: a document (办结文书) now; a certificate (电子证照) once credentials are issued. */
export const ResultFileKind = Enum('ResultFileKind', ['document', 'certificate']);

/** A file staff attach to the result when completing a case: one of their uploads. */
export const ResultFileRef = Obj({ kind: ResultFileKind, uploadId: Uuid() }, { title: 'ResultFileRef' });

/** A result file as shown; its bytes are at /applications/cases/:id/results/:fileId. */
export const ResultFileView = Obj(
  {
    id: Uuid(),
    kind: ResultFileKind,
    fileName: Type.String(),
    mediaType: Type.String(),
    size: Type.Integer(),
    sha256: Type.String(),
    /** The department part it is the result of (a bundle's), or null for the case's. */
    branch: Nullable(Type.String()),
    at: DateTime(),
  },
  { title: 'ResultFile' },
);

export const ActionBody = Obj(
  {
    action: Code,
    /** In a parallel state (joint review, a bundle's departments): which department's branch. */
    branch: Type.Optional(Code),
    /** The case's `seq` the actor saw; a different one means someone else acted first (409 CASE_CONFLICT). */
    expectedSeq: Type.Integer({ minimum: 0 }),
    /** What the action comes with (comment, reason and legal basis, correction items, result): stored as it is. */
    ...ActionDetails.properties,
    /** With `resubmit` (补正): the corrected form and materials. */
    form: Type.Optional(FormValues),
    materials: Type.Optional(Type.Array(MaterialRef, { maxItems: 100 })),
    /** With an action that gives the result (办结): files to attach to it (the staff member's uploads). */
    resultFiles: Type.Optional(Type.Array(ResultFileRef, { minItems: 1, maxItems: 10 })),
  },
  { title: 'ActionBody' },
);

export const ClaimBody = Obj({ branch: Type.Optional(Code) }, { title: 'ClaimBody' });

const Person = Obj({ id: Type.String(), name: Type.String() }, { title: 'Person' });

export const WorkItem = Obj(
  {
    caseId: Uuid(),
    caseNumber: Type.String(),
    title: Text,
    /** null for the case's main line; a department's code in a parallel state. */
    branch: Nullable(Type.String()),
    branchName: Nullable(Text),
    state: Type.String(),
    stateName: Text,
    departmentCode: Type.String(),
    roles: Type.Array(Type.String()),
    applicantName: Type.String({ description: 'masked' }),
    submittedAt: DateTime(),
    deadlineAt: Nullable(DateTime()),
    overdue: Type.Boolean(),
    atRisk: Type.Boolean(),
    claimedBy: Nullable(Person),
  },
  { title: 'WorkItem' },
);

export const InboxQuery = Obj({
  /** mine: claimed by me; unclaimed; all (default): everything I may act on. */
  scope: Type.Optional(Type.Enum(['all', 'mine', 'unclaimed'], { default: 'all' })),
  state: Type.Optional(Code),
  itemCode: Type.Optional(Code),
  departmentCode: Type.Optional(Type.String({ pattern: '^[A-Z]{2,8}$' })),
  /** overdue: past the deadline; at_risk: due within the next 24 hours. */
  flag: Type.Optional(Type.Enum(['overdue', 'at_risk'])),
  /** A case number, or part of one. */
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  sort: Type.Optional(Type.Enum(['deadline', 'submitted'], { default: 'deadline' })),
  ...PageQuery,
});

export const InboxPage = Obj(
  {
    items: Type.Array(WorkItem),
    total: Type.Integer(),
    counts: Obj(
      {
        all: Type.Integer(),
        mine: Type.Integer(),
        unclaimed: Type.Integer(),
        overdue: Type.Integer(),
        atRisk: Type.Integer(),
      },
      { title: 'InboxCounts' },
    ),
  },
  { title: 'InboxPage' },
);

export const CaseSummary = Obj(
  {
    id: Uuid(),
    caseNumber: Type.String(),
    kind: CaseKind,
    title: Text,
    departmentCode: Type.String(),
    departmentName: Text,
    status: CaseStatusSchema,
    state: Type.String(),
    stateName: Text,
    /** The progress in plain words, for the applicant. */
    headline: Text,
    applicantName: Type.String({ description: 'masked for staff' }),
    submittedAt: DateTime(),
    /** Expected completion (承诺办结时限 from the last submission). */
    dueAt: Nullable(DateTime()),
    /** Whole days an open case is past dueAt (calendar days in the city's time zone, at least 1); null when it is not. */
    overdueDays: Nullable(Type.Integer({ minimum: 1 })),
    closedAt: Nullable(DateTime()),
  },
  { title: 'CaseSummary' },
);

export const CaseListQuery = Obj({
  status: Type.Optional(Type.Enum(['open', ...CASE_STATUSES])),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  ...PageQuery,
});

export const HistoryEntry = Obj(
  {
    seq: Type.Integer(),
    at: DateTime(),
    action: Type.String(),
    actionName: Text,
    actorName: Type.String(),
    /** 'applicant', 'system', or the staff member's department code. */
    actorOrganisation: Type.String(),
    branch: Nullable(Type.String()),
    from: Type.String(),
    fromName: Text,
    to: Type.String(),
    toName: Text,
    comment: Nullable(Type.String()),
    reason: Nullable(Type.String()),
    legalBasis: Nullable(Type.String()),
    correctionItems: Nullable(Type.Array(Type.String())),
    result: Nullable(CaseResult),
  },
  { title: 'HistoryEntry' },
);

/** A refusal with its legal basis. */
const Rejection = Obj({ reason: Type.String(), legalBasis: Type.String() }, { title: 'Rejection' });

export const BranchView = Obj(
  {
    code: Type.String(),
    name: Text,
    departmentCode: Type.String(),
    state: Type.String(),
    stateName: Text,
    done: Type.Boolean(),
    outcome: Nullable(Enum('BranchOutcome', ['approved', 'rejected'])),
    /** The parts (branch codes) this one waits for before it starts (出生登记 waits for 出生医学证明); empty once it runs. */
    waitingFor: Type.Array(Type.String()),
    deadlineAt: Nullable(DateTime()),
    claimedBy: Nullable(Person),
    /** The part's own result, or its refusal with the legal basis. */
    result: Nullable(CaseResult),
    rejection: Nullable(Rejection),
  },
  { title: 'BranchView' },
);

export const AvailableAction = Obj(
  {
    action: Type.String(),
    name: Text,
    branch: Nullable(Type.String()),
    requires: Type.Array(
      Enum('ActionRequirement', ['comment', 'reason_and_legal_basis', 'correction_items', 'result']),
    ),
  },
  { title: 'AvailableAction' },
);

const ChangedFile = Obj({ fileName: Type.String(), sha256: Type.String() }, { title: 'ChangedFile' });

/** What the applicant changed at one resubmission (补正): form fields (before → after) and materials. */
export const Resubmission = Obj(
  {
    /** The resubmit's row in the history. */
    seq: Type.Integer(),
    at: DateTime(),
    /** Fields whose values changed, by the form field's key; a side is absent when the field was empty. */
    form: Type.Array(
      Obj(
        { key: Type.String(), before: Type.Optional(Type.Unknown()), after: Type.Optional(Type.Unknown()) },
        { title: 'FieldChange' },
      ),
    ),
    materials: Type.Array(
      Obj(
        {
          code: Type.String(),
          name: Text,
          change: Enum('MaterialChangeKind', ['added', 'replaced', 'removed']),
          before: Type.Array(ChangedFile),
          after: Type.Array(ChangedFile),
        },
        { title: 'MaterialChange' },
      ),
    ),
  },
  { title: 'Resubmission' },
);

/**
 * A material the government holds, fetched from its registry when the case was filed (已由部门共享),
 * with its provenance: which registry and department, which record and version, when, and the
 * record's digest. The values are shown to staff only.
 */
export const EvidenceView = Obj(
  {
    materialCode: Type.String(),
    materialName: Text,
    registry: Type.String(),
    registryName: Text,
    ownerDepartmentCode: Type.String(),
    ownerDepartmentName: Text,
    recordId: Uuid(),
    recordType: Type.String(),
    recordVersion: Type.Integer(),
    fetchedAt: DateTime(),
    /** SHA-256 hex of the record's canonical JSON, as the registry held it. */
    digest: Type.String(),
    /** The record's values (staff); null for the applicant. */
    values: Nullable(Type.Record(Type.String(), Nullable(Type.Union([Type.String(), Type.Number(), Type.Boolean()])))),
  },
  { title: 'EvidenceView' },
);

export const CaseView = Obj(
  {
    ...CaseSummary.properties,
    itemCode: Nullable(Type.String()),
    itemVersion: Nullable(Type.Integer()),
    bundleCode: Nullable(Type.String()),
    /** Filed online, or at a hall's window (一窗受理: its acceptance receipt is at /halls/receipts/:id). */
    channel: Enum('CaseChannel', ['online', 'window']),
    /** The items of a bundle case (one per department part), or the one item. */
    items: Type.Array(
      Obj(
        { code: Type.String(), version: Type.Integer(), name: Text, departmentCode: Type.String() },
        { title: 'CaseItem' },
      ),
    ),
    processCode: Type.String(),
    /** Who has the case now, in plain words (department and stage; the handler when claimed). */
    handledBy: Nullable(Text),
    seq: Type.Integer(),
    deadlineAt: Nullable(DateTime()),
    overdue: Type.Boolean(),
    atRisk: Type.Boolean(),
    outcome: Nullable(Enum('CaseOutcome', ['completed', 'rejected', 'withdrawn'])),
    result: Nullable(CaseResult),
    /** The files attached to the result (办结文书, later 电子证照), the case's and its parts'. */
    resultFiles: Type.Array(ResultFileView),
    rejection: Nullable(Rejection),
    correction: Nullable(Obj({ items: Type.Array(Type.String()) }, { title: 'Correction' })),
    branches: Type.Array(BranchView),
    /** The form as the applicant filed it (the version's form definition is at /catalog/items/:code?version=N). */
    form: FormValues,
    materials: Type.Array(MaterialView),
    /** Materials the government holds, fetched from their registries at filing instead of uploaded. */
    evidence: Type.Array(EvidenceView),
    history: Type.Array(HistoryEntry),
    /** For staff: what the applicant changed at each resubmission (补正), oldest first; empty for the applicant. */
    resubmissions: Type.Array(Resubmission),
    /** What the viewer may do now. */
    actions: Type.Array(AvailableAction),
    /** The viewer may claim / release (staff). */
    claimable: Type.Array(Nullable(Type.String())),
    releasable: Type.Array(Nullable(Type.String())),
  },
  { title: 'CaseView' },
);

/** A case look-up without signing in (办件查询): the number and two facts only the applicant knows. */
export const CaseLookupBody = Obj(
  {
    caseNumber: Type.String({ minLength: 1, maxLength: 40, pattern: '^[0-9A-Za-z -]+$' }),
    /** The applicant's name (an enterprise's name for an enterprise's case). */
    name: Type.String({ minLength: 1, maxLength: 100 }),
    /** The last 4 characters of the applicant's ID number, or of an enterprise's USCC. */
    idTail: Type.String({ pattern: '^[0-9A-Za-z]{4}$' }),
  },
  { title: 'CaseLookupBody' },
);

/** What a look-up answers: where the case stands in plain words, the applicant's name masked; no form, materials or staff. */
export const CaseLookup = Obj(
  {
    ...Type.Omit(CaseSummary, ['id']).properties,
    handledBy: Nullable(Text),
    /** The steps so far: when, and what was done. */
    steps: Type.Array(Obj({ at: DateTime(), actionName: Text }, { title: 'CaseLookupStep' })),
  },
  { title: 'CaseLookup' },
);

export type CaseLookupBodyT = Static<typeof CaseLookupBody>;
export type CaseLookupT = Static<typeof CaseLookup>;
export type CaseViewT = Static<typeof CaseView>;
export type ResultFileViewT = Static<typeof ResultFileView>;
export type ResubmissionT = Static<typeof Resubmission>;
export type CaseSummaryT = Static<typeof CaseSummary>;
export type WorkItemT = Static<typeof WorkItem>;
export type HistoryEntryT = Static<typeof HistoryEntry>;
export type MaterialViewT = Static<typeof MaterialView>;
export type EvidenceViewT = Static<typeof EvidenceView>;
export type DraftT = Static<typeof Draft>;
export type UploadT = Static<typeof Upload>;
export type ActionBodyT = Static<typeof ActionBody>;
export type CaseResultT = Static<typeof CaseResult>;
export type InboxQueryT = Static<typeof InboxQuery>;
