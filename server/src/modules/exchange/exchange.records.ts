/**
 * Registry records as stored: the values as canonical JSON, sealed, with the digest that a
 * case's evidence keeps (provenance: registry, record, version, time, digest). The seeder,
 * and a department's own system feeding its registry, write records through recordRow.
 */
import { canonicalJson } from '../../platform/audit.ts';
import { sha256Hex, type DataProtector } from '../../platform/crypto.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { PII } from '../../platform/pii.ts';
import { RECORD_CONTEXT, subjectKindOf, subjectValue, type Subject } from './exchange.context.ts';
import type { RecordValue } from './exchange.read.ts';
import type { ExchangeTables } from './exchange.tables.ts';

export type RecordRow = ExchangeTables['exchange.records'];

export interface NewRecord {
  registry: string;
  recordType: string;
  subject: Subject;
  /** The registry's schema version the values follow. */
  version: number;
  values: Record<string, RecordValue>;
  issuedAt: Date;
}

/** The digest of a record's values (hex sha256 of their canonical JSON). */
export const digestOf = (values: Record<string, RecordValue>): string => sha256Hex(canonicalJson(values));

export function recordRow(protector: DataProtector, r: NewRecord, now: Date, id = uuidv7(now.getTime())): RecordRow {
  const json = canonicalJson(r.values);
  return {
    id,
    registry_code: r.registry,
    record_type: r.recordType,
    subject_kind: subjectKindOf(r.subject),
    subject_enc: protector.seal(subjectValue(r.subject), PII.citizenId),
    subject_index: protector.blindIndex(subjectValue(r.subject), PII.citizenId),
    version: r.version,
    data_enc: protector.seal(json, RECORD_CONTEXT),
    digest: sha256Hex(json),
    issued_at: r.issuedAt,
    updated_at: now,
    status: 'valid',
    status_changed_at: null,
  };
}
