/**
 * The bridge's messages between a mini-app (in its iframe) and the super app's host page, by
 * postMessage. Every message carries `yiwang: 1`. A request has an id the response repeats; the
 * host also sends events (the UI settings when they change). Both sides check who sent a message:
 * the SDK answers only its host's origin and parent window, the host only the app's registered
 * origin and its own iframe.
 */
export const PROTOCOL = 1;

export const METHODS = [
  'hello',
  'login',
  'settings',
  'setTitle',
  'openService',
  'close',
  'scanQRCode',
  'pay',
  'track',
] as const;
export type Method = (typeof METHODS)[number];

export interface BridgeRequest {
  yiwang: typeof PROTOCOL;
  id: string;
  method: Method;
  params?: unknown;
}

export interface BridgeErrorBody {
  code: string;
  message: string;
}

export type BridgeResponse =
  | { yiwang: typeof PROTOCOL; id: string; ok: true; result: unknown }
  | { yiwang: typeof PROTOCOL; id: string; ok: false; error: BridgeErrorBody };

export interface BridgeEvent {
  yiwang: typeof PROTOCOL;
  event: 'settings';
  data: Settings;
}

export interface SafeArea {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** The super app's UI settings a mini-app follows. */
export interface Settings {
  /** 长辈版: larger type, simpler pages. */
  elder: boolean;
  language: 'zh-CN' | 'en';
  /** Insets (CSS pixels) the app keeps clear: the host's title bar is outside the iframe, so usually 0 but the bottom. */
  safeArea: SafeArea;
}

export interface LoginParams {
  scope: string;
  codeChallenge: string;
  redirectUri?: string;
  nonce?: string;
  state?: string;
}

export interface LoginAnswer {
  code: string;
  redirectUri: string;
  state?: string;
}

export interface PayParams {
  orderId: string;
  amountFen: number;
  subject: string;
}

export interface PayAnswer {
  tradeNo: string;
  status: 'paid' | 'failed' | 'pending' | 'cancelled';
  amountFen: number;
}

export interface TrackParams {
  /** A page, an action or an error code: [A-Za-z0-9_.:/-]{1,64}. */
  event: string;
  kind?: 'view' | 'action' | 'error';
  data?: Record<string, string | number | boolean>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** A well-formed request (the host's first check, after origin and source). */
export function isRequest(v: unknown): v is BridgeRequest {
  return (
    isObject(v) &&
    v.yiwang === PROTOCOL &&
    typeof v.id === 'string' &&
    v.id.length > 0 &&
    v.id.length <= 64 &&
    typeof v.method === 'string' &&
    (METHODS as readonly string[]).includes(v.method)
  );
}

export function isResponse(v: unknown): v is BridgeResponse {
  return isObject(v) && v.yiwang === PROTOCOL && typeof v.id === 'string' && typeof v.ok === 'boolean';
}

export function isEvent(v: unknown): v is BridgeEvent {
  return isObject(v) && v.yiwang === PROTOCOL && v.event === 'settings' && isObject(v.data);
}
