/**
 * Counting attempts against keys (identity.login_throttle): failed sign-ins and wrong current
 * passwords (per login and per address), and the rate limits of registration and one-time
 * codes. A key that reaches its maximum within its window is locked until its lock passes; a
 * locked key answers 429 with `Retry-After`. Keys name what they count, never who in clear:
 * `login:<blind index>`, `ip:<address>`, `register:ip:<address>`, `code:phone:<blind index>`.
 */
import { MINUTE } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import * as repo from './identity.repository.ts';

export interface Limit {
  key: string;
  /** Attempts allowed in the window; the one that reaches it locks the key. */
  max: number;
  windowMinutes: number;
  lockMinutes: number;
}

/** Counters older than this (and not locked) are deleted by housekeeping: longer than any window. */
export const LONGEST_WINDOW_MINUTES = 24 * 60;

/** Seconds until none of `keys` is locked any more (0: none is locked now). */
export async function lockedFor(db: repo.IdDb, keys: readonly string[], now: Date): Promise<number> {
  const rows = await repo.throttleState(db, [...keys]);
  const until = Math.max(
    0,
    ...rows.map((r) => (r.locked_until && r.locked_until > now ? r.locked_until.getTime() : 0)),
  );
  return until > 0 ? Math.ceil((until - now.getTime()) / 1000) : 0;
}

/** The 429 answer: the stable code, `Retry-After`, and the seconds in the details for clients that read no headers. */
export function tooMany(code: 'LOGIN_THROTTLED' | 'RATE_LIMITED', retryAfter: number, path: string): AppError {
  return new AppError(
    429,
    code,
    code === 'LOGIN_THROTTLED' ? 'Too many failed sign-ins; try again later' : 'Too many requests; try again later',
    {
      headers: { 'retry-after': String(retryAfter) },
      details: [{ path, code: 'RETRY_AFTER', message: `${retryAfter}` }],
    },
  );
}

/** Count one attempt against each limit (each an atomic upsert; in the caller's transaction when given one). */
export async function count(db: repo.IdDb, limits: readonly Limit[], now: Date): Promise<void> {
  for (const l of limits) {
    const windowStart = new Date(now.getTime() - l.windowMinutes * MINUTE);
    const lockUntil = new Date(now.getTime() + l.lockMinutes * MINUTE);
    await repo.countFailure(db, l.key, now, windowStart, l.max, lockUntil);
  }
}

/** A rate limit: refuse (429 RATE_LIMITED) while any of the limits is locked, else count this attempt. */
export async function spend(db: repo.IdDb, limits: readonly Limit[], now: Date, path: string): Promise<void> {
  const wait = await lockedFor(
    db,
    limits.map((l) => l.key),
    now,
  );
  if (wait > 0) throw tooMany('RATE_LIMITED', wait, path);
  await count(db, limits, now);
}

/**
 * Rate limits other modules spend (their keys carry their own prefix, e.g. `lookup:ip:<address>`):
 * the same counters, locks and 429 RATE_LIMITED answer as identity's own.
 */
export class RateLimits {
  private readonly db: repo.IdDb;
  private readonly now: () => Date;

  constructor(db: repo.IdDb, now: () => Date) {
    this.db = db;
    this.now = now;
  }

  /** Refuse (429 RATE_LIMITED, `path` in the details) while any of `limits` is locked, else count this attempt. */
  async rateLimit(limits: readonly Limit[], path: string): Promise<void> {
    await spend(this.db, limits, this.now(), path);
  }
}
