import type { Migration } from '../../../platform/migrations.ts';

/** Frozen. Add new migrations below; never edit one that has shipped. */
export const identityMigrations: Migration[] = [
  {
    id: '202611250010_identity_accounts',
    up: [
      `create schema if not exists identity`,
      `create table identity.accounts (
        id uuid primary key,
        kind text not null check (kind in ('citizen', 'staff')),
        username text unique check (username = lower(username)),
        display_name text not null,
        id_number_enc text,
        id_number_index text unique,
        phone_enc text,
        phone_index text unique,
        password_hash text,
        password_changed_at timestamptz,
        status text not null default 'active' check (status in ('active', 'disabled')),
        assurance_level text not null default 'registered' check (assurance_level in ('registered', 'id_verified', 'in_person')),
        totp_secret_enc text,
        totp_enabled boolean not null default false,
        totp_last_step bigint,
        region_code text not null,
        created_at timestamptz not null,
        updated_at timestamptz not null,
        check (kind <> 'citizen' or id_number_index is not null),
        check (kind <> 'staff' or username is not null)
      )`,
      `create table identity.account_roles (
        account_id uuid not null references identity.accounts (id),
        role text not null check (role in ('citizen', 'enterprise_agent', 'system_admin', 'security_admin', 'auditor')),
        granted_at timestamptz not null,
        granted_by uuid,
        primary key (account_id, role)
      )`,
      // 三员分立 held by the database too: at most one of the three separated roles per account.
      `create unique index account_roles_separated on identity.account_roles (account_id)
        where role in ('system_admin', 'security_admin', 'auditor')`,
      `create table identity.sessions (
        id uuid primary key,
        token_hash text not null unique,
        account_id uuid not null references identity.accounts (id),
        csrf_token text not null,
        created_at timestamptz not null,
        last_seen_at timestamptz not null,
        expires_at timestamptz not null,
        revoked_at timestamptz,
        revoke_reason text,
        ip text,
        user_agent text,
        acting_enterprise_id uuid
      )`,
      `create index sessions_account on identity.sessions (account_id) where revoked_at is null`,
      `create table identity.login_challenges (
        id uuid primary key,
        token_hash text not null unique,
        account_id uuid not null references identity.accounts (id),
        created_at timestamptz not null,
        expires_at timestamptz not null,
        used_at timestamptz,
        failures integer not null default 0,
        ip text,
        user_agent text
      )`,
      `create table identity.login_throttle (
        key text primary key,
        failures integer not null,
        window_started_at timestamptz not null,
        locked_until timestamptz
      )`,
      `create table identity.enterprises (
        id uuid primary key,
        uscc text not null unique,
        name text not null,
        name_en text,
        region_code text not null,
        industry text,
        registered_on date,
        address_enc text,
        legal_rep_name text not null,
        legal_rep_id_index text not null,
        status text not null default 'active' check (status in ('active', 'deregistered')),
        created_at timestamptz not null
      )`,
      `create index enterprises_legal_rep on identity.enterprises (legal_rep_id_index)`,
      `create table identity.enterprise_agents (
        enterprise_id uuid not null references identity.enterprises (id),
        account_id uuid not null references identity.accounts (id),
        relation text not null check (relation in ('legal_rep', 'agent')),
        granted_by uuid,
        granted_at timestamptz not null,
        valid_until timestamptz,
        revoked_at timestamptz,
        primary key (enterprise_id, account_id)
      )`,
      `create index enterprise_agents_account on identity.enterprise_agents (account_id)`,
    ],
  },
];
