/**
 * Durable jobs (DESIGN.md §4): work to do at a given time, kept in `platform.jobs` so a
 * restart loses no timer (deadline reminders, escalation when a time limit passes, expiry).
 *
 * - `scheduleJob` writes in the caller's transaction, like `insertEvent`: a job exists only if
 *   the change that wanted it commits. A `key` makes scheduling idempotent.
 * - `JobRunner` claims due jobs with FOR UPDATE SKIP LOCKED and a lease, so any number of nodes
 *   can work the same table; handlers run after the claim commits (they may open their own
 *   transactions; PGlite has one connection), at least once: a job whose runner died is taken
 *   again when its lease ends. Failures retry with exponential backoff up to `max_attempts`.
 * - Handlers must be idempotent and re-check the state they act on (the case may have been
 *   completed since the job was scheduled; `cancelJob` removes a pending job but cannot stop
 *   a handler already running).
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Logger } from 'pino';
import type { Clock } from './clock.ts';
import { scoped, type LaterInserts } from './db.ts';
import { uuidv7 } from './ids.ts';
import type { PlatformJobsTables } from './jobs.tables.ts';
import { Poller } from './poller.ts';

export interface Job<P = unknown> {
  id: string;
  kind: string;
  key: string | null;
  payload: P;
  regionCode: string | null;
  /** When the job was due (for a retry: when the retry was due). */
  runAt: Date;
  /** Attempts started so far, this one included (1 on the first run). */
  attempts: number;
  maxAttempts: number;
  createdAt: Date;
}

export type JobHandler<P = unknown> = (job: Job<P>) => Promise<void>;

export interface NewJob {
  /** What to do: `<module>.<what>`, e.g. `applications.deadline-warning`. */
  kind: string;
  /** Idempotency key (e.g. `case-deadline:<caseId>`): at most one job per key. */
  key?: string | null;
  payload: unknown;
  runAt: Date;
  regionCode?: string | null;
  /** Attempts before the job is marked failed (default 5). */
  maxAttempts?: number;
  /**
   * When a job with this key exists: `false` (default) keeps it as it is; `true` reschedules it
   * with these values (kind, payload, run time, attempts reset), even if it was done or failed.
   */
  replace?: boolean;
}

export interface ScheduledJob {
  id: string;
  /** `created`: a new job; `existing`: the key was taken and the job kept; `replaced`: the keyed job was rescheduled. */
  status: 'created' | 'existing' | 'replaced';
}

const DEFAULT_MAX_ATTEMPTS = 5;
const MAX_ERROR_LENGTH = 4_000;

/** Schedule a job inside the caller's transaction. `at` is the time of the command (created_at). */
/**
 * The platform.jobs row of a new job. A command that need not know whether a job with the
 * same key existed inserts it with its other rows (`Work.insertLater`, on conflict (key) do
 * nothing), as scheduleJob does without `replace`.
 */
export function jobRow(job: NewJob, at: Date) {
  const maxAttempts = job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1)
    throw new RangeError(`maxAttempts must be a positive integer, got ${maxAttempts}`);
  if (Number.isNaN(job.runAt.getTime())) throw new RangeError('runAt must be a valid Date');
  return {
    id: uuidv7(at.getTime()),
    kind: job.kind,
    key: job.key ?? null,
    payload: JSON.stringify(job.payload ?? null),
    region_code: job.regionCode ?? null,
    run_at: job.runAt,
    attempts: 0,
    max_attempts: maxAttempts,
    locked_until: null,
    lease_token: null,
    done_at: null,
    failed_at: null,
    last_error: null,
    created_at: at,
  };
}

/**
 * Schedule a job with the command's audit records and events, in one statement when the
 * command ends; a job with the same key already there is kept (as scheduleJob without
 * `replace`, whose answer the caller does not need).
 */
export function scheduleJobLater(w: LaterInserts, job: NewJob, at: Date): void {
  w.insertLater('platform.jobs', jobRow(job, at), { onConflictDoNothing: 'key' });
}

