/** The host page's calls to the server (module superapp: the bridge's routes, and the OIDC part's login code). */
import { call, client, CSRF_COOKIE, CSRF_HEADER, ensureCsrf, readCookie } from '../shared/client';
import type { Answer } from '../shared/contract';

export type HostApp = Answer<'/api/superapp/apps/{slug}/host', 'get'>;
export type OpenedPayment = Answer<'/api/superapp/apps/{slug}/payments', 'post'>;
export type BridgePayment = Answer<'/api/superapp/payments/{tradeNo}', 'get'>;

export const hostApp = (slug: string) =>
  call(() => client.GET('/api/superapp/apps/{slug}/host', { params: { path: { slug } } }));

export const openPayment = (slug: string, body: { orderId: string; amountFen: number; subject: string }) =>
  call(() => client.POST('/api/superapp/apps/{slug}/payments', { params: { path: { slug } }, body }));

export const paymentOf = (tradeNo: string) =>
  call(() => client.GET('/api/superapp/payments/{tradeNo}', { params: { path: { tradeNo } } }));

/** An error the host passes on to the mini-app: the server's code and message. */
export class HostError extends Error {
  readonly code: string;
  readonly consentUrl: string | null;
  constructor(code: string, message: string, consentUrl: string | null = null) {
    super(message);
    this.code = code;
    this.consentUrl = consentUrl;
  }
}

/** A JSON POST with the session and CSRF token, answering the body whatever the status (the login code's 409 carries the consent page). */
async function post(path: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  await ensureCsrf();
  const res = await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', [CSRF_HEADER]: readCookie(CSRF_COOKIE) ?? '' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

const errorOf = (status: number, body: Record<string, unknown>) => {
  const e = (body.error ?? {}) as { code?: string; message?: string; consentUrl?: string };
  return new HostError(e.code ?? `HTTP_${status}`, e.message ?? '', e.consentUrl ?? null);
};

/** POST /api/superapp/apps/{slug}/login-code: a code, or HostError SUPERAPP_CONSENT_REQUIRED with the consent page. */
export async function loginCode(
  slug: string,
  body: { redirectUri: string; codeChallenge: string; scope: string; nonce?: string; state?: string },
): Promise<{ code: string }> {
  const r = await post(`/api/superapp/apps/${encodeURIComponent(slug)}/login-code`, body);
  if (r.status === 200) return { code: String(r.body.code) };
  throw errorOf(r.status, r.body);
}

export interface UsageEvent {
  kind: 'open' | 'view' | 'action' | 'error';
  name: string;
  detail?: Record<string, string | number | boolean>;
}

/** Usage events: forwarded to the supervision part's POST /api/superapp/apps/{slug}/usage (202). */
export async function forwardUsage(slug: string, events: UsageEvent[]) {
  const r = await post(`/api/superapp/apps/${encodeURIComponent(slug)}/usage`, { events });
  if (r.status >= 300) throw errorOf(r.status, r.body);
}
