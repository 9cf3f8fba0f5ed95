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
  {
    // Enterprise takeover (issue 8): an ID number no longer belongs to whoever typed it first.
    // Unverified accounts may share one; among verified, unfrozen accounts it is unique. An
    // account whose ID number its owner verified is frozen. Links to an enterprise that the
    // new rule would not make (an unverified legal representative, or one whose name is not
    // the registry's) are revoked, with the agents such a legal representative authorised.
    id: '202612100010_identity_verified_links',
    up: [
      `alter table identity.accounts drop constraint accounts_status_check`,
      `alter table identity.accounts add constraint accounts_status_check
        check (status in ('active', 'disabled', 'frozen'))`,
      `alter table identity.accounts drop constraint accounts_id_number_index_key`,
      `create index accounts_id_number on identity.accounts (id_number_index)`,
      `create unique index accounts_id_number_verified on identity.accounts (id_number_index)
        where assurance_level <> 'registered' and status <> 'frozen'`,
      `create index enterprise_agents_granted_by on identity.enterprise_agents (granted_by) where revoked_at is null`,
      `update identity.enterprise_agents ea set revoked_at = now()
        where ea.revoked_at is null and ea.relation = 'agent' and exists (
          select 1 from identity.accounts a join identity.enterprises e on e.id = ea.enterprise_id
          where a.id = ea.granted_by and (a.assurance_level = 'registered' or a.display_name <> e.legal_rep_name))`,
      `update identity.enterprise_agents ea set revoked_at = now()
        where ea.revoked_at is null and ea.relation = 'legal_rep' and exists (
          select 1 from identity.accounts a join identity.enterprises e on e.id = ea.enterprise_id
          where a.id = ea.account_id and (a.assurance_level = 'registered' or a.display_name <> e.legal_rep_name))`,
    ],
  },
  {
    // Account recovery (issue 8): one-time codes sent to a phone (registration, forgotten
    // password), stored as a keyed hash; a staff member whose password and second factor the
    // security admin reset must set a new password at the next sign-in (a second challenge).
    id: '202612100030_identity_recovery',
    up: [
      `create table identity.one_time_codes (
        id uuid primary key,
        purpose text not null check (purpose in ('register', 'recover')),
        phone_index text not null,
        account_id uuid references identity.accounts (id),
        code_hash text not null,
        created_at timestamptz not null,
        expires_at timestamptz not null,
        used_at timestamptz,
        attempts integer not null default 0 check (attempts >= 0),
        ip text
      )`,
      `create index one_time_codes_phone on identity.one_time_codes (phone_index, purpose, created_at desc)`,
      `alter table identity.accounts add column password_must_change boolean not null default false`,
      `alter table identity.login_challenges add column purpose text not null default 'totp'
        check (purpose in ('totp', 'new_password'))`,
    ],
  },
];
