import type { Migration } from '../../../platform/migrations.ts';
import { exchangeSystemsMigrations } from './systems.ts';
import { rosterMigrations } from './roster.ts';
import { trackerMigrations } from './tracker.ts';

/** Frozen. Add new migrations below; never edit one that has shipped. */
export const exchangeMigrations: Migration[] = [
  {
    id: '202612020400_exchange_core',
    up: [
      `create schema if not exists exchange`,
      // The registry catalogue: owner, whose records, and the current schema version.
      `create table exchange.registries (
        code text primary key,
        owner_department_code text not null,
        name text not null,
        name_en text not null,
        subjects text[] not null,
        schema_version integer not null,
        updated_at timestamptz not null
      )`,
      // Every version's fields with their sensitivity class (a record names the version it was written under).
      `create table exchange.registry_fields (
        registry_code text not null references exchange.registries (code),
        version integer not null,
        key text not null,
        label text not null,
        label_en text not null,
        sensitivity text not null check (sensitivity in ('public', 'internal', 'personal', 'sensitive')),
        primary key (registry_code, version, key)
      )`,
      // Registry records: the values sealed, found by the subject's blind index.
      `create table exchange.records (
        id uuid primary key,
        registry_code text not null references exchange.registries (code),
        record_type text not null,
        subject_kind text not null check (subject_kind in ('person', 'enterprise')),
        subject_enc text not null,
        subject_index text not null,
        version integer not null,
        data_enc text not null,
        digest text not null,
        issued_at timestamptz not null,
        updated_at timestamptz not null
      )`,
      `create index records_subject on exchange.records (subject_index, registry_code, record_type)`,
      // Sharing grants (共享授权): the owner lets a department, a service item or an external system read named fields.
      `create table exchange.grants (
        id uuid primary key,
        registry_code text not null references exchange.registries (code),
        grantee_department_code text,
        grantee_item_code text,
        grantee_system_id text,
        fields text[] not null,
        purpose text not null,
        legal_basis text not null,
        statutory boolean not null,
        starts_at timestamptz not null,
        ends_at timestamptz,
        revoked_at timestamptz,
        revoked_by uuid,
        granted_by uuid,
        created_at timestamptz not null,
        check (num_nonnulls(grantee_department_code, grantee_item_code, grantee_system_id) = 1),
        check (ends_at is null or ends_at > starts_at)
      )`,
      `create index grants_registry on exchange.grants (registry_code) where revoked_at is null`,
      // Consents (授权同意): versioned per subject, item and purpose; withdrawn, never deleted.
      `create table exchange.consents (
        id uuid primary key,
        subject_kind text not null check (subject_kind in ('person', 'enterprise')),
        subject_index text not null,
        account_id uuid not null,
        enterprise_id uuid,
        item_code text not null,
        purpose text not null,
        fields text[] not null,
        version integer not null,
        given_at timestamptz not null,
        withdrawn_at timestamptz,
        unique (subject_index, item_code, purpose, version)
      )`,
      `create index consents_subject on exchange.consents (subject_index, item_code) where withdrawn_at is null`,
      `create index consents_account on exchange.consents (account_id, given_at desc)`,
    ],
  },
  // The data tracker (helper 3): its keyset index and law enforcement's hidings.
  ...trackerMigrations,
  // The community roster moves here from org.
  ...rosterMigrations,
  // External systems (helper 4).
  ...exchangeSystemsMigrations,
  {
    id: '202612160010_exchange_record_status',
    up: [
      // A record's standing (an issued certificate revoked or suspended by its issuer): kept in the
      // clear beside the sealed values, which (and whose digest, kept by earlier cases' evidence) do not change.
      `alter table exchange.records add column status text not null default 'valid'
        check (status in ('valid', 'suspended', 'revoked'))`,
      `alter table exchange.records add column status_changed_at timestamptz`,
    ],
  },
];
