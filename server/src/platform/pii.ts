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
  citizenId: 'pii.citizen-id',
  phone: 'pii.phone',
  address: 'pii.address',
  name: 'pii.name',
  totpSecret: 'secret.totp',
} as const;

export interface PersonalDataAccess {
  subjectIndex: string;
  accessorId: string;
  accessorName: string;
  organisation: string | null;
  purpose: string;
  fields: string[];
  resourceType: string;
  resourceId: string | null;
  requestId: string | null;
}

/** Record that someone other than the person read their personal data (the person sees this list). */
export async function recordPersonalDataAccess(
  tx: Transaction<object> | Kysely<object>,
  a: PersonalDataAccess,
  at: Date,
): Promise<void> {
  await scoped<PlatformTables>(tx)
    .insertInto('platform.personal_data_access')
    .values({
      id: uuidv7(at.getTime()),
      at,
      subject_index: a.subjectIndex,
      accessor_id: a.accessorId,
      accessor_name: a.accessorName,
      organisation: a.organisation,
      purpose: a.purpose,
      fields: a.fields,
      resource_type: a.resourceType,
      resource_id: a.resourceId,
      request_id: a.requestId,
    })
    .execute();
}
