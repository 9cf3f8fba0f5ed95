/**
 * The live endpoints' rate limit per API key, with `@fastify/rate-limit`: a store for it that
 * counts in PostgreSQL (`opendata.api_key_usage`, one row a key), so every node of a deployment
 * counts the same key together (the library's default store counts per process). A fixed window
 * of `timeWindow` on the platform's clock: one upsert a request answers the requests in the
 * current window and the milliseconds left of it; the row also keeps the key's total.
 */
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { sql } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from './opendata.context.ts';

/** Count one request of `keyId` in the window of `now`; answers the count in that window and when it ends. */
export async function countRequest(
  db: Db,
  keyId: string,
  now: Date,
  windowMs: number,
): Promise<{ current: number; ttl: number }> {
  const start = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  // A node whose clock is a little behind counts into the window the row already holds.
  const r = await sql<{ hits: number; window_start: Date | string }>`
    insert into opendata.api_key_usage as u (key_id, window_start, hits, total) values (${keyId}, ${start}, 1, 1)
    on conflict (key_id) do update set
      hits = case when excluded.window_start > u.window_start then 1 else u.hits + 1 end,
      window_start = greatest(u.window_start, excluded.window_start),
      total = u.total + 1
    returning hits, window_start`.execute(db);
  const row = r.rows[0]!;
  const end = new Date(row.window_start).getTime() + windowMs;
  return { current: row.hits, ttl: Math.max(0, end - now.getTime()) };
}

/** The store class `@fastify/rate-limit` makes its store from (the key is the API key's id). */
export function usageStore(db: Db, clock: Clock): FastifyRateLimitStoreCtor {
  return class UsageStore implements FastifyRateLimitStore {
    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow: number,
    ) {
      countRequest(db, key, clock.now(), timeWindow).then(
        (result) => callback(null, result),
        (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
      );
    }
    child(): FastifyRateLimitStore {
      return this;
    }
  };
}
