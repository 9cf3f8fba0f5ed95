/**
 * Durable jobs: scheduled in the caller's transaction, idempotent by key, claimed with
 * FOR UPDATE SKIP LOCKED and a lease, retried with backoff, never run twice at once by two
 * runners, and taken over when the runner holding one dies.
 */
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { MINUTE } from '../../src/platform/clock.ts';
import { cancelJob, JobRunner, scheduleJob, type Job, type JobRunnerOptions } from '../../src/platform/jobs.ts';
import { jobsMigrations } from '../../src/platform/jobs.migrations.ts';
import { migrate } from '../../src/platform/migrations.ts';
import { createTestApp, query, type TestContext } from '../helpers.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp({ seed: false });
  await migrate(ctx.database.db, [{ module: 'platform-jobs', migrations: jobsMigrations }]);
});
afterAll(async () => {
  await ctx.teardown();
});
beforeEach(async () => {
  await sql`delete from platform.jobs`.execute(ctx.database.db);
});

const silent = pino({ level: 'silent' });
const runner = (opts: JobRunnerOptions = {}) => new JobRunner(ctx.database.db, ctx.clock, silent, opts);
const now = () => ctx.clock.now();
const inMs = (ms: number) => new Date(now().getTime() + ms);

interface JobRow {
  id: string;
  kind: string;
  key: string | null;
  payload: unknown;
  run_at: Date;
  attempts: number;
  max_attempts: number;
  locked_until: Date | null;
  done_at: Date | null;
  failed_at: Date | null;
  last_error: string | null;
}
const rows = (kind?: string) =>
  query<JobRow>(
    ctx,
    kind === undefined
      ? sql`select id, kind, key, payload, run_at, attempts, max_attempts, locked_until, done_at, failed_at, last_error from platform.jobs order by id`
      : sql`select id, kind, key, payload, run_at, attempts, max_attempts, locked_until, done_at, failed_at, last_error from platform.jobs where kind = ${kind} order by id`,
  );

