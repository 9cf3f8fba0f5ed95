/** The polling loop shared by the outbox and the job runner: coalescing kicks, flush, stop, errors, the timer. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Poller } from '../../src/platform/poller.ts';

/** Work whose runs are held open until the test lets each one finish. */
function heldWork() {
  const pending: { resolve: () => void; reject: (err: unknown) => void }[] = [];
  let runs = 0;
  let settled = 0;
  const work = () => {
    runs++;
    return new Promise<void>((resolve, reject) => pending.push({ resolve, reject })).finally(() => settled++);
  };
  const tick = () => new Promise<void>((r) => setImmediate(r));
  return {
    work,
    get runs() {
      return runs;
    },
    get settled() {
      return settled;
    },
    /** Let the oldest open run finish (or fail), and let the poller react. */
    async finish(err?: unknown) {
      const next = pending.shift();
      if (!next) throw new Error('no run is open');
      if (err === undefined) next.resolve();
      else next.reject(err);
      for (let i = 0; i < 5; i++) await tick();
    },
  };
}

const noError = (err: unknown) => {
  throw err;
};

describe('Poller', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('coalesces kicks that arrive during a run into one more run', async () => {
    const w = heldWork();
    const poller = new Poller(w.work, noError);
    poller.kick();
    poller.kick();
    poller.kick();
    expect(w.runs).toBe(1);
    await w.finish();
    expect(w.runs).toBe(2); // the kicks during the first run made exactly one more
    await w.finish();
    expect(w.runs).toBe(2); // nothing was asked for during the second run
  });

  it('reports a failed run and keeps going', async () => {
    const w = heldWork();
    const errors: unknown[] = [];
    const poller = new Poller(w.work, (err) => errors.push(err));
    poller.kick();
    poller.kick();
    await w.finish(new Error('database gone'));
    expect(errors).toEqual([new Error('database gone')]);
    expect(w.runs).toBe(2);
    await w.finish();
    poller.kick();
    expect(w.runs).toBe(3);
    await w.finish();
  });

  it('flush waits for the run in progress, then runs until nothing more was asked for', async () => {
    let runs = 0;
    // The first two runs ask for another (as a commit during a drain would).
    const poller: Poller = new Poller(async () => {
      runs++;
      if (runs <= 2) poller.kick();
    }, noError);
    await poller.flush();
    expect(runs).toBeGreaterThanOrEqual(3);
    const before = runs;
    await poller.flush();
    expect(runs).toBe(before + 1);
  });

  it('flush throws what the work throws', async () => {
    const poller = new Poller(async () => {
      throw new Error('broken');
    }, noError);
    await expect(poller.flush()).rejects.toThrow('broken');
  });

  it('stop waits for the run in progress and ignores later kicks', async () => {
    const w = heldWork();
    const poller = new Poller(w.work, noError);
    poller.kick();
    poller.kick(); // would make a second run
    let stopped = false;
    const stopping = poller.stop().then(() => (stopped = true));
    await new Promise<void>((r) => setImmediate(r));
    expect(stopped).toBe(false);
    await w.finish();
    await stopping;
    expect(stopped).toBe(true);
    expect(w.runs).toBe(1); // no run after stop
    poller.kick();
    expect(w.runs).toBe(1);
  });

  it('start runs at once, then every interval, and again after a stop and a new start', async () => {
    vi.useFakeTimers();
    let runs = 0;
    const poller = new Poller(async () => {
      runs++;
    }, noError);
    poller.start(1_000);
    expect(runs).toBe(1);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(runs).toBe(4);
    await poller.stop();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(runs).toBe(4);
    poller.start(1_000);
    expect(runs).toBe(5);
    poller.start(1_000); // a second start replaces the timer: still one run per interval
    await vi.advanceTimersByTimeAsync(0);
    const after = runs;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(runs).toBe(after + 1);
    await poller.stop();
  });
});
