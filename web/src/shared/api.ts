import type {
  AccountSummary,
  BundleDetail,
  BundleSummary,
  CatalogSearch,
  CommunityDetail,
  CommunitySummary,
  Department,
  EnterpriseLink,
  ErrorDetail,
  ItemDetail,
  Items,
  ItemSummary,
  ItemVersion,
  LoginResult,
  Me,
  OkMe,
  Page,
  Region,
  ServiceItemData,
  Session,
  StaffMember,
  TotpResult,
} from './types';

/** An error answered by the server (or a network failure, status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
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

let csrfPromise: Promise<void> | null = null;

/** Makes sure the readable CSRF cookie exists (the server sets it on GET /api/auth/csrf). */
export function ensureCsrf(): Promise<void> {
  if (readCookie(CSRF_COOKIE)) return Promise.resolve();
  csrfPromise ??= request<{ csrfToken: string }>('GET', '/api/auth/csrf')
    .then(() => undefined)
    .finally(() => {
      csrfPromise = null;
    });
  return csrfPromise;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Query = Record<string, string | number | null | undefined>;

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** Listeners told when any call answers 401 UNAUTHENTICATED (the session ended). */
const unauthenticatedListeners = new Set<() => void>();
export function onUnauthenticated(fn: () => void): () => void {
  unauthenticatedListeners.add(fn);
  return () => unauthenticatedListeners.delete(fn);
}

/** Extra options: headers (e.g. `Idempotency-Key`) and a raw body (an upload) sent as it is. */
export interface RequestOptions {
  headers?: Record<string, string>;
  raw?: Blob;
  /** Let the request outlive the page (a last save while the page is being closed). */
  keepalive?: boolean;
}

export async function request<T>(
  method: Method,
  path: string,
  body?: unknown,
  query?: Query,
  retried = false,
  options: RequestOptions = {},
): Promise<T> {
  if (method !== 'GET') await ensureCsrf();
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.raw) headers['content-type'] = options.raw.type || 'application/octet-stream';
  else if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') {
    const token = readCookie(CSRF_COOKIE);
    if (token) headers[CSRF_HEADER] = token;
  }
  let response: Response;
  try {
    response = await fetch(withQuery(path, query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.raw ?? (body === undefined ? undefined : JSON.stringify(body)),
      keepalive: options.keepalive,
    });
  } catch (cause) {
    throw new ApiError({
      status: 0,
      code: 'NETWORK_ERROR',
      message: cause instanceof Error ? cause.message : 'Network error',
    });
  }
  const text = response.status === 204 ? '' : await response.text();
  let json: unknown = undefined;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  if (!response.ok) {
    const err = (
      json as
        { error?: Partial<{ code: string; message: string; details: ErrorDetail[]; requestId: string }> } | undefined
    )?.error;
    const retry = response.headers.get('retry-after');
    const apiError = new ApiError({
      status: response.status,
      code: err?.code ?? `HTTP_${response.status}`,
      message: err?.message ?? (response.statusText || `HTTP ${response.status}`),
      details: Array.isArray(err?.details) ? err.details : [],
      requestId: err?.requestId ?? response.headers.get('x-request-id'),
      retryAfter: retry !== null && /^\d+$/.test(retry) ? Number(retry) : null,
    });
    // A stale CSRF cookie (e.g. rotated by another tab): fetch a fresh one and retry once.
    if (apiError.code === 'CSRF_REJECTED' && !retried && method !== 'GET') {
      await request<{ csrfToken: string }>('GET', '/api/auth/csrf');
      return request<T>(method, path, body, query, true, options);
    }
    if (response.status === 401 && apiError.code === 'UNAUTHENTICATED') {
      for (const fn of unauthenticatedListeners) fn();
    }
    throw apiError;
  }
  return json as T;
}

const enc = encodeURIComponent;

