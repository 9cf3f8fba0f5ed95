/** All SQL of the credentials module. */
import { sql, type Insertable, type Selectable } from 'kysely';
import type { CredDb } from './credentials.context.ts';
import type { CredentialsTables } from './credentials.tables.ts';

type T = CredentialsTables;
export type KeyRow = Selectable<T['credentials.issuer_keys']>;
export type CertificateRow = Selectable<T['credentials.certificates']>;
export type ShareRow = Selectable<T['credentials.shares']>;

export const currentKey = (db: CredDb, departmentCode: string) =>
  db
    .selectFrom('credentials.issuer_keys')
    .selectAll()
    .where('department_code', '=', departmentCode)
    .where('retired_at', 'is', null)
    .executeTakeFirst();

export const keyByKid = (db: CredDb, kid: string) =>
  db.selectFrom('credentials.issuer_keys').selectAll().where('kid', '=', kid).executeTakeFirst();

export const keysOf = (db: CredDb, departmentCode: string) =>
  db
    .selectFrom('credentials.issuer_keys')
    .selectAll()
    .where('department_code', '=', departmentCode)
    .orderBy(sql`retired_at is null`, 'desc')
    .orderBy('created_at', 'desc')
    .execute();

export const retireKeys = (db: CredDb, departmentCode: string, at: Date) =>
  db
    .updateTable('credentials.issuer_keys')
    .set({ retired_at: at })
    .where('department_code', '=', departmentCode)
    .where('retired_at', 'is', null)
    .execute();

export const insertKey = async (db: CredDb, row: Insertable<T['credentials.issuer_keys']>) =>
  (await db
    .insertInto('credentials.issuer_keys')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .returning('kid')
    .executeTakeFirst()) ?? null;

/** The department's next status-list sequence number (locked by the upsert until commit). */
export async function nextStatusSeq(db: CredDb, departmentCode: string): Promise<number> {
  const r = await db
    .insertInto('credentials.status_sequences')
    .values({ department_code: departmentCode, next_seq: 1 })
    .onConflict((oc) =>
      oc.column('department_code').doUpdateSet({ next_seq: sql`credentials.status_sequences.next_seq + 1` }),
    )
    .returning('next_seq')
    .executeTakeFirstOrThrow();
  return r.next_seq - 1;
}

export const certificateOfCase = (db: CredDb, caseId: string, itemCode: string) =>
  db
    .selectFrom('credentials.certificates')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('item_code', '=', itemCode)
    .executeTakeFirst();

export const insertCertificate = (db: CredDb, row: Insertable<T['credentials.certificates']>) =>
  db.insertInto('credentials.certificates').values(row).execute();

export const certificateById = (db: CredDb, id: string) =>
  db.selectFrom('credentials.certificates').selectAll().where('id', '=', id).executeTakeFirst();

export const certificateByIdForUpdate = (db: CredDb, id: string) =>
  db.selectFrom('credentials.certificates').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

export const certificateByNumber = (db: CredDb, number: string) =>
  db.selectFrom('credentials.certificates').selectAll().where('number', '=', number).executeTakeFirst();

/** A department's certificates revoked or suspended: their list positions and both marks (the lists' source). */
export const statusMarks = (db: CredDb, departmentCode: string) =>
  db
    .selectFrom('credentials.certificates')
    .select(['status_index', 'revoked_at', 'suspended_at'])
    .where('department_code', '=', departmentCode)
    .where((eb) => eb.or([eb('revoked_at', 'is not', null), eb('suspended_at', 'is not', null)]))
    .execute();

/**
 * A holder's certificates: a person's own (no enterprise) and those naming them as another
 * holder (by their ID number's blind indexes), or an enterprise's.
 */
export function certificatesOf(
  db: CredDb,
  holder: { accountId: string; indexes: readonly string[] } | { enterpriseId: string },
) {
  let q = db.selectFrom('credentials.certificates').selectAll();
  if ('enterpriseId' in holder) q = q.where('enterprise_id', '=', holder.enterpriseId);
  else {
    const { accountId, indexes } = holder;
    q = q.where('enterprise_id', 'is', null).where((eb) =>
      eb.or([
        eb('holder_account_id', '=', accountId),
        ...(indexes.length > 0
          ? [
              eb(
                'id',
                'in',
                eb
                  .selectFrom('credentials.certificate_holders')
                  .select('certificate_id')
                  .where('holder_index', 'in', [...indexes]),
              ),
            ]
          : []),
      ]),
    );
  }
  return q.orderBy('issued_at', 'desc').limit(200).execute();
}

export const insertHolders = (db: CredDb, rows: Insertable<T['credentials.certificate_holders']>[]) =>
  db.insertInto('credentials.certificate_holders').values(rows).execute();

export const holdersOf = (db: CredDb, certificateId: string) =>
  db
    .selectFrom('credentials.certificate_holders')
    .selectAll()
    .where('certificate_id', '=', certificateId)
    .orderBy('role')
    .execute();

/** Whether one of these blind indexes is another holder of the certificate. */
export async function isCoHolder(db: CredDb, certificateId: string, indexes: readonly string[]): Promise<boolean> {
  if (indexes.length === 0) return false;
  const r = await db
    .selectFrom('credentials.certificate_holders')
    .select('role')
    .where('certificate_id', '=', certificateId)
    .where('holder_index', 'in', [...indexes])
    .executeTakeFirst();
  return r !== undefined;
}

export const certificatesOfCaseId = (db: CredDb, caseId: string) =>
  db.selectFrom('credentials.certificates').selectAll().where('case_id', '=', caseId).orderBy('issued_at').execute();

/** The positions set in a department's list for a purpose. */
export async function setPositions(db: CredDb, departmentCode: string, purpose: 'revocation' | 'suspension') {
  const column = purpose === 'revocation' ? 'revoked_at' : 'suspended_at';
  const rows = await db
    .selectFrom('credentials.certificates')
    .select('status_index')
    .where('department_code', '=', departmentCode)
    .where(column, 'is not', null)
    .execute();
  return rows.map((r) => r.status_index);
}

export const updateCertificate = (
  db: CredDb,
  id: string,
  set: { revoked_at?: Date | null; suspended_at?: Date | null },
) => db.updateTable('credentials.certificates').set(set).where('id', '=', id).execute();

export const insertStatusChange = (db: CredDb, row: Insertable<T['credentials.status_changes']>) =>
  db.insertInto('credentials.status_changes').values(row).execute();

export const statusChangesOf = (db: CredDb, certificateId: string) =>
  db
    .selectFrom('credentials.status_changes')
    .selectAll()
    .where('certificate_id', '=', certificateId)
    .orderBy('at')
    .execute();

export const insertShare = (db: CredDb, row: Insertable<T['credentials.shares']>) =>
  db.insertInto('credentials.shares').values(row).execute();

export const shareByHash = (db: CredDb, tokenHash: string) =>
  db.selectFrom('credentials.shares').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();

export const shareById = (db: CredDb, id: string) =>
  db.selectFrom('credentials.shares').selectAll().where('id', '=', id).executeTakeFirst();

export const sharesOf = (db: CredDb, certificateId: string) =>
  db
    .selectFrom('credentials.shares')
    .selectAll()
    .where('certificate_id', '=', certificateId)
    .orderBy('created_at', 'desc')
    .limit(50)
    .execute();

export const revokeShare = (db: CredDb, id: string, at: Date) =>
  db.updateTable('credentials.shares').set({ revoked_at: at }).where('id', '=', id).execute();