/** A promise and its resolver, to hold a handler mid-run. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = () => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe('scheduling in the caller’s transaction', () => {
  it('a rolled-back transaction leaves no job; a committed one leaves exactly one', async () => {
    await expect(
      ctx.database.db.transaction().execute(async (tx) => {
        await scheduleJob(tx, { kind: 'test.rollback', payload: { n: 1 }, runAt: now() }, now());
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await rows('test.rollback')).toEqual([]);

    const scheduled = await ctx.database.db
      .transaction()
      .execute((tx) =>
        scheduleJob(tx, { kind: 'test.rollback', payload: { n: 2 }, runAt: now(), regionCode: '330383' }, now()),
      );
    expect(scheduled.status).toBe('created');
    const [row] = await rows('test.rollback');
    expect(row).toMatchObject({
      id: scheduled.id,
      payload: { n: 2 },
      attempts: 0,
      max_attempts: 5,
      done_at: null,
      failed_at: null,
    });
  });

  it('refuses a job that could never run', async () => {
    await expect(
      scheduleJob(ctx.database.db, { kind: 'test.bad', payload: {}, runAt: now(), maxAttempts: 0 }, now()),
    ).rejects.toThrow(RangeError);
    await expect(
      scheduleJob(ctx.database.db, { kind: 'test.bad', payload: {}, runAt: new Date('x') }, now()),
    ).rejects.toThrow(RangeError);
  });
});

describe('running due jobs', () => {
  it('a due job runs once; a future one waits until the clock passes its run time', async () => {
    const seen: Job[] = [];
    const r = runner();
    r.register<{ what: string }>('test.timer', async (job) => {
      seen.push(job);
    });
    await scheduleJob(
      ctx.database.db,
      { kind: 'test.timer', key: 'now', payload: { what: 'now' }, runAt: now(), regionCode: '330383' },
      now(),
    );
    await scheduleJob(
      ctx.database.db,
      { kind: 'test.timer', key: 'later', payload: { what: 'later' }, runAt: inMs(60 * MINUTE) },
      now(),
    );

    expect(await r.runDue()).toBe(1);
    expect(seen.map((j) => j.payload)).toEqual([{ what: 'now' }]);
    expect(seen[0]).toMatchObject({
      kind: 'test.timer',
      key: 'now',
      regionCode: '330383',
      attempts: 1,
      maxAttempts: 5,
    });
    expect(await r.runDue()).toBe(0);

    ctx.clock.advance(59 * MINUTE);
    expect(await r.runDue()).toBe(0);
    ctx.clock.advance(MINUTE);
    expect(await r.runDue()).toBe(1);
    expect(seen.map((j) => j.payload)).toEqual([{ what: 'now' }, { what: 'later' }]);
    expect(await r.runDue()).toBe(0);

    const done = await rows('test.timer');
    expect(done.every((j) => j.done_at !== null && j.locked_until === null && j.attempts === 1)).toBe(true);
  });

  it('a runner claims only the kinds it has handlers for', async () => {
    const r = runner();
    r.register('test.mine', async () => {});
    await scheduleJob(ctx.database.db, { kind: 'test.theirs', payload: {}, runAt: now() }, now());
    expect(await r.runDue()).toBe(0);
    expect(await runner().runDue()).toBe(0); // no handlers at all
    expect((await rows('test.theirs'))[0]).toMatchObject({ attempts: 0, locked_until: null, done_at: null });
    expect(() => r.register('test.mine', async () => {})).toThrow(/already registered/);
  });

  it('works through more due jobs than one batch holds, oldest first', async () => {
    const order: number[] = [];
    const r = runner({ batchSize: 4 });
    r.register<{ n: number }>('test.batch', async (job) => {
      order.push(job.payload.n);
    });
    for (let n = 9; n >= 0; n--) {
      await scheduleJob(ctx.database.db, { kind: 'test.batch', payload: { n }, runAt: inMs(-n * 1000) }, now());
    }
    expect(await r.runDue()).toBe(10);
    expect(order).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
  });

  it('start() polls and stop() waits for the job being run', async () => {
    const r = runner();
    const ran: string[] = [];
    r.register('test.poll', async (job) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      ran.push(job.id);
    });
    const { id } = await scheduleJob(ctx.database.db, { kind: 'test.poll', payload: {}, runAt: now() }, now());
    r.start(10);
    await vi.waitFor(() => expect(ran).toEqual([id]), { timeout: 5_000 });
    await r.stop();
    expect((await rows('test.poll'))[0]!.done_at).not.toBeNull();
  });
});

describe('idempotency keys', () => {
  it('scheduling the same key twice keeps one job, the first', async () => {
    const first = await scheduleJob(
      ctx.database.db,
      { kind: 'test.key', key: 'case-1:deadline', payload: { v: 1 }, runAt: inMs(1000) },
      now(),
    );
    const second = await scheduleJob(
      ctx.database.db,
      { kind: 'test.key', key: 'case-1:deadline', payload: { v: 2 }, runAt: inMs(5000) },
      now(),
    );
    expect(first.status).toBe('created');
    expect(second).toEqual({ id: first.id, status: 'existing' });
    const all = await rows('test.key');
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ payload: { v: 1 }, run_at: inMs(1000) });
    // Jobs without a key never collide.
    await scheduleJob(ctx.database.db, { kind: 'test.key', payload: {}, runAt: now() }, now());
    await scheduleJob(ctx.database.db, { kind: 'test.key', payload: {}, runAt: now() }, now());
    expect(await rows('test.key')).toHaveLength(3);
  });

  it('replace: true reschedules the keyed job, even once done', async () => {
    const seen: unknown[] = [];
    const r = runner();
    r.register('test.replace', async (job) => {
      seen.push(job.payload);
    });
    const first = await scheduleJob(
      ctx.database.db,
      { kind: 'test.replace', key: 'k', payload: { v: 1 }, runAt: inMs(60_000) },
      now(),
    );
    const moved = await scheduleJob(
      ctx.database.db,
      { kind: 'test.replace', key: 'k', payload: { v: 2 }, runAt: now(), replace: true },
      now(),
    );
    expect(moved).toEqual({ id: first.id, status: 'replaced' });
    expect(await r.runDue()).toBe(1);
    expect(seen).toEqual([{ v: 2 }]);
    // Done: without replace the key stays taken; with it, the job runs again.
    expect(
      (await scheduleJob(ctx.database.db, { kind: 'test.replace', key: 'k', payload: { v: 3 }, runAt: now() }, now()))
        .status,
    ).toBe('existing');
    expect(await r.runDue()).toBe(0);
    await scheduleJob(
      ctx.database.db,
      { kind: 'test.replace', key: 'k', payload: { v: 4 }, runAt: now(), replace: true },
      now(),
    );
    expect(await r.runDue()).toBe(1);
    expect(seen).toEqual([{ v: 2 }, { v: 4 }]);
    expect(await rows('test.replace')).toHaveLength(1);
    // A new key with replace: true simply creates.
    expect(
      (
        await scheduleJob(
          ctx.database.db,
          { kind: 'test.replace', key: 'k2', payload: {}, runAt: now(), replace: true },
          now(),
        )
      ).status,
    ).toBe('created');
  });

  it('cancelJob removes a pending job in the caller’s transaction; the key can then be used again', async () => {
    const r = runner();
    let runs = 0;
    r.register('test.cancel', async () => {
      runs++;
    });
    await scheduleJob(ctx.database.db, { kind: 'test.cancel', key: 'c', payload: {}, runAt: now() }, now());
    // Cancelled in a transaction that rolls back: still there.
    await expect(
      ctx.database.db.transaction().execute(async (tx) => {
        expect(await cancelJob(tx, 'c')).toBe(true);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await rows('test.cancel')).toHaveLength(1);
    expect(await ctx.database.db.transaction().execute((tx) => cancelJob(tx, 'c'))).toBe(true);
    expect(await cancelJob(ctx.database.db, 'c')).toBe(false);
    expect(await cancelJob(ctx.database.db, 'no-such-key')).toBe(false);
    expect(await r.runDue()).toBe(0);
    expect(runs).toBe(0);
    expect(
      (await scheduleJob(ctx.database.db, { kind: 'test.cancel', key: 'c', payload: {}, runAt: now() }, now())).status,
    ).toBe('created');
    expect(await r.runDue()).toBe(1);
    // A done job is history, not cancelled.
    expect(await cancelJob(ctx.database.db, 'c')).toBe(false);
    expect((await rows('test.cancel'))[0]!.done_at).not.toBeNull();
  });
});

describe('retries', () => {
  it('retries with exponential backoff, then marks the job failed', async () => {
    const r = runner({ baseBackoffMs: 1_000 });
    let calls = 0;
    r.register('test.flaky', async () => {
      calls++;
      throw new Error(`registry unavailable (${calls})`);
    });
    const { id } = await scheduleJob(
      ctx.database.db,
      { kind: 'test.flaky', payload: {}, runAt: now(), maxAttempts: 3 },
      now(),
    );
    const row = async () => (await rows('test.flaky')).find((j) => j.id === id)!;

    expect(await r.runDue()).toBe(1);
    expect(await row()).toMatchObject({
      attempts: 1,
      run_at: inMs(1_000),
      last_error: 'Error: registry unavailable (1)',
      locked_until: null,
      failed_at: null,
    });
    expect(await r.runDue()).toBe(0);
    ctx.clock.advance(999);
    expect(await r.runDue()).toBe(0);
    ctx.clock.advance(1);
    expect(await r.runDue()).toBe(1);
    expect(await row()).toMatchObject({
      attempts: 2,
      run_at: inMs(2_000),
      last_error: 'Error: registry unavailable (2)',
    });
    ctx.clock.advance(1_999);
    expect(await r.runDue()).toBe(0);
    ctx.clock.advance(1);
    expect(await r.runDue()).toBe(1);
    const failed = await row();
    expect(failed).toMatchObject({
      attempts: 3,
      last_error: 'Error: registry unavailable (3)',
      done_at: null,
      locked_until: null,
    });
    expect(failed.failed_at).toEqual(now());
    ctx.clock.advance(24 * 60 * MINUTE);
    expect(await r.runDue()).toBe(0);
    expect(calls).toBe(3);
  });

  it('a job that fails once and then succeeds is done, its error cleared', async () => {
    const r = runner({ baseBackoffMs: 500 });
    let calls = 0;
    r.register('test.once', async () => {
      if (++calls === 1) throw new Error('first time unlucky');
    });
    await scheduleJob(ctx.database.db, { kind: 'test.once', payload: {}, runAt: now() }, now());
    expect(await r.runDue()).toBe(1);
    ctx.clock.advance(500);
    expect(await r.runDue()).toBe(1);
    expect((await rows('test.once'))[0]).toMatchObject({ attempts: 2, last_error: null, failed_at: null });
    expect((await rows('test.once'))[0]!.done_at).not.toBeNull();
  });

  it('backoff doubles up to the maximum', () => {
    const r = runner({ baseBackoffMs: 1_000, maxBackoffMs: 10_000 });
    expect([1, 2, 3, 4, 5, 50].map((n) => r.backoffMs(n))).toEqual([1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
  });
});

describe('several runners', () => {
  it('two runners working the same 20 jobs concurrently never run one twice', async () => {
    const runs = new Map<string, number>();
    const byRunner = { a: 0, b: 0 };
    const make = (name: 'a' | 'b') => {
      const r = runner({ batchSize: 3 });
      r.register('test.race', async (job) => {
        await new Promise((resolve) => setTimeout(resolve, 2));
        runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
        byRunner[name]++;
      });
      return r;
    };
    const a = make('a');
    const b = make('b');
    const ids: string[] = [];
    for (let i = 0; i < 20; i++)
      ids.push((await scheduleJob(ctx.database.db, { kind: 'test.race', payload: { i }, runAt: now() }, now())).id);

    const counts = await Promise.all([a.runDue(), b.runDue(), a.runDue(), b.runDue()]);
    expect(counts.reduce((s, n) => s + n, 0)).toBe(20);
    expect([...runs.keys()].sort()).toEqual([...ids].sort());
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
    expect(byRunner.a + byRunner.b).toBe(20);
    const all = await rows('test.race');
    expect(all.every((j) => j.done_at !== null && j.attempts === 1)).toBe(true);
  });

  it('a job held by a runner that crashed is taken again once its lease expires', async () => {
    const held = gate();
    const started = gate();
    const a = runner({ leaseMs: MINUTE });
    let aRuns = 0;
    a.register('test.crash', async () => {
      aRuns++;
      started.open();
      await held.promise; // "crashed": never finishes while the test looks
    });
    const b = runner({ leaseMs: MINUTE });
    let bRuns = 0;
    b.register('test.crash', async () => {
      bRuns++;
    });
    const { id } = await scheduleJob(ctx.database.db, { kind: 'test.crash', payload: {}, runAt: now() }, now());

    const aRun = a.runDue();
    await started.promise;
    expect((await rows('test.crash'))[0]).toMatchObject({ id, attempts: 1, locked_until: inMs(MINUTE), done_at: null });
    expect(await b.runDue()).toBe(0); // leased
    ctx.clock.advance(MINUTE - 1);
    expect(await b.runDue()).toBe(0);
    ctx.clock.advance(1);
    expect(await b.runDue()).toBe(1);
    expect(bRuns).toBe(1);
    const done = (await rows('test.crash'))[0]!;
    expect(done).toMatchObject({ attempts: 2, locked_until: null });
    expect(done.done_at).toEqual(now());

    // The first runner was only slow: when it finishes, it does not overwrite the takeover's outcome.
    ctx.clock.advance(MINUTE);
    held.open();
    expect(await aRun).toBe(1);
    expect(aRuns).toBe(1);
    expect((await rows('test.crash'))[0]!.done_at).toEqual(done.done_at);
  });

  it('a job whose every attempt was abandoned is marked failed without running again', async () => {
    const held = gate();
    const started = gate();
    const a = runner({ leaseMs: MINUTE });
    a.register('test.poison', async () => {
      started.open();
      await held.promise;
    });
    const b = runner({ leaseMs: MINUTE });
    let bRuns = 0;
    b.register('test.poison', async () => {
      bRuns++;
    });
    await scheduleJob(ctx.database.db, { kind: 'test.poison', payload: {}, runAt: now(), maxAttempts: 1 }, now());
    const aRun = a.runDue();
    await started.promise;
    ctx.clock.advance(MINUTE);
    expect(await b.runDue()).toBe(0);
    expect(bRuns).toBe(0);
    const row = (await rows('test.poison'))[0]!;
    expect(row).toMatchObject({ attempts: 2, done_at: null, locked_until: null });
    expect(row.failed_at).toEqual(now());
    expect(row.last_error).toMatch(/abandoned/);
    held.open();
    await aRun;
    expect((await rows('test.poison'))[0]!.done_at).toBeNull();
  });

  it('a job rescheduled while it runs is not marked done by the old run, and runs again after', async () => {
    const held = gate();
    const started = gate();
    const seen: unknown[] = [];
    const a = runner();
    a.register('test.moving', async (job) => {
      seen.push(job.payload);
      if (seen.length === 1) {
        started.open();
        await held.promise;
      }
    });
    await scheduleJob(ctx.database.db, { kind: 'test.moving', key: 'm', payload: { v: 1 }, runAt: now() }, now());
    const first = a.runDue();
    await started.promise;
    await scheduleJob(
      ctx.database.db,
      { kind: 'test.moving', key: 'm', payload: { v: 2 }, runAt: now(), replace: true },
      now(),
    );
    const b = runner();
    b.register('test.moving', async (job) => {
      seen.push(job.payload);
    });
    expect(await b.runDue()).toBe(0); // the old run still holds the lease: no second copy meanwhile
    held.open();
    expect(await first).toBe(1);
    const between = (await rows('test.moving'))[0]!;
    expect(between).toMatchObject({ done_at: null, locked_until: null, attempts: 0, payload: { v: 2 } });
    expect(await b.runDue()).toBe(1);
    expect(seen).toEqual([{ v: 1 }, { v: 2 }]);
    expect((await rows('test.moving'))[0]!.done_at).not.toBeNull();
  });
});
