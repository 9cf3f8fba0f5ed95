import type { Migration } from '../../../platform/migrations.ts';

/**
 * Frozen once shipped. Supervision of mini-apps: complaints about an app (decided by the app
 * reviewer; upheld ones count towards automatic suspension until a suspension spends them),
 * the usage events the bridge forwards from the SDK, and their daily roll-up (updated with each
 * batch, so figures never scan the events) with the day's distinct users.
 */
export const supervisionMigration: Migration = {
  id: '202612300030_superapp_supervision',
  up: [
    `create table superapp.complaints (
      id uuid primary key,
      app_id uuid not null references superapp.apps (id),
      account_id uuid not null,
      category text not null check (category in ('privacy', 'fraud', 'broken', 'content', 'other')),
      text text not null check (char_length(text) between 5 and 2000),
      status text not null check (status in ('open', 'upheld', 'dismissed')),
      decision_reason text,
      decided_by uuid,
      decided_at timestamptz,
      -- set on the upheld complaints an automatic suspension counted (they count only once)
      spent_at timestamptz,
      idempotency_key text not null,
      request_hash text not null,
      created_at timestamptz not null,
      unique (account_id, idempotency_key),
      check ((status = 'open') = (decided_at is null))
    )`,
    `create index complaints_open on superapp.complaints (created_at) where status = 'open'`,
    `create index complaints_app on superapp.complaints (app_id, created_at)`,
    `create index complaints_account on superapp.complaints (account_id, created_at)`,
    `create index complaints_unspent on superapp.complaints (app_id) where status = 'upheld' and spent_at is null`,
    `create table superapp.usage_events (
      id uuid primary key,
      app_id uuid not null references superapp.apps (id),
      account_id uuid,
      kind text not null check (kind in ('open', 'view', 'action', 'error')),
      name text not null,
      detail jsonb,
      day date not null,
      at timestamptz not null
    )`,
    `create index usage_events_app on superapp.usage_events (app_id, at)`,
    `create index usage_events_errors on superapp.usage_events (app_id, at) where kind = 'error'`,
    `create table superapp.usage_daily (
      app_id uuid not null references superapp.apps (id),
      day date not null,
      opens integer not null default 0,
      views integer not null default 0,
      actions integer not null default 0,
      errors integer not null default 0,
      users integer not null default 0,
      primary key (app_id, day)
    )`,
    // One row per app, day and user (an account, or an anonymous address's hash): the day's distinct users.
    `create table superapp.usage_daily_users (
      app_id uuid not null,
      day date not null,
      user_key text not null,
      primary key (app_id, day, user_key)
    )`,
  ],
};
