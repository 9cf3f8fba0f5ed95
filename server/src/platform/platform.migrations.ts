import type { Migration } from './migrations.ts';

/** Frozen. Add new migrations below; never edit one that has shipped. */
export const platformMigrations: Migration[] = [
  {
    id: '202611250001_platform_audit_outbox',
    up: [
      `create schema if not exists platform`,
      `create table platform.audit_log (
        id uuid primary key,
        at timestamptz not null,
        actor_id uuid,
        actor_kind text not null,
        action text not null,
        resource_type text not null,
        resource_id text,
        region_code text,
        request_id text,
        ip text,
        change_hash text not null,
        detail jsonb not null default '{}'::jsonb
      )`,
      `create index audit_log_at on platform.audit_log (at)`,
      `create index audit_log_actor on platform.audit_log (actor_id, at)`,
      `create index audit_log_resource on platform.audit_log (resource_type, resource_id, at)`,
      `create index audit_log_action on platform.audit_log (action, at)`,
      // The audit trail is append-only, whoever connects (DESIGN.md §3.15). A separate
      // application role without UPDATE/DELETE is the production setting; this trigger
      // holds on PGlite and on a single-role PostgreSQL too.
      `create function platform.refuse_change() returns trigger language plpgsql as $$
        begin
          raise exception 'table %.% is append-only', tg_table_schema, tg_table_name using errcode = '42501';
        end $$`,
      `create trigger audit_log_append_only before update or delete on platform.audit_log
        for each row execute function platform.refuse_change()`,
      `create trigger audit_log_no_truncate before truncate on platform.audit_log
        for each statement execute function platform.refuse_change()`,
      `create table platform.outbox (
        id uuid primary key,
        topic text not null,
        payload jsonb not null,
        region_code text,
        request_id text,
        created_at timestamptz not null,
        available_at timestamptz not null,
        delivered_at timestamptz,
        attempts integer not null default 0,
        last_error text
      )`,
      `create index outbox_pending on platform.outbox (available_at) where delivered_at is null`,
      `create table platform.personal_data_access (
        id uuid primary key,
        at timestamptz not null,
        subject_index text not null,
        accessor_id uuid not null,
        accessor_name text not null,
        organisation text,
        purpose text not null,
        fields text[] not null,
        resource_type text not null,
        resource_id text,
        request_id text
      )`,
      `create index personal_data_access_subject on platform.personal_data_access (subject_index, at)`,
    ],
  },
];
