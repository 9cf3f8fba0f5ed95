/** Kysely types of the pipelines' tables (migrations/pipelines.ts). */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export type Schedule = 'hourly' | 'daily' | 'weekly' | 'monthly';
export type RunOutcome = 'published' | 'refused' | 'awaiting_review' | 'failed';
export type RunTrigger = 'schedule' | 'manual' | 'seed';

export interface PipelinesTables {
  'opendata.pipelines': {
    id: string;
    key: string;
    department_code: string;
    dataset_name: string;
    title: string;
    title_en: string;
    definition: Json<unknown>;
    schedule: Schedule;
    schema_hash: string;
    approved_schema_hash: string | null;
    approved_by: string | null;
    approved_at: Timestamp | null;
    paused: Generated<boolean>;
    next_run_at: Timestamp | null;
    created_at: Timestamp;
    updated_at: Timestamp;
    version: Generated<number>;
  };
  'opendata.pipeline_reviews': {
    id: string;
    pipeline_id: string;
    schema_hash: string;
    decision: 'approved' | 'rejected';
    note: string;
    reviewer_id: string;
    reviewer_name: string;
    reviewed_at: Timestamp;
  };
  'opendata.pipeline_runs': {
    id: string;
    pipeline_id: string;
    run_key: string;
    trigger: RunTrigger;
    outcome: RunOutcome;
    error_code: string | null;
    message: string | null;
    schema_hash: string;
    report: Json<unknown> | null;
    release_id: string | null;
    release_version: string | null;
    rows_published: number | null;
    records_in: number | null;
    started_at: Timestamp;
    finished_at: Timestamp;
    started_by: string | null;
  };
}
