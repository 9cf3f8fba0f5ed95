/**
 * The events notify listens to: the contract between the module that emits them
 * (applications) and this one. Payloads are checked against these schemas on arrival; an
 * event that does not match is logged and skipped (retrying would not mend it).
 */
import { Type, type Static } from 'typebox';
import { UUID_PATTERN } from '../../platform/ids.ts';

const LocalText = Type.Object({ zh: Type.String(), en: Type.String() });
const AccountId = Type.String({ pattern: UUID_PATTERN });

export const CASE_CHANGED = 'applications.case.changed';
export const CASE_OVERDUE = 'applications.case.overdue';

/** The statuses an applicant sees (applications.schemas.ts). */
export const CASE_STATUSES = ['in_progress', 'correction', 'completed', 'rejected', 'withdrawn'] as const;

/**
 * `applications.case.changed`: something happened to a case that its applicant should hear
 * about (submitted, accepted, sent back for correction, decided, completed, withdrawn...).
 */
export const CaseChangedPayload = Type.Object({
  caseId: Type.String({ minLength: 1 }),
  caseNumber: Type.String({ minLength: 1 }),
  regionCode: Type.String({ minLength: 1 }),
  applicantAccountId: AccountId,
  /** The service item's or bundle's name. */
  title: LocalText,
  /** The workflow action that was taken: `submit`, `accept`, `request_correction`, `resubmit`, `complete`, `reject`, `withdraw`, ... */
  action: Type.String({ minLength: 1 }),
  status: Type.Enum(CASE_STATUSES),
  /** What happened, in plain words (e.g. 已受理 / Accepted). */
  headline: LocalText,
  /** For status `correction`: what the applicant must correct. */
  correctionItems: Type.Optional(Type.Array(Type.String())),
});
export type CaseChangedPayload = Static<typeof CaseChangedPayload>;

/** `applications.case.overdue`: a case (or one department's branch of it) passed its time limit. */
export const CaseOverduePayload = Type.Object({
  caseId: Type.String({ minLength: 1 }),
  caseNumber: Type.String({ minLength: 1 }),
  regionCode: Type.String({ minLength: 1 }),
  title: LocalText,
  departmentCode: Type.String(),
  /** The parallel branch (a department) that is late, or null for the case as a whole. */
  branch: Type.Union([Type.String(), Type.Null()]),
  /** The workflow state the case (or branch) is in. */
  state: Type.String(),
  /** ISO 8601 time the limit ended. */
  deadlineAt: Type.String(),
  /** Staff accounts to tell (the holder of the case, the department's leaders...). */
  notifyAccountIds: Type.Array(AccountId),
});
export type CaseOverduePayload = Static<typeof CaseOverduePayload>;
