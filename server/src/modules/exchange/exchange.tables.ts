import type { PlatformTables } from '../../platform/tables.ts';
import type { Sensitivity, SubjectKind } from './exchange.registries.ts';

/** A registry record's standing (an issued certificate revoked or suspended by its issuer is not valid evidence). */
export type RecordStatus = 'valid' | 'suspended' | 'revoked';

export interface ExchangeTables extends PlatformTables {
  'exchange.registries': {
    code: string;
    owner_department_code: string;
    name: string;
    name_en: string;
    subjects: string[];
    schema_version: number;
    updated_at: Date;
  };
  'exchange.registry_fields': {
    registry_code: string;
    version: number;
    key: string;
    label: string;
    label_en: string;
    sensitivity: Sensitivity;
  };
  'exchange.records': {
    id: string;
    registry_code: string;
    record_type: string;
    subject_kind: SubjectKind;
    /** The subject's ID number or USCC, sealed (PII.citizenId), and its blind index. */
    subject_enc: string;
    subject_index: string;
    version: number;
    /** The record's values as JSON, sealed under RECORD_CONTEXT. */
    data_enc: string;
    /** sha256 (hex) of the canonical JSON of the values: the evidence's digest. */
    digest: string;
    issued_at: Date;
    updated_at: Date;
    /** An issued document's standing: valid, or suspended / revoked by its issuer. */
    status: RecordStatus;
    status_changed_at: Date | null;
  };
  'exchange.grants': {
    id: string;
    registry_code: string;
    grantee_department_code: string | null;
    grantee_item_code: string | null;
    grantee_system_id: string | null;
    fields: string[];
    purpose: string;
    legal_basis: string;
    statutory: boolean;
    starts_at: Date;
    ends_at: Date | null;
    revoked_at: Date | null;
    revoked_by: string | null;
    granted_by: string | null;
    created_at: Date;
  };
  'exchange.consents': {
    id: string;
    subject_kind: SubjectKind;
    subject_index: string;
    account_id: string;
    enterprise_id: string | null;
    item_code: string;
    purpose: string;
    fields: string[];
    version: number;
    given_at: Date;
    withdrawn_at: Date | null;
  };
}
