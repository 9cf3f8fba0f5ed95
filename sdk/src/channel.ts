/**
 * The SDK's side of the channel: requests with ids, responses matched to them, time-outs with
 * clear errors, and the origin check every incoming message passes first (its origin is the
 * host's, its source the parent window). Pure: the window, the clock and ids are given, so the
 * matching and the checks are unit-tested without a browser.
 */
import { isEvent, isResponse, PROTOCOL, type BridgeRequest, type Method, type Settings } from './protocol.ts';

/** An error the bridge answers (or a time-out, or a call made where it cannot work), with a stable code. */
export class BridgeError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'BridgeError';
    this.code = code;
  }
}

export interface ChannelTarget {
  postMessage(message: unknown, targetOrigin: string): void;
}

export interface ChannelOptions {
  /** The parent window (the host). */
  parent: ChannelTarget;
  /** The only origin whose messages are answered, and the only one requests are sent to. */
  hostOrigin: string;
  /** Default time-out of a request (milliseconds). */
  timeoutMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  newId?: () => string;
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: BridgeError) => void;
  timer: unknown;
  method: Method;
}

let counter = 0;
const defaultId = () =>
  `${Date.now().toString(36)}-${(++counter).toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

export class Channel {
  private readonly pending = new Map<string, Pending>();
  private readonly listeners = new Set<(s: Settings) => void>();
  private readonly o: Required<ChannelOptions>;

  constructor(options: ChannelOptions) {
    this.o = {
      parent: options.parent,
      hostOrigin: options.hostOrigin,
      timeoutMs: options.timeoutMs ?? 10_000,
      setTimer: options.setTimer ?? ((fn, ms) => setTimeout(fn, ms)),
      clearTimer: options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>)),
      newId: options.newId ?? defaultId,
    };
  }

  /** Send a request to the host; resolves with its result, rejects with its error or a time-out. */
  request<T>(method: Method, params?: unknown, timeoutMs = this.o.timeoutMs): Promise<T> {
    const id = this.o.newId();
    const message: BridgeRequest = { yiwang: PROTOCOL, id, method, ...(params === undefined ? {} : { params }) };
    return new Promise<T>((resolve, reject) => {
      const timer = this.o.setTimer(() => {
        if (!this.pending.delete(id)) return;
        reject(
          new BridgeError(
            'BRIDGE_TIMEOUT',
            `The super app did not answer "${method}" within ${Math.round(timeoutMs / 1000)} s`,
          ),
        );
      }, timeoutMs);
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer, method });
      this.o.parent.postMessage(message, this.o.hostOrigin);
    });
  }

  /**
   * A message arrived (window 'message'): handled when it comes from the host's origin and the
   * parent window and is a response to a pending request or an event; anything else is ignored.
   */
  receive(event: { origin: string; source: unknown; data: unknown }): boolean {
    if (event.origin !== this.o.hostOrigin || event.source !== this.o.parent) return false;
    const data = event.data;
    if (isResponse(data)) {
      const p = this.pending.get(data.id);
      if (!p) return false;
      this.pending.delete(data.id);
      this.o.clearTimer(p.timer);
      if (data.ok) p.resolve(data.result);
      else p.reject(new BridgeError(String(data.error?.code ?? 'BRIDGE_ERROR'), String(data.error?.message ?? '')));
      return true;
    }
    if (isEvent(data)) {
      for (const fn of this.listeners) fn(data.data);
      return true;
    }
    return false;
  }

  onSettings(fn: (s: Settings) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Requests still waiting (for tests and diagnostics). */
  get waiting(): number {
    return this.pending.size;
  }
}
