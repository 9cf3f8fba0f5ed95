/** Kysely types of supervision's tables (complaints, usage events and their daily roll-up). */
import type { SuperappTables } from './superapp.tables.ts';

export type ComplaintCategory = 'privacy' | 'fraud' | 'broken' | 'content' | 'other';
export type ComplaintStatus = 'open' | 'upheld' | 'dismissed';
export type UsageKind = 'open' | 'view' | 'action' | 'error';

export interface SupervisionTables extends SuperappTables {
  'superapp.complaints': {
    id: string;
    app_id: string;
    account_id: string;
    category: ComplaintCategory;
    text: string;
    status: ComplaintStatus;
    decision_reason: string | null;
    decided_by: string | null;
    decided_at: Date | null;
    spent_at: Date | null;
    idempotency_key: string;
    request_hash: string;
    created_at: Date;
  };
  'superapp.usage_events': {
    id: string;
    app_id: string;
    account_id: string | null;
    kind: UsageKind;
    name: string;
    detail: unknown;
    /** The city's calendar day of `at` (YYYY-MM-DD). */
    day: string;
    at: Date;
  };
  'superapp.usage_daily': {
    app_id: string;
    day: string;
    opens: number;
    views: number;
    actions: number;
    errors: number;
    users: number;
  };
  'superapp.usage_daily_users': { app_id: string; day: string; user_key: string };
}
