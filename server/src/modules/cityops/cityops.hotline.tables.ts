/** The 12345 hotline's table (migration 202612021830_cityops_hotline). */
import type { PlatformTables } from '../../platform/tables.ts';

export const CALL_TYPES = ['enquiry', 'help', 'complaint', 'report', 'suggestion'] as const;
/** 咨询, 求助, 投诉, 举报, 建议. */
export type CallType = (typeof CALL_TYPES)[number];
/** Answered on the spot from the knowledge base (当场办结), or an event opened for dispatch. */
export type CallOutcome = 'answered' | 'event';

export interface HotlineTables extends PlatformTables {
  'cityops.calls': {
    id: string;
    number: string;
    region_code: string;
    type: CallType;
    caller_phone_enc: string;
    caller_phone_bidx: string;
    caller_name_enc: string | null;
    summary: string;
    category_code: string | null;
    address: string | null;
    lat: number | null;
    lng: number | null;
    outcome: CallOutcome;
    kb_item_code: string | null;
    kb_faq_index: number | null;
    answer: string | null;
    event_id: string | null;
    event_number: string | null;
    repeat_caller: boolean;
    operator_account_id: string;
    idempotency_key: string | null;
    received_at: Date;
    closed_at: Date | null;
  };
}
