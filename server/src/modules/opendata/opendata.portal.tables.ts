/** Kysely types of the portal's tables (migrations/portal.ts): API keys, usage, live rows, data requests. */
import type { ColumnType } from 'kysely';

export type RequestStatus = 'submitted' | 'answered' | 'declined';

export interface PortalTables {
  'opendata.api_keys': {
    id: string;
    /** Who asked for it. */
    account_id: string;
    /** The enterprise it is for, when its agent asked while acting for it (then every agent of it holds it). */
    enterprise_id: string | null;
    name: string;
    purpose: string;
    key_prefix: string;
    /** SHA-256 (hex) of the key: the key itself is shown once and never stored. */
    key_hash: string;
    created_at: Date;
    revoked_at: Date | null;
    revoked_by: string | null;
    last_used_at: Date | null;
  };
  'opendata.api_key_usage': {
    key_id: string;
    window_start: Date;
    hits: number;
    total: ColumnType<string | number, number, number>;
  };
  'opendata.live_versions': {
    dataset_id: string;
    version_id: string;
    /** The release's columns (ColumnSpec[] as JSON). */
    columns: string;
    row_count: number;
    loaded_at: Date;
  };
  'opendata.live_rows': {
    version_id: string;
    row_no: number;
    data: ColumnType<Record<string, unknown>, string, string>;
  };
  'opendata.requests': {
    id: string;
    account_id: string;
    enterprise_id: string | null;
    enterprise_name: string | null;
    client_key: string | null;
    department_code: string;
    title: string;
    description: string;
    purpose: string;
    status: RequestStatus;
    answer: string | null;
    dataset_name: string | null;
    answered_by: string | null;
    answered_at: Date | null;
    created_at: Date;
  };
}
