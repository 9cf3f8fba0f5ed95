import type { ColumnType } from 'kysely';
import type { PlatformTables } from '../../platform/tables.ts';

type Json<T> = ColumnType<T, string, string>;

export type RatingKind = 'rating' | 'callback';
export type RatingChannel = 'app' | 'window';
export type CaseOutcome = 'completed' | 'rejected' | 'withdrawn';
export type TicketStatus = 'open' | 'appealed' | 'fixed' | 'closed' | 'voided';
/** Indicator name → score 1..5 (GB/T 39734: online or offline indicators). */
export type Indicators = Record<string, number>;

interface ItemColumns {
  region_code: string;
  department_code: string;
  item_code: string;
  item_name_zh: string;
  item_name_en: string;
}

export interface SupervisionTables extends PlatformTables {
  'supervision.invitations': ItemColumns & {
    case_id: string;
    case_number: string;
    outcome: CaseOutcome;
    rater_account_id: string;
    enterprise_id: string | null;
    invited_at: Date;
    expires_at: Date;
  };
  'supervision.window_visits': ItemColumns & {
    id: string;
    visit_number: string;
    case_number: string | null;
    clerk_account_id: string | null;
    created_at: Date;
  };
  'supervision.ratings': ItemColumns & {
    id: string;
    kind: RatingKind;
    channel: RatingChannel;
    case_id: string | null;
    visit_id: string | null;
    ticket_id: string | null;
    case_number: string;
    score: number;
    indicators: Json<Indicators>;
    comment: string | null;
    rater_account_id: string | null;
    rated_at: Date;
  };
  /** The items (and departments) a case's invitation covers: every part of a bundle (一件事). */
  'supervision.invitation_parts': ItemColumns & { case_id: string };
  /** The items (and departments) a rating counts for; append-only. */
  'supervision.rating_parts': ItemColumns & { rating_id: string; score: number };
  'supervision.tickets': ItemColumns & {
    id: string;
    ticket_number: string;
    rating_id: string;
    case_number: string;
    score: number;
    comment: string | null;
    rater_account_id: string | null;
    status: TicketStatus;
    due_at: Date;
    escalated_at: Date | null;
    explanation: string | null;
    fixed_at: Date | null;
    appeal_reason: string | null;
    appeal_evidence: string | null;
    appealed_at: Date | null;
    decision: 'upheld' | 'dismissed' | null;
    decision_note: string | null;
    decided_at: Date | null;
    callback_score: number | null;
    closed_at: Date | null;
    created_at: Date;
    updated_at: Date;
  };
}
