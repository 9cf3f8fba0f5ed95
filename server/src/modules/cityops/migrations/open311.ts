import type { Migration } from '../../../platform/migrations.ts';

/** Frozen. The Open311 part of cityops (its own ids, after the core's). */
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
];
