import type { Migration } from '../../../platform/migrations.ts';

/** Publishing pipelines (opendata.pipelines*.ts). Frozen once shipped. */
export const pipelinesMigrations: Migration[] = [
  {
    id: '202612031100_opendata_pipelines',
    up: [
      // A pipeline is data: its query, its de-identification spec and its schedule (`definition`),
      // the hash of the output schema they give, and the hash its data officer last approved.
      `create table opendata.pipelines (
        id uuid primary key,
        key text not null unique check (key ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
        department_code text not null,
        dataset_name text not null,
        title text not null,
        title_en text not null,
        definition jsonb not null,
        schedule text not null check (schedule in ('hourly', 'daily', 'weekly', 'monthly')),
        schema_hash text not null,
        approved_schema_hash text,
        approved_by uuid,
        approved_at timestamptz,
        paused boolean not null default false,
        next_run_at timestamptz,
        created_at timestamptz not null,
        updated_at timestamptz not null,
        version integer not null default 1
      )`,
      `create index pipelines_department on opendata.pipelines (department_code, key)`,
      // Each review by the department's data officer, for one output schema: append-only.
      `create table opendata.pipeline_reviews (
        id uuid primary key,
        pipeline_id uuid not null references opendata.pipelines (id),
        schema_hash text not null,
        decision text not null check (decision in ('approved', 'rejected')),
        note text not null,
        reviewer_id uuid not null,
        reviewer_name text not null,
        reviewed_at timestamptz not null
      )`,
      `create index pipeline_reviews_pipeline on opendata.pipeline_reviews (pipeline_id, reviewed_at desc)`,
      `create trigger pipeline_reviews_append_only before update or delete on opendata.pipeline_reviews
        for each row execute function platform.refuse_change()`,
      `create trigger pipeline_reviews_no_truncate before truncate on opendata.pipeline_reviews
        for each statement execute function platform.refuse_change()`,
      // Each run: published (with the catalogue's release), refused (with the report that failed),
      // held for review (the output schema changed), or failed. run_key makes a scheduled slot run once.
      `create table opendata.pipeline_runs (
        id uuid primary key,
        pipeline_id uuid not null references opendata.pipelines (id),
        run_key text not null unique,
        trigger text not null check (trigger in ('schedule', 'manual', 'seed')),
        outcome text not null check (outcome in ('published', 'refused', 'awaiting_review', 'failed')),
        error_code text,
        message text,
        schema_hash text not null,
        report jsonb,
        release_id uuid,
        release_version text,
        rows_published bigint,
        records_in bigint,
        started_at timestamptz not null,
        finished_at timestamptz not null,
        started_by uuid
      )`,
      `create index pipeline_runs_pipeline on opendata.pipeline_runs (pipeline_id, started_at desc)`,
    ],
  },
];
