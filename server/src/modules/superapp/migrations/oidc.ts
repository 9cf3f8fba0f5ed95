import type { Migration } from '../../../platform/migrations.ts';

/**
 * Frozen once shipped. The OpenID Connect provider's storage (oidc-provider's models, keyed by
 * the SHA-256 of their ids), its per-deployment secrets (sealed), and the scopes of each app
 * consent (the consent itself is the exchange's record).
 */
export const oidcMigration: Migration = {
  id: '202612300020_superapp_oidc',
  up: [
    `create table superapp.oidc_payloads (
      model text not null,
      id_hash text not null,
      payload jsonb not null,
      grant_id text,
      uid text,
      account_id text,
      expires_at timestamptz,
      consumed_at timestamptz,
      primary key (model, id_hash)
    )`,
    `create index oidc_payloads_grant on superapp.oidc_payloads (grant_id) where grant_id is not null`,
    `create index oidc_payloads_uid on superapp.oidc_payloads (uid) where uid is not null`,
    `create index oidc_payloads_expiry on superapp.oidc_payloads (expires_at) where expires_at is not null`,
    `create table superapp.oidc_keys (
      id text primary key,
      kind text not null check (kind in ('signing', 'cookies', 'pairwise')),
      public_jwk jsonb,
      sealed text not null,
      created_at timestamptz not null,
      retired_at timestamptz
    )`,
    `create table superapp.oidc_consents (
      consent_id uuid primary key,
      app_id uuid not null references superapp.apps (id),
      account_id uuid not null,
      scopes text[] not null,
      acting_enterprise_id uuid,
      at timestamptz not null
    )`,
    `create index oidc_consents_account on superapp.oidc_consents (account_id, app_id)`,
  ],
};
