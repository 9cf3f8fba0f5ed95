import type { Migration } from '../../../platform/migrations.ts';

/** Frozen. Add new migrations below; never edit one that has shipped. */
export const paymentsMigrations: Migration[] = [
  {
    id: '202612020010_payments_orders',
    up: [
      `create schema if not exists payments`,
      // 缴款单: one per case and timing; amounts in fen (integers), never floats.
      `create table payments.orders (
        id uuid primary key,
        order_number text not null unique,
        case_id text not null,
        case_number text not null,
        region_code text not null,
        applicant_account_id uuid not null,
        enterprise_id uuid,
        payer_masked text not null,
        timing text not null check (timing in ('before_acceptance', 'on_decision')),
        title_zh text not null,
        title_en text not null,
        lines jsonb not null,
        amount_fen integer not null check (amount_fen > 0),
        provider text not null,
        status text not null check (status in ('unpaid', 'paying', 'failed', 'paid', 'refunded', 'cancelled')),
        trade_no text,
        paid_amount_fen integer,
        paid_at timestamptz,
        refund_no text,
        refunded_at timestamptz,
        refund_reason text,
        receipt_number text unique,
        receipt_code text,
        created_at timestamptz not null,
        updated_at timestamptz not null,
        unique (case_id, timing)
      )`,
      `create index orders_applicant on payments.orders (applicant_account_id, created_at desc)`,
      `create index orders_region_status on payments.orders (region_code, status, created_at desc)`,
      `create index orders_paid_day on payments.orders (paid_at) where paid_at is not null`,
      `create sequence payments.receipt_seq`,
      // Every payment attempt (交易) the platform asked a provider for, and what the provider said.
      `create table payments.trades (
        trade_no text primary key,
        order_id uuid not null references payments.orders (id),
        provider text not null,
        amount_fen integer not null check (amount_fen > 0),
        status text not null check (status in ('pending', 'paid', 'failed')),
        created_at timestamptz not null,
        settled_at timestamptz,
        settled_by text check (settled_by in ('callback', 'query'))
      )`,
      `create index trades_order on payments.trades (order_id)`,
      // Callbacks as they arrived (the signature's verdict and what was done with each).
      `create table payments.callbacks (
        id uuid primary key,
        provider text not null,
        trade_no text,
        outcome text not null check (outcome in ('applied', 'duplicate', 'amount_mismatch', 'bad_signature', 'unknown_trade')),
        amount_fen integer,
        received_at timestamptz not null
      )`,
      // 对账: one run per provider and day; each mismatch until finance staff resolve it.
      `create table payments.reconciliations (
        id uuid primary key,
        provider text not null,
        day date not null,
        statement_count integer not null,
        order_count integer not null,
        mismatch_count integer not null,
        run_at timestamptz not null,
        unique (provider, day)
      )`,
      `create table payments.mismatches (
        id uuid primary key,
        provider text not null,
        day date not null,
        trade_no text not null,
        kind text not null check (kind in ('missing_at_provider', 'missing_on_platform', 'amount_differs', 'status_differs')),
        order_id uuid,
        order_number text,
        platform_amount_fen integer,
        provider_amount_fen integer,
        platform_status text,
        provider_status text,
        found_at timestamptz not null,
        resolved_at timestamptz,
        resolved_by uuid,
        resolution_note text,
        unique (provider, day, trade_no, kind)
      )`,
      `create index mismatches_open on payments.mismatches (found_at desc) where resolved_at is null`,
      // The sandbox provider's own ledger (its side of the money; a real provider keeps its own).
      `create table payments.sandbox_ledger (
        trade_no text primary key,
        merchant_order_no text not null,
        amount_fen integer not null,
        status text not null check (status in ('created', 'paid', 'failed', 'refunded')),
        page_token text not null,
        notify_path text not null,
        return_url text,
        subject text not null,
        created_at timestamptz not null,
        paid_at timestamptz,
        refunded_at timestamptz,
        refund_no text
      )`,
    ],
  },
];