export async function scheduleJob(
  tx: Transaction<object> | Kysely<object>,
  job: NewJob,
  at: Date,
): Promise<ScheduledJob> {
  const db = scoped<PlatformJobsTables>(tx);
  const row = jobRow(job, at);
  const { id, key, payload, region_code: regionCode, max_attempts: maxAttempts } = row;
  const insert = db.insertInto('platform.jobs').values(row);
  if (key === null) {
    await insert.execute();
    return { id, status: 'created' };
  }
  if (job.replace) {
    // A runner holding the job keeps its lease (no second copy runs meanwhile) but loses its
    // token, so it cannot mark the rescheduled job done; it releases the lease when it finishes.
    const row = await insert
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          kind: job.kind,
          payload,
          region_code: regionCode,
          run_at: job.runAt,
          attempts: 0,
          max_attempts: maxAttempts,
          lease_token: null,
          done_at: null,
          failed_at: null,
          last_error: null,
        }),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id, status: row.id === id ? 'created' : 'replaced' };
  }
  const inserted = await insert
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return { id, status: 'created' };
  const existing = await db.selectFrom('platform.jobs').select('id').where('key', '=', key).executeTakeFirstOrThrow();
  return { id: existing.id, status: 'existing' };
}

/** Remove the pending (not done, not failed) job with this key, in the caller's transaction. True if one was removed. */
export async function cancelJob(tx: Transaction<object> | Kysely<object>, key: string): Promise<boolean> {
  const res = await scoped<PlatformJobsTables>(tx)
    .deleteFrom('platform.jobs')
    .where('key', '=', key)
    .where('done_at', 'is', null)
    .where('failed_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

export interface JobRunnerOptions {
  /** How long a claim holds a job before another runner may take it (default 5 minutes). Longer than any handler runs. */
  leaseMs?: number;
  /** Jobs claimed at once (default 20). */
  batchSize?: number;
  /** Delay before the first retry; doubles with each attempt (default 10 s). */
  baseBackoffMs?: number;
  /** Longest delay between retries (default 1 hour). */
  maxBackoffMs?: number;
}

interface Claimed {
  id: string;
  kind: string;
  key: string | null;
  payload: unknown;
  region_code: string | null;
  run_at: Date;
  attempts: number;
  max_attempts: number;
  locked_until: Date | null;
  created_at: Date;
}

const describeError = (err: unknown): string => {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
};

export class JobRunner {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly db: Kysely<PlatformJobsTables>;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly leaseMs: number;
  private readonly batchSize: number;
  private readonly baseBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly poller = new Poller(
    () => this.runDue(),
    (err) => this.log.error({ err }, 'job run failed'),
  );

  constructor(db: Kysely<object>, clock: Clock, log: Logger, opts: JobRunnerOptions = {}) {
    this.db = scoped<PlatformJobsTables>(db);
    this.clock = clock;
    this.log = log;
    this.leaseMs = opts.leaseMs ?? 5 * 60_000;
    this.batchSize = opts.batchSize ?? 20;
    this.baseBackoffMs = opts.baseBackoffMs ?? 10_000;
    this.maxBackoffMs = opts.maxBackoffMs ?? 60 * 60_000;
  }

  /** One handler per kind. A runner only claims kinds it has a handler for. */
  register<P = unknown>(kind: string, handler: JobHandler<P>): void {
    if (this.handlers.has(kind)) throw new Error(`A handler for job kind ${kind} is already registered`);
    this.handlers.set(kind, handler as JobHandler);
  }

  /** Poll for due jobs every `pollMs`. */
  start(pollMs = 1_000): void {
    this.poller.start(pollMs);
  }

  /** Run due jobs soon. Coalesces: at most one run of the poll loop at a time. */
  kick(): void {
    this.poller.kick();
  }

  /** Run due jobs until none is left, waiting for a run in progress first (tests, shutdown). */
  flush(): Promise<void> {
    return this.poller.flush();
  }

  /** Stop polling and wait for the jobs being run to finish. */
  stop(): Promise<void> {
    return this.poller.stop();
  }

  /** Claim and run every job due now; returns how many handlers were run (succeeded or not). */
  async runDue(): Promise<number> {
    let ran = 0;
    for (;;) {
      const claimed = await this.claim();
      for (const row of claimed) if (await this.runOne(row)) ran++;
      if (claimed.length < this.batchSize) return ran;
    }
  }

  private async claim(): Promise<(Claimed & { token: string })[]> {
    const kinds = [...this.handlers.keys()];
    if (kinds.length === 0) return [];
    const now = this.clock.now();
    const token = uuidv7(now.getTime());
    const rows = await this.db.transaction().execute(async (tx) => {
      const due = await tx
        .selectFrom('platform.jobs')
        .select('id')
        .where('done_at', 'is', null)
        .where('failed_at', 'is', null)
        .where('run_at', '<=', now)
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
        .where('kind', 'in', kinds)
        .orderBy('run_at')
        .orderBy('id')
        .limit(this.batchSize)
        .forUpdate()
        .skipLocked()
        .execute();
      if (due.length === 0) return [];
      return tx
        .updateTable('platform.jobs')
        .set({
          locked_until: new Date(now.getTime() + this.leaseMs),
          lease_token: token,
          attempts: sql<number>`attempts + 1`,
        })
        .where(
          'id',
          'in',
          due.map((d) => d.id),
        )
        .returning([
          'id',
          'kind',
          'key',
          'payload',
          'region_code',
          'run_at',
          'attempts',
          'max_attempts',
          'locked_until',
          'created_at',
        ])
        .execute();
    });
    rows.sort((a, b) => a.run_at.getTime() - b.run_at.getTime() || (a.id < b.id ? -1 : 1));
    return rows.map((r) => ({ ...r, token }));
  }

  /** Run one claimed job; false when it was not run (lease lapsed, or abandoned too often). */
  private async runOne(row: Claimed & { token: string }): Promise<boolean> {
    const handler = this.handlers.get(row.kind);
    if (!handler) return false;
    if (row.locked_until && this.clock.now().getTime() >= row.locked_until.getTime()) {
      // Earlier jobs of the batch took the whole lease: another runner may hold this one now.
      this.log.warn({ jobId: row.id, kind: row.kind }, 'job lease lapsed before it started; left for the next claim');
      return false;
    }
    if (row.attempts > row.max_attempts) {
      // Every attempt so far was claimed and never finished (the runner died, or the handler ran past its lease).
      await this.finish(row, {
        failed_at: this.clock.now(),
        last_error: `abandoned: ${row.attempts - 1} attempts claimed without finishing`,
      });
      this.log.error(
        { jobId: row.id, kind: row.kind, attempts: row.attempts - 1 },
        'job abandoned too often; marked failed',
      );
      return false;
    }
    const job: Job = {
      id: row.id,
      kind: row.kind,
      key: row.key,
      payload: row.payload,
      regionCode: row.region_code,
      runAt: row.run_at,
      attempts: row.attempts,
      maxAttempts: row.max_attempts,
      createdAt: row.created_at,
    };
    try {
      await handler(job);
    } catch (err) {
      const now = this.clock.now();
      const lastError = describeError(err);
      if (row.attempts >= row.max_attempts) {
        await this.finish(row, { failed_at: now, last_error: lastError });
        this.log.error({ err, jobId: row.id, kind: row.kind, attempts: row.attempts }, 'job failed; no attempts left');
      } else {
        const backoff = this.backoffMs(row.attempts);
        await this.finish(row, { run_at: new Date(now.getTime() + backoff), last_error: lastError });
        this.log.warn(
          { err, jobId: row.id, kind: row.kind, attempts: row.attempts, retryInMs: backoff },
          'job failed; will retry',
        );
      }
      return true;
    }
    await this.finish(row, { done_at: this.clock.now(), last_error: null });
    return true;
  }

  /** Delay before retrying after `attempts` failed attempts: base, 2×base, 4×base, ... up to the maximum. */
  backoffMs(attempts: number): number {
    return Math.min(this.maxBackoffMs, this.baseBackoffMs * 2 ** Math.min(Math.max(attempts - 1, 0), 30));
  }

  /**
   * Record the outcome and release the lease, only if this claim still holds the job. If the job
   * was rescheduled (`replace`) while running, just release its lease; if another runner took it
   * after the lease lapsed, or it was cancelled, leave it alone.
   */
  private async finish(
    row: Claimed & { token: string },
    outcome: { done_at?: Date; failed_at?: Date; run_at?: Date; last_error: string | null },
  ): Promise<void> {
    const res = await this.db
      .updateTable('platform.jobs')
      .set({ ...outcome, locked_until: null, lease_token: null })
      .where('id', '=', row.id)
      .where('lease_token', '=', row.token)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) > 0) return;
    await this.db
      .updateTable('platform.jobs')
      .set({ locked_until: null })
      .where('id', '=', row.id)
      .where('lease_token', 'is', null)
      .where('done_at', 'is', null)
      .where('failed_at', 'is', null)
      .execute();
    this.log.warn(
      { jobId: row.id, kind: row.kind },
      'job was rescheduled, cancelled or taken over while running; outcome not recorded',
    );
  }
}
