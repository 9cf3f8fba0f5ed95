/**
 * The events the applications module emits (DESIGN.md §3.9), published in its `index.ts`:
 * the contract with the modules that react to cases (notify today; certificates, ratings
 * and supervision later). Each payload is checked against its schema when it is written.
 */
import { Type, type Static } from 'typebox';
import { defineEvents } from '../../platform/outbox.ts';
import { UUID_PATTERN } from '../../platform/ids.ts';
import { CASE_STATUSES } from './applications.schemas.ts';

const LocalText = Type.Object({ zh: Type.String(), en: Type.String() });
const AccountId = Type.String({ pattern: UUID_PATTERN });

export const CASE_CHANGED = 'applications.case.changed';
export const CASE_OVERDUE = 'applications.case.overdue';

/**
 * `applications.case.changed`: something happened to a case that its applicant should hear
 * about (submitted, accepted, sent back for correction, decided, completed, withdrawn...).
 */
export const CaseChangedPayload = Type.Object({
  caseId: Type.String({ minLength: 1 }),
  caseNumber: Type.String({ minLength: 1 }),
  regionCode: Type.String({ minLength: 1 }),
  applicantAccountId: AccountId,
  /** The enterprise the case was filed for (its agent is told while acting for it); absent for a personal case. */
  enterpriseId: Type.Optional(Type.String({ minLength: 1 })),
  /** The service item's or bundle's name. */
  title: LocalText,
  /** The workflow action that was taken: `submit`, `accept`, `request_correction`, `resubmit`, `complete`, `reject`, `withdraw`, ... */
  action: Type.String({ minLength: 1 }),
  status: Type.Enum(CASE_STATUSES),
  /** What happened, in plain words (e.g. 已受理 / Accepted). */
  headline: LocalText,
  /** For status `correction`: what the applicant must correct. */
  correctionItems: Type.Optional(Type.Array(Type.String())),
  /** The service items (and their versions) the case was filed under: what fees it owes (payments). */
  items: Type.Optional(Type.Array(Type.Object({ code: Type.String(), version: Type.Integer({ minimum: 1 }) }))),
  /** The department part (branch) of a parallel state the action was taken in; absent on the main line. */
  branch: Type.Optional(Type.String()),
  /** The applicant's name as staff lists show it (masked): the payer on a receipt. */
  applicantNameMasked: Type.Optional(Type.String()),
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

export const applicationsEvents = defineEvents({
  [CASE_CHANGED]: CaseChangedPayload,
  [CASE_OVERDUE]: CaseOverduePayload,
});
export type ApplicationsEvents = typeof applicationsEvents;
