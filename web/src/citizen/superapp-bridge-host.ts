/**
 * The host's side of the bridge: which messages it answers, and how. A message is answered only
 * when its origin is the app's registered origin AND its source is the app's own iframe (another
 * frame, window or origin gets no answer at all, so it learns nothing); it must then be a
 * well-formed request of a known method. A suspension takes effect at once: calls that reach the
 * server (sign-in, payment, usage) are refused there (APP_NOT_AVAILABLE, checked on each call), and
 * the calls the host answers alone with a privilege (scanning, opening a service) re-check the app's
 * status at the server first; either refusal closes the app (`onUnavailable`). Pure of React: the
 * page gives it the iframe and the handlers.
 */
import {
  isRequest,
  PROTOCOL,
  type BridgeEvent,
  type BridgeResponse,
  type LoginParams,
  type Method,
  type PayParams,
  type Settings,
  type TrackParams,
} from '../../../sdk/src/protocol.ts';

export type { Settings, LoginParams, PayParams, TrackParams } from '../../../sdk/src/protocol.ts';

export interface HostHandlers {
  settings(): Settings;
  /** The app as the server says now; throws (APP_NOT_AVAILABLE) when it may not be used. */
  recheck(): Promise<void>;
  login(p: LoginParams): Promise<{ code: string; redirectUri: string; state?: string }>;
  setTitle(title: string): void;
  openService(code: string): void;
  close(): void;
  scan(): Promise<{ text: string }>;
  pay(p: PayParams): Promise<unknown>;
  track(p: TrackParams): Promise<void>;
}

/** Privileged calls answered without the server: the app's status is asked first. */
const PRIVILEGED: ReadonlySet<Method> = new Set(['scanQRCode', 'openService']);

export interface Host {
  /** The window 'message' listener. */
  onMessage(e: Pick<MessageEvent, 'origin' | 'source' | 'data'>): void;
  /** Tell the app the settings changed. */
  pushSettings(s: Settings): void;
  /** Messages refused (wrong origin or source, or malformed): shown to tests and diagnostics. */
  readonly refused: number;
}

export function createHost(o: {
  origin: string;
  /** The app's iframe (a React ref): its window is the only source answered. */
  frame: {
    readonly current: { readonly contentWindow: { postMessage(m: unknown, origin: string): void } | null } | null;
  };
  handlers: HostHandlers;
  onRefused?: (count: number) => void;
  /** The app turned out suspended or taken down (a refusal with APP_NOT_AVAILABLE). */
  onUnavailable?: () => void;
}): Host {
  let refused = 0;
  /** Settings are pushed once the app spoke (before, the iframe may still be on its initial blank page). */
  let ready = false;
  const refuse = () => {
    refused += 1;
    o.onRefused?.(refused);
  };
  const win = () => o.frame.current?.contentWindow ?? null;
  const reply = (m: BridgeResponse) => win()?.postMessage(m, o.origin);
  const str = (v: unknown, max: number) => (typeof v === 'string' && v.length > 0 && v.length <= max ? v : null);

  async function run(method: Method, params: Record<string, unknown>): Promise<unknown> {
    const h = o.handlers;
    if (PRIVILEGED.has(method)) await h.recheck();
    switch (method) {
      case 'hello':
      case 'settings':
        return method === 'hello' ? { settings: h.settings(), protocol: PROTOCOL } : h.settings();
      case 'setTitle':
        return h.setTitle(str(params.title, 200)?.slice(0, 40) ?? '');
      case 'close':
        return h.close();
      case 'openService': {
        const code = str(params.code, 64);
        if (!code || !/^[A-Za-z0-9_-]+$/.test(code)) throw bad('code');
        return h.openService(code);
      }
      case 'login': {
        const scope = str(params.scope, 500);
        const codeChallenge = str(params.codeChallenge, 128);
        if (!scope || !codeChallenge) throw bad('scope, codeChallenge');
        return h.login({
          scope,
          codeChallenge,
          ...(str(params.redirectUri, 500) ? { redirectUri: String(params.redirectUri) } : {}),
          ...(str(params.nonce, 128) ? { nonce: String(params.nonce) } : {}),
          ...(str(params.state, 128) ? { state: String(params.state) } : {}),
        });
      }
      case 'scanQRCode':
        return h.scan();
      case 'pay': {
        const orderId = str(params.orderId, 64);
        const subject = str(params.subject, 100);
        const amountFen = params.amountFen;
        if (!orderId || !subject || typeof amountFen !== 'number' || !Number.isInteger(amountFen) || amountFen < 1)
          throw bad('orderId, amountFen, subject');
        return h.pay({ orderId, amountFen, subject });
      }
      case 'track': {
        const event = str(params.event, 64);
        if (!event) throw bad('event');
        const kind = params.kind === 'view' || params.kind === 'error' ? params.kind : 'action';
        const data =
          typeof params.data === 'object' && params.data !== null ? (params.data as TrackParams['data']) : undefined;
        await h.track({ event, kind, ...(data ? { data } : {}) });
        return true;
      }
    }
  }

  return {
    get refused() {
      return refused;
    },
    onMessage(e) {
      const frame = win();
      if (!frame || e.origin !== o.origin || e.source !== frame || !isRequest(e.data)) return refuse();
      ready = true;
      const { id, method } = e.data;
      const params = (typeof e.data.params === 'object' && e.data.params !== null ? e.data.params : {}) as Record<
        string,
        unknown
      >;
      run(method, params).then(
        (result) => reply({ yiwang: PROTOCOL, id, ok: true, result: result ?? null }),
        (err: unknown) => {
          if ((err as { code?: string }).code === 'APP_NOT_AVAILABLE') o.onUnavailable?.();
          reply({
            yiwang: PROTOCOL,
            id,
            ok: false,
            error: {
              code: (err as { code?: string }).code ?? 'BRIDGE_ERROR',
              message: err instanceof Error ? err.message : String(err),
            },
          });
        },
      );
    },
    pushSettings(s) {
      if (!ready) return;
      const m: BridgeEvent = { yiwang: PROTOCOL, event: 'settings', data: s };
      win()?.postMessage(m, o.origin);
    },
  };
}

function bad(fields: string) {
  return Object.assign(new Error(`Bad parameters: ${fields}`), { code: 'BAD_PARAMS' });
}
