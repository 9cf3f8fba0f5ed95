import type { Migration } from '../../../platform/migrations.ts';

/**
 * Frozen once shipped. The bridge's payments: a mini-app asks the super app to take a payment
 * for one of its own orders (a bill, a top-up); the platform opens a trade with its payment
 * provider, shows its payment sheet, and settles the trade from the provider's signed callback.
 * The app's backend reads the outcome by trade number (and checks order and amount against its own).
 */
export const bridgeMigration: Migration = {
  id: '202612300040_superapp_bridge',
  up: [
    `create table superapp.bridge_payments (
      trade_no text primary key,
      app_id uuid not null references superapp.apps (id),
      account_id uuid not null,
      merchant_order_no text not null check (length(merchant_order_no) between 1 and 64),
      subject text not null,
      amount_fen integer not null check (amount_fen > 0),
      provider text not null,
      pay_url text not null,
      status text not null check (status in ('pending', 'paid', 'failed')),
      created_at timestamptz not null,
      settled_at timestamptz
    )`,
    // One live trade per order of an app: asking again answers the same trade (a failed one may be retried).
    `create unique index bridge_payments_order on superapp.bridge_payments (app_id, merchant_order_no) where status <> 'failed'`,
    `create index bridge_payments_account on superapp.bridge_payments (account_id, created_at)`,
  ],
};
