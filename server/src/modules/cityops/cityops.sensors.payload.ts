/**
 * Topics and payloads (docs/cityops-sensors.md). A device publishes its readings, QoS 1, on
 * `<prefix>/<deviceId>/readings` (prefix `yiwang/sensors` by default) as JSON:
 * `{"ts": "2026-12-02T10:00:00Z", "values": {"level": 2.41}}` — `ts` optional (ISO 8601 or
 * epoch milliseconds; the time of receipt when absent, or when more than 5 minutes ahead),
 * `values` one to 16 finite numbers named in lower case.
 */
export const MAX_PAYLOAD_BYTES = 4096;
const MAX_VALUES = 16;
const METRIC = /^[a-z][a-z0-9_]{0,31}$/;
const DEVICE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const MAX_AHEAD_MS = 5 * 60_000;

export const readingsTopic = (prefix: string, deviceId: string): string => `${prefix}/${deviceId}/readings`;
export const readingsFilter = (prefix: string): string => `${prefix}/+/readings`;

/** The device id in a readings topic, or null for any other topic. */
export function deviceOfTopic(prefix: string, topic: string): string | null {
  if (!topic.startsWith(`${prefix}/`) || !topic.endsWith('/readings')) return null;
  const id = topic.slice(prefix.length + 1, -'/readings'.length);
  return DEVICE.test(id) ? id : null;
}

export interface Reading {
  at: Date;
  values: Record<string, number>;
}

/** A reading from a payload, or the reason it is refused. */
export function parseReading(payload: Buffer | string, now: Date): Reading | { refused: string } {
  const size = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
  if (size > MAX_PAYLOAD_BYTES) return { refused: 'payload too large' };
  let body: unknown;
  try {
    body = JSON.parse(payload.toString());
  } catch {
    return { refused: 'not JSON' };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { refused: 'not an object' };
  const { ts, values } = body as { ts?: unknown; values?: unknown };
  if (typeof values !== 'object' || values === null || Array.isArray(values)) return { refused: 'no values' };
  const out: Record<string, number> = {};
  let n = 0;
  for (const [k, v] of Object.entries(values)) {
    if (!METRIC.test(k) || typeof v !== 'number' || !Number.isFinite(v))
      return { refused: `bad value ${k.slice(0, 32)}` };
    out[k] = v;
    if (++n > MAX_VALUES) return { refused: 'too many values' };
  }
  if (n === 0) return { refused: 'no values' };
  let at = now;
  if (typeof ts === 'string' || typeof ts === 'number') {
    const t = new Date(ts).getTime();
    if (!Number.isFinite(t)) return { refused: 'bad ts' };
    if (t <= now.getTime() + MAX_AHEAD_MS) at = new Date(t);
  } else if (ts !== undefined) return { refused: 'bad ts' };
  return { at, values: out };
}
