import type { ColumnType } from 'kysely';
import type { PlatformTables } from '../../platform/tables.ts';

type Json<T> = ColumnType<T, string, string>;

export type OrderStatus = 'unpaid' | 'paying' | 'failed' | 'paid' | 'refunded' | 'cancelled';
export type FeeTiming = 'before_acceptance' | 'on_decision';
export type MismatchKind = 'missing_at_provider' | 'missing_on_platform' | 'amount_differs' | 'status_differs';
export type LedgerStatus = 'created' | 'paid' | 'failed' | 'refunded';

export interface OrderLine {
  itemCode: string;
  name: { zh: string; en: string };
  amountFen: number;
  basis: string | null;
}

export interface PaymentsTables extends PlatformTables {
  'payments.orders': {
    id: string;
    order_number: string;
    case_id: string;
    case_number: string;
    region_code: string;
    applicant_account_id: string;
    enterprise_id: string | null;
    payer_masked: string;
    timing: FeeTiming;
    title_zh: string;
    title_en: string;
    lines: Json<OrderLine[]>;
    amount_fen: number;
    provider: string;
    status: OrderStatus;
    trade_no: string | null;
    paid_amount_fen: number | null;
    paid_at: Date | null;
    refund_no: string | null;
    refunded_at: Date | null;
    refund_reason: string | null;
    receipt_number: string | null;
    receipt_code: string | null;
    created_at: Date;
    updated_at: Date;
  };
  'payments.trades': {
    trade_no: string;
    order_id: string;
    provider: string;
    amount_fen: number;
    status: 'pending' | 'paid' | 'failed';
    created_at: Date;
    settled_at: Date | null;
    settled_by: 'callback' | 'query' | null;
  };
  'payments.callbacks': {
    id: string;
    provider: string;
    trade_no: string | null;
    outcome: 'applied' | 'duplicate' | 'amount_mismatch' | 'bad_signature' | 'unknown_trade';
    amount_fen: number | null;
    received_at: Date;
  };
  'payments.reconciliations': {
    id: string;
    provider: string;
    day: string;
    statement_count: number;
    order_count: number;
    mismatch_count: number;
    run_at: Date;
  };
  'payments.mismatches': {
    id: string;
    provider: string;
    day: string;
    trade_no: string;
    kind: MismatchKind;
    order_id: string | null;
    order_number: string | null;
    platform_amount_fen: number | null;
    provider_amount_fen: number | null;
    platform_status: string | null;
    provider_status: string | null;
    found_at: Date;
    resolved_at: Date | null;
    resolved_by: string | null;
    resolution_note: string | null;
  };
  'payments.sandbox_ledger': {
    trade_no: string;
    merchant_order_no: string;
    amount_fen: number;
    status: LedgerStatus;
    page_token: string;
    notify_path: string;
    return_url: string | null;
    subject: string;
    created_at: Date;
    paid_at: Date | null;
    refunded_at: Date | null;
    refund_no: string | null;
  };
}
