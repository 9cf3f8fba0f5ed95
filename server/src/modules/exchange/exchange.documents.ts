/**
 * Issued certificates as shared evidence: the credentials module registers each certificate it
 * issues as a record of the `documents` registry, and tells the registry when its issuer revokes,
 * suspends or reinstates it, in its own transaction (app.ts wires these functions into it, so
 * the credentials module never touches the exchange's tables).
 *
 * A change of standing is kept beside the record (`status`, `status_changed_at`): the sealed
 * values, and so the digest earlier cases' evidence keeps, stay as they were. A later read
 * returns the record with its status, and a filing does not take a revoked or suspended
 * certificate as evidence (exchange.evidence.ts, applications.evidence.ts).
 */
import type { Transaction } from 'kysely';
import type { DataProtector } from '../../platform/crypto.ts';
import { scoped } from '../../platform/db.ts';
import { PII } from '../../platform/pii.ts';
import { RECORD_CONTEXT, subjectKindOf, subjectValue, type Subject } from './exchange.context.ts';
import { recordRow, type NewRecord } from './exchange.records.ts';
import type { ExchangeTables, RecordStatus } from './exchange.tables.ts';

export async function registerDocument(
  tx: Transaction<object>,
  protector: DataProtector,
  record: NewRecord,
  now: Date,
): Promise<void> {
  await scoped<ExchangeTables>(tx)
    .insertInto('exchange.records')
    .values(recordRow(protector, record, now))
    .execute();
}

/** Which registered certificate: the subjects it was registered under, its record type and its number. */
export interface DocumentRef {
  subjects: readonly Subject[];
  recordType: string;
  number: string;
}

/**
 * Where a type of certificate also lives in its issuing department's own registry (the
 * authentic source), and which field there carries the certificate's number.
 */
const AUTHENTIC: Readonly<Record<string, { registry: string; recordType: string; numberField: string }>> = {
  birth_certificate: { registry: 'birth-certificates', recordType: 'birth', numberField: 'certificateNumber' },
};

/**
 * Set the standing of a certificate's records (every subject it was registered under, in
 * `documents` and in its authentic registry, if any); their count.
 */
export async function setDocumentStatus(
  tx: Transaction<object>,
  protector: DataProtector,
  ref: DocumentRef,
  status: RecordStatus,
  now: Date,
): Promise<number> {
  const db = scoped<ExchangeTables>(tx);
  const places = [{ registry: 'documents', recordType: ref.recordType, numberField: 'number' }];
  const authentic = AUTHENTIC[ref.recordType];
  if (authentic) places.push(authentic);
  const ids: string[] = [];
  for (const subject of ref.subjects)
    for (const place of places) {
      const rows = await db
        .selectFrom('exchange.records')
        .select(['id', 'data_enc'])
        .where('subject_index', 'in', protector.blindIndexes(subjectValue(subject), PII.citizenId))
        .where('registry_code', '=', place.registry)
        .where('subject_kind', '=', subjectKindOf(subject))
        .where('record_type', '=', place.recordType)
        .execute();
      for (const r of rows) {
        const values = JSON.parse(protector.open(r.data_enc, RECORD_CONTEXT)) as Record<string, unknown>;
        if (values[place.numberField] === ref.number) ids.push(r.id);
      }
    }
  if (ids.length === 0) return 0;
  await db
    .updateTable('exchange.records')
    .set({ status, status_changed_at: now, updated_at: now })
    .where('id', 'in', ids)
    .execute();
  return ids.length;
}
