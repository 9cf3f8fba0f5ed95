import type { ColumnType } from 'kysely';
import type { PlatformTables } from '../../platform/tables.ts';

export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'skipped';

export interface NotifyTables extends PlatformTables {
  'notify.messages': {
    id: string;
    region_code: string;
    account_id: string;
    /** The event topic (or the calling module's own topic) that made the message. */
    topic: string;
    /** The event id, or a caller's key: with account_id, unique. */
    source_event_id: string;
    title_zh: string;
    title_en: string;
    body_zh: string;
    body_en: string;
    /** An in-app path, e.g. /cases/<id>. */
    link: string | null;
    created_at: Date;
    read_at: Date | null;
    /** The enterprise the message is about (shown while acting for it), or null for a personal one. */
    enterprise_id: ColumnType<string | null, string | null | undefined, never>;
  };
  'notify.settings': {
    account_id: string;
    /** Sealed with the context pii.email. */
    email_enc: string | null;
    email_enabled: boolean;
    updated_at: Date;
  };
  'notify.deliveries': {
    message_id: string;
    channel: 'email';
    status: DeliveryStatus;
    attempts: ColumnType<number, number | undefined, number>;
    last_error: string | null;
    created_at: Date;
    updated_at: Date;
    sent_at: Date | null;
  };
  /** Messages the development SMS sink "sent" (development and tests only). */
  'notify.dev_outbox': {
    id: string;
    channel: 'sms';
    recipient_index: string;
    recipient_masked: string;
    body: string;
    created_at: Date;
  };
}
