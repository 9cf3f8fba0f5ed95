import type { Migration } from '../../../platform/migrations.ts';

/** Frozen. The cityops core: categories, events, their history and followers. */
export const coreMigration: Migration = {
  id: '202612021800_cityops_core',
  up: [
    `create schema if not exists cityops`,
    // 事件分类: also the Open311 service list (code = service_code).
    `create table cityops.categories (
      code text primary key check (code ~ '^[a-z0-9][a-z0-9-]{1,63}$'),
      name text not null,
      name_en text not null,
      group_name text not null,
      group_name_en text not null,
      description text not null default '',
      description_en text not null default '',
      department_code text not null,
      urgent boolean not null default false,
      time_limit jsonb not null,
      anonymous_allowed boolean not null default false,
      keywords text[] not null default '{}',
      attributes jsonb not null default '[]',
      sensor_type text,
      active boolean not null default true
    )`,
    // Event numbers: SJ + yyyymmdd + the next 6 digits of this sequence (no row every writer waits on).
    `create sequence cityops.event_number_seq`,
    `create table cityops.events (
      id uuid primary key,
      number text not null unique,
      region_code text not null,
      source text not null check (source in ('citizen', 'hotline', 'open311', 'sensor', 'patrol')),
      category_code text not null references cityops.categories (code),
      description text not null,
      lat double precision,
      lng double precision,
      address text,
      community_id uuid,
      grid_id uuid,
      department_id uuid,
      co_department_ids uuid[] not null default '{}',
      status text not null check (status in ('open', 'dispatched', 'processing', 'closed', 'merged', 'returned')),
      urgent boolean not null default false,
      deadline_at timestamptz,
      reporter_account_id uuid,
      anonymous boolean not null default false,
      contact_name_enc text,
      contact_phone_enc text,
      contact_email_enc text,
      contact_phone_bidx text,
      photos jsonb not null default '[]',
      close_note text,
      close_photos jsonb not null default '[]',
      closed_at timestamptz,
      closed_by uuid,
      merged_into uuid references cityops.events (id),
      rating smallint check (rating between 1 and 5),
      rating_comment text,
      reopen_until timestamptz,
      external_ref text,
      token text unique,
      idempotency_key text,
      opened_at timestamptz not null,
      updated_at timestamptz not null,
      version integer not null default 1
    )`,
    // Retries of a submission are harmless: one event per reporter (or system source) and key.
    `create unique index events_idempotency on cityops.events
      (coalesce(reporter_account_id::text, source), idempotency_key) where idempotency_key is not null`,
    `create index events_region on cityops.events (region_code, status, opened_at desc)`,
    `create index events_region_opened on cityops.events (region_code, opened_at desc)`,
    `create index events_grid on cityops.events (grid_id, status, deadline_at) where grid_id is not null`,
    `create index events_department on cityops.events (department_id, status, deadline_at) where department_id is not null`,
    `create index events_co_departments on cityops.events using gin (co_department_ids)`,
    `create index events_opened on cityops.events (opened_at desc, id)`,
    `create index events_status_opened on cityops.events (status, opened_at desc)`,
    `create index events_category_opened on cityops.events (category_code, opened_at desc)`,
    `create index events_reporter on cityops.events (reporter_account_id, opened_at desc) where reporter_account_id is not null`,
    `create index events_phone on cityops.events (contact_phone_bidx) where contact_phone_bidx is not null`,
    `create index events_external_ref on cityops.events (source, external_ref) where external_ref is not null`,
    // An event's history (append-only): what the reporter and Open311 see when public.
    `create table cityops.event_updates (
      id uuid primary key,
      event_id uuid not null references cityops.events (id),
      at timestamptz not null,
      kind text not null check (kind in ('opened', 'dispatched', 'reassigned', 'returned', 'escalated', 'co_assigned',
        'accepted', 'note', 'closed', 'rated', 'reopened', 'merged')),
      status_after text not null,
      actor_account_id uuid,
      note text,
      photos jsonb not null default '[]',
      public boolean not null default true
    )`,
    `create index event_updates_event on cityops.event_updates (event_id, at)`,
    `create index event_updates_at on cityops.event_updates (at)`,
    `create trigger event_updates_append_only before update or delete on cityops.event_updates
      for each row execute function platform.refuse_change()`,
    `create trigger event_updates_no_truncate before truncate on cityops.event_updates
      for each statement execute function platform.refuse_change()`,
    `create table cityops.followers (
      event_id uuid not null references cityops.events (id),
      account_id uuid not null,
      since timestamptz not null,
      primary key (event_id, account_id)
    )`,
    `create index followers_account on cityops.followers (account_id, event_id)`,
  ],
};
