/** The super app's host side of the bridge: who is answered, and a suspended app refused on privileged calls. */
import { describe, expect, it } from 'vitest';
import { createHost, type HostHandlers } from '../src/citizen/superapp-bridge-host';

const APP = 'https://water.example.cn';
const settings = { elder: true, language: 'en' as const, safeArea: { top: 0, right: 0, bottom: 0, left: 0 } };

function setup(suspended = { now: false }) {
  const posted: { m: { id?: string; ok?: boolean; result?: unknown; error?: { code: string } }; origin: string }[] = [];
  const win = { postMessage: (m: never, origin: string) => posted.push({ m, origin }) };
  const calls: string[] = [];
  const handlers: HostHandlers = {
    settings: () => settings,
    recheck: async () => {
      calls.push('recheck');
      if (suspended.now) throw Object.assign(new Error('suspended'), { code: 'APP_NOT_AVAILABLE' });
    },
    login: async (p) => (calls.push(`login ${p.scope}`), { code: 'c0de', redirectUri: `${APP}/` }),
    setTitle: (t) => void calls.push(`title ${t}`),
    openService: (c) => void calls.push(`service ${c}`),
    close: () => void calls.push('close'),
    scan: async () => ({ text: 'x' }),
    // the server refuses a suspended app's payment (APP_NOT_AVAILABLE)
    pay: async () => {
      if (suspended.now) throw Object.assign(new Error('suspended'), { code: 'APP_NOT_AVAILABLE' });
      return { status: 'paid' };
    },
    track: async () => undefined,
  };
  const unavailable = { count: 0 };
  const host = createHost({
    origin: APP,
    frame: { current: { contentWindow: win } },
    handlers,
    onUnavailable: () => void (unavailable.count += 1),
  });
  const answered = async () => {
    await new Promise((r) => setTimeout(r, 0));
    return posted;
  };
  return { host, win, posted, calls, answered, unavailable };
}

const req = (id: string, method: string, params?: unknown) => ({ yiwang: 1, id, method, params });

describe('the host bridge', () => {
  it('answers the registered origin from its own iframe, to that origin only', async () => {
    const { host, win, answered } = setup();
    host.onMessage({ origin: APP, source: win as never, data: req('1', 'hello') });
    const [first] = await answered();
    expect(first).toEqual({ origin: APP, m: { yiwang: 1, id: '1', ok: true, result: { settings, protocol: 1 } } });
  });

  it('refuses another origin, another window, and malformed or unknown requests, without answering', async () => {
    const { host, win, answered, calls } = setup();
    host.onMessage({
      origin: 'https://evil.example.com',
      source: win as never,
      data: req('1', 'login', { scope: 'openid', codeChallenge: 'x' }),
    });
    host.onMessage({
      origin: APP,
      source: {} as never,
      data: req('2', 'login', { scope: 'openid', codeChallenge: 'x' }),
    });
    host.onMessage({ origin: APP, source: win as never, data: req('3', 'eval') });
    host.onMessage({ origin: APP, source: win as never, data: 'hello' });
    expect(await answered()).toEqual([]);
    expect(calls).toEqual([]);
    expect(host.refused).toBe(4);
  });

  it('re-checks the app before privileged calls it answers alone, and closes a suspended app', async () => {
    const state = { now: false };
    const { host, win, answered, calls, unavailable } = setup(state);
    const send = (id: string, method: string, params?: unknown) =>
      host.onMessage({ origin: APP, source: win as never, data: req(id, method, params) });
    send('1', 'login', { scope: 'openid profile', codeChallenge: 'abc' });
    send('2', 'openService', { code: 'A1' });
    await answered();
    // sign-in is checked by the server itself (its login code); opening a service is asked first
    expect(calls).toEqual(['login openid profile', 'recheck', 'service A1']);
    state.now = true;
    send('3', 'openService', { code: 'A2' });
    send('4', 'pay', { orderId: 'o1', amountFen: 100, subject: 's' });
    send('5', 'setTitle', { title: 'T' });
    const posted = await answered();
    expect(posted.find((p) => p.m.id === '3')?.m).toMatchObject({ ok: false, error: { code: 'APP_NOT_AVAILABLE' } });
    expect(posted.find((p) => p.m.id === '4')?.m).toMatchObject({ ok: false, error: { code: 'APP_NOT_AVAILABLE' } });
    expect(posted.find((p) => p.m.id === '5')?.m).toMatchObject({ ok: true });
    expect(calls).not.toContain('service A2');
    expect(unavailable.count).toBe(2);
  });

  it('refuses bad parameters with BAD_PARAMS', async () => {
    const { host, win, answered } = setup();
    host.onMessage({
      origin: APP,
      source: win as never,
      data: req('1', 'pay', { orderId: 'o', amountFen: -5, subject: 's' }),
    });
    host.onMessage({ origin: APP, source: win as never, data: req('2', 'openService', { code: '../admin' }) });
    const posted = await answered();
    expect(posted.map((p) => p.m.error?.code)).toEqual(['BAD_PARAMS', 'BAD_PARAMS']);
  });
});
