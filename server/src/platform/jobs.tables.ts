/** The durable job table of the platform schema (platform/jobs.ts, jobs.migrations.ts). */
import type { ColumnType } from 'kysely';

type Json = ColumnType<unknown, string, string>;

export interface PlatformJobsTables {
  'platform.jobs': {
    id: string;
    kind: string;
    /** Idempotency key: unique when set. */
    key: string | null;
    payload: Json;
    region_code: string | null;
    run_at: Date;
    attempts: ColumnType<number, number | undefined, number>;
    max_attempts: number;
    /** A claim's lease: until then no other runner takes the job. */
    locked_until: Date | null;
    /** Which claim holds the lease: only that claim may finish the job. */
    lease_token: string | null;
    done_at: Date | null;
    failed_at: Date | null;
    last_error: string | null;
    created_at: Date;
  };
}
