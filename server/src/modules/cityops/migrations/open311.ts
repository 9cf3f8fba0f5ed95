import type { Migration } from '../../../platform/migrations.ts';

/** Frozen once shipped. The Open311 part of cityops (its own ids, after the core's). */
export const cityopsOpen311Migrations: Migration[] = [
  {
    id: '202612021810_cityops_open311',
    up: [
      `create schema if not exists cityops`,
      // API keys of Open311 clients (POST requests, POST servicerequestupdates): only a hash is kept.
      `create table cityops.open311_keys (
        id uuid primary key,
        region_code text not null,
        name text not null,
        contact text not null,
        key_prefix text not null,
        key_hash text not null unique,
        created_at timestamptz not null,
        created_by uuid not null,
        revoked_at timestamptz,
        revoked_by uuid,
        last_used_at timestamptz
      )`,
      `create index open311_keys_region on cityops.open311_keys (region_code, created_at desc)`,
    ],
  },
  {
    id: '202612030900_cityops_open311_updates',
    up: [
      // POST servicerequestupdates: each client's update_id once (per key), and the history entry it made.
      `create table cityops.open311_updates (
        key_id uuid not null references cityops.open311_keys (id),
        update_id text not null,
        event_update_id uuid not null unique references cityops.event_updates (id),
        updated_datetime timestamptz not null,
        media_url text,
        primary key (key_id, update_id)
      )`,
    ],
  },
  {
    id: '202612030910_cityops_open311_reads',
    up: [
      // GET requests with status=open or closed (the spec's two, over the event's six), newest
      // first: read in index order instead of filtering the newest of every state.
      `create index events_open311_open on cityops.events (opened_at desc)
        where status in ('open', 'dispatched', 'processing', 'returned')`,
      `create index events_open311_closed on cityops.events (opened_at desc) where status in ('closed', 'merged')`,
      // ... and with service_code too.
      `create index events_open311_service_open on cityops.events (category_code, opened_at desc)
        where status in ('open', 'dispatched', 'processing', 'returned')`,
      `create index events_open311_service_closed on cityops.events (category_code, opened_at desc)
        where status in ('closed', 'merged')`,
      // GET servicerequestupdates: the public history, newest first.
      `create index event_updates_public_at on cityops.event_updates (at desc, id desc) where public`,
    ],
  },
];
