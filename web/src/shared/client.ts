/**
 * The API client: openapi-fetch typed by the generated contract (`paths`), same origin, with
 * one middleware that sends the CSRF token on writes and turns every error answer into an
 * `ApiError` (thrown), so callers get the answer's data or an exception:
 *
 *   const item = await call(() => client.GET('/api/catalog/items/{code}', { params: { path: { code } } }));
 *
 * A 401 UNAUTHENTICATED tells the session's listeners (the signed-in person is gone); a write
 * refused for a stale CSRF cookie (rotated by another tab) is sent once more with a fresh one.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import { isErrorCode, type ErrorCode } from '../../../contract/errors.ts';
import type { ErrorBody, ErrorDetail, paths } from './contract';

/** An error answered by the server, or a network failure (status 0, code NETWORK_ERROR). */
export class ApiError extends Error {
  readonly status: number;
  /** A code of the error catalogue (contract/errors.ts), or one the catalogue does not know yet. */
  readonly code: ErrorCode | (string & {});
  readonly details: ErrorDetail[];
  readonly requestId: string | null;
  /** Seconds, from a `Retry-After` header, when the server sent one. */
  readonly retryAfter: number | null;

  constructor(init: {
    status: number;
    code: string;
    message: string;
    details?: ErrorDetail[];
    requestId?: string | null;
    retryAfter?: number | null;
  }) {
    super(init.message);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.details = init.details ?? [];
    this.requestId = init.requestId ?? null;
    this.retryAfter = init.retryAfter ?? null;
  }

  /** Whether the code is one the error catalogue lists. */
  get catalogued(): boolean {
    return isErrorCode(this.code);
  }

  /**
   * Field errors keyed by the first segment of their JSON pointer: `/idNumber` → `idNumber`
   * (schema validation may prefix the location: `body:/password` → `password`).
   */
  fieldErrors(): Record<string, ErrorDetail[]> {
    const out: Record<string, ErrorDetail[]> = {};
    for (const d of this.details) {
      const field =
        (d.path ?? '')
          .replace(/^[a-z]+:/i, '')
          .replace(/^\//, '')
          .split('/')[0] ?? '';
      (out[field] ??= []).push(d);
    }
    return out;
  }
}

export const CSRF_COOKIE = 'yw_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export function readCookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

/** Listeners told when any call answers 401 UNAUTHENTICATED (the session ended). */
const unauthenticatedListeners = new Set<() => void>();
export function onUnauthenticated(fn: () => void): () => void {
  unauthenticatedListeners.add(fn);
  return () => unauthenticatedListeners.delete(fn);
}

/** The `Retry-After` header in seconds (a number of seconds or an HTTP date), or null. */
export function retryAfterSeconds(value: string | null, now = Date.now()): number | null {
  if (value === null) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

/** The ApiError for an error answer (its body already read as text). */
export function errorFromAnswer(response: Response, text: string): ApiError {
  let body: { error?: Partial<ErrorBody> } | undefined;
  try {
    body = text ? (JSON.parse(text) as { error?: Partial<ErrorBody> }) : undefined;
  } catch {
    body = undefined;
  }
  const err = body?.error;
  return new ApiError({
    status: response.status,
    code: err?.code ?? `HTTP_${response.status}`,
    message: err?.message ?? (response.statusText || `HTTP ${response.status}`),
    details: Array.isArray(err?.details) ? err.details : [],
    requestId: err?.requestId ?? response.headers.get('x-request-id'),
    retryAfter: retryAfterSeconds(response.headers.get('retry-after')),
  });
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const middleware: Middleware = {
  async onRequest({ request }) {
    request.headers.set('accept', 'application/json');
    if (!WRITES.has(request.method)) return undefined;
    await ensureCsrf();
    const token = readCookie(CSRF_COOKIE);
    if (token) request.headers.set(CSRF_HEADER, token);
    return request;
  },
  async onResponse({ response }) {
    if (response.ok) return undefined;
    const error = errorFromAnswer(response, await response.text());
    if (error.status === 401 && error.code === 'UNAUTHENTICATED') for (const fn of unauthenticatedListeners) fn();
    throw error;
  },
  onError({ error }) {
    if (error instanceof ApiError) return error;
    return new ApiError({
      status: 0,
      code: 'NETWORK_ERROR',
      message: error instanceof Error ? error.message : 'Network error',
    });
  },
};

/** Query parameters as the server reads them: empty ones (undefined, null, '') left out, lists repeated. */
export function serializeQuery(query: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    for (const one of Array.isArray(v) ? v : [v]) {
      if (one !== undefined && one !== null && one !== '') params.append(k, String(one));
    }
  }
  return params.toString();
}

/** The typed client of the server's API (same origin, cookies sent). */
export const client = createClient<paths>({ credentials: 'same-origin', querySerializer: serializeQuery });
client.use(middleware);

/**
 * Runs a call and gives its data (error answers were thrown as ApiError by the middleware).
 * A write refused for a stale CSRF token is retried once with a fresh token.
 */
export async function call<T>(send: () => Promise<{ data?: T; response: Response }>): Promise<T> {
  try {
    return (await send()).data as T;
  } catch (err) {
    if (!(err instanceof ApiError && err.code === 'CSRF_REJECTED')) throw err;
    await refreshCsrf();
    return (await send()).data as T;
  }
}

let csrfPromise: Promise<void> | null = null;

function refreshCsrf(): Promise<void> {
  csrfPromise ??= client
    .GET('/api/auth/csrf')
    .then(() => undefined)
    .finally(() => {
      csrfPromise = null;
    });
  return csrfPromise;
}

/** Makes sure the readable CSRF cookie exists (the server sets it on GET /api/auth/csrf). */
export function ensureCsrf(): Promise<void> {
  return readCookie(CSRF_COOKIE) ? Promise.resolve() : refreshCsrf();
}
