/**
 * Personal data fields shared across modules. A field's context is bound into its
 * ciphertext and its blind index; citizen ID numbers use one context everywhere so that a
 * resident in the community roster and a registered account can be matched by index
 * (and the person can see every read of their data) without decrypting anything.
 */
import type { Kysely, Transaction } from 'kysely';
import { scoped } from './db.ts';
import { uuidv7 } from './ids.ts';
import type { PlatformTables } from './tables.ts';

export const PII = {
  /**
   * A data subject's identifier: a person's ID number, and also an enterprise's USCC where an
   * enterprise is the subject (its registry records, its data tracker), with the subject's
   * kind kept beside the index. One context, so key rotation re-keys every subject index.
   */
  citizenId: 'pii.citizen-id',
  phone: 'pii.phone',
  address: 'pii.address',
  name: 'pii.name',
  totpSecret: 'secret.totp',
} as const;

export interface PersonalDataAccess {
  subjectIndex: string;
  /** A person's data (the index of their ID number) or an enterprise's (of its USCC). */
  subjectKind?: 'person' | 'enterprise';
  /** The staff member who read; null when a system read (a filing, an external system). */
  accessorId: string | null;
  accessorName: string;
  organisation: string | null;
  purpose: string;
  fields: string[];
  resourceType: string;
  resourceId: string | null;
  requestId: string | null;
  /** The reading department (X-Road's client), the system (its id) and the case (X-Road's issue). */
  departmentCode?: string | null;
  systemId?: string | null;
  caseNumber?: string | null;
  legalBasis?: string | null;
  /** A refused read is logged too, with the refusal's error code. */
  refusal?: string | null;
  /** A law-enforcement read the person sees only from this time on. */
  hiddenUntil?: Date | null;
}

/** The log row of an access (the exchange writes many at once). */
export const accessRow = (a: PersonalDataAccess, at: Date) => ({
  id: uuidv7(at.getTime()),
  at,
  subject_index: a.subjectIndex,
  subject_kind: a.subjectKind ?? 'person',
  accessor_id: a.accessorId,
  accessor_name: a.accessorName,
  organisation: a.organisation,
  purpose: a.purpose,
  fields: a.fields,
  resource_type: a.resourceType,
  resource_id: a.resourceId,
  request_id: a.requestId,
  department_code: a.departmentCode ?? null,
  system_id: a.systemId ?? null,
  case_number: a.caseNumber ?? null,
  legal_basis: a.legalBasis ?? null,
  outcome: a.refusal ? ('refused' as const) : ('read' as const),
  refusal: a.refusal ?? null,
  hidden_until: a.hiddenUntil ?? null,
});

/** Record that someone other than the person read their personal data (the person sees this list). */
export async function recordPersonalDataAccess(
  tx: Transaction<object> | Kysely<object>,
  a: PersonalDataAccess,
  at: Date,
): Promise<void> {
  await scoped<PlatformTables>(tx).insertInto('platform.personal_data_access').values(accessRow(a, at)).execute();
}
