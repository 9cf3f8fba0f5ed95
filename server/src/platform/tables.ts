/** Tables of the platform schema (audit, outbox, the personal-data access log). */
import type { ColumnType } from 'kysely';

type Json = ColumnType<unknown, string, string>;

export interface PlatformTables {
  'platform.audit_log': {
    id: string;
    at: Date;
    actor_id: string | null;
    actor_kind: string;
    action: string;
    resource_type: string;
    resource_id: string | null;
    region_code: string | null;
    request_id: string | null;
    ip: string | null;
    change_hash: string;
    detail: Json;
  };
  'platform.outbox': {
    id: string;
    topic: string;
    payload: Json;
    region_code: string | null;
    request_id: string | null;
    created_at: Date;
    available_at: Date;
    delivered_at: Date | null;
    attempts: ColumnType<number, number | undefined, number>;
    last_error: string | null;
  };
  'platform.personal_data_access': {
    id: string;
    at: Date;
    subject_index: string;
    accessor_id: string | null;
    accessor_name: string;
    organisation: string | null;
    purpose: string;
    fields: string[];
    resource_type: string;
    resource_id: string | null;
    request_id: string | null;
    subject_kind: ColumnType<'person' | 'enterprise', 'person' | 'enterprise' | undefined, never>;
    department_code: string | null;
    system_id: string | null;
    case_number: string | null;
    legal_basis: string | null;
    outcome: ColumnType<'read' | 'refused', 'read' | 'refused' | undefined, never>;
    refusal: string | null;
    hidden_until: Date | null;
  };
}
