/**
 * Data loading with TanStack Query: one QueryClient per app (made in its main.tsx), the retry
 * policy and the line between public and personal data.
 *
 * Retries: only answers worth asking again, a network failure (status 0), 429 Too Many
 * Requests and 503 Service Unavailable, at most three times, waiting as long as the server's
 * `Retry-After` says (when it says something reasonable) or backing off 1 s, 2 s, 4 s. Other
 * answers (4xx, 500) are final. Writes (mutations) are never retried: a submission carries an
 * idempotency key and is resent by the person, not by the app.
 */
import { QueryClient, type Query } from '@tanstack/react-query';
import { ApiError } from './client';

/** At most this many retries of one query. */
export const MAX_RETRIES = 3;
/** A `Retry-After` longer than this is not waited for: the error is shown instead. */
export const MAX_RETRY_AFTER_SECONDS = 30;

/** Whether a failed call is worth making again by itself. */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  if (error.retryAfter !== null && error.retryAfter > MAX_RETRY_AFTER_SECONDS) return false;
  return error.status === 0 || error.status === 429 || error.status === 503;
}

export function shouldRetry(failureCount: number, error: unknown): boolean {
  return failureCount < MAX_RETRIES && isRetryable(error);
}

/** Milliseconds before retry number `attempt` (0-based): the server's Retry-After, else 1 s, 2 s, 4 s, ... */
export function retryDelay(attempt: number, error: unknown): number {
  if (error instanceof ApiError && error.retryAfter !== null) return error.retryAfter * 1000;
  return Math.min(1000 * 2 ** attempt, 8000);
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Ask even when the browser thinks it is offline: a failure shows the page's error with
        // its retry button (as the apps always have), not a page that waits without saying so.
        networkMode: 'always',
        retry: shouldRetry,
        retryDelay,
        // Pages load afresh when they open (as they always have); no surprise reloads while
        // someone is working on a page: the few queries that want it ask for it.
        refetchOnWindowFocus: false,
      },
      mutations: { networkMode: 'always', retry: false },
    },
  });
}

/** Roots of query keys whose data belong to the signed-in person (or the enterprise they act for). */
const PERSONAL_ROOTS = new Set(['me', 'notifications', 'applications', 'apply', 'org']);

/** Queries to forget when the person (or who they act for) changes: everything but the public catalogue. */
export const isPersonal = (query: Query): boolean => PERSONAL_ROOTS.has(String(query.queryKey[0]));

/** Minutes in milliseconds, for staleTime. */
export const minutes = (n: number): number => n * 60_000;
