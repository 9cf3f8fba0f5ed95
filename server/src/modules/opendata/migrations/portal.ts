import type { Migration } from '../../../platform/migrations.ts';

/**
 * The portal's parts (opendata.portal*.ts): API keys for the live endpoints and their per-key
 * request counters, the live endpoints' rows (the latest release of each dataset, loaded after
 * it is published), requests for data not yet published, and the withdrawal of a dataset.
 * Frozen once shipped.
 */
export const portalMigrations: Migration[] = [
  {
    id: '202612031200_opendata_portal',
    up: [
      // An API key of a citizen (or of the enterprise they act for): only its SHA-256 is kept.
      `create table opendata.api_keys (
        id uuid primary key,
        account_id uuid not null,
        enterprise_id uuid,
        name text not null check (length(name) between 1 and 100),
        purpose text not null check (length(purpose) between 1 and 500),
        key_prefix text not null,
        key_hash text not null unique,
        created_at timestamptz not null,
        revoked_at timestamptz,
        revoked_by uuid,
        last_used_at timestamptz
      )`,
      `create index api_keys_account on opendata.api_keys (account_id, created_at desc)`,
      `create index api_keys_enterprise on opendata.api_keys (enterprise_id, created_at desc) where enterprise_id is not null`,
      // The rate limit's counter of each key (@fastify/rate-limit's store): requests in the current
      // window, and in all. One row a key, shared by every node.
      `create table opendata.api_key_usage (
        key_id uuid primary key references opendata.api_keys (id),
        window_start timestamptz not null,
        hits integer not null,
        total bigint not null
      )`,
      // The rows a dataset's live endpoint serves: those of one release (the newest loaded).
      `create table opendata.live_versions (
        dataset_id uuid primary key references opendata.datasets (id),
        version_id uuid not null references opendata.versions (id),
        columns text not null,
        row_count integer not null,
        loaded_at timestamptz not null
      )`,
      `create table opendata.live_rows (
        version_id uuid not null references opendata.versions (id),
        row_no integer not null,
        data jsonb not null,
        primary key (version_id, row_no)
      )`,
      `create index live_rows_data on opendata.live_rows using gin (data jsonb_path_ops)`,
      // A request for data not yet published (公共数据开放申请), for a department to answer or decline.
      `create table opendata.requests (
        id uuid primary key,
        account_id uuid not null,
        enterprise_id uuid,
        enterprise_name text,
        client_key text,
        department_code text not null,
        title text not null check (length(title) between 1 and 100),
        description text not null check (length(description) between 1 and 2000),
        purpose text not null check (length(purpose) between 1 and 1000),
        status text not null check (status in ('submitted', 'answered', 'declined')),
        answer text,
        dataset_name text,
        answered_by uuid,
        answered_at timestamptz,
        created_at timestamptz not null,
        unique (account_id, client_key)
      )`,
      `create index requests_department on opendata.requests (department_code, status, created_at desc)`,
      `create index requests_account on opendata.requests (account_id, created_at desc)`,
      // Withdrawal (撤回): when, by whom and why.
      `alter table opendata.datasets add column withdrawn_at timestamptz`,
      `alter table opendata.datasets add column withdrawn_by uuid`,
      `alter table opendata.datasets add column withdrawal_reason text`,
    ],
  },
];
