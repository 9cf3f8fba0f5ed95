/** The SDK's channel: requests matched to responses by id, origin and source checks, time-outs, events. */
import { describe, expect, it } from 'vitest';
import { BridgeError, Channel } from '../src/channel.ts';
import { isRequest, type BridgeRequest } from '../src/protocol.ts';

const HOST = 'https://yiwang.example.gov.cn';

function setup() {
  const sent: { message: BridgeRequest; origin: string }[] = [];
  const parent = {
    postMessage: (message: unknown, origin: string) => sent.push({ message: message as BridgeRequest, origin }),
  };
  const timers: { fn: () => void; ms: number; cleared: boolean }[] = [];
  let n = 0;
  const channel = new Channel({
    parent,
    hostOrigin: HOST,
    timeoutMs: 1000,
    newId: () => `id-${++n}`,
    setTimer: (fn, ms) => {
      const t = { fn, ms, cleared: false };
      timers.push(t);
      return t;
    },
    clearTimer: (t) => {
      (t as { cleared: boolean }).cleared = true;
    },
  });
  return { channel, parent, sent, timers };
}

describe('the SDK channel', () => {
  it('sends well-formed requests to the host origin only, and matches responses by id', async () => {
    const { channel, parent, sent, timers } = setup();
    const a = channel.request<string>('setTitle', { title: 'A' });
    const b = channel.request<string>('settings');
    expect(sent.map((s) => s.origin)).toEqual([HOST, HOST]);
    expect(sent.every((s) => isRequest(s.message))).toBe(true);
    // answered out of order: each promise gets its own answer
    expect(
      channel.receive({ origin: HOST, source: parent, data: { yiwang: 1, id: 'id-2', ok: true, result: 'two' } }),
    ).toBe(true);
    expect(
      channel.receive({ origin: HOST, source: parent, data: { yiwang: 1, id: 'id-1', ok: true, result: 'one' } }),
    ).toBe(true);
    await expect(a).resolves.toBe('one');
    await expect(b).resolves.toBe('two');
    expect(timers.every((t) => t.cleared)).toBe(true);
    expect(channel.waiting).toBe(0);
  });

  it('ignores answers from another origin or another window, and unknown or repeated ids', async () => {
    const { channel, parent } = setup();
    const p = channel.request<string>('settings');
    const answer = { yiwang: 1, id: 'id-1', ok: true, result: 'forged' };
    expect(channel.receive({ origin: 'https://evil.example.com', source: parent, data: answer })).toBe(false);
    expect(channel.receive({ origin: HOST, source: { postMessage() {} }, data: answer })).toBe(false);
    expect(channel.receive({ origin: HOST, source: parent, data: { ...answer, id: 'id-9' } })).toBe(false);
    expect(channel.receive({ origin: HOST, source: parent, data: { id: 'id-1', ok: true } })).toBe(false);
    expect(channel.waiting).toBe(1);
    expect(channel.receive({ origin: HOST, source: parent, data: { ...answer, result: 'real' } })).toBe(true);
    expect(channel.receive({ origin: HOST, source: parent, data: { ...answer, result: 'again' } })).toBe(false);
    await expect(p).resolves.toBe('real');
  });

  it('rejects with the host error code, and with BRIDGE_TIMEOUT when nobody answers', async () => {
    const { channel, parent, timers } = setup();
    const refused = channel.request('pay', { orderId: 'x', amountFen: 1, subject: 's' });
    channel.receive({
      origin: HOST,
      source: parent,
      data: { yiwang: 1, id: 'id-1', ok: false, error: { code: 'APP_NOT_AVAILABLE', message: 'suspended' } },
    });
    await expect(refused).rejects.toMatchObject({ name: 'BridgeError', code: 'APP_NOT_AVAILABLE' });
    const silent = channel.request('scanQRCode', undefined, 5000);
    expect(timers.at(-1)!.ms).toBe(5000);
    timers.at(-1)!.fn();
    const err = await silent.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BridgeError);
    expect((err as BridgeError).code).toBe('BRIDGE_TIMEOUT');
    expect((err as BridgeError).message).toContain('scanQRCode');
    // a late answer after the time-out is ignored
    expect(
      channel.receive({ origin: HOST, source: parent, data: { yiwang: 1, id: 'id-2', ok: true, result: 1 } }),
    ).toBe(false);
  });

  it('delivers settings events from the host only', () => {
    const { channel, parent } = setup();
    const seen: unknown[] = [];
    const off = channel.onSettings((s) => seen.push(s));
    const settings = { elder: true, language: 'en', safeArea: { top: 0, right: 0, bottom: 34, left: 0 } };
    channel.receive({
      origin: 'https://evil.example.com',
      source: parent,
      data: { yiwang: 1, event: 'settings', data: settings },
    });
    channel.receive({ origin: HOST, source: parent, data: { yiwang: 1, event: 'settings', data: settings } });
    off();
    channel.receive({ origin: HOST, source: parent, data: { yiwang: 1, event: 'settings', data: settings } });
    expect(seen).toEqual([settings]);
  });

  it('the host accepts only well-formed requests of known methods', () => {
    expect(isRequest({ yiwang: 1, id: 'a', method: 'login' })).toBe(true);
    expect(isRequest({ yiwang: 1, id: 'a', method: 'eval' })).toBe(false);
    expect(isRequest({ yiwang: 2, id: 'a', method: 'login' })).toBe(false);
    expect(isRequest({ yiwang: 1, id: '', method: 'login' })).toBe(false);
    expect(isRequest({ yiwang: 1, id: 'x'.repeat(65), method: 'login' })).toBe(false);
    expect(isRequest('login')).toBe(false);
  });
});