/** The server API, one function per endpoint. */
export const api = {
  auth: {
    csrf: () => request<{ csrfToken: string }>('GET', '/api/auth/csrf'),
    login: (login: string, password: string) => request<LoginResult>('POST', '/api/auth/login', { login, password }),
    totp: (challenge: string, code: string) => request<TotpResult>('POST', '/api/auth/totp', { challenge, code }),
    /** After a reset by the security admin: the new password, then the session opens. */
    newPassword: (challenge: string, newPassword: string) =>
      request<OkMe>('POST', '/api/auth/new-password', { challenge, newPassword }),
    /** A one-time code to a phone (the same answer whether or not the phone has an account). */
    phoneCode: (phone: string, purpose: 'register' | 'recover') =>
      request<{ expiresInSeconds: number; resendInSeconds: number }>('POST', '/api/auth/phone-codes', {
        phone,
        purpose,
      }),
    resetPassword: (input: { phone: string; code: string; newPassword: string }) =>
      request<void>('POST', '/api/auth/password-reset', input),
    register: (input: { name: string; idNumber: string; phone: string; phoneCode: string; password: string }) =>
      request<OkMe>('POST', '/api/auth/register', input),
    logout: () => request<void>('POST', '/api/auth/logout'),
  },
  me: {
    get: () => request<Me>('GET', '/api/me'),
    changePassword: (currentPassword: string, newPassword: string) =>
      request<void>('POST', '/api/me/password', { currentPassword, newPassword }),
    sessions: () => request<Items<Session>>('GET', '/api/me/sessions'),
    endSession: (id: string) => request<void>('DELETE', `/api/me/sessions/${enc(id)}`),
    enterprises: () => request<Items<EnterpriseLink>>('GET', '/api/me/enterprises'),
    actAs: (enterpriseId: string | null) => request<Me>('POST', '/api/me/acting-as', { enterpriseId }),
  },
  admin: {
    accounts: (q: { q?: string; kind?: 'citizen' | 'staff'; page?: number; pageSize?: number }) =>
      request<Page<AccountSummary>>('GET', '/api/admin/accounts', undefined, q),
    /** Security admin: reset a staff member's password and second factor; the temporary password is shown once. */
    recoverStaff: (id: string) =>
      request<{ temporaryPassword: string }>('POST', `/api/admin/accounts/${enc(id)}/recovery`),
  },
  org: {
    regions: () => request<Items<Region>>('GET', '/api/org/regions'),
    departments: () => request<Items<Department>>('GET', '/api/org/departments'),
    communities: (q: { q?: string; page?: number; pageSize?: number }) =>
      request<Page<CommunitySummary>>('GET', '/api/org/communities', undefined, q),
    community: (id: string) => request<CommunityDetail>('GET', `/api/org/communities/${enc(id)}`),
    staff: (q: { departmentId?: string; q?: string; page?: number; pageSize?: number }) =>
      request<Page<StaffMember>>('GET', '/api/org/staff', undefined, q),
  },
  catalog: {
    items: (q: CatalogSearch = {}) => request<Page<ItemSummary>>('GET', '/api/catalog/items', undefined, { ...q }),
    item: (code: string, version?: number) =>
      request<ItemDetail>('GET', `/api/catalog/items/${enc(code)}`, undefined, version ? { version } : undefined),
    versions: (code: string) => request<Items<ItemVersion>>('GET', `/api/catalog/items/${enc(code)}/versions`),
    /** Publishes a new version of an item (its first, for a new code): department admins of its department. */
    publish: (code: string, data: ServiceItemData) =>
      request<ItemDetail>('PUT', `/api/catalog/items/${enc(code)}`, data),
    /** Retires an item: it leaves the catalogue; its versions stay readable. */
    retire: (code: string) => request<void>('DELETE', `/api/catalog/items/${enc(code)}`),
    bundles: () => request<Items<BundleSummary>>('GET', '/api/catalog/bundles'),
    bundle: (code: string) => request<BundleDetail>('GET', `/api/catalog/bundles/${enc(code)}`),
  },
};
