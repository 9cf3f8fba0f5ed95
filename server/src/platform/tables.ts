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
    accessor_id: string;
    accessor_name: string;
    organisation: string | null;
    purpose: string;
    fields: string[];
    resource_type: string;
    resource_id: string | null;
    request_id: string | null;
  };
}
