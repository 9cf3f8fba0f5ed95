/** Kysely types of the bridge's tables (its payments). */
import type { SuperappTables } from './superapp.tables.ts';

export type BridgePaymentStatus = 'pending' | 'paid' | 'failed';

export interface BridgeTables extends SuperappTables {
  'superapp.bridge_payments': {
    trade_no: string;
    app_id: string;
    account_id: string;
    merchant_order_no: string;
    subject: string;
    amount_fen: number;
    provider: string;
    pay_url: string;
    status: BridgePaymentStatus;
    created_at: Date;
    settled_at: Date | null;
  };
}
