import type { Migration } from '../../../platform/migrations.ts';

/**
 * Frozen once shipped. The mini-app registry: an app (one per organisation's service, its OIDC
 * client) and its manifest versions, each reviewed; the live version is the last approved one.
 */
export const registryMigration: Migration = {
  id: '202612300010_superapp_registry',
  up: [
    `create schema if not exists superapp`,
    `create table superapp.apps (
      id uuid primary key,
      slug text not null unique check (slug ~ '^[a-z][a-z0-9-]{2,39}$'),
      client_id text not null unique,
      owner_uscc text not null,
      owner_name text not null,
      -- who may sign in to it: residents (the super app) or staff (department systems, SSO with TOTP)
      audience text not null default 'citizen' check (audience in ('citizen', 'staff')),
      status text not null check (status in ('in_review', 'approved', 'rejected', 'suspended', 'taken_down')),
      status_reason text,
      live_version integer,
      created_by uuid,
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`,
    `create index apps_owner on superapp.apps (owner_uscc)`,
    `create table superapp.app_versions (
      app_id uuid not null references superapp.apps (id),
      version integer not null check (version > 0),
      manifest jsonb not null,
      status text not null check (status in ('in_review', 'approved', 'rejected', 'superseded')),
      pre_review jsonb,
      submitted_by uuid,
      submitted_at timestamptz not null,
      decided_by uuid,
      decided_at timestamptz,
      reason text,
      primary key (app_id, version)
    )`,
    `create index app_versions_in_review on superapp.app_versions (submitted_at) where status = 'in_review'`,
    // What each app obtained about whom (claims released at the token and userinfo endpoints), under which
    // consent: the app's supervision reads it; the person's data tracker reads the access log's copy.
    `create table superapp.releases (
      id uuid primary key,
      app_id uuid not null references superapp.apps (id),
      account_id uuid not null,
      claims text[] not null,
      consent_id uuid,
      via text not null check (via in ('id_token', 'userinfo', 'introspection')),
      at timestamptz not null
    )`,
    `create index releases_app on superapp.releases (app_id, at)`,
    `create index releases_account on superapp.releases (account_id, at)`,
  ],
};
