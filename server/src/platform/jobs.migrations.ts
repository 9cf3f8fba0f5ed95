import type { Migration } from './migrations.ts';

/** Frozen. The durable job table (platform/jobs.ts); add new migrations below, never edit one that has shipped. */
export const jobsMigrations: Migration[] = [
  {
    id: '202611260001_platform_jobs',
    up: [
      `create schema if not exists platform`,
      `create table platform.jobs (
        id uuid primary key,
        kind text not null,
        key text,
        payload jsonb not null default '{}'::jsonb,
        region_code text,
        run_at timestamptz not null,
        attempts integer not null default 0,
        max_attempts integer not null default 5,
        locked_until timestamptz,
        lease_token uuid,
        done_at timestamptz,
        failed_at timestamptz,
        last_error text,
        created_at timestamptz not null,
        constraint jobs_key unique (key),
        constraint jobs_max_attempts check (max_attempts >= 1)
      )`,
      `create index jobs_due on platform.jobs (run_at) where done_at is null and failed_at is null`,
      `create index jobs_failed on platform.jobs (failed_at) where failed_at is not null`,
    ],
  },
];
